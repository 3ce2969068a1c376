// What AWS and GKE do on a real `pulumi up` that the mocks do not, encoded on what the cluster
// components register:
//  - A4: the default AWS provider takes its region from aws:region / AWS_REGION / the profile, or
//    fails without one; every AWS resource and data source must go through a provider pinned to
//    eks.region (children and invokes inherit a provider only when it is passed to them);
//  - A5: bootstrapClusterCreatorAdminPermissions already enters the deployer as cluster admin; a
//    second AccessEntry for the same principal fails with ResourceInUseException;
//  - B1/C5: an eks.NodeGroup whose releaseVersion follows SSM replaces every node on the next `up`
//    after an AWS AMI release; ssm.getParameter's `value` is always secret (`insecureValue` is not);
//    reserved capacity has no spare instance for the default surge update;
//  - B8: GKE's default surge upgrade needs a spare node that a reservation or compact placement
//    pool does not have.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster } from "../../components/infra/aws/cluster";
import { adminEntries } from "../../components/manifests/infra/eks";
import { planGke } from "../../components/manifests/infra/gke";
import { resolveConfig } from "../../components/config/resolve";
import { waitFor } from "../provider/helpers";
import { eks, gke, service } from "../infra/helpers";

type Json = Record<string, any>;

interface Registered {
    type: string;
    name: string;
    inputs: Json;
    provider?: string;
    opts: pulumi.CustomResourceOptions;
}

const DEPLOYER_ROLE = "arn:aws:iam::123456789012:role/platform-admins";
const OTHER_ROLE = "arn:aws:iam::123456789012:role/sre";
const SESSION = "arn:aws:sts::123456789012:assumed-role/platform-admins/ci-run-42";

/** Runs EksCluster under mocks that answer like AWS for a deployer in an assumed-role session. */
async function runEks(eksConfig: Json): Promise<{ resources: Registered[]; calls: pulumi.runtime.MockCallArgs[] }> {
    const resources: Registered[] = [];
    const calls: pulumi.runtime.MockCallArgs[] = [];
    const opts = new Map<string, pulumi.CustomResourceOptions>();
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                resources.push({ type: a.type, name: a.name, inputs: a.inputs, provider: a.provider, opts: opts.get(`${a.type}::${a.name}`) ?? {} });
                return { id: a.custom ? `${a.name}-id` : undefined, state: a.inputs };
            },
            call: (a) => {
                calls.push(a);
                switch (a.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { accountId: "123456789012", arn: SESSION, userId: "AROAEXAMPLE:ci-run-42" };
                    case "aws:iam/getSessionContext:getSessionContext":
                        return { arn: a.inputs.arn, issuerArn: a.inputs.arn === SESSION ? DEPLOYER_ROLE : a.inputs.arn, issuerName: "platform-admins", sessionName: "ci-run-42" };
                    case "aws:ssm/getParameter:getParameter":
                        // `value` is the sensitive attribute; a diff of it shows [secret].
                        return { name: a.inputs.name, type: "String", value: "sensitive", insecureValue: "1.34.2-20261101" };
                    case "aws:ec2/getInstanceType:getInstanceType":
                        return { instanceType: a.inputs.instanceType, networkCards: [{ index: 0, maximumInterfaces: 2 }, { index: 1, maximumInterfaces: 1 }] };
                    default:
                        return a.inputs;
                }
            },
        },
        "llm-d",
        "cloud",
        false,
    );
    const record: pulumi.ResourceTransformation = (args) => {
        opts.set(`${args.type}::${args.name}`, args.opts as pulumi.CustomResourceOptions);
        return undefined;
    };
    const { spec } = resolveConfig({ eks: eksConfig, services: [service(eksConfig.nodeGroups[0].name)] });
    assert.ok(spec.eks);
    new EksCluster("infra", eksConfig as never, { transformations: [record] });
    let last = -1;
    let stable = 0;
    await waitFor(() => {
        stable = resources.length === last ? stable + 1 : 0;
        last = resources.length;
        return stable > 40 && resources.some((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
    }, "EksCluster registrations");
    return { resources, calls };
}

const cfg = (groups: Json[], extra: Json = {}) => eks(groups, { region: "us-east-2", zones: ["us-east-2a", "us-east-2b"], ...extra }) as Json;

describe("engine: EKS resources go to eks.region through one AWS provider (A4)", () => {
    let run: Awaited<ReturnType<typeof runEks>>;
    before(async () => {
        run = await runEks(cfg([{ name: "p5", instanceType: "p5.48xlarge" }], { adminPrincipalArns: [OTHER_ROLE] }));
    });

    it("creates an aws Provider with the configured region", () => {
        const providers = run.resources.filter((r) => r.type === "pulumi:providers:aws");
        assert.equal(providers.length, 1);
        assert.equal(providers[0].inputs.region, "us-east-2");
    });

    it("registers every AWS resource with that provider, not the default one", () => {
        const aws = run.resources.filter((r) => r.type.startsWith("aws:"));
        assert.ok(aws.length > 20, `${aws.length} AWS resources`);
        for (const r of aws) assert.match(r.provider ?? "", /pulumi:providers:aws::infra-aws::/, `${r.type} ${r.name} ${r.provider}`);
    });

    it("sends every data source (SSM, instance type, caller identity) through it too", () => {
        const tokens = new Set(run.calls.map((c) => c.token));
        for (const t of ["aws:ssm/getParameter:getParameter", "aws:ec2/getInstanceType:getInstanceType", "aws:index/getCallerIdentity:getCallerIdentity", "aws:iam/getSessionContext:getSessionContext"]) {
            assert.ok(tokens.has(t), t);
        }
        for (const c of run.calls) assert.match(c.provider ?? "", /pulumi:providers:aws::infra-aws::/, `${c.token} ${c.provider}`);
    });

    it("leaves Kubernetes resources on the cluster's own kubeconfig provider", () => {
        const charts = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(charts.length > 0);
        for (const r of charts) assert.match(r.provider ?? "", /pulumi:providers:kubernetes::infra-kube::/, `${r.type} ${r.name}`);
    });
});

describe("engine: the deployer's access entry is not created twice (A5)", () => {
    it("adminEntries drops the deployer and keeps each other principal at its config index", () => {
        assert.deepEqual(adminEntries([DEPLOYER_ROLE, OTHER_ROLE], DEPLOYER_ROLE), [{ index: 1, arn: OTHER_ROLE }]);
        assert.deepEqual(adminEntries([OTHER_ROLE], DEPLOYER_ROLE), [{ index: 0, arn: OTHER_ROLE }]);
    });

    it("a deployer in an assumed-role session listed in adminPrincipalArns gets no second entry; the others do", async () => {
        const run = await runEks(cfg([{ name: "p5", instanceType: "p5.48xlarge" }], { adminPrincipalArns: [DEPLOYER_ROLE, OTHER_ROLE] }));
        const cluster = run.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
        assert.equal(cluster.inputs.accessConfig.bootstrapClusterCreatorAdminPermissions, true, "the bootstrap entry is the deployer's");
        const entries = run.resources.filter((r) => r.type === "aws:eks/accessEntry:AccessEntry");
        assert.deepEqual(entries.map((e) => [e.name, e.inputs.principalArn]), [["llm-d-admin-1", OTHER_ROLE]]);
        const policies = run.resources.filter((r) => r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.deepEqual(policies.map((e) => e.inputs.principalArn), [OTHER_ROLE]);
        const session = run.calls.find((c) => c.token === "aws:iam/getSessionContext:getSessionContext")!;
        assert.equal(session.inputs.arn, SESSION, "the session ARN is mapped to its role, which EKS records");
    });
});

describe("engine: EKS node images change only when the user asks (B1, C5)", () => {
    let run: Awaited<ReturnType<typeof runEks>>;
    before(async () => {
        run = await runEks(
            cfg([
                { name: "float", instanceType: "p5.48xlarge" },
                { name: "pinned", instanceType: "p5.48xlarge", amiReleaseVersion: "1.34.1-20261015" },
                { name: "block", instanceType: "p5en.48xlarge", capacity: "capacity-block", capacityReservationId: "cr-0123456789abcdef0", zone: "us-east-2a" },
                { name: "odcr", instanceType: "p4d.24xlarge", capacity: "capacity-reservation", capacityReservationId: "cr-0fedcba9876543210" },
            ]),
        );
    });
    const group = (name: string) => {
        const g = run.resources.find((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && r.inputs.nodeGroupName === name);
        assert.ok(g, name);
        return g;
    };

    it("an unpinned group takes SSM's recommended release (the plain insecureValue) at create time and ignores later releases", () => {
        const g = group("float");
        assert.equal(g.inputs.releaseVersion, "1.34.2-20261101");
        assert.deepEqual(g.opts.ignoreChanges, ["releaseVersion"]);
        const ssm = run.calls.filter((c) => c.token === "aws:ssm/getParameter:getParameter");
        assert.deepEqual([...new Set(ssm.map((c) => c.inputs.name))], ["/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/nvidia/recommended/release_version"]);
    });

    it("a pinned group runs the configured release and follows it when it changes", () => {
        const g = group("pinned");
        assert.equal(g.inputs.releaseVersion, "1.34.1-20261015");
        assert.equal(g.opts.ignoreChanges, undefined);
    });

    it("groups on Capacity Blocks and Capacity Reservations replace one node at a time without surge; on-demand groups keep EKS's default", () => {
        for (const n of ["block", "odcr"]) assert.deepEqual(group(n).inputs.updateConfig, { maxUnavailable: 1, updateStrategy: "MINIMAL" }, n);
        assert.equal(group("float").inputs.updateConfig, undefined);
    });

    it("the system group is not pinned (no launch template, EKS's own release)", () => {
        const g = group("system");
        assert.equal(g.inputs.releaseVersion, undefined);
        assert.equal(g.opts.ignoreChanges, undefined);
    });

    it("amiReleaseVersion of another Kubernetes version is refused with the field, the value and the fix", () => {
        assert.throws(
            () => resolveConfig({ eks: cfg([{ name: "p5", instanceType: "p5.48xlarge", amiReleaseVersion: "1.33.5-20261001" }]), services: [service("p5")] }),
            (e: Error) => /eks\.nodeGroups\[0\]\.amiReleaseVersion/.test(e.message) && /1\.33\.5-20261001/.test(e.message) && /1\.34/.test(e.message),
        );
    });
});

describe("engine: GKE reservation and compact pools upgrade without surge (B8)", () => {
    const pools = (p: Json[]) => planGke(resolveConfig({ gke: gke(p), services: [service(p[0].name)] }).spec.gke!).pools;
    it("SPECIFIC_RESERVATION, compact placement and multi-host TPU pools: SURGE with maxSurge 0, maxUnavailable 1", () => {
        const planned = pools([
            { name: "resv", machineType: "a3-highgpu-8g", capacity: "reservation", reservationName: "h100-resv" },
            { name: "compact", machineType: "a3-megagpu-8g", compactPlacement: true },
            { name: "tpu", machineType: "ct5lp-hightpu-4t", tpuTopology: "4x4" },
        ]);
        for (const p of planned) assert.deepEqual(p.args.upgradeSettings, { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 }, p.name);
    });

    it("on-demand, spot and flex-start pools keep GKE's default surge upgrade", () => {
        const planned = pools([
            { name: "od", machineType: "g2-standard-48" },
            { name: "spot", machineType: "g2-standard-48", capacity: "spot" },
        ]);
        for (const p of planned) assert.equal(p.args.upgradeSettings, undefined, p.name);
    });
});
