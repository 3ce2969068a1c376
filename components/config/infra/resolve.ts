// Resolves `gke` / `eks` (defaults, every cross-field rule) and binds model services to the pool
// they name, so a service's chip, resources, node selector, tolerations and network come from
// the pool that is created, never typed twice. Pure: no Pulumi, no cloud calls.
import { MachineTypeSpec, findMachineType } from "../../catalog/accelerators";
import { IssueList } from "../errors";
import { EksCapacity, EksConfig, GkeCapacity, GkeConfig, GkeRdmaMode, GkeReleaseChannel } from "../infra-types";
import { PoolCapacity } from "../autoscaling";
import { ServiceSpec } from "../spec";
import { AcceleratorNetwork, ModelServiceConfig, StackConfig, WellLitPath } from "../types";
import { rdmaPodNetworks, tcpxPodNetworks } from "./gcp-names";
import { EksGroupSpec, EksSpec, GkePoolSpec, GkeSpec, InfraSpec, POOL_LABEL, PoolBinding } from "./spec";

export const EFA_RESOURCE = "vpc.amazonaws.com/efa";
/** Machine types whose flex-start pools may also be compact (GKE DWS docs, via research notes §1.6). */
const FLEX_COMPACT = ["a3-ultragpu-8g", "a4-highgpu-8g"];
/** Managed DRANET's minimum GKE version. source: research notes §1.3 (cluster-toolkit gke-node-pool: 1.34.1-gke.1829001) */
const DRANET_MIN_VERSION = [1, 34];

function versionBelow(v: string, min: number[]): boolean {
    const [major, minor] = v.split(/[.-]/).map(Number);
    return major < min[0] || (major === min[0] && minor < min[1]);
}

function topologyChips(t: string): number {
    return t.split("x").map(Number).reduce((a, b) => a * b, 1);
}

/** Catalog labels a cloud lets a pool set itself (kubernetes.io names are the kubelet's). */
function poolLabels(machine: MachineTypeSpec, name: string, cloud: "gke" | "eks"): Record<string, string> {
    const out: Record<string, string> = { [POOL_LABEL]: name };
    // GKE sets its own cloud.google.com labels and rejects them in a pool's labels.
    if (cloud === "eks") for (const [k, v] of Object.entries(machine.labels)) if (!k.includes("kubernetes.io/")) out[k] = v;
    return out;
}

function machineOf(id: string, cloud: "gke" | "eks", at: string, issues: IssueList): MachineTypeSpec | undefined {
    const m = findMachineType(id);
    if (!m || m.cloud !== cloud) {
        const known = [...new Set(MACHINE_IDS(cloud))].slice(0, 12).join(", ");
        issues.add({ path: at, got: id, expected: `a ${cloud === "gke" ? "GKE machine type" : "EC2 instance type"} from the catalog (${known}, ...)`, fix: "Choose a catalogued accelerator machine type." });
        return undefined;
    }
    return m;
}

function MACHINE_IDS(cloud: "gke" | "eks"): string[] {
    const ids = ["a3-ultragpu-8g", "a4-highgpu-8g", "a3-megagpu-8g", "a3-highgpu-8g", "a2-ultragpu-8g", "g2-standard-24", "ct6e-standard-8t", "ct5p-hightpu-4t"];
    const aws = ["p5en.48xlarge", "p5e.48xlarge", "p5.48xlarge", "p4d.24xlarge", "g6e.12xlarge", "g6.12xlarge"];
    return cloud === "gke" ? ids : aws;
}

function singleHostTopology(m: MachineTypeSpec): string | undefined {
    return m.tpu?.validTopologies.find((t) => topologyChips(t) === m.tpu!.chipsPerHost);
}

function resolveGke(g: GkeConfig, issues: IssueList, warnings: string[]): GkeSpec {
    const clusterName = g.clusterName ?? "llm-d";
    g.zones.forEach((z, i) => {
        if (!z.startsWith(`${g.region}-`)) issues.add({ path: `gke.zones[${i}]`, got: z, expected: `a zone of ${g.region}`, fix: `Use ${g.region}-a/-b/-c..., or change gke.region.` });
    });
    const names = new Set<string>(["system"]);
    let rdmaZone: string | undefined;
    let rdmaPool: string | undefined;
    const pools: GkePoolSpec[] = [];
    g.nodePools.forEach((p, i) => {
        const at = `gke.nodePools[${i}]`;
        if (names.has(p.name)) issues.add({ path: `${at}.name`, got: p.name, expected: "a name unique among the node pools (and not `system`)", fix: "Rename the pool." });
        names.add(p.name);
        const machine = machineOf(p.machineType, "gke", `${at}.machineType`, issues);
        const zones = p.zones ?? g.zones;
        zones.forEach((z, j) => {
            if (!z.startsWith(`${g.region}-`)) issues.add({ path: `${at}.zones[${j}]`, got: z, expected: `a zone of ${g.region}`, fix: "Use a zone of the cluster's region." });
        });
        const capacity = p.capacity ?? GkeCapacity.OnDemand;
        if (capacity === GkeCapacity.Reservation && !p.reservationName) {
            issues.add({ path: `${at}.reservationName`, got: undefined, expected: "the reservation to consume (capacity: reservation)", fix: "Add reservationName, or choose another capacity." });
        }
        if (p.reservationName && capacity !== GkeCapacity.Reservation) {
            issues.add({ path: `${at}.reservationName`, got: p.reservationName, expected: `no reservation with capacity ${capacity}`, fix: "Set capacity: reservation, or remove reservationName." });
        }
        const autoscaled = p.minNodes !== undefined || p.maxNodes !== undefined;
        if (p.nodeCount !== undefined && autoscaled) {
            issues.add({ path: `${at}.nodeCount`, got: p.nodeCount, expected: "either nodeCount (fixed) or minNodes/maxNodes (autoscaling), not both", fix: "Remove nodeCount or minNodes/maxNodes." });
        }
        if (p.minNodes !== undefined && p.maxNodes !== undefined && p.minNodes > p.maxNodes) {
            issues.add({ path: `${at}.minNodes`, got: p.minNodes, expected: `at most maxNodes (${p.maxNodes})`, fix: "Lower minNodes or raise maxNodes." });
        }
        if (capacity === GkeCapacity.FlexStart) {
            if (p.nodeCount !== undefined) {
                issues.add({ path: `${at}.nodeCount`, got: p.nodeCount, expected: "no fixed size on a flex-start pool (it scales from 0 as pods ask for nodes)", fix: "Replace nodeCount with maxNodes." });
            }
            if (p.maxNodes === undefined) {
                issues.add({ path: `${at}.maxNodes`, got: undefined, expected: "the most nodes flex-start may provision (required with capacity: flex-start)", fix: "Add maxNodes, e.g. maxNodes: 2." });
            }
        }
        const compact = p.compactPlacement ?? false;
        if (compact && zones.length !== 1) {
            issues.add({
                path: `${at}.compactPlacement`,
                got: zones,
                expected: "exactly one zone: compact placement puts the nodes close together inside one zone",
                fix: `Set ${at}.zones to one zone, e.g. [${zones[0]}], or remove compactPlacement.`,
            });
        }
        if (compact && capacity === GkeCapacity.FlexStart && machine && !FLEX_COMPACT.includes(machine.id)) {
            issues.add({ path: `${at}.compactPlacement`, got: true, expected: `compact placement with flex-start only on ${FLEX_COMPACT.join(", ")} (got ${machine.id})`, fix: "Remove compactPlacement, or use on-demand/reservation capacity." });
        }
        let tpu: GkePoolSpec["tpu"];
        if (p.tpuTopology && machine && !machine.tpu) {
            issues.add({ path: `${at}.tpuTopology`, got: p.tpuTopology, expected: `no TPU topology on ${machine.id} (not a TPU machine type)`, fix: "Remove tpuTopology." });
        }
        if (machine?.tpu) {
            const topology = p.tpuTopology ?? singleHostTopology(machine) ?? machine.tpu.validTopologies[0];
            if (!machine.tpu.validTopologies.includes(topology)) {
                issues.add({
                    path: `${at}.tpuTopology`,
                    got: topology,
                    expected: `a topology ${machine.id} (${machine.tpu.chipsPerHost} chips per VM) can form: ${machine.tpu.validTopologies.join(", ")}`,
                    fix: "Choose one of those, or a machine type with more or fewer chips per VM.",
                });
            } else {
                const nodes = topologyChips(topology) / machine.tpu.chipsPerHost;
                const multiHost = nodes > 1;
                tpu = { topology, multiHost, nodes };
                if (multiHost) {
                    if (zones.length !== 1) issues.add({ path: `${at}.zones`, got: zones, expected: `one zone for a multi-host ${topology} slice`, fix: `Set ${at}.zones to one zone.` });
                    if (p.nodeCount !== undefined && p.nodeCount !== nodes) {
                        issues.add({ path: `${at}.nodeCount`, got: p.nodeCount, expected: `${nodes}, the VMs of a ${topology} slice (${topologyChips(topology)} chips / ${machine.tpu.chipsPerHost} per VM), or nothing`, fix: "Remove nodeCount: it follows from tpuTopology." });
                    }
                    if (autoscaled) issues.add({ path: `${at}.maxNodes`, got: p.maxNodes ?? p.minNodes, expected: "no autoscaling on a multi-host TPU slice (it is created and repaired as a unit)", fix: "Remove minNodes/maxNodes; add another pool for another slice." });
                }
            }
        }
        // A4X (GB200 NVL72): managed DRANET for the RDMA NICs, as cluster-toolkit's gke-a4x blueprint; one rack per pool.
        const nvl72 = machine?.gkeAcceleratorTopology;
        if (nvl72 && p.rdma === GkeRdmaMode.Manual) {
            issues.add({ path: `${at}.rdma`, got: p.rdma, expected: `dranet on ${machine!.id}: its 4 RDMA NICs come through GKE's managed DRANET (cluster-toolkit gke-a4x)`, fix: "Remove rdma (dranet is the default there)." });
        }
        if (nvl72 && zones.length !== 1) {
            issues.add({ path: `${at}.zones`, got: zones, expected: `one zone: a ${machine!.id} pool is placed in one NVL72 rack (workload policy ${nvl72})`, fix: `Set ${at}.zones to the zone of your ${machine!.id} capacity.` });
        }
        const dranet = p.rdma === GkeRdmaMode.Dranet || (nvl72 !== undefined && p.rdma === undefined);
        if (p.rdma !== undefined && machine && machine.networkStack !== "rdma-roce") {
            issues.add({ path: `${at}.rdma`, got: p.rdma, expected: `no rdma mode on ${machine.id} (only a3-ultragpu-8g, a4-highgpu-8g and a4x-highgpu-4g have RDMA NICs)`, fix: "Remove rdma." });
        }
        if (dranet && g.version !== undefined && versionBelow(g.version, DRANET_MIN_VERSION)) {
            issues.add({ path: "gke.version", got: g.version, expected: `1.34 or later for managed DRANET (pool ${p.name}, rdma: dranet; GKE 1.34.1-gke.1829001+)`, fix: "Raise gke.version, or use rdma: manual." });
        }
        if (machine?.networkStack === "rdma-roce" && !dranet && !nvl72) {
            if (zones.length !== 1) {
                issues.add({ path: `${at}.zones`, got: zones, expected: "exactly one zone: the RDMA VPC's network profile is zonal", fix: `Set ${at}.zones to the one zone your ${machine.id} capacity is in.` });
            } else if (rdmaZone === undefined) {
                rdmaZone = zones[0];
                rdmaPool = p.name;
            } else if (zones[0] !== rdmaZone) {
                issues.add({
                    path: `${at}.zones`,
                    got: zones,
                    expected: `[${rdmaZone}], the zone of the RDMA network profile (${rdmaZone}-vpc-roce) that pool ${rdmaPool} pins the cluster's RDMA VPC to`,
                    fix: `Move every RDMA pool (a3-ultragpu-8g, a4-highgpu-8g) to ${rdmaZone}, or split them into clusters.`,
                });
            }
        }
        if (machine?.networkStack === "gpudirect-tcpx" || machine?.networkStack === "gpudirect-tcpxo") {
            if (capacity === GkeCapacity.FlexStart) warnings.push(`${at}: ${machine.id} on flex-start: GPUDirect-${machine.networkStack === "gpudirect-tcpx" ? "TCPX" : "TCPXO"} still needs its installer DaemonSets, created with the cluster.`);
        }
        if (!machine) return;
        const nodeCount = tpu?.multiHost ? tpu.nodes : capacity === GkeCapacity.FlexStart || autoscaled ? undefined : (p.nodeCount ?? 1);
        const spec: GkePoolSpec = {
            name: p.name,
            machine,
            labels: poolLabels(machine, p.name, "gke"),
            taints: machine.taints.map((t) => ({ ...t })),
            zones,
            capacity,
            reservationName: p.reservationName,
            compactPlacement: compact || (tpu?.multiHost ?? false) || nvl72 !== undefined,
            ...(nvl72 ? { acceleratorTopology: nvl72 } : {}),
            nodeCount,
            ...(nodeCount === undefined ? { autoscaling: { min: p.minNodes ?? 0, max: p.maxNodes ?? Math.max(1, p.minNodes ?? 1) } } : {}),
            ...(tpu ? { tpu } : {}),
            networkStack: dranet && machine.networkStack === "rdma-roce" ? "dranet" : machine.networkStack,
        };
        pools.push(spec);
    });
    // GKE's driver installers of amd64 and arm64 (A4X) DRANET nodes are one DaemonSet name in kube-system.
    const dranetArch = new Set(pools.filter((p) => p.networkStack === "dranet").map((p) => p.machine.arch));
    if (dranetArch.size > 1) {
        const i = g.nodePools.findIndex((p) => findMachineType(p.machineType)?.arch === "arm64");
        issues.add({ path: `gke.nodePools[${i}].machineType`, got: g.nodePools[i].machineType, expected: "DRANET pools of one architecture per cluster (the NVIDIA driver installers of amd64 and arm64 nodes are one DaemonSet)", fix: "Put the A4X pools in their own cluster, or use rdma: manual on the amd64 pools." });
    }
    const channel = g.releaseChannel ?? GkeReleaseChannel.Regular;
    return {
        project: g.project,
        region: g.region,
        zones: g.zones,
        clusterName,
        releaseChannel: channel,
        version: g.version,
        systemPool: { machineType: g.systemPool?.machineType ?? "e2-standard-8", nodesPerZone: g.systemPool?.nodesPerZone ?? 1 },
        network: {
            nodeCidr: g.network?.nodeCidr ?? "10.0.0.0/20",
            podCidr: g.network?.podCidr ?? "10.4.0.0/14",
            serviceCidr: g.network?.serviceCidr ?? "10.8.0.0/20",
            proxyOnlyCidr: g.network?.proxyOnlyCidr ?? "10.9.0.0/23",
            acceleratorCidr: g.network?.acceleratorCidr ?? "192.168.0.0/16",
        },
        deletionProtection: g.deletionProtection ?? false,
        ...(rdmaZone ? { rdmaZone } : {}),
        pools,
    };
}

function resolveEks(e: EksConfig, issues: IssueList): EksSpec {
    const vpcCidr = e.vpcCidr ?? "10.0.0.0/16";
    if (!vpcCidr.endsWith("/16")) issues.add({ path: "eks.vpcCidr", got: vpcCidr, expected: "a /16 (the private and public subnets are cut from it)", fix: "Use e.g. 10.0.0.0/16." });
    e.zones.forEach((z, i) => {
        if (!z.startsWith(e.region)) issues.add({ path: `eks.zones[${i}]`, got: z, expected: `an availability zone of ${e.region}`, fix: `Use ${e.region}a, ${e.region}b, ...` });
    });
    const names = new Set<string>(["system"]);
    const groups: EksGroupSpec[] = [];
    e.nodeGroups.forEach((n, i) => {
        const at = `eks.nodeGroups[${i}]`;
        if (names.has(n.name)) issues.add({ path: `${at}.name`, got: n.name, expected: "a name unique among the node groups (and not `system`)", fix: "Rename the node group." });
        names.add(n.name);
        const machine = machineOf(n.instanceType, "eks", `${at}.instanceType`, issues);
        const capacity = n.capacity ?? EksCapacity.OnDemand;
        const reserved = capacity === EksCapacity.CapacityBlock || capacity === EksCapacity.CapacityReservation;
        if (machine?.capacityBlocksOnly && capacity !== EksCapacity.CapacityBlock) {
            issues.add({ path: `${at}.capacity`, got: capacity, expected: `capacity-block: ${machine.id} comes only as EC2 Capacity Blocks for ML (UltraServers)`, fix: "Set capacity: capacity-block and capacityReservationId to the block's cr-... id." });
        }
        if (reserved && !n.capacityReservationId) {
            issues.add({ path: `${at}.capacityReservationId`, got: undefined, expected: `the cr-... id of the ${capacity === EksCapacity.CapacityBlock ? "Capacity Block" : "Capacity Reservation"} (capacity: ${capacity})`, fix: "Add capacityReservationId." });
        }
        if (n.capacityReservationId && !reserved) {
            issues.add({ path: `${at}.capacityReservationId`, got: n.capacityReservationId, expected: `no reservation id with capacity ${capacity}`, fix: "Set capacity: capacity-block or capacity-reservation, or remove capacityReservationId." });
        }
        const hasEfa = machine?.networkStack === "efa";
        if (n.efa && machine && !hasEfa) {
            issues.add({ path: `${at}.efa`, got: true, expected: `an instance type with EFA (${machine.id} has none)`, fix: "Remove efa, or use p4d/p5/p5e/p5en." });
        }
        const efa = n.efa ?? hasEfa;
        const placementGroup = n.placementGroup ?? efa;
        const zone = n.zone ?? e.zones[0];
        if (!e.zones.includes(zone)) issues.add({ path: `${at}.zone`, got: zone, expected: `one of eks.zones (${e.zones.join(", ")}), where the private subnets are`, fix: "Add the zone to eks.zones, or choose one of them." });
        const desiredSize = n.desiredSize ?? (capacity === EksCapacity.CapacityBlock ? 0 : 1);
        const minSize = n.minSize ?? desiredSize;
        const maxSize = n.maxSize ?? Math.max(1, desiredSize);
        if (minSize > desiredSize || desiredSize > maxSize) {
            issues.add({ path: `${at}.desiredSize`, got: desiredSize, expected: `minSize (${minSize}) <= desiredSize <= maxSize (${maxSize})`, fix: "Adjust the sizes." });
        }
        if (n.amiReleaseVersion !== undefined) {
            const minor = n.amiReleaseVersion.split(".").slice(0, 2).join(".");
            const clusterVersion = e.version ?? "1.34";
            if (minor !== clusterVersion) {
                issues.add({
                    path: `${at}.amiReleaseVersion`,
                    got: n.amiReleaseVersion,
                    expected: `a release of the cluster's Kubernetes version ${clusterVersion} (${clusterVersion}.x-YYYYMMDD)`,
                    fix: `Use a release listed under /aws/service/eks/optimized-ami/${clusterVersion}/ in SSM, or remove amiReleaseVersion to take the current one.`,
                });
            }
        }
        if (!machine) return;
        groups.push({
            name: n.name,
            machine,
            labels: poolLabels(machine, n.name, "eks"),
            taints: machine.taints.map((t) => ({ ...t })),
            zone,
            capacity,
            capacityReservationId: n.capacityReservationId,
            placementGroup,
            efa,
            ...(n.amiReleaseVersion !== undefined ? { amiReleaseVersion: n.amiReleaseVersion } : {}),
            desiredSize,
            minSize,
            maxSize,
        });
    });
    return {
        region: e.region,
        zones: e.zones,
        clusterName: e.clusterName ?? "llm-d",
        version: e.version ?? "1.34",
        vpcCidr,
        systemNodeGroup: { instanceType: e.systemNodeGroup?.instanceType ?? "m6i.2xlarge", size: e.systemNodeGroup?.size ?? 2 },
        adminPrincipalArns: [...(e.adminPrincipalArns ?? [])],
        groups,
    };
}

/** Resolves `gke` / `eks`; rules that need no service. */
export function resolveInfra(cfg: StackConfig, issues: IssueList, warnings: string[]): InfraSpec {
    return {
        ...(cfg.gke ? { gke: resolveGke(cfg.gke, issues, warnings) } : {}),
        ...(cfg.eks ? { eks: resolveEks(cfg.eks, issues) } : {}),
    };
}

function bindingOf(pool: GkePoolSpec | EksGroupSpec, cloud: "gke" | "eks"): PoolBinding {
    const m = pool.machine;
    const efa = cloud === "eks" && (pool as EksGroupSpec).efa;
    const gkePool = pool as GkePoolSpec;
    return {
        cloud,
        name: pool.name,
        machineType: m.id,
        chipsPerNode: m.chipsPerNode,
        networkStack: cloud === "eks" ? (efa ? m.networkStack : "none") : gkePool.networkStack,
        podNetworks: cloud === "gke" ? gkePodNetworks(gkePool) : [],
        efaPerNode: efa ? (m.efaInterfaces ?? m.nics) : 0,
        ...(gkePool.tpu ? { tpuTopology: gkePool.tpu.topology } : {}),
        scaleFromZero:
            cloud === "gke"
                ? gkePool.capacity === GkeCapacity.FlexStart || (gkePool.autoscaling?.min ?? 1) === 0
                : (pool as EksGroupSpec).capacity === EksCapacity.CapacityBlock || (pool as EksGroupSpec).desiredSize === 0,
    };
}

/** The Network objects a pod on this pool attaches (manual RDMA: rdma-0..7; GPUDirect-TCPX(O): vpc1..vpcN). */
function gkePodNetworks(pool: GkePoolSpec): string[] {
    if (pool.networkStack === "rdma-roce") return rdmaPodNetworks();
    if (pool.networkStack === "gpudirect-tcpxo") return tcpxPodNetworks(8);
    if (pool.networkStack === "gpudirect-tcpx") return tcpxPodNetworks(pool.machine.nics);
    return [];
}

function fastNetwork(b: PoolBinding): AcceleratorNetwork {
    if (b.networkStack === "rdma-roce" || b.networkStack === "dranet") return AcceleratorNetwork.RdmaRoce;
    if (b.networkStack === "efa") return AcceleratorNetwork.Efa;
    return AcceleratorNetwork.None;
}

const NEEDS_FAST_NETWORK: WellLitPath[] = [WellLitPath.PdDisaggregation, WellLitPath.WideEp];

/**
 * Rewrites a service's accelerator from the pool it names (chip, network, selector,
 * tolerations, TPU topology), so the rest of resolution sees one consistent accelerator.
 */
export function applyPool(svc: ModelServiceConfig, index: number, infra: InfraSpec, issues: IssueList): { svc: ModelServiceConfig; binding?: PoolBinding } {
    const a = svc.accelerator;
    if (!a?.nodePool) return { svc };
    const at = `services[${index}].accelerator`;
    const pool = infra.gke?.pools.find((p) => p.name === a.nodePool) ?? infra.eks?.groups.find((g) => g.name === a.nodePool);
    if (!pool) {
        const known = [...(infra.gke?.pools ?? []), ...(infra.eks?.groups ?? [])].map((p) => p.name);
        issues.add({
            path: `${at}.nodePool`,
            got: a.nodePool,
            expected: known.length ? `one of the pools the stack creates: ${known.join(", ")}` : "a pool of gke.nodePools or eks.nodeGroups (this config creates no cluster)",
            fix: known.length ? "Use one of those names." : "Add gke or eks with the pool, or remove nodePool and select nodes with chip/nodeSelector.",
        });
        return { svc };
    }
    const binding = bindingOf(pool, infra.gke?.pools.includes(pool as GkePoolSpec) ? "gke" : "eks");
    const chip = pool.machine.chip;
    if (a.chip && a.chip !== chip) {
        issues.add({ path: `${at}.chip`, got: a.chip, expected: `${chip}, the chip of node pool ${pool.name} (${pool.machine.id}), or nothing`, fix: "Remove accelerator.chip: it follows from nodePool." });
    }
    if (a.tpuTopology && binding.tpuTopology && a.tpuTopology !== binding.tpuTopology) {
        issues.add({ path: `${at}.tpuTopology`, got: a.tpuTopology, expected: `${binding.tpuTopology}, the topology of node pool ${pool.name}, or nothing`, fix: "Remove accelerator.tpuTopology: it follows from nodePool." });
    }
    const derived = fastNetwork(binding);
    const path = svc.path ?? WellLitPath.InferenceScheduling;
    let network = derived;
    if (a.network === AcceleratorNetwork.Tcp) network = AcceleratorNetwork.Tcp;
    else if (a.network !== undefined && a.network !== derived) {
        issues.add({ path: `${at}.network`, got: a.network, expected: `${derived}, the network of node pool ${pool.name} (${pool.machine.id}: ${binding.networkStack}), tcp, or nothing`, fix: "Remove accelerator.network: it follows from nodePool." });
    } else if (derived === AcceleratorNetwork.None && NEEDS_FAST_NETWORK.includes(path)) {
        const wideEp = path === WellLitPath.WideEp;
        issues.add({
            path: `${at}.nodePool`,
            got: a.nodePool,
            expected: `a pool with an RDMA or EFA network for ${path} (${pool.machine.id} has ${binding.networkStack === "none" ? "no accelerator network" : binding.networkStack + (wideEp ? ", which DeepEP (NVSHMEM) and NIXL cannot use" : ", which NIXL cannot use")})`,
            fix: wideEp
                ? "Use an a3-ultragpu-8g / a4-highgpu-8g (GKE) or p5 / p5en with efa (EKS) pool, or set accelerator.network: tcp to insist on wide-ep without RDMA: NCCL allgather_reducescatter all-to-all instead of DeepEP (over the pool's GPUDirect-TCPX/TCPXO NICs when it has them) and KV-cache transfer over TCP, much slower (a warning)."
                : "Use an a3-ultragpu-8g / a4-highgpu-8g (GKE) or p5 / p5en with efa (EKS) pool, or set accelerator.network: tcp to accept slow KV-cache transfer over the pod network (a warning).",
        });
        network = AcceleratorNetwork.Tcp; // reported above; keeps the generic network rule quiet
    }
    const tolerations = pool.taints.map((t) => ({ key: t.key, operator: "Exists", effect: t.effect }));
    return {
        binding,
        svc: {
            ...svc,
            accelerator: {
                ...a,
                chip,
                network,
                nodeSelector: { [POOL_LABEL]: pool.name, ...(a.nodeSelector ?? {}) },
                tolerations: [...tolerations, ...(a.tolerations ?? [])],
                ...(binding.tpuTopology ? { tpuTopology: binding.tpuTopology } : {}),
            },
        },
    };
}

/** Rules between a resolved service and its pool; derives EFA device requests. */
export function checkServiceOnPool(svc: ServiceSpec, binding: PoolBinding, index: number, infra: InfraSpec, issues: IssueList, warnings: string[]): void {
    const base = `services[${index}]`;
    const roles = [svc.prefill, svc.decode].filter((r): r is NonNullable<typeof r> => r !== undefined);
    for (const r of roles) {
        if (r.acceleratorsPerPod > binding.chipsPerNode) {
            issues.add({
                path: `${base}.${r.role}.tensorParallel`,
                got: r.tensorParallel,
                expected: `at most ${binding.chipsPerNode} accelerators per pod (tensorParallel x dataParallel = ${r.acceleratorsPerPod}): a ${binding.machineType} node of pool ${binding.name} has ${binding.chipsPerNode}`,
                fix: `Lower ${base}.${r.role}.tensorParallel, or use a machine type with more accelerators per node.`,
            });
        }
    }
    const pd = NEEDS_FAST_NETWORK.includes(svc.path);
    if (pd && binding.networkStack === "efa") {
        for (const r of roles) {
            if (Object.keys(r.networkResources ?? {}).length) continue;
            // Each GPU gets its share of the node's EFA interfaces (p5en: 16 / 8 = 2, as llm-d's AWS guide requests).
            const n = Math.max(1, Math.floor((binding.efaPerNode * r.acceleratorsPerPod) / binding.chipsPerNode));
            r.networkResources = { [EFA_RESOURCE]: n };
        }
    }
    if (pd && binding.networkStack === "rdma-roce") {
        const partial = roles.filter((r) => r.acceleratorsPerPod < binding.chipsPerNode);
        if (partial.length) {
            warnings.push(
                `${base}: ${partial.map((r) => `${r.role} pods use ${r.acceleratorsPerPod} of ${binding.chipsPerNode} GPUs`).join(", ")} on RDMA pool ${binding.name}; ` +
                    `each pod attaches all ${binding.podNetworks.length} RDMA networks (${binding.podNetworks[0]}..), so only one model-server pod fits per node and the other GPUs stay idle. Use tensorParallel x dataParallel = ${binding.chipsPerNode}.`,
            );
        }
    }
    const gpuDirect = binding.networkStack === "gpudirect-tcpx" || binding.networkStack === "gpudirect-tcpxo";
    const grouped = roles.filter((r) => (r.groupSize ?? 1) > 1 && r.acceleratorsPerPod < binding.chipsPerNode);
    if (gpuDirect && grouped.length) {
        // GKE's GPUDirect-TCPX(O) guide: a workload uses all GPUs and all GPU NICs of its node.
        warnings.push(
            `${base}: ${grouped.map((r) => `${r.role} pods use ${r.acceleratorsPerPod} of ${binding.chipsPerNode} GPUs`).join(", ")} on ${binding.networkStack} pool ${binding.name}; ` +
                `the receive-datapath sidecar serves all GPU NICs of a node, so use tensorParallel x dataParallel = ${binding.chipsPerNode}.`,
        );
    }
    const maxNodes = poolMaxNodes(binding.name, infra);
    const wanted = roles.reduce((n, r) => n + r.replicas * r.acceleratorsPerPod, 0);
    if (wanted > maxNodes * binding.chipsPerNode) {
        warnings.push(`${base}: asks for ${wanted} accelerators but node pool ${binding.name} holds at most ${maxNodes * binding.chipsPerNode} (${maxNodes} x ${binding.machineType}); some pods will stay Pending.`);
    }
}

/** Most nodes a pool can have: GKE fixed size (per zone) x zones or the autoscaling maximum; EKS maxSize. */
export function poolMaxNodes(name: string, infra: InfraSpec): number {
    const pool = infra.gke?.pools.find((p) => p.name === name);
    if (pool) return pool.nodeCount !== undefined ? pool.nodeCount * pool.zones.length : pool.autoscaling!.max;
    return infra.eks?.groups.find((g) => g.name === name)?.maxSize ?? 0;
}

/** What a service's node pool can hold for its autoscaled decode pods (config/autoscaling.ts), or undefined without a pool. */
export function poolCapacity(svc: ServiceSpec, infra: InfraSpec): PoolCapacity | undefined {
    const b = svc.accelerator.pool;
    if (!b) return undefined;
    const prefill = svc.prefill;
    return {
        pool: b.name,
        machineType: b.machineType,
        maxNodes: poolMaxNodes(b.name, infra),
        chipsPerNode: b.chipsPerNode,
        reservedAccelerators: prefill ? prefill.replicas * prefill.acceleratorsPerPod * (prefill.groupSize ?? 1) : 0,
    };
}
