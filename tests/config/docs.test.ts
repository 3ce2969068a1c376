// The config's JSON Schema explains every field in an editor: each property carries the
// description (and the fixed default it states) of the TypeScript interfaces' doc comments,
// components/config/llmd.schema.json is what `llmd schema` prints, and every example names it in
// a yaml-language-server line.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { configJsonSchema } from "../../components/config/schema";
import { resolveConfig } from "../../components/config/resolve";
import { ROOT, exampleConfigFiles } from "../support/fixtures";

type Json = Record<string, any>;

/** Every property node of a JSON Schema, with its path. */
function properties(schema: Json): { path: string; node: Json }[] {
    const out: { path: string; node: Json }[] = [];
    const walk = (x: Json, at: string) => {
        if (!x || typeof x !== "object") return;
        for (const [k, v] of Object.entries((x.properties as Record<string, Json>) ?? {})) {
            out.push({ path: at ? `${at}.${k}` : k, node: v });
            walk(v, at ? `${at}.${k}` : k);
        }
        if (x.items) walk(x.items, `${at}[]`);
        if (x.additionalProperties && typeof x.additionalProperties === "object") walk(x.additionalProperties, `${at}.*`);
        for (const key of ["anyOf", "oneOf", "allOf"]) for (const b of (x[key] as Json[]) ?? []) walk(b, at);
    };
    walk(schema, "");
    return out;
}

/** Whether a value is one the schema node accepts (type, enum, pattern, bounds). */
function accepts(node: Json, v: unknown): boolean {
    if (node.anyOf) return (node.anyOf as Json[]).some((b) => accepts(b, v));
    if (node.enum && !(node.enum as unknown[]).includes(v)) return false;
    switch (node.type) {
        case "string":
            return typeof v === "string" && (!node.pattern || new RegExp(node.pattern).test(v)) && (node.minLength === undefined || v.length >= node.minLength);
        case "integer":
            return Number.isInteger(v) && (node.minimum === undefined || (v as number) >= node.minimum) && (node.maximum === undefined || (v as number) <= node.maximum);
        case "number":
            return typeof v === "number" && (node.minimum === undefined || v >= node.minimum) && (node.maximum === undefined || v <= node.maximum);
        case "boolean":
            return typeof v === "boolean";
        default:
            return node.type === undefined;
    }
}

describe("config schema docs: every field explained, from the interfaces' doc comments", () => {
    const schema = configJsonSchema();
    const props = properties(schema);

    it("components/config/docs.json is what the doc comments give (scripts/config-docs.mjs --check)", () => {
        execFileSync(process.execPath, [path.join(ROOT, "scripts", "config-docs.mjs"), "--check"], { stdio: "pipe" });
    });

    it(`every property has a description (${props.length} properties)`, () => {
        assert.ok(props.length > 150);
        const missing = props.filter((p) => !p.node.description).map((p) => p.path);
        assert.deepEqual(missing, []);
    });

    it("every stated default is a value the field accepts", () => {
        const withDefault = props.filter((p) => "default" in p.node);
        assert.ok(withDefault.length >= 40, `${withDefault.length} defaults`);
        for (const p of withDefault) assert.ok(accepts(p.node, p.node.default), `${p.path}: default ${JSON.stringify(p.node.default)} does not fit ${JSON.stringify({ type: p.node.type, enum: p.node.enum, pattern: p.node.pattern })}`);
    });

    it("stated defaults are what the config resolves to when the field is left out", () => {
        const get = (path: string) => props.find((p) => p.path === path)!.node.default;
        const { spec } = resolveConfig({ services: [{ name: "s", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "simulated" } }] });
        const svc = spec.services[0];
        assert.equal(spec.namespace, get("namespace"));
        assert.equal(spec.createNamespace, get("createNamespace"));
        assert.equal(spec.gateway.provider, get("gateway.provider"));
        assert.equal(spec.gateway.name, get("gateway.name"));
        assert.equal(spec.gateway.port, get("gateway.port"));
        assert.equal(spec.huggingFace.tokenSecretName, get("huggingFace.tokenSecretName"));
        assert.equal(svc.path, get("services[].path"));
        assert.equal(svc.decode.replicas, get("services[].decode.replicas"));
        assert.equal(svc.decode.tensorParallel, get("services[].decode.tensorParallel"));
        assert.equal(svc.scheduler.verbosity, get("services[].scheduler.verbosity"));
        assert.equal(svc.simulator.mode, get("services[].simulator.mode"));
        assert.equal(resolveConfig({ services: [{ name: "s", model: { id: "Qwen/Qwen3-8B" } }] }).spec.services[0].accelerator.type, get("services[].accelerator.type"));
    });

    it("a conditional default is not stated as a fixed one (the comment says when it differs)", () => {
        const blockSize = props.find((p) => p.path === "services[].prefixCache.blockSize")!.node;
        assert.match(blockSize.description, /Defaults to 16 \(64 on the precise path/);
        assert.equal(blockSize.default, undefined);
    });

    it("components/config/llmd.schema.json is what `llmd schema` prints (npm run docs regenerates it)", () => {
        const file = fs.readFileSync(path.join(ROOT, "components", "config", "llmd.schema.json"), "utf8");
        assert.equal(file, JSON.stringify(schema, null, 2) + "\n");
    });

    it("every example config names the schema in a yaml-language-server line that resolves", () => {
        for (const f of [path.join(ROOT, "examples", "default", "llmd.yaml"), ...exampleConfigFiles()]) {
            const first = fs.readFileSync(f, "utf8").split("\n")[0];
            const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
            assert.ok(m, `${path.relative(ROOT, f)}: first line ${first}`);
            assert.equal(path.resolve(path.dirname(f), m[1]), path.join(ROOT, "components", "config", "llmd.schema.json"), path.relative(ROOT, f));
        }
    });
});
