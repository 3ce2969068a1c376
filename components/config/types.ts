// The public input types of LlmdStack: the config file has exactly this shape.
// These interfaces are what the component provider's schema is inferred from (so: interfaces,
// string enums, optional sub-objects, no unions), and every field's doc comment becomes the
// description users of Python, Go, .NET and YAML read. The zod schema in ./schema.ts validates
// the same shape; a compile-time check there keeps the two in step.

import { EksConfig, GkeConfig } from "./infra-types";

export * from "./infra-types";

/** llm-d releases this project deploys (components/catalog/releases/: one module per release). */
export enum LlmdReleaseName {
    /** llm-d v0.8.1 (June 2026): router v0.9.0, vLLM v0.23.0. */
    V0_8_1 = "v0.8.1",
    /** llm-d v0.9.0 (August 2026): router v0.10.0, vLLM v0.26.0. The default. */
    V0_9_0 = "v0.9.0",
}

/** llm-d's well-lit paths. */
export enum WellLitPath {
    /** Intelligent inference scheduling: prefix-cache, queue and KV-utilization aware routing over identical vLLM replicas. */
    InferenceScheduling = "inference-scheduling",
    /** Precise prefix-cache-aware routing: the scheduler indexes the KV-cache events every vLLM pod publishes over ZMQ. */
    PrecisePrefixCache = "precise-prefix-cache",
    /** Prefill/decode disaggregation: separate prefill and decode servers, KV cache moved over NIXL. */
    PdDisaggregation = "pd-disaggregation",
    /** Tiered prefix cache: vLLM offloads KV cache to CPU memory; the scheduler scores both tiers. */
    TieredPrefixCache = "tiered-prefix-cache",
    /** Wide expert parallelism: large MoE models across nodes on LeaderWorkerSet, with P/D. */
    WideEp = "wide-ep",
}

/** Accelerator families a model server can run on. */
export enum AcceleratorType {
    /** NVIDIA GPUs (nvidia.com/gpu), vLLM CUDA image. */
    Nvidia = "nvidia",
    /** AMD Instinct GPUs (amd.com/gpu), vLLM ROCm image. */
    Amd = "amd",
    /** Google Cloud TPUs (google.com/tpu), vLLM TPU image. */
    Tpu = "tpu",
    /** Intel data-center GPUs (XPU). */
    IntelXpu = "intel-xpu",
    /** Intel Gaudi accelerators (habana.ai/gaudi). */
    IntelGaudi = "intel-gaudi",
    /** CPU only, for small models on clusters without accelerators. */
    Cpu = "cpu",
    /** llm-d-inference-sim: an OpenAI-compatible simulator that needs no accelerator (kind, minikube, CI). */
    Simulated = "simulated",
}

/** The network between accelerator nodes, which prefill/decode disaggregation moves KV cache over. */
export enum AcceleratorNetwork {
    /** No accelerator network: the pod network only. P/D is refused on it unless `tcp` is chosen explicitly. */
    None = "none",
    /** Accept KV-cache transfer over TCP on the pod network (UCX's TCP transport): works anywhere, but moving the KV cache of a long prompt takes far longer than prefilling it again. On `wide-ep` it also insists on running without RDMA: expert-parallel all-to-all on vLLM's NCCL `allgather_reducescatter` backend instead of DeepEP (no NVSHMEM, no dual-batch overlap; NCCL over the pool's GPUDirect-TCPX/TCPXO NICs on GKE A3 High / A3 Mega), with a warning. */
    Tcp = "tcp",
    /** RDMA over Converged Ethernet (e.g. GKE A3 Ultra / A4): NIXL over UCX. */
    RdmaRoce = "rdma-roce",
    /** InfiniBand (e.g. CoreWeave, on-premises DGX): NIXL over UCX. */
    Infiniband = "infiniband",
    /** AWS Elastic Fabric Adapter: NIXL over LIBFABRIC. */
    Efa = "efa",
}

/** Where the tiered prefix cache offloads KV cache to. */
export enum OffloadConnector {
    /** vLLM's own OffloadingConnector to CPU memory (llm-d's recommended tiered setup). */
    Native = "native",
    /** LMCache (LMCacheConnectorV1) with a local CPU backend. */
    Lmcache = "lmcache",
}

/** A shared file system the stack provisions for the KV cache's storage tier, through its CSI driver. */
export enum KvStorageFileSystem {
    /** Google Cloud Managed Lustre (GKE's Lustre CSI driver; needs `gke:`). */
    ManagedLustre = "managed-lustre",
    /** Filestore (GKE's Filestore CSI driver; needs `gke:`). */
    Filestore = "filestore",
    /** Amazon FSx for Lustre (the FSx CSI driver; needs `eks:`). */
    FsxLustre = "fsx-lustre",
}

/** vLLM `--moe-backend` values (vllm-project/vllm vllm/config/kernel.py MoEBackend): the kernels of the MoE expert layers. */
export enum MoeBackend {
    /** No flag: vLLM picks the backend from the model's quantization and the hardware. */
    Auto = "auto",
    /** DeepGEMM grouped GEMMs (FP8 block-quantized weights only, e.g. DeepSeek-R1). */
    DeepGemm = "deep_gemm",
    /** Triton fused-MoE kernels. */
    Triton = "triton",
    /** vLLM's CUTLASS kernels. */
    Cutlass = "cutlass",
    /** FlashInfer with TRT-LLM-generated kernels. */
    FlashinferTrtllm = "flashinfer_trtllm",
    /** FlashInfer with CUTLASS kernels. */
    FlashinferCutlass = "flashinfer_cutlass",
    /** Marlin kernels (weight-only quantization). */
    Marlin = "marlin",
}

/** Gateway implementations that front the InferencePool. */
export enum GatewayProvider {
    /** Istio with the Gateway API Inference Extension enabled (gatewayClassName istio). */
    Istio = "istio",
    /** kgateway with its inference extension (deprecated by llm-d in favour of agentgateway). */
    Kgateway = "kgateway",
    /** agentgateway with its inference extension (gatewayClassName agentgateway). */
    Agentgateway = "agentgateway",
    /** GKE managed regional external Application Load Balancer (gke-l7-regional-external-managed). */
    GkeExternal = "gke-external",
    /** GKE managed regional internal Application Load Balancer (gke-l7-rilb). */
    GkeInternal = "gke-internal",
}

/** What the simulator answers. */
export enum SimulatorMode {
    /** Echo the prompt back. */
    Echo = "echo",
    /** Random tokens from a fixed dictionary. */
    Random = "random",
}

/** The load signal the model-server autoscaler follows. */
export enum AutoscalingMetric {
    /** Requests waiting: the scheduler's flow-control queue (`llm_d_epp_flow_control_queue_size`, turns on the picker's `flowControl` feature gate) with KEDA, vLLM's own queue (`vllm:num_requests_waiting`) on GKE. llm-d's recommended signal. */
    QueueDepth = "queue-depth",
    /** Requests in flight per replica: `llm_d_epp_request_running` from the scheduler with KEDA, `vllm:num_requests_running` on GKE. */
    RunningRequests = "running-requests",
    /** vLLM's KV-cache utilization (`vllm:kv_cache_usage_perc`, 0 to 1) averaged over the replicas. */
    KvCacheUtilization = "kv-cache-utilization",
    /** llm-d's Workload Variant Autoscaler decides; a KEDA ScaledObject (v0.9.0's recommendation) or an HPA through Prometheus Adapter (v0.8.1) follows its `wva_desired_replicas` metric. The stack installs the WVA controller at the release's version (see `wva`). */
    Wva = "wva",
}

/** How the autoscaler reads the metric (the Kubernetes external/custom metrics adapter). */
export enum AutoscalingAdapter {
    /** A KEDA ScaledObject with Prometheus triggers (KEDA creates and owns the HPA): llm-d's recommended adapter. KEDA must be installed. */
    Keda = "keda",
    /** An HPA on `prometheus.googleapis.com|<metric>|gauge` metrics: Google Cloud Managed Service for Prometheus (a PodMonitoring) through the Custom Metrics Stackdriver Adapter, which must be installed. */
    GkeManagedPrometheus = "gke-managed-prometheus",
    /** An HPA on an External metric served by Prometheus Adapter with WVA's rules (`metric: wva` only; deprecated by llm-d v0.9.0's guide). */
    PrometheusAdapter = "prometheus-adapter",
}

/** The Workload Variant Autoscaler controller's access to Prometheus (llm-d's guide: kube-prometheus-stack release `llmd` in `llm-d-monitoring`, served over HTTPS). */
export interface WvaConfig {
    /** The Prometheus API WVA queries (vLLM's and the picker's metrics, and its own); must be HTTPS (WVA refuses plain HTTP). Defaults to `https://prometheus-operated.llm-d-monitoring.svc:9090`, as the guide. */
    prometheusUrl?: string;
    /** Secret in the stack's namespace with `ca.crt`, the CA that signed Prometheus's serving certificate (the guide copies it from `prometheus-web-tls` in `llm-d-monitoring`). It must exist before `pulumi up`: the controller does not start without it. Defaults to `prometheus-tls-cert`. */
    prometheusCaSecret?: string;
    /** `namespace/name` of Prometheus's ServiceAccount, bound to WVA's metrics-reader role so Prometheus may scrape WVA's HTTPS metrics endpoint (where `wva_desired_replicas` comes from). Defaults to `llm-d-monitoring/llmd-kube-prometheus-stack-prometheus` (llm-d's monitoring setup). */
    prometheusServiceAccount?: string;
}

/** Horizontal autoscaling of a service's decode (serving) model servers. */
export interface AutoscalingConfig {
    /** Turn autoscaling on. Defaults to true when the `autoscaling` block is given. When on, the Deployment's replica count belongs to the autoscaler: `decode.replicas` must not be set. */
    enabled?: boolean;
    /** Fewest replicas. Defaults to 1; 0 (scale to zero) only with the `keda` adapter. */
    minReplicas?: number;
    /** Most replicas. Required unless `maxAccelerators` is given, in which case it defaults to the replicas those accelerators hold (maxAccelerators / accelerators per pod). */
    maxReplicas?: number;
    /** The accelerators the node pools can supply to this service's decode pods; `maxReplicas` x accelerators per pod must fit in it. Defaults to unchecked (nothing in the config knows the pools' size). */
    maxAccelerators?: number;
    /** The load signal. Defaults to `queue-depth`. */
    metric?: AutoscalingMetric;
    /** The metrics adapter. Defaults to `gke-managed-prometheus` with a `gke-*` gateway; with `metric: wva`, the one the release's WVA guide recommends (`keda` on v0.9.0, `prometheus-adapter` on v0.8.1); else `keda`. */
    adapter?: AutoscalingAdapter;
    /** Target value of the metric that one replica should carry: scale out above it. Defaults per metric: queue-depth 1 queued request (KEDA, llm-d's guide) or 5 waiting requests per pod (GKE); running-requests 16 per replica; kv-cache-utilization 0.8; wva 1 (fixed: WVA's metric is the replica count). */
    target?: number;
    /** KEDA with `queue-depth`: a second trigger on running requests per replica (`llm_d_epp_request_running`), as llm-d's guide pairs them. Defaults to 16; 0 removes the trigger. */
    runningRequestsTarget?: number;
    /** KEDA only: the Prometheus the triggers query. Defaults to `http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090`, llm-d's bundled monitoring stack. */
    prometheusUrl?: string;
    /** Seconds the HPA waits before acting on a higher recommendation (pods take minutes to load a model). Defaults to 300 (120 with `wva`), as llm-d's guides. */
    scaleUpStabilizationSeconds?: number;
    /** Seconds the HPA holds capacity before scaling in. Defaults to 300 (120 with `wva`), as llm-d's guides. */
    scaleDownStabilizationSeconds?: number;
}

/** A Kubernetes toleration. */
export interface Toleration {
    /** Taint key, e.g. `nvidia.com/gpu`. */
    key?: string;
    /** `Exists` or `Equal`. Defaults to `Equal` when `value` is set, else `Exists`. */
    operator?: string;
    /** Taint value to match with `Equal`. */
    value?: string;
    /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all effects. */
    effect?: string;
}

/** CPU and memory for a container (accelerators are derived from the parallelism). */
export interface ResourceRequirements {
    /** CPU request, a Kubernetes quantity such as `8` or `500m`. */
    cpu?: string;
    /** Memory request, a Kubernetes quantity such as `96Gi`. */
    memory?: string;
    /** CPU limit. Defaults to none (CPU throttling hurts token latency). */
    cpuLimit?: string;
    /** Memory limit. Defaults to the memory request. */
    memoryLimit?: string;
}

/** One role of model servers (decode, or prefill in P/D). */
export interface ModelServerRole {
    /** Number of pods. Defaults to 1. */
    replicas?: number;
    /** vLLM `--tensor-parallel-size`: accelerators one model replica is split across. Defaults to 1. */
    tensorParallel?: number;
    /** vLLM `--data-parallel-size-local`: data-parallel ranks per pod. Defaults to 1. */
    dataParallel?: number;
    /** vLLM `--gpu-memory-utilization`. Defaults to vLLM's 0.9. */
    gpuMemoryUtilization?: number;
    /** vLLM `--max-model-len`. Defaults to the model's own context length. */
    maxModelLen?: number;
    /** CPU and memory. Defaults depend on the path and accelerator (llm-d's guides' values). */
    resources?: ResourceRequirements;
    /** Extra `vllm serve` arguments, appended after the ones the path sets (e.g. `--max-num-seqs=256`). */
    extraArgs?: string[];
    /** Extra environment variables of the model server container. */
    env?: { [key: string]: string };
    /** Extended resources of the accelerator network each pod of this role asks for (requests and limits), e.g. `{"rdma/ib": 1}` with an RDMA device plugin, or `{"vpc.amazonaws.com/efa": 8}` on EKS. Only on `pd-disaggregation`, `wide-ep` and with `offload.peerToPeer` (its RDMA pulls; IPC_LOCK is added). Defaults to none. */
    networkResources?: { [resource: string]: number };
    /** `wide-ep` only: pods per LeaderWorkerSet group (the LWS `size`), one per node; a group is one vLLM data-parallel deployment of `groupSize x dataParallel` ranks, and `replicas` counts groups. Defaults to 2, as llm-d's guide. */
    groupSize?: number;
}

/** The model to serve. */
export interface ModelConfig {
    /** Hugging Face repository id, e.g. `Qwen/Qwen3-32B`. */
    id: string;
    /** Name clients send in the OpenAI `model` field. Defaults to `id`. */
    servedName?: string;
    /** Pass `--trust-remote-code` to vLLM. Defaults to false. */
    trustRemoteCode?: boolean;
    /** Size of the model cache volume (emptyDir size limit) that holds downloaded weights. Defaults to 100Gi. */
    cacheSize?: string;
    /** LoRA adapters the model servers load at start (vLLM `--enable-lora --lora-modules`). Requests whose `model` is an adapter's name route to this service's pool. At most 50; each name unique in the stack. Defaults to none. */
    loraAdapters?: LoraAdapterConfig[];
    /** vLLM `--max-lora-rank`: the largest adapter rank the servers accept. Only with `loraAdapters`. Defaults to vLLM's 16. */
    maxLoraRank?: number;
}

/** A LoRA adapter served by its base model's servers. */
export interface LoraAdapterConfig {
    /** Name clients send in the OpenAI `model` field, e.g. `sql-lora`; no whitespace, at most 200 characters. */
    name: string;
    /** Where vLLM loads it from: a Hugging Face repository id (`org/adapter`) or an absolute path inside the pod. */
    source: string;
}

/** Where the model servers run. */
export interface AcceleratorConfig {
    /** Accelerator family. Defaults to `nvidia`. */
    type?: AcceleratorType;
    /** Chip id from the catalog (GKE's `cloud.google.com/gke-accelerator` value, e.g. `nvidia-h100-80gb`); adds its node selector and enables sizing. */
    chip?: string;
    /** Extra node selector labels for model server pods. */
    nodeSelector?: { [key: string]: string };
    /** Extra tolerations for model server pods (the accelerator's own taint is tolerated already). */
    tolerations?: Toleration[];
    /** The network between accelerator nodes: P/D moves KV cache over it with NIXL (UCX on `rdma-roce` and `infiniband`, LIBFABRIC on `efa`). Defaults to `none`, on which `pd-disaggregation` and `wide-ep` are an error unless this is `tcp`: the user insists on running without RDMA, with a warning (P/D: KV cache over TCP; wide-ep: also NCCL `allgather_reducescatter` all-to-all instead of DeepEP, e.g. on GPUDirect-TCPX/TCPXO pools). Ignored for `simulated`. */
    network?: AcceleratorNetwork;
    /** TPU only: the GKE slice topology the node pool was created with (`cloud.google.com/gke-tpu-topology`, e.g. `2x4`, `4x4`, `2x2x2`); needs `chip`. A topology of more chips than one host holds (v6e `4x4` = 16 chips on 4 hosts of 4) becomes one LeaderWorkerSet group per replica, one pod per host; tensorParallel defaults to, and must equal, the topology's chips. Defaults to the single-host topology of tensorParallel x dataParallel chips (1, 4 or 8). */
    tpuTopology?: string;
    /** Extended resource the accelerator's device plugin advertises, overriding the vendor default (`nvidia.com/gpu`, `amd.com/gpu`, `google.com/tpu`, `gpu.intel.com/i915`, `habana.ai/gaudi`), e.g. `gpu.intel.com/xe` for Intel GPUs on the xe kernel driver. Not for `cpu` or `simulated`. */
    resourceName?: string;
    /** Name of a node pool in `gke.nodePools` or `eks.nodeGroups` to run on. The chip, accelerator resource, node selector, tolerations and network (and, on EFA, `networkResources`) are derived from it; `chip` and `network` then need not be given (`network: tcp` still accepts slow P/D transfer, and wide-ep without DeepEP, on a pool without RDMA/EFA). Defaults to none. */
    nodePool?: string;
}

/** Prefix caching settings shared by vLLM and the scheduler (they must agree). */
export interface PrefixCacheConfig {
    /** Tokens per KV-cache block: vLLM `--block-size` and the scheduler's block size. Defaults to 16 (64 on the precise path, 128 for P/D, as llm-d's guides set them). */
    blockSize?: number;
    /** Seed of vLLM's block hashes (`PYTHONHASHSEED`) and the scheduler's `hashSeed`. Defaults to "42". */
    hashSeed?: string;
}

/** The simulator's behaviour (accelerator type `simulated`). */
export interface SimulatorConfig {
    /** Response mode. Defaults to `random`. */
    mode?: SimulatorMode;
    /** Simulated time to first token, milliseconds. Defaults to 0. */
    timeToFirstTokenMs?: number;
    /** Simulated time between output tokens, milliseconds. Defaults to 0. */
    interTokenLatencyMs?: number;
}

/** KV-cache offload of the tiered prefix cache path. */
export interface OffloadConfig {
    /** The offload connector. Defaults to `native` (vLLM's OffloadingConnector). */
    connector?: OffloadConnector;
    /** CPU memory each model-server pod gives to offloaded KV cache, a quantity such as `100Gi`; the pod's memory request and limit are raised by as much. Defaults to 100Gi, as llm-d's guide. */
    cpuSize?: string;
    /** A shared (east/west) storage tier below the CPU tier: vLLM's file-system tier on a ReadWriteMany volume every model server of the service mounts, so instances reuse each other's KV blocks. `native` connector only. Defaults to none. */
    storage?: OffloadStorageConfig;
    /** Peer-to-peer KV sharing instead of a shared storage tier: each model server serves its CPU tier to its peers and pulls cached prefixes from them over NIXL, the picker choosing the peer (llm-d v0.9.0's experimental P2P guide, NVIDIA, vLLM v0.27.1). `native` connector only. Defaults to off. */
    peerToPeer?: OffloadPeerToPeerConfig;
}

/** Peer-to-peer KV sharing (llm-d's guides/p2p-kv-cache-sharing). */
export interface OffloadPeerToPeerConfig {
    /** Pull from a peer only when it holds at least this many more prompt tokens in cache than the chosen pod; below it, recomputing is faster. Defaults to 2048, the guide's crossover on gpt-oss-120b over RDMA: calibrate it on your fabric (guides/recipes/router/calibration). */
    minCachedTokenDelta?: number;
}

/**
 * The storage tier of the tiered prefix cache (llm-d's tiered-prefix-cache guide, fs tier of vLLM's
 * OffloadingConnector). Exactly one of `fileSystem`, `storageClassName` and `claimName`.
 */
export interface OffloadStorageConfig {
    /** A file system the stack provisions with the cluster it creates: `managed-lustre` or `filestore` (with `gke:`), `fsx-lustre` (with `eks:`). The stack enables the CSI driver, creates the StorageClass and the claim. */
    fileSystem?: KvStorageFileSystem;
    /** An existing StorageClass that provisions ReadWriteMany volumes (on a cluster the stack does not create); the stack creates the claim. */
    storageClassName?: string;
    /** An existing ReadWriteMany PersistentVolumeClaim in the stack's namespace; the stack only mounts it. */
    claimName?: string;
    /** Size of the claim the stack creates, a quantity. Defaults to 18000Gi on Managed Lustre (multiples of 9000Gi), 9600Gi on FSx for Lustre (1200Gi, 2400Gi or multiples of 2400Gi), 9000Gi otherwise (llm-d's guide). */
    size?: string;
    /** Managed Lustre or FSx for Lustre throughput per TiB, MB/s: 125, 250, 500 or 1000. Defaults to 1000 (Managed Lustre) and 250 (FSx for Lustre PERSISTENT_2). Services on one file system must agree. */
    throughput?: number;
    /** Filestore tier (`filestore` only): `basic_hdd`, `basic_ssd`, `zonal` or `enterprise`. Defaults to `basic_ssd` (at least 2.5Ti). */
    filestoreTier?: string;
    /** Where the volume is mounted in the model server; vLLM's fs tier root. Defaults to `/mnt/files-storage`, as llm-d's guide. */
    mountPath?: string;
    /** Reader and writer threads of the fs tier, each. Defaults to 16, as llm-d's guide. */
    threads?: number;
}

/** Overrides for the llm-d inference scheduler (endpoint picker). */
export interface SchedulerConfig {
    /** Scheduler replicas. Defaults to 1 (2 active-active on the precise path). */
    replicas?: number;
    /** Log verbosity (`-v`). Defaults to 2. */
    verbosity?: number;
    /** Scorer weights by plugin name, overriding the path's defaults (e.g. `{"prefix-cache-scorer": 5}`); 0 removes a scorer from its profiles. */
    scorerWeights?: { [plugin: string]: number };
    /** Scheduler container CPU and memory. Defaults to 4 CPU and 8Gi (limit 16Gi), as llm-d's router values. */
    resources?: ResourceRequirements;
    /** Extra scheduler command-line flags, e.g. `--kv-cache-usage-percentage-metric=...`. */
    extraArgs?: string[];
    /** P/D only: disaggregate a request only when at least this many of its prompt tokens are not cached on the chosen decode pod (`prefix-based-pd-decider`'s `nonCachedTokens`); shorter or cached prompts are served by decode alone. Defaults to unset: every request is disaggregated (`always-disagg-pd-decider`), as llm-d's guide runs it. */
    pdThreshold?: number;
    /** Plugin parameter overrides by plugin name, merged over the path's (e.g. `{"approx-prefix-cache-producer": {"lruCapacityPerServer": 50000}}`). Invariants (block size, hash seed, event endpoints) are re-checked after merging. */
    pluginParameters?: { [plugin: string]: { [param: string]: any } };
}

/** An InferenceObjective: a priority class requests select with the `x-llm-d-inference-objective` header. */
export interface InferenceObjectiveConfig {
    /** Objective name. */
    name: string;
    /** Priority; higher is served first under load. */
    priority: number;
}

/** Wide expert parallelism (`wide-ep` path): expert load balancing and where a LeaderWorkerSet group is placed. */
export interface WideEpConfig {
    /** Expert-parallel load balancing (vLLM `--enable-eplb`): replicates heavily used experts to even out the load, at about 2 GB per redundant expert per GPU on DeepSeek-V3/R1. Defaults to false (llm-d's current guide runs without it). */
    eplb?: boolean;
    /** Redundant experts when `eplb` is on (`--eplb-config` `num_redundant_experts`); routed experts plus these must divide evenly over the expert-parallel ranks. Defaults to 32, as llm-d's earlier guide. */
    redundantExperts?: number;
    /** Node label whose value names one block of the accelerator fabric: the pods of a group are placed on nodes sharing it. Defaults to `cloud.google.com/gce-topology-block` for GKE chips, else none (no affinity). */
    topologyKey?: string;
    /** Require (not just prefer) the pods of a group to share `topologyKey`. A group that cannot fit in one block then stays Pending. Defaults to false (preferred, as llm-d's GKE overlay). */
    requireSameTopology?: boolean;
    /** vLLM `--moe-backend` on both roles. Defaults to `deep_gemm`, as llm-d's wide-ep guide (DeepGEMM needs FP8 block-quantized weights such as DeepSeek-R1's); `auto` passes no flag. A `--moe-backend` in a role's `extraArgs` wins for that role. */
    moeBackend?: MoeBackend;
    /** Dual-batch overlap (vLLM `--enable-dbo`): overlaps one micro-batch's DeepEP all-to-all with the other's compute. Defaults to on for decode with threshold 32 and off for prefill, as llm-d's guide; off on both roles with `accelerator.network: tcp` (no DeepEP). */
    dualBatchOverlap?: WideEpDboConfig;
    /** Decode `--max-num-batched-tokens`: tokens per decode step and rank; also DeepEP's low-latency dispatch bound. Defaults to 256, as llm-d's guide. A value in `decode.extraArgs` wins. */
    decodeMaxNumBatchedTokens?: number;
    /** Decode `--max-num-seqs`: concurrent sequences per rank. Defaults to 256, as llm-d's guide. A value in `decode.extraArgs` wins. */
    decodeMaxNumSeqs?: number;
    /** vLLM `--async-scheduling` on both roles (schedules the next step while the GPU runs the current one). Defaults to false: llm-d's v0.8 guide does not set it (its v0.5 guide did). */
    asyncScheduling?: boolean;
    /** `VLLM_MOE_DP_CHUNK_SIZE`: tokens per rank in one expert-parallel dispatch (vLLM's default 256). Raising it raises `NVSHMEM_QP_DEPTH` on decode to DeepEP's minimum, (tokens + 1) x 2, when above its default 1024. Defaults to vLLM's. */
    moeDpChunkSize?: number;
}

/** Dual-batch overlap per role (`wide-ep`). It needs a DeepEP all-to-all backend: with `accelerator.network: tcp` (NCCL all-to-all) it defaults to off on both roles and turning it on is an error. */
export interface WideEpDboConfig {
    /** `--enable-dbo` on decode. Defaults to true (llm-d's guide). */
    decode?: boolean;
    /** `--enable-dbo` on prefill. Defaults to false (llm-d's guide leaves it off). */
    prefill?: boolean;
    /** Decode `--dbo-decode-token-threshold`: the smallest decode-only batch that is split. Defaults to 32 (llm-d's guide). */
    decodeTokenThreshold?: number;
    /** Prefill `--dbo-prefill-token-threshold`: the smallest batch with a prefill that is split. Defaults to vLLM's own (no flag). */
    prefillTokenThreshold?: number;
}

/** How `pulumi up` waits for a service's model servers (Deployments and LeaderWorkerSets). */
export interface RolloutConfig {
    /** Wait until every model-server pod is ready (node provisioned, image pulled, model downloaded and loaded) before `pulumi up` finishes, within a budget derived from the start-up probe of the accelerator and the replicas (printed by `llmd plan`). Defaults to true, except on scale-from-zero pools (GKE flex-start, EKS capacity blocks, pools whose autoscaling starts at 0 nodes), whose nodes may arrive hours later: there `pulumi up` returns once the objects are created. */
    wait?: boolean;
    /** Minutes one model-server pod may take from creation to ready: node provisioning, image pull and model load. Also the Deployment's `progressDeadlineSeconds`. Defaults to the accelerator's start-up probe budget (an hour for vLLM, two for TPU P/D) plus 15 minutes to pull the image and, on pools the stack creates, 15 to provision the node. */
    podStartMinutes?: number;
}

/** Image overrides (defaults come from the release). */
export interface ImageOverrides {
    /** vLLM (or simulator) image. */
    modelServer?: string;
    /** Scheduler image. */
    scheduler?: string;
    /** Routing sidecar image (P/D). */
    routingSidecar?: string;
}

/** One model service: an InferencePool, its scheduler and its model servers. */
export interface ModelServiceConfig {
    /** Service name, a DNS label of at most 40 characters; prefixes every object's name. */
    name: string;
    /** Well-lit path. Defaults to `inference-scheduling`. */
    path?: WellLitPath;
    /** The model. */
    model: ModelConfig;
    /** Accelerator. Defaults to NVIDIA GPUs. */
    accelerator?: AcceleratorConfig;
    /** The decode (serving) model servers. On paths without P/D these serve whole requests. */
    decode?: ModelServerRole;
    /** Prefill model servers: required on `pd-disaggregation`, not allowed on other paths. */
    prefill?: ModelServerRole;
    /** Prefix-cache block size and hash seed, shared by vLLM and the scheduler. */
    prefixCache?: PrefixCacheConfig;
    /** Scheduler overrides. */
    scheduler?: SchedulerConfig;
    /** KV-cache offload to CPU memory: `tiered-prefix-cache` only. Defaults to 100Gi per pod with vLLM's OffloadingConnector on that path. */
    offload?: OffloadConfig;
    /** Wide expert parallelism settings: `wide-ep` only. Defaults: no EPLB, topology key from the chip. */
    wideEp?: WideEpConfig;
    /** Simulator behaviour (accelerator type `simulated` only). */
    simulator?: SimulatorConfig;
    /** InferenceObjectives attached to this service's pool. */
    inferenceObjectives?: InferenceObjectiveConfig[];
    /** Image overrides. */
    images?: ImageOverrides;
    /** Horizontal autoscaling of the decode model servers on vLLM and scheduler metrics (HPA through KEDA, GKE managed Prometheus, or llm-d's Workload Variant Autoscaler). Defaults to off: a fixed `decode.replicas`. */
    autoscaling?: AutoscalingConfig;
    /** How `pulumi up` waits for the model servers. Defaults: wait, with a budget derived from the accelerator and the replicas. */
    rollout?: RolloutConfig;
}

/** The gateway in front of every model service. */
export interface GatewayConfig {
    /** Gateway implementation. Defaults to `istio`. */
    provider?: GatewayProvider;
    /** Gateway name. Defaults to `llm-d-inference-gateway`. */
    name?: string;
    /** Create the Gateway object. Defaults to true; false attaches routes to an existing Gateway of that name. */
    create?: boolean;
    /** HTTP listener port. Defaults to 80. */
    port?: number;
    /** `pulumi up` waits until the Gateway has an address, so the `gatewayAddress` output is filled. Defaults to true on GKE's managed gateways and on clusters the stack creates (a cloud load balancer), false on an existing cluster (kind has no load balancer). */
    waitForAddress?: boolean;
}

/** Cluster-wide prerequisites. */
export interface PlatformConfig {
    /** Install the Gateway API CRDs (standard channel). Defaults to true; set false when the cluster has them. */
    installGatewayApiCrds?: boolean;
    /** Install the Gateway API Inference Extension CRDs (InferencePool). Defaults to true unless `cluster.inferencePoolCrd` says the cluster has it (GKE 1.34.0-gke.1626000 and later install it). */
    installInferenceExtensionCrds?: boolean;
    /** Install the llm-d router's CRDs (InferenceObjective, InferenceModelRewrite) from the release's manifests. Defaults to true unless `cluster.llmdRouterCrds` says the cluster has them. */
    installRouterCrds?: boolean;
    /** Keep the CRDs the stack installed when the stack is destroyed: deleting a CRD deletes every object of its kind in the cluster, other tenants' Gateways, HTTPRoutes and InferencePools included. Defaults to true; false removes them with the stack. */
    retainCrdsOnDestroy?: boolean;
    /** Install the gateway provider's control plane with Helm. Defaults to true (never for GKE's managed gateway). */
    installGatewayControlPlane?: boolean;
    /** Install the LeaderWorkerSet controller and CRD (Helm chart, pinned version) that `wide-ep` model servers run on. Defaults to true when a service uses `wide-ep`, else false; set false when the cluster has it. */
    installLeaderWorkerSet?: boolean;
    /** Install llm-d's Workload Variant Autoscaler controller (and, on v0.8.1, its VariantAutoscaling CRD) in the stack's namespace, from the release's guide rendered and vendored with its provenance. Defaults to true when a service autoscales with `metric: wva`, unless `cluster.workloadVariantAutoscaler` says the cluster runs it. */
    installWorkloadVariantAutoscaler?: boolean;
    /** Install the ROCm device plugin (Helm chart `amd-gpu`, pinned version) that advertises `amd.com/gpu` on AMD nodes, for clusters that lack it. Defaults to false (managed AMD clusters and the AMD GPU operator ship their own). Only with an `amd` service. */
    installAmdDevicePlugin?: boolean;
}

/**
 * What the cluster already runs. The stack installs none of these, creates no object that needs one the
 * cluster lacks, and fails early instead of at `pulumi up` (where a missing CRD or an existing object is
 * an error the preview does not show).
 */
export interface ClusterConfig {
    /** The Gateway API CRDs (gateway.networking.k8s.io). Defaults to true on GKE (a cluster the stack creates, which enables the standard channel, or a `gke-*` gateway), else false. */
    gatewayApiCrds?: boolean;
    /** The Inference Extension's InferencePool CRD (inference.networking.k8s.io). Defaults to true on GKE (1.34.0-gke.1626000 and later install it; false when `gke.version` is older), else false. */
    inferencePoolCrd?: boolean;
    /** The llm-d router's CRDs (llm-d.ai InferenceObjective, InferenceModelRewrite). Defaults to false. */
    llmdRouterCrds?: boolean;
    /** The Prometheus Operator CRDs (monitoring.coreos.com PodMonitor, ServiceMonitor), e.g. from kube-prometheus-stack. Defaults to false: without them no monitor is created. */
    prometheusOperator?: boolean;
    /** Google Cloud Managed Service for Prometheus (monitoring.googleapis.com PodMonitoring). Defaults to true on GKE, else false. */
    gkeManagedPrometheus?: boolean;
    /** KEDA (keda.sh CRDs and operator), needed by the `keda` autoscaling adapter. Defaults to false. */
    keda?: boolean;
    /** The LeaderWorkerSet CRD and controller. Defaults to false (the stack installs them when a service needs them). */
    leaderWorkerSet?: boolean;
    /** NVIDIA's DRA driver with ComputeDomains (resource.nvidia.com CRDs, IMEX daemons), which wide-EP on GB200 NVL72 needs. Defaults to true when the stack creates the cluster with an A4X or P6e-GB200 pool (it installs the driver), else false. */
    nvidiaDraDriver?: boolean;
    /** llm-d's Workload Variant Autoscaler, watching this stack's namespace. Defaults to false (the stack installs it when a service uses `metric: wva`). */
    workloadVariantAutoscaler?: boolean;
    /** Namespaces that exist already (e.g. `istio-system` of an earlier Istio): the stack creates none of them. Defaults to none. */
    namespaces?: string[];
    /** Adopt objects that already exist instead of failing on them (the Kubernetes provider's `upsertExistingObjects`): they are then updated, and deleted with the stack, as if it had created them. Defaults to false. */
    adoptExistingObjects?: boolean;
}

/** An existing cluster to deploy into. */
export interface ExistingClusterConfig {
    /** Path to a kubeconfig file. Defaults to the current kubeconfig ($KUBECONFIG or ~/.kube/config). */
    kubeconfigPath?: string;
    /** Kubeconfig context. Defaults to the current context. */
    context?: string;
}

/** Hugging Face access. The token itself never sits in the config: it comes from `HF_TOKEN` or `tokenFile`. */
export interface HuggingFaceConfig {
    /** Name of the Kubernetes Secret holding the token under key `HF_TOKEN`. Defaults to `llm-d-hf-token`. */
    tokenSecretName?: string;
    /** Create the Secret from the token given to the stack. Defaults to true; false uses an existing Secret. */
    createSecret?: boolean;
    /** A file holding the token (read by the `llmd` CLI), instead of the `HF_TOKEN` environment variable. */
    tokenFile?: string;
}

/** Pod-level network and admission security of the stack. */
export interface SecurityConfig {
    /** Create NetworkPolicies (networking.k8s.io/v1) so model servers accept traffic only from the gateway, their scheduler, their P/D peers and the metrics scraper, and each scheduler only from the gateway and the scraper. Defaults to true; set false when the cluster's CNI does not enforce NetworkPolicy or another tool owns them. */
    networkPolicies?: boolean;
}

/** Metrics scraping and dashboards. */
export interface ObservabilityConfig {
    /** Create PodMonitors and ServiceMonitors (prometheus-operator, monitoring.coreos.com/v1) for vLLM and the scheduler, or PodMonitorings (monitoring.googleapis.com/v1) on a GKE gateway. Defaults to true; set false when the cluster has no Prometheus operator CRDs. */
    monitors?: boolean;
    /** Create the Grafana dashboards as ConfigMaps labelled `grafana_dashboard: "1"` (picked up by Grafana's dashboard sidecar). Defaults to true. */
    dashboards?: boolean;
    /** Namespaces the metrics scraper (Prometheus) runs in: the NetworkPolicies admit it to the metrics ports. Defaults to `monitoring` and `llm-d-monitoring` (llm-d's observability stack, whose Prometheus the autoscalers query), or `gmp-system` (managed collection) on a GKE gateway. */
    scraperNamespaces?: string[];
}

/** The whole stack: the config file has exactly this shape. */
export interface StackConfig {
    /** The llm-d release to deploy: selects every pinned image, chart and CRD version, each path's scheduler config and the vLLM and sidecar flags, as that release's guides set them (`llmd plan` lists them; `llmd diff --release` shows what moving changes). Defaults to the newest release whose pins are verified against upstream. */
    release?: LlmdReleaseName;
    /** Namespace of every llm-d workload. Defaults to `llm-d`. */
    namespace?: string;
    /** Create the namespace. Defaults to true. */
    createNamespace?: boolean;
    /** Deploy into an existing cluster (the default when no cloud is given). Not with `gke` or `eks`. */
    existing?: ExistingClusterConfig;
    /** Create a GKE cluster with accelerator node pools first, then deploy into it. Not with `existing` or `eks`. */
    gke?: GkeConfig;
    /** Create an EKS cluster with accelerator node groups first, then deploy into it. Not with `existing` or `gke`. */
    eks?: EksConfig;
    /** The gateway. */
    gateway?: GatewayConfig;
    /** Cluster-wide prerequisites. */
    platform?: PlatformConfig;
    /** What the cluster already runs (CRDs, controllers, namespaces). Defaults per cloud: see each field. */
    cluster?: ClusterConfig;
    /** Hugging Face token Secret. */
    huggingFace?: HuggingFaceConfig;
    /** NetworkPolicies. Defaults: on. */
    security?: SecurityConfig;
    /** Monitors and dashboards. Defaults: both on. */
    observability?: ObservabilityConfig;
    /** How the Workload Variant Autoscaler the stack installs reaches Prometheus (only with a `metric: wva` service). */
    wva?: WvaConfig;
    /** The model services (at least one). */
    services: ModelServiceConfig[];
}
