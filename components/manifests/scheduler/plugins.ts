// EndpointPickerConfig shapes and the plugin fragments several paths share (router v0.9.0 names).
// The per-path configs live in ../paths/; epp-config.ts picks one and applies user overrides.
import { API_VERSIONS } from "../../catalog/versions";
import { ServiceSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";

export interface PluginSpec {
    type: string;
    name?: string;
    parameters?: Record<string, unknown>;
}

export interface ProfilePluginRef {
    pluginRef: string;
    weight?: number;
}

export interface SchedulingProfile {
    name: string;
    plugins: ProfilePluginRef[];
}

export interface EndpointPickerConfig {
    apiVersion: string;
    kind: "EndpointPickerConfig";
    plugins: PluginSpec[];
    schedulingProfiles: SchedulingProfile[];
    featureGates?: string[];
    /** Data sources and the extractors they feed (e.g. pod notifications to the precise producer). */
    dataLayer?: { sources: { pluginRef: string; extractors: { pluginRef: string }[] }[] };
}

/** The name a plugin is referenced by: its name, else its type. */
export function pluginKey(p: PluginSpec): string {
    return p.name ?? p.type;
}

export function emptyConfig(): EndpointPickerConfig {
    return { apiVersion: API_VERSIONS.endpointPickerConfig, kind: "EndpointPickerConfig", plugins: [], schedulingProfiles: [] };
}

/** approx-prefix-cache-producer defaults of router v0.9.0 (maxPrefixTokensToMatch, lruCapacityPerServer). */
export const APPROX_PRODUCER_DEFAULTS = {
    maxPrefixTokensToMatch: 131072,
    lruCapacityPerServer: 31250,
};

/** The simulator exports no cache-size metric to tune from, so the LRU capacity is fixed there. */
export function approxAutoTune(svc: ServiceSpec): boolean {
    return svc.accelerator.type !== AcceleratorType.Simulated;
}

/** An approximate prefix-cache producer hashing prompts in vLLM's block size (the invariant checkInvariants guards). */
export function approxProducer(svc: ServiceSpec, name?: string, params: Record<string, unknown> = {}): PluginSpec {
    return {
        type: "approx-prefix-cache-producer",
        ...(name ? { name } : {}),
        parameters: { blockSizeTokens: svc.prefixCache.blockSize, autoTune: approxAutoTune(svc), ...APPROX_PRODUCER_DEFAULTS, ...params },
    };
}
