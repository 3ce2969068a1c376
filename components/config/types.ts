// The public input types of LlmdStack: the config file has exactly this shape.
// These interfaces are what the component provider's schema is inferred from (so: interfaces,
// string enums, optional sub-objects, no unions), and every field's doc comment becomes the
// description users of Python, Go, .NET and YAML read. The zod schema in ./schema.ts validates
// the same shape; a compile-time check there keeps the two in step.

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
    /** Accept KV-cache transfer over TCP on the pod network (UCX's TCP transport): works anywhere, but moving the KV cache of a long prompt takes far longer than prefilling it again. */
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
    /** Extended resources of the accelerator network each pod of this role asks for (requests and limits), e.g. `{"rdma/ib": 1}` with an RDMA device plugin, or `{"vpc.amazonaws.com/efa": 8}` on EKS. Only on `pd-disaggregation`. Defaults to none. */
    networkResources?: { [resource: string]: number };
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
    /** The network between accelerator nodes: P/D moves KV cache over it with NIXL (UCX on `rdma-roce` and `infiniband`, LIBFABRIC on `efa`). Defaults to `none`, on which `pd-disaggregation` is an error unless this is `tcp`. Ignored for `simulated`. */
    network?: AcceleratorNetwork;
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

/** Image overrides (defaults come from versions.ts). */
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
    /** Simulator behaviour (accelerator type `simulated` only). */
    simulator?: SimulatorConfig;
    /** InferenceObjectives attached to this service's pool. */
    inferenceObjectives?: InferenceObjectiveConfig[];
    /** Image overrides. */
    images?: ImageOverrides;
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
}

/** Cluster-wide prerequisites. */
export interface PlatformConfig {
    /** Install the Gateway API CRDs (standard channel). Defaults to true; set false when the cluster has them. */
    installGatewayApiCrds?: boolean;
    /** Install the Gateway API Inference Extension CRDs. Defaults to true; GKE 1.34+ has them built in. */
    installInferenceExtensionCrds?: boolean;
    /** Install the gateway provider's control plane with Helm. Defaults to true (never for GKE's managed gateway). */
    installGatewayControlPlane?: boolean;
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

/** The whole stack: the config file has exactly this shape. */
export interface StackConfig {
    /** Namespace of every llm-d workload. Defaults to `llm-d`. */
    namespace?: string;
    /** Create the namespace. Defaults to true. */
    createNamespace?: boolean;
    /** Deploy into an existing cluster (the default when no cloud is given). */
    existing?: ExistingClusterConfig;
    /** The gateway. */
    gateway?: GatewayConfig;
    /** Cluster-wide prerequisites. */
    platform?: PlatformConfig;
    /** Hugging Face token Secret. */
    huggingFace?: HuggingFaceConfig;
    /** The model services (at least one). */
    services: ModelServiceConfig[];
}
