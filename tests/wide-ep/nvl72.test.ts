// Wide-EP on GB200 NVL72 racks: GKE A4X pools (arm64, NVL72 workload policy, managed DRANET, NVIDIA's
// DRA driver with ComputeDomains) and EKS P6e-GB200 UltraServers (Capacity Blocks, AL2023 ARM NVIDIA
// AMI, DRA driver); each role one ComputeDomain whose pods share one NVLink domain; the release's
// MNNVL settings; the catalog and the planner on GB200.
import assert from "node:assert/strict";
import { findChip, findMachineType } from "../../components/catalog/accelerators";
import { resolveConfig } from "../../components/config/resolve";
import { allObjects, buildStack, K8sObject } from "../../components/manifests";
import { lwsPodSpec } from "../../components/manifests/modelserver/leaderworkerset";
import { planEks } from "../../components/manifests/infra/eks";
import { planGke } from "../../components/manifests/infra/gke";
import { resourceTree } from "../../components/manifests/tree";
import { sizingPlan } from "../../components/planner/plan";
import { assertConfigError } from "../paths/helpers";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";

function build(config: unknown) {
    const { spec } = resolveConfig(config);
    const built = buildStack(spec);
    return { spec, built, objects: allObjects(built) };
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as any[];

/** The invariants of one role on an NVLink domain, from the rendered objects only. */
function checkRole(objects: K8sObject[], role: "prefill" | "decode", domainKey: string, release: any): void {
    const lws = objects.find((o) => o.kind === "LeaderWorkerSet" && o.metadata.name.endsWith(`-${role}`))!;
    const pod = lwsPodSpec(lws) as any;
    const cds = byKind(objects, "ComputeDomain").filter((cd) => cd.metadata.labels["llm-d.ai/role"] === role);
    assert.equal(cds.length, 1, `one ComputeDomain for ${role}`);
    const channel = cds[0].spec.channel.resourceClaimTemplate.name;
    // The pod claims its role's IMEX channel, and the vLLM container uses the claim.
    const claim = (pod.resourceClaims as any[]).find((c) => c.resourceClaimTemplateName === channel);
    assert.ok(claim, `${role} pods claim ${channel}`);
    assert.ok((pod.containers[0].resources.claims as any[]).some((c) => c.name === claim.name));
    // Every pod of the role in one NVLink domain: required affinity over the domain label, selecting the whole role.
    const terms = pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution as any[];
    assert.equal(terms.length, 1);
    assert.equal(terms[0].topologyKey, domainKey);
    assert.equal(terms[0].matchLabelKeys, undefined, "the term spans the role, not one group");
    assert.equal(terms[0].labelSelector.matchLabels["llm-d.ai/role"], role);
    // The release's MNNVL settings win over the fabric's.
    const env = Object.fromEntries((pod.containers[0].env as any[]).filter((e) => "value" in e).map((e) => [e.name, e.value]));
    for (const [k, v] of release.nvl72.env) assert.equal(env[k], v, `${k}`);
    assert.equal(pod.hostIPC ?? false, release.nvl72.hostIpc);
    assert.equal(pod.hostPID ?? false, release.nvl72.hostIpc);
    // arm64 Grace hosts.
    assert.ok((pod.tolerations as any[]).some((t) => t.key === "nvidia.com/gpu"));
}

describe("wide-EP on GB200 NVL72", () => {
    it("the catalog: GB200 with its NVLink domain, A4X and P6e-GB200 with sources and prices", () => {
        const chip = findChip("nvidia-gb200")!;
        assert.equal(chip.nvlinkDomain!.gpus, 72);
        const a4x = findMachineType("a4x-highgpu-4g")!;
        assert.deepEqual([a4x.chip, a4x.chipsPerNode, a4x.arch, a4x.gkeAcceleratorTopology], ["nvidia-gb200", 4, "arm64", "1x72"]);
        const p6e = findMachineType("p6e-gb200.36xlarge")!;
        assert.deepEqual([p6e.chip, p6e.chipsPerNode, p6e.arch, p6e.capacityBlocksOnly], ["nvidia-gb200", 4, "arm64", true]);
        // $10.582 per GPU-hour in Capacity Blocks; A4X has no list price (an estimate, said so).
        assert.equal(p6e.pricePerHourUSD, 42.328);
        assert.equal(a4x.priceConfidence, "estimate");
        assert.match(a4x.priceNote!, /Replace before quoting/);
    });

    describe("GKE A4X (examples/configs/gke-a4x-wide-ep.yaml)", () => {
        const { spec, built, objects } = build(loadExample("gke-a4x-wide-ep.yaml"));
        const plan = planGke(spec.gke!);
        const pool = plan.pools.find((p) => p.name === "gb200")!;

        it("places the pool in one NVL72 rack: compact placement naming a HIGH_THROUGHPUT 1x72 workload policy", () => {
            assert.deepEqual((pool.args as any).placementPolicy, { type: "COMPACT" });
            assert.deepEqual(pool.resourcePolicy!.args.workloadPolicy, { type: "HIGH_THROUGHPUT", acceleratorTopology: "1x72" });
            const tree = resourceTree(spec, built, { name: "llm-d", hfToken: false });
            const nodePool = tree.find((r) => r.type === "gcp:container/nodePool:NodePool" && r.name === "llm-d-gb200")!;
            assert.ok(nodePool.dependsOn?.includes(pool.resourcePolicy!.name), "the pool waits for its policy");
        });

        it("runs managed DRANET, the A4X driver installer and NVIDIA's DRA driver with ComputeDomains, tolerating arm64", () => {
            assert.equal((pool.args as any).networkConfig.acceleratorNetworkProfile, "auto");
            assert.deepEqual(plan.manifests.map((m) => m.name), ["nvidia-driver-installer-a4x"]);
            const dra = plan.charts.find((c) => c.chart === "nvidia-dra-driver-gpu")!;
            assert.equal((dra.values as any).resources.computeDomains.enabled, true);
            assert.ok((dra.values as any).kubeletPlugin.tolerations.some((t: any) => t.key === "kubernetes.io/arch" && t.value === "arm64"));
            // GKE sets the arm64 taint itself; the pool does not.
            assert.ok(!((pool.args as any).nodeConfig.taints as any[]).some((t) => t.key.startsWith("kubernetes.io/")));
        });

        it("each role is one ComputeDomain whose pods share one NVLink domain, with v0.9.0's MNNVL settings", () => {
            assertValidObjects(objects.filter((o) => o.kind === "ComputeDomain" || o.kind === "LeaderWorkerSet"));
            for (const role of ["prefill", "decode"] as const) checkRole(objects, role, "cloud.google.com/gce-topology-subblock", spec.release);
            const pod = lwsPodSpec(objects.find((o) => o.kind === "LeaderWorkerSet" && o.metadata.name === "deepseek-r1-decode")!) as any;
            // GPUs and their NICs come as DRANET claims; no multi-network interfaces, no privileged mode for them.
            assert.equal((pod.resourceClaims as any[]).filter((c) => c.name.startsWith("gpu-rdma-")).length, 4);
            assert.equal(pod.containers[0].securityContext.privileged, undefined);
            assert.ok(!JSON.stringify(pod).includes("networking.gke.io.networks"));
            assert.equal(pod.containers[0].env.find((e: any) => e.name === "UCX_TLS").value, "cuda_ipc,rc,cuda_copy");
        });

        it("the planner sizes DeepSeek-R1 on 16 GB200 per role, priced at A4X's estimate", () => {
            const s = sizingPlan(spec).services[0];
            for (const r of s.roles) {
                assert.equal(r.sizing!.fits, true);
                assert.equal(r.sizing!.machineType, "a4x-highgpu-4g");
                assert.ok(Math.abs(r.sizing!.costPerHour - 16 * (findMachineType("a4x-highgpu-4g")!.pricePerHourUSD / 4)) < 0.02);
            }
        });
    });

    describe("EKS P6e-GB200 (examples/configs/eks-p6e-gb200-wide-ep.yaml)", () => {
        const { spec, objects } = build(loadExample("eks-p6e-gb200-wide-ep.yaml"));
        const plan = planEks(spec.eks!);

        it("a Capacity Block node group on the AL2023 ARM NVIDIA AMI, and the DRA driver for ComputeDomains", () => {
            const g = plan.groups.find((x) => x.name === "gb200")!;
            assert.equal(g.amiType, "AL2023_ARM_64_NVIDIA");
            assert.equal(g.capacityType, "CAPACITY_BLOCK");
            assert.deepEqual(g.ami, { recommendedParameter: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/nvidia/recommended/release_version" });
            const dra = plan.charts.find((c) => c.chart === "nvidia-dra-driver-gpu")!;
            assert.deepEqual((dra.values as any).resources, { gpus: { enabled: false }, computeDomains: { enabled: true } });
        });

        it("each role one ComputeDomain within one UltraServer; GPUs and EFA as extended resources", () => {
            for (const role of ["prefill", "decode"] as const) checkRole(objects, role, "topology.k8s.aws/ultraserver-id", spec.release);
            const limits = (lwsPodSpec(objects.find((o) => o.kind === "LeaderWorkerSet" && o.metadata.name === "deepseek-r1-decode")!) as any).containers[0].resources.limits;
            assert.equal(limits["nvidia.com/gpu"], "4");
            assert.equal(limits["vpc.amazonaws.com/efa"], "4");
        });

        it("refuses a P6e-GB200 node group that is not a Capacity Block", () => {
            const c = structuredClone(loadExample("eks-p6e-gb200-wide-ep.yaml")) as any;
            c.eks.nodeGroups[0].capacity = "on-demand";
            delete c.eks.nodeGroups[0].capacityReservationId;
            assertConfigError(() => resolveConfig(c), "eks.nodeGroups[0].capacity", /only as EC2 Capacity Blocks/);
        });
    });

    describe("the NVLink domain bounds each role", () => {
        const gke = () => structuredClone(loadExample("gke-a4x-wide-ep.yaml")) as any;
        it("a role of more pods than one domain's 18 nodes names replicas", () => {
            const c = gke();
            c.services[0].decode.replicas = 5; // 5 x 4 = 20 pods
            assertConfigError(() => resolveConfig(c), "services[0].decode.replicas", /at most 18: the role is one ComputeDomain inside one NVLink domain/);
        });
        it("a group larger than a domain names groupSize", () => {
            const c = gke();
            c.services[0].prefill.groupSize = 20;
            assertConfigError(() => resolveConfig(c), "services[0].prefill.groupSize", /at most 18 pods/);
        });
        it("requireSameTopology cannot be turned off", () => {
            const c = gke();
            c.services[0].wideEp = { requireSameTopology: false };
            assertConfigError(() => resolveConfig(c), "services[0].wideEp.requireSameTopology", /cannot span two NVLink domains/);
        });
        it("an A4X pool in two zones, or with manual RDMA, names the pool field", () => {
            const c = gke();
            c.gke.nodePools[0].zones = ["us-central1-b", "us-central1-c"];
            c.gke.zones = ["us-central1-b", "us-central1-c"];
            assertConfigError(() => resolveConfig(c), "gke.nodePools[0].zones", /one NVL72 rack/);
            const m = gke();
            m.gke.nodePools[0].rdma = "manual";
            assertConfigError(() => resolveConfig(m), "gke.nodePools[0].rdma", /managed DRANET/);
        });
        it("on an existing cluster: the DRA driver must be declared, and the chip's GKE nodes group by sub-block", () => {
            const existing = {
                cluster: {},
                services: [
                    {
                        name: "ds",
                        path: "wide-ep",
                        model: { id: "deepseek-ai/DeepSeek-R1-0528" },
                        accelerator: { type: "nvidia", chip: "nvidia-gb200", network: "infiniband" },
                        prefill: { replicas: 1, groupSize: 4, dataParallel: 4 },
                        decode: { replicas: 1, groupSize: 4, dataParallel: 4 },
                    },
                ],
            };
            assertConfigError(() => resolveConfig(existing), "cluster.nvidiaDraDriver", /DRA driver with ComputeDomains/);
            const declared = { ...existing, cluster: { nvidiaDraDriver: true } };
            const release = resolveConfig(declared).spec.release;
            checkRole(build(declared).objects, "decode", "cloud.google.com/gce-topology-subblock", release);
        });
        it("llm-d v0.8.1 follows its own recipe: the GB200 image, NVSHMEM symmetric memory, no host IPC", () => {
            const c = gke();
            c.release = "v0.8.1";
            const { spec, objects } = build(c);
            const pod = lwsPodSpec(objects.find((o) => o.kind === "LeaderWorkerSet" && o.metadata.name === "deepseek-r1-decode")!) as any;
            assert.equal(pod.containers[0].image, "ghcr.io/llm-d/llm-d-cuda-gb200:v0.8.0");
            checkRole(objects, "decode", "cloud.google.com/gce-topology-subblock", spec.release);
            assert.equal(pod.containers[0].env.find((e: any) => e.name === "TORCH_SYMMMEM").value, "NVSHMEM");
        });
    });
});
