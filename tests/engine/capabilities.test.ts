// A real `pulumi up` fails on a custom resource whose CRD the cluster lacks (pulumi-kubernetes retries
// NoMatch, then errors; the preview skips unknown kinds and stays green) and on an object that exists
// already (create is a plain POST since 4.29). Every example states what its cluster runs
// (`cluster:`), and every kind it renders is core Kubernetes, installed by the stack, or declared present.
import assert from "node:assert/strict";
import * as path from "node:path";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { StackSpec } from "../../components/config/spec";
import { GatewayProvider } from "../../components/config/types";
import { allObjects, buildStack, isCustomResource } from "../../components/manifests";
import { ROOT, exampleConfigFiles } from "../support/fixtures";
import { planGke } from "../../components/manifests/infra/gke";
import { planEks } from "../../components/manifests/infra/eks";

/** Who provides each API group of a custom resource: the stack (a manifest or chart it installs) or the cluster (declared). */
function providerOf(group: string, spec: StackSpec, charts: string[]): string | undefined {
    const gkeCloud = Boolean(spec.gke) || spec.gateway.provider === GatewayProvider.GkeExternal || spec.gateway.provider === GatewayProvider.GkeInternal;
    const p = spec.platform;
    const c = spec.cluster;
    switch (group) {
        case "gateway.networking.k8s.io":
            return p.installGatewayApiCrds ? "installed: gateway-api-crds" : c.gatewayApiCrds ? "declared: cluster.gatewayApiCrds" : undefined;
        case "inference.networking.k8s.io":
            return p.installInferenceExtensionCrds ? "installed: inference-extension-crds" : c.inferencePoolCrd ? "declared: cluster.inferencePoolCrd" : undefined;
        case "llm-d.ai":
            return p.installRouterCrds ? "installed: llm-d-router-crds" : c.llmdRouterCrds ? "declared: cluster.llmdRouterCrds" : undefined;
        case "leaderworkerset.x-k8s.io":
            return charts.includes("lws") ? "installed: lws chart" : c.leaderWorkerSet ? "declared: cluster.leaderWorkerSet" : undefined;
        case "networking.istio.io":
            return charts.includes("istio-base") ? "installed: istio-base chart" : !p.installGatewayControlPlane ? "declared: platform.installGatewayControlPlane false (Istio runs already)" : undefined;
        case "agentgateway.dev":
            return charts.includes("agentgateway-crds") ? "installed: agentgateway-crds chart" : !p.installGatewayControlPlane ? "declared: platform.installGatewayControlPlane false (agentgateway runs already)" : undefined;
        case "monitoring.coreos.com":
            return c.prometheusOperator ? "declared: cluster.prometheusOperator" : undefined;
        case "monitoring.googleapis.com":
            return c.gkeManagedPrometheus ? "declared: cluster.gkeManagedPrometheus" : undefined;
        case "keda.sh":
            return c.keda ? "declared: cluster.keda" : undefined;
        case "networking.gke.io":
            return gkeCloud ? "GKE" : undefined;
        case "resource.nvidia.com": {
            // The cluster component installs NVIDIA's DRA driver with ComputeDomains on, or the cluster declares it.
            const infraCharts = spec.gke ? planGke(spec.gke).charts : spec.eks ? planEks(spec.eks).charts : [];
            const dra = infraCharts.find((x) => x.chart === "nvidia-dra-driver-gpu") as { values: any } | undefined;
            if (dra?.values.resources.computeDomains.enabled) return "installed: nvidia-dra-driver-gpu chart (cluster component)";
            return !spec.gke && !spec.eks && c.nvidiaDraDriver ? "declared: cluster.nvidiaDraDriver" : undefined;
        }
        default:
            return undefined;
    }
}

const configs = [...exampleConfigFiles(), path.join(ROOT, "examples", "default", "llmd.yaml")];

describe("every kind an example renders has its CRD: core, installed by the stack, or declared present", () => {
    for (const file of configs) {
        it(path.basename(file), () => {
            const raw = loadConfigFile(file) as Record<string, unknown>;
            assert.ok("cluster" in raw, "the example states its cluster's capabilities (cluster:)");
            const spec = resolveConfig(raw).spec;
            const built = buildStack(spec);
            const charts = built.charts.map((c) => c.name);
            for (const o of allObjects(built).filter(isCustomResource)) {
                const group = o.apiVersion.split("/")[0];
                assert.ok(providerOf(group, spec, charts), `${o.kind} (${group}) needs a CRD neither installed by the stack nor declared in cluster:`);
            }
        });
    }
});

describe("cluster capabilities decide what the stack installs and creates", () => {
    const sim = (extra: Record<string, unknown> = {}) => ({ ...extra, services: [{ name: "s", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" } }] });

    it("GKE: the Gateway API and InferencePool CRDs are GKE's, the llm-d router CRDs the stack's", () => {
        const spec = resolveConfig(sim({ gateway: { provider: "gke-internal" } })).spec;
        assert.deepEqual(buildStack(spec).manifests.map((m) => m.name), ["llm-d-router-crds"]);
        assert.equal(spec.observability.monitors, true, "GKE managed Prometheus collects the PodMonitorings");
        // Before 1.34 GKE installs no InferencePool CRD.
        const old = resolveConfig({ ...sim({ gateway: { provider: "gke-internal" } }), gke: undefined, cluster: { inferencePoolCrd: false } }).spec;
        assert.deepEqual(buildStack(old).manifests.map((m) => m.name), ["inference-extension-crds", "llm-d-router-crds"]);
    });

    it("installing what the cluster declares present is refused, unless the stack adopts existing objects", () => {
        assert.throws(() => resolveConfig(sim({ cluster: { gatewayApiCrds: true }, platform: { installGatewayApiCrds: true } })), /platform\.installGatewayApiCrds: got true; expected not to install the Gateway API CRDs: cluster\.gatewayApiCrds says the cluster has them/);
        assert.doesNotThrow(() => resolveConfig(sim({ cluster: { gatewayApiCrds: true, adoptExistingObjects: true }, platform: { installGatewayApiCrds: true } })));
    });

    it("an explicit platform.install*: false still means the cluster has it (configs written before cluster:)", () => {
        const spec = resolveConfig(sim({ platform: { installGatewayApiCrds: false } })).spec;
        assert.equal(spec.cluster.gatewayApiCrds, true);
    });

    it("KEDA autoscaling needs cluster.keda; monitors need the Prometheus Operator", () => {
        const svc = { name: "g", model: { id: "Qwen/Qwen3-8B" }, accelerator: { chip: "nvidia-h100-80gb" }, autoscaling: { maxReplicas: 2, adapter: "keda" } };
        assert.throws(() => resolveConfig({ services: [svc] }), /services\[0\]\.autoscaling\.adapter: got "keda"; expected .*cluster\.keda/);
        const spec = resolveConfig({ cluster: { keda: true }, services: [svc] }).spec;
        assert.ok(!allObjects(buildStack(spec)).some((o) => o.apiVersion.startsWith("monitoring.coreos.com")), "no Prometheus Operator: no monitors");
    });

    it("namespaces the cluster has are not created by the stack", () => {
        const spec = resolveConfig(sim({ cluster: { namespaces: ["istio-system"] } })).spec;
        assert.deepEqual(spec.cluster.namespaces, ["istio-system"]);
    });
});

describe("under Pulumi mocks: namespaces the cluster has", () => {
    it("are neither created for charts nor for the stack", async () => {
        const { runOffline } = await import("../../provider/offline");
        const run = await runOffline({ namespace: "llm-d", cluster: { namespaces: ["istio-system", "llm-d"] }, services: [{ name: "s", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" } }] });
        const namespaces = run.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.name);
        assert.deepEqual(namespaces, []);
        assert.ok(run.resources.some((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "istiod"));
    });
});
