// KV-cache bytes per token and per sequence.
import type { ModelArchitecture } from "../catalog/models";

export type KvCacheDtype = "auto" | "fp8";

/** Bytes per KV element: auto = the activation dtype (bf16/fp16 = 2 B, also for fp8/mxfp4 checkpoints); fp8 = 1 B. */
export function kvElementBytes(kvCacheDtype: KvCacheDtype = "auto"): number {
  return kvCacheDtype === "fp8" ? 1 : 2;
}

/**
 * KV bytes one layer stores per token.
 * MHA/GQA: 2 (K and V) x kvHeads x headDim x bytes.
 * MLA: (kvLoraRank + qkRopeHeadDim) x bytes: one compressed latent plus the rope key, no factor 2.
 */
export function kvBytesPerTokenPerLayer(model: ModelArchitecture, kvCacheDtype: KvCacheDtype = "auto"): number {
  const b = kvElementBytes(kvCacheDtype);
  if (model.attention === "mla" && model.mla) return (model.mla.kvLoraRank + model.mla.qkRopeHeadDim) * b;
  return 2 * model.kvHeads * model.headDim * b;
}

/** KV bytes per token over all layers, as if every layer kept the full context (Llama-3.1-8B bf16: 2*32*8*128*2 = 131072). */
export function kvBytesPerToken(model: ModelArchitecture, kvCacheDtype: KvCacheDtype = "auto"): number {
  return model.layers * kvBytesPerTokenPerLayer(model, kvCacheDtype);
}

/**
 * KV bytes one sequence of `contextLen` tokens holds: full-attention layers keep every token,
 * sliding-window layers keep at most `window` tokens.
 */
export function kvBytesPerSequence(model: ModelArchitecture, contextLen: number, kvCacheDtype: KvCacheDtype = "auto"): number {
  const perLayer = kvBytesPerTokenPerLayer(model, kvCacheDtype);
  const sliding = model.slidingWindow?.slidingLayers ?? 0;
  const window = model.slidingWindow?.window ?? contextLen;
  const full = model.layers - sliding;
  return perLayer * (full * contextLen + sliding * Math.min(contextLen, window));
}

/**
 * Fraction of the model's KV one TP rank stores. GQA/MHA: heads are split, kvHeads/TP per rank, or one
 * replicated head per rank when kvHeads < TP (so the fraction is 1/kvHeads). MLA: the latent has no
 * head dimension and vLLM keeps the full latent on every rank (fraction 1).
 */
export function kvRankFraction(model: ModelArchitecture, tensorParallel: number): number {
  if (model.attention === "mla") return 1;
  const perRank = Math.max(1, Math.ceil(model.kvHeads / tensorParallel));
  return perRank / model.kvHeads;
}
