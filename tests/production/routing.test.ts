// Many models behind one gateway: the body-based router, a route per model matching its
// header, LoRA adapters routed to their base model's pool, and neighbours left untouched.
import assert from "node:assert/strict";
import { resolveConfig } from "../../components/config/resolve";
import { BODY_BASED_ROUTER } from "../../components/catalog/versions";
import { renderFiles } from "../../provider/render";
import { assertValidObjects } from "../support/validate";
import { build, find, gpu, ofKind, sim } from "./helpers";

const headerMatches = (route: any) => route.spec.rules[0].matches.map((m: any) => m.headers?.[0] && `${m.headers[0].name}=${m.headers[0].value}`);

describe("many models on one gateway", () => {
    const two = build({ services: [gpu("llama"), sim("qwen")] });

    it("installs the pinned body-based router once, for the shared gateway", () => {
        const built = require("../../components/manifests").buildStack(two.spec);
        const bbr = built.charts.filter((c: any) => c.name === "body-based-router");
        assert.equal(bbr.length, 1);
        assert.equal(bbr[0].version, "v1.5.0");
        assert.equal(bbr[0].chart, "oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing");
        assert.deepEqual(bbr[0].values.inferenceGateway, { name: "llm-d-inference-gateway" });
        const one = require("../../components/manifests").buildStack(build({ services: [sim("qwen")] }).spec);
        assert.ok(!one.charts.some((c: any) => c.name === "body-based-router"), "one model needs no router");
    });

    it("routes each model by the header the router sets, to its own pool", () => {
        for (const [svc, served] of [["llama", "llama"], ["qwen", "org/qwen"]]) {
            const route = find(two.objects, "HTTPRoute", svc);
            assert.deepEqual(headerMatches(route), [`X-Gateway-Model-Name=${served}`]);
            assert.deepEqual(route.spec.rules[0].backendRefs, [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: svc }]);
            assert.equal(route.spec.parentRefs[0].name, "llm-d-inference-gateway");
        }
        assert.equal(ofKind(two.objects, "Gateway").length, 1);
        assert.equal(ofKind(two.objects, "InferencePool").length, 2);
        assertValidObjects(two.objects);
    });

    it("rejects two services answering to the same model name", () => {
        assert.throws(() => resolveConfig({ services: [gpu("a", { model: { id: "x/y", servedName: "m" } }), gpu("b", { model: { id: "x/z", servedName: "m" } })] }), /services\[1\]\.model\.servedName: got "m"; expected a model name not already routed by services\[0\]/);
    });
});

describe("LoRA adapters", () => {
    const adapters = [
        { name: "sql-lora", source: "yard1/llama-2-7b-sql-lora-test" },
        { name: "tweet-lora", source: "/adapters/tweet" },
    ];
    const cfg = { services: [gpu("llama", { model: { id: "meta-llama/Llama-3.1-8B-Instruct", servedName: "llama", loraAdapters: adapters, maxLoraRank: 64 } }), sim("qwen")] };
    const { objects } = build(cfg);

    it("loads every adapter in vLLM at start with its base model", () => {
        const args: string[] = find(objects, "Deployment", "llama-decode").spec.template.spec.containers[0].args;
        assert.ok(args.includes("--enable-lora"));
        assert.ok(args.includes("--max-loras=2"));
        assert.ok(args.includes("--max-lora-rank=64"));
        const i = args.indexOf("--lora-modules");
        assert.deepEqual(args.slice(i + 1, i + 3).map((a) => JSON.parse(a)), [
            { name: "sql-lora", path: "yard1/llama-2-7b-sql-lora-test", base_model_name: "llama" },
            { name: "tweet-lora", path: "/adapters/tweet", base_model_name: "llama" },
        ]);
    });

    it("routes adapter names and the router's base-model header to the base model's pool", () => {
        const route = find(objects, "HTTPRoute", "llama");
        assert.deepEqual(headerMatches(route), [
            "X-Gateway-Model-Name=llama",
            `${BODY_BASED_ROUTER.baseModelHeader}=llama`,
            "X-Gateway-Model-Name=sql-lora",
            "X-Gateway-Model-Name=tweet-lora",
        ]);
        assert.equal(route.spec.rules[0].backendRefs[0].name, "llama");
        assert.deepEqual(headerMatches(find(objects, "HTTPRoute", "qwen")), ["X-Gateway-Model-Name=org/qwen"]);
    });

    it("gives the body-based router its adapter -> base model map", () => {
        const cm = find(objects, "ConfigMap", "llama-lora-adapters");
        assert.equal(cm.metadata.labels["inference.networking.k8s.io/bbr-managed"], "true");
        assert.equal(cm.data.baseModel, "llama");
        assert.deepEqual(require("yaml").parse(cm.data.adapters), ["sql-lora", "tweet-lora"]);
        assertValidObjects(objects);
    });

    it("passes the adapters to the simulator too", () => {
        const o = build({ services: [sim("s", { model: { id: "org/s", loraAdapters: [{ name: "a1", source: "org/a1" }] } })] }).objects;
        const args: string[] = find(o, "Deployment", "s-decode").spec.template.spec.containers[0].args;
        assert.ok(args.includes("--max-loras=1"));
        assert.deepEqual(JSON.parse(args[args.indexOf("--lora-modules") + 1]), { name: "a1", path: "org/a1", base_model_name: "org/s" });
        assert.ok(!o.some((x) => x.metadata.name === "s-lora-adapters"), "no router map without a router");
    });

    it("rejects an adapter name another model already answers to", () => {
        const bad = { services: [gpu("a", { model: { id: "x/y", servedName: "m", loraAdapters: [{ name: "n", source: "x/n" }] } }), gpu("b", { model: { id: "x/z", servedName: "n" } })] };
        assert.throws(() => resolveConfig(bad), /services\[0\]\.model\.loraAdapters\[0\]\.name: got "n"; expected a model name not already routed by services\[1\]\.model\.servedName/);
    });
});

describe("many models on gateways the body-based router does not wire into", () => {
    const lora = { model: { id: "org/llama", servedName: "llama", loraAdapters: [{ name: "sql-lora", source: "org/sql" }] } };
    const cluster = { prometheusOperator: true };

    it("agentgateway: its own PreRouting transformation sets the header every route matches; no router, no router map", () => {
        const { spec, objects } = build({ gateway: { provider: "agentgateway" }, cluster, services: [gpu("llama", lora), sim("qwen")] });
        const built = require("../../components/manifests").buildStack(spec);
        assert.ok(!built.charts.some((c: any) => c.name === "body-based-router"), "the router's chart has no agentgateway wiring");
        assert.ok(!objects.some((o) => o.metadata.name === "llama-lora-adapters"));
        const [policy, ...more] = ofKind(objects, "AgentgatewayPolicy") as any[];
        assert.equal(more.length, 0);
        assert.deepEqual(policy.spec.targetRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: spec.gateway.name }]);
        assert.equal(policy.spec.traffic.phase, "PreRouting");
        const [set] = policy.spec.traffic.transformation.request.set;
        assert.deepEqual(set, { name: BODY_BASED_ROUTER.modelHeader, value: "json(request.body).model" });
        // Every route's model matches read the header the policy sets (adapters included), so each request finds its pool.
        for (const route of ofKind(objects, "HTTPRoute") as any[]) {
            const names = new Set(route.spec.rules[0].matches.map((m: any) => m.headers[0].name));
            assert.ok(names.has(set.name), route.metadata.name);
        }
        assert.ok(headerMatches(find(objects, "HTTPRoute", "llama")).includes(`${set.name}=sql-lora`));
        assertValidObjects(objects);
        const { checkConformance } = require("../../components/conformance");
        assert.deepEqual(checkConformance(spec, built), [], "the vendored agentgateway v1.1.0 CRD accepts it, CEL rules included");
    });

    it("agentgateway with one model sets nothing", () => {
        assert.equal(ofKind(build({ gateway: { provider: "agentgateway" }, cluster, services: [sim("qwen")] }).objects, "AgentgatewayPolicy").length, 0);
    });

    it("kgateway with several models is refused: nothing would set the header its routes match", () => {
        assert.throws(
            () => resolveConfig({ gateway: { provider: "kgateway" }, cluster, services: [gpu("a"), sim("b")] }),
            /gateway\.provider: got "kgateway"; expected a gateway that routes several models by the request's model field \(2 services share it\)/,
        );
        assert.doesNotThrow(() => resolveConfig({ gateway: { provider: "kgateway" }, cluster, services: [gpu("a")] }));
    });
});

describe("changing one service leaves its neighbours byte-identical", () => {
    const base = [gpu("alpha"), sim("beta", { path: "precise-prefix-cache" }), sim("gamma"), gpu("delta")];
    /** Rendered files of one service, keyed without the apply-order prefix (it shifts as objects come and go). */
    function filesOf(services: unknown[], name: string): Map<string, string> {
        const out = new Map<string, string>();
        const objects = renderFiles(resolveConfig({ services }).spec);
        for (const f of objects) {
            if (!f.file.endsWith(".yaml")) continue;
            const doc = require("yaml").parse(f.content.replace(/^#.*\n/, "")) ?? {};
            const inst = doc?.metadata?.labels?.["app.kubernetes.io/instance"];
            if (inst === name) out.set(f.file.replace(/^\d+-/, ""), f.content);
        }
        assert.ok(out.size > 5, `no files for ${name}`);
        return out;
    }
    const before = Object.fromEntries(["alpha", "beta", "gamma", "delta"].map((n) => [n, filesOf(base, n)]));
    const same = (after: unknown[], names: string[]) => {
        for (const n of names) assert.deepEqual(filesOf(after, n), before[n], `${n} changed`);
    };

    it("adding a service", () => same([...base, sim("epsilon")], ["alpha", "beta", "gamma", "delta"]));
    it("removing a service", () => same([base[0], base[2], base[3]], ["alpha", "gamma", "delta"]));
    it("resizing a service", () => {
        const resized = [base[0], base[1], { ...base[2], decode: { replicas: 7 } }, { ...base[3], decode: { replicas: 5, tensorParallel: 2 } }];
        same(resized, ["alpha", "beta"]);
        assert.notDeepEqual(filesOf(resized, "gamma"), before.gamma, "the resized service itself changes");
    });
    it("adding LoRA adapters to one service", () => {
        const withLora = [base[0], base[1], { ...base[2], model: { id: "org/gamma", loraAdapters: [{ name: "g-lora", source: "org/g-lora" }] } }, base[3]];
        same(withLora, ["alpha", "beta", "delta"]);
    });
});
