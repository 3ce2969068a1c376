// Placement and shutdown of serving pods, shared by every model-server builder: spread over
// nodes and zones, and a drain window before a pod stops serving.

/**
 * Seconds a terminating pod keeps serving before its process gets SIGTERM: long enough for the
 * picker (it watches pods) and the gateway to drop it, so no new request lands on a pod that is
 * going away. In-flight generations then finish within terminationGracePeriodSeconds.
 */
export const PRE_STOP_SLEEP_SECONDS = 10;

/** preStop `sleep` handler (kubelet-native since Kubernetes 1.30: works in distroless images without a shell). */
export function drainLifecycle(): Record<string, unknown> {
    return { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } };
}

/**
 * Soft spread of one workload's pods over nodes and zones. ScheduleAnyway: accelerator node pools
 * are often one zone or a handful of nodes, and a hard rule would leave scarce GPUs idle.
 */
export function spreadConstraints(matchLabels: Record<string, string>): Record<string, unknown>[] {
    const labelSelector = { matchLabels };
    return [
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector },
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector },
    ];
}
