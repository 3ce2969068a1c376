// llm-d v0.9.0 "Hardened for Scale" (router v0.10.0, vLLM v0.26.0): everything this release pins,
// and the endpoint-picker config of each well-lit path as its guides set it.
//
// "G" = llm-d/llm-d @e3dbeca1 "Update env for release v0.9.0 (#2315)", 2026-08-18: the pinned state the
// release-0.9 branch was cut from (llm-d/llm-d main history mirrored at scydas/llm-d). Router files are
// read at llm-d/llm-d-router tag v0.10.0 (71f4f099). Upstream artifacts: tests/fixtures/upstream/v0.9.0/.
//
// What changed from v0.8.1, and what did not, is said beside each value; unchanged path configs are
// taken from the v0.8.1 module.
import { approxProducerV081, kvEventsSubscription, pdDecider, preciseIndex, tieredPrefixCacheV081, V0_8_1 } from "./v0.8.1";
import { EndpointPickerConfig, LlmdRelease, PluginSpec, SchedulerInputs, WvaRelease } from "./types";
import WVA_INSTALL from "./upstream/wva-v0.9.0.json";

const G = "llm-d/llm-d @e3dbeca1 (2026-08-18, PR #2315) ";
const R = "llm-d/llm-d-router v0.10.0 ";
const EPC_API = "llm-d.ai/v1alpha1";

function config(plugins: PluginSpec[], profiles: EndpointPickerConfig["schedulingProfiles"], extra: Partial<EndpointPickerConfig> = {}): EndpointPickerConfig {
    return { apiVersion: EPC_API, kind: "EndpointPickerConfig", plugins, schedulingProfiles: profiles, ...extra };
}

/**
 * source: G guides/optimized-baseline/router/optimized-baseline.values.yaml: token-load routing, no weights.
 * The producer is declared with vLLM's block size (the guide leaves the router's default of 16 tokens,
 * which equals vLLM's default; a configured block size must reach both sides).
 */
function inferenceScheduling(inp: SchedulerInputs): EndpointPickerConfig {
    return config(
        [approxProducerV081(inp), { type: "inflight-load-producer" }, { type: "prefix-cache-affinity-filter" }, { type: "token-load-scorer" }],
        [{ name: "default", plugins: [{ pluginRef: "prefix-cache-affinity-filter" }, { pluginRef: "token-load-scorer" }] }],
    );
}

/**
 * source: G guides/workload-autoscaling/keda-epp-queue/optimized-baseline/router.values.yaml: the KEDA queue
 * guide swaps the picker back to v0.8.1's four scorers with the flowControl gate its queue metric needs.
 */
function inferenceSchedulingFlowControl(inp: SchedulerInputs): EndpointPickerConfig {
    const byProducer = { prefixMatchInfoProducerName: "approx-prefix-cache-producer" };
    return config(
        [
            approxProducerV081(inp),
            { type: "queue-scorer" },
            { type: "kv-cache-utilization-scorer" },
            { type: "prefix-cache-scorer", parameters: byProducer },
            { type: "no-hit-lru-scorer", parameters: byProducer },
        ],
        [
            {
                name: "default",
                plugins: [
                    { pluginRef: "queue-scorer", weight: 2 },
                    { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "no-hit-lru-scorer", weight: 2 },
                ],
            },
        ],
        { featureGates: ["flowControl"] },
    );
}

const PRECISE = "precise-prefix-cache-producer";

/**
 * source: G guides/precise-prefix-cache-routing/router/precise-prefix-cache-routing.values.yaml: one replica
 * (token-load accounting is per process), `blockSizeTokens`, the KV-event replay socket (5559), and the
 * affinity filter and token-load scorer on the precise producer's exact block matches.
 */
function precisePrefixCache(inp: SchedulerInputs): EndpointPickerConfig {
    const byProducer = { prefixMatchInfoProducerName: PRECISE };
    const index = preciseIndex(inp, {
        tokenProcessorConfig: { blockSizeTokens: inp.blockSize, hashSeed: inp.hashSeed },
        speculativeIndexing: true,
        indexerConfig: { kvBlockIndexConfig: { enableMetrics: true } },
        kvEventsConfig: kvEventsSubscription(inp, { socketPort: inp.kvEventsPort, replaySocketPort: V0_9_0_REPLAY_PORT }),
    });
    return config(
        [
            ...index.plugins,
            { type: "inflight-load-producer", parameters: byProducer },
            // Calibrated by the guide on Qwen3-32B, H100 80 GB, TP2; re-measure with the guide's calibration recipe for other setups.
            { type: "prefix-cache-affinity-filter", parameters: { ...byProducer, peakPrefillThroughput: 15926 } },
            { type: "token-load-scorer" },
        ],
        [{ name: "default", plugins: [{ pluginRef: "prefix-cache-affinity-filter" }, { pluginRef: "token-load-scorer" }] }],
        { dataLayer: index.dataLayer },
    );
}

/**
 * source: G guides/p2p-kv-cache-sharing/router/p2p-kv-cache-sharing.values.yaml: the precise index weighing GPU
 * hits 1.0 and CPU hits 0.4 (a peer's CPU tier is where pulls come from), `p2p-source-producer` choosing the
 * peer when it holds at least `minCachedTokenDelta` more tokens than the chosen pod, and v0.8.1-style scorers
 * (prefix 3, queue 2, KV utilization 2, no-hit LRU 2). The guide's events carry no replay socket. The hash seed
 * is set beside the block size, as the precise guide does, so the index hashes as vLLM's PYTHONHASHSEED.
 */
function p2pKvCacheSharing(inp: SchedulerInputs): EndpointPickerConfig {
    const byProducer = { prefixMatchInfoProducerName: PRECISE };
    const index = preciseIndex(inp, {
        indexerConfig: {
            kvBlockIndexConfig: { inMemoryConfig: { podCacheSize: 32 } },
            kvCacheBackendConfigs: [
                { name: "gpu", weight: 1.0 },
                { name: "cpu", weight: 0.4 },
            ],
        },
        tokenProcessorConfig: { blockSize: inp.blockSize, hashSeed: inp.hashSeed },
        speculativeIndexing: true,
        kvEventsConfig: { topicFilter: "kv@", discoverPods: true, podDiscoveryConfig: { socketPort: inp.kvEventsPort } },
    });
    return config(
        [
            ...index.plugins,
            { type: "p2p-source-producer", parameters: { ...byProducer, prefillProfileName: "default", minCachedTokenDelta: inp.minCachedTokenDelta ?? P2P_MIN_CACHED_TOKEN_DELTA } },
            { type: "prefix-cache-scorer", parameters: byProducer },
            { type: "no-hit-lru-scorer", parameters: byProducer },
            { type: "queue-scorer" },
            { type: "kv-cache-utilization-scorer" },
            { type: "max-score-picker" },
            { type: "single-profile-handler" },
        ],
        [
            {
                name: "default",
                plugins: [
                    { pluginRef: "max-score-picker" },
                    { pluginRef: "prefix-cache-scorer", weight: 3 },
                    { pluginRef: "queue-scorer", weight: 2 },
                    { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
                    { pluginRef: "no-hit-lru-scorer", weight: 2 },
                ],
            },
        ],
        { dataLayer: index.dataLayer },
    );
}

/** The guide's crossover on gpt-oss-120b over RDMA (README: "the pull wins from 2K tokens up"). */
const P2P_MIN_CACHED_TOKEN_DELTA = 2048;

/** The port vLLM serves KV-event replays on (G guides/precise-prefix-cache-routing/modelserver/gpu/vllm/base/patch-vllm.yaml). */
const V0_9_0_REPLAY_PORT = 5559;

/**
 * source: G guides/pd-disaggregation/router/pd-disaggregation.values.yaml, in the form main took two days
 * after the pin (llm-d/llm-d #2320): the deprecated `disagg-headers-handler` and flat `deciderPluginName`
 * (router v0.10.0 runner.go RegisterDeprecated, removal in v0.11.0) give way to `deciders.prefill`.
 */
function pdDisaggregation(inp: SchedulerInputs): EndpointPickerConfig {
    const decider = pdDecider(inp);
    return config(
        [
            decider,
            { type: "disagg-profile-handler", parameters: { profiles: { prefill: "prefill", decode: "decode" }, deciders: { prefill: decider.type } } },
            { type: "prefill-filter" },
            { type: "decode-filter" },
            approxProducerV081(inp),
            { type: "inflight-load-producer" },
            // Measured through the full P/D path (gpt-oss-120b, 8x prefill TP1 on H200); re-measure for other setups.
            { type: "prefix-cache-affinity-filter", parameters: { peakPrefillThroughput: 33821 } },
            { type: "token-load-scorer" },
            { type: "active-request-scorer" },
            { type: "max-score-picker" },
        ],
        [
            { name: "prefill", plugins: [{ pluginRef: "prefill-filter" }, { pluginRef: "prefix-cache-affinity-filter" }, { pluginRef: "token-load-scorer" }, { pluginRef: "max-score-picker" }] },
            { name: "decode", plugins: [{ pluginRef: "decode-filter" }, { pluginRef: "active-request-scorer" }, { pluginRef: "max-score-picker" }] },
        ],
    );
}

/**
 * source: G guides/wide-ep-lws/router/wide-ep-lws.values.yaml (unchanged from v0.8.1's scorers and weights),
 * with #2320's decider form: no `disagg-headers-handler`.
 */
function wideEp(inp: SchedulerInputs): EndpointPickerConfig {
    const cfg = V0_8_1.scheduler["wide-ep"](inp);
    cfg.plugins = cfg.plugins.filter((p) => p.type !== "disagg-headers-handler");
    return cfg;
}

export const V0_9_0: LlmdRelease = {
    name: "v0.9.0",
    date: "2026-08-18 (pins merged, llm-d/llm-d #2315; release blog 2026-08-13, site 2026-09-01)",
    source: `${G}guides/env.sh and guides/recipes/modelserver/components/images/*/{release,llm-d}`,
    router: { version: "v0.10.0", source: `${G}guides/env.sh ROUTER_EPP_VERSION / ROUTER_CHART_VERSION / ROUTER_RELEASE_VERSION` },
    images: {
        endpointPicker: "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0",
        // The guides at the pin reference the routing-sidecar/nightly component (:main); the release component is v0.10.0, pinned here.
        routingSidecar: "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.10.0",
        simulator: "ghcr.io/llm-d/llm-d-inference-sim:v0.10.2",
        render: "docker.io/vllm/vllm-openai-cpu:v0.26.0",
        wideEp: "ghcr.io/llm-d/llm-d-cuda:v0.9.0",
        modelServer: {
            nvidia: "docker.io/vllm/vllm-openai:v0.26.0",
            amd: "docker.io/vllm/vllm-openai-rocm:v0.26.0",
            tpu: "docker.io/vllm/vllm-tpu:v0.26.0",
            "intel-xpu": "ghcr.io/llm-d/llm-d-xpu:v0.9.0",
            "intel-gaudi": "ghcr.io/llm-d/llm-d-hpu:v0.7.0",
            cpu: "docker.io/vllm/vllm-openai-cpu:v0.26.0",
            simulated: "ghcr.io/llm-d/llm-d-inference-sim:v0.10.2",
        },
        modelServerForPath: {
            // llm-d's ROCm build (vllm-openai-rocm:v0.26.0 + NIXL and ROCm UCX, G docker/Dockerfile.rocm) for KV transfer.
            amd: { "pd-disaggregation": { image: "ghcr.io/llm-d/llm-d-rocm:v0.9.0", vllm: "v0.26.0", source: `${G}guides/pd-disaggregation/modelserver/amd/vllm (amd-vllm/llm-d)` } },
        },
        modelServerForNetwork: {
            // AWS's vLLM deep-learning container: libfabric with the EFA provider, which NIXL's LIBFABRIC backend needs.
            efa: {
                nvidia: {
                    "pd-disaggregation": {
                        image: "public.ecr.aws/deep-learning-containers/vllm:0.26.0-gpu-py312-cu130-ubuntu22.04-ec2",
                        vllm: "v0.26.0",
                        source: `${G}guides/pd-disaggregation/modelserver/gpu/vllm/aws (components/images/gpu-vllm/aws-efa/release)`,
                    },
                },
            },
        },
        sources: {
            endpointPicker: `${G}guides/env.sh ROUTER_EPP_IMAGE:ROUTER_EPP_VERSION`,
            routingSidecar: `${G}guides/recipes/modelserver/components/images/routing-sidecar/release/kustomization.yaml (guides reference nightly :main at the pin)`,
            simulator: `${R}Makefile VLLM_SIMULATOR_TAG and config/manifests/vllm/sim-deployment.yaml`,
            render: `${G}guides/precise-prefix-cache-routing/render/standalone (cpu-vllm/release)`,
            wideEp: `${G}guides/recipes/modelserver/components/images/gpu-vllm/llm-d/release (wide-ep-lws base: prefill and decode)`,
            nvidia: `${G}guides/recipes/modelserver/components/images/gpu-vllm/release/kustomization.yaml`,
            amd: `${G}guides/recipes/modelserver/components/images/amd-vllm/release (optimized-baseline, precise; P/D uses amd-vllm/llm-d: llm-d-rocm:v0.9.0)`,
            tpu: `${G}guides/recipes/modelserver/components/images/tpu-vllm/release/kustomization.yaml`,
            "intel-xpu": `${G}guides/recipes/modelserver/components/images/xpu-vllm/llm-d/kustomization.yaml (every XPU guide)`,
            "intel-gaudi": "no Gaudi component (removed by llm-d/llm-d #1886)",
            cpu: `${G}guides/recipes/modelserver/components/images/cpu-vllm/release/kustomization.yaml`,
        },
    },
    // llm-d-cuda:v0.9.0 is vLLM 568afb3a "v0.26.0 release" (G docker/common-versions); llm-d-xpu:v0.9.0 is FROM vllm-openai-xpu:v0.26.0.
    vllm: {
        modelServer: { nvidia: "v0.26.0", amd: "v0.26.0", tpu: "v0.26.0", "intel-xpu": "v0.26.0", "intel-gaudi": "v0.19.1", cpu: "v0.26.0" },
        wideEp: "v0.26.0",
        render: "v0.26.0",
    },
    simulatorVersion: "v0.10.2",
    crds: {
        gatewayApi: { ...V0_8_1.crds.gatewayApi, source: `${G}guides/env.sh GATEWAY_API_VERSION (unchanged)` },
        inferenceExtension: { ...V0_8_1.crds.inferenceExtension, source: `${G}guides/env.sh GAIE_VERSION (unchanged)` },
        llmdRouter: {
            version: "v0.10.0",
            url: "https://github.com/llm-d/llm-d-router/releases/download/v0.10.0/manifests.yaml",
            source: `${G}guides/env.sh ROUTER_RELEASE_VERSION (flow-control guide)`,
        },
    },
    charts: {
        istio: { version: "1.29.2", source: `${G}docs/infrastructure/gateway/istio.md ISTIO_VERSION (unchanged)` },
        // The install doc keeps v1.1.0; the tested-versions table says v1.4.x, with no chart pin.
        agentgateway: { version: "v1.1.0", source: `${G}docs/infrastructure/gateway/agentgateway.md AGENTGATEWAY_VERSION` },
        kgateway: { version: "v2.1.0", source: `${G}guides/recipes/gateway/README.md (kgateway deprecated, removed in the next release)` },
        leaderWorkerSet: { version: "0.9.0", source: `${G}docs/infrastructure/multi-node.md LWS_VERSION (0.10.0 only for DisaggregatedSet)` },
        bodyBasedRouter: { version: "v1.5.0", source: "GAIE v1.5.0, unchanged (GAIE_VERSION)" },
    },
    apiVersions: { ...V0_8_1.apiVersions },
    scheduler: {
        "inference-scheduling": inferenceScheduling,
        "precise-prefix-cache": precisePrefixCache,
        "pd-disaggregation": pdDisaggregation,
        // source: G guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml, byte-identical to v0.8.1's.
        "tiered-prefix-cache": tieredPrefixCacheV081,
        "wide-ep": wideEp,
    },
    nvl72: {
        // G guides/wide-ep-lws/modelserver/gpu/vllm-deepseek-v4/base/decode.yaml: NVSHMEM over the fabric handle, NCCL
        // symmetric memory off, UCX cuda_ipc over MNNVL then RC, host IPC and PID for cross-pod cuda_ipc. The
        // dgx-cloud-gb200 overlay keeps llm-d-cuda:v0.9.0 (amd64 and arm64 per docs/api-reference/artifacts.md).
        env: [
            ["NCCL_MNNVL_ENABLE", "1"],
            ["NCCL_NVLS_ENABLE", "1"],
            ["NCCL_CUMEM_ENABLE", "1"],
            ["NCCL_P2P_LEVEL", "NVL"],
            ["VLLM_USE_NCCL_SYMM_MEM", "0"],
            ["NVSHMEM_CUMEM_HANDLE_TYPE", "FABRIC"],
            ["NVSHMEM_DISABLE_CUDA_VMM", "0"],
            ["UCX_CUDA_IPC_ENABLE_MNNVL", "y"],
            ["UCX_TLS", "cuda_ipc,rc,cuda_copy"],
            ["UCX_MEMTYPE_CACHE", "n"],
            ["UCX_MEMTYPE_REG_WHOLE", "n"],
        ],
        hostIpc: true,
        source: `${G}guides/wide-ep-lws/modelserver/gpu/vllm-deepseek-v4/base/decode.yaml; ${G}docs/api-reference/artifacts.md`,
    },
    p2p: {
        // G guides/p2p-kv-cache-sharing/modelserver/gpu/vllm/base/kustomization.yaml: vllm-openai v0.27.1, the first
        // release with the P2P tier and its fixes (vllm#48021, #49671, #49823, #49877, #50302). The guide floats the
        // sidecar and picker on :main because router v0.9.0 predated the pull (llm-d-router #1937); the release's
        // router v0.10.0 has it (#1937, #1924 p2p-source-producer, #2075, #2321), so the release's images are used.
        image: "docker.io/vllm/vllm-openai:v0.27.1",
        vllm: "v0.27.1",
        port: 7777,
        sidecarConnector: "offloading",
        minCachedTokenDelta: P2P_MIN_CACHED_TOKEN_DELTA,
        scheduler: p2pKvCacheSharing,
        source: `${G}guides/p2p-kv-cache-sharing (README "[Experimental]"; modelserver/gpu/vllm/base/{kustomization,patch-vllm,patch-sidecar}.yaml, render/service.yaml, router/p2p-kv-cache-sharing.values.yaml)`,
    },
    wva: {
        install: WVA_INSTALL as WvaRelease["install"],
        // The v0.9 guide labels WVA legacy (KEDA on the picker's metrics is its recommendation) but still installs
        // it, now without the VariantAutoscaling CRD, and recommends KEDA over Prometheus Adapter for its metric.
        adapters: ["keda", "prometheus-adapter"],
        deprecatedAdapters: {
            "prometheus-adapter":
                "llm-d v0.9.0's WVA guide deprecates Prometheus Adapter (\"WVA no longer installs or supports it\", guides/workload-autoscaling/wva/README.md) and recommends a KEDA ScaledObject on wva_desired_replicas",
        },
        source: `${G}guides/workload-autoscaling/README.md ("KEDA + WVA Metrics (Legacy)"), wva/README.md, wva/controller/platform/k8s, wva/optimized-baseline/keda/base/wva-scaledobject.yaml, wva/optimized-baseline/hpa/hpa.yaml`,
    },
    kvTiers: { scored: ["gpu", "cpu"], source: "G guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml, byte-identical to v0.8.1: gpu and cpu scored; the fs variant uses the same values (storage not scored)" },
    flowControlScheduler: { "inference-scheduling": inferenceSchedulingFlowControl },
    precise: { schedulerReplicas: 1, tokenizer: "decode-service", replayPort: V0_9_0_REPLAY_PORT },
    accessLogExcludedEndpoints: {
        default: ["/health", "/metrics", "/v1/models"],
        // The render Service sends the picker's tokenize calls to the decode pods themselves.
        precise: ["/health", "/metrics", "/v1/models", "/v1/completions/render", "/v1/chat/completions/render"],
    },
    // Router v0.10.0 pkg/sidecar/proxy/options.go defaultVLLMPort = "8200" (--vllm-port deprecated for --model-server-port): the guides drop the flag.
    sidecar: { defaultBackendPort: 8200, wideEpArgs: ["--enable-prefiller-sampling"] },
    // The router dual-emits the legacy names; v0.9.0's dashboards and KEDA guides read the llm_d_epp_* ones (router v0.9.0 #1661).
    metrics: {
        queueSize: "llm_d_epp_flow_control_queue_size",
        runningRequests: "llm_d_epp_request_running",
        requestTotal: "llm_d_epp_request_total",
        requestDuration: "llm_d_epp_request_duration_seconds",
        perPodQueueSize: "llm_d_epp_per_endpoint_queue_size",
        poolKvCacheUtilization: "llm_d_epp_average_kv_cache_utilization",
        poolReadyPods: "llm_d_epp_ready_endpoints",
        perPodLabel: "model_server_endpoint",
    },
    deprecations: [
        { what: "gateway kgateway", status: "deprecated", replacement: "agentgateway", source: `${G}guides/recipes/gateway/README.md ("removed in the next release"); dropped from the tested-versions table` },
        { what: "sidecar --vllm-port", status: "deprecated", replacement: "--model-server-port", source: `${R}pkg/sidecar/proxy/options.go (MarkDeprecated; removal planned for v0.12)` },
        { what: "sidecar --connector", status: "removed", replacement: "--kv-connector", source: `${R}pkg/sidecar/proxy/options.go (#2054)` },
        { what: "plugin disagg-headers-handler", status: "deprecated", replacement: "disagg-profile-handler", source: `${R}cmd/epp/runner/runner.go RegisterDeprecated(..., "v0.9.0", "v0.11.0", ...)` },
        { what: "Prometheus Adapter autoscaling", status: "deprecated", replacement: "KEDA on the picker's llm_d_epp_* metrics", source: `${G}guides/workload-autoscaling/README.md` },
    ],
    unsupported: [
        {
            vendor: "intel-gaudi",
            reason: "llm-d removed Intel Gaudi (HPU) support in v0.8 and v0.9.0 ships no Gaudi image or overlay",
            source: "llm-d/llm-d 023e437a \"Remove HPU (Intel Gaudi) support (#1886)\"",
        },
    ],
};
