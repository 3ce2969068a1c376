// Group-by-group KV sizing as vLLM (V1 engine, v0.23.0 / v0.25.1) does it, on hand-checked cases for
// each attention kind. Each expected figure is worked out beside it from the rule it tests, with the
// vLLM source lines the rule comes from (paths at the tag; kv_cache_utils.py = vllm/v1/core/...).
import assert from "node:assert/strict";
import { findChip } from "../../components/catalog/accelerators";
import { ModelArchitecture, findModel, modelFromHfConfig } from "../../components/catalog/models";
import { attentionBytesPerToken, defaultBlockSize, kvCacheCapacity, stateBytesPerLayer } from "../../components/planner/kvcache";

const GIB = 2 ** 30;
const model = (id: string): ModelArchitecture => {
    const m = findModel(id);
    assert.ok(m, id);
    return m;
};

describe("KV cache, group by group (vLLM V1 rules)", () => {
    it("full attention: Llama-3.1-8B bf16, 40 GiB, L 131,072 -> 20,480 blocks, 327,680 tokens, 2.50x", () => {
        // page = 16 x 8 heads x (128 + 128) x 2 B = 65,536 (kv_cache_interface.py FullAttentionSpec L203-234);
        // one group of 32 layers: 42,949,672,960 // 65,536 // 32 = 20,480 blocks (kv_cache_utils.py get_num_blocks L952-969);
        // a request needs cdiv(131072, 16) = 8192 blocks -> 2.5x -> int(2.5 x 131072) = 327,680 (L1720-1749).
        const r = kvCacheCapacity({ model: model("meta-llama/Llama-3.1-8B-Instruct"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 40 * GIB });
        assert.equal(r.blockSize, 16);
        assert.equal(r.pageBytes, 65536);
        assert.equal(r.numBlocks, 20480);
        assert.equal(r.blocksPerRequest, 8192);
        assert.equal(r.maxConcurrency, 2.5);
        assert.equal(r.tokens, 327680);
    });

    it("fp8 KV halves the page: 40,960 blocks, 655,360 tokens (uint8 storage, utils/torch_utils.py STR_DTYPE_TO_TORCH_DTYPE)", () => {
        const r = kvCacheCapacity({ model: model("meta-llama/Llama-3.1-8B-Instruct"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 40 * GIB, kvCacheDtype: "fp8" });
        assert.equal(r.numBlocks, 40960);
        assert.equal(r.tokens, 655360);
    });

    it("tensor parallelism splits KV heads, and replicates one head per rank beyond kv_heads (config/model.py get_num_kv_heads L1284-1295)", () => {
        const m = model("meta-llama/Llama-3.1-8B-Instruct");
        assert.equal(attentionBytesPerToken(m, 2), 4 * 256 * 2);
        assert.equal(attentionBytesPerToken(m, 8), 1 * 256 * 2);
        assert.equal(attentionBytesPerToken(m, 16), 1 * 256 * 2, "max(1, 8 // 16) = 1 head, replicated");
    });

    it("sliding window: Gemma-3-27B (10 global, 52 local of 1024), 20 GiB, L 131,072, 8192 batched -> 16,384 blocks, 184,270 tokens, 1.41x", () => {
        // Groups: min 10, max 52 >= 1.5 x 10 -> group size 10: 1 full group + cdiv(52, 10) = 6 sliding groups (L1074-1193).
        // page 16 x 16 x 256 x 2 = 131,072 -> 21,474,836,480 // 131,072 // 10 = 16,384 blocks.
        // Per request: full cdiv(131072, 16) = 8192; sliding cdiv(min(1023 + 8192, 131072), 16) + 1 = 577 each (SlidingWindowSpec L488-508);
        // 8192 + 6 x 577 = 11,654 -> 16384 / 11654 = 1.4059x -> 184,270 tokens.
        const r = kvCacheCapacity({ model: model("google/gemma-3-27b-it"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB });
        assert.equal(r.groupSize, 10);
        assert.deepEqual(r.groups.map((g) => [g.kind, g.groups, g.blocksPerRequest]), [["full", 1, 8192], ["sliding", 6, 577]]);
        assert.equal(r.numBlocks, 16384);
        assert.equal(r.blocksPerRequest, 11654);
        assert.equal(r.tokens, 184270);
        assert.equal(Math.round(r.maxConcurrency * 100) / 100, 1.41);
    });

    it("sliding window with 2048 batched tokens: each window needs fewer blocks (193) -> 229,677 tokens, 1.75x", () => {
        const r = kvCacheCapacity({ model: model("google/gemma-3-27b-it"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 2048, availableBytes: 20 * GIB });
        assert.equal(r.blocksPerRequest, 8192 + 6 * 193);
        assert.equal(r.tokens, 229677);
    });

    it("without the hybrid KV-cache manager (LMCache) sliding layers are charged as full: one request needs 62 GiB, more than 20 (unify_hybrid_kv_cache_specs L1335-1428)", () => {
        const r = kvCacheCapacity({ model: model("google/gemma-3-27b-it"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB, hybridManager: false });
        assert.equal(r.groupSize, 62);
        assert.equal(r.numBlocks, 2642);
        assert.equal(r.fitsOneRequest, false);
    });

    it("MLA: DeepSeek-V3 on H100, bf16 KV -> FLASH_ATTN_MLA block 16: 38,199 blocks, 611,184 tokens; fp8 KV -> FLASHMLA block 64: 1,222,336", () => {
        // One latent of 512 + 64 = 576 elements per token and layer, no factor 2, not split by TP (MLAAttentionSpec L352-412).
        const m = model("deepseek-ai/DeepSeek-V3");
        const h100 = findChip("nvidia-h100-80gb");
        assert.equal(defaultBlockSize(m, h100), 16);
        assert.equal(defaultBlockSize(m, h100, "fp8"), 64);
        assert.equal(defaultBlockSize(m, findChip("nvidia-b200")), 32, "Blackwell: FLASHINFER_MLA, kernel sizes [32, 64]");
        const bf16 = kvCacheCapacity({ model: m, chip: h100, tensorParallel: 8, maxModelLen: 163840, maxNumBatchedTokens: 8192, availableBytes: 40 * GIB });
        assert.equal(bf16.pageBytes, 16 * 576 * 2);
        assert.equal(bf16.numBlocks, 38199);
        assert.equal(bf16.tokens, 611184);
        const fp8 = kvCacheCapacity({ model: m, chip: h100, tensorParallel: 8, maxModelLen: 163840, maxNumBatchedTokens: 8192, availableBytes: 40 * GIB, kvCacheDtype: "fp8" });
        assert.equal(fp8.blockSize, 64);
        assert.equal(fp8.numBlocks, 19099);
        assert.equal(fp8.tokens, 1222336);
    });

    it("hybrid gated delta net: Qwen3-Next-80B-A3B TP4 -> block 272, 1 attention + 3 state groups, 6,425 blocks, 1,741,753 tokens", () => {
        const m = modelFromHfConfig(
            {
                model_type: "qwen3_next", num_hidden_layers: 48, hidden_size: 2048, num_attention_heads: 16, num_key_value_heads: 2, head_dim: 256,
                vocab_size: 151936, max_position_embeddings: 262144, intermediate_size: 5120, full_attention_interval: 4,
                linear_num_key_heads: 16, linear_key_head_dim: 128, linear_num_value_heads: 32, linear_value_head_dim: 128, linear_conv_kernel_dim: 4,
                num_experts: 512, num_experts_per_tok: 10, moe_intermediate_size: 512, shared_expert_intermediate_size: 512,
            },
            "Qwen/Qwen3-Next-80B-A3B-Instruct",
        );
        assert.equal(m.attentionLayers, 12);
        assert.equal(m.stateLayers?.layers, 36);
        // Attention: max(1, 2 // 4) = 1 head x (256 + 256) x 2 B = 1,024 B per token.
        assert.equal(attentionBytesPerToken(m, 4), 1024);
        // GDN state per rank: conv (2 x 16 x 128 + 32 x 128) / 4 = 2048 x 3 x 2 B = 12,288; ssm 8 x 128 x 128 x 2 B = 262,144 (mamba_utils.py L213-234).
        assert.equal(stateBytesPerLayer(m.stateLayers!, 4), 274432);
        // Block: 16 x cdiv(274,432, 16 x 1,024) = 16 x 17 = 272 (platforms/interface.py _align_hybrid_block_size L663-666).
        const r = kvCacheCapacity({ model: m, tensorParallel: 4, maxModelLen: 262144, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB });
        assert.equal(r.blockSize, 272);
        assert.equal(r.groupSize, 12);
        assert.deepEqual(r.groups.map((g) => [g.kind, g.groups, g.blocksPerRequest]), [["full", 1, 964], ["state", 3, 1]]);
        assert.equal(r.numBlocks, 6425);
        assert.equal(r.tokens, 1741753);
        const short = kvCacheCapacity({ model: m, tensorParallel: 4, maxModelLen: 32768, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB });
        assert.equal(short.tokens, 1697858);
        // Prefix caching on a model without mamba prefix caching: "align" mode, two state blocks per request (MambaSpec L627-636).
        const align = kvCacheCapacity({ model: m, tensorParallel: 4, maxModelLen: 262144, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB, prefixCaching: true });
        assert.equal(align.blocksPerRequest, 964 + 3 * 2);
        // Before vLLM 0.11 the log printed num_blocks // len(kv_cache_groups) x block_size: 4 groups here (1 attention + 3 state),
        // so 6,425 blocks -> 1,606 x 272 = 436,832 tokens (kv_cache_utils.py _report_kv_cache_config in 0.10).
        const pool = kvCacheCapacity({ model: m, tensorParallel: 4, maxModelLen: 262144, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB, reportStyle: "pool" });
        assert.equal(pool.tokens, Math.floor(6425 / 4) * 272);
    });

    it("chunked local attention: Llama 4 Scout's 36 chunked layers need cdiv(min(8192 + mbt, L), 16) blocks each request (ChunkedLocalAttentionSpec L422-456)", () => {
        const m = modelFromHfConfig(
            {
                architectures: ["Llama4ForConditionalGeneration"], vision_config: { num_hidden_layers: 34, hidden_size: 1408, intermediate_size: 5632 },
                text_config: {
                    model_type: "llama4_text", num_hidden_layers: 48, hidden_size: 5120, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128,
                    vocab_size: 202048, max_position_embeddings: 10485760, intermediate_size: 8192, intermediate_size_mlp: 16384, attention_chunk_size: 8192,
                    num_local_experts: 16, num_experts_per_tok: 1, interleave_moe_layer_step: 1,
                },
            },
            "meta-llama/Llama-4-Scout-17B-16E-Instruct",
            { paramsB: 108.6 },
        );
        assert.deepEqual(m.chunkedLocal, { chunk: 8192, localLayers: 36 });
        const r = kvCacheCapacity({ model: m, tensorParallel: 4, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 20 * GIB });
        // 12 full layers, 36 chunked: group size 12, 3 chunked groups; per request 8192 + 3 x cdiv(16384, 16) = 8192 + 3072.
        assert.deepEqual(r.groups.map((g) => [g.kind, g.groups, g.blocksPerRequest]), [["full", 1, 8192], ["chunked", 3, 1024]]);
        assert.equal(r.blocksPerRequest, 11264);
    });

    it("Mamba2 state (Nemotron-H): n_groups padded to TP, the SSM state kept in float32", () => {
        const m = modelFromHfConfig(
            {
                model_type: "nemotron_h", num_hidden_layers: 56, hidden_size: 4480, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128,
                vocab_size: 131072, intermediate_size: 15680, hybrid_override_pattern: "M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-",
                mamba_num_heads: 128, mamba_head_dim: 80, ssm_state_size: 128, n_groups: 8, conv_kernel: 4,
            },
            "nvidia/NVIDIA-Nemotron-Nano-9B-v2",
            { paramsB: 8.89 },
        );
        assert.equal(m.attentionLayers, 4);
        assert.equal(m.stateLayers?.layers, 27);
        // TP1: conv (10240 + 2 x 8 x 128) x 3 x 2 B = 73,728; ssm 128 x 80 x 128 x 4 B = 5,242,880.
        assert.equal(stateBytesPerLayer(m.stateLayers!, 1), 73728 + 5242880);
        // TP 16 > 8 groups: padded to 16 groups.
        assert.equal(stateBytesPerLayer(m.stateLayers!, 16), ((10240 + 2 * 16 * 128) / 16) * 3 * 2 + (128 / 16) * 80 * 128 * 4);
    });

    it("the start-up check: a request of max_model_len must fit, or vLLM refuses to start (_check_enough_kv_cache_memory L713-750)", () => {
        const r = kvCacheCapacity({ model: model("meta-llama/Llama-3.1-8B-Instruct"), tensorParallel: 1, maxModelLen: 131072, maxNumBatchedTokens: 8192, availableBytes: 8 * GIB });
        assert.equal(r.numBlocks, 4096);
        assert.equal(r.fitsOneRequest, false);
    });
});
