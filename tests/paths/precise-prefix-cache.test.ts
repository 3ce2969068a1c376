import * as assert from "node:assert/strict";
import { K8sObject, poolSelector } from "../../components/manifests";
import { KV_EVENTS_PORT } from "../../components/manifests/modelserver/ports";
import { checkKvEventsNetworkPolicies } from "../../components/manifests/paths/precise-prefix-cache";
import { loadExample } from "../support/fixtures";
import { assertValidObjects, validateEndpointPickerConfig } from "../support/validate";
import { assertConfigError, container, envValue, eppConfig, extendedResources, find, flag, plugin, podSpec, render, weights } from "./helpers";

const PRODUCER = "services[0].scheduler.pluginParameters.precise-prefix-cache-producer";

function withOverrides(pluginParameters: Record<string, unknown>, release = "v0.8.1"): unknown {
    const cfg = loadExample("precise-prefix-cache.yaml") as any;
    cfg.services[0].scheduler = { pluginParameters };
    return { release, ...cfg };
}

const v081 = (name: string) => ({ release: "v0.8.1", ...(loadExample(name) as object) });

describe("precise-prefix-cache path (llm-d v0.8.1)", () => {
    const { spec, objects } = render(v081("precise-prefix-cache.yaml"));
    const decode = find(objects, "Deployment", "qwen3-32b-decode");
    const vllm = container(decode);
    const cfg = eppConfig(objects, "qwen3-32b");

    it("renders objects that validate, including the scheduler config", () => {
        assertValidObjects(objects);
        assert.deepEqual(validateEndpointPickerConfig(cfg), []);
    });

    it("runs vLLM with llm-d's block size and publishes KV events on the pod's port 5556", () => {
        assert.equal(flag(vllm.args, "--block-size"), "64");
        const events = JSON.parse(flag(vllm.args, "--kv-events-config") as string);
        assert.deepEqual(events, {
            enable_kv_cache_events: true,
            publisher: "zmq",
            endpoint: "tcp://*:5556",
            topic: "kv@$(POD_IP):8000@Qwen/Qwen3-32B",
        });
        // $(POD_IP) in the topic only expands when the container defines POD_IP.
        assert.deepEqual(envValue(vllm, "POD_IP")?.valueFrom, { fieldRef: { fieldPath: "status.podIP" } });
        assert.deepEqual(vllm.ports.find((p: any) => p.name === "kv-events"), { name: "kv-events", containerPort: 5556, protocol: "TCP" });
        assert.equal(envValue(vllm, "PYTHONHASHSEED")?.value, "42");
    });

    it("indexes blocks with vLLM's block size and hash seed and subscribes to every pod", () => {
        const p = plugin(cfg, "precise-prefix-cache-producer").parameters as any;
        assert.deepEqual(p.tokenProcessorConfig, { blockSize: 64, hashSeed: "42" });
        assert.equal(p.speculativeIndexing, true);
        assert.deepEqual(p.kvEventsConfig, { topicFilter: "kv@", concurrency: 8, discoverPods: true, podDiscoveryConfig: { socketPort: 5556 } });
        assert.deepEqual(cfg.dataLayer?.sources, [{ pluginRef: "endpoint-notification-source", extractors: [{ pluginRef: "precise-prefix-cache-producer" }] }]);
    });

    it("scores with the precise producer's matches and llm-d's weights", () => {
        assert.equal((plugin(cfg, "prefix-cache-scorer").parameters as any).prefixMatchInfoProducerName, "precise-prefix-cache-producer");
        assert.equal((plugin(cfg, "no-hit-lru-scorer").parameters as any).prefixMatchInfoProducerName, "precise-prefix-cache-producer");
        assert.deepEqual(weights(cfg, "default"), {
            "kv-cache-utilization-scorer": 2,
            "queue-scorer": 2,
            "prefix-cache-scorer": 3,
            "no-hit-lru-scorer": 2,
            "max-score-picker": undefined,
        });
    });

    it("tokenizes through a render Service that the InferencePool never selects", () => {
        const tokens = plugin(cfg, "token-producer").parameters as any;
        assert.deepEqual(tokens, { modelName: "Qwen/Qwen3-32B", vllm: { url: "http://qwen3-32b-render:8000" } });
        const renderDeploy = find(objects, "Deployment", "qwen3-32b-render");
        const rc = container(renderDeploy);
        assert.equal(rc.image, "docker.io/vllm/vllm-openai-cpu:v0.23.0");
        assert.deepEqual(rc.command, ["vllm", "launch", "render"]);
        assert.deepEqual(rc.args, ["Qwen/Qwen3-32B", "--port=8000"]);
        assert.equal((renderDeploy as any).spec.replicas, 3);
        const renderSvc = find(objects, "Service", "qwen3-32b-render") as any;
        assert.equal(renderSvc.spec.ports[0].port, 8000);
        const podLabels = (renderDeploy as any).spec.template.metadata.labels;
        const pool = poolSelector(spec);
        assert.ok(!Object.entries(pool).every(([k, v]) => podLabels[k] === v), "the pool would select the tokenizer pods");
        assert.ok(Object.entries(renderSvc.spec.selector).every(([k, v]) => podLabels[k] === v));
    });

    it("runs two active-active schedulers with the Hugging Face token", () => {
        const epp = find(objects, "Deployment", "qwen3-32b-epp") as any;
        assert.equal(epp.spec.replicas, 2);
        const c = container(epp);
        assert.ok(!c.args.includes("--ha-enable-leader-election"));
        assert.deepEqual(envValue(c, "HF_TOKEN")?.valueFrom, { secretKeyRef: { name: "llm-d-hf-token", key: "HF_TOKEN", optional: true } });
    });

    it("keeps the subscription when an unrelated nested parameter is overridden", () => {
        const { objects: o } = render(withOverrides({ "precise-prefix-cache-producer": { kvEventsConfig: { concurrency: 4 } } }));
        const p = plugin(eppConfig(o, "qwen3-32b"), "precise-prefix-cache-producer").parameters as any;
        assert.equal(p.kvEventsConfig.concurrency, 4);
        assert.equal(p.kvEventsConfig.podDiscoveryConfig.socketPort, 5556);
    });

    describe("refuses overrides that break the scheduler/vLLM contract", () => {
        const cases: [string, Record<string, unknown>, string][] = [
            ["block size", { "precise-prefix-cache-producer": { tokenProcessorConfig: { blockSize: 16 } } }, `${PRODUCER}.tokenProcessorConfig.blockSize`],
            ["block size alias", { "precise-prefix-cache-producer": { tokenProcessorConfig: { blockSizeTokens: 32 } } }, `${PRODUCER}.tokenProcessorConfig.blockSizeTokens`],
            ["hash seed", { "precise-prefix-cache-producer": { tokenProcessorConfig: { hashSeed: "7" } } }, `${PRODUCER}.tokenProcessorConfig.hashSeed`],
            ["socket port", { "precise-prefix-cache-producer": { kvEventsConfig: { podDiscoveryConfig: { socketPort: 5557 } } } }, `${PRODUCER}.kvEventsConfig.podDiscoveryConfig.socketPort`],
            ["topic filter", { "precise-prefix-cache-producer": { kvEventsConfig: { topicFilter: "kv-events@" } } }, `${PRODUCER}.kvEventsConfig.topicFilter`],
            ["pod discovery", { "precise-prefix-cache-producer": { kvEventsConfig: { discoverPods: false } } }, `${PRODUCER}.kvEventsConfig.discoverPods`],
            ["central endpoint", { "precise-prefix-cache-producer": { kvEventsConfig: { zmqEndpoint: "tcp://*:5557" } } }, `${PRODUCER}.kvEventsConfig.zmqEndpoint`],
            ["tokenizer model", { "token-producer": { modelName: "Qwen/Qwen3-8B" } }, "services[0].scheduler.pluginParameters.token-producer.modelName"],
            ["tokenizer URL", { "token-producer": { vllm: { url: "http://elsewhere:8000" } } }, "services[0].scheduler.pluginParameters.token-producer.vllm.url"],
        ];
        for (const [what, overrides, field] of cases) {
            it(`${what}: error names ${field}`, () => assertConfigError(() => render(withOverrides(overrides)), field));
        }
    });

    it("refuses a NetworkPolicy that closes the KV-event port to the scheduler", () => {
        const labels = (decode as any).spec.template.metadata.labels;
        const policy = (ports: number[]): K8sObject => ({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "model-servers" },
            spec: { podSelector: { matchLabels: { "llm-d.ai/model-service": labels["llm-d.ai/model-service"] } }, policyTypes: ["Ingress"], ingress: [{ ports: ports.map((port) => ({ port })) }] },
        });
        assertConfigError(() => checkKvEventsNetworkPolicies([...objects, policy([8000])], spec, "services[0]"), "services[0]", /5556/);
        checkKvEventsNetworkPolicies([...objects, policy([8000, KV_EVENTS_PORT])], spec, "services[0]");
    });

    describe("simulated", () => {
        const sim = render(v081("simulated-precise.yaml"));
        const simDecode = find(sim.objects, "Deployment", "sim-precise-decode");
        const c = container(simDecode);

        it("renders valid objects with no accelerator resource", () => {
            assertValidObjects(sim.objects);
            for (const d of sim.objects.filter((o) => o.kind === "Deployment")) assert.deepEqual(extendedResources(d), [], d.metadata.name);
            assert.equal(podSpec(simDecode).nodeSelector, undefined);
        });

        it("has the simulator dial the scheduler's event socket (centralized mode: the simulator only dials)", () => {
            assert.equal(flag(c.args, "--enable-kvcache"), "true");
            const ns = sim.objects.find((o) => o.kind === "Namespace")!.metadata.name;
            assert.equal(flag(c.args, "--zmq-endpoint"), `tcp://sim-precise-epp.${ns}.svc.cluster.local:5557`);
            assert.equal(flag(c.args, "--block-size"), "64");
            assert.equal(flag(c.args, "--hash-seed"), "42");
            assert.ok(!c.ports.some((p: any) => p.containerPort === 5556), "nothing listens on the simulator pod");
            const p = plugin(eppConfig(sim.objects, "sim-precise"), "precise-prefix-cache-producer").parameters as any;
            assert.equal(p.kvEventsConfig.discoverPods, false);
            assert.equal(p.kvEventsConfig.zmqEndpoint, "tcp://*:5557");
            assert.deepEqual(p.tokenProcessorConfig, { blockSize: 64, hashSeed: "42" });
            const epp = find(sim.objects, "Deployment", "sim-precise-epp") as any;
            assert.equal(epp.spec.replicas, 1, "one scheduler receives every event");
            assert.ok(container(epp).ports.some((x: any) => x.containerPort === 5557));
            assert.ok((find(sim.objects, "Service", "sim-precise-epp") as any).spec.ports.some((x: any) => x.port === 5557));
            const np = find(sim.objects, "NetworkPolicy", "sim-precise-epp") as any;
            assert.ok(np.spec.ingress.some((r: any) => r.ports?.some((x: any) => x.port === 5557)), "the policy admits the simulators' events");
        });

        it("refuses two schedulers on the simulated precise path", () => {
            const cfg = loadExample("simulated-precise.yaml") as any;
            cfg.services[0].scheduler = { ...(cfg.services[0].scheduler ?? {}), replicas: 2 };
            assertConfigError(() => render(cfg), "services[0].scheduler.replicas", /single scheduler/);
        });
    });
});

describe("precise-prefix-cache path (llm-d v0.9.0)", () => {
    // source: llm-d/llm-d @e3dbeca1 guides/precise-prefix-cache-routing/{router,modelserver/gpu/vllm/base,render}
    const { spec, objects } = render({ release: "v0.9.0", ...(loadExample("precise-prefix-cache.yaml") as object) });
    const decode = find(objects, "Deployment", "qwen3-32b-decode");
    const vllm = container(decode);
    const cfg = eppConfig(objects, "qwen3-32b");

    it("renders objects that validate, including the scheduler config", () => {
        assertValidObjects(objects);
        assert.deepEqual(validateEndpointPickerConfig(cfg), []);
    });

    it("publishes KV events on 5556 and replays them on 5559, and keeps render calls out of the access log", () => {
        const events = JSON.parse(flag(vllm.args, "--kv-events-config") as string);
        assert.equal(events.endpoint, "tcp://*:5556");
        assert.equal(events.replay_endpoint, "tcp://*:5559");
        assert.deepEqual(vllm.ports.find((p: any) => p.name === "kv-replay"), { name: "kv-replay", containerPort: 5559, protocol: "TCP" });
        assert.equal(flag(vllm.args, "--disable-access-log-for-endpoints"), "/health,/metrics,/v1/models,/v1/completions/render,/v1/chat/completions/render");
        const np = find(objects, "NetworkPolicy", "qwen3-32b-model-servers") as any;
        const fromEpp = np.spec.ingress.find((r: any) => r.from?.[0]?.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "qwen3-32b-epp");
        assert.ok(fromEpp.ports.some((p: any) => p.port === 5559), "the picker may reach the replay socket");
    });

    it("indexes with blockSizeTokens and the replay socket, and scores by token load behind the affinity filter", () => {
        const p = plugin(cfg, "precise-prefix-cache-producer").parameters as any;
        assert.deepEqual(p.tokenProcessorConfig, { blockSizeTokens: 64, hashSeed: "42" });
        assert.deepEqual(p.kvEventsConfig.podDiscoveryConfig, { socketPort: 5556, replaySocketPort: 5559 });
        assert.deepEqual(plugin(cfg, "inflight-load-producer").parameters, { prefixMatchInfoProducerName: "precise-prefix-cache-producer" });
        assert.deepEqual(plugin(cfg, "prefix-cache-affinity-filter").parameters, { prefixMatchInfoProducerName: "precise-prefix-cache-producer", peakPrefillThroughput: 15926 });
        plugin(cfg, "token-load-scorer");
        assert.deepEqual(weights(cfg, "default"), { "prefix-cache-affinity-filter": undefined, "token-load-scorer": undefined });
        assert.ok(!cfg.plugins.some((x) => x.type === "prefix-cache-scorer"));
    });

    it("runs one scheduler (token-load accounting is per process)", () => {
        assert.equal((find(objects, "Deployment", "qwen3-32b-epp") as any).spec.replicas, 1);
    });

    it("tokenizes through a render Service on the decode pods themselves, with no tokenizer Deployment", () => {
        assert.ok(!objects.some((o) => o.kind === "Deployment" && o.metadata.name === "qwen3-32b-render"));
        const renderSvc = find(objects, "Service", "qwen3-32b-render") as any;
        const podLabels = (decode as any).spec.template.metadata.labels;
        assert.ok(Object.entries(renderSvc.spec.selector).every(([k, v]) => podLabels[k] === v));
        assert.equal(renderSvc.spec.selector["llm-d.ai/role"], "decode");
        assert.equal(renderSvc.spec.ports[0].targetPort, "http");
        assert.ok(vllm.ports.some((p: any) => p.name === "http"));
        assert.equal((plugin(cfg, "token-producer").parameters as any).vllm.url, "http://qwen3-32b-render:8000");
        assert.ok(Object.entries(poolSelector(spec)).every(([k, v]) => podLabels[k] === v));
    });

    it("refuses a replay port the pods do not serve, and a block size under the old key that disagrees", () => {
        assertConfigError(() => render(withOverrides({ "precise-prefix-cache-producer": { kvEventsConfig: { podDiscoveryConfig: { replaySocketPort: 5560 } } } }, "v0.9.0")), `${PRODUCER}.kvEventsConfig.podDiscoveryConfig.replaySocketPort`);
        assertConfigError(() => render(withOverrides({ "precise-prefix-cache-producer": { tokenProcessorConfig: { blockSize: 16 } } }, "v0.9.0")), `${PRODUCER}.tokenProcessorConfig.blockSize`);
    });
});
