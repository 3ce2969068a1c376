// Wide expert parallelism: LeaderWorkerSets for prefill and decode, the DP layout their commands
// compute from the LWS environment, the per-rank pool ports, the config invariants and their
// errors, and the LWS controller installed before any LeaderWorkerSet.
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import assert from "node:assert/strict";
import { runPodScript } from "../support/fabric";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { buildStack } from "../../components/manifests";
import { K8sObject } from "../../components/manifests/common";
import { lwsPodSpec } from "../../components/manifests/modelserver/leaderworkerset";
import { readLayout } from "../../components/manifests/paths/wide-ep";
import { OfflineRun, runOffline } from "../../provider/offline";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { eppConfig, find, render, weights } from "../paths/helpers";

function wideEp(service: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        services: [
            {
                name: "ds",
                path: "wide-ep",
                model: { id: "deepseek-ai/DeepSeek-R1-0528" },
                accelerator: { type: "nvidia", chip: "nvidia-h200-141gb", network: "infiniband" },
                prefill: { replicas: 1, groupSize: 2, dataParallel: 8 },
                decode: { replicas: 1, groupSize: 2, dataParallel: 8 },
                ...service,
            },
        ],
        ...extra,
    };
}

function issuesOf(config: unknown): { path: string; expected: string; fix?: string; got?: unknown }[] {
    try {
        resolveConfig(config);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.issues;
    }
    assert.fail("expected a ConfigError");
}

function vllm(lws: K8sObject): Record<string, any> {
    return (lwsPodSpec(lws).containers as Record<string, any>[])[0];
}

/** Runs the container's real bash script (support/fabric.ts runPodScript), as pod `workerIndex` of a group. */
function runScript(lws: K8sObject, env: Record<string, string>): string[] {
    const c = vllm(lws);
    assert.deepEqual(c.command, ["/bin/bash", "-c"]);
    return runPodScript(c.args[0], env);
}

function flagOf(args: string[], name: string): string | undefined {
    return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

describe("wide-ep: LeaderWorkerSet model servers", () => {
    const r = render(loadExample("wide-ep.yaml"));
    const prefill = find(r.objects, "LeaderWorkerSet", "deepseek-r1-prefill");
    const decode = find(r.objects, "LeaderWorkerSet", "deepseek-r1-decode");

    it("renders prefill and decode as LeaderWorkerSets that validate against the LWS API", () => {
        assert.equal(r.objects.filter((o) => o.kind === "Deployment" && o.metadata.name.startsWith("deepseek-r1-") && !o.metadata.name.endsWith("-epp")).length, 0);
        assertValidObjects(r.objects);
        for (const lws of [prefill, decode]) {
            const s = (lws as any).spec;
            assert.equal(lws.apiVersion, "leaderworkerset.x-k8s.io/v1");
            assert.equal(s.leaderWorkerTemplate.size, 2);
            assert.equal(s.replicas, 1);
            assert.equal(s.leaderWorkerTemplate.restartPolicy, "RecreateGroupOnPodRestart");
            assert.equal(vllm(lws).resources.limits["nvidia.com/gpu"], "8");
            assert.equal(vllm(lws).image, DEFAULT_RELEASE.images.wideEp);
        }
    });

    for (const [name, lws, backend] of [["prefill", prefill, "deepep_high_throughput"], ["decode", decode, "deepep_low_latency"]] as const) {
        it(`${name}: leader and workers agree on the DP layout, each pod starting at its worker index x 8`, () => {
            const runs = [0, 1].map((w) => runScript(lws, { LWS_GROUP_SIZE: "2", LWS_WORKER_INDEX: String(w), LWS_LEADER_ADDRESS: "ds-prefill-0.ds-prefill.ns" }));
            for (const [w, args] of runs.entries()) {
                assert.equal(args[0], "serve");
                assert.equal(args[1], "deepseek-ai/DeepSeek-R1-0528");
                assert.equal(flagOf(args, "--data-parallel-size"), "16", "group size 2 x 8 local ranks");
                assert.equal(flagOf(args, "--data-parallel-size-local"), "8");
                assert.equal(flagOf(args, "--data-parallel-start-rank"), String(w * 8));
                assert.equal(flagOf(args, "--data-parallel-address"), "ds-prefill-0.ds-prefill.ns");
                assert.equal(flagOf(args, "--data-parallel-rpc-port"), "5555");
                assert.equal(flagOf(args, "--tensor-parallel-size"), "1");
                assert.equal(flagOf(args, "--all2all-backend"), backend);
                assert.ok(args.includes("--enable-expert-parallel"));
                assert.ok(args.includes("--data-parallel-multi-port-external-lb"));
                assert.ok(!args.includes("--enable-eplb"), "EPLB only when chosen");
            }
            // Same command on every pod apart from the start rank.
            assert.deepEqual(runs[0].filter((a) => !a.startsWith("--data-parallel-start-rank")), runs[1].filter((a) => !a.startsWith("--data-parallel-start-rank")));
            const l = readLayout(lws);
            assert.equal(l.groupSize * l.gpusPerPod, l.groupSize * l.dataParallelSizeFactor * l.tensorParallel);
        });
    }

    it("targets one pool port per local rank, which prefill vLLM and the decode sidecar listen on", () => {
        const pool = find(r.objects, "InferencePool", "deepseek-r1") as any;
        const expected = [8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007];
        assert.deepEqual(pool.spec.targetPorts.map((p: { number: number }) => p.number), expected);
        assert.deepEqual(pool.spec.selector.matchLabels, { "llm-d.ai/inference-serving": "true", "llm-d.ai/model-service": "deepseek-r1" });
        assert.deepEqual(readLayout(prefill).rankPorts, expected);
        const sidecar = (lwsPodSpec(decode).initContainers as any[]).find((c) => c.name === "routing-proxy");
        assert.deepEqual(sidecar.ports.map((p: any) => p.containerPort), expected);
        assert.ok(sidecar.args.includes("--data-parallel-size=8"));
        assert.ok(sidecar.args.includes("--enable-prefiller-sampling"));
        assert.ok(!sidecar.args.some((a: string) => a.startsWith("--vllm-port")), "router v0.10.0's sidecar forwards to 8200 by default");
        assert.deepEqual(readLayout(decode).rankPorts, [8200, 8201, 8202, 8203, 8204, 8205, 8206, 8207]);
        // Both serving roles carry the pool's labels; the picker tells them apart by llm-d.ai/role.
        for (const [lws, role] of [[prefill, "prefill"], [decode, "decode"]] as const) {
            const labels = (lws as any).spec.leaderWorkerTemplate.workerTemplate.metadata.labels;
            assert.equal(labels["llm-d.ai/inference-serving"], "true");
            assert.equal(labels["llm-d.ai/role"], role);
        }
    });

    it("probes the DP supervisor with a long startup budget", () => {
        for (const [lws, sup] of [[prefill, 8008], [decode, 8208]] as const) {
            const c = vllm(lws);
            assert.deepEqual(c.startupProbe.httpGet, { path: "/health", port: sup });
            assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 2700, "at least the guide's 45 minutes");
            assert.deepEqual(c.readinessProbe.httpGet, { path: "/readyz", port: sup });
            assert.ok(c.ports.some((p: any) => p.name === "supervisor" && p.containerPort === sup));
        }
    });

    it("grants what GPU-initiated RDMA needs and sizes /dev/shm as the guide", () => {
        for (const lws of [prefill, decode]) {
            const c = vllm(lws);
            assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK", "SYS_RAWIO"]);
            const env = Object.fromEntries((c.env as any[]).filter((e) => "value" in e).map((e) => [e.name, e.value]));
            assert.equal(env.NVSHMEM_REMOTE_TRANSPORT, "ibgda");
            assert.equal(env.NVSHMEM_IB_ENABLE_IBGDA, "true");
            const shm = (lwsPodSpec(lws).volumes as any[]).find((v) => v.name === "dshm");
            assert.equal(shm.emptyDir.sizeLimit, "2Gi");
            // GKE RoCE (A3 Ultra): one RDMA interface per NIC and a privileged container.
            const ann = (lws as any).spec.leaderWorkerTemplate.workerTemplate.metadata.annotations;
            assert.equal(JSON.parse(ann["networking.gke.io/interfaces"]).length, 9);
            assert.equal(c.securityContext.privileged, true);
        }
    });

    it("keeps a group in one fabric block on GKE (preferred) and lets another key be required", () => {
        const term = (lwsPodSpec(decode).affinity as any).podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
        assert.equal(term.topologyKey, "cloud.google.com/gce-topology-block");
        assert.deepEqual(term.matchLabelKeys, ["leaderworkerset.sigs.k8s.io/group-key"]);
        assert.equal(lwsPodSpec(decode).topologySpreadConstraints, undefined);
        const req = render(wideEp({ wideEp: { topologyKey: "example.com/ib-block", requireSameTopology: true } }));
        const lws = find(req.objects, "LeaderWorkerSet", "ds-decode");
        const t = (lwsPodSpec(lws).affinity as any).podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
        assert.equal(t.topologyKey, "example.com/ib-block");
    });

    it("sets per-stack NVSHMEM transport: libfabric on EFA, and the EPLB flags when chosen", () => {
        const efa = render(wideEp({ accelerator: { type: "nvidia", chip: "nvidia-h200-141gb", network: "efa" }, wideEp: { eplb: true } }));
        assert.ok(efa.warnings.some((w) => w.includes("EFA")));
        const lws = find(efa.objects, "LeaderWorkerSet", "ds-prefill");
        const env = Object.fromEntries((vllm(lws).env as any[]).filter((e) => "value" in e).map((e) => [e.name, e.value]));
        assert.equal(env.NVSHMEM_REMOTE_TRANSPORT, "libfabric");
        assert.equal(env.NVSHMEM_LIBFABRIC_PROVIDER, "efa");
        const args = runScript(lws, { LWS_GROUP_SIZE: "2", LWS_WORKER_INDEX: "0", LWS_LEADER_ADDRESS: "x" });
        assert.ok(args.includes("--enable-eplb"));
        assert.equal(JSON.parse(flagOf(args, "--eplb-config")!).num_redundant_experts, 32);
        assert.deepEqual(JSON.parse(flagOf(args, "--kv-transfer-config")!).kv_connector_extra_config, { backends: ["LIBFABRIC"] });
    });

    it("uses the P/D profiles of llm-d's wide-ep guide", () => {
        const cfg = eppConfig(r.objects, "deepseek-r1");
        assert.deepEqual(weights(cfg, "prefill"), { "prefill-filter": undefined, "prefix-cache-scorer": 3, "queue-scorer": 2, "active-request-scorer": 2, "max-score-picker": undefined });
        assert.equal(weights(cfg, "decode")["active-request-scorer"], 1);
        assert.ok(!cfg.plugins.some((p) => p.type === "kv-cache-utilization-scorer"));
        assert.ok(cfg.plugins.some((p) => p.type === "disagg-profile-handler"));
    });

    it("renders the simulated variant without GPUs, still as LWS groups with per-rank ports", () => {
        const sim = render(loadExample("simulated-wide-ep.yaml"));
        assertValidObjects(sim.objects);
        const lws = find(sim.objects, "LeaderWorkerSet", "sim-wide-ep-prefill");
        assert.equal((lws as any).spec.leaderWorkerTemplate.size, 2);
        assert.equal(vllm(lws).resources.limits["nvidia.com/gpu"], undefined);
        assert.ok(vllm(lws).args.includes("--data-parallel-size=2"));
        const pool = find(sim.objects, "InferencePool", "sim-wide-ep") as any;
        assert.deepEqual(pool.spec.targetPorts, [{ number: 8000 }, { number: 8001 }]);
    });
});

describe("wide-ep: config invariants", () => {
    it("requires whole nodes: GPUs per pod equal the chip's node size", () => {
        const issues = issuesOf(wideEp({ decode: { groupSize: 2, dataParallel: 4 }, prefill: { groupSize: 2, dataParallel: 4 } }));
        const i = issues.find((x) => x.path === "services[0].decode.dataParallel");
        assert.ok(i, JSON.stringify(issues));
        assert.equal(i.got, 4);
        assert.match(i.expected, /8 GPUs per pod, a whole nvidia-h200-141gb node/);
        assert.match(i.fix!, /dataParallel to 8/);
    });

    it("requires an RDMA or EFA network (simulated excepted) unless accelerator.network: tcp insists", () => {
        for (const network of [undefined, "none"]) {
            const i = issuesOf(wideEp({ accelerator: { type: "nvidia", chip: "nvidia-h200-141gb", ...(network ? { network } : {}) } })).find((x) => x.path === "services[0].accelerator.network");
            assert.ok(i, String(network));
            assert.match(i.expected, /rdma-roce, infiniband or efa/);
            assert.match(i.fix!, /accelerator\.network: tcp to insist/);
        }
        const tcp = resolveConfig(wideEp({ accelerator: { type: "nvidia", chip: "nvidia-h200-141gb", network: "tcp" } }));
        assert.ok(tcp.warnings.some((w) => /allgather_reducescatter backend instead of DeepEP/.test(w)));
        assert.doesNotThrow(() => resolveConfig(loadExample("simulated-wide-ep.yaml")));
    });

    it("requires an MoE model when the catalog knows it, and warns when it does not", () => {
        const dense = issuesOf(wideEp({ model: { id: "meta-llama/Llama-3.1-70B-Instruct" } }));
        assert.ok(dense.some((x) => x.path === "services[0].model.id" && /Mixture-of-Experts/.test(x.expected)));
        const unknown = resolveConfig(wideEp({ model: { id: "acme/secret-moe" } }));
        assert.ok(unknown.warnings.some((w) => w.includes("acme/secret-moe")));
    });

    it("keeps prefill and decode on the same per-rank ports, at most 8", () => {
        const diff = issuesOf(wideEp({ accelerator: { type: "nvidia", network: "infiniband" }, prefill: { dataParallel: 4, tensorParallel: 2 } }));
        assert.ok(diff.some((x) => x.path === "services[0].prefill.dataParallel" && /decode's dataParallel/.test(x.expected)));
        const many = issuesOf(wideEp({ accelerator: { type: "simulated" }, prefill: { dataParallel: 16 }, decode: { dataParallel: 16 } }));
        assert.ok(many.some((x) => x.path === "services[0].decode.dataParallel" && /at most 8/.test(x.expected)));
    });

    it("checks EPLB's redundant experts divide over the expert-parallel ranks", () => {
        const bad = issuesOf(wideEp({ wideEp: { eplb: true, redundantExperts: 10 } }));
        const i = bad.find((x) => x.path === "services[0].wideEp.redundantExperts");
        assert.ok(i);
        assert.match(i.expected, /divisible by prefill's 16 expert-parallel ranks/);
        assert.ok(issuesOf(wideEp({ wideEp: { redundantExperts: 32 } })).some((x) => /only with wideEp.eplb/.test(x.expected)));
    });

    it("rejects wide-ep fields and managed flags elsewhere, and requires prefill", () => {
        const other = issuesOf({ services: [{ name: "x", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" }, decode: { groupSize: 2 }, wideEp: { eplb: true } }] });
        assert.ok(other.some((x) => x.path === "services[0].decode.groupSize"));
        assert.ok(other.some((x) => x.path === "services[0].wideEp"));
        assert.ok(issuesOf(wideEp({ prefill: undefined })).some((x) => x.path === "services[0].prefill"));
        assert.ok(issuesOf(wideEp({ decode: { groupSize: 2, dataParallel: 8, extraArgs: ["--all2all-backend=naive"] } })).some((x) => x.path === "services[0].decode.extraArgs[0]"));
    });

    it("installs the LeaderWorkerSet chart by default on wide-ep only, unless told not to", () => {
        const chart = buildStack(resolveConfig(wideEp()).spec).charts.find((c) => c.name === "lws");
        assert.ok(chart);
        assert.equal(chart.chart, "oci://registry.k8s.io/lws/charts/lws");
        assert.equal(chart.version, "0.9.0");
        assert.equal(buildStack(resolveConfig(wideEp({}, { platform: { installLeaderWorkerSet: false } })).spec).charts.find((c) => c.name === "lws"), undefined);
        assert.equal(buildStack(resolveConfig({ services: [{ name: "s", model: { id: "m" }, accelerator: { type: "simulated" } }] }).spec).charts.find((c) => c.name === "lws"), undefined);
    });
});

describe("wide-ep under Pulumi mocks", () => {
    let run: OfflineRun;
    before(async () => {
        run = await runOffline(loadExample("simulated-wide-ep.yaml"));
    });
    const detail = (type: string, name: string) => {
        const r = run.resources.find((x) => x.type === type && x.name === name);
        assert.ok(r, `no ${type} ${name}: ${run.resources.map((x) => x.type + " " + x.name).join(", ")}`);
        return { ...r, ...run.details.get(`${type}::${name}`)! };
    };

    it("creates each LeaderWorkerSet after the LWS controller chart", () => {
        const chart = detail("kubernetes:helm.sh/v4:Chart", "lws");
        assert.equal(chart.inputs.version, "0.9.0");
        for (const role of ["prefill", "decode"]) {
            const lws = detail("kubernetes:leaderworkerset.x-k8s.io/v1:LeaderWorkerSet", `llm-d-sim-wide-ep/sim-wide-ep-${role}`);
            assert.ok(lws.dependsOn.includes("kubernetes:helm.sh/v4:Chart::lws"), lws.dependsOn.join());
        }
        // Only LeaderWorkerSets wait for it: the Gateway waits for its own control plane only.
        const gw = detail("kubernetes:gateway.networking.k8s.io/v1:Gateway", "llm-d-sim-wide-ep/llm-d-inference-gateway");
        assert.ok(!gw.dependsOn.includes("kubernetes:helm.sh/v4:Chart::lws"), gw.dependsOn.join());
    });
});
