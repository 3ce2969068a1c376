// EndpointPickerConfig shapes (defined with the releases, which own each path's config) and the
// inputs a release's config builders take, computed from a service.
import { SchedulerInputs } from "../../catalog/releases";
import { ServiceSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";
import { KV_EVENTS_PORT } from "../modelserver/ports";
import { CENTRAL_KV_EVENTS_PORT, renderUrl } from "../paths/precise-prefix-cache";
import { cpuLruCapacity } from "../paths/tiered-prefix-cache";

export type { EndpointPickerConfig, PluginSpec, ProfilePluginRef, SchedulingProfile } from "../../catalog/releases";

/** The name a plugin is referenced by: its name, else its type. */
export function pluginKey(p: { name?: string; type: string }): string {
    return p.name ?? p.type;
}

/** What the release's per-path config builder needs to know about this service. */
export function schedulerInputs(svc: ServiceSpec): SchedulerInputs {
    return {
        blockSize: svc.prefixCache.blockSize,
        hashSeed: svc.prefixCache.hashSeed,
        modelId: svc.model.id,
        simulated: svc.accelerator.type === AcceleratorType.Simulated,
        renderUrl: renderUrl(svc),
        kvEventsPort: KV_EVENTS_PORT,
        centralKvEventsBind: `tcp://*:${CENTRAL_KV_EVENTS_PORT}`,
        pdThreshold: svc.scheduler.pdThreshold,
        cpuLruCapacity: cpuLruCapacity(svc),
        ...(svc.offload?.peerToPeer ? { minCachedTokenDelta: svc.offload.peerToPeer.minCachedTokenDelta } : {}),
    };
}
