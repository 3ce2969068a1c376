// sizeModelServer: the planner for one vLLM model server (one replica = one engine of TP x DP chips).
import type { ChipSpec, MachineTypeSpec } from "../catalog/accelerators";
import type { ModelArchitecture } from "../catalog/models";
import { chipHourPrice, costPerMillionTokens, referenceMachine } from "./cost";
import { kvBytesPerSequence, kvBytesPerToken, kvRankFraction } from "./kv";
import { KvCacheDtypeName, KvCacheResult, kvCacheCapacity } from "./kvcache";
import { ModelRunner, cudaGraphGiB, encoderProfileGiB, kvReportStyle, rankOverhead, runnerOf, vllmServeDefaults } from "./memory";
import { decodeThroughput } from "./throughput";
import { GIB, Quantization, WeightBreakdown, activeWeightBytesPerStep, modelWeights, weightsPerChipBytes } from "./weights";

export interface SizingInput {
  model: ModelArchitecture;
  chip: ChipSpec;
  /** Prices the chips and bounds TP by chips per node. Defaults to the cheapest-per-chip machine type carrying the chip. */
  machineType?: MachineTypeSpec;
  /** Defaults to the smallest fitting TP in {1,2,4,8}. */
  tensorParallel?: number;
  /** Data-parallel ranks inside one engine (wide-EP). Defaults to 1. */
  dataParallel?: number;
  /** Split routed experts over TP x DP ranks (vLLM --enable-expert-parallel). Defaults to false. */
  expertParallel?: boolean;
  /** Defaults to 0.9 (vLLM's default). */
  gpuMemoryUtilization?: number;
  /** Defaults to min(model.maxContext, 32768). */
  maxModelLen?: number;
  kvCacheDtype?: KvCacheDtypeName;
  quantization?: Quantization;
  /** vLLM `--dtype` (auto, bfloat16, float16, float32). Defaults to auto. */
  dtype?: string;
  /** The vLLM release the model server runs (e.g. "v0.26.0"): which model runner and profiler rules apply. Defaults to the newest rules. */
  vllmVersion?: string;
  /** `--enforce-eager`: no CUDA graphs, so none are charged. */
  enforceEager?: boolean;
  /** `--block-size`. Defaults to the attention backend's. */
  blockSize?: number;
  /** Chunked prefill (on by default); off without max-num-batched-tokens, the profile runs a whole max_model_len prompt. */
  chunkedPrefill?: boolean;
  /** `--enable-prefix-caching` (hybrid models keep two state blocks per request). */
  prefixCaching?: boolean;
  /** The hybrid KV-cache manager; off with a KV connector that does not support it (LMCache). Defaults to true. */
  hybridManager?: boolean;
  /** Defaults to vLLM serve's default for the chip (8192 on >= 70 GiB non-A100 GPUs, else 2048). */
  maxNumBatchedTokens?: number;
  /** Defaults to vLLM serve's default for the chip (1024 or 256). */
  maxNumSeqs?: number;
  /** Replicas priced in costPerHour. Defaults to 1. */
  replicas?: number;
  /** Sequences in flight for the decode estimate. Defaults to 32 (capped by KV capacity). */
  decodeBatch?: number;
  /** Context length of each sequence in the decode estimate. Defaults to min(maxModelLen, 2048). */
  decodeContextLen?: number;
}

export interface SizingResult {
  model: string;
  accelerator: string;
  machineType?: string;
  tensorParallel: number;
  dataParallel: number;
  expertParallel: boolean;
  chipsPerReplica: number;
  /** Weights of one replica's copy of the model, GiB (dense part counted once per DP rank). */
  weightsGiB: number;
  weightsPerChipGiB: number;
  weightsDtype: string;
  /** KV cache of one replica (all ranks), GiB. */
  kvCacheGiB: number;
  kvCacheTokens: number;
  /** Model-level KV bytes per token, all layers at full context. */
  kvBytesPerToken: number;
  /** KV bytes per token at maxModelLen once sliding-window layers are capped at their window. */
  kvBytesPerTokenEffective: number;
  /** Memory one rank has for the KV cache, as vLLM logs it ("Available KV cache memory"), GiB. */
  availableKvGiBPerRank: number;
  /** vLLM's KV-cache layout on one rank: block size, groups by attention kind, blocks. */
  kvLayout?: { blockSize: number; groupSize: number; numBlocks: number; blocksPerRequest: number; groups: KvCacheResult["groups"] };
  /** The model runner vLLM uses for it, and the CUDA-graph memory charged (V1 only). */
  runner: ModelRunner;
  cudaGraphGiB: number;
  maxModelLen: number;
  maxConcurrency: number;
  gpuMemoryUtilization: number;
  overheadPerChipGiB: number;
  fits: boolean;
  reason?: string;
  smallestFit?: { tensorParallel: number; chipsPerReplica: number };
  decodeBatch: number;
  decodeTokensPerSecond: number;
  costPerHour: number;
  costPerMillionOutputTokens: number;
  assumptions: string[];
}

export const TP_CANDIDATES = [1, 2, 4, 8] as const;
export const DEFAULT_MAX_MODEL_LEN_CAP = 32768;
export const DEFAULT_DECODE_BATCH = 32;
export const VLLM_BLOCK_SIZE = 16;

interface RankFit {
  tp: number;
  weightsPerChipGiB: number;
  overheadGiB: number;
  kvPerRankGiB: number;
  maxConcurrency: number;
  kv?: KvCacheResult;
  runner: ModelRunner;
  cudaGraphGiB: number;
  reason?: string;
}

function gib(bytes: number): number {
  return bytes / GIB;
}

function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** max_num_batched_tokens and max_num_seqs of the engine (vLLM's defaults, chunked prefill off, the max_num_seqs x max_model_len clamp). */
export function batchLimits(input: SizingInput, maxModelLen: number): { maxNumBatchedTokens: number; maxNumSeqs: number } {
  const d = vllmServeDefaults(input.chip);
  const seqs = input.maxNumSeqs ?? d.maxNumSeqs;
  let mbt = input.maxNumBatchedTokens;
  if (mbt === undefined) {
    // arg_utils.py: without chunked prefill the whole prompt is one batch (L2524-2528); the default is clamped (L2550-2553).
    mbt = input.chunkedPrefill === false ? Math.max(maxModelLen, d.maxNumBatchedTokens) : d.maxNumBatchedTokens;
    mbt = Math.min(seqs * maxModelLen, mbt);
  }
  return { maxNumBatchedTokens: mbt, maxNumSeqs: seqs };
}

/** One rank's memory account for a TP/DP/EP layout; `reason` set when it does not fit. */
function fitRank(input: SizingInput, w: WeightBreakdown, tp: number, dp: number, ep: boolean, util: number, maxModelLen: number): RankFit {
  const { model, chip } = input;
  const { maxNumBatchedTokens: mbt, maxNumSeqs: seqs } = batchLimits(input, maxModelLen);
  const weightsPerChipGiB = gib(weightsPerChipBytes(w, tp, dp, ep));
  const runner = runnerOf(model, input.vllmVersion);
  const graphs = cudaGraphGiB(model, runner, input.vllmVersion, input.enforceEager ?? false, tp);
  const dtypeBytes = input.dtype === "float32" ? 4 : 2;
  const overhead = rankOverhead(model, tp, tp * dp, mbt, seqs, chip, input.vllmVersion, dtypeBytes).totalGiB + encoderProfileGiB(model, runner, mbt) + graphs;
  // request_memory: ceil(total x utilization) bytes (v1/worker/utils.py L405-425).
  const requested = Math.ceil(chip.usableMemoryGiB * GIB * util);
  const availableBytes = requested - weightsPerChipGiB * GIB - overhead * GIB;
  const kvPerRankGiB = availableBytes / GIB;
  const kv = availableBytes > 0
    ? kvCacheCapacity({
        model, chip, tensorParallel: tp, maxModelLen, maxNumBatchedTokens: mbt, availableBytes,
        kvCacheDtype: input.kvCacheDtype, blockSize: input.blockSize, prefixCaching: input.prefixCaching, hybridManager: input.hybridManager,
        dtypeBytes, reportStyle: kvReportStyle(input.vllmVersion),
      })
    : undefined;
  const maxConcurrency = kv ? kv.maxConcurrency : 0;
  const budget = chip.usableMemoryGiB * util;
  let reason: string | undefined;
  if (model.attentionHeads % tp !== 0) {
    reason = `tensorParallel ${tp} does not divide the model's ${model.attentionHeads} attention heads (vLLM requires it)`;
  } else if (weightsPerChipGiB >= budget) {
    reason = `weights need ${r2(weightsPerChipGiB)} GiB per chip at TP=${tp}, more than the ${r2(budget)} GiB budget ` +
      `(${chip.usableMemoryGiB} GiB x gpu-memory-utilization ${util})`;
  } else if (!kv) {
    reason = `weights ${r2(weightsPerChipGiB)} GiB + activations/overhead ${r2(overhead)} GiB per chip leave no KV cache in the ` +
      `${r2(budget)} GiB budget at TP=${tp}`;
  } else if (!kv.fitsOneRequest) {
    reason = `KV cache of ${r2(kvPerRankGiB)} GiB per chip holds ${kv.tokens} tokens at TP=${tp}, ` +
      `less than one ${maxModelLen}-token sequence; lower --max-model-len or raise TP`;
  }
  return { tp, weightsPerChipGiB, overheadGiB: overhead, kvPerRankGiB, maxConcurrency, ...(kv ? { kv } : {}), runner, cudaGraphGiB: graphs, ...(reason ? { reason } : {}) };
}

/** Largest TP the layout may use: chips per node of the machine type, else 8. */
function maxTp(input: SizingInput): number {
  return input.machineType ? input.machineType.chipsPerNode : 8;
}

/** Smallest TP in {1,2,4,8} (<= chips per node) whose rank fits the weights and one full-context sequence. */
export function smallestFittingTp(input: SizingInput): { tensorParallel: number; chipsPerReplica: number } | undefined {
  const util = input.gpuMemoryUtilization ?? 0.9;
  const maxModelLen = resolveMaxModelLen(input);
  const w = modelWeights(input.model, input.quantization, input.dtype);
  const dp = input.dataParallel ?? 1;
  for (const tp of TP_CANDIDATES) {
    if (tp > maxTp(input)) break;
    const fit = fitRank(input, w, tp, dp, input.expertParallel ?? false, util, maxModelLen);
    if (!fit.reason) return { tensorParallel: tp, chipsPerReplica: tp * dp };
  }
  return undefined;
}

/**
 * DP x EP layout for an MoE model (TP=1 per rank, experts split over all ranks, attention replicated):
 * the smallest power-of-two rank count, up to `maxRanks`, whose ranks fit dense + experts/EP + one sequence.
 */
export function suggestMoeLayout(input: SizingInput, maxRanks = 64): { dataParallel: number; expertParallelSize: number; nodes?: number } | undefined {
  if (!input.model.moe) return undefined;
  const util = input.gpuMemoryUtilization ?? 0.9;
  const maxModelLen = resolveMaxModelLen(input);
  const w = modelWeights(input.model, input.quantization, input.dtype);
  for (let dp = 1; dp <= maxRanks; dp *= 2) {
    const fit = fitRank(input, w, 1, dp, true, util, maxModelLen);
    if (!fit.reason) {
      const per = input.machineType?.chipsPerNode;
      return { dataParallel: dp, expertParallelSize: dp, ...(per ? { nodes: Math.ceil(dp / per) } : {}) };
    }
  }
  return undefined;
}

function resolveMaxModelLen(input: SizingInput): number {
  return input.maxModelLen ?? Math.min(input.model.maxContext, DEFAULT_MAX_MODEL_LEN_CAP);
}

export function sizeModelServer(input: SizingInput): SizingResult {
  const { model, chip } = input;
  const util = input.gpuMemoryUtilization ?? 0.9;
  const maxModelLen = resolveMaxModelLen(input);
  const dp = input.dataParallel ?? 1;
  const ep = input.expertParallel ?? false;
  const replicas = input.replicas ?? 1;
  const kvDtype = input.kvCacheDtype ?? "auto";
  const w = modelWeights(model, input.quantization, input.dtype);
  const limits = batchLimits(input, maxModelLen);
  const assumptions: string[] = [
    `max model len ${maxModelLen}${input.maxModelLen === undefined ? ` (default: model context ${model.maxContext} capped at ${DEFAULT_MAX_MODEL_LEN_CAP})` : ""}`,
    `weights ${w.label}${w.measured ? " (measured size: the catalog's or the checkpoint's)" : " (parameters x bytes per parameter; embeddings 16-bit)"}`,
    `KV cache dtype ${kvDtype}${kvDtype === "auto" && model.kvCacheDtype === "fp8" ? " (the checkpoint's fp8 KV scheme)" : ""}`,
    `vLLM ${input.vllmVersion ?? "(newest rules)"} profile: max-num-batched-tokens ${limits.maxNumBatchedTokens}, max-num-seqs ${limits.maxNumSeqs}${input.enforceEager ? ", enforce-eager" : ""}`,
  ];

  const kvLegacy = kvDtype === "auto" ? (model.kvCacheDtype === "fp8" ? "fp8" : "auto") : kvDtype === "bfloat16" || kvDtype === "float16" ? "auto" : "fp8";
  if (chip.vendor === "cpu" || chip.vendor === "simulated") {
    return {
      model: model.id, accelerator: chip.id, tensorParallel: 1, dataParallel: 1, expertParallel: false, chipsPerReplica: 1,
      weightsGiB: r2(gib(w.totalBytes)), weightsPerChipGiB: r2(gib(w.totalBytes)), weightsDtype: w.label, kvCacheGiB: 0, kvCacheTokens: 0,
      kvBytesPerToken: kvBytesPerToken(model, kvLegacy), kvBytesPerTokenEffective: kvBytesPerToken(model, kvLegacy), maxModelLen,
      availableKvGiBPerRank: 0, runner: "v1", cudaGraphGiB: 0,
      maxConcurrency: 0, gpuMemoryUtilization: util, overheadPerChipGiB: 0, fits: true, reason: `sizing skipped for ${chip.vendor} accelerators`,
      decodeBatch: 0, decodeTokensPerSecond: 0, costPerHour: 0, costPerMillionOutputTokens: 0, assumptions,
    };
  }

  const smallestFit = smallestFittingTp(input);
  let tp = input.tensorParallel ?? smallestFit?.tensorParallel ?? Math.min(8, maxTp(input));
  if (!Number.isInteger(tp) || tp < 1) tp = 1;
  const fit = fitRank(input, w, tp, dp, ep, util, maxModelLen);
  let reason = fit.reason;
  if (!reason && tp > maxTp(input)) {
    reason = `tensorParallel ${tp} exceeds the ${maxTp(input)} chips per node of ${input.machineType?.id}; multi-node TP is not sized here`;
  }
  if (reason && input.tensorParallel === undefined && !smallestFit) {
    const moe = suggestMoeLayout(input);
    reason = `no tensorParallel in {${TP_CANDIDATES.filter((t) => t <= maxTp(input)).join(",")}} fits on ${chip.id}: ${reason}` +
      (moe ? `; an expert-parallel layout of DP=${moe.dataParallel} x EP=${moe.expertParallelSize} ranks fits` : "");
  }
  const fits = reason === undefined;
  const chipsPerReplica = tp * dp;
  const seqBytesFull = kvBytesPerSequence(model, maxModelLen, kvLegacy);
  const effectivePerToken = seqBytesFull / maxModelLen;
  const concurrencyPerDpRank = Math.max(0, fit.maxConcurrency);
  // vLLM's own figures per engine (DP rank): tokens = int(concurrency x max_model_len).
  const kvCacheTokens = fits && fit.kv ? fit.kv.tokens * dp : 0;
  const kvCacheGiB = fits ? fit.kvPerRankGiB * tp * dp : 0;
  const maxConcurrency = fits ? concurrencyPerDpRank * dp : 0;

  // Decode estimate.
  const decodeCtx = input.decodeContextLen ?? Math.min(maxModelLen, 2048);
  const seqBytesDecode = kvBytesPerSequence(model, decodeCtx, kvLegacy) * kvRankFraction(model, tp);
  const capacity = fits ? Math.floor((fit.kvPerRankGiB * GIB) / seqBytesDecode) : 0;
  const batch = Math.max(0, Math.min(input.decodeBatch ?? DEFAULT_DECODE_BATCH, capacity));
  const epSize = ep ? tp * dp : tp;
  const rankWeights: WeightBreakdown = { ...w, denseBytes: w.denseBytes / tp, expertBytes: w.expertBytes / epSize, totalBytes: 0 };
  rankWeights.totalBytes = rankWeights.denseBytes + rankWeights.expertBytes;
  const weightBytesRead = activeWeightBytesPerStep(model, rankWeights, batch * (ep ? dp : 1));
  const decode = decodeThroughput(chip, weightBytesRead, seqBytesDecode, Math.max(1, batch));
  const decodeTokensPerSecond = fits && batch > 0 ? decode.tokensPerSecond * dp : 0;
  assumptions.push(...decode.assumptions, `decode batch ${batch} sequences per DP rank at ${decodeCtx} tokens of context`);
  if (model.moe) assumptions.push("MoE: experts touched per step assume uniform routing, E x (1 - (1 - k/E)^batch)");

  // Cost.
  const machine = input.machineType ?? referenceMachine(chip, chipsPerReplica);
  let costPerHour = 0;
  if (machine) {
    costPerHour = chipHourPrice(machine) * chipsPerReplica * replicas;
    assumptions.push(`price ${machine.id} $${machine.pricePerHourUSD}/h (${machine.priceConfidence}, ${machine.priceRegion}, ${machine.priceDate}) = ` +
      `$${r2(chipHourPrice(machine))} per chip-hour`);
  } else {
    assumptions.push(`no machine type with ${chip.id} in the catalog: cost not priced`);
  }
  const perReplicaCost = costPerHour / replicas;
  const costPerMillion = decodeTokensPerSecond > 0 ? costPerMillionTokens(perReplicaCost, decodeTokensPerSecond) : 0;

  const weightsReplicaBytes = ep ? w.denseBytes * dp + w.expertBytes : w.totalBytes * dp;
  return {
    model: model.id, accelerator: chip.id, ...(machine ? { machineType: machine.id } : {}),
    tensorParallel: tp, dataParallel: dp, expertParallel: ep, chipsPerReplica,
    weightsGiB: r2(gib(weightsReplicaBytes)), weightsPerChipGiB: r2(fit.weightsPerChipGiB), weightsDtype: w.label,
    kvCacheGiB: r2(kvCacheGiB), kvCacheTokens, kvBytesPerToken: kvBytesPerToken(model, kvLegacy),
    kvBytesPerTokenEffective: Math.round(effectivePerToken), maxModelLen, maxConcurrency: r2(maxConcurrency),
    availableKvGiBPerRank: r2(fit.kvPerRankGiB),
    ...(fit.kv ? { kvLayout: { blockSize: fit.kv.blockSize, groupSize: fit.kv.groupSize, numBlocks: fit.kv.numBlocks, blocksPerRequest: fit.kv.blocksPerRequest, groups: fit.kv.groups } } : {}),
    runner: fit.runner, cudaGraphGiB: r2(fit.cudaGraphGiB),
    gpuMemoryUtilization: util, overheadPerChipGiB: r2(fit.overheadGiB), fits, ...(reason ? { reason } : {}),
    ...(smallestFit ? { smallestFit } : {}),
    decodeBatch: batch, decodeTokensPerSecond: Math.round(decodeTokensPerSecond),
    costPerHour: Math.round(costPerHour * 1000) / 1000,
    costPerMillionOutputTokens: Math.round(costPerMillion * 1000) / 1000, assumptions,
  };
}
