import type { WvaSpec } from "./wva";
// The resolved stack: every default applied, every cross-field rule checked. Builders take
// only this shape, so they never guess a default.
import type { AutoscalingSpec } from "./autoscaling";
import type { ClusterSpec, PlatformSpec } from "./cluster";
import type { EksSpec, GkeSpec, PoolBinding } from "./infra/spec";
import type { KvStorageFileSystem } from "./types";
import type { LlmdRelease } from "../catalog/releases";
import { AcceleratorNetwork, AcceleratorType, GatewayProvider, OffloadConnector, SimulatorMode, WellLitPath } from "./types";

export type Role = "decode" | "prefill";

export interface ResolvedResources {
    cpu: string;
    memory: string;
    cpuLimit?: string;
    memoryLimit?: string;
}

export interface RoleSpec {
    role: Role;
    replicas: number;
    tensorParallel: number;
    dataParallel: number;
    /** Accelerators each pod asks for: tensorParallel x dataParallel (0 for simulated and CPU). */
    acceleratorsPerPod: number;
    gpuMemoryUtilization?: number;
    maxModelLen?: number;
    resources: ResolvedResources;
    extraArgs: string[];
    env: Record<string, string>;
    /** Extended resources of the accelerator network (P/D, wide-ep), e.g. {"rdma/ib": 1}. */
    networkResources?: Record<string, number>;
    /** wide-ep: pods per LeaderWorkerSet group (LWS size); absent on other paths. */
    groupSize?: number;
}

export interface TolerationSpec {
    key?: string;
    operator?: string;
    value?: string;
    effect?: string;
}

export interface AcceleratorSpec {
    type: AcceleratorType;
    /** Catalog chip id, when given. */
    chip?: string;
    /** Extended resource name (`nvidia.com/gpu`...), absent for simulated and CPU. */
    resourceName?: string;
    nodeSelector: Record<string, string>;
    tolerations: TolerationSpec[];
    /** Network between accelerator nodes (defaults to none). */
    network?: AcceleratorNetwork;
    /** TPU: the slice the model server runs on (config/vendors.ts resolves it). */
    tpuSlice?: TpuSliceSpec;
    /** The node pool the stack creates for this service (`accelerator.nodePool`), when it names one. */
    pool?: PoolBinding;
}

/** A GKE TPU slice: its topology, and how its chips split over hosts (one pod per host). */
export interface TpuSliceSpec {
    topology: string;
    /** Chips in the slice (the product of the topology's dimensions). */
    chips: number;
    chipsPerHost: number;
    /** Hosts (VMs, so pods) per slice: > 1 is a multi-host slice served by a LeaderWorkerSet group. */
    hosts: number;
}

/**
 * How P/D moves KV cache: NIXL over UCX on RDMA, NIXL over LIBFABRIC on EFA, UCX's TCP transport
 * when accepted explicitly, or nothing real for the simulator.
 */
export type KvTransport = "ucx-rdma" | "libfabric" | "ucx-tcp" | "simulated";

export interface WideEpSpec {
    /** Redundant experts of vLLM's EPLB; absent = EPLB off. */
    eplbRedundantExperts?: number;
    /** Node label a group's pods share (fabric block); absent = no topology affinity. */
    topologyKey?: string;
    requireSameTopology: boolean;
    /** GKE RoCE nodes: the pod needs GKE's multi-network RDMA interfaces (one per NIC) and privileged mode for GPU-initiated RDMA. */
    gkeRdmaNics?: number;
    /** `--all2all-backend` of both roles when DeepEP cannot run (`accelerator.network: tcp`, no RDMA): NCCL's `allgather_reducescatter`, no NVSHMEM. Absent = DeepEP per role. */
    all2allBackend?: string;
    /** Performance settings of llm-d's guide, resolved (config/wide-ep.ts). */
    perf: WideEpPerfSpec;
    /**
     * Multi-node NVLink (GB200 NVL72): each role is one IMEX ComputeDomain whose pods all sit in one NVLink
     * domain (`topologyKey`, required), with the release's MNNVL settings.
     */
    nvlink?: { domainGpus: number; domainNodes: number; topologyKey: string };
}

export interface WideEpPerfSpec {
    /** vLLM `--moe-backend`; absent = vLLM's choice (no flag). */
    moeBackend?: string;
    /** `--enable-dbo` per role, with its token threshold (absent threshold = vLLM's default). */
    dbo: { decode?: { threshold?: number }; prefill?: { threshold?: number } };
    decodeMaxNumBatchedTokens: number;
    decodeMaxNumSeqs: number;
    asyncScheduling: boolean;
    /** VLLM_MOE_DP_CHUNK_SIZE; absent = vLLM's default. */
    moeDpChunkSize?: number;
}

export interface ServiceSpec {
    name: string;
    /** The llm-d release the stack follows (the same object as StackSpec.release): builders ask it for what differs. */
    release: LlmdRelease;
    path: WellLitPath;
    model: {
        id: string;
        servedName: string;
        trustRemoteCode: boolean;
        cacheSize: string;
        /** LoRA adapters loaded at start; their names route to this service. */
        loraAdapters: { name: string; source: string }[];
        maxLoraRank?: number;
    };
    accelerator: AcceleratorSpec;
    decode: RoleSpec;
    prefill?: RoleSpec;
    prefixCache: { blockSize: number; hashSeed: string };
    scheduler: {
        replicas: number;
        verbosity: number;
        scorerWeights: Record<string, number>;
        resources: ResolvedResources;
        extraArgs: string[];
        pluginParameters: Record<string, Record<string, unknown>>;
        /** P/D: prefix-based-pd-decider's nonCachedTokens; unset = always disaggregate. */
        pdThreshold?: number;
    };
    /** P/D only: the KV-cache transport both roles use. */
    kvTransfer?: { transport: KvTransport };
    /** wide-ep only: expert load balancing and group placement (see manifests/paths/wide-ep.ts). */
    wideEp?: WideEpSpec;
    /** Tiered prefix cache only: where KV cache is offloaded, how much CPU memory per pod, and the shared storage tier. */
    offload?: { connector: OffloadConnector; cpuBytes: number; storage?: StorageTierSpec; peerToPeer?: { minCachedTokenDelta: number; port: number } };
    simulator: { mode: SimulatorMode; timeToFirstTokenMs: number; interTokenLatencyMs: number };
    inferenceObjectives: { name: string; priority: number }[];
    images: { modelServer: string; scheduler: string; routingSidecar: string };
    /** Autoscaling of the decode Deployment, when enabled (decode.replicas then holds its minReplicas). */
    autoscaling?: AutoscalingSpec;
    /** How `pulumi up` waits for the model servers (manifests/engine.ts turns it into budgets). */
    rollout: { wait: boolean; podStartMinutes?: number };
}

export interface StackSpec {
    /** The llm-d release: every pinned version, image, scheduler config and flag set. */
    release: LlmdRelease;
    namespace: string;
    createNamespace: boolean;
    existing: { kubeconfigPath?: string; context?: string };
    gateway: { provider: GatewayProvider; name: string; create: boolean; port: number; waitForAddress: boolean };
    platform: PlatformSpec;
    /** What the cluster already runs (config/cluster.ts). */
    cluster: ClusterSpec;
    huggingFace: { tokenSecretName: string; tokenSecretKey: string; createSecret: boolean; tokenFile?: string };
    security: { networkPolicies: boolean };
    observability: { monitors: boolean; dashboards: boolean; scraperNamespaces: string[] };
    /** The Workload Variant Autoscaler (config/wva.ts); present when a service autoscales with `metric: wva`. */
    wva?: WvaSpec;
    services: ServiceSpec[];
    /** The GKE cluster to create first (`gke`). */
    gke?: GkeSpec;
    /** The EKS cluster to create first (`eks`). */
    eks?: EksSpec;
}

/** The shared storage tier of a tiered-prefix-cache service: vLLM's fs tier on a ReadWriteMany claim (config/kv-storage.ts). */
export interface StorageTierSpec {
    /** The claim every model server of the service mounts. */
    claimName: string;
    /** The claim the stack creates; absent for an existing claim (`claimName`). */
    createClaim?: { storageClassName: string; size: string };
    /** The file system the stack provisions for it, when it does. */
    fileSystem?: KvStorageFileSystem;
    /** Bytes the tier holds: the claim's size (unknown for an existing claim). */
    sizeBytes?: number;
    /** vLLM's fs tier root_dir. */
    mountPath: string;
    /** n_read_threads and n_write_threads. */
    threads: number;
}
