// `llmd plan`: validate, size each model-server role, and list every resource offline.
import { findChip } from "../components/catalog/accelerators";
import { findModel } from "../components/catalog/models";
import { RoleSpec, ServiceSpec } from "../components/config/spec";
import { AcceleratorType } from "../components/config/types";
import { SizingResult, assertFits } from "../components/planner";
import { sizeRoleAtLayout } from "../components/planner/fit";
import { resolveConfig } from "../components/config/resolve";
import { PlannedResource, runOffline } from "./offline";

export interface RoleSizing {
    service: string;
    role: string;
    replicas: number;
    acceleratorsPerPod: number;
    /** Pods of one replica: the LeaderWorkerSet group size on wide-EP and multi-host TPU, else 1. */
    podsPerReplica: number;
    /** Present when the model and chip are in the catalog. */
    sizing?: SizingResult;
    /** Why the role was not sized. */
    notSized?: string;
}

export interface PlanJson {
    plan: {
        namespace: string;
        gateway: { name: string; provider: string };
        services: { name: string; path: string; model: string; accelerator: string; chip?: string; roles: RoleSizing[] }[];
        totals: { accelerators: number; costPerHour: number | null };
        warnings: string[];
    };
    resources: PlannedResource[];
}

export interface PlanResult {
    source: string;
    json: PlanJson;
}

function sizeRole(svc: ServiceSpec, role: RoleSpec): RoleSizing {
    const base = { service: svc.name, role: role.role, replicas: role.replicas, acceleratorsPerPod: role.acceleratorsPerPod, podsPerReplica: role.groupSize ?? 1 };
    if (svc.accelerator.type === AcceleratorType.Simulated) return { ...base, notSized: "simulated accelerator" };
    if (svc.accelerator.type === AcceleratorType.Cpu) return { ...base, notSized: "CPU model server" };
    const model = findModel(svc.model.id);
    if (!model) return { ...base, notSized: `model ${svc.model.id} is not in the catalog (see \`llmd size --hf-config\`)` };
    const chip = svc.accelerator.chip ? findChip(svc.accelerator.chip) : undefined;
    if (!chip) return { ...base, notSized: "no accelerator.chip given" };
    // The fit check's sizing, so the table and the check agree (wide-EP sizes the whole group).
    const sizing = sizeRoleAtLayout(svc, role);
    if (!sizing) return { ...base, notSized: "a layout across hosts (not sized by the single-node planner)" };
    return { ...base, sizing };
}

export async function planStack(config: unknown, source: string, hfToken?: string): Promise<PlanResult> {
    // A layout that cannot hold the model fails here with the numbers, before the stack is built.
    assertFits(resolveConfig(config, source).spec, source);
    const { resolved, resources } = await runOffline(config, "plan", hfToken);
    const spec = resolved.spec;
    const services = spec.services.map((svc) => ({
        name: svc.name,
        path: svc.path,
        model: svc.model.id,
        accelerator: svc.accelerator.type,
        ...(svc.accelerator.chip ? { chip: svc.accelerator.chip } : {}),
        roles: [svc.prefill, svc.decode].filter((r): r is RoleSpec => r !== undefined).map((r) => sizeRole(svc, r)),
    }));
    const roles = services.flatMap((s) => s.roles);
    const accelerators = roles.reduce((n, r) => n + r.replicas * r.podsPerReplica * r.acceleratorsPerPod, 0);
    const priced = roles.filter((r) => r.acceleratorsPerPod > 0);
    const costPerHour = priced.length && priced.every((r) => r.sizing) ? priced.reduce((c, r) => c + (r.sizing?.costPerHour ?? 0), 0) : null;
    return {
        source,
        json: {
            plan: {
                namespace: spec.namespace,
                gateway: { name: spec.gateway.name, provider: spec.gateway.provider },
                services,
                totals: { accelerators, costPerHour: costPerHour === null ? null : Math.round(costPerHour * 100) / 100 },
                warnings: resolved.warnings,
            },
            resources,
        },
    };
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

export function formatPlan(result: PlanResult): string {
    const p = result.json.plan;
    const out: string[] = [
        `llmd plan: ${result.source}`,
        `namespace ${p.namespace}, gateway ${p.gateway.name} (${p.gateway.provider})`,
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
    out.push("", `Accelerators: ${p.totals.accelerators}${p.totals.costPerHour !== null ? `, list price ${p.totals.costPerHour.toFixed(2)} USD/hour` : ""}`, "");
    out.push(`Resources (${result.json.resources.length}):`);
    const depth = new Map<string, number>();
    for (const r of result.json.resources) {
        const d = r.parent ? (depth.get(r.parent) ?? 0) + 1 : 0;
        depth.set(`${r.type}::${r.name}`, d);
        out.push(`${"  ".repeat(d + 1)}${r.type}  ${r.name}`);
    }
    return out.join("\n") + "\n";
}
