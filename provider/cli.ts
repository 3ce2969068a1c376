#!/usr/bin/env node
// The `llmd` command: plan, render, schema, size, and preview/up/destroy/refresh through the
// Automation API. Exit codes: 0 ok, 1 runtime failure, 2 bad input (nothing created).
//
// Start-up matters (it is what a user waits for on every command): each command loads only the
// modules it uses, lazily, and no offline command (plan, render, size, schema, diff) loads Pulumi.
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../components/config/errors";
import { DEFAULT_RELEASE_NAME } from "../components/catalog/releases/default";

/** Lazy module loading: the CommonJS require of a module, typed as its static import would be. */
function lazy<T>(load: () => T): () => T {
    let m: T | undefined;
    return () => (m ??= load());
}
const config = lazy(() => ({ ...require("../components/config/load"), ...require("../components/config/resolve") }) as typeof import("../components/config/load") & typeof import("../components/config/resolve"));

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** The package's version, from its package.json (found above this module, from sources or dist/). */
export function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "pulumi-llm-d") return pkg.version ?? "0.0.0";
        }
        if (path.dirname(dir) === dir) return "0.0.0";
    }
}

const VERSION = packageVersion();

const HELP = `llmd ${VERSION}: deploy llm-d distributed inference with Pulumi

Usage: llmd <command> [options]

Commands:
  plan     -c FILE [--json]         validate, size and list every resource the stack creates (offline)
  render   -c FILE -o DIR           write every Kubernetes object as YAML, one file each, in apply order
  diff     -c FILE --release TAG [--json]
                                    what changes when the stack moves to another llm-d release
  schema   [--provider]             print the config's JSON Schema (or the component provider's schema)
  size     --model ID --accelerator TYPE [...]
                                    size one model server: memory, KV cache, concurrency, cost
  preview  -c FILE -s STACK         preview the stack through the Pulumi Automation API
  up       -c FILE -s STACK         deploy the stack
  destroy  -c FILE -s STACK         remove the stack's resources
  refresh  -c FILE -s STACK         refresh the stack's state from the cluster

Run 'llmd <command> --help' for a command's options.
Secrets: the Hugging Face token is read from HF_TOKEN (or huggingFace.tokenFile), never from the config.
`;

const COMMAND_HELP: Record<string, string> = {
    plan: `Usage: llmd plan -c FILE [--json]

Validates the config, sizes each model server and lists every resource the stack would create
(cloud and Kubernetes), without a cluster or the Pulumi CLI.
  -c, --config FILE   stack config (YAML or JSON)
  --json              one JSON object: { plan: {...}, resources: [{ type, name, parent }] }
`,
    render: `Usage: llmd render -c FILE -o DIR

Writes every Kubernetes object of the stack to DIR as NN-kind-name.yaml in apply order, and
DIR/README.md listing the Helm charts and release manifests (with versions and values) that
install the rest. The Hugging Face Secret is written as a stub without data.
  -c, --config FILE   stack config
  -o, --out DIR       output folder (created; earlier NN-*.yaml files there are removed)
`,
    diff: `Usage: llmd diff -c FILE --release TAG [--json]

Renders the stack under its own release (the config's \`release\`, or the default) and under TAG,
and lists what moving changes, object by object: added, removed, and changed with each changed
field path (and both values). Helm charts and CRD manifests are compared as HelmChart/... and
CRDManifest/... entries. Offline; exits 0 whether or not anything differs.
  -c, --config FILE   stack config
  --release TAG       the llm-d release to compare with (e.g. v0.9.0)
  --json              { from, to, added: [id], removed: [id], changed: [{ id, paths }] }
`,
    schema: `Usage: llmd schema [--provider]

Prints the JSON Schema of the config file. With --provider, prints the component provider's
Pulumi package schema (what 'pulumi package get-schema' prints), computed in-process.
`,
};

interface Parsed {
    flags: Map<string, string | true>;
    positional: string[];
}

const VALUE_FLAGS = new Set(["-c", "--config", "-o", "--out", "-s", "--stack", "--backend", "--release"]);
const ALIASES: Record<string, string> = { "-c": "--config", "-o": "--out", "-s": "--stack", "-h": "--help" };

function parseArgs(argv: string[], allowed: string[]): Parsed | string {
    const flags = new Map<string, string | true>();
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        let arg = argv[i];
        let value: string | undefined;
        if (arg.startsWith("--") && arg.includes("=")) {
            value = arg.slice(arg.indexOf("=") + 1);
            arg = arg.slice(0, arg.indexOf("="));
        }
        if (!arg.startsWith("-")) {
            positional.push(arg);
            continue;
        }
        const name = ALIASES[arg] ?? arg;
        if (!allowed.includes(name)) return `unknown option ${arg}; expected one of ${allowed.join(", ")}`;
        if (VALUE_FLAGS.has(arg) || VALUE_FLAGS.has(name)) {
            if (value === undefined) {
                value = argv[++i];
                if (value === undefined || value.startsWith("-")) return `${arg} needs a value`;
            }
            flags.set(name, value);
        } else {
            if (value !== undefined) return `${arg} takes no value`;
            flags.set(name, true);
        }
    }
    return { flags, positional };
}

function fail(message: string, code = 2): CliResult {
    return { code, stdout: "", stderr: message.endsWith("\n") ? message : message + "\n" };
}

function configErrorResult(e: unknown): CliResult {
    if (e instanceof ConfigError) return fail(`${e.message}\nNothing was created.`);
    throw e;
}

async function plan(argv: string[]): Promise<CliResult> {
    const p = parseArgs(argv, ["--config", "--json", "--help"]);
    if (typeof p === "string") return fail(`llmd plan: ${p}\n\n${COMMAND_HELP.plan}`);
    if (p.flags.has("--help")) return { code: 0, stdout: COMMAND_HELP.plan, stderr: "" };
    const file = p.flags.get("--config");
    if (typeof file !== "string") return fail(`llmd plan: -c FILE is required\n\n${COMMAND_HELP.plan}`);
    try {
        const cfg = config().loadConfigFile(file);
        const { planStack, formatPlan } = await import("./plan");
        const { readHfToken } = await import("./secrets");
        const result = await planStack(cfg, file, readHfToken(cfg, file));
        return {
            code: 0,
            stdout: p.flags.has("--json") ? JSON.stringify(result.json, null, 2) + "\n" : formatPlan(result),
            stderr: result.json.plan.warnings.map((w) => `warning: ${w}\n`).join(""),
        };
    } catch (e) {
        return configErrorResult(e);
    }
}

async function render(argv: string[]): Promise<CliResult> {
    const p = parseArgs(argv, ["--config", "--out", "--help"]);
    if (typeof p === "string") return fail(`llmd render: ${p}\n\n${COMMAND_HELP.render}`);
    if (p.flags.has("--help")) return { code: 0, stdout: COMMAND_HELP.render, stderr: "" };
    const file = p.flags.get("--config");
    const out = p.flags.get("--out");
    if (typeof file !== "string" || typeof out !== "string") return fail(`llmd render: -c FILE and -o DIR are required\n\n${COMMAND_HELP.render}`);
    if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) return fail(`llmd render: -o ${out} is a file; expected a folder (it is created when missing). Nothing was written.`);
    try {
        const cfg = config().loadConfigFile(file);
        // Models outside the catalog: sized from an earlier Hub read when cached (offline).
        const { loadCachedModels } = await import("../components/catalog/hub-cache");
        const { serviceModelIds } = await import("./plan");
        loadCachedModels(serviceModelIds(cfg));
        const { spec, warnings } = config().resolveConfig(cfg, file);
        // The same fit check as `llmd plan` and LlmdStack: no manifests for a model that cannot load.
        const { assertFits } = await import("../components/planner/fit");
        assertFits(spec, file);
        const { buildStack } = await import("../components/manifests");
        const { assertConformance } = await import("../components/conformance");
        const built = buildStack(spec);
        // Refused before anything is written when the release's upstream artifacts reject an object, flag or value.
        const conformance = assertConformance(spec, built, file);
        const { writeRender } = await import("./render");
        const files = writeRender(spec, out, built);
        return {
            code: 0,
            stdout: `wrote ${files.length - 1} objects and README.md to ${out} (llm-d ${spec.release.name})\n`,
            stderr: [...warnings, ...conformance].map((w) => `warning: ${w}\n`).join(""),
        };
    } catch (e) {
        return configErrorResult(e);
    }
}

async function diff(argv: string[]): Promise<CliResult> {
    const p = parseArgs(argv, ["--config", "--release", "--json", "--help"]);
    if (typeof p === "string") return fail(`llmd diff: ${p}\n\n${COMMAND_HELP.diff}`);
    if (p.flags.has("--help")) return { code: 0, stdout: COMMAND_HELP.diff, stderr: "" };
    const file = p.flags.get("--config");
    const to = p.flags.get("--release");
    if (typeof file !== "string" || typeof to !== "string") return fail(`llmd diff: -c FILE and --release TAG are required\n\n${COMMAND_HELP.diff}`);
    try {
        const { diffRelease, formatDiff } = await import("./diff");
        const result = diffRelease(config().loadConfigFile(file), to, file);
        return { code: 0, stdout: p.flags.has("--json") ? JSON.stringify(result.json, null, 2) + "\n" : formatDiff(result), stderr: "" };
    } catch (e) {
        return configErrorResult(e);
    }
}

async function schema(argv: string[]): Promise<CliResult> {
    const p = parseArgs(argv, ["--provider", "--help"]);
    if (typeof p === "string") return fail(`llmd schema: ${p}\n\n${COMMAND_HELP.schema}`);
    if (p.flags.has("--help")) return { code: 0, stdout: COMMAND_HELP.schema, stderr: "" };
    if (p.flags.has("--provider")) {
        const { providerSchema } = await import("./schema");
        return { code: 0, stdout: JSON.stringify(await providerSchema(), null, 2) + "\n", stderr: "" };
    }
    const { configJsonSchema } = await import("../components/config/schema");
    return { code: 0, stdout: JSON.stringify(configJsonSchema(), null, 2) + "\n", stderr: "" };
}

async function automation(command: "preview" | "up" | "destroy" | "refresh", argv: string[]): Promise<CliResult> {
    const { runAutomation, automationHelp } = await import("./automation");
    const p = parseArgs(argv, ["--config", "--stack", "--backend", "--yes", "--help", ...(command === "refresh" ? ["--clear-pending-creates"] : [])]);
    if (typeof p === "string") return fail(`llmd ${command}: ${p}\n\n${automationHelp(command)}`);
    if (p.flags.has("--help")) return { code: 0, stdout: automationHelp(command), stderr: "" };
    const file = p.flags.get("--config");
    const stack = p.flags.get("--stack");
    if (typeof file !== "string" || typeof stack !== "string") return fail(`llmd ${command}: -c FILE and -s STACK are required\n\n${automationHelp(command)}`);
    try {
        return await runAutomation(command, {
            configFile: file,
            stack,
            backend: typeof p.flags.get("--backend") === "string" ? (p.flags.get("--backend") as string) : undefined,
            clearPendingCreates: p.flags.has("--clear-pending-creates"),
            out: (line) => process.stdout.write(line),
        });
    } catch (e) {
        return configErrorResult(e);
    }
}

export async function main(argv: string[]): Promise<CliResult> {
    const [command, ...rest] = argv;
    switch (command) {
        case undefined:
        case "help":
        case "--help":
        case "-h":
            return { code: command === undefined ? 2 : 0, stdout: command === undefined ? "" : HELP, stderr: command === undefined ? HELP : "" };
        case "--version":
        case "version":
            return { code: 0, stdout: `llmd ${VERSION} (pulumi-llm-d), deploys llm-d ${DEFAULT_RELEASE_NAME} by default\n`, stderr: "" };
        case "plan":
            return plan(rest);
        case "render":
            return render(rest);
        case "schema":
            return schema(rest);
        case "diff":
            return diff(rest);
        case "size":
            return (await import("./size")).runSize(rest);
        case "preview":
        case "up":
        case "destroy":
        case "refresh":
            return automation(command, rest);
        default:
            return fail(`llmd: unknown command '${command}'\n\n${HELP}`);
    }
}

/** Runs a command line and exits with its code (bin/llmd calls this in-process). */
export function run(argv: string[]): void {
    main(argv)
        .then((r) => {
            if (r.stdout) fs.writeSync(1, r.stdout);
            if (r.stderr) fs.writeSync(2, r.stderr);
            process.exit(r.code);
        })
        .catch((e: unknown) => {
            // Unexpected failures: one line, no stack trace unless asked for.
            const msg = e instanceof Error ? e.message : String(e);
            fs.writeSync(2, `llmd: ${msg}\n${process.env.LLMD_DEBUG ? (e as Error).stack + "\n" : ""}`);
            process.exit(1);
        });
}

if (require.main === module) run(process.argv.slice(2));
