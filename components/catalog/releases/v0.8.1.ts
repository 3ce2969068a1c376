// llm-d v0.8.1 (router v0.9.0, vLLM v0.23.0): everything this release pins, and the endpoint-picker
// config of each well-lit path as its guides set it.
//
// "L@0627" = llm-d/llm-d main of 2026-06-25..27 (b2afd413; mirrored at zetxqx/llm-d 7edda66), the
// v0.8.1 state ("Point to patch v0.8.1", llm-d/llm-d #1958). Router files are read at
// llm-d/llm-d-router tag v0.9.0 (5f4e762). The upstream artifacts these values are checked against
// are vendored in tests/fixtures/upstream/v0.8.1/ (PROVENANCE.md there).
import { EndpointPickerConfig, LlmdRelease, PluginSpec, SchedulerInputs, WvaRelease } from "./types";
import WVA_INSTALL from "./upstream/wva-v0.8.1.json";

const L = "llm-d/llm-d @b2afd413 (2026-06-25; zetxqx/llm-d 7edda66) ";
const EPC_API = "llm-d.ai/v1alpha1";

function config(plugins: PluginSpec[], profiles: EndpointPickerConfig["schedulingProfiles"], extra: Partial<EndpointPickerConfig> = {}): EndpointPickerConfig {
    return { apiVersion: EPC_API, kind: "EndpointPickerConfig", plugins, schedulingProfiles: profiles, ...extra };
}

/** approx-prefix-cache-producer as router v0.9.0 defaults it, hashing in vLLM's block size. */
export function approxProducerV081(inp: SchedulerInputs, name?: string, params: Record<string, unknown> = {}): PluginSpec {
    return {
        type: "approx-prefix-cache-producer",
        ...(name ? { name } : {}),
        // The simulator exports no cache-size metric to tune from, so the LRU capacity stays fixed there.
        parameters: { blockSizeTokens: inp.blockSize, autoTune: !inp.simulated, maxPrefixTokensToMatch: 131072, lruCapacityPerServer: 31250, ...params },
    };
}

/** source: L@0627 guides/optimized-baseline/router/optimized-baseline.values.yaml (queue 2, kv 2, prefix 3, no-hit-lru 2). */
function inferenceScheduling(inp: SchedulerInputs): EndpointPickerConfig {
    const byProducer = { prefixMatchInfoProducerName: "approx-prefix-cache-producer" };
    return config(
        [
            approxProducerV081(inp),
            { type: "prefix-cache-scorer", parameters: byProducer },
            { type: "queue-scorer" },
            { type: "kv-cache-utilization-scorer" },
            { type: "no-hit-lru-scorer", parameters: byProducer },
            { type: "single-profile-handler" },
            { type: "max-score-picker" },
        ],
        [
            {
                name: "default",
                plugins: [
                    { pluginRef: "queue-scorer", weight: 2 },
                    { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "no-hit-lru-scorer", weight: 2 },
                    { pluginRef: "max-score-picker" },
                ],
            },
        ],
    );
}

const PRECISE = "precise-prefix-cache-producer";

/** The precise producer's event subscription: pod discovery on vLLM, one bound socket for simulators (centralized mode). */
export function kvEventsSubscription(inp: SchedulerInputs, podDiscovery: Record<string, unknown>): Record<string, unknown> {
    return inp.simulated
        ? { topicFilter: "kv@", concurrency: 8, discoverPods: false, zmqEndpoint: inp.centralKvEventsBind }
        : { topicFilter: "kv@", concurrency: 8, discoverPods: true, podDiscoveryConfig: podDiscovery };
}

/**
 * The precise index every precise config builds on: the token producer tokenizing through the render Service,
 * pod add/remove notifications telling the producer which pods to subscribe to, and the producer with the
 * release's parameters. Plugins go first in the config; the data layer wires notifications to the producer.
 */
export function preciseIndex(inp: SchedulerInputs, producerParameters: Record<string, unknown>): { plugins: PluginSpec[]; dataLayer: NonNullable<EndpointPickerConfig["dataLayer"]> } {
    return {
        plugins: [
            { type: "token-producer", parameters: { modelName: inp.modelId, vllm: { url: inp.renderUrl } } },
            { type: "endpoint-notification-source" },
            { type: PRECISE, parameters: producerParameters },
        ],
        dataLayer: { sources: [{ pluginRef: "endpoint-notification-source", extractors: [{ pluginRef: PRECISE }] }] },
    };
}

/** source: L@0627 guides/precise-prefix-cache-routing/router/precise-prefix-cache-routing.values.yaml. */
function precisePrefixCache(inp: SchedulerInputs): EndpointPickerConfig {
    const byProducer = { prefixMatchInfoProducerName: PRECISE };
    const index = preciseIndex(inp, {
        tokenProcessorConfig: { blockSize: inp.blockSize, hashSeed: inp.hashSeed },
        speculativeIndexing: true,
        indexerConfig: { kvBlockIndexConfig: { enableMetrics: true } },
        kvEventsConfig: kvEventsSubscription(inp, { socketPort: inp.kvEventsPort }),
    });
    return config(
        [
            ...index.plugins,
            { type: "prefix-cache-scorer", parameters: byProducer },
            { type: "kv-cache-utilization-scorer" },
            { type: "queue-scorer" },
            { type: "no-hit-lru-scorer", parameters: byProducer },
            { type: "single-profile-handler" },
            { type: "max-score-picker" },
        ],
        [
            {
                name: "default",
                plugins: [
                    { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
                    { pluginRef: "queue-scorer", weight: 2 },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "no-hit-lru-scorer", weight: 2 },
                    { pluginRef: "max-score-picker" },
                ],
            },
        ],
        { dataLayer: index.dataLayer },
    );
}

/** The P/D decider: always, or by uncached prompt tokens when a threshold is set. */
export function pdDecider(inp: SchedulerInputs): PluginSpec {
    return inp.pdThreshold === undefined ? { type: "always-disagg-pd-decider" } : { type: "prefix-based-pd-decider", parameters: { nonCachedTokens: inp.pdThreshold } };
}

/** source: L@0627 guides/pd-disaggregation/router/pd-disaggregation.values.yaml. */
function pdDisaggregation(inp: SchedulerInputs): EndpointPickerConfig {
    const decider = pdDecider(inp);
    return config(
        [
            // Sets x-prefiller-host-port for the sidecar (the v0.9.0 router guide still declares it).
            { type: "disagg-headers-handler" },
            decider,
            { type: "disagg-profile-handler", parameters: { profiles: { prefill: "prefill", decode: "decode" }, deciders: { prefill: decider.type } } },
            { type: "prefill-filter" },
            { type: "decode-filter" },
            // Declared so its block size is vLLM's (the guide's implicit producer would hash in 16-token blocks).
            approxProducerV081(inp),
            { type: "prefix-cache-scorer", parameters: { prefixMatchInfoProducerName: "approx-prefix-cache-producer" } },
            { type: "queue-scorer" },
            { type: "kv-cache-utilization-scorer" },
            { type: "active-request-scorer" },
            { type: "max-score-picker" },
        ],
        [
            {
                name: "prefill",
                plugins: [
                    { pluginRef: "prefill-filter" },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "queue-scorer", weight: 2 },
                    { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
                    { pluginRef: "max-score-picker" },
                ],
            },
            {
                name: "decode",
                plugins: [
                    { pluginRef: "decode-filter" },
                    { pluginRef: "active-request-scorer", weight: 2 },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "max-score-picker" },
                ],
            },
        ],
    );
}

/** source: L@0627 guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml (every weight unset: 1). */
export function tieredPrefixCacheV081(inp: SchedulerInputs): EndpointPickerConfig {
    const scorer = (name: string, producer: string): PluginSpec => ({ type: "prefix-cache-scorer", name, parameters: { prefixMatchInfoProducerName: producer } });
    return config(
        [
            approxProducerV081(inp, "gpu-prefix-cache-producer"),
            // vLLM emits no metric for its CPU tier, so this one cannot auto-tune.
            approxProducerV081(inp, "cpu-prefix-cache-producer", { autoTune: false, lruCapacityPerServer: inp.cpuLruCapacity }),
            scorer("gpu-prefix-cache-scorer", "gpu-prefix-cache-producer"),
            scorer("cpu-prefix-cache-scorer", "cpu-prefix-cache-producer"),
            { type: "queue-scorer" },
            { type: "kv-cache-utilization-scorer" },
            // Cold requests are spread by GPU-tier misses.
            { type: "no-hit-lru-scorer", parameters: { prefixMatchInfoProducerName: "gpu-prefix-cache-producer" } },
            { type: "single-profile-handler" },
            { type: "max-score-picker" },
        ],
        [
            {
                name: "default",
                plugins: [
                    { pluginRef: "queue-scorer", weight: 1 },
                    { pluginRef: "kv-cache-utilization-scorer", weight: 1 },
                    { pluginRef: "gpu-prefix-cache-scorer", weight: 1 },
                    { pluginRef: "cpu-prefix-cache-scorer", weight: 1 },
                    { pluginRef: "no-hit-lru-scorer", weight: 1 },
                    { pluginRef: "max-score-picker" },
                ],
            },
        ],
    );
}

/**
 * P/D's plugins without the KV-utilization scorer; prefill by prefix (3), queue (2) and active requests (2);
 * decode by active requests. source: L@0627 guides/wide-ep-lws/router/wide-ep-lws.values.yaml.
 */
export function wideEpV081(inp: SchedulerInputs): EndpointPickerConfig {
    const cfg = pdDisaggregation(inp);
    cfg.plugins = cfg.plugins.filter((p) => p.type !== "kv-cache-utilization-scorer");
    cfg.schedulingProfiles = [
        {
            name: "prefill",
            plugins: [
                { pluginRef: "prefill-filter" },
                { pluginRef: "prefix-cache-scorer", weight: 3 },
                { pluginRef: "queue-scorer", weight: 2 },
                { pluginRef: "active-request-scorer", weight: 2 },
                { pluginRef: "max-score-picker" },
            ],
        },
        { name: "decode", plugins: [{ pluginRef: "decode-filter" }, { pluginRef: "active-request-scorer", weight: 1 }, { pluginRef: "max-score-picker" }] },
    ];
    return cfg;
}

export const V0_8_1: LlmdRelease = {
    name: "v0.8.1",
    date: "2026-06-25 (patch release of release-0.8)",
    source: `${L}guides/env.sh and guides/recipes/modelserver/components/images/*`,
    router: { version: "v0.9.0", source: `${L}guides/env.sh ROUTER_EPP_VERSION / ROUTER_CHART_VERSION` },
    images: {
        endpointPicker: "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0",
        routingSidecar: "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0",
        simulator: "ghcr.io/llm-d/llm-d-inference-sim:v0.9.2",
        render: "docker.io/vllm/vllm-openai-cpu:v0.23.0",
        wideEp: "ghcr.io/llm-d/llm-d-cuda:v0.8.0",
        modelServer: {
            nvidia: "docker.io/vllm/vllm-openai:v0.23.0",
            amd: "ghcr.io/llm-d/llm-d-rocm:v0.7.0",
            tpu: "docker.io/vllm/vllm-tpu:v0.22.0",
            "intel-xpu": "ghcr.io/llm-d/llm-d-xpu:v0.7.0",
            // llm-d removed Gaudi before this release (#1886); the last image is kept for `images.modelServer` users of older stacks.
            "intel-gaudi": "ghcr.io/llm-d/llm-d-hpu:v0.7.0",
            cpu: "ghcr.io/llm-d/llm-d-cpu:v0.7.0",
            simulated: "ghcr.io/llm-d/llm-d-inference-sim:v0.9.2",
        },
        modelServerForPath: {
            // The TPU P/D guide pins its own vLLM TPU build (TPUConnector). The precise TPU guide's vllm-tpu:v0.11.1 is
            // not followed: that vLLM lacks --disable-access-log-for-endpoints, which the guide's own base args pass.
            tpu: {
                "pd-disaggregation": { image: "docker.io/vllm/vllm-tpu:v0.18.0", vllm: "v0.18.0", source: `${L}guides/pd-disaggregation/modelserver/tpu/v6/vllm/kustomization.yaml` },
            },
        },
        modelServerForNetwork: {
            // AWS's vLLM deep-learning container (in AWS's us-east-1 ECR account): libfabric with EFA for NIXL's LIBFABRIC backend.
            efa: {
                nvidia: {
                    "pd-disaggregation": {
                        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/vllm:0.23.0-gpu-py312-cu130-ubuntu22.04-ec2",
                        vllm: "v0.23.0",
                        source: `${L}guides/pd-disaggregation/modelserver/gpu/vllm/aws/kustomization.yaml`,
                    },
                },
            },
        },
        sources: {
            endpointPicker: `${L}guides/env.sh ROUTER_EPP_IMAGE`,
            routingSidecar: `${L}guides/recipes/modelserver/components/images/routing-sidecar/kustomization.yaml (also inline in the wide-ep-lws decode LWS)`,
            simulator: "llm-d/llm-d-router v0.9.0 deploy/components/overlays/simulator/kustomization.yaml (e2e pin; llm-d/llm-d #1819)",
            render: `${L}guides/precise-prefix-cache-routing/render/deployment.yaml`,
            wideEp: `${L}guides/wide-ep-lws/modelserver/gpu/vllm/base/prefill.yaml (decode runs a nightly llm-d-cuda-dev build; the release image serves both roles here)`,
            nvidia: `${L}guides/recipes/modelserver/components/images/gpu-vllm/kustomization.yaml`,
            amd: `${L}guides/recipes/modelserver/components/images/amd-vllm/kustomization.yaml`,
            tpu: `${L}guides/recipes/modelserver/components/images/tpu-vllm/kustomization.yaml`,
            "intel-xpu": `${L}guides/recipes/modelserver/components/images/xpu-vllm/kustomization.yaml`,
            "intel-gaudi": "llm-d/llm-d 023e437a^ guides/recipes/modelserver/components/images/hpu-vllm (removed by #1886, 2026-06-22)",
            cpu: `${L}guides/recipes/modelserver/components/images/cpu-vllm/kustomization.yaml`,
        },
    },
    // llm-d-{rocm,xpu,cpu}:v0.7.0 were built at llm-d "Prep v0.7.0" (08fe5b66, docker/common-versions): vLLM v0.19.1,
    // ROCm from vllm-openai-rocm:v0.20.1; llm-d-cuda:v0.8.0 at "v0.8.0 release prep" (93a7b5d): vLLM v0.23.0.
    vllm: {
        modelServer: { nvidia: "v0.23.0", amd: "v0.20.1", tpu: "v0.22.0", "intel-xpu": "v0.19.1", "intel-gaudi": "v0.19.1", cpu: "v0.19.1" },
        wideEp: "v0.23.0",
        render: "v0.23.0",
    },
    simulatorVersion: "v0.9.2",
    crds: {
        gatewayApi: {
            version: "v1.5.1",
            url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
            source: `${L}guides/recipes/gateway/install-gateway-crds.sh GATEWAY_API_VERSION`,
        },
        inferenceExtension: {
            version: "v1.5.0",
            url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml",
            source: `${L}guides/env.sh GAIE_VERSION`,
        },
        llmdRouter: {
            version: "v0.9.0",
            url: "https://github.com/llm-d/llm-d-router/releases/download/v0.9.0/manifests.yaml",
            source: `${L}guides/flow-control CI script (releases/download/\${ROUTER_RELEASE_VERSION}/manifests.yaml)`,
        },
    },
    charts: {
        istio: { version: "1.29.2", source: `${L}docs/infrastructure/gateway/istio.md ISTIO_VERSION` },
        agentgateway: { version: "v1.1.0", source: `${L}docs/infrastructure/gateway/agentgateway.md AGENTGATEWAY_VERSION` },
        kgateway: { version: "v2.1.0", source: `${L}guides/prereq/gateway-provider/kgateway.helmfile.yaml (deprecated in favour of agentgateway)` },
        leaderWorkerSet: { version: "0.9.0", source: `${L}docs/infrastructure/multi-node.md` },
        bodyBasedRouter: { version: "v1.5.0", source: "kubernetes-sigs/gateway-api-inference-extension v1.5.0 config/charts/body-based-routing (the GAIE release the router pins)" },
    },
    apiVersions: { inferencePool: "inference.networking.k8s.io/v1", inferenceObjective: "llm-d.ai/v1alpha2", endpointPickerConfig: EPC_API },
    scheduler: {
        "inference-scheduling": inferenceScheduling,
        "precise-prefix-cache": precisePrefixCache,
        "pd-disaggregation": pdDisaggregation,
        "tiered-prefix-cache": tieredPrefixCacheV081,
        "wide-ep": wideEpV081,
    },
    precise: { schedulerReplicas: 2, tokenizer: "standalone" },
    accessLogExcludedEndpoints: { default: ["/health", "/metrics", "/v1/models"], precise: ["/health", "/metrics", "/v1/models"] },
    // Router v0.9.0 pkg/sidecar/proxy/options.go defaultVLLMPort = "8001": the guides pass --vllm-port=8200.
    // source of --enable-prefiller-sampling: L@0627 guides/wide-ep-lws/modelserver/gpu/vllm/base/decode.yaml.
    sidecar: { defaultBackendPort: 8001, wideEpArgs: ["--enable-prefiller-sampling"] },
    nvl72: {
        // L@0627 guides/wide-ep-lws/modelserver/gpu/vllm-deepseek-v4/base/decode.yaml (NCCL MNNVL, symmetric memory
        // through NVSHMEM, UCX cuda_ipc over MNNVL then tcp; no hostIPC) and vllm/dgx-cloud-gb200/kustomization.yaml
        // (the GB200 build of llm-d-cuda).
        env: [
            ["NCCL_MNNVL_ENABLE", "1"],
            ["NCCL_NVLS_ENABLE", "1"],
            ["NCCL_CUMEM_ENABLE", "1"],
            ["NCCL_P2P_LEVEL", "NVL"],
            ["VLLM_USE_NCCL_SYMM_MEM", "1"],
            ["TORCH_SYMMMEM", "NVSHMEM"],
            ["UCX_CUDA_IPC_ENABLE_MNNVL", "y"],
            ["UCX_TLS", "cuda_copy,cuda_ipc,tcp"],
            ["UCX_MEMTYPE_CACHE", "n"],
            ["UCX_MEMTYPE_REG_WHOLE", "n"],
        ],
        hostIpc: false,
        wideEpImage: "ghcr.io/llm-d/llm-d-cuda-gb200:v0.8.0",
        source: `${L}guides/wide-ep-lws/modelserver/gpu/vllm-deepseek-v4/base/decode.yaml; ${L}guides/wide-ep-lws/modelserver/gpu/vllm/dgx-cloud-gb200/kustomization.yaml`,
    },
    wva: {
        install: WVA_INSTALL as WvaRelease["install"],
        // The v0.8 guide drives an HPA through Prometheus Adapter (no KEDA path for WVA in this release).
        adapters: ["prometheus-adapter"],
        deprecatedAdapters: {},
        source: `${L}guides/workload-autoscaling/README.wva.md (CRDs from config/base/crd?ref=release-0.8, controller from wva-config/platform/k8s), optimized-baseline-autoscaling/hpa.yaml, components/prometheus-adapter/wva-adapter-values.yaml`,
    },
    kvTiers: { scored: ["gpu", "cpu"], source: "L@0627 guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml: gpu- and cpu-prefix-cache scorers; the fs (storage) variant of the guide uses these same values, so the storage tier is not scored" },
    flowControlScheduler: {},
    metrics: {
        queueSize: "llm_d_epp_flow_control_queue_size",
        runningRequests: "llm_d_epp_request_running",
        requestTotal: "inference_objective_request_total",
        requestDuration: "inference_objective_request_duration_seconds",
        perPodQueueSize: "inference_pool_per_pod_queue_size",
        poolKvCacheUtilization: "inference_pool_average_kv_cache_utilization",
        poolReadyPods: "inference_pool_ready_pods",
        perPodLabel: "model_server_pod",
    },
    deprecations: [
        { what: "gateway kgateway", status: "deprecated", replacement: "agentgateway", source: `${L}guides/prereq/gateway-provider (kgateway recipes deprecated in 2026)` },
        { what: "sidecar --connector", status: "deprecated", replacement: "--kv-connector", source: "llm-d/llm-d-router v0.9.0 pkg/sidecar/proxy/options.go (removed in v0.10.0, #2054)" },
        { what: "plugin disagg-headers-handler", status: "deprecated", replacement: "disagg-profile-handler", source: "llm-d/llm-d-router v0.10.0 cmd/epp/runner/runner.go RegisterDeprecated(..., \"v0.9.0\", \"v0.11.0\", ...)" },
    ],
    unsupported: [
        {
            vendor: "intel-gaudi",
            reason: "llm-d removed Intel Gaudi (HPU) support before this release: no guide, image or overlay ships it",
            source: "llm-d/llm-d 023e437a \"Remove HPU (Intel Gaudi) support (#1886)\", 2026-06-22",
        },
    ],
};
