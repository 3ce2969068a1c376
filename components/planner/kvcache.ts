// The KV cache vLLM (V1 engine) builds from the memory it has left, group by group, and the two
// figures it prints at start-up: "GPU KV cache size: N tokens" and "Maximum concurrency for L
// tokens per request: Xx". Rules and line numbers are vLLM v0.23.0 (v0.25.1 identical unless
// noted); the notes behind them are in the README's planner section.
//
//  - Each attention layer has a spec: full attention (page = block x kv heads per rank x
//    (head_size + head_size_v) x dtype bytes), sliding window (same page; a request needs only
//    cdiv(min(window - 1 + max_num_batched_tokens, L), block) + 1 blocks), chunked local (Llama 4;
//    cdiv(min(chunk + max_num_batched_tokens, L), block) blocks), MLA (one latent of kv_lora_rank +
//    qk_rope_head_dim per token, not split by tensor parallelism). vllm/v1/kv_cache_interface.py
//    AttentionSpec L159-200, FullAttentionSpec L203-314, SlidingWindowSpec L459-528,
//    ChunkedLocalAttentionSpec L422-456, MLAAttentionSpec L352-412.
//  - State layers of hybrid models (Mamba, gated delta net) hold one state per request: a page of
//    the state's bytes (conv + ssm, split by tensor parallelism; mamba_utils.py L130-234), one block
//    per request without prefix caching, two in "align" mode (MambaSpec L607-645). The attention
//    block size is raised until one attention page holds a state, and the state page is padded to
//    match (platforms/interface.py _align_hybrid_block_size L530-698).
//  - Layers are bucketed by spec; with several buckets the group size is the smallest bucket
//    (the largest when it is under 1.5x the smallest) and each bucket becomes cdiv(n, group size)
//    groups (v1/core/kv_cache_utils.py _get_kv_cache_groups_uniform_page_size L1074-1193). Every
//    group draws from one pool: num_blocks = available // page // group size (get_num_blocks
//    L952-969), the minimum over ranks.
//  - Reported: max concurrency = num_blocks / sum over groups of the blocks one request needs;
//    tokens = int(max concurrency x max_model_len) (_report_kv_cache_config L1720-1749).
//  - KV heads per rank: max(1, kv_heads // tp); with more ranks than heads each head is replicated
//    (config/model.py get_num_kv_heads L1284-1295).
//  - Without the hybrid KV-cache manager (a KV connector that does not support it, e.g. LMCache),
//    sliding-window and chunked layers are charged as full attention (unify_hybrid_kv_cache_specs
//    L1335-1428).
import type { ChipSpec } from "../catalog/accelerators";
import type { ModelArchitecture, StateLayers } from "../catalog/models";

/** KV-cache dtypes `--kv-cache-dtype` takes that change the page: auto (the model dtype), fp8 (1 byte), and the per-token-head scaled modes. */
export type KvCacheDtypeName = "auto" | "fp8" | "fp8_e4m3" | "fp8_e5m2" | "fp8_per_token_head" | "int8_per_token_head" | "bfloat16" | "float16";

export const KV_CACHE_DTYPES: readonly KvCacheDtypeName[] = ["auto", "fp8", "fp8_e4m3", "fp8_e5m2", "fp8_per_token_head", "int8_per_token_head", "bfloat16", "float16"];

/** vLLM's default block size (config/cache.py DEFAULT_BLOCK_SIZE, L46). */
export const DEFAULT_BLOCK_SIZE = 16;

export type GroupKind = "full" | "sliding" | "chunked" | "mla" | "state";

export interface KvGroupReport {
    kind: GroupKind;
    /** Layers of this kind (before grouping). */
    layers: number;
    /** Groups this kind forms. */
    groups: number;
    /** Blocks one request of max_model_len tokens needs in each group. */
    blocksPerRequest: number;
}

export interface KvCacheInput {
    model: ModelArchitecture;
    chip?: ChipSpec;
    tensorParallel: number;
    maxModelLen: number;
    maxNumBatchedTokens: number;
    /** Bytes one rank has for the KV cache ("Available KV cache memory"). */
    availableBytes: number;
    /** `--kv-cache-dtype`; the checkpoint's own FP8 KV scheme applies under auto. */
    kvCacheDtype?: KvCacheDtypeName;
    /** `--block-size`; defaults to the attention backend's (16, or 64/32/128 for MLA backends). */
    blockSize?: number;
    /** `--enable-prefix-caching`: hybrid models then keep two state blocks per request ("align"). Off by default for hybrids. */
    prefixCaching?: boolean;
    /** The hybrid KV-cache manager; off when the KV connector does not support it (LMCache). Defaults to true. */
    hybridManager?: boolean;
    /** Decode context parallelism: full and MLA layers charge cdiv(L, dcp) per request. Defaults to 1. */
    decodeContextParallel?: number;
    /** Bytes per element of the model's runtime dtype (--dtype): the KV cache's under auto. Defaults to 2. */
    dtypeBytes?: number;
    /** How the release reports tokens: concurrency x max_model_len (default), or vLLM 0.10's pool tokens per group. */
    reportStyle?: "pool" | "concurrency";
}

export interface KvCacheResult {
    blockSize: number;
    /** Bytes of one block of one layer (all groups share it). */
    pageBytes: number;
    /** Layers per group (the size of the shared tensors). */
    groupSize: number;
    numBlocks: number;
    groups: KvGroupReport[];
    blocksPerRequest: number;
    /** "Maximum concurrency for L tokens per request". */
    maxConcurrency: number;
    /** "GPU KV cache size: N tokens" (= int(maxConcurrency x L)). */
    tokens: number;
    /** One request of max_model_len fits (vLLM refuses to start otherwise). */
    fitsOneRequest: boolean;
    /** KV bytes one token costs on one rank, summed over attention layers (state layers excluded). */
    bytesPerTokenPerRank: number;
    kvDtypeBytes: number;
}

function cdiv(a: number, b: number): number {
    return Math.ceil(a / b);
}

/** Bytes per KV element and extra bytes per token and head (fp32 scales of the per-token-head modes). */
export function kvElement(model: ModelArchitecture, name: KvCacheDtypeName = "auto", dtypeBytes = 2): { bytes: number; scaleBytesPerHead: number } {
    if (name === "auto") {
        if (model.kvCacheDtype === "fp8") return { bytes: 1, scaleBytesPerHead: 0 };
        // The model's runtime dtype (utils/torch_utils.py: "auto" is the model dtype): 4 B under --dtype float32.
        return { bytes: dtypeBytes, scaleBytesPerHead: 0 };
    }
    if (name === "bfloat16" || name === "float16") return { bytes: 2, scaleBytesPerHead: 0 };
    // fp8 modes store uint8; *_per_token_head add a float32 scale for K and V per token and head (AttentionSpec L173-176).
    return { bytes: 1, scaleBytesPerHead: name.endsWith("_per_token_head") ? 2 * 4 : 0 };
}

/** KV heads one rank stores: max(1, kv_heads // tp). */
export function kvHeadsPerRank(model: ModelArchitecture, tensorParallel: number): number {
    return Math.max(1, Math.floor(model.kvHeads / tensorParallel));
}

/** Bytes of one token of one attention layer on one rank. */
export function attentionBytesPerToken(model: ModelArchitecture, tensorParallel: number, kvCacheDtype: KvCacheDtypeName = "auto", dtypeBytes = 2): number {
    const e = kvElement(model, kvCacheDtype, dtypeBytes);
    if (model.attention === "mla" && model.mla) return (model.mla.kvLoraRank + model.mla.qkRopeHeadDim) * e.bytes;
    const h = kvHeadsPerRank(model, tensorParallel);
    return h * (model.headDim + (model.headDimV ?? model.headDim)) * e.bytes + h * e.scaleBytesPerHead;
}

/** Bytes of one sequence's state in one state layer on one rank (conv state + ssm / recurrent state), per mamba_utils.py. */
export function stateBytesPerLayer(st: StateLayers, tensorParallel: number, modelBytes = 2): number {
    const tp = tensorParallel;
    switch (st.kind) {
        case "mamba2": {
            // n_groups is padded up to tp when it does not divide (extra_groups_for_head_shards).
            const groups = st.groups % tp === 0 ? st.groups : st.groups + (tp - st.groups);
            const conv = ((st.intermediate + 2 * groups * st.stateSize) / tp) * (st.convKernel - 1) * modelBytes;
            const ssm = (st.heads / tp) * st.headDim * st.stateSize * (st.ssmFp32 ? 4 : modelBytes);
            return conv + ssm;
        }
        case "mamba1":
            return (st.intermediate / tp) * (st.convKernel - 1) * modelBytes + (st.intermediate / tp) * st.stateSize * modelBytes;
        case "gdn": {
            const conv = ((st.kHeads * st.kDim * 2 + st.vHeads * st.vDim) / tp) * (st.convKernel - 1) * modelBytes;
            const ssm = (st.vHeads / tp) * st.vDim * st.kDim * modelBytes;
            return conv + ssm;
        }
        case "linear":
            return (st.heads / tp) * st.headDim * st.headDim * modelBytes;
    }
}

/** The attention backend's block size when none is given (platforms/interface.py update_block_size_for_backend; the MLA backends' kernel sizes). */
export function defaultBlockSize(model: ModelArchitecture, chip: ChipSpec | undefined, kvCacheDtype: KvCacheDtypeName = "auto"): number {
    if (model.attention !== "mla" || !chip || chip.vendor !== "nvidia") return DEFAULT_BLOCK_SIZE;
    const id = chip.id;
    const fp8 = kvCacheDtype !== "auto" || model.kvCacheDtype === "fp8";
    // Blackwell (SM100): FLASHINFER_MLA first, kernel block sizes [32, 64] -> 32.
    if (/b200|b300|gb200|gb300/.test(id)) return 32;
    // Hopper (SM90): FLASH_ATTN_MLA (bf16 KV only, multiple of 16) -> 16; with an fp8 KV cache FLASHMLA -> 64.
    if (/h100|h200|h20\b|h800/.test(id)) return fp8 ? 64 : 16;
    return DEFAULT_BLOCK_SIZE;
}

interface Bucket {
    kind: GroupKind;
    layers: number;
    blocksPerRequest: number;
}

/** vLLM's KV cache for one rank's available memory: block size, groups, blocks, and the two figures it logs. */
export function kvCacheCapacity(input: KvCacheInput): KvCacheResult {
    const { model, tensorParallel: tp, maxModelLen: L, maxNumBatchedTokens: mbt } = input;
    const kvName = input.kvCacheDtype ?? "auto";
    const hma = input.hybridManager ?? true;
    const dcp = Math.max(1, input.decodeContextParallel ?? 1);
    const dtypeBytes = input.dtypeBytes ?? 2;
    const tokenBytes = attentionBytesPerToken(model, tp, kvName, dtypeBytes);
    const state = model.stateLayers;
    const attnLayers = model.attentionLayers ?? model.layers - (state?.layers ?? 0);

    // Block size: the backend's, raised for hybrids until one attention page holds one state (mamba_cache_mode none/align).
    let blockSize = input.blockSize ?? defaultBlockSize(model, input.chip, kvName);
    let stateBytes = 0;
    if (state && state.layers > 0) {
        stateBytes = stateBytesPerLayer(state, tp, dtypeBytes);
        const align = Math.max(DEFAULT_BLOCK_SIZE, blockSize);
        blockSize = Math.max(blockSize, align * cdiv(stateBytes, align * tokenBytes));
    }
    const page = blockSize * tokenBytes;

    const sliding = hma ? (model.slidingWindow?.slidingLayers ?? 0) : 0;
    const chunked = hma ? (model.chunkedLocal?.localLayers ?? 0) : 0;
    const full = Math.max(0, attnLayers - sliding - chunked);
    const fullKind: GroupKind = model.attention === "mla" ? "mla" : "full";
    const buckets: Bucket[] = [];
    if (full > 0) buckets.push({ kind: fullKind, layers: full, blocksPerRequest: cdiv(cdiv(L, dcp), blockSize) });
    if (sliding > 0) {
        const w = model.slidingWindow!.window;
        buckets.push({ kind: "sliding", layers: sliding, blocksPerRequest: cdiv(Math.min(w - 1 + mbt, L), blockSize) + 1 });
    }
    if (chunked > 0) {
        const c = model.chunkedLocal!.chunk;
        buckets.push({ kind: "chunked", layers: chunked, blocksPerRequest: cdiv(Math.min(c + mbt, L), blockSize) });
    }
    if (state && state.layers > 0) buckets.push({ kind: "state", layers: state.layers, blocksPerRequest: input.prefixCaching ? 2 : 1 });

    let groupSize: number;
    let groups: KvGroupReport[];
    if (buckets.length === 1) {
        // One spec: one group of every layer.
        groupSize = buckets[0].layers;
        groups = [{ kind: buckets[0].kind, layers: buckets[0].layers, groups: 1, blocksPerRequest: buckets[0].blocksPerRequest }];
    } else {
        const counts = buckets.map((b) => b.layers);
        const min = Math.min(...counts);
        const max = Math.max(...counts);
        groupSize = max < 1.5 * min ? max : min;
        groups = buckets.map((b) => ({ kind: b.kind, layers: b.layers, groups: cdiv(b.layers, groupSize), blocksPerRequest: b.blocksPerRequest }));
    }
    const numBlocks = page > 0 && groupSize > 0 ? Math.max(0, Math.floor(Math.floor(input.availableBytes / page) / groupSize)) : 0;
    const blocksPerRequest = groups.reduce((n, g) => n + g.groups * g.blocksPerRequest, 0);
    const maxConcurrency = blocksPerRequest > 0 ? numBlocks / blocksPerRequest : 0;
    return {
        blockSize,
        pageBytes: page,
        groupSize,
        numBlocks,
        groups,
        blocksPerRequest,
        maxConcurrency,
        // Before vLLM 0.11 the log printed the pool: num_blocks // len(kv_cache_groups) * block_size (every group, not every kind).
        tokens: input.reportStyle === "pool" ? Math.floor(numBlocks / groups.reduce((n, g) => n + g.groups, 0)) * blockSize : Math.floor(maxConcurrency * L),
        fitsOneRequest: numBlocks >= blocksPerRequest && numBlocks > 0,
        bytesPerTokenPerRank: tokenBytes * attnLayers,
        kvDtypeBytes: kvElement(model, kvName, dtypeBytes).bytes,
    };
}
