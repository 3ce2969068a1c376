// The sizing plan of a whole stack: per model-server role, the planner's numbers (or why a role
// is not sized), and the totals. `llmd plan` prints it; LlmdStack exports it as `sizingPlan`.
import { findChip } from "../catalog/accelerators";
import { findModel } from "../catalog/models";
import { RoleSpec, ServiceSpec, StackSpec } from "../config/spec";
import { AcceleratorType } from "../config/types";
import { sizeRoleAtLayout } from "./fit";
import { SizingResult } from "./sizing";
import { kvBytesPerToken } from "./kv";
import type { KvTier } from "../catalog/releases";

export interface RoleSizing {
    service: string;
    role: string;
    replicas: number;
    acceleratorsPerPod: number;
    /** Pods of one replica: the LeaderWorkerSet group size on wide-EP and multi-host TPU, else 1. */
    podsPerReplica: number;
    /** Present when the model and chip are in the catalog. */
    sizing?: SizingResult;
    /** Why the role was not sized. */
    notSized?: string;
}

/** One tier of a tiered-prefix-cache service's KV cache: how many tokens it holds. */
export interface KvTierCapacity {
    tier: KvTier;
    /** Tokens of KV cache the tier holds: per model-server pod (gpu, cpu) or for the whole service (storage). */
    tokens: number;
    bytes: number;
    scope: "per-pod" | "shared";
    /** Whether the release's picker scores prefix hits in this tier. */
    scored: boolean;
}

export interface ServiceSizing {
    name: string;
    path: string;
    model: string;
    accelerator: string;
    chip?: string;
    roles: RoleSizing[];
    /** Tiered prefix cache: the tokens each KV tier holds (gpu and cpu per pod, storage shared). */
    kvTiers?: KvTierCapacity[];
}

export interface SizingPlan {
    services: ServiceSizing[];
    totals: { accelerators: number; costPerHour: number | null };
}

export function sizeRole(svc: ServiceSpec, role: RoleSpec): RoleSizing {
    const base = { service: svc.name, role: role.role, replicas: role.replicas, acceleratorsPerPod: role.acceleratorsPerPod, podsPerReplica: role.groupSize ?? 1 };
    if (svc.accelerator.type === AcceleratorType.Simulated) return { ...base, notSized: "simulated accelerator" };
    if (svc.accelerator.type === AcceleratorType.Cpu) return { ...base, notSized: "CPU model server" };
    if (!findModel(svc.model.id)) {
        return { ...base, notSized: `model ${svc.model.id} is neither in the catalog nor cached from the Hub: run \`llmd size --model ${svc.model.id} --accelerator ${svc.accelerator.chip ?? "<chip>"}\` once online to read and cache it` };
    }
    if (!(svc.accelerator.chip && findChip(svc.accelerator.chip))) return { ...base, notSized: "no accelerator.chip given" };
    // The fit check's sizing, so the plan and the check agree (wide-EP sizes the whole group).
    const sizing = sizeRoleAtLayout(svc, role);
    if (!sizing) return { ...base, notSized: "a layout across hosts (not sized by the single-node planner)" };
    return { ...base, sizing };
}

/**
 * The KV tiers of a tiered-prefix-cache service, in tokens: the GPU cache vLLM reports per pod, the CPU
 * bytes it offloads to per pod, and the shared storage claim, each divided by the model's KV bytes per
 * token (all layers, as offloaded blocks hold them). Undefined without offload or a known model.
 */
export function kvTierCapacities(svc: ServiceSpec, decode: RoleSizing | undefined, spec: StackSpec): KvTierCapacity[] | undefined {
    const model = findModel(svc.model.id);
    if (!svc.offload || !model) return undefined;
    const perToken = kvBytesPerToken(model);
    const scored = new Set(spec.release.kvTiers.scored);
    const out: KvTierCapacity[] = [];
    const z = decode?.sizing;
    if (z?.fits) out.push({ tier: "gpu", tokens: z.kvCacheTokens, bytes: Math.round(z.kvCacheGiB * 2 ** 30), scope: "per-pod", scored: scored.has("gpu") });
    out.push({ tier: "cpu", tokens: Math.floor(svc.offload.cpuBytes / perToken), bytes: svc.offload.cpuBytes, scope: "per-pod", scored: scored.has("cpu") });
    const storage = svc.offload.storage;
    if (storage?.sizeBytes !== undefined) out.push({ tier: "storage", tokens: Math.floor(storage.sizeBytes / perToken), bytes: storage.sizeBytes, scope: "shared", scored: scored.has("storage") });
    return out;
}

export function sizingPlan(spec: StackSpec): SizingPlan {
    const services = spec.services.map((svc) => {
        const roles = [svc.prefill, svc.decode].filter((r): r is RoleSpec => r !== undefined).map((r) => sizeRole(svc, r));
        const tiers = kvTierCapacities(svc, roles.find((r) => r.role === "decode"), spec);
        return {
            name: svc.name,
            path: svc.path,
            model: svc.model.id,
            accelerator: svc.accelerator.type,
            ...(svc.accelerator.chip ? { chip: svc.accelerator.chip } : {}),
            roles,
            ...(tiers ? { kvTiers: tiers } : {}),
        };
    });
    const roles = services.flatMap((s) => s.roles);
    const accelerators = roles.reduce((n, r) => n + r.replicas * r.podsPerReplica * r.acceleratorsPerPod, 0);
    const priced = roles.filter((r) => r.acceleratorsPerPod > 0);
    const cost = priced.length && priced.every((r) => r.sizing) ? priced.reduce((c, r) => c + (r.sizing?.costPerHour ?? 0), 0) : null;
    return { services, totals: { accelerators, costPerHour: cost === null ? null : Math.round(cost * 100) / 100 } };
}

/**
 * Warnings about layouts that fit but serve badly: KV cache that can hold fewer sequences than
 * the role's replicas are meant to serve at once is refused by the fit check; here, KV cache that
 * the engine can never use: more than twice what max-num-seqs sequences of max-model-len fill, so
 * over half of it stays empty (a smaller or cheaper layout serves the same).
 */
export function planWarnings(plan: SizingPlan, spec: StackSpec): string[] {
    const out: string[] = [];
    plan.services.forEach((s, i) => {
        const svc = spec.services[i];
        for (const r of s.roles) {
            const z = r.sizing;
            if (!z || !z.fits) continue;
            const role = r.role === "prefill" ? svc.prefill : svc.decode;
            const seqs = engineSeqs(z, role);
            if (z.maxConcurrency > 2 * seqs) {
                const used = Math.round((seqs / z.maxConcurrency) * 100);
                out.push(
                    `services[${i}].${r.role}: the KV cache holds ${z.maxConcurrency} sequences of ${z.maxModelLen} tokens, but vLLM runs at most ${seqs} at once (max-num-seqs): ` +
                        `${100 - used}% of it can never be used. A smaller tensorParallel, a cheaper accelerator, a longer ${r.role}.maxModelLen or a higher --max-num-seqs uses it.`,
                );
            }
        }
    });
    return out;
}

/** Sequences one engine runs at once: max-num-seqs from the role's flags, else vLLM's default for the chip (in the sizing's assumptions). */
function engineSeqs(z: SizingResult, role: RoleSpec | undefined): number {
    const flag = role?.extraArgs.find((a) => a.startsWith("--max-num-seqs"));
    const fromFlag = flag ? Number(flag.split("=")[1] ?? role!.extraArgs[role!.extraArgs.indexOf(flag) + 1]) : NaN;
    if (Number.isInteger(fromFlag) && fromFlag > 0) return fromFlag * z.dataParallel;
    const m = /max-num-seqs (\d+)/.exec(z.assumptions.join("\n"));
    return (m ? Number(m[1]) : 256) * z.dataParallel;
}
