// Many models on one gateway, as examples/configs/multi-model.yaml and its simulated twin deploy
// them: the cross-component invariants between the body-based router, the HTTPRoutes, the
// InferencePools, the router's LoRA adapter map and the model servers' --lora-modules. Every
// expectation is computed from the config file itself (served names, adapters, service names),
// never read back from the rendered objects, so a builder that drifts fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { StackSpec } from "../../components/config/spec";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { main } from "../../provider/cli";
import { planStack } from "../../provider/plan";
import { ROOT } from "../support/fixtures";

const CONFIGS = path.join(ROOT, "examples", "configs");
const GPU_FILE = path.join(CONFIGS, "multi-model.yaml");
const SIM_FILE = path.join(CONFIGS, "simulated-multi-model.yaml");

/** The header names of the Inference Extension's body-based router (its body-field-to-header and base-model-to-header plugins). */
const MODEL_HEADER = "X-Gateway-Model-Name";
const BASE_MODEL_HEADER = "X-Gateway-Base-Model-Name";
const BBR_MANAGED = "inference.networking.k8s.io/bbr-managed";
const DEFAULT_GATEWAY = "llm-d-inference-gateway";

interface ExpectedService {
    name: string;
    path: string;
    served: string;
    adapters: { name: string; source: string }[];
}
interface Expected {
    namespace: string;
    gateway: string;
    provider: string;
    services: ExpectedService[];
}

/** What the config file asks for, read from its YAML only. */
function expectedFrom(raw: any): Expected {
    return {
        namespace: raw.namespace,
        gateway: raw.gateway?.name ?? DEFAULT_GATEWAY,
        provider: raw.gateway?.provider,
        services: (raw.services as any[]).map((s) => ({
            name: s.name,
            path: s.path ?? "inference-scheduling",
            served: s.model.servedName ?? s.model.id,
            adapters: (s.model.loraAdapters ?? []).map((a: any) => ({ name: a.name, source: a.source })),
        })),
    };
}

interface Example {
    file: string;
    raw: any;
    expected: Expected;
    spec: StackSpec;
    built: ReturnType<typeof buildStack>;
    objects: K8sObject[];
}

function load(file: string): Example {
    const raw = loadConfigFile(file) as any;
    const { spec } = resolveConfig(raw, file);
    const built = buildStack(spec);
    return { file, raw, expected: expectedFrom(raw), spec, built, objects: allObjects(built) };
}

const ofKind = (objects: K8sObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string): any => {
    const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
    assert.equal(found.length, 1, `${kind}/${name}: ${found.length} rendered`);
    return found[0];
};
/** "header=value" of each match of a route's rules (undefined for a match without a header). */
const headerMatches = (route: any): (string | undefined)[] =>
    route.spec.rules.flatMap((r: any) => (r.matches ?? [{}]).map((m: any) => (m.headers?.length === 1 ? `${m.headers[0].name}=${m.headers[0].value}` : undefined)));
/** Every container (init and native sidecars too) of every pod template the objects hold. */
function podTemplates(objects: K8sObject[]): { owner: string; template: any }[] {
    const out: { owner: string; template: any }[] = [];
    for (const o of objects as any[]) {
        if (o.spec?.template?.spec) out.push({ owner: `${o.kind}/${o.metadata.name}`, template: o.spec.template });
        const lws = o.spec?.leaderWorkerTemplate;
        if (lws?.leaderTemplate) out.push({ owner: `${o.kind}/${o.metadata.name} leader`, template: lws.leaderTemplate });
        if (lws?.workerTemplate) out.push({ owner: `${o.kind}/${o.metadata.name} worker`, template: lws.workerTemplate });
    }
    return out;
}
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const containersOf = (template: any): any[] => [...(template.spec.initContainers ?? []), ...(template.spec.containers ?? [])];
/** The values after `--lora-modules` up to the next flag. */
function loraModules(args: string[]): unknown[] | undefined {
    const i = args.indexOf("--lora-modules");
    if (i < 0) return undefined;
    const out: unknown[] = [];
    for (const a of args.slice(i + 1)) {
        if (a.startsWith("--")) break;
        out.push(JSON.parse(a));
    }
    return out;
}
/** The upstream chart values of the pinned body-based router (tests/fixtures/upstream: verbatim copies). */
function bbrChartDefaults(release: string, version: string): any {
    const file = path.join(ROOT, "tests", "fixtures", "upstream", release, "charts", `body-based-routing-${version}.values.yaml`);
    return parse(fs.readFileSync(file, "utf8"));
}

describe("examples: many models on one gateway (multi-model.yaml, simulated-multi-model.yaml)", () => {
    const gpu = load(GPU_FILE);
    const sim = load(SIM_FILE);

    it("the two files describe the same services, model names and LoRA adapters; only the accelerator differs", () => {
        assert.deepEqual(sim.expected.services, gpu.expected.services);
        assert.equal(sim.expected.gateway, gpu.expected.gateway);
        assert.equal(sim.expected.provider, gpu.expected.provider);
        for (const s of gpu.raw.services) assert.equal(s.accelerator.type, "nvidia", `${s.name}: multi-model.yaml runs on NVIDIA GPUs`);
        for (const s of gpu.raw.services) assert.ok(s.accelerator.chip, `${s.name}: a chip, so llmd plan sizes it`);
        for (const s of sim.raw.services) assert.equal(s.accelerator.type, "simulated", s.name);
        assert.notEqual(sim.expected.namespace, gpu.expected.namespace, "the twins can share a cluster");
    });

    for (const ex of [gpu, sim]) {
        const base = path.basename(ex.file);
        describe(base, () => {
            const exp = ex.expected;
            const withAdapters = exp.services.filter((s) => s.adapters.length > 0);

            it("starts with the schema line and has at least two services on different paths, one with LoRA adapters", () => {
                assert.equal(fs.readFileSync(ex.file, "utf8").split("\n")[0], "# yaml-language-server: $schema=../../components/config/llmd.schema.json");
                assert.ok(exp.services.length >= 2, "several models");
                assert.ok(new Set(exp.services.map((s) => s.path)).size >= 2, "on different well-lit paths");
                assert.ok(withAdapters.length >= 1, "one with LoRA adapters");
                assert.ok(withAdapters.some((s) => s.adapters.length >= 2), "several adapters on one base model");
            });

            it("every served name and adapter name is unique in the stack, and so is every service name", () => {
                const names = exp.services.flatMap((s) => [s.served, ...s.adapters.map((a) => a.name)]);
                assert.equal(new Set(names).size, names.length, names.join(", "));
                assert.equal(new Set(exp.services.map((s) => s.name)).size, exp.services.length);
            });

            it("one Gateway; every service gets its own InferencePool and HTTPRoute, attached to it and to nothing else", () => {
                const gateways = ofKind(ex.objects, "Gateway");
                assert.deepEqual(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`), [`${exp.namespace}/${exp.gateway}`]);
                assert.deepEqual(ofKind(ex.objects, "InferencePool").map((p) => p.metadata.name).sort(), exp.services.map((s) => s.name).sort());
                assert.deepEqual(ofKind(ex.objects, "HTTPRoute").map((r) => r.metadata.name).sort(), exp.services.map((s) => s.name).sort());
                for (const s of exp.services) {
                    const route = named(ex.objects, "HTTPRoute", s.name);
                    assert.equal(route.metadata.namespace, exp.namespace);
                    assert.deepEqual(route.spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: exp.gateway }], s.name);
                    for (const rule of route.spec.rules) {
                        assert.deepEqual(rule.backendRefs, [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: s.name }], `${s.name}: its own pool only`);
                    }
                }
            });

            it("each pool selects exactly its own service's model-server pods", () => {
                const templates = podTemplates(ex.objects);
                for (const s of exp.services) {
                    const sel: Record<string, string> = named(ex.objects, "InferencePool", s.name).spec.selector.matchLabels;
                    const selected = templates.filter(({ template }) => Object.entries(sel).every(([k, v]) => template.metadata?.labels?.[k] === v));
                    assert.deepEqual(selected.map((t) => t.owner), [`Deployment/${s.name}-decode`], `${s.name}: pool selector ${JSON.stringify(sel)}`);
                }
            });

            it("each route matches its model's served name on the model header, and only its own names", () => {
                for (const s of exp.services) {
                    const want = [`${MODEL_HEADER}=${s.served}`];
                    if (s.adapters.length) want.push(`${BASE_MODEL_HEADER}=${s.served}`, ...s.adapters.map((a) => `${MODEL_HEADER}=${a.name}`));
                    const got = headerMatches(named(ex.objects, "HTTPRoute", s.name));
                    assert.ok(!got.includes(undefined), `${s.name}: a match without a model header would take every model's requests`);
                    assert.deepEqual([...got].sort(), [...want].sort(), s.name);
                }
            });

            it("every LoRA adapter name appears in exactly one route: its base model's", () => {
                const routes = ofKind(ex.objects, "HTTPRoute");
                for (const s of withAdapters) {
                    for (const a of s.adapters) {
                        const holders = routes.filter((r) => headerMatches(r).some((m) => m?.endsWith(`=${a.name}`)));
                        assert.deepEqual(holders.map((r) => r.metadata.name), [s.name], a.name);
                    }
                }
            });

            it("the router's bbr-managed ConfigMap of each base model lists exactly its adapters, in the router's namespace", () => {
                const maps = ofKind(ex.objects, "ConfigMap").filter((c) => c.metadata.labels?.[BBR_MANAGED] === "true");
                assert.equal(maps.length, withAdapters.length, "one map per base model with adapters, none for the others");
                const bbr = ex.built.charts.filter((c) => c.name === "body-based-router");
                for (const s of withAdapters) {
                    const cm = maps.filter((c) => c.data?.baseModel === s.served);
                    assert.equal(cm.length, 1, `${s.served}: ${cm.length} maps`);
                    assert.equal(cm[0].metadata.namespace, exp.namespace);
                    assert.equal(cm[0].metadata.namespace, bbr[0]?.namespace, "the router (multiNamespace: false) watches only its own namespace");
                    assert.deepEqual(parse(cm[0].data.adapters), s.adapters.map((a) => a.name));
                    assert.deepEqual(Object.keys(cm[0].data).sort(), ["adapters", "baseModel"]);
                }
                for (const s of exp.services) {
                    for (const a of s.adapters) {
                        const holders = maps.filter((c) => (parse(c.data.adapters) as string[]).includes(a.name));
                        assert.equal(holders.length, 1, `${a.name} in ${holders.length} maps`);
                    }
                }
            });

            it("each model server loads exactly its adapters (--lora-modules, with its base model), the others none", () => {
                for (const s of exp.services) {
                    const container = named(ex.objects, "Deployment", `${s.name}-decode`).spec.template.spec.containers[0];
                    const args: string[] = container.args;
                    if (!s.adapters.length) {
                        assert.equal(loraModules(args), undefined, s.name);
                        assert.ok(!args.includes("--enable-lora") && !args.some((a) => a.startsWith("--max-loras")), s.name);
                        continue;
                    }
                    assert.deepEqual(
                        loraModules(args),
                        s.adapters.map((a) => ({ name: a.name, path: a.source, base_model_name: s.served })),
                        s.name,
                    );
                    assert.ok(args.includes(`--max-loras=${s.adapters.length}`), `${s.name}: every adapter resident at once`);
                    assert.equal(args.includes("--enable-lora"), ex === gpu, `${s.name}: vLLM needs --enable-lora, the simulator has no such flag`);
                    assert.ok(args.includes(`--served-model-name=${s.served}`) || args.includes(s.served), `${s.name}: serves the name its route matches`);
                }
            });

            it("the body-based router chart is in the stack and in llmd plan exactly once, for this gateway, setting the header the routes match", async () => {
                const bbr = ex.built.charts.filter((c) => /body-based-routing$/.test(c.chart));
                assert.equal(bbr.length, 1);
                assert.equal(bbr[0].name, "body-based-router");
                assert.equal(bbr[0].namespace, exp.namespace);
                assert.deepEqual(bbr[0].values, { provider: { name: exp.provider }, inferenceGateway: { name: exp.gateway } });
                // The chart's own plugin list (we pass none) is what sets the headers the routes match.
                const defaults = bbrChartDefaults(ex.spec.release.name, bbr[0].version);
                const plugins: any[] = defaults.bbr.plugins;
                assert.deepEqual(plugins.find((p) => p.type === "body-field-to-header")?.json, { fieldName: "model", headerName: MODEL_HEADER });
                assert.ok(plugins.some((p) => p.type === "base-model-to-header"), "the adapter -> base model plugin is on");
                assert.equal(defaults.bbr.multiNamespace, false);

                const { json } = await planStack(ex.raw, ex.file);
                const charts = json.resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "body-based-router");
                assert.equal(charts.length, 1, "llmd plan lists the router once");
            });
        });
    }

    describe("the simulated twin needs no GPU and no Hugging Face token", () => {
        const ACCELERATOR_RESOURCE = /(^|\/)(gpu|tpu|neuron|gaudi|i915|xe)$|nvidia|amd\.com|habana|google\.com\/tpu|rdma|efa/;

        it("no pod asks for an accelerator or is pinned to accelerator nodes", () => {
            for (const { owner, template } of podTemplates(sim.objects)) {
                for (const c of containersOf(template)) {
                    const names = [...Object.keys(c.resources?.requests ?? {}), ...Object.keys(c.resources?.limits ?? {})];
                    assert.deepEqual(names.filter((n) => ACCELERATOR_RESOURCE.test(n)), [], `${owner}/${c.name}`);
                }
                const selectors = Object.keys(template.spec.nodeSelector ?? {});
                assert.deepEqual(selectors.filter((k) => /accelerator|gpu|tpu/.test(k)), [], owner);
                assert.deepEqual((template.spec.tolerations ?? []).filter((t: any) => /gpu|tpu|nvidia/.test(t.key ?? "")), [], owner);
            }
        });

        it("no token Secret, no model server refers to it, and whatever else does can start without it", () => {
            const token = sim.spec.huggingFace.tokenSecretName;
            assert.deepEqual(ofKind(sim.objects, "Secret").map((s) => s.metadata.name), []);
            for (const s of sim.expected.services) {
                const text = JSON.stringify(named(sim.objects, "Deployment", `${s.name}-decode`));
                assert.ok(!text.includes(token) && !text.includes("HF_TOKEN"), `${s.name}-decode refers to the token`);
            }
            // The precise path's scheduler keeps an optional reference (epp.ts): it must stay optional.
            for (const { owner, template } of podTemplates(sim.objects)) {
                for (const c of containersOf(template)) {
                    for (const e of c.env ?? []) {
                        const ref = e.valueFrom?.secretKeyRef;
                        if (ref?.name === token) assert.equal(ref.optional, true, `${owner}/${c.name} env ${e.name}`);
                    }
                    assert.ok(!(c.envFrom ?? []).some((f: any) => f.secretRef?.name === token), `${owner}/${c.name} envFrom`);
                }
                assert.ok(!(template.spec.volumes ?? []).some((v: any) => v.secret?.secretName === token), `${owner} mounts the token`);
            }
            assert.ok(!("huggingFace" in sim.raw), "the twin names no token Secret");
        });

        it("the GPU file, by contrast, asks for NVIDIA GPUs and passes the token to vLLM", () => {
            for (const s of gpu.raw.services) {
                const d = named(gpu.objects, "Deployment", `${s.name}-decode`);
                const c = d.spec.template.spec.containers[0];
                assert.equal(c.resources.limits["nvidia.com/gpu"], String(s.decode.tensorParallel ?? 1), s.name);
                const hf = (c.env as any[]).find((e) => e.name === "HF_TOKEN");
                assert.equal(hf?.valueFrom?.secretKeyRef?.name, gpu.raw.huggingFace.tokenSecretName, s.name);
            }
        });
    });

    describe("a bad multi-model config names its field", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-multi-model-"));
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("two services sharing one LoRA adapter name: llmd plan exits 2 naming services[1].model.loraAdapters[0].name", async () => {
            for (const ex of [gpu, sim]) {
                const bad = JSON.parse(JSON.stringify(ex.raw));
                const [first, second] = bad.services;
                const shared = first.model.loraAdapters[0];
                second.model.loraAdapters = [{ name: shared.name, source: "org/another-adapter" }];
                const file = path.join(dir, path.basename(ex.file));
                fs.writeFileSync(file, stringify(bad));
                const r = await main(["plan", "-c", file]);
                assert.equal(r.code, 2, r.stderr);
                assert.match(r.stderr, new RegExp(`services\\[1\\]\\.model\\.loraAdapters\\[0\\]\\.name: got "${escape(shared.name)}"; expected a model name not already routed by services\\[0\\]\\.model\\.loraAdapters\\[0\\]\\.name`));
                assert.match(r.stderr, /Nothing was created/);
            }
        });

        it("an adapter named like the other service's model: exits 2 naming the adapter's field", async () => {
            const bad = JSON.parse(JSON.stringify(gpu.raw));
            const [first, second] = bad.services;
            const taken: string = second.model.servedName ?? second.model.id;
            first.model.loraAdapters[1] = { name: taken, source: "org/another-adapter" };
            const file = path.join(dir, "served-name-clash.yaml");
            fs.writeFileSync(file, stringify(bad));
            const r = await main(["plan", "-c", file]);
            assert.equal(r.code, 2, r.stderr);
            assert.match(r.stderr, new RegExp(`services\\[0\\]\\.model\\.loraAdapters\\[1\\]\\.name: got "${escape(taken)}"; expected a model name not already routed by services\\[1\\]\\.model\\.servedName`));
        });
    });
});
