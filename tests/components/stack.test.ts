// The real components under Pulumi's mock runtime: the resource tree, parents, the kube
// provider passed down, and custom resources ordered after their CRDs.
import assert from "node:assert/strict";
import { ConfigError } from "../../components/config/errors";
import { OfflineRun, runOffline } from "../../provider/offline";
import { gpuConfig, simConfig } from "../support/fixtures";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function byName(run: OfflineRun, type: string, name: string) {
    const r = run.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} ${name}: ${run.resources.map((x) => x.type + " " + x.name).join(", ")}`);
    return { ...r, ...run.details.get(`${type}::${name}`)! };
}

describe("LlmdStack under Pulumi mocks", () => {
    let sim: OfflineRun;
    before(async () => {
        sim = await runOffline(simConfig({ namespace: "sim-ns" }));
    });

    it("builds the tree stack -> platform and model service -> scheduler", () => {
        assert.equal(byName(sim, "llmd:index:Platform", "llm-d-platform").parent, "llmd:index:LlmdStack::llm-d");
        assert.equal(byName(sim, "kubernetes:helm.sh/v4:Chart", "istiod").parent, "llmd:index:Platform::llm-d-platform");
        assert.equal(byName(sim, "llmd:index:ModelService", "sim").parent, "llmd:index:LlmdStack::llm-d");
        assert.equal(byName(sim, "llmd:index:InferenceScheduler", "sim").parent, "llmd:index:ModelService::sim");
        assert.equal(byName(sim, "kubernetes:apps/v1:Deployment", "sim-ns/sim-epp").parent, "llmd:index:InferenceScheduler::sim");
        assert.equal(byName(sim, "kubernetes:apps/v1:Deployment", "sim-ns/sim-decode").parent, "llmd:index:ModelService::sim");
    });

    it("orders custom resources after their CRDs and the Gateway after the control plane", () => {
        const pool = byName(sim, "kubernetes:inference.networking.k8s.io/v1:InferencePool", "sim-ns/sim");
        assert.ok(pool.dependsOn.includes("kubernetes:yaml/v2:ConfigFile::inference-extension-crds"), pool.dependsOn.join());
        assert.ok(pool.dependsOn.includes("kubernetes:core/v1:Namespace::sim-ns"));
        const route = byName(sim, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "sim-ns/sim");
        assert.ok(route.dependsOn.includes("kubernetes:yaml/v2:ConfigFile::gateway-api-crds"));
        const gw = byName(sim, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "sim-ns/llm-d-inference-gateway");
        assert.ok(gw.dependsOn.includes("kubernetes:helm.sh/v4:Chart::istiod"), gw.dependsOn.join());
        const dr = byName(sim, "kubernetes:networking.istio.io/v1:DestinationRule", "sim-ns/sim-epp");
        assert.ok(dr.dependsOn.includes("kubernetes:helm.sh/v4:Chart::istio-base"));
        const dep = byName(sim, "kubernetes:apps/v1:Deployment", "sim-ns/sim-decode");
        assert.ok(!dep.dependsOn.some((d) => d.includes("ConfigFile")), "built-in kinds do not wait for CRDs");
        assert.deepEqual(byName(sim, "kubernetes:helm.sh/v4:Chart", "istiod").dependsOn, ["kubernetes:core/v1:Namespace::istio-system", "kubernetes:helm.sh/v4:Chart::istio-base"]);
        assert.equal(byName(sim, "kubernetes:core/v1:Namespace", "istio-system").parent, "llmd:index:Platform::llm-d-platform", "Helm never creates a chart's namespace");
    });

    it("installs the pinned charts and CRD manifests", () => {
        const istiod = byName(sim, "kubernetes:helm.sh/v4:Chart", "istiod");
        assert.equal(istiod.inputs.version, "1.29.2");
        const crds = byName(sim, "kubernetes:yaml/v2:ConfigFile", "inference-extension-crds");
        assert.match(String(crds.inputs.file), /gateway-api-inference-extension\/releases\/download\/v1\.5\.0\/v1-manifests\.yaml$/);
    });

    it("skips what the cluster already has", async () => {
        const run = await runOffline(simConfig({ cluster: { gatewayApiCrds: true, inferencePoolCrd: true, llmdRouterCrds: true }, platform: { installGatewayControlPlane: false }, createNamespace: false }));
        assert.equal(run.resources.filter((r) => r.type.includes("ConfigFile") || r.type.includes("Chart") || r.type.endsWith(":Namespace")).length, 0);
        assert.ok(run.resources.some((r) => r.type.endsWith(":InferencePool")));
    });

    it("passes the kube provider of the existing cluster down to every Kubernetes object", async () => {
        const run = await runOffline(gpuConfig({ existing: { context: "kind-llmd" } }));
        const provider = run.resources.find((r) => r.type === "pulumi:providers:kubernetes");
        assert.ok(provider);
        assert.equal(run.details.get(`pulumi:providers:kubernetes::${provider.name}`)!.inputs.context, "kind-llmd");
        const k8sObjects = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(k8sObjects.length > 10);
        for (const r of k8sObjects) {
            const d = run.details.get(`${r.type}::${r.name}`)!;
            assert.ok(d.provider?.includes(`pulumi:providers:kubernetes::${provider.name}`), `${r.type} ${r.name} has provider ${d.provider}`);
        }
    });

    it("stores the Hugging Face token only as a secret in the Secret", async () => {
        const run = await runOffline(gpuConfig(), "plan", "hf_test_token_value");
        const secret = byName(run, "kubernetes:core/v1:Secret", "llm-d/llm-d-hf-token");
        const stringData = secret.inputs.stringData as Record<string, unknown>;
        assert.equal(stringData[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", "stringData is a secret");
        for (const r of run.resources) {
            if (r.type === "kubernetes:core/v1:Secret") continue;
            assert.ok(!JSON.stringify(run.details.get(`${r.type}::${r.name}`)!.inputs).includes("hf_test_token_value"), `${r.type} ${r.name}`);
        }
        assert.ok(!JSON.stringify(run.resources).includes("hf_test_token_value"));
    });

    it("creates no resource when the config is invalid", async () => {
        await assert.rejects(runOffline(simConfig({}, { decode: { replicas: -1 } })), ConfigError);
    });

    it("exports the sizing plan as an output (the same numbers as llmd plan)", async () => {
        const run = await runOffline(gpuConfig());
        const plan = JSON.parse(await new Promise<string>((r) => run.stack.sizingPlan.apply(r)));
        const role = plan.services[0].roles[0];
        assert.equal(role.role, "decode");
        assert.equal(role.sizing.fits, true);
        assert.equal(role.sizing.tensorParallel, 2);
        assert.equal(plan.totals.accelerators, 4);
    });

    it("exposes pool names and namespace as outputs", async () => {
        const pools = await new Promise((r) => sim.stack.inferencePoolNames.apply(r));
        assert.deepEqual(pools, ["sim"]);
        assert.equal(await new Promise((r) => sim.stack.namespace.apply(r)), "sim-ns");
    });
});
