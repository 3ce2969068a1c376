// Wide-EP performance settings of llm-d's guide (MoE backend, dual-batch overlap, decode batch
// limits, async scheduling, dispatch chunk and NVSHMEM queue depth), each overridable by config or
// extraArgs; disruption budgets of LeaderWorkerSet groups; NetworkPolicies between group members.
import assert from "node:assert/strict";
import { runPodScript } from "../support/fabric";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { K8sObject } from "../../components/manifests/common";
import { lwsPodSpec } from "../../components/manifests/modelserver/leaderworkerset";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { find, render } from "../paths/helpers";

function wideEp(service: Record<string, unknown> = {}, roles: { prefill?: Record<string, unknown>; decode?: Record<string, unknown> } = {}): Record<string, unknown> {
    return {
        services: [
            {
                name: "ds",
                path: "wide-ep",
                model: { id: "deepseek-ai/DeepSeek-R1-0528" },
                accelerator: { type: "nvidia", chip: "nvidia-h200-141gb", network: "infiniband" },
                prefill: { replicas: 1, groupSize: 2, dataParallel: 8, ...roles.prefill },
                decode: { replicas: 2, groupSize: 2, dataParallel: 8, ...roles.decode },
                ...service,
            },
        ],
    };
}

function issuesOf(config: unknown): { path: string; expected: string }[] {
    try {
        resolveConfig(config);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.issues;
    }
    assert.fail("expected a ConfigError");
}

const vllm = (lws: K8sObject): Record<string, any> => (lwsPodSpec(lws).containers as Record<string, any>[])[0];
const envOf = (lws: K8sObject) => Object.fromEntries((vllm(lws).env as any[]).filter((e) => "value" in e).map((e) => [e.name, e.value]));

/** The arguments vLLM receives: the container's real bash script run with a stub `vllm` (support/fabric.ts). */
function argsOf(lws: K8sObject): string[] {
    return runPodScript(vllm(lws).args[0], { LWS_GROUP_SIZE: "2", LWS_WORKER_INDEX: "1", LWS_LEADER_ADDRESS: "leader" });
}

const value = (args: string[], name: string) => args.filter((a) => a === name || a.startsWith(`${name}=`)).map((a) => (a === name ? true : a.slice(name.length + 1)));

function roles(config: unknown, service = "ds"): { prefill: K8sObject; decode: K8sObject; objects: K8sObject[] } {
    const r = render(config);
    return { prefill: find(r.objects, "LeaderWorkerSet", `${service}-prefill`), decode: find(r.objects, "LeaderWorkerSet", `${service}-decode`), objects: r.objects };
}

describe("wide-ep: llm-d's performance settings", () => {
    const ex = roles(loadExample("wide-ep.yaml"), "deepseek-r1");

    it("runs DeepGEMM MoE kernels on both roles (guide: --moe-backend deep_gemm)", () => {
        for (const lws of [ex.prefill, ex.decode]) assert.deepEqual(value(argsOf(lws), "--moe-backend"), ["deep_gemm"]);
        assert.equal(envOf(ex.decode).VLLM_USE_DEEP_GEMM, "1");
    });

    it("decode: dual-batch overlap from 32 tokens, 256 batched tokens and 256 sequences per rank", () => {
        const args = argsOf(ex.decode);
        assert.deepEqual(value(args, "--enable-dbo"), [true]);
        assert.deepEqual(value(args, "--dbo-decode-token-threshold"), ["32"]);
        assert.deepEqual(value(args, "--max-num-batched-tokens"), ["256"]);
        assert.deepEqual(value(args, "--max-num-seqs"), ["256"]);
        assert.deepEqual(value(args, "--all2all-backend"), ["deepep_low_latency"]);
    });

    it("prefill: no DBO and no decode batch limits; 0.8 GPU memory; no async scheduling or queue-depth override anywhere (as the v0.8 guide)", () => {
        const args = argsOf(ex.prefill);
        for (const f of ["--enable-dbo", "--dbo-decode-token-threshold", "--dbo-prefill-token-threshold", "--max-num-batched-tokens", "--max-num-seqs"]) assert.deepEqual(value(args, f), [], f);
        assert.deepEqual(value(args, "--gpu-memory-utilization"), ["0.8"]);
        for (const lws of [ex.prefill, ex.decode]) {
            assert.deepEqual(value(argsOf(lws), "--async-scheduling"), []);
            assert.equal(envOf(lws).NVSHMEM_QP_DEPTH, undefined);
            assert.equal(envOf(lws).VLLM_MOE_DP_CHUNK_SIZE, undefined);
        }
    });

    it("each setting has a config field: backend auto, prefill DBO with its threshold, decode off, batch limits, async scheduling", () => {
        const r = roles(
            wideEp({
                wideEp: {
                    moeBackend: "auto",
                    dualBatchOverlap: { decode: false, prefill: true, prefillTokenThreshold: 1024 },
                    decodeMaxNumBatchedTokens: 128,
                    decodeMaxNumSeqs: 64,
                    asyncScheduling: true,
                },
            }),
        );
        const p = argsOf(r.prefill);
        const d = argsOf(r.decode);
        assert.deepEqual(value(p, "--moe-backend"), []);
        assert.deepEqual(value(p, "--enable-dbo"), [true]);
        assert.deepEqual(value(p, "--dbo-prefill-token-threshold"), ["1024"]);
        assert.deepEqual(value(d, "--enable-dbo"), []);
        assert.deepEqual(value(d, "--max-num-batched-tokens"), ["128"]);
        assert.deepEqual(value(d, "--max-num-seqs"), ["64"]);
        for (const a of [p, d]) assert.deepEqual(value(a, "--async-scheduling"), [true]);
        const triton = roles(wideEp({ wideEp: { moeBackend: "triton" } }));
        assert.deepEqual(value(argsOf(triton.decode), "--moe-backend"), ["triton"]);
    });

    it("a role's extraArgs replace a default instead of repeating it, and pass the managed-flag checks", () => {
        const r = roles(wideEp({}, { decode: { extraArgs: ["--max-num-seqs=128", "--no-enable-dbo", "--moe-backend=cutlass", "--dbo-decode-token-threshold=64"] } }));
        const d = argsOf(r.decode);
        assert.deepEqual(value(d, "--max-num-seqs"), ["128"]);
        assert.deepEqual(value(d, "--enable-dbo"), []);
        assert.ok(d.includes("--no-enable-dbo"));
        assert.deepEqual(value(d, "--moe-backend"), ["cutlass"]);
        assert.deepEqual(value(d, "--dbo-decode-token-threshold"), ["64"]);
        assert.deepEqual(value(d, "--max-num-batched-tokens"), ["256"], "the untouched defaults stay");
        // Prefill keeps the guide's backend.
        assert.deepEqual(value(argsOf(r.prefill), "--moe-backend"), ["deep_gemm"]);
    });

    it("a larger dispatch chunk sets VLLM_MOE_DP_CHUNK_SIZE and raises decode's NVSHMEM_QP_DEPTH to DeepEP's (tokens + 1) x 2", () => {
        const r = roles(wideEp({ wideEp: { moeDpChunkSize: 1024 } }));
        assert.equal(envOf(r.prefill).VLLM_MOE_DP_CHUNK_SIZE, "1024");
        assert.equal(envOf(r.decode).VLLM_MOE_DP_CHUNK_SIZE, "1024");
        assert.equal(envOf(r.decode).NVSHMEM_QP_DEPTH, "2050");
        assert.equal(envOf(r.prefill).NVSHMEM_QP_DEPTH, undefined, "high-throughput dispatch has no such bound");
        // Batched tokens in extraArgs count too; a chunk within the default depth sets nothing.
        const big = roles(wideEp({}, { decode: { extraArgs: ["--max-num-batched-tokens=2048"] } }));
        assert.equal(envOf(big.decode).NVSHMEM_QP_DEPTH, "4098");
        assert.equal(envOf(roles(wideEp({ wideEp: { moeDpChunkSize: 511 } })).decode).NVSHMEM_QP_DEPTH, undefined);
    });

    it("refuses a too-small NVSHMEM_QP_DEPTH, thresholds of a disabled overlap and unknown backends", () => {
        const depth = issuesOf(wideEp({ wideEp: { decodeMaxNumBatchedTokens: 1024 } }, { decode: { env: { NVSHMEM_QP_DEPTH: "1024" } } }));
        assert.ok(depth.some((i) => i.path === "services[0].decode.env.NVSHMEM_QP_DEPTH" && /at least 2050/.test(i.expected)));
        const dbo = issuesOf(wideEp({ wideEp: { dualBatchOverlap: { decode: false, decodeTokenThreshold: 16, prefillTokenThreshold: 8 } } }));
        assert.ok(dbo.some((i) => i.path === "services[0].wideEp.dualBatchOverlap.decodeTokenThreshold"));
        assert.ok(dbo.some((i) => i.path === "services[0].wideEp.dualBatchOverlap.prefillTokenThreshold"));
        assert.ok(issuesOf(wideEp({ wideEp: { moeBackend: "fast" } })).some((i) => i.path.includes("moeBackend")));
    });
});

describe("wide-ep: disruption budgets and network policies of LeaderWorkerSet groups", () => {
    const r = roles(wideEp({}, {}));

    it("one policy/v1 PDB per LeaderWorkerSet selects all its groups' pods, one pod at a time", () => {
        assertValidObjects(r.objects);
        for (const name of ["ds-prefill", "ds-decode"]) {
            const pdb = find(r.objects, "PodDisruptionBudget", name) as any;
            assert.equal(pdb.apiVersion, "policy/v1");
            assert.deepEqual(pdb.spec.selector.matchLabels, { "leaderworkerset.sigs.k8s.io/name": name });
            assert.equal(pdb.spec.maxUnavailable, 1);
            assert.equal(pdb.spec.unhealthyPodEvictionPolicy, "AlwaysAllow");
            assert.equal(pdb.spec.minAvailable, undefined);
        }
        assert.ok(!r.objects.some((o) => o.kind === "Deployment" && o.metadata.name.startsWith("ds-") && !o.metadata.name.endsWith("-epp")));
    });

    it("multi-host TPU LeaderWorkerSets get the same budget", () => {
        const tpu = render(loadExample("tpu-v6e-existing.yaml"));
        const lws = tpu.objects.filter((o) => o.kind === "LeaderWorkerSet");
        assert.ok(lws.length > 0);
        for (const l of lws) {
            const pdb = find(tpu.objects, "PodDisruptionBudget", l.metadata.name) as any;
            assert.deepEqual(pdb.spec.selector.matchLabels, { "leaderworkerset.sigs.k8s.io/name": l.metadata.name });
        }
    });

    /** Does some ingress rule of a policy selecting `to` admit a pod labelled `from` on `port`? */
    function admits(objects: K8sObject[], from: Record<string, string>, to: Record<string, string>, port: number, portName?: string): boolean {
        const matches = (sel: Record<string, string> | undefined, labels: Record<string, string>) => Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);
        const policies = objects.filter((o) => o.kind === "NetworkPolicy" && matches((o as any).spec.podSelector.matchLabels, to));
        assert.ok(policies.length > 0, "a policy selects the pod");
        return policies.some((p: any) =>
            p.spec.ingress.some(
                (rule: any) =>
                    (!rule.from || rule.from.some((f: any) => f.podSelector && !f.namespaceSelector && matches(f.podSelector.matchLabels, from))) &&
                    (!rule.ports || rule.ports.some((x: any) => x.port === port || x.port === portName)),
            ),
        );
    }

    it("group members reach each other on the DP RPC, NIXL, rank and supervisor ports and on NCCL/NVSHMEM's ephemeral ports", () => {
        const labels = (lws: K8sObject) => (lws as any).spec.leaderWorkerTemplate.workerTemplate.metadata.labels as Record<string, string>;
        for (const lws of [r.prefill, r.decode]) {
            const c = vllm(lws);
            const ports = (c.ports as any[]).map((p) => [p.containerPort, p.name] as const);
            assert.ok(ports.some(([n, name]) => n === 5555 && name === "dp-rpc"));
            for (const peer of [r.prefill, r.decode]) {
                for (const [n, name] of [...ports, [43_210, undefined] as const]) {
                    assert.ok(admits(r.objects, labels(peer), labels(lws), n, name), `${peer.metadata.name} -> ${lws.metadata.name}:${n}`);
                }
            }
            // Other pods of the namespace do not get in on the DP RPC port.
            assert.ok(!admits(r.objects, { app: "other" }, labels(lws), 5555, "dp-rpc"));
        }
    });
});
