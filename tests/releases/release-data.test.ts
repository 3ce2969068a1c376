// The release modules agree with the vendored upstream artifacts of their release, and the compact
// data the CLI reads is exactly what the fixtures compile to.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RELEASES, RELEASE_NAMES, modelServerVllm, releaseVersions } from "../../components/catalog/releases";
import { LlmdReleaseName } from "../../components/config/types";
import { upstreamData } from "../../components/conformance/upstream";
import { ROOT } from "../support/fixtures";

const fixtures = (release: string) => path.join(ROOT, "tests", "fixtures", "upstream", release);
const readJson = (release: string, file: string) => JSON.parse(fs.readFileSync(path.join(fixtures(release), file), "utf8"));
const sources = (release: string) =>
    fs
        .readdirSync(fixtures(release))
        .filter((f) => /^sources(\.[a-z0-9-]+)?\.json$/.test(f))
        .flatMap((f) => readJson(release, f).artifacts as { file: string; repo: string; ref: string; commit: string }[]);

describe("release modules agree with their upstream artifacts", () => {
    it("the config enum lists exactly the release modules", () => {
        assert.deepEqual(Object.values(LlmdReleaseName), [...RELEASE_NAMES]);
    });

    for (const r of RELEASES) {
        describe(`llm-d ${r.name}`, () => {
            it("every artifact names its repository, ref and full commit, and PROVENANCE.md lists it", () => {
                const prov = fs.readFileSync(path.join(fixtures(r.name), "PROVENANCE.md"), "utf8");
                for (const a of sources(r.name)) {
                    assert.match(a.commit, /^[0-9a-f]{40}$/, a.file);
                    assert.ok(fs.existsSync(path.join(fixtures(r.name), a.file)), a.file);
                    assert.ok(prov.includes(`\`${a.file}\``) && prov.includes(a.commit), `${a.file} in PROVENANCE.md`);
                }
            });

            it("router, picker and CRD manifest pins are the router tag the fixtures were read at", () => {
                assert.equal(readJson(r.name, "router.json").router, r.router.version);
                const routerRefs = sources(r.name).filter((a) => a.repo === "llm-d/llm-d-router").map((a) => a.ref);
                assert.deepEqual([...new Set(routerRefs)], [r.router.version]);
                assert.ok(r.images.endpointPicker.endsWith(`:${r.router.version}`));
                assert.ok(r.images.routingSidecar.endsWith(`:${r.router.version}`));
                assert.equal(r.crds.llmdRouter.version, r.router.version);
                assert.ok(r.crds.llmdRouter.url.includes(`/download/${r.router.version}/`));
            });

            it("the simulator pin is the simulator the flags were read from", () => {
                assert.equal(readJson(r.name, "simulator-flags.json").version, r.simulatorVersion);
                assert.ok(r.images.simulator.endsWith(`:${r.simulatorVersion}`));
            });

            it("the sidecar's default backend port is the sidecar's own default of --vllm-port", () => {
                const flags = readJson(r.name, "sidecar-flags.json").flags;
                assert.equal(Number(flags["--vllm-port"].default), r.sidecar.defaultBackendPort);
            });

            it("every deprecation the module declares is one the artifacts show (deprecated, or gone when removed)", () => {
                const router = readJson(r.name, "router.json").plugins;
                const sidecar = readJson(r.name, "sidecar-flags.json").flags;
                for (const d of r.deprecations) {
                    const plugin = /^plugin (.+)$/.exec(d.what)?.[1];
                    const flag = /^sidecar (--.+)$/.exec(d.what)?.[1];
                    if (plugin) assert.ok(router[plugin] && (router[plugin].deprecated || d.status === "deprecated"), d.what);
                    if (flag && d.status === "removed") assert.equal(sidecar[flag], undefined, d.what);
                    if (flag && d.status === "deprecated") assert.ok(sidecar[flag]?.deprecated, d.what);
                }
            });

            it("every chart version it pins has its values vendored, and every CRD manifest its CRDs", () => {
                const charts = upstreamData(r.name).charts;
                const v = releaseVersions(r).charts;
                for (const key of [`base-${v.istio}`, `istiod-${v.istio}`, `agentgateway-${v.agentgateway}`, `kgateway-${v.kgateway}`, `lws-${v.leaderWorkerSet}`, `body-based-routing-${v.bodyBasedRouter}`]) {
                    assert.ok(charts[key], key);
                }
                const refOf = (repo: string) => [...new Set(sources(r.name).filter((a) => a.repo === repo && a.file.startsWith("crds/")).map((a) => a.ref))];
                assert.deepEqual(refOf("kubernetes-sigs/gateway-api"), [r.crds.gatewayApi.version]);
                assert.deepEqual(refOf("kubernetes-sigs/gateway-api-inference-extension"), [r.crds.inferenceExtension.version]);
            });

            it("every vLLM it runs has its serve flags vendored", () => {
                const vllm = upstreamData(r.name).vllm ?? {};
                const versions = new Set([...Object.values(r.vllm.modelServer), r.vllm.wideEp, r.vllm.render]);
                for (const byPath of Object.values(r.images.modelServerForPath ?? {})) for (const e of Object.values(byPath ?? {})) versions.add(e!.vllm);
                for (const byVendor of Object.values(r.images.modelServerForNetwork ?? {})) for (const byPath of Object.values(byVendor ?? {})) for (const e of Object.values(byPath ?? {})) versions.add(e!.vllm);
                const supported = (["nvidia", "amd", "tpu", "intel-xpu", "cpu"] as const).map((v) => modelServerVllm(r, v, "inference-scheduling"));
                for (const ver of versions) {
                    // Gaudi is refused by the release (no image): its last image's vLLM need not be vendored.
                    if (!supported.includes(ver) && ver === r.vllm.modelServer["intel-gaudi"] && r.unsupported.some((u) => u.vendor === "intel-gaudi")) continue;
                    assert.ok(vllm[ver], `vllm/${ver}.json`);
                }
            });

            it("the compact data the CLI reads is what the fixtures compile to", () => {
                execFileSync(process.execPath, [path.join(ROOT, "scripts", "compile-upstream.mjs"), r.name, "--check"], { stdio: "pipe" });
            });
        });
    }
});
