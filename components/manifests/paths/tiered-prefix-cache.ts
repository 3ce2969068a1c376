// Tiered prefix cache: vLLM offloads KV cache to CPU memory (its OffloadingConnector, or LMCache),
// and the scheduler scores GPU and CPU hits with one approximate index per tier.
// Values follow llm-d/llm-d guides/tiered-prefix-cache (router v0.9.0 plugin names).
import { findModel } from "../../catalog/models";
import { addBytes } from "../../config/quantity";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType, OffloadConnector } from "../../config/types";
import { kvBytesPerToken } from "../../planner/kv";
import { K8sObject, SERVICE_LABEL, commonLabels } from "../common";
import { ConfigIssue } from "../../config/errors";
import { DECODE_BEHIND_SIDECAR_PORT, SERVING_PORT } from "../modelserver/ports";
import { PodAdditions, buildModelServerDeployment } from "../modelserver/vllm";
import { EndpointPickerConfig, pluginKey } from "../scheduler/plugins";
import { routingSidecar } from "./pd-disaggregation";
import { PRECISE_PRODUCER, buildRenderService, checkKvEventsPublisher, preciseAdditions } from "./precise-prefix-cache";

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
    const cpu = { cpu_bytes_to_use: svc.offload?.cpuBytes ?? 0 };
    // A tier below CPU memory makes it vLLM's TieringOffloadingSpec, with the tier's own settings.
    const tiering = (settings: Record<string, unknown>, tier: Record<string, unknown>) =>
        JSON.stringify({ kv_connector: "OffloadingConnector", kv_role: "kv_both", kv_connector_extra_config: { spec_name: "TieringOffloadingSpec", ...cpu, ...settings, secondary_tiers: [tier] } });
    const p2p = svc.offload?.peerToPeer;
    // llm-d guides/p2p-kv-cache-sharing/modelserver/gpu/vllm/base/patch-vllm.yaml: a p2p tier on the pod IP; decode-phase
    // blocks are offloaded too (offload_prompt_only false) so peers can pull them; the block size is vLLM's, the same on every peer.
    if (p2p) return tiering({ offload_prompt_only: false }, { type: "p2p", host: "$(POD_IP)", port: p2p.port });
    const storage = svc.offload?.storage;
    if (storage) return tiering({ block_size: STORAGE_TIER_BLOCK_SIZE }, { type: "fs", root_dir: storage.mountPath, n_read_threads: storage.threads, n_write_threads: storage.threads });
    return JSON.stringify({ kv_connector: "OffloadingConnector", kv_role: "kv_both", kv_connector_extra_config: cpu });
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

/**
 * The routing sidecar of P2P sharing (guides/p2p-kv-cache-sharing/modelserver/gpu/vllm/base/patch-sidecar.yaml): in
 * front of vLLM, it turns the picker's KV-cache-source header into vLLM's pull from that peer's P2P tier, and knows
 * itself by POD_IP so it never pulls from its own pod.
 */
export function p2pSidecar(svc: ServiceSpec): Record<string, unknown> {
    const p2p = svc.offload!.peerToPeer!;
    const base = routingSidecar(svc);
    const args = [
        `--port=${SERVING_PORT}`,
        ...(svc.release.sidecar.defaultBackendPort !== DECODE_BEHIND_SIDECAR_PORT ? [`--vllm-port=${DECODE_BEHIND_SIDECAR_PORT}`] : []),
        `--kv-connector=${svc.release.p2p!.sidecarConnector}`,
        `--p2p-connector-port=${p2p.port}`,
        "--secure-proxy=false",
        "--zap-log-level=1",
    ];
    return { ...base, args, env: [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }] };
}

/** What P2P sharing adds: the tiers, the pull listener, KV events for the precise index, and the sidecar in front. */
function p2pAdditions(svc: ServiceSpec, stack: StackSpec): PodAdditions {
    const p2p = svc.offload!.peerToPeer!;
    const devices = svc.decode.networkResources ?? {};
    const events = preciseAdditions(svc, stack);
    const podIp = { valueFrom: { fieldRef: { fieldPath: "status.podIP" } } };
    return {
        args: [`--kv-transfer-config=${offloadTransferConfig(svc)}`, ...(events.args ?? [])],
        // NIXL and the P2P tier bind their side channels to the pod IP, which peers dial (vLLM defaults to localhost).
        env: [
            { name: "VLLM_P2P_SIDE_CHANNEL_HOST", ...podIp },
            { name: "VLLM_NIXL_SIDE_CHANNEL_HOST", ...podIp },
        ],
        ports: [{ name: "p2p", containerPort: p2p.port, protocol: "TCP" }, ...(events.ports ?? [])],
        port: DECODE_BEHIND_SIDECAR_PORT,
        sidecars: [p2pSidecar(svc)],
        // The tiering CPU tier is an mmap in /dev/shm: room for it, and no stale map from an earlier container of the pod.
        shmExtraBytes: svc.offload!.cpuBytes,
        preServe: ["rm -f /dev/shm/vllm_offload_*.mmap 2>/dev/null"],
        // llm-d's rdma overlay (modelserver/gpu/vllm/rdma/patch-rdma.yaml): the RDMA device in requests and limits, and
        // IPC_LOCK so UCX can pin the memory it registers (without it the transport degrades to TCP).
        ...(Object.keys(devices).length ? { resources: Object.fromEntries(Object.entries(devices).map(([k, v]) => [k, String(v)])), capabilities: ["IPC_LOCK"] } : {}),
    };
}

/** The picker must source pulls from the precise index and score in the profile it names. */
export function checkP2pConfig(cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]): void {
    const source = cfg.plugins.find((p) => p.type === "p2p-source-producer");
    if (!source) {
        issues.push({ path: `${base}.scheduler`, got: undefined, expected: "a p2p-source-producer plugin with offload.peerToPeer (it names the peer each request pulls from)" });
        return;
    }
    const params = source.parameters ?? {};
    const key = `${base}.scheduler.pluginParameters.${pluginKey(source)}`;
    const producer = cfg.plugins.find((p) => pluginKey(p) === params.prefixMatchInfoProducerName);
    if (producer?.type !== PRECISE_PRODUCER) {
        issues.push({ path: `${key}.prefixMatchInfoProducerName`, got: params.prefixMatchInfoProducerName, expected: `the ${PRECISE_PRODUCER} (peers are found in the precise index)`, fix: "Remove the override." });
    }
    if (!cfg.schedulingProfiles.some((p) => p.name === params.prefillProfileName)) {
        issues.push({ path: `${key}.prefillProfileName`, got: params.prefillProfileName, expected: `a scheduling profile: ${cfg.schedulingProfiles.map((p) => p.name).join(", ")}`, fix: "Remove the override." });
    }
    if (params.minCachedTokenDelta !== svc.offload?.peerToPeer?.minCachedTokenDelta) {
        issues.push({ path: `${key}.minCachedTokenDelta`, got: params.minCachedTokenDelta, expected: `${svc.offload?.peerToPeer?.minCachedTokenDelta} (offload.peerToPeer.minCachedTokenDelta)`, fix: `Set ${base}.offload.peerToPeer.minCachedTokenDelta instead.` });
    }
}

export function tieredAdditions(svc: ServiceSpec, stack: StackSpec): PodAdditions {
    if (svc.accelerator.type === AcceleratorType.Simulated || !svc.offload) return {};
    if (svc.offload.peerToPeer) return p2pAdditions(svc, stack);
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

export function tieredModelServers(svc: ServiceSpec, stack: StackSpec, index = 0): K8sObject[] {
    const raised = withOffloadMemory(svc);
    const deploy = buildModelServerDeployment(raised, raised.decode, stack, tieredAdditions(svc, stack));
    if (!svc.offload?.peerToPeer) return [deploy];
    // P2P: the picker tokenizes through a `render` Service on the model servers (vLLM's port behind the sidecar).
    checkKvEventsPublisher(deploy, svc, `services[${index}]`, stack.namespace);
    return [deploy, buildRenderService(svc, stack)];
}
