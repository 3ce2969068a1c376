// Ports of the model-server pods, one place for every builder that targets them.
import { ServiceSpec } from "../../config/spec";
import { WellLitPath } from "../../config/types";

/** The port clients (the gateway, via the pool) reach on a serving pod. */
export const SERVING_PORT = 8000;
/** Where decode vLLM listens when the routing sidecar fronts it on SERVING_PORT (P/D). */
export const DECODE_BEHIND_SIDECAR_PORT = 8200;
/** vLLM's NIXL side channel (VLLM_NIXL_SIDE_CHANNEL_PORT default). */
export const NIXL_SIDE_CHANNEL_PORT = 5600;
/** vLLM KV-event publisher (precise prefix-cache path). */
export const KV_EVENTS_PORT = 5556;

/** The InferencePool's target port for a service. */
export function modelServerPort(svc: Pick<ServiceSpec, "path">): number {
    void svc;
    return SERVING_PORT;
}

/**
 * Every port the InferencePool targets on a serving pod. wide-ep: one per local data-parallel rank,
 * SERVING_PORT.. SERVING_PORT+DPlocal-1, so the picker routes to each rank (llm-d guides/wide-ep-lws/router/wide-ep-lws.values.yaml).
 */
export function modelServerPorts(svc: Pick<ServiceSpec, "path" | "decode">): number[] {
    if (svc.path !== WellLitPath.WideEp) return [modelServerPort(svc)];
    return Array.from({ length: svc.decode.dataParallel }, (_, rank) => SERVING_PORT + rank);
}
