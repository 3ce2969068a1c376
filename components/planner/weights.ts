// Weight memory: bytes per parameter by dtype/quantization, and the per-chip share under TP/EP.
import type { ModelArchitecture } from "../catalog/models";

export type Quantization = "none" | "fp8" | "int4";

export const GIB = 1024 ** 3;

/** Bytes per parameter of the quantized linear layers. */
export const BYTES_PER_PARAM = {
  bf16: 2,
  fp16: 2,
  fp8: 1,
  /** int4 (AWQ/GPTQ) with group size 128: 0.5 B + fp16 scale and zero per 128 weights = 0.53125 B. */
  int4: 0.5 + 4 / 128,
  /** MXFP4: 4-bit values + one 8-bit shared scale per 32 = 4.25 bits = 0.53125 B (gpt-oss experts). */
  mxfp4: 4.25 / 8,
} as const;

export interface WeightBreakdown {
  /** Routed-expert weights (split across EP ranks), bytes. */
  expertBytes: number;
  /** Everything else: attention, dense MLPs, shared experts, embeddings, norms (replicated per DP rank), bytes. */
  denseBytes: number;
  totalBytes: number;
  /** Effective dtype label of the large matrices, e.g. "bf16", "fp8", "int4", "mxfp4 experts". */
  label: string;
  measured: boolean;
}

export function expertParams(model: ModelArchitecture): number {
  const moe = model.moe;
  return moe ? moe.moeLayers * moe.experts * 3 * model.hiddenSize * moe.expertIntermediateSize : 0;
}

export function embeddingParams(model: ModelArchitecture): number {
  return model.vocabSize * model.hiddenSize * (model.tieWordEmbeddings ? 1 : 2);
}

/**
 * Weight bytes of the whole model.
 * Formula: experts x bytes(expert dtype) + (dense - embeddings) x bytes(linear dtype) + embeddings x 2 B.
 * Embeddings and lm_head stay 16-bit in fp8/int4/mxfp4 checkpoints. A measured weightsGiB (catalog)
 * replaces the estimate when no extra quantization is asked; it is split by the estimate's ratio.
 */
export function modelWeights(model: ModelArchitecture, quantization: Quantization = "none"): WeightBreakdown {
  const total = model.paramsB * 1e9;
  const experts = Math.min(expertParams(model), total);
  const embed = Math.min(embeddingParams(model), total - experts);
  const otherLinear = Math.max(0, total - experts - embed);

  let linearBytes: number;
  let expertBytes: number;
  let label: string;
  if (quantization === "int4") {
    linearBytes = BYTES_PER_PARAM.int4;
    expertBytes = BYTES_PER_PARAM.int4;
    label = "int4";
  } else if (model.dtype === "mxfp4") {
    // quantization fp8 on an mxfp4 checkpoint would be an up-cast: keep the native layout.
    linearBytes = 2;
    expertBytes = BYTES_PER_PARAM.mxfp4;
    label = "mxfp4 experts, bf16 rest";
  } else if (quantization === "fp8" || model.dtype === "fp8") {
    linearBytes = 1;
    expertBytes = 1;
    label = "fp8";
  } else {
    linearBytes = 2;
    expertBytes = 2;
    label = model.dtype;
  }
  const e = experts * expertBytes;
  const d = otherLinear * linearBytes + embed * 2;
  const useMeasured = model.weightsGiB !== undefined && (quantization === "none" || quantization === nativeQuant(model));
  if (useMeasured) {
    const measured = (model.weightsGiB as number) * GIB;
    const ratio = e + d > 0 ? e / (e + d) : 0;
    return { expertBytes: measured * ratio, denseBytes: measured * (1 - ratio), totalBytes: measured, label, measured: true };
  }
  return { expertBytes: e, denseBytes: d, totalBytes: e + d, label, measured: false };
}

function nativeQuant(model: ModelArchitecture): Quantization {
  return model.dtype === "fp8" ? "fp8" : "none";
}

/**
 * Weights held by one chip.
 * Without expert parallelism every matrix is sharded over TP: total / TP.
 * With expert parallelism (vLLM --enable-expert-parallel, EP size = TP x DP): routed experts are
 * split over all TP x DP ranks, the dense part is sharded over TP and replicated per DP rank:
 * dense / TP + experts / (TP x DP).
 */
export function weightsPerChipBytes(w: WeightBreakdown, tensorParallel: number, dataParallel = 1, expertParallel = false): number {
  const epSize = expertParallel ? tensorParallel * dataParallel : tensorParallel;
  return w.denseBytes / tensorParallel + w.expertBytes / epSize;
}

/**
 * Bytes of weights read per decode step by one rank at a batch of `batch` sequences.
 * Dense part is always read; of the routed experts a batch touches on average
 * E x (1 - (1 - k/E)^batch) per MoE layer (uniform routing assumption).
 */
export function activeWeightBytesPerStep(model: ModelArchitecture, w: WeightBreakdown, batch: number): number {
  if (!model.moe || w.expertBytes === 0) return w.totalBytes;
  const { experts, expertsPerToken } = model.moe;
  const touched = experts * (1 - Math.pow(1 - expertsPerToken / experts, Math.max(1, batch)));
  return w.denseBytes + w.expertBytes * (touched / experts);
}
