// Monitors and dashboards: the right kinds per gateway, valid against their schemas, scraping
// the ports that serve metrics, and dashboards whose every query uses a metric vLLM or the
// endpoint picker exports.
import assert from "node:assert/strict";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { upstreamData } from "../../components/conformance/upstream";
import { DASHBOARDS_CONFIGMAP } from "../../components/manifests/platform/dashboards";
import { assertValidObjects } from "../support/validate";
import { build, find, gpu, ofKind, pd, sim } from "./helpers";

/** Metric names the dashboards may use, each with where it is defined. */
const KNOWN_METRICS = new Set([
    // vLLM v1 metrics (vllm/v1/metrics/loggers.py; the simulator exports the same names, llm-d-inference-sim docs/metrics.md)
    "vllm:request_success_total",
    "vllm:time_to_first_token_seconds_bucket",
    "vllm:inter_token_latency_seconds_bucket",
    "vllm:kv_cache_usage_perc",
    "vllm:prefix_cache_hits_total",
    "vllm:prefix_cache_queries_total",
    "vllm:num_requests_waiting",
    "vllm:num_requests_running",
    "vllm:prompt_tokens_total",
    "vllm:generation_tokens_total",
    // NIXL connector (vllm/distributed/kv_transfer/kv_connector/v1/nixl_connector.py NixlPromMetrics)
    "vllm:nixl_xfer_time_seconds_bucket",
    "vllm:nixl_xfer_time_seconds_sum",
    "vllm:nixl_xfer_time_seconds_count",
    // Endpoint picker: what the default release's router registers (tests/fixtures/upstream/<release>/router-metrics.json,
    // parsed from llm-d-router pkg/ at the release's router tag), histograms with their _bucket series.
    ...(upstreamData(DEFAULT_RELEASE.name).routerMetrics ?? []).flatMap((m) => [m, `${m}_bucket`]),
]);
const PROMQL_WORDS = new Set(["sum", "by", "rate", "max", "histogram_quantile", "clamp_min", "le", "model_name", "pod", "name", DEFAULT_RELEASE.metrics.perPodLabel, "namespace", "label_values"]);

function metricsIn(expr: string): string[] {
    const noStrings = expr.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\b\d+(\.\d+)?(e-?\d+)?\b/g, "");
    return (noStrings.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? []).filter((t) => !PROMQL_WORDS.has(t) && !/^\d/.test(t));
}

describe("monitors", () => {
    it("scrape vLLM on its http port and the scheduler on its metrics port (prometheus-operator)", () => {
        const { objects } = build({ cluster: { prometheusOperator: true }, services: [pd("p")] });
        const pm = find(objects, "PodMonitor", "p-model-servers");
        assert.equal(pm.apiVersion, "monitoring.coreos.com/v1");
        assert.deepEqual(pm.spec.selector.matchLabels, { "llm-d.ai/inference-serving": "true", "llm-d.ai/model-service": "p" });
        assert.deepEqual(pm.spec.podMetricsEndpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
        // Port "http" is vLLM itself in both roles (decode behind the sidecar listens on 8200).
        for (const d of ["p-prefill", "p-decode"]) {
            const c = find(objects, "Deployment", d).spec.template.spec.containers[0];
            assert.equal(c.ports.find((p: any) => p.name === "http").containerPort, d === "p-decode" ? 8200 : 8000);
        }
        const sm = find(objects, "ServiceMonitor", "p-epp");
        const svc = find(objects, "Service", "p-epp");
        assert.ok(Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels[k] === v));
        const port = svc.spec.ports.find((x: any) => x.name === sm.spec.endpoints[0].port);
        assert.equal(port.port, 9090);
        assertValidObjects(objects);
    });

    it("use GKE managed Prometheus PodMonitoring on a GKE gateway", () => {
        const { objects } = build({ gateway: { provider: "gke-external" }, services: [gpu("g")] });
        assert.equal(ofKind(objects, "PodMonitor").length + ofKind(objects, "ServiceMonitor").length, 0);
        const servers = find(objects, "PodMonitoring", "g-model-servers");
        assert.equal(servers.apiVersion, "monitoring.googleapis.com/v1");
        assert.deepEqual(servers.spec.endpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
        const epp = find(objects, "PodMonitoring", "g-epp");
        assert.equal(find(objects, "Deployment", "g-epp").spec.template.spec.containers[0].ports.find((p: any) => p.name === epp.spec.endpoints[0].port).containerPort, 9090);
        assertValidObjects(objects);
    });

    it("are skipped with observability.monitors: false, and by default when the cluster has no Prometheus Operator", () => {
        for (const cfg of [{ cluster: { prometheusOperator: true }, observability: { monitors: false } }, {}]) {
            const { objects } = build({ ...cfg, services: [sim("s")] });
            assert.equal(objects.filter((o) => /^monitoring\./.test(o.apiVersion)).length, 0, JSON.stringify(cfg));
        }
    });

    it("on without the Prometheus Operator is an error naming the capability to declare", () => {
        assert.throws(() => build({ observability: { monitors: true }, services: [sim("s")] }), /observability\.monitors: got true; expected PodMonitors and ServiceMonitors need the Prometheus Operator CRDs in the cluster \(cluster\.prometheusOperator\)/);
    });
});

describe("dashboards", () => {
    const { objects } = build({ services: [sim("s"), pd("p")] });
    const cm = find(objects, "ConfigMap", DASHBOARDS_CONFIGMAP);
    const dashboards = Object.entries(cm.data as Record<string, string>).map(([file, text]) => ({ file, json: JSON.parse(text) }));

    it("ship as one ConfigMap for Grafana's sidecar", () => {
        assert.equal(cm.metadata.labels.grafana_dashboard, "1");
        assert.deepEqual(dashboards.map((d) => d.file).sort(), ["llm-d-model-servers.json", "llm-d-schedulers.json"]);
        assertValidObjects(objects);
    });

    it("cover request rate, TTFT, TPOT, KV cache, prefix-cache hits, queue depth and P/D transfer time", () => {
        const titles = dashboards.flatMap((d) => d.json.panels.map((p: any) => p.title));
        for (const t of ["Request rate", "Time to first token", "Time per output token", "KV-cache utilization per pod", "Prefix-cache hit rate", "Queue depth per pod", "P/D KV-cache transfer time"]) {
            assert.ok(titles.includes(t), t);
        }
    });

    it("query only metrics vLLM and the endpoint picker export, in the stack's namespace", () => {
        let n = 0;
        for (const d of dashboards) {
            assert.ok(d.json.uid.length <= 40 && d.json.title);
            for (const p of d.json.panels) {
                assert.ok(p.targets.length >= 1, p.title);
                for (const t of p.targets) {
                    const metrics = metricsIn(t.expr);
                    assert.ok(metrics.length >= 1, t.expr);
                    for (const m of metrics) assert.ok(KNOWN_METRICS.has(m), `${p.title}: unknown metric ${m} in ${t.expr}`);
                    assert.match(t.expr, /namespace="\$namespace"/);
                    n++;
                }
            }
            const ns = d.json.templating.list.find((v: any) => v.name === "namespace");
            assert.equal(ns.query, "llm-d");
        }
        assert.ok(n >= 12);
    });

    it("do not change when services come and go, and can be skipped", () => {
        const other = find(build({ services: [sim("x")] }).objects, "ConfigMap", DASHBOARDS_CONFIGMAP);
        assert.deepEqual(other.data, cm.data);
        assert.ok(!build({ observability: { dashboards: false }, services: [sim("s")] }).objects.some((o) => o.metadata.name === DASHBOARDS_CONFIGMAP));
    });
});
