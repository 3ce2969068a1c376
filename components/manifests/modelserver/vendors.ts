// The vendor part of a model-server pod, from catalog/vendors.ts: the runtime's environment,
// writable cache directories, shared memory, start-up budget, capabilities and device-node group.
// The extended resource, node selector and tolerations live in ./accelerator.ts.
import { VENDORS, VendorProfile } from "../../catalog/vendors";
import { parseQuantity } from "../../config/quantity";
import { RoleSpec, ServiceSpec } from "../../config/spec";
import { AcceleratorType, WellLitPath } from "../../config/types";
import type { PodAdditions } from "./vllm";

export interface VendorFragment {
    env: Record<string, unknown>[];
    volumes: Record<string, unknown>[];
    volumeMounts: Record<string, unknown>[];
    /** /dev/shm size limit. */
    shmSize: string;
    startupFailureThreshold: number;
    capabilities: string[];
    supplementalGroups?: number[];
}

export function vendorOf(svc: ServiceSpec): VendorProfile {
    return VENDORS[svc.accelerator.type];
}

/**
 * vLLM's CPU backend takes its KV cache out of the pod's memory (VLLM_CPU_KVCACHE_SPACE, GiB):
 * half the memory request, the rest for weights and activations. llm-d's CPU guide gives 32 of 64Gi.
 */
export function cpuKvCacheGiB(role: RoleSpec): number {
    const bytes = parseQuantity(role.resources.memory) ?? 0;
    return Math.max(1, Math.floor(bytes / 2 ** 30 / 2));
}

function volumeName(dir: string): string {
    return `cache${dir.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`.replace(/-+$/, "");
}

export function vendorFragment(svc: ServiceSpec, role: RoleSpec): VendorFragment {
    const v = vendorOf(svc);
    const env: Record<string, unknown>[] = v.env.map((e) => ({ name: e.name, value: e.value }));
    if (svc.accelerator.type === AcceleratorType.Cpu) env.push({ name: "VLLM_CPU_KVCACHE_SPACE", value: String(cpuKvCacheGiB(role)) });
    if (svc.path === WellLitPath.PdDisaggregation) env.push(...(pdVariant(svc)?.env ?? []).map((e) => ({ name: e.name, value: e.value })));
    return {
        env,
        volumes: v.cacheDirs.map((dir) => ({ name: volumeName(dir), emptyDir: {} })),
        volumeMounts: v.cacheDirs.map((dir) => ({ name: volumeName(dir), mountPath: dir })),
        // A vendor's P/D overlay may size /dev/shm and the start-up budget itself (TPU: 100Gi, 240 periods).
        shmSize: (svc.path === WellLitPath.PdDisaggregation ? v.pd?.shmSize : undefined) ?? v.shmSize,
        startupFailureThreshold: (svc.path === WellLitPath.PdDisaggregation ? v.pd?.startupFailureThreshold : undefined) ?? v.startupFailureThreshold,
        capabilities: [...v.capabilities],
        ...(v.supplementalGroups ? { supplementalGroups: [...v.supplementalGroups] } : {}),
    };
}

/** The vendor's P/D variant for this service: its RDMA one (Intel XPU: xpu/vllm-rdma) when KV moves over UCX RDMA, else the base one. */
export function pdVariant(svc: ServiceSpec): { kvBufferDevice?: string; env: { name: string; value: string }[] } | undefined {
    const pd = vendorOf(svc).pd;
    return svc.kvTransfer?.transport === "ucx-rdma" && pd?.rdma ? pd.rdma : pd;
}

/** NIXL's KV buffer placement on this vendor (Intel stages KV cache in host memory over TCP; XPU over RDMA keeps it in device memory). */
export function kvBufferDevice(svc: ServiceSpec): string | undefined {
    return pdVariant(svc)?.kvBufferDevice;
}

/** A path's pod additions with the vendor's merged in (vendor env first, so a path's own wins in order). */
export function withVendor(add: PodAdditions, frag: VendorFragment): PodAdditions {
    const capabilities = [...new Set([...(add.capabilities ?? []), ...frag.capabilities])];
    return {
        ...add,
        env: [...frag.env, ...(add.env ?? [])],
        volumes: [...(add.volumes ?? []), ...frag.volumes],
        volumeMounts: [...(add.volumeMounts ?? []), ...frag.volumeMounts],
        ...(capabilities.length ? { capabilities } : {}),
    };
}
