// Versions pinned independently of the llm-d release: chart coordinates of the gateway control
// planes (their versions come from the release), the Kubernetes API versions of built-in and
// Gateway API kinds, GKE's GPU network installers, and the EKS/AMD device plugins.
//
// Everything an llm-d release pins (images, CRD manifests, chart versions, scheduler configs, flags)
// lives in ./releases/<release>.ts.

/** API versions of kinds whose version does not move with the llm-d release. */
export const API_VERSIONS = {
    gateway: "gateway.networking.k8s.io/v1",
    httpRoute: "gateway.networking.k8s.io/v1",
    leaderWorkerSet: "leaderworkerset.x-k8s.io/v1",
} as const;

/** Gateway control planes, installed by Helm with the inference extension enabled (versions: the release's `charts`). */
export const GATEWAY_CHARTS = {
  /** Charts from istio's Helm repo. */
  istio: {
    repo: "https://istio-release.storage.googleapis.com/charts",
    baseChart: "base",
    controlPlaneChart: "istiod",
    namespace: "istio-system",
  },
  agentgateway: {
    crdsChart: "oci://cr.agentgateway.dev/charts/agentgateway-crds",
    controlPlaneChart: "oci://cr.agentgateway.dev/charts/agentgateway",
    namespace: "agentgateway-system",
  },
  /** Deprecated by llm-d in 2026 in favour of agentgateway. source: llm-d/llm-d guides/prereq/gateway-provider/kgateway.helmfile.yaml (inferenceExtension.enabled) */
  kgateway: {
    crdsChart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds",
    controlPlaneChart: "oci://cr.kgateway.dev/kgateway-dev/charts/kgateway",
    namespace: "kgateway-system",
  },
} as const;

/** LeaderWorkerSet controller (wide expert parallelism); the chart version is the release's. source: llm-d docs, multi-node serving */
export const LWS = {
  chart: "oci://registry.k8s.io/lws/charts/lws",
  namespace: "lws-system",
} as const;

/**
 * Body-based router of the Inference Extension: copies the OpenAI `model` field into the
 * X-Gateway-Model-Name header so HTTPRoutes can match per model.
 * source: kubernetes-sigs/gateway-api-inference-extension config/charts/body-based-routing (version: the release's)
 */
export const BODY_BASED_ROUTER = {
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
  /** The A4X (GB200, arm64) variant: selects a4x-highgpu-4g nodes (container-engine-accelerators@992db812 nvidia-driver-installer/cos/daemonset-preloaded-latest-a4x.yaml; absent at feb27ef). */
  driverInstallerA4x: { name: "nvidia-driver-installer-a4x", version: "992db81257553607f1477945f1b3219632991829", url: `${CEA}/992db81257553607f1477945f1b3219632991829/nvidia-driver-installer/cos/daemonset-preloaded-latest-a4x.yaml` },
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

/**
 * EKS device plugins (the AL2023 NVIDIA AMI has the driver and the EFA host software, not the plugins).
 * source: aws-ia/terraform-aws-eks-blueprints patterns/nvidia-gpu-efa @98d0eb4 (research notes §3.4).
 * The EFA pin is the Helm chart's version: chart v0.5.7 (aws/eks-charts 41ef4da, 2024-11-22) runs the
 * device plugin image v0.5.4 (its appVersion and image.tag) and already lists p4d/p5/p5en among its
 * supported instance types; plugin v0.5.7 itself first ships in chart v0.5.12.
 */
export const EKS_DEVICE_PLUGIN_CHARTS = {
  nvidia: { chart: "nvidia-device-plugin", version: "0.17.1", repo: "https://nvidia.github.io/k8s-device-plugin", namespace: "nvidia-device-plugin" },
  efa: { chart: "aws-efa-k8s-device-plugin", version: "v0.5.7", repo: "https://aws.github.io/eks-charts", namespace: "kube-system" },
} as const;

/**
 * The FSx for Lustre CSI driver, for the KV cache's storage tier on EKS: chart 1.17.0 (driver v1.9.0).
 * source: kubernetes-sigs/aws-fsx-csi-driver@5b227125 charts/aws-fsx-csi-driver/Chart.yaml, docs/install.md (Helm repo,
 * IRSA with AmazonFSxFullAccess on kube-system/fsx-csi-controller-sa).
 */
export const FSX_CSI_DRIVER = {
  chart: "aws-fsx-csi-driver",
  version: "1.17.0",
  repo: "https://kubernetes-sigs.github.io/aws-fsx-csi-driver",
  namespace: "kube-system",
  controllerServiceAccount: "fsx-csi-controller-sa",
  policy: "AmazonFSxFullAccess",
} as const;
