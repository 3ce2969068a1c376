// Pod fragments of the GKE accelerator networks: GPUDirect-TCPX (A3 High) and -TCPXO (A3 Mega)
// on multi-node wide-EP groups, and managed DRANET (A3 Ultra / A4) with DRA claims; the pools'
// arguments and installers those fragments rely on; every rendered object schema-validated.
import assert from "node:assert/strict";
import { resolveConfig } from "../../components/config/resolve";
import { planGke } from "../../components/manifests/infra/gke";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { assertValidObjects } from "../support/validate";
import { deployments, expectIssue, gke, pdService, podSpec } from "./helpers";

function wideEp(pool: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const role = { replicas: 1, groupSize: 2, dataParallel: 8, tensorParallel: 1, resources: { cpu: "32", memory: "512Gi" } };
    return {
        name: "dsr1",
        path: "wide-ep",
        model: { id: "deepseek-ai/DeepSeek-R1-0528", cacheSize: "1Ti" },
        accelerator: { nodePool: pool },
        prefill: role,
        decode: role,
        ...extra,
    };
}

/**
 * Wide-EP groups span nodes; config/wide-ep.ts refuses them without RDMA (DeepEP needs it), so the
 * builders are driven here with a GPUDirect pool binding on an otherwise resolved multi-node layout.
 */
function objects(config: { gke: Record<string, unknown>; services: unknown[] }): K8sObject[] {
    const pool = (config.gke.nodePools as { name: string; machineType: string }[])[0];
    const rdma = { ...config, gke: { ...config.gke, nodePools: [{ name: pool.name, machineType: "a3-ultragpu-8g", nodeCount: 4 }] } };
    const spec = resolveConfig(rdma).spec;
    const binding = resolveConfig({ gke: config.gke, services: [{ name: "x", model: { id: "Qwen/Qwen3-8B" }, accelerator: { nodePool: pool.name } }] }).spec.gke!.pools[0];
    const stack = pool.machineType === "a3-megagpu-8g" ? "gpudirect-tcpxo" : "gpudirect-tcpx";
    assert.equal(binding.networkStack, stack);
    const nets = Array.from({ length: stack === "gpudirect-tcpxo" ? 8 : 4 }, (_, i) => `vpc${i + 1}`);
    for (const svc of spec.services) svc.accelerator.pool = { ...svc.accelerator.pool!, machineType: pool.machineType, networkStack: stack, podNetworks: nets };
    for (const svc of spec.services) delete svc.wideEp?.gkeRdmaNics;
    return allObjects(buildStack(spec));
}

function lwsPod(objs: K8sObject[], role: string): Record<string, any> {
    const lws = objs.find((o) => o.kind === "LeaderWorkerSet" && o.metadata.name.endsWith(`-${role}`));
    assert.ok(lws, `no ${role} LeaderWorkerSet`);
    return (lws as any).spec.leaderWorkerTemplate.workerTemplate;
}

function envOf(container: Record<string, any>): Record<string, string> {
    return Object.fromEntries((container.env as { name: string; value?: string }[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

describe("GKE network pod fragments", () => {
    describe("GPUDirect-TCPX on a3-highgpu-8g (wide-EP groups across nodes)", () => {
        const config = { gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", nodeCount: 4 }]), services: [{ name: "svc", model: { id: "Qwen/Qwen3-8B" }, accelerator: { nodePool: "h100" } }] };
        const objs = objects({ ...config, services: [wideEp("h100")] });
        const tmpl = lwsPod(objs, "decode");
        const spec = tmpl.spec;
        const vllm = spec.containers[0];

        it("attaches eth1..eth4 to the pool's networks vpc1..vpc4, eth0 stays the pod network", () => {
            assert.equal(tmpl.metadata.annotations["networking.gke.io/default-interface"], "eth0");
            assert.deepEqual(JSON.parse(tmpl.metadata.annotations["networking.gke.io/interfaces"]), [
                { interfaceName: "eth0", network: "default" },
                { interfaceName: "eth1", network: "vpc1" },
                { interfaceName: "eth2", network: "vpc2" },
                { interfaceName: "eth3", network: "vpc3" },
                { interfaceName: "eth4", network: "vpc4" },
            ]);
            const devices = tmpl.metadata.annotations["devices.gke.io/container.tcpx-daemon"] as string;
            assert.match(devices, /- path: \/dev\/nvidia0\n/);
            assert.match(devices, /- path: \/dev\/nvidia7\n- path: \/dev\/nvidiactl\n- path: \/dev\/nvidia-uvm\n$/);
        });

        it("runs the tcpx-daemon (RxDM) sidecar serving /run/tcpx, with NET_ADMIN and the host's sysfs", () => {
            const rxdm = (spec.initContainers as any[]).find((c) => c.name === "tcpx-daemon");
            assert.ok(rxdm, "no tcpx-daemon sidecar");
            assert.equal(rxdm.restartPolicy, "Always");
            assert.equal(rxdm.image, "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev:v2.0.12");
            assert.deepEqual(rxdm.command.slice(0, 7), ["/tcpgpudmarxd/build/app/tcpgpudmarxd", "--gpu_nic_preset", "a3vm", "--gpu_shmem_type", "fd", "--uds_path", "/run/tcpx"]);
            assert.deepEqual(rxdm.securityContext.capabilities.add, ["NET_ADMIN"]);
            const mounts = Object.fromEntries(rxdm.volumeMounts.map((m: any) => [m.name, m.mountPath]));
            assert.deepEqual(mounts, { "nvidia-lib64": "/usr/local/nvidia/lib64", "host-sys": "/hostsysfs", "host-proc-sys": "/hostprocsysfs", "tcpx-socket": "/run/tcpx" });
        });

        it("shares the socket emptyDir and the plugin libraries from /home/kubernetes/bin/nvidia/lib64 with vLLM", () => {
            const vols = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
            assert.deepEqual(vols["nvidia-lib64"].hostPath, { path: "/home/kubernetes/bin/nvidia/lib64" });
            assert.deepEqual(vols["tcpx-socket"].emptyDir, {});
            assert.deepEqual(vols["host-sys"].hostPath, { path: "/sys" });
            const mounts = Object.fromEntries(vllm.volumeMounts.map((m: any) => [m.name, m.mountPath]));
            assert.equal(mounts["nvidia-lib64"], "/usr/local/nvidia/lib64");
            assert.equal(mounts["tcpx-socket"], "/run/tcpx");
            assert.ok(vllm.securityContext.capabilities.add.includes("IPC_LOCK"));
        });

        it("sets the TCPX plugin's NCCL settings: GPU NICs eth1..eth4, control and bootstrap on eth0", () => {
            const env = envOf(vllm);
            assert.equal(env.LD_LIBRARY_PATH, "/usr/local/nvidia/lib64");
            assert.equal(env.NCCL_GPUDIRECTTCPX_SOCKET_IFNAME, "eth1,eth2,eth3,eth4");
            assert.equal(env.NCCL_GPUDIRECTTCPX_CTRL_DEV, "eth0");
            assert.equal(env.NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX, "/run/tcpx");
            assert.equal(env.NCCL_SOCKET_IFNAME, "eth0");
            assert.equal(env.NCCL_CROSS_NIC, "0");
            assert.equal(env.NCCL_P2P_PXN_LEVEL, "0");
            assert.match(env.NCCL_GPUDIRECTTCPX_TX_BINDINGS, /^eth1:8-21,112-125;/);
        });

        it("renders objects that pass the Kubernetes and CRD schemas", () => {
            assertValidObjects(objs);
        });

        it("creates the GPU VPCs' Network objects the annotation names, and the TCPX and NRI installers pinned", () => {
            const plan = planGke(resolveConfig(config).spec.gke!);
            const networks = plan.objects.filter((o) => o.kind === "Network").map((o) => o.metadata.name);
            assert.deepEqual(networks, ["vpc1", "vpc2", "vpc3", "vpc4"]);
            const installers = Object.fromEntries(plan.manifests.map((m) => [m.name, m.url]));
            assert.match(installers["nccl-tcpx-installer"], /\/0d68f9d9dac3352836d125b895754dde1c31b61d\/gpudirect-tcpx\/nccl-tcpx-installer\.yaml$/);
            assert.ok(installers["nri-device-injector"]);
        });

        it("single-node pods get no GPUDirect fragment (NCCL stays on NVLink)", () => {
            const single = { gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", nodeCount: 1 }]), services: [{ name: "svc", model: { id: "Qwen/Qwen3-8B" }, accelerator: { nodePool: "h100" } }] };
            const [d] = deployments(single);
            assert.equal((d as any).spec.template.metadata.annotations?.["networking.gke.io/interfaces"], undefined);
            assert.equal(podSpec(d).initContainers, undefined);
        });

        it("still refuses P/D on GPUDirect-TCPX: NIXL cannot use it", () => {
            expectIssue(
                { gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", nodeCount: 2 }]), services: [pdService("h100", 8, 8)] },
                /accelerator\.nodePool: got "h100"; expected a pool with an RDMA or EFA network for pd-disaggregation \(a3-highgpu-8g has gpudirect-tcpx, which NIXL cannot use\)/,
            );
        });
    });

    describe("GPUDirect-TCPXO on a3-megagpu-8g", () => {
        const config = { gke: gke([{ name: "mega", machineType: "a3-megagpu-8g", nodeCount: 4 }]), services: [{ name: "svc", model: { id: "Qwen/Qwen3-8B" }, accelerator: { nodePool: "mega" } }] };
        const objs = objects({ ...config, services: [wideEp("mega")] });
        const tmpl = lwsPod(objs, "prefill");
        const spec = tmpl.spec;
        const vllm = spec.containers[0];

        it("attaches eth1..eth8 to vpc1..vpc8 and injects the GPUs and dmabuf helper into tcpxo-daemon", () => {
            const ifs = JSON.parse(tmpl.metadata.annotations["networking.gke.io/interfaces"]);
            assert.equal(ifs.length, 9);
            assert.deepEqual(ifs[8], { interfaceName: "eth8", network: "vpc8" });
            assert.match(tmpl.metadata.annotations["devices.gke.io/container.tcpxo-daemon"], /- path: \/dev\/dmabuf_import_helper\n$/);
        });

        it("runs tcpxo-daemon v1.0.21 with the RxDM entrypoint and NET_ADMIN + NET_BIND_SERVICE", () => {
            const rxdm = (spec.initContainers as any[]).find((c) => c.name === "tcpxo-daemon");
            assert.ok(rxdm);
            assert.equal(rxdm.image, "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.21");
            assert.match(rxdm.args[0], /\/fts\/entrypoint_rxdm_container\.sh --num_hops=2 --num_nics=8$/);
            assert.deepEqual(rxdm.securityContext.capabilities.add, ["NET_ADMIN", "NET_BIND_SERVICE"]);
        });

        it("mounts /dev/aperture_devices and sets the FasTrak NCCL settings", () => {
            const vols = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
            assert.deepEqual(vols["aperture-devices"].hostPath, { path: "/dev/aperture_devices" });
            assert.equal(vols["tcpx-socket"], undefined);
            const env = envOf(vllm);
            assert.equal(env.NCCL_FASTRAK_IFNAME, "eth1,eth2,eth3,eth4,eth5,eth6,eth7,eth8");
            assert.equal(env.NCCL_FASTRAK_CTRL_DEV, "eth0");
            assert.equal(env.NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY, "/dev/aperture_devices");
            assert.equal(env.NCCL_TUNER_CONFIG_PATH, "/usr/local/nvidia/lib64/a3plus_tuner_config.textproto");
            assert.equal(env.NCCL_NVLSTREE_MAX_CHUNKSIZE, "131072");
            assert.equal(env.CUDA_VISIBLE_DEVICES, "0,1,2,3,4,5,6,7");
            assert.equal(env.LD_LIBRARY_PATH, "/usr/local/nvidia/lib64");
        });

        it("renders valid objects; the pool installs the TCPXO plugin and the NRI injector", () => {
            assertValidObjects(objs);
            const plan = planGke(resolveConfig(config).spec.gke!);
            assert.deepEqual(plan.manifests.map((m) => m.name), ["nccl-tcpxo-installer", "nri-device-injector"]);
        });

        it("wide-EP on these pools is refused unless accelerator.network: tcp insists: DeepEP and NIXL need RDMA", () => {
            expectIssue(
                { ...config, services: [wideEp("mega")] },
                /accelerator\.nodePool: got "mega"; expected a pool with an RDMA or EFA network for wide-ep \(a3-megagpu-8g has gpudirect-tcpxo, which DeepEP \(NVSHMEM\) and NIXL cannot use\)\. .*set accelerator\.network: tcp to insist/,
            );
        });
    });

    describe("managed DRANET on a3-ultragpu-8g (rdma: dranet)", () => {
        const config = {
            gke: gke([{ name: "h200", machineType: "a3-ultragpu-8g", nodeCount: 2, rdma: "dranet" }], { version: "1.34.1-gke.1829001" }),
            services: [pdService("h200", 1, 4)],
        };
        const spec = resolveConfig(config).spec;
        const objs = allObjects(buildStack(spec));
        const plan = planGke(spec.gke!);

        it("lets GKE manage the RDMA network: acceleratorNetworkProfile auto, no extra VPCs or Network objects", () => {
            const pool = plan.pools[0].args as any;
            assert.deepEqual(pool.networkConfig, { acceleratorNetworkProfile: "auto" });
            assert.equal(pool.nodeConfig.gvnic.enabled, true);
            assert.deepEqual(plan.networks.map((n) => n.role), ["cluster"]);
            assert.equal(plan.objects.length, 0);
            assert.equal(plan.cluster.datapathProvider, "ADVANCED_DATAPATH");
        });

        it("runs GPU DRA on the pool: no GKE driver, no default device plugin, DRA driver labels, NVIDIA's DRA chart", () => {
            const nc = (plan.pools[0].args as any).nodeConfig;
            assert.equal(nc.guestAccelerators[0].gpuDriverInstallationConfig.gpuDriverVersion, "INSTALLATION_DISABLED");
            assert.equal(nc.labels["cloud.google.com/gke-networking-dra-driver"], "true");
            assert.equal(nc.labels["gke-no-default-nvidia-gpu-device-plugin"], "true");
            assert.equal(nc.labels["goog-gke-accelerator-type"], "nvidia-h200-141gb");
            assert.deepEqual(plan.manifests.map((m) => m.name), ["nvidia-driver-installer"]);
            assert.equal(plan.charts[0].chart, "nvidia-dra-driver-gpu");
            assert.equal((plan.charts[0].values as any).nvidiaDriverRoot, "/home/kubernetes/bin/nvidia");
        });

        it("creates a ResourceClaimTemplate pairing one GPU with the RDMA NIC on its PCIe root", () => {
            const t = objs.find((o) => o.kind === "ResourceClaimTemplate") as any;
            assert.ok(t, "no ResourceClaimTemplate");
            assert.equal(t.apiVersion, "resource.k8s.io/v1");
            assert.deepEqual(t.spec.spec.devices.requests, [
                { name: "gpu", exactly: { deviceClassName: "gpu.nvidia.com", count: 1 } },
                { name: "nic", exactly: { deviceClassName: "mrdma.google.com", count: 1 } },
            ]);
            assert.deepEqual(t.spec.spec.devices.constraints, [{ requests: ["gpu", "nic"], matchAttribute: "resource.kubernetes.io/pcieRoot" }]);
        });

        it("gives each pod one claim per GPU instead of nvidia.com/gpu (prefill TP1: 1, decode TP4: 4)", () => {
            const byRole = Object.fromEntries(deployments(config).map((d) => [d.metadata.name.endsWith("-decode") ? "decode" : "prefill", podSpec(d)]));
            for (const [role, n] of [["prefill", 1], ["decode", 4]] as const) {
                const pod = byRole[role];
                assert.equal(pod.resourceClaims.length, n, role);
                assert.ok(pod.resourceClaims.every((c: any) => c.resourceClaimTemplateName === "svc-gpu-rdma"));
                const vllm = pod.containers[0];
                assert.equal(vllm.resources.limits["nvidia.com/gpu"], undefined);
                assert.equal(vllm.resources.requests["nvidia.com/gpu"], undefined);
                assert.deepEqual(vllm.resources.claims.map((c: any) => c.name), pod.resourceClaims.map((c: any) => c.name));
                assert.equal(envOf(vllm).UCX_IB_ROCE_REACHABILITY_MODE, "all");
                // The pool's taint is still tolerated and no multi-network annotation is set.
                assert.ok(pod.tolerations.some((t: any) => t.key === "nvidia.com/gpu"));
            }
            assertValidObjects(objs);
        });

        it("refuses rdma on a machine type without RDMA NICs, and DRANET before GKE 1.34", () => {
            expectIssue({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", rdma: "dranet" }]), services: [pdService("h100", 8, 8)] }, /nodePools\[0\]\.rdma: got "dranet"; expected no rdma mode on a3-highgpu-8g/);
            expectIssue({ gke: gke([{ name: "h200", machineType: "a3-ultragpu-8g", rdma: "dranet" }], { version: "1.33" }), services: [pdService("h200", 8, 8)] }, /gke\.version: got "1\.33"; expected 1\.34 or later for managed DRANET/);
        });

        it("rdma: manual keeps the RDMA VPC and rdma-0..7 annotations", () => {
            const manual = { gke: gke([{ name: "h200", machineType: "a3-ultragpu-8g", nodeCount: 2, rdma: "manual" }]), services: [pdService("h200", 8, 8)] };
            const p = planGke(resolveConfig(manual).spec.gke!);
            assert.ok(p.networks.some((n) => n.role === "rdma"));
            const [d] = deployments(manual);
            assert.match((d as any).spec.template.metadata.annotations["networking.gke.io/interfaces"], /"rdma-7"/);
        });
    });
});
