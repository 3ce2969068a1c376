// The LeaderWorkerSet controller (CRD, webhook, controller manager) as a pinned Helm chart:
// wide-ep model servers are LeaderWorkerSets, so it is installed before them.
import { LWS } from "../../catalog/versions";
import { StackSpec } from "../../config/spec";
import { ChartSpec } from "../common";

/** Release name of the LWS chart; LeaderWorkerSet objects depend on the chart of this name. */
export const LWS_CHART_NAME = "lws";

/** The chart when the platform installs it (default: when a service uses wide-ep). */
export function leaderWorkerSetChart(stack: StackSpec): ChartSpec | undefined {
    if (!stack.platform.installLeaderWorkerSet) return undefined;
    return {
        name: LWS_CHART_NAME,
        // llm-d's multi-node serving doc installs chart 0.9.0 from this OCI registry into lws-system (/tmp/research/facts.md Q9).
        chart: LWS.chart,
        version: stack.release.charts.leaderWorkerSet.version,
        namespace: LWS.namespace,
        // The chart's defaults: a self-signed webhook certificate, no Prometheus or cert-manager needed.
        values: {},
        dependsOn: [],
        purpose: "LeaderWorkerSet CRD and controller: wide-ep model servers run as LeaderWorkerSet groups",
        retainCrds: stack.platform.retainCrdsOnDestroy,
    };
}
