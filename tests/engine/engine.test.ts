// What a real `pulumi up` does that Pulumi's mocks do not, encoded on the options, annotations and
// objects the components register (pulumi-kubernetes and engine behaviour, as cited):
//  - Deployments are awaited for 10 minutes unless customTimeouts or pulumi.com/timeoutSeconds say
//    otherwise (provider/pkg/await/await.go); customTimeouts are Go durations (no "1d");
//  - custom resources are "ready" at once unless pulumi.com/waitFor says what to wait for
//    (provider/pkg/metadata/overrides.go), so the Gateway's address never reached the outputs;
//  - pulumi.com/skipAwait counts only as the exact string "true";
//  - with server-side apply a field left out of the apply is reset (an autoscaled Deployment's
//    replicas) unless ignoreChanges keeps the live value (await.go handleSSAIgnoreFields);
//  - Secret and ConfigMap data changes replace the object unless the provider says they are mutable
//    (provider/pkg/provider/diff.go forceNewProperties);
//  - a ConfigFile's CRDs are deleted on destroy unless retainOnDelete (inherited by its children in
//    the engine, CLI >= 3.158); chart children are reached by engine-side transforms.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ResourceTransformArgs } from "@pulumi/pulumi";
import { resolveConfig } from "../../components/config/resolve";
import { IMAGE_PULL_SECONDS, NODE_PROVISION_SECONDS, rolloutBudget, startupProbeSeconds } from "../../components/manifests/engine";
import { allObjects, buildStack, deployOptions, K8sObject } from "../../components/manifests";
import { OfflineRun, runOffline } from "../../provider/offline";
import { loadExample } from "../support/fixtures";

type Json = Record<string, any>;

const GO_DURATION_SECONDS = /^\d+s$/;

function objects(config: unknown): K8sObject[] {
    return allObjects(buildStack(resolveConfig(config).spec));
}
function find(objs: K8sObject[], kind: string, name: string): Json {
    const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
    assert.ok(o, `${kind}/${name}`);
    return o as Json;
}
function detail(run: OfflineRun, type: string, name: string) {
    const d = run.details.get(`${type}::${name}`);
    assert.ok(d, `${type} ${name} registered`);
    return d;
}

const gpu = (extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
    ...top,
    services: [{ name: "g", model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, accelerator: { chip: "nvidia-h100-80gb" }, decode: { replicas: 3 }, ...extra }],
});

describe("engine: model servers get a wait budget from their start-up budget (A1)", () => {
    it("vLLM: start-up probe (15 s + 120 x 30 s) plus the image pull; all pods at once on create, one by one on update", () => {
        const objs = objects(gpu());
        const decode = find(objs, "Deployment", "g-decode");
        const probe = startupProbeSeconds(decode as K8sObject);
        assert.equal(probe, 15 + 120 * 30 + 5);
        const podStart = probe + IMAGE_PULL_SECONDS;
        assert.equal(decode.spec.progressDeadlineSeconds, podStart, "the Deployment's own deadline matches (kubectl rollout status agrees)");
        assert.deepEqual(deployOptions(decode as K8sObject)?.timeouts, { create: podStart, update: podStart * 3 });
        assert.equal(decode.metadata.annotations?.["pulumi.com/skipAwait"], undefined);
    });

    it("under mocks the Deployment is registered with customTimeouts in Go duration seconds, and llmd plan shows them", async () => {
        const run = await runOffline(gpu());
        const d = detail(run, "kubernetes:apps/v1:Deployment", "llm-d/g-decode");
        for (const v of Object.values(d.options.customTimeouts ?? {}).filter((x) => x !== undefined)) assert.match(v as string, GO_DURATION_SECONDS);
        const planned = run.resources.find((r) => r.name === "llm-d/g-decode")!;
        assert.ok(planned.timeouts!.create! > 60 * 60 && planned.timeouts!.update! === planned.timeouts!.create! * 3);
        // The picker and other objects keep the provider's default (no customTimeouts).
        assert.equal(detail(run, "kubernetes:apps/v1:Deployment", "llm-d/g-epp").options.customTimeouts, undefined);
    });

    it("adds node provisioning on a pool the stack creates, and takes an explicit podStartMinutes", () => {
        const gke = { project: "my-project", region: "us-central1", zones: ["us-central1-a"], nodePools: [{ name: "h100", machineType: "a3-highgpu-8g", nodeCount: 1 }] };
        const spec = resolveConfig({ gke, gateway: { provider: "gke-internal" }, services: [{ name: "g", model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, accelerator: { nodePool: "h100" }, decode: { replicas: 1 } }] }).spec;
        const decode = allObjects(buildStack(spec)).find((o) => o.metadata.name === "g-decode")!;
        assert.equal(rolloutBudget(spec.services[0], decode).podStart, startupProbeSeconds(decode) + IMAGE_PULL_SECONDS + NODE_PROVISION_SECONDS);
        const own = find(objects(gpu({ rollout: { podStartMinutes: 30 } })), "Deployment", "g-decode");
        assert.equal(own.spec.progressDeadlineSeconds, 1800);
    });

    it("scale-from-zero pools skip the wait by default (pulumi.com/skipAwait: \"true\"), with a warning; rollout.wait: true restores it", () => {
        const gke = { project: "my-project", region: "us-central1", zones: ["us-central1-a"], nodePools: [{ name: "flex", machineType: "a3-highgpu-8g", capacity: "flex-start", maxNodes: 2 }] };
        const cfg = (rollout?: unknown) => ({ gke, gateway: { provider: "gke-internal" }, services: [{ name: "g", model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, accelerator: { nodePool: "flex" }, ...(rollout ? { rollout } : {}) }] });
        const { spec, warnings } = resolveConfig(cfg());
        const decode = allObjects(buildStack(spec)).find((o) => o.metadata.name === "g-decode")!;
        assert.equal(decode.metadata.annotations?.["pulumi.com/skipAwait"], "true");
        assert.equal(deployOptions(decode)?.timeouts, undefined);
        assert.ok(warnings.some((w) => /rollout\.wait: false by default on scale-from-zero pool flex/.test(w)));
        const waiting = allObjects(buildStack(resolveConfig(cfg({ wait: true })).spec)).find((o) => o.metadata.name === "g-decode")!;
        assert.equal(waiting.metadata.annotations?.["pulumi.com/skipAwait"], undefined);
        assert.ok(deployOptions(waiting)?.timeouts?.create);
    });

    it("LeaderWorkerSets are awaited until Available (LWS sets that condition), within their budget", () => {
        const objs = objects(loadExample("wide-ep.yaml"));
        for (const role of ["prefill", "decode"]) {
            const lws = find(objs, "LeaderWorkerSet", `deepseek-r1-${role}`);
            assert.equal(lws.metadata.annotations["pulumi.com/waitFor"], "condition=Available");
            assert.ok(deployOptions(lws as K8sObject)?.timeouts?.create! >= 3600);
        }
    });
});

describe("engine: custom resources whose readiness matters are awaited (C1, C2)", () => {
    it("a cloud Gateway waits for its address, so gatewayAddress is filled; a kind Gateway does not wait", () => {
        const gke = find(objects(gpu({}, { gateway: { provider: "gke-external" } })), "Gateway", "llm-d-inference-gateway");
        assert.equal(gke.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.addresses[0].value}");
        assert.deepEqual(deployOptions(gke as K8sObject)?.timeouts, { create: 1200, update: 1200 });
        const kind = find(objects(gpu()), "Gateway", "llm-d-inference-gateway");
        assert.equal(kind.metadata.annotations?.["pulumi.com/waitFor"], undefined);
        const asked = find(objects(gpu({}, { gateway: { waitForAddress: true } })), "Gateway", "llm-d-inference-gateway");
        assert.ok(asked.metadata.annotations["pulumi.com/waitFor"]);
    });

    it("an HTTPRoute waits until its gateway accepts it (conditions live per parent, not in status.conditions)", () => {
        const route = find(objects(gpu()), "HTTPRoute", "g");
        assert.equal(route.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.parents[0].conditions[?(@.type=='Accepted')].status}=True");
    });

    it("every pulumi.com/waitFor is a form the provider parses, and skipAwait is only ever the string \"true\"", () => {
        for (const file of ["wide-ep.yaml", "gke-a3-ultra-pd.yaml", "simulated.yaml", "autoscaling.yaml"]) {
            for (const o of objects(loadExample(file))) {
                const a = o.metadata.annotations ?? {};
                if (a["pulumi.com/waitFor"] !== undefined) assert.match(a["pulumi.com/waitFor"], /^(condition=[A-Za-z]+(=(True|False|Unknown))?|jsonpath=\{.+\}(=.+)?)$/, `${o.kind}/${o.metadata.name}`);
                if (a["pulumi.com/skipAwait"] !== undefined) assert.equal(a["pulumi.com/skipAwait"], "true");
                assert.equal(a["pulumi.com/timeoutSeconds"], undefined, "budgets are customTimeouts, which win over the annotation");
            }
        }
    });
});

describe("engine: replicas change hands without a reset or a conflict (B2)", () => {
    const cluster = { keda: true, prometheusOperator: true };
    it("an autoscaled Deployment omits replicas and ignores changes to them: the provider applies the live count", async () => {
        const run = await runOffline(gpu({ decode: { tensorParallel: 1 }, autoscaling: { maxReplicas: 4, adapter: "keda" } }, { cluster }));
        const d = detail(run, "kubernetes:apps/v1:Deployment", "llm-d/g-decode");
        assert.deepEqual(d.options.ignoreChanges, ["spec.replicas"]);
        assert.equal((d.inputs.spec as Json).replicas, undefined);
        assert.equal((d.inputs.metadata as Json).annotations?.["pulumi.com/patchForce"], undefined);
    });
    it("a fixed Deployment takes replicas back with force (an autoscaler that owned them is gone)", async () => {
        const run = await runOffline(gpu());
        const d = detail(run, "kubernetes:apps/v1:Deployment", "llm-d/g-decode");
        assert.equal((d.inputs.metadata as Json).annotations["pulumi.com/patchForce"], "true");
        assert.equal((d.inputs.spec as Json).replicas, 3);
        assert.equal(d.options.ignoreChanges, undefined);
    });
});

describe("engine: the providers the stack creates (B4, A2, C8)", () => {
    it("update Secret and ConfigMap data in place, and adopt existing objects only when told", async () => {
        for (const adopt of [false, true]) {
            const run = await runOffline(gpu({}, { cluster: { adoptExistingObjects: adopt } }));
            const p = [...run.details.entries()].find(([k]) => k.startsWith("pulumi:providers:kubernetes::"))![1];
            // Provider inputs travel as strings (the engine's wire format for provider configuration).
            assert.equal(String(p.inputs.enableSecretMutable), "true");
            assert.equal(String(p.inputs.enableConfigMapMutable), "true");
            assert.equal(String(p.inputs.upsertExistingObjects), String(adopt));
        }
    });
    it("pin an existing cluster by its kubeconfig's API server (clusterIdentifier) and keep the contents, not the path", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-kube-"));
        const file = path.join(dir, "config");
        fs.writeFileSync(
            file,
            "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: ca}\n- name: b\n  context: {cluster: cb}\nclusters:\n- name: ca\n  cluster: {server: https://a.example:6443}\n- name: cb\n  cluster: {server: https://b.example:6443}\nusers: []\n",
        );
        const run = await runOffline(gpu({}, { existing: { kubeconfigPath: file, context: "b" } }));
        const p = [...run.details.entries()].find(([k]) => k.startsWith("pulumi:providers:kubernetes::"))![1];
        assert.equal(p.inputs.clusterIdentifier, "https://b.example:6443");
        assert.equal(p.inputs.context, "b");
        assert.notEqual(p.inputs.kubeconfig, file, "the path alone would let a changed file retarget the stack silently");
    });
});

describe("engine: destroy leaves cluster-wide CRDs; controllers keep their fields (B5, B3)", () => {
    const fakeArgs = (type: string, props: Json): ResourceTransformArgs => ({ custom: true, type, name: `x:${type}`, props, opts: {} });

    it("CRD manifests are retained on destroy by default, removed only with platform.retainCrdsOnDestroy: false", async () => {
        const kept = await runOffline(gpu());
        for (const name of ["gateway-api-crds", "inference-extension-crds", "llm-d-router-crds"]) assert.equal(detail(kept, "kubernetes:yaml/v2:ConfigFile", name).options.retainOnDelete, true, name);
        const removed = await runOffline(gpu({}, { platform: { retainCrdsOnDestroy: false } }));
        assert.equal(detail(removed, "kubernetes:yaml/v2:ConfigFile", "gateway-api-crds").options.retainOnDelete, undefined);
    });

    it("chart CRDs (Istio's, LWS's) are retained through a transform the engine applies to the chart's children", async () => {
        const run = await runOffline(loadExample("wide-ep.yaml"));
        for (const chart of ["istio-base", "lws"]) {
            const transforms = detail(run, "kubernetes:helm.sh/v4:Chart", chart).options.transforms ?? [];
            const results = await Promise.all(transforms.map((t) => t(fakeArgs("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", { metadata: { name: "x" } }))));
            assert.ok(results.some((r) => r?.opts.retainOnDelete === true), chart);
            const other = await Promise.all(transforms.map((t) => t(fakeArgs("kubernetes:apps/v1:Deployment", {}))));
            assert.ok(other.every((r) => r === undefined || r.opts.retainOnDelete !== true), `${chart}: only CRDs`);
        }
    });

    it("Istio's webhook failurePolicy is left to istiod (never applied, so a later update cannot conflict)", async () => {
        const run = await runOffline(gpu());
        for (const chart of ["istio-base", "istiod"]) {
            const transforms = detail(run, "kubernetes:helm.sh/v4:Chart", chart).options.transforms ?? [];
            let props: Json = { metadata: { name: "istiod-default-validator" }, webhooks: [{ name: "validation.istio.io", failurePolicy: "Ignore", sideEffects: "None" }] };
            for (const t of transforms) props = (await t(fakeArgs("kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration", props)))?.props ?? props;
            assert.deepEqual(props.webhooks, [{ name: "validation.istio.io", sideEffects: "None" }], chart);
        }
    });
});
