// InferencePool, its HTTPRoute and InferenceObjectives, plus what each gateway provider needs
// to reach the picker (Istio: TLS to the picker; GKE: health check and backend timeout).
import { API_VERSIONS } from "../../catalog/versions";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { GatewayProvider } from "../../config/types";
import { K8sObject, commonLabels, poolSelector, serviceNames } from "../common";
import { modelRouteMatches } from "../modelserver/lora";
import { modelServerPort, modelServerPorts } from "../modelserver/ports";
import { EPP_PORTS } from "./epp";

export function isGke(provider: GatewayProvider): boolean {
    return provider === GatewayProvider.GkeExternal || provider === GatewayProvider.GkeInternal;
}

export function buildInferencePool(svc: ServiceSpec, stack: StackSpec): K8sObject {
    const names = serviceNames(svc);
    return {
        apiVersion: svc.release.apiVersions.inferencePool,
        kind: "InferencePool",
        metadata: { name: names.pool, namespace: stack.namespace, labels: commonLabels("inference-pool", svc.name) },
        spec: {
            selector: { matchLabels: poolSelector(svc) },
            targetPorts: modelServerPorts(svc).map((number) => ({ number })),
            endpointPickerRef: {
                group: "",
                kind: "Service",
                name: names.epp,
                port: { number: EPP_PORTS.grpc },
                // Requests still flow (to any endpoint) if the picker is down, as llm-d's router chart sets it.
                failureMode: "FailOpen",
            },
        },
    };
}

/**
 * HTTPRoute to the pool. With several services on one gateway, each route matches the model
 * header that the body-based router sets from the OpenAI `model` field.
 */
export function buildHttpRoute(svc: ServiceSpec, stack: StackSpec): K8sObject {
    const names = serviceNames(svc);
    const multi = stack.services.length > 1;
    // Behind a shared gateway: the served name, then its LoRA adapters (modelserver/lora.ts).
    const matches = multi ? modelRouteMatches(svc) : [{ path: { type: "PathPrefix", value: "/" } }];
    const rule: Record<string, unknown> = {
        matches,
        backendRefs: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: names.pool }],
    };
    // "0s" lifts the gateway's request timeout (long generations); GKE's classes reject route timeouts.
    if (!isGke(stack.gateway.provider)) rule.timeouts = { request: "0s" };
    return {
        apiVersion: API_VERSIONS.httpRoute,
        kind: "HTTPRoute",
        metadata: { name: names.route, namespace: stack.namespace, labels: commonLabels("http-route", svc.name) },
        spec: {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: stack.gateway.name }],
            rules: [rule],
        },
    };
}

export function buildInferenceObjectives(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    const names = serviceNames(svc);
    return svc.inferenceObjectives.map((o) => ({
        apiVersion: svc.release.apiVersions.inferenceObjective,
        kind: "InferenceObjective",
        metadata: { name: o.name, namespace: stack.namespace, labels: commonLabels("inference-objective", svc.name) },
        spec: {
            priority: o.priority,
            poolRef: { group: "inference.networking.k8s.io", kind: "InferencePool", name: names.pool },
        },
    }));
}

/** Objects the gateway provider needs per pool. */
export function buildProviderExtras(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    const names = serviceNames(svc);
    const ns = stack.namespace;
    const provider = stack.gateway.provider;
    if (provider === GatewayProvider.Istio) {
        // The picker serves gRPC over TLS with a self-signed certificate.
        return [
            {
                apiVersion: "networking.istio.io/v1",
                kind: "DestinationRule",
                metadata: { name: names.destinationRule, namespace: ns, labels: commonLabels("inference-scheduler", svc.name) },
                spec: {
                    host: `${names.epp}.${ns}.svc.cluster.local`,
                    trafficPolicy: { tls: { mode: "SIMPLE", insecureSkipVerify: true } },
                },
            },
        ];
    }
    if (isGke(provider)) {
        const targetRef = { group: "inference.networking.k8s.io", kind: "InferencePool", name: names.pool };
        return [
            {
                apiVersion: "networking.gke.io/v1",
                kind: "HealthCheckPolicy",
                metadata: { name: names.healthCheckPolicy, namespace: ns, labels: commonLabels("inference-pool", svc.name) },
                spec: {
                    targetRef,
                    // A fixed port must say so: GKE's CRD rejects a port under the default USE_SERVING_PORT (x-kubernetes-validations).
                    default: { config: { type: "HTTP", httpHealthCheck: { requestPath: "/health", portSpecification: "USE_FIXED_PORT", port: modelServerPort(svc) } } },
                },
            },
            {
                apiVersion: "networking.gke.io/v1",
                kind: "GCPBackendPolicy",
                metadata: { name: names.backendPolicy, namespace: ns, labels: commonLabels("inference-pool", svc.name) },
                // The load balancer's 30 s default would cut long generations.
                spec: { targetRef, default: { timeoutSec: 300, logging: { enabled: true } } },
            },
        ];
    }
    return [];
}
