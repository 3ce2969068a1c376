// Every image, chart and CRD version the stack deploys, pinned in one place.
//
// Pinned release: llm-d v0.8.1, whose router (endpoint picker, disagg sidecar, chart) is v0.9.0
// (llm-d/llm-d guides/env.sh of 2026-06-27: ROUTER_CHART_VERSION=v0.9.0, GAIE_VERSION=v1.5.0;
// the llm-d v0.8.x bill of materials: vLLM 0.23.0, GAIE v1.5.0, Gateway API v1.5.1). This is the "kustomize + router chart"
// layout of 2026: plugin names (approx-prefix-cache-producer, disagg-profile-handler, ...),
// EndpointPickerConfig apiVersion llm-d.ai/v1alpha1 and the llm-d-router-* image names all
// follow that release; the older helmfile/modelservice names (llm-d-inference-scheduler,
// llm-d-routing-sidecar, pd-profile-handler) are not used anywhere in this project.

/** The llm-d release the stack follows, and its router (endpoint picker) release. */
export const LLMD_VERSION = "v0.8.1";
export const LLMD_ROUTER_VERSION = "v0.9.0";

export const IMAGES = {
  /** source: llm-d/llm-d guides/env.sh (ROUTER_EPP_IMAGE) @2026-06-27; llm-d/llm-d-router tag v0.9.0 */
  endpointPicker: "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0",
  /** source: llm-d/llm-d guides/recipes/modelserver/components/images/routing-sidecar/kustomization.yaml @2026-06-27 */
  routingSidecar: "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0",
  /** source: llm-d/llm-d guides/recipes/modelserver/components/images/gpu-vllm/kustomization.yaml @2026-06-27 */
  vllmCuda: "docker.io/vllm/vllm-openai:v0.23.0",
  /**
   * llm-d's CUDA build (vLLM v0.23.0 + DeepEP, NVSHMEM, NIXL v1.2.0, UCX v1.20.0): used where the
   * path needs the kernels the upstream image lacks (wide expert parallelism).
   * source: llm-d/llm-d guides/wide-ep-lws/modelserver/gpu/vllm/base/prefill.yaml @2026-06-27
   */
  llmdCuda: "ghcr.io/llm-d/llm-d-cuda:v0.8.0",
  /** source: llm-d/llm-d guides/recipes/modelserver/components/images/tpu-vllm/kustomization.yaml @2026-06-27 */
  vllmTpu: "docker.io/vllm/vllm-tpu:v0.22.0",
  /** CPU build of vLLM, used by llm-d for the tokenizer render service. source: llm-d/llm-d guides/precise-prefix-cache-routing/render @2026-06-27 */
  vllmCpu: "docker.io/vllm/vllm-openai-cpu:v0.23.0",
  /** llm-d's ROCm build of vLLM (NIXL/UCX included, for P/D). source: zetxqx/llm-d (llm-d/llm-d mirror) guides/recipes/modelserver/components/images/amd-vllm/kustomization.yaml @52615f7 */
  vllmRocm: "ghcr.io/llm-d/llm-d-rocm:v0.7.0",
  /** llm-d's Intel XPU build of vLLM. source: zetxqx/llm-d guides/recipes/modelserver/components/images/xpu-vllm/kustomization.yaml @93a7b5d (same commit pins gpu-vllm v0.23.0) */
  vllmXpu: "ghcr.io/llm-d/llm-d-xpu:v0.7.0",
  /** llm-d's Intel Gaudi (HPU) build of vLLM (vllm-gaudi plugin). source: zetxqx/llm-d guides/recipes/modelserver/components/images/hpu-vllm/kustomization.yaml @52615f7 */
  vllmHpu: "ghcr.io/llm-d/llm-d-hpu:v0.7.0",
  /** source: llm-d/llm-d-router v0.9.0 deploy/components/overlays/simulator/kustomization.yaml (e2e pin) */
  inferenceSim: "ghcr.io/llm-d/llm-d-inference-sim:v0.9.2",
} as const;

export const CRDS = {
  /** source: llm-d/llm-d guides/recipes/gateway/install-gateway-crds.sh (GATEWAY_API_VERSION) @2026-06-27 */
  gatewayApi: {
    version: "v1.5.1",
    url: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml",
  },
  /** source: llm-d/llm-d guides/env.sh (GAIE_VERSION) and install-gateway-crds.sh @2026-06-27 */
  inferenceExtension: {
    version: "v1.5.0",
    url: "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/v1-manifests.yaml",
  },
  /**
   * llm-d router CRDs (llm-d.ai group: InferenceObjective v1alpha2, InferenceModelRewrite), which
   * router v0.9.0's picker prefers over GAIE's alpha group.
   * source: llm-d/llm-d guides/flow-control CI script (releases/download/${ROUTER_RELEASE_VERSION}/manifests.yaml)
   */
  llmdRouter: {
    version: "v0.9.0",
    url: "https://github.com/llm-d/llm-d-router/releases/download/v0.9.0/manifests.yaml",
  },
} as const;

/** API versions of the custom resources the builders emit. */
export const API_VERSIONS = {
  /** source: gateway-api-inference-extension v1.5.0 api/v1 (GA InferencePool) */
  inferencePool: "inference.networking.k8s.io/v1",
  /** source: llm-d/llm-d-router v0.9.0 config/charts/routerlib/templates/_inferenceobjective.yaml */
  inferenceObjective: "llm-d.ai/v1alpha2",
  /** source: llm-d/llm-d-router v0.9.0 docs/api-reference/endpointpickerconfig.md */
  endpointPickerConfig: "llm-d.ai/v1alpha1",
  gateway: "gateway.networking.k8s.io/v1",
  httpRoute: "gateway.networking.k8s.io/v1",
  leaderWorkerSet: "leaderworkerset.x-k8s.io/v1",
} as const;

/** Gateway control planes, installed by Helm with the inference extension enabled. */
export const GATEWAY_CHARTS = {
  /** source: llm-d/llm-d docs/infrastructure/gateway/istio.md (ISTIO_VERSION=1.29.2) @2026-06-27; charts from istio's Helm repo */
  istio: {
    version: "1.29.2",
    repo: "https://istio-release.storage.googleapis.com/charts",
    baseChart: "base",
    controlPlaneChart: "istiod",
    namespace: "istio-system",
  },
  /** source: llm-d/llm-d docs/infrastructure/gateway/agentgateway.md (AGENTGATEWAY_VERSION=v1.1.0) @2026-06-27 */
  agentgateway: {
    version: "v1.1.0",
    crdsChart: "oci://cr.agentgateway.dev/charts/agentgateway-crds",
    controlPlaneChart: "oci://cr.agentgateway.dev/charts/agentgateway",
    namespace: "agentgateway-system",
  },
  /**
   * kgateway is deprecated by llm-d in 2026 in favour of agentgateway; the last llm-d-tested release.
   * source: llm-d/llm-d guides/prereq/gateway-provider/kgateway.helmfile.yaml (inferenceExtension.enabled)
   */
  kgateway: {
    version: "v2.1.0",
    crdsChart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds",
    controlPlaneChart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway",
    namespace: "kgateway-system",
  },
} as const;

/** LeaderWorkerSet controller (wide expert parallelism). source: llm-d docs, multi-node serving (helm chart 0.9.0) */
export const LWS = {
  version: "0.9.0",
  chart: "oci://registry.k8s.io/lws/charts/lws",
  namespace: "lws-system",
} as const;

/**
 * Body-based router of the Inference Extension: copies the OpenAI `model` field into the
 * X-Gateway-Model-Name header so HTTPRoutes can match per model.
 * source: kubernetes-sigs/gateway-api-inference-extension config/charts/body-based-routing (v1.5.0)
 */
export const BODY_BASED_ROUTER = {
  version: "v1.5.0",
  chart: "oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing",
  modelHeader: "X-Gateway-Model-Name",
  baseModelHeader: "X-Gateway-Base-Model-Name",
} as const;

/**
 * ROCm device plugin (advertises amd.com/gpu), for clusters whose AMD nodes lack it.
 * source: ROCm/k8s-device-plugin Helm repository (chart amd-gpu), version as pinned by public Terraform users (helm_release amd-gpu 0.20.0)
 */
export const AMD_DEVICE_PLUGIN = {
  version: "0.20.0",
  repo: "https://rocm.github.io/k8s-device-plugin/",
  chart: "amd-gpu",
  namespace: "kube-amd-gpu",
} as const;

/**
 * GKE GPUDirect installers (DaemonSets in kube-system that put the NCCL plugins / gIB on the GPU
 * nodes), applied from GoogleCloudPlatform/container-engine-accelerators pinned to the commit
 * each file was read at (find_files index of that repository).
 */
const CEA = "https://raw.githubusercontent.com/GoogleCloudPlatform/container-engine-accelerators";
export const GKE_GPU_NETWORK_INSTALLERS = {
  /** A3 Ultra / A4: gIB NCCL plugin + RDMA setup. source: container-engine-accelerators gpudirect-rdma/nccl-rdma-installer.yaml @2c776f7 */
  rdma: { name: "nccl-rdma-installer", version: "2c776f7e9656a2b6476f19938b738b4186000ce3", url: `${CEA}/2c776f7e9656a2b6476f19938b738b4186000ce3/gpudirect-rdma/nccl-rdma-installer.yaml` },
  /** A3 High: GPUDirect-TCPX NCCL plugin v3.1.8, copied to /home/kubernetes/bin/nvidia/lib64. source: container-engine-accelerators gpudirect-tcpx/nccl-tcpx-installer.yaml @0d68f9d */
  tcpx: { name: "nccl-tcpx-installer", version: "0d68f9d9dac3352836d125b895754dde1c31b61d", url: `${CEA}/0d68f9d9dac3352836d125b895754dde1c31b61d/gpudirect-tcpx/nccl-tcpx-installer.yaml` },
  /** A3 Mega: GPUDirect-TCPXO NCCL plugin v1.0.16, copied to /home/kubernetes/bin/nvidia/lib64. source: container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml @10c8d23 */
  tcpxo: { name: "nccl-tcpxo-installer", version: "10c8d2375fae8bd04d291148e2754334cdecc521", url: `${CEA}/10c8d2375fae8bd04d291148e2754334cdecc521/gpudirect-tcpxo/nccl-tcpxo-installer.yaml` },
  /** TCPX(O): NRI device injector (gives the RxDM sidecar the GPU devices). source: container-engine-accelerators nri_device_injector/nri-device-injector.yaml @d4919d3 */
  nriDeviceInjector: { name: "nri-device-injector", version: "d4919d335f6cddb2d1b1f7242090ff9e93316579", url: `${CEA}/d4919d335f6cddb2d1b1f7242090ff9e93316579/nri_device_injector/nri-device-injector.yaml` },
} as const;

/**
 * GPU DRA on managed-DRANET pools (GKE installs no driver there: gpuDriverVersion INSTALLATION_DISABLED):
 * the COS driver installer DaemonSet and NVIDIA's DRA driver chart publishing the GPUs as
 * `gpu.nvidia.com` devices. source: research notes accelerator-infra.md §1.5 "DRANET path"
 * (chart >= 25.8.0, nvidiaDriverRoot /home/kubernetes/bin/nvidia, gpuResourcesEnabledOverride);
 * installer: container-engine-accelerators nvidia-driver-installer/cos/daemonset-preloaded.yaml @feb27ef.
 */
export const GKE_GPU_DRA = {
  driverInstaller: { name: "nvidia-driver-installer", version: "feb27ef33e5fdf1b8ec7dafbf4cf527ee400278a", url: `${CEA}/feb27ef33e5fdf1b8ec7dafbf4cf527ee400278a/nvidia-driver-installer/cos/daemonset-preloaded.yaml` },
  chart: { chart: "nvidia-dra-driver-gpu", version: "25.8.0", repo: "https://helm.ngc.nvidia.com/nvidia", namespace: "nvidia-dra-driver-gpu" },
} as const;

/**
 * Receive-datapath manager (RxDM) sidecars of GPUDirect-TCPX(O) pods; each must match the NCCL plugin
 * its installer put on the node. source: container-engine-accelerators gpudirect-tcpx/README.md
 * (release Feb 15, 2024: plugin v3.1.9 + tcpgpudmarxd-dev v2.0.12, also in gpudirect-tcpx/nccl-test-latest.yaml)
 * and gpudirect-tcpxo/README.md (release Jan 9, 2026: plugin v1.0.15 + tcpgpudmarxd-dev v1.0.21).
 */
export const GKE_GPUDIRECT_RXDM = {
  tcpx: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev:v2.0.12",
  tcpxo: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.21",
} as const;

/** EKS device plugins (the AL2023 NVIDIA AMI has the driver and the EFA host software, not the plugins). source: aws-ia/terraform-aws-eks-blueprints patterns/nvidia-gpu-efa @98d0eb4 (research notes §3.4) */
export const EKS_DEVICE_PLUGIN_CHARTS = {
  nvidia: { chart: "nvidia-device-plugin", version: "0.17.1", repo: "https://nvidia.github.io/k8s-device-plugin", namespace: "nvidia-device-plugin" },
  efa: { chart: "aws-efa-k8s-device-plugin", version: "v0.5.7", repo: "https://aws.github.io/eks-charts", namespace: "kube-system" },
} as const;
