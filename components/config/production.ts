// Stack-wide rules and defaults of the production features: model routing names (served names
// and LoRA adapters share one gateway, so each must be unique), NetworkPolicies, monitors and
// dashboards. Called by resolveConfig; kept apart so resolve.ts stays about single services.
import { IssueList } from "./errors";
import { GatewayProvider, StackConfig } from "./types";

/**
 * Where the metrics scraper runs by default: prometheus-operator's usual namespace and llm-d's
 * bundled observability stack's (llm-d-monitoring, whose Prometheus the autoscalers query), or
 * GKE managed collection's.
 */
export function defaultScraperNamespaces(provider: GatewayProvider): string[] {
    // GKE managed Prometheus runs its collectors in gmp-system.
    return provider === GatewayProvider.GkeExternal || provider === GatewayProvider.GkeInternal ? ["gmp-system"] : ["monitoring", "llm-d-monitoring"];
}

/**
 * Every name a client can put in the OpenAI `model` field routes to exactly one pool: served
 * names and LoRA adapter names must be unique across the stack (the body-based router's header
 * is matched by every HTTPRoute of the gateway).
 */
export function checkModelNames(cfg: StackConfig, issues: IssueList): void {
    const owner = new Map<string, string>();
    const claim = (name: string, path: string) => {
        const prev = owner.get(name);
        if (prev !== undefined) {
            issues.add({ path, got: name, expected: `a model name not already routed by ${prev}`, fix: "Give every served model and LoRA adapter its own name: the gateway routes by it." });
        } else owner.set(name, path);
    };
    cfg.services.forEach((svc, i) => claim(svc.model.servedName ?? svc.model.id, `services[${i}].model.servedName`));
    cfg.services.forEach((svc, i) => {
        (svc.model.loraAdapters ?? []).forEach((a, j) => claim(a.name, `services[${i}].model.loraAdapters[${j}].name`));
        if (svc.model.maxLoraRank !== undefined && !(svc.model.loraAdapters ?? []).length) {
            issues.add({ path: `services[${i}].model.maxLoraRank`, got: svc.model.maxLoraRank, expected: "maxLoraRank only with loraAdapters", fix: "Add model.loraAdapters or remove maxLoraRank." });
        }
    });
}

export function resolveSecurity(cfg: StackConfig): { networkPolicies: boolean } {
    return { networkPolicies: cfg.security?.networkPolicies ?? true };
}

export function resolveObservability(cfg: StackConfig, provider: GatewayProvider): { monitors: boolean; dashboards: boolean; scraperNamespaces: string[] } {
    const o = cfg.observability ?? {};
    return {
        monitors: o.monitors ?? true,
        dashboards: o.dashboards ?? true,
        scraperNamespaces: [...(o.scraperNamespaces ?? defaultScraperNamespaces(provider))],
    };
}
