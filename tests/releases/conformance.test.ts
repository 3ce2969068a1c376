// Every example config under every release, checked against that release's real upstream artifacts
// (tests/fixtures/upstream/<release>/): CRD schemas and their offline CEL rules, vLLM / picker /
// sidecar / simulator flags and value types, router plugins and parameters, Helm chart values,
// extended resource names. A finding fails the test; a deprecation warning must be one the
// release module declares. The second half shows the checker refusing what upstream refuses.
import assert from "node:assert/strict";
import * as path from "node:path";
import { RELEASES, getRelease } from "../../components/catalog/releases";
import { ConfigError } from "../../components/config/errors";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { StackSpec } from "../../components/config/spec";
import { Finding, assertConformance, checkConformance, parseFlags, scriptCommandArgs, valueMatches } from "../../components/conformance";
import { validateAgainstSchema } from "../../components/conformance/schema";
import { upstreamData } from "../../components/conformance/upstream";
import { BuiltStack, K8sObject, buildStack } from "../../components/manifests";
import { ROOT, exampleConfigFiles, refusedBy } from "../support/fixtures";

function build(config: unknown): { spec: StackSpec; built: BuiltStack } {
    const { spec } = resolveConfig(config);
    return { spec, built: buildStack(spec) };
}

/** The names a deprecation warning is about: a plugin type or a flag. */
function subjectOf(f: Finding): string | undefined {
    return /plugin (\S+) is deprecated/.exec(f.message)?.[1] ?? /^(--?[\w-]+) is deprecated/.exec(f.message)?.[1];
}

const configs = [...exampleConfigFiles(), path.join(ROOT, "examples", "default", "llmd.yaml")];

describe("conformance: every example under every release against that release's upstream artifacts", () => {
    for (const release of RELEASES) {
        describe(`llm-d ${release.name}`, () => {
            for (const file of configs) {
                it(path.basename(file), function () {
                    const config = { ...(loadConfigFile(file) as object), release: release.name };
                    // A release without the example's feature refuses it by name (checked in refusedBy).
                    if (refusedBy(config, release.name)) {
                        assert.ok(RELEASES.some((r) => r.name !== release.name && !refusedBy(config, r.name)), `${path.basename(file)}: no release accepts it`);
                        return;
                    }
                    const { spec, built } = build(config);
                    const findings = checkConformance(spec, built);
                    const errors = findings.filter((f) => f.severity === "error");
                    assert.deepEqual(errors, [], errors.map((f) => `${f.subject} ${f.path}: ${f.message}`).join("\n"));
                    for (const w of findings.filter((f) => f.severity === "warning")) {
                        const name = subjectOf(w);
                        assert.ok(name, `unexpected warning: ${w.subject} ${w.path}: ${w.message}`);
                        assert.ok(
                            release.deprecations.some((d) => d.what.endsWith(` ${name}`)),
                            `${release.name} deprecates ${name} upstream but its module does not say so: ${w.message}`,
                        );
                    }
                });
            }
        });
    }
});

describe("conformance: the checks refuse what upstream refuses", () => {
    const pd = () => loadConfigFile(path.join(ROOT, "examples", "configs", "pd-disaggregation.yaml")) as Record<string, any>;
    const findObject = (built: BuiltStack, kind: string, name: string): any => {
        const o = [...built.shared, ...built.services.flatMap((s) => [...s.scheduler, ...s.modelServers])].find((x) => x.kind === kind && x.metadata.name === name);
        assert.ok(o, `${kind}/${name}`);
        return o;
    };
    const errorsOf = (spec: StackSpec, built: BuiltStack) => checkConformance(spec, built).filter((f) => f.severity === "error");

    it("a vLLM flag the release's vLLM lacks, from the user, is an error naming the field and the release", () => {
        const cfg = pd();
        cfg.services[0].decode.extraArgs = ["--max-num-seqs=128", "--enable-magic"];
        const { spec, built } = build(cfg);
        const errs = errorsOf(spec, built);
        assert.equal(errs.length, 1, JSON.stringify(errs));
        assert.equal(errs[0].subject, "services[0].decode.extraArgs[1]");
        assert.match(errs[0].message, /--enable-magic is not a flag of vLLM v0\.26\.0 in llm-d v0\.9\.0/);
        assert.throws(() => assertConformance(spec, built, "x.yaml"), (e: unknown) => e instanceof ConfigError && /services\[0\]\.decode\.extraArgs\[1\]: got "--enable-magic"/.test(e.message));
    });

    it("a flag value of the wrong type is an error (an int flag given a word)", () => {
        const cfg = pd();
        cfg.services[0].prefill.extraArgs = ["--max-num-seqs", "many"];
        const { spec, built } = build(cfg);
        assert.match(errorsOf(spec, built).map((f) => f.message).join("\n"), /--max-num-seqs=many: vLLM v0\.26\.0 parses it as an int/);
    });

    it("a scheduler flag the picker does not define is an error naming scheduler.extraArgs", () => {
        const cfg = pd();
        cfg.services[0].scheduler = { extraArgs: ["--kv-cache-usage-percentage-metric=vllm:kv_cache_usage_perc", "--no-such-flag=1"] };
        const { spec, built } = build(cfg);
        const errs = errorsOf(spec, built);
        // Router v0.10.0 still defines the *-metric flags but its Validate() refuses them: the fixture marks them, the flag itself exists.
        assert.ok(errs.some((f) => f.subject === "services[0].scheduler.extraArgs[1]" && /--no-such-flag is not a flag of the endpoint picker/.test(f.message)));
    });

    it("a plugin parameter the router does not read is an error naming pluginParameters", () => {
        const cfg = pd();
        cfg.services[0].scheduler = { pluginParameters: { "approx-prefix-cache-producer": { lruCapacityPerServr: 5 } } };
        const { spec, built } = build(cfg);
        const errs = errorsOf(spec, built);
        assert.equal(errs[0].subject, "services[0].scheduler.pluginParameters.approx-prefix-cache-producer");
        assert.match(errs[0].message, /unknown parameter lruCapacityPerServr .*lruCapacityPerServer/);
    });

    it("a plugin type the router does not register, and a removed sidecar flag, are errors", () => {
        const { spec, built } = build(pd());
        const cm = findObject(built, "ConfigMap", "gpt-oss-epp-config");
        cm.data["endpoint-picker.yaml"] = cm.data["endpoint-picker.yaml"].replace("type: token-load-scorer", "type: token-lode-scorer");
        const decode = findObject(built, "Deployment", "gpt-oss-decode");
        decode.spec.template.spec.initContainers[0].args.push("--connector=nixlv2");
        const msgs = errorsOf(spec, built).map((f) => f.message).join("\n");
        assert.match(msgs, /plugin type token-lode-scorer is not registered by the router v0\.10\.0/);
        assert.match(msgs, /--connector is not a flag of the routing sidecar \(router v0\.10\.0\)/);
    });

    it("a deprecated sidecar flag that still works is a warning, not an error", () => {
        const { spec, built } = build(pd());
        findObject(built, "Deployment", "gpt-oss-decode").spec.template.spec.initContainers[0].args.push("--vllm-port=8200");
        const f = checkConformance(spec, built);
        assert.deepEqual(f.filter((x) => x.severity === "error"), []);
        assert.ok(f.some((x) => x.severity === "warning" && /--vllm-port is deprecated/.test(x.message)));
    });

    it("a simulator latency written as a bare number is refused: llm-d-inference-sim parses Go durations", () => {
        const { spec, built } = build({ services: [{ name: "s", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" }, simulator: { timeToFirstTokenMs: 50 } }] });
        const sim = findObject(built, "Deployment", "s-decode").spec.template.spec.containers[0];
        assert.ok(sim.args.includes("--time-to-first-token=50ms"));
        assert.deepEqual(errorsOf(spec, built), []);
        sim.args = sim.args.map((a: string) => a.replace("=50ms", "=50"));
        assert.match(errorsOf(spec, built).map((f) => f.message).join("\n"), /--time-to-first-token=50: llm-d-inference-sim v0\.10\.2 parses it as a Go duration/);
    });

    it("a custom resource field the CRD does not define, a bad enum and a broken CEL rule are errors", () => {
        const { spec, built } = build({ gateway: { provider: "gke-external" }, services: [{ name: "g", model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, accelerator: { chip: "nvidia-h100-80gb" } }] });
        const pool = findObject(built, "InferencePool", "g");
        pool.spec.targetPortz = pool.spec.targetPorts;
        const route = findObject(built, "HTTPRoute", "g");
        route.spec.rules[0].matches = [{ path: { type: "Wildcard", value: "/" } }];
        const hc = findObject(built, "HealthCheckPolicy", "g");
        delete hc.spec.default.config.httpHealthCheck.portSpecification;
        const msgs = errorsOf(spec, built).map((f) => `${f.subject} ${f.path}: ${f.message}`).join("\n");
        assert.match(msgs, /InferencePool\/llm-d\/g spec\.targetPortz: unknown field/);
        assert.match(msgs, /HTTPRoute\/llm-d\/g spec\.rules\[0\]\.matches\[0\]\.path\.type: "Wildcard" is not one of/);
        assert.match(msgs, /HealthCheckPolicy\/llm-d\/g .*port and portName must be unset for portSpecification being USE_SERVING_PORT/);
    });

    it("a Helm value the chart does not have is an error; values under a map the templates take whole are not", () => {
        const { spec, built } = build(pd());
        const istiod = built.charts.find((c) => c.name === "istiod")!;
        assert.deepEqual(errorsOf(spec, built), [], "meshConfig.defaultConfig and env are open maps of istiod 1.29.2");
        (istiod.values as any).pilot = { env: { X: "1" } };
        assert.match(errorsOf(spec, built).map((f) => f.message).join("\n"), /pilot is not a value of chart istiod-1\.29\.2/);
    });

    it("an extended resource must be <domain>/<name> with requests equal to limits", () => {
        const { spec, built } = build(pd());
        const c = findObject(built, "Deployment", "gpt-oss-prefill").spec.template.spec.containers[0];
        c.resources.limits.gpu = "1";
        c.resources.requests["nvidia.com/gpu"] = "2";
        const msgs = errorsOf(spec, built).map((f) => f.message).join("\n");
        assert.match(msgs, /gpu is not a fully qualified extended resource name/);
        assert.match(msgs, /nvidia\.com\/gpu: requests 2 and limits 1 must be equal/);
    });
});

describe("conformance: building blocks", () => {
    it("reads vllm serve arguments out of a wide-EP script, quotes removed and continuations joined", () => {
        const script = "find /dev/shm -type f -delete\nexec vllm serve \\\n  'deepseek-ai/DeepSeek-R1' \\\n  \"--data-parallel-size=$((LWS_GROUP_SIZE * 8))\" \\\n  '--kv-transfer-config={\"a\": 1}'";
        assert.deepEqual(scriptCommandArgs(script, "vllm serve"), ["deepseek-ai/DeepSeek-R1", "--data-parallel-size=$((LWS_GROUP_SIZE * 8))", '--kv-transfer-config={"a": 1}']);
    });
    it("pairs space-separated values with the flags that take them", () => {
        const flags = parseFlags(["model", "--max-num-seqs", "8", "--enforce-eager", "--port=9"], (n) => n !== "--enforce-eager");
        assert.deepEqual(flags.map((f) => [f.name, f.value]), [["--max-num-seqs", "8"], ["--enforce-eager", undefined], ["--port", "9"]]);
    });
    it("parses Go durations and numbers as the binaries do", () => {
        for (const ok of ["50ms", "1h2m", "0", "1.5s"]) assert.ok(valueMatches("duration", ok), ok);
        for (const bad of ["50", "ms", "1d"]) assert.ok(!valueMatches("duration", bad), bad);
        assert.ok(valueMatches("int", "-3") && !valueMatches("int", "3.5") && valueMatches("float", "0.95") && !valueMatches("bool", "yes"));
    });
    it("applies CRD defaults before CEL, as the API server does", () => {
        const schema = {
            type: "object",
            properties: { spec: { type: "object", properties: { mode: { type: "string", default: "a" }, n: { type: "integer" } }, "x-kubernetes-validations": [{ rule: "self.mode == 'a' ? self.n > 0 : true", message: "n must be positive in mode a" }] } },
        };
        assert.deepEqual(validateAgainstSchema({ spec: { n: 1 } }, schema).issues, []);
        assert.match(validateAgainstSchema({ spec: { n: 0 } }, schema).issues[0].message, /n must be positive/);
        assert.equal(validateAgainstSchema({ spec: { n: 1 } }, schema).celEvaluated, 1);
    });
    it("has upstream data for every release: CRDs, charts, router, flags", () => {
        for (const r of RELEASES) {
            const d = upstreamData(r.name);
            assert.ok(Object.keys(d.crds).length >= 20 && Object.keys(d.charts).length >= 12, r.name);
            assert.ok(d.router && d.epp && d.sidecar && d.simulator && d.vllm && d.routerMetrics, r.name);
            assert.equal(getRelease(r.name), r);
        }
    });
});

export type { K8sObject };
