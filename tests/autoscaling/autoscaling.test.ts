// Autoscaling of the decode model servers: the objects each adapter renders, the metrics they
// read (names the scheduler and vLLM export, on ports a monitor scrapes), and the bounds checks.
import assert from "node:assert/strict";
import { parse } from "yaml";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { VLLM_METRICS, WVA_METRIC } from "../../components/manifests/autoscaling";
const EPP_METRICS = DEFAULT_RELEASE.metrics;
import { EPP_PORTS } from "../../components/manifests/scheduler/epp";
import { main } from "../../provider/cli";
import { runOffline } from "../../provider/offline";
import { ROOT, loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";

type Json = Record<string, any>;

function gpuService(autoscaling: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "qwen",
        model: { id: "Qwen/Qwen3-32B" },
        accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" },
        decode: { tensorParallel: 2 },
        autoscaling,
        ...extra,
    };
}

/** The cluster these tests assume: KEDA and the Prometheus Operator installed (config/cluster.ts gates the autoscalers on them). */
const CLUSTER = { keda: true, prometheusOperator: true };

function build(config: Record<string, unknown>) {
    const { spec, warnings } = resolveConfig({ cluster: CLUSTER, ...config });
    return { spec, warnings, objects: allObjects(buildStack(spec)) as Json[] };
}

function one(objects: Json[], kind: string, name?: string): Json {
    const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    assert.equal(found.length, 1, `${kind} ${name ?? ""}: ${found.length}`);
    return found[0];
}

function eppConfig(objects: Json[]): Json {
    const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.endsWith("-epp-config"))!;
    return parse(Object.values(cm.data as Record<string, string>)[0]);
}

function issuesOf(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        if (e instanceof ConfigError) return e.message.split("\n").slice(1).map((l) => l.trim());
        throw e;
    }
    assert.fail("expected a ConfigError");
}

/** Port names of the vLLM container of the decode Deployment. */
function vllmPortNames(objects: Json[], deployment: string): string[] {
    const dep = one(objects, "Deployment", deployment);
    return dep.spec.template.spec.containers[0].ports.map((p: Json) => p.name);
}

/** The monitors of a kind that select these labels and scrape this port. */
function scrapers(objects: Json[], kinds: string[], labels: Record<string, string>, port: string): Json[] {
    return objects.filter(
        (o) =>
            kinds.includes(o.kind) &&
            Object.entries(o.spec.selector.matchLabels).every(([k, v]) => labels[k] === v) &&
            (o.spec.podMetricsEndpoints ?? o.spec.endpoints).some((e: Json) => e.port === port),
    );
}

describe("autoscaling: the workload-autoscaling example (KEDA on the scheduler's flow-control queue)", () => {
    const { spec, objects, warnings } = build(loadExample("autoscaling.yaml") as Record<string, unknown>);
    const so = one(objects, "ScaledObject", "qwen-32b-decode");

    it("validates every object against its schema (ScaledObject against KEDA's CRD)", () => assertValidObjects(objects as K8sObject[]));

    it("scales the decode Deployment between the configured bounds, and the Deployment carries no fixed count", () => {
        assert.deepEqual(so.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "qwen-32b-decode" });
        assert.equal(so.spec.minReplicaCount, 1);
        assert.equal(so.spec.maxReplicaCount, 8);
        assert.equal(one(objects, "Deployment", "qwen-32b-decode").spec.replicas, undefined);
        assert.equal(spec.services[0].decode.replicas, 1, "sizing counts the floor");
        assert.equal(objects.filter((o) => o.kind === "HorizontalPodAutoscaler").length, 0, "KEDA owns the HPA: no second one");
    });

    it("reads the queue and running-request metrics the picker exports, with llm-d's guide thresholds and behavior", () => {
        const triggers = so.spec.triggers as Json[];
        assert.deepEqual(triggers.map((t) => t.type), ["prometheus", "prometheus"]);
        assert.match(triggers[0].metadata.query, new RegExp(`^sum\\(${EPP_METRICS.queueSize}\\{namespace="llm-d",pod=~"qwen-32b-epp-`));
        assert.equal(EPP_METRICS.queueSize, "llm_d_epp_flow_control_queue_size");
        assert.equal(triggers[0].metadata.threshold, "1");
        assert.match(triggers[1].metadata.query, /^sum\(llm_d_epp_request_running\{/);
        assert.equal(triggers[1].metadata.threshold, "16");
        for (const t of triggers) assert.equal(t.metadata.serverAddress, "http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090");
        const b = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
        assert.equal(b.scaleUp.stabilizationWindowSeconds, 300);
        assert.equal(b.scaleDown.stabilizationWindowSeconds, 300);
        assert.deepEqual(b.scaleUp.policies, [{ type: "Percent", value: 100, periodSeconds: 15 }]);
    });

    it("turns on the picker's flowControl feature gate, without which the queue metric does not exist", () => {
        assert.deepEqual(eppConfig(objects).featureGates, ["flowControl"]);
    });

    it("has exactly one monitor scraping the picker's metrics port, which serves the metrics unauthenticated", () => {
        const svc = one(objects, "Service", "qwen-32b-epp");
        const port = (svc.spec.ports as Json[]).find((p) => p.name === "http-metrics")!;
        assert.equal(port.targetPort, EPP_PORTS.metrics);
        const monitors = scrapers(objects, ["ServiceMonitor"], svc.metadata.labels, "http-metrics");
        assert.equal(monitors.length, 1, "one scrape, or sum() would double count");
        const args: string[] = one(objects, "Deployment", "qwen-32b-epp").spec.template.spec.containers[0].args;
        assert.ok(args.includes(`--metrics-port=${EPP_PORTS.metrics}`) && args.includes("--metrics-endpoint-auth=false"));
    });

    it("says what the cluster must provide", () => {
        assert.ok(warnings.some((w) => /services\[0\]\.autoscaling: needs KEDA/.test(w)), warnings.join("\n"));
    });
});

describe("autoscaling: adapters and metrics", () => {
    it("on a GKE gateway: an autoscaling/v2 HPA on Managed Prometheus's vLLM gauge, scraped by a PodMonitoring", () => {
        const { objects } = build({ gateway: { provider: "gke-internal" }, services: [gpuService({ maxReplicas: 4 })] });
        assertValidObjects(objects as K8sObject[]);
        const hpa = one(objects, "HorizontalPodAutoscaler", "qwen-decode");
        assert.equal(hpa.apiVersion, "autoscaling/v2");
        assert.deepEqual(hpa.spec.metrics, [
            { type: "Pods", pods: { metric: { name: `prometheus.googleapis.com|${VLLM_METRICS.waiting}|gauge` }, target: { type: "AverageValue", averageValue: "5" } } },
        ]);
        assert.equal(VLLM_METRICS.waiting, "vllm:num_requests_waiting");
        assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [1, 4]);
        const podLabels = one(objects, "Deployment", "qwen-decode").spec.template.metadata.labels;
        assert.ok(vllmPortNames(objects, "qwen-decode").includes("http"));
        assert.equal(scrapers(objects, ["PodMonitoring"], podLabels, "http").length, 1);
        assert.equal(objects.filter((o) => o.kind === "ScaledObject").length, 0);
        assert.equal(eppConfig(objects).featureGates, undefined, "no flow control: the signal is vLLM's queue");
    });

    it("kv-cache-utilization with KEDA: the pool average of vLLM's gauge as a Value target, vLLM pods scraped", () => {
        const { objects } = build({ services: [gpuService({ maxReplicas: 3, metric: "kv-cache-utilization" })] });
        assertValidObjects(objects as K8sObject[]);
        const t = one(objects, "ScaledObject").spec.triggers as Json[];
        assert.equal(t.length, 1);
        assert.equal(t[0].metricType, "Value");
        assert.equal(t[0].metadata.threshold, "0.8");
        assert.match(t[0].metadata.query, /^avg\(vllm:kv_cache_usage_perc\{namespace="llm-d",pod=~"qwen-decode-\[a-z0-9\]\+-\[a-z0-9\]\+"\}\)$/);
        const podLabels = one(objects, "Deployment", "qwen-decode").spec.template.metadata.labels;
        assert.equal(scrapers(objects, ["PodMonitor"], podLabels, "http").length, 1);
        assert.equal(eppConfig(objects).featureGates, undefined);
    });

    it("running-requests with KEDA: one trigger on the picker's running requests at the target", () => {
        const { objects } = build({ services: [gpuService({ maxReplicas: 3, metric: "running-requests", target: 24 })] });
        const t = one(objects, "ScaledObject").spec.triggers as Json[];
        assert.deepEqual(t.map((x) => [x.name, x.metadata.threshold]), [["epp-running-requests", "24"]]);
    });

    it("wva (v0.8.1): an HPA on WVA's wva_desired_replicas with the labels and annotations WVA discovers it by", () => {
        const { objects, warnings } = build({ release: "v0.8.1", services: [gpuService({ maxReplicas: 4, metric: "wva" })] });
        assertValidObjects(objects as K8sObject[]);
        const hpa = one(objects, "HorizontalPodAutoscaler", "qwen-decode");
        assert.deepEqual(hpa.spec.metrics, [
            {
                type: "External",
                external: {
                    metric: { name: WVA_METRIC, selector: { matchLabels: { variant_name: "qwen-decode", exported_namespace: "llm-d" } } },
                    target: { type: "AverageValue", averageValue: "1" },
                },
            },
        ]);
        assert.equal(hpa.metadata.annotations["llm-d.ai/managed"], "true");
        assert.equal(hpa.metadata.annotations["llm-d.ai/model-id"], "Qwen/Qwen3-32B");
        assert.match(hpa.metadata.annotations["llm-d.ai/variant-cost"], /^\d+\.\d\d$/);
        assert.equal(hpa.metadata.labels["inference.optimization/acceleratorName"], "H100");
        assert.equal(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds, 120);
        const podLabels = one(objects, "Deployment", "qwen-decode").spec.template.metadata.labels;
        assert.equal(scrapers(objects, ["PodMonitor"], podLabels, "http").length, 1, "WVA reads vLLM's metrics");
        assert.ok(warnings.some((w) => /installs llm-d's Workload Variant Autoscaler/.test(w) && /Prometheus Adapter must serve wva_desired_replicas/.test(w)));
    });

    it("enabled: false renders the fixed replica count and no autoscaler", () => {
        const { objects } = build({ services: [gpuService({ enabled: false }, { decode: { tensorParallel: 2, replicas: 3 } })] });
        assert.equal(one(objects, "Deployment", "qwen-decode").spec.replicas, 3);
        assert.equal(objects.filter((o) => ["ScaledObject", "HorizontalPodAutoscaler"].includes(o.kind)).length, 0);
    });

    it("with observability.monitors false it adds no monitor and warns that nothing scrapes the metric", () => {
        const { objects, warnings } = build({ cluster: { keda: true }, observability: { monitors: false }, services: [gpuService({ maxReplicas: 2 })] });
        assert.equal(objects.filter((o) => /Monitor/.test(o.kind)).length, 0);
        assert.ok(warnings.some((w) => /observability\.monitors is false/.test(w)));
    });

    it("maxAccelerators alone sets maxReplicas to the replicas the pools can hold", () => {
        const { objects } = build({ services: [gpuService({ maxAccelerators: 10 })] });
        assert.equal(one(objects, "ScaledObject").spec.maxReplicaCount, 5, "10 GPUs / 2 per pod");
    });
});

describe("autoscaling: bounds and their errors", () => {
    const bad = (a: Record<string, unknown>, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
        issuesOf(() => resolveConfig({ cluster: CLUSTER, ...top, services: [gpuService(a, extra)] }));

    it("refuses more replicas than the accelerators can supply, with the numbers", () => {
        const [msg, ...rest] = bad({ maxReplicas: 8, maxAccelerators: 8 });
        assert.equal(rest.length, 0);
        assert.match(msg, /^- services\[0\]\.autoscaling\.maxReplicas: got 8; expected at most 4: 8 replicas x 2 accelerators per pod = 16, more than maxAccelerators 8\. Lower maxReplicas to 4/);
    });
    it("refuses a pool smaller than one pod", () => {
        assert.match(bad({ maxAccelerators: 1 })[0], /autoscaling\.maxAccelerators: got 1; expected at least 2, the accelerators of one decode pod/);
    });
    it("requires an upper bound", () => {
        assert.match(bad({})[0], /autoscaling\.maxReplicas: got nothing; expected the most replicas the accelerators can supply/);
    });
    it("refuses minReplicas above maxReplicas", () => {
        assert.match(bad({ minReplicas: 5, maxReplicas: 2 })[0], /autoscaling\.minReplicas: got 5; expected at most maxReplicas \(2\)/);
    });
    it("allows scale to zero only with KEDA", () => {
        assert.match(bad({ minReplicas: 0, maxReplicas: 2 }, {}, { gateway: { provider: "gke-external" } })[0], /autoscaling\.minReplicas: got 0; expected at least 1 unless adapter is keda/);
        assert.doesNotThrow(() => resolveConfig({ cluster: CLUSTER, services: [gpuService({ minReplicas: 0, maxReplicas: 2 })] }));
    });
    it("refuses a fixed decode.replicas beside an autoscaler", () => {
        assert.match(bad({ maxReplicas: 2 }, { decode: { tensorParallel: 2, replicas: 4 } })[0], /services\[0\]\.decode\.replicas: got 4; expected no fixed replica count when autoscaling is enabled/);
    });
    it("refuses mismatched adapter, metric and knobs", () => {
        assert.match(bad({ maxReplicas: 2, metric: "wva", adapter: "keda" }, {}, { release: "v0.8.1" })[0], /autoscaling\.adapter: got "keda"; expected prometheus-adapter with metric wva on llm-d v0\.8\.1/);
        assert.match(bad({ maxReplicas: 2, adapter: "prometheus-adapter" })[0], /autoscaling\.adapter: got "prometheus-adapter"/);
        assert.match(bad({ maxReplicas: 2, metric: "kv-cache-utilization", target: 80 })[0], /autoscaling\.target: got 80; expected a fraction in \(0, 1\]/);
        assert.match(bad({ maxReplicas: 2, metric: "wva", target: 3 })[0], /autoscaling\.target: got 3; expected no target with metric wva/);
        assert.match(bad({ maxReplicas: 2, adapter: "gke-managed-prometheus", prometheusUrl: "http://p:9090" })[0], /autoscaling\.prometheusUrl: .*only with the keda adapter/);
        assert.match(bad({ maxReplicas: 2, metric: "running-requests", runningRequestsTarget: 3 })[0], /autoscaling\.runningRequestsTarget: got 3/);
    });
    it("rejects unknown fields and out-of-range values through the schema, naming the path", () => {
        assert.match(bad({ maxReplicas: 0 })[0], /autoscaling\.maxReplicas: got 0; expected a number at least 1/);
        assert.match(bad({ maxReplicas: 2, metric: "gpu" })[0], /autoscaling\.metric: got "gpu"; expected one of "queue-depth"/);
    });
});

describe("autoscaling through the stack and the CLI", () => {
    it("LlmdStack registers the ScaledObject beside the decode Deployment, after the CRDs", async () => {
        const run = await runOffline(loadExample("autoscaling.yaml"));
        const so = run.resources.find((r) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject");
        assert.ok(so, run.resources.map((r) => r.type).join(", "));
        assert.equal(so.parent, "llmd:index:ModelService::qwen-32b");
        const dep = run.details.get("kubernetes:apps/v1:Deployment::llm-d/qwen-32b-decode")!;
        assert.equal((dep.inputs.spec as Json).replicas, undefined);
    });

    it("llmd plan lists the autoscaler and the prerequisites", async () => {
        const r = await main(["plan", "-c", `${ROOT}/examples/configs/autoscaling.yaml`, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.ok(out.resources.some((x: Json) => x.type === "kubernetes:keda.sh/v1alpha1:ScaledObject"));
        assert.match(r.stderr, /needs KEDA/);
    });
});
