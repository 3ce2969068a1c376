// Validates a custom resource against its CRD's OpenAPI v3 schema the way the API server does:
// defaults applied first, then types, required fields, enums, patterns, formats, bounds, unknown
// fields (pruning would drop them silently: here they are an error), and the `x-kubernetes-validations`
// CEL rules that can be evaluated offline (transition rules with `oldSelf`, and rules calling
// Kubernetes-only CEL libraries, are skipped and counted).
import { parse as parseCel } from "@marcbachmann/cel-js";

/** Each CRD rule is parsed once per process (a fleet evaluates the same rules thousands of times); a rule that does not parse is remembered as such. */
const CEL_PROGRAMS = new Map<string, ReturnType<typeof parseCel> | Error>();
function celProgram(rule: string): ReturnType<typeof parseCel> {
    let p = CEL_PROGRAMS.get(rule);
    if (p === undefined) {
        try {
            p = parseCel(rule);
        } catch (e) {
            p = e instanceof Error ? e : new Error(String(e));
        }
        CEL_PROGRAMS.set(rule, p);
    }
    if (p instanceof Error) throw p;
    return p;
}

export interface OpenApiSchema {
    type?: string;
    properties?: Record<string, OpenApiSchema>;
    additionalProperties?: OpenApiSchema | boolean;
    items?: OpenApiSchema;
    required?: string[];
    enum?: unknown[];
    pattern?: string;
    format?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: boolean;
    exclusiveMaximum?: boolean;
    minLength?: number;
    maxLength?: number;
    minItems?: number;
    maxItems?: number;
    minProperties?: number;
    maxProperties?: number;
    nullable?: boolean;
    default?: unknown;
    anyOf?: OpenApiSchema[];
    oneOf?: OpenApiSchema[];
    allOf?: OpenApiSchema[];
    not?: OpenApiSchema;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
    "x-kubernetes-embedded-resource"?: boolean;
    "x-kubernetes-list-type"?: string;
    "x-kubernetes-list-map-keys"?: string[];
    "x-kubernetes-validations"?: { rule: string; message?: string; messageExpression?: string; fieldPath?: string; reason?: string }[];
}

export interface SchemaIssue {
    /** Dotted path of the offending field (`spec.listeners[0].port`). */
    path: string;
    message: string;
}

export interface SchemaResult {
    issues: SchemaIssue[];
    /** CEL rules evaluated, and skipped because they cannot be evaluated offline. */
    celEvaluated: number;
    celSkipped: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The API server's defaulting: a missing property with a `default` gets it (recursively, on a copy). */
export function applyDefaults(value: unknown, schema: OpenApiSchema): unknown {
    if (isObject(value)) {
        const out: Record<string, unknown> = { ...value };
        for (const [k, s] of Object.entries(schema.properties ?? {})) {
            if (out[k] === undefined && s.default !== undefined) out[k] = structuredClone(s.default);
            if (out[k] !== undefined) out[k] = applyDefaults(out[k], s);
        }
        const ap = schema.additionalProperties;
        if (ap && typeof ap === "object") for (const k of Object.keys(out)) if (!schema.properties?.[k]) out[k] = applyDefaults(out[k], ap);
        return out;
    }
    if (Array.isArray(value) && schema.items) return value.map((v) => applyDefaults(v, schema.items!));
    return value;
}

// Kubernetes formats the API server checks (k8s.io/kube-openapi pkg/validation/strfmt); others are accepted.
const FORMATS: Record<string, (s: string) => boolean> = {
    "date-time": (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s),
    ipv4: (s) => /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(s),
    ipv6: (s) => s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s),
    duration: (s) => /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s),
    hostname: (s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s) && s.length <= 253,
};

function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

/** CEL cannot see JS undefined; JSON values convert as the API server's unstructured data. */
function celValue(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(celValue);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, celValue(x)]));
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    return v;
}

class Validator {
    issues: SchemaIssue[] = [];
    celEvaluated = 0;
    celSkipped = 0;

    check(value: unknown, s: OpenApiSchema, path: string, embedded = false): void {
        if (value === null) {
            if (!s.nullable) this.add(path, "null is not allowed");
            return;
        }
        if (s["x-kubernetes-int-or-string"]) {
            if (typeof value !== "string" && !Number.isInteger(value)) this.add(path, `expected an integer or a string, got ${typeOf(value)}`);
        } else if (s.type && !this.typeMatches(value, s.type)) {
            this.add(path, `expected ${s.type}, got ${typeOf(value)} ${JSON.stringify(value)?.slice(0, 60)}`);
            return;
        }
        if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) this.add(path, `${JSON.stringify(value)} is not one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
        if (typeof value === "string") this.checkString(value, s, path);
        if (typeof value === "number") this.checkNumber(value, s, path);
        if (Array.isArray(value)) this.checkArray(value, s, path);
        if (isObject(value)) this.checkObject(value, s, path, embedded || !!s["x-kubernetes-embedded-resource"]);
        for (const sub of s.allOf ?? []) this.check(value, sub, path);
        if (s.anyOf && !s.anyOf.some((sub) => this.passes(value, sub, path))) this.add(path, "matches none of the allowed shapes (anyOf)");
        if (s.oneOf) {
            const n = s.oneOf.filter((sub) => this.passes(value, sub, path)).length;
            if (n !== 1) this.add(path, n === 0 ? "matches none of the allowed shapes (oneOf)" : `matches ${n} of the shapes where exactly one is allowed (oneOf)`);
        }
        if (s.not && this.passes(value, s.not, path)) this.add(path, "matches a forbidden shape (not)");
        if (s["x-kubernetes-validations"]) this.checkRules(value, s, path);
    }

    /** anyOf/oneOf/not members hold value validations only (structural schemas): checked without reporting. */
    private passes(value: unknown, s: OpenApiSchema, path: string): boolean {
        const sub = new Validator();
        sub.check(value, { ...s, type: s.type, properties: s.properties ? s.properties : undefined, additionalProperties: s.additionalProperties ?? true, "x-kubernetes-preserve-unknown-fields": true }, path);
        return sub.issues.length === 0;
    }

    private typeMatches(v: unknown, t: string): boolean {
        switch (t) {
            case "object":
                return isObject(v);
            case "array":
                return Array.isArray(v);
            case "string":
                return typeof v === "string";
            case "integer":
                return typeof v === "number" && Number.isInteger(v);
            case "number":
                return typeof v === "number";
            case "boolean":
                return typeof v === "boolean";
            default:
                return true;
        }
    }

    private checkString(v: string, s: OpenApiSchema, path: string): void {
        if (s.minLength !== undefined && [...v].length < s.minLength) this.add(path, `shorter than ${s.minLength} characters`);
        if (s.maxLength !== undefined && [...v].length > s.maxLength) this.add(path, `longer than ${s.maxLength} characters`);
        if (s.pattern) {
            let re: RegExp | undefined;
            try {
                re = new RegExp(s.pattern, "u");
            } catch {
                re = undefined; // RE2 syntax JS cannot compile: not checkable here.
            }
            if (re && !re.test(v)) this.add(path, `${JSON.stringify(v)} does not match ${s.pattern}`);
        }
        if (s.format && FORMATS[s.format] && !FORMATS[s.format](v)) this.add(path, `${JSON.stringify(v)} is not a valid ${s.format}`);
    }

    private checkNumber(v: number, s: OpenApiSchema, path: string): void {
        if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) this.add(path, `${v} is below the minimum ${s.minimum}`);
        if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) this.add(path, `${v} is above the maximum ${s.maximum}`);
        if (s.format === "int32" && (v < -(2 ** 31) || v >= 2 ** 31)) this.add(path, `${v} does not fit int32`);
    }

    private checkArray(v: unknown[], s: OpenApiSchema, path: string): void {
        if (s.minItems !== undefined && v.length < s.minItems) this.add(path, `fewer than ${s.minItems} items`);
        if (s.maxItems !== undefined && v.length > s.maxItems) this.add(path, `more than ${s.maxItems} items`);
        if (s.items) v.forEach((item, i) => this.check(item, s.items!, `${path}[${i}]`));
        const listType = s["x-kubernetes-list-type"];
        if (listType === "set" && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) this.add(path, "duplicate items in a set");
        if (listType === "map") {
            const keys = s["x-kubernetes-list-map-keys"] ?? [];
            const seen = new Set<string>();
            for (const item of v) {
                const key = JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)));
                if (seen.has(key)) this.add(path, `duplicate entries for map keys ${keys.join(",")} ${key}`);
                seen.add(key);
            }
        }
    }

    private checkObject(v: Record<string, unknown>, s: OpenApiSchema, path: string, embedded: boolean): void {
        for (const r of s.required ?? []) if (v[r] === undefined) this.add(join(path, r), "required field is missing");
        const n = Object.keys(v).length;
        if (s.minProperties !== undefined && n < s.minProperties) this.add(path, `fewer than ${s.minProperties} properties`);
        if (s.maxProperties !== undefined && n > s.maxProperties) this.add(path, `more than ${s.maxProperties} properties`);
        const props = s.properties ?? {};
        for (const [k, x] of Object.entries(v)) {
            if (x === undefined) continue;
            const p = join(path, k);
            if (props[k]) this.check(x, props[k], p);
            else if (typeof s.additionalProperties === "object") this.check(x, s.additionalProperties, p);
            else if (s.additionalProperties === true || s["x-kubernetes-preserve-unknown-fields"]) continue;
            // An embedded resource carries apiVersion, kind and metadata implicitly.
            else if (embedded && ["apiVersion", "kind", "metadata"].includes(k)) continue;
            else if (s.properties || s.type === "object") this.add(p, "unknown field (the API server would drop it)");
        }
    }

    private checkRules(value: unknown, s: OpenApiSchema, path: string): void {
        const self = celValue(value);
        for (const rule of s["x-kubernetes-validations"] ?? []) {
            if (/\boldSelf\b/.test(rule.rule)) {
                this.celSkipped++; // transition rules need the object's previous version
                continue;
            }
            let ok: unknown;
            try {
                ok = celProgram(rule.rule)({ self });
            } catch {
                // A Kubernetes-only CEL library (isURL, quantity, format...) or an absent optional field: not checkable offline.
                this.celSkipped++;
                continue;
            }
            this.celEvaluated++;
            if (ok !== true) this.add(rule.fieldPath ? `${path}${rule.fieldPath}` : path, rule.message ?? `fails the CRD rule ${rule.rule}`);
        }
    }

    private add(path: string, message: string): void {
        this.issues.push({ path, message });
    }
}

function join(path: string, key: string): string {
    return path ? `${path}.${key}` : key;
}

/** Validates a whole custom resource (apiVersion, kind, metadata and the rest) against its version's schema. */
export function validateAgainstSchema(obj: Record<string, unknown>, schema: OpenApiSchema): SchemaResult {
    const v = new Validator();
    const defaulted = applyDefaults(obj, schema) as Record<string, unknown>;
    // metadata is the API server's ObjectMeta, validated elsewhere; the CRD schema covers the rest.
    const { metadata: _metadata, ...rest } = defaulted;
    const top: OpenApiSchema = { ...schema, properties: { ...(schema.properties ?? {}), apiVersion: { type: "string" }, kind: { type: "string" } } };
    delete top.properties!.metadata;
    v.check(rest, top, "");
    return { issues: v.issues, celEvaluated: v.celEvaluated, celSkipped: v.celSkipped };
}
