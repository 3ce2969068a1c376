// `llmd preview|up|destroy|refresh`: LlmdStack as an inline program of the Pulumi Automation
// API, on a local file backend by default. Order matters: the config is validated and the
// secrets are read BEFORE any workspace or engine call, so a bad config starts nothing.
// The pure parts (config mapping, program factory, event rendering, error detection) are
// exported for tests and for examples/automation.
import { STACK_COMPONENT_NAME } from "./components";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    CommandError,
    ConfigMap,
    EngineEvent,
    InlineProgramArgs,
    LocalWorkspace,
    LocalWorkspaceOptions,
    OpMap,
    OpType,
    OutputMap,
    PulumiFn,
    Stack,
} from "@pulumi/pulumi/automation";
import { ConfigError } from "../components/config/errors";
import { loadConfigFile } from "../components/config/load";
import { Resolved, needsHfToken, resolveConfig } from "../components/config/resolve";
import { StackConfig } from "../components/config/types";
import { LlmdStack } from "../components/stack";
import type { CliResult } from "./cli";
import { readHfToken } from "./secrets";

export type AutomationCommand = "preview" | "up" | "destroy" | "refresh";

/** The Pulumi project every `llmd` stack belongs to. */
export const PROJECT_NAME = "llm-d";
/** Name of the LlmdStack component inside the inline program. */
export const COMPONENT_NAME = STACK_COMPONENT_NAME;
/** Stack config keys `llmd` records (plain text: a config file never holds a secret, see load.ts). */
export const CONFIG_KEYS = { configFile: `${PROJECT_NAME}:configFile`, config: `${PROJECT_NAME}:config` } as const;

export const INSTALL_HINT = "install it from https://www.pulumi.com/docs/install/ or with `curl -fsSL https://get.pulumi.com | sh`";

/** Opens (or creates) the stack; replaced in tests to prove it is not reached. */
export type StackOpener = (command: AutomationCommand, args: InlineProgramArgs, opts: LocalWorkspaceOptions) => Promise<Stack>;

export interface AutomationOptions {
    /** The llmd config file (YAML or JSON), the same file `llmd plan` reads. */
    configFile: string;
    /** Stack name, e.g. `dev`. */
    stack: string;
    /** Backend URL (`file://DIR`, a plain directory, `s3://...`, `https://api.pulumi.com`). Defaults to `file://<repo root or cwd>/.llmd/state`. */
    backend?: string;
    /** Receives progress lines as they happen (each ends with a newline). */
    out: (line: string) => void;
    /** Environment to read HF_TOKEN and PULUMI_CONFIG_PASSPHRASE(_FILE) from. Defaults to process.env. */
    env?: NodeJS.ProcessEnv;
    /** Where the default `.llmd/` folder is looked for (its git repository root, else this folder). Defaults to process.cwd(). */
    cwd?: string;
    /** Opens the stack. Defaults to LocalWorkspace.createOrSelectStack (selectStack for destroy and refresh). */
    openStack?: StackOpener;
}

// ---------------------------------------------------------------------------------------------
// Config and secrets (pure apart from reading the config and token files)

/** A validated run: what the program deploys and the secret it needs. */
export interface PreparedRun {
    /** Absolute path of the config file. */
    configFile: string;
    /** The config as LlmdStack args, relative paths made absolute (the engine runs elsewhere). */
    config: StackConfig;
    resolved: Resolved;
    /** The Hugging Face token, when one is needed and given. Never printed, never in stack config. */
    hfToken?: string;
}

/** Paths in the config are relative to the config file; the engine's working directory is `.llmd/`. */
export function absolutizePaths(config: StackConfig, configDir: string): StackConfig {
    const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(configDir, p.startsWith("~/") ? path.join(process.env.HOME ?? "~", p.slice(2)) : p));
    const out: StackConfig = { ...config };
    if (config.existing?.kubeconfigPath !== undefined) out.existing = { ...config.existing, kubeconfigPath: abs(config.existing.kubeconfigPath) };
    if (config.huggingFace?.tokenFile !== undefined) out.huggingFace = { ...config.huggingFace, tokenFile: abs(config.huggingFace.tokenFile) };
    return out;
}

/** Loads, validates and resolves the config and reads the token. Throws ConfigError; starts nothing. */
export function prepareRun(configFile: string, env: NodeJS.ProcessEnv = process.env): PreparedRun {
    const file = path.resolve(configFile);
    const raw = loadConfigFile(file);
    const resolved = resolveConfig(raw, configFile);
    const config = absolutizePaths(raw as StackConfig, path.dirname(file));
    // HF_TOKEN, else huggingFace.tokenFile (the same rule as `llmd plan`); none with an existing Secret.
    const hfToken = config.huggingFace?.createSecret === false ? undefined : readHfToken(config, file, env);
    return { configFile: file, config, resolved, ...(hfToken !== undefined ? { hfToken } : {}) };
}

/**
 * The stack config `llmd` records: the config file's path and content, so `pulumi config` shows
 * what was deployed. The token is deliberately absent: `pulumi config set-all` passes values on
 * the command line, so the token goes to the program in-process as a secret instead.
 */
export function toStackConfig(run: Pick<PreparedRun, "configFile" | "config">): ConfigMap {
    return {
        [CONFIG_KEYS.configFile]: { value: run.configFile },
        [CONFIG_KEYS.config]: { value: JSON.stringify(run.config) },
    };
}

/** The outputs the inline program exports (also the summary's keys). */
export interface StackOutputs {
    namespace: pulumi.Output<string>;
    gatewayName: pulumi.Output<string>;
    gatewayAddress: pulumi.Output<string>;
    inferencePoolNames: pulumi.Output<string[]>;
    serviceNames: pulumi.Output<string[]>;
}

/** The inline program: one LlmdStack; the token, if any, enters as a Pulumi secret. */
export function inlineProgram(config: StackConfig, hfToken?: string): () => Promise<StackOutputs> {
    return async () => {
        const stack = new LlmdStack(COMPONENT_NAME, { ...config, ...(hfToken !== undefined ? { hfToken: pulumi.secret(hfToken) } : {}) });
        return {
            namespace: stack.namespace,
            gatewayName: stack.gatewayName,
            gatewayAddress: stack.gatewayAddress,
            inferencePoolNames: stack.inferencePoolNames,
            serviceNames: stack.serviceNames,
        };
    };
}

// ---------------------------------------------------------------------------------------------
// Backend, passphrase, workspace

/** The git repository root above `cwd`, or `cwd` itself. */
export function findRoot(cwd: string): string {
    let dir = path.resolve(cwd);
    for (;;) {
        if (fs.existsSync(path.join(dir, ".git"))) return dir;
        const up = path.dirname(dir);
        if (up === dir) return path.resolve(cwd);
        dir = up;
    }
}

/** `--backend` as a URL: a bare directory becomes `file://<absolute dir>`. */
export function backendUrl(backend: string | undefined, cwd: string): string {
    if (!backend) return `file://${path.join(findRoot(cwd), ".llmd", "state")}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(backend)) return backend;
    return `file://${path.resolve(cwd, backend)}`;
}

/** The directory of a `file://` backend, or undefined for remote backends. */
export function fileBackendDir(url: string): string | undefined {
    if (!url.startsWith("file://")) return undefined;
    const rest = url.slice("file://".length).split("?")[0];
    return rest.startsWith("~") ? path.join(process.env.HOME ?? "", rest.slice(1)) : rest;
}

/** Pulumi Cloud keeps its own secrets provider; every other backend uses a passphrase. */
export function needsPassphrase(url: string): boolean {
    return !/^https?:\/\//.test(url);
}

/**
 * The passphrase environment for the CLI, or an error message. No default passphrase: secrets
 * in the state (the Hugging Face token) would otherwise be encrypted with a well-known key.
 */
export function passphraseEnv(env: NodeJS.ProcessEnv, url: string): { vars: Record<string, string> } | { error: string } {
    if (!needsPassphrase(url)) return { vars: {} };
    if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return { vars: { PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE } };
    if (env.PULUMI_CONFIG_PASSPHRASE_FILE) return { vars: { PULUMI_CONFIG_PASSPHRASE_FILE: env.PULUMI_CONFIG_PASSPHRASE_FILE } };
    return {
        error:
            `PULUMI_CONFIG_PASSPHRASE is not set: the ${url.startsWith("file://") ? "local file" : "self-managed"} backend encrypts the stack's secrets with a passphrase. ` +
            "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and keep it: every later command on this stack needs the same one. Nothing was started.",
    };
}

/** Workspace options: project `llm-d`, the backend, `.llmd/` beside the state as the work dir. */
export function workspaceOptions(url: string, workDir: string, envVars: Record<string, string>): LocalWorkspaceOptions {
    return {
        workDir,
        projectSettings: { name: PROJECT_NAME, runtime: "nodejs", description: "llm-d on Kubernetes, deployed by the llmd CLI", backend: { url } },
        envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", ...envVars },
        ...(needsPassphrase(url) ? { secretsProvider: "passphrase" } : {}),
    };
}

const defaultOpener: StackOpener = (command, args, opts) =>
    command === "destroy" || command === "refresh" ? LocalWorkspace.selectStack(args, opts) : LocalWorkspace.createOrSelectStack(args, opts);

// ---------------------------------------------------------------------------------------------
// Errors

/** True when the Automation API failed because there is no `pulumi` executable. */
export function isMissingCli(e: unknown): boolean {
    if (!(e instanceof Error)) return false;
    const result = (e as unknown as { commandResult?: { err?: { code?: string } } }).commandResult;
    if (e instanceof CommandError || e.name === "CommandError") {
        if (result?.err?.code === "ENOENT") return true;
        return /spawn \S*pulumi ENOENT|ENOENT: \S*pulumi\b/.test(e.message);
    }
    return (e as NodeJS.ErrnoException).code === "ENOENT" && /\bpulumi\b/.test(e.message);
}

export function missingCliMessage(command: string): string {
    return `llmd ${command}: the Pulumi CLI was not found on PATH; ${INSTALL_HINT}, then run this again.`;
}

/** The useful part of a CommandError: the CLI's stderr, last lines only. */
export function commandErrorDetail(e: Error, maxLines = 12): string {
    const result = (e as unknown as { commandResult?: { stderr?: string; stdout?: string } }).commandResult;
    const text = (result?.stderr || "").trim() || e.message.trim();
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-maxLines).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Progress

const OP_SYMBOL: Record<OpType, string> = {
    same: " ",
    create: "+",
    update: "~",
    delete: "-",
    replace: "+-",
    "create-replacement": "++",
    "delete-replaced": "--",
    read: ">",
    "read-replacement": ">>",
    refresh: "~",
    discard: "<",
    "discard-replaced": "<<",
    "remove-pending-replace": "-",
    import: "=",
    "import-replacement": "=>",
};

const OP_DONE: Record<OpType, string> = {
    same: "unchanged",
    create: "created",
    update: "updated",
    delete: "deleted",
    replace: "replaced",
    "create-replacement": "created replacement",
    "delete-replaced": "deleted original",
    read: "read",
    "read-replacement": "read replacement",
    refresh: "refreshed",
    discard: "discarded",
    "discard-replaced": "discarded",
    "remove-pending-replace": "removed pending",
    import: "imported",
    "import-replacement": "imported replacement",
};

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The resource's name: the last `::` segment of its URN. */
export function urnName(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

function statusLine(op: OpType, type: string, urn: string, status: string): string {
    return `${(OP_SYMBOL[op] ?? "?").padEnd(2)} ${op.padEnd(8)} ${type}  ${urnName(urn)}  ${status}`;
}

function opCounts(changes: OpMap | undefined): string {
    const parts = Object.entries(changes ?? {})
        .filter(([, n]) => (n ?? 0) > 0)
        .map(([op, n]) => `${n} ${op === "same" ? "unchanged" : op}`);
    return parts.length ? parts.join(", ") : "no changes";
}

/**
 * One progress line for an engine event, or undefined for events that get none. A resource
 * gets its line when its step finishes (or, in a preview, when it is planned); unchanged
 * resources and the root stack get none. Pass `starts` (kept across calls) for durations.
 */
export function renderEvent(event: EngineEvent, starts?: Map<string, number>): string | undefined {
    if (event.resourcePreEvent) {
        const { metadata, planning } = event.resourcePreEvent;
        if (planning) return metadata.op === "same" || metadata.type === ROOT_STACK_TYPE ? undefined : statusLine(metadata.op, metadata.type, metadata.urn, "planned");
        starts?.set(metadata.urn, event.timestamp);
        return undefined;
    }
    if (event.resOutputsEvent) {
        const { metadata, planning } = event.resOutputsEvent;
        if (planning || metadata.op === "same" || metadata.type === ROOT_STACK_TYPE) return undefined;
        const start = starts?.get(metadata.urn);
        const took = start !== undefined ? ` (${Math.max(0, event.timestamp - start)}s)` : "";
        return statusLine(metadata.op, metadata.type, metadata.urn, OP_DONE[metadata.op] + took);
    }
    if (event.resOpFailedEvent) {
        const { metadata } = event.resOpFailedEvent;
        const start = starts?.get(metadata.urn);
        const took = start !== undefined ? ` (${Math.max(0, event.timestamp - start)}s)` : "";
        return statusLine(metadata.op, metadata.type, metadata.urn, `failed${took}`);
    }
    if (event.diagnosticEvent) {
        const d = event.diagnosticEvent;
        if (d.ephemeral || (d.severity !== "error" && d.severity !== "warning")) return undefined;
        const who = d.urn ? `${urnName(d.urn)}: ` : "";
        const message = d.message.replace(/\s+$/, "");
        return message ? `${d.severity}: ${who}${message}` : undefined;
    }
    if (event.summaryEvent) {
        const s = event.summaryEvent;
        return `Resources: ${opCounts(s.resourceChanges)} (${s.durationSeconds}s)`;
    }
    return undefined;
}

/** An `onEvent` handler writing one line per rendered event to `out`. */
export function progressPrinter(out: (line: string) => void): (event: EngineEvent) => void {
    const starts = new Map<string, number>();
    return (event) => {
        const line = renderEvent(event, starts);
        if (line !== undefined) out(line + "\n");
    };
}

function showOutput(value: unknown): string {
    if (typeof value === "string") return value === "" ? '""' : value;
    return JSON.stringify(value);
}

/** The final summary: the stack's outputs, secrets shown as [secret]. */
export function renderOutputs(outputs: OutputMap): string {
    const keys = Object.keys(outputs).sort();
    if (!keys.length) return "Outputs: none\n";
    return ["Outputs:", ...keys.map((k) => `  ${k}: ${outputs[k].secret ? "[secret]" : showOutput(outputs[k].value)}`)].join("\n") + "\n";
}

/** The final summary of an operation: what changed, then the outputs (for up). */
export function renderSummary(command: AutomationCommand, stack: string, result: { changes?: OpMap; outputs?: OutputMap }): string {
    const verb = { preview: "would change", up: "updated", destroy: "destroyed", refresh: "refreshed" }[command];
    let text = `Stack ${stack} ${verb}: ${opCounts(result.changes)}\n`;
    if (result.outputs) text += renderOutputs(result.outputs);
    return text;
}

// ---------------------------------------------------------------------------------------------
// The command

export function automationHelp(command: string): string {
    const what: Record<string, string> = {
        preview: "Shows what `up` would change, without changing anything.",
        up: "Creates or updates every resource of the stack.",
        destroy: "Deletes every resource of the stack (the stack itself stays, empty).",
        refresh: "Reads the resources' live state back into the stack's state.",
    };
    return `Usage: llmd ${command} -c FILE -s STACK [--backend URL]

${what[command] ?? ""}
Runs LlmdStack as an inline program of the Pulumi Automation API. Needs the Pulumi CLI on
PATH: ${INSTALL_HINT}.
  -c, --config FILE   stack config (validated first: a bad config starts nothing, exit 2)
  -s, --stack STACK   stack name, e.g. dev
  --backend URL       state backend: file://DIR, a directory, s3://..., gs://..., azblob://...,
                      or https://api.pulumi.com. Defaults to file://<repo root or cwd>/.llmd/state

Environment:
  PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE)
                      required for every backend but Pulumi Cloud: encrypts the stack's
                      secrets. Keep it; later commands on the stack need the same one.
  HF_TOKEN            Hugging Face token (else the file huggingFace.tokenFile names); sent to
                      the program as a Pulumi secret, never printed or stored in plain text.
  KUBECONFIG          cluster to deploy to, unless the config sets existing.kubeconfigPath.

Prints one line per resource as its step finishes, then a summary with the stack's outputs.
Exit codes: 0 ok, 1 the operation or the Pulumi CLI failed, 2 bad config or environment.
`;
}

function failure(code: number, message: string): CliResult {
    return { code, stdout: "", stderr: message.endsWith("\n") ? message : message + "\n" };
}

async function runOperation(command: AutomationCommand, stack: Stack, onEvent: (e: EngineEvent) => void): Promise<{ changes?: OpMap; outputs?: OutputMap }> {
    switch (command) {
        case "preview": {
            const r = await stack.preview({ onEvent });
            return { changes: r.changeSummary };
        }
        case "up": {
            const r = await stack.up({ onEvent });
            return { changes: r.summary.resourceChanges, outputs: r.outputs };
        }
        case "destroy": {
            const r = await stack.destroy({ onEvent });
            return { changes: r.summary.resourceChanges };
        }
        case "refresh": {
            const r = await stack.refresh({ onEvent });
            return { changes: r.summary.resourceChanges };
        }
    }
}

/** `llmd preview|up|destroy|refresh`. Never throws for expected failures: returns a CliResult. */
export async function runAutomation(command: string, opts: AutomationOptions): Promise<CliResult> {
    if (command !== "preview" && command !== "up" && command !== "destroy" && command !== "refresh") {
        return failure(2, `llmd: unknown command '${command}'`);
    }
    const env = opts.env ?? process.env;
    const cwd = opts.cwd ?? process.cwd();

    // 1. Validate everything first: nothing below runs on a bad config.
    let run: PreparedRun;
    try {
        run = prepareRun(opts.configFile, env);
    } catch (e) {
        if (e instanceof ConfigError) return failure(2, `${e.message}\nNothing was started.`);
        throw e;
    }
    // Without the token, an update would delete the token Secret an earlier `up` created.
    const spec = run.resolved.spec;
    if ((command === "up" || command === "preview") && spec.huggingFace.createSecret && needsHfToken(spec) && run.hfToken === undefined) {
        return failure(
            2,
            `llmd ${command}: no Hugging Face token: set HF_TOKEN (or huggingFace.tokenFile), or set huggingFace.createSecret: false to use an existing Secret ${spec.huggingFace.tokenSecretName}. Nothing was started.`,
        );
    }
    const url = backendUrl(opts.backend, cwd);
    const pass = passphraseEnv(env, url);
    if ("error" in pass) return failure(2, `llmd ${command}: ${pass.error}`);

    for (const w of run.resolved.warnings) opts.out(`warning: ${w}\n`);

    // 2. The workspace: `.llmd/` holds Pulumi.yaml and Pulumi.<stack>.yaml (the passphrase salt).
    const stateDir = fileBackendDir(url);
    if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
    const workDir = path.join(findRoot(cwd), ".llmd");
    fs.mkdirSync(workDir, { recursive: true });
    const program: PulumiFn = inlineProgram(run.config, run.hfToken);
    const open = opts.openStack ?? defaultOpener;

    try {
        const stack = await open(command, { projectName: PROJECT_NAME, stackName: opts.stack, program }, workspaceOptions(url, workDir, pass.vars));
        const k8sVersion = (require("@pulumi/kubernetes/package.json") as { version: string }).version;
        await stack.workspace.installPlugin("kubernetes", `v${k8sVersion}`);
        if (command === "preview" || command === "up") await stack.setAllConfig(toStackConfig(run));
        opts.out(`${command === "preview" ? "Previewing" : command === "up" ? "Updating" : command === "destroy" ? "Destroying" : "Refreshing"} stack ${opts.stack} (${url})\n`);
        const result = await runOperation(command, stack, progressPrinter(opts.out));
        return { code: 0, stdout: renderSummary(command, opts.stack, result), stderr: "" };
    } catch (e) {
        if (isMissingCli(e)) return failure(1, missingCliMessage(command));
        if (e instanceof Error && e.name === "StackNotFoundError") {
            return failure(1, `llmd ${command}: no stack named '${opts.stack}' in ${url}; run 'llmd up -c ${opts.configFile} -s ${opts.stack}' first, or pass the --backend it was created in.`);
        }
        if (e instanceof Error && e.name === "ConcurrentUpdateError") {
            return failure(1, `llmd ${command}: stack '${opts.stack}' is locked by another update; wait for it, or run 'pulumi cancel' if it died.`);
        }
        if (e instanceof CommandError || (e instanceof Error && e.name === "CommandError")) {
            return failure(1, `llmd ${command}: the Pulumi CLI failed:\n${commandErrorDetail(e as Error)}`);
        }
        if (e instanceof ConfigError) return failure(2, `${e.message}\nNothing was created.`);
        throw e;
    }
}
