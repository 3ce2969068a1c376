// The autoscaler of a service's decode Deployment: a KEDA ScaledObject (llm-d's recommended
// adapter), or an autoscaling/v2 HPA on GKE managed Prometheus metrics or on WVA's desired
// replicas; plus the monitors that scrape the metrics it reads when nothing else in the stack does.
import { findChip } from "../../catalog/accelerators";
import { AutoscalingSpec } from "../../config/autoscaling";
import { ConfigError } from "../../config/errors";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { AutoscalingAdapter, AutoscalingMetric } from "../../config/types";
import { chipHourPrice, referenceMachine } from "../../planner/cost";
import { INFERENCE_SERVING_LABEL, GUIDE_LABEL, K8sObject, commonLabels, serviceNames } from "../common";
import { roleSelector } from "../modelserver/vllm";
import { eppPodLabels } from "../scheduler/epp";
import { ScaledMetric, gmpMetricName, scaledMetrics } from "./metrics";

export * from "./metrics";

/** Port names the monitors scrape: the vLLM container's and the EPP Service's (see vllm.ts, epp.ts). */
export const VLLM_METRICS_PORT_NAME = "http";
export const EPP_METRICS_SERVICE_PORT_NAME = "http-metrics";
/** llm-d's model-server PodMonitor scrapes every 30s; its router monitoring every 10s. */
const VLLM_SCRAPE_INTERVAL = "30s";
const EPP_SCRAPE_INTERVAL = "10s";
/** KEDA polling and scale-to-zero cooldown, as llm-d's keda-epp guide. */
const KEDA_POLLING_SECONDS = 15;
const KEDA_COOLDOWN_SECONDS = 300;

/** A Kubernetes quantity for a target value: integers as is, fractions in milli-units. */
export function quantity(x: number): string {
    return Number.isInteger(x) ? String(x) : `${Math.round(x * 1000)}m`;
}

function behavior(a: AutoscalingSpec): Record<string, unknown> {
    // Percent 100 every 15s both ways: the rate llm-d's guides give; the windows damp model-load time.
    const policies = [{ type: "Percent", value: 100, periodSeconds: 15 }];
    return {
        scaleUp: { stabilizationWindowSeconds: a.scaleUpStabilizationSeconds, policies },
        scaleDown: { stabilizationWindowSeconds: a.scaleDownStabilizationSeconds, policies },
    };
}

/** Pods of a Deployment named `name` (ReplicaSet hash, pod hash), for PromQL selectors. */
function podRegex(name: string): string {
    return `${name}-[a-z0-9]+-[a-z0-9]+`;
}

/** The PromQL KEDA evaluates for one metric; each returns one number for the whole service. */
export function promQuery(m: ScaledMetric, svc: ServiceSpec, stack: StackSpec): string {
    const names = serviceNames(svc);
    const pods = m.source === "epp" ? podRegex(names.epp) : podRegex(names.decode);
    const sel = `{namespace="${stack.namespace}",pod=~"${pods}"}`;
    return m.targetType === "Value" ? `avg(${m.name}${sel})` : `sum(${m.name}${sel})`;
}

const TRIGGER_NAMES: Record<string, string> = {
    llm_d_epp_flow_control_queue_size: "epp-queue-size",
    llm_d_epp_request_running: "epp-running-requests",
    "vllm:kv_cache_usage_perc": "vllm-kv-cache-usage",
};

function labels(svc: ServiceSpec): Record<string, string> {
    return commonLabels("autoscaler", svc.name);
}

function target(name: string) {
    return { apiVersion: "apps/v1", kind: "Deployment", name };
}

/** A ScaledObject on the decode Deployment; KEDA creates and owns its HPA (no other HPA may target the Deployment). */
function kedaScaledObject(svc: ServiceSpec, stack: StackSpec, a: AutoscalingSpec, metadata: K8sObject["metadata"], triggers: unknown[], extra: Record<string, unknown> = {}): K8sObject {
    const name = serviceNames(svc).decode;
    return {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata,
        spec: {
            scaleTargetRef: target(name),
            pollingInterval: KEDA_POLLING_SECONDS,
            cooldownPeriod: KEDA_COOLDOWN_SECONDS,
            minReplicaCount: a.minReplicas,
            maxReplicaCount: a.maxReplicas,
            ...extra,
            advanced: { horizontalPodAutoscalerConfig: { name, behavior: behavior(a) } },
            triggers,
        },
    };
}

function scaledObject(svc: ServiceSpec, stack: StackSpec, a: AutoscalingSpec): K8sObject {
    const name = serviceNames(svc).decode;
    const triggers = scaledMetrics(a, svc.release.metrics).map((m) => ({
        type: "prometheus",
        name: TRIGGER_NAMES[m.name] ?? m.name.replace(/[^a-z0-9]+/g, "-"),
        metricType: m.targetType,
        metadata: { serverAddress: a.prometheusUrl, query: promQuery(m, svc, stack), threshold: String(m.target) },
    }));
    return kedaScaledObject(svc, stack, a, { name, namespace: stack.namespace, labels: labels(svc) }, triggers);
}

/** WVA's HPA `acceleratorName` label: the chip's short name (H100, A100, L4...), as WVA's cost table keys it. */
export function wvaAcceleratorName(chipId: string | undefined): string | undefined {
    if (!chipId) return undefined;
    const m = /^nvidia-(?:tesla-)?([a-z0-9]+)/.exec(chipId);
    return m ? m[1].toUpperCase() : undefined;
}

/**
 * What makes WVA drive an autoscaler: it watches HPAs and ScaledObjects annotated `llm-d.ai/managed`, and
 * reads the model (vLLM's served name, which its queries match against `model_name`), cost and
 * accelerator from them (llm-d guides/workload-autoscaling: optimized-baseline-autoscaling/hpa.yaml at
 * v0.8.1, wva/optimized-baseline/keda/base/wva-scaledobject.yaml at v0.9.0).
 */
export function wvaMetadata(svc: ServiceSpec, stack: StackSpec, name: string): K8sObject["metadata"] {
    const accel = wvaAcceleratorName(svc.accelerator.chip);
    const chip = svc.accelerator.chip ? findChip(svc.accelerator.chip) : undefined;
    const machine = chip && svc.decode.acceleratorsPerPod > 0 ? referenceMachine(chip, svc.decode.acceleratorsPerPod) : undefined;
    return {
        name,
        namespace: stack.namespace,
        labels: { ...labels(svc), [INFERENCE_SERVING_LABEL]: "true", [GUIDE_LABEL]: svc.path, ...(accel ? { "inference.optimization/acceleratorName": accel } : {}) },
        annotations: {
            "llm-d.ai/managed": "true",
            "llm-d.ai/model-id": svc.model.servedName,
            ...(machine ? { "llm-d.ai/variant-cost": (chipHourPrice(machine) * svc.decode.acceleratorsPerPod).toFixed(2) } : {}),
        },
    };
}

/**
 * KEDA on WVA's desired replicas (llm-d v0.9.0's WVA guide): one Prometheus trigger on
 * `wva_desired_replicas` of this variant (WVA names the variant after the ScaledObject and runs in the
 * stack's namespace, so `namespace` is the scrape target's), AverageValue 1 per replica, and a fallback
 * that keeps the current replicas when Prometheus cannot be read.
 */
function wvaScaledObject(svc: ServiceSpec, stack: StackSpec, a: AutoscalingSpec): K8sObject {
    const name = serviceNames(svc).decode;
    const [m] = scaledMetrics(a, svc.release.metrics);
    const trigger = {
        type: "prometheus",
        name: "wva-desired-replicas",
        metricType: "AverageValue",
        metadata: { serverAddress: a.prometheusUrl, query: `${m.name}{variant_name="${name}",namespace="${stack.namespace}"}`, threshold: quantity(m.target), activationThreshold: "0" },
    };
    return kedaScaledObject(svc, stack, a, wvaMetadata(svc, stack, name), [trigger], {
        fallback: { failureThreshold: 3, replicas: Math.max(a.minReplicas, 1), behavior: "currentReplicasIfHigher" },
    });
}

function hpa(svc: ServiceSpec, stack: StackSpec, a: AutoscalingSpec): K8sObject {
    const name = serviceNames(svc).decode;
    const metrics = scaledMetrics(a, svc.release.metrics);
    const wva = a.adapter === AutoscalingAdapter.PrometheusAdapter;
    const meta: K8sObject["metadata"] = wva ? wvaMetadata(svc, stack, name) : { name, namespace: stack.namespace, labels: labels(svc) };
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: meta,
        spec: {
            scaleTargetRef: target(name),
            minReplicas: a.minReplicas,
            maxReplicas: a.maxReplicas,
            behavior: behavior(a),
            metrics: metrics.map((m) =>
                wva
                    ? {
                          type: "External",
                          external: {
                              metric: { name: m.name, selector: { matchLabels: { variant_name: name, exported_namespace: stack.namespace } } },
                              target: { type: "AverageValue", averageValue: quantity(m.target) },
                          },
                      }
                    : { type: "Pods", pods: { metric: { name: gmpMetricName(m.name) }, target: { type: "AverageValue", averageValue: quantity(m.target) } } },
            ),
        },
    };
}

// ---------------------------------------------------------------------------------------------
// Monitors: the autoscaler is only as good as the scrape behind it.

function subset(sel: Record<string, string> | undefined, labelsOf: Record<string, string>): boolean {
    return !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labelsOf[k] === v);
}

type Json = Record<string, any>;

/** True when some object of the stack already scrapes `port` of the pods (or Service) with these labels. */
export function scrapedBy(objects: K8sObject[], ns: string, kinds: string[], targetLabels: Record<string, string>, port: string): K8sObject | undefined {
    return objects.find((o) => {
        if (!kinds.includes(o.kind) || (o.metadata.namespace ?? ns) !== ns) return false;
        const spec = (o as Json).spec ?? {};
        if (!subset(spec.selector?.matchLabels, targetLabels)) return false;
        const endpoints: Json[] = spec.podMetricsEndpoints ?? spec.endpoints ?? [];
        return endpoints.some((e) => String(e.port) === port);
    });
}

function deploymentPodLabels(objects: K8sObject[], name: string): Record<string, string> | undefined {
    const dep = objects.find((o) => o.kind === "Deployment" && o.metadata.name === name) as Json | undefined;
    return dep?.spec?.template?.metadata?.labels;
}

function monitorsNeeded(svc: ServiceSpec, stack: StackSpec, a: AutoscalingSpec, everything: K8sObject[]): K8sObject[] {
    const names = serviceNames(svc);
    const ns = stack.namespace;
    const sources = new Set(scaledMetrics(a, svc.release.metrics).map((m) => m.source));
    const out: K8sObject[] = [];
    const podLabels = deploymentPodLabels(everything, names.decode) ?? roleSelector(svc, svc.decode);
    if (a.adapter === AutoscalingAdapter.GkeManagedPrometheus) {
        if (!scrapedBy(everything, ns, ["PodMonitoring"], podLabels, VLLM_METRICS_PORT_NAME)) {
            out.push({
                apiVersion: "monitoring.googleapis.com/v1",
                kind: "PodMonitoring",
                metadata: { name: names.decode, namespace: ns, labels: labels(svc) },
                spec: { selector: { matchLabels: roleSelector(svc, svc.decode) }, endpoints: [{ port: VLLM_METRICS_PORT_NAME, path: "/metrics", interval: VLLM_SCRAPE_INTERVAL }] },
            });
        }
        return out;
    }
    // KEDA and WVA read an in-cluster Prometheus fed by prometheus-operator monitors.
    // WVA's saturation analysis reads vLLM's metrics even though its HPA reads WVA's own.
    if ((sources.has("vllm") || sources.has("wva")) && !scrapedBy(everything, ns, ["PodMonitor"], podLabels, VLLM_METRICS_PORT_NAME)) {
        out.push({
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            metadata: { name: names.decode, namespace: ns, labels: labels(svc) },
            spec: { selector: { matchLabels: roleSelector(svc, svc.decode) }, podMetricsEndpoints: [{ port: VLLM_METRICS_PORT_NAME, path: "/metrics", interval: VLLM_SCRAPE_INTERVAL }] },
        });
    }
    if (sources.has("epp")) {
        const eppService = everything.find((o) => o.kind === "Service" && o.metadata.name === names.epp);
        const serviceLabels = eppService?.metadata.labels ?? eppPodLabels(svc);
        const viaService = scrapedBy(everything, ns, ["ServiceMonitor"], serviceLabels, EPP_METRICS_SERVICE_PORT_NAME);
        const viaPods = scrapedBy(everything, ns, ["PodMonitor"], eppPodLabels(svc), "metrics");
        if (!viaService && !viaPods) {
            out.push({
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: { name: names.epp, namespace: ns, labels: labels(svc) },
                spec: { selector: { matchLabels: eppPodLabels(svc) }, endpoints: [{ port: EPP_METRICS_SERVICE_PORT_NAME, path: "/metrics", interval: EPP_SCRAPE_INTERVAL }] },
            });
        }
    }
    return out;
}

/**
 * Adds the autoscaler (and any missing monitor) of every autoscaled service to its model-server
 * objects, and drops the fixed replica count from the Deployment it scales (the autoscaler owns
 * it; a fixed count would be reset on every `pulumi up`). Mutates the freshly built objects.
 */
export function applyAutoscaling(stack: StackSpec, services: { scheduler: K8sObject[]; modelServers: K8sObject[] }[], shared: K8sObject[] = []): void {
    const everything = () => [...shared, ...services.flatMap((s) => [...s.scheduler, ...s.modelServers])];
    stack.services.forEach((svc, i) => {
        const a = svc.autoscaling;
        if (!a) return;
        const built = services[i];
        const name = serviceNames(svc).decode;
        const dep = built.modelServers.find((o) => o.kind === "Deployment" && o.metadata.name === name) as Json | undefined;
        if (!dep) {
            throw new ConfigError([
                { path: `services[${i}].autoscaling`, got: svc.path, expected: "a path whose decode servers are a Deployment (LeaderWorkerSet groups are not autoscaled here)", fix: "Remove autoscaling, or choose another path." },
            ]);
        }
        delete dep.spec.replicas;
        // observability.monitors false: the user scrapes by other means (a warning says so at resolve time).
        const monitors = stack.observability?.monitors === false ? [] : monitorsNeeded(svc, stack, a, everything());
        const keda = a.adapter === AutoscalingAdapter.Keda;
        const scaler = keda ? (a.metric === AutoscalingMetric.Wva ? wvaScaledObject(svc, stack, a) : scaledObject(svc, stack, a)) : hpa(svc, stack, a);
        built.modelServers.push(scaler, ...monitors);
    });
}
