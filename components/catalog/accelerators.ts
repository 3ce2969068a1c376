// Accelerator chips and the cloud machine types that carry them. Data only: no project imports.
//
// Sources used throughout (cited per entry):
// - /work/shared/research/accelerator-infra.md (project research notes, 2026-11-24), itself from
//   GoogleCloudPlatform/cluster-toolkit, llm-d/llm-d docs, GKE/EKS docs and skypilot-org/skypilot-catalog.
// - skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv (host-only rows for A2/A3; GPUs billed separately).
// - Vendor spec sheets for memory, bandwidth and dense BF16 TFLOPS (no sparsity).
//
// usableMemoryGiB is what `torch.cuda.mem_get_info()` reports as total (what vLLM multiplies by
// --gpu-memory-utilization). Rule where no measured figure was found: nominal capacity minus ~1.1 %
// (ECC/driver reservation), rounded to 0.01 GiB; entries say which applies.

export type AcceleratorVendor = "nvidia" | "amd" | "tpu" | "intel-xpu" | "intel-gaudi" | "cpu" | "simulated";

export interface ChipSpec {
  /** GKE `cloud.google.com/gke-accelerator` (GPU) or `cloud.google.com/gke-tpu-accelerator` (TPU) value where one exists. */
  id: string;
  vendor: AcceleratorVendor;
  displayName: string;
  /** Nominal memory per chip in GB as marketed (80 for H100 80GB). */
  memoryGiB: number;
  /** Total memory the framework sees per chip, GiB (torch.cuda.mem_get_info total / JAX bytes_limit). */
  usableMemoryGiB: number;
  memoryBandwidthGBps: number;
  /** Dense BF16 TFLOPS per chip (no structured sparsity). */
  bf16DenseTflops: number;
  /** Native FP8 matmul support (Hopper, Ada, Blackwell, MI300+, Gaudi2+, TPU v7 not listed). */
  fp8: boolean;
  /** Kubernetes extended resource name the device plugin advertises. */
  resourceName: string;
  /** Universal node label selecting this chip, when one exists (GKE). */
  nodeSelector?: Record<string, string>;
  /** How usableMemoryGiB was obtained. */
  usableMemorySource: string;
  /**
   * Multi-node NVLink (GB200 NVL72): GPUs in one NVLink domain, and the node label naming the domain a
   * node is in, per cloud (GKE A4X: each sub-block is one NVL72 domain; EKS UltraServers; elsewhere the
   * GPU Feature Discovery clique label). Source: llm-d guides/pd-disaggregation/README.ds.md topology table.
   */
  nvlinkDomain?: { gpus: number; topologyKeys: { gke: string; eks: string; other: string }; source: string };
  source: string;
}

export type NetworkStack = "none" | "gpudirect-tcpx" | "gpudirect-tcpxo" | "rdma-roce" | "dranet" | "efa" | "infiniband";

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface MachineTypeSpec {
  id: string;
  cloud: "gke" | "eks";
  /** ChipSpec.id */
  chip: string;
  chipsPerNode: number;
  vcpus: number;
  memoryGiB: number;
  arch: "amd64" | "arm64";
  networkStack: NetworkStack;
  /** Accelerator NICs (GPU-to-GPU network): count and Gbps each. 0 when there is none. */
  nics: number;
  nicGbps: number;
  /** EKS: maximum EFA interfaces (network cards). */
  efaInterfaces?: number;
  labels: Record<string, string>;
  taints: Taint[];
  tpu?: { chipsPerHost: number; validTopologies: string[]; multiHost: boolean };
  /** GKE: the accelerator topology a pool's workload policy asks for (A4X: `1x72`, one NVL72 rack). */
  gkeAcceleratorTopology?: string;
  /** EKS: the instance type comes only as EC2 Capacity Blocks for ML (P6e-GB200 UltraServers). */
  capacityBlocksOnly?: boolean;
  /** List on-demand price, USD per hour, for the whole machine (GCP: host + accelerators). */
  pricePerHourUSD: number;
  priceRegion: string;
  /** When the price was read (YYYY-MM-DD or YYYY-MM). */
  priceDate: string;
  /** "list": a published list price; "catalog": a price catalog mirror; "estimate": derived, see priceNote. */
  priceConfidence: "list" | "catalog" | "estimate";
  priceNote?: string;
  source: string;
}

const RESEARCH = "/work/shared/research/accelerator-infra.md";
const GKE_GPU_TAINT: Taint[] = [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }];
const GKE_TPU_TAINT: Taint[] = [{ key: "google.com/tpu", value: "present", effect: "NoSchedule" }];
// source: aws-ia/terraform-aws-eks-blueprints patterns/nvidia-gpu-efa (taint nvidia.com/gpu=true:NoSchedule), via RESEARCH §3.4
const EKS_GPU_TAINT: Taint[] = [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }];

function gkeAccel(id: string): Record<string, string> {
  return { "cloud.google.com/gke-accelerator": id };
}
function gkeTpu(id: string): Record<string, string> {
  return { "cloud.google.com/gke-tpu-accelerator": id };
}

export const CHIPS: readonly ChipSpec[] = [
  {
    id: "nvidia-tesla-t4", vendor: "nvidia", displayName: "NVIDIA T4 16GB", memoryGiB: 16, usableMemoryGiB: 14.75,
    memoryBandwidthGBps: 320, bf16DenseTflops: 65, fp8: false, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-tesla-t4"),
    // T4 has no BF16 tensor cores; 65 is its FP16 dense figure (vLLM runs fp16 on it).
    usableMemorySource: "PyTorch OOM message 'total capacity of 14.75 GiB' on a T4, https://github.com/hpcaitech/Open-Sora/issues/697",
    source: "https://www.nvidia.com/en-us/data-center/tesla-t4/",
  },
  {
    id: "nvidia-l4", vendor: "nvidia", displayName: "NVIDIA L4 24GB", memoryGiB: 24, usableMemoryGiB: 22.0,
    memoryBandwidthGBps: 300, bf16DenseTflops: 121, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-l4"),
    usableMemorySource: "22.0 GiB as the project brief records for torch.cuda.mem_get_info on L4 (nvidia-smi: 23034 MiB)",
    source: `https://www.nvidia.com/en-us/data-center/l4/ ; ${RESEARCH} §1.1, §6.1`,
  },
  {
    id: "nvidia-a10g", vendor: "nvidia", displayName: "NVIDIA A10G 24GB", memoryGiB: 24, usableMemoryGiB: 22.0,
    memoryBandwidthGBps: 600, bf16DenseTflops: 70, fp8: false, resourceName: "nvidia.com/gpu",
    usableMemorySource: "rule: same GDDR6 24 GB part as L4 class, nvidia-smi 23028 MiB; taken as 22.0 GiB (unmeasured)",
    source: `https://aws.amazon.com/ec2/instance-types/g5/ ; ${RESEARCH} §6.1`,
  },
  {
    id: "nvidia-l40s", vendor: "nvidia", displayName: "NVIDIA L40S 48GB", memoryGiB: 48, usableMemoryGiB: 44.53,
    memoryBandwidthGBps: 864, bf16DenseTflops: 362, fp8: true, resourceName: "nvidia.com/gpu",
    usableMemorySource: "PyTorch OOM message 'total capacity of 44.53 GiB' on an L40S, https://github.com/Wan-Video/Wan2.1/issues/205",
    source: `https://www.nvidia.com/en-us/data-center/l40s/ ; ${RESEARCH} §6.1`,
  },
  {
    id: "nvidia-tesla-a100", vendor: "nvidia", displayName: "NVIDIA A100 40GB", memoryGiB: 40, usableMemoryGiB: 39.4,
    memoryBandwidthGBps: 1555, bf16DenseTflops: 312, fp8: false, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-tesla-a100"),
    usableMemorySource: "39.4 GiB as the project brief records for torch.cuda.mem_get_info on A100 40GB",
    source: `https://www.nvidia.com/en-us/data-center/a100/ ; ${RESEARCH} §1.1, §6.1`,
  },
  {
    id: "nvidia-a100-80gb", vendor: "nvidia", displayName: "NVIDIA A100 80GB", memoryGiB: 80, usableMemoryGiB: 79.1,
    memoryBandwidthGBps: 2039, bf16DenseTflops: 312, fp8: false, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-a100-80gb"),
    usableMemorySource: "rule: same 80 GB HBM class as H100, taken as 79.1 GiB (unmeasured)",
    source: `https://www.nvidia.com/en-us/data-center/a100/ ; ${RESEARCH} §1.1 (A2 Ultra label is nvidia-a100-80gb)`,
  },
  {
    id: "nvidia-h100-80gb", vendor: "nvidia", displayName: "NVIDIA H100 80GB", memoryGiB: 80, usableMemoryGiB: 79.19,
    memoryBandwidthGBps: 3350, bf16DenseTflops: 989, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-h100-80gb"),
    usableMemorySource: "79.19 GiB: vLLM's 'worker init memory snapshot: … total_memory=79.19GiB' (torch.cuda.mem_get_info) in llm-d-planner's H100 80GB start-up logs, https://github.com/llm-d-incubation/llm-d-planner/tree/d3121e059da88662db39a926a3ead964be97359b/accuracy/results/v0.19.0/logs",
    source: `https://www.nvidia.com/en-us/data-center/h100/ ; ${RESEARCH} §1.1`,
  },
  {
    id: "nvidia-h100-mega-80gb", vendor: "nvidia", displayName: "NVIDIA H100 80GB (A3 Mega)", memoryGiB: 80, usableMemoryGiB: 79.19,
    memoryBandwidthGBps: 3350, bf16DenseTflops: 989, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-h100-mega-80gb"),
    usableMemorySource: "same chip as nvidia-h100-80gb",
    source: `${RESEARCH} §1.1 (A3 Mega label)`,
  },
  {
    id: "nvidia-h200-141gb", vendor: "nvidia", displayName: "NVIDIA H200 141GB", memoryGiB: 141, usableMemoryGiB: 139.45,
    memoryBandwidthGBps: 4800, bf16DenseTflops: 989, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-h200-141gb"),
    usableMemorySource: "rule: nominal 141 GB minus 1.1 % (unmeasured)",
    source: `https://www.nvidia.com/en-us/data-center/h200/ ; ${RESEARCH} §1.1`,
  },
  {
    id: "nvidia-b200", vendor: "nvidia", displayName: "NVIDIA B200 180GB", memoryGiB: 180, usableMemoryGiB: 178.0,
    memoryBandwidthGBps: 8000, bf16DenseTflops: 2250, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-b200"),
    usableMemorySource: "rule: nominal 180 GB minus 1.1 % (unmeasured; research notes say clouds expose 179-180 GB)",
    source: `https://www.nvidia.com/en-us/data-center/dgx-b200/ ; ${RESEARCH} §1.1, §6.1 (verify)`,
  },
  {
    id: "nvidia-gb200", vendor: "nvidia", displayName: "NVIDIA GB200 (Grace Blackwell, NVL72)", memoryGiB: 186, usableMemoryGiB: 183.96,
    memoryBandwidthGBps: 8000, bf16DenseTflops: 2500, fp8: true, resourceName: "nvidia.com/gpu", nodeSelector: gkeAccel("nvidia-gb200"),
    usableMemorySource:
      "nvidia-smi reports 189471 MiB = 185.03 GiB (ai-dynamo/aiconfigurator@095f58a systems/gb200.yaml; kubernetes-sigs/dranet@f258477 GB200 ResourceSlice " +
      "189471Mi); torch's total runs 0.58 % below nvidia-smi's on H100 (79.19 of 79.65 GiB in vLLM's logs), applied: 183.96 (no GB200 vLLM log found)",
    nvlinkDomain: {
      gpus: 72,
      topologyKeys: { gke: "cloud.google.com/gce-topology-subblock", eks: "topology.k8s.aws/ultraserver-id", other: "nvidia.com/gpu.clique" },
      source: "llm-d/llm-d @e3dbeca1 guides/pd-disaggregation/README.ds.md#L134-143 (NVLink domain label per platform: GKE A4X sub-block = one NVL72 domain; EKS GB200 UltraServers; GPU Feature Discovery clique)",
    },
    source: "https://cloud.google.com/compute/docs/instances/arm-on-compute (A4X: \"B200 GPUs that offer 186 GB memory per GPU\"); NVIDIA GB200 NVL72 spec (2.5 PFLOPS dense BF16, 8 TB/s per GPU); /work/notes/gb200-facts.md",
  },
  {
    id: "tpu-v5-lite-podslice", vendor: "tpu", displayName: "Google TPU v5e", memoryGiB: 16, usableMemoryGiB: 15.75,
    memoryBandwidthGBps: 819, bf16DenseTflops: 197, fp8: false, resourceName: "google.com/tpu", nodeSelector: gkeTpu("tpu-v5-lite-podslice"),
    usableMemorySource: "16 GiB HBM less the runtime's reserve as JAX reports bytes_limit (15.75 GiB); from memory, verify",
    source: `https://cloud.google.com/tpu/docs/v5e ; ${RESEARCH} §2.1`,
  },
  {
    id: "tpu-v6e-slice", vendor: "tpu", displayName: "Google TPU v6e (Trillium)", memoryGiB: 32, usableMemoryGiB: 31.25,
    memoryBandwidthGBps: 1640, bf16DenseTflops: 918, fp8: false, resourceName: "google.com/tpu", nodeSelector: gkeTpu("tpu-v6e-slice"),
    usableMemorySource: "32 GiB HBM less the runtime's reserve (31.25 GiB); from memory, verify",
    source: `https://cloud.google.com/tpu/docs/v6e ; ${RESEARCH} §2.1`,
  },
  {
    id: "tpu-v5p-slice", vendor: "tpu", displayName: "Google TPU v5p", memoryGiB: 95, usableMemoryGiB: 95.0,
    memoryBandwidthGBps: 2765, bf16DenseTflops: 459, fp8: false, resourceName: "google.com/tpu", nodeSelector: gkeTpu("tpu-v5p-slice"),
    usableMemorySource: "nominal 95 GB HBM2e taken as usable (unmeasured)",
    source: `https://cloud.google.com/tpu/docs/v5p ; ${RESEARCH} §2.1`,
  },
  {
    id: "amd-mi250", vendor: "amd", displayName: "AMD Instinct MI250", memoryGiB: 128, usableMemoryGiB: 126.6,
    memoryBandwidthGBps: 3277, bf16DenseTflops: 362, fp8: false, resourceName: "amd.com/gpu",
    // Each MI250 exposes two GCDs (64 GB each) as two devices to ROCm; figures here are per OAM module.
    usableMemorySource: "rule: nominal minus 1.1 % (unmeasured)",
    source: "https://www.amd.com/en/products/accelerators/instinct/mi200/mi250.html",
  },
  {
    id: "amd-mi300x", vendor: "amd", displayName: "AMD Instinct MI300X", memoryGiB: 192, usableMemoryGiB: 191.98,
    memoryBandwidthGBps: 5300, bf16DenseTflops: 1307, fp8: true, resourceName: "amd.com/gpu",
    usableMemorySource: "192 GiB HBM3 as ROCm reports it (191.98 GiB); from memory, verify",
    source: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html",
  },
  {
    id: "amd-mi325x", vendor: "amd", displayName: "AMD Instinct MI325X", memoryGiB: 256, usableMemoryGiB: 255.98,
    memoryBandwidthGBps: 6000, bf16DenseTflops: 1307, fp8: true, resourceName: "amd.com/gpu",
    usableMemorySource: "rule: as MI300X, capacity in GiB less 0.02 (unmeasured)",
    source: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html",
  },
  {
    id: "amd-mi355x", vendor: "amd", displayName: "AMD Instinct MI355X", memoryGiB: 288, usableMemoryGiB: 287.98,
    memoryBandwidthGBps: 8000, bf16DenseTflops: 2500, fp8: true, resourceName: "amd.com/gpu",
    usableMemorySource: "rule: as MI300X, capacity in GiB less 0.02 (unmeasured)",
    source: "https://www.amd.com/en/products/accelerators/instinct/mi350.html",
  },
  {
    id: "intel-gaudi2", vendor: "intel-gaudi", displayName: "Intel Gaudi 2", memoryGiB: 96, usableMemoryGiB: 94.6,
    memoryBandwidthGBps: 2460, bf16DenseTflops: 432, fp8: true, resourceName: "habana.ai/gaudi",
    usableMemorySource: "rule: nominal minus 1.5 % (unmeasured)",
    source: "https://www.intel.com/content/www/us/en/products/details/processors/ai-accelerators/gaudi2.html",
  },
  {
    id: "intel-gaudi3", vendor: "intel-gaudi", displayName: "Intel Gaudi 3", memoryGiB: 128, usableMemoryGiB: 126.1,
    memoryBandwidthGBps: 3700, bf16DenseTflops: 1835, fp8: true, resourceName: "habana.ai/gaudi",
    usableMemorySource: "rule: nominal minus 1.5 % (unmeasured)",
    source: "https://www.intel.com/content/www/us/en/products/details/processors/ai-accelerators/gaudi3.html",
  },
];

// ---------------------------------------------------------------------------------------------
// Machine types
// ---------------------------------------------------------------------------------------------

const GCP_DATE = "2026-11-24";
const AWS_DATE = "2026-11-24";

interface GpuShape { id: string; chips: number; vcpus: number; memoryGiB: number; price: number }

// G2 (L4). Prices: GCP list, us-central1 (host + L4 bundled in the g2 SKU). Shapes: GKE/GCE docs via RESEARCH §1.1.
// source: https://cloud.google.com/compute/gpus-pricing (G2 table); L4 GPU part $0.56/GPU-h per skypilot catalog (RESEARCH §6.2)
const G2: GpuShape[] = [
  { id: "g2-standard-4", chips: 1, vcpus: 4, memoryGiB: 16, price: 0.70683 },
  { id: "g2-standard-8", chips: 1, vcpus: 8, memoryGiB: 32, price: 0.85362 },
  { id: "g2-standard-12", chips: 1, vcpus: 12, memoryGiB: 48, price: 1.00041 },
  { id: "g2-standard-16", chips: 1, vcpus: 16, memoryGiB: 64, price: 1.14721 },
  { id: "g2-standard-24", chips: 2, vcpus: 24, memoryGiB: 96, price: 2.00082 },
  { id: "g2-standard-32", chips: 1, vcpus: 32, memoryGiB: 128, price: 1.73438 },
  { id: "g2-standard-48", chips: 4, vcpus: 48, memoryGiB: 192, price: 4.00164 },
  { id: "g2-standard-96", chips: 8, vcpus: 96, memoryGiB: 384, price: 8.00328 },
];

// A2 High (A100 40GB): host from skypilot gcp vms.csv us-central1 (0.73948 per 12 vCPU share) + A100 40GB GPU
// $2.933908/GPU-h (GCP list). A2 Ultra (A100 80GB): host 1.09962 per GPU share + $3.96917/GPU-h.
// source: skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv @017e2502 (host rows); GPU parts: cloud.google.com/compute/gpus-pricing
const A100_40_GPU = 2.933908;
const A100_80_GPU = 3.96917;
const A2: GpuShape[] = [
  { id: "a2-highgpu-1g", chips: 1, vcpus: 12, memoryGiB: 85, price: 0.73948 + 1 * A100_40_GPU },
  { id: "a2-highgpu-2g", chips: 2, vcpus: 24, memoryGiB: 170, price: 1.47895 + 2 * A100_40_GPU },
  { id: "a2-highgpu-4g", chips: 4, vcpus: 48, memoryGiB: 340, price: 2.95791 + 4 * A100_40_GPU },
  { id: "a2-highgpu-8g", chips: 8, vcpus: 96, memoryGiB: 680, price: 5.91582 + 8 * A100_40_GPU },
];
const A2U: GpuShape[] = [
  { id: "a2-ultragpu-1g", chips: 1, vcpus: 12, memoryGiB: 170, price: 1.09962 + 1 * A100_80_GPU },
  { id: "a2-ultragpu-2g", chips: 2, vcpus: 24, memoryGiB: 340, price: 2.19924 + 2 * A100_80_GPU },
  { id: "a2-ultragpu-4g", chips: 4, vcpus: 48, memoryGiB: 680, price: 4.39849 + 4 * A100_80_GPU },
  { id: "a2-ultragpu-8g", chips: 8, vcpus: 96, memoryGiB: 1360, price: 8.79698 + 8 * A100_80_GPU },
];
// A3 High (H100): host from skypilot rows (us-central1: 1g 1.18251 ... 8g 9.46006) + H100 GPU part
// $9.796/GPU-h (8 x = $78.37, RESEARCH §6.2 us-east4 row; us-central1 list is the same tier).
const H100_GPU = 78.37 / 8;
const A3H: GpuShape[] = [
  { id: "a3-highgpu-1g", chips: 1, vcpus: 26, memoryGiB: 234, price: 1.18251 + 1 * H100_GPU },
  { id: "a3-highgpu-2g", chips: 2, vcpus: 52, memoryGiB: 468, price: 2.36502 + 2 * H100_GPU },
  { id: "a3-highgpu-4g", chips: 4, vcpus: 104, memoryGiB: 936, price: 4.73003 + 4 * H100_GPU },
  { id: "a3-highgpu-8g", chips: 8, vcpus: 208, memoryGiB: 1872, price: 9.46006 + 8 * H100_GPU },
];

function gkeGpu(shape: GpuShape, chip: string, extra: Partial<MachineTypeSpec> & { source: string; priceConfidence?: MachineTypeSpec["priceConfidence"]; priceNote?: string }): MachineTypeSpec {
  return {
    id: shape.id, cloud: "gke", chip, chipsPerNode: shape.chips, vcpus: shape.vcpus, memoryGiB: shape.memoryGiB, arch: "amd64",
    networkStack: "none", nics: 0, nicGbps: 0,
    labels: { ...gkeAccel(chip), "node.kubernetes.io/instance-type": shape.id },
    taints: GKE_GPU_TAINT,
    pricePerHourUSD: round5(shape.price), priceRegion: "us-central1", priceDate: GCP_DATE, priceConfidence: "catalog",
    ...extra,
  };
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

interface AwsShape { id: string; chips: number; vcpus: number; memoryGiB: number; price: number; efa?: number }

// EKS G-family, us-east-1 list on-demand Linux. source: https://aws.amazon.com/ec2/pricing/on-demand/ (RESEARCH §6.2
// reference points g5.xlarge $1.01, g5.48xlarge $16.29, g6.xlarge $0.80, g6.48xlarge $13.35, g6e.xlarge $1.86, g6e.48xlarge $30.13; other sizes from the same page, verify)
const G5: AwsShape[] = [
  { id: "g5.xlarge", chips: 1, vcpus: 4, memoryGiB: 16, price: 1.006 },
  { id: "g5.2xlarge", chips: 1, vcpus: 8, memoryGiB: 32, price: 1.212 },
  { id: "g5.4xlarge", chips: 1, vcpus: 16, memoryGiB: 64, price: 1.624 },
  { id: "g5.8xlarge", chips: 1, vcpus: 32, memoryGiB: 128, price: 2.448 },
  { id: "g5.12xlarge", chips: 4, vcpus: 48, memoryGiB: 192, price: 5.672 },
  { id: "g5.16xlarge", chips: 1, vcpus: 64, memoryGiB: 256, price: 4.096 },
  { id: "g5.24xlarge", chips: 4, vcpus: 96, memoryGiB: 384, price: 8.144 },
  { id: "g5.48xlarge", chips: 8, vcpus: 192, memoryGiB: 768, price: 16.288, efa: 1 },
];
const G6: AwsShape[] = [
  { id: "g6.xlarge", chips: 1, vcpus: 4, memoryGiB: 16, price: 0.8048 },
  { id: "g6.2xlarge", chips: 1, vcpus: 8, memoryGiB: 32, price: 0.9776 },
  { id: "g6.4xlarge", chips: 1, vcpus: 16, memoryGiB: 64, price: 1.3232 },
  { id: "g6.8xlarge", chips: 1, vcpus: 32, memoryGiB: 128, price: 2.0144 },
  { id: "g6.12xlarge", chips: 4, vcpus: 48, memoryGiB: 192, price: 4.6016 },
  { id: "g6.16xlarge", chips: 1, vcpus: 64, memoryGiB: 256, price: 3.3968 },
  { id: "g6.24xlarge", chips: 4, vcpus: 96, memoryGiB: 384, price: 6.6752 },
  { id: "g6.48xlarge", chips: 8, vcpus: 192, memoryGiB: 768, price: 13.3504 },
];
const G6E: AwsShape[] = [
  { id: "g6e.xlarge", chips: 1, vcpus: 4, memoryGiB: 32, price: 1.861 },
  { id: "g6e.2xlarge", chips: 1, vcpus: 8, memoryGiB: 64, price: 2.24208 },
  { id: "g6e.4xlarge", chips: 1, vcpus: 16, memoryGiB: 128, price: 3.00424 },
  { id: "g6e.8xlarge", chips: 1, vcpus: 32, memoryGiB: 256, price: 4.52856 },
  { id: "g6e.12xlarge", chips: 4, vcpus: 48, memoryGiB: 384, price: 10.49264 },
  { id: "g6e.16xlarge", chips: 1, vcpus: 64, memoryGiB: 512, price: 7.57719 },
  { id: "g6e.24xlarge", chips: 4, vcpus: 96, memoryGiB: 768, price: 15.06559 },
  { id: "g6e.48xlarge", chips: 8, vcpus: 192, memoryGiB: 1536, price: 30.13118 },
];

function eksGpu(shape: AwsShape, chip: string, source: string): MachineTypeSpec {
  return {
    id: shape.id, cloud: "eks", chip, chipsPerNode: shape.chips, vcpus: shape.vcpus, memoryGiB: shape.memoryGiB, arch: "amd64",
    networkStack: shape.efa ? "efa" : "none", nics: shape.efa ?? 0, nicGbps: shape.efa ? 100 : 0,
    ...(shape.efa ? { efaInterfaces: shape.efa } : {}),
    labels: { "node.kubernetes.io/instance-type": shape.id, "nvidia.com/gpu.present": "true" },
    taints: EKS_GPU_TAINT,
    pricePerHourUSD: shape.price, priceRegion: "us-east-1", priceDate: AWS_DATE, priceConfidence: "list",
    priceNote: "list price recalled for us-east-1; only the xlarge and 48xlarge sizes are cross-checked in the research notes",
    source,
  };
}

function tpuMachine(id: string, chip: string, chipsPerHost: number, vcpus: number, memoryGiB: number, perChipPrice: number,
  validTopologies: string[], source: string): MachineTypeSpec {
  return {
    id, cloud: "gke", chip, chipsPerNode: chipsPerHost, vcpus, memoryGiB, arch: "amd64", networkStack: "none", nics: 0, nicGbps: 0,
    labels: { ...gkeTpu(chip), "node.kubernetes.io/instance-type": id },
    taints: GKE_TPU_TAINT,
    tpu: { chipsPerHost, validTopologies, multiHost: validTopologies.some((t) => topologyChips(t) > chipsPerHost) },
    pricePerHourUSD: round5(perChipPrice * chipsPerHost), priceRegion: "us-central1", priceDate: GCP_DATE, priceConfidence: "catalog",
    priceNote: `per-chip price $${perChipPrice}/chip-h x ${chipsPerHost} chips`,
    source,
  };
}

function topologyChips(topology: string): number {
  return topology.split("x").map(Number).reduce((a, b) => a * b, 1);
}

const TPU_SRC = `${RESEARCH} §2.1 (shapes, labels, topologies from cluster-toolkit modules/internal/tpu-definition) and §6.2 (prices)`;

export const MACHINE_TYPES: readonly MachineTypeSpec[] = [
  ...G2.map((s) => gkeGpu(s, "nvidia-l4", {
    source: `${RESEARCH} §1.1 (G2 shapes); price: https://cloud.google.com/compute/gpus-pricing (G2, us-central1)`,
    priceConfidence: "list", priceNote: "G2 list price recalled (bundled host + L4); L4 GPU part $0.56/GPU-h per skypilot catalog",
  })),
  ...A2.map((s) => gkeGpu(s, "nvidia-tesla-a100", {
    source: `${RESEARCH} §1.1; host price skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv @017e2502 us-central1`,
    priceNote: "host row from skypilot catalog + A100 40GB GPU part $2.9339/GPU-h (GCP list, recalled)",
  })),
  ...A2U.map((s) => gkeGpu(s, "nvidia-a100-80gb", {
    source: `${RESEARCH} §1.1; host price skypilot-org/skypilot-catalog catalogs/v7/gcp/vms.csv @017e2502 us-central1`,
    priceNote: "host row from skypilot catalog + A100 80GB GPU part $3.9692/GPU-h (GCP list, recalled)",
  })),
  ...A3H.map((s) => gkeGpu(s, "nvidia-h100-80gb", {
    // 8g has 4 x 200 Gbps GPU NICs (TCPX); 1g/2g/4g have none (RESEARCH §1.1 says verify).
    ...(s.chips === 8 ? { networkStack: "gpudirect-tcpx" as const, nics: 4, nicGbps: 200 } : {}),
    source: `${RESEARCH} §1.1 (A3 High: GPUDirect-TCPX, 4 x 200 Gbps); host price skypilot gcp vms.csv @017e2502 us-central1`,
    priceNote: "host row + 8 x H100 GPU part $78.37 (skypilot us-east4 row, RESEARCH §6.2); total ~ the well-known $88/h",
  })),
  gkeGpu({ id: "a3-megagpu-8g", chips: 8, vcpus: 208, memoryGiB: 1872, price: 82.75 + 9.46006 }, "nvidia-h100-mega-80gb", {
    networkStack: "gpudirect-tcpxo", nics: 8, nicGbps: 200,
    source: `${RESEARCH} §1.1 (A3 Mega: GPUDirect-TCPXO, 8 x 200 Gbps), §6.2 (GPU part $82.75)`,
    priceConfidence: "estimate", priceNote: "GPU part $82.75 (skypilot) + host assumed equal to a3-highgpu-8g host $9.46",
  }),
  gkeGpu({ id: "a3-ultragpu-8g", chips: 8, vcpus: 224, memoryGiB: 2952, price: 74.49 + 9.46006 }, "nvidia-h200-141gb", {
    networkStack: "rdma-roce", nics: 8, nicGbps: 400,
    source: `${RESEARCH} §1.1 (A3 Ultra: 8 x 400 Gbps CX-7 RoCE), §6.2 (GPU part $74.49)`,
    priceConfidence: "estimate", priceNote: "GPU part $74.49 (skypilot) + host assumed equal to a3-highgpu-8g host $9.46",
  }),
  gkeGpu({ id: "a4-highgpu-8g", chips: 8, vcpus: 224, memoryGiB: 3968, price: (74.49 + 9.46006) * 1.25 }, "nvidia-b200", {
    networkStack: "rdma-roce", nics: 8, nicGbps: 400,
    source: `${RESEARCH} §1.1 (A4: 8 x B200, 8 x 400 Gbps CX-7 RoCE)`,
    priceConfidence: "estimate", priceNote: "no list price in the sources read; estimated as 1.25 x a3-ultragpu-8g. Replace before quoting.",
  }),
  {
    // A4X: 4 x GB200 on a Grace (arm64) host, 4 x 400 Gbps CX-7 RDMA NICs; 18 VMs (one GKE sub-block) form an NVL72 rack.
    id: "a4x-highgpu-4g", cloud: "gke", chip: "nvidia-gb200", chipsPerNode: 4, vcpus: 140, memoryGiB: 884, arch: "arm64",
    networkStack: "rdma-roce", nics: 4, nicGbps: 400,
    labels: { ...gkeAccel("nvidia-gb200"), "node.kubernetes.io/instance-type": "a4x-highgpu-4g" },
    // GKE taints Arm nodes kubernetes.io/arch=arm64:NoSchedule itself; pods tolerate it.
    taints: [...GKE_GPU_TAINT, { key: "kubernetes.io/arch", value: "arm64", effect: "NoSchedule" }],
    gkeAcceleratorTopology: "1x72",
    pricePerHourUSD: round5(((74.49 + 9.46006) * 1.25) / 2), priceRegion: "us-central1", priceDate: GCP_DATE, priceConfidence: "estimate",
    priceNote: "no A4X list price in any source read (A4X is sold through reservations); estimated at a4-highgpu-8g's estimated B200 price per GPU x 4. Replace before quoting.",
    source:
      "GoogleCloudPlatform/cluster-autoscaler@7d25050 pkg/cloudprovider/gke/machinetypes/deprecated_machine_types_config.go#L284-L311 (a4x-highgpu-4g: 140 vCPU, 884 GiB, Arm64, NvidiaGrace); " +
      "cluster-toolkit@10470803 examples/gke-a4x/gke-a4x.yaml (nvidia-gb200 x 4, workload policy HIGH_THROUGHPUT 1x72, DRANET); https://cloud.google.com/compute/docs/gpus/gpu-network-bandwidth (4 x 400 Gbps CX-7); /work/notes/gb200-facts.md",
  },
  tpuMachine("ct5lp-hightpu-1t", "tpu-v5-lite-podslice", 1, 24, 48, 1.2, ["1x1"], TPU_SRC),
  tpuMachine("ct5lp-hightpu-4t", "tpu-v5-lite-podslice", 4, 112, 192, 1.2, ["2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"], TPU_SRC),
  tpuMachine("ct5lp-hightpu-8t", "tpu-v5-lite-podslice", 8, 224, 384, 1.2, ["2x4"], TPU_SRC),
  tpuMachine("ct6e-standard-1t", "tpu-v6e-slice", 1, 44, 176, 2.7, ["1x1"], TPU_SRC),
  tpuMachine("ct6e-standard-4t", "tpu-v6e-slice", 4, 180, 720, 2.7, ["2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"], TPU_SRC),
  tpuMachine("ct6e-standard-8t", "tpu-v6e-slice", 8, 180, 1440, 2.7, ["2x4"], TPU_SRC),
  tpuMachine("ct5p-hightpu-4t", "tpu-v5p-slice", 4, 208, 448, 4.2, ["2x2x1", "2x2x2", "2x2x4", "2x4x4", "4x4x4"], TPU_SRC),
  ...G6.map((s) => eksGpu(s, "nvidia-l4", `${RESEARCH} §3.1 (g6: 1-8 x L4)`)),
  ...G6E.map((s) => eksGpu(s, "nvidia-l40s", `${RESEARCH} §3.1 (g6e: 1-8 x L40S)`)),
  ...G5.map((s) => eksGpu(s, "nvidia-a10g", `${RESEARCH} §3.1 (g5: 1-8 x A10G; EFA only on g5.48xlarge)`)),
  eksP("p4d.24xlarge", "nvidia-tesla-a100", 96, 1152, 4, 100, 32.77, "catalog",
    "skypilot catalogs/v7/aws/vms.csv us-east-1 (pre June-2025 AWS price cut of up to ~45%)", `${RESEARCH} §3.1, §6.2`),
  eksP("p4de.24xlarge", "nvidia-a100-80gb", 96, 1152, 4, 100, 40.97, "catalog",
    "skypilot catalogs/v7/aws/vms.csv us-east-1 (pre June-2025 price cut)", `${RESEARCH} §3.1, §6.2`),
  eksP("p5.48xlarge", "nvidia-h100-80gb", 192, 2048, 32, 100, 98.32, "catalog",
    "skypilot catalogs/v7/aws/vms.csv us-east-1 (pre June-2025 price cut; post-cut ~ $55/h, unverified)", `${RESEARCH} §3.1, §6.2`),
  eksP("p5e.48xlarge", "nvidia-h200-141gb", 192, 2048, 32, 100, 8 * 13.3, "estimate",
    "no us-east-1 row; p5en ap-northeast-1 $106.00 / 8 GPUs ~ $13.3/GPU-h applied", `${RESEARCH} §3.1, §6.2`),
  eksP("p5en.48xlarge", "nvidia-h200-141gb", 192, 2048, 16, 200, 101.76, "catalog",
    "skypilot catalogs/v7/aws/vms.csv ap-south-1 row (no us-east-1 row read)", `${RESEARCH} §3.1, §3.6 (llm-d's AWS target), §6.2`),
  {
    // P6e-GB200: 4 x GB200 on a Grace (arm64) host, only inside UltraServers (9 or 18 instances, 36 or 72 GPUs in one NVLink domain).
    id: "p6e-gb200.36xlarge", cloud: "eks", chip: "nvidia-gb200", chipsPerNode: 4, vcpus: 144, memoryGiB: 960, arch: "arm64",
    networkStack: "efa", nics: 4, nicGbps: 400, efaInterfaces: 4,
    labels: { "node.kubernetes.io/instance-type": "p6e-gb200.36xlarge", "nvidia.com/gpu.present": "true", "vpc.amazonaws.com/efa.present": "true" },
    taints: EKS_GPU_TAINT,
    capacityBlocksOnly: true,
    pricePerHourUSD: round5(4 * 10.582), priceRegion: "us-east-1 (Dallas Local Zone)", priceDate: "2026-08-01", priceConfidence: "list",
    priceNote: "EC2 Capacity Blocks: $761.904 per u-p6e-gb200x72 UltraServer-hour ($10.582 per GPU-hour), from copies of AWS's Capacity Blocks pricing page read 2026-08-01; no On-Demand price (Capacity Blocks only)",
    source:
      "AWS EKS user guide ml-eks-nvidia-ultraserver (p6e-gb200.36xlarge: 4 Blackwell GPUs, UltraServers u-p6e-gb200x36 / x72, Capacity Blocks, AL2023 ARM NVIDIA AMI, DRA 25.8.0); " +
      "AWS instance-type specs via karpenter-provider-aws@1d927085 (144 vCPU, 960 GiB, 17 network cards, 1600 Gbps EFA); /work/notes/gb200-facts.md",
  },
];

function eksP(id: string, chip: string, vcpus: number, memoryGiB: number, efa: number, gbps: number, price: number,
  conf: MachineTypeSpec["priceConfidence"], priceNote: string, source: string): MachineTypeSpec {
  return {
    id, cloud: "eks", chip, chipsPerNode: 8, vcpus, memoryGiB, arch: "amd64", networkStack: "efa", nics: efa, nicGbps: gbps,
    efaInterfaces: efa,
    labels: { "node.kubernetes.io/instance-type": id, "nvidia.com/gpu.present": "true", "vpc.amazonaws.com/efa.present": "true" },
    taints: EKS_GPU_TAINT,
    pricePerHourUSD: round5(price), priceRegion: conf === "catalog" && priceNote.includes("ap-south-1") ? "ap-south-1" : "us-east-1",
    priceDate: AWS_DATE, priceConfidence: conf, priceNote, source,
  };
}

export function findMachineType(id: string): MachineTypeSpec | undefined {
  const key = id.trim().toLowerCase();
  return MACHINE_TYPES.find((m) => m.id === key);
}

/** Finds a chip by its id, or by a machine type id (returning that machine type's chip). */
export function findChip(id: string): ChipSpec | undefined {
  const key = id.trim().toLowerCase();
  const chip = CHIPS.find((c) => c.id === key);
  if (chip) return chip;
  const machine = findMachineType(key);
  return machine ? CHIPS.find((c) => c.id === machine.chip) : undefined;
}

export function chipIds(): string[] {
  return CHIPS.map((c) => c.id);
}

export function machineTypesForChip(chipId: string): MachineTypeSpec[] {
  return MACHINE_TYPES.filter((m) => m.chip === chipId);
}

/** Price of one chip-hour on a machine type: machine price / chips per node. */
export function pricePerChipHour(machine: MachineTypeSpec): number {
  return machine.pricePerHourUSD / machine.chipsPerNode;
}
