// The shared (east/west) storage tier of the tiered prefix cache: vLLM's fs tier on a ReadWriteMany
// claim every model server of a service mounts (llm-d guides/tiered-prefix-cache, vllm/native/fs).
// Resolves `offload.storage` per service and derives what the cluster must provide: the CSI driver,
// the network access and the StorageClass of each file system the stack provisions. Pure.
import { IssueList } from "./errors";
import { parseQuantity } from "./quantity";
import { GkeKvStorageSpec, EksKvStorageSpec, InfraSpec, KV_STORAGE_CLASSES } from "./infra/spec";
import { ServiceSpec, StorageTierSpec } from "./spec";
import { KvStorageFileSystem, OffloadConnector, OffloadStorageConfig } from "./types";

const GI = 2 ** 30;

/** llm-d's guide: the claim (manifests/pvc.yaml: 9000Gi), its mount and the fs tier's threads (vllm/native/fs/base/patch-vllm.yaml). */
export const KV_STORAGE_DEFAULTS = { size: "9000Gi", mountPath: "/mnt/files-storage", threads: 16 } as const;

/**
 * Per file system: default size and throughput, and the sizes it accepts.
 * Managed Lustre: at least 9000 GiB (lustre-csi-driver pkg/csi_driver/controller.go MinVolumeSizeBytes), in multiples of
 * 9000 GiB per llm-d's Lustre backend README, which uses 18000Gi; throughput 125/250/500/1000 MB/s/TiB (controller.go).
 * FSx for Lustre PERSISTENT_2: 1200 GiB, 2400 GiB or multiples of 2400 GiB (aws-fsx-csi-driver dynamic provisioning
 * README); throughput 125/250/500/1000. Filestore: the tier's minimum (gcp-filestore-csi-driver controller.go).
 */
const FILE_SYSTEMS: Record<KvStorageFileSystem, { cloud: "gke" | "eks"; size: string; throughput?: number; sizes: (gib: number) => boolean; sizeRule: string }> = {
    [KvStorageFileSystem.ManagedLustre]: { cloud: "gke", size: "18000Gi", throughput: 1000, sizes: (g) => g >= 9000 && g % 9000 === 0, sizeRule: "a multiple of 9000Gi (Managed Lustre's unit), e.g. 18000Gi" },
    [KvStorageFileSystem.FsxLustre]: { cloud: "eks", size: "9600Gi", throughput: 250, sizes: (g) => g === 1200 || (g >= 2400 && g % 2400 === 0), sizeRule: "1200Gi, 2400Gi or a multiple of 2400Gi (FSx for Lustre PERSISTENT_2), e.g. 9600Gi" },
    [KvStorageFileSystem.Filestore]: { cloud: "gke", size: KV_STORAGE_DEFAULTS.size, sizes: () => true, sizeRule: "" },
};

/** Filestore tiers the stack offers, as the CSI driver names them, with their smallest instance (GiB). */
export const FILESTORE_TIERS: Record<string, number> = { basic_hdd: 1024, basic_ssd: 2560, zonal: 10240, enterprise: 1024 };
export const DEFAULT_FILESTORE_TIER = "basic_ssd";

function exactlyOne(s: OffloadStorageConfig): string[] {
    return (["fileSystem", "storageClassName", "claimName"] as const).filter((k) => s[k] !== undefined);
}

/** Resolves one service's storage tier (undefined when it has none); every problem names its field. */
export function resolveStorageTier(
    input: OffloadStorageConfig | undefined,
    svc: Pick<ServiceSpec, "name" | "offload">,
    index: number,
    infra: InfraSpec,
    issues: IssueList,
): StorageTierSpec | undefined {
    if (!input) return undefined;
    const at = `services[${index}].offload.storage`;
    const set = exactlyOne(input);
    if (set.length !== 1) {
        issues.add({
            path: at,
            got: set.length ? set.join(" and ") : "none of fileSystem, storageClassName, claimName",
            expected: "exactly one of fileSystem (provisioned with gke:/eks:), storageClassName (an existing RWX class) or claimName (an existing RWX claim)",
            fix: "Keep one of them.",
        });
        return undefined;
    }
    if (svc.offload && svc.offload.connector !== OffloadConnector.Native) {
        issues.add({ path: `services[${index}].offload.connector`, got: svc.offload.connector, expected: "native: the storage tier is the fs tier of vLLM's OffloadingConnector", fix: "Set offload.connector: native, or remove offload.storage." });
    }
    const mountPath = input.mountPath ?? KV_STORAGE_DEFAULTS.mountPath;
    const threads = input.threads ?? KV_STORAGE_DEFAULTS.threads;
    if (input.claimName !== undefined) {
        for (const k of ["size", "throughput", "filestoreTier"] as const) {
            if (input[k] !== undefined) issues.add({ path: `${at}.${k}`, got: input[k], expected: `no ${k} for an existing claim (the claim has its own)`, fix: `Remove ${k}, or let the stack create the claim (storageClassName or fileSystem).` });
        }
        return { claimName: input.claimName, mountPath, threads };
    }
    const fs = input.fileSystem;
    const rules = fs ? FILE_SYSTEMS[fs] : undefined;
    const size = input.size ?? rules?.size ?? KV_STORAGE_DEFAULTS.size;
    const bytes = parseQuantity(size);
    const gib = bytes !== undefined ? bytes / GI : undefined;
    if (gib === undefined || !Number.isInteger(gib) || gib < 1) {
        issues.add({ path: `${at}.size`, got: size, expected: "a whole number of GiB, e.g. 9000Gi", fix: "Write the size in Gi." });
    } else if (rules && !rules.sizes(gib)) {
        issues.add({ path: `${at}.size`, got: size, expected: rules.sizeRule, fix: `Round the size to ${rules.sizeRule.split(", e.g. ")[1] ?? "a valid size"}.` });
    }
    if (input.throughput !== undefined && fs !== KvStorageFileSystem.ManagedLustre && fs !== KvStorageFileSystem.FsxLustre) {
        issues.add({ path: `${at}.throughput`, got: input.throughput, expected: "throughput only with fileSystem managed-lustre or fsx-lustre", fix: "Remove throughput." });
    }
    if (input.filestoreTier !== undefined && fs !== KvStorageFileSystem.Filestore) {
        issues.add({ path: `${at}.filestoreTier`, got: input.filestoreTier, expected: "filestoreTier only with fileSystem filestore", fix: "Remove filestoreTier." });
    }
    if (fs === KvStorageFileSystem.Filestore && gib !== undefined) {
        const tier = input.filestoreTier ?? DEFAULT_FILESTORE_TIER;
        const min = FILESTORE_TIERS[tier];
        if (gib < min) issues.add({ path: `${at}.size`, got: size, expected: `at least ${min}Gi, the smallest ${tier} Filestore instance`, fix: `Set size to ${min}Gi or more, or choose another filestoreTier.` });
    }
    if (fs && rules) {
        const cloud = rules.cloud;
        if (!infra[cloud]) {
            issues.add({
                path: `${at}.fileSystem`,
                got: fs,
                expected: `a ${cloud === "gke" ? "GKE" : "EKS"} cluster the stack creates (${cloud}:), which provisions ${fs}`,
                fix: `Add a ${cloud}: block, or on an existing cluster name its ReadWriteMany StorageClass in storageClassName.`,
            });
        }
        return { claimName: kvStorageClaimName(svc.name), createClaim: { storageClassName: KV_STORAGE_CLASSES[fs], size }, fileSystem: fs, ...(bytes !== undefined ? { sizeBytes: bytes } : {}), mountPath, threads };
    }
    return { claimName: kvStorageClaimName(svc.name), createClaim: { storageClassName: input.storageClassName!, size }, ...(bytes !== undefined ? { sizeBytes: bytes } : {}), mountPath, threads };
}

/** The claim the stack creates for a service's storage tier (llm-d's guide names its one claim llm-d-kv-cache-storage). */
export function kvStorageClaimName(service: string): string {
    return `${service}-kv-cache-storage`;
}

/**
 * What the cluster components provision for the services' storage tiers: one StorageClass per file
 * system. Services on one file system must agree on its throughput and tier; a Lustre class is
 * pinned to the zones of the pools its services run on (a Managed Lustre instance is zonal).
 */
export function kvStorageNeeds(
    services: { svc: ServiceSpec; input?: OffloadStorageConfig; index: number }[],
    infra: InfraSpec,
    issues: IssueList,
): { gke?: GkeKvStorageSpec; eks?: EksKvStorageSpec } {
    const gke: GkeKvStorageSpec = {};
    const eks: EksKvStorageSpec = {};
    const owner = new Map<string, { index: number; value: unknown }>();
    const agree = (key: string, value: unknown, index: number, field: string) => {
        const first = owner.get(key);
        if (first && first.value !== value) {
            issues.add({ path: `services[${index}].offload.storage.${field}`, got: value, expected: `${first.value}, as services[${first.index}] (one StorageClass per file system)`, fix: `Use the same ${field} on every service of that file system.` });
        } else if (!first) owner.set(key, { index, value });
    };
    for (const { svc, input, index } of services) {
        const tier = svc.offload?.storage;
        if (!tier?.fileSystem || !input) continue;
        const pool = svc.accelerator.pool;
        const zones = pool ? poolZones(pool.name, infra) : [];
        switch (tier.fileSystem) {
            case KvStorageFileSystem.ManagedLustre: {
                const throughput = input.throughput ?? FILE_SYSTEMS[tier.fileSystem].throughput!;
                agree("lustre", throughput, index, "throughput");
                const all = new Set([...(gke.managedLustre?.zones ?? []), ...zones]);
                gke.managedLustre = { throughput, zones: [...all].sort() };
                break;
            }
            case KvStorageFileSystem.Filestore: {
                const t = input.filestoreTier ?? DEFAULT_FILESTORE_TIER;
                agree("filestore", t, index, "filestoreTier");
                gke.filestore = { tier: t };
                break;
            }
            case KvStorageFileSystem.FsxLustre: {
                const throughput = input.throughput ?? FILE_SYSTEMS[tier.fileSystem].throughput!;
                agree("fsx", throughput, index, "throughput");
                // One file system per claim, in one subnet: the zone of the first service's node group.
                const zone = zones[0] ?? infra.eks?.zones[0];
                if (zone) {
                    if (eks.fsxLustre && eks.fsxLustre.zone !== zone) {
                        issues.add({
                            path: `services[${index}].accelerator.nodePool`,
                            got: pool?.name,
                            expected: `a node group in ${eks.fsxLustre.zone}, where the FSx for Lustre file systems are created (one subnet per StorageClass)`,
                            fix: "Put the services of one FSx for Lustre StorageClass in node groups of one zone.",
                        });
                    } else eks.fsxLustre = { throughput, zone };
                }
                break;
            }
        }
    }
    return { ...(Object.keys(gke).length ? { gke } : {}), ...(Object.keys(eks).length ? { eks } : {}) };
}

function poolZones(name: string, infra: InfraSpec): string[] {
    const gkePool = infra.gke?.pools.find((p) => p.name === name);
    if (gkePool) return gkePool.zones;
    const group = infra.eks?.groups.find((g) => g.name === name);
    return group ? [group.zone] : [];
}
