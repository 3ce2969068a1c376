// Tiered prefix cache: vLLM offloads KV cache to CPU memory (its OffloadingConnector, or LMCache),
// and the scheduler scores GPU and CPU hits with one approximate index per tier.
// Values follow llm-d/llm-d guides/tiered-prefix-cache (router v0.9.0 plugin names).
import { findModel } from "../../catalog/models";
import { addBytes } from "../../config/quantity";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType, OffloadConnector } from "../../config/types";
import { kvBytesPerToken } from "../../planner/kv";
import { K8sObject, SERVICE_LABEL, commonLabels } from "../common";
import { PodAdditions, buildModelServerDeployment } from "../modelserver/vllm";

export const GPU_PRODUCER = "gpu-prefix-cache-producer";
export const CPU_PRODUCER = "cpu-prefix-cache-producer";
/** llm-d's CPU LRU capacity when the model's KV size is unknown (guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml). */
export const DEFAULT_CPU_LRU_CAPACITY = 82000;
const LMCACHE_METRICS_DIR = "/tmp/lmcache_prometheus";

/**
 * Blocks of offloaded KV cache one pod holds: offload bytes / (KV bytes per token x block size).
 * vLLM emits no metric for its CPU tier, so the scheduler cannot auto-tune this one.
 */
export function cpuLruCapacity(svc: ServiceSpec): number {
    const model = findModel(svc.model.id);
    const bytes = svc.offload?.cpuBytes ?? 0;
    if (!model || bytes <= 0) return DEFAULT_CPU_LRU_CAPACITY;
    return Math.max(1, Math.floor(bytes / (kvBytesPerToken(model) * svc.prefixCache.blockSize)));
}

/** Offloaded block size of the tiering spec with a storage tier, in tokens (llm-d guides/tiered-prefix-cache vllm/native/fs: block_size 256). */
export const STORAGE_TIER_BLOCK_SIZE = 256;
/** Volume name of the storage tier's claim in the model-server pod. */
export const STORAGE_TIER_VOLUME = "kv-cache-storage";

/**
 * `--kv-transfer-config` of the offload connector (llm-d/llm-d guides/tiered-prefix-cache/modelserver/gpu/vllm/
 * {native,lmcache-connector}/cpu, and native/fs with a storage tier: vLLM's TieringOffloadingSpec with an fs
 * secondary tier rooted at the shared claim).
 */
export function offloadTransferConfig(svc: ServiceSpec): string {
    if (svc.offload?.connector === OffloadConnector.Lmcache) return JSON.stringify({ kv_connector: "LMCacheConnectorV1", kv_role: "kv_both" });
    const storage = svc.offload?.storage;
    if (storage) {
        return JSON.stringify({
            kv_connector: "OffloadingConnector",
            kv_role: "kv_both",
            kv_connector_extra_config: {
                spec_name: "TieringOffloadingSpec",
                cpu_bytes_to_use: svc.offload?.cpuBytes ?? 0,
                block_size: STORAGE_TIER_BLOCK_SIZE,
                secondary_tiers: [{ type: "fs", root_dir: storage.mountPath, n_read_threads: storage.threads, n_write_threads: storage.threads }],
            },
        });
    }
    return JSON.stringify({ kv_connector: "OffloadingConnector", kv_role: "kv_both", kv_connector_extra_config: { cpu_bytes_to_use: svc.offload?.cpuBytes ?? 0 } });
}

/** The claim of a service's storage tier, when the stack creates it (an existing claim is only mounted). */
export function buildStorageTierClaim(svc: ServiceSpec, stack: StackSpec): K8sObject | undefined {
    const storage = svc.offload?.storage;
    if (!storage?.createClaim || svc.accelerator.type === AcceleratorType.Simulated) return undefined;
    return {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: storage.claimName, namespace: stack.namespace, labels: { ...commonLabels("kv-cache-storage", svc.name), [SERVICE_LABEL]: svc.name } },
        spec: {
            accessModes: ["ReadWriteMany"],
            resources: { requests: { storage: storage.createClaim.size } },
            storageClassName: storage.createClaim.storageClassName,
        },
    };
}

/** LMCache takes its CPU size in GB as a decimal string. */
export function lmcacheCpuSizeGb(bytes: number): string {
    return (bytes / 2 ** 30).toFixed(1);
}

export function tieredAdditions(svc: ServiceSpec): PodAdditions {
    if (svc.accelerator.type === AcceleratorType.Simulated || !svc.offload) return {};
    const add: PodAdditions = { args: [`--kv-transfer-config=${offloadTransferConfig(svc)}`] };
    const storage = svc.offload.storage;
    if (storage) {
        // TieringOffloadingSpec keeps its CPU tier in one mmap under /dev/shm (vLLM vllm/v1/kv_offload/cpu/
        // shared_offload_region.py, used by tiering/spec.py): the tmpfs must hold it (llm-d's fs guide: 250Gi for 100Gi).
        add.shmExtraBytes = svc.offload.cpuBytes;
        // Every pod already hashes with the service's one PYTHONHASHSEED (modelserver/vllm.ts), as sharing by hash needs.
        add.volumes = [{ name: STORAGE_TIER_VOLUME, persistentVolumeClaim: { claimName: storage.claimName } }];
        add.volumeMounts = [{ name: STORAGE_TIER_VOLUME, mountPath: storage.mountPath }];
    }
    if (svc.offload.connector === OffloadConnector.Lmcache) {
        add.env = [
            { name: "LMCACHE_MAX_LOCAL_CPU_SIZE", value: lmcacheCpuSizeGb(svc.offload.cpuBytes) },
            { name: "PROMETHEUS_MULTIPROC_DIR", value: LMCACHE_METRICS_DIR },
        ];
        add.volumes = [{ name: "lmcache-prometheus-metrics", emptyDir: {} }];
        add.volumeMounts = [{ name: "lmcache-prometheus-metrics", mountPath: LMCACHE_METRICS_DIR }];
    }
    return add;
}

/** The offloaded cache lives in the pod's memory: its request and limit grow by the offload size. */
export function withOffloadMemory(svc: ServiceSpec): ServiceSpec {
    if (svc.accelerator.type === AcceleratorType.Simulated || !svc.offload) return svc;
    const bytes = svc.offload.cpuBytes;
    const r = svc.decode.resources;
    const resources = { ...r, memory: addBytes(r.memory, bytes), ...(r.memoryLimit ? { memoryLimit: addBytes(r.memoryLimit, bytes) } : {}) };
    return { ...svc, decode: { ...svc.decode, resources } };
}

export function tieredModelServers(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    const raised = withOffloadMemory(svc);
    return [buildModelServerDeployment(raised, raised.decode, stack, tieredAdditions(svc))];
}
