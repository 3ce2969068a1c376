#!/usr/bin/env node
// Compiles one release's vendored upstream artifacts (tests/fixtures/upstream/<release>/) into the
// compact data the conformance checks read at run time (components/catalog/releases/upstream/<release>.json):
// CRD schemas without descriptions, chart values as key trees, flag lists and the router's plugin
// registry. The fixtures stay the source of truth; a test recompiles them and compares.
//
//   node scripts/compile-upstream.mjs <release> [--check]
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Drops descriptions (most of a CRD's size), keeping every validation keyword. */
function strip(schema) {
    if (Array.isArray(schema)) return schema.map(strip);
    if (schema && typeof schema === "object") {
        const out = {};
        for (const [k, v] of Object.entries(schema)) {
            if (k === "description" || k === "example" || k === "externalDocs") continue;
            out[k] = strip(v);
        }
        return out;
    }
    return schema;
}

/** Values keys as a tree: an object per map with keys, 1 for an open map ({} or null default), 0 for a leaf. */
function keyTree(v) {
    if (v === null) return 1;
    if (typeof v === "object" && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (!keys.length) return 1;
        const out = {};
        for (const k of keys.sort()) out[k] = keyTree(v[k]);
        return out;
    }
    return 0;
}

/** Marks a dotted path of a key tree open (1), creating the maps above it. */
function openPath(tree, keys) {
    if (typeof tree !== "object") return;
    const [k, ...rest] = keys;
    if (!rest.length) {
        tree[k] = 1;
        return;
    }
    if (tree[k] === undefined || tree[k] === 0) tree[k] = {};
    openPath(tree[k], rest);
}

function sorted(o) {
    if (Array.isArray(o)) return o.map(sorted);
    if (o && typeof o === "object") return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]));
    return o;
}

export function compile(release) {
    const dir = path.join(root, "tests", "fixtures", "upstream", release);
    if (!fs.existsSync(dir)) throw new Error(`no fixtures for ${release} in ${path.relative(root, dir)}`);
    const out = { release, provenance: `tests/fixtures/upstream/${release}/PROVENANCE.md`, crds: {}, charts: {} };
    const crdDir = path.join(dir, "crds");
    for (const f of fs.existsSync(crdDir) ? fs.readdirSync(crdDir).sort() : []) {
        for (const doc of parseAllDocuments(fs.readFileSync(path.join(crdDir, f), "utf8"))) {
            const crd = doc.toJSON();
            if (crd?.kind !== "CustomResourceDefinition") continue;
            for (const v of crd.spec.versions ?? []) {
                if (!v.served || !v.schema?.openAPIV3Schema) continue;
                out.crds[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = { scope: crd.spec.scope, schema: strip(v.schema.openAPIV3Schema), file: `crds/${f}` };
            }
        }
    }
    const chartDir = path.join(dir, "charts");
    for (const f of fs.existsSync(chartDir) ? fs.readdirSync(chartDir).sort() : []) {
        const m = /^(.*)\.values\.yaml$/.exec(f);
        if (!m) continue;
        const docs = parseAllDocuments(fs.readFileSync(path.join(chartDir, f), "utf8"));
        const values = docs[0]?.toJSON() ?? {};
        // Istio's charts keep their defaults under _internal_defaults_do_not_set and merge the user's
        // top-level values over them (istio/istio manifests/charts/*/templates/zzz_profile.yaml).
        const internal = values._internal_defaults_do_not_set;
        const tree = keyTree(internal && typeof internal === "object" ? { ...internal, ...values, _internal_defaults_do_not_set: undefined } : values);
        // Paths the templates consume whole accept any key below them (charts/<chart>.open-values.json).
        const openFile = path.join(chartDir, `${m[1]}.open-values.json`);
        for (const p of fs.existsSync(openFile) ? JSON.parse(fs.readFileSync(openFile, "utf8")).openPaths : []) openPath(tree, p.split("."));
        out.charts[m[1]] = tree;
    }
    const json = (f) => (fs.existsSync(path.join(dir, f)) ? JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) : undefined);
    const router = json("router.json");
    if (router) out.router = router;
    const metrics = json("router-metrics.json");
    if (metrics) out.routerMetrics = metrics.metrics;
    for (const [key, file] of [["epp", "epp-flags.json"], ["sidecar", "sidecar-flags.json"], ["simulator", "simulator-flags.json"]]) {
        const data = json(file);
        if (data) out[key] = data;
    }
    const vllmDir = path.join(dir, "vllm");
    if (fs.existsSync(vllmDir)) {
        out.vllm = {};
        for (const f of fs.readdirSync(vllmDir).filter((x) => x.endsWith(".json")).sort()) out.vllm[f.replace(/\.json$/, "")] = json(path.join("vllm", f));
    }
    return JSON.stringify(sorted(out)) + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const args = process.argv.slice(2);
    const release = args.find((a) => !a.startsWith("--"));
    if (!release) {
        console.error("usage: node scripts/compile-upstream.mjs <release> [--check]");
        process.exit(2);
    }
    const target = path.join(root, "components", "catalog", "releases", "upstream", `${release}.json`);
    const text = compile(release);
    if (args.includes("--check")) {
        const have = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
        if (have !== text) {
            console.error(`${path.relative(root, target)} is out of date: run node scripts/compile-upstream.mjs ${release}`);
            process.exit(1);
        }
        process.exit(0);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`${path.relative(root, target)}: ${(text.length / 1024).toFixed(0)} KiB`);
}
