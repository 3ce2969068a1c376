// Pure plan of a GKE cluster for llm-d: VPCs and subnets, the cluster's arguments, node pools
// with their accelerator networks and capacity, and the in-cluster network objects and installer
// DaemonSets. Argument names are @pulumi/gcp 9.37.0's (container.ClusterArgs / NodePoolArgs,
// compute.NetworkArgs / SubnetworkArgs / FirewallArgs), so the component passes them as they are.
import { GKE_GPU_DRA, GKE_GPU_NETWORK_INSTALLERS } from "../../catalog/versions";
import { GkeCapacity } from "../../config/infra-types";
import { K8sObject, RemoteManifest } from "../common";
import { GkePoolSpec, GkeSpec, KV_STORAGE_CLASSES } from "../../config/infra/spec";
import { RDMA_NICS, SECOND_GVNIC, rdmaPodNetworks, tcpxPodNetworks } from "../../config/infra/gcp-names";

/** MTUs: RDMA VPCs take the maximum 8896 (GCP network profile docs; dranet GKE demo shows mtu 8896); GPUDirect-TCPX(O) gVNIC VPCs 8244 (cluster-toolkit a3 blueprints). */
export const RDMA_MTU = 8896;
export const GPU_VPC_MTU = 8244;
/** GCP's default VPC MTU. */
export const DEFAULT_MTU = 1460;

export type NetworkRole = "cluster" | "gpu" | "gvnic" | "rdma";

export interface SubnetPlan {
    name: string;
    ipCidrRange: string;
    secondaryIpRanges?: { rangeName: string; ipCidrRange: string }[];
    /** REGIONAL_MANAGED_PROXY for the gateway's proxy-only subnet. */
    purpose?: string;
    role?: string;
}

export interface NetworkPlan {
    name: string;
    role: NetworkRole;
    mtu: number;
    /** RDMA: `projects/<p>/global/networkProfiles/<zone>-vpc-roce` (creation-only). */
    networkProfile?: string;
    subnets: SubnetPlan[];
    /** Allow-internal firewall source range (GPU gVNIC VPCs); the RDMA VPC's profile manages its own. */
    allowInternalFrom?: string;
    /**
     * Private services access (Managed Lustre): a global VPC_PEERING range peered with Google's service
     * network, and a firewall rule letting the range reach the nodes on Lustre's LNet port.
     */
    privateServiceAccess?: { addressName: string; prefixLength: number; firewallName: string; tcpPorts: string[] };
}

export interface NodePoolPlan {
    name: string;
    /** Machine type id, for readers. */
    machineType: string;
    args: Record<string, unknown>;
    /**
     * A4X: the workload policy (compute.ResourcePolicyArgs) placing the pool in one NVL72 rack; the pool's
     * placementPolicy names it (policyName added at deploy time).
     */
    resourcePolicy?: { name: string; args: Record<string, unknown> };
}

export interface GkePlan {
    clusterName: string;
    networks: NetworkPlan[];
    /** container.ClusterArgs (network/subnetwork by name). */
    cluster: Record<string, unknown>;
    systemPool: NodePoolPlan;
    pools: NodePoolPlan[];
    /** GKENetworkParamSet + Network objects of multi-networking. */
    objects: K8sObject[];
    /** NCCL / gIB installer DaemonSets (and the GPU driver installer of DRANET pools). */
    manifests: RemoteManifest[];
    /** Helm charts inside the cluster: NVIDIA's GPU DRA driver when a pool uses managed DRANET. */
    charts: GkeChartPlan[];
}

export interface GkeChartPlan {
    name: string;
    chart: string;
    version: string;
    repo: string;
    namespace: string;
    values: Record<string, unknown>;
}

/**
 * Node labels of a managed-DRANET pool: GKE's DRANET driver, and GPU DRA instead of GKE's device
 * plugin (research notes §1.3 and §1.5 "DRANET path", from cluster-toolkit gke-node-pool).
 */
export const DRANET_NODE_LABELS: Record<string, string> = {
    "cloud.google.com/gke-networking-dra-driver": "true",
    "cloud.google.com/gke-nvidia-gpu-dra-driver": "true",
    "gke-no-default-nvidia-gpu-device-plugin": "true",
    "nvidia.com/gpu.present": "true",
};

const RELEASE_CHANNEL = { rapid: "RAPID", regular: "REGULAR", stable: "STABLE" } as const;
const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

function octets(cidr: string): [string, string] {
    const [a, b] = cidr.split("/")[0].split(".");
    return [a, b];
}

/** GPUDirect-TCPX(O) gVNIC VPCs needed: 4 for A3 High, 8 for A3 Mega (the most any pool uses). */
function gpuVpcCount(spec: GkeSpec): number {
    return Math.max(0, ...spec.pools.map((p) => (p.networkStack === "gpudirect-tcpxo" ? 8 : p.networkStack === "gpudirect-tcpx" ? p.machine.nics : 0)));
}

export function networkNames(spec: GkeSpec) {
    const c = spec.clusterName;
    return {
        cluster: `${c}-net`,
        subnet: `${c}-subnet`,
        proxyOnly: `${c}-proxy-only`,
        gpu: (i: number) => `${c}-gpu-${i}`,
        gpuSubnet: (i: number) => `${c}-gpu-${i}-sub`,
        gvnic: `${c}-gvnic-1`,
        gvnicSubnet: `${c}-gvnic-1-sub`,
        rdma: `${c}-rdma`,
        rdmaSubnet: (i: number) => `${c}-rdma-sub-${i}`,
    };
}

function planNetworks(spec: GkeSpec): NetworkPlan[] {
    const n = networkNames(spec);
    const [a, b] = octets(spec.network.acceleratorCidr);
    const nets: NetworkPlan[] = [
        {
            name: n.cluster,
            role: "cluster",
            mtu: DEFAULT_MTU,
            subnets: [
                {
                    name: n.subnet,
                    ipCidrRange: spec.network.nodeCidr,
                    secondaryIpRanges: [
                        { rangeName: "pods", ipCidrRange: spec.network.podCidr },
                        { rangeName: "services", ipCidrRange: spec.network.serviceCidr },
                    ],
                },
                // The managed gateway's Envoy proxies live in this subnet (GKE Gateway docs, research notes §1.2).
                { name: n.proxyOnly, ipCidrRange: spec.network.proxyOnlyCidr, purpose: "REGIONAL_MANAGED_PROXY", role: "ACTIVE" },
            ],
            ...(privateServiceAccess(spec) ? { privateServiceAccess: privateServiceAccess(spec) } : {}),
        },
    ];
    for (let i = 1; i <= gpuVpcCount(spec); i++) {
        const range = `${a}.${b}.${i}.0/24`;
        nets.push({ name: n.gpu(i), role: "gpu", mtu: GPU_VPC_MTU, subnets: [{ name: n.gpuSubnet(i), ipCidrRange: range }], allowInternalFrom: `${a}.${b}.0.0/16` });
    }
    if (spec.rdmaZone) {
        nets.push({ name: n.gvnic, role: "gvnic", mtu: GPU_VPC_MTU, subnets: [{ name: n.gvnicSubnet, ipCidrRange: `${a}.${b}.100.0/24` }], allowInternalFrom: `${a}.${b}.0.0/16` });
        nets.push({
            name: n.rdma,
            role: "rdma",
            mtu: RDMA_MTU,
            // source: cluster-toolkit modules/network/gpu-rdma-vpc (projects/<p>/global/networkProfiles/<zone>-vpc-roce)
            networkProfile: `projects/${spec.project}/global/networkProfiles/${spec.rdmaZone}-vpc-roce`,
            subnets: Array.from({ length: RDMA_NICS }, (_, i) => ({ name: n.rdmaSubnet(i), ipCidrRange: `${a}.${b}.${200 + i}.0/24` })),
        });
    }
    return nets;
}

/**
 * Managed Lustre through private services access (Managed Lustre docs "Configure a VPC network": a
 * VPC_PEERING range, /20 for several instances, peered through servicenetworking.googleapis.com, and a
 * firewall rule allowing TCP from the range; LNet listens on 988, cluster-toolkit's Managed Lustre
 * block opens the same port).
 */
export const LUSTRE_PSA_PREFIX_LENGTH = 20;
export const LUSTRE_TCP_PORTS = ["988"];

function privateServiceAccess(spec: GkeSpec): NetworkPlan["privateServiceAccess"] {
    if (!spec.kvStorage?.managedLustre) return undefined;
    return { addressName: `${spec.clusterName}-lustre-psa`, prefixLength: LUSTRE_PSA_PREFIX_LENGTH, firewallName: `${spec.clusterName}-allow-lustre`, tcpPorts: LUSTRE_TCP_PORTS };
}

/** The cluster add-ons a storage tier needs: GKE's Managed Lustre and Filestore CSI drivers (@pulumi/gcp 9.37.0 ClusterAddonsConfig). */
function addonsConfig(spec: GkeSpec): Record<string, unknown> | undefined {
    const k = spec.kvStorage;
    if (!k?.managedLustre && !k?.filestore) return undefined;
    return {
        ...(k.managedLustre ? { lustreCsiDriverConfig: { enabled: true } } : {}),
        ...(k.filestore ? { gcpFilestoreCsiDriverConfig: { enabled: true } } : {}),
    };
}

/**
 * StorageClasses of the storage tier. Managed Lustre: lustre.csi.storage.gke.io with the cluster's
 * network and the per-TiB throughput, pinned to the pools' zones (an instance is zonal), bound at
 * once (llm-d guides/tiered-prefix-cache/manifests/backends/lustre/storage_class.yaml). Filestore:
 * filestore.csi.storage.gke.io with its tier and network, bound where the first pod lands.
 */
export function gkeStorageClasses(spec: GkeSpec): K8sObject[] {
    const k = spec.kvStorage;
    const network = networkNames(spec).cluster;
    const out: K8sObject[] = [];
    if (k?.managedLustre) {
        out.push({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: KV_STORAGE_CLASSES["managed-lustre"] },
            provisioner: "lustre.csi.storage.gke.io",
            parameters: { network, perUnitStorageThroughput: String(k.managedLustre.throughput) },
            reclaimPolicy: "Delete",
            volumeBindingMode: "Immediate",
            ...(k.managedLustre.zones.length
                ? { allowedTopologies: [{ matchLabelExpressions: [{ key: "topology.gke.io/zone", values: k.managedLustre.zones }] }] }
                : {}),
        } as K8sObject);
    }
    if (k?.filestore) {
        out.push({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: KV_STORAGE_CLASSES.filestore },
            provisioner: "filestore.csi.storage.gke.io",
            parameters: { tier: k.filestore.tier, network },
            reclaimPolicy: "Delete",
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
        } as K8sObject);
    }
    return out;
}

function multiNetworking(spec: GkeSpec): boolean {
    return spec.pools.some((p) => p.networkStack === "gpudirect-tcpx" || p.networkStack === "gpudirect-tcpxo" || p.networkStack === "rdma-roce");
}

function clusterArgs(spec: GkeSpec): Record<string, unknown> {
    const n = networkNames(spec);
    return {
        name: spec.clusterName,
        project: spec.project,
        location: spec.region,
        nodeLocations: spec.zones,
        network: n.cluster,
        subnetwork: n.subnet,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
        // Dataplane V2 can only be chosen at creation, and multi-networking and DRANET need it (research notes §1.2).
        datapathProvider: "ADVANCED_DATAPATH",
        enableMultiNetworking: multiNetworking(spec),
        gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "DCGM"], managedPrometheus: { enabled: true } },
        workloadIdentityConfig: { workloadPool: `${spec.project}.svc.id.goog` },
        releaseChannel: { channel: RELEASE_CHANNEL[spec.releaseChannel] },
        ...(spec.version ? { minMasterVersion: spec.version } : {}),
        ...(addonsConfig(spec) ? { addonsConfig: addonsConfig(spec) } : {}),
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: spec.deletionProtection,
    };
}

function additionalNetworks(spec: GkeSpec, pool: GkePoolSpec): { network: string; subnetwork: string }[] {
    const n = networkNames(spec);
    switch (pool.networkStack) {
        case "gpudirect-tcpx":
        case "gpudirect-tcpxo": {
            const count = pool.networkStack === "gpudirect-tcpxo" ? 8 : pool.machine.nics;
            return Array.from({ length: count }, (_, k) => ({ network: n.gpu(k + 1), subnetwork: n.gpuSubnet(k + 1) }));
        }
        case "rdma-roce":
            // eth1 = second gVNIC, eth2..eth9 = the 8 RDMA NICs (cluster-toolkit gke-a3-ultragpu blueprint order).
            return [{ network: n.gvnic, subnetwork: n.gvnicSubnet }, ...Array.from({ length: RDMA_NICS }, (_, i) => ({ network: n.rdma, subnetwork: n.rdmaSubnet(i) }))];
        default:
            return [];
    }
}

function poolArgs(spec: GkeSpec, pool: GkePoolSpec): Record<string, unknown> {
    const m = pool.machine;
    const gpu = !m.tpu;
    const nets = additionalNetworks(spec, pool);
    const dranet = pool.networkStack === "dranet";
    const nodeConfig: Record<string, unknown> = {
        machineType: m.id,
        imageType: "COS_CONTAINERD",
        labels: { ...pool.labels, ...(dranet ? { ...DRANET_NODE_LABELS, "goog-gke-accelerator-type": m.chip } : {}) },
        // GKE taints GPU and TPU pools itself; GPU taints are also set explicitly, as cluster-toolkit does.
        // kubernetes.io/arch=arm64 is GKE's own taint on Arm nodes: pods tolerate it, the pool does not set it.
        ...(gpu ? { taints: pool.taints.filter((t) => !t.key.startsWith("kubernetes.io/")).map((t) => ({ key: t.key, value: t.value ?? "", effect: TAINT_EFFECT[t.effect] })) } : {}),
        // DRANET pools run GPU DRA: the driver comes from the installer DaemonSet, not GKE (research notes §1.5).
        ...(gpu ? { guestAccelerators: [{ type: m.chip, count: m.chipsPerNode, gpuDriverInstallationConfig: { gpuDriverVersion: dranet ? "INSTALLATION_DISABLED" : "LATEST" } }] } : {}),
        ...(nets.length || dranet ? { gvnic: { enabled: true } } : {}),
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    };
    switch (pool.capacity) {
        case GkeCapacity.Spot:
            nodeConfig.spot = true;
            nodeConfig.reservationAffinity = { consumeReservationType: "NO_RESERVATION" };
            break;
        case GkeCapacity.Reservation:
            nodeConfig.reservationAffinity = { consumeReservationType: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: [pool.reservationName] };
            break;
        case GkeCapacity.FlexStart:
            nodeConfig.flexStart = true;
            nodeConfig.reservationAffinity = { consumeReservationType: "NO_RESERVATION" };
            break;
        default:
            break;
    }
    const args: Record<string, unknown> = {
        name: pool.name,
        project: spec.project,
        location: spec.region,
        nodeLocations: pool.zones,
        ...(pool.nodeCount !== undefined ? { nodeCount: pool.nodeCount } : {}),
        ...(pool.autoscaling
            ? { autoscaling: { totalMinNodeCount: pool.autoscaling.min, totalMaxNodeCount: pool.autoscaling.max, locationPolicy: "ANY" } }
            : {}),
        // Flex-start VMs are not repaired in place (research notes §1.6). Release channels need auto-upgrade.
        management: { autoRepair: pool.capacity !== GkeCapacity.FlexStart, autoUpgrade: true },
        nodeConfig,
    };
    if (pool.acceleratorTopology) args.placementPolicy = { type: "COMPACT" };
    else if (pool.tpu?.multiHost) args.placementPolicy = { type: "COMPACT", tpuTopology: pool.tpu.topology };
    else if (pool.compactPlacement) args.placementPolicy = { type: "COMPACT" };
    // A surge node needs capacity a fully used reservation or compact placement does not have: GKE's
    // default surge upgrade then fails and retries. These pools upgrade one node at a time, in place.
    if (pool.capacity === GkeCapacity.Reservation || args.placementPolicy) {
        args.upgradeSettings = { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 };
    }
    if (nets.length) args.networkConfig = { additionalNodeNetworkConfigs: nets };
    // GKE creates and attaches the RDMA networks itself (NodePoolNetworkConfig.acceleratorNetworkProfile "auto", @pulumi/gcp 9.37.0).
    if (dranet) args.networkConfig = { acceleratorNetworkProfile: "auto" };
    return args;
}

/**
 * A4X's NVL72 placement: a workload policy of type HIGH_THROUGHPUT with the accelerator topology `1x72`,
 * named by the pool's compact placement policy (cluster-toolkit examples/gke-a4x/gke-a4x.yaml; @pulumi/gcp
 * 9.37.0 compute.ResourcePolicy workloadPolicy).
 */
function workloadPolicy(spec: GkeSpec, pool: GkePoolSpec): { name: string; args: Record<string, unknown> } {
    const name = `${spec.clusterName}-${pool.name}-nvl72`;
    return { name, args: { name, project: spec.project, region: spec.region, workloadPolicy: { type: "HIGH_THROUGHPUT", acceleratorTopology: pool.acceleratorTopology } } };
}

function paramSet(name: string, vpc: string, subnet: string, deviceMode: "NetDevice" | "RDMA"): K8sObject[] {
    // source: cluster-toolkit modules/scheduler/gke-cluster/templates (GKENetworkParamSet + Network per additional network)
    return [
        { apiVersion: "networking.gke.io/v1", kind: "GKENetworkParamSet", metadata: { name }, spec: { vpc, vpcSubnet: subnet, deviceMode } },
        {
            apiVersion: "networking.gke.io/v1",
            kind: "Network",
            metadata: { name },
            spec: { type: "Device", parametersRef: { group: "networking.gke.io", kind: "GKENetworkParamSet", name } },
        },
    ];
}

function networkObjects(spec: GkeSpec): K8sObject[] {
    const n = networkNames(spec);
    const out: K8sObject[] = [];
    tcpxPodNetworks(gpuVpcCount(spec)).forEach((name, i) => out.push(...paramSet(name, n.gpu(i + 1), n.gpuSubnet(i + 1), "NetDevice")));
    if (spec.rdmaZone) {
        out.push(...paramSet(SECOND_GVNIC, n.gvnic, n.gvnicSubnet, "NetDevice"));
        rdmaPodNetworks().forEach((name, i) => out.push(...paramSet(name, n.rdma, n.rdmaSubnet(i), "RDMA")));
    }
    return out;
}

function installers(spec: GkeSpec): RemoteManifest[] {
    const stacks = new Set(spec.pools.map((p) => p.networkStack));
    const out: RemoteManifest[] = [];
    const add = (m: { name: string; version: string; url: string }, purpose: string) => out.push({ name: m.name, url: m.url, version: m.version, purpose });
    if (stacks.has("rdma-roce")) add(GKE_GPU_NETWORK_INSTALLERS.rdma, "gIB NCCL plugin and RDMA setup on A3 Ultra / A4 nodes");
    if (stacks.has("gpudirect-tcpx")) add(GKE_GPU_NETWORK_INSTALLERS.tcpx, "GPUDirect-TCPX NCCL plugin on A3 High nodes");
    if (stacks.has("gpudirect-tcpxo")) add(GKE_GPU_NETWORK_INSTALLERS.tcpxo, "GPUDirect-TCPXO NCCL plugin on A3 Mega nodes");
    if (stacks.has("gpudirect-tcpx") || stacks.has("gpudirect-tcpxo")) add(GKE_GPU_NETWORK_INSTALLERS.nriDeviceInjector, "NRI device injector for the TCPX(O) receive-datapath sidecar");
    const dranet = spec.pools.filter((p) => p.networkStack === "dranet");
    if (dranet.some((p) => p.machine.arch === "amd64")) add(GKE_GPU_DRA.driverInstaller, "NVIDIA driver on the managed-DRANET GPU nodes (GKE installs none with GPU DRA)");
    if (dranet.some((p) => p.machine.arch === "arm64")) add(GKE_GPU_DRA.driverInstallerA4x, "NVIDIA driver on the A4X (GB200, arm64) managed-DRANET nodes");
    return out;
}

function charts(spec: GkeSpec): GkeChartPlan[] {
    const dranet = spec.pools.filter((p) => p.networkStack === "dranet");
    if (!dranet.length) return [];
    const nvl72 = dranet.some((p) => p.acceleratorTopology !== undefined);
    const arm64 = dranet.some((p) => p.machine.arch === "arm64");
    const c = GKE_GPU_DRA.chart;
    return [
        {
            name: "nvidia-dra-driver-gpu",
            chart: c.chart,
            version: c.version,
            repo: c.repo,
            namespace: c.namespace,
            // GPUs through DRA; ComputeDomains (IMEX over multi-node NVLink) only with an NVL72 (A4X) pool; the COS driver
            // root. source: research notes §1.5 "DRANET path"; A4X: cluster-toolkit modules/management/kubectl-apply (computeDomains on, arm64 toleration)
            values: {
                nvidiaDriverRoot: "/home/kubernetes/bin/nvidia",
                gpuResourcesEnabledOverride: true,
                resources: { gpus: { enabled: true }, computeDomains: { enabled: nvl72 } },
                kubeletPlugin: {
                    tolerations: [
                        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
                        ...(arm64 ? [{ key: "kubernetes.io/arch", operator: "Equal", value: "arm64", effect: "NoSchedule" }] : []),
                    ],
                    nodeSelector: { "cloud.google.com/gke-nvidia-gpu-dra-driver": "true" },
                },
            },
        },
    ];
}

/** Everything the GKE cluster component creates, as data. */
export function planGke(spec: GkeSpec): GkePlan {
    const systemPool: NodePoolPlan = {
        name: "system",
        machineType: spec.systemPool.machineType,
        args: {
            name: "system",
            project: spec.project,
            location: spec.region,
            nodeLocations: spec.zones,
            nodeCount: spec.systemPool.nodesPerZone,
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: spec.systemPool.machineType,
                imageType: "COS_CONTAINERD",
                workloadMetadataConfig: { mode: "GKE_METADATA" },
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            },
        },
    };
    return {
        clusterName: spec.clusterName,
        networks: planNetworks(spec),
        cluster: clusterArgs(spec),
        systemPool,
        pools: spec.pools.map((p) => ({ name: p.name, machineType: p.machine.id, args: poolArgs(spec, p), ...(p.acceleratorTopology ? { resourcePolicy: workloadPolicy(spec, p) } : {}) })),
        objects: [...networkObjects(spec), ...gkeStorageClasses(spec)],
        manifests: installers(spec),
        charts: charts(spec),
    };
}
