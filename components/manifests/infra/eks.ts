// Pure plan of an EKS cluster for llm-d: VPC and subnets, the CPU system node group, GPU node
// groups with their launch templates (EFA interfaces, placement, capacity) and the device
// plugin charts. Argument names are @pulumi/aws 7.48.0's (eks.NodeGroupArgs, ec2.LaunchTemplateArgs).
import { findChip } from "../../catalog/accelerators";
import { EKS_DEVICE_PLUGIN_CHARTS, FSX_CSI_DRIVER, GKE_GPU_DRA } from "../../catalog/versions";
import { EksCapacity } from "../../config/infra-types";
import { ChartSpec } from "../common";
import { EksGroupSpec, EksSpec, KV_STORAGE_CLASSES } from "../../config/infra/spec";

export interface SubnetPlan {
    name: string;
    zone: string;
    cidrBlock: string;
}

export interface NodeGroupPlan {
    name: string;
    instanceType: string;
    /** Zones whose private subnets the group uses (one for EFA / placement groups: EFA does not cross subnets). */
    zones: string[];
    scalingConfig: { desiredSize: number; minSize: number; maxSize: number };
    /** eks.NodeGroup capacityType: ON_DEMAND, SPOT or CAPACITY_BLOCK. */
    capacityType: string;
    amiType: string;
    /** Set on the node group unless the launch template names the type (capacity blocks). */
    instanceTypes?: string[];
    labels: Record<string, string>;
    taints: { key: string; value?: string; effect: string }[];
    efa: boolean;
    placementGroup: boolean;
    /** ec2.LaunchTemplate args besides networkInterfaces/placement (added at deploy time). */
    launchTemplate: Record<string, unknown>;
    /**
     * The AMI release of an accelerator group: `pinned` is the configured release; without one the
     * group takes SSM's recommended release at create time and ignores later changes of it, so an
     * AWS release never rolls the GPU nodes on its own.
     */
    ami?: { pinned: string } | { recommendedParameter: string };
    /**
     * eks.NodeGroup updateConfig: groups on reserved capacity (Capacity Blocks, Capacity
     * Reservations) have no spare instance to surge into, so they replace one node at a time,
     * terminating before launching (updateStrategy MINIMAL).
     */
    updateConfig?: { maxUnavailable: number; updateStrategy: "MINIMAL" };
}

/**
 * FSx for Lustre for the KV cache's storage tier: the CSI driver chart (its controller's service account
 * gets an IAM role through IRSA), a security group the file systems and the nodes share Lustre's ports
 * through, and a StorageClass creating PERSISTENT_2 file systems in one zone's private subnet (its subnet
 * and security group ids are added at deploy time).
 */
export interface FsxLustrePlan {
    chart: ChartSpec;
    serviceAccount: { namespace: string; name: string };
    /** AWS managed policy of the controller's role. */
    policy: string;
    /** TCP port ranges Lustre uses between file system and clients (FSx for Lustre docs: 988 and 1018-1023). */
    ports: { from: number; to: number }[];
    storageClass: { name: string; zone: string; parameters: Record<string, string> };
}

export interface EksPlan {
    clusterName: string;
    region: string;
    version: string;
    vpcCidr: string;
    publicSubnets: SubnetPlan[];
    privateSubnets: SubnetPlan[];
    systemGroup: NodeGroupPlan;
    groups: NodeGroupPlan[];
    charts: ChartSpec[];
    adminPrincipalArns: string[];
    /** FSx for Lustre, when a service's storage tier uses it. */
    fsxLustre?: FsxLustrePlan;
}

const TAINT_EFFECT = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

/** SSM parameter of the EKS-optimized AL2023 NVIDIA AMI's release (AWS EKS AMI docs: /aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/x86_64/nvidia/recommended/...). */
export function nvidiaAmiReleaseParameter(version: string, arch: "amd64" | "arm64" = "amd64"): string {
    return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch === "arm64" ? "arm64" : "x86_64"}/nvidia/recommended/release_version`;
}

/**
 * The IAM principals that get an explicit EKS access entry: the configured admins minus the
 * deployer, whom EKS already enters as cluster admin (bootstrapClusterCreatorAdminPermissions);
 * a second entry for the same principal fails with ResourceInUseException. `deployer` is the
 * caller's issuer ARN (the role behind an assumed-role session). Indexes are kept, so each
 * entry's resource name stays that of its place in the config.
 */
export function adminEntries(configured: string[], deployer: string): { index: number; arn: string }[] {
    return configured.map((arn, index) => ({ index, arn })).filter((e) => e.arn !== deployer);
}

/** One network card as ec2.getInstanceType reports it. */
export interface NetworkCard {
    index: number;
    maximumInterfaces: number;
}

export interface EfaInterface {
    networkCardIndex: number;
    deviceIndex: number;
    interfaceType: "interface" | "efa" | "efa-only";
    deleteOnTermination: "true";
    securityGroups: string[];
}

/**
 * Launch template interfaces of an EFA node: card 0 carries the primary ENA interface plus an
 * EFA-only device, every other card one EFA-only device (no IP address consumed).
 * source: AWS EC2 "EFA with multiple network cards" guidance and terraform-aws-eks issue #3653 (research notes §3.3)
 */
export function efaInterfaces(cards: NetworkCard[], securityGroups: string[]): EfaInterface[] {
    const sorted = [...cards].sort((a, b) => a.index - b.index);
    const out: EfaInterface[] = [];
    for (const card of sorted) {
        if (card.index === 0) {
            out.push({ networkCardIndex: 0, deviceIndex: 0, interfaceType: "interface", deleteOnTermination: "true", securityGroups });
            if (card.maximumInterfaces > 1) out.push({ networkCardIndex: 0, deviceIndex: 1, interfaceType: "efa-only", deleteOnTermination: "true", securityGroups });
        } else {
            out.push({ networkCardIndex: card.index, deviceIndex: 0, interfaceType: "efa-only", deleteOnTermination: "true", securityGroups });
        }
    }
    return out;
}

function subnets(spec: EksSpec): { pub: SubnetPlan[]; priv: SubnetPlan[] } {
    const [a, b] = spec.vpcCidr.split("/")[0].split(".");
    // Private /19s from the bottom of the /16 (pods take VPC addresses with the VPC CNI), public /22s from 240.
    const priv = spec.zones.map((zone, i) => ({ name: `${spec.clusterName}-private-${zone}`, zone, cidrBlock: `${a}.${b}.${i * 32}.0/19` }));
    const pub = spec.zones.map((zone, i) => ({ name: `${spec.clusterName}-public-${zone}`, zone, cidrBlock: `${a}.${b}.${240 + i * 4}.0/22` }));
    return { pub, priv };
}

function capacityType(c: EksCapacity): string {
    if (c === EksCapacity.Spot) return "SPOT";
    if (c === EksCapacity.CapacityBlock) return "CAPACITY_BLOCK";
    return "ON_DEMAND";
}

function groupPlan(g: EksGroupSpec, version: string): NodeGroupPlan {
    const block = g.capacity === EksCapacity.CapacityBlock;
    const lt: Record<string, unknown> = {
        // IMDSv2 with hop limit 2 so pods (VPC CNI, device plugins) can still reach it.
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 500, volumeType: "gp3", deleteOnTermination: "true" } }],
    };
    if (block) {
        // Capacity blocks: the type lives on the launch template, not the node group (research notes §3.2).
        lt.instanceType = g.machine.id;
        lt.instanceMarketOptions = { marketType: "capacity-block" };
    }
    if (g.capacityReservationId) lt.capacityReservationSpecification = { capacityReservationTarget: { capacityReservationId: g.capacityReservationId } };
    return {
        name: g.name,
        instanceType: g.machine.id,
        zones: [g.zone],
        scalingConfig: { desiredSize: g.desiredSize, minSize: g.minSize, maxSize: g.maxSize },
        capacityType: capacityType(g.capacity),
        amiType: g.machine.arch === "arm64" ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA",
        ...(block ? {} : { instanceTypes: [g.machine.id] }),
        labels: { ...g.labels },
        taints: g.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: TAINT_EFFECT[t.effect] })),
        efa: g.efa,
        placementGroup: g.placementGroup,
        launchTemplate: lt,
        ami: g.amiReleaseVersion !== undefined ? { pinned: g.amiReleaseVersion } : { recommendedParameter: nvidiaAmiReleaseParameter(version, g.machine.arch) },
        ...(block || g.capacity === EksCapacity.CapacityReservation ? { updateConfig: { maxUnavailable: 1, updateStrategy: "MINIMAL" as const } } : {}),
    };
}

function deviceCharts(spec: EksSpec): ChartSpec[] {
    const gpuToleration = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };
    const n = EKS_DEVICE_PLUGIN_CHARTS.nvidia;
    const charts: ChartSpec[] = [
        {
            name: "nvidia-device-plugin",
            chart: n.chart,
            version: n.version,
            repo: n.repo,
            namespace: n.namespace,
            values: { nodeSelector: { "nvidia.com/gpu.present": "true" }, tolerations: [gpuToleration] },
            dependsOn: [],
            purpose: "advertises nvidia.com/gpu on the AL2023 NVIDIA nodes (the AMI has the driver, not the plugin)",
        },
    ];
    if (spec.groups.some((g) => g.efa)) {
        const e = EKS_DEVICE_PLUGIN_CHARTS.efa;
        charts.push({
            name: "aws-efa-k8s-device-plugin",
            chart: e.chart,
            version: e.version,
            repo: e.repo,
            namespace: e.namespace,
            // Only EFA nodes: the plugin fails with "No devices found" elsewhere (research notes §3.4).
            values: { nodeSelector: { "vpc.amazonaws.com/efa.present": "true" }, tolerations: [gpuToleration] },
            dependsOn: [],
            purpose: "advertises vpc.amazonaws.com/efa on EFA nodes",
        });
    }
    if (spec.groups.some((g) => findChip(g.machine.chip)?.nvlinkDomain)) {
        // P6e-GB200 UltraServers: NVIDIA's DRA driver for ComputeDomains only (IMEX over multi-node NVLink); GPUs stay with
        // the device plugin. AWS EKS user guide "Use P6e-GB200 UltraServers with Amazon EKS" (driver 25.8.0, gpus disabled,
        // computeDomains enabled, kubelet plugin on nvidia.com/gpu.present nodes).
        const d = GKE_GPU_DRA.chart;
        charts.push({
            name: "nvidia-dra-driver-gpu",
            chart: d.chart,
            version: d.version,
            repo: d.repo,
            namespace: d.namespace,
            values: {
                resources: { gpus: { enabled: false }, computeDomains: { enabled: true } },
                kubeletPlugin: { nodeSelector: { "nvidia.com/gpu.present": "true" }, tolerations: [gpuToleration] },
            },
            dependsOn: [],
            purpose: "ComputeDomains (IMEX channels) for wide-EP across the UltraServer's multi-node NVLink",
        });
    }
    return charts;
}

function fsxLustrePlan(spec: EksSpec): FsxLustrePlan | undefined {
    const f = spec.kvStorage?.fsxLustre;
    if (!f) return undefined;
    const d = FSX_CSI_DRIVER;
    return {
        chart: {
            name: "aws-fsx-csi-driver",
            chart: d.chart,
            version: d.version,
            repo: d.repo,
            namespace: d.namespace,
            values: { controller: { serviceAccount: { create: true, name: d.controllerServiceAccount } } },
            dependsOn: [],
            purpose: "creates FSx for Lustre file systems for the KV cache's storage tier and mounts them on the nodes",
        },
        serviceAccount: { namespace: d.namespace, name: d.controllerServiceAccount },
        policy: d.policy,
        ports: [{ from: 988, to: 988 }, { from: 1018, to: 1023 }],
        storageClass: {
            name: KV_STORAGE_CLASSES["fsx-lustre"],
            zone: f.zone,
            // aws-fsx-csi-driver examples/kubernetes/dynamic_provisioning: PERSISTENT_2 SSD takes 125-1000 MB/s/TiB.
            parameters: { deploymentType: "PERSISTENT_2", storageType: "SSD", perUnitStorageThroughput: String(f.throughput) },
        },
    };
}

export function planEks(spec: EksSpec): EksPlan {
    const { pub, priv } = subnets(spec);
    return {
        clusterName: spec.clusterName,
        region: spec.region,
        version: spec.version,
        vpcCidr: spec.vpcCidr,
        publicSubnets: pub,
        privateSubnets: priv,
        systemGroup: {
            name: "system",
            instanceType: spec.systemNodeGroup.instanceType,
            zones: spec.zones,
            scalingConfig: { desiredSize: spec.systemNodeGroup.size, minSize: spec.systemNodeGroup.size, maxSize: spec.systemNodeGroup.size },
            capacityType: "ON_DEMAND",
            amiType: "AL2023_x86_64_STANDARD",
            instanceTypes: [spec.systemNodeGroup.instanceType],
            labels: {},
            taints: [],
            efa: false,
            placementGroup: false,
            launchTemplate: {},
        },
        groups: spec.groups.map((g) => groupPlan(g, spec.version)),
        charts: deviceCharts(spec),
        adminPrincipalArns: spec.adminPrincipalArns,
        ...(spec.kvStorage?.fsxLustre ? { fsxLustre: fsxLustrePlan(spec) } : {}),
    };
}

/**
 * IAM roles for service accounts: the trust policy letting one Kubernetes service account assume a
 * role through the cluster's OIDC provider (EKS user guide, IRSA: sub and aud conditions on the
 * issuer without its https:// scheme).
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
    const host = issuerUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${host}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    });
}

