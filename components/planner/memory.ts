// vLLM's KV-cache budget per GPU, as its memory profiler computes it.
//
// vLLM (v1/worker/gpu_worker.py determine_available_memory, v0.23.0 L372-524) measures, per rank:
//   available_kv = ceil(total_memory x gpu_memory_utilization) - weights - peak_activation
//                  - non_torch_increase - cuda_graph_estimate
// - weights: torch bytes allocated while loading (gpu_model_runner.py L5103-5175);
// - peak_activation: the allocated peak of one dummy forward of max_num_batched_tokens tokens plus
//   the sampler on min(max_num_seqs, max_num_batched_tokens) rows, and on the V1 model runner the
//   multimodal encoder's dummy items (profile_run L6168-6241);
// - non_torch_increase: non-torch memory grown since the snapshot taken after NCCL init;
// - cuda_graph_estimate: measured by capturing two graphs per mode (profile_cudagraph_memory
//   L6376-6522), subtracted by default since v0.21 (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS), on
//   the V1 model runner only: the V2 runner ("MRV2") charges none (gpu/model_runner.py L660-662),
//   nor does --enforce-eager. Which runner a model gets depends on the vLLM release (runnerOf).
// vLLM measures the last three; they are estimated here, with constants exported so the benchmark
// can report them (tests/bench/kv-cache-cases.ts).
import type { ChipSpec } from "../catalog/accelerators";
import type { ModelArchitecture } from "../catalog/models";
import { GIB } from "./weights";

// Constants fitted to the DEBUG memory profiles of vLLM 0.19 start-up logs on H100 (llm-d-planner's
// accuracy sweep, tests/bench/kv-cache-cases.ts: "torch peak memory increase", "non-torch forward
// increase", "Estimated CUDA graph memory" for 20 models, TP 1 to 4, dense, MoE, MLA, multimodal).
/** Non-torch memory one rank grows during the profile (cuBLAS workspaces and the like), GiB; the CUDA context and NCCL init are in the snapshot. 0.24-0.27 GiB logged at TP 1. */
export const NON_TORCH_GIB = 0.25;
/** More non-torch memory per rank when tensor parallelism runs over NVLink/xGMI peer memory (custom all-reduce and NCCL buffers): 2.06-2.21 GiB logged at TP 2-4 on H100 (vLLM 0.19), 0.21 at TP 8 on PCIe-only L40S; vLLM 0.10 logs show none. */
export const NON_TORCH_P2P_GIB = 1.85;
/** Sampler profile bytes per vocabulary entry and row (logits, probabilities, top-k/top-p sorts; rows = min(max_num_seqs, max_num_batched_tokens)): 13.5 B fits vLLM 0.17 and later; 0.15 and 0.16 logged about 38 B. */
export const SAMPLER_BYTES_PER_VOCAB_ENTRY = 13.5;
export const SAMPLER_BYTES_PER_VOCAB_ENTRY_0_15 = 38;
/** Forward activations at the peak, bytes per batched token: about 8 x hidden (0.23-0.38 GiB at 8192 tokens for dense 7-70B), plus 6 x top-k x hidden for MoE routing and expert buffers. */
export const ACTIVATION_BYTES_PER_HIDDEN = 8;
export const MOE_ACTIVATION_BYTES_PER_TOPK_HIDDEN = 6;
/** CUDA graphs (V1 runner, vLLM >= 0.21): 0.45 GiB + 0.012 GiB per decoder layer (+0.35 for MoE, +0.25 with tensor parallelism); logged estimates 0.6-1.8 GiB. */
export const CUDA_GRAPH_BASE_GIB = 0.45;
export const CUDA_GRAPH_PER_LAYER_GIB = 0.012;
export const CUDA_GRAPH_MOE_GIB = 0.35;
export const CUDA_GRAPH_TP_GIB = 0.25;
/** Multimodal encoder profile (V1 runner): encoder outputs kept for max_num_batched_tokens tokens, bytes per budget token and hidden unit. */
export const ENCODER_PROFILE_BYTES_PER_TOKEN_HIDDEN = 4;

/**
 * vLLM's default --max-num-batched-tokens / --max-num-seqs for `vllm serve`: 8192 / 1024 on GPUs with
 * at least 70 GiB that are not A100, else 2048 / 256.
 * source: vllm-project/vllm vllm/engine/arg_utils.py EngineArgs.get_batch_defaults
 */
export function vllmServeDefaults(chip: ChipSpec): { maxNumBatchedTokens: number; maxNumSeqs: number } {
  const big = chip.usableMemoryGiB >= 70 && !chip.id.includes("a100");
  return big ? { maxNumBatchedTokens: 8192, maxNumSeqs: 1024 } : { maxNumBatchedTokens: 2048, maxNumSeqs: 256 };
}

/** Widest MLP activation per token on one rank: dense intermediate / TP, or for MoE top-k x 3 x expert intermediate / TP + top-k x hidden. */
export function ffnWidthPerRank(model: ModelArchitecture, tensorParallel: number): number {
  const dense = (model.intermediateSize ?? 4 * model.hiddenSize) / tensorParallel;
  if (!model.moe) return dense;
  const k = model.moe.expertsPerToken;
  const moe = (k * 3 * model.moe.expertIntermediateSize) / (2 * tensorParallel) + (k * model.hiddenSize) / 2;
  return Math.max(model.intermediateSize ? dense : 0, moe);
}

export interface RankOverhead {
  activationGiB: number;
  samplerGiB: number;
  nonTorchGiB: number;
  totalGiB: number;
}

/** Whether ranks of this chip reach each other's memory directly (NVLink, xGMI): custom all-reduce and its buffers. PCIe-only cards do not. */
export function peerMemory(chip: ChipSpec | undefined): boolean {
  if (!chip) return true;
  return !/(^|-)(l4|l40s|a10g|tesla-t4|rtx|a6000|a10)($|-)/.test(chip.id) && chip.vendor !== "intel-gaudi";
}

/**
 * Peak non-weight, non-KV memory of one rank during vLLM's profile run: forward activations at
 * max_num_batched_tokens, the sampler over min(max_num_seqs, max_num_batched_tokens) rows, and the
 * non-torch memory grown since the snapshot (more with peer-memory tensor parallelism).
 */
export function rankOverhead(model: ModelArchitecture, tensorParallel: number, worldSize: number,
  maxNumBatchedTokens: number, maxNumSeqs: number, chip?: ChipSpec, vllm?: string, dtypeBytes = 2): RankOverhead {
  const perToken = (ACTIVATION_BYTES_PER_HIDDEN * model.hiddenSize + (model.moe ? MOE_ACTIVATION_BYTES_PER_TOPK_HIDDEN * model.moe.expertsPerToken * model.hiddenSize : 0)) * (dtypeBytes / 2);
  const activationGiB = (maxNumBatchedTokens * perToken) / GIB;
  const rows = Math.min(maxNumSeqs, maxNumBatchedTokens);
  const v = vllmVersion(vllm);
  const perEntry = v !== undefined && v[0] === 0 && (v[1] === 15 || v[1] === 16) ? SAMPLER_BYTES_PER_VOCAB_ENTRY_0_15 : SAMPLER_BYTES_PER_VOCAB_ENTRY;
  const samplerGiB = (rows * model.vocabSize * perEntry) / GIB;
  const p2p = worldSize > 1 && peerMemory(chip) && !(v !== undefined && v[0] === 0 && v[1] < 11);
  const nonTorchGiB = NON_TORCH_GIB + (p2p ? NON_TORCH_P2P_GIB : 0);
  return { activationGiB, samplerGiB, nonTorchGiB, totalGiB: activationGiB + samplerGiB + nonTorchGiB };
}

/** KV memory one rank gets: usable x utilization - weights - overhead (may be negative: does not fit). */
export function kvBudgetPerRankGiB(chip: ChipSpec, gpuMemoryUtilization: number, weightsPerChipGiB: number, overheadGiB: number): number {
  return chip.usableMemoryGiB * gpuMemoryUtilization - weightsPerChipGiB - overheadGiB;
}

/** The model runner a vLLM release runs a model on: "v2" (MRV2) charges no CUDA graphs and profiles no encoder. */
export type ModelRunner = "v1" | "v2";

/** The vLLM rules used when no release is named: the newest release the project deploys. */
export const NEWEST_VLLM = "v0.26.0";

/**
 * How the release reports "GPU KV cache size": vLLM 0.10 printed the pool's tokens per group
 * (num_blocks // len(groups) x block_size); later releases print concurrency x max_model_len
 * (kv_cache_utils.py _report_kv_cache_config). The 0.10.1.1 and 0.19.0 logs in the benchmark match each exactly.
 */
export function kvReportStyle(vllm: string | undefined): "pool" | "concurrency" {
  const v = vllmVersion(vllm);
  return v !== undefined && v[0] === 0 && v[1] < 11 ? "pool" : "concurrency";
}

/** A release tag as numbers ("v0.26.0" -> [0, 26, 0]); none -> the newest rules; unparseable -> undefined. */
export function vllmVersion(tag: string | undefined): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag ?? NEWEST_VLLM);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function atLeast(v: [number, number, number] | undefined, minor: number): boolean {
  return v !== undefined && (v[0] > 0 || v[1] >= minor);
}

/** The Hugging Face architecture class of a model (config.json architectures[0]), inferred from the family for catalog entries. */
export function architectureOf(model: ModelArchitecture): string {
  if (model.architecture) return model.architecture;
  const id = model.id.toLowerCase();
  if (model.stateLayers) return "Hybrid";
  if (model.vision) return "ForConditionalGeneration";
  if (id.includes("deepseek-v2") || id.includes("deepseek-coder-v2")) return "DeepseekV2ForCausalLM";
  if (model.attention === "mla") return "DeepseekV3ForCausalLM";
  if (id.includes("mixtral")) return "MixtralForCausalLM";
  if (id.includes("gpt-oss")) return "GptOssForCausalLM";
  if (id.includes("mistral")) return "MistralForCausalLM";
  if (id.includes("qwen3") && model.moe) return "Qwen3MoeForCausalLM";
  if (id.includes("qwen3")) return "Qwen3ForCausalLM";
  if (id.includes("qwen2")) return "Qwen2ForCausalLM";
  if (id.includes("gemma-3")) return "Gemma3ForConditionalGeneration";
  if (id.includes("gemma-2")) return "Gemma2ForCausalLM";
  if (id.includes("llama")) return "LlamaForCausalLM";
  return "CausalLM";
}

/**
 * Which model runner vLLM uses (config/vllm.py use_v2_model_runner): v0.23 runs MRV2 only for
 * unquantized dense Llama, Mistral and Qwen3 (L69-75, L558); from v0.25 every generate model that is
 * not MoE, hybrid or attention-free, plus three MoE architectures (L68-74, L557-574). Earlier
 * releases have only the V1 runner.
 */
export function runnerOf(model: ModelArchitecture, vllm: string | undefined): ModelRunner {
  const v = vllmVersion(vllm);
  const arch = architectureOf(model);
  if (atLeast(v, 25)) {
    if (model.stateLayers) return "v1";
    if (model.moe) return ["DeepseekV2ForCausalLM", "Qwen2MoeForCausalLM", "GraniteMoeForCausalLM"].includes(arch) ? "v2" : "v1";
    return "v2";
  }
  if (atLeast(v, 23)) {
    const quantized = model.quantization !== undefined || model.dtype === "fp8" || model.dtype === "mxfp4";
    return ["LlamaForCausalLM", "MistralForCausalLM", "Qwen3ForCausalLM"].includes(arch) && !model.moe && !quantized && !model.vision ? "v2" : "v1";
  }
  return "v1";
}

/** The CUDA-graph memory vLLM subtracts (V1 runner with graphs on, vLLM >= 0.21), GiB. */
export function cudaGraphGiB(model: ModelArchitecture, runner: ModelRunner, vllm: string | undefined, enforceEager: boolean, tensorParallel = 1): number {
  if (enforceEager || runner === "v2") return 0;
  const v = vllmVersion(vllm);
  if (v !== undefined && !atLeast(v, 21)) return 0;
  return CUDA_GRAPH_BASE_GIB + CUDA_GRAPH_PER_LAYER_GIB * model.layers + (model.moe ? CUDA_GRAPH_MOE_GIB : 0) + (tensorParallel > 1 ? CUDA_GRAPH_TP_GIB : 0);
}

/** The multimodal encoder's share of the profile peak on the V1 runner, GiB (0 for text models and on MRV2). */
export function encoderProfileGiB(model: ModelArchitecture, runner: ModelRunner, maxNumBatchedTokens: number): number {
  if (!model.vision || runner === "v2") return 0;
  const hidden = model.vision.hiddenSize ?? model.hiddenSize;
  return (maxNumBatchedTokens * (hidden + model.hiddenSize) * ENCODER_PROFILE_BYTES_PER_TOKEN_HIDDEN) / GIB;
}
