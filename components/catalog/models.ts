// Model architectures: the config.json fields the planner needs. Data only: no project imports.
//
// Values are those of each repository's config.json on huggingface.co. The stored-source search tools
// used for this project hold no Hugging Face model repositories, so each entry was filled from the
// published config.json as known to the author; every `source` names the file to re-check.
// Parameter counts are those the model cards state.

import { RECORDED_MODELS, RecordedModel } from "./model-configs";

export type ModelDtype = "bf16" | "fp16" | "fp32" | "fp8" | "mxfp4";

/**
 * Per-sequence state of the non-attention layers of a hybrid model, with the config's shapes
 * before tensor-parallel splitting (vLLM vllm/model_executor/layers/mamba/mamba_utils.py
 * MambaStateShapeCalculator).
 */
export type StateLayers =
  | { kind: "mamba2"; layers: number; intermediate: number; groups: number; heads: number; headDim: number; stateSize: number; convKernel: number; ssmFp32?: boolean }
  | { kind: "mamba1"; layers: number; intermediate: number; stateSize: number; convKernel: number }
  | { kind: "gdn"; layers: number; kHeads: number; vHeads: number; kDim: number; vDim: number; convKernel: number }
  | { kind: "linear"; layers: number; heads: number; headDim: number };

/** Weight quantization of a checkpoint: its method and the bits of the quantized linear weights. */
export interface CheckpointQuantization {
  /** quant_method as config.json names it: fp8, awq, gptq, mxfp4, bitsandbytes, compressed-tensors, modelopt, auto-round, ... */
  method: string;
  /** Bits per quantized weight: 8 (fp8, int8), 4 (awq, gptq, nvfp4, mxfp4), ... */
  bits: number;
  /** Weights per scale group (awq/gptq), when the config says. */
  groupSize?: number;
  /** The 4-bit float formats: nvfp4 (a scale per 16) or mxfp4 (a scale per 32, gpt-oss experts only). */
  format?: "nvfp4" | "mxfp4";
  /**
   * Only the routed experts are quantized: the config's ignore list (compressed-tensors `ignore`,
   * `modules_to_not_convert`) keeps attention in 16 bits (Kimi K2's INT4 checkpoints).
   */
  expertsOnly?: boolean;
  /** Symmetric integer quantization: a scale per group and no zero point. */
  symmetric?: boolean;
}

export interface ModelArchitecture {
  /** Hugging Face repo id, e.g. "meta-llama/Llama-3.1-8B-Instruct". */
  id: string;
  /** Other repo ids with the same architecture (base vs instruct, re-releases). */
  aliases?: string[];
  /** Total parameters, billions. */
  paramsB: number;
  /** Parameters active per token for MoE models, billions. */
  activeParamsB?: number;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  /** Dense MLP intermediate size (for MoE: of the dense layers, if any). */
  intermediateSize?: number;
  vocabSize: number;
  /** max_position_embeddings */
  maxContext: number;
  /** Input and output embeddings share one matrix. */
  tieWordEmbeddings?: boolean;
  attention: "mha" | "gqa" | "mla";
  mla?: { kvLoraRank: number; qkRopeHeadDim: number };
  /** Layers that attend only over the last `window` tokens. */
  slidingWindow?: { window: number; slidingLayers: number };
  /** Layers with chunked local attention (Llama 4): they attend within `chunk`-token chunks. */
  chunkedLocal?: { chunk: number; localLayers: number };
  /**
   * Layers that keep a fixed-size state per sequence instead of a KV cache (Mamba, gated delta net,
   * linear attention) in hybrid models; the attention layers are `attentionLayers`.
   */
  stateLayers?: StateLayers;
  /** Layers with attention (and a KV cache). Defaults to `layers` minus `stateLayers.layers`; fewer when some layers are MLP-only (Nemotron-H). */
  attentionLayers?: number;
  /** Value head dimension when it differs from headDim (vLLM FullAttentionSpec head_size_v). */
  headDimV?: number;
  /** A vision (or audio) encoder beside the language model: its parameters load with the weights and vLLM profiles it at start-up. */
  vision?: { paramsB: number; layers?: number; hiddenSize?: number };
  /** The quantization the checkpoint ships (config.json quantization_config). */
  quantization?: CheckpointQuantization;
  /** KV-cache dtype the checkpoint turns on by itself (compressed-tensors kv_cache_scheme, modelopt kv_cache_quant_algo). */
  kvCacheDtype?: "fp8";
  /** Bytes of the checkpoint's weights (safetensors total_size), when read from the Hub. */
  checkpointBytes?: number;
  /** The Hugging Face architecture class (config.json architectures[0]), when known. */
  architecture?: string;
  moe?: { experts: number; expertsPerToken: number; sharedExperts?: number; moeLayers: number; expertIntermediateSize: number };
  /** Native checkpoint dtype of the large matrices (gpt-oss: mxfp4 experts; DeepSeek-V3/R1: fp8). */
  dtype: ModelDtype;
  /** Measured size of the loaded weights in GiB, preferred over paramsB x bytes when known. */
  weightsGiB?: number;
  weightsSource?: string;
  source: string;
}

function hf(id: string): string {
  return `https://huggingface.co/${id}/blob/main/config.json`;
}

const FROM_KNOWLEDGE = " (published values; HF repos are not in the stored sources, re-check)";

function llama(id: string, aliases: string[], paramsB: number, layers: number, hidden: number, heads: number, inter: number,
  extra: Partial<ModelArchitecture> = {}): ModelArchitecture {
  return {
    id, aliases, paramsB, layers, hiddenSize: hidden, attentionHeads: heads, kvHeads: 8, headDim: 128, intermediateSize: inter,
    vocabSize: 128256, maxContext: 131072, attention: "gqa", dtype: "bf16", source: hf(id) + FROM_KNOWLEDGE, ...extra,
  };
}

function qwen3(name: string, paramsB: number, layers: number, hidden: number, heads: number, kvHeads: number, inter: number,
  tie: boolean): ModelArchitecture {
  const id = `Qwen/${name}`;
  return {
    id, aliases: [`${id}-Base`], paramsB, layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim: 128,
    intermediateSize: inter, vocabSize: 151936, maxContext: 40960, tieWordEmbeddings: tie, attention: "gqa", dtype: "bf16",
    source: hf(id) + FROM_KNOWLEDGE,
  };
}

function gemma3(size: string, paramsB: number, layers: number, hidden: number, heads: number, kvHeads: number, headDim: number,
  inter: number): ModelArchitecture {
  const id = `google/gemma-3-${size}-it`;
  // sliding_window_pattern 6: every 6th layer is global, the other five use a 1024-token window.
  const globalLayers = Math.floor(layers / 6);
  return {
    id, aliases: [`google/gemma-3-${size}-pt`], paramsB, layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim,
    intermediateSize: inter, vocabSize: 262208, maxContext: 131072, tieWordEmbeddings: true, attention: "gqa",
    slidingWindow: { window: 1024, slidingLayers: layers - globalLayers }, dtype: "bf16",
    source: hf(id) + " (text_config; sliding_window 1024, sliding_window_pattern 6)" + FROM_KNOWLEDGE,
  };
}

/** The FP8 checkpoint of a catalog model: the same geometry, fp8 linear weights with 128x128 block scales. */
function fp8Checkpoint(base: ModelArchitecture, id: string, source: string): ModelArchitecture {
  return { ...base, id, aliases: [], dtype: "fp8", quantization: { method: "fp8", bits: 8 }, source };
}

const HAND_WRITTEN_BF16: readonly ModelArchitecture[] = [
  llama("meta-llama/Llama-3.1-8B-Instruct", ["meta-llama/Llama-3.1-8B", "meta-llama/Meta-Llama-3.1-8B-Instruct"], 8.03, 32, 4096, 32, 14336, {
    // source: vLLM log "Loading model weights took 14.9888 GB" (GiB), https://github.com/vllm-project/vllm/issues/10517
    weightsGiB: 14.99, weightsSource: "https://github.com/vllm-project/vllm/issues/10517",
  }),
  llama("meta-llama/Llama-3.1-70B-Instruct", ["meta-llama/Llama-3.1-70B", "meta-llama/Meta-Llama-3.1-70B-Instruct"], 70.55, 80, 8192, 64, 28672),
  llama("meta-llama/Llama-3.3-70B-Instruct", [], 70.55, 80, 8192, 64, 28672),
  llama("meta-llama/Llama-3.1-405B-Instruct", ["meta-llama/Llama-3.1-405B", "meta-llama/Meta-Llama-3.1-405B-Instruct"], 405.85, 126, 16384, 128, 53248),
  qwen3("Qwen3-0.6B", 0.6, 28, 1024, 16, 8, 3072, true),
  qwen3("Qwen3-1.7B", 1.7, 28, 2048, 16, 8, 6144, true),
  qwen3("Qwen3-4B", 4.0, 36, 2560, 32, 8, 9728, true),
  qwen3("Qwen3-8B", 8.2, 36, 4096, 32, 8, 12288, false),
  qwen3("Qwen3-14B", 14.8, 40, 5120, 40, 8, 17408, false),
  qwen3("Qwen3-32B", 32.8, 64, 5120, 64, 8, 25600, false),
  {
    ...qwen3("Qwen3-30B-A3B", 30.5, 48, 2048, 32, 4, 6144, false),
    activeParamsB: 3.3,
    moe: { experts: 128, expertsPerToken: 8, moeLayers: 48, expertIntermediateSize: 768 },
  },
  {
    ...qwen3("Qwen3-235B-A22B", 235, 94, 4096, 64, 4, 12288, false),
    activeParamsB: 22,
    moe: { experts: 128, expertsPerToken: 8, moeLayers: 94, expertIntermediateSize: 1536 },
  },
  {
    id: "deepseek-ai/DeepSeek-V3", aliases: ["deepseek-ai/DeepSeek-V3-0324", "deepseek-ai/DeepSeek-V3-Base"],
    paramsB: 671, activeParamsB: 37, layers: 61, hiddenSize: 7168, attentionHeads: 128, kvHeads: 128, headDim: 192,
    intermediateSize: 18432, vocabSize: 129280, maxContext: 163840, attention: "mla", mla: { kvLoraRank: 512, qkRopeHeadDim: 64 },
    // first_k_dense_replace 3: layers 0-2 are dense, the other 58 are MoE.
    moe: { experts: 256, expertsPerToken: 8, sharedExperts: 1, moeLayers: 58, expertIntermediateSize: 2048 },
    dtype: "fp8", source: hf("deepseek-ai/DeepSeek-V3") + " (671B main model; the 14B MTP module is not loaded by default)" + FROM_KNOWLEDGE,
  },
  {
    id: "deepseek-ai/DeepSeek-R1", aliases: ["deepseek-ai/DeepSeek-R1-0528", "deepseek-ai/DeepSeek-R1-Zero"],
    paramsB: 671, activeParamsB: 37, layers: 61, hiddenSize: 7168, attentionHeads: 128, kvHeads: 128, headDim: 192,
    intermediateSize: 18432, vocabSize: 129280, maxContext: 163840, attention: "mla", mla: { kvLoraRank: 512, qkRopeHeadDim: 64 },
    moe: { experts: 256, expertsPerToken: 8, sharedExperts: 1, moeLayers: 58, expertIntermediateSize: 2048 },
    dtype: "fp8", source: hf("deepseek-ai/DeepSeek-R1") + " (same architecture as DeepSeek-V3)" + FROM_KNOWLEDGE,
  },
  {
    id: "openai/gpt-oss-120b", paramsB: 116.83, activeParamsB: 5.13, layers: 36, hiddenSize: 2880, attentionHeads: 64, kvHeads: 8,
    headDim: 64, vocabSize: 201088, maxContext: 131072, attention: "gqa",
    // layer_types alternates sliding_attention / full_attention: 18 of 36 layers use a 128-token window.
    slidingWindow: { window: 128, slidingLayers: 18 },
    moe: { experts: 128, expertsPerToken: 4, moeLayers: 36, expertIntermediateSize: 2880 },
    dtype: "mxfp4",
    // source: vLLM log "Model loading took 65.9651 GiB" on one H100, https://github.com/vllm-project/vllm/issues/23278
    weightsGiB: 65.97, weightsSource: "https://github.com/vllm-project/vllm/issues/23278",
    source: hf("openai/gpt-oss-120b") + FROM_KNOWLEDGE,
  },
  {
    id: "openai/gpt-oss-20b", paramsB: 20.91, activeParamsB: 3.61, layers: 24, hiddenSize: 2880, attentionHeads: 64, kvHeads: 8,
    headDim: 64, vocabSize: 201088, maxContext: 131072, attention: "gqa",
    slidingWindow: { window: 128, slidingLayers: 12 },
    moe: { experts: 32, expertsPerToken: 4, moeLayers: 24, expertIntermediateSize: 2880 },
    dtype: "mxfp4", source: hf("openai/gpt-oss-20b") + FROM_KNOWLEDGE,
  },
  {
    id: "mistralai/Mixtral-8x7B-Instruct-v0.1", aliases: ["mistralai/Mixtral-8x7B-v0.1"], paramsB: 46.7, activeParamsB: 12.9,
    layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8, headDim: 128, vocabSize: 32000, maxContext: 32768, attention: "gqa",
    moe: { experts: 8, expertsPerToken: 2, moeLayers: 32, expertIntermediateSize: 14336 },
    dtype: "bf16", source: hf("mistralai/Mixtral-8x7B-Instruct-v0.1") + FROM_KNOWLEDGE,
  },
  {
    id: "mistralai/Mixtral-8x22B-Instruct-v0.1", aliases: ["mistralai/Mixtral-8x22B-v0.1"], paramsB: 140.6, activeParamsB: 39.1,
    layers: 56, hiddenSize: 6144, attentionHeads: 48, kvHeads: 8, headDim: 128, vocabSize: 32768, maxContext: 65536, attention: "gqa",
    moe: { experts: 8, expertsPerToken: 2, moeLayers: 56, expertIntermediateSize: 16384 },
    dtype: "bf16", source: hf("mistralai/Mixtral-8x22B-Instruct-v0.1") + FROM_KNOWLEDGE,
  },
  gemma3("4b", 4.3, 34, 2560, 8, 4, 256, 10240),
  gemma3("12b", 12.2, 48, 3840, 16, 8, 256, 15360),
  gemma3("27b", 27.4, 62, 5376, 32, 16, 128, 21504),
  {
    id: "mistralai/Mistral-7B-Instruct-v0.3", aliases: ["mistralai/Mistral-7B-v0.3"], paramsB: 7.25, layers: 32, hiddenSize: 4096,
    attentionHeads: 32, kvHeads: 8, headDim: 128, intermediateSize: 14336, vocabSize: 32768, maxContext: 32768, attention: "gqa",
    dtype: "bf16", source: hf("mistralai/Mistral-7B-Instruct-v0.3") + FROM_KNOWLEDGE,
  },
  {
    id: "mistralai/Mistral-Small-24B-Instruct-2501", aliases: ["mistralai/Mistral-Small-24B-Base-2501"], paramsB: 23.57, layers: 40,
    hiddenSize: 5120, attentionHeads: 32, kvHeads: 8, headDim: 128, intermediateSize: 32768, vocabSize: 131072, maxContext: 32768,
    attention: "gqa", dtype: "bf16", source: hf("mistralai/Mistral-Small-24B-Instruct-2501") + FROM_KNOWLEDGE,
  },
];

const byId = (id: string): ModelArchitecture => HAND_WRITTEN_BF16.find((m) => m.id === id)!;

const HAND_WRITTEN: readonly ModelArchitecture[] = [
  ...HAND_WRITTEN_BF16,
  // Geometry as the BF16 sibling; quantization_config quant_method fp8, weight_block_size [128, 128].
  fp8Checkpoint(byId("Qwen/Qwen3-32B"), "Qwen/Qwen3-32B-FP8", "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-32B-FP8_config.json [full attention (as BF16 sibling) | other geometry identical to the BF16 Qwen3 sibling already in the catalog]"),
  fp8Checkpoint(byId("Qwen/Qwen3-30B-A3B"), "Qwen/Qwen3-30B-A3B-FP8", "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-30B-A3B-FP8_config.json [full attention (as BF16 sibling) | other geometry identical to the BF16 Qwen3 sibling already in the catalog]"),
  fp8Checkpoint(byId("Qwen/Qwen3-235B-A22B"), "Qwen/Qwen3-235B-A22B-FP8", "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-235B-A22B-FP8_config.json [full attention (as BF16 sibling) | other geometry identical to the BF16 Qwen3 sibling already in the catalog]"),
];

/** A recorded config.json as a catalog entry (the same conversion as a config read from the Hub). */
function fromRecorded(r: RecordedModel): ModelArchitecture {
  const m = modelFromHfConfig(r.config, r.id, {
    ...(r.paramsB !== undefined ? { paramsB: r.paramsB } : {}),
    ...(r.activeParamsB !== undefined ? { activeParamsB: r.activeParamsB } : {}),
    source: `${r.source}${r.paramsSource ? `; parameters: ${r.paramsSource}` : ""}`,
  });
  return { ...m, ...(r.aliases ? { aliases: r.aliases } : {}) };
}

/** Every model the planner knows without the Hub: hand-written entries, then recorded configs. */
export const MODELS: readonly ModelArchitecture[] = [...HAND_WRITTEN, ...RECORDED_MODELS.map(fromRecorded)];

/** Models added at run time (read from the Hugging Face Hub or its local cache), by lower-case id. */
const REGISTERED = new Map<string, ModelArchitecture>();

/** Makes a model known to findModel (a Hub read, for this process). */
export function registerModel(model: ModelArchitecture): void {
  REGISTERED.set(model.id.toLowerCase(), model);
}

/** Case-insensitive lookup by id or alias: the catalog, then models registered from the Hub. */
export function findModel(id: string): ModelArchitecture | undefined {
  const key = id.trim().toLowerCase();
  return MODELS.find((m) => m.id.toLowerCase() === key || (m.aliases ?? []).some((a) => a.toLowerCase() === key)) ?? REGISTERED.get(key);
}

export function modelIds(): string[] {
  return MODELS.map((m) => m.id);
}

// ---------------------------------------------------------------------------------------------
// Hugging Face config.json parsing
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function num(cfg: Json, keys: string[], where: string): number {
  for (const k of keys) {
    const v = cfg[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  throw new Error(`${where}: missing numeric key ${keys.map((k) => `"${k}"`).join(" or ")}; expected it in a Hugging Face config.json. ` +
    "Pass the model's config.json (for multimodal models the language model's keys may sit under text_config).");
}

function optNum(cfg: Json, keys: string[]): number | undefined {
  for (const k of keys) {
    const v = cfg[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return undefined;
}

/**
 * The checkpoint's weight quantization from quantization_config (or the modelopt
 * hf_quant_config layout): method and bits of the quantized linear weights.
 */
export function quantizationOf(q: unknown): CheckpointQuantization | undefined {
  const r = quantizationScheme(q);
  return r && isObject(q) && keepsAttention(q) ? { ...r, expertsOnly: true } : r;
}

/** Whether the unconverted-module list names the attention projections (so they load in 16 bits). */
function keepsAttention(q: Json): boolean {
  const list = [q.ignore, q.modules_to_not_convert, q.ignored_layers].flatMap((x) => (Array.isArray(x) ? x : []));
  return list.some((m) => typeof m === "string" && /self_attn|\.attn\b|attention/.test(m));
}

function quantizationScheme(q: unknown): CheckpointQuantization | undefined {
  if (!isObject(q)) return undefined;
  const method = String(q.quant_method ?? q.quantization ?? (isObject(q.quantization) ? "modelopt" : "")).toLowerCase();
  const algo = String(q.quant_algo ?? (isObject(q.quantization) ? (q.quantization as Json).quant_algo : "") ?? "").toLowerCase();
  const bits = optNum(q, ["bits", "w_bit", "num_bits", "weight_bits"]);
  const group = optNum(q, ["group_size", "q_group_size"]);
  if (method === "mxfp4") return { method, bits: 4, format: "mxfp4" };
  if (method === "fp8" || method === "fbgemm_fp8") return { method, bits: 8 };
  if (method === "modelopt" || algo) {
    if (algo.includes("nvfp4") || algo.includes("fp4")) return { method: "modelopt", bits: 4, format: "nvfp4" };
    return { method: "modelopt", bits: 8 };
  }
  if (method === "bitsandbytes") return { method, bits: q.load_in_8bit === true ? 8 : 4 };
  if (method === "compressed-tensors") {
    // The first config group's weight scheme: num_bits and type (float = fp8 / fp4, int = int8 / int4).
    const groups = isObject(q.config_groups) ? Object.values(q.config_groups).filter(isObject) : [];
    const w = groups.map((g) => (isObject(g.weights) ? g.weights : undefined)).find((x) => x);
    const b = w ? optNum(w, ["num_bits"]) : undefined;
    const fmt = w && String(w.type ?? "") === "float" && b === 4 ? { format: "nvfp4" as const } : {};
    const gs = w ? optNum(w, ["group_size"]) : undefined;
    return { method, bits: b ?? 8, ...fmt, ...(gs ? { groupSize: gs } : {}), ...(w && w.symmetric === true ? { symmetric: true } : {}) };
  }
  if (method) return { method, bits: bits ?? 4, ...(group ? { groupSize: group } : {}) };
  return undefined;
}

function kvSchemeOf(q: unknown): "fp8" | undefined {
  if (!isObject(q)) return undefined;
  if (isObject(q.kv_cache_scheme)) return "fp8";
  const algo = q.kv_cache_quant_algo ?? (isObject(q.quantization) ? (q.quantization as Json).kv_cache_quant_algo : undefined);
  return typeof algo === "string" && algo.toUpperCase().includes("FP8") ? "fp8" : undefined;
}

function dtypeOf(cfg: Json, outer: Json, quant: CheckpointQuantization | undefined): ModelDtype {
  if (quant?.format === "mxfp4") return "mxfp4";
  if (quant && quant.bits === 8 && (quant.method === "fp8" || quant.method === "fbgemm_fp8" || quant.method === "modelopt")) return "fp8";
  const t = String(cfg.torch_dtype ?? cfg.dtype ?? outer.torch_dtype ?? outer.dtype ?? "bfloat16").toLowerCase();
  if (t.includes("float32")) return "fp32";
  return t.includes("float16") && !t.includes("bfloat16") ? "fp16" : "bf16";
}

/** Attention and state layers of hybrid models, from each family's config keys. */
function hybridLayers(cfg: Json, layers: number, hidden: number, where: string): { stateLayers?: StateLayers; attentionLayers?: number } {
  const types = Array.isArray(cfg.layer_types) ? (cfg.layer_types as unknown[]).map(String) : undefined;
  // Qwen3-Next / Qwen3.5: gated delta net ("linear_attention") with full attention every full_attention_interval layers.
  if (optNum(cfg, ["linear_num_value_heads"]) !== undefined) {
    const interval = optNum(cfg, ["full_attention_interval"]) ?? 4;
    const gdn = types ? types.filter((t) => t === "linear_attention").length : layers - Math.floor(layers / interval);
    return {
      stateLayers: {
        kind: "gdn", layers: gdn,
        kHeads: num(cfg, ["linear_num_key_heads"], where), vHeads: num(cfg, ["linear_num_value_heads"], where),
        kDim: num(cfg, ["linear_key_head_dim"], where), vDim: num(cfg, ["linear_value_head_dim"], where),
        convKernel: optNum(cfg, ["linear_conv_kernel_dim"]) ?? 4,
      },
      attentionLayers: layers - gdn,
    };
  }
  // Nemotron-H: hybrid_override_pattern, M = Mamba2, * = attention, - = MLP only, E = MoE only.
  if (typeof cfg.hybrid_override_pattern === "string") {
    const p = cfg.hybrid_override_pattern;
    const heads = num(cfg, ["mamba_num_heads"], where);
    const headDim = num(cfg, ["mamba_head_dim"], where);
    return {
      stateLayers: {
        kind: "mamba2", layers: [...p].filter((c) => c === "M").length, intermediate: heads * headDim,
        groups: optNum(cfg, ["n_groups", "mamba_n_groups"]) ?? 1, heads, headDim,
        stateSize: num(cfg, ["ssm_state_size", "mamba_d_state"], where), convKernel: optNum(cfg, ["conv_kernel", "mamba_d_conv"]) ?? 4,
        // vLLM NemotronH keeps the SSM state in float32 (models/config.py NemotronHForCausalLMConfig).
        ssmFp32: true,
      },
      attentionLayers: [...p].filter((c) => c === "*").length,
    };
  }
  // Granite-4.0-H (granitemoehybrid): layer_types "mamba" / "attention", Mamba2 keys mamba_*.
  if (types && types.includes("mamba") && optNum(cfg, ["mamba_n_heads"]) !== undefined) {
    const heads = num(cfg, ["mamba_n_heads"], where);
    const headDim = optNum(cfg, ["mamba_d_head"]) ?? ((optNum(cfg, ["mamba_expand"]) ?? 2) * hidden) / heads;
    const n = types.filter((t) => t === "mamba").length;
    return {
      stateLayers: {
        kind: "mamba2", layers: n, intermediate: heads * headDim, groups: optNum(cfg, ["mamba_n_groups"]) ?? 1, heads, headDim,
        stateSize: num(cfg, ["mamba_d_state"], where), convKernel: optNum(cfg, ["mamba_d_conv"]) ?? 4,
      },
      attentionLayers: types.filter((t) => t === "attention").length,
    };
  }
  // Jamba: Mamba1 layers, attention every attn_layer_period layers.
  if (optNum(cfg, ["attn_layer_period"]) !== undefined && optNum(cfg, ["mamba_d_state"]) !== undefined) {
    const period = num(cfg, ["attn_layer_period"], where);
    const attn = Math.floor(layers / period);
    return {
      stateLayers: {
        kind: "mamba1", layers: layers - attn, intermediate: (optNum(cfg, ["mamba_expand"]) ?? 2) * hidden,
        stateSize: num(cfg, ["mamba_d_state"], where), convKernel: optNum(cfg, ["mamba_d_conv"]) ?? 4,
      },
      attentionLayers: attn,
    };
  }
  return {};
}

/** Sliding-window layers: layer_types, else the family's pattern (Gemma 2 alternates; Gemma 3 has a global layer every 6). */
function slidingOf(cfg: Json, layers: number, maxContext: number, modelType: string): ModelArchitecture["slidingWindow"] {
  const window = optNum(cfg, ["sliding_window"]);
  if (window === undefined || window <= 0 || window >= maxContext) return undefined;
  let slidingLayers = layers;
  if (Array.isArray(cfg.layer_types)) {
    slidingLayers = cfg.layer_types.filter((t) => t === "sliding_attention").length;
  } else {
    const pattern = optNum(cfg, ["sliding_window_pattern"]) ?? (modelType.startsWith("gemma3") ? 6 : modelType === "gemma2" ? 2 : undefined);
    if (pattern !== undefined && pattern > 1) slidingLayers = layers - Math.floor(layers / pattern);
    else if (cfg.use_sliding_window === false) slidingLayers = 0;
  }
  return slidingLayers > 0 ? { window, slidingLayers } : undefined;
}

/**
 * Builds a ModelArchitecture from a Hugging Face config.json object. Handles dense, GQA, MLA
 * (kv_lora_rank), MoE (num_experts / n_routed_experts / num_local_experts), sliding windows
 * (layer_types, sliding_window_pattern, the Gemma patterns), chunked local attention (Llama 4),
 * hybrid models (Qwen3-Next gated delta net, Nemotron-H and Granite-4.0-H Mamba2, Jamba Mamba1),
 * multimodal configs whose language model sits under text_config, and quantization_config
 * (method, bits, a checkpoint-enabled FP8 KV cache). paramsB is estimated from the shapes unless
 * `paramsB` is given (a model card's or the safetensors headers' count).
 */
export function modelFromHfConfig(config: unknown, id?: string, known: { paramsB?: number; activeParamsB?: number; checkpointBytes?: number; source?: string } = {}): ModelArchitecture {
  if (!isObject(config)) throw new Error("config: got a non-object; expected the parsed JSON object of a Hugging Face config.json");
  const outer = config;
  const cfg = isObject(outer.text_config) ? outer.text_config : outer;
  const where = isObject(outer.text_config) ? "config.text_config" : "config";
  const modelType = String(cfg.model_type ?? outer.model_type ?? "");

  const layers = num(cfg, ["num_hidden_layers", "n_layer", "num_layers"], where);
  const hidden = num(cfg, ["hidden_size", "n_embd", "d_model"], where);
  const heads = num(cfg, ["num_attention_heads", "n_head"], where);
  const kvHeads = optNum(cfg, ["num_key_value_heads", "num_kv_heads"]) ?? heads;
  const vocab = num(cfg, ["vocab_size"], where);
  const maxContext = optNum(cfg, ["max_position_embeddings", "n_positions", "seq_length"]) ?? 4096;
  const inter = optNum(cfg, ["intermediate_size_mlp", "intermediate_size", "ffn_dim"]);

  const kvLoraRank = optNum(cfg, ["kv_lora_rank"]);
  const mla = kvLoraRank !== undefined ? { kvLoraRank, qkRopeHeadDim: num(cfg, ["qk_rope_head_dim"], where) } : undefined;
  const headDim = mla
    ? (optNum(cfg, ["qk_nope_head_dim"]) ?? 128) + mla.qkRopeHeadDim
    : optNum(cfg, ["head_dim"]) ?? hidden / heads;

  const experts = optNum(cfg, ["num_experts", "n_routed_experts", "num_local_experts"]);
  let moe: ModelArchitecture["moe"];
  if (experts !== undefined && experts > 1) {
    const perTok = num(cfg, ["num_experts_per_tok", "num_experts_per_token", "experts_per_token", "moe_top_k"], where);
    const firstDense = optNum(cfg, ["first_k_dense_replace"]) ?? 0;
    const step = optNum(cfg, ["decoder_sparse_step", "moe_layer_freq", "interleave_moe_layer_step"]) ?? 1;
    const moeLayers = Math.floor((layers - firstDense) / Math.max(1, step));
    const shared = optNum(cfg, ["n_shared_experts", "num_shared_experts"]) ?? (optNum(cfg, ["shared_expert_intermediate_size"]) ? 1 : undefined);
    moe = {
      experts, expertsPerToken: perTok, moeLayers,
      expertIntermediateSize: optNum(cfg, ["moe_intermediate_size", "expert_intermediate_size"]) ?? num(cfg, ["intermediate_size"], where),
      ...(shared ? { sharedExperts: shared } : {}),
    };
  }

  const hybrid = hybridLayers(cfg, layers, hidden, where);
  const attentionLayers = hybrid.attentionLayers ?? layers;
  const slidingWindow = slidingOf(cfg, attentionLayers, maxContext, modelType);
  // Llama 4: chunked local attention on the RoPE layers, a global NoPE layer every 4th.
  const chunk = optNum(cfg, ["attention_chunk_size"]);
  let chunkedLocal: ModelArchitecture["chunkedLocal"];
  if (chunk !== undefined && chunk > 0) {
    const noRope = Array.isArray(cfg.no_rope_layers) ? (cfg.no_rope_layers as unknown[]) : undefined;
    const local = noRope ? noRope.filter((x) => x === 1).length : layers - Math.floor(layers / (optNum(cfg, ["no_rope_layer_interval"]) ?? 4));
    if (local > 0) chunkedLocal = { chunk, localLayers: local };
  }

  const q = isObject(cfg.quantization_config) ? cfg.quantization_config : isObject(outer.quantization_config) ? outer.quantization_config : undefined;
  const quantization = quantizationOf(q);
  const kvScheme = kvSchemeOf(q);

  let vision: ModelArchitecture["vision"];
  if (isObject(outer.vision_config)) {
    const v = outer.vision_config;
    const vl = optNum(v, ["num_hidden_layers", "depth", "num_layers"]);
    const vh = optNum(v, ["hidden_size", "embed_dim", "width"]);
    const vi = optNum(v, ["intermediate_size"]) ?? (vh ? 4 * vh : undefined);
    // A ViT layer: 4 h^2 attention + 2 h x intermediate MLP (biases and norms ignored).
    const vParams = vl && vh && vi ? vl * (4 * vh * vh + 2 * vh * vi) : 0;
    vision = { paramsB: round3(vParams / 1e9), ...(vl ? { layers: vl } : {}), ...(vh ? { hiddenSize: vh } : {}) };
  }

  const tie = cfg.tie_word_embeddings === true || outer.tie_word_embeddings === true;
  const shape = { layers, attnLayers: attentionLayers, hidden, heads, kvHeads, headDim, vocab, inter, moe, mla, tie, state: hybrid.stateLayers };
  const paramsB = known.paramsB ?? round3((estimateParams(shape) / 1e9) + (vision?.paramsB ?? 0));
  const activeParamsB = moe
    ? known.activeParamsB ?? round3(estimateParams({ ...shape, moe: { ...moe, experts: moe.expertsPerToken } }) / 1e9)
    : undefined;
  const name = id ?? (typeof outer._name_or_path === "string" && outer._name_or_path ? outer._name_or_path : "custom-model");

  return {
    id: name, paramsB, ...(activeParamsB !== undefined ? { activeParamsB } : {}),
    layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim, ...(inter !== undefined ? { intermediateSize: inter } : {}),
    vocabSize: vocab, maxContext, tieWordEmbeddings: tie,
    attention: mla ? "mla" : kvHeads < heads ? "gqa" : "mha",
    ...(mla ? { mla } : {}), ...(slidingWindow ? { slidingWindow } : {}), ...(chunkedLocal ? { chunkedLocal } : {}), ...(moe ? { moe } : {}),
    ...(hybrid.stateLayers ? { stateLayers: hybrid.stateLayers, attentionLayers } : {}),
    ...(vision ? { vision } : {}),
    ...(quantization ? { quantization } : {}),
    ...(kvScheme ? { kvCacheDtype: kvScheme } : {}),
    ...(known.checkpointBytes !== undefined ? { checkpointBytes: known.checkpointBytes } : {}),
    ...(Array.isArray(outer.architectures) && typeof outer.architectures[0] === "string" ? { architecture: outer.architectures[0] as string } : {}),
    dtype: dtypeOf(cfg, outer, quantization),
    source: known.source ?? (id ? `config.json given for ${id}` : "config.json given with --hf-config"),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

interface Shape {
  layers: number; attnLayers: number; hidden: number; heads: number; kvHeads: number; headDim: number; vocab: number; inter?: number;
  moe?: ModelArchitecture["moe"]; mla?: ModelArchitecture["mla"]; tie: boolean; state?: StateLayers;
}

/** Parameter estimate from shapes: attention + gated MLP (3 matrices) + embeddings + state-layer projections; norms ignored. */
function estimateParams(s: Shape): number {
  const attn = s.mla
    ? s.hidden * (s.mla.kvLoraRank + s.mla.qkRopeHeadDim) + s.mla.kvLoraRank * s.heads * (s.headDim - s.mla.qkRopeHeadDim + 128) +
      s.hidden * s.heads * s.headDim + s.heads * 128 * s.hidden
    : s.hidden * s.heads * s.headDim + 2 * s.hidden * s.kvHeads * s.headDim + s.heads * s.headDim * s.hidden;
  const denseMlp = 3 * s.hidden * (s.inter ?? 4 * s.hidden);
  let mlp = s.layers * denseMlp;
  if (s.moe) {
    const expertMlp = 3 * s.hidden * s.moe.expertIntermediateSize;
    const perMoeLayer = (s.moe.experts + (s.moe.sharedExperts ?? 0)) * expertMlp + s.hidden * s.moe.experts;
    mlp = (s.layers - s.moe.moeLayers) * denseMlp + s.moe.moeLayers * perMoeLayer;
  }
  // State layers replace attention by their own projections: roughly in/out projections of the inner width.
  let state = 0;
  if (s.state) {
    const st = s.state;
    const inner = st.kind === "gdn" ? st.kHeads * st.kDim * 2 + st.vHeads * st.vDim * 2 : st.kind === "linear" ? 4 * st.heads * st.headDim : 2 * st.intermediate;
    state = st.layers * s.hidden * inner;
  }
  const embed = s.vocab * s.hidden * (s.tie ? 1 : 2);
  return s.attnLayers * attn + state + mlp + embed;
}
