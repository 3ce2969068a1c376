// `llmd render`: every Kubernetes object of the stack as YAML, one file per object in apply
// order, plus a README listing what Helm charts and release manifests install. Pure: the same
// builder output the components apply, no Pulumi runtime.
import * as fs from "node:fs";
import * as path from "node:path";
import { toYaml } from "../components/manifests/yaml";
import { StackSpec } from "../components/config/spec";
import { BuiltStack, K8sObject, allObjects, buildStack } from "../components/manifests";
import { SECRET_STUB_ANNOTATION } from "../components/manifests/platform/namespace";

export interface RenderedFile {
    file: string;
    content: string;
}

const FILE_PATTERN = /^\d{2,}-[a-z0-9-]+\.yaml$/;

export function objectFileName(index: number, width: number, obj: K8sObject): string {
    const kind = obj.kind.toLowerCase();
    const name = obj.metadata.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
    return `${String(index + 1).padStart(width, "0")}-${kind}-${name}.yaml`;
}

export function objectYaml(obj: K8sObject): string {
    const header = obj.kind === "Secret" && obj.metadata.annotations?.[SECRET_STUB_ANNOTATION] ? `# ${obj.metadata.annotations[SECRET_STUB_ANNOTATION]}\n` : "";
    return header + toYaml(obj);
}

function readme(spec: StackSpec, built: BuiltStack, files: string[]): string {
    const lines = [
        "# Rendered llm-d stack",
        "",
        `llm-d ${spec.release.name} (router ${spec.release.router.version}). Namespace \`${spec.namespace}\`, gateway \`${spec.gateway.name}\` (${spec.gateway.provider}), ${spec.services.length} model service(s).`,
        "Apply the prerequisites below first, then `kubectl apply -f .` in this folder.",
        "",
        "## Release manifests (apply first)",
        "",
    ];
    if (!built.manifests.length) lines.push("None: the config says the cluster has the CRDs.");
    for (const m of built.manifests) lines.push(`- **${m.name}** ${m.version}: ${m.purpose}`, `  \`kubectl apply --server-side -f ${m.url}\``);
    lines.push("", "## Helm charts", "");
    if (!built.charts.length) lines.push("None.");
    for (const c of built.charts) {
        lines.push(
            `- **${c.name}**: chart \`${c.chart}\` version \`${c.version}\`${c.repo ? ` from ${c.repo}` : ""}, namespace \`${c.namespace}\` (\`helm install --create-namespace\`)${c.dependsOn.length ? `, after ${c.dependsOn.join(", ")}` : ""}. ${c.purpose}.`,
            "  Values:",
            "  ```yaml",
            ...toYaml(c.values).trimEnd().split("\n").map((l) => "  " + l),
            "  ```",
        );
    }
    const stub = files.find((f) => f.includes("-secret-"));
    lines.push("", "## Objects", "");
    if (stub) lines.push(`\`${stub}\` is a Secret stub with no data: add your Hugging Face token under \`${spec.huggingFace.tokenSecretKey}\` before applying (it is never rendered).`, "");
    for (const f of files) lines.push(`- ${f}`);
    return lines.join("\n") + "\n";
}

/** The files of a render, in order (pure). */
export function renderFiles(spec: StackSpec, built: BuiltStack = buildStack(spec)): RenderedFile[] {
    const objects = allObjects(built);
    const width = Math.max(2, String(objects.length).length);
    const files = objects.map((o, i) => ({ file: objectFileName(i, width, o), content: objectYaml(o) }));
    return [...files, { file: "README.md", content: readme(spec, built, files.map((f) => f.file)) }];
}

/** Writes a render into dir, removing object files of an earlier render there first. */
export function writeRender(spec: StackSpec, dir: string, built?: BuiltStack): RenderedFile[] {
    const files = renderFiles(spec, built);
    fs.mkdirSync(dir, { recursive: true });
    for (const old of fs.readdirSync(dir)) if (FILE_PATTERN.test(old)) fs.rmSync(path.join(dir, old));
    for (const f of files) fs.writeFileSync(path.join(dir, f.file), f.content);
    return files;
}
