// Weight memory: bytes per parameter by dtype/quantization, and the per-chip share under TP/EP.
import type { ModelArchitecture } from "../catalog/models";

/**
 * `--quantization` values the planner knows (vLLM's names), plus "none" (the checkpoint as it is) and
 * "int4" (any 4-bit integer method with group-128 scales).
 */
export type Quantization = "none" | "fp8" | "int4" | "awq" | "gptq" | "compressed-tensors" | "bitsandbytes" | "mxfp4" | "modelopt" | "nvfp4";

export const QUANTIZATIONS: readonly Quantization[] = ["none", "fp8", "int4", "awq", "gptq", "compressed-tensors", "bitsandbytes", "mxfp4", "modelopt", "nvfp4"];

export const GIB = 1024 ** 3;

/** Bytes per parameter of the quantized linear layers (what stays resident after loading; vLLM layers/quantization/). */
export const BYTES_PER_PARAM = {
  bf16: 2,
  fp16: 2,
  fp32: 4,
  /** fp8 W8A8: 1 B per weight; per-tensor/channel/128x128-block fp32 scales are negligible (fp8.py L108-135). */
  fp8: 1,
  /** int4 (AWQ/GPTQ) with group size 128: 0.5 B + fp16 scale and zero per 128 weights = 0.53125 B. */
  int4: 0.5 + 4 / 128,
  /** MXFP4: 4-bit values + one 8-bit shared scale per 32 = 4.25 bits = 0.53125 B (gpt-oss experts; mxfp4.py L171-240). */
  mxfp4: 4.25 / 8,
  /** NVFP4: 4-bit values + an fp8 scale per 16 = 4.5 bits (compressed-tensors w4a4_nvfp4, modelopt NVFP4). */
  nvfp4: 4.5 / 8,
  /** bitsandbytes 4-bit: 0.5 B + an fp32 absmax per 64 weights (bitsandbytes.py L247-257). */
  bnb4: 0.5 + 4 / 64,
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

/** Bytes per quantized linear weight of an integer method at `bits` with a 16-bit scale (and a packed zero unless symmetric) per `group` weights. */
function intBytes(bits: number, group = 128, symmetric = false): number {
  return bits / 8 + (2 + (symmetric ? 0 : bits / 8)) / group;
}

/** The scheme the loaded linear weights use: an explicit `--quantization`, else the checkpoint's. */
function scheme(model: ModelArchitecture, quantization: Quantization | undefined, dtype: string | undefined): { linear: number; expert: number; label: string } {
  const q = quantization && quantization !== "none" ? quantization : undefined;
  const ck = model.quantization;
  const half = dtype === "float32" ? BYTES_PER_PARAM.fp32 : 2;
  const all = (b: number, label: string) => ({ linear: b, expert: b, label });
  if (q === "int4" || q === "awq" || q === "gptq") return all(q === "int4" ? BYTES_PER_PARAM.int4 : intBytes(ck?.bits ?? 4, ck?.groupSize ?? 128), q === "int4" ? "int4" : `${q} int${ck?.bits ?? 4}`);
  if (q === "bitsandbytes") return all(ck?.bits === 8 ? 1 : BYTES_PER_PARAM.bnb4, `bitsandbytes ${ck?.bits ?? 4}-bit`);
  if (q === "nvfp4") return all(BYTES_PER_PARAM.nvfp4, "nvfp4");
  if (q === "fp8") return model.dtype === "mxfp4" ? { linear: 2, expert: BYTES_PER_PARAM.mxfp4, label: "mxfp4 experts, bf16 rest" } : all(1, "fp8");
  // The checkpoint's own quantization (or a method named after it).
  if (ck) {
    // Routed experts quantized, attention / shared experts / dense MLPs left 16-bit (the config's ignore list).
    if (ck.expertsOnly && model.moe) {
      const b = ck.format === "nvfp4" ? BYTES_PER_PARAM.nvfp4 : ck.format === "mxfp4" ? BYTES_PER_PARAM.mxfp4 : ck.bits >= 8 ? 1 : intBytes(ck.bits, ck.groupSize ?? 128, ck.symmetric);
      return { linear: half, expert: b, label: `${ck.method} ${ck.format ?? `int${ck.bits}`} experts, 16-bit rest` };
    }
    if (ck.format === "mxfp4") return model.moe ? { linear: half, expert: BYTES_PER_PARAM.mxfp4, label: "mxfp4 experts, bf16 rest" } : all(BYTES_PER_PARAM.mxfp4, "mxfp4");
    if (ck.format === "nvfp4") return all(BYTES_PER_PARAM.nvfp4, `${ck.method} nvfp4`);
    if (ck.method === "bitsandbytes") return all(ck.bits === 8 ? 1 : BYTES_PER_PARAM.bnb4, `bitsandbytes ${ck.bits}-bit`);
    if (ck.bits >= 8) return all(1, ck.method === "fp8" || ck.method === "modelopt" ? "fp8" : `${ck.method} 8-bit`);
    return all(intBytes(ck.bits, ck.groupSize ?? 128, ck.symmetric), `${ck.method} int${ck.bits}`);
  }
  if (model.dtype === "mxfp4") return { linear: half, expert: BYTES_PER_PARAM.mxfp4, label: "mxfp4 experts, bf16 rest" };
  if (model.dtype === "fp8") return all(1, "fp8");
  return all(half, dtype === "float32" ? "fp32" : model.dtype === "fp32" ? "fp16 (fp32 checkpoint)" : model.dtype);
}

/**
 * Weight bytes of the whole model.
 * Formula: experts x bytes(expert scheme) + (dense - embeddings) x bytes(linear scheme) + embeddings x 2 B
 * (+ a vision encoder at 2 B). Embeddings and lm_head stay 16-bit in quantized checkpoints. A measured
 * size (catalog weightsGiB, or the checkpoint's safetensors bytes read from the Hub) replaces the
 * estimate when no other quantization or dtype is asked; it is split by the estimate's ratio.
 * `dtype` is vLLM's `--dtype` (auto: the checkpoint's 16-bit dtype; fp32 checkpoints load as fp16).
 */
export function modelWeights(model: ModelArchitecture, quantization: Quantization = "none", dtype?: string): WeightBreakdown {
  const total = model.paramsB * 1e9;
  const vision = Math.min((model.vision?.paramsB ?? 0) * 1e9, total);
  const experts = Math.min(expertParams(model), total - vision);
  const embed = Math.min(embeddingParams(model), total - vision - experts);
  const otherLinear = Math.max(0, total - vision - experts - embed);
  const { linear, expert, label } = scheme(model, quantization, dtype);
  const e = experts * expert;
  const d = otherLinear * linear + (embed + vision) * (dtype === "float32" ? 4 : 2);
  const asShipped = (quantization === "none" || quantization === nativeQuant(model)) && (dtype === undefined || dtype === "auto");
  const measuredBytes = model.weightsGiB !== undefined ? model.weightsGiB * GIB : model.checkpointBytes !== undefined ? model.checkpointBytes * (model.dtype === "fp32" ? 0.5 : 1) : undefined;
  if (asShipped && measuredBytes !== undefined) {
    const ratio = e + d > 0 ? e / (e + d) : 0;
    return { expertBytes: measuredBytes * ratio, denseBytes: measuredBytes * (1 - ratio), totalBytes: measuredBytes, label, measured: true };
  }
  return { expertBytes: e, denseBytes: d, totalBytes: e + d, label, measured: false };
}

function nativeQuant(model: ModelArchitecture): Quantization {
  if (model.dtype === "fp8") return "fp8";
  const m = model.quantization?.method;
  return m && (QUANTIZATIONS as readonly string[]).includes(m) ? (m as Quantization) : "none";
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
