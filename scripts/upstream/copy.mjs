// Verbatim copy of one or more upstream files (concatenated as YAML documents when several).
// artifact.paths: file paths, or folders (every *.yaml/*.yml/*.json below them, sorted).
// artifact.kinds (optional): keep only YAML documents of these kinds (e.g. ["CustomResourceDefinition"]).
// artifact.names (optional): keep only documents whose metadata.name is listed.
export default async function copy(src, artifact) {
    const paths = [].concat(artifact.paths ?? artifact.path);
    const files = paths.flatMap((p) => (src.exists(p) && !/\/$/.test(p) && src.list(p).length <= 1 ? [p] : src.list(p).filter((f) => /\.(ya?ml|json)$/.test(f))));
    if (!files.length) throw new Error(`${artifact.file}: nothing at ${paths.join(", ")} in ${src.repo}@${src.commit}`);
    if (files.length === 1 && !artifact.kinds && !artifact.names) return src.read(files[0]);
    const docs = files.flatMap((f) => splitYamlDocuments(src.read(f)));
    const kept = docs.filter((d) => {
        if (artifact.kinds && !artifact.kinds.includes(field(d, "kind"))) return false;
        if (artifact.names && !artifact.names.includes(metadataName(d))) return false;
        return /\S/.test(d.replace(/^#.*$/gm, ""));
    });
    if (!kept.length) throw new Error(`${artifact.file}: no document kept from ${files.join(", ")}`);
    return kept.map((d) => d.replace(/\s+$/, "") + "\n").join("---\n");
}

export function splitYamlDocuments(text) {
    return text.split(/^---[ \t]*$/m).map((d) => d.replace(/^\n+/, ""));
}

function field(doc, key) {
    const m = new RegExp(`^${key}:\\s*["']?([^"'\\s#]+)`, "m").exec(doc);
    return m?.[1];
}

function metadataName(doc) {
    const m = /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([^"'\s#]+)/m.exec(doc);
    return m?.[1];
}
