// EKS under Pulumi mocks: VPC, cluster access and OIDC, node groups per capacity, the launch
// template's EFA interfaces (one per network card, read through ec2.getInstanceType), the
// placement group, the self-referencing EFA rules, the AMI release from SSM, device plugins, and
// model servers whose selector, tolerations, GPUs and EFA devices follow the node group.
import assert from "node:assert/strict";
import { efaInterfaces } from "../../components/manifests/infra/eks";
import { POOL_LABEL } from "../../components/config/infra/spec";
import { OfflineRun, runOffline } from "../../provider/offline";
import { deployments, eks, find, ofType, pdService, podSpec, service } from "./helpers";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NG = "aws:eks/nodeGroup:NodeGroup";

describe("EKS infrastructure under Pulumi mocks", () => {
    describe("p5en.48xlarge from a capacity block, P/D over EFA", () => {
        const config = {
            eks: eks([{ name: "p5en", instanceType: "p5en.48xlarge", desiredSize: 2, maxSize: 2, capacity: "capacity-block", capacityReservationId: "cr-0123456789abcdef0" }], {
                adminPrincipalArns: ["arn:aws:iam::123456789012:role/admins"],
            }),
            services: [pdService("p5en", 1, 4, { model: { id: "openai/gpt-oss-120b" } })],
        };
        let run: OfflineRun;
        before(async () => {
            run = await runOffline(config);
        });

        it("gives the launch template one EFA interface per network card (16 on p5en): ENA + efa-only on card 0, efa-only elsewhere", () => {
            const lt = find(run, LT, "llm-d-p5en").inputs;
            const ifs = lt.networkInterfaces as Record<string, unknown>[];
            assert.equal(ifs.length, 17);
            assert.deepEqual(ifs.slice(0, 2).map((i) => [i.networkCardIndex, i.deviceIndex, i.interfaceType]), [[0, 0, "interface"], [0, 1, "efa-only"]]);
            assert.deepEqual(ifs[16], { ...ifs[16], networkCardIndex: 15, deviceIndex: 0, interfaceType: "efa-only" });
            assert.equal(lt.instanceType, "p5en.48xlarge", "capacity blocks name the type on the launch template");
            assert.deepEqual(lt.instanceMarketOptions, { marketType: "capacity-block" });
            assert.deepEqual(lt.capacityReservationSpecification, { capacityReservationTarget: { capacityReservationId: "cr-0123456789abcdef0" } });
            assert.equal(lt.metadataOptions.httpTokens, "required");
            assert.equal(lt.placement.groupName, "llm-d-p5en");
            assert.equal(find(run, "aws:ec2/placementGroup:PlacementGroup", "llm-d-p5en").inputs.strategy, "cluster");
        });

        it("creates the node group in one zone's subnet, CAPACITY_BLOCK, no instance types, AL2023 NVIDIA pinned from SSM, labels and taints", () => {
            const ng = find(run, NG, "llm-d-p5en").inputs;
            assert.equal(ng.capacityType, "CAPACITY_BLOCK");
            assert.equal(ng.instanceTypes, undefined);
            assert.equal(ng.amiType, "AL2023_x86_64_NVIDIA");
            assert.equal(ng.releaseVersion, "1.34.0-20260101");
            assert.equal(ng.subnetIds.length, 1);
            assert.deepEqual(ng.scalingConfig, { desiredSize: 2, minSize: 2, maxSize: 2 });
            assert.equal(ng.labels[POOL_LABEL], "p5en");
            assert.equal(ng.labels["vpc.amazonaws.com/efa.present"], "true");
            assert.deepEqual(ng.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
            assert.equal(find(run, NG, "llm-d-system").inputs.amiType, "AL2023_x86_64_STANDARD");
        });

        it("adds the self-referencing EFA security group rules, access entries, OIDC and device plugins", () => {
            const sg = "llm-d-efa-id";
            for (const [t, n] of [["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "llm-d-efa-in"], ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "llm-d-efa-out"]]) {
                const r = find(run, t, n).inputs;
                assert.equal(r.securityGroupId, sg);
                assert.equal(r.referencedSecurityGroupId, sg);
                assert.equal(r.ipProtocol, "-1");
            }
            assert.deepEqual(find(run, "aws:eks/cluster:Cluster", "llm-d").inputs.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true });
            assert.equal(find(run, "aws:eks/accessEntry:AccessEntry", "llm-d-admin-0").inputs.principalArn, "arn:aws:iam::123456789012:role/admins");
            assert.deepEqual(find(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "llm-d-oidc").inputs.clientIdLists, ["sts.amazonaws.com"]);
            const charts = ofType(run, "kubernetes:helm.sh/v4:Chart").map((c) => c.inputs.chart);
            assert.ok(charts.includes("nvidia-device-plugin") && charts.includes("aws-efa-k8s-device-plugin"), charts.join());
            assert.equal(ofType(run, "aws:ec2/subnet:Subnet").length, 4);
        });

        it("creates the device plugins' namespaces that Helm will not (never kube-system)", () => {
            const chart = find(run, "kubernetes:helm.sh/v4:Chart", "nvidia-device-plugin");
            assert.ok(chart.dependsOn.some((d) => d.startsWith("kubernetes:core/v1:Namespace::") && d.endsWith(`-${chart.inputs.namespace}`)), chart.dependsOn.join());
            const nsNames = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.name);
            assert.ok(!nsNames.some((n) => n.endsWith("kube-system")), nsNames.join());
        });

        it("requests each GPU's share of EFA devices (2 per H200 on p5en) and runs NIXL over LIBFABRIC", () => {
            const byRole = Object.fromEntries(deployments(config).map((d) => [d.metadata.name.split("-").pop(), podSpec(d)]));
            assert.equal(byRole.prefill.containers[0].resources.limits["vpc.amazonaws.com/efa"], "2");
            assert.equal(byRole.decode.containers[0].resources.limits["vpc.amazonaws.com/efa"], "8");
            for (const pod of Object.values(byRole) as any[]) {
                assert.equal(pod.nodeSelector[POOL_LABEL], "p5en");
                assert.ok(pod.tolerations.some((t: any) => t.key === "nvidia.com/gpu"));
                assert.match(pod.containers[0].args.find((a: string) => a.startsWith("--kv-transfer-config")), /LIBFABRIC/);
                assert.ok(pod.containers[0].env.some((e: any) => e.name === "FI_PROVIDER" && e.value === "efa"));
                assert.ok(pod.containers[0].securityContext.capabilities.add.includes("IPC_LOCK"));
            }
        });
    });

    it("p5 (32 cards) spot and p4d (4 cards) on-demand groups get 33 and 5 interfaces; g6e without EFA gets no interfaces or placement group", async () => {
        const run = await runOffline({
            eks: eks([
                { name: "p5", instanceType: "p5.48xlarge", capacity: "spot" },
                { name: "p4d", instanceType: "p4d.24xlarge", capacity: "capacity-reservation", capacityReservationId: "cr-0123456789abcdef1" },
                { name: "l40s", instanceType: "g6e.12xlarge" },
                { name: "l4", instanceType: "g6.xlarge" },
            ]),
            services: [service("l40s", { decode: { tensorParallel: 4 } })],
        });
        assert.equal(find(run, LT, "llm-d-p5").inputs.networkInterfaces.length, 33);
        assert.equal(find(run, NG, "llm-d-p5").inputs.capacityType, "SPOT");
        assert.equal(find(run, LT, "llm-d-p4d").inputs.networkInterfaces.length, 5);
        assert.equal(find(run, NG, "llm-d-p4d").inputs.capacityType, "ON_DEMAND");
        assert.deepEqual(find(run, NG, "llm-d-p4d").inputs.instanceTypes, ["p4d.24xlarge"]);
        const g6e = find(run, LT, "llm-d-l40s").inputs;
        assert.equal(g6e.networkInterfaces, undefined);
        assert.equal(g6e.placement, undefined);
        assert.equal(find(run, NG, "llm-d-l40s").inputs.subnetIds.length, 1);
    });

    it("efaInterfaces keeps card order and skips the second device on a single-interface card 0", () => {
        const out = efaInterfaces([{ index: 1, maximumInterfaces: 1 }, { index: 0, maximumInterfaces: 1 }], ["sg"]);
        assert.deepEqual(out.map((i) => [i.networkCardIndex, i.deviceIndex, i.interfaceType]), [[0, 0, "interface"], [1, 0, "efa-only"]]);
    });
});
