// Conformance of a rendered stack to its llm-d release's real upstream artifacts: every custom
// resource against its CRD schema (with the CEL rules that can be evaluated offline), every vLLM,
// endpoint-picker, sidecar and simulator flag against the flags that release's binaries define
// (with their value types), every scheduler plugin and parameter against the router's registry,
// every Helm value against the chart's values, and every extended resource name. The data comes
// from tests/fixtures/upstream/<release>/ through components/catalog/releases/upstream/<release>.json.
// Pure: runs in `llmd plan`, `llmd render`, LlmdStack and the tests alike.
import { parse as parseYaml } from "yaml";
import { ConfigError, ConfigIssue } from "../config/errors";
import { RoleSpec, ServiceSpec, StackSpec } from "../config/spec";
import { modelServerImage, modelServerVllm } from "../catalog/releases";
import { AcceleratorType } from "../config/types";
import { allObjects, BuiltStack } from "../manifests";
import { ChartSpec, K8sObject, isCustomResource } from "../manifests/common";
import { validateAgainstSchema } from "./schema";
import { FlagEntry, FlagList, KeyTree, ParamNode, UpstreamData, upstreamData } from "./upstream";

export interface Finding {
    severity: "error" | "warning";
    /** The object (`Kind/namespace/name`, `HelmChart/ns/name`) or config field the finding is about. */
    subject: string;
    /** Field path inside the object, or the config field when the value came from the user. */
    path: string;
    message: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function objectId(o: K8sObject): string {
    return o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
}

// ---------------------------------------------------------------------------------------------
// Flags

/** A parsed command-line flag: its name as written, the value when given, and the arg index. */
export interface ParsedFlag {
    name: string;
    value?: string;
    index: number;
}

/** Splits `--name=value` / `--name value` / `--flag` tokens, given which flags take a value. */
export function parseFlags(args: string[], takesValue: (name: string) => boolean | undefined): ParsedFlag[] {
    const out: ParsedFlag[] = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (!/^--?[A-Za-z]/.test(a)) continue; // positional (the model), or a negative number value
        const eq = a.indexOf("=");
        if (eq > 0) {
            out.push({ name: a.slice(0, eq), value: a.slice(eq + 1), index: i });
        } else if (takesValue(a) && i + 1 < args.length && !/^--[A-Za-z]/.test(args[i + 1])) {
            out.push({ name: a, value: args[i + 1], index: i });
            i++;
        } else out.push({ name: a, index: i });
    }
    return out;
}

/** Shell words of the command that follows `marker` in a script (line continuations joined; quotes removed). */
export function scriptCommandArgs(script: string, marker: string): string[] | undefined {
    const at = script.indexOf(marker);
    if (at < 0) return undefined;
    const rest = script.slice(at + marker.length).replace(/\\\n/g, " ");
    const words: string[] = [];
    let cur = "";
    let quote: string | undefined;
    let started = false;
    for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (quote) {
            if (c === quote) quote = undefined;
            else cur += c;
            continue;
        }
        if (c === "'" || c === '"') {
            quote = c;
            started = true;
            continue;
        }
        if (c === "\n" || c === ";" || (c === "&" && rest[i + 1] === "&")) break;
        if (/\s/.test(c)) {
            if (started) words.push(cur);
            cur = "";
            started = false;
            continue;
        }
        cur += c;
        started = true;
    }
    if (started) words.push(cur);
    return words;
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;

/** Whether a value parses as the flag's type (Go flag package, pflag, Python argparse). */
export function valueMatches(type: string | undefined, value: string): boolean {
    switch (type) {
        case "int":
        case "int32":
        case "int64":
        case "uint":
        case "uint64":
            return /^[-+]?\d+$/.test(value);
        case "float":
        case "float64":
            return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value);
        case "bool":
            return /^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(value);
        case "duration":
            return value === "0" || GO_DURATION.test(value);
        case "json":
            try {
                JSON.parse(value);
                return true;
            } catch {
                return false;
            }
        default:
            return true;
    }
}

function deprecatedText(e: FlagEntry): string | undefined {
    if (!e.deprecated) return undefined;
    return typeof e.deprecated === "string" ? e.deprecated : "deprecated";
}

interface FlagCheck {
    list: FlagList;
    /** What the flags belong to, for messages: `vLLM v0.26.0`, `the endpoint picker (router v0.10.0)`. */
    what: string;
    release: string;
    /** Go binaries take `-name` as well as `--name`. */
    goStyle: boolean;
    /** Flags with a value that must come from a choice list, or a type to parse. */
    checkValues: boolean;
}

function lookupFlag(list: FlagList, name: string, goStyle: boolean): FlagEntry | undefined {
    const norm = goStyle && /^-[A-Za-z]/.test(name) && !name.startsWith("--") ? `-${name}` : name;
    const direct = list.flags[norm];
    if (direct) return direct;
    for (const e of Object.values(list.flags)) if (e.aliases?.includes(name)) return e;
    // Flags a Go binary takes from libraries it links (zap, klog, controller-runtime): listed apart.
    const ext = list.external as Record<string, { flags?: Record<string, FlagEntry> }> | undefined;
    for (const group of Object.values(ext ?? {})) if (isObject(group) && group.flags?.[norm]) return group.flags[norm];
    return undefined;
}

function checkFlags(args: string[], chk: FlagCheck, report: (index: number, severity: Finding["severity"], message: string) => void): void {
    const takes = (n: string) => {
        const e = lookupFlag(chk.list, n, chk.goStyle);
        if (!e) return undefined;
        return e.takesValue ?? (e.type !== "bool");
    };
    for (const f of parseFlags(args, takes)) {
        const e = lookupFlag(chk.list, f.name, chk.goStyle);
        if (!e) {
            report(f.index, "error", `${f.name} is not a flag of ${chk.what} in llm-d ${chk.release}`);
            continue;
        }
        const dep = deprecatedText(e);
        if (dep) report(f.index, "warning", `${f.name} is deprecated in ${chk.what} (llm-d ${chk.release}): ${dep}`);
        if (!chk.checkValues || f.value === undefined) continue;
        // Values that the shell expands at start (LWS layout) are checked by the path's own invariants.
        if (/\$/.test(f.value)) continue;
        if (e.choices?.length && !e.choices.includes(f.value)) {
            report(f.index, "error", `${f.name}=${f.value}: ${chk.what} accepts ${e.choices.join(", ")}`);
        } else if (!valueMatches(e.type, f.value)) {
            report(f.index, "error", `${f.name}=${f.value}: ${chk.what} parses it as ${e.type === "duration" ? "a Go duration such as 50ms" : `${/^[aeiou]/.test(e.type ?? "") ? "an" : "a"} ${e.type}`}`);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Containers

interface Pod {
    /** Field path of the pod spec in its object. */
    path: string;
    spec: Json;
}

function podsOf(o: K8sObject): Pod[] {
    const spec = (o as Json).spec as Json | undefined;
    if (!spec) return [];
    if (o.kind === "Deployment" || o.kind === "StatefulSet" || o.kind === "DaemonSet" || o.kind === "Job") {
        const t = spec.template as Json | undefined;
        return t?.spec ? [{ path: "spec.template.spec", spec: t.spec as Json }] : [];
    }
    if (o.kind === "LeaderWorkerSet") {
        const lwt = spec.leaderWorkerTemplate as Json | undefined;
        const out: Pod[] = [];
        for (const k of ["leaderTemplate", "workerTemplate"]) {
            const t = lwt?.[k] as Json | undefined;
            if (t?.spec) out.push({ path: `spec.leaderWorkerTemplate.${k}.spec`, spec: t.spec as Json });
        }
        return out;
    }
    return [];
}

interface ContainerRef {
    path: string;
    c: Json;
}

function containersOf(pod: Pod): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const key of ["initContainers", "containers"]) {
        for (const c of (pod.spec[key] as Json[] | undefined) ?? []) out.push({ path: `${pod.path}.${key}[${c.name as string}]`, c });
    }
    return out;
}

/** The vLLM `serve` arguments of a container, and where they sit (args of `vllm serve`, or a script). */
function vllmServeArgs(c: Json): { args: string[]; script: boolean } | undefined {
    const command = (c.command as string[] | undefined) ?? [];
    const args = (c.args as string[] | undefined) ?? [];
    if (command[0] === "vllm" && (command[1] === "serve" || args[0] === "serve")) {
        return { args: command[1] === "serve" ? args : args.slice(1), script: false };
    }
    // A script in the command that ends by handing the container's args to vLLM (the fabric check's wrapper).
    if (command[0]?.endsWith("sh") && command[1] === "-c" && /\bexec vllm serve "\$@"\s*$/.test(command[2] ?? "")) {
        return { args, script: false };
    }
    const script = command[0]?.endsWith("sh") && command[1] === "-c" ? args.join("\n") : undefined;
    const fromScript = script !== undefined ? scriptCommandArgs(script, "vllm serve") : undefined;
    return fromScript ? { args: fromScript, script: true } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Plugins and parameters

function checkParams(params: unknown, tree: Record<string, ParamNode>, path: string, report: (path: string, message: string) => void): void {
    if (!isObject(params)) return;
    for (const [k, v] of Object.entries(params)) {
        const node = tree[k];
        if (!node) {
            report(`${path}.${k}`, `unknown parameter ${k} (the plugin reads ${Object.keys(tree).sort().join(", ") || "none"})`);
            continue;
        }
        if (node.type === "object" && node.properties && isObject(v)) checkParams(v, node.properties, `${path}.${k}`, report);
        else if (node.type === "array" && node.items?.properties && Array.isArray(v)) v.forEach((item, i) => checkParams(item, node.items!.properties!, `${path}.${k}[${i}]`, report));
        else if (!paramTypeMatches(node.type, v)) report(`${path}.${k}`, `${JSON.stringify(v)} is not a ${node.type}`);
    }
}

function paramTypeMatches(type: string, v: unknown): boolean {
    switch (type) {
        case "string":
            return typeof v === "string";
        case "int":
            return typeof v === "number" && Number.isInteger(v);
        case "float":
            return typeof v === "number";
        case "bool":
            return typeof v === "boolean";
        case "duration":
            return typeof v === "string" && (v === "0" || GO_DURATION.test(v));
        case "array":
            return Array.isArray(v);
        case "object":
        case "map":
            return isObject(v);
        default:
            return true;
    }
}

/** Parsed picker configs by text: the services of a fleet mostly share one (read only). */
const EPC_PARSED = new Map<string, Json>();
function parsedEpc(text: string): Json {
    let cfg = EPC_PARSED.get(text);
    if (!cfg) {
        if (EPC_PARSED.size > 256) EPC_PARSED.clear();
        cfg = parseYaml(text) as Json;
        EPC_PARSED.set(text, cfg);
    }
    return cfg;
}

function checkEndpointPickerConfig(text: string, svc: ServiceSpec, data: UpstreamData, subject: string, add: (f: Finding) => void): void {
    const cfg = parsedEpc(text);
    const release = svc.release.name;
    const router = data.router;
    const base = `data["endpoint-picker.yaml"]`;
    if (cfg.apiVersion !== svc.release.apiVersions.endpointPickerConfig) {
        add({ severity: "error", subject, path: `${base}.apiVersion`, message: `${String(cfg.apiVersion)} is not the EndpointPickerConfig version of llm-d ${release} (${svc.release.apiVersions.endpointPickerConfig})` });
    }
    if (!router) return;
    const userParams = svc.scheduler.pluginParameters;
    for (const p of (cfg.plugins as Json[] | undefined) ?? []) {
        const type = String(p.type);
        const key = (p.name as string | undefined) ?? type;
        const entry = router.plugins[type];
        const at = `${base}.plugins[${key}]`;
        if (!entry) {
            add({ severity: "error", subject, path: `${at}.type`, message: `plugin type ${type} is not registered by the router ${router.router} of llm-d ${release}` });
            continue;
        }
        if (entry.deprecated) {
            const d = entry.deprecated;
            add({ severity: "warning", subject, path: `${at}.type`, message: `plugin ${type} is deprecated in router ${router.router} (llm-d ${release})${d.removal ? `, removed in ${d.removal}` : ""}${d.replacement ? `; use ${d.replacement}` : ""}` });
        }
        checkParams(p.parameters, entry.parameters, `${at}.parameters`, (path, message) => {
            // A parameter the user set is reported on the config field that set it.
            const rel = path.slice(`${at}.parameters.`.length).split(".")[0];
            const fromUser = isObject(userParams[key]) && rel in userParams[key];
            add({ severity: "error", subject: fromUser ? `services[${svcIndex(svc)}].scheduler.pluginParameters.${key}` : subject, path: fromUser ? rel : path, message: `${message}: plugin ${type}, router ${router.router} (llm-d ${release})` });
        });
    }
    const gates = router.featureGates;
    if (gates?.length) {
        for (const g of (cfg.featureGates as string[] | undefined) ?? []) {
            if (!gates.includes(g)) add({ severity: "error", subject, path: `${base}.featureGates`, message: `feature gate ${g} is unknown to router ${router.router} (llm-d ${release}); it knows ${gates.join(", ")}` });
        }
    }
}

const SVC_INDEX = new WeakMap<ServiceSpec, number>();
function svcIndex(svc: ServiceSpec): number {
    return SVC_INDEX.get(svc) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Helm values and extended resources

function chartKey(c: ChartSpec): string {
    return `${c.chart.split("/").pop()}-${c.version}`;
}

function checkValues(values: unknown, tree: KeyTree, path: string, report: (path: string) => void): void {
    if (!isObject(values) || tree === 1) return;
    if (tree === 0) {
        report(path);
        return;
    }
    for (const [k, v] of Object.entries(values)) {
        const sub = tree[k];
        const p = path ? `${path}.${k}` : k;
        if (sub === undefined) report(p);
        else checkValues(v, sub, p, report);
    }
}

const NATIVE_RESOURCES = /^(cpu|memory|ephemeral-storage|storage|hugepages-[0-9]+[KMGT]i?|pods)$/;
/** An extended resource: `<domain>/<name>`, outside kubernetes.io (Kubernetes IsExtendedResourceName / IsQualifiedName). */
const EXTENDED_RESOURCE = /^(?!([a-z0-9-]+\.)*kubernetes\.io\/)(?!requests\.)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function checkResources(c: ContainerRef, subject: string, add: (f: Finding) => void): void {
    const res = (c.c.resources as Json | undefined) ?? {};
    const req = (res.requests as Record<string, unknown> | undefined) ?? {};
    const lim = (res.limits as Record<string, unknown> | undefined) ?? {};
    for (const [where, map] of [["requests", req], ["limits", lim]] as const) {
        for (const name of Object.keys(map)) {
            if (NATIVE_RESOURCES.test(name)) continue;
            if (!EXTENDED_RESOURCE.test(name)) {
                add({ severity: "error", subject, path: `${c.path}.resources.${where}`, message: `${name} is not a fully qualified extended resource name (<domain>/<name>, outside kubernetes.io)` });
            } else if (where === "limits" && req[name] !== undefined && String(req[name]) !== String(map[name])) {
                // Extended resources cannot be overcommitted: the API server requires requests == limits.
                add({ severity: "error", subject, path: `${c.path}.resources`, message: `${name}: requests ${String(req[name])} and limits ${String(map[name])} must be equal for an extended resource` });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The whole stack

/** Which service (and model-server role, by name) each of a service's objects belongs to: one pass, not one search per object. */
function owners(spec: StackSpec, built: BuiltStack): Map<K8sObject, { svc: ServiceSpec; role?: RoleSpec }> {
    const out = new Map<K8sObject, { svc: ServiceSpec; role?: RoleSpec }>();
    built.services.forEach((b, i) => {
        const svc = spec.services[i];
        for (const o of [...b.scheduler, ...b.modelServers]) {
            const role = o.metadata.name === `${svc.name}-decode` ? svc.decode : o.metadata.name === `${svc.name}-prefill` ? svc.prefill : undefined;
            out.set(o, role ? { svc, role } : { svc });
        }
    });
    return out;
}

function vllmVersionOf(svc: ServiceSpec): string {
    return modelServerVllm(svc.release, svc.accelerator.type as Exclude<AcceleratorType, AcceleratorType.Simulated>, svc.path, svc.accelerator.network, svc.offload?.peerToPeer ? "p2p" : undefined);
}

function defaultModelServerImage(svc: ServiceSpec): string {
    return modelServerImage(svc.release, svc.accelerator.type, svc.path, svc.accelerator.network, svc.offload?.peerToPeer ? "p2p" : undefined);
}

/** Every conformance finding of a built stack against its release's upstream artifacts. */
export function checkConformance(spec: StackSpec, built: BuiltStack): Finding[] {
    const data = upstreamData(spec.release.name);
    const release = spec.release.name;
    spec.services.forEach((s, i) => SVC_INDEX.set(s, i));
    const findings: Finding[] = [];
    const add = (f: Finding) => findings.push(f);
    const ownerOf = owners(spec, built);

    for (const o of allObjects(built)) {
        const subject = objectId(o);
        if (isCustomResource(o)) {
            const [group, version] = o.apiVersion.split("/");
            const crd = data.crds[`${group}/${version}/${o.kind}`];
            if (!crd) {
                add({ severity: "error", subject, path: "apiVersion", message: `no CRD serves ${o.apiVersion} ${o.kind} among the artifacts of llm-d ${release}` });
            } else {
                if ((crd.scope === "Namespaced") !== Boolean(o.metadata.namespace)) add({ severity: "error", subject, path: "metadata.namespace", message: `${o.kind} is ${crd.scope}` });
                for (const i of validateAgainstSchema(o as unknown as Json, crd.schema).issues) add({ severity: "error", subject, path: i.path, message: `${i.message} (CRD ${crd.file})` });
            }
        }
        const owner = ownerOf.get(o);
        if (o.kind === "ConfigMap" && owner && o.metadata.name === `${owner.svc.name}-epp-config`) {
            const text = ((o as Json).data as Record<string, string> | undefined)?.["endpoint-picker.yaml"];
            if (text) checkEndpointPickerConfig(text, owner.svc, data, subject, add);
        }
        for (const pod of podsOf(o)) {
            for (const c of containersOf(pod)) {
                checkResources(c, subject, add);
                if (owner) checkContainer(c, owner.svc, owner.role, data, release, subject, add);
            }
        }
    }
    for (const c of built.charts) {
        const subject = `HelmChart/${c.namespace}/${c.name}`;
        const tree = data.charts[chartKey(c)];
        if (!tree) {
            add({ severity: "error", subject, path: "version", message: `no values.yaml of chart ${c.chart} ${c.version} among the artifacts of llm-d ${release}` });
            continue;
        }
        checkValues(c.values, tree, "", (path) => add({ severity: "error", subject, path: `values.${path}`, message: `${path} is not a value of chart ${chartKey(c)}` }));
    }
    return findings;
}

function checkContainer(ref: ContainerRef, svc: ServiceSpec, role: RoleSpec | undefined, data: UpstreamData, release: string, subject: string, add: (f: Finding) => void): void {
    const c = ref.c;
    const name = c.name as string;
    const args = (c.args as string[] | undefined) ?? [];
    const at = (i: number) => `${ref.path}.args[${i}]`;
    const userIndex = (list: string[], arg: string) => list.indexOf(arg);
    if (name === "epp" && data.epp) {
        checkFlags(args, { list: data.epp, what: `the endpoint picker (router ${svc.release.router.version})`, release, goStyle: true, checkValues: true }, (i, severity, message) => {
            const u = userIndex(svc.scheduler.extraArgs, args[i]);
            add(u >= 0 ? { severity, subject: `services[${svcIndex(svc)}].scheduler.extraArgs[${u}]`, path: args[i], message } : { severity, subject, path: at(i), message });
        });
        return;
    }
    if (name === "routing-proxy" && data.sidecar) {
        checkFlags(args, { list: data.sidecar, what: `the routing sidecar (router ${svc.release.router.version})`, release, goStyle: true, checkValues: true }, (i, severity, message) => add({ severity, subject, path: at(i), message }));
        return;
    }
    if (name === "simulator" && data.simulator) {
        checkFlags(args, { list: data.simulator, what: `llm-d-inference-sim ${svc.release.simulatorVersion}`, release, goStyle: true, checkValues: true }, (i, severity, message) => add({ severity, subject, path: at(i), message }));
        return;
    }
    const serve = vllmServeArgs(c);
    if (!serve || !data.vllm) return;
    const version = vllmVersionOf(svc);
    const list = data.vllm[version];
    if (!list) {
        add({ severity: "warning", subject, path: ref.path, message: `vLLM ${version} flags are not among the artifacts of llm-d ${release}: not checked` });
        return;
    }
    // A custom image may be another vLLM: its unknown flags are warnings, not errors.
    const custom = svc.images.modelServer !== defaultModelServerImage(svc);
    checkFlags(serve.args, { list, what: `vLLM ${version}`, release, goStyle: false, checkValues: true }, (i, severity, message) => {
        const arg = serve.args[i];
        const sev = custom && severity === "error" ? "warning" : severity;
        const msg = custom ? `${message} (images.modelServer is ${svc.images.modelServer})` : message;
        const u = role ? userIndex(role.extraArgs, arg) : -1;
        if (u >= 0 && role) add({ severity: sev, subject: `services[${svcIndex(svc)}].${role.role}.extraArgs[${u}]`, path: arg, message: msg });
        else add({ severity: sev, subject, path: serve.script ? `${ref.path}.args (script: ${arg})` : at(i + (((c.args as string[])?.[0] === "serve") ? 1 : 0)), message: msg });
    });
}

/** Errors as ConfigError issues (thrown), warnings as lines; nothing is created when this throws. */
export function assertConformance(spec: StackSpec, built: BuiltStack, source?: string): string[] {
    const findings = checkConformance(spec, built);
    const errors = findings.filter((f) => f.severity === "error");
    if (errors.length) {
        const issues: ConfigIssue[] = errors.map((f) => ({
            path: f.subject.startsWith("services[") ? f.subject : `${f.subject} ${f.path}`,
            got: f.subject.startsWith("services[") ? f.path : undefined,
            expected: f.message,
            fix: f.subject.startsWith("services[") ? "Remove or correct it for this release (see `llmd plan`, release block)." : "Report this: the stack renders something its release does not accept.",
        }));
        throw new ConfigError(issues, source);
    }
    return findings.filter((f) => f.severity === "warning").map((f) => `${f.subject}${f.subject.startsWith("services[") ? "" : ` ${f.path}`}: ${f.message}`);
}
