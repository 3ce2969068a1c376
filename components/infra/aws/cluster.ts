// EksCluster: VPC, cluster with access entries and OIDC, the CPU system node group and GPU node
// groups from the pure plan (manifests/infra/eks.ts). Every AWS resource and data source goes
// through one AWS provider pinned to eks.region. EFA interfaces follow the instance type's network
// cards, read at deploy time (ec2.getInstanceType); the node AMI release is pinned in config or
// taken from SSM when a group is created and kept afterwards.
import { SYSTEM_NAMESPACES } from "../../manifests/common";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as ssm from "@pulumi/aws/ssm";
import * as vpc from "@pulumi/aws/vpc";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolveConfig } from "../../config/resolve";
import { EksConfig } from "../../config/infra-types";
import { KUBE_PROVIDER_DEFAULTS } from "../../llmd/kube";
import { attach, takeAttached } from "../../llmd/prebuilt";
import { eksKubeconfig } from "../../manifests/infra/kubeconfig";
import { EksPlan, NodeGroupPlan, adminEntries, efaInterfaces, irsaTrustPolicy, planEks } from "../../manifests/infra/eks";

/** Inputs of EksCluster: the `eks` block of the config file. */
export interface EksClusterArgs extends EksConfig {}

function planOf(args: EksClusterArgs): EksPlan {
    const { spec } = resolveConfig(
        { eks: args, services: [{ name: "placeholder", model: { id: "placeholder" }, accelerator: { type: "simulated" } }] },
        "EksCluster args",
    );
    return planEks(spec.eks!);
}

function nodeGroup(
    resourceName: string,
    g: NodeGroupPlan,
    cluster: eks.Cluster,
    role: iam.Role,
    subnets: Map<string, ec2.Subnet>,
    gpu: { lt: ec2.LaunchTemplate; release: pulumi.Input<string> } | undefined,
    opts: pulumi.CustomResourceOptions,
): eks.NodeGroup {
    // An unpinned release is read from SSM at create time and then left alone: a new AWS release
    // would otherwise replace every GPU node of the group on the next `up`.
    const followsSsm = gpu !== undefined && g.ami !== undefined && !("pinned" in g.ami);
    return new eks.NodeGroup(
        resourceName,
        {
            clusterName: cluster.name,
            nodeGroupName: g.name,
            nodeRoleArn: role.arn,
            subnetIds: g.zones.map((z) => subnets.get(z)!.id),
            scalingConfig: g.scalingConfig,
            capacityType: g.capacityType,
            amiType: g.amiType,
            ...(g.instanceTypes ? { instanceTypes: g.instanceTypes } : {}),
            labels: g.labels,
            taints: g.taints,
            // The AMI release pinned from SSM, so every GPU node of a group runs the same driver.
            ...(gpu ? { launchTemplate: { id: gpu.lt.id, version: gpu.lt.latestVersion.apply(String) }, releaseVersion: gpu.release } : {}),
            ...(g.updateConfig ? { updateConfig: g.updateConfig } : {}),
        },
        followsSsm ? { ...opts, ignoreChanges: ["releaseVersion"] } : opts,
    );
}

const POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const assume = (service: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });

/** An EKS cluster for llm-d: private subnets, access entries, OIDC, GPU node groups with EFA, placement groups and capacity reservations. */
export class EksCluster extends pulumi.ComponentResource {
    /** Kubeconfig of the cluster (exec-based, `aws eks get-token`), as a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** Names of the accelerator node groups. */
    public readonly nodeGroups: pulumi.Output<string[]>;
    /** ARN of the cluster's IAM OIDC provider (for IAM roles for service accounts). */
    public readonly oidcProviderArn: pulumi.Output<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan: EksPlan = takeAttached<EksPlan>(args) ?? planOf(args);
        super("llmd:index:EksCluster", name, {}, opts);
        const c = plan.clusterName;
        // One AWS provider for the region the config names: the default provider would take
        // whatever aws:region, AWS_REGION or the profile says, or fail without one. A provider the
        // caller passes (opts.providers) wins. An explicit provider does not read the stack's aws:
        // config, so aws:profile is handed on, to the provider and to the kubeconfig's token command.
        const profile = new pulumi.Config("aws").get("profile");
        const awsProvider =
            this.getProvider("aws::") ??
            new AwsProvider(`${name}-aws`, { region: plan.region, ...(profile ? { profile } : {}) }, { parent: this });
        const parent = { parent: this, provider: awsProvider };

        const network = new ec2.Vpc(`${c}-vpc`, { cidrBlock: plan.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${c}-vpc` } }, parent);
        const igw = new ec2.InternetGateway(`${c}-igw`, { vpcId: network.id }, parent);
        const publicRt = new ec2.RouteTable(`${c}-public`, { vpcId: network.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] }, parent);
        const publicSubnets = plan.publicSubnets.map((s) => {
            const sub = new ec2.Subnet(s.name, { vpcId: network.id, availabilityZone: s.zone, cidrBlock: s.cidrBlock, mapPublicIpOnLaunch: true, tags: { Name: s.name, "kubernetes.io/role/elb": "1" } }, parent);
            new ec2.RouteTableAssociation(s.name, { subnetId: sub.id, routeTableId: publicRt.id }, parent);
            return sub;
        });
        const eip = new ec2.Eip(`${c}-nat`, { domain: "vpc" }, parent);
        const nat = new ec2.NatGateway(`${c}-nat`, { allocationId: eip.id, subnetId: publicSubnets[0].id }, parent);
        const privateRt = new ec2.RouteTable(`${c}-private`, { vpcId: network.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] }, parent);
        const privateByZone = new Map<string, ec2.Subnet>();
        for (const s of plan.privateSubnets) {
            const sub = new ec2.Subnet(s.name, { vpcId: network.id, availabilityZone: s.zone, cidrBlock: s.cidrBlock, tags: { Name: s.name, "kubernetes.io/role/internal-elb": "1" } }, parent);
            new ec2.RouteTableAssociation(s.name, { subnetId: sub.id, routeTableId: privateRt.id }, parent);
            privateByZone.set(s.zone, sub);
        }

        const clusterRole = new iam.Role(`${c}-cluster`, { assumeRolePolicy: assume("eks.amazonaws.com") }, parent);
        const clusterPolicy = new iam.RolePolicyAttachment(`${c}-cluster`, { role: clusterRole.name, policyArn: POLICY("AmazonEKSClusterPolicy") }, parent);
        const cluster = new eks.Cluster(
            c,
            {
                name: c,
                roleArn: clusterRole.arn,
                version: plan.version,
                vpcConfig: { subnetIds: [...privateByZone.values()].map((s) => s.id), endpointPrivateAccess: true, endpointPublicAccess: true },
                // Access entries (API mode); the creator gets cluster-admin so Pulumi can apply the platform.
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            },
            { ...parent, dependsOn: [clusterPolicy] },
        );
        const issuer = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
        const oidc = new iam.OpenIdConnectProvider(`${c}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);
        // The deployer already has its entry (bootstrap above); only the other admins get one. The
        // deployer is known from the caller identity before anything is created (preview included).
        if (plan.adminPrincipalArns.length) {
            const caller = getCallerIdentityOutput({}, parent);
            const deployer = iam.getSessionContextOutput({ arn: caller.arn }, parent).issuerArn;
            deployer.apply((d) => {
                const skipped = plan.adminPrincipalArns.filter((a) => a === d);
                if (skipped.length) pulumi.log.info(`eks.adminPrincipalArns: ${d} deploys this stack and already has cluster admin through the cluster's bootstrap entry; no second access entry is created for it.`, this);
                for (const { index, arn } of adminEntries(plan.adminPrincipalArns, d)) {
                    const entry = new eks.AccessEntry(`${c}-admin-${index}`, { clusterName: cluster.name, principalArn: arn, type: "STANDARD" }, parent);
                    new eks.AccessPolicyAssociation(
                        `${c}-admin-${index}`,
                        { clusterName: cluster.name, principalArn: arn, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
                        { ...parent, dependsOn: [entry] },
                    );
                }
            });
        }

        const nodeRole = new iam.Role(`${c}-node`, { assumeRolePolicy: assume("ec2.amazonaws.com") }, parent);
        const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"].map(
            (p) => new iam.RolePolicyAttachment(`${c}-node-${p}`, { role: nodeRole.name, policyArn: POLICY(p) }, parent),
        );
        const clusterSg = cluster.vpcConfig.apply((v) => v?.clusterSecurityGroupId ?? "");

        // EFA needs all traffic to and from itself (AWS EFA docs; terraform-aws-eks all_self_efa rules).
        let efaSg: ec2.SecurityGroup | undefined;
        if (plan.groups.some((g) => g.efa)) {
            efaSg = new ec2.SecurityGroup(`${c}-efa`, { vpcId: network.id, description: "EFA: all traffic within the group" }, parent);
            new vpc.SecurityGroupIngressRule(`${c}-efa-in`, { securityGroupId: efaSg.id, referencedSecurityGroupId: efaSg.id, ipProtocol: "-1" }, parent);
            new vpc.SecurityGroupEgressRule(`${c}-efa-out`, { securityGroupId: efaSg.id, referencedSecurityGroupId: efaSg.id, ipProtocol: "-1" }, parent);
        }

        // C5: insecureValue, so node group diffs show the release they roll to (value is always secret).
        const releases = new Map<string, pulumi.Output<string>>();
        const releaseOf = (g: NodeGroupPlan): pulumi.Input<string> => {
            const ami = g.ami!;
            if ("pinned" in ami) return ami.pinned;
            if (!releases.has(ami.recommendedParameter)) releases.set(ami.recommendedParameter, ssm.getParameterOutput({ name: ami.recommendedParameter }, parent).insecureValue);
            return releases.get(ami.recommendedParameter)!;
        };
        const groupOpts = { ...parent, dependsOn: nodePolicies };
        const system = nodeGroup(`${c}-system`, plan.systemGroup, cluster, nodeRole, privateByZone, undefined, groupOpts);
        plan.groups.forEach((g) => {
            let pg: ec2.PlacementGroup | undefined;
            if (g.placementGroup) pg = new ec2.PlacementGroup(`${c}-${g.name}`, { name: `${c}-${g.name}`, strategy: "cluster" }, parent);
            const sgs = pulumi.all([clusterSg, efaSg?.id ?? ""]).apply(([a, b]) => [a, b].filter((x) => x));
            const interfaces = g.efa
                ? pulumi
                      .all([ec2.getInstanceTypeOutput({ instanceType: g.instanceType }, parent), sgs])
                      .apply(([it, sg]) => efaInterfaces(it.networkCards.map((n) => ({ index: n.index, maximumInterfaces: n.maximumInterfaces })), sg))
                : undefined;
            const lt = new ec2.LaunchTemplate(
                `${c}-${g.name}`,
                {
                    ...(g.launchTemplate as ec2.LaunchTemplateArgs),
                    ...(interfaces ? { networkInterfaces: interfaces } : {}),
                    ...(pg ? { placement: { groupName: pg.name } } : {}),
                },
                parent,
            );
            nodeGroup(`${c}-${g.name}`, g, cluster, nodeRole, privateByZone, { lt, release: releaseOf(g) }, groupOpts);
        });

        const ca = cluster.certificateAuthority.apply((a) => a?.data ?? "");
        this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, ca]).apply(([n, e, d]) => eksKubeconfig(n, e, d, plan.region, profile)));
        const provider = new k8s.Provider(`${name}-kube`, { kubeconfig: this.kubeconfig, ...KUBE_PROVIDER_DEFAULTS }, { parent: this, dependsOn: [system] });
        // Helm never creates a release namespace: create those that are not always there.
        const namespaces = new Map<string, pulumi.Resource>();
        for (const chart of plan.charts) {
            if (SYSTEM_NAMESPACES.includes(chart.namespace) || namespaces.has(chart.namespace)) continue;
            namespaces.set(chart.namespace, new k8s.core.v1.Namespace(`${name}-${chart.namespace}`, { metadata: { name: chart.namespace } }, { parent: this, provider }));
        }
        for (const chart of plan.charts) {
            const ns = namespaces.get(chart.namespace);
            new k8s.helm.v4.Chart(
                chart.name,
                { chart: chart.chart, version: chart.version, namespace: chart.namespace, repositoryOpts: { repo: chart.repo }, values: chart.values },
                { parent: this, provider, ...(ns ? { dependsOn: [ns] } : {}) },
            );
        }
        if (plan.fsxLustre) {
            // FSx for Lustre: the driver's controller creates file systems with its own role (IRSA); file systems and
            // nodes reach each other on Lustre's ports through one shared security group.
            const f = plan.fsxLustre;
            const role = new iam.Role(
                `${c}-fsx-csi`,
                { assumeRolePolicy: pulumi.all([oidc.arn, issuer]).apply(([arn, url]) => irsaTrustPolicy(arn, url, f.serviceAccount.namespace, f.serviceAccount.name)) },
                parent,
            );
            const attach = new iam.RolePolicyAttachment(`${c}-fsx-csi`, { role: role.name, policyArn: POLICY(f.policy) }, parent);
            const fsxSg = new ec2.SecurityGroup(`${c}-fsx`, { vpcId: network.id, description: "FSx for Lustre: LNet between the file systems and the nodes" }, parent);
            f.ports.forEach((p, i) => {
                new vpc.SecurityGroupIngressRule(`${c}-fsx-self-${i}`, { securityGroupId: fsxSg.id, referencedSecurityGroupId: fsxSg.id, ipProtocol: "tcp", fromPort: p.from, toPort: p.to }, parent);
                new vpc.SecurityGroupIngressRule(`${c}-fsx-nodes-${i}`, { securityGroupId: fsxSg.id, referencedSecurityGroupId: clusterSg, ipProtocol: "tcp", fromPort: p.from, toPort: p.to }, parent);
                new vpc.SecurityGroupIngressRule(`${c}-nodes-fsx-${i}`, { securityGroupId: clusterSg, referencedSecurityGroupId: fsxSg.id, ipProtocol: "tcp", fromPort: p.from, toPort: p.to }, parent);
            });
            new vpc.SecurityGroupEgressRule(`${c}-fsx-out`, { securityGroupId: fsxSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1" }, parent);
            const chart = new k8s.helm.v4.Chart(
                f.chart.name,
                {
                    chart: f.chart.chart,
                    version: f.chart.version,
                    namespace: f.chart.namespace,
                    repositoryOpts: { repo: f.chart.repo },
                    values: role.arn.apply((arn) => ({
                        ...f.chart.values,
                        controller: { serviceAccount: { create: true, name: f.serviceAccount.name, annotations: { "eks.amazonaws.com/role-arn": arn } } },
                    })),
                },
                { parent: this, provider, dependsOn: [attach] },
            );
            const subnet = privateByZone.get(f.storageClass.zone)!;
            new k8s.storage.v1.StorageClass(
                `${name}-${f.storageClass.name}`,
                {
                    metadata: { name: f.storageClass.name },
                    provisioner: "fsx.csi.aws.com",
                    parameters: { ...f.storageClass.parameters, subnetId: subnet.id, securityGroupIds: fsxSg.id },
                    reclaimPolicy: "Delete",
                    volumeBindingMode: "Immediate",
                },
                { parent: this, provider, dependsOn: [chart] },
            );
        }
        this.clusterName = cluster.name;
        this.nodeGroups = pulumi.output(plan.groups.map((g) => g.name));
        this.oidcProviderArn = oidc.arn;
        this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.clusterName, nodeGroups: this.nodeGroups, oidcProviderArn: this.oidcProviderArn });
    }

    /** Internal: creates an EksCluster from a plan LlmdStack already validated. */
    static fromPlan(name: string, plan: EksPlan, opts?: pulumi.ComponentResourceOptions): EksCluster {
        const args = {} as EksClusterArgs;
        attach<EksPlan>(args, plan);
        return new EksCluster(name, args, opts);
    }
}
