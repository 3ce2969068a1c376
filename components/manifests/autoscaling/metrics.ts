// The metrics each autoscaling signal reads, where they come from and what they are called.
// Scheduler metric names are the release's (catalog/releases: `metrics`); vLLM's are v1 engine names.
import { EppMetricNames } from "../../catalog/releases";
import { AutoscalingSpec } from "../../config/autoscaling";
import { AutoscalingAdapter, AutoscalingMetric } from "../../config/types";

export type MetricSource = "epp" | "vllm" | "wva";

/** One series the autoscaler reads: the exporter, its Prometheus name. */
export interface ScaledMetric {
    source: MetricSource;
    /** Prometheus metric name as the exporter serves it. */
    name: string;
    /** How the per-replica target is compared: total / replicas (AverageValue) or a pool-wide average (Value). */
    targetType: "AverageValue" | "Value";
    target: number;
}

/** vLLM engine gauges (vLLM v1 metric names; the simulator serves the same). */
export const VLLM_METRICS = {
    waiting: "vllm:num_requests_waiting",
    running: "vllm:num_requests_running",
    kvCacheUsage: "vllm:kv_cache_usage_perc",
} as const;

/** WVA's output metric (zetxqx/llm-d guides/workload-autoscaling/optimized-baseline-autoscaling/hpa.yaml). */
export const WVA_METRIC = "wva_desired_replicas";

/** The series an autoscaler follows, in trigger order. */
export function scaledMetrics(a: AutoscalingSpec, epp: EppMetricNames): ScaledMetric[] {
    const keda = a.adapter === AutoscalingAdapter.Keda;
    switch (a.metric) {
        case AutoscalingMetric.QueueDepth:
            if (!keda) return [{ source: "vllm", name: VLLM_METRICS.waiting, targetType: "AverageValue", target: a.target }];
            return [
                { source: "epp", name: epp.queueSize, targetType: "AverageValue", target: a.target },
                ...(a.runningRequestsTarget > 0 ? [{ source: "epp" as const, name: epp.runningRequests, targetType: "AverageValue" as const, target: a.runningRequestsTarget }] : []),
            ];
        case AutoscalingMetric.RunningRequests:
            return [keda ? { source: "epp", name: epp.runningRequests, targetType: "AverageValue", target: a.target } : { source: "vllm", name: VLLM_METRICS.running, targetType: "AverageValue", target: a.target }];
        case AutoscalingMetric.KvCacheUtilization:
            // An average over replicas: with KEDA a Value target (desired = replicas x value / target); on GKE a Pods average.
            return [{ source: "vllm", name: VLLM_METRICS.kvCacheUsage, targetType: keda ? "Value" : "AverageValue", target: a.target }];
        default:
            return [{ source: "wva", name: WVA_METRIC, targetType: "AverageValue", target: 1 }];
    }
}

/** The metric name the Custom Metrics Stackdriver Adapter serves for a Managed Prometheus gauge. */
export function gmpMetricName(name: string): string {
    return `prometheus.googleapis.com|${name}|gauge`;
}
