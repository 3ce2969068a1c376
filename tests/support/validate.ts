// Schema validation of rendered Kubernetes objects (plain JSON) for tests.
//
// Sources of schemas, tried in this order for an object's apiVersion/kind:
//   1. EndpointPickerConfig (llm-d router config file): validateEndpointPickerConfig().
//   2. Hand-written schemas in ./crd-schemas (InferencePool, InferenceObjective, LeaderWorkerSet, GKE kinds...).
//   3. Model classes of kubernetes-models (core/built-in kinds), @kubernetes-models/gateway-api and
//      @kubernetes-models/prometheus-operator, looked up by file: <package>/<group>/<version>/<Kind>.js.
// On top of the schema, every object gets the API-server style checks the OpenAPI schemas do not
// express: metadata.name / namespace formats, label and annotation keys and values, pod-spec container
// and port names, and apps/v1 selector-vs-template label agreement.
//
// The kubernetes-models packages are ES modules that only export an "import" condition, so they are
// loaded by absolute file path with require() (Node >= 22.12 supports require() of ES modules).
import { AssertionError } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import {
  CRD_SCHEMAS,
  ENDPOINT_PICKER_CONFIG_API_VERSIONS,
  endpointPickerConfigSchema,
} from "./crd-schemas";

type Json = Record<string, unknown>;
interface Issue {
  /** Dotted field path ("spec.template.spec.containers[0].name"); "" for the object itself. */
  path: string;
  message: string;
}
type Checker = (obj: Json) => Issue[];
/** A validator precompiled by kubernetes-models (ajv standalone code). */
type StandaloneValidate = ((data: unknown, opts?: { instancePath?: string }) => boolean) & {
  errors?: ErrorObject[] | null;
};
interface ModelCtor {
  apiVersion?: string;
  kind?: string;
  new (data: unknown): { validate(): void };
}

// ---------------------------------------------------------------------------------------------
// Package loading

const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/gateway-api", "@kubernetes-models/prometheus-operator"];
const packageDirCache = new Map<string, string | null>();

function packageDir(name: string): string | null {
  let dir = packageDirCache.get(name);
  if (dir === undefined) {
    try {
      dir = path.dirname(require.resolve(`${name}/package.json`));
    } catch {
      dir = null;
    }
    packageDirCache.set(name, dir);
  }
  return dir;
}

function requireFile(file: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

const standaloneCache = new Map<string, StandaloneValidate>();

/** Loads a precompiled schema: "core:<Name>" (kubernetes-models) or "meta:<Name>" (apimachinery). */
function standaloneValidator(ref: string): StandaloneValidate {
  let fn = standaloneCache.get(ref);
  if (fn) return fn;
  const m = /^(core|meta):([A-Za-z0-9]+)$/.exec(ref);
  const pkg = m && packageDir(m[1] === "core" ? "kubernetes-models" : "@kubernetes-models/apimachinery");
  if (!m || !pkg) throw new Error(`validate.ts: cannot resolve schema reference ${ref}`);
  fn = requireFile(path.join(pkg, "_schemas", `${m[2]}.js`)).validate as StandaloneValidate;
  if (typeof fn !== "function") throw new Error(`validate.ts: ${ref} has no validate export`);
  standaloneCache.set(ref, fn);
  return fn;
}

// ---------------------------------------------------------------------------------------------
// ajv for the hand-written schemas

let ajvInstance: Ajv | undefined;

function getAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });

  const refValidate = function (ref: string, data: unknown, _parent?: unknown, cxt?: { instancePath: string }): boolean {
    const fn = standaloneValidator(ref);
    if (fn(data, { instancePath: cxt?.instancePath ?? "" })) return true;
    (refValidate as unknown as { errors: ErrorObject[] }).errors = (fn.errors ?? []).map((e) => ({ ...e }));
    return false;
  };
  ajv.addKeyword({ keyword: "x-k8s-ref", schemaType: "string", errors: true, validate: refValidate });

  const uniqueBy = function (prop: string, data: unknown, _parent?: unknown, cxt?: { instancePath: string }): boolean {
    if (!Array.isArray(data)) return true;
    const seen = new Map<string, number>();
    const errors: ErrorObject[] = [];
    data.forEach((item, i) => {
      if (!item || typeof item !== "object") return;
      const v = (item as Json)[prop];
      if (v === undefined) return;
      const k = JSON.stringify(v);
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else
        errors.push({
          instancePath: `${cxt?.instancePath ?? ""}/${i}/${prop}`,
          schemaPath: "#/x-unique-by",
          keyword: "x-unique-by",
          params: { duplicateOf: first },
          message: `duplicate value ${k} (same as item [${first}])`,
        });
    });
    if (errors.length === 0) return true;
    (uniqueBy as unknown as { errors: ErrorObject[] }).errors = errors;
    return false;
  };
  ajv.addKeyword({ keyword: "x-unique-by", schemaType: "string", errors: true, validate: uniqueBy });

  ajvInstance = ajv;
  return ajv;
}

function ajvChecker(schema: Record<string, unknown>): Checker {
  let compiled: ValidateFunction | undefined;
  return (obj) => {
    compiled ??= getAjv().compile(schema);
    return compiled(obj) ? [] : ajvIssues(compiled.errors ?? []);
  };
}

// ---------------------------------------------------------------------------------------------
// Error formatting

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, "/").replace(/~0/g, "~");
}

function appendPath(base: string, seg: string): string {
  if (/^\d+$/.test(seg)) return `${base}[${seg}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) return base ? `${base}.${seg}` : seg;
  return `${base}[${JSON.stringify(seg)}]`;
}

function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  return pointer
    .split("/")
    .slice(1)
    .map(unescapePointer)
    .reduce((acc, seg) => appendPath(acc, seg), "");
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type":
      return `must be ${Array.isArray(p.type) ? p.type.join(" or ") : String(p.type).replace(/,/g, " or ")}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case "minItems":
      return `must have at least ${String(p.limit)} item(s)`;
    case "maxItems":
      return `must have at most ${String(p.limit)} item(s)`;
    case "minLength":
      return `must be at least ${String(p.limit)} character(s) long`;
    case "maxLength":
      return `must be at most ${String(p.limit)} characters long`;
    case "minProperties":
      return `must have at least ${String(p.limit)} entries`;
    case "maxProperties":
      return `must have at most ${String(p.limit)} entries`;
    case "pattern":
      return `must match pattern ${String(p.pattern)}`;
    case "format":
      return `must be a valid ${String(p.format)}`;
    case "uniqueItems":
      return `must not contain duplicate items (items [${String(p.j)}] and [${String(p.i)}] are equal)`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

const SIMPLE_KEYWORDS = new Set(["type", "format", "pattern", "enum", "const", "minimum", "maximum", "minLength", "maxLength"]);

function ajvIssues(errors: ErrorObject[]): Issue[] {
  // Errors produced inside anyOf/oneOf branches are folded into the anyOf/oneOf error. Branch errors of
  // kubernetes-models' precompiled validators carry schema paths relative to nested validators, so simple
  // value errors at the same location are treated as branch errors too.
  const isUnion = (e: ErrorObject) => e.keyword === "anyOf" || e.keyword === "oneOf";
  const unions = errors.filter(isUnion);
  const branchesOf = (u: ErrorObject) =>
    errors.filter(
      (b) =>
        b !== u &&
        !isUnion(b) &&
        b.instancePath === u.instancePath &&
        (b.schemaPath.startsWith(u.schemaPath + "/") || SIMPLE_KEYWORDS.has(b.keyword)),
    );
  const folded = new Set<ErrorObject>(unions.flatMap(branchesOf));
  const issues: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === "if" || e.keyword === "propertyNames") continue; // reported by "then" / the key error
    if (folded.has(e)) continue;
    let p = pointerToPath(e.instancePath);
    let message: string;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === "required") {
      p = appendPath(p, String(params.missingProperty));
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      p = appendPath(p, String(params.additionalProperty));
      message = "unknown field (not allowed by the schema)";
    } else if (isUnion(e)) {
      const alternatives = [...new Set(branchesOf(e).map(describe))];
      if (alternatives.length && alternatives.every((m) => m.startsWith("must be ")))
        message = `must be ${alternatives.map((m) => m.slice("must be ".length)).join(" or ")}`;
      else if (alternatives.length) message = `must satisfy one of: ${alternatives.join("; or ")}`;
      else message = describe(e);
    } else {
      message = describe(e);
      const key = e.propertyName ?? (params.propertyName as string | undefined);
      if (key !== undefined) {
        p = appendPath(p, key);
        message = `key ${message}`;
      }
    }
    issues.push({ path: p, message });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Schema lookup

const checkerCache = new Map<string, Checker | null>();
let crdByKey: Map<string, Checker> | undefined;

function crdCheckers(): Map<string, Checker> {
  if (!crdByKey) {
    crdByKey = new Map();
    for (const crd of CRD_SCHEMAS) crdByKey.set(`${crd.apiVersion}/${crd.kind}`, ajvChecker(crd.schema));
  }
  return crdByKey;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf("/");
  return i < 0 ? ["", apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

function modelChecker(apiVersion: string, kind: string): Checker | null {
  const [group, version] = splitApiVersion(apiVersion);
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9]+$/.test(version) || !/^[a-z0-9.-]*$/.test(group)) return null;
  for (const pkgName of MODEL_PACKAGES) {
    const pkg = packageDir(pkgName);
    if (!pkg) continue;
    const file = group ? path.join(pkg, group, version, `${kind}.js`) : path.join(pkg, version, `${kind}.js`);
    if (!fs.existsSync(file)) continue;
    const ctor = requireFile(file)[kind] as ModelCtor | undefined;
    if (typeof ctor !== "function" || ctor.apiVersion !== apiVersion || ctor.kind !== kind) continue;
    return (obj) => {
      try {
        new ctor(obj).validate();
        return [];
      } catch (err) {
        const errors = (err as { errors?: unknown }).errors;
        if (Array.isArray(errors)) return ajvIssues(errors as ErrorObject[]);
        throw err;
      }
    };
  }
  return null;
}

function checkerFor(apiVersion: string, kind: string): Checker | null {
  const key = `${apiVersion}/${kind}`;
  let c = checkerCache.get(key);
  if (c === undefined) {
    c = crdCheckers().get(key) ?? modelChecker(apiVersion, kind);
    checkerCache.set(key, c);
  }
  return c;
}

let knownKindsCache: string[] | undefined;

/** "apiVersion/kind" strings that have a schema. */
export function knownKinds(): string[] {
  if (knownKindsCache) return [...knownKindsCache];
  const kinds = new Set<string>();
  for (const crd of CRD_SCHEMAS) kinds.add(`${crd.apiVersion}/${crd.kind}`);
  for (const v of ENDPOINT_PICKER_CONFIG_API_VERSIONS) kinds.add(`${v}/EndpointPickerConfig`);
  const staticRe = /static\s*\{\s*this\.apiVersion\s*=\s*"([^"]+)"\s*\}\s*static\s*\{\s*this\.kind\s*=\s*"([^"]+)"/;
  const scanVersionDir = (dir: string) => {
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith(".js") || f === "index.js") continue;
      const m = staticRe.exec(fs.readFileSync(path.join(dir, f), "utf8"));
      if (m && `${m[2]}.js` === f) kinds.add(`${m[1]}/${m[2]}`);
    }
  };
  const isDir = (p: string) => fs.statSync(p).isDirectory();
  for (const pkgName of MODEL_PACKAGES) {
    const pkg = packageDir(pkgName);
    if (!pkg) continue;
    for (const top of fs.readdirSync(pkg)) {
      const topDir = path.join(pkg, top);
      if (top.startsWith("_") || top === "node_modules" || !isDir(topDir)) continue;
      if (/^v\d/.test(top)) scanVersionDir(topDir); // core group ("v1")
      else for (const v of fs.readdirSync(topDir)) if (isDir(path.join(topDir, v))) scanVersionDir(path.join(topDir, v));
    }
  }
  knownKindsCache = [...kinds].sort();
  return [...knownKindsCache];
}

// ---------------------------------------------------------------------------------------------
// API-server style checks that the OpenAPI schemas do not express

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function at(obj: unknown, segs: readonly string[]): unknown {
  let cur = obj;
  for (const s of segs) {
    if (!isObject(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}

function dnsLabelIssue(v: string, what = "a DNS-1123 label"): string | undefined {
  if (v.length > 63) return `must be no more than 63 characters (${what})`;
  if (!DNS1123_LABEL.test(v)) return `must be ${what}: lowercase alphanumerics or '-', starting and ending with an alphanumeric (got ${JSON.stringify(v)})`;
  return undefined;
}

function dnsSubdomainIssue(v: string): string | undefined {
  if (v.length > 253) return "must be no more than 253 characters (DNS-1123 subdomain)";
  if (!DNS1123_SUBDOMAIN.test(v))
    return `must be a DNS-1123 subdomain: lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric (got ${JSON.stringify(v)})`;
  return undefined;
}

/** Name validation as the API server does it for the kind (ValidateObjectMeta's nameFn). */
function nameIssue(apiVersion: string, kind: string, name: string): string | undefined {
  const [group] = splitApiVersion(apiVersion);
  if (group === "" && kind === "Service") {
    // Service names become DNS labels: RFC 1035 (must start with a letter).
    if (name.length > 63) return "must be no more than 63 characters (DNS-1035 label)";
    if (!DNS1035_LABEL.test(name))
      return `must be a DNS-1035 label: lowercase alphanumerics or '-', starting with a letter and ending with an alphanumeric (got ${JSON.stringify(name)})`;
    return undefined;
  }
  if (group === "" && kind === "Namespace") return dnsLabelIssue(name);
  if (group === "rbac.authorization.k8s.io") {
    // RBAC names are path segments (e.g. "system:aggregate-to-view").
    if (name === "." || name === ".." || /[/%]/.test(name)) return `must be a valid path segment name (got ${JSON.stringify(name)})`;
    return undefined;
  }
  return dnsSubdomainIssue(name);
}

function qualifiedNameIssue(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "must be a qualified name: an optional DNS subdomain prefix and '/', then a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix) return "prefix part must be non-empty";
    const pi = dnsSubdomainIssue(prefix);
    if (pi) return `prefix part ${pi}`;
  }
  if (!name) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME_PART.test(name))
    return "name part must consist of alphanumerics, '-', '_' or '.', and must start and end with an alphanumeric";
  return undefined;
}

function labelMapIssues(map: unknown, base: string): Issue[] {
  if (map === undefined || map === null) return [];
  if (!isObject(map)) return [{ path: base, message: "must be an object of string values" }];
  const issues: Issue[] = [];
  for (const [k, v] of Object.entries(map)) {
    const p = appendPath(base, k);
    const ki = qualifiedNameIssue(k);
    if (ki) issues.push({ path: p, message: `invalid label key: ${ki}` });
    if (typeof v !== "string") issues.push({ path: p, message: "label value must be a string" });
    else if (v.length > 63) issues.push({ path: p, message: `label value must be no more than 63 characters (got ${v.length})` });
    else if (!LABEL_VALUE.test(v))
      issues.push({
        path: p,
        message: `invalid label value ${JSON.stringify(v)}: must be empty or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
      });
  }
  return issues;
}

function annotationIssues(map: unknown, base: string): Issue[] {
  if (map === undefined || map === null) return [];
  if (!isObject(map)) return [{ path: base, message: "must be an object of string values" }];
  const issues: Issue[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(map)) {
    const p = appendPath(base, k);
    const ki = qualifiedNameIssue(k.toLowerCase());
    if (ki) issues.push({ path: p, message: `invalid annotation key: ${ki}` });
    if (typeof v !== "string") issues.push({ path: p, message: "annotation value must be a string" });
    else total += k.length + v.length;
  }
  if (total > TOTAL_ANNOTATION_SIZE) issues.push({ path: base, message: `total size must be no more than 256 KiB (got ${total} bytes)` });
  return issues;
}

const TEMPLATE_METADATA_PATHS: readonly (readonly string[])[] = [
  ["template", "metadata"], // v1 PodTemplate
  ["spec", "template", "metadata"],
  ["spec", "jobTemplate", "metadata"],
  ["spec", "jobTemplate", "spec", "template", "metadata"],
  ["spec", "leaderWorkerTemplate", "leaderTemplate", "metadata"],
  ["spec", "leaderWorkerTemplate", "workerTemplate", "metadata"],
];
const POD_SPEC_PATHS: readonly (readonly string[])[] = [
  ["template", "spec"],
  ["spec", "template", "spec"],
  ["spec", "jobTemplate", "spec", "template", "spec"],
  ["spec", "leaderWorkerTemplate", "leaderTemplate", "spec"],
  ["spec", "leaderWorkerTemplate", "workerTemplate", "spec"],
];
const APPS_WORKLOADS = new Set(["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"]);

function podSpecIssues(spec: unknown, base: string): Issue[] {
  if (!isObject(spec)) return [];
  const issues: Issue[] = [];
  const names = new Map<string, string>();
  for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      if (!isObject(c)) return;
      const cp = `${appendPath(base, list)}[${i}]`;
      if (typeof c.name === "string") {
        const ni = dnsLabelIssue(c.name);
        if (ni) issues.push({ path: `${cp}.name`, message: ni });
        const prev = names.get(c.name);
        if (prev) issues.push({ path: `${cp}.name`, message: `duplicate container name ${JSON.stringify(c.name)} (also ${prev})` });
        else names.set(c.name, cp);
      }
      if (Array.isArray(c.ports)) {
        c.ports.forEach((port, j) => {
          if (!isObject(port) || typeof port.name !== "string") return;
          const n = port.name;
          if (n.length > 15 || !IANA_SVC_NAME.test(n) || n.includes("--") || !/[a-z]/.test(n))
            issues.push({
              path: `${cp}.ports[${j}].name`,
              message: `must be an IANA_SVC_NAME: at most 15 lowercase alphanumerics or '-', containing a letter, no leading/trailing/double '-' (got ${JSON.stringify(n)})`,
            });
        });
      }
    });
  }
  return issues;
}

function objectIssues(obj: Json, apiVersion: string, kind: string): Issue[] {
  const issues: Issue[] = [];
  const meta = obj.metadata;
  if (isObject(meta)) {
    if (typeof meta.name === "string") {
      const ni = nameIssue(apiVersion, kind, meta.name);
      if (ni) issues.push({ path: "metadata.name", message: ni });
    }
    if (typeof meta.namespace === "string") {
      const ni = dnsLabelIssue(meta.namespace);
      if (ni) issues.push({ path: "metadata.namespace", message: ni });
    }
    issues.push(...labelMapIssues(meta.labels, "metadata.labels"), ...annotationIssues(meta.annotations, "metadata.annotations"));
  }
  for (const segs of TEMPLATE_METADATA_PATHS) {
    const m = at(obj, segs);
    if (!isObject(m)) continue;
    const base = segs.join(".");
    issues.push(...labelMapIssues(m.labels, `${base}.labels`), ...annotationIssues(m.annotations, `${base}.annotations`));
  }
  const matchLabels = at(obj, ["spec", "selector", "matchLabels"]);
  if (matchLabels !== undefined) issues.push(...labelMapIssues(matchLabels, "spec.selector.matchLabels"));
  if (apiVersion === "v1" && (kind === "Service" || kind === "ReplicationController"))
    issues.push(...labelMapIssues(at(obj, ["spec", "selector"]), "spec.selector"));
  if (apiVersion === "v1" && kind === "Pod") issues.push(...podSpecIssues(obj.spec, "spec"));
  for (const segs of POD_SPEC_PATHS) issues.push(...podSpecIssues(at(obj, segs), segs.join(".")));
  if (apiVersion === "apps/v1" && APPS_WORKLOADS.has(kind) && isObject(matchLabels)) {
    const tmplLabels = at(obj, ["spec", "template", "metadata", "labels"]);
    for (const [k, v] of Object.entries(matchLabels)) {
      if (!isObject(tmplLabels) || tmplLabels[k] !== v)
        issues.push({
          path: appendPath("spec.selector.matchLabels", k),
          message: `selector does not match template labels (spec.template.metadata.labels${isObject(tmplLabels) && k in tmplLabels ? ` has ${JSON.stringify(tmplLabels[k])}` : " lacks this key"})`,
        });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// EndpointPickerConfig

// Plugins the llm-d router registers by itself when a reference to them is not satisfied
// (pkg/epp/config/loader/defaults.go): referencing these without declaring them is fine.
const IMPLICIT_PARSERS = new Set(["openai-parser"]);
const IMPLICIT_SATURATION_DETECTORS = new Set(["utilization-detector"]);
const IMPLICIT_FLOW_POLICIES = new Set(["global-strict-fairness-policy", "fcfs-ordering-policy"]);

let epcChecker: Checker | undefined;

function formatIssues(prefix: string, issues: Issue[]): string[] {
  const out = issues.map((i) => (i.path ? `${prefix}: ${i.path}: ${i.message}` : `${prefix}: ${i.message}`));
  return [...new Set(out)];
}

/**
 * Validates an llm-d router EndpointPickerConfig (the parsed YAML document) against its schema and
 * checks references: every pluginRef must name a declared plugin (its name, or its type when the name
 * is omitted), plugin names and scheduling profile names must be unique.
 */
export function validateEndpointPickerConfig(cfg: unknown): string[] {
  const prefix = "EndpointPickerConfig";
  if (!isObject(cfg)) return [`${prefix}: must be an object`];
  epcChecker ??= ajvChecker(endpointPickerConfigSchema);
  const issues = epcChecker(cfg);

  const declared = new Map<string, number>();
  const plugins = Array.isArray(cfg.plugins) ? cfg.plugins : [];
  plugins.forEach((p, i) => {
    if (!isObject(p)) return;
    const name = typeof p.name === "string" && p.name !== "" ? p.name : typeof p.type === "string" ? p.type : undefined;
    if (name === undefined) return;
    const first = declared.get(name);
    if (first !== undefined)
      issues.push({
        path: `plugins[${i}]${typeof p.name === "string" && p.name ? ".name" : ".type"}`,
        message: `duplicate plugin name ${JSON.stringify(name)} (already declared by plugins[${first}]); give one of them a distinct name`,
      });
    else declared.set(name, i);
  });
  const declaredList = () => [...declared.keys()].map((n) => JSON.stringify(n)).join(", ") || "none";
  const checkRef = (ref: unknown, p: string, implicit?: Set<string>) => {
    if (typeof ref !== "string" || ref === "") return;
    if (declared.has(ref) || implicit?.has(ref)) return;
    issues.push({ path: p, message: `references undeclared plugin ${JSON.stringify(ref)} (declared: ${declaredList()})` });
  };

  const profiles = Array.isArray(cfg.schedulingProfiles) ? cfg.schedulingProfiles : [];
  const profileNames = new Map<string, number>();
  profiles.forEach((prof, i) => {
    if (!isObject(prof)) return;
    if (typeof prof.name === "string") {
      const first = profileNames.get(prof.name);
      if (first !== undefined)
        issues.push({ path: `schedulingProfiles[${i}].name`, message: `duplicate profile name ${JSON.stringify(prof.name)} (same as schedulingProfiles[${first}])` });
      else profileNames.set(prof.name, i);
    }
    if (Array.isArray(prof.plugins))
      prof.plugins.forEach((pr, j) => {
        if (isObject(pr)) checkRef(pr.pluginRef, `schedulingProfiles[${i}].plugins[${j}].pluginRef`);
      });
  });

  const dl = cfg.dataLayer;
  if (isObject(dl)) {
    if (Array.isArray(dl.sources))
      dl.sources.forEach((s, i) => {
        if (!isObject(s)) return;
        checkRef(s.pluginRef, `dataLayer.sources[${i}].pluginRef`);
        if (Array.isArray(s.extractors))
          s.extractors.forEach((x, k) => isObject(x) && checkRef(x.pluginRef, `dataLayer.sources[${i}].extractors[${k}].pluginRef`));
      });
    checkRef(at(dl, ["discovery", "pluginRef"]), "dataLayer.discovery.pluginRef");
    checkRef(at(dl, ["peerDiscovery", "pluginRef"]), "dataLayer.peerDiscovery.pluginRef");
    checkRef(dl.crossReplicaSyncerPluginRef, "dataLayer.crossReplicaSyncerPluginRef");
  }
  const fc = cfg.flowControl;
  if (isObject(fc)) {
    checkRef(at(fc, ["saturationDetector", "pluginRef"]), "flowControl.saturationDetector.pluginRef", IMPLICIT_SATURATION_DETECTORS);
    checkRef(fc.usageLimitPolicyPluginRef, "flowControl.usageLimitPolicyPluginRef");
    const bands: [unknown, string][] = [
      [fc.defaultPriorityBand, "flowControl.defaultPriorityBand"],
      [fc.defaultNegativePriorityBand, "flowControl.defaultNegativePriorityBand"],
      ...(Array.isArray(fc.priorityBands) ? fc.priorityBands.map((b, i): [unknown, string] => [b, `flowControl.priorityBands[${i}]`]) : []),
    ];
    for (const [b, p] of bands) {
      if (!isObject(b)) continue;
      checkRef(b.fairnessPolicyRef, `${p}.fairnessPolicyRef`, IMPLICIT_FLOW_POLICIES);
      checkRef(b.orderingPolicyRef, `${p}.orderingPolicyRef`, IMPLICIT_FLOW_POLICIES);
    }
  }
  checkRef(at(cfg, ["saturationDetector", "pluginRef"]), "saturationDetector.pluginRef", IMPLICIT_SATURATION_DETECTORS);
  checkRef(at(cfg, ["parser", "pluginRef"]), "parser.pluginRef", IMPLICIT_PARSERS);
  const parsers = at(cfg, ["requestHandler", "parsers"]);
  if (Array.isArray(parsers))
    parsers.forEach((pc, i) => isObject(pc) && checkRef(pc.pluginRef, `requestHandler.parsers[${i}].pluginRef`, IMPLICIT_PARSERS));

  return formatIssues(prefix, issues);
}

// ---------------------------------------------------------------------------------------------
// Public API

function describeObject(obj: Json): string {
  const kind = typeof obj.kind === "string" ? obj.kind : "<no kind>";
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name =
    typeof meta.name === "string" ? meta.name : typeof meta.generateName === "string" ? `${meta.generateName}*` : "<unnamed>";
  return `${kind}/${name}`;
}

/**
 * Validates one Kubernetes object (plain JSON) against the schema of its apiVersion/kind. Returns a list of
 * human-readable errors ("Deployment/foo: spec.template.spec.containers[0].ports[0].containerPort: must be
 * integer"); empty when valid. An apiVersion/kind without a known schema yields one error
 * "<Kind>/<name>: no schema for <apiVersion> <kind>" so callers notice gaps.
 */
export function validateObject(obj: unknown): string[] {
  if (!isObject(obj)) return [`<invalid>: expected a JSON object, got ${Array.isArray(obj) ? "array" : obj === null ? "null" : typeof obj}`];
  const prefix = describeObject(obj);
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion || !kind)
    return [`${prefix}: apiVersion and kind must be non-empty strings`];
  if (kind === "EndpointPickerConfig" && ENDPOINT_PICKER_CONFIG_API_VERSIONS.includes(apiVersion)) return validateEndpointPickerConfig(obj);
  const checker = checkerFor(apiVersion, kind);
  if (!checker) return [`${prefix}: no schema for ${apiVersion} ${kind}`];
  return formatIssues(prefix, [...checker(obj), ...objectIssues(obj, apiVersion, kind)]);
}

/** Throws an AssertionError listing every error of every object. */
export function assertValidObjects(objs: unknown[]): void {
  const errors = objs.flatMap((o) => validateObject(o));
  if (errors.length === 0) return;
  throw new AssertionError({
    message: `${errors.length} schema validation error(s) in ${objs.length} object(s):\n  - ${errors.join("\n  - ")}`,
  });
}
