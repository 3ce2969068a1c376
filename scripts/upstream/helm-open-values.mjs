// Values paths a Helm chart's templates consume whole (so any key below them is accepted): passed to
// toYaml/toJson, merged (merge, mergeOverwrite, deepCopy), or ranged over as a map
// (`range $k, $v := .Values.x`). artifact.paths: the chart's templates folder.
// Output: { "chart", "openPaths": [sorted dotted paths] }.
export default async function helmOpenValues(src, artifact) {
    const files = [].concat(artifact.paths).flatMap((d) => src.list(d)).filter((f) => /\.(ya?ml|tpl|txt)$/.test(f));
    const open = new Set();
    const ref = String.raw`\(?\$?\.Values\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\)?`;
    const patterns = [
        new RegExp(String.raw`\b(?:toYaml|toJson|toPrettyJson|mustToJson|toRawJson|deepCopy|mustDeepCopy)\s+${ref}`, "g"),
        new RegExp(String.raw`${ref}\s*\|\s*(?:toYaml|toJson|toPrettyJson|mustToJson|toRawJson)`, "g"),
        new RegExp(String.raw`\b(?:merge|mergeOverwrite|mustMerge|mustMergeOverwrite)\s+(?:[^}]*?\s)?${ref}`, "g"),
        new RegExp(String.raw`\brange\s+\$\w+\s*,\s*\$\w+\s*:=\s*${ref}`, "g"),
    ];
    for (const f of files) {
        const text = src.read(f);
        for (const re of patterns) for (const m of text.matchAll(re)) open.add(m[1]);
    }
    return JSON.stringify({ chart: artifact.chart, openPaths: [...open].sort() }, null, 2) + "\n";
}
