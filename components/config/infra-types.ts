// Public input types of the cloud infrastructure LlmdStack can create (`gke`, `eks`): part of
// the config file's shape and of the provider schema, so interfaces, string enums, optional
// sub-objects and no unions. The zod rules are in ./infra-schema.ts; cross-field rules in
// ./infra/resolve.ts.

/** How a GKE node pool obtains its VMs. */
export enum GkeCapacity {
    /** On-demand VMs. */
    OnDemand = "on-demand",
    /** Spot VMs: discounted, preemptible at any time (GKE labels the nodes `cloud.google.com/gke-spot=true`). */
    Spot = "spot",
    /** A specific Compute Engine reservation named by `reservationName`; the reservation must match the machine type, accelerator count and zones. */
    Reservation = "reservation",
    /** Dynamic Workload Scheduler flex-start: GKE provisions the VMs when capacity is available, for at most 7 days each. The pool autoscales from 0 to `maxNodes`. Flex-start VMs are never spot VMs. */
    FlexStart = "flex-start",
}

/** How an A3 Ultra / A4 pool wires its RDMA NICs (GPUDirect-RDMA over RoCE). */
export enum GkeRdmaMode {
    /** Multi-networking: the stack creates the RDMA VPC (network profile `<zone>-vpc-roce`, 8 subnets), GKENetworkParamSet/Network objects rdma-0..rdma-7 and the gIB installer; pods attach the networks by annotation and request `nvidia.com/gpu`. */
    Manual = "manual",
    /** Managed DRANET (`acceleratorNetworkProfile: auto`, GKE 1.34.1-gke.1829001 or later): GKE manages the RDMA network; pods get each GPU with the NIC on its PCIe root through a DRA ResourceClaimTemplate (device classes gpu.nvidia.com and mrdma.google.com). Needs the NVIDIA GPU DRA driver on the pool. */
    Dranet = "dranet",
}

/** GKE release channel of the cluster. */
export enum GkeReleaseChannel {
    /** Newest versions first. */
    Rapid = "rapid",
    /** The default: versions that spent time in rapid. */
    Regular = "regular",
    /** Most conservative upgrades. */
    Stable = "stable",
}

/** How an EKS node group obtains its instances. */
export enum EksCapacity {
    /** On-demand instances. */
    OnDemand = "on-demand",
    /** Spot instances: discounted, interruptible. */
    Spot = "spot",
    /** An EC2 Capacity Block for ML (`capacityReservationId` is the block's id): nodes exist only during the block. */
    CapacityBlock = "capacity-block",
    /** An On-Demand Capacity Reservation (`capacityReservationId`), targeted explicitly. */
    CapacityReservation = "capacity-reservation",
}

/** One GKE node pool of accelerators. Model services select it with `accelerator.nodePool`. */
export interface GkeNodePoolConfig {
    /** Node pool name, a DNS label of at most 30 characters; services refer to it by this name. */
    name: string;
    /** Machine type from the catalog, e.g. `a3-ultragpu-8g`, `g2-standard-24`, `ct6e-standard-8t`. It fixes the accelerator, its count per node and the network stack. */
    machineType: string;
    /** Fixed number of nodes (per zone, as GKE counts). Defaults to 1. Not with `minNodes`/`maxNodes` or flex-start; for a multi-host TPU slice it is derived from `tpuTopology` and must not be set. */
    nodeCount?: number;
    /** Autoscaling lower bound (total over the zones). Setting `minNodes` or `maxNodes` turns autoscaling on. Defaults to 0 when autoscaling. */
    minNodes?: number;
    /** Autoscaling upper bound (total over the zones). Required with flex-start. */
    maxNodes?: number;
    /** Zones of the pool's nodes. Defaults to `gke.zones`. Compact placement, RDMA and multi-host TPU pools need exactly one zone. */
    zones?: string[];
    /** Where the VMs come from. Defaults to `on-demand`. */
    capacity?: GkeCapacity;
    /** The reservation to consume (`capacity: reservation` only): its name, or `projects/<owner>/reservations/<name>` for a shared reservation. */
    reservationName?: string;
    /** Place the nodes physically close (placement policy COMPACT). Needs a single zone; with flex-start only on a3-ultragpu-8g and a4-highgpu-8g. Defaults to false (multi-host TPU slices are always compact). */
    compactPlacement?: boolean;
    /** TPU only: the slice topology, e.g. `2x4` or `4x4` (v5e/v6e) or `2x2x2` (v5p). Must be one the machine type can form; the node count follows from it (chips in the topology / chips per VM). Defaults to the single-host topology of the machine type. */
    tpuTopology?: string;
    /** A3 Ultra / A4 only: how the RDMA NICs are wired, `manual` (multi-networking) or `dranet` (managed DRANET, DRA claims). Defaults to `manual`. */
    rdma?: GkeRdmaMode;
}

/** The CPU node pool for the system, gateway and scheduler pods. */
export interface GkeSystemPoolConfig {
    /** Machine type. Defaults to `e2-standard-8`. */
    machineType?: string;
    /** Nodes per zone. Defaults to 1. */
    nodesPerZone?: number;
}

/** Address ranges of the cluster VPC and of the extra accelerator VPCs. */
export interface GkeNetworkConfig {
    /** Primary range of the nodes' subnet. Defaults to `10.0.0.0/20`. */
    nodeCidr?: string;
    /** Secondary range for pods. Defaults to `10.4.0.0/14`. */
    podCidr?: string;
    /** Secondary range for services. Defaults to `10.8.0.0/20`. */
    serviceCidr?: string;
    /** Proxy-only subnet the managed (Envoy-based) gateway needs in the region. Defaults to `10.9.0.0/23`. */
    proxyOnlyCidr?: string;
    /** A /16 the accelerator VPCs' subnets are cut from (one /24 each: GPUDirect-TCPX(O) gVNIC VPCs, the second gVNIC and the 8 RDMA subnets). Defaults to `192.168.0.0/16`. */
    acceleratorCidr?: string;
}

/** A GKE cluster with accelerator node pools, created before llm-d. */
export interface GkeConfig {
    /** Google Cloud project id. */
    project: string;
    /** Region of the (regional) cluster, e.g. `us-central1`. */
    region: string;
    /** Zones of the region the node pools use by default, e.g. `["us-central1-b"]`. */
    zones: string[];
    /** Cluster name, a DNS label of at most 30 characters; prefixes the VPCs and subnets. Defaults to `llm-d`. */
    clusterName?: string;
    /** Release channel. Defaults to `regular`. */
    releaseChannel?: GkeReleaseChannel;
    /** Minimum control plane version, e.g. `1.34`. Defaults to the channel's default. */
    version?: string;
    /** The CPU system node pool. */
    systemPool?: GkeSystemPoolConfig;
    /** Address ranges. */
    network?: GkeNetworkConfig;
    /** The accelerator node pools (at least one). */
    nodePools: GkeNodePoolConfig[];
    /** Refuse `pulumi destroy` of the cluster (GKE deletion protection). Defaults to false. */
    deletionProtection?: boolean;
}

/** One EKS managed node group of accelerators. Model services select it with `accelerator.nodePool`. */
export interface EksNodeGroupConfig {
    /** Node group name, a DNS label of at most 30 characters; services refer to it by this name. */
    name: string;
    /** Instance type from the catalog, e.g. `p5en.48xlarge`, `g6e.12xlarge`. It fixes the accelerator, its count per node and the EFA network. */
    instanceType: string;
    /** Desired nodes. Defaults to 1 (0 with a capacity block, which scales up when the block starts). */
    desiredSize?: number;
    /** Fewest nodes. Defaults to `desiredSize`. */
    minSize?: number;
    /** Most nodes. Defaults to `desiredSize` (at least 1). */
    maxSize?: number;
    /** Where the instances come from. Defaults to `on-demand`. */
    capacity?: EksCapacity;
    /** `cr-...` id of the Capacity Block or Capacity Reservation (`capacity: capacity-block` or `capacity-reservation` only). */
    capacityReservationId?: string;
    /** Launch the nodes into a cluster placement group. Defaults to true with EFA, else false. Needs a single zone. */
    placementGroup?: boolean;
    /** Attach EFA interfaces on every network card (read from the instance type at deploy time) and install the EFA device plugin. Defaults to true on instance types with EFA; an error on ones without. */
    efa?: boolean;
    /** The availability zone of the nodes (EFA traffic stays in one subnet). Defaults to the first of `eks.zones`. */
    zone?: string;
    /** The EKS-optimized NVIDIA AMI release the nodes run, e.g. `1.34.2-20261101`. Defaults to the release AWS recommends when the group is created; later runs keep the nodes on it (a new AWS release does not roll every GPU node) until this is set to the release to upgrade to. */
    amiReleaseVersion?: string;
}

/** The CPU system node group. */
export interface EksSystemNodeGroupConfig {
    /** Instance type. Defaults to `m6i.2xlarge`. */
    instanceType?: string;
    /** Nodes. Defaults to 2. */
    size?: number;
}

/** An EKS cluster with accelerator node groups, created before llm-d. */
export interface EksConfig {
    /** AWS region, e.g. `us-east-1`. */
    region: string;
    /** At least two availability zones of the region for the cluster's private subnets, e.g. `["us-east-1a", "us-east-1b"]`. */
    zones: string[];
    /** Cluster name. Defaults to `llm-d`. */
    clusterName?: string;
    /** Kubernetes version. Defaults to `1.34`. */
    version?: string;
    /** VPC range, a /16. Defaults to `10.0.0.0/16`. */
    vpcCidr?: string;
    /** The CPU system node group. */
    systemNodeGroup?: EksSystemNodeGroupConfig;
    /** The accelerator node groups (at least one). */
    nodeGroups: EksNodeGroupConfig[];
    /** IAM principal ARNs (users or roles) given cluster-admin access entries, besides the identity that creates the cluster. Defaults to none. */
    adminPrincipalArns?: string[];
}
