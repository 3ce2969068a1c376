// The scheduler's EndpointPickerConfig per well-lit path: the release's config for the path
// (catalog/releases/<release>.ts), with user overrides merged and the invariants shared with vLLM
// re-checked afterwards.
import { ConfigError, ConfigIssue } from "../../config/errors";
import { ServiceSpec } from "../../config/spec";
import { WellLitPath } from "../../config/types";
import { checkPdConfig } from "../paths/pd-disaggregation";
import { checkPreciseConfig } from "../paths/precise-prefix-cache";
import { checkP2pConfig } from "../paths/tiered-prefix-cache";
import { EndpointPickerConfig, pluginKey, schedulerInputs } from "./plugins";

export { EndpointPickerConfig, PluginSpec, ProfilePluginRef, pluginKey } from "./plugins";

type Check = (cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]) => void;

/** Path-specific invariants, re-checked after the user's overrides. */
const CHECKS: Partial<Record<WellLitPath, Check>> = {
    [WellLitPath.PrecisePrefixCache]: checkPreciseConfig,
    [WellLitPath.PdDisaggregation]: checkPdConfig,
    [WellLitPath.WideEp]: checkPdConfig,
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Merges overrides into parameters: nested objects merge key by key, anything else replaces. */
export function mergeParameters(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeParameters(out[k] as Record<string, unknown>, v) : v;
    }
    return out;
}

function applyOverrides(cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]): void {
    const byKey = new Map(cfg.plugins.map((p) => [pluginKey(p), p]));
    for (const [name, params] of Object.entries(svc.scheduler.pluginParameters)) {
        const plugin = byKey.get(name);
        if (!plugin) {
            issues.push({
                path: `${base}.scheduler.pluginParameters.${name}`,
                got: name,
                expected: `a plugin of the ${svc.path} scheduler config: ${[...byKey.keys()].join(", ")}`,
                fix: "Use one of the plugin names listed.",
            });
            continue;
        }
        plugin.parameters = mergeParameters(plugin.parameters ?? {}, params);
    }
    // A profile entry is a scorer when it carries a weight, or (releases that leave weights unset) its plugin is a scorer.
    const isScorer = (r: { pluginRef: string; weight?: number }) => r.weight !== undefined || (byKey.get(r.pluginRef)?.type ?? "").endsWith("-scorer");
    for (const [name, weight] of Object.entries(svc.scheduler.scorerWeights)) {
        let found = false;
        for (const profile of cfg.schedulingProfiles) {
            const idx = profile.plugins.findIndex((r) => r.pluginRef === name && isScorer(r));
            if (idx === -1) continue;
            found = true;
            if (weight === 0) profile.plugins.splice(idx, 1);
            else profile.plugins[idx] = { pluginRef: name, weight };
        }
        if (!found) {
            const scorers = [...new Set(cfg.schedulingProfiles.flatMap((p) => p.plugins.filter(isScorer).map((r) => r.pluginRef)))];
            issues.push({
                path: `${base}.scheduler.scorerWeights.${name}`,
                got: name,
                expected: `a scorer of the ${svc.path} profiles: ${scorers.join(", ")}`,
                fix: "Use one of the scorer names listed.",
            });
        }
    }
}

/** Invariants between the scheduler config and vLLM; each broken one is an error naming the override. */
function checkInvariants(cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]): void {
    for (const p of cfg.plugins) {
        const params = p.parameters ?? {};
        if (p.type === "approx-prefix-cache-producer" && params.blockSizeTokens !== svc.prefixCache.blockSize) {
            issues.push({
                path: `${base}.scheduler.pluginParameters.${pluginKey(p)}.blockSizeTokens`,
                got: params.blockSizeTokens,
                expected: `${svc.prefixCache.blockSize}, vLLM's --block-size (the scheduler must hash prompts in the blocks vLLM caches)`,
                fix: `Set ${base}.prefixCache.blockSize to change both sides together.`,
            });
        }
    }
    // Peer-to-peer sharing indexes blocks precisely, as the precise path does, and its picker names the peer.
    if (svc.offload?.peerToPeer) {
        checkPreciseConfig(cfg, svc, base, issues);
        checkP2pConfig(cfg, svc, base, issues);
    } else CHECKS[svc.path]?.(cfg, svc, base, issues);
    const declared = new Set(cfg.plugins.map(pluginKey));
    for (const profile of cfg.schedulingProfiles) {
        for (const ref of profile.plugins) {
            if (!declared.has(ref.pluginRef)) {
                issues.push({ path: `${base}.scheduler`, got: ref.pluginRef, expected: "profiles to reference declared plugins", fix: "Report this: the path's config is inconsistent." });
            }
        }
    }
}

/** Builds a service's EndpointPickerConfig; throws ConfigError when an override breaks an invariant. */
export function buildEndpointPickerConfig(svc: ServiceSpec, index = 0): EndpointPickerConfig {
    // The release may swap the path's config when the service autoscales on the flow-control queue (v0.9.0's KEDA guide).
    const build = svc.offload?.peerToPeer
        ? svc.release.p2p?.scheduler
        : ((svc.autoscaling?.flowControl ? svc.release.flowControlScheduler[svc.path] : undefined) ?? svc.release.scheduler[svc.path]);
    if (!build) {
        throw new ConfigError([{ path: `services[${index}].path`, got: svc.path, expected: `a path with a scheduler config in llm-d ${svc.release.name}` }]);
    }
    const cfg = build(schedulerInputs(svc));
    const base = `services[${index}]`;
    const issues: ConfigIssue[] = [];
    applyOverrides(cfg, svc, base, issues);
    checkInvariants(cfg, svc, base, issues);
    if (issues.length) throw new ConfigError(issues);
    // The flow-control queue metric the autoscaler reads exists only with this gate (llm-d keda-epp guide's router.values.yaml).
    if (svc.autoscaling?.flowControl && !cfg.featureGates?.includes("flowControl")) cfg.featureGates = [...(cfg.featureGates ?? []), "flowControl"];
    return cfg;
}
