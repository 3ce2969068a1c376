// The accelerator part of a model-server pod: extended resources, node selection and
// tolerations. One function, so a pod can never carry another vendor's resource.
import { AcceleratorSpec, RoleSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";

export interface AcceleratorFragment {
    /** Extended resources, added to both requests and limits. */
    resources: Record<string, string>;
    nodeSelector: Record<string, string>;
    tolerations: Record<string, string>[];
}

/** Single-host TPU slice topologies by chips per VM (GKE `cloud.google.com/gke-tpu-topology`). */
const TPU_SINGLE_HOST_TOPOLOGY: Record<string, Record<number, string>> = {
    "tpu-v5-lite-podslice": { 1: "1x1", 4: "2x2", 8: "2x4" },
    "tpu-v6e-slice": { 1: "1x1", 4: "2x2", 8: "2x4" },
    "tpu-v5p-slice": { 4: "2x2x1" },
};

export function tpuTopology(chip: string | undefined, chips: number): string | undefined {
    if (!chip) return undefined;
    return TPU_SINGLE_HOST_TOPOLOGY[chip]?.[chips];
}

export function acceleratorFragment(accel: AcceleratorSpec, role: RoleSpec): AcceleratorFragment {
    const resources: Record<string, string> = {};
    if (accel.resourceName && role.acceleratorsPerPod > 0) resources[accel.resourceName] = String(role.acceleratorsPerPod);
    const nodeSelector: Record<string, string> = {};
    if (accel.type === AcceleratorType.Tpu && accel.chip) {
        nodeSelector["cloud.google.com/gke-tpu-accelerator"] = accel.chip;
        // A configured slice (single- or multi-host) names its own topology; else the host's single-host one.
        const topology = accel.tpuSlice?.topology ?? tpuTopology(accel.chip, role.acceleratorsPerPod);
        if (topology) nodeSelector["cloud.google.com/gke-tpu-topology"] = topology;
    }
    Object.assign(nodeSelector, accel.nodeSelector);
    const tolerations = accel.tolerations.map((t) => {
        const out: Record<string, string> = {};
        if (t.key !== undefined) out.key = t.key;
        out.operator = t.operator ?? (t.value !== undefined ? "Equal" : "Exists");
        if (t.value !== undefined) out.value = t.value;
        if (t.effect !== undefined) out.effect = t.effect;
        return out;
    });
    return { resources, nodeSelector, tolerations };
}
