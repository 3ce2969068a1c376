// Resolves a service's `autoscaling` block: defaults from llm-d's workload-autoscaling guides,
// bounds checked against the accelerators the pools can supply, every problem named by its path.
import type { LlmdRelease } from "../catalog/releases";
import type { ClusterSpec } from "./cluster";
import { IssueList } from "./errors";
import { RoleSpec } from "./spec";
import { AutoscalingAdapter, AutoscalingConfig, AutoscalingMetric, GatewayProvider } from "./types";

/** The resolved autoscaler of one service's decode Deployment. */
export interface AutoscalingSpec {
    metric: AutoscalingMetric;
    adapter: AutoscalingAdapter;
    minReplicas: number;
    maxReplicas: number;
    /** Per-replica target of the metric (WVA: 1, its metric is a replica count). */
    target: number;
    /** KEDA + queue-depth: running requests per replica of the second trigger; 0 = none. */
    runningRequestsTarget: number;
    /** KEDA only. */
    prometheusUrl?: string;
    scaleUpStabilizationSeconds: number;
    scaleDownStabilizationSeconds: number;
    /** The picker must run with the `flowControl` feature gate (its queue metric only exists then). */
    flowControl: boolean;
    maxAccelerators?: number;
}

export const AUTOSCALING_DEFAULTS = {
    minReplicas: 1,
    metric: AutoscalingMetric.QueueDepth,
    // llm-d's bundled observability stack (zetxqx/llm-d guides/workload-autoscaling/keda-epp/optimized-baseline/base/scaledobject.yaml).
    prometheusUrl: "http://llmd-kube-prometheus-stack-prometheus.llm-d-monitoring.svc.cluster.local:9090",
    // keda-epp guide: queue-size threshold 1, running-request threshold 16, both stabilization windows 300s.
    kedaQueueTarget: 1,
    runningRequestsTarget: 16,
    stabilizationSeconds: 300,
    // GKE tutorials scale vLLM on 5 waiting requests per replica (vllm:num_requests_waiting).
    gkeQueueTarget: 5,
    // WVA's saturation analyzer treats a replica at >= 80% KV cache as saturated (kvCacheThreshold 0.80).
    kvCacheTarget: 0.8,
    // optimized-baseline-autoscaling/hpa.yaml (the WVA HPA): both windows 120s.
    wvaStabilizationSeconds: 120,
} as const;

function defaultAdapter(metric: AutoscalingMetric, gateway: GatewayProvider, release?: LlmdRelease): AutoscalingAdapter {
    if (metric === AutoscalingMetric.Wva) return (release?.wva.adapters[0] as AutoscalingAdapter | undefined) ?? AutoscalingAdapter.PrometheusAdapter;
    return gateway === GatewayProvider.GkeExternal || gateway === GatewayProvider.GkeInternal ? AutoscalingAdapter.GkeManagedPrometheus : AutoscalingAdapter.Keda;
}

function defaultTarget(metric: AutoscalingMetric, adapter: AutoscalingAdapter): number {
    switch (metric) {
        case AutoscalingMetric.QueueDepth:
            return adapter === AutoscalingAdapter.Keda ? AUTOSCALING_DEFAULTS.kedaQueueTarget : AUTOSCALING_DEFAULTS.gkeQueueTarget;
        case AutoscalingMetric.RunningRequests:
            return AUTOSCALING_DEFAULTS.runningRequestsTarget;
        case AutoscalingMetric.KvCacheUtilization:
            return AUTOSCALING_DEFAULTS.kvCacheTarget;
        default:
            return 1;
    }
}

/** What the node pool a service names can hold (config/infra/resolve.ts poolCapacity). */
export interface PoolCapacity {
    pool: string;
    machineType: string;
    /** Most nodes of the pool (autoscaling maximum, or fixed size). */
    maxNodes: number;
    chipsPerNode: number;
    /** Accelerators the service's fixed-size pods (prefill) take from the pool. */
    reservedAccelerators: number;
}

/** Most decode replicas a pool holds: whole pods per node, after the prefill pods' accelerators; a replica is `groupSize` pods (wide-EP). */
export function poolReplicaCap(pool: PoolCapacity, perPod: number, groupSize = 1): number {
    const free = pool.maxNodes * pool.chipsPerNode - pool.reservedAccelerators;
    const pods = Math.min(Math.floor(free / perPod), pool.maxNodes * Math.floor(pool.chipsPerNode / perPod));
    return Math.max(0, Math.floor(pods / groupSize));
}

/**
 * Resolves one service's autoscaling; undefined when off. `explicitReplicas` is the user's
 * `decode.replicas` (the autoscaler owns the count, so both together are an error). `pool` is the
 * node pool the service names: without `maxAccelerators`, it bounds maxReplicas.
 */
export function resolveAutoscaling(
    input: AutoscalingConfig | undefined,
    decode: RoleSpec,
    explicitReplicas: number | undefined,
    gateway: GatewayProvider,
    monitors: boolean,
    cluster: ClusterSpec,
    base: string,
    issues: IssueList,
    warnings: string[],
    pool?: PoolCapacity,
    release?: LlmdRelease,
): AutoscalingSpec | undefined {
    if (!input || input.enabled === false) return undefined;
    const at = `${base}.autoscaling`;
    const metric = input.metric ?? AUTOSCALING_DEFAULTS.metric;
    const adapter = input.adapter ?? defaultAdapter(metric, gateway, release);
    const wva = metric === AutoscalingMetric.Wva;
    const keda = adapter === AutoscalingAdapter.Keda;

    if (explicitReplicas !== undefined) {
        issues.add({
            path: `${base}.decode.replicas`,
            got: explicitReplicas,
            expected: "no fixed replica count when autoscaling is enabled (the autoscaler owns it)",
            fix: `Remove decode.replicas and set ${at}.minReplicas / maxReplicas.`,
        });
    }
    const wvaAdapters = (release?.wva.adapters ?? [AutoscalingAdapter.PrometheusAdapter]) as string[];
    if (wva && !wvaAdapters.includes(adapter)) {
        issues.add({
            path: `${at}.adapter`,
            got: adapter,
            expected: `${wvaAdapters.join(" or ")} with metric wva${release ? ` on llm-d ${release.name} (its WVA guide carries wva_desired_replicas to the model servers that way)` : ""}`,
            fix: `Remove adapter or set it to ${wvaAdapters[0]}${release?.name === "v0.8.1" ? "; release v0.9.0 adds KEDA for WVA" : ""}.`,
        });
    } else if (wva && release?.wva.deprecatedAdapters[adapter as keyof LlmdRelease["wva"]["deprecatedAdapters"]]) {
        warnings.push(`${at}.adapter: ${adapter}: ${release.wva.deprecatedAdapters[adapter as keyof LlmdRelease["wva"]["deprecatedAdapters"]]}`);
    } else if (!wva && adapter === AutoscalingAdapter.PrometheusAdapter) {
        issues.add({ path: `${at}.adapter`, got: adapter, expected: "keda or gke-managed-prometheus for this metric (prometheus-adapter is wired for metric wva only)", fix: "Set adapter to keda, or gke-managed-prometheus on GKE." });
    }
    if (input.prometheusUrl !== undefined && !keda) {
        issues.add({ path: `${at}.prometheusUrl`, got: input.prometheusUrl, expected: "prometheusUrl only with the keda adapter (the other adapters are configured where they are installed)", fix: "Remove prometheusUrl, or set adapter: keda." });
    }
    if (input.runningRequestsTarget !== undefined && !(keda && metric === AutoscalingMetric.QueueDepth)) {
        issues.add({ path: `${at}.runningRequestsTarget`, got: input.runningRequestsTarget, expected: "runningRequestsTarget only with adapter keda and metric queue-depth", fix: "Remove it, or use metric running-requests and set target." });
    }
    if (input.target !== undefined && wva) {
        issues.add({ path: `${at}.target`, got: input.target, expected: "no target with metric wva (the HPA follows WVA's desired replica count, target 1)", fix: "Remove target; tune WVA's saturation thresholds instead." });
    }
    if (input.target !== undefined && metric === AutoscalingMetric.KvCacheUtilization && input.target > 1) {
        issues.add({ path: `${at}.target`, got: input.target, expected: "a fraction in (0, 1] for kv-cache-utilization (vllm:kv_cache_usage_perc is 0 to 1)", fix: "Use e.g. 0.8 for 80%." });
    }

    // A ScaledObject needs KEDA's CRD in the cluster (the monitors the autoscaler adds are gated with observability.monitors).
    if (keda && !cluster.keda) {
        issues.add({
            path: `${at}.adapter`,
            got: adapter,
            expected: "an adapter whose objects the cluster can hold: keda creates a ScaledObject (keda.sh), and cluster.keda does not say KEDA is installed",
            fix: "Install KEDA and set cluster.keda: true, or use adapter gke-managed-prometheus on GKE.",
        });
    }

    const minReplicas = input.minReplicas ?? AUTOSCALING_DEFAULTS.minReplicas;
    if (minReplicas === 0 && !keda) {
        issues.add({ path: `${at}.minReplicas`, got: 0, expected: "at least 1 unless adapter is keda (a plain HPA cannot scale to zero without the HPAScaleToZero alpha gate)", fix: "Set minReplicas: 1, or adapter: keda." });
    }
    const perPod = decode.acceleratorsPerPod;
    const cap = input.maxAccelerators !== undefined && perPod > 0 ? Math.floor(input.maxAccelerators / perPod) : undefined;
    if (cap !== undefined && cap < 1) {
        issues.add({
            path: `${at}.maxAccelerators`,
            got: input.maxAccelerators,
            expected: `at least ${perPod}, the accelerators of one decode pod (tensorParallel ${decode.tensorParallel} x dataParallel ${decode.dataParallel})`,
            fix: "Raise maxAccelerators to what the node pools hold, or lower tensorParallel.",
        });
    }
    // Without maxAccelerators, the named node pool is the bound: its most nodes x accelerators per node.
    const poolCap = input.maxAccelerators === undefined && pool && perPod > 0 ? poolReplicaCap(pool, perPod, decode.groupSize ?? 1) : undefined;
    const poolHolds = pool ? `node pool ${pool.pool} holds at most ${pool.maxNodes} x ${pool.chipsPerNode} = ${pool.maxNodes * pool.chipsPerNode} accelerators (${pool.machineType})${pool.reservedAccelerators ? `, ${pool.reservedAccelerators} of them for prefill` : ""}` : "";
    if (poolCap !== undefined && poolCap < 1) {
        issues.add({
            path: `${base}.accelerator.nodePool`,
            got: pool!.pool,
            expected: `a pool with room for one decode pod of ${perPod} accelerators: ${poolHolds}`,
            fix: "Raise the pool's maxNodes (or nodeCount), or lower the decode pod's tensorParallel x dataParallel.",
        });
    }
    let maxReplicas = input.maxReplicas ?? (cap !== undefined && cap >= 1 ? cap : undefined) ?? (poolCap !== undefined && poolCap >= 1 ? poolCap : undefined);
    if (input.maxReplicas !== undefined && poolCap !== undefined && poolCap >= 1 && input.maxReplicas > poolCap) {
        issues.add({
            path: `${at}.maxReplicas`,
            got: input.maxReplicas,
            expected: `at most ${poolCap}: ${input.maxReplicas} replicas x ${perPod} accelerators per pod = ${input.maxReplicas * perPod}, but ${poolHolds}`,
            fix: `Lower maxReplicas to ${poolCap}, or raise the pool's maxNodes (or nodeCount).`,
        });
    }
    if (maxReplicas === undefined) {
        if (cap === undefined && poolCap === undefined) {
            issues.add({
                path: `${at}.maxReplicas`,
                got: undefined,
                expected: "the most replicas the accelerators can supply (required unless maxAccelerators is given)",
                fix: `Set ${at}.maxReplicas, or ${at}.maxAccelerators to the accelerators the node pools hold.`,
            });
        }
        maxReplicas = Math.max(1, minReplicas);
    } else if (cap !== undefined && cap >= 1 && maxReplicas > cap) {
        issues.add({
            path: `${at}.maxReplicas`,
            got: maxReplicas,
            expected: `at most ${cap}: ${maxReplicas} replicas x ${perPod} accelerators per pod = ${maxReplicas * perPod}, more than maxAccelerators ${input.maxAccelerators}`,
            fix: `Lower maxReplicas to ${cap}, or raise maxAccelerators if the pools hold more.`,
        });
    }
    if (minReplicas > maxReplicas) {
        issues.add({ path: `${at}.minReplicas`, got: minReplicas, expected: `at most maxReplicas (${maxReplicas})`, fix: "Lower minReplicas or raise maxReplicas." });
    }

    const stabilization = wva ? AUTOSCALING_DEFAULTS.wvaStabilizationSeconds : AUTOSCALING_DEFAULTS.stabilizationSeconds;
    const spec: AutoscalingSpec = {
        metric,
        adapter,
        minReplicas,
        maxReplicas,
        target: wva ? 1 : (input.target ?? defaultTarget(metric, adapter)),
        runningRequestsTarget: keda && metric === AutoscalingMetric.QueueDepth ? (input.runningRequestsTarget ?? AUTOSCALING_DEFAULTS.runningRequestsTarget) : 0,
        ...(keda ? { prometheusUrl: input.prometheusUrl ?? AUTOSCALING_DEFAULTS.prometheusUrl } : {}),
        scaleUpStabilizationSeconds: input.scaleUpStabilizationSeconds ?? stabilization,
        scaleDownStabilizationSeconds: input.scaleDownStabilizationSeconds ?? stabilization,
        flowControl: keda && metric === AutoscalingMetric.QueueDepth,
        ...(input.maxAccelerators !== undefined ? { maxAccelerators: input.maxAccelerators } : {}),
    };
    warnings.push(`${at}: ${prerequisites(spec)}`);
    if (!monitors) {
        warnings.push(`${at}: observability.monitors is false, so the stack creates no monitor for the metrics the autoscaler reads; make sure Prometheus scrapes them, or it will never scale`);
    }
    return spec;
}

/** What must exist in the cluster for the rendered autoscaler to work. */
export function prerequisites(a: AutoscalingSpec): string {
    if (a.metric === AutoscalingMetric.Wva) {
        const wva = "the stack installs llm-d's Workload Variant Autoscaler in its namespace (or cluster.workloadVariantAutoscaler says it runs there); it needs Prometheus over HTTPS with the Prometheus Operator CRDs and its CA in the Secret wva.prometheusCaSecret";
        return a.adapter === AutoscalingAdapter.Keda
            ? `${wva}; KEDA must be installed before WVA starts (WVA watches ScaledObjects only if their CRD exists then), and KEDA reads wva_desired_replicas from ${a.prometheusUrl}`
            : `${wva}; Prometheus Adapter must serve wva_desired_replicas as an External metric (llm-d's components/prometheus-adapter/wva-adapter-values.yaml), which the stack does not install`;
    }
    switch (a.adapter) {
        case AutoscalingAdapter.Keda:
            return `needs KEDA (keda.sh CRDs and operator) and the Prometheus Operator CRDs in the cluster, and a Prometheus at ${a.prometheusUrl} that selects this stack's monitors; the stack installs none of them`;
        case AutoscalingAdapter.GkeManagedPrometheus:
            return "needs Google Cloud Managed Service for Prometheus (on by default on GKE) and the Custom Metrics Stackdriver Adapter with Workload Identity access to Cloud Monitoring; the stack installs neither";
        default:
            return "needs Prometheus Adapter serving the metric; the stack does not install it";
    }
}
