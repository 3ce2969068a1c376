// `llmd plan`: validate, size each model-server role, and list every resource offline.
import { assertFits } from "../components/planner";
import { ServiceSizing, planWarnings, sizingPlan } from "../components/planner/plan";
import { missingTokenWarning, resolveConfig } from "../components/config/resolve";
import { ReleaseVersions, releaseVersions } from "../components/catalog/releases";
import { buildStack } from "../components/manifests";
import { PlannedResource, resourceTree } from "../components/manifests/tree";
import { assertConformance } from "../components/conformance";
import { loadCachedModels } from "../components/catalog/hub-cache";

/** The model ids a config's services name (before validation; anything malformed is left to it). */
export function serviceModelIds(config: unknown): string[] {
    const services = (config as { services?: { model?: { id?: unknown } }[] } | undefined)?.services;
    return Array.isArray(services) ? services.map((s) => s?.model?.id).filter((id): id is string => typeof id === "string") : [];
}

/** LlmdStack's resource name wherever this project creates it (llmd up, llmd plan, examples/default). */
export const STACK_COMPONENT_NAME = "llm-d";

export interface PlanJson {
    plan: {
        /** The llm-d release the stack follows and every version it pins. */
        release: { name: string; date: string; versions: ReleaseVersions };
        namespace: string;
        gateway: { name: string; provider: string };
        services: ServiceSizing[];
        totals: { accelerators: number; costPerHour: number | null };
        warnings: string[];
    };
    resources: PlannedResource[];
}

export interface PlanResult {
    source: string;
    json: PlanJson;
}

/**
 * Everything LlmdStack checks before it registers a resource (config rules, fit, the release's
 * upstream artifacts), then the resources it would register, as data (manifests/tree.ts; equal to
 * what the components register under Pulumi's mocks, tests/engine/tree.test.ts). No Pulumi module
 * is loaded.
 */
export async function planStack(config: unknown, source: string, hfToken?: string, env: NodeJS.ProcessEnv = process.env): Promise<PlanResult> {
    // Models outside the catalog are sized from an earlier Hub read (`llmd size --model ID` caches it): offline.
    loadCachedModels(serviceModelIds(config), env);
    const resolved = resolveConfig(config, source);
    const spec = resolved.spec;
    // A layout that cannot hold the model fails here with the numbers, before the stack is built.
    assertFits(spec, source);
    const built = buildStack(spec);
    const warnings = [...resolved.warnings];
    for (const w of assertConformance(spec, built, source)) if (!warnings.includes(w)) warnings.push(w);
    const tokenWarning = hfToken === undefined ? missingTokenWarning(spec) : undefined;
    if (tokenWarning) warnings.push(tokenWarning);
    const resources = resourceTree(spec, built, { name: STACK_COMPONENT_NAME, hfToken: hfToken !== undefined });
    const sizing = sizingPlan(spec);
    const { services, totals } = sizing;
    for (const w of planWarnings(sizing, spec)) warnings.push(w);
    return {
        source,
        json: {
            plan: {
                release: { name: spec.release.name, date: spec.release.date, versions: releaseVersions(spec.release) },
                namespace: spec.namespace,
                gateway: { name: spec.gateway.name, provider: spec.gateway.provider },
                services,
                totals,
                warnings,
            },
            resources,
        },
    };
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

/** The release block of `llmd plan`: the release, then every version it pins. */
export function formatRelease(r: PlanJson["plan"]["release"]): string[] {
    const v = r.versions;
    const rows = [
        ["router (endpoint picker, sidecar, CRDs)", v.router],
        ["endpoint picker", v.images.endpointPicker],
        ["routing sidecar", v.images.routingSidecar],
        ...Object.entries(v.images.modelServer).map(([vendor, image]) => [`model server (${vendor})`, `${image}${v.vllm[vendor] ? `  (vLLM ${v.vllm[vendor]})` : ""}`]),
        ["wide-ep (nvidia)", `${v.images.wideEp}  (vLLM ${v.vllm.wideEp})`],
        ["tokenizer (precise)", `${v.images.render}  (vLLM ${v.vllm.render})`],
        ...(v.images.p2p ? [["p2p kv sharing (nvidia)", `${v.images.p2p}  (vLLM ${v.vllm.p2p})`]] : []),
        ...(v.images.workloadVariantAutoscaler ? [["workload variant autoscaler", v.images.workloadVariantAutoscaler]] : []),
        ["simulator", `${v.images.simulator}`],
        ["Gateway API CRDs", v.crds.gatewayApi],
        ["Inference Extension CRDs", v.crds.inferenceExtension],
        ["llm-d router CRDs", v.crds.llmdRouter],
        ["charts", `istio ${v.charts.istio}, agentgateway ${v.charts.agentgateway}, kgateway ${v.charts.kgateway}, lws ${v.charts.leaderWorkerSet}, body-based-routing ${v.charts.bodyBasedRouter}`],
    ];
    return [`llm-d release ${r.name}, ${r.date}:`, ...table(rows).split("\n").map((l) => `  ${l}`)];
}

export function formatPlan(result: PlanResult): string {
    const p = result.json.plan;
    const out: string[] = [
        `llmd plan: ${result.source}`,
        `namespace ${p.namespace}, gateway ${p.gateway.name} (${p.gateway.provider})`,
        "",
        ...formatRelease(p.release),
        "",
        "Model servers:",
    ];
    const rows = [["service", "path", "role", "model", "accelerator", "replicas", "per pod", "weights GiB", "KV tokens", "max conc.", "fits", "$/hour"]];
    for (const s of p.services) {
        for (const r of s.roles) {
            const z = r.sizing;
            rows.push([
                s.name,
                s.path,
                r.role,
                s.model,
                s.chip ?? s.accelerator,
                String(r.replicas),
                String(r.acceleratorsPerPod),
                z ? z.weightsGiB.toFixed(1) : "-",
                z ? String(z.kvCacheTokens) : "-",
                z ? String(Math.floor(z.maxConcurrency)) : "-",
                z ? (z.fits ? "yes" : "NO") : "-",
                z ? z.costPerHour.toFixed(2) : "-",
            ]);
        }
    }
    out.push(table(rows));
    for (const s of p.services) for (const r of s.roles) {
        if (r.notSized) out.push(`  ${s.name}/${r.role}: not sized (${r.notSized})`);
        if (r.sizing && !r.sizing.fits) out.push(`  ${s.name}/${r.role}: does not fit: ${r.sizing.reason ?? ""}`);
    }
    for (const s of p.services) {
        if (!s.kvTiers) continue;
        const tiers = s.kvTiers.map((t) => `${t.tier} ${t.tokens.toLocaleString("en-US")} tokens ${t.scope === "shared" ? "shared by all pods" : "per pod"}${t.scored ? "" : " (not scored by the picker)"}`);
        out.push(`  ${s.name} KV tiers: ${tiers.join("; ")}`);
    }
    out.push("", `Accelerators: ${p.totals.accelerators}${p.totals.costPerHour !== null ? `, list price ${p.totals.costPerHour.toFixed(2)} USD/hour` : ""}`, "");
    out.push(`Resources (${result.json.resources.length}):`);
    const depth = new Map<string, number>();
    for (const r of result.json.resources) {
        const d = r.parent ? (depth.get(r.parent) ?? 0) + 1 : 0;
        depth.set(`${r.type}::${r.name}`, d);
        const mins = (s?: number) => (s === undefined ? "" : `${Math.round(s / 60)}m`);
        const waits = r.timeouts ? `  (waits up to ${[r.timeouts.create !== undefined ? `${mins(r.timeouts.create)} to create` : "", r.timeouts.update !== undefined ? `${mins(r.timeouts.update)} to update` : ""].filter(Boolean).join(", ")})` : "";
        out.push(`${"  ".repeat(d + 1)}${r.type}  ${r.name}${waits}`);
    }
    return out.join("\n") + "\n";
}
