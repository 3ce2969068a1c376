// `llmd preview|up|destroy|refresh`: LlmdStack as an inline program of the Pulumi Automation
// API, on a local file backend by default. Order matters: the config is validated and the
// secrets are read BEFORE any workspace or engine call, so a bad config starts nothing.
// The pure parts (config mapping, program factory, event rendering, error detection) are
// exported for tests and for examples/automation.
import { STACK_COMPONENT_NAME } from "./components";
import * as fs from "node:fs";
import * as os from "node:os";
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
    /** Backend URL (`file://DIR`, a plain directory, `s3://...`, `https://api.pulumi.com`). Defaults to `file://<llmd home>/state`. */
    backend?: string;
    /** Receives progress lines as they happen (each ends with a newline). */
    out: (line: string) => void;
    /** Environment to read HF_TOKEN and PULUMI_CONFIG_PASSPHRASE(_FILE) from. Defaults to process.env. */
    env?: NodeJS.ProcessEnv;
    /** Where a relative `--backend` directory is resolved from. Defaults to process.cwd(). */
    cwd?: string;
    /** llmd's home: the default state backend and the workspaces (stack settings, the passphrase's salt). Defaults to $LLMD_HOME, else ~/.llmd: the same wherever `llmd` runs. */
    home?: string;
    /** Where SIGINT and SIGTERM arrive from. Defaults to the process. */
    signals?: SignalSource;
    /** Whether the terminal delivers Ctrl-C to the Pulumi CLI itself (same process group). Defaults to stdin being a TTY. */
    interactive?: boolean;
    /** Opens the stack. Defaults to LocalWorkspace.createOrSelectStack (selectStack for destroy and refresh). */
    openStack?: StackOpener;
    /** refresh: also clear create operations an interrupted run left pending. */
    clearPendingCreates?: boolean;
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

/** llmd's home folder: $LLMD_HOME, else ~/.llmd. */
export function llmdHome(env: NodeJS.ProcessEnv = process.env): string {
    return env.LLMD_HOME ? path.resolve(env.LLMD_HOME) : path.join(os.homedir(), ".llmd");
}

/**
 * `--backend` as a URL: a bare directory becomes `file://<absolute dir>`; none is `file://<home>/state`,
 * the same from every directory (a state keyed by the working directory would make `llmd up` from
 * another checkout create every object again, which fails on objects that exist).
 */
export function backendUrl(backend: string | undefined, cwd: string, home: string = llmdHome()): string {
    if (!backend) return `file://${path.join(home, "state")}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(backend)) return backend;
    return `file://${path.resolve(cwd, backend)}`;
}

/** The workspace folder of a backend (Pulumi.yaml and Pulumi.<stack>.yaml, which holds the passphrase's salt): one per backend, under home. */
export function workspaceDir(url: string, home: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193) >>> 0;
    return path.join(home, "workspaces", h.toString(16).padStart(8, "0"));
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
    if (env.PULUMI_CONFIG_PASSPHRASE === "") {
        return { error: "PULUMI_CONFIG_PASSPHRASE is empty: secrets in the state (the Hugging Face token) would be encrypted with a key anyone can guess. Set a passphrase and keep it. Nothing was started." };
    }
    if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return { vars: { PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE } };
    if (env.PULUMI_CONFIG_PASSPHRASE_FILE) return { vars: { PULUMI_CONFIG_PASSPHRASE_FILE: env.PULUMI_CONFIG_PASSPHRASE_FILE } };
    return {
        error:
            `PULUMI_CONFIG_PASSPHRASE is not set: the ${url.startsWith("file://") ? "local file" : "self-managed"} backend encrypts the stack's secrets with a passphrase. ` +
            "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and keep it: every later command on this stack needs the same one. Nothing was started.",
    };
}

/**
 * Workspace options: project `llm-d`, the backend, the backend's workspace folder. PULUMI_BACKEND_URL is
 * pinned too: the CLI prefers it over the project's backend.url, so one set in the user's shell would
 * otherwise send this stack elsewhere.
 */
export function workspaceOptions(url: string, workDir: string, envVars: Record<string, string>): LocalWorkspaceOptions {
    return {
        workDir,
        projectSettings: { name: PROJECT_NAME, runtime: "nodejs", description: "llm-d on Kubernetes, deployed by the llmd CLI", backend: { url } },
        envVars: { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_BACKEND_URL: url, ...envVars },
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

/** Seconds between two progress lines of one resource that is being waited for. */
export const WAIT_PROGRESS_SECONDS = 30;

function elapsed(seconds: number): string {
    const m = Math.floor(seconds / 60);
    return m ? `${m}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/**
 * A line for the provider's ephemeral status of a resource it is waiting for ("Waiting for app
 * ReplicaSet to be available (0/2 Pods available)", "[Progressing] deadline exceeded"), with how long
 * the step has taken so far; at most one per resource every WAIT_PROGRESS_SECONDS unless it changes.
 */
export function renderWait(event: EngineEvent, starts: Map<string, number>, last: Map<string, { at: number; message: string }>): string | undefined {
    const d = event.diagnosticEvent;
    if (!d?.ephemeral || !d.urn) return undefined;
    // The provider clears a status with an empty message.
    const message = d.message.replace(/\s+/g, " ").trim();
    if (!message) return undefined;
    const prev = last.get(d.urn);
    if (prev && prev.message === message && event.timestamp - prev.at < WAIT_PROGRESS_SECONDS) return undefined;
    last.set(d.urn, { at: event.timestamp, message });
    const start = starts.get(d.urn);
    const so = start !== undefined ? ` (${elapsed(Math.max(0, event.timestamp - start))} so far)` : "";
    return `   waiting  ${urnName(d.urn)}: ${message}${so}`;
}

/** An `onEvent` handler writing one line per rendered event to `out`, and throttled progress of long waits. */
export function progressPrinter(out: (line: string) => void): (event: EngineEvent) => void {
    const starts = new Map<string, number>();
    const last = new Map<string, { at: number; message: string }>();
    return (event) => {
        const line = renderEvent(event, starts) ?? renderWait(event, starts, last);
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
                      or https://api.pulumi.com. Defaults to file://<llmd home>/state, the same
                      from every directory (llmd home: $LLMD_HOME, else ~/.llmd)${command === "refresh" ? `
  --clear-pending-creates
                      forget create operations an interrupted run left pending` : ""}

Environment:
  PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE)
                      required for every backend but Pulumi Cloud: encrypts the stack's
                      secrets. Keep it; later commands on the stack need the same one.
  HF_TOKEN            Hugging Face token (else the file huggingFace.tokenFile names); sent to
                      the program as a Pulumi secret, never printed or stored in plain text.
  KUBECONFIG          cluster to deploy to, unless the config sets existing.kubeconfigPath.

Prints one line per resource as its step finishes, progress of long waits (model servers load for
up to an hour) every 30 s, then a summary with the stack's outputs. Ctrl-C cancels after the steps
under way (a second Ctrl-C stops at once); a locked or interrupted stack's recovery commands are
printed with the error.
Exit codes: 0 ok, 1 the operation or the Pulumi CLI failed, 2 bad config or environment.
`;
}

function failure(code: number, message: string): CliResult {
    return { code, stdout: "", stderr: message.endsWith("\n") ? message : message + "\n" };
}

async function runOperation(command: AutomationCommand, stack: Stack, onEvent: (e: EngineEvent) => void, signal: AbortSignal, clearPendingCreates: boolean): Promise<{ changes?: OpMap; outputs?: OutputMap }> {
    switch (command) {
        case "preview": {
            const r = await stack.preview({ onEvent, signal });
            return { changes: r.changeSummary };
        }
        case "up": {
            const r = await stack.up({ onEvent, signal });
            return { changes: r.summary.resourceChanges, outputs: r.outputs };
        }
        case "destroy": {
            const r = await stack.destroy({ onEvent, signal });
            return { changes: r.summary.resourceChanges };
        }
        case "refresh": {
            const r = await stack.refresh({ onEvent, signal, ...(clearPendingCreates ? { clearPendingCreates: true } : {}) });
            return { changes: r.summary.resourceChanges };
        }
    }
}

/** Where SIGINT and SIGTERM come from (the process; an emitter in tests). */
export interface SignalSource {
    on(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
    off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/**
 * Ctrl-C during an operation. The Node process hosts the inline program, so it must not die: the
 * first interrupt cancels the operation gracefully and waits for it, the second stops at once.
 * In a terminal, Ctrl-C reaches the Pulumi CLI directly (same process group), which cancels by
 * itself; forwarding it would be the CLI's second SIGINT, which terminates it. A SIGTERM, or a
 * SIGINT without a terminal, is forwarded through the operation's AbortSignal (SIGINT to the CLI).
 */
export function interruptHandler(source: SignalSource, interactive: boolean, controller: AbortController, out: (line: string) => void, exit: (code: number) => void): () => void {
    let count = 0;
    const onSignal = (forward: boolean) => () => {
        count++;
        if (count > 1) {
            out("llmd: interrupted again: stopping now; the stack may keep pending operations (see the recovery commands with `llmd refresh --help`)\n");
            exit(130);
            return;
        }
        out("llmd: interrupted: cancelling after the steps under way finish (press Ctrl-C again to stop at once)\n");
        if (forward && !controller.signal.aborted) controller.abort();
    };
    const onInt = onSignal(!interactive);
    const onTerm = onSignal(true);
    source.on("SIGINT", onInt);
    source.on("SIGTERM", onTerm);
    return () => {
        source.off("SIGINT", onInt);
        source.off("SIGTERM", onTerm);
    };
}

/** The commands that recover a stack after a killed or cancelled run, on its backend. */
export function recoveryHint(url: string, stack: string, workDir: string, configFile: string): string {
    return [
        `The stack's state is in ${url} (workspace ${workDir}). To recover:`,
        `  - a lock left by a run that died ("locked by another update"): PULUMI_BACKEND_URL=${url} pulumi cancel --stack ${stack} --yes --cwd ${workDir}`,
        "    (on a file backend this only removes the lock: make sure no other llmd or pulumi runs on this stack first)",
        `  - operations left pending by an interrupted run: llmd refresh -c ${configFile} -s ${stack} --clear-pending-creates, then llmd up again`,
    ].join("\n");
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
    const home = opts.home ?? llmdHome(env);
    const url = backendUrl(opts.backend, cwd, home);
    const pass = passphraseEnv(env, url);
    if ("error" in pass) return failure(2, `llmd ${command}: ${pass.error}`);

    for (const w of run.resolved.warnings) opts.out(`warning: ${w}\n`);

    // 2. The workspace: `.llmd/` holds Pulumi.yaml and Pulumi.<stack>.yaml (the passphrase salt).
    const stateDir = fileBackendDir(url);
    if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
    const workDir = workspaceDir(url, home);
    fs.mkdirSync(workDir, { recursive: true });
    const program: PulumiFn = inlineProgram(run.config, run.hfToken);
    const open = opts.openStack ?? defaultOpener;
    const controller = new AbortController();
    const release = interruptHandler(opts.signals ?? process, opts.interactive ?? Boolean(process.stdin.isTTY), controller, opts.out, (code) => process.exit(code));
    const hint = recoveryHint(url, opts.stack, workDir, opts.configFile);

    try {
        const stack = await open(command, { projectName: PROJECT_NAME, stackName: opts.stack, program }, workspaceOptions(url, workDir, pass.vars));
        // The providers the program uses, at the versions the package pins (no download mid-update; none at all offline when cached).
        for (const [plugin, pkg] of requiredPlugins(spec)) await stack.workspace.installPlugin(plugin, `v${(require(`${pkg}/package.json`) as { version: string }).version}`);
        if (command === "preview" || command === "up") await stack.setAllConfig(toStackConfig(run));
        opts.out(`${command === "preview" ? "Previewing" : command === "up" ? "Updating" : command === "destroy" ? "Destroying" : "Refreshing"} stack ${opts.stack} (${url})\n`);
        const result = await runOperation(command, stack, progressPrinter(opts.out), controller.signal, opts.clearPendingCreates ?? false);
        return { code: 0, stdout: renderSummary(command, opts.stack, result), stderr: "" };
    } catch (e) {
        if (controller.signal.aborted) return failure(1, `llmd ${command}: cancelled.\n${hint}`);
        if (isMissingCli(e)) return failure(1, missingCliMessage(command));
        if (e instanceof Error && e.name === "StackNotFoundError") {
            return failure(1, `llmd ${command}: no stack named '${opts.stack}' in ${url}; run 'llmd up -c ${opts.configFile} -s ${opts.stack}' first, or pass the --backend it was created in.`);
        }
        if (e instanceof Error && e.name === "ConcurrentUpdateError") {
            return failure(1, `llmd ${command}: stack '${opts.stack}' is locked by another update; wait for it to finish.\n${hint}`);
        }
        if (e instanceof CommandError || (e instanceof Error && e.name === "CommandError")) {
            const detail = commandErrorDetail(e as Error);
            return failure(1, `llmd ${command}: the Pulumi CLI failed:\n${detail}${/pending operation/i.test(detail) ? `\n${hint}` : ""}`);
        }
        if (e instanceof ConfigError) return failure(2, `${e.message}\nNothing was created.`);
        throw e;
    } finally {
        release();
    }
}

/** Resource plugins the program registers resources with: Kubernetes always, the cloud's when the stack creates a cluster. */
export function requiredPlugins(spec: { gke?: unknown; eks?: unknown }): [string, string][] {
    return [["kubernetes", "@pulumi/kubernetes"], ...(spec.gke ? ([["gcp", "@pulumi/gcp"]] as [string, string][]) : []), ...(spec.eks ? ([["aws", "@pulumi/aws"]] as [string, string][]) : [])];
}
