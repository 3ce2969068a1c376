// LoRA adapters served by a base model: what vLLM (or the simulator) loads at start, how the
// gateway routes an adapter's name to the base model's pool, and the body-based router's
// adapter -> base-model map.
import { BODY_BASED_ROUTER } from "../../catalog/versions";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { K8sObject, commonLabels } from "../common";
import { usesBodyBasedRouter } from "../platform/gateway";

/** The body-based router only tracks ConfigMaps with this label (gateway-api-inference-extension cmd/bbr runner: cache filter). */
export const BBR_MANAGED_LABEL = "inference.networking.k8s.io/bbr-managed";

export function hasLora(svc: Pick<ServiceSpec, "model">): boolean {
    return svc.model.loraAdapters.length > 0;
}

/** One `--lora-modules` entry per adapter in vLLM's JSON form {name, path, base_model_name} (vllm/entrypoints/openai/cli_args.py). */
function loraModules(svc: ServiceSpec): string[] {
    return svc.model.loraAdapters.map((a) => JSON.stringify({ name: a.name, path: a.source, base_model_name: svc.model.servedName }));
}

/** vLLM flags: LoRA on, every adapter resident at once (max-loras), its rank limit, the adapters. */
export function vllmLoraArgs(svc: ServiceSpec): string[] {
    if (!hasLora(svc)) return [];
    const n = svc.model.loraAdapters.length;
    return [
        "--enable-lora",
        `--max-loras=${n}`,
        ...(svc.model.maxLoraRank !== undefined ? [`--max-lora-rank=${svc.model.maxLoraRank}`] : []),
        "--lora-modules",
        ...loraModules(svc),
    ];
}

/** llm-d-inference-sim takes the same JSON entries and a resident-adapter limit (its docs/configuration.md). */
export function simulatorLoraArgs(svc: ServiceSpec): string[] {
    if (!hasLora(svc)) return [];
    return [`--max-loras=${svc.model.loraAdapters.length}`, "--lora-modules", ...loraModules(svc)];
}

/**
 * HTTPRoute matches of one service behind a shared gateway: its served name, any adapter the
 * body-based router maps to it (base-model header), and each configured adapter by name, so
 * adapters route even where the router has no base-model plugin.
 */
export function modelRouteMatches(svc: ServiceSpec): Record<string, unknown>[] {
    const match = (header: string, value: string) => ({ path: { type: "PathPrefix", value: "/" }, headers: [{ type: "Exact", name: header, value }] });
    const out = [match(BODY_BASED_ROUTER.modelHeader, svc.model.servedName)];
    if (hasLora(svc)) {
        out.push(match(BODY_BASED_ROUTER.baseModelHeader, svc.model.servedName));
        for (const a of svc.model.loraAdapters) out.push(match(BODY_BASED_ROUTER.modelHeader, a.name));
    }
    return out;
}

export function loraMapName(svc: Pick<ServiceSpec, "name">): string {
    return `${svc.name}-lora-adapters`;
}

/**
 * The adapter -> base-model map the body-based router reads (data keys baseModel and adapters, a
 * YAML list: gateway-api-inference-extension pkg/bbr base-model-to-header reconciler). Only when
 * the router is installed (several services share the gateway) and the service has adapters.
 */
export function buildLoraAdapterMap(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    if (!hasLora(svc) || !usesBodyBasedRouter(stack)) return [];
    return [
        {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: loraMapName(svc), namespace: stack.namespace, labels: { ...commonLabels("lora-adapters", svc.name), [BBR_MANAGED_LABEL]: "true" } },
            data: {
                baseModel: svc.model.servedName,
                adapters: svc.model.loraAdapters.map((a) => `- ${JSON.stringify(a.name)}`).join("\n") + "\n",
            },
        },
    ];
}
