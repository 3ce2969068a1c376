// GkeCluster: the VPCs (with private services access when Managed Lustre is used), the cluster and its
// node pools from the pure plan (manifests/infra/gke.ts), then the multi-networking objects, storage
// classes and GPUDirect installers inside the cluster. Outputs the kubeconfig
// (a secret) that LlmdStack builds its Kubernetes provider from.
import * as compute from "@pulumi/gcp/compute";
import * as container from "@pulumi/gcp/container";
import * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolveConfig } from "../../config/resolve";
import { GkeConfig } from "../../config/infra-types";
import { KUBE_PROVIDER_DEFAULTS, createObject } from "../../llmd/kube";
import { attach, takeAttached } from "../../llmd/prebuilt";
import { gkeKubeconfig } from "../../manifests/infra/kubeconfig";
import { GkeSpec } from "../../config/infra/spec";
import { GkePlan, planGke } from "../../manifests/infra/gke";

/** Inputs of GkeCluster: the `gke` block of the config file. */
export interface GkeClusterArgs extends GkeConfig {}

/** Resolves standalone args the way LlmdStack does (all rules, all errors at once). */
function specOf(args: GkeClusterArgs): GkeSpec {
    const { spec } = resolveConfig(
        { gke: args, services: [{ name: "placeholder", model: { id: "placeholder" }, accelerator: { type: "simulated" } }] },
        "GkeCluster args",
    );
    return spec.gke!;
}

/** A GKE cluster for llm-d: Dataplane V2, Gateway API, managed Prometheus + DCGM, accelerator node pools and their networks. */
export class GkeCluster extends pulumi.ComponentResource {
    /** Kubeconfig of the cluster (exec-based, gke-gcloud-auth-plugin), as a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Cluster name. */
    public readonly clusterName: pulumi.Output<string>;
    /** Names of the accelerator node pools. */
    public readonly nodePools: pulumi.Output<string[]>;
    /** Names of the VPCs created (cluster, GPUDirect, RDMA). */
    public readonly networks: pulumi.Output<string[]>;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan: GkePlan = takeAttached<GkePlan>(args) ?? planGke(specOf(args));
        super("llmd:index:GkeCluster", name, {}, opts);
        const project = plan.cluster.project as string;
        const region = plan.cluster.location as string;

        const subnets = new Map<string, compute.Subnetwork>();
        const netResources: pulumi.Resource[] = [];
        for (const n of plan.networks) {
            const net = new compute.Network(
                n.name,
                { name: n.name, project, autoCreateSubnetworks: false, mtu: n.mtu, routingMode: "REGIONAL", ...(n.networkProfile ? { networkProfile: n.networkProfile } : {}) },
                { parent: this },
            );
            netResources.push(net);
            for (const s of n.subnets) {
                const sub = new compute.Subnetwork(
                    s.name,
                    {
                        name: s.name,
                        project,
                        region,
                        network: net.id,
                        ipCidrRange: s.ipCidrRange,
                        ...(s.secondaryIpRanges ? { secondaryIpRanges: s.secondaryIpRanges } : {}),
                        ...(s.purpose ? { purpose: s.purpose, role: s.role } : {}),
                    },
                    { parent: this },
                );
                subnets.set(s.name, sub);
                netResources.push(sub);
            }
            if (n.privateServiceAccess) {
                // Managed Lustre instances get their addresses from this range, reached through Google's service network.
                const psa = n.privateServiceAccess;
                const range = new compute.GlobalAddress(
                    psa.addressName,
                    { name: psa.addressName, project, network: net.id, purpose: "VPC_PEERING", addressType: "INTERNAL", prefixLength: psa.prefixLength },
                    { parent: this },
                );
                netResources.push(range);
                netResources.push(
                    new servicenetworking.Connection(psa.addressName, { network: net.id, service: "servicenetworking.googleapis.com", reservedPeeringRanges: [range.name] }, { parent: this }),
                );
                netResources.push(
                    new compute.Firewall(
                        psa.firewallName,
                        {
                            name: psa.firewallName,
                            project,
                            network: net.id,
                            sourceRanges: [pulumi.interpolate`${range.address}/${range.prefixLength}`],
                            allows: [{ protocol: "tcp", ports: psa.tcpPorts }],
                        },
                        { parent: this },
                    ),
                );
            }
            if (n.allowInternalFrom) {
                netResources.push(
                    new compute.Firewall(
                        `${n.name}-allow-internal`,
                        { name: `${n.name}-allow-internal`, project, network: net.id, sourceRanges: [n.allowInternalFrom], allows: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }] },
                        { parent: this },
                    ),
                );
            }
        }

        const cluster = new container.Cluster(plan.clusterName, plan.cluster as container.ClusterArgs, { parent: this, dependsOn: netResources });
        const poolOpts = { parent: this, dependsOn: netResources };
        const system = new container.NodePool(`${plan.clusterName}-system`, { ...(plan.systemPool.args as unknown as container.NodePoolArgs), cluster: cluster.name }, poolOpts);
        const pools = plan.pools.map((p) => {
            // A4X: the NVL72 workload policy the pool's compact placement names.
            const policy = p.resourcePolicy
                ? new compute.ResourcePolicy(p.resourcePolicy.name, p.resourcePolicy.args as unknown as compute.ResourcePolicyArgs, { parent: this })
                : undefined;
            const args = p.args as unknown as container.NodePoolArgs;
            return new container.NodePool(
                `${plan.clusterName}-${p.name}`,
                { ...args, cluster: cluster.name, ...(policy ? { placementPolicy: { type: "COMPACT", policyName: policy.name } } : {}) },
                policy ? { ...poolOpts, dependsOn: [...netResources, policy] } : poolOpts,
            );
        });

        const ca = cluster.masterAuth.apply((m) => m?.clusterCaCertificate ?? "");
        this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, ca]).apply(([n, e, c]) => gkeKubeconfig(n, e, c)));

        // In-cluster pieces of the accelerator networks, through the cluster's own provider.
        if (plan.objects.length || plan.manifests.length || plan.charts.length) {
            const provider = new k8s.Provider(`${name}-kube`, { kubeconfig: this.kubeconfig, ...KUBE_PROVIDER_DEFAULTS }, { parent: this, dependsOn: [system] });
            for (const obj of plan.objects) createObject(obj, { parent: this, provider });
            for (const m of plan.manifests) new k8s.yaml.v2.ConfigFile(`${name}-${m.name}`, { file: m.url }, { parent: this, provider });
            for (const c of plan.charts) {
                const ns = new k8s.core.v1.Namespace(`${name}-${c.namespace}`, { metadata: { name: c.namespace } }, { parent: this, provider });
                new k8s.helm.v4.Chart(
                    `${name}-${c.name}`,
                    { chart: c.chart, version: c.version, namespace: c.namespace, repositoryOpts: { repo: c.repo }, values: c.values },
                    { parent: this, provider, dependsOn: [ns] },
                );
            }
        }

        this.clusterName = cluster.name;
        this.nodePools = pulumi.all(pools.map((p) => p.name));
        this.networks = pulumi.output(plan.networks.map((n) => n.name));
        this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.clusterName, nodePools: this.nodePools, networks: this.networks });
    }

    /** Internal: creates a GkeCluster from a plan LlmdStack already validated. */
    static fromPlan(name: string, plan: GkePlan, opts?: pulumi.ComponentResourceOptions): GkeCluster {
        const args = {} as GkeClusterArgs;
        attach<GkePlan>(args, plan);
        return new GkeCluster(name, args, opts);
    }
}
