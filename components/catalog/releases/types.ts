// What one llm-d release pins and how it configures each well-lit path: the shape every release
// module (./v0.8.1.ts, ./v0.9.0.ts, ...) fills in. Data only; builders ask the release for what
// differs between releases instead of branching on its name.
import type { AcceleratorVendor } from "../accelerators";

/** Well-lit path ids (config/types.ts WellLitPath values; the catalog imports nothing from config). */
/** Where the tiered prefix cache keeps KV blocks: accelerator memory, host memory, shared storage. */
export type KvTier = "gpu" | "cpu" | "storage";

export type PathId = "inference-scheduling" | "precise-prefix-cache" | "pd-disaggregation" | "tiered-prefix-cache" | "wide-ep";

/** A Kubernetes object read from an upstream manifest (the catalog imports nothing from the builders). */
export interface UpstreamObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: unknown;
}

/** The adapters that carry WVA's `wva_desired_replicas` to a model server's replica count. */
export type WvaAdapter = "prometheus-adapter" | "keda";

export interface WvaRelease {
    /** The rendered install (components/catalog/releases/upstream/wva-<release>.json). */
    install: { source: Record<string, string>; crds: UpstreamObject[]; objects: UpstreamObject[] };
    /** Adapters the release's guide documents, the first its recommendation; a reason for each it deprecates. */
    adapters: WvaAdapter[];
    deprecatedAdapters: Partial<Record<WvaAdapter, string>>;
    source: string;
}

/** One plugin of the endpoint picker's config (`EndpointPickerConfig.plugins[]`). */
export interface PluginSpec {
    type: string;
    name?: string;
    parameters?: Record<string, unknown>;
}

/** A plugin in a scheduling profile; scorers may carry a weight (the router reads a missing weight as 1). */
export interface ProfilePluginRef {
    pluginRef: string;
    weight?: number;
}

export interface SchedulingProfile {
    name: string;
    plugins: ProfilePluginRef[];
}

/** The endpoint picker's config file (llm-d router `EndpointPickerConfig`). */
export interface EndpointPickerConfig {
    apiVersion: string;
    kind: "EndpointPickerConfig";
    featureGates?: string[];
    plugins: PluginSpec[];
    schedulingProfiles: SchedulingProfile[];
    /** Data sources and the extractors they feed (e.g. pod notifications to the precise producer). */
    dataLayer?: { sources: { pluginRef: string; extractors: { pluginRef: string }[] }[] };
}

/** What a path's scheduler config needs to know about its service (computed by manifests/scheduler). */
export interface SchedulerInputs {
    /** vLLM's `--block-size`: the scheduler hashes prompts in the same blocks. */
    blockSize: number;
    /** vLLM's PYTHONHASHSEED. */
    hashSeed: string;
    /** Hugging Face id of the served model (the precise path tokenizes with its tokenizer). */
    modelId: string;
    /** Simulated model servers: no cache-size metric to auto-tune from; KV events in centralized mode. */
    simulated: boolean;
    /** Precise path: the tokenizer's URL (the `render` Service). */
    renderUrl: string;
    /** Precise path: the ZMQ port every vLLM pod publishes KV events on (pod discovery). */
    kvEventsPort: number;
    /** Precise path, simulated: the socket the scheduler binds for centralized events (`tcp://*:5557`). */
    centralKvEventsBind: string;
    /** P/D: `prefix-based-pd-decider`'s nonCachedTokens; absent = always disaggregate. */
    pdThreshold?: number;
    /** Tiered: blocks of offloaded KV cache one pod holds in CPU memory. */
    cpuLruCapacity: number;
    /** Peer-to-peer KV sharing: the fewest tokens a peer must hold beyond the chosen pod's for a pull to beat recomputing. */
    minCachedTokenDelta?: number;
}

export type SchedulerConfigBuilder = (inputs: SchedulerInputs) => EndpointPickerConfig;

/** A CRD release manifest applied from its URL. */
export interface ManifestPin {
    version: string;
    url: string;
    source: string;
}

export interface ChartPin {
    version: string;
    source: string;
}

/** How the precise path is laid out in this release. */
export interface PreciseLayout {
    /** Endpoint-picker replicas on real accelerators (active-active, or one when the plugins keep per-process state). */
    schedulerReplicas: number;
    /**
     * Who tokenizes for the scheduler: a standalone `vllm launch render` Deployment behind the `render` Service,
     * or a Service named `render` that selects the decode model servers themselves (vLLM serves the render API).
     */
    tokenizer: "standalone" | "decode-service";
    /** vLLM's KV-event replay socket (the scheduler re-syncs a pod's blocks from it after a restart); absent = none. */
    replayPort?: number;
}

/** How a release's P2P KV-cache-sharing guide lays out model servers, sidecar and picker. */
export interface P2pLayout {
    /** The vLLM image of the guide (NVIDIA) and the vLLM release inside it. */
    image: string;
    vllm: string;
    /** The port each pod's P2P tier listens on (vLLM's secondary tier and the sidecar's --p2p-connector-port). */
    port: number;
    /** The sidecar's --kv-connector for pulls through the offloading connector. */
    sidecarConnector: string;
    /** The guide's pull-versus-recompute threshold (calibrated on its hardware). */
    minCachedTokenDelta: number;
    /** The picker's config. */
    scheduler: SchedulerConfigBuilder;
    source: string;
}

/** Prometheus names of the endpoint picker's metrics (autoscaling triggers, dashboards). */
export interface EppMetricNames {
    /** Requests waiting in flow control (needs the `flowControl` feature gate). */
    queueSize: string;
    /** Requests in flight per model. */
    runningRequests: string;
    /** Requests served, per model (counter). */
    requestTotal: string;
    /** End-to-end request latency histogram (seconds), per model. */
    requestDuration: string;
    /** Queue size of each model server, as the picker sees it. */
    perPodQueueSize: string;
    /** Average KV-cache utilization of the pool. */
    poolKvCacheUtilization: string;
    /** Ready model servers of the pool. */
    poolReadyPods: string;
    /** The label of `perPodQueueSize` naming the model server. */
    perPodLabel: string;
}

/** A flag, plugin or component a release deprecates (still accepted) or removed. */
export interface Deprecation {
    /** What: `sidecar --connector`, `plugin disagg-headers-handler`, `gateway kgateway`. */
    what: string;
    /** Deprecated (still works, warned about) or removed (refused). */
    status: "deprecated" | "removed";
    replacement?: string;
    source: string;
}

/** A combination this project offers that the release does not support: the config is refused, naming the release. */
export interface Unsupported {
    path?: PathId;
    vendor?: AcceleratorVendor;
    gateway?: string;
    reason: string;
    source: string;
}

export interface LlmdRelease {
    /** The llm-d release tag, e.g. `v0.9.0`. */
    name: string;
    /** When it was published (or its pins merged), and what the evidence is. */
    date: string;
    /** Where the pins below were read (repository and commit). */
    source: string;
    /** The llm-d router release it ships (endpoint picker, P/D sidecar, router CRDs). */
    router: { version: string; source: string };
    images: {
        endpointPicker: string;
        routingSidecar: string;
        /** llm-d-inference-sim, for simulated accelerators. */
        simulator: string;
        /** The CPU vLLM image of the precise path's standalone tokenizer (`vllm launch render`). */
        render: string;
        /** llm-d's CUDA build (DeepEP, NVSHMEM, NIXL) that wide-EP runs on NVIDIA. */
        wideEp: string;
        /** The model-server image per accelerator vendor. */
        modelServer: Record<AcceleratorVendor, string>;
        /** Guides that deploy another image on one path of a vendor (e.g. llm-d's ROCm build for AMD P/D), with its vLLM. */
        modelServerForPath?: Partial<Record<AcceleratorVendor, Partial<Record<PathId, { image: string; vllm: string; source: string }>>>>;
        /**
         * Guides that deploy another image on an accelerator network, keyed network, vendor, path (llm-d's AWS P/D
         * overlay: AWS's deep-learning container, which has libfabric with EFA and aws-ofi-nccl). Wins over modelServerForPath.
         */
        modelServerForNetwork?: Partial<Record<"efa", Partial<Record<AcceleratorVendor, Partial<Record<PathId, { image: string; vllm: string; source: string }>>>>>>;
        /** Where each image pin was read. */
        sources: Record<string, string>;
    };
    /** The vLLM release inside each model-server image (its flags are checked against that release). */
    vllm: { modelServer: Record<Exclude<AcceleratorVendor, "simulated">, string>; wideEp: string; render: string };
    /** The llm-d-inference-sim release of `images.simulator`. */
    simulatorVersion: string;
    crds: { gatewayApi: ManifestPin; inferenceExtension: ManifestPin; llmdRouter: ManifestPin };
    /** Charts the platform installs at this release's tested versions. */
    charts: { istio: ChartPin; agentgateway: ChartPin; kgateway: ChartPin; leaderWorkerSet: ChartPin; bodyBasedRouter: ChartPin };
    apiVersions: { inferencePool: string; inferenceObjective: string; endpointPickerConfig: string };
    /** The endpoint picker's config per well-lit path, as the release's guides set it. */
    scheduler: Record<PathId, SchedulerConfigBuilder>;
    precise: PreciseLayout;
    /** vLLM endpoints kept out of the access log (`--disable-access-log-for-endpoints`). */
    accessLogExcludedEndpoints: { default: string[]; precise: string[] };
    /**
     * Routing sidecar (P/D, wide-EP): the port it forwards to when `--vllm-port` is not given (8001 in router
     * v0.9.0, 8200 from v0.10.0; the builder passes the flag only when vLLM listens elsewhere, as the guides do),
     * and the flags the wide-EP guide adds.
     */
    sidecar: { defaultBackendPort: number; wideEpArgs: string[] };
    /**
     * Scheduler configs that replace the path's when the service autoscales on the picker's flow-control
     * queue (llm-d's KEDA queue guide swaps the router config), keyed by path.
     */
    flowControlScheduler: Partial<Record<PathId, SchedulerConfigBuilder>>;
    /**
     * Wide-EP across a multi-node NVLink domain (GB200 NVL72): the NCCL, NVSHMEM and UCX settings of the
     * release's NVL72 recipe, whether its pods share the host's IPC and PID namespaces (cross-pod cuda_ipc
     * for NIXL over NVLink), and the image it runs there when not the wide-EP image.
     */
    nvl72: { env: [string, string][]; hostIpc: boolean; wideEpImage?: string; source: string };
    /**
     * The tiered prefix cache's KV tiers the picker scores (one prefix-cache scorer per tier); a storage
     * tier below them is used by vLLM but not scored when absent here.
     */
    kvTiers: { scored: KvTier[]; source: string };
    /**
     * Peer-to-peer KV sharing, where the release has a guide for it: every model server serves its CPU tier to
     * its peers and pulls cached prefixes from them (vLLM's TieringOffloadingSpec with a `p2p` secondary tier,
     * over NIXL); the routing sidecar in front injects the pull the picker chose (`p2p-source-producer` on the
     * precise prefix index). The guide runs its own vLLM image on NVIDIA GPUs.
     */
    p2p?: P2pLayout;
    /**
     * llm-d's Workload Variant Autoscaler: the controller (and, where the release's guide installs it, the
     * VariantAutoscaling CRD) exactly as the guide's kustomization renders it, vendored with its provenance
     * (scripts/vendor-wva.mjs), and the ways the guide feeds WVA's desired replicas to a model server.
     */
    wva: WvaRelease;
    metrics: EppMetricNames;
    deprecations: Deprecation[];
    unsupported: Unsupported[];
}
