// The shared (east/west) storage tier of the tiered prefix cache: the claim, its mount where vLLM's fs
// tier roots, the StorageClass and network access each cloud's file system needs, the tier's tokens
// in the plan, and every bad input naming its field.
import * as assert from "node:assert/strict";
import { parseQuantity } from "../../components/config/quantity";
import { resolveConfig } from "../../components/config/resolve";
import { allObjects, buildStack, K8sObject } from "../../components/manifests";
import { planGke } from "../../components/manifests/infra/gke";
import { irsaTrustPolicy, planEks } from "../../components/manifests/infra/eks";
import { resourceTree } from "../../components/manifests/tree";
import { sizingPlan } from "../../components/planner/plan";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, eppConfig, find, flag, podSpec } from "./helpers";

const GiB = 2 ** 30;
/** Qwen3-32B: 64 layers x 8 KV heads x 128 x 2 (K, V) x 2 B. */
const QWEN3_32B_KV_BYTES_PER_TOKEN = 64 * 8 * 128 * 2 * 2;

function build(config: unknown) {
    const { spec } = resolveConfig(config);
    const built = buildStack(spec);
    return { spec, built, objects: allObjects(built) };
}

/** The model server's fs tier root, and the claim mounted there: they must be the same volume. */
function fsTierClaim(objects: K8sObject[], deployment: string): { root: string; claim: string } {
    const decode = find(objects, "Deployment", deployment);
    const vllm = container(decode);
    const cfg = JSON.parse(flag(vllm.args, "--kv-transfer-config") as string);
    const fs = cfg.kv_connector_extra_config.secondary_tiers.find((t: any) => t.type === "fs");
    assert.ok(fs, "an fs secondary tier");
    const mount = (vllm.volumeMounts as any[]).find((m) => m.mountPath === fs.root_dir);
    assert.ok(mount, `a volume mounted at the fs tier's root ${fs.root_dir}`);
    const volume = (podSpec(decode).volumes as any[]).find((v) => v.name === mount.name);
    assert.ok(volume?.persistentVolumeClaim, "the mounted volume is a claim");
    return { root: fs.root_dir, claim: volume.persistentVolumeClaim.claimName };
}

describe("shared KV-cache storage tier", () => {
    describe("on an existing cluster (examples/configs/shared-kv-cache.yaml)", () => {
        const cfg = loadExample("shared-kv-cache.yaml") as any;
        const { spec, built, objects } = build(cfg);

        it("renders objects that validate", () => assertValidObjects(objects));

        it("creates one ReadWriteMany claim of the configured class and size, mounted where the fs tier roots", () => {
            const claim = find(objects, "PersistentVolumeClaim", "qwen3-32b-kv-cache-storage") as any;
            assert.deepEqual(claim.spec, { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "9000Gi" } }, storageClassName: "lustre-class" });
            assert.deepEqual(fsTierClaim(objects, "qwen3-32b-decode"), { root: "/mnt/files-storage", claim: "qwen3-32b-kv-cache-storage" });
            // Shared, so the model servers (and everything of the service) wait for it to bind.
            assert.ok(built.shared.includes(claim));
        });

        it("configures vLLM's TieringOffloadingSpec as llm-d's fs guide does: CPU bytes, block 256, 16 threads each way", () => {
            const vllm = container(find(objects, "Deployment", "qwen3-32b-decode"));
            assert.deepEqual(JSON.parse(flag(vllm.args, "--kv-transfer-config") as string), {
                kv_connector: "OffloadingConnector",
                kv_role: "kv_both",
                kv_connector_extra_config: {
                    spec_name: "TieringOffloadingSpec",
                    cpu_bytes_to_use: 100 * GiB,
                    block_size: 256,
                    secondary_tiers: [{ type: "fs", root_dir: "/mnt/files-storage", n_read_threads: 16, n_write_threads: 16 }],
                },
            });
            // One hash seed in every pod: blocks are found by hash across instances.
            const seeds = (vllm.env as any[]).filter((e) => e.name === "PYTHONHASHSEED");
            assert.equal(seeds.length, 1);
            assert.equal(seeds[0].value, spec.services[0].prefixCache.hashSeed);
        });

        it("/dev/shm holds the CPU tier: TieringOffloadingSpec maps it there (vLLM shared_offload_region.py), beside the runtime's 20Gi", () => {
            const decode = find(objects, "Deployment", "qwen3-32b-decode");
            const cfg = JSON.parse(flag(container(decode).args, "--kv-transfer-config") as string);
            const shm = (podSpec(decode).volumes as any[]).find((v) => (container(decode).volumeMounts as any[]).some((m) => m.mountPath === "/dev/shm" && m.name === v.name));
            assert.equal(shm.emptyDir.medium, "Memory");
            assert.ok(parseQuantity(shm.emptyDir.sizeLimit)! >= cfg.kv_connector_extra_config.cpu_bytes_to_use + 20 * GiB, shm.emptyDir.sizeLimit);
            // The tmpfs is charged to the pod: its memory limit covers the offload too.
            assert.ok(parseQuantity(container(decode).resources.limits.memory)! >= cfg.kv_connector_extra_config.cpu_bytes_to_use);
        });

        it("the picker scores the tiers the release scores (GPU and CPU), not storage", () => {
            const epp = eppConfig(objects, "qwen3-32b");
            const scorers = epp.plugins.filter((p) => p.type === "prefix-cache-scorer").map((p) => p.name);
            assert.deepEqual(scorers, ["gpu-prefix-cache-scorer", "cpu-prefix-cache-scorer"]);
            assert.deepEqual(spec.release.kvTiers.scored, ["gpu", "cpu"]);
        });

        it("llmd plan counts each tier's tokens: GPU per pod, CPU per pod, storage shared", () => {
            const tiers = sizingPlan(spec).services[0].kvTiers!;
            const byTier = Object.fromEntries(tiers.map((t) => [t.tier, t]));
            assert.equal(byTier.cpu.tokens, (100 * GiB) / QWEN3_32B_KV_BYTES_PER_TOKEN); // 409,600
            assert.equal(byTier.storage.tokens, (9000 * GiB) / QWEN3_32B_KV_BYTES_PER_TOKEN); // 36,864,000
            assert.equal(byTier.storage.scope, "shared");
            assert.equal(byTier.storage.scored, false);
            assert.equal(byTier.gpu.tokens, sizingPlan(spec).services[0].roles[0].sizing!.kvCacheTokens);
        });

        it("the claim waits an hour to bind (its file system is created behind it)", () => {
            const tree = resourceTree(spec, built, { name: "llm-d", hfToken: false });
            const pvc = tree.find((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim")!;
            assert.equal(pvc.timeouts?.create, 3600);
        });

        it("an existing claim is mounted, not created", () => {
            const c = structuredClone(cfg);
            c.services[0].offload.storage = { claimName: "team-kv-cache" };
            const { objects: o } = build(c);
            assert.equal(o.filter((x) => x.kind === "PersistentVolumeClaim").length, 0);
            assert.equal(fsTierClaim(o, "qwen3-32b-decode").claim, "team-kv-cache");
        });
    });

    describe("provisioned with the GKE cluster (examples/configs/gke-shared-kv-cache.yaml)", () => {
        const cfg = loadExample("gke-shared-kv-cache.yaml") as any;
        const { spec, objects } = build(cfg);
        const plan = planGke(spec.gke!);

        it("turns on GKE's Managed Lustre CSI driver and peers the VPC for private services access", () => {
            assert.deepEqual((plan.cluster as any).addonsConfig, { lustreCsiDriverConfig: { enabled: true } });
            const net = plan.networks.find((n) => n.role === "cluster")!;
            assert.deepEqual(net.privateServiceAccess, { addressName: "llm-d-lustre-psa", prefixLength: 20, firewallName: "llm-d-allow-lustre", tcpPorts: ["988"] });
        });

        it("creates the StorageClass the claim names: Lustre CSI, the cluster's network, 1000 MB/s/TiB, the pool's zone", () => {
            const sc = plan.objects.find((o) => o.kind === "StorageClass") as any;
            const claim = find(objects, "PersistentVolumeClaim", "qwen3-32b-kv-cache-storage") as any;
            assert.equal(claim.spec.storageClassName, sc.metadata.name);
            assert.equal(claim.spec.resources.requests.storage, "18000Gi");
            assert.equal(sc.provisioner, "lustre.csi.storage.gke.io");
            assert.deepEqual(sc.parameters, { network: "llm-d-net", perUnitStorageThroughput: "1000" });
            assert.deepEqual(sc.allowedTopologies, [{ matchLabelExpressions: [{ key: "topology.gke.io/zone", values: ["us-east4-a"] }] }]);
            assertValidObjects([sc, claim]);
            assert.ok(plan.networks.some((n) => n.name === sc.parameters.network), "the class names a network the stack creates");
        });

        it("Filestore: its CSI add-on and a class of the chosen tier, no peering", () => {
            const c = structuredClone(cfg);
            c.services[0].offload.storage = { fileSystem: "filestore", filestoreTier: "zonal", size: "10240Gi" };
            const p = planGke(build(c).spec.gke!);
            assert.deepEqual((p.cluster as any).addonsConfig, { gcpFilestoreCsiDriverConfig: { enabled: true } });
            const sc = p.objects.find((o) => o.kind === "StorageClass") as any;
            assert.equal(sc.provisioner, "filestore.csi.storage.gke.io");
            assert.deepEqual(sc.parameters, { tier: "zonal", network: "llm-d-net" });
            assert.equal(p.networks.find((n) => n.role === "cluster")!.privateServiceAccess, undefined);
            assertValidObjects([sc]);
        });

        it("without a storage tier the cluster has no add-on, peering or class", () => {
            const c = structuredClone(cfg);
            delete c.services[0].offload.storage;
            const p = planGke(build(c).spec.gke!);
            assert.equal((p.cluster as any).addonsConfig, undefined);
            assert.equal(p.objects.filter((o) => o.kind === "StorageClass").length, 0);
        });
    });

    describe("provisioned with the EKS cluster (FSx for Lustre)", () => {
        const cfg = {
            namespace: "llm-d",
            eks: { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], nodeGroups: [{ name: "h100", instanceType: "p5.48xlarge", desiredSize: 1 }] },
            services: [
                {
                    name: "qwen3-32b",
                    path: "tiered-prefix-cache",
                    model: { id: "Qwen/Qwen3-32B" },
                    accelerator: { nodePool: "h100" },
                    decode: { replicas: 2, tensorParallel: 2 },
                    offload: { storage: { fileSystem: "fsx-lustre" } },
                },
            ],
        };
        const { spec, built, objects } = build(cfg);
        const plan = planEks(spec.eks!);

        it("plans the FSx CSI driver with an IRSA role, Lustre's ports and a PERSISTENT_2 class in the group's zone", () => {
            const f = plan.fsxLustre!;
            assert.equal(f.chart.version, "1.17.0");
            assert.deepEqual(f.serviceAccount, { namespace: "kube-system", name: "fsx-csi-controller-sa" });
            assert.deepEqual(f.ports, [{ from: 988, to: 988 }, { from: 1018, to: 1023 }]);
            const group = spec.eks!.groups.find((g) => g.name === "h100")!;
            assert.equal(f.storageClass.zone, group.zone);
            assert.deepEqual(f.storageClass.parameters, { deploymentType: "PERSISTENT_2", storageType: "SSD", perUnitStorageThroughput: "250" });
            const claim = find(objects, "PersistentVolumeClaim", "qwen3-32b-kv-cache-storage") as any;
            assert.equal(claim.spec.storageClassName, f.storageClass.name);
            assert.equal(claim.spec.resources.requests.storage, "9600Gi");
        });

        it("the role trusts only the driver's controller service account through the cluster's OIDC issuer", () => {
            const policy = JSON.parse(irsaTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/AB", "https://oidc.eks.us-west-2.amazonaws.com/id/AB", "kube-system", "fsx-csi-controller-sa"));
            assert.deepEqual(policy.Statement[0].Condition.StringEquals, {
                "oidc.eks.us-west-2.amazonaws.com/id/AB:sub": "system:serviceaccount:kube-system:fsx-csi-controller-sa",
                "oidc.eks.us-west-2.amazonaws.com/id/AB:aud": "sts.amazonaws.com",
            });
        });

        it("the resource tree has the role, security group, chart and StorageClass", () => {
            const tree = resourceTree(spec, built, { name: "llm-d", hfToken: false });
            const types = tree.map((r) => `${r.type} ${r.name}`);
            for (const t of ["aws:iam/role:Role llm-d-fsx-csi", "aws:ec2/securityGroup:SecurityGroup llm-d-fsx", "kubernetes:helm.sh/v4:Chart aws-fsx-csi-driver", "kubernetes:storage.k8s.io/v1:StorageClass llm-d-eks-llmd-fsx-lustre"]) {
                assert.ok(types.includes(t), `${t} in ${types.filter((x) => /fsx/.test(x)).join(", ")}`);
            }
        });
    });

    describe("bad input names its field", () => {
        const base = () => structuredClone(loadExample("shared-kv-cache.yaml")) as any;
        it("two sources at once", () => {
            const c = base();
            c.services[0].offload.storage = { storageClassName: "a", claimName: "b" };
            assertConfigError(() => resolveConfig(c), "services[0].offload.storage", /exactly one of fileSystem/);
        });
        it("a provisioned file system without the cluster that provisions it", () => {
            const c = base();
            c.services[0].offload.storage = { fileSystem: "managed-lustre" };
            assertConfigError(() => resolveConfig(c), "services[0].offload.storage.fileSystem", /GKE cluster the stack creates/);
        });
        it("the storage tier with LMCache", () => {
            const c = base();
            c.services[0].offload.connector = "lmcache";
            assertConfigError(() => resolveConfig(c), "services[0].offload.connector", /native: the storage tier is the fs tier/);
        });
        it("a Managed Lustre size that is not a multiple of 9000Gi", () => {
            const c = structuredClone(loadExample("gke-shared-kv-cache.yaml")) as any;
            c.services[0].offload.storage.size = "10000Gi";
            assertConfigError(() => resolveConfig(c), "services[0].offload.storage.size", /multiple of 9000Gi/);
        });
        it("size or throughput on an existing claim", () => {
            const c = base();
            c.services[0].offload.storage = { claimName: "x", size: "1Ti" };
            assertConfigError(() => resolveConfig(c), "services[0].offload.storage.size", /no size for an existing claim/);
        });
        it("a Filestore size under the tier's minimum", () => {
            const c = structuredClone(loadExample("gke-shared-kv-cache.yaml")) as any;
            c.services[0].offload.storage = { fileSystem: "filestore", filestoreTier: "zonal", size: "2048Gi" };
            assertConfigError(() => resolveConfig(c), "services[0].offload.storage.size", /at least 10240Gi/);
        });
        it("two services on one Managed Lustre class with different throughputs", () => {
            const c = structuredClone(loadExample("gke-shared-kv-cache.yaml")) as any;
            const second = structuredClone(c.services[0]);
            second.name = "qwen3-32b-b";
            second.model.servedName = "qwen3-b";
            second.offload.storage.throughput = 500;
            c.services.push(second);
            assertConfigError(() => resolveConfig(c), "services[1].offload.storage.throughput", /1000, as services\[0\]/);
        });
        it("a storage tier on another path", () => {
            const c = base();
            c.services[0].path = "inference-scheduling";
            assertConfigError(() => resolveConfig(c), "services[0].offload", /offload only on tiered-prefix-cache/);
        });
    });
});
