// The resolved infrastructure: `gke` / `eks` with every default applied and every rule checked.
// Pure data; the planners (gcp/plan.ts, aws/plan.ts) and the pod builders read only this.
import { MachineTypeSpec, NetworkStack, Taint } from "../../catalog/accelerators";
import { EksCapacity, GkeCapacity, GkeReleaseChannel } from "../infra-types";

/** StorageClasses the cluster components create for the KV cache's storage tier, by file system. */
export const KV_STORAGE_CLASSES = {
    "managed-lustre": "llmd-managed-lustre",
    filestore: "llmd-filestore",
    "fsx-lustre": "llmd-fsx-lustre",
} as const;

/** GKE: the file systems the KV cache's storage tier needs (derived from the services). */
export interface GkeKvStorageSpec {
    /** Managed Lustre: the CSI driver add-on, private service access and a StorageClass pinned to these zones. */
    managedLustre?: { throughput: number; zones: string[] };
    /** Filestore: the CSI driver add-on and a StorageClass of this tier. */
    filestore?: { tier: string };
}

/** EKS: FSx for Lustre for the KV cache's storage tier (derived from the services). */
export interface EksKvStorageSpec {
    /** The FSx CSI driver, its IAM role, a security group and a StorageClass creating PERSISTENT_2 file systems in this zone's private subnet. */
    fsxLustre?: { throughput: number; zone: string };
}

/** The node label every accelerator pool carries, so workloads select exactly their pool. */
export const POOL_LABEL = "llm-d.ai/node-pool";

/** What a model service learns from the pool it runs on (kept on its AcceleratorSpec). */
export interface PoolBinding {
    cloud: "gke" | "eks";
    name: string;
    machineType: string;
    chipsPerNode: number;
    networkStack: NetworkStack;
    /** GKE multi-networking: the Network objects a pod attaches, in interface order (eth2.. for RDMA). */
    podNetworks: string[];
    /** EKS: EFA interfaces per node (0 without EFA). */
    efaPerNode: number;
    /** TPU: the slice topology of the pool. */
    tpuTopology?: string;
    /** Nodes may not exist when the pods are created (flex-start, capacity blocks, autoscaling from 0): they come when capacity does. */
    scaleFromZero: boolean;
}

interface PoolCommon {
    name: string;
    machine: MachineTypeSpec;
    /** Labels set on the nodes (the catalog's plus POOL_LABEL). */
    labels: Record<string, string>;
    taints: Taint[];
}

export interface GkePoolSpec extends PoolCommon {
    zones: string[];
    capacity: GkeCapacity;
    reservationName?: string;
    compactPlacement: boolean;
    /** Fixed size per zone, or autoscaling bounds (total). */
    nodeCount?: number;
    autoscaling?: { min: number; max: number };
    tpu?: { topology: string; multiHost: boolean; nodes: number };
    /** A4X: the NVL72 accelerator topology of the pool's workload policy (compact placement within one rack). */
    acceleratorTopology?: string;
    /** Multi-NIC stack this pool attaches (none for G2/A2/TPU). */
    networkStack: NetworkStack;
}

export interface GkeSpec {
    project: string;
    region: string;
    zones: string[];
    clusterName: string;
    releaseChannel: GkeReleaseChannel;
    version?: string;
    systemPool: { machineType: string; nodesPerZone: number };
    network: { nodeCidr: string; podCidr: string; serviceCidr: string; proxyOnlyCidr: string; acceleratorCidr: string };
    deletionProtection: boolean;
    /** The zone the RDMA VPC's network profile is pinned to, when a pool uses RDMA. */
    rdmaZone?: string;
    pools: GkePoolSpec[];
    /** File systems for services' KV-cache storage tier. */
    kvStorage?: GkeKvStorageSpec;
}

export interface EksGroupSpec extends PoolCommon {
    zone: string;
    capacity: EksCapacity;
    capacityReservationId?: string;
    placementGroup: boolean;
    efa: boolean;
    /** The EKS AMI release the group is pinned to; unset: the release current when the group is created, kept afterwards. */
    amiReleaseVersion?: string;
    desiredSize: number;
    minSize: number;
    maxSize: number;
}

export interface EksSpec {
    region: string;
    zones: string[];
    clusterName: string;
    version: string;
    vpcCidr: string;
    systemNodeGroup: { instanceType: string; size: number };
    adminPrincipalArns: string[];
    groups: EksGroupSpec[];
    /** File systems for services' KV-cache storage tier. */
    kvStorage?: EksKvStorageSpec;
}

export interface InfraSpec {
    gke?: GkeSpec;
    eks?: EksSpec;
}
