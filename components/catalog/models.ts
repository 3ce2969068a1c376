// Model architectures: the config.json fields the planner needs. Data only: no project imports.
//
// Values are those of each repository's config.json on huggingface.co. The stored-source search tools
// used for this project hold no Hugging Face model repositories, so each entry was filled from the
// published config.json as known to the author; every `source` names the file to re-check.
// Parameter counts are those the model cards state.

export type ModelDtype = "bf16" | "fp16" | "fp8" | "mxfp4";

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

export const MODELS: readonly ModelArchitecture[] = [
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

/** Case-insensitive lookup by id or alias. */
export function findModel(id: string): ModelArchitecture | undefined {
  const key = id.trim().toLowerCase();
  return MODELS.find((m) => m.id.toLowerCase() === key || (m.aliases ?? []).some((a) => a.toLowerCase() === key));
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

function dtypeOf(cfg: Json, outer: Json): ModelDtype {
  const q = isObject(cfg.quantization_config) ? cfg.quantization_config : isObject(outer.quantization_config) ? outer.quantization_config : undefined;
  const method = q && typeof q.quant_method === "string" ? q.quant_method.toLowerCase() : "";
  if (method === "mxfp4") return "mxfp4";
  if (method === "fp8") return "fp8";
  const t = String(cfg.torch_dtype ?? cfg.dtype ?? outer.torch_dtype ?? outer.dtype ?? "bfloat16").toLowerCase();
  return t.includes("float16") && !t.includes("bfloat16") ? "fp16" : "bf16";
}

/**
 * Builds a ModelArchitecture from a Hugging Face config.json object. Handles dense, GQA, MLA
 * (kv_lora_rank), MoE (num_experts / n_routed_experts / num_local_experts), sliding windows
 * (sliding_window with layer_types or sliding_window_pattern) and multimodal configs whose
 * language model sits under text_config. paramsB is estimated from the shapes (no file sizes).
 */
export function modelFromHfConfig(config: unknown, id?: string): ModelArchitecture {
  if (!isObject(config)) throw new Error("config: got a non-object; expected the parsed JSON object of a Hugging Face config.json");
  const outer = config;
  const cfg = isObject(outer.text_config) ? outer.text_config : outer;
  const where = isObject(outer.text_config) ? "config.text_config" : "config";

  const layers = num(cfg, ["num_hidden_layers", "n_layer", "num_layers"], where);
  const hidden = num(cfg, ["hidden_size", "n_embd", "d_model"], where);
  const heads = num(cfg, ["num_attention_heads", "n_head"], where);
  const kvHeads = optNum(cfg, ["num_key_value_heads", "num_kv_heads"]) ?? heads;
  const vocab = num(cfg, ["vocab_size"], where);
  const maxContext = optNum(cfg, ["max_position_embeddings", "n_positions", "seq_length"]) ?? 4096;
  const inter = optNum(cfg, ["intermediate_size", "ffn_dim"]);

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
    const step = optNum(cfg, ["decoder_sparse_step", "moe_layer_freq"]) ?? 1;
    const moeLayers = Math.floor((layers - firstDense) / Math.max(1, step));
    const shared = optNum(cfg, ["n_shared_experts", "num_shared_experts"]);
    moe = {
      experts, expertsPerToken: perTok, moeLayers,
      expertIntermediateSize: optNum(cfg, ["moe_intermediate_size", "expert_intermediate_size"]) ?? num(cfg, ["intermediate_size"], where),
      ...(shared ? { sharedExperts: shared } : {}),
    };
  }

  let slidingWindow: ModelArchitecture["slidingWindow"];
  const window = optNum(cfg, ["sliding_window"]);
  if (window !== undefined && window > 0 && window < maxContext) {
    let slidingLayers = layers;
    if (Array.isArray(cfg.layer_types)) {
      slidingLayers = cfg.layer_types.filter((t) => t === "sliding_attention").length;
    } else {
      const pattern = optNum(cfg, ["sliding_window_pattern"]);
      if (pattern !== undefined && pattern > 1) slidingLayers = layers - Math.floor(layers / pattern);
      else if (cfg.use_sliding_window === false) slidingLayers = 0;
    }
    if (slidingLayers > 0) slidingWindow = { window, slidingLayers };
  }

  const tie = cfg.tie_word_embeddings === true || outer.tie_word_embeddings === true;
  const paramsB = estimateParams({ layers, hidden, heads, kvHeads, headDim, vocab, inter, moe, mla, tie }) / 1e9;
  const activeParamsB = moe
    ? estimateParams({ layers, hidden, heads, kvHeads, headDim, vocab, inter, moe: { ...moe, experts: moe.expertsPerToken }, mla, tie }) / 1e9
    : undefined;
  const name = id ?? (typeof outer._name_or_path === "string" && outer._name_or_path ? outer._name_or_path : "custom-model");

  return {
    id: name, paramsB: round3(paramsB), ...(activeParamsB !== undefined ? { activeParamsB: round3(activeParamsB) } : {}),
    layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim, ...(inter !== undefined ? { intermediateSize: inter } : {}),
    vocabSize: vocab, maxContext, tieWordEmbeddings: tie,
    attention: mla ? "mla" : kvHeads < heads ? "gqa" : "mha",
    ...(mla ? { mla } : {}), ...(slidingWindow ? { slidingWindow } : {}), ...(moe ? { moe } : {}),
    dtype: dtypeOf(cfg, outer),
    source: id ? `config.json given for ${id}` : "config.json given with --hf-config",
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

interface Shape {
  layers: number; hidden: number; heads: number; kvHeads: number; headDim: number; vocab: number; inter?: number;
  moe?: ModelArchitecture["moe"]; mla?: ModelArchitecture["mla"]; tie: boolean;
}

/** Parameter estimate from shapes: attention + gated MLP (3 matrices) + embeddings; norms ignored. */
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
  const embed = s.vocab * s.hidden * (s.tie ? 1 : 2);
  return s.layers * attn + mlp + embed;
}
