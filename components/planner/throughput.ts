// Decode throughput: a memory-bandwidth-bound estimate.
import type { ChipSpec } from "../catalog/accelerators";

/** Fraction of peak HBM bandwidth a decode step achieves (vLLM on H100-class parts measures ~0.5-0.7). */
export const DEFAULT_BANDWIDTH_EFFICIENCY = 0.6;

export interface DecodeEstimate {
  /** Output tokens per second of one replica at this batch (batch x steps per second). */
  tokensPerSecond: number;
  /** Seconds per decode step. */
  stepSeconds: number;
  assumptions: string[];
}

/**
 * Each decode step streams the active weights of a rank and the KV of every sequence in the batch:
 *   stepSeconds = (weightBytesPerRank + batch x kvBytesPerSequencePerRank) / (bandwidth x efficiency)
 *   tokensPerSecond = batch / stepSeconds   (per replica; TP ranks read their shards in parallel)
 */
export function decodeThroughput(chip: ChipSpec, weightBytesPerRank: number, kvBytesPerSequencePerRank: number, batch: number,
  efficiency = DEFAULT_BANDWIDTH_EFFICIENCY): DecodeEstimate {
  const bytesPerSecond = chip.memoryBandwidthGBps * 1e9 * efficiency;
  const stepSeconds = (weightBytesPerRank + batch * kvBytesPerSequencePerRank) / bytesPerSecond;
  return {
    tokensPerSecond: stepSeconds > 0 ? batch / stepSeconds : 0,
    stepSeconds,
    assumptions: [
      `decode is memory-bandwidth bound: ${chip.memoryBandwidthGBps} GB/s x ${efficiency} efficiency per chip, TP ranks in parallel`,
      "no compute, communication or scheduling overhead counted; prefill excluded",
    ],
  };
}
