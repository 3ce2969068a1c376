// Wide-EP without RDMA, insisted on with `accelerator.network: tcp`: refused without it (the message
// names the field), a warning with it; both roles run vLLM's NCCL all-to-all (allgather_reducescatter)
// without NVSHMEM/DeepEP settings, and on GKE A3 Mega / A3 High pools the LeaderWorkerSet pods carry
// the GPUDirect-TCPXO/TCPX fragments (RxDM sidecar, interface and device annotations, NCCL settings).
import assert from "node:assert/strict";
import * as path from "node:path";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { NCCL_ALL2ALL_BACKEND } from "../../components/config/wide-ep";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { exampleConfigFiles } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { expectIssue, gke, messages } from "./helpers";

function wideEp(pool: string, accelerator: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const role = { replicas: 1, groupSize: 2, dataParallel: 8, tensorParallel: 1, resources: { cpu: "32", memory: "512Gi" } };
    return {
        name: "qwen",
        path: "wide-ep",
        model: { id: "Qwen/Qwen3-235B-A22B", cacheSize: "600Gi" },
        accelerator: { nodePool: pool, ...accelerator },
        wideEp: { moeBackend: "auto" },
        prefill: role,
        decode: role,
        ...extra,
    };
}

const mega = (services: unknown[]) => ({ gke: gke([{ name: "mega", machineType: "a3-megagpu-8g", nodeCount: 4 }]), services });
const high = (services: unknown[]) => ({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", nodeCount: 4 }]), services });

function lws(objs: K8sObject[], role: string): Record<string, any> {
    const o = objs.find((x) => x.kind === "LeaderWorkerSet" && x.metadata.name.endsWith(`-${role}`));
    assert.ok(o, `no ${role} LeaderWorkerSet`);
    return (o as any).spec.leaderWorkerTemplate.workerTemplate;
}

function envNames(c: Record<string, any>): string[] {
    return (c.env as { name: string }[]).map((e) => e.name);
}

function envOf(c: Record<string, any>): Record<string, string> {
    return Object.fromEntries((c.env as { name: string; value?: string }[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

function script(c: Record<string, any>): string {
    return (c.args as string[]).join("\n");
}

describe("wide-ep without RDMA (accelerator.network: tcp insists)", () => {
    describe("refused without the field, and the message names it", () => {
        it("on an A3 Mega (GPUDirect-TCPXO) pool", () => {
            expectIssue(mega([wideEp("mega")]), /services\[0\]\.accelerator\.nodePool: got "mega"; expected a pool with an RDMA or EFA network for wide-ep \(a3-megagpu-8g has gpudirect-tcpxo, which DeepEP \(NVSHMEM\) and NIXL cannot use\)\. .*set accelerator\.network: tcp to insist on wide-ep without RDMA/);
        });

        it("on an A3 High (GPUDirect-TCPX) pool", () => {
            expectIssue(high([wideEp("h100")]), /a3-highgpu-8g has gpudirect-tcpx, which DeepEP \(NVSHMEM\) and NIXL cannot use\)\. .*accelerator\.network: tcp/);
        });

        it("without a pool: accelerator.network none names tcp as the way to insist", () => {
            const svc = { ...wideEp("x"), accelerator: { type: "nvidia", chip: "nvidia-h100-80gb", network: "none" } };
            expectIssue({ services: [svc] }, /services\[0\]\.accelerator\.network: got "none"; expected rdma-roce, infiniband or efa.*set accelerator\.network: tcp to insist on running without RDMA/);
        });

        it("P/D keeps its own message (KV-cache transfer)", () => {
            const pd = { name: "pd", model: { id: "Qwen/Qwen3-8B" }, path: "pd-disaggregation", accelerator: { nodePool: "mega" }, prefill: { replicas: 1, tensorParallel: 8 }, decode: { replicas: 1, tensorParallel: 8 } };
            expectIssue(mega([pd]), /for pd-disaggregation \(a3-megagpu-8g has gpudirect-tcpxo, which NIXL cannot use\)\. .*accelerator\.network: tcp to accept slow KV-cache transfer/);
        });
    });

    describe("with accelerator.network: tcp on an A3 Mega pool", () => {
        const r = resolveConfig(mega([wideEp("mega", { network: "tcp" })]));
        const objs = allObjects(buildStack(r.spec));

        it("resolves with one warning saying what it costs", () => {
            const w = r.warnings.filter((x) => /wide-ep without RDMA/.test(x));
            assert.equal(w.length, 1, r.warnings.join("\n"));
            assert.match(w[0], /^services\[0\]: wide-ep without RDMA \(accelerator\.network: tcp\)/);
            assert.match(w[0], /allgather_reducescatter backend instead of DeepEP/);
            assert.match(w[0], /no DeepEP high-throughput\/low-latency kernels/);
            assert.match(w[0], /all-to-all throughput is far lower/);
            assert.equal(r.spec.services[0].wideEp?.all2allBackend, NCCL_ALL2ALL_BACKEND);
            assert.equal(r.spec.services[0].kvTransfer?.transport, "ucx-tcp");
        });

        it("uses vLLM's NCCL all-to-all on both roles, without DBO", () => {
            assert.equal(NCCL_ALL2ALL_BACKEND, "allgather_reducescatter");
            for (const role of ["prefill", "decode"]) {
                const s = script(lws(objs, role).spec.containers[0]);
                assert.match(s, /'--all2all-backend=allgather_reducescatter'/, role);
                assert.doesNotMatch(s, /deepep/, role);
                assert.doesNotMatch(s, /--enable-dbo/, role);
                assert.match(s, /'--enable-expert-parallel'/, role);
            }
            assert.deepEqual(r.spec.services[0].wideEp?.perf.dbo, {});
        });

        it("sets no NVSHMEM or IBGDA env and no SYS_RAWIO", () => {
            for (const role of ["prefill", "decode"]) {
                const c = lws(objs, role).spec.containers[0];
                const names = envNames(c);
                assert.deepEqual(names.filter((n) => /NVSHMEM|IBGDA/.test(n)), [], role);
                assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK"], role);
                assert.equal(c.securityContext.privileged, undefined, role);
            }
        });

        it("gives every LeaderWorkerSet pod the tcpxo daemon, the pool's interface and device annotations and NCCL settings", () => {
            for (const role of ["prefill", "decode"]) {
                const tmpl = lws(objs, role);
                const ann = tmpl.metadata.annotations;
                assert.equal(ann["networking.gke.io/default-interface"], "eth0", role);
                const ifs = JSON.parse(ann["networking.gke.io/interfaces"]);
                assert.deepEqual(
                    ifs.map((i: { network: string }) => i.network),
                    ["default", "vpc1", "vpc2", "vpc3", "vpc4", "vpc5", "vpc6", "vpc7", "vpc8"],
                    role,
                );
                assert.match(ann["devices.gke.io/container.tcpxo-daemon"], /- path: \/dev\/nvidia7\n[\s\S]*\/dev\/dmabuf_import_helper/, role);
                const rxdm = (tmpl.spec.initContainers as any[]).find((c) => c.name === "tcpxo-daemon");
                assert.ok(rxdm, role);
                assert.equal(rxdm.restartPolicy, "Always");
                const vols = (tmpl.spec.volumes as { name: string }[]).map((v) => v.name);
                for (const v of ["nvidia-lib64", "aperture-devices", "dshm"]) assert.ok(vols.includes(v), `${role}: ${v}`);
                const c = tmpl.spec.containers[0];
                const env = envOf(c);
                assert.equal(env.NCCL_FASTRAK_IFNAME, "eth1,eth2,eth3,eth4,eth5,eth6,eth7,eth8", role);
                assert.equal(env.NCCL_FASTRAK_CTRL_DEV, "eth0", role);
                assert.equal(env.NCCL_TUNER_PLUGIN, "libnccl-tuner.so", role);
                assert.equal(env.LD_LIBRARY_PATH, "/usr/local/nvidia/lib64", role);
                // One definition of each variable: the fragment owns NCCL's socket interface here.
                const names = envNames(c);
                assert.equal(names.filter((n) => n === "NCCL_SOCKET_IFNAME").length, 1, role);
                assert.equal(new Set(names).size, names.length, `${role}: duplicate env ${names.join(",")}`);
                assert.ok((c.volumeMounts as { name: string }[]).some((m) => m.name === "aperture-devices"), role);
                assert.equal(tmpl.spec.nodeSelector["llm-d.ai/node-pool"], "mega", role);
            }
        });

        it("renders objects that pass the Kubernetes and CRD schemas", () => assertValidObjects(objs));

        it("refuses dual-batch overlap asked for explicitly (vLLM runs it only on DeepEP)", () => {
            const m = messages(mega([wideEp("mega", { network: "tcp" }, { wideEp: { moeBackend: "auto", dualBatchOverlap: { decode: true } } })]));
            assert.ok(m.some((x) => /services\[0\]\.wideEp\.dualBatchOverlap\.decode: got true; expected no dual-batch overlap without DeepEP/.test(x)), m.join("\n"));
        });
    });

    it("on an A3 High pool the pods get the tcpx daemon and its NCCL settings", () => {
        const objs = allObjects(buildStack(resolveConfig(high([wideEp("h100", { network: "tcp" })])).spec));
        const tmpl = lws(objs, "decode");
        assert.ok((tmpl.spec.initContainers as any[]).some((c) => c.name === "tcpx-daemon"));
        assert.equal(envOf(tmpl.spec.containers[0]).NCCL_GPUDIRECTTCPX_SOCKET_IFNAME, "eth1,eth2,eth3,eth4");
        assert.match(script(tmpl.spec.containers[0]), /--all2all-backend=allgather_reducescatter/);
        assertValidObjects(objs);
    });

    it("over plain TCP (no pool): NCCL all-to-all on the pod network, no GPUDirect fragment", () => {
        const svc = { ...wideEp("x"), accelerator: { type: "nvidia", chip: "nvidia-h100-80gb", network: "tcp" } };
        const r = resolveConfig({ services: [svc] });
        assert.ok(r.warnings.some((w) => /wide-ep without RDMA/.test(w)));
        const tmpl = lws(allObjects(buildStack(r.spec)), "decode");
        assert.equal(tmpl.metadata.annotations?.["networking.gke.io/interfaces"], undefined);
        const c = tmpl.spec.containers[0];
        assert.equal(envOf(c).NCCL_SOCKET_IFNAME, "eth0");
        assert.deepEqual(envNames(c).filter((n) => n.startsWith("NVSHMEM")), []);
        assert.match(script(c), /--all2all-backend=allgather_reducescatter/);
    });

    it("leaves RDMA wide-ep on DeepEP with its NVSHMEM settings", () => {
        const file = exampleConfigFiles().find((f) => path.basename(f) === "wide-ep.yaml")!;
        const r = resolveConfig(loadConfigFile(file));
        assert.equal(r.spec.services[0].wideEp?.all2allBackend, undefined);
        const tmpl = lws(allObjects(buildStack(r.spec)), "decode");
        assert.match(script(tmpl.spec.containers[0]), /--all2all-backend=deepep_low_latency/);
        assert.ok(envNames(tmpl.spec.containers[0]).includes("NVSHMEM_REMOTE_TRANSPORT"));
        assert.ok(tmpl.spec.containers[0].securityContext.capabilities.add.includes("SYS_RAWIO"));
    });

    it("examples/configs/gke-a3-mega-wide-ep.yaml insists and warns", () => {
        const file = exampleConfigFiles().find((f) => path.basename(f) === "gke-a3-mega-wide-ep.yaml");
        assert.ok(file, "the example exists");
        const r = resolveConfig(loadConfigFile(file));
        assert.ok(r.warnings.some((w) => /wide-ep without RDMA/.test(w)));
        assert.equal(r.spec.services[0].accelerator.pool?.networkStack, "gpudirect-tcpxo");
        const tmpl = lws(allObjects(buildStack(r.spec)), "prefill");
        assert.ok((tmpl.spec.initContainers as any[]).some((c) => c.name === "tcpxo-daemon"));
    });
});
