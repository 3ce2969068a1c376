// `llmd diff --release`: the upgrade review between releases, and the default release.
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { diffRelease, fieldChanges } from "../../provider/diff";
import { main } from "../../provider/cli";
import { renderFiles } from "../../provider/render";
import { ROOT, exampleConfigFiles, refusedBy } from "../support/fixtures";

const allConfigs = [...exampleConfigFiles(), path.join(ROOT, "examples", "default", "llmd.yaml")];
/** Examples both releases accept; the others are refused by name (tests/releases/conformance.test.ts). */
const configs = allConfigs.filter((f) => !refusedBy(loadConfigFile(f) as Record<string, unknown>, "v0.8.1"));
const isPdLike = (cfg: any) => cfg.services.some((s: any) => s.path === "pd-disaggregation" || s.path === "wide-ep");

describe("llmd diff v0.8.1 -> v0.9.0 on every example", () => {
    for (const file of configs) {
        it(path.basename(file), () => {
            const cfg: Record<string, any> = { ...(loadConfigFile(file) as Record<string, any>), release: "v0.8.1" };
            const { json } = diffRelease(cfg, "v0.9.0", file);
            assert.equal(json.from, "v0.8.1");
            assert.equal(json.to, "v0.9.0");
            const paths = json.changed.flatMap((c) => c.paths.map((p) => `${c.id} ${p}`));
            // A changed image: the picker moves from router v0.9.0 to v0.10.0 on every stack.
            assert.ok(paths.some((p) => /^Deployment\/[^ ]+-epp spec\.template\.spec\.containers\[epp\]\.image$/.test(p)), "picker image");
            // A changed plugin list in the picker's config (tiered prefix cache kept v0.8.1's config in v0.9.0).
            if (cfg.services.some((s: any) => (s.path ?? "inference-scheduling") !== "tiered-prefix-cache")) assert.ok(paths.some((p) => /^ConfigMap\/[^ ]+-epp-config data\["endpoint-picker\.yaml"\]\.(plugins|schedulingProfiles)/.test(p)), "plugin list");
            // The router CRD manifest moves with the release (unless the cluster provides the CRDs).
            if (!(cfg.platform?.installInferenceExtensionCrds === false)) assert.ok(json.changed.some((c) => c.id === "CRDManifest/llm-d-router-crds" && c.paths.includes("version")));
            // P/D and wide-EP: the sidecar's --vllm-port goes (router v0.10.0's sidecar defaults to 8200).
            if (isPdLike(cfg)) assert.ok(paths.some((p) => /initContainers\[routing-proxy\]\.args$/.test(p)), "sidecar args");
        });
    }

    it("names the removed sidecar flag and the replaced plugins, with both values", () => {
        const cfg = { ...(loadConfigFile(path.join(ROOT, "examples", "configs", "pd-disaggregation.yaml")) as object), release: "v0.8.1" };
        const r = diffRelease(cfg, "v0.9.0", "pd");
        const sidecar = r.details.get("Deployment/llm-d-pd/gpt-oss-decode")!.find((c) => c.path.endsWith("initContainers[routing-proxy].args"))!;
        assert.ok((sidecar.before as string[]).includes("--vllm-port=8200"));
        assert.ok(!(sidecar.after as string[]).includes("--vllm-port=8200"));
        const epp = r.details.get("ConfigMap/llm-d-pd/gpt-oss-epp-config")!.map((c) => c.path);
        assert.ok(epp.includes('data["endpoint-picker.yaml"].plugins[disagg-headers-handler]'), epp.join("\n"));
        assert.ok(epp.includes('data["endpoint-picker.yaml"].plugins[token-load-scorer]'));
    });

    it("a config diffed against its own release is empty", () => {
        for (const file of configs) {
            for (const release of ["v0.8.1", "v0.9.0"]) {
                const { json } = diffRelease({ ...(loadConfigFile(file) as object), release }, release, file);
                assert.deepEqual([json.added, json.removed, json.changed], [[], [], []], `${path.basename(file)} ${release}`);
            }
        }
    });

    it("lists the precise path's tokenizer Deployment as removed and its Service as changed", () => {
        const cfg = { ...(loadConfigFile(path.join(ROOT, "examples", "configs", "precise-prefix-cache.yaml")) as object), release: "v0.8.1" };
        const { json } = diffRelease(cfg, "v0.9.0", "p");
        assert.ok(json.removed.includes("Deployment/llm-d-precise/qwen3-32b-render"), json.removed.join(", "));
        assert.ok(json.changed.some((c) => c.id === "Service/llm-d-precise/qwen3-32b-render" && c.paths.some((p) => p.startsWith("spec.selector"))));
    });

    it("matches list items by name, and compares config files inside strings as documents", () => {
        const a = { spec: { containers: [{ name: "a", image: "x:1" }, { name: "b", args: ["--p=1"] }] }, data: { "c.yaml": "k:\n  v: 1\n" } };
        const b = { spec: { containers: [{ name: "b", args: ["--p=2"] }, { name: "a", image: "x:2" }] }, data: { "c.yaml": "k:\n  v: 2\n" } };
        assert.deepEqual(fieldChanges(a, b).map((c) => c.path), ['data["c.yaml"].k.v', "spec.containers[a].image", "spec.containers[b].args"]);
    });

    it("the CLI prints the JSON contract and exits 0; an unknown release exits 2 naming the releases", async () => {
        const file = path.join(ROOT, "examples", "configs", "simulated.yaml");
        const r = await main(["diff", "-c", file, "--release", "v0.8.1", "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.deepEqual(Object.keys(out).sort(), ["added", "changed", "from", "removed", "to"]);
        assert.equal(out.from, DEFAULT_RELEASE.name);
        for (const c of out.changed) assert.deepEqual(Object.keys(c).sort(), ["id", "paths"]);
        const text = await main(["diff", "-c", file, "--release", "v0.8.1"]);
        assert.match(text.stdout, /llm-d v0\.9\.0 -> v0\.8\.1/);
        const bad = await main(["diff", "-c", file, "--release", "v9.9.9"]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--release: got "v9\.9\.9"; expected an llm-d release this project deploys: v0\.8\.1, v0\.9\.0/);
    });
});

describe("the default release", () => {
    it(`is ${DEFAULT_RELEASE.name}, the newest verified release`, () => {
        assert.equal(DEFAULT_RELEASE.name, "v0.9.0");
    });
    for (const file of allConfigs) {
        it(`${path.basename(file)} renders byte-identically with and without release: v0.9.0`, () => {
            const cfg = loadConfigFile(file) as Record<string, unknown>;
            assert.equal(cfg.release, undefined, "examples name no release");
            const plain = renderFiles(resolveConfig(cfg).spec);
            const pinned = renderFiles(resolveConfig({ ...cfg, release: "v0.9.0" }).spec);
            assert.deepEqual(plain, pinned);
        });
    }
});

describe("llmd plan and render name the release", () => {
    const file = path.join(ROOT, "examples", "configs", "pd-disaggregation.yaml");
    const withRelease = (release: string, edit: (cfg: any) => void = () => {}) => {
        const cfg: any = { ...(loadConfigFile(file) as object), release };
        edit(cfg);
        const fs = require("node:fs") as typeof import("node:fs");
        const os = require("node:os") as typeof import("node:os");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-release-"));
        const f = path.join(dir, "llmd.json");
        fs.writeFileSync(f, JSON.stringify(cfg));
        return { f, dir };
    };

    it("plan --json carries plan.release with every pinned version; the text prints them", async () => {
        const r = await main(["plan", "-c", file, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const rel = JSON.parse(r.stdout).plan.release;
        assert.equal(rel.name, "v0.9.0");
        assert.equal(rel.versions.router, "v0.10.0");
        assert.equal(rel.versions.images.routingSidecar, "ghcr.io/llm-d/llm-d-router-disagg-sidecar:v0.10.0");
        assert.equal(rel.versions.vllm.nvidia, "v0.26.0");
        assert.deepEqual(rel.versions.crds, { gatewayApi: "v1.5.1", inferenceExtension: "v1.5.0", llmdRouter: "v0.10.0" });
        assert.equal(rel.versions.charts.istio, "1.29.2");
        assert.equal(rel.versions.simulator, "v0.10.2");
        const text = await main(["plan", "-c", file]);
        assert.match(text.stdout, /llm-d release v0\.9\.0/);
        assert.match(text.stdout, /model server \(nvidia\) +docker\.io\/vllm\/vllm-openai:v0\.26\.0 +\(vLLM v0\.26\.0\)/);
    });

    it("plan warns about what the release deprecates but still accepts", async () => {
        const { f } = withRelease("v0.8.1");
        const r = await main(["plan", "-c", f]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /warning: .*plugin disagg-headers-handler is deprecated in router v0\.9\.0 \(llm-d v0\.8\.1\)/);
    });

    it("plan and render refuse a vLLM flag the release's vLLM does not know, naming the field and the release, and write nothing", async () => {
        const { f, dir } = withRelease("v0.9.0", (cfg) => (cfg.services[0].decode.extraArgs = ["--enable-magic-batching"]));
        const plan = await main(["plan", "-c", f]);
        assert.equal(plan.code, 2);
        assert.match(plan.stderr, /services\[0\]\.decode\.extraArgs\[0\]: got "--enable-magic-batching"; expected --enable-magic-batching is not a flag of vLLM v0\.26\.0 in llm-d v0\.9\.0/);
        const out = path.join(dir, "out");
        const render = await main(["render", "-c", f, "-o", out]);
        assert.equal(render.code, 2);
        assert.match(render.stderr, /Nothing was created/);
        assert.ok(!require("node:fs").existsSync(out));
    });
});
