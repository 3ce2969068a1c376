// The inference-scheduling path's objects carry the values that matter: ports, selectors,
// flags, resources, for every gateway provider and accelerator kind.
import assert from "node:assert/strict";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { ConfigError } from "../../components/config/errors";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { gpuConfig, simConfig, spec } from "../support/fixtures";

function objects(config: unknown): K8sObject[] {
    return allObjects(buildStack(spec(config)));
}
function find(objs: K8sObject[], kind: string, name?: string): any {
    const o = objs.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
    assert.ok(o, `no ${kind}${name ? "/" + name : ""}`);
    return o;
}
function eppConfig(objs: K8sObject[]): any {
    const cm = find(objs, "ConfigMap", "llama-epp-config");
    return require("yaml").parse(cm.data["endpoint-picker.yaml"]);
}
function container(dep: any, name?: string): any {
    const cs = dep.spec.template.spec.containers;
    return name ? cs.find((c: any) => c.name === name) : cs[0];
}
function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

describe("scheduler (endpoint picker)", () => {
    const objs = objects(gpuConfig());

    it("scores queue 2, KV utilization 2, prefix cache 3 and no-hit LRU 2, as llm-d v0.8.1's guide", () => {
        const cfg = eppConfig(objects(gpuConfig({ release: "v0.8.1" })));
        assert.equal(cfg.apiVersion, "llm-d.ai/v1alpha1");
        const weights = Object.fromEntries(cfg.schedulingProfiles[0].plugins.filter((p: any) => p.weight).map((p: any) => [p.pluginRef, p.weight]));
        assert.deepEqual(weights, { "queue-scorer": 2, "kv-cache-utilization-scorer": 2, "prefix-cache-scorer": 3, "no-hit-lru-scorer": 2 });
    });

    it("hashes prompts in vLLM's block size", () => {
        const cfg = eppConfig(objs);
        const producer = cfg.plugins.find((p: any) => p.type === "approx-prefix-cache-producer");
        const vllm = container(find(objs, "Deployment", "llama-decode"));
        assert.equal(producer.parameters.blockSizeTokens, 16);
        assert.ok(vllm.args.includes("--block-size=16"));
    });

    it("runs the pinned picker image with pool flags, health port 9003 and no metrics auth", () => {
        const epp = container(find(objs, "Deployment", "llama-epp"));
        assert.equal(epp.image, DEFAULT_RELEASE.images.endpointPicker);
        for (const a of ["--pool-name=llama", "--pool-namespace=llm-d", "--pool-group=inference.networking.k8s.io", "--grpc-port=9002", "--grpc-health-port=9003", "--metrics-endpoint-auth=false"]) {
            assert.ok(epp.args.includes(a), a);
        }
        assert.deepEqual(epp.livenessProbe.grpc, { port: 9003, service: "inference-extension" });
        assert.equal(epp.securityContext.readOnlyRootFilesystem, true);
        assert.equal(find(objs, "Deployment", "llama-epp").spec.strategy.type, "Recreate");
    });

    it("gets read-only access to pods, pools and objectives in its namespace only", () => {
        const role = find(objs, "Role", "llama-epp");
        assert.equal(role.metadata.namespace, "llm-d");
        for (const rule of role.rules) assert.deepEqual(rule.verbs, ["get", "list", "watch"]);
        const resources = role.rules.flatMap((r: any) => r.resources).sort();
        assert.deepEqual(resources, ["inferencemodelrewrites", "inferenceobjectives", "inferencepools", "pods"]);
        assert.equal(objs.filter((o) => o.kind === "ClusterRole").length, 0);
        const binding = find(objs, "RoleBinding", "llama-epp");
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "llama-epp", namespace: "llm-d" }]);
    });

    it("applies scorer weight overrides and rejects unknown scorers by field", () => {
        const cfg = eppConfig(objects(gpuConfig({ release: "v0.8.1" }, { scheduler: { scorerWeights: { "prefix-cache-scorer": 5, "no-hit-lru-scorer": 0 } } })));
        const refs = cfg.schedulingProfiles[0].plugins;
        assert.equal(refs.find((p: any) => p.pluginRef === "prefix-cache-scorer").weight, 5);
        assert.equal(refs.find((p: any) => p.pluginRef === "no-hit-lru-scorer"), undefined);
        assert.throws(() => objects(gpuConfig({ release: "v0.8.1" }, { scheduler: { scorerWeights: { "magic-scorer": 1 } } })), /services\[0\]\.scheduler\.scorerWeights\.magic-scorer: .*queue-scorer/);
        // v0.9.0's profile leaves weights unset: a scorer is still recognised by its plugin type, and gets the weight.
        const v9 = eppConfig(objects(gpuConfig({ release: "v0.9.0" }, { scheduler: { scorerWeights: { "token-load-scorer": 3 } } })));
        assert.equal(v9.schedulingProfiles[0].plugins.find((p: any) => p.pluginRef === "token-load-scorer").weight, 3);
        assert.throws(() => objects(gpuConfig({ release: "v0.9.0" }, { scheduler: { scorerWeights: { "queue-scorer": 1 } } })), /scorerWeights\.queue-scorer: .*token-load-scorer/);
    });

    it("rejects a plugin override that breaks the block-size invariant", () => {
        assert.throws(
            () => objects(gpuConfig({}, { scheduler: { pluginParameters: { "approx-prefix-cache-producer": { blockSizeTokens: 64 } } } })),
            (e: unknown) => e instanceof ConfigError && /approx-prefix-cache-producer\.blockSizeTokens: got 64; expected 16/.test(e.message) && /prefixCache\.blockSize/.test(e.message),
        );
    });

    it("elects a leader only when several schedulers run", () => {
        const two = objects(gpuConfig({}, { scheduler: { replicas: 2 } }));
        assert.ok(container(find(two, "Deployment", "llama-epp")).args.includes("--ha-enable-leader-election"));
        assert.ok(find(two, "Role", "llama-epp").rules.some((r: any) => r.resources.includes("leases")));
        assert.ok(!container(find(objs, "Deployment", "llama-epp")).args.includes("--ha-enable-leader-election"));
    });
});

describe("InferencePool and HTTPRoute", () => {
    const objs = objects(gpuConfig());
    it("selects exactly the serving pods on the port vLLM listens on", () => {
        const pool = find(objs, "InferencePool", "llama");
        const dep = find(objs, "Deployment", "llama-decode");
        assert.equal(pool.apiVersion, "inference.networking.k8s.io/v1");
        assert.ok(matches(pool.spec.selector.matchLabels, dep.spec.template.metadata.labels));
        assert.ok(!matches(pool.spec.selector.matchLabels, find(objs, "Deployment", "llama-epp").spec.template.metadata.labels));
        assert.deepEqual(pool.spec.targetPorts, [{ number: 8000 }]);
        assert.equal(container(dep).ports[0].containerPort, 8000);
        assert.deepEqual(pool.spec.endpointPickerRef, { group: "", kind: "Service", name: "llama-epp", port: { number: 9002 }, failureMode: "FailOpen" });
        const svc = find(objs, "Service", "llama-epp");
        assert.ok(matches(svc.spec.selector, find(objs, "Deployment", "llama-epp").spec.template.metadata.labels));
        assert.equal(svc.spec.ports.find((p: any) => p.name === "grpc-ext-proc").port, 9002);
    });
    it("routes / on the gateway to the pool with no request timeout", () => {
        const route = find(objs, "HTTPRoute", "llama");
        assert.deepEqual(route.spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "llm-d-inference-gateway" }]);
        assert.deepEqual(route.spec.rules[0].backendRefs, [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "llama" }]);
        assert.deepEqual(route.spec.rules[0].timeouts, { request: "0s" });
    });
    it("renders InferenceObjectives that reference the pool", () => {
        const o = find(objects(gpuConfig({}, { inferenceObjectives: [{ name: "premium", priority: 100 }] })), "InferenceObjective", "premium");
        assert.equal(o.spec.priority, 100);
        assert.deepEqual(o.spec.poolRef, { group: "inference.networking.k8s.io", kind: "InferencePool", name: "llama" });
    });
});

describe("gateway providers", () => {
    const gw = (provider: string) => {
        const objs = objects(gpuConfig({ gateway: { provider } }));
        return { objs, gateway: find(objs, "Gateway"), built: buildStack(spec(gpuConfig({ gateway: { provider } }))) };
    };
    it("istio: class istio, ext-proc label, TLS to the picker, istiod with the inference extension", () => {
        const { objs, gateway, built } = gw("istio");
        assert.equal(gateway.spec.gatewayClassName, "istio");
        assert.equal(gateway.metadata.labels["istio.io/enable-inference-extproc"], "true");
        assert.equal(find(objs, "DestinationRule").spec.host, "llama-epp.llm-d.svc.cluster.local");
        const istiod = built.charts.find((c) => c.name === "istiod");
        // The istiod chart reads top-level env (istio-discovery templates/deployment.yaml at 1.29.2); pilot.env is istioctl's key and the chart ignores it.
        assert.equal((istiod?.values as any).env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION, "true");
        assert.equal((istiod?.values as any).pilot, undefined);
        assert.deepEqual(istiod?.dependsOn, ["istio-base"]);
    });
    it("agentgateway: plaintext gRPC to the picker and the inference extension enabled", () => {
        const { objs, gateway, built } = gw("agentgateway");
        assert.equal(gateway.spec.gatewayClassName, "agentgateway");
        assert.ok(container(find(objs, "Deployment", "llama-epp")).args.includes("--secure-serving=false"));
        assert.deepEqual((built.charts.find((c) => c.name === "agentgateway")?.values as any).inferenceExtension, { enabled: true });
        assert.equal(objs.filter((o) => o.kind === "DestinationRule").length, 0);
    });
    it("kgateway: its class and charts", () => {
        const { gateway, built } = gw("kgateway");
        assert.equal(gateway.spec.gatewayClassName, "kgateway");
        assert.deepEqual(built.charts.map((c) => c.name), ["kgateway-crds", "kgateway"]);
    });
    it("GKE external and internal: managed classes, no charts, health check and backend timeout on the pool", () => {
        for (const [provider, cls] of [["gke-external", "gke-l7-regional-external-managed"], ["gke-internal", "gke-l7-rilb"]]) {
            const { objs, gateway, built } = gw(provider);
            assert.equal(gateway.spec.gatewayClassName, cls);
            assert.equal(built.charts.length, 0);
            assert.equal(find(objs, "HealthCheckPolicy").spec.default.config.httpHealthCheck.port, 8000);
            assert.equal(find(objs, "GCPBackendPolicy").spec.targetRef.kind, "InferencePool");
            assert.equal(find(objs, "HTTPRoute").spec.rules[0].timeouts, undefined);
        }
    });
});

describe("model servers per accelerator kind", () => {
    it("NVIDIA: vLLM image, GPUs = TP x DP, token from the Secret, seed = scheduler's, probes for slow loads", () => {
        const objs = objects(gpuConfig({}, { prefixCache: { hashSeed: "7" } }));
        const dep = find(objs, "Deployment", "llama-decode");
        const c = container(dep);
        assert.equal(c.image, DEFAULT_RELEASE.images.modelServer.nvidia);
        assert.deepEqual(c.command, ["vllm", "serve"]);
        assert.equal(c.args[0], "meta-llama/Llama-3.1-8B-Instruct");
        assert.ok(c.args.includes("--tensor-parallel-size=2"));
        assert.equal(c.resources.requests["nvidia.com/gpu"], "2");
        assert.equal(c.resources.limits["nvidia.com/gpu"], "2");
        const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
        assert.deepEqual(env.HF_TOKEN.valueFrom.secretKeyRef, { name: "llm-d-hf-token", key: "HF_TOKEN", optional: true });
        assert.equal(env.PYTHONHASHSEED.value, "7");
        assert.equal(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds, 3600);
        assert.equal(c.livenessProbe.httpGet.path, "/health");
        const pod = dep.spec.template.spec;
        assert.equal(pod.nodeSelector["cloud.google.com/gke-accelerator"], "nvidia-h100-80gb");
        assert.deepEqual(pod.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "dshm").emptyDir, { medium: "Memory", sizeLimit: "20Gi" });
        assert.deepEqual(dep.spec.strategy.rollingUpdate, { maxSurge: 0, maxUnavailable: 1 });
    });
    it("TPU: vLLM TPU image, google.com/tpu chips and the slice topology selector", () => {
        const objs = objects({ services: [{ name: "gemma", model: { id: "google/gemma-3-27b-it" }, accelerator: { type: "tpu", chip: "tpu-v6e-slice" }, decode: { tensorParallel: 4 } }] });
        const dep = find(objs, "Deployment", "gemma-decode");
        const c = container(dep);
        assert.equal(c.image, DEFAULT_RELEASE.images.modelServer.tpu);
        assert.equal(c.resources.limits["google.com/tpu"], "4");
        assert.equal(c.resources.limits["nvidia.com/gpu"], undefined);
        assert.equal(dep.spec.template.spec.nodeSelector["cloud.google.com/gke-tpu-accelerator"], "tpu-v6e-slice");
        assert.equal(dep.spec.template.spec.nodeSelector["cloud.google.com/gke-tpu-topology"], "2x2");
        assert.deepEqual(dep.spec.template.spec.tolerations, [{ key: "google.com/tpu", operator: "Exists", effect: "NoSchedule" }]);
    });
    it("simulated: the inference simulator, non-root, no accelerator, no token, fits a kind node", () => {
        const objs = objects(simConfig({}, { decode: { replicas: 3 }, simulator: { mode: "echo", timeToFirstTokenMs: 50 } }));
        const dep = find(objs, "Deployment", "sim-decode");
        const c = container(dep);
        assert.equal(c.image, DEFAULT_RELEASE.images.simulator);
        assert.equal(dep.spec.replicas, 3);
        for (const a of ["--port=8000", "--model=Qwen/Qwen3-0.6B", "--mode=echo", "--time-to-first-token=50ms", "--block-size=16"]) assert.ok(c.args.includes(a), a);
        assert.equal(JSON.stringify(c.resources).includes("gpu"), false);
        assert.equal(c.env.some((e: any) => e.name === "HF_TOKEN"), false);
        assert.equal(c.securityContext.runAsNonRoot, true);
        assert.equal(objs.some((o) => o.kind === "Secret"), false);
        assert.equal(dep.spec.template.spec.nodeSelector, undefined);
        const epp = container(find(objs, "Deployment", "sim-epp"));
        assert.equal(epp.resources.requests.cpu, "100m");
    });
});
