// The fit check: every model-server role whose model and chip the catalog knows must hold the
// weights and one full-context sequence at its configured layout, or the stack is refused before
// a GPU is rented. Roles the planner cannot size (unknown model, no chip, simulated, CPU) pass.
import { findChip, findMachineType } from "../catalog/accelerators";
import { findModel } from "../catalog/models";
import { modelServerVllm } from "../catalog/releases";
import type { KvCacheDtypeName } from "./kvcache";
import { ConfigError, ConfigIssue } from "../config/errors";
import { RoleSpec, ServiceSpec, StackSpec } from "../config/spec";
import { WellLitPath } from "../config/types";
import { SizingResult, TP_CANDIDATES, sizeModelServer, suggestMoeLayout } from "./sizing";

export interface RoleFit {
    service: string;
    role: string;
    /** Absent when the role cannot be sized. */
    sizing?: SizingResult;
}

/** Sizes one role at its configured layout; undefined when the catalog lacks the model or chip. */
export function sizeRoleAtLayout(svc: ServiceSpec, role: RoleSpec): SizingResult | undefined {
    if (role.acceleratorsPerPod === 0) return undefined;
    // Layouts spanning hosts (TPU multi-host slices) are beyond the single-node planner: not sized.
    if (role.tensorParallel > 8 || role.acceleratorsPerPod > 8) return undefined;
    // Wide-EP: one engine over the whole LWS group, experts split across every DP x TP rank.
    const wideEp = svc.path === WellLitPath.WideEp;
    const dataParallel = wideEp ? role.dataParallel * (role.groupSize ?? 1) : role.dataParallel;
    const model = findModel(svc.model.id);
    const chip = svc.accelerator.chip ? findChip(svc.accelerator.chip) : undefined;
    if (!model || !chip || chip.vendor === "cpu" || chip.vendor === "simulated") return undefined;
    const flags = engineFlags(role.extraArgs);
    // A pool the stack creates prices the layout at its own machine type (A4X and P6e-GB200 carry the same chip).
    const machine = svc.accelerator.pool ? findMachineType(svc.accelerator.pool.machineType) : undefined;
    return sizeModelServer({
        model,
        chip,
        ...(machine ? { machineType: machine } : {}),
        tensorParallel: role.tensorParallel,
        dataParallel,
        expertParallel: wideEp,
        gpuMemoryUtilization: role.gpuMemoryUtilization,
        maxModelLen: role.maxModelLen,
        replicas: role.replicas,
        // The vLLM the release runs for this accelerator and path, with the flags the stack renders:
        // llm-d's paths enable prefix caching at the service's block size.
        vllmVersion: modelServerVllm(svc.release, svc.accelerator.type as Parameters<typeof modelServerVllm>[1], svc.path, svc.accelerator.network, svc.offload?.peerToPeer ? "p2p" : undefined),
        blockSize: svc.prefixCache.blockSize,
        prefixCaching: true,
        ...flags,
    });
}

/** The sizing-relevant vLLM flags of a role's extraArgs (`--flag=value` or `--flag value`). */
export function engineFlags(args: readonly string[]): { kvCacheDtype?: KvCacheDtypeName; maxNumBatchedTokens?: number; maxNumSeqs?: number; enforceEager?: boolean } {
    const value = (flag: string): string | undefined => {
        const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
        if (i < 0) return undefined;
        return args[i].includes("=") ? args[i].slice(args[i].indexOf("=") + 1) : args[i + 1];
    };
    const n = (flag: string) => {
        const v = Number(value(flag));
        return Number.isInteger(v) && v > 0 ? v : undefined;
    };
    const kv = value("--kv-cache-dtype") as KvCacheDtypeName | undefined;
    return {
        ...(kv ? { kvCacheDtype: kv } : {}),
        ...(n("--max-num-batched-tokens") ? { maxNumBatchedTokens: n("--max-num-batched-tokens") } : {}),
        ...(n("--max-num-seqs") ? { maxNumSeqs: n("--max-num-seqs") } : {}),
        ...(args.includes("--enforce-eager") ? { enforceEager: true } : {}),
    };
}

function fixFor(svc: ServiceSpec, role: RoleSpec, z: SizingResult): string {
    const at = `${role.role}.tensorParallel`;
    // Only a KV-cache shortfall is helped by a shorter context; weights that do not fit are not.
    const kvShort = !/^weights need|does not divide/.test(z.reason ?? "");
    const shorter = kvShort ? `, or lower ${role.role}.maxModelLen below ${z.maxModelLen}` : "";
    if (z.smallestFit && z.smallestFit.tensorParallel !== role.tensorParallel) {
        return `The smallest layout that fits is tensorParallel: ${z.smallestFit.tensorParallel} (${z.smallestFit.chipsPerReplica} x ${z.accelerator} per replica); set ${at} to it${shorter}.`;
    }
    const model = findModel(svc.model.id);
    const chip = svc.accelerator.chip ? findChip(svc.accelerator.chip) : undefined;
    const moe = model && chip ? suggestMoeLayout({ model, chip, gpuMemoryUtilization: role.gpuMemoryUtilization, maxModelLen: role.maxModelLen }) : undefined;
    return (
        `No tensorParallel in {${TP_CANDIDATES.join(",")}} fits on one ${z.accelerator} node; choose a chip with more memory${shorter}` +
        (moe ? `, or serve it expert-parallel across ${moe.dataParallel} chips (data-parallel x expert-parallel, the wide-ep path).` : ".")
    );
}

/** One issue per role that does not fit, naming the role's tensorParallel with the numbers. */
export function fitIssues(spec: StackSpec): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    spec.services.forEach((svc, i) => {
        for (const role of [svc.prefill, svc.decode]) {
            if (!role) continue;
            const z = sizeRoleAtLayout(svc, role);
            if (!z || z.fits || /not sized here/.test(z.reason ?? "")) continue;
            issues.push({
                path: `services[${i}].${role.role}.tensorParallel`,
                got: role.tensorParallel,
                expected:
                    `a layout in which ${svc.model.id} fits on ${z.accelerator}: ${z.reason} ` +
                    `(weights ${z.weightsGiB} GiB per replica, ${z.weightsPerChipGiB} GiB per chip; max model len ${z.maxModelLen})`,
                fix: fixFor(svc, role, z),
            });
        }
    });
    return issues;
}

/** Throws ConfigError when a role cannot fit: called before any resource is registered. */
export function assertFits(spec: StackSpec, source?: string): void {
    const issues = fitIssues(spec);
    if (issues.length) throw new ConfigError(issues, source);
}
