// Per release and well-lit path: the scheduler config, images and flags equal what that release's
// guides deploy. Expected values are copied from the upstream files cited beside each (read at the
// release's pin: v0.8.1 = llm-d/llm-d b2afd413, v0.9.0 = llm-d/llm-d e3dbeca1 (PR #2315), router
// tags v0.9.0 / v0.10.0), not from this project's release modules.
import assert from "node:assert/strict";
import { K8sObject } from "../../components/manifests";
import { EndpointPickerConfig } from "../../components/manifests/scheduler/epp-config";
import { loadExample } from "../support/fixtures";
import { container, eppConfig, find, flag, podSpec, render, weights } from "../paths/helpers";
import { lwsPodSpec } from "../../components/manifests/modelserver/leaderworkerset";

const L081 = "llm-d/llm-d@b2afd413";
const L090 = "llm-d/llm-d@e3dbeca1";

function example(name: string, release: string): K8sObject[] {
    return render({ ...(loadExample(name) as object), release }).objects;
}
const types = (cfg: EndpointPickerConfig) => cfg.plugins.map((p) => p.name ?? p.type);
const params = (cfg: EndpointPickerConfig, key: string) => cfg.plugins.find((p) => (p.name ?? p.type) === key)?.parameters as Record<string, any>;
const image = (objects: K8sObject[], kind: string, name: string) => container(find(objects, kind, name)).image;
/** A single-host TPU v6e service (2x4 slice, 8 chips per pod). */
const tpu = (release: string) => render({ release, services: [{ name: "t", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "tpu", chip: "tpu-v6e-slice", tpuTopology: "2x4" }, decode: { tensorParallel: 8 } }] }).objects;

describe("llm-d v0.8.1 guide values", () => {
    it(`optimized baseline: queue 2, kv-cache 2, prefix 3, no-hit-lru 2 (${L081} guides/optimized-baseline/router/optimized-baseline.values.yaml)`, () => {
        const cfg = eppConfig(example("inference-scheduling.yaml", "v0.8.1"), "llama-8b");
        const w = weights(cfg, "default");
        assert.deepEqual([w["queue-scorer"], w["kv-cache-utilization-scorer"], w["prefix-cache-scorer"], w["no-hit-lru-scorer"]], [2, 2, 3, 2]);
    });

    it(`precise: 2 pickers, blockSize 64, socketPort 5556, kv 2 / queue 2 / prefix 3 / no-hit-lru 2 (${L081} guides/precise-prefix-cache-routing/router/precise-prefix-cache-routing.values.yaml)`, () => {
        const o = example("precise-prefix-cache.yaml", "v0.8.1");
        const cfg = eppConfig(o, "qwen3-32b");
        assert.equal((find(o, "Deployment", "qwen3-32b-epp") as any).spec.replicas, 2);
        const p = params(cfg, "precise-prefix-cache-producer");
        assert.equal(p.tokenProcessorConfig.blockSize, 64);
        assert.deepEqual(p.kvEventsConfig.podDiscoveryConfig, { socketPort: 5556 });
        const w = weights(cfg, "default");
        assert.deepEqual([w["kv-cache-utilization-scorer"], w["queue-scorer"], w["prefix-cache-scorer"], w["no-hit-lru-scorer"]], [2, 2, 3, 2]);
        // guides/precise-prefix-cache-routing/render/deployment.yaml: 3 replicas of vllm-openai-cpu:v0.23.0 `vllm launch render`.
        const renderDeploy = find(o, "Deployment", "qwen3-32b-render") as any;
        assert.equal(renderDeploy.spec.replicas, 3);
        assert.equal(container(renderDeploy).image, "docker.io/vllm/vllm-openai-cpu:v0.23.0");
        // modelserver/gpu/vllm/base/patch-vllm.yaml: no replay endpoint, access log /health,/metrics,/v1/models.
        const vllm = container(find(o, "Deployment", "qwen3-32b-decode"));
        assert.equal(JSON.parse(flag(vllm.args, "--kv-events-config") as string).replay_endpoint, undefined);
        assert.equal(flag(vllm.args, "--disable-access-log-for-endpoints"), "/health,/metrics,/v1/models");
    });

    it(`P/D: prefill prefix 3 / queue 2 / kv 2, decode active 2 / prefix 3; sidecar --vllm-port=8200 (${L081} guides/pd-disaggregation/router/pd-disaggregation.values.yaml, recipes/.../pd/vllm/patch-sidecar.yaml)`, () => {
        const o = example("pd-disaggregation.yaml", "v0.8.1");
        const cfg = eppConfig(o, "gpt-oss");
        const pre = weights(cfg, "prefill");
        assert.deepEqual([pre["prefix-cache-scorer"], pre["queue-scorer"], pre["kv-cache-utilization-scorer"]], [3, 2, 2]);
        const dec = weights(cfg, "decode");
        assert.deepEqual([dec["active-request-scorer"], dec["prefix-cache-scorer"]], [2, 3]);
        assert.ok(types(cfg).includes("disagg-headers-handler"));
        const sidecar = podSpec(find(o, "Deployment", "gpt-oss-decode")).initContainers[0];
        assert.equal(sidecar.image, "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.9.0");
        for (const a of ["--port=8000", "--vllm-port=8200", "--kv-connector=nixlv2", "--secure-proxy=false", "--zap-log-level=1"]) assert.ok(sidecar.args.includes(a), a);
    });

    it(`wide-EP: llm-d-cuda:v0.8.0; sidecar with --vllm-port=8200 --data-parallel-size=8 --enable-prefiller-sampling (${L081} guides/wide-ep-lws/modelserver/gpu/vllm/base/decode.yaml)`, () => {
        const o = example("wide-ep.yaml", "v0.8.1");
        const decode = find(o, "LeaderWorkerSet", "deepseek-r1-decode");
        const pod = lwsPodSpec(decode);
        assert.equal((pod.containers as any[])[0].image, "ghcr.io/llm-d/llm-d-cuda:v0.8.0");
        const sidecar = (pod.initContainers as any[])[0];
        for (const a of ["--vllm-port=8200", "--data-parallel-size=8", "--enable-prefiller-sampling", "--kv-connector=nixlv2"]) assert.ok(sidecar.args.includes(a), a);
        const w = weights(eppConfig(o, "deepseek-r1"), "prefill");
        assert.deepEqual([w["prefix-cache-scorer"], w["queue-scorer"], w["active-request-scorer"]], [3, 2, 2]);
    });

    it(`images: vllm-openai:v0.23.0, vllm-tpu:v0.22.0, llm-d-rocm/llm-d-cpu:v0.7.0, picker v0.9.0 (${L081} guides/recipes/modelserver/components/images/*, guides/env.sh)`, () => {
        assert.equal(image(example("inference-scheduling.yaml", "v0.8.1"), "Deployment", "llama-8b-decode"), "docker.io/vllm/vllm-openai:v0.23.0");
        assert.equal(image(example("inference-scheduling.yaml", "v0.8.1"), "Deployment", "llama-8b-epp"), "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.9.0");
        assert.equal(image(tpu("v0.8.1"), "Deployment", "t-decode"), "docker.io/vllm/vllm-tpu:v0.22.0");
        assert.equal(image(example("amd-mi300x.yaml", "v0.8.1"), "Deployment", "qwen-amd-decode"), "ghcr.io/llm-d/llm-d-rocm:v0.7.0");
        assert.equal(image(example("cpu.yaml", "v0.8.1"), "Deployment", "qwen-cpu-decode"), "ghcr.io/llm-d/llm-d-cpu:v0.7.0");
        // llm-d-router v0.9.0 Makefile VLLM_SIMULATOR_TAG
        assert.equal(image(example("simulated.yaml", "v0.8.1"), "Deployment", "sim-decode"), "ghcr.io/llm-d/llm-d-inference-sim:v0.9.2");
    });

    it(`dashboards read inference_objective_request_total (${L081} guides/recipes/observability/grafana/dashboards)`, () => {
        const cm = find(example("inference-scheduling.yaml", "v0.8.1"), "ConfigMap", "llm-d-dashboards") as any;
        assert.match(cm.data["llm-d-schedulers.json"], /inference_objective_request_total/);
    });
});

describe("llm-d v0.9.0 guide values", () => {
    it(`optimized baseline: approx producer, inflight load, affinity filter and token-load scorer, no weights (${L090} guides/optimized-baseline/router/optimized-baseline.values.yaml)`, () => {
        const cfg = eppConfig(example("inference-scheduling.yaml", "v0.9.0"), "llama-8b");
        assert.deepEqual(types(cfg), ["approx-prefix-cache-producer", "inflight-load-producer", "prefix-cache-affinity-filter", "token-load-scorer"]);
        assert.deepEqual(cfg.schedulingProfiles, [{ name: "default", plugins: [{ pluginRef: "prefix-cache-affinity-filter" }, { pluginRef: "token-load-scorer" }] }]);
    });

    it(`precise: 1 picker, blockSizeTokens 64, replaySocketPort 5559, affinity 15926 (${L090} guides/precise-prefix-cache-routing/router/precise-prefix-cache-routing.values.yaml)`, () => {
        const o = example("precise-prefix-cache.yaml", "v0.9.0");
        const cfg = eppConfig(o, "qwen3-32b");
        assert.equal((find(o, "Deployment", "qwen3-32b-epp") as any).spec.replicas, 1);
        const p = params(cfg, "precise-prefix-cache-producer");
        assert.equal(p.tokenProcessorConfig.blockSizeTokens, 64);
        assert.deepEqual(p.kvEventsConfig.podDiscoveryConfig, { socketPort: 5556, replaySocketPort: 5559 });
        assert.equal(params(cfg, "prefix-cache-affinity-filter").peakPrefillThroughput, 15926);
        assert.deepEqual(params(cfg, "inflight-load-producer"), { prefixMatchInfoProducerName: "precise-prefix-cache-producer" });
        // modelserver/gpu/vllm/base/patch-vllm.yaml: replay endpoint tcp://*:5559 on port kv-replay; render endpoints out of the access log.
        const vllm = container(find(o, "Deployment", "qwen3-32b-decode"));
        assert.equal(JSON.parse(flag(vllm.args, "--kv-events-config") as string).replay_endpoint, "tcp://*:5559");
        assert.ok(vllm.ports.some((x: any) => x.name === "kv-replay" && x.containerPort === 5559));
        assert.equal(flag(vllm.args, "--disable-access-log-for-endpoints"), "/health,/metrics,/v1/models,/v1/completions/render,/v1/chat/completions/render");
        // render/service.yaml: the render Service selects the decode model servers (role decode), no tokenizer Deployment.
        assert.equal((find(o, "Service", "qwen3-32b-render") as any).spec.selector["llm-d.ai/role"], "decode");
        assert.ok(!o.some((x) => x.kind === "Deployment" && x.metadata.name === "qwen3-32b-render"));
    });

    it(`P/D: prefill affinity filter + token load (33821, 131072 tokens), decode active requests, deciders.prefill, no headers handler (${L090} guides/pd-disaggregation/router/pd-disaggregation.values.yaml with llm-d/llm-d #2320)`, () => {
        const o = example("pd-disaggregation.yaml", "v0.9.0");
        const cfg = eppConfig(o, "gpt-oss");
        const profile = (n: string) => cfg.schedulingProfiles.find((p) => p.name === n)!.plugins.map((r) => r.pluginRef);
        assert.deepEqual(profile("prefill"), ["prefill-filter", "prefix-cache-affinity-filter", "token-load-scorer", "max-score-picker"]);
        assert.deepEqual(profile("decode"), ["decode-filter", "active-request-scorer", "max-score-picker"]);
        assert.equal(params(cfg, "prefix-cache-affinity-filter").peakPrefillThroughput, 33821);
        assert.equal(params(cfg, "approx-prefix-cache-producer").maxPrefixTokensToMatch, 131072);
        assert.deepEqual(params(cfg, "disagg-profile-handler").deciders, { prefill: "always-disagg-pd-decider" });
        assert.ok(!types(cfg).includes("disagg-headers-handler"));
        // recipes/modelserver/base/single-host/pd/vllm/patch-sidecar.yaml: --vllm-port dropped (the v0.10.0 sidecar defaults to 8200).
        const sidecar = podSpec(find(o, "Deployment", "gpt-oss-decode")).initContainers[0];
        assert.equal(sidecar.image, "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.10.0");
        assert.deepEqual(sidecar.args, ["--port=8000", "--kv-connector=nixlv2", "--secure-proxy=false", "--zap-log-level=1"]);
    });

    it(`wide-EP: llm-d-cuda:v0.9.0 on both roles; sidecar without --vllm-port (${L090} guides/recipes/modelserver/components/images/gpu-vllm/llm-d/release, guides/wide-ep-lws/modelserver/gpu/vllm/base/decode.yaml)`, () => {
        const o = example("wide-ep.yaml", "v0.9.0");
        for (const role of ["prefill", "decode"]) assert.equal((lwsPodSpec(find(o, "LeaderWorkerSet", `deepseek-r1-${role}`)).containers as any[])[0].image, "ghcr.io/llm-d/llm-d-cuda:v0.9.0");
        const sidecar = (lwsPodSpec(find(o, "LeaderWorkerSet", "deepseek-r1-decode")).initContainers as any[])[0];
        assert.ok(!sidecar.args.some((a: string) => a.startsWith("--vllm-port")));
        assert.ok(sidecar.args.includes("--enable-prefiller-sampling") && sidecar.args.includes("--data-parallel-size=8"));
    });

    it(`tiered: unchanged named GPU/CPU producers and scorers, all weights 1 (${L090} guides/tiered-prefix-cache/router/tiered-prefix-cache-cpu.values.yaml)`, () => {
        const cfg = eppConfig(example("tiered-prefix-cache.yaml", "v0.9.0"), "qwen3-32b");
        for (const n of ["gpu-prefix-cache-producer", "cpu-prefix-cache-producer", "gpu-prefix-cache-scorer", "cpu-prefix-cache-scorer"]) assert.ok(types(cfg).includes(n), n);
        assert.equal(params(cfg, "cpu-prefix-cache-producer").autoTune, false);
    });

    it(`images: vllm-openai:v0.26.0, vllm-tpu:v0.26.0, vllm-openai-rocm:v0.26.0 (llm-d-rocm:v0.9.0 on P/D), vllm-openai-cpu:v0.26.0, picker v0.10.0, simulator v0.10.2 (${L090} guides/recipes/modelserver/components/images/*/{release,llm-d}, guides/env.sh; llm-d-router v0.10.0 Makefile)`, () => {
        assert.equal(image(example("inference-scheduling.yaml", "v0.9.0"), "Deployment", "llama-8b-decode"), "docker.io/vllm/vllm-openai:v0.26.0");
        assert.equal(image(example("inference-scheduling.yaml", "v0.9.0"), "Deployment", "llama-8b-epp"), "ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0");
        assert.equal(image(tpu("v0.9.0"), "Deployment", "t-decode"), "docker.io/vllm/vllm-tpu:v0.26.0");
        assert.equal(image(example("amd-mi300x.yaml", "v0.9.0"), "Deployment", "qwen-amd-decode"), "docker.io/vllm/vllm-openai-rocm:v0.26.0");
        assert.equal(image(example("cpu.yaml", "v0.9.0"), "Deployment", "qwen-cpu-decode"), "docker.io/vllm/vllm-openai-cpu:v0.26.0");
        assert.equal(image(example("simulated.yaml", "v0.9.0"), "Deployment", "sim-decode"), "ghcr.io/llm-d/llm-d-inference-sim:v0.10.2");
        const amdPd = render({ release: "v0.9.0", services: [{ name: "a", path: "pd-disaggregation", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "amd", network: "rdma-roce" }, prefill: { replicas: 1 } }] }).objects;
        assert.equal(image(amdPd, "Deployment", "a-decode"), "ghcr.io/llm-d/llm-d-rocm:v0.9.0");
    });

    it(`KEDA queue autoscaling: queue size 1 and running requests 16 on llm_d_epp_*, and the guide's four-scorer picker with flowControl (${L090} guides/workload-autoscaling/keda-epp-queue/optimized-baseline/{base/scaledobject.yaml,router.values.yaml})`, () => {
        const o = example("autoscaling.yaml", "v0.9.0");
        const so = o.find((x) => x.kind === "ScaledObject") as any;
        const triggers = so.spec.triggers.map((t: any) => [t.metadata.query.split("(")[1].split("{")[0], t.metadata.threshold]);
        assert.deepEqual(triggers, [["llm_d_epp_flow_control_queue_size", "1"], ["llm_d_epp_request_running", "16"]]);
        const svc = so.spec.scaleTargetRef.name.replace(/-decode$/, "");
        const cfg = eppConfig(o, svc);
        assert.deepEqual(cfg.featureGates, ["flowControl"]);
        const w = weights(cfg, "default");
        assert.deepEqual([w["queue-scorer"], w["kv-cache-utilization-scorer"], w["prefix-cache-scorer"], w["no-hit-lru-scorer"]], [2, 2, 3, 2]);
    });

    it(`dashboards read llm_d_epp_request_total and llm_d_epp_per_endpoint_queue_size (${L090} guides/recipes/observability/grafana; llm-d-router v0.10.0 pkg/epp/metrics/llm_d_router_metrics.go)`, () => {
        const text = (find(example("inference-scheduling.yaml", "v0.9.0"), "ConfigMap", "llm-d-dashboards") as any).data["llm-d-schedulers.json"];
        assert.match(text, /llm_d_epp_request_total/);
        assert.match(text, /llm_d_epp_per_endpoint_queue_size/);
        assert.doesNotMatch(text, /inference_objective_/);
    });
});
