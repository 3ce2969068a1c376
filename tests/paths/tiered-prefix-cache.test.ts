import * as assert from "node:assert/strict";
import { loadExample, simConfig } from "../support/fixtures";
import { assertValidObjects, validateEndpointPickerConfig } from "../support/validate";
import { assertConfigError, container, envValue, eppConfig, extendedResources, find, flag, plugin, podSpec, render, weights } from "./helpers";

const GiB = 2 ** 30;

function example(edit: (svc: any) => void = () => {}): unknown {
    const cfg = loadExample("tiered-prefix-cache.yaml") as any;
    edit(cfg.services[0]);
    return cfg;
}

describe("tiered-prefix-cache path", () => {
    const { objects } = render(example());
    const decode = find(objects, "Deployment", "qwen3-32b-decode");
    const vllm = container(decode);
    const cfg = eppConfig(objects, "qwen3-32b");

    it("renders objects that validate, including the scheduler config", () => {
        assertValidObjects(objects);
        assert.deepEqual(validateEndpointPickerConfig(cfg), []);
    });

    it("offloads 100 GiB per pod with vLLM's OffloadingConnector", () => {
        assert.deepEqual(JSON.parse(flag(vllm.args, "--kv-transfer-config") as string), {
            kv_connector: "OffloadingConnector",
            kv_role: "kv_both",
            kv_connector_extra_config: { cpu_bytes_to_use: 100 * GiB },
        });
        assert.equal(flag(vllm.args, "--tensor-parallel-size"), "2");
    });

    it("raises the pod's memory request and limit by the offload size", () => {
        // Defaults for 2 GPUs: 96Gi request, 128Gi limit; plus 100Gi of offloaded KV cache.
        assert.equal(vllm.resources.requests.memory, "196Gi");
        assert.equal(vllm.resources.limits.memory, "228Gi");
    });

    it("scores GPU and CPU tiers with one approximate index each, the CPU one sized from the offload", () => {
        const gpu = plugin(cfg, "gpu-prefix-cache-producer");
        const cpu = plugin(cfg, "cpu-prefix-cache-producer");
        assert.equal(gpu.type, "approx-prefix-cache-producer");
        assert.equal(cpu.type, "approx-prefix-cache-producer");
        assert.equal((gpu.parameters as any).autoTune, true);
        assert.equal((gpu.parameters as any).blockSizeTokens, 16);
        // Qwen3-32B: 64 layers x 2 (K,V) x 8 KV heads x 128 dims x 2 bytes = 256 KiB per token; 16-token blocks = 4 MiB.
        assert.deepEqual(
            { autoTune: (cpu.parameters as any).autoTune, lru: (cpu.parameters as any).lruCapacityPerServer, block: (cpu.parameters as any).blockSizeTokens },
            { autoTune: false, lru: (100 * GiB) / (4 * 2 ** 20), block: 16 },
        );
        assert.equal((plugin(cfg, "gpu-prefix-cache-scorer").parameters as any).prefixMatchInfoProducerName, "gpu-prefix-cache-producer");
        assert.equal((plugin(cfg, "cpu-prefix-cache-scorer").parameters as any).prefixMatchInfoProducerName, "cpu-prefix-cache-producer");
        assert.deepEqual(weights(cfg, "default"), {
            "queue-scorer": 1,
            "kv-cache-utilization-scorer": 1,
            "gpu-prefix-cache-scorer": 1,
            "cpu-prefix-cache-scorer": 1,
            "no-hit-lru-scorer": 1,
            "max-score-picker": undefined,
        });
    });

    it("falls back to llm-d's CPU LRU capacity for a model the catalog does not know", () => {
        const { objects: o } = render(example((s) => (s.model.id = "example-org/unknown-model")));
        assert.equal((plugin(eppConfig(o, "qwen3-32b"), "cpu-prefix-cache-producer").parameters as any).lruCapacityPerServer, 82000);
    });

    it("runs LMCache as llm-d's guide does when asked", () => {
        const { objects: o } = render(example((s) => (s.offload = { connector: "lmcache", cpuSize: "200Gi" })));
        const d = find(o, "Deployment", "qwen3-32b-decode");
        const c = container(d);
        assert.deepEqual(JSON.parse(flag(c.args, "--kv-transfer-config") as string), { kv_connector: "LMCacheConnectorV1", kv_role: "kv_both" });
        assert.equal(envValue(c, "LMCACHE_MAX_LOCAL_CPU_SIZE")?.value, "200.0");
        assert.equal(envValue(c, "PROMETHEUS_MULTIPROC_DIR")?.value, "/tmp/lmcache_prometheus");
        assert.ok(c.volumeMounts.some((m: any) => m.mountPath === "/tmp/lmcache_prometheus"));
        assert.ok(podSpec(d).volumes.some((v: any) => v.name === "lmcache-prometheus-metrics" && v.emptyDir));
        assert.equal(c.resources.requests.memory, "296Gi");
        assertValidObjects(o);
    });

    it("refuses offload settings that cannot work", () => {
        assertConfigError(() => render(example((s) => (s.offload.cpuSize = "100Mi"))), "services[0].offload.cpuSize");
        const other = loadExample("inference-scheduling.yaml") as any;
        other.services[0].offload = { cpuSize: "10Gi" };
        assertConfigError(() => render(other), "services[0].offload");
        assertConfigError(() => render(example((s) => (s.decode.env = { LMCACHE_MAX_LOCAL_CPU_SIZE: "5" }))), "services[0].decode.env.LMCACHE_MAX_LOCAL_CPU_SIZE", /offload\.cpuSize/);
    });

    it("refuses a CPU-tier index hashing in other blocks than vLLM's", () => {
        const broken = example((s) => (s.scheduler = { pluginParameters: { "cpu-prefix-cache-producer": { blockSizeTokens: 64 } } }));
        assertConfigError(() => render(broken), "services[0].scheduler.pluginParameters.cpu-prefix-cache-producer.blockSizeTokens");
    });

    it("simulated: renders valid objects with no accelerator resource and no offload flags", () => {
        const sim = render(simConfig({}, { path: "tiered-prefix-cache", decode: { replicas: 2 } }));
        assertValidObjects(sim.objects);
        const d = find(sim.objects, "Deployment", "sim-decode");
        assert.deepEqual(extendedResources(d), []);
        assert.equal(flag(container(d).args, "--kv-transfer-config"), undefined);
        assert.deepEqual(validateEndpointPickerConfig(eppConfig(sim.objects, "sim")), []);
        assert.equal((plugin(eppConfig(sim.objects, "sim"), "gpu-prefix-cache-producer").parameters as any).autoTune, false);
    });
});
