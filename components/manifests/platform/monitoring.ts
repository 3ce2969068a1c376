// Scrape configuration of one model service: vLLM's /metrics on every model-server pod and the
// scheduler's metrics port. prometheus-operator kinds (PodMonitor, ServiceMonitor) by default;
// Google Cloud Managed Service for Prometheus (PodMonitoring) when the gateway is GKE's.
// None when `observability.monitors` is false (clusters without those CRDs).
import { ServiceSpec, StackSpec } from "../../config/spec";
import { GatewayProvider } from "../../config/types";
import { K8sObject, commonLabels, poolSelector, serviceNames } from "../common";
import { eppPodLabels } from "../scheduler/epp";

export const SCRAPE_INTERVAL = "30s";

export function usesGkeManagedPrometheus(stack: StackSpec): boolean {
    return stack.gateway.provider === GatewayProvider.GkeExternal || stack.gateway.provider === GatewayProvider.GkeInternal;
}

function meta(name: string, svc: ServiceSpec, stack: StackSpec) {
    return { name, namespace: stack.namespace, labels: commonLabels("monitoring", svc.name) };
}

/** Monitors of one service (model servers and scheduler); another builder (autoscaling) may reuse them. */
export function buildMonitors(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    if (!stack.observability.monitors) return [];
    const names = serviceNames(svc);
    const servers = `${svc.name}-model-servers`;
    if (usesGkeManagedPrometheus(stack)) {
        // pod and container labels let dashboards break metrics down per pod.
        const targetLabels = { metadata: ["pod", "container", "node"] };
        return [
            {
                apiVersion: "monitoring.googleapis.com/v1",
                kind: "PodMonitoring",
                metadata: meta(servers, svc, stack),
                spec: { selector: { matchLabels: poolSelector(svc) }, endpoints: [{ port: "http", path: "/metrics", interval: SCRAPE_INTERVAL }], targetLabels },
            },
            {
                apiVersion: "monitoring.googleapis.com/v1",
                kind: "PodMonitoring",
                metadata: meta(names.epp, svc, stack),
                spec: { selector: { matchLabels: eppPodLabels(svc) }, endpoints: [{ port: "metrics", path: "/metrics", interval: SCRAPE_INTERVAL }], targetLabels },
            },
        ];
    }
    return [
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "PodMonitor",
            metadata: meta(servers, svc, stack),
            // Port "http" is vLLM's own port in every role (behind the P/D sidecar too).
            spec: { selector: { matchLabels: poolSelector(svc) }, podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: SCRAPE_INTERVAL }] },
        },
        {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: meta(names.epp, svc, stack),
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/name": names.epp } },
                // The picker runs with --metrics-endpoint-auth=false: no bearer token needed.
                endpoints: [{ port: "http-metrics", path: "/metrics", interval: SCRAPE_INTERVAL }],
            },
        },
    ];
}
