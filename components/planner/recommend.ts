// `llmd size --recommend`: the cheapest accelerator, machine type and tensor-parallel layout of
// the catalog that holds C concurrent sequences of N tokens, with the runners-up and why each
// lost. Every GPU machine type is tried at each tensor-parallel size its node allows; a layout
// that holds fewer than C sequences (by its KV cache, and by vLLM's --max-num-seqs) is replicated
// until it holds C. Cost is the list price of the chips used (machine price / chips per node x
// chips). Single-node tensor parallelism only: multi-node and expert-parallel layouts are sized by
// `llmd size --accelerator` with --data-parallel / --expert-parallel. Pure.
import { ChipSpec, MACHINE_TYPES, MachineTypeSpec, findChip } from "../catalog/accelerators";
import type { ModelArchitecture } from "../catalog/models";
import { chipHourPrice } from "./cost";
import { SizingInput, SizingResult, TP_CANDIDATES, batchLimits, sizeModelServer } from "./sizing";

export interface RecommendInput {
    model: ModelArchitecture;
    /** Tokens per sequence (prompt + output): vLLM's --max-model-len. */
    context: number;
    /** Sequences served at once. */
    concurrency: number;
    /** Most USD per hour for the whole layout, when given. */
    maxPricePerHour?: number;
    /** Other sizing settings (vLLM release, KV dtype, quantization, utilization, flags). */
    sizing?: Omit<SizingInput, "model" | "chip" | "machineType" | "tensorParallel" | "maxModelLen" | "replicas">;
    /** Chips to consider (default: every NVIDIA and AMD GPU machine type of the catalog). */
    machineTypes?: readonly MachineTypeSpec[];
}

export interface Candidate {
    machineType: string;
    chip: string;
    cloud: string;
    tensorParallel: number;
    replicas: number;
    chips: number;
    /** Sequences of `context` tokens one replica holds. */
    concurrencyPerReplica: number;
    costPerHour: number;
    /** Why it is not the answer (empty for the answer). */
    lostBecause?: string;
    /** Other machine types with the same chip, layout and price (bigger nodes of the same family). */
    alsoOn?: string[];
    sizing: SizingResult;
}

export interface Recommendation {
    best?: Candidate;
    /** The next cheapest layouts (one per machine type), each with why it lost. */
    runnersUp: Candidate[];
    /** Machine types with no fitting layout, and why. */
    excluded: { machineType: string; reason: string }[];
    considered: number;
}

function gpuMachines(): MachineTypeSpec[] {
    return MACHINE_TYPES.filter((m) => {
        const c = findChip(m.chip);
        return c !== undefined && (c.vendor === "nvidia" || c.vendor === "amd");
    });
}

/** Dollars with cents: 2 -> "2.00". */
export function usd(x: number): string {
    return x.toFixed(2);
}

function r2(x: number): number {
    return Math.round(x * 100) / 100;
}

export function recommend(input: RecommendInput): Recommendation {
    const machines = input.machineTypes ?? gpuMachines();
    const fitting: Candidate[] = [];
    const excluded: { machineType: string; reason: string }[] = [];
    let considered = 0;
    for (const m of machines) {
        const chip = findChip(m.chip) as ChipSpec;
        let best: Candidate | undefined;
        let lastReason = "";
        for (const tp of TP_CANDIDATES) {
            if (tp > m.chipsPerNode) break;
            considered++;
            const z = sizeModelServer({ ...(input.sizing ?? {}), model: input.model, chip, machineType: m, tensorParallel: tp, maxModelLen: input.context });
            if (!z.fits) {
                lastReason = z.reason ?? "does not fit";
                continue;
            }
            // Sequences one replica holds: its KV cache, capped by the sequences vLLM schedules at once.
            const per = Math.min(z.maxConcurrency, batchLimits({ ...(input.sizing ?? {}), model: input.model, chip, tensorParallel: tp }, input.context).maxNumSeqs);
            const replicas = Math.max(1, Math.ceil(input.concurrency / per - 1e-9));
            const chips = tp * replicas;
            const cost = chipHourPrice(m) * chips;
            const c: Candidate = { machineType: m.id, chip: chip.id, cloud: m.cloud, tensorParallel: tp, replicas, chips, concurrencyPerReplica: r2(per), costPerHour: r2(cost), sizing: z };
            // Per machine type: the cheapest TP; among equal costs the fewer replicas.
            if (!best || c.costPerHour < best.costPerHour - 1e-9 || (Math.abs(c.costPerHour - best.costPerHour) < 1e-9 && c.replicas < best.replicas)) best = c;
        }
        if (!best) {
            excluded.push({ machineType: m.id, reason: `${chip.id}: ${lastReason}` });
            continue;
        }
        if (input.maxPricePerHour !== undefined && best.costPerHour > input.maxPricePerHour) {
            excluded.push({ machineType: m.id, reason: `$${usd(best.costPerHour)}/h for ${best.chips} x ${chip.id} (TP=${best.tensorParallel} x ${best.replicas}) is over the $${usd(input.maxPricePerHour)}/h limit` });
            continue;
        }
        fitting.push(best);
    }
    fitting.sort((a, b) => a.costPerHour - b.costPerHour || a.chips - b.chips || a.machineType.localeCompare(b.machineType));
    // One line per distinct offer: machine types of the same chip, cloud, layout and price fold into the first.
    const offers: Candidate[] = [];
    for (const c of fitting) {
        const same = offers.find((o) => o.chip === c.chip && o.cloud === c.cloud && o.tensorParallel === c.tensorParallel && o.replicas === c.replicas && Math.abs(o.costPerHour - c.costPerHour) < 1e-9);
        if (same) same.alsoOn = [...(same.alsoOn ?? []), c.machineType];
        else offers.push({ ...c });
    }
    const [best, ...rest] = offers;
    const load = `${input.concurrency} sequences of ${input.context.toLocaleString("en-US")} tokens`;
    const runnersUp = rest.slice(0, 5).map((c) => {
        const more = ((c.costPerHour - best.costPerHour) / best.costPerHour) * 100;
        const chips = c.chips !== best.chips ? ` (${c.chips} chips against ${best.chips})` : "";
        const why = more < 0.5
            ? `costs the same as ${best.machineType} ($${usd(c.costPerHour)}/h) for ${load}${chips}; ranked after it by ${c.chips > best.chips ? "chip count" : "name"}`
            : `$${usd(c.costPerHour)}/h, ${more.toFixed(0)}% more than ${best.machineType}'s $${usd(best.costPerHour)}/h for ${load}${chips}`;
        return { ...c, lostBecause: why };
    });
    return { ...(best ? { best } : {}), runnersUp, excluded, considered };
}
