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

/** Non-torch memory one rank grows during the profile (cuBLAS workspaces and the like), GiB; the CUDA context is in the snapshot. */
export const NON_TORCH_GIB = 0.4;
/** Extra non-torch memory per rank when the engine spans several GPUs (NCCL buffers allocated at the first collective), GiB. */
export const NON_TORCH_MULTI_GPU_GIB = 0.6;
/** CUDA graphs (V1 runner): a fixed part plus a part per decoder layer, GiB (two modes x 51 capture sizes by default). */
export const CUDA_GRAPH_BASE_GIB = 0.25;
export const CUDA_GRAPH_PER_LAYER_GIB = 0.012;
/** Multimodal encoder profile (V1 runner): encoder outputs kept for max_num_batched_tokens tokens plus the tower's activations, bytes per budget token and hidden unit. */
export const ENCODER_PROFILE_BYTES_PER_TOKEN_HIDDEN = 12;
/** Activation bytes per batched token = ACTIVATION_ELEM_BYTES x (ACTIVATION_HIDDEN_MULT x hidden + 2 x ffn width per rank). */
export const ACTIVATION_HIDDEN_MULT = 6;
export const ACTIVATION_ELEM_BYTES = 2;
/**
 * Extra profile memory of MoE models per batched token, bytes. Empirical: the two MoE startups on H100 in
 * tests/bench/kv-cache-cases.ts (Qwen3-235B-A22B-FP8 TP4, vllm#21348; gpt-oss-120b TP1, vllm#23278) used
 * 4.5-5 GiB more than the dense formula at 8192 batched tokens; 600 KiB/token closes both to within 0.25 GiB.
 * Likely MoE kernel workspaces and routing buffers; refit when more cases are collected.
 */
export const MOE_EXTRA_BYTES_PER_BATCHED_TOKEN = 600 * 1024;
/** Sampler profile: fp32 logits and fp32 probabilities over the vocabulary for max_num_seqs rows = 8 B per entry. */
export const SAMPLER_BYTES_PER_VOCAB_ENTRY = 8;

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

/** Peak non-weight, non-KV memory of one rank during vLLM's profile run. */
export function rankOverhead(model: ModelArchitecture, tensorParallel: number, worldSize: number,
  maxNumBatchedTokens: number, maxNumSeqs: number): RankOverhead {
  const perToken = ACTIVATION_ELEM_BYTES * (ACTIVATION_HIDDEN_MULT * model.hiddenSize + 2 * ffnWidthPerRank(model, tensorParallel));
  const moeExtra = model.moe ? MOE_EXTRA_BYTES_PER_BATCHED_TOKEN : 0;
  const activationGiB = (maxNumBatchedTokens * (perToken + moeExtra)) / GIB;
  const samplerGiB = (maxNumSeqs * model.vocabSize * SAMPLER_BYTES_PER_VOCAB_ENTRY) / GIB;
  const nonTorchGiB = NON_TORCH_GIB + (worldSize > 1 ? NON_TORCH_MULTI_GPU_GIB : 0);
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
export function cudaGraphGiB(model: ModelArchitecture, runner: ModelRunner, vllm: string | undefined, enforceEager: boolean): number {
  if (enforceEager || runner === "v2") return 0;
  const v = vllmVersion(vllm);
  if (v !== undefined && !atLeast(v, 21)) return 0;
  return CUDA_GRAPH_BASE_GIB + CUDA_GRAPH_PER_LAYER_GIB * model.layers;
}

/** The multimodal encoder's share of the profile peak on the V1 runner, GiB (0 for text models and on MRV2). */
export function encoderProfileGiB(model: ModelArchitecture, runner: ModelRunner, maxNumBatchedTokens: number): number {
  if (!model.vision || runner === "v2") return 0;
  const hidden = model.vision.hiddenSize ?? model.hiddenSize;
  return (maxNumBatchedTokens * (hidden + model.hiddenSize) * ENCODER_PROFILE_BYTES_PER_TOKEN_HIDDEN) / GIB;
}
