// The planner against one vLLM start-up log: the KV layout alone (tokens from the memory vLLM said
// it had: exact arithmetic, vLLM's rules) and end to end (tokens from the planner's own memory
// estimate), with the memory terms beside vLLM's when the log shows them.
import { ChipSpec, findChip } from "../../components/catalog/accelerators";
import { ModelArchitecture, findModel } from "../../components/catalog/models";
import { batchLimits, kvCacheCapacity, kvReportStyle, sizeModelServer } from "../../components/planner";
import { KvCacheCase } from "./kv-cache-cases";

const GIB = 2 ** 30;

export interface CaseResult {
    c: KvCacheCase;
    model?: ModelArchitecture;
    chip?: ChipSpec;
    skipped?: string;
    /** Tokens from the logged available memory (vLLM's layout rules only). */
    layoutTokens?: number;
    /** What the layout check started from: the logged available memory, or the logged concurrency. */
    layoutFrom?: "memory" | "concurrency";
    /** Tokens from the planner's own memory estimate. */
    e2eTokens?: number;
    fits?: boolean;
    predicted?: { availableGiB: number; weightsGiB: number; overheadGiB: number };
    v0: boolean;
}

/** A catalog chip, or one shaped from the log's total memory for GPUs outside the catalog. */
export function chipOf(c: KvCacheCase): ChipSpec | undefined {
    const base = findChip(c.accelerator) ?? (c.totalGpuMemoryGiB ? findChip(/a100|h100|h200|h20\b/.test(c.accelerator) ? "nvidia-h100-80gb" : "nvidia-l4") : undefined);
    if (!base) return undefined;
    return c.totalGpuMemoryGiB ? { ...base, id: findChip(c.accelerator) ? base.id : c.accelerator, usableMemoryGiB: c.totalGpuMemoryGiB } : base;
}

export function evaluateCase(c: KvCacheCase): CaseResult {
    const v0 = /V0/.test(c.vllmVersion ?? "");
    const model = findModel(c.config ?? c.model);
    const chip = chipOf(c);
    if (!model) return { c, v0, skipped: `model ${c.config ?? c.model} not in the catalog` };
    const maxModelLen = c.maxModelLen ?? model.maxContext;
    const input = {
        model, chip: chip ?? findChip("nvidia-l4")!, tensorParallel: c.tensorParallel, gpuMemoryUtilization: c.gpuMemoryUtilization, maxModelLen,
        ...(c.maxNumSeqs ? { maxNumSeqs: c.maxNumSeqs } : {}), ...(c.maxNumBatchedTokens ? { maxNumBatchedTokens: c.maxNumBatchedTokens } : {}),
        ...(c.dtype ? { dtype: c.dtype } : {}), ...(c.quantization ? { quantization: c.quantization } : {}), ...(c.kvCacheDtype ? { kvCacheDtype: c.kvCacheDtype } : {}),
        ...(c.enforceEager ? { enforceEager: true } : {}), ...(c.blockSize ? { blockSize: c.blockSize } : {}), ...(c.prefixCaching ? { prefixCaching: true } : {}),
        vllmVersion: c.vllmVersion && !v0 ? c.vllmVersion : undefined,
    };
    // The layout alone needs no GPU figure: vLLM's rules applied to the memory (or the concurrency) it logged.
    const { maxNumBatchedTokens } = batchLimits(input, maxModelLen);
    const layout = (availableBytes: number) => kvCacheCapacity({
        model, chip, tensorParallel: c.tensorParallel, maxModelLen, maxNumBatchedTokens, availableBytes,
        ...(c.kvCacheDtype ? { kvCacheDtype: c.kvCacheDtype } : {}), ...(c.blockSize ? { blockSize: c.blockSize } : {}), ...(c.prefixCaching ? { prefixCaching: true } : {}),
        dtypeBytes: c.dtype === "float32" ? 4 : 2, reportStyle: kvReportStyle(c.vllmVersion),
    });
    let layoutTokens: number | undefined;
    let layoutFrom: CaseResult["layoutFrom"];
    if (c.reportedAvailableKvGiB !== undefined && c.reportedAvailableKvGiB > 0) {
        layoutTokens = layout(c.reportedAvailableKvGiB * GIB).tokens;
        layoutFrom = "memory";
    } else if (c.reportedMaxConcurrency !== undefined) {
        // Blocks = concurrency x blocks per request (rounded as vLLM prints it); then the tokens vLLM would print for them.
        const probe = layout(GIB);
        const blocks = Math.round(c.reportedMaxConcurrency * probe.blocksPerRequest);
        layoutTokens = layout(blocks * probe.pageBytes * probe.groupSize).tokens;
        layoutFrom = "concurrency";
    }
    if (!chip) return { c, v0, model, layoutTokens, layoutFrom, skipped: `GPU ${c.accelerator} not in the catalog and no memory figure in the log: layout only` };
    const z = sizeModelServer({ ...input, chip });
    return {
        c, model, chip, v0, layoutTokens, layoutFrom, e2eTokens: z.kvCacheTokens, fits: z.fits,
        predicted: { availableGiB: z.availableKvGiBPerRank, weightsGiB: z.weightsPerChipGiB, overheadGiB: z.overheadPerChipGiB },
    };
}

export function median(xs: number[]): number {
    const v = [...xs].sort((a, b) => a - b);
    if (!v.length) return NaN;
    const m = Math.floor(v.length / 2);
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
