// `llmd diff -c FILE --release TAG`: what changes when a stack moves to another llm-d release,
// object by object and field by field. Both sides are rendered by the same pure builders as
// `llmd render`; no cluster, no Pulumi engine. Charts and CRD manifests are compared too (their
// versions and values), as `HelmChart/<namespace>/<name>` and `CRDManifest/<name>`.
import { parse as parseYaml } from "yaml";
import { findRelease, RELEASE_NAMES } from "../components/catalog/releases";
import { ConfigError } from "../components/config/errors";
import { resolveConfig } from "../components/config/resolve";
import { StackSpec } from "../components/config/spec";
import { assertFits } from "../components/planner/fit";
import { allObjects, buildStack } from "../components/manifests";

export interface DiffJson {
    from: string;
    to: string;
    added: string[];
    removed: string[];
    changed: { id: string; paths: string[] }[];
}

/** A change at one field path, with both values (for the text report). */
interface FieldChange {
    path: string;
    before: unknown;
    after: unknown;
}

type Json = unknown;

/** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
export function objectId(o: { kind: string; metadata: { name: string; namespace?: string } }): string {
    return o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
}

/** Everything a release change can touch, by id: the rendered objects, the charts and the CRD manifests. */
export function diffableObjects(spec: StackSpec): Map<string, Json> {
    const built = buildStack(spec);
    const out = new Map<string, Json>();
    for (const o of allObjects(built)) out.set(objectId(o), o);
    for (const c of built.charts) out.set(`HelmChart/${c.namespace}/${c.name}`, { chart: c.chart, version: c.version, ...(c.repo ? { repo: c.repo } : {}), values: c.values });
    for (const m of built.manifests) out.set(`CRDManifest/${m.name}`, { version: m.version, url: m.url });
    return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A key naming an array item when every item has one: `name` (containers, ports, env), `type` (plugins), `pluginRef`. */
function itemKey(items: unknown[]): string | undefined {
    for (const k of ["name", "pluginRef", "type"]) {
        const keys = items.map((i) => (isObject(i) && typeof i[k] === "string" ? (i[k] as string) : undefined));
        if (keys.every((x) => x !== undefined) && new Set(keys).size === keys.length) return k;
    }
    return undefined;
}

/** A string holding a config file (the picker's YAML, a dashboard's JSON) is compared as the document it holds. */
function asDocument(v: unknown): unknown {
    if (typeof v !== "string" || !/[:{]/.test(v) || !v.includes("\n")) return v;
    try {
        const doc = parseYaml(v) as unknown;
        return isObject(doc) || Array.isArray(doc) ? doc : v;
    } catch {
        return v;
    }
}

function child(path: string, key: string): string {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The changed field paths between two values: objects by key, arrays of named items by name
 * (`containers[vllm]`), other arrays (args, commands) as one field.
 */
export function fieldChanges(a: unknown, b: unknown, path = ""): FieldChange[] {
    a = asDocument(a);
    b = asDocument(b);
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    if (isObject(a) && isObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((k) => fieldChanges(a[k as keyof typeof a], b[k as keyof typeof b], child(path, k)));
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        // Items are matched by a key both sides share (an empty side takes the other's).
        const keyA = a.length ? itemKey(a) : itemKey(b);
        const keyB = b.length ? itemKey(b) : keyA;
        const key = keyA;
        if (key && key === keyB && a.every(isObject) && b.every(isObject)) {
            const byA = new Map(a.map((i) => [(i as Record<string, string>)[key], i]));
            const byB = new Map(b.map((i) => [(i as Record<string, string>)[key], i]));
            const names = [...new Set([...byA.keys(), ...byB.keys()])];
            return names.flatMap((n) => fieldChanges(byA.get(n), byB.get(n), `${path}[${n}]`));
        }
    }
    return [{ path, before: a, after: b }];
}

export interface DiffResult {
    json: DiffJson;
    /** Per changed id, its field changes with values. */
    details: Map<string, FieldChange[]>;
    source: string;
}

/** Renders the config under its own release and under `to`, and compares them. */
export function diffRelease(config: unknown, to: string, source: string): DiffResult {
    if (!findRelease(to)) {
        throw new ConfigError([{ path: "--release", got: to, expected: `an llm-d release this project deploys: ${RELEASE_NAMES.join(", ")}`, fix: "Pick one of the releases listed." }], source);
    }
    const base = isObject(config) ? config : {};
    const from = resolveConfig(config, source).spec;
    assertFits(from, source);
    const target = resolveConfig({ ...base, release: to }, `${source} (release ${to})`).spec;
    assertFits(target, `${source} (release ${to})`);
    const a = diffableObjects(from);
    const b = diffableObjects(target);
    const added = [...b.keys()].filter((k) => !a.has(k)).sort();
    const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
    const details = new Map<string, FieldChange[]>();
    for (const id of [...a.keys()].filter((k) => b.has(k)).sort()) {
        const changes = fieldChanges(a.get(id), b.get(id));
        if (changes.length) details.set(id, changes);
    }
    return {
        source,
        details,
        json: { from: from.release.name, to: target.release.name, added, removed, changed: [...details].map(([id, c]) => ({ id, paths: c.map((x) => x.path) })) },
    };
}

function short(v: unknown): string {
    if (v === undefined) return "(none)";
    const s = typeof v === "string" ? v : JSON.stringify(v);
    return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

export function formatDiff(r: DiffResult): string {
    const j = r.json;
    const out = [`llmd diff: ${r.source}: llm-d ${j.from} -> ${j.to}`, ""];
    if (!j.added.length && !j.removed.length && !j.changed.length) return [...out, "No changes."].join("\n") + "\n";
    for (const id of j.added) out.push(`+ ${id}`);
    for (const id of j.removed) out.push(`- ${id}`);
    for (const [id, changes] of r.details) {
        out.push(`~ ${id}`);
        for (const c of changes) out.push(`    ${c.path}: ${short(c.before)} -> ${short(c.after)}`);
    }
    out.push("", `${j.added.length} added, ${j.removed.length} removed, ${j.changed.length} changed.`);
    return out.join("\n") + "\n";
}

