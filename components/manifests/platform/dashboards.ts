// Grafana dashboards of the stack as ConfigMaps labelled grafana_dashboard: "1" (Grafana's
// dashboard sidecar loads them). Written for this project: one dashboard for the model servers
// (vLLM metrics) and one for the schedulers (endpoint picker metrics). They filter by namespace
// and model through template variables, so adding or removing a service never changes them.
import { EppMetricNames } from "../../catalog/releases";
import { StackSpec } from "../../config/spec";
import { K8sObject, commonLabels } from "../common";

export const DASHBOARD_LABEL = "grafana_dashboard";
export const DASHBOARDS_CONFIGMAP = "llm-d-dashboards";

interface PanelSpec {
    title: string;
    unit: string;
    /** PromQL with legend, per series. */
    targets: [expr: string, legend: string][];
    description: string;
}

const RATE = "[$__rate_interval]";
/** Series of this stack's model servers, narrowed to the chosen models. */
const VLLM = `namespace="$namespace", model_name=~"$model"`;
const EPP = `namespace="$namespace"`;

const quantile = (q: number, metric: string, by: string, sel: string) => `histogram_quantile(${q}, sum by (le, ${by}) (rate(${metric}_bucket{${sel}}${RATE})))`;

const MODEL_SERVER_PANELS: PanelSpec[] = [
    {
        title: "Request rate",
        unit: "reqps",
        description: "Finished requests per second, by model.",
        targets: [[`sum by (model_name) (rate(vllm:request_success_total{${VLLM}}${RATE}))`, "{{model_name}}"]],
    },
    {
        title: "Time to first token",
        unit: "s",
        description: "p50 and p90 time to first token, by model.",
        targets: [
            [quantile(0.5, "vllm:time_to_first_token_seconds", "model_name", VLLM), "p50 {{model_name}}"],
            [quantile(0.9, "vllm:time_to_first_token_seconds", "model_name", VLLM), "p90 {{model_name}}"],
        ],
    },
    {
        title: "Time per output token",
        unit: "s",
        description: "p50 and p90 time between output tokens (inter-token latency), by model.",
        targets: [
            [quantile(0.5, "vllm:inter_token_latency_seconds", "model_name", VLLM), "p50 {{model_name}}"],
            [quantile(0.9, "vllm:inter_token_latency_seconds", "model_name", VLLM), "p90 {{model_name}}"],
        ],
    },
    {
        title: "KV-cache utilization per pod",
        unit: "percentunit",
        description: "Share of each pod's KV-cache blocks in use.",
        targets: [[`max by (pod) (vllm:kv_cache_usage_perc{${VLLM}})`, "{{pod}}"]],
    },
    {
        title: "Prefix-cache hit rate",
        unit: "percentunit",
        description: "Prompt tokens served from the prefix cache over prompt tokens looked up, by model.",
        targets: [
            [
                `sum by (model_name) (rate(vllm:prefix_cache_hits_total{${VLLM}}${RATE})) / clamp_min(sum by (model_name) (rate(vllm:prefix_cache_queries_total{${VLLM}}${RATE})), 1)`,
                "{{model_name}}",
            ],
        ],
    },
    {
        title: "Queue depth per pod",
        unit: "short",
        description: "Requests waiting and running in each pod's engine.",
        targets: [
            [`sum by (pod) (vllm:num_requests_waiting{${VLLM}})`, "waiting {{pod}}"],
            [`sum by (pod) (vllm:num_requests_running{${VLLM}})`, "running {{pod}}"],
        ],
    },
    {
        title: "P/D KV-cache transfer time",
        unit: "s",
        description: "p90 and mean NIXL transfer time of the KV cache from prefill to decode (P/D services only).",
        targets: [
            [quantile(0.9, "vllm:nixl_xfer_time_seconds", "pod", VLLM), "p90 {{pod}}"],
            [
                `sum by (pod) (rate(vllm:nixl_xfer_time_seconds_sum{${VLLM}}${RATE})) / clamp_min(sum by (pod) (rate(vllm:nixl_xfer_time_seconds_count{${VLLM}}${RATE})), 1e-9)`,
                "mean {{pod}}",
            ],
        ],
    },
    {
        title: "Token throughput",
        unit: "short",
        description: "Prompt and generated tokens per second, by model.",
        targets: [
            [`sum by (model_name) (rate(vllm:prompt_tokens_total{${VLLM}}${RATE}))`, "prompt {{model_name}}"],
            [`sum by (model_name) (rate(vllm:generation_tokens_total{${VLLM}}${RATE}))`, "generated {{model_name}}"],
        ],
    },
];

/** The schedulers' panels, on the metric names of the stack's release. */
const schedulerPanels = (m: EppMetricNames): PanelSpec[] => [
    {
        title: "Requests through the schedulers",
        unit: "reqps",
        description: "Requests the endpoint pickers handled per second, by model.",
        targets: [[`sum by (model_name) (rate(${m.requestTotal}{${EPP}}${RATE}))`, "{{model_name}}"]],
    },
    {
        title: "End-to-end request latency",
        unit: "s",
        description: "p90 request duration seen by the gateway path, by model.",
        targets: [[quantile(0.9, m.requestDuration, "model_name", EPP), "p90 {{model_name}}"]],
    },
    {
        title: "Queue depth per pod (picker's view)",
        unit: "short",
        description: "Waiting requests of each pool member as the picker scraped them.",
        targets: [[`max by (name, ${m.perPodLabel}) (${m.perPodQueueSize}{${EPP}})`, `{{name}} {{${m.perPodLabel}}}`]],
    },
    {
        title: "Pool KV-cache utilization",
        unit: "percentunit",
        description: "Average KV-cache utilization per InferencePool.",
        targets: [[`max by (name) (${m.poolKvCacheUtilization}{${EPP}})`, "{{name}}"]],
    },
    {
        title: "Ready pods per pool",
        unit: "short",
        description: "Pods each InferencePool can route to.",
        targets: [[`max by (name) (${m.poolReadyPods}{${EPP}})`, "{{name}}"]],
    },
];

function dashboard(uid: string, title: string, panels: PanelSpec[], namespace: string, modelVariable: boolean): Record<string, unknown> {
    const ds = { type: "prometheus", uid: "${datasource}" };
    const variables: Record<string, unknown>[] = [
        { name: "datasource", label: "Data source", type: "datasource", query: "prometheus" },
        { name: "namespace", label: "Namespace", type: "constant", query: namespace, hide: 2 },
    ];
    if (modelVariable) {
        variables.push({
            name: "model",
            label: "Model",
            type: "query",
            datasource: ds,
            query: { query: `label_values(vllm:num_requests_running{namespace="$namespace"}, model_name)`, refId: "model" },
            includeAll: true,
            multi: true,
            allValue: ".*",
            current: { text: "All", value: "$__all" },
            refresh: 2,
        });
    }
    return {
        uid,
        title,
        tags: ["llm-d"],
        timezone: "browser",
        schemaVersion: 39,
        refresh: "30s",
        time: { from: "now-1h", to: "now" },
        templating: { list: variables },
        panels: panels.map((p, i) => ({
            id: i + 1,
            type: "timeseries",
            title: p.title,
            description: p.description,
            datasource: ds,
            gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
            fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
            targets: p.targets.map(([expr, legendFormat], j) => ({ datasource: ds, expr, legendFormat, refId: String.fromCharCode(65 + j) })),
        })),
    };
}

/** Dashboards keyed by file name (the ConfigMap's data keys). */
export function dashboardFiles(stack: StackSpec): Record<string, string> {
    const ns = stack.namespace;
    return {
        "llm-d-model-servers.json": JSON.stringify(dashboard(`llmd-servers-${ns}`.slice(0, 40), `llm-d model servers (${ns})`, MODEL_SERVER_PANELS, ns, true), null, 1),
        "llm-d-schedulers.json": JSON.stringify(dashboard(`llmd-sched-${ns}`.slice(0, 40), `llm-d schedulers (${ns})`, schedulerPanels(stack.release.metrics), ns, false), null, 1),
    };
}

/** The dashboards ConfigMap; none when `observability.dashboards` is false. */
export function buildDashboards(stack: StackSpec): K8sObject[] {
    if (!stack.observability.dashboards) return [];
    return [
        {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: DASHBOARDS_CONFIGMAP, namespace: stack.namespace, labels: { ...commonLabels("dashboards"), [DASHBOARD_LABEL]: "1" } },
            data: dashboardFiles(stack),
        },
    ];
}
