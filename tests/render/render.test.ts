// Every example config renders objects that validate against the Kubernetes and CRD schemas,
// deterministically.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { allObjects, buildStack } from "../../components/manifests";
import { renderFiles, writeRender } from "../../provider/render";
import { exampleConfigFiles } from "../support/fixtures";
import { assertValidObjects, validateEndpointPickerConfig } from "../support/validate";

describe("rendering every example config", () => {
    const files = exampleConfigFiles();
    it("has the example configs the issues name", () => {
        const names = files.map((f) => path.basename(f));
        for (const n of ["simulated.yaml", "inference-scheduling.yaml"]) assert.ok(names.includes(n), n);
    });
    for (const file of files) {
        describe(path.basename(file), () => {
            const { spec } = resolveConfig(loadConfigFile(file), file);
            const objects = allObjects(buildStack(spec));
            it("validates every object against its schema", () => assertValidObjects(objects));
            it("gives every scheduler a valid EndpointPickerConfig", () => {
                const cms = objects.filter((o) => o.kind === "ConfigMap" && o.metadata.name.endsWith("-epp-config"));
                assert.equal(cms.length, spec.services.length);
                for (const cm of cms) {
                    const errors = validateEndpointPickerConfig(parse(Object.values(cm.data as Record<string, string>)[0]));
                    assert.deepEqual(errors, []);
                }
            });
            it("renders byte-identical files twice", () => {
                const a = renderFiles(spec);
                const b = renderFiles(resolveConfig(loadConfigFile(file), file).spec);
                assert.deepEqual(a, b);
            });
            it("writes YAML that parses back to exactly the built objects", () => {
                const files = renderFiles(spec).filter((f) => f.file.endsWith(".yaml"));
                assert.equal(files.length, objects.length);
                files.forEach((f, i) => assert.deepEqual(parse(f.content), JSON.parse(JSON.stringify(objects[i])), f.file));
            });
            it("writes plain YAML: no anchors or aliases for tools that do not follow them", () => {
                for (const f of renderFiles(spec)) assert.ok(!/(^|\s)[&*]a\d+\b/m.test(f.content), f.file);
            });
            it("every pod a PodMonitor selects exposes the port it scrapes", () => {
                const templates = objects.flatMap((o: any) =>
                    o.kind === "Deployment" ? [o.spec.template] : o.kind === "LeaderWorkerSet" ? [o.spec.leaderWorkerTemplate.leaderTemplate ?? o.spec.leaderWorkerTemplate.workerTemplate] : [],
                );
                for (const m of objects.filter((o) => o.kind === "PodMonitor") as any[]) {
                    const sel = m.spec.selector.matchLabels as Record<string, string>;
                    const pods = templates.filter((t: any) => Object.entries(sel).every(([k, v]) => t.metadata.labels?.[k] === v));
                    assert.ok(pods.length > 0, `${m.metadata.name} selects no pod`);
                    for (const ep of m.spec.podMetricsEndpoints) {
                        for (const t of pods) {
                            const names = t.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));
                            assert.ok(names.includes(ep.port), `${m.metadata.name}: port ${ep.port} not on a selected pod (${names.join(",")})`);
                        }
                    }
                }
            });
            it("applies every claim template, compute domain, config map and claim a pod names before the pod's workload", () => {
                const index = new Map(objects.map((o, i) => [`${o.kind}/${o.metadata.name}`, i]));
                objects.forEach((o: any, i) => {
                    const pods =
                        o.kind === "Deployment"
                            ? [o.spec.template.spec]
                            : o.kind === "LeaderWorkerSet"
                              ? [o.spec.leaderWorkerTemplate.leaderTemplate?.spec, o.spec.leaderWorkerTemplate.workerTemplate.spec].filter(Boolean)
                              : [];
                    for (const pod of pods) {
                        const refs = [
                            ...(pod.resourceClaims ?? []).filter((c: any) => c.resourceClaimTemplateName).map((c: any) => `ResourceClaimTemplate/${c.resourceClaimTemplateName}`),
                            ...(pod.volumes ?? []).filter((v: any) => v.configMap).map((v: any) => `ConfigMap/${v.configMap.name}`),
                            ...(pod.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => `PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}`),
                        ];
                        for (const ref of refs) {
                            const at = index.get(ref);
                            if (at !== undefined) assert.ok(at < i, `${ref} is applied after ${o.kind}/${o.metadata.name}`);
                        }
                    }
                    if (o.kind === "ComputeDomain") {
                        const users = objects.findIndex((w: any) => JSON.stringify(w.spec ?? {}).includes(`"${o.spec.channel.resourceClaimTemplate.name}"`) && w !== o);
                        assert.ok(users === -1 || users > i, `${o.metadata.name} is applied after a workload using its channel`);
                    }
                });
            });
            it("has one InferencePool, HTTPRoute and scheduler per service", () => {
                for (const kind of ["InferencePool", "HTTPRoute"]) assert.equal(objects.filter((o) => o.kind === kind).length, spec.services.length, kind);
            });
        });
    }

    it("writes NN-kind-name.yaml files in apply order and a README of charts, replacing an older render", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-render-"));
        fs.writeFileSync(path.join(dir, "99-deployment-stale.yaml"), "stale");
        const { spec } = resolveConfig(loadConfigFile(files.find((f) => f.endsWith("inference-scheduling.yaml"))!));
        writeRender(spec, dir);
        const written = fs.readdirSync(dir).sort();
        assert.ok(!written.includes("99-deployment-stale.yaml"));
        assert.equal(written[0], "01-namespace-llm-d.yaml");
        const kinds = written.filter((f) => f.endsWith(".yaml")).map((f) => f.split("-")[1]);
        assert.ok(kinds.indexOf("inferencepool") > kinds.indexOf("deployment"));
        const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
        assert.match(readme, /istiod.*1\.29\.2/);
        assert.match(readme, /v1-manifests\.yaml/);
        const secret = written.find((f) => f.includes("-secret-"))!;
        const secretYaml = fs.readFileSync(path.join(dir, secret), "utf8");
        assert.ok(!/\n(data|stringData):/.test(secretYaml), "the Secret stub carries no data");
        fs.rmSync(dir, { recursive: true });
    });
});
