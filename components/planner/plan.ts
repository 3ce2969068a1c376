// The sizing plan of a whole stack: per model-server role, the planner's numbers (or why a role
// is not sized), and the totals. `llmd plan` prints it; LlmdStack exports it as `sizingPlan`.
import { findChip } from "../catalog/accelerators";
import { findModel } from "../catalog/models";
import { RoleSpec, ServiceSpec, StackSpec } from "../config/spec";
import { AcceleratorType } from "../config/types";
import { sizeRoleAtLayout } from "./fit";
import { SizingResult } from "./sizing";

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

export interface ServiceSizing {
    name: string;
    path: string;
    model: string;
    accelerator: string;
    chip?: string;
    roles: RoleSizing[];
}

export interface SizingPlan {
    services: ServiceSizing[];
    totals: { accelerators: number; costPerHour: number | null };
}

export function sizeRole(svc: ServiceSpec, role: RoleSpec): RoleSizing {
    const base = { service: svc.name, role: role.role, replicas: role.replicas, acceleratorsPerPod: role.acceleratorsPerPod, podsPerReplica: role.groupSize ?? 1 };
    if (svc.accelerator.type === AcceleratorType.Simulated) return { ...base, notSized: "simulated accelerator" };
    if (svc.accelerator.type === AcceleratorType.Cpu) return { ...base, notSized: "CPU model server" };
    if (!findModel(svc.model.id)) return { ...base, notSized: `model ${svc.model.id} is not in the catalog (see \`llmd size --hf-config\`)` };
    if (!(svc.accelerator.chip && findChip(svc.accelerator.chip))) return { ...base, notSized: "no accelerator.chip given" };
    // The fit check's sizing, so the plan and the check agree (wide-EP sizes the whole group).
    const sizing = sizeRoleAtLayout(svc, role);
    if (!sizing) return { ...base, notSized: "a layout across hosts (not sized by the single-node planner)" };
    return { ...base, sizing };
}

export function sizingPlan(spec: StackSpec): SizingPlan {
    const services = spec.services.map((svc) => ({
        name: svc.name,
        path: svc.path,
        model: svc.model.id,
        accelerator: svc.accelerator.type,
        ...(svc.accelerator.chip ? { chip: svc.accelerator.chip } : {}),
        roles: [svc.prefill, svc.decode].filter((r): r is RoleSpec => r !== undefined).map((r) => sizeRole(svc, r)),
    }));
    const roles = services.flatMap((s) => s.roles);
    const accelerators = roles.reduce((n, r) => n + r.replicas * r.podsPerReplica * r.acceleratorsPerPod, 0);
    const priced = roles.filter((r) => r.acceleratorsPerPod > 0);
    const cost = priced.length && priced.every((r) => r.sizing) ? priced.reduce((c, r) => c + (r.sizing?.costPerHour ?? 0), 0) : null;
    return { services, totals: { accelerators, costPerHour: cost === null ? null : Math.round(cost * 100) / 100 } };
}
