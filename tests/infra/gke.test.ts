// GKE under Pulumi mocks, per machine family: the networks (MTU, profile, subnets), the cluster's
// arguments, each node pool's accelerators, network configs, capacity, placement, labels and
// taints, and that the model servers select, tolerate and request exactly what the pool offers.
import assert from "node:assert/strict";
import { POOL_LABEL } from "../../components/config/infra/spec";
import { OfflineRun, runOffline } from "../../provider/offline";
import { deployments, find, gke, ofType, pdService, podSpec, service } from "./helpers";

const NET = "gcp:compute/network:Network";
const SUBNET = "gcp:compute/subnetwork:Subnetwork";
const POOL = "gcp:container/nodePool:NodePool";
const CLUSTER = "gcp:container/cluster:Cluster";

describe("GKE infrastructure under Pulumi mocks", () => {
    describe("A3 Ultra (RDMA over RoCE) with a reservation and compact placement", () => {
        const config = {
            gke: gke([{ name: "h200", machineType: "a3-ultragpu-8g", nodeCount: 2, capacity: "reservation", reservationName: "res-1", compactPlacement: true }]),
            gateway: { provider: "gke-external" },
            services: [pdService("h200", 8, 8)],
        };
        let run: OfflineRun;
        before(async () => {
            run = await runOffline(config);
        });

        it("creates the RDMA VPC with the zone's RoCE network profile, MTU 8896 and 8 subnets", () => {
            const rdma = find(run, NET, "llm-d-rdma");
            assert.equal(rdma.inputs.mtu, 8896);
            assert.equal(rdma.inputs.networkProfile, "projects/my-llm-project/global/networkProfiles/us-central1-b-vpc-roce");
            assert.equal(rdma.inputs.autoCreateSubnetworks, false);
            const subs = ofType(run, SUBNET).filter((s) => s.name.startsWith("llm-d-rdma-sub-"));
            assert.equal(subs.length, 8);
            assert.deepEqual(subs.map((s) => s.inputs.ipCidrRange), Array.from({ length: 8 }, (_, i) => `192.168.${200 + i}.0/24`));
            assert.equal(find(run, NET, "llm-d-gvnic-1").inputs.mtu, 8244);
        });

        it("gives the cluster Dataplane V2, multi-networking, Gateway API, DCGM + managed Prometheus, workload identity and a proxy-only subnet", () => {
            const c = find(run, CLUSTER, "llm-d").inputs;
            assert.equal(c.datapathProvider, "ADVANCED_DATAPATH");
            assert.equal(c.enableMultiNetworking, true);
            assert.deepEqual(c.gatewayApiConfig, { channel: "CHANNEL_STANDARD" });
            assert.ok(c.monitoringConfig.enableComponents.includes("DCGM"));
            assert.equal(c.monitoringConfig.managedPrometheus.enabled, true);
            assert.equal(c.workloadIdentityConfig.workloadPool, "my-llm-project.svc.id.goog");
            assert.deepEqual(c.ipAllocationPolicy, { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
            const proxy = find(run, SUBNET, "llm-d-proxy-only").inputs;
            assert.equal(proxy.purpose, "REGIONAL_MANAGED_PROXY");
            assert.equal(proxy.role, "ACTIVE");
            assert.equal(find(run, POOL, "llm-d-system").inputs.nodeConfig.guestAccelerators, undefined, "the system pool is CPU only");
        });

        it("attaches the second gVNIC and the 8 RDMA subnets to the node pool, consumes the reservation, compact", () => {
            const p = find(run, POOL, "llm-d-h200").inputs;
            const nets = p.networkConfig.additionalNodeNetworkConfigs;
            assert.equal(nets.length, 9);
            assert.deepEqual(nets[0], { network: "llm-d-gvnic-1", subnetwork: "llm-d-gvnic-1-sub" });
            assert.deepEqual(nets[8], { network: "llm-d-rdma", subnetwork: "llm-d-rdma-sub-7" });
            assert.deepEqual(p.nodeConfig.guestAccelerators[0].type, "nvidia-h200-141gb");
            assert.equal(p.nodeConfig.guestAccelerators[0].count, 8);
            assert.deepEqual(p.nodeConfig.reservationAffinity, { consumeReservationType: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["res-1"] });
            assert.deepEqual(p.placementPolicy, { type: "COMPACT" });
            assert.deepEqual(p.nodeLocations, ["us-central1-b"]);
            assert.equal(p.nodeConfig.gvnic.enabled, true);
            assert.equal(p.nodeConfig.labels[POOL_LABEL], "h200");
            assert.deepEqual(p.nodeConfig.taints, [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
        });

        it("creates the GKENetworkParamSet/Network objects rdma-0..7 (RDMA mode) and the gIB installer through the cluster's provider", () => {
            const sets = ofType(run, "kubernetes:networking.gke.io/v1:GKENetworkParamSet");
            const rdma = sets.filter((s) => s.name.startsWith("rdma-"));
            assert.equal(rdma.length, 8);
            assert.deepEqual(rdma[3].inputs.spec, { vpc: "llm-d-rdma", vpcSubnet: "llm-d-rdma-sub-3", deviceMode: "RDMA" });
            assert.equal(ofType(run, "kubernetes:networking.gke.io/v1:Network").length, 9);
            const installer = find(run, "kubernetes:yaml/v2:ConfigFile", "llm-d-gke-nccl-rdma-installer");
            assert.match(String(installer.inputs.file), /gpudirect-rdma\/nccl-rdma-installer\.yaml$/);
            assert.ok(installer.provider?.includes("llm-d-gke-kube"));
        });

        it("hands the workloads a kube provider built from the cluster's secret kubeconfig", () => {
            const provider = find(run, "pulumi:providers:kubernetes", "llm-d-kube");
            assert.ok(provider.dependsOn.includes("llmd:index:GkeCluster::llm-d-gke"));
            assert.equal((provider.inputs.kubeconfig as Record<string, unknown>)["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "kubeconfig is a secret");
            const dep = find(run, "kubernetes:apps/v1:Deployment", "llm-d/svc-decode");
            assert.ok(dep.provider?.includes("llm-d-kube"), dep.provider);
        });

        it("derives the pods' selector, tolerations, GPUs and RDMA interfaces from the pool", () => {
            for (const d of deployments(config)) {
                const pod = podSpec(d);
                assert.equal(pod.nodeSelector[POOL_LABEL], "h200");
                assert.equal(pod.nodeSelector["cloud.google.com/gke-accelerator"], "nvidia-h200-141gb");
                assert.ok(pod.tolerations.some((t: any) => t.key === "nvidia.com/gpu" && t.effect === "NoSchedule"));
                assert.equal(pod.containers[0].resources.limits["nvidia.com/gpu"], "8");
                const ann = (d as any).spec.template.metadata.annotations;
                const ifaces = JSON.parse(ann["networking.gke.io/interfaces"]);
                assert.deepEqual(ifaces[0], { interfaceName: "eth0", network: "default" });
                assert.deepEqual(ifaces[1], { interfaceName: "eth2", network: "rdma-0" });
                assert.equal(ifaces.length, 9);
                // NCCL runs its in-tree IB transport over the RoCE NICs (llm-d's GKE overlays): GKE's gIB plugin is neither mounted nor loaded.
                assert.ok(!pod.volumes.some((v: any) => v.hostPath?.path === "/home/kubernetes/bin/gib"));
                const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
                assert.equal(env.NCCL_NET_PLUGIN, "none");
                assert.equal(env.UCX_TLS, "rc_mlx5,rc,cuda_copy,cuda_ipc,sm,shm,self");
                assert.match(pod.containers[0].args.find((a: string) => a.startsWith("--kv-transfer-config")), /NixlConnector/);
            }
        });
    });

    describe("A3 High (GPUDirect-TCPX) on spot, autoscaled", () => {
        let run: OfflineRun;
        before(async () => {
            run = await runOffline({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", minNodes: 1, maxNodes: 3, capacity: "spot" }]), services: [service("h100", { decode: { tensorParallel: 8 } })] });
        });
        it("creates 4 GPU VPCs with MTU 8244 and an allow-internal firewall each, and attaches all 4", () => {
            const gpuNets = ofType(run, NET).filter((n) => /-gpu-\d$/.test(n.name));
            assert.equal(gpuNets.length, 4);
            for (const n of gpuNets) assert.equal(n.inputs.mtu, 8244);
            assert.equal(ofType(run, "gcp:compute/firewall:Firewall").length, 4);
            const p = find(run, POOL, "llm-d-h100").inputs;
            assert.equal(p.networkConfig.additionalNodeNetworkConfigs.length, 4);
            assert.equal(p.nodeConfig.spot, true);
            assert.deepEqual(p.autoscaling, { totalMinNodeCount: 1, totalMaxNodeCount: 3, locationPolicy: "ANY" });
            assert.equal(p.nodeCount, undefined);
            assert.ok(ofType(run, "kubernetes:yaml/v2:ConfigFile").some((c) => /nccl-tcpx-installer/.test(String(c.inputs.file))));
            assert.ok(ofType(run, "kubernetes:yaml/v2:ConfigFile").some((c) => /nri-device-injector/.test(String(c.inputs.file))));
        });
    });

    it("A3 Mega (TCPXO) attaches 8 GPU VPCs", async () => {
        const run = await runOffline({ gke: gke([{ name: "mega", machineType: "a3-megagpu-8g" }]), services: [service("mega")] });
        assert.equal(find(run, POOL, "llm-d-mega").inputs.networkConfig.additionalNodeNetworkConfigs.length, 8);
        assert.ok(ofType(run, "kubernetes:yaml/v2:ConfigFile").some((c) => /nccl-tcpxo-installer/.test(String(c.inputs.file))));
    });

    it("G2 (L4) and A2 Ultra pools need no extra networks or multi-networking", async () => {
        const run = await runOffline({
            gke: gke([{ name: "l4", machineType: "g2-standard-24", nodeCount: 2 }, { name: "a100", machineType: "a2-ultragpu-1g" }]),
            services: [service("l4", { decode: { tensorParallel: 2 } })],
        });
        assert.equal(ofType(run, NET).length, 1);
        assert.equal(find(run, CLUSTER, "llm-d").inputs.enableMultiNetworking, false);
        const l4 = find(run, POOL, "llm-d-l4").inputs;
        assert.equal(l4.networkConfig, undefined);
        assert.deepEqual(l4.nodeConfig.guestAccelerators[0], { type: "nvidia-l4", count: 2, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } });
        assert.equal(find(run, POOL, "llm-d-a100").inputs.nodeConfig.guestAccelerators[0].type, "nvidia-a100-80gb");
    });

    describe("TPU slices", () => {
        it("a multi-host v6e 4x4 slice on ct6e-standard-4t: 4 nodes, compact with the topology", async () => {
            const run = await runOffline({
                gke: gke([{ name: "v6e", machineType: "ct6e-standard-4t", tpuTopology: "4x4" }, { name: "l4", machineType: "g2-standard-8" }]),
                services: [service("l4", { decode: { maxModelLen: 4096 } })],
            });
            const p = find(run, POOL, "llm-d-v6e").inputs;
            assert.equal(p.nodeCount, 4);
            assert.deepEqual(p.placementPolicy, { type: "COMPACT", tpuTopology: "4x4" });
            assert.equal(p.nodeConfig.guestAccelerators, undefined);
            assert.equal(p.nodeConfig.machineType, "ct6e-standard-4t");
        });
        it("a single-host v6e 2x4 slice under flex-start: autoscaled from 0, no repair, selected by topology", async () => {
            const config = {
                gke: gke([{ name: "v6e", machineType: "ct6e-standard-8t", maxNodes: 2, capacity: "flex-start" }]),
                services: [service("v6e", { model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, decode: { tensorParallel: 8 } })],
            };
            const run = await runOffline(config);
            const p = find(run, POOL, "llm-d-v6e").inputs;
            assert.equal(p.nodeConfig.flexStart, true);
            assert.deepEqual(p.autoscaling, { totalMinNodeCount: 0, totalMaxNodeCount: 2, locationPolicy: "ANY" });
            assert.equal(p.management.autoRepair, false);
            assert.equal(p.placementPolicy, undefined);
            const pod = podSpec(deployments(config)[0]);
            assert.equal(pod.nodeSelector["cloud.google.com/gke-tpu-accelerator"], "tpu-v6e-slice");
            assert.equal(pod.nodeSelector["cloud.google.com/gke-tpu-topology"], "2x4");
            assert.equal(pod.nodeSelector[POOL_LABEL], "v6e");
            assert.equal(pod.containers[0].resources.limits["google.com/tpu"], "8");
            assert.ok(pod.tolerations.some((t: any) => t.key === "google.com/tpu"));
        });
        it("ct5p (v5p) 2x2x2 spans 2 hosts; ct5lp (v5e) 2x2 is single-host", async () => {
            const run = await runOffline({
                gke: gke([{ name: "v5p", machineType: "ct5p-hightpu-4t", tpuTopology: "2x2x2" }, { name: "v5e", machineType: "ct5lp-hightpu-4t" }]),
                services: [service("v5e", { model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, decode: { tensorParallel: 4 } })],
            });
            assert.equal(find(run, POOL, "llm-d-v5p").inputs.nodeCount, 2);
            assert.equal(find(run, POOL, "llm-d-v5e").inputs.nodeCount, 1);
            assert.equal(find(run, POOL, "llm-d-v5e").inputs.placementPolicy, undefined);
        });
    });
});
