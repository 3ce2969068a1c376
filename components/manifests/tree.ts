// The Pulumi resources LlmdStack registers, as data: type, name, parent, explicit dependencies and
// wait budgets, in registration order, without the Pulumi runtime. `llmd plan` lists this tree, so
// planning a fleet costs what building its objects costs (the mock runtime spent seconds and
// gigabytes serializing every object's inputs just to learn names and parents).
//
// It mirrors the components (components/stack.ts, platform/, llmd/, infra/) resource by resource;
// tests/engine/tree.test.ts compares it with what the components register under Pulumi's mocks for
// every example, so a change to a component that this file does not follow fails there.
import { StackSpec } from "../config/spec";
import { BuiltStack } from "./index";
import { CONTROL_PLANE_KINDS, K8sObject, SYSTEM_NAMESPACES, deployOptions, isCustomResource } from "./common";
import { LWS_CHART_NAME } from "./platform/leaderworkerset";
import { isHfTokenSecret } from "./platform/namespace";
import { GkePlan, planGke } from "./infra/gke";
import { EksPlan, planEks } from "./infra/eks";

/** One resource as the engine would see it registered. */
export interface PlannedResource {
    type: string;
    name: string;
    /** `type::name` of the parent, or "" at the top. */
    parent: string;
    /** Names of the resources it waits for (explicit dependencies). */
    dependsOn?: string[];
    /** Seconds the engine waits for it to become ready (customTimeouts). */
    timeouts?: { create?: number; update?: number };
}

export const COMPONENT_TYPES = {
    stack: "llmd:index:LlmdStack",
    platform: "llmd:index:Platform",
    modelService: "llmd:index:ModelService",
    scheduler: "llmd:index:InferenceScheduler",
    gke: "llmd:index:GkeCluster",
    eks: "llmd:index:EksCluster",
} as const;

const KUBE_PROVIDER = "pulumi:providers:kubernetes";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
const CHART = "kubernetes:helm.sh/v4:Chart";
const NAMESPACE = "kubernetes:core/v1:Namespace";

/** The type token of a Kubernetes object's resource: the typed class's, or CustomResource's `kubernetes:<apiVersion>:<kind>`. */
export function kubeType(obj: Pick<K8sObject, "apiVersion" | "kind">): string {
    return `kubernetes:${obj.apiVersion.includes("/") ? obj.apiVersion : `core/${obj.apiVersion}`}:${obj.kind}`;
}

/** The resource name of an object (components/llmd/kube.ts resourceName). */
export function objectName(obj: K8sObject): string {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

interface Ref {
    type: string;
    name: string;
}

class Tree {
    readonly out: PlannedResource[] = [];
    add(type: string, name: string, parent: Ref | undefined, dependsOn: Ref[] = [], timeouts?: { create?: number; update?: number }): Ref {
        const deps = [...new Set(dependsOn.map((d) => d.name))];
        this.out.push({
            type,
            name,
            parent: parent ? `${parent.type}::${parent.name}` : "",
            ...(deps.length ? { dependsOn: deps } : {}),
            ...(timeouts && (timeouts.create !== undefined || timeouts.update !== undefined) ? { timeouts } : {}),
        });
        return { type, name };
    }
    object(obj: K8sObject, parent: Ref, dependsOn: Ref[] = []): Ref {
        const t = deployOptions(obj)?.timeouts;
        return this.add(kubeType(obj), objectName(obj), parent, dependsOn, t ? { create: t.create, update: t.update } : undefined);
    }
}

interface Deps {
    all: Ref[];
    crds: Ref[];
    controlPlane: Ref[];
    leaderWorkerSet: Ref[];
}

/** components/llmd/objects.ts createObjects. */
function objects(tree: Tree, objs: K8sObject[], parent: Ref, deps: Deps): Ref[] {
    return objs.map((obj) => {
        const d = [...deps.all];
        if (isCustomResource(obj)) d.push(...deps.crds);
        if (CONTROL_PLANE_KINDS.has(obj.kind)) d.push(...deps.controlPlane);
        if (obj.kind === "LeaderWorkerSet") d.push(...deps.leaderWorkerSet);
        return tree.object(obj, parent, d);
    });
}

/** components/infra/gcp/cluster.ts GkeCluster. */
function gkeCluster(tree: Tree, name: string, plan: GkePlan, parent: Ref): Ref {
    const self = tree.add(COMPONENT_TYPES.gke, name, parent);
    const net: Ref[] = [];
    for (const n of plan.networks) {
        net.push(tree.add("gcp:compute/network:Network", n.name, self));
        for (const s of n.subnets) net.push(tree.add("gcp:compute/subnetwork:Subnetwork", s.name, self));
        if (n.privateServiceAccess) {
            const psa = n.privateServiceAccess;
            net.push(tree.add("gcp:compute/globalAddress:GlobalAddress", psa.addressName, self));
            net.push(tree.add("gcp:servicenetworking/connection:Connection", psa.addressName, self));
            net.push(tree.add("gcp:compute/firewall:Firewall", psa.firewallName, self));
        }
        if (n.allowInternalFrom) net.push(tree.add("gcp:compute/firewall:Firewall", `${n.name}-allow-internal`, self));
    }
    tree.add("gcp:container/cluster:Cluster", plan.clusterName, self, net);
    const system = tree.add("gcp:container/nodePool:NodePool", `${plan.clusterName}-system`, self, net);
    for (const p of plan.pools) {
        const policy = p.resourcePolicy ? tree.add("gcp:compute/resourcePolicy:ResourcePolicy", p.resourcePolicy.name, self) : undefined;
        tree.add("gcp:container/nodePool:NodePool", `${plan.clusterName}-${p.name}`, self, policy ? [...net, policy] : net);
    }
    if (plan.objects.length || plan.manifests.length || plan.charts.length) {
        tree.add(KUBE_PROVIDER, `${name}-kube`, self, [system]);
        for (const obj of plan.objects) tree.object(obj, self);
        for (const m of plan.manifests) tree.add(CONFIG_FILE, `${name}-${m.name}`, self);
        for (const c of plan.charts) {
            const ns = tree.add(NAMESPACE, `${name}-${c.namespace}`, self);
            tree.add(CHART, `${name}-${c.name}`, self, [ns]);
        }
    }
    return self;
}

/** components/infra/aws/cluster.ts EksCluster (with the AWS provider it creates when none is passed). */
function eksCluster(tree: Tree, name: string, plan: EksPlan, parent: Ref): Ref {
    const self = tree.add(COMPONENT_TYPES.eks, name, parent);
    const c = plan.clusterName;
    tree.add("pulumi:providers:aws", `${name}-aws`, self);
    tree.add("aws:ec2/vpc:Vpc", `${c}-vpc`, self);
    tree.add("aws:ec2/internetGateway:InternetGateway", `${c}-igw`, self);
    tree.add("aws:ec2/routeTable:RouteTable", `${c}-public`, self);
    for (const s of plan.publicSubnets) {
        tree.add("aws:ec2/subnet:Subnet", s.name, self);
        tree.add("aws:ec2/routeTableAssociation:RouteTableAssociation", s.name, self);
    }
    tree.add("aws:ec2/eip:Eip", `${c}-nat`, self);
    tree.add("aws:ec2/natGateway:NatGateway", `${c}-nat`, self);
    tree.add("aws:ec2/routeTable:RouteTable", `${c}-private`, self);
    for (const s of plan.privateSubnets) {
        tree.add("aws:ec2/subnet:Subnet", s.name, self);
        tree.add("aws:ec2/routeTableAssociation:RouteTableAssociation", s.name, self);
    }
    tree.add("aws:iam/role:Role", `${c}-cluster`, self);
    const clusterPolicy = tree.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${c}-cluster`, self);
    tree.add("aws:eks/cluster:Cluster", c, self, [clusterPolicy]);
    tree.add("aws:iam/openIdConnectProvider:OpenIdConnectProvider", `${c}-oidc`, self);
    // Access entries: every configured admin offline (at deploy time the deployer's own is skipped).
    plan.adminPrincipalArns.forEach((_, i) => {
        const entry = tree.add("aws:eks/accessEntry:AccessEntry", `${c}-admin-${i}`, self);
        tree.add("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", `${c}-admin-${i}`, self, [entry]);
    });
    tree.add("aws:iam/role:Role", `${c}-node`, self);
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"].map((p) =>
        tree.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${c}-node-${p}`, self),
    );
    if (plan.groups.some((g) => g.efa)) {
        tree.add("aws:ec2/securityGroup:SecurityGroup", `${c}-efa`, self);
        tree.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${c}-efa-in`, self);
        tree.add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `${c}-efa-out`, self);
    }
    const system = tree.add("aws:eks/nodeGroup:NodeGroup", `${c}-system`, self, nodePolicies);
    for (const g of plan.groups) {
        if (g.placementGroup) tree.add("aws:ec2/placementGroup:PlacementGroup", `${c}-${g.name}`, self);
        tree.add("aws:ec2/launchTemplate:LaunchTemplate", `${c}-${g.name}`, self);
        tree.add("aws:eks/nodeGroup:NodeGroup", `${c}-${g.name}`, self, nodePolicies);
    }
    tree.add(KUBE_PROVIDER, `${name}-kube`, self, [system]);
    const namespaces = new Map<string, Ref>();
    for (const chart of plan.charts) {
        if (SYSTEM_NAMESPACES.includes(chart.namespace) || namespaces.has(chart.namespace)) continue;
        namespaces.set(chart.namespace, tree.add(NAMESPACE, `${name}-${chart.namespace}`, self));
    }
    for (const chart of plan.charts) {
        const ns = namespaces.get(chart.namespace);
        tree.add(CHART, chart.name, self, ns ? [ns] : []);
    }
    if (plan.fsxLustre) {
        const f = plan.fsxLustre;
        tree.add("aws:iam/role:Role", `${c}-fsx-csi`, self);
        const attach = tree.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${c}-fsx-csi`, self);
        tree.add("aws:ec2/securityGroup:SecurityGroup", `${c}-fsx`, self);
        f.ports.forEach((_, i) => {
            tree.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${c}-fsx-self-${i}`, self);
            tree.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${c}-fsx-nodes-${i}`, self);
            tree.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${c}-nodes-fsx-${i}`, self);
        });
        tree.add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `${c}-fsx-out`, self);
        const chart = tree.add(CHART, f.chart.name, self, [attach]);
        tree.add("kubernetes:storage.k8s.io/v1:StorageClass", `${name}-${f.storageClass.name}`, self, [chart]);
    }
    return self;
}

/**
 * Every resource `LlmdStack(name)` registers for a spec and its built objects (components/stack.ts).
 * `hfToken`: whether a Hugging Face token is given (without one the token Secret is not created).
 */
export function resourceTree(spec: StackSpec, built: BuiltStack, opts: { name: string; hfToken: boolean }): PlannedResource[] {
    const tree = new Tree();
    const name = opts.name;
    const stack = tree.add(COMPONENT_TYPES.stack, name, undefined);
    const cluster = spec.gke ? gkeCluster(tree, `${name}-gke`, planGke(spec.gke), stack) : spec.eks ? eksCluster(tree, `${name}-eks`, planEks(spec.eks), stack) : undefined;
    tree.add(KUBE_PROVIDER, `${name}-kube`, stack, cluster ? [cluster] : []);

    const namespaceObj = built.shared.find((o) => o.kind === "Namespace");
    const rest = built.shared.filter((o) => o !== namespaceObj);
    const nsDeps = namespaceObj ? [tree.object(namespaceObj, stack)] : [];

    // Platform: CRD manifests, the charts' namespaces, the charts.
    const platform = tree.add(COMPONENT_TYPES.platform, `${name}-platform`, stack);
    const byName = new Map<string, Ref>();
    const crds: Ref[] = [];
    for (const m of built.manifests) {
        const r = tree.add(CONFIG_FILE, m.name, platform);
        byName.set(m.name, r);
        crds.push(r);
    }
    const namespaces = new Map<string, Ref[]>([[spec.namespace, nsDeps]]);
    for (const ns of [...new Set(built.charts.map((c) => c.namespace))].sort()) {
        if (namespaces.has(ns) || SYSTEM_NAMESPACES.includes(ns) || spec.cluster.namespaces.includes(ns)) continue;
        namespaces.set(ns, [tree.add(NAMESPACE, ns, platform)]);
    }
    const charts: Ref[] = [];
    for (const c of built.charts) {
        const deps = [...(namespaces.get(c.namespace) ?? []), ...c.dependsOn.map((d) => byName.get(d)).filter((r): r is Ref => r !== undefined)];
        const r = tree.add(CHART, c.name, platform, deps);
        byName.set(c.name, r);
        charts.push(r);
    }
    const lws = byName.get(LWS_CHART_NAME);
    const deps: Deps = { all: nsDeps, crds, controlPlane: charts.filter((c) => c !== lws), leaderWorkerSet: lws ? [lws] : [] };

    // Shared objects: the token Secret only with a token.
    const shared = rest.filter((o) => !isHfTokenSecret(o, spec) || opts.hfToken);
    const sharedRefs = objects(tree, shared, stack, deps);

    spec.services.forEach((svc, i) => {
        const b = built.services[i];
        const ms = tree.add(COMPONENT_TYPES.modelService, svc.name, stack, sharedRefs);
        const sched = tree.add(COMPONENT_TYPES.scheduler, b.name, ms);
        objects(tree, b.scheduler, sched, deps);
        objects(tree, b.modelServers, ms, deps);
    });
    return tree.out;
}
