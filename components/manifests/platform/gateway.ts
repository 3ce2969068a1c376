// The Gateway for each provider, and the cluster prerequisites (CRDs and gateway control
// planes) as data: what to install, from where, at which pinned version, with which values.
import { API_VERSIONS, BODY_BASED_ROUTER, GATEWAY_CHARTS } from "../../catalog/versions";
import { StackSpec } from "../../config/spec";
import { GatewayProvider } from "../../config/types";
import { ChartSpec, K8sObject, RemoteManifest, commonLabels } from "../common";

export const GATEWAY_CLASS: Record<GatewayProvider, string> = {
    [GatewayProvider.Istio]: "istio",
    [GatewayProvider.Kgateway]: "kgateway",
    [GatewayProvider.Agentgateway]: "agentgateway",
    [GatewayProvider.GkeExternal]: "gke-l7-regional-external-managed",
    [GatewayProvider.GkeInternal]: "gke-l7-rilb",
};

export function buildGateway(stack: StackSpec): K8sObject {
    const labels: Record<string, string> = commonLabels("gateway");
    // Istio only wires the ext-proc filter to the picker on Gateways that opt in.
    if (stack.gateway.provider === GatewayProvider.Istio) labels["istio.io/enable-inference-extproc"] = "true";
    return {
        apiVersion: API_VERSIONS.gateway,
        kind: "Gateway",
        metadata: { name: stack.gateway.name, namespace: stack.namespace, labels },
        spec: {
            gatewayClassName: GATEWAY_CLASS[stack.gateway.provider],
            listeners: [{ name: "http", port: stack.gateway.port, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } }],
        },
    };
}

export function remoteManifests(stack: StackSpec): RemoteManifest[] {
    return crdManifests(stack).map((m) => ({ ...m, ...(stack.platform.retainCrdsOnDestroy ? { retainOnDelete: true } : {}) }));
}

function crdManifests(stack: StackSpec): RemoteManifest[] {
    const CRDS = stack.release.crds;
    const out: RemoteManifest[] = [];
    if (stack.platform.installGatewayApiCrds) {
        out.push({ name: "gateway-api-crds", url: CRDS.gatewayApi.url, version: CRDS.gatewayApi.version, purpose: "Gateway API CRDs (standard channel): Gateway, HTTPRoute" });
    }
    if (stack.platform.installInferenceExtensionCrds) {
        out.push({
            name: "inference-extension-crds",
            url: CRDS.inferenceExtension.url,
            version: CRDS.inferenceExtension.version,
            purpose: "Gateway API Inference Extension CRDs: InferencePool (v1)",
        });
    }
    if (stack.platform.installRouterCrds) {
        out.push({
            name: "llm-d-router-crds",
            url: CRDS.llmdRouter.url,
            version: CRDS.llmdRouter.version,
            purpose: "llm-d router CRDs (llm-d.ai): InferenceObjective, InferenceModelRewrite",
        });
    }
    return out;
}

export function gatewayCharts(stack: StackSpec): ChartSpec[] {
    // Their CRDs (Istio's, agentgateway's, kgateway's) stay unless the stack is told to remove them.
    return controlPlaneCharts(stack).map((c) => ({ ...c, retainCrds: stack.platform.retainCrdsOnDestroy }));
}

function controlPlaneCharts(stack: StackSpec): ChartSpec[] {
    if (!stack.platform.installGatewayControlPlane) return [];
    const crdDeps = stack.platform.installGatewayApiCrds ? ["gateway-api-crds"] : [];
    switch (stack.gateway.provider) {
        case GatewayProvider.Istio: {
            const c = GATEWAY_CHARTS.istio;
            const version = stack.release.charts.istio.version;
            return [
                // istiod flips its validating webhook's failurePolicy from Ignore to Fail once it serves (istio/istio #44285).
                { name: "istio-base", chart: c.baseChart, version, repo: c.repo, namespace: c.namespace, values: {}, dependsOn: crdDeps, purpose: "Istio CRDs and cluster roles", controllerOwnsWebhookFailurePolicy: true },
                {
                    name: "istiod",
                    chart: c.controlPlaneChart,
                    version,
                    repo: c.repo,
                    namespace: c.namespace,
                    values: {
                        // The istiod chart reads its environment from top-level `env` (istio-discovery templates/deployment.yaml);
                        // `pilot.env` is istioctl's spelling (llm-d's istio.md) and the chart would ignore it.
                        env: { ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true" },
                        meshConfig: { defaultConfig: { proxyMetadata: { ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true" } } },
                    },
                    dependsOn: ["istio-base"],
                    purpose: "Istio control plane with the Gateway API Inference Extension enabled",
                    controllerOwnsWebhookFailurePolicy: true,
                },
            ];
        }
        case GatewayProvider.Kgateway:
        case GatewayProvider.Agentgateway: {
            const c = stack.gateway.provider === GatewayProvider.Kgateway ? GATEWAY_CHARTS.kgateway : GATEWAY_CHARTS.agentgateway;
            const id = stack.gateway.provider;
            const version = stack.release.charts[stack.gateway.provider === GatewayProvider.Kgateway ? "kgateway" : "agentgateway"].version;
            return [
                { name: `${id}-crds`, chart: c.crdsChart, version, namespace: c.namespace, values: {}, dependsOn: crdDeps, purpose: `${id} CRDs` },
                {
                    name: id,
                    chart: c.controlPlaneChart,
                    version,
                    namespace: c.namespace,
                    values: { inferenceExtension: { enabled: true } },
                    dependsOn: [`${id}-crds`],
                    purpose: `${id} control plane with its inference extension enabled`,
                },
            ];
        }
        default:
            // GKE's managed gateway controllers need nothing installed in the cluster.
            return [];
    }
}

/**
 * Whether the body-based router puts the model name in a header for the routes to match: several
 * services share the gateway, and the gateway is one its chart wires itself into (an Istio EnvoyFilter
 * or GKE's GCPRoutingExtension; its `provider.name` knows only `istio` and `gke`, gateway-api-inference-
 * extension v1.5.0 config/charts/body-based-routing). agentgateway sets the header itself (below).
 */
export function usesBodyBasedRouter(stack: StackSpec): boolean {
    return stack.services.length >= 2 && (stack.gateway.provider === GatewayProvider.Istio || stack.gateway.provider.startsWith("gke"));
}

/**
 * agentgateway's own body-based routing: a PreRouting transformation on the Gateway copies the OpenAI
 * `model` field into the header the HTTPRoutes match (gateway-api-inference-extension v1.5.0
 * site-src/guides/serving-multiple-inference-pools-latest.md; agentgateway v1.1.0 AgentgatewayPolicy).
 * Adapter names route on the same header (each route lists its adapters), so no base-model map is needed.
 */
export function buildModelHeaderPolicy(stack: StackSpec): K8sObject[] {
    if (stack.services.length < 2 || stack.gateway.provider !== GatewayProvider.Agentgateway) return [];
    return [
        {
            apiVersion: "agentgateway.dev/v1alpha1",
            kind: "AgentgatewayPolicy",
            metadata: { name: `${stack.gateway.name}-model-header`, namespace: stack.namespace, labels: commonLabels("gateway") },
            spec: {
                targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: stack.gateway.name }],
                traffic: { phase: "PreRouting", transformation: { request: { set: [{ name: BODY_BASED_ROUTER.modelHeader, value: "json(request.body).model" }] } } },
            },
        },
    ];
}

/** The body-based router, needed when several model services share an Istio or GKE gateway. */
export function bodyBasedRouterChart(stack: StackSpec): ChartSpec | undefined {
    if (!usesBodyBasedRouter(stack)) return undefined;
    const provider = stack.gateway.provider === GatewayProvider.Istio ? "istio" : "gke";
    return {
        name: "body-based-router",
        chart: BODY_BASED_ROUTER.chart,
        version: stack.release.charts.bodyBasedRouter.version,
        namespace: stack.namespace,
        values: { provider: { name: provider }, inferenceGateway: { name: stack.gateway.name } },
        dependsOn: stack.platform.installGatewayControlPlane ? gatewayCharts(stack).map((c) => c.name) : [],
        purpose: `copies the OpenAI model field into ${BODY_BASED_ROUTER.modelHeader} so each HTTPRoute matches its model`,
    };
}
