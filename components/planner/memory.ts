// vLLM's KV-cache budget per GPU, as its memory profiler computes it.
//
// vLLM (v1 gpu_worker.determine_available_memory) measures, per rank:
//   available_kv = total_memory x gpu_memory_utilization - weights - peak_activation - non_torch_memory
// CUDA graphs are captured after the KV cache is allocated and live in the (1 - utilization) headroom,
// so they are not subtracted here (source: vllm-project/vllm vllm/v1/worker/gpu_worker.py; log lines
// "Available KV cache memory" / "GPU KV cache size" quoted in tests/bench/kv-cache-cases.ts).
// The activation and non-torch terms below are estimates; constants are exported so the benchmark
// can report them, and were checked against tests/bench/kv-cache-cases.ts.
import type { ChipSpec } from "../catalog/accelerators";
import type { ModelArchitecture } from "../catalog/models";
import { GIB } from "./weights";

/** Non-torch memory on one rank (CUDA context, cuBLAS workspaces), GiB. vLLM logs show 0.2-0.5 GiB. */
export const NON_TORCH_GIB = 0.4;
/** Extra non-torch memory per rank when the engine spans several GPUs (NCCL and custom all-reduce buffers), GiB. */
export const NON_TORCH_MULTI_GPU_GIB = 0.6;
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
