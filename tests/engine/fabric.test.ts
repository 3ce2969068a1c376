// The fast fabric never falls back to TCP silently (network/fabric.ts):
//  - UCX (NIXL's KV transfer) only warns at init when a listed transport is absent, and without
//    UCX_TLS it takes tcp when RDMA is missing; NIXL's LIBFABRIC backend takes libfabric's tcp
//    provider without FI_PROVIDER; NCCL falls back to sockets unless NCCL_NET names the network;
//    GKE's node-installed gIB plugin is loaded implicitly from the driver path unless disabled.
//  - So P/D and wide-ep pods pin their transports, and a start-up check, run here for real with
//    bash against a directory laid out like the pod's /dev and /sys, fails the container naming
//    what is missing. TCP is pinned only when the config says tcp.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { resolveConfig } from "../../components/config/resolve";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { lwsPodSpec } from "../../components/manifests/modelserver/leaderworkerset";
import { Fabric, fabricCheckLines } from "../../components/manifests/network/fabric";
import { DEFAULT_RELEASE, getRelease } from "../../components/catalog/releases";
import { exampleConfigFiles, loadExample } from "../support/fixtures";
import { loadConfigFile } from "../../components/config/load";
import { FakeFabric, addRxdmSocket, fakeFabricRoot, healthy } from "../support/fabric";
import { eks, gke } from "../infra/helpers";

type Json = Record<string, any>;

function objects(config: unknown): K8sObject[] {
    return allObjects(buildStack(resolveConfig(config).spec));
}
function podOf(o: K8sObject): Json {
    return o.kind === "LeaderWorkerSet" ? lwsPodSpec(o) : (o as Json).spec.template.spec;
}
function servers(config: unknown): { name: string; pod: Json; c: Json; env: Record<string, string> }[] {
    return objects(config)
        .filter((o) => (o.kind === "Deployment" || o.kind === "LeaderWorkerSet") && /-(prefill|decode)$/.test(o.metadata.name))
        .map((o) => {
            const pod = podOf(o);
            const c = pod.containers[0];
            const env = Object.fromEntries((c.env as Json[]).filter((e) => "value" in e).map((e) => [e.name, e.value]));
            return { name: o.metadata.name, pod, c, env };
        });
}
/** The bash script the container runs: the wrapper's (P/D) or wide-ep's. */
function scriptOf(c: Json): string {
    return c.command[0] === "/bin/bash" && c.command.length >= 3 ? c.command[2] : c.args[0];
}

const nvidiaPd = (network: string, extra: Json = {}) => ({
    services: [
        {
            name: "pd",
            path: "pd-disaggregation",
            model: { id: "Qwen/Qwen3-32B" },
            accelerator: { type: "nvidia", chip: "nvidia-h100-80gb", network },
            prefill: { replicas: 1, tensorParallel: 1, ...(network === "tcp" ? {} : { networkResources: { "rdma/ib": 1 } }) },
            decode: { replicas: 1, tensorParallel: 2, ...(network === "tcp" ? {} : { networkResources: { "rdma/ib": 1 } }) },
            ...extra,
        },
    ],
});

describe("fabric: every P/D and wide-ep pod pins its transport (no silent TCP)", () => {
    it("InfiniBand P/D: UCX over RC verbs with CUDA memory, no tcp; NCCL left alone (tensor parallelism stays in the node)", () => {
        for (const s of servers(loadExample("pd-disaggregation.yaml"))) {
            assert.equal(s.env.UCX_TLS, "rc,cuda_copy,cuda_ipc,sm,self", s.name);
            assert.equal(s.env.NCCL_NET, undefined);
            assert.match(scriptOf(s.c), /^LLMD_FABRIC=infiniband$/m);
        }
    });

    it("GKE A3 Ultra P/D (RoCE): llm-d's GKE UCX transports, reachability across the RDMA subnets, GKE's gIB NCCL plugin and tuner off", () => {
        for (const s of servers(loadExample("gke-a3-ultra-pd.yaml"))) {
            assert.equal(s.env.UCX_TLS, "rc_mlx5,rc,cuda_copy,cuda_ipc,sm,shm,self", s.name);
            assert.equal(s.env.UCX_IB_ROCE_REACHABILITY_MODE, "all");
            assert.equal(s.env.NCCL_NET_PLUGIN, "none");
            assert.equal(s.env.NCCL_TUNER_PLUGIN, "none");
            assert.ok(!s.pod.volumes.some((v: Json) => v.hostPath?.path === "/home/kubernetes/bin/gib"), "the gIB directory is not mounted");
        }
    });

    it("wide-ep on GKE RoCE: NCCL pinned to its in-tree IB transport, NVSHMEM's GDRCopy switch spelt as NVSHMEM reads it", () => {
        for (const s of servers(loadExample("wide-ep.yaml"))) {
            assert.equal(s.env.NCCL_NET, "IB", s.name);
            assert.equal(s.env.NCCL_NET_PLUGIN, "none");
            assert.equal(s.env.NVSHMEM_DISABLE_GDRCOPY, "1");
            assert.equal(s.env.NVSHMEM_DISABLED_GDRCOPY, undefined, "the misspelt variable NVSHMEM never reads");
            assert.equal(s.env.NVSHMEM_REMOTE_TRANSPORT, "ibgda");
            assert.match(scriptOf(s.c), /^LLMD_FABRIC=gke-roce$/m);
        }
    });

    for (const release of ["v0.8.1", "v0.9.0"]) {
        it(`EFA P/D (${release}): libfabric's EFA provider only, on the AWS image the release's AWS guide deploys`, () => {
            const config = { ...(loadExample("eks-p5en-pd.yaml") as Json), release };
            const image = getRelease(release).images.modelServerForNetwork!.efa!.nvidia!["pd-disaggregation"]!.image;
            for (const s of servers(config)) {
                assert.equal(s.env.FI_PROVIDER, "efa", s.name);
                assert.equal(s.c.image, image);
                assert.match(s.c.args.find((a: string) => a.startsWith("--kv-transfer-config=")), /"backends":\["LIBFABRIC"\]/);
                assert.match(scriptOf(s.c), /nixl_agent_config\(backends=\["LIBFABRIC"\]\)/, "the check proves NIXL's LIBFABRIC backend starts");
            }
        });
    }

    it("wide-ep on EFA: NVSHMEM and NCCL over libfabric (NCCL_NET names aws-ofi-nccl), and the check looks for both libraries", () => {
        const config = {
            eks: eks([{ name: "p5", instanceType: "p5.48xlarge", desiredSize: 2, maxSize: 2 }]),
            services: [
                {
                    name: "ds",
                    path: "wide-ep",
                    model: { id: "deepseek-ai/DeepSeek-R1-0528" },
                    accelerator: { nodePool: "p5" },
                    prefill: { replicas: 1, groupSize: 2, dataParallel: 8 },
                    decode: { replicas: 1, groupSize: 2, dataParallel: 8 },
                },
            ],
        };
        for (const s of servers(config)) {
            assert.equal(s.env.NCCL_NET, "AWS Libfabric", s.name);
            assert.equal(s.env.NVSHMEM_REMOTE_TRANSPORT, "libfabric");
            assert.equal(s.env.FI_PROVIDER, "efa");
            assert.match(scriptOf(s.c), /nvshmem_transport_libfabric\.so/);
            assert.match(scriptOf(s.c), /libnccl-net-ofi\.so/);
        }
    });

    it("A3 Mega wide-ep (GPUDirect-TCPXO, network tcp): NCCL pinned to FasTrak, NIXL to tcp by the config's choice; RxDM gates vLLM with its health file", () => {
        for (const s of servers(loadExample("gke-a3-mega-wide-ep.yaml"))) {
            assert.equal(s.env.NCCL_NET, "FasTrak", s.name);
            assert.equal(s.env.UCX_TLS, "tcp,cuda_copy,cuda_ipc,sm,self");
            const rxdm = s.pod.initContainers.find((c: Json) => c.name === "tcpxo-daemon");
            assert.equal(rxdm.restartPolicy, "Always", "a native sidecar: its start-up probe holds the vLLM container");
            assert.deepEqual(rxdm.startupProbe.exec.command, ["cat", "/run/health-check"]);
            assert.ok(rxdm.env.some((e: Json) => e.name === "HEALTH_CHECK_LOG_FILE" && e.value === "/run/health-check"));
        }
    });

    it("A3 High wide-ep (GPUDirect-TCPX): NCCL pinned to the TCPX plugin's name", () => {
        const config = {
            gke: gke([{ name: "high", machineType: "a3-highgpu-8g", nodeCount: 2 }]),
            services: [
                {
                    name: "qwen",
                    path: "wide-ep",
                    model: { id: "Qwen/Qwen3-235B-A22B" },
                    accelerator: { nodePool: "high", network: "tcp" },
                    prefill: { replicas: 1, groupSize: 2, dataParallel: 8 },
                    decode: { replicas: 1, groupSize: 2, dataParallel: 8 },
                },
            ],
        };
        for (const s of servers(config)) {
            assert.equal(s.env.NCCL_NET, "GPUDirectTCPX_v7", s.name);
            assert.match(scriptOf(s.c), /rx_rule_manager/);
        }
    });

    it("TCP P/D by choice: UCX pinned to tcp, no start-up check, vLLM started directly", () => {
        for (const s of servers(nvidiaPd("tcp"))) {
            assert.equal(s.env.UCX_TLS, "tcp,cuda_copy,cuda_ipc,sm,self", s.name);
            assert.deepEqual(s.c.command, ["vllm", "serve"]);
        }
    });

    it("AMD P/D on InfiniBand: UCX's ROCm memory transports instead of CUDA's", () => {
        const config = nvidiaPd("infiniband");
        config.services[0].accelerator = { type: "amd", chip: "amd-mi300x", network: "infiniband" } as never;
        for (const s of servers(config)) assert.equal(s.env.UCX_TLS, "rc,rocm,sm,self", s.name);
    });

    it("Intel XPU keeps the UCX transports of its own P/D overlay (catalog/vendors.ts)", () => {
        const config = nvidiaPd("infiniband");
        config.services[0].accelerator = { type: "intel-xpu", network: "infiniband" } as never;
        for (const s of servers(config)) assert.equal(s.env.UCX_TLS, "ib,rc,ze_copy", s.name);
    });

    it("a role's own env wins, once (no duplicate names for server-side apply)", () => {
        const config = nvidiaPd("infiniband");
        (config.services[0] as Json).prefill.env = { UCX_TLS: "rc,cuda_copy,sm,self" };
        (config.services[0] as Json).decode.env = { UCX_TLS: "rc,cuda_copy,sm,self" };
        for (const s of servers(config)) {
            const names = (s.c.env as Json[]).map((e) => e.name);
            assert.equal(names.filter((n) => n === "UCX_TLS").length, 1, s.name);
            assert.equal(s.env.UCX_TLS, "rc,cuda_copy,sm,self");
        }
    });

    it("in every example, a P/D or wide-ep server that can reach TCP through UCX or NCCL is one whose config says tcp", () => {
        for (const file of exampleConfigFiles()) {
            const cfg = loadConfigFile(file) as Json;
            const spec = resolveConfig(cfg).spec;
            for (const svc of spec.services) {
                if (svc.path !== "pd-disaggregation" && svc.path !== "wide-ep") continue;
                if (svc.accelerator.type === "simulated" || svc.accelerator.type === "tpu") continue;
                const saysTcp = svc.accelerator.network === "tcp" || svc.kvTransfer?.transport === "ucx-tcp";
                for (const s of servers(cfg).filter((x) => x.name.startsWith(`${svc.name}-`))) {
                    const ucx = s.env.UCX_TLS;
                    const where = `${path.basename(file)} ${s.name}`;
                    if (svc.kvTransfer?.transport !== "libfabric") assert.ok(ucx, `${where}: UCX_TLS pinned`);
                    if (ucx && ucx.split(",").includes("tcp")) assert.ok(saysTcp, `${where}: UCX may use tcp only when the config says tcp`);
                    if (s.env.NCCL_NET === "Socket") assert.ok(saysTcp, `${where}: NCCL over sockets only when the config says tcp`);
                    if (!saysTcp) assert.match(scriptOf(s.c), /^LLMD_FABRIC=/m, `${where}: a start-up check`);
                }
            }
        }
    });
});

describe("fabric: the start-up check runs, passes on the fabric and fails naming what is missing", () => {
    /** Runs a pod's script on a prepared root; returns exit status, stderr and the termination message. */
    function run(script: string, fabric: FakeFabric, env: Record<string, string> = {}, bin: Record<string, string> = {}) {
        const root = fakeFabricRoot(fabric);
        try {
            return runIn(root, script, env, bin);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    }
    function runIn(root: string, script: string, env: Record<string, string> = {}, bin: Record<string, string> = {}) {
        const dir = fs.mkdtempSync(path.join(root, "..", "bin-"));
        try {
            fs.writeFileSync(path.join(dir, "vllm"), '#!/bin/bash\necho "vllm $*"\n', { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "find"), "#!/bin/bash\nexit 0\n", { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "python3"), bin.python3 ?? "#!/bin/bash\nexit 0\n", { mode: 0o755 });
            for (const lib of (bin.libs ?? "nvshmem_transport_libfabric.so.3 libnccl-net-ofi.so").split(" ").filter(Boolean)) fs.writeFileSync(path.join(dir, lib), "");
            try {
                const stdout = execFileSync("/bin/bash", ["-c", script, "vllm", "--model=m", "--port=8000"], {
                    env: { PATH: dir, HOME: dir, LD_LIBRARY_PATH: dir, LLMD_FABRIC_ROOT: root, LWS_GROUP_SIZE: "2", LWS_WORKER_INDEX: "0", LWS_LEADER_ADDRESS: "l", ...env },
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "pipe"],
                });
                return { status: 0, stdout, stderr: "", termination: undefined as string | undefined };
            } catch (e) {
                const err = e as { status: number; stdout: string; stderr: string };
                const log = path.join(root, "dev", "termination-log");
                return { status: err.status, stdout: err.stdout, stderr: err.stderr, termination: fs.existsSync(log) ? fs.readFileSync(log, "utf8") : undefined };
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    const scripts = (config: unknown) => servers(config).map((s) => ({ name: s.name, script: scriptOf(s.c) }));

    it("P/D: on a healthy fabric the wrapper execs vLLM with the container's args unchanged", () => {
        for (const { script } of scripts(loadExample("pd-disaggregation.yaml"))) {
            const r = run(script, healthy("infiniband"));
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout.trim(), "vllm serve --model=m --port=8000");
        }
    });

    it("InfiniBand without devices, or on RoCE ports: exit 1, the message in stderr and /dev/termination-log", () => {
        const [{ script }] = scripts(loadExample("pd-disaggregation.yaml"));
        const none = run(script, {});
        assert.equal(none.status, 1);
        assert.match(none.stderr, /llm-d fabric check \(infiniband\): InfiniBand .* needs an RDMA device \(\/dev\/infiniband\/uverbs\*\) and the pod has 0: request the nodes' RDMA device resource/);
        assert.equal(none.termination?.trim(), none.stderr.trim(), "kubectl describe pod shows the same message");
        assert.doesNotMatch(none.stdout, /vllm serve/, "vLLM never starts");
        const roce = run(script, healthy("roce"));
        assert.equal(roce.status, 1);
        assert.match(roce.stderr, /no port with link_layer InfiniBand .* RoCE NICs are accelerator\.network: rdma-roce/);
    });

    it("GKE RoCE: fewer RDMA devices than the pod's NICs is named with both counts", () => {
        const [{ script }] = scripts(loadExample("gke-a3-ultra-pd.yaml"));
        assert.equal(run(script, healthy("gke-roce")).status, 0);
        const few = run(script, { uverbs: 2, linkLayer: "Ethernet" });
        assert.equal(few.status, 1);
        assert.match(few.stderr, /GKE RDMA \(RoCE\) needs 8 RDMA devices .* the pod has 2: check the pod's networking\.gke\.io\/interfaces/);
    });

    it("wide-ep on GKE RoCE: the check runs before vLLM in the rank script", () => {
        for (const { script } of scripts(loadExample("wide-ep.yaml"))) {
            assert.equal(run(script, healthy("gke-roce")).status, 0);
            const r = run(script, {});
            assert.equal(r.status, 1);
            assert.match(r.stderr, /llm-d fabric check \(gke-roce\)/);
            assert.doesNotMatch(r.stdout, /vllm serve/);
        }
    });

    it("EFA: no EFA driver, and a NIXL LIBFABRIC backend that cannot start, are each named", () => {
        const [{ script }] = scripts(loadExample("eks-p5en-pd.yaml"));
        assert.equal(run(script, healthy("efa")).status, 0);
        const mlx = run(script, { uverbs: 8, linkLayer: "Ethernet" });
        assert.match(mlx.stderr, /no EFA device \(DRIVER=efa\)/);
        const probe = run(script, healthy("efa"), {}, { python3: "#!/bin/bash\necho 'nixl: fi_getinfo failed No data available' >&2\nexit 1\n" });
        assert.equal(probe.status, 1);
        assert.match(probe.stderr, /NIXL's LIBFABRIC backend does not start over EFA in this image \(nixl: fi_getinfo failed No data available\)/);
    });

    it("wide-ep on EFA with the release's CUDA image libraries missing: NVSHMEM's libfabric transport is named", () => {
        const config = {
            eks: eks([{ name: "p5", instanceType: "p5.48xlarge", desiredSize: 2, maxSize: 2 }]),
            services: [{ name: "ds", path: "wide-ep", model: { id: "deepseek-ai/DeepSeek-R1-0528" }, accelerator: { nodePool: "p5" }, prefill: { replicas: 1, groupSize: 2, dataParallel: 8 }, decode: { replicas: 1, groupSize: 2, dataParallel: 8 } }],
        };
        const [{ script }] = scripts(config);
        const r = run(script, healthy("efa"), {}, { libs: "libnccl-net-ofi.so" });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /NVSHMEM's libfabric transport \(nvshmem_transport_libfabric\.so\) is not in this image/);
        const nccl = run(script, healthy("efa"), {}, { libs: "nvshmem_transport_libfabric.so.3" });
        assert.match(nccl.stderr, /NCCL's AWS OFI plugin \(aws-ofi-nccl, libnccl-net-ofi\.so\)/);
    });

    it("GPUDirect-TCPXO: a node without the installer's files or LLCM apertures fails at once", () => {
        const [{ script }] = scripts(loadExample("gke-a3-mega-wide-ep.yaml"));
        assert.equal(run(script, healthy("gpudirect-tcpxo")).status, 0);
        assert.match(run(script, { ...healthy("gpudirect-tcpxo"), apertures: false }).stderr, /no LLCM aperture devices/);
        assert.match(run(script, { ...healthy("gpudirect-tcpxo"), ncclPlugin: false }).stderr, /libnccl-net\.so is missing \(the nccl-tcpxo-installer DaemonSet/);
        assert.match(run(script, { ...healthy("gpudirect-tcpxo"), nics: 4 }).stderr, /GPU NIC eth5 is missing/);
    });

    it("GPUDirect-TCPX: passes once the RxDM socket is there", async () => {
        const config = {
            gke: gke([{ name: "high", machineType: "a3-highgpu-8g", nodeCount: 2 }]),
            services: [{ name: "q", path: "wide-ep", model: { id: "Qwen/Qwen3-235B-A22B" }, accelerator: { nodePool: "high", network: "tcp" }, prefill: { replicas: 1, groupSize: 2, dataParallel: 8 }, decode: { replicas: 1, groupSize: 2, dataParallel: 8 } }],
        };
        const [{ script }] = scripts(config);
        const root = fakeFabricRoot(healthy("gpudirect-tcpx"));
        const server = await addRxdmSocket(root);
        try {
            const r = runIn(root, script);
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /vllm serve/);
        } finally {
            server.close();
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("every fabric's check is valid bash (bash -n) and none needs a tool beyond bash", () => {
        for (const fabric of ["infiniband", "roce", "gke-roce", "efa", "gpudirect-tcpx", "gpudirect-tcpxo"] as Fabric[]) {
            const lines = fabricCheckLines({ fabric, env: [], check: ["true"] });
            execFileSync("/bin/bash", ["-n", "-c", lines.join("\n")]);
        }
        assert.deepEqual(fabricCheckLines(undefined), []);
        assert.equal(DEFAULT_RELEASE.name, "v0.9.0");
    });
});
