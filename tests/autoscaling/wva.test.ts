// The Workload Variant Autoscaler installed, not only named: the controller of each release exactly
// as its guide's kustomization renders it (vendored), moved into the stack's namespace and pointed at
// the stack's Prometheus; each WVA-managed model server scaled through it the way that release's
// guide does (v0.8.1: HPA via Prometheus Adapter; v0.9.0: KEDA); bad input refused by field.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { getRelease } from "../../components/catalog/releases";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { K8sObject, allObjects, buildStack, deployOptions } from "../../components/manifests";
import { WVA_METRIC } from "../../components/manifests/autoscaling";
import { buildWva } from "../../components/manifests/platform/wva";
import { runOffline } from "../../provider/offline";
import { ROOT, loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";

type Json = Record<string, any>;

const CLUSTER = { keda: true, prometheusOperator: true };
const SERVICE = {
    name: "qwen",
    model: { id: "Qwen/Qwen3-32B" },
    accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" },
    decode: { tensorParallel: 2 },
    autoscaling: { metric: "wva", maxReplicas: 4 },
};

function build(config: Record<string, unknown>) {
    const { spec, warnings } = resolveConfig({ cluster: CLUSTER, services: [SERVICE], ...config });
    return { spec, warnings, objects: allObjects(buildStack(spec)) as Json[] };
}

function issuesOf(config: Record<string, unknown>): string[] {
    try {
        resolveConfig({ cluster: CLUSTER, services: [SERVICE], ...config });
    } catch (e) {
        if (e instanceof ConfigError) return e.message.split("\n").slice(1).map((l) => l.trim());
        throw e;
    }
    assert.fail("expected a ConfigError");
}

const isWva = (o: Json) => o.metadata.labels?.["app.kubernetes.io/component"] === "autoscaler" && !["ScaledObject", "HorizontalPodAutoscaler"].includes(o.kind) && (o.metadata.name.includes("wva") || o.kind === "CustomResourceDefinition");

/** Every autoscaler WVA drives must name a Deployment the stack has, with the model name vLLM labels its metrics with. */
function checkManagedAutoscalers(objects: Json[]): Json[] {
    const managed = objects.filter((o) => o.metadata.annotations?.["llm-d.ai/managed"] === "true");
    for (const a of managed) {
        const target = objects.find((o) => o.kind === "Deployment" && o.metadata.name === a.spec.scaleTargetRef.name && o.metadata.namespace === a.metadata.namespace);
        assert.ok(target, `${a.kind} ${a.metadata.name} scales a Deployment the stack does not have`);
        assert.equal(target.spec.replicas, undefined, "the autoscaler owns the replica count");
        const vllm = target.spec.template.spec.containers.find((c: Json) => (c.args ?? []).some((x: string) => x.startsWith("--served-model-name=")));
        const served = vllm.args.find((x: string) => x.startsWith("--served-model-name=")).split("=")[1];
        assert.equal(a.metadata.annotations["llm-d.ai/model-id"], served, "WVA matches vLLM's model_name label with llm-d.ai/model-id");
        assert.ok(a.metadata.labels["inference.optimization/acceleratorName"], "WVA keys its cost table by accelerator");
    }
    return managed;
}

describe("WVA: the controller each release's guide installs", () => {
    for (const release of ["v0.8.1", "v0.9.0"]) {
        describe(release, () => {
            const { spec, objects } = build({ release, namespace: "team-a", wva: { prometheusUrl: "https://prom.monitoring.svc:9091", prometheusCaSecret: "prom-ca" } });
            const vendored = getRelease(release).wva.install;
            const installed = objects.filter(isWva);

            it("renders objects that validate against the Kubernetes, CRD and operator schemas", () => assertValidObjects(objects as K8sObject[]));

            it("carries every vendored object but the Namespace, in the stack's namespace, cluster-scoped RBAC prefixed with it", () => {
                const want = [...vendored.crds, ...vendored.objects].filter((o) => o.kind !== "Namespace");
                assert.equal(installed.length, want.length);
                for (const v of want) {
                    const name = ["ClusterRole", "ClusterRoleBinding"].includes(v.kind) ? `team-a-${v.metadata.name}` : v.metadata.name;
                    const got = installed.find((o) => o.kind === v.kind && o.metadata.name === name);
                    assert.ok(got, `${v.kind} ${name}`);
                    if (v.metadata.namespace) assert.equal(got.metadata.namespace, "team-a");
                    else assert.equal(got.metadata.namespace, undefined, `${v.kind} is cluster-scoped`);
                    // Nothing but the documented fields differs from the guide's render.
                    const strip = (o: Json) => {
                        const c = JSON.parse(JSON.stringify(o));
                        delete c.metadata;
                        if (c.subjects) c.subjects = c.subjects.map((s: Json) => ({ kind: s.kind }));
                        if (c.roleRef) c.roleRef = { ...c.roleRef, name: undefined };
                        if (c.kind === "Deployment") {
                            for (const e of c.spec.template.spec.containers[0].env) if (e.name === "PROMETHEUS_BASE_URL") e.value = "-";
                            for (const vol of c.spec.template.spec.volumes) if (vol.secret && vol.name === "prom-ca") vol.secret.secretName = "-";
                        }
                        return c;
                    };
                    assert.deepEqual(strip(got), strip(v), `${v.kind} ${name}`);
                    assert.deepEqual({ ...got.metadata.labels }, { ...(v.metadata.labels ?? {}), ...got.metadata.labels }, "upstream labels kept");
                }
                assert.equal(objects.filter((o) => o.kind === "Namespace").length, 1, "only the stack's namespace");
            });

            it("every binding names a role and service account that exist where it says", () => {
                const bindings = installed.filter((o) => o.kind.endsWith("Binding"));
                assert.ok(bindings.length >= 5);
                for (const b of bindings) {
                    const role = objects.find((o) => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name);
                    assert.ok(role, `${b.metadata.name} -> ${b.roleRef.kind} ${b.roleRef.name}`);
                    for (const s of b.subjects) {
                        if (s.namespace === "team-a") assert.ok(objects.some((o) => o.kind === "ServiceAccount" && o.metadata.name === s.name && o.metadata.namespace === "team-a"), `${b.metadata.name}: ${s.name}`);
                        else assert.deepEqual([s.namespace, s.name], ["llm-d-monitoring", "llmd-kube-prometheus-stack-prometheus"], "the only outside subject is Prometheus");
                    }
                }
            });

            it("runs the release's controller image, watching the stack's namespace, on the stack's Prometheus and CA", () => {
                const dep = installed.find((o) => o.kind === "Deployment")!;
                const c = dep.spec.template.spec.containers[0];
                assert.equal(c.image, `ghcr.io/llm-d/llm-d-workload-variant-autoscaler:${release === "v0.8.1" ? "v0.8.0" : "v0.9.0"}`);
                assert.ok(c.args.includes("--watch-namespace=$(POD_NAMESPACE)"));
                assert.equal(c.env.find((e: Json) => e.name === "PROMETHEUS_BASE_URL").value, "https://prom.monitoring.svc:9091");
                assert.equal(spec.wva!.prometheusUrl, "https://prom.monitoring.svc:9091");
                assert.equal(dep.spec.template.spec.volumes.find((v: Json) => v.name === "prom-ca").secret.secretName, "prom-ca");
                // The pod labels the picker's NetworkPolicy lets in for the scale-from-zero scrape.
                const epp = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "qwen-epp")!;
                assert.ok(epp.spec.ingress.some((r: Json) => r.from?.some((p: Json) => Object.entries(p.podSelector?.matchLabels ?? {}).every(([k, v]) => dep.spec.template.metadata.labels[k] === v) && p.podSelector)));
            });

            it("installs the VariantAutoscaling CRD only where the guide does, kept on destroy", () => {
                const crds = installed.filter((o) => o.kind === "CustomResourceDefinition");
                if (release === "v0.8.1") {
                    assert.deepEqual(crds.map((c) => c.metadata.name), ["variantautoscalings.llmd.ai"]);
                    assert.equal(deployOptions(crds[0] as K8sObject)?.retainOnDelete, true);
                } else assert.equal(crds.length, 0, "v0.9.0's guide installs no CRD");
            });

            it("scales the model server through WVA the way the release's guide does", () => {
                const [a, ...more] = checkManagedAutoscalers(objects);
                assert.equal(more.length, 0);
                if (release === "v0.8.1") {
                    assert.equal(a.kind, "HorizontalPodAutoscaler");
                    assert.equal(a.spec.metrics[0].external.metric.name, WVA_METRIC);
                    assert.equal(a.spec.metrics[0].external.metric.selector.matchLabels.variant_name, a.metadata.name);
                } else {
                    assert.equal(a.kind, "ScaledObject");
                    const [t, ...others] = a.spec.triggers;
                    assert.equal(others.length, 0);
                    assert.equal(t.metricType, "AverageValue", "a Value target would multiply the desired replicas by the current ones");
                    assert.equal(t.metadata.query, `${WVA_METRIC}{variant_name="${a.metadata.name}",namespace="team-a"}`);
                    assert.equal(t.metadata.threshold, "1");
                    assert.equal(a.spec.fallback.behavior, "currentReplicasIfHigher");
                    assert.equal(objects.filter((o) => o.kind === "HorizontalPodAutoscaler").length, 0, "KEDA owns the HPA");
                }
            });
        });
    }

    it("two stacks in two namespaces install without a cluster-scoped name in common", () => {
        const names = (ns: string) => new Set(build({ namespace: ns }).objects.filter((o) => isWva(o) && !o.metadata.namespace).map((o) => o.metadata.name));
        const a = names("team-a");
        assert.ok(a.size > 0);
        for (const n of names("team-b")) assert.ok(!a.has(n), n);
    });

    it("uses the configured Prometheus ServiceAccount for the metrics-reader binding", () => {
        const { objects } = build({ wva: { prometheusServiceAccount: "monitoring/prom" } });
        const b = objects.find((o) => o.kind === "ClusterRoleBinding" && o.roleRef.name.endsWith("-wva-metrics-reader"))!;
        assert.deepEqual(b.subjects, [{ kind: "ServiceAccount", name: "prom", namespace: "monitoring" }]);
    });

    it("installs nothing when the cluster runs WVA already, and keeps the autoscaler", () => {
        const { objects } = build({ cluster: { ...CLUSTER, workloadVariantAutoscaler: true } });
        assert.equal(objects.filter(isWva).length, 0);
        assert.equal(checkManagedAutoscalers(objects).length, 1);
    });

    it("installs nothing for stacks without a WVA service", () => {
        const { spec } = resolveConfig({ cluster: CLUSTER, services: [{ ...SERVICE, autoscaling: { maxReplicas: 2 } }] });
        assert.equal(spec.wva, undefined);
        assert.deepEqual(buildWva(spec), []);
    });

    it("warns that v0.9.0's guide deprecates Prometheus Adapter for WVA", () => {
        const { warnings, objects } = build({ services: [{ ...SERVICE, autoscaling: { metric: "wva", maxReplicas: 4, adapter: "prometheus-adapter" } }] });
        assert.ok(warnings.some((w) => /autoscaling\.adapter: prometheus-adapter: .*deprecates Prometheus Adapter/.test(w)));
        assert.equal(checkManagedAutoscalers(objects)[0].kind, "HorizontalPodAutoscaler");
    });

    it("refuses bad input by field, before anything is built", () => {
        assert.match(issuesOf({ release: "v0.8.1", services: [{ ...SERVICE, autoscaling: { metric: "wva", maxReplicas: 2, adapter: "keda" } }] })[0], /autoscaling\.adapter: got "keda"; expected prometheus-adapter with metric wva on llm-d v0\.8\.1.*release v0\.9\.0 adds KEDA/);
        assert.match(issuesOf({ services: [{ ...SERVICE, autoscaling: { metric: "wva", maxReplicas: 2, adapter: "gke-managed-prometheus" } }] })[0], /autoscaling\.adapter: got "gke-managed-prometheus"; expected keda or prometheus-adapter with metric wva on llm-d v0\.9\.0/);
        assert.match(issuesOf({ wva: { prometheusUrl: "http://prometheus:9090" } })[0], /^- wva\.prometheusUrl: got "http:\/\/prometheus:9090"; expected an https:\/\/ URL/);
        assert.match(issuesOf({ wva: { prometheusServiceAccount: "prometheus" } })[0], /^- wva\.prometheusServiceAccount: got "prometheus"; expected namespace\/name/);
        assert.match(issuesOf({ wva: {}, services: [{ ...SERVICE, autoscaling: { maxReplicas: 2 } }] })[0], /^- wva: got \{\}; expected a service with autoscaling\.metric: wva/);
        assert.match(issuesOf({ cluster: { keda: true } }).join("\n"), /cluster\.prometheusOperator: got false; expected the Prometheus Operator CRDs: the WVA controller/);
        assert.match(issuesOf({ cluster: { ...CLUSTER, workloadVariantAutoscaler: true }, platform: { installWorkloadVariantAutoscaler: true } })[0], /platform\.installWorkloadVariantAutoscaler: got true; expected not to install the Workload Variant Autoscaler/);
        assert.match(issuesOf({ cluster: { ...CLUSTER, workloadVariantAutoscaler: true }, wva: { prometheusCaSecret: "ca" } })[0], /^- wva: .*expected no controller settings when the stack does not install WVA/);
    });

    it("wva.yaml deploys the controller and a managed ScaledObject", () => {
        const { spec } = resolveConfig(loadExample("wva.yaml"), "wva.yaml");
        const objects = allObjects(buildStack(spec)) as Json[];
        assert.equal(checkManagedAutoscalers(objects)[0].kind, "ScaledObject");
        assert.equal(objects.filter((o) => o.kind === "Deployment" && o.metadata.name === "wva-controller-manager").length, 1);
    });
});

describe("WVA under the Pulumi mock runtime", function () {
    this.timeout(60_000);
    it("v0.8.1: the CRD is a typed CustomResourceDefinition kept on destroy; WVA's token Secret is created without a Hugging Face token", async () => {
        const run = await runOffline({ release: "v0.8.1", cluster: CLUSTER, services: [SERVICE] });
        const crd = run.details.get("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition::variantautoscalings.llmd.ai");
        assert.ok(crd, "registered with the typed class");
        assert.equal(crd.options.retainOnDelete, true);
        const token = run.details.get("kubernetes:core/v1:Secret::llm-d/wva-epp-metrics-token");
        assert.ok(token);
        assert.equal((token.inputs as Json).type, "kubernetes.io/service-account-token");
        assert.ok(!run.details.has("kubernetes:core/v1:Secret::llm-d/llm-d-hf-token"), "no token given: no Hugging Face Secret");
        const dep = run.details.get("kubernetes:apps/v1:Deployment::llm-d/wva-controller-manager");
        assert.ok(dep);
    });
    it("with a Hugging Face token, the token lands in its own Secret and never in WVA's", async () => {
        const run = await runOffline({ cluster: CLUSTER, services: [SERVICE] }, "plan", "hf_secret_value");
        const wvaSecret = JSON.stringify(run.details.get("kubernetes:core/v1:Secret::llm-d/wva-epp-metrics-token")?.inputs ?? {});
        assert.ok(!wvaSecret.includes("hf_secret_value"));
        assert.ok(run.details.has("kubernetes:core/v1:Secret::llm-d/llm-d-hf-token"));
    });
});

describe("WVA: the vendored install is the guide's render", () => {
    for (const release of ["v0.8.1", "v0.9.0"]) {
        it(`${release}: names the guide, the WVA commit and the script that rendered it`, () => {
            const src = getRelease(release).wva.install.source;
            assert.match(src.guide, /^llm-d\/llm-d@[0-9a-f]{40}:guides\/workload-autoscaling\/.*platform\/k8s/);
            assert.match(src.wva, /^llm-d\/llm-d-workload-variant-autoscaler@[0-9a-f]{40} /);
            assert.match(src.remote, new RegExp(`\\?ref=release-${release.slice(1, 4)}$`));
            assert.equal(src.rendered, "scripts/vendor-wva.mjs");
        });
    }
    // Re-renders with kubectl kustomize where the upstream checkouts are at hand (the development
    // machine); elsewhere there is nothing to render from.
    const mirrors = process.env.UPSTREAM_MIRRORS ?? "/work/.mirror";
    const canRender = fs.existsSync(path.join(mirrors, "deanlorenz+llm-d-workload-variant-autoscaler")) && (() => {
        try {
            execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
            return true;
        } catch {
            return false;
        }
    })();
    (canRender ? it : it.skip)("re-renders byte-identically from the upstream checkouts", function () {
        this.timeout(60_000);
        for (const release of ["v0.8.1", "v0.9.0"]) execFileSync("node", [path.join(ROOT, "scripts/vendor-wva.mjs"), release, "--check"], { stdio: "pipe" });
    });
});
