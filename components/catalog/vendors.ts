// What each accelerator vendor's model server needs, as data (its image is the release's): the
// extended resource the device plugin advertises, the taint its nodes carry, the environment,
// shared memory and start-up budget, and which well-lit paths llm-d runs on it. Data only.
//
// "L@0627" = zetxqx/llm-d @7edda66 (2026-06-27), a mirror of llm-d/llm-d main, the release this
// project pins (catalog/versions.ts). Guide overlays are cited by path under guides/.
import { AcceleratorVendor } from "./accelerators";

import type { PathId } from "./releases/types";

export type { PathId };

export interface PathSupport {
    supported: boolean;
    /** Why, and where llm-d says so. */
    source: string;
    /** For unsupported rows: what would work instead. */
    alternative?: string;
}

export interface VendorEnv {
    name: string;
    value: string;
}

export interface VendorProfile {
    vendor: AcceleratorVendor;
    displayName: string;
    /** Extended resource of the vendor's device plugin (absent: the pod asks for none). */
    resourceName?: string;
    resourceSource?: string;
    /** Taint key the vendor's nodes commonly carry; tolerated with Exists/NoSchedule. */
    taintKey?: string;
    /** Environment the runtime needs (after the stack's own). */
    env: VendorEnv[];
    envSource: string;
    /** Variables the device plugin or runtime owns: a user may not set them. */
    reservedEnv: Record<string, string>;
    /** /dev/shm size (vLLM's multiprocessing and collectives use it). */
    shmSize: string;
    /** Writable cache directories the image uses (emptyDir each), e.g. torch.compile's. */
    cacheDirs: string[];
    /** Startup probe: 30 s periods allowed before liveness takes over. */
    startupFailureThreshold: number;
    /** Extra Linux capabilities vLLM needs on this vendor. */
    capabilities: string[];
    /** Pod supplemental groups (device-node group ownership), when the vendor needs them. */
    supplementalGroups?: number[];
    /** vLLM --block-size the vendor's attention backend expects, overriding the path default. */
    blockSize?: number;
    /** P/D: what the KV connector needs on this vendor (absent: P/D is not supported). */
    pd?: {
        /** The KV connector: vLLM's NixlConnector when absent; "tpu" = tpu_inference's TPUConnector (manifests/modelserver/tpu-pd.ts). */
        connector?: "tpu";
        /** kv_buffer_device of the NixlConnector ("cpu": stage KV in host memory; "xpu": Intel XPU device memory). */
        kvBufferDevice?: "cpu" | "xpu";
        /** Accelerator networks accepted (AcceleratorNetwork values). */
        networks: string[];
        /**
         * A second NIXL variant over RDMA (accelerator.network one of its networks, transport ucx-rdma) when the
         * vendor's RDMA overlay differs from its TCP one: its kv_buffer_device and UCX env replace the above.
         */
        rdma?: { networks: string[]; kvBufferDevice?: "cpu" | "xpu"; env: VendorEnv[]; source: string };
        /** Why only those networks, for the config's message. */
        networkReason?: string;
        env: VendorEnv[];
        /** /dev/shm size of P/D pods, when the vendor's P/D overlay sets its own. */
        shmSize?: string;
        /** Startup probe budget of P/D pods (30 s periods), when the overlay sets its own. */
        startupFailureThreshold?: number;
    };
    /** Tiered prefix cache: offload connectors the image carries. */
    offloadConnectors: string[];
    paths: Record<PathId, PathSupport>;
}

const L = "zetxqx/llm-d @7edda66 (llm-d/llm-d 2026-06-27) guides/";
const RDMA_NETS = ["rdma-roce", "infiniband", "efa", "tcp"];
/** llm-d's XPU P/D over RDMA, a kustomize overlay on xpu/vllm (stored at zetxqx/llm-d 8c62784). */
const XPU_RDMA = "zetxqx/llm-d @8c62784 guides/pd-disaggregation/modelserver/xpu/vllm-rdma/kustomization.yaml";
/** vLLM >= 0.20 with torch 2.11 needs USER set (vllm-project/vllm#44548); llm-d's image components add it. */
const USER_ENV: VendorEnv = { name: "USER", value: "llm-d" };

function yes(source: string): PathSupport {
    return { supported: true, source };
}
function no(source: string, alternative: string): PathSupport {
    return { supported: false, source, alternative };
}

export const VENDORS: Record<AcceleratorVendor, VendorProfile> = {
    nvidia: {
        vendor: "nvidia",
        displayName: "NVIDIA GPU",
        resourceName: "nvidia.com/gpu",
        resourceSource: "NVIDIA device plugin; llm-d-incubation/llm-d-modelservice values.yaml accelerator.resources.nvidia",
        taintKey: "nvidia.com/gpu",
        env: [USER_ENV],
        envSource: `${L}recipes/modelserver/components/images/gpu-vllm/kustomization.yaml (USER workaround)`,
        reservedEnv: { NVIDIA_VISIBLE_DEVICES: "set by the NVIDIA device plugin for the GPUs the pod was given" },
        shmSize: "20Gi",
        cacheDirs: [],
        startupFailureThreshold: 120,
        capabilities: [],
        pd: { networks: RDMA_NETS, env: [] },
        offloadConnectors: ["native", "lmcache"],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/gpu/vllm`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/gpu/vllm`),
            "pd-disaggregation": yes(`${L}pd-disaggregation/modelserver/gpu/vllm`),
            "tiered-prefix-cache": yes(`${L}tiered-prefix-cache/modelserver/gpu/vllm`),
            "wide-ep": yes(`${L}wide-ep-lws/modelserver/gpu/vllm`),
        },
    },
    amd: {
        vendor: "amd",
        displayName: "AMD Instinct GPU (ROCm)",
        resourceName: "amd.com/gpu",
        // The ROCm device plugin mounts /dev/kfd and the pod's /dev/dri render nodes itself: no hostPath, no privilege.
        resourceSource: "ROCm/k8s-device-plugin; llm-d-incubation/llm-d-modelservice values.yaml accelerator.resources.amd",
        taintKey: "amd.com/gpu",
        env: [USER_ENV],
        envSource: `${L}recipes/modelserver/components/images/amd-vllm/llm-d/kustomization.yaml (USER)`,
        reservedEnv: {
            HIP_VISIBLE_DEVICES: "the ROCm device plugin exposes exactly the pod's GPUs",
            ROCR_VISIBLE_DEVICES: "the ROCm device plugin exposes exactly the pod's GPUs",
        },
        shmSize: "20Gi",
        cacheDirs: ["/.cache", "/.triton", "/.config"],
        startupFailureThreshold: 120,
        capabilities: [],
        pd: { networks: RDMA_NETS, env: [] },
        offloadConnectors: [],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/amd/vllm`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/amd/vllm`),
            "pd-disaggregation": yes(`${L}pd-disaggregation/modelserver/amd/vllm (NixlConnector over UCX)`),
            "tiered-prefix-cache": no(`${L}tiered-prefix-cache/modelserver has no amd overlay`, "inference-scheduling or precise-prefix-cache on AMD, or tiered-prefix-cache on nvidia, tpu or intel-xpu"),
            "wide-ep": no(`${L}wide-ep-lws/modelserver has gpu (CUDA, DeepEP) overlays only`, "pd-disaggregation on AMD, or wide-ep on nvidia"),
        },
    },
    tpu: {
        vendor: "tpu",
        displayName: "Google Cloud TPU",
        resourceName: "google.com/tpu",
        resourceSource: "GKE TPU device plugin (google.com/tpu = chips of the host)",
        taintKey: "google.com/tpu",
        env: [],
        envSource: `${L}optimized-baseline/modelserver/tpu-v6/vllm/patch-vllm.yaml (no vendor env)`,
        reservedEnv: {
            TPU_WORKER_ID: "GKE injects it on multi-host slices",
            TPU_WORKER_HOSTNAMES: "GKE injects it on multi-host slices",
        },
        shmSize: "20Gi",
        cacheDirs: ["/.cache"],
        startupFailureThreshold: 120,
        capabilities: [],
        // P/D: TPUConnector over the pod network, /dev/shm 100Gi and a 2-hour start-up budget (failureThreshold 240 x 30 s),
        // as guides/pd-disaggregation/modelserver/tpu/base/vllm/patch-{prefill,decode}.yaml.
        pd: {
            connector: "tpu",
            networks: ["tcp", "none"],
            networkReason: "tpu_inference's TPUConnector sends KV cache over the pod network (GKE TPU hosts have no RDMA NICs), as llm-d's TPU P/D overlay does",
            env: [],
            shmSize: "100Gi",
            startupFailureThreshold: 240,
        },
        offloadConnectors: ["native"],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/tpu-v6/vllm (llm-d GKE matrix: v5e and newer)`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/tpu-v6/vllm`),
            "pd-disaggregation": yes(`${L}pd-disaggregation/modelserver/tpu/v6/vllm (TPUConnector from tpu_inference.distributed.tpu_connector: prefill kv_producer, decode kv_both, ports 9100/9600; single-host slices)`),
            "tiered-prefix-cache": yes(`${L}tiered-prefix-cache/modelserver/tpu/v6/vllm/native/cpu`),
            "wide-ep": no("llm-d GKE support matrix: wide-EP on TPU is 'coming soon'", "inference-scheduling on a multi-host slice (accelerator.tpuTopology), or wide-ep on nvidia"),
        },
    },
    "intel-xpu": {
        vendor: "intel-xpu",
        displayName: "Intel Data Center GPU (XPU)",
        // Data Center GPU Max runs the i915 kernel driver; Arc/Battlemage on xe advertise gpu.intel.com/xe (set accelerator.resourceName).
        resourceName: "gpu.intel.com/i915",
        resourceSource: "intel/intel-device-plugins-for-kubernetes GPU plugin; llm-d-incubation/llm-d-modelservice values.yaml accelerator.resources.intel-i915 / intel-xe",
        env: [
            USER_ENV,
            { name: "TORCH_LLM_ALLREDUCE", value: "1" },
            { name: "VLLM_WORKER_MULTIPROC_METHOD", value: "spawn" },
        ],
        envSource: `llm-d-incubation/llm-d-modelservice values.yaml accelerator.env.intel-i915; ${L}recipes/modelserver/components/images/xpu-vllm (USER)`,
        reservedEnv: { ZE_AFFINITY_MASK: "the Intel GPU plugin selects the pod's devices" },
        shmSize: "16Gi",
        cacheDirs: ["/.cache", "/.triton", "/.config"],
        startupFailureThreshold: 120,
        capabilities: [],
        // The render group (107 in llm-d's XPU overlays) owns /dev/dri.
        supplementalGroups: [107],
        pd: {
            kvBufferDevice: "cpu",
            networks: ["tcp"],
            networkReason:
                "llm-d's XPU P/D overlays run NIXL over UCX, either over TCP with KV staged in host memory (xpu/vllm) or over RDMA NICs from XPU memory (xpu/vllm-rdma); neither uses LIBFABRIC/EFA",
            env: [{ name: "UCX_TLS", value: "tcp" }],
            // The RDMA overlay swaps UCX_TLS to InfiniBand verbs, RC and Level Zero copies, adds UCX_MEMTYPE_CACHE=0 and
            // sets kv_buffer_device xpu on both roles. It asks for the NIC through DRA (a ResourceClaimTemplate per role:
            // GPU gpu.intel.com + NIC rdma-dranet with dra.net rdma == true, matched on resource.kubernetes.io/pcieRoot);
            // this project keeps the role's networkResources (RDMA device-plugin extended resources) instead, and adds
            // IPC_LOCK as for every RDMA transport (memory registration; the overlay itself sets no capabilities).
            rdma: {
                networks: ["rdma-roce", "infiniband"],
                kvBufferDevice: "xpu",
                env: [
                    { name: "UCX_TLS", value: "ib,rc,ze_copy" },
                    { name: "UCX_MEMTYPE_CACHE", value: "0" },
                ],
                source: XPU_RDMA,
            },
        },
        offloadConnectors: ["native", "lmcache"],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/xpu/vllm`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/xpu/vllm`),
            "pd-disaggregation": yes(
                `${L}pd-disaggregation/modelserver/xpu/vllm (NixlConnector, kv_buffer_device cpu, UCX_TLS=tcp; accelerator.network tcp) and ${XPU_RDMA} (kv_buffer_device xpu, UCX_TLS=ib,rc,ze_copy, UCX_MEMTYPE_CACHE=0; rdma-roce or infiniband)`,
            ),
            "tiered-prefix-cache": yes(`${L}tiered-prefix-cache/modelserver/xpu/vllm`),
            "wide-ep": no(`${L}wide-ep-lws/modelserver has gpu (CUDA, DeepEP) overlays only`, "pd-disaggregation on intel-xpu, or wide-ep on nvidia"),
        },
    },
    "intel-gaudi": {
        vendor: "intel-gaudi",
        displayName: "Intel Gaudi (HPU)",
        resourceName: "habana.ai/gaudi",
        resourceSource: "HabanaAI device plugin; llm-d-incubation/llm-d-modelservice values.yaml accelerator.resources.intel-gaudi",
        taintKey: "habana.ai/gaudi",
        env: [
            { name: "OMPI_MCA_btl_vader_single_copy_mechanism", value: "none" },
            { name: "HABANA_LOGS", value: "/tmp/habana_logs" },
            { name: "VLLM_SKIP_WARMUP", value: "true" },
            { name: "PT_HPU_LAZY_MODE", value: "1" },
            { name: "PT_HPU_ENABLE_LAZY_COLLECTIVES", value: "true" },
        ],
        envSource: `${L}optimized-baseline/modelserver/hpu/vllm/patch-vllm.yaml and pd-disaggregation/modelserver/hpu/vllm/patch-prefill.yaml`,
        reservedEnv: { HABANA_VISIBLE_DEVICES: "the Habana device plugin sets it to the pod's Gaudi cards; overriding it breaks the allocation" },
        shmSize: "16Gi",
        cacheDirs: ["/.cache", "/.triton", "/tmp"],
        startupFailureThreshold: 120,
        capabilities: [],
        // vLLM's HPU attention uses 128-token blocks (llm-d's HPU overlays pass --block-size=128).
        blockSize: 128,
        pd: {
            kvBufferDevice: "cpu",
            networks: ["tcp"],
            env: [{ name: "UCX_TLS", value: "tcp" }],
        },
        offloadConnectors: [],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/hpu/vllm`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/hpu/vllm`),
            "pd-disaggregation": yes(`${L}pd-disaggregation/modelserver/hpu/vllm (NixlConnector, kv_buffer_device cpu, UCX_TLS=tcp)`),
            "tiered-prefix-cache": no(`${L}tiered-prefix-cache/modelserver has no hpu overlay`, "inference-scheduling or precise-prefix-cache on Gaudi, or tiered-prefix-cache on nvidia, tpu or intel-xpu"),
            "wide-ep": no(`${L}wide-ep-lws/modelserver has gpu (CUDA, DeepEP) overlays only`, "pd-disaggregation on Gaudi, or wide-ep on nvidia"),
        },
    },
    cpu: {
        vendor: "cpu",
        displayName: "CPU (vLLM CPU backend)",
        // llm-d's cpu-vllm release component pins upstream vllm-openai-cpu (the image is the release's).
        env: [USER_ENV, { name: "VLLM_CPU_NUM_OF_RESERVED_CPU", value: "1" }],
        envSource: `${L}optimized-baseline/modelserver/cpu/vllm/patch-vllm.yaml; llm-d/llm-d recipes/modelserver/components/images/cpu-vllm/release (image, USER)`,
        reservedEnv: {},
        shmSize: "4Gi",
        cacheDirs: ["/.cache", "/.triton", "/.config"],
        startupFailureThreshold: 120,
        // vLLM's CPU backend binds OpenMP threads to cores (sched_setaffinity across NUMA nodes).
        capabilities: ["SYS_NICE"],
        offloadConnectors: [],
        paths: {
            "inference-scheduling": yes(`${L}optimized-baseline/modelserver/cpu/vllm`),
            "precise-prefix-cache": yes(`${L}precise-prefix-cache-routing/modelserver/cpu/vllm`),
            "pd-disaggregation": no(`${L}pd-disaggregation/modelserver has no cpu overlay`, "inference-scheduling or precise-prefix-cache on CPU, or pd-disaggregation on a GPU vendor"),
            "tiered-prefix-cache": no(`${L}tiered-prefix-cache/modelserver has no cpu overlay (the KV cache already lives in CPU memory)`, "inference-scheduling or precise-prefix-cache on CPU"),
            "wide-ep": no(`${L}wide-ep-lws/modelserver has gpu overlays only`, "inference-scheduling on CPU"),
        },
    },
    simulated: {
        vendor: "simulated",
        displayName: "llm-d-inference-sim",
        env: [],
        envSource: "none: the simulator is a Go binary",
        reservedEnv: {},
        shmSize: "0",
        cacheDirs: [],
        startupFailureThreshold: 60,
        capabilities: [],
        pd: { networks: [], env: [] },
        offloadConnectors: ["native", "lmcache"],
        paths: {
            "inference-scheduling": yes("llm-d/llm-d-router v0.9.0 deploy/components/overlays/simulator"),
            "precise-prefix-cache": yes("llm-d-inference-sim --enable-kvcache publishes KV events"),
            "pd-disaggregation": yes("llm-d-inference-sim fakes the KV transfer"),
            "tiered-prefix-cache": yes("scheduler-only: the simulator ignores the offload connector"),
            "wide-ep": yes("scheduler-only: the simulator stands in for each rank"),
        },
    },
};

export function vendorProfile(vendor: AcceleratorVendor): VendorProfile {
    return VENDORS[vendor];
}
