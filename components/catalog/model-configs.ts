// Models recorded from their Hugging Face config.json: the keys the planner reads, as the file (or
// a copy of it) has them, converted by modelFromHfConfig like a config read from the Hub. Data
// only. The stored-source search tools used for this project reach no Hugging Face repositories
// directly: each `source` names the copy that was read (a verbatim copy in another repository, a
// re-upload whose _name_or_path names the model, or a sibling with the same geometry), with notes
// in brackets; `confidence` says which (high: a verbatim copy of that repository's config.json).
// `paramsB` is the model card's (or the name's) total when given, else estimated from the shapes.

/** A model as recorded: its config.json keys, and where they were read. */
export interface RecordedModel {
  id: string;
  aliases?: string[];
  source: string;
  paramsB?: number;
  activeParamsB?: number;
  paramsSource?: string;
  confidence: "high" | "medium";
  config: Record<string, unknown>;
}

export const RECORDED_MODELS: readonly RecordedModel[] = [
  {
    id: "Qwen/Qwen2.5-7B-Instruct",
    aliases: ["Qwen/Qwen2.5-7B"],
    source: "https://huggingface.co/osllmai-community/Qwen2.5-7B-Instruct/blob/main/config.json (re-upload, _name_or_path Qwen/Qwen2.5-7B-Instruct); base model Qwen/Qwen2.5-7B config.json copy at https://github.com/ai-dynamo/aiconfigurator/blob/b5369e1fb89f7ad67b160c749227b415f4e7fe01/src/aiconfigurator/model_configs/Qwen--Qwen2.5-7B_config.json agrees on all geometry [full attention on all layers (use_sliding_window false) | re-serialized copy shows sliding_window null; the base-model config shows sliding_window 131072 with use_sliding_window false. Instruct max_position_embeddings 32768 (base: 131072); model card: 128K with YaRN factor 4 opt-in. | absent; hidden_size/num_attention_heads = 128]",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":28,"hidden_size":3584,"num_attention_heads":28,"num_key_value_heads":4,"intermediate_size":18944,"vocab_size":152064,"max_position_embeddings":32768,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "Qwen/Qwen2.5-14B-Instruct",
    aliases: ["Qwen/Qwen2.5-14B"],
    source: "https://huggingface.co/osllmai-community/Qwen2.5-14B-Instruct/blob/eaddfa685697f74aa707d6cd5cf36784cdcabe05/config.json (re-upload, _name_or_path Qwen/Qwen2.5-14B-Instruct); base Qwen2.5-14B copy in https://github.com/citsjtu2020/LLM-Prof/blob/8434c8d19c396b2f95d92a67845a7c0a0e0dd512/sglang/Model_Config.md agrees [full attention on all layers | absent; 5120/40 = 128]",
    paramsB: 14.7,
    paramsSource: "model card: 'Number of Parameters: 14.7B' (https://github.com/ZHUI/paddlenlp_model_readme/blob/99910a83950ba1390a0953075b13b0059f9dcf54/Qwen/Qwen2.5-14B-Instruct/index.md, HF README mirror)",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":48,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":13824,"vocab_size":152064,"max_position_embeddings":32768,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "Qwen/Qwen2.5-32B-Instruct",
    aliases: ["Qwen/Qwen2.5-32B"],
    source: "https://huggingface.co/ehristoforu/qwen2.5-test-32b-it/blob/6bcc8f1cedfe72471276d0159d1646be6ac50e40/config.json (_name_or_path Qwen/Qwen2.5-32B-Instruct); official base https://huggingface.co/Qwen/Qwen2.5-32B/blob/main/config.json agrees on geometry [full attention on all layers | absent; 5120/40 = 128]",
    paramsB: 32.5,
    paramsSource: "Qwen2.5-32B model card 'Number of Parameters: 32.5B' (https://github.com/ZHUI/paddlenlp_model_readme/blob/main/Qwen/Qwen2.5-32B/index.md)",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":64,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":27648,"vocab_size":152064,"max_position_embeddings":32768,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "Qwen/Qwen2.5-72B-Instruct",
    aliases: ["Qwen/Qwen2.5-72B"],
    source: "https://huggingface.co/m8than/banana-2-b-72b/blob/main/config.json (_name_or_path Qwen/Qwen2.5-72B-Instruct, fp16 re-save); base Qwen/Qwen2.5-72B copy at https://github.com/ai-dynamo/aiconfigurator/blob/b5369e1fb89f7ad67b160c749227b415f4e7fe01/src/aiconfigurator/model_configs/Qwen--Qwen2.5-72B_config.json agrees on geometry [full attention on all layers | derivative copy saved torch_dtype float16; official checkpoint is bfloat16 (base config torch_dtype bfloat16) | absent; 8192/64 = 128]",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":80,"hidden_size":8192,"num_attention_heads":64,"num_key_value_heads":8,"intermediate_size":29568,"vocab_size":152064,"max_position_embeddings":32768,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "Qwen/Qwen2.5-Coder-32B-Instruct",
    source: "https://huggingface.co/ai-team-20/qwen3-coder-480b-3/commit/6e6b0cb69a58fc511a4dbfe5ac908e26dbd27580 (commit 'Add config.json from Qwen/Qwen2.5-Coder-32B-Instruct', verbatim copy) [full attention on all layers (use_sliding_window false) | absent; 5120/40 = 128]",
    confidence: "high",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":64,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":27648,"vocab_size":152064,"max_position_embeddings":32768,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":131072,"use_sliding_window":false},
  },
  {
    id: "Qwen/QwQ-32B",
    source: "litgpt config (https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py, entry hf_config Qwen/QwQ-32B) for geometry; HF file listing https://huggingface.co/Qwen/QwQ-32B/tree/main shows config.json (662 bytes) and 14 shards [full attention (qwen2, no sliding in litgpt entry) | litgpt padded_vocab_size 152064, n_query_groups 8, norm_eps 1e-5, rope_base 1e6; litgpt block_size 131072 is its own choice, not config max_position_embeddings (left null) | litgpt n_embd/n_head = 128]",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":64,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":27648,"vocab_size":152064},
  },
  {
    id: "Qwen/Qwen2.5-VL-7B-Instruct",
    source: "https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct-AWQ/blame/main/config.json (official Qwen AWQ repo, _name_or_path Qwen/Qwen2.5-VL-7B-Instruct; text geometry identical) and https://huggingface.co/unsloth/Qwen2.5-VL-7B-Instruct/blob/main/config.json (re-upload) [full attention on all text layers | unsloth copy shows max_position_embeddings 32768 (unsloth edit); AWQ official copy and AutoDrive fine-tune show 128000 | absent; 3584/28 = 128] Vision depth 32 and intermediate 3420 are the Qwen2_5_VLVisionConfig defaults (not in config.json).",
    confidence: "medium",
    config: {"model_type":"qwen2_5_vl","architectures":["Qwen2_5_VLForConditionalGeneration"],"num_hidden_layers":28,"hidden_size":3584,"num_attention_heads":28,"num_key_value_heads":4,"intermediate_size":18944,"vocab_size":152064,"max_position_embeddings":128000,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":32768,"use_sliding_window":false,"vision_config":{"hidden_size":1280,"depth":32,"intermediate_size":3420}},
  },
  {
    id: "Qwen/Qwen2.5-VL-72B-Instruct-AWQ",
    source: "https://huggingface.co/Qwen/Qwen2.5-VL-72B-Instruct-AWQ/blob/666b8f5f61eebf73e8deff3e33a0f8934038d69f/config.json [full attention | 8192/64 = 128] Vision depth 32 and intermediate 3420 are the Qwen2_5_VLVisionConfig defaults (not in config.json).",
    confidence: "high",
    config: {"model_type":"qwen2_5_vl","architectures":["Qwen2_5_VLForConditionalGeneration"],"num_hidden_layers":80,"hidden_size":8192,"num_attention_heads":64,"num_key_value_heads":8,"intermediate_size":29696,"vocab_size":152064,"max_position_embeddings":128000,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":32768,"use_sliding_window":false,"quantization_config":{"quant_method":"awq","bits":4,"group_size":128,"version":"gemm","zero_point":true,"modules_to_not_convert":["visual"]}},
  },
  {
    id: "Qwen/Qwen2.5-VL-7B-Instruct-AWQ",
    source: "https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct-AWQ/blame/main/config.json [full attention | 3584/28 = 128] Vision depth 32 and intermediate 3420 are the Qwen2_5_VLVisionConfig defaults (not in config.json).",
    confidence: "high",
    config: {"model_type":"qwen2_5_vl","architectures":["Qwen2_5_VLForConditionalGeneration"],"num_hidden_layers":28,"hidden_size":3584,"num_attention_heads":28,"num_key_value_heads":4,"intermediate_size":18944,"vocab_size":152064,"max_position_embeddings":128000,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":32768,"use_sliding_window":false,"quantization_config":{"quant_method":"awq","bits":4,"group_size":128,"version":"gemm","zero_point":true,"modules_to_not_convert":["visual"]}},
  },
  {
    id: "Qwen/Qwen3-Next-80B-A3B-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/1b7cfb10a6fa06880ad7911db5ddb949882ff76a/src/aiconfigurator/model_configs/Qwen--Qwen3-Next-80B-A3B-Thinking_config.json (copy of the -Thinking sibling config.json); geometry for -Instruct itself confirmed by https://github.com/vllm-project/vllm/blob/9182e8697133e95f6e4ed236628a344b12e1c702/tests/config/base_model_arch_groundtruth.json (layers 48, heads 16, kv 2, head_size 256, experts 512) [hybrid: every 4th layer (full_attention_interval 4) is gated full attention, the other 3 of 4 are Gated DeltaNet linear attention -> 12 KV-cache layers, 36 linear-attention (constant-state) layers]",
    paramsB: 80,
    activeParamsB: 3,
    paramsSource: "the model's name (total parameters)",
    confidence: "medium",
    config: {"model_type":"qwen3_next","architectures":["Qwen3NextForCausalLM"],"num_hidden_layers":48,"hidden_size":2048,"num_attention_heads":16,"num_key_value_heads":2,"head_dim":256,"intermediate_size":5120,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false,"num_experts":512,"num_experts_per_tok":10,"moe_intermediate_size":512,"shared_expert_intermediate_size":512,"decoder_sparse_step":1,"full_attention_interval":4,"linear_num_key_heads":16,"linear_key_head_dim":128,"linear_num_value_heads":32,"linear_value_head_dim":128,"linear_conv_kernel_dim":4},
  },
  {
    id: "Qwen/Qwen3-Coder-480B-A35B-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-Coder-480B-A35B-Instruct_config.json [full attention on all layers]",
    paramsB: 480,
    activeParamsB: 35,
    paramsSource: "the model's name (total parameters)",
    confidence: "high",
    config: {"model_type":"qwen3_moe","architectures":["Qwen3MoeForCausalLM"],"num_hidden_layers":62,"hidden_size":6144,"num_attention_heads":96,"num_key_value_heads":8,"head_dim":128,"intermediate_size":8192,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false,"num_experts":160,"num_experts_per_tok":8,"moe_intermediate_size":2560,"shared_expert_intermediate_size":0,"decoder_sparse_step":1},
  },
  {
    id: "Qwen/Qwen3-Coder-30B-A3B-Instruct",
    source: "https://huggingface.co/shailesh83/Qwen3-Coder-int8/blob/main/config.json (re-upload of a Qwen3-Coder-30B-A3B checkpoint; no _name_or_path) [full attention on all layers]",
    paramsB: 30.5,
    activeParamsB: 3.3,
    paramsSource: "the model's name (total parameters)",
    confidence: "medium",
    config: {"model_type":"qwen3_moe","architectures":["Qwen3MoeForCausalLM"],"num_hidden_layers":48,"hidden_size":2048,"num_attention_heads":32,"num_key_value_heads":4,"head_dim":128,"intermediate_size":5472,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"use_sliding_window":false,"num_experts":128,"num_experts_per_tok":8,"moe_intermediate_size":768,"shared_expert_intermediate_size":0,"decoder_sparse_step":1},
  },
  {
    id: "google/gemma-2-9b-it",
    aliases: ["google/gemma-2-9b"],
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset gemma2_9b; HF config.json copy) ; also https://huggingface.co/thejaminator/gemma-hook-layer-0-step-2000/commit/33738e3d45f3bc4dc6cba719f54d0513279e2231 ('Copy config.json from google/gemma-2-9b-it', identical) [alternating: even layers local sliding window 4096, odd layers global (transformers Gemma2: layer_idx % 2 == 0 sliding) -> 21 sliding + 21 full | query_pre_attn_scalar was 224 in early revisions and fixed to 256 (HF commit 1937c70277fcc5f7fb0fc772fc5bc69378996e71 referenced by https://huggingface.co/UCLA-AGI/Gemma-2-9B-It-SPPO-Iter3/commit/1788223ec81429eb2eaefb709d3086ecfb928d15) | not in config.json; Gemma2 ties embeddings (transformers default true)]",
    confidence: "high",
    config: {"model_type":"gemma2","architectures":["Gemma2ForCausalLM"],"num_hidden_layers":42,"hidden_size":3584,"num_attention_heads":16,"num_key_value_heads":8,"head_dim":256,"intermediate_size":14336,"vocab_size":256000,"max_position_embeddings":8192,"torch_dtype":"bfloat16","sliding_window":4096},
  },
  {
    id: "google/gemma-2-27b-it",
    aliases: ["google/gemma-2-27b"],
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset gemma2_27b); also https://huggingface.co/prithivMLmods/Blaze.1-27B-Reflection/blob/736d075e8bf812f6bee85aab246f9dea431519f6/config.json (_name_or_path google/gemma-2-27b-it) [alternating local(4096)/global -> 23 sliding + 23 full]",
    confidence: "high",
    config: {"model_type":"gemma2","architectures":["Gemma2ForCausalLM"],"num_hidden_layers":46,"hidden_size":4608,"num_attention_heads":32,"num_key_value_heads":16,"head_dim":128,"intermediate_size":36864,"vocab_size":256000,"max_position_embeddings":8192,"torch_dtype":"bfloat16","sliding_window":4096},
  },
  {
    id: "meta-llama/Llama-4-Scout-17B-16E-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/54cb8c65a28d8341d2adf58f8a6579ea05b24b99/aic-core/src/aiconfigurator_core/model_configs/meta-llama--Llama-4-Scout-17B-16E-Instruct_config.json; geometry confirmed by https://github.com/vllm-project/vllm/blob/9182e8697133e95f6e4ed236628a344b12e1c702/tests/config/base_model_arch_groundtruth.json [chunked local attention (attention_chunk_size 8192) on RoPE layers; every 4th layer is a global NoPE layer (no_rope_layers not in this config.json copy; the 1-in-4 global NoPE interval is the transformers Llama4TextConfig default - re-check) -> 36 chunked + 12 global]",
    paramsB: 109,
    activeParamsB: 17,
    paramsSource: "the model's name (total parameters)",
    confidence: "high",
    config: {"model_type":"llama4","architectures":["Llama4ForConditionalGeneration"],"num_hidden_layers":48,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"head_dim":128,"intermediate_size":8192,"intermediate_size_mlp":16384,"vocab_size":202048,"max_position_embeddings":10485760,"torch_dtype":"bfloat16","attention_chunk_size":8192,"num_local_experts":16,"num_experts_per_tok":1,"interleave_moe_layer_step":1,"vision_config":{"num_hidden_layers":34,"hidden_size":1408}},
  },
  {
    id: "meta-llama/Llama-4-Maverick-17B-128E-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/54cb8c65a28d8341d2adf58f8a6579ea05b24b99/aic-core/src/aiconfigurator_core/model_configs/meta-llama--Llama-4-Maverick-17B-128E-Instruct_config.json [chunked local attention 8192 on 3 of every 4 layers, global NoPE every 4th (transformers default) -> 36 chunked + 12 global]",
    paramsB: 400,
    activeParamsB: 17,
    paramsSource: "the model's name (total parameters)",
    confidence: "high",
    config: {"model_type":"llama4","architectures":["Llama4ForConditionalGeneration"],"num_hidden_layers":48,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"head_dim":128,"intermediate_size":8192,"intermediate_size_mlp":16384,"vocab_size":202048,"max_position_embeddings":1048576,"torch_dtype":"bfloat16","attention_chunk_size":8192,"num_local_experts":128,"num_experts_per_tok":1,"interleave_moe_layer_step":2,"vision_config":{"num_hidden_layers":34,"hidden_size":1408}},
  },
  {
    id: "moonshotai/Kimi-K2-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/moonshotai--Kimi-K2-Instruct_config.json [MLA on all 61 layers | MLA: qk head = qk_nope 128 + qk_rope 64 = 192; v_head_dim 128; cache = kv_lora_rank 512 + qk_rope 64 per token per layer]",
    confidence: "high",
    config: {"model_type":"kimi_k2","architectures":["DeepseekV3ForCausalLM"],"num_hidden_layers":61,"hidden_size":7168,"num_attention_heads":64,"num_key_value_heads":64,"intermediate_size":18432,"vocab_size":163840,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","kv_lora_rank":512,"qk_rope_head_dim":64,"qk_nope_head_dim":128,"v_head_dim":128,"n_routed_experts":384,"num_experts_per_tok":8,"moe_intermediate_size":2048,"n_shared_experts":1,"first_k_dense_replace":1,"moe_layer_freq":1,"quantization_config":{"quant_method":"fp8","fmt":"e4m3","activation_scheme":"dynamic","weight_block_size":[128,128]}},
  },
  {
    id: "moonshotai/Kimi-K2-Thinking",
    source: "Kimi-K2-Instruct's geometry (above) with context_length 262144 and native INT4 QAT weights per https://github.com/vllm-project/recipes/blob/8959cf64189c71d36e11c6a30335f923f261b1f7/models/moonshotai/Kimi-K2-Thinking.yaml ; quantization_config as https://huggingface.co/moonshotai/Kimi-K2-Thinking/blob/main/config.json ships it (compressed-tensors pack-quantized, int4 symmetric, group 32, attention, shared experts, dense MLPs and lm_head ignored), the same block public code quotes for the K2 INT4 family [MLA on all 61 layers; INT4 routed experts only]",
    confidence: "medium",
    config: {"model_type":"kimi_k2","architectures":["DeepseekV3ForCausalLM"],"num_hidden_layers":61,"hidden_size":7168,"num_attention_heads":64,"num_key_value_heads":64,"intermediate_size":18432,"vocab_size":163840,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","kv_lora_rank":512,"qk_rope_head_dim":64,"qk_nope_head_dim":128,"v_head_dim":128,"n_routed_experts":384,"num_experts_per_tok":8,"moe_intermediate_size":2048,"n_shared_experts":1,"first_k_dense_replace":1,"moe_layer_freq":1,"quantization_config":{"quant_method":"compressed-tensors","format":"pack-quantized","config_groups":{"group_0":{"targets":["Linear"],"weights":{"num_bits":4,"type":"int","strategy":"group","group_size":32,"symmetric":true,"dynamic":false}}},"ignore":["lm_head","re:.*self_attn.*","re:.*shared_experts.*","re:.*mlp\\.(gate|up|gate_up|down)_proj.*"]}},
  },
  {
    id: "deepseek-ai/DeepSeek-V3.1",
    aliases: ["deepseek-ai/DeepSeek-V3.1-Base"],
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/39033e8cd1f8aa03770a7820bce974ea9238eff9/src/aiconfigurator/model_configs/deepseek-ai--DeepSeek-V3.1_config.json [MLA on all 61 layers | MLA: qk 128+64=192, v 128]",
    confidence: "high",
    config: {"model_type":"deepseek_v3","architectures":["DeepseekV3ForCausalLM"],"num_hidden_layers":61,"hidden_size":7168,"num_attention_heads":128,"num_key_value_heads":128,"intermediate_size":18432,"vocab_size":129280,"max_position_embeddings":163840,"tie_word_embeddings":false,"torch_dtype":"bfloat16","kv_lora_rank":512,"qk_rope_head_dim":64,"qk_nope_head_dim":128,"v_head_dim":128,"n_routed_experts":256,"num_experts_per_tok":8,"moe_intermediate_size":2048,"n_shared_experts":1,"first_k_dense_replace":3,"moe_layer_freq":1,"quantization_config":{"quant_method":"fp8","fmt":"e4m3","activation_scheme":"dynamic","weight_block_size":[128,128],"scale_fmt":"ue8m0"}},
  },
  {
    id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/39033e8cd1f8aa03770a7820bce974ea9238eff9/src/aiconfigurator/model_configs/deepseek-ai--DeepSeek-R1-Distill-Qwen-32B_config.json [full attention on all layers | 5120/40 = 128]",
    confidence: "high",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":64,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":27648,"vocab_size":152064,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":131072,"use_sliding_window":false},
  },
  {
    id: "nvidia/Llama-3.1-70B-Instruct-FP8",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/nvidia--Llama-3.1-70B-Instruct-FP8_config.json and ..._hf_quant_config.json [full attention | ModelOpt checkpoint: quantization described in hf_quant_config.json, not in config.json (the copied config.json has no quantization_config) | 8192/64 = 128]",
    confidence: "high",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":80,"hidden_size":8192,"num_attention_heads":64,"num_key_value_heads":8,"intermediate_size":28672,"vocab_size":128256,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","quantization_config":{"source_file":"hf_quant_config.json (ModelOpt 0.23.0)","quant_algo":"FP8","kv_cache_quant_algo":"FP8","exclude_modules":["lm_head"]}},
  },
  {
    id: "microsoft/Phi-3.5-mini-instruct",
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset phi-3_5, _name_or_path Phi-3.5-mini-instruct) [full attention (MHA, 32 KV heads); sliding_window 262144 exceeds context so it never binds | 3072/32 = 96]",
    confidence: "high",
    config: {"model_type":"phi3","architectures":["Phi3ForCausalLM"],"num_hidden_layers":32,"hidden_size":3072,"num_attention_heads":32,"num_key_value_heads":32,"intermediate_size":8192,"vocab_size":32064,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","sliding_window":262144},
  },
  {
    id: "deepseek-ai/DeepSeek-V2-Lite-Chat",
    aliases: ["deepseek-ai/DeepSeek-V2-Lite"],
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset deepseek_v2_lite) [MLA on all 27 layers | MLA: qk 128+64=192, v 128]",
    confidence: "medium",
    config: {"model_type":"deepseek_v2","architectures":["DeepseekV2ForCausalLM"],"num_hidden_layers":27,"hidden_size":2048,"num_attention_heads":16,"num_key_value_heads":16,"intermediate_size":10944,"vocab_size":102400,"max_position_embeddings":163840,"torch_dtype":"bfloat16","kv_lora_rank":512,"qk_rope_head_dim":64,"qk_nope_head_dim":128,"v_head_dim":128,"n_routed_experts":64,"num_experts_per_tok":6,"moe_intermediate_size":1408,"n_shared_experts":2,"first_k_dense_replace":1,"moe_layer_freq":1},
  },
  {
    id: "meta-llama/Llama-3.2-1B-Instruct",
    aliases: ["meta-llama/Llama-3.2-1B"],
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset llama3_2_1b) [full attention]",
    confidence: "high",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":16,"hidden_size":2048,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"intermediate_size":8192,"vocab_size":128256,"max_position_embeddings":131072,"tie_word_embeddings":true,"torch_dtype":"bfloat16"},
  },
  {
    id: "meta-llama/Llama-3.2-3B-Instruct",
    aliases: ["meta-llama/Llama-3.2-3B"],
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset llama3_2_3b); also https://github.com/citsjtu2020/LLM-Prof/blob/8434c8d19c396b2f95d92a67845a7c0a0e0dd512/sglang/Model_Config.md [full attention]",
    confidence: "high",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":28,"hidden_size":3072,"num_attention_heads":24,"num_key_value_heads":8,"head_dim":128,"intermediate_size":8192,"vocab_size":128256,"max_position_embeddings":131072,"tie_word_embeddings":true,"torch_dtype":"bfloat16"},
  },
  {
    id: "allenai/OLMo-2-1124-13B-Instruct",
    source: "https://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py (preset olmo2_13b, trimmed config) + https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry OLMo-2-1124-13B{-Instruct}) [full attention (MHA) | 5120/40 = 128]",
    confidence: "medium",
    config: {"model_type":"olmo2","architectures":["Olmo2ForCausalLM"],"num_hidden_layers":40,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":40,"intermediate_size":13824,"vocab_size":100352,"max_position_embeddings":4096,"tie_word_embeddings":false},
  },
  {
    id: "mistralai/Mistral-Nemo-Instruct-2407",
    source: "https://github.com/kevinstephano/thunder_model_blocks/blob/main/thunder_model_blocks/mistral/mistral_config.py (config.json string of mistralai/Mistral-Nemo-Base-2407) [full attention | Instruct-2407 model card lists the same architecture (40 layers, dim 5120, head dim 128, 32 heads, 8 kv heads, 2**17 vocab); instruct max_position_embeddings not read (base: 128000)]",
    confidence: "medium",
    config: {"model_type":"mistral","architectures":["MistralForCausalLM"],"num_hidden_layers":40,"hidden_size":5120,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":128,"intermediate_size":14336,"vocab_size":131072,"max_position_embeddings":128000,"tie_word_embeddings":false,"torch_dtype":"bfloat16"},
  },
  {
    id: "mistralai/Mistral-Small-3.1-24B-Instruct-2503",
    aliases: ["mistralai/Mistral-Small-3.1-24B-Base-2503"],
    source: "https://github.com/NVIDIA/TensorRT-LLM/blob/0373e5a1d2d9e154bb878d6dce47f52194a4963e/tests/unittest/_torch/modeling/test_modeling_mistral.py (fixture mistral_small_3_1_24b_config; text num_hidden_layers reduced to 4 for CI, comment says original 40) [full attention]",
    confidence: "medium",
    config: {"model_type":"mistral3","architectures":["Mistral3ForConditionalGeneration"],"num_hidden_layers":40,"hidden_size":5120,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":128,"intermediate_size":32768,"vocab_size":131072,"max_position_embeddings":131072,"torch_dtype":"bfloat16","vision_config":{"num_hidden_layers":24,"hidden_size":1024}},
  },
  {
    id: "microsoft/phi-4",
    source: "GitHub file with an annotated copy of phi-4 config.json (find_string index id 58256788114; repo path not exposed by the index) + https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config microsoft/phi-4; litgpt mapping of the HF config, not config.json itself) [full attention (GQA 40/10) | 5120/40 = 128]",
    paramsB: 14,
    paramsSource: "nosana-ci/pipeline-templates README '14B parameters' (weak)",
    confidence: "medium",
    config: {"model_type":"phi3","num_hidden_layers":40,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":10,"intermediate_size":17920,"vocab_size":100352,"max_position_embeddings":16384,"tie_word_embeddings":false,"torch_dtype":"bfloat16"},
  },
  {
    id: "mistralai/Mistral-Large-Instruct-2411",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config mistralai/Mistral-Large-Instruct-2411; litgpt mapping of the HF config, not config.json itself) [full attention | 12288/96 = 128]",
    confidence: "medium",
    config: {"model_type":"mistral","num_hidden_layers":88,"hidden_size":12288,"num_attention_heads":96,"num_key_value_heads":8,"intermediate_size":28672,"vocab_size":32768},
  },
  {
    id: "tiiuae/Falcon3-7B-Instruct",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config tiiuae/Falcon3-7B{}; litgpt mapping of the HF config, not config.json itself) ; litgpt comment points at https://huggingface.co/tiiuae/Falcon3-7B-Base/blob/main/config.json [full attention | 3072/12 = 256]",
    confidence: "medium",
    config: {"model_type":"llama","num_hidden_layers":28,"hidden_size":3072,"num_attention_heads":12,"num_key_value_heads":4,"intermediate_size":23040,"vocab_size":131072},
  },
  {
    id: "tiiuae/Falcon3-10B-Instruct",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config tiiuae/Falcon3-10B{}; litgpt mapping of the HF config, not config.json itself) ; litgpt comment points at https://huggingface.co/tiiuae/Falcon3-10B-Base/blob/main/config.json [full attention | 3072/12 = 256]",
    confidence: "medium",
    config: {"model_type":"llama","num_hidden_layers":40,"hidden_size":3072,"num_attention_heads":12,"num_key_value_heads":4,"intermediate_size":23040,"vocab_size":131072},
  },
  {
    id: "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config nvidia/Llama-3.1-Nemotron-70B-Instruct-HF; litgpt mapping of the HF config, not config.json itself) [full attention | 8192/64 = 128]",
    confidence: "medium",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":80,"hidden_size":8192,"num_attention_heads":64,"num_key_value_heads":8,"intermediate_size":28672,"vocab_size":128256},
  },
  {
    id: "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config deepseek-ai/DeepSeek-R1-Distill-Llama-8B; litgpt mapping of the HF config, not config.json itself) [full attention | 4096/32 = 128]",
    confidence: "medium",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":32,"hidden_size":4096,"num_attention_heads":32,"num_key_value_heads":8,"intermediate_size":14336,"vocab_size":128256},
  },
  {
    id: "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
    source: "https://github.com/Lightning-AI/litgpt/blob/26857050fe3ff627cd714fe92f5838f51a3d5efa/litgpt/config.py (entry hf_config deepseek-ai/DeepSeek-R1-Distill-Llama-70B; litgpt mapping of the HF config, not config.json itself) [full attention | 8192/64 = 128]",
    confidence: "medium",
    config: {"model_type":"llama","architectures":["LlamaForCausalLM"],"num_hidden_layers":80,"hidden_size":8192,"num_attention_heads":64,"num_key_value_heads":8,"intermediate_size":28672,"vocab_size":128256},
  },
  {
    id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
    source: "https://huggingface.co/mlfoundations-dev/DeepSeek-R1-Distill-Qwen-7B_OpenThoughts3/blob/main/config.json (_name_or_path = HF cache snapshot of deepseek-ai/DeepSeek-R1-Distill-Qwen-7B); same values in https://huggingface.co/ABrain/HPGPT-DeepSeek-R1-Distill-Qwen-7B-R/blob/main/config.json [full attention | 3584/28 = 128]",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":28,"hidden_size":3584,"num_attention_heads":28,"num_key_value_heads":4,"intermediate_size":18944,"vocab_size":152064,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B",
    source: "https://huggingface.co/neody/r1-14b-awq/blame/main/config.json (AWQ re-quant; _name_or_path = HF cache snapshot of deepseek-ai/DeepSeek-R1-Distill-Qwen-14B) [full attention | quantization_config in the copy (awq, 4 bits, group 128) belongs to the derivative, not to the BF16 original | 5120/40 = 128]",
    confidence: "medium",
    config: {"model_type":"qwen2","architectures":["Qwen2ForCausalLM"],"num_hidden_layers":48,"hidden_size":5120,"num_attention_heads":40,"num_key_value_heads":8,"intermediate_size":13824,"vocab_size":152064,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","use_sliding_window":false},
  },
  {
    id: "zai-org/GLM-4.5",
    source: "https://huggingface.co/Delta-Vector/GLM4.5-Scattermoe/blob/main/config.json (GLM-4.5 re-packaged with a custom model_type glm4_shared_moe) ; geometry confirmed by https://github.com/vllm-project/vllm/blob/9182e8697133e95f6e4ed236628a344b12e1c702/tests/config/base_model_arch_groundtruth.json (zai-org/GLM-4.5: 92 layers, 96 heads, 8 kv, head 128, 160 experts) ; official zai-org/GLM-4.7 config (https://huggingface.co/zai-org/GLM-4.7/blob/refs%2Fpr%2F49/config.json) has the same geometry with max_position_embeddings 202752 [full attention (GQA 96/8, partial_rotary_factor 0.5, qk-norm) | num_hidden_layers 92 excludes the MTP layer (num_nextn_predict_layers 1)]",
    paramsB: 355,
    activeParamsB: 32,
    paramsSource: "https://huggingface.co/docs/transformers/en/model_doc/glm4_moe ('355 billion total parameters with 32 billion active')",
    confidence: "medium",
    config: {"model_type":"glm4_moe","architectures":["Glm4MoeForCausalLM"],"num_hidden_layers":92,"hidden_size":5120,"num_attention_heads":96,"num_key_value_heads":8,"head_dim":128,"intermediate_size":12288,"vocab_size":151552,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","n_routed_experts":160,"num_experts_per_tok":8,"moe_intermediate_size":1536,"n_shared_experts":1,"first_k_dense_replace":3},
  },
  {
    id: "zai-org/GLM-4.5-Air",
    source: "https://huggingface.co/PrimeIntellect/INTELLECT-3-Base/blob/main/config.json (PrimeIntellect model reported to be built on GLM-4.5-Air-Base - relation not verified here); official page https://huggingface.co/zai-org/GLM-4.5-Air/blob/main/config.json is in the docs corpus but its config chunk was not returned [full attention (GQA 96/8, partial_rotary_factor 0.5)]",
    paramsB: 106,
    activeParamsB: 12,
    paramsSource: "https://huggingface.co/docs/transformers/en/model_doc/glm4_moe ('106 billion total parameters and 12 billion active')",
    confidence: "medium",
    config: {"model_type":"glm4_moe","architectures":["Glm4MoeForCausalLM"],"num_hidden_layers":46,"hidden_size":4096,"num_attention_heads":96,"num_key_value_heads":8,"head_dim":128,"intermediate_size":10944,"vocab_size":151552,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16","n_routed_experts":128,"num_experts_per_tok":8,"moe_intermediate_size":1408,"n_shared_experts":1,"first_k_dense_replace":1},
  },
  {
    id: "THUDM/glm-4-9b-chat",
    source: "GitHub file embedding the glm-4-9b-chat config.json (React 'ModelConfig' component; find_string index id 38727392009; repo path not exposed) [full attention, 2 KV groups (multi_query_group_num) | ChatGLM naming: KV heads = multi_query_group_num, head_dim = kv_channels, context = seq_length]",
    confidence: "medium",
    config: {"model_type":"chatglm","architectures":["ChatGLMModel"],"num_hidden_layers":40,"hidden_size":4096,"num_attention_heads":32,"num_key_value_heads":2,"head_dim":128,"intermediate_size":13696,"vocab_size":151552,"max_position_embeddings":131072,"tie_word_embeddings":false,"torch_dtype":"bfloat16"},
  },
  {
    id: "nvidia/NVIDIA-Nemotron-Nano-9B-v2",
    source: "unnamed test fixture NEMOTRON_H (AgileRL formula tests, find_string index id 70988719928) + https://www.jetson-ai-lab.com/models/nemotron-nano-9b-v2/ ('56 layers total: 27 Mamba layers, 25 MLP layers, 4 attention layers', 'Context Length 128K', 'Parameters 9B') [hybrid_override_pattern: 27 'M' (Mamba2), 25 '-' (MLP), 4 '*' (attention) -> 4 KV-cache layers]",
    paramsB: 9,
    paramsSource: "jetson-ai-lab page 'Parameters 9B'",
    confidence: "medium",
    config: {"model_type":"nemotron_h","architectures":["NemotronHForCausalLM"],"num_hidden_layers":56,"hidden_size":4480,"num_attention_heads":40,"num_key_value_heads":8,"head_dim":128,"intermediate_size":15680,"vocab_size":131072,"hybrid_override_pattern":"M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-","mamba_num_heads":128,"mamba_head_dim":80,"ssm_state_size":128,"n_groups":8,"conv_kernel":4,"mamba_d_state":128,"mamba_n_groups":8,"mamba_d_conv":4},
  },
  {
    id: "Qwen/Qwen3-VL-30B-A3B-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-VL-30B-A3B-Instruct_config.json [full attention]",
    paramsB: 30,
    activeParamsB: 3,
    paramsSource: "the model's name (total parameters)",
    confidence: "high",
    config: {"model_type":"qwen3_vl_moe","architectures":["Qwen3VLMoeForConditionalGeneration"],"num_hidden_layers":48,"hidden_size":2048,"num_attention_heads":32,"num_key_value_heads":4,"head_dim":128,"intermediate_size":6144,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","num_experts":128,"num_experts_per_tok":8,"moe_intermediate_size":768,"decoder_sparse_step":1,"vision_config":{"depth":27,"hidden_size":1152}},
  },
  {
    id: "Qwen/Qwen3-VL-235B-A22B-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-VL-235B-A22B-Instruct_config.json [full attention]",
    paramsB: 235,
    activeParamsB: 22,
    paramsSource: "the model's name (total parameters)",
    confidence: "high",
    config: {"model_type":"qwen3_vl_moe","architectures":["Qwen3VLMoeForConditionalGeneration"],"num_hidden_layers":94,"hidden_size":4096,"num_attention_heads":64,"num_key_value_heads":4,"head_dim":128,"intermediate_size":12288,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","num_experts":128,"num_experts_per_tok":8,"moe_intermediate_size":1536,"decoder_sparse_step":1,"vision_config":{"depth":27,"hidden_size":1152}},
  },
  {
    id: "Qwen/Qwen3-VL-8B-Instruct",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/Qwen--Qwen3-VL-8B-Instruct_config.json [full attention]",
    confidence: "high",
    config: {"model_type":"qwen3_vl","architectures":["Qwen3VLForConditionalGeneration"],"num_hidden_layers":36,"hidden_size":4096,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":128,"intermediate_size":12288,"vocab_size":151936,"max_position_embeddings":262144,"tie_word_embeddings":false,"torch_dtype":"bfloat16","vision_config":{"depth":27,"hidden_size":1152}},
  },
  {
    id: "MiniMaxAI/MiniMax-M2.5",
    source: "https://github.com/ai-dynamo/aiconfigurator/blob/0b077da5e017cb8ceac1ad14e91eb6e26c40207a/aic-core/src/aiconfigurator_core/model_configs/MiniMaxAI--MiniMax-M2.5_config.json [full attention (rotary_dim 64)]",
    confidence: "high",
    config: {"model_type":"minimax_m2","architectures":["MiniMaxM2ForCausalLM"],"num_hidden_layers":62,"hidden_size":3072,"num_attention_heads":48,"num_key_value_heads":8,"head_dim":128,"intermediate_size":1536,"vocab_size":200064,"max_position_embeddings":196608,"tie_word_embeddings":false,"num_local_experts":256,"num_experts_per_tok":8,"quantization_config":{"quant_method":"fp8","fmt":"float8_e4m3fn","activation_scheme":"dynamic","weight_block_size":[128,128]}},
  },
];
