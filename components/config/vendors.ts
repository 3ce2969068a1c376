// Per-vendor rules of the config: which well-lit paths a vendor runs (catalog/vendors.ts, a source
// per row), the extended resource and tolerations, reserved environment, and the TPU slice
// (topology -> chips per host -> pods). Called from resolve.ts; every problem is an issue.
import { MACHINE_TYPES } from "../catalog/accelerators";
import { PathId, VENDORS, VendorProfile } from "../catalog/vendors";
import { IssueList } from "./errors";
import { RoleSpec, TolerationSpec, TpuSliceSpec } from "./spec";
import { AcceleratorNetwork, AcceleratorType, ModelServiceConfig, OffloadConnector, WellLitPath } from "./types";

export function vendor(type: AcceleratorType): VendorProfile {
    return VENDORS[type];
}

/** The extended resource a pod of this vendor asks for (the override wins; none for cpu and simulated). */
export function vendorResource(type: AcceleratorType, override?: string): string | undefined {
    return override ?? VENDORS[type].resourceName;
}

/** The vendor's own taint, tolerated on every model-server pod of that vendor. */
export function vendorTolerations(type: AcceleratorType, resourceName?: string): TolerationSpec[] {
    const key = VENDORS[type].taintKey ?? resourceName;
    return key ? [{ key, operator: "Exists", effect: "NoSchedule" }] : [];
}

/** Paths llm-d runs on a vendor, for messages. */
export function supportedPaths(type: AcceleratorType): string[] {
    return Object.entries(VENDORS[type].paths)
        .filter(([, row]) => row.supported)
        .map(([p]) => p);
}

/** Vendors llm-d runs a path on, for messages. */
export function vendorsForPath(path: WellLitPath): string[] {
    return Object.values(VENDORS)
        .filter((v) => v.vendor !== "simulated" && v.paths[path as PathId]?.supported)
        .map((v) => v.vendor);
}

/** P/D: the accelerator networks NIXL can use on this vendor (its RDMA variant's included). */
export function pdNetworks(type: AcceleratorType): string[] {
    const pd = VENDORS[type].pd;
    return [...(pd?.networks ?? []), ...(pd?.rdma?.networks ?? [])];
}

/** P/D: the RDMA networks of this vendor, for messages ("rdma-roce, infiniband or efa"). */
export function pdRdmaNetworks(type: AcceleratorType): string {
    const nets = pdNetworks(type).filter((n) => n !== AcceleratorNetwork.Tcp && n !== AcceleratorNetwork.None);
    return nets.length > 1 ? `${nets.slice(0, -1).join(", ")} or ${nets[nets.length - 1]}` : nets.join("");
}

/** Rejects a vendor/path combination llm-d does not run, and vendor-specific misfits of the path's settings. */
export function checkVendorPath(svc: ModelServiceConfig, type: AcceleratorType, path: WellLitPath, base: string, issues: IssueList): void {
    const v = VENDORS[type];
    const row = v.paths[path as PathId];
    if (row && !row.supported) {
        issues.add({
            path: `${base}.path`,
            got: path,
            expected: `a well-lit path llm-d runs on ${v.displayName} (accelerator.type ${type}): ${supportedPaths(type).join(", ")}`,
            fix: `${path} runs on ${vendorsForPath(path).join(", ") || "no vendor in this release"}. Use ${row.alternative}. (${row.source})`,
        });
        return;
    }
    if (path === WellLitPath.PdDisaggregation && type !== AcceleratorType.Simulated) {
        const network = svc.accelerator?.network ?? AcceleratorNetwork.None;
        const allowed = pdNetworks(type);
        if (!allowed.includes(network) && !(allowed.includes(AcceleratorNetwork.RdmaRoce) && network === AcceleratorNetwork.None)) {
            issues.add({
                path: `${base}.accelerator.network`,
                got: network,
                expected: `${allowed.join(" or ")} for pd-disaggregation on ${v.displayName}: ${v.pd?.networkReason ?? `its NIXL stages KV cache in host memory (kv_buffer_device cpu) and sends it with UCX over TCP, as llm-d's ${type} P/D overlay does`}`,
                fix: `Set ${base}.accelerator.network: ${allowed.filter((n) => n !== AcceleratorNetwork.None).join(" or ")}.`,
            });
        }
    }
    if (path === WellLitPath.TieredPrefixCache && type !== AcceleratorType.Simulated) {
        const connector = svc.offload?.connector ?? OffloadConnector.Native;
        if (!v.offloadConnectors.includes(connector)) {
            issues.add({
                path: `${base}.offload.connector`,
                got: connector,
                expected: `an offload connector the ${type} image carries: ${v.offloadConnectors.join(", ")}`,
                fix: `Set ${base}.offload.connector: ${v.offloadConnectors[0]}, or use nvidia for ${connector}.`,
            });
        }
    }
    const a = svc.accelerator ?? {};
    if (a.resourceName && !v.resourceName) {
        issues.add({ path: `${base}.accelerator.resourceName`, got: a.resourceName, expected: `no extended resource on ${type} (its pods ask for CPU and memory only)`, fix: "Remove accelerator.resourceName." });
    }
    if (a.tpuTopology !== undefined && type !== AcceleratorType.Tpu) {
        issues.add({ path: `${base}.accelerator.tpuTopology`, got: a.tpuTopology, expected: "tpuTopology only with accelerator.type tpu", fix: "Remove accelerator.tpuTopology, or set accelerator.type: tpu." });
    }
}

/** Variables the device plugin or runtime owns on this vendor may not be set by the user. */
export function checkVendorEnv(type: AcceleratorType, env: Record<string, string> | undefined, at: string, issues: IssueList): void {
    const reserved = VENDORS[type].reservedEnv;
    for (const key of Object.keys(env ?? {})) {
        if (reserved[key]) {
            issues.add({ path: `${at}.env.${key}`, got: key, expected: `a variable ${type} does not reserve (${reserved[key]})`, fix: `Remove ${key}; select devices with the pod's resource request instead.` });
        }
    }
}

function topologyChips(topology: string): number {
    return topology.split("x").reduce((n, d) => n * Number(d), 1);
}

/** Valid topologies of a TPU chip and the host size each is built from (single-host first). */
export function tpuTopologies(chip: string): { topology: string; chipsPerHost: number }[] {
    const out: { topology: string; chipsPerHost: number }[] = [];
    for (const m of MACHINE_TYPES.filter((x) => x.chip === chip && x.tpu)) {
        for (const t of m.tpu!.validTopologies) out.push({ topology: t, chipsPerHost: m.tpu!.chipsPerHost });
    }
    // A topology that fits one host of its own size is single-host (v5e/v6e 2x4 on an -8t machine).
    return out.sort((x, y) => Number(topologyChips(y.topology) === y.chipsPerHost) - Number(topologyChips(x.topology) === x.chipsPerHost));
}

/** The slice of a topology on a chip, or undefined when the chip's node pools cannot form it. */
export function tpuSliceOf(chip: string, topology: string): TpuSliceSpec | undefined {
    const match = tpuTopologies(chip).find((t) => t.topology === topology);
    if (!match) return undefined;
    const chips = topologyChips(topology);
    const chipsPerHost = Math.min(match.chipsPerHost, chips);
    return { topology, chips, chipsPerHost, hosts: chips / chipsPerHost };
}

/**
 * Resolves `accelerator.tpuTopology`: the slice must be one the chip's node pools can form, the
 * model must span all its chips (tensorParallel x dataParallel = chips), and a multi-host slice
 * runs only where one LeaderWorkerSet group per replica is built (inference-scheduling).
 * Rewrites the roles: tensor parallel follows the chips, each pod asks for its host's chips.
 */
export function resolveTpuSlice(
    svc: ModelServiceConfig,
    chip: string | undefined,
    path: WellLitPath,
    roles: RoleSpec[],
    base: string,
    issues: IssueList,
): TpuSliceSpec | undefined {
    const topology = svc.accelerator?.tpuTopology;
    if (topology === undefined) return undefined;
    const at = `${base}.accelerator.tpuTopology`;
    if (!chip) {
        issues.add({ path: at, got: topology, expected: "a TPU chip to read the slice's hosts from", fix: `Set ${base}.accelerator.chip (tpu-v5-lite-podslice, tpu-v6e-slice or tpu-v5p-slice).` });
        return undefined;
    }
    const slice = tpuSliceOf(chip, topology);
    if (!slice) {
        const valid = [...new Set(tpuTopologies(chip).map((t) => t.topology))];
        issues.add({
            path: at,
            got: topology,
            expected: `a topology ${chip} node pools can form: ${valid.join(", ")}`,
            fix: "Use the node pool's cloud.google.com/gke-tpu-topology label value.",
        });
        return undefined;
    }
    for (const role of roles) {
        const input = role.role === "prefill" ? svc.prefill : svc.decode;
        if (input?.tensorParallel === undefined) role.tensorParallel = slice.chips / role.dataParallel;
        if (role.tensorParallel * role.dataParallel !== slice.chips || !Number.isInteger(role.tensorParallel)) {
            issues.add({
                path: `${base}.${role.role}.tensorParallel`,
                got: input?.tensorParallel ?? role.tensorParallel,
                expected: `tensorParallel x dataParallel = ${slice.chips}, the chips of a ${topology} slice (${slice.hosts} host${slice.hosts > 1 ? "s" : ""} of ${slice.chipsPerHost})`,
                fix: `Set ${base}.${role.role}.tensorParallel: ${slice.chips / role.dataParallel}, or leave it out to follow the topology.`,
            });
        }
        role.acceleratorsPerPod = slice.chipsPerHost;
    }
    if (slice.hosts > 1 && path !== WellLitPath.InferenceScheduling) {
        issues.add({
            path: at,
            got: topology,
            expected: `a single-host topology on ${path} (a ${topology} slice spans ${slice.hosts} hosts; multi-host slices are served on inference-scheduling)`,
            fix: `Use a topology of at most ${Math.max(...tpuTopologies(chip).filter((t) => topologyChips(t.topology) === t.chipsPerHost).map((t) => t.chipsPerHost))} chips, or path: inference-scheduling.`,
        });
    }
    return slice;
}
