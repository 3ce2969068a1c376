// TPU slices (pods per slice and chips per pod follow the topology) and the vendor x path table.
import * as assert from "node:assert/strict";
import { VENDORS } from "../../components/catalog/vendors";
import { WellLitPath } from "../../components/config/types";
import { K8sObject } from "../../components/manifests";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, find, flag, render } from "../paths/helpers";

function tpu(topology: string | undefined, decode: Record<string, unknown> = {}, service: Record<string, unknown> = {}): unknown {
    return {
        services: [
            {
                name: "tpu",
                model: { id: "meta-llama/Llama-3.3-70B-Instruct" },
                accelerator: { type: "tpu", chip: "tpu-v6e-slice", ...(topology ? { tpuTopology: topology } : {}) },
                decode: { replicas: 2, ...decode },
                ...service,
            },
        ],
    };
}

function templates(lws: K8sObject): { leader: any; worker: any; size: number; replicas: number } {
    const s = (lws as any).spec;
    return { leader: s.leaderWorkerTemplate.leaderTemplate, worker: s.leaderWorkerTemplate.workerTemplate, size: s.leaderWorkerTemplate.size, replicas: s.replicas };
}

describe("TPU slices", () => {
    it("a single-host 2x4 slice is one pod per replica with the host's 8 chips and tensor parallel 8", () => {
        const { objects, spec } = render(tpu("2x4"));
        const deploy = find(objects, "Deployment", "tpu-decode");
        const c = container(deploy);
        assert.equal((deploy as any).spec.replicas, 2);
        assert.equal(c.resources.limits["google.com/tpu"], "8");
        assert.equal(flag(c.args, "--tensor-parallel-size"), "8");
        assert.equal((deploy as any).spec.template.spec.nodeSelector["cloud.google.com/gke-tpu-topology"], "2x4");
        assert.deepEqual(spec.accelerator.tpuSlice, { topology: "2x4", chips: 8, chipsPerHost: 8, hosts: 1 });
        assertValidObjects(objects);
    });

    it("a multi-host 4x4 slice is a LeaderWorkerSet group of 4 pods with 4 chips each, tensor parallel 16", () => {
        const { objects } = render(tpu("4x4"));
        assert.ok(!objects.some((o) => o.kind === "Deployment" && o.metadata.name === "tpu-decode"), "no Deployment for a multi-host slice");
        const lws = find(objects, "LeaderWorkerSet", "tpu-decode");
        const t = templates(lws);
        assert.equal(t.size, 4);
        assert.equal(t.replicas, 2);
        for (const tmpl of [t.leader, t.worker]) {
            const c = tmpl.spec.containers[0];
            assert.equal(c.resources.limits["google.com/tpu"], "4");
            assert.equal(tmpl.spec.nodeSelector["cloud.google.com/gke-tpu-topology"], "4x4");
            assert.equal(tmpl.spec.nodeSelector["cloud.google.com/gke-tpu-accelerator"], "tpu-v6e-slice");
        }
        const script = t.leader.spec.containers[0].args[0] as string;
        assert.match(script, /'--tensor-parallel-size=16'/);
        assert.match(script, /--distributed-executor-backend=ray/);
        assert.match(script, /ray start --head/);
        assert.match(t.worker.spec.containers[0].args[0], /ray start --address="\$LWS_LEADER_ADDRESS:6379" --block/);
        assertValidObjects(objects);
    });

    it("routes only to the slice leader: workers lack the pool label and probes", () => {
        const { objects } = render(tpu("4x4"));
        const t = templates(find(objects, "LeaderWorkerSet", "tpu-decode"));
        const pool = find(objects, "InferencePool", "tpu") as any;
        const selector: Record<string, string> = pool.spec.selector.matchLabels;
        const matches = (labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
        assert.ok(matches(t.leader.metadata.labels));
        assert.ok(!matches(t.worker.metadata.labels));
        assert.equal(t.worker.spec.containers[0].readinessProbe, undefined);
    });

    it("lets the slice's Ray workers reach the leader through the model-server NetworkPolicy", () => {
        const { objects } = render(tpu("4x4"));
        const np = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "tpu-model-servers") as any;
        if (!np) return; // policies off in this configuration
        assert.ok(np.spec.ingress.some((r: any) => r.from?.some((f: any) => f.podSelector?.matchLabels?.["llm-d.ai/model-service"] === "tpu" && !("llm-d.ai/inference-serving" in f.podSelector.matchLabels))));
    });

    it("tpu-v6e-existing.yaml renders a 4-host group per replica", () => {
        const { objects } = render(loadExample("tpu-v6e-existing.yaml"));
        assert.equal(templates(find(objects, "LeaderWorkerSet", "llama-70b-decode")).size, 4);
    });

    it("rejects a topology the chip's node pools cannot form", () => {
        assertConfigError(() => render(tpu("3x3")), "services[0].accelerator.tpuTopology", /tpu-v6e-slice node pools can form: .*2x4.*4x4/);
        assertConfigError(() => render(tpu("2x2x2")), "services[0].accelerator.tpuTopology");
    });

    it("rejects a tensor-parallel size the slice's chips do not make", () => {
        assertConfigError(() => render(tpu("4x4", { tensorParallel: 8 })), "services[0].decode.tensorParallel", /tensorParallel x dataParallel = 16/);
    });

    it("points a too-wide single pod at a multi-host topology", () => {
        assertConfigError(() => render(tpu(undefined, { tensorParallel: 16 })), "services[0].decode.tensorParallel", /tpuTopology/);
    });

    it("needs a chip to know the hosts, and serves multi-host slices on inference-scheduling only", () => {
        assertConfigError(() => render({ services: [{ name: "t", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "tpu", tpuTopology: "2x4" } }] }), "services[0].accelerator.tpuTopology", /accelerator.chip/);
        assertConfigError(() => render(tpu("4x4", {}, { path: "precise-prefix-cache" })), "services[0].accelerator.tpuTopology", /single-host/);
        assertConfigError(() => render({ services: [{ name: "g", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "nvidia", tpuTopology: "2x4" } }] }), "services[0].accelerator.tpuTopology");
    });
});

function svc(type: string, path: string, extra: Record<string, unknown> = {}): unknown {
    const pd = path === WellLitPath.PdDisaggregation;
    return {
        services: [
            {
                name: "v",
                path,
                model: { id: "Qwen/Qwen3-8B" },
                accelerator: { type, ...(type === "tpu" ? { chip: "tpu-v6e-slice" } : {}), ...(pd ? { network: "tcp" } : {}) },
                decode: { replicas: 1, ...(type === "tpu" ? { tensorParallel: 8 } : {}) },
                ...(pd ? { prefill: { replicas: 1, ...(type === "tpu" ? { tensorParallel: 8 } : {}) } } : {}),
                ...extra,
            },
        ],
    };
}

describe("vendor x well-lit path", () => {
    const table: [string, string, boolean][] = [];
    for (const v of ["nvidia", "amd", "tpu", "intel-xpu", "intel-gaudi", "cpu"]) {
        for (const p of ["inference-scheduling", "precise-prefix-cache", "pd-disaggregation", "tiered-prefix-cache"]) {
            table.push([v, p, VENDORS[v as keyof typeof VENDORS].paths[p as WellLitPath.InferenceScheduling].supported]);
        }
    }

    it("every row of the support table names its source", () => {
        for (const v of Object.values(VENDORS)) for (const row of Object.values(v.paths)) assert.ok(row.source.length > 10 && (row.supported || row.alternative));
    });

    // Gaudi has no image in any release llm-d ships since v0.8 (#1886): it runs on the user's image, and then its paths are as before.
    const gaudi = (vendor: string) => (vendor === "intel-gaudi" ? { images: { modelServer: "ghcr.io/llm-d/llm-d-hpu:v0.7.0" } } : {});
    for (const [vendor, path, supported] of table) {
        it(`${vendor} on ${path}: ${supported ? "renders valid objects" : "is refused naming the vendor, the path and what works"}`, () => {
            if (supported) {
                assertValidObjects(render(svc(vendor, path, gaudi(vendor))).objects);
            } else {
                const err = assertConfigError(() => render(svc(vendor, path, gaudi(vendor))), "services[0].path");
                const issue = err.issues.find((i) => i.path === "services[0].path")!;
                assert.match(issue.expected, new RegExp(`accelerator.type ${vendor}`));
                assert.equal(issue.got, path);
                assert.match(issue.fix!, new RegExp(`${path} runs on .*nvidia`));
                assert.match(issue.fix!, /Use /);
            }
        });
    }

    it("the table matches llm-d's overlays: P/D refused on CPU, tiered refused on AMD, Gaudi and CPU", () => {
        const refused = table.filter(([, , s]) => !s).map(([v, p]) => `${v}/${p}`);
        assert.deepEqual(refused.sort(), ["amd/tiered-prefix-cache", "cpu/pd-disaggregation", "cpu/tiered-prefix-cache", "intel-gaudi/tiered-prefix-cache"]);
    });

    it("P/D on Gaudi stages KV in host memory over TCP and refuses an RDMA network", () => {
        const { objects } = render(svc("intel-gaudi", "pd-disaggregation", gaudi("intel-gaudi")));
        const c = container(find(objects, "Deployment", "v-prefill"));
        const kv = JSON.parse(flag(c.args, "--kv-transfer-config") as string);
        assert.equal(kv.kv_connector, "NixlConnector");
        assert.equal(kv.kv_buffer_device, "cpu");
        assert.equal(c.env.find((e: any) => e.name === "UCX_TLS")?.value, "tcp");
        const rdma = svc("intel-gaudi", "pd-disaggregation", gaudi("intel-gaudi")) as any;
        rdma.services[0].accelerator.network = "rdma-roce";
        assertConfigError(() => render(rdma), "services[0].accelerator.network", /tcp for pd-disaggregation on Intel Gaudi/);
    });

    it("Gaudi without an image of the user's is refused, naming the release that dropped it", () => {
        for (const release of ["v0.8.1", "v0.9.0"]) {
            const cfg = { release, ...(svc("intel-gaudi", "inference-scheduling") as Record<string, unknown>) };
            const err = assertConfigError(() => render(cfg), "services[0].accelerator.type", new RegExp(`llm-d ${release.replace(/\./g, "\\.")}`));
            assert.match(err.issues[0].fix!, /images\.modelServer/);
        }
    });

    it("P/D on AMD uses NIXL over UCX with RDMA and no host staging", () => {
        const cfg = svc("amd", "pd-disaggregation") as any;
        cfg.services[0].accelerator.network = "rdma-roce";
        const { objects } = render(cfg);
        const c = container(find(objects, "Deployment", "v-decode"));
        const kv = JSON.parse(flag(c.args, "--kv-transfer-config") as string);
        assert.equal(kv.kv_buffer_device, undefined);
        assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK"]);
        assert.ok(!JSON.stringify(objects).includes("nvidia.com/gpu"));
    });

    it("tiered prefix cache on TPU refuses LMCache, which the TPU image lacks", () => {
        assertConfigError(() => render(svc("tpu", "tiered-prefix-cache", { offload: { connector: "lmcache" } })), "services[0].offload.connector", /tpu image carries: native/);
    });
});
