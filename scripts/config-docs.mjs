#!/usr/bin/env node
// Extracts the doc comments of the config's TypeScript interfaces (components/config/types.ts and
// infra-types.ts, from StackConfig down) into components/config/docs.json: an overlay in the shape
// of the config's JSON Schema (properties / items / additionalProperties) with each field's
// description, and its default when the comment states a fixed one ("Defaults to `x`."). The
// JSON Schema that `llmd schema` prints, and components/config/llmd.schema.json (the file editors
// read through each example's yaml-language-server line), carry them. The doc comments stay the
// source of truth: a test runs this with --check.
//
//   node scripts/config-docs.mjs [--check]
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ts = createRequire(import.meta.url)("typescript");
const OUT = path.join(root, "components", "config", "docs.json");

/**
 * The fixed default a comment states ("Defaults to `istio`.", "Defaults to 2."), as a value of the
 * field's kind ("string", "number", "boolean"), or undefined: for conditional defaults, for
 * defaults that name another field (`siblings`, or a dotted path from the top), and for kinds
 * without literals.
 */
export function statedDefault(doc, kind, siblings = [], topKeys = []) {
    const m = /Defaults to (`[^`]+`|true|false|-?\d+(?:\.\d+)?)(?=\.(?:\s|$)|$)/.exec(doc);
    if (!m) return undefined;
    const v = m[1].startsWith("`") ? m[1].slice(1, -1) : m[1];
    if (kind === "boolean") return v === "true" ? true : v === "false" ? false : undefined;
    if (kind === "number") return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
    if (kind === "string") {
        if (!/^[-\w./:@]+$/.test(v) || siblings.includes(v) || topKeys.includes(v.split(".")[0])) return undefined;
        return v;
    }
    return undefined;
}

function docsOverlay() {
    const files = ["types.ts", "infra-types.ts"].map((f) => path.join(root, "components", "config", f));
    const program = ts.createProgram(files, { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const src = program.getSourceFile(files[0]);
    let stack;
    ts.forEachChild(src, (n) => {
        if (ts.isInterfaceDeclaration(n) && n.name.text === "StackConfig") stack = checker.getTypeAtLocation(n);
    });
    if (!stack) throw new Error("StackConfig not found in components/config/types.ts");

    const strip = (t) => (t.isUnion() ? t.types.filter((x) => !(x.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [t]);

    const topKeys = checker.getPropertiesOfType(stack).map((p) => p.getName());
    /** The JSON kind of a field's type: string (also string enums and literal unions), number, boolean, or other. */
    function kindOf(type) {
        const parts = strip(type);
        const all = (f) => parts.length > 0 && parts.every(f);
        if (all((x) => x.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.EnumLiteral) && !(x.flags & ts.TypeFlags.NumberLike))) return "string";
        if (all((x) => x.flags & ts.TypeFlags.NumberLike)) return "number";
        if (all((x) => x.flags & ts.TypeFlags.BooleanLike)) return "boolean";
        return "other";
    }

    function overlay(type, depth) {
        if (depth > 12) return {};
        const parts = strip(type);
        if (parts.length !== 1) return {};
        const t = parts[0];
        if (checker.isArrayType(t)) {
            const inner = overlay(checker.getTypeArguments(t)[0], depth + 1);
            return Object.keys(inner).length ? { items: inner } : {};
        }
        if (!(t.flags & ts.TypeFlags.Object)) return {};
        const out = {};
        const props = checker.getPropertiesOfType(t);
        if (props.length) {
            out.properties = {};
            for (const p of props) {
                const decl = p.valueDeclaration ?? p.declarations?.[0];
                const doc = ts.displayPartsToString(p.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
                const node = {};
                if (doc) node.description = doc;
                const propType = checker.getTypeOfSymbolAtLocation(p, decl);
                const d = doc ? statedDefault(doc, kindOf(propType), props.map((x) => x.getName()), topKeys) : undefined;
                if (d !== undefined) node.default = d;
                Object.assign(node, overlay(propType, depth + 1));
                out.properties[p.getName()] = node;
            }
        }
        const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
        if (index) {
            const inner = overlay(index.type, depth + 1);
            if (Object.keys(inner).length) out.additionalProperties = inner;
        }
        return out;
    }
    return overlay(stack, 0);
}

const text = JSON.stringify(docsOverlay(), null, 2) + "\n";
if (process.argv.includes("--check")) {
    const have = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (have !== text) {
        process.stderr.write(`${path.relative(root, OUT)} is not what the config's doc comments give: run node scripts/config-docs.mjs\n`);
        process.exit(1);
    }
} else {
    fs.writeFileSync(OUT, text);
    process.stdout.write(`wrote ${path.relative(root, OUT)}\n`);
}
