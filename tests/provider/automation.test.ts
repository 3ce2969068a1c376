// `llmd preview|up|destroy|refresh` without the Pulumi CLI: config -> stack config, the inline
// program, progress lines from recorded engine events, the missing-CLI message, and that a bad
// config stops before any workspace exists.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CommandError, EngineEvent, InlineProgramArgs, LocalWorkspaceOptions, OpMap, OutputMap, Stack } from "@pulumi/pulumi/automation";
import { ConfigError } from "../../components/config/errors";
import {
    AutomationCommand,
    CONFIG_KEYS,
    StackOpener,
    inlineProgram,
    isMissingCli,
    missingCliMessage,
    prepareRun,
    progressPrinter,
    renderEvent,
    renderOutputs,
    renderSummary,
    runAutomation,
    backendUrl,
    interruptHandler,
    passphraseEnv,
    recoveryHint,
    renderWait,
    requiredPlugins,
    toStackConfig,
    workspaceDir,
} from "../../provider/automation";
import { packageRoot } from "../../provider/schema";
import { recordingMocks, settle, waitFor } from "./helpers";

// Not in the public typings; the Automation API builds its errors from it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as { CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => unknown };

const EXAMPLES = path.join(packageRoot(), "examples", "configs");
const SIM = path.join(EXAMPLES, "simulated.yaml");
const GPU = path.join(EXAMPLES, "inference-scheduling.yaml");
const TOKEN = "hf_test_token_do_not_print_1234567890";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

const TMP_DIRS: string[] = [];
function tmpDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-auto-"));
    TMP_DIRS.push(dir);
    return dir;
}
after(() => {
    for (const d of TMP_DIRS.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function writeConfig(dir: string, name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

// ---------------------------------------------------------------------------------------------
// A recorded `up` of the simulated stack, written by hand after the EngineEvent shapes
// (@pulumi/pulumi/automation/events.d.ts). Timestamps are unix seconds.
const URN = (type: string, name: string) => `urn:pulumi:dev::llm-d::llmd:index:LlmdStack$${type}::${name}`;
const DEPLOY = URN("kubernetes:apps/v1:Deployment", "llm-d-sim/sim-decode");
const POOL = URN("kubernetes:inference.networking.k8s.io/v1:InferencePool", "llm-d-sim/sim");
const NS = URN("kubernetes:core/v1:Namespace", "llm-d-sim");
const ROOT = "urn:pulumi:dev::llm-d::pulumi:pulumi:Stack::llm-d-dev";

function meta(op: string, urn: string, type: string) {
    return { op, urn, type, provider: "" } as unknown as NonNullable<EngineEvent["resourcePreEvent"]>["metadata"];
}
let seq = 0;
const ev = (timestamp: number, payload: Partial<EngineEvent>): EngineEvent => ({ sequence: seq++, timestamp, ...payload }) as EngineEvent;

const UP_EVENTS: EngineEvent[] = [
    ev(1000, { preludeEvent: { config: { "llm-d:configFile": "/x/simulated.yaml" } } }),
    ev(1000, { resourcePreEvent: { metadata: meta("create", ROOT, "pulumi:pulumi:Stack") } }),
    ev(1001, { resourcePreEvent: { metadata: meta("same", NS, "kubernetes:core/v1:Namespace") } }),
    ev(1001, { resOutputsEvent: { metadata: meta("same", NS, "kubernetes:core/v1:Namespace") } }),
    ev(1002, { resourcePreEvent: { metadata: meta("create", DEPLOY, "kubernetes:apps/v1:Deployment") } }),
    ev(1002, { resourcePreEvent: { metadata: meta("create", POOL, "kubernetes:inference.networking.k8s.io/v1:InferencePool") } }),
    ev(1003, { resOutputsEvent: { metadata: meta("create", POOL, "kubernetes:inference.networking.k8s.io/v1:InferencePool") } }),
    ev(1004, { diagnosticEvent: { urn: DEPLOY, message: "waiting for 3 replicas\n", color: "never", severity: "info", ephemeral: true } }),
    ev(1005, { diagnosticEvent: { urn: ROOT, message: "no Hugging Face token given\n", color: "never", severity: "warning" } }),
    ev(1009, { resOutputsEvent: { metadata: meta("create", DEPLOY, "kubernetes:apps/v1:Deployment") } }),
    ev(1010, { resOutputsEvent: { metadata: meta("create", ROOT, "pulumi:pulumi:Stack") } }),
    ev(1010, { summaryEvent: { maybeCorrupt: false, durationSeconds: 10, resourceChanges: { create: 3, same: 1 } as OpMap, policyPacks: {} } }),
];

const FAILED_EVENTS: EngineEvent[] = [
    ev(2000, { resourcePreEvent: { metadata: meta("update", DEPLOY, "kubernetes:apps/v1:Deployment") } }),
    ev(2030, { diagnosticEvent: { urn: DEPLOY, message: "resource llm-d-sim/sim-decode was not ready in time\n", color: "never", severity: "error" } }),
    ev(2031, { resOpFailedEvent: { metadata: meta("update", DEPLOY, "kubernetes:apps/v1:Deployment"), status: 1, steps: 1 } }),
];

const PREVIEW_EVENTS: EngineEvent[] = [
    ev(3000, { resourcePreEvent: { metadata: meta("create", DEPLOY, "kubernetes:apps/v1:Deployment"), planning: true } }),
    ev(3000, { resOutputsEvent: { metadata: meta("create", DEPLOY, "kubernetes:apps/v1:Deployment"), planning: true } }),
    ev(3000, { resourcePreEvent: { metadata: meta("same", NS, "kubernetes:core/v1:Namespace"), planning: true } }),
];

const OUTPUTS: OutputMap = {
    namespace: { value: "llm-d-sim", secret: false },
    inferencePoolNames: { value: ["sim"], secret: false },
    gatewayAddress: { value: "10.0.0.7", secret: false },
    kubeconfig: { value: "apiVersion: v1\nusers: [token: abc]", secret: true },
};

/** A Stack stand-in: records what runAutomation asks of it and replays recorded events. */
function fakeStack(events: EngineEvent[], calls: string[]): Stack {
    const summary = { resourceChanges: { create: 3, same: 1 } };
    const replay = async (name: string, o?: { onEvent?: (e: EngineEvent) => void }) => {
        calls.push(name);
        for (const e of events) o?.onEvent?.(e);
    };
    return {
        workspace: { installPlugin: async (n: string, v: string) => void calls.push(`installPlugin ${n} ${v}`) },
        setAllConfig: async (c: Record<string, { value: string; secret?: boolean }>) => void calls.push(`setAllConfig ${JSON.stringify(c)}`),
        up: async (o: { onEvent?: (e: EngineEvent) => void }) => (await replay("up", o), { stdout: "", stderr: "", outputs: OUTPUTS, summary }),
        preview: async (o: { onEvent?: (e: EngineEvent) => void }) => (await replay("preview", o), { stdout: "", stderr: "", changeSummary: { create: 5 } }),
        destroy: async (o: { onEvent?: (e: EngineEvent) => void }) => (await replay("destroy", o), { stdout: "", stderr: "", summary: { resourceChanges: { delete: 5 } } }),
        refresh: async (o: { onEvent?: (e: EngineEvent) => void }) => (await replay("refresh", o), { stdout: "", stderr: "", summary: { resourceChanges: { same: 5 } } }),
    } as unknown as Stack;
}

// ---------------------------------------------------------------------------------------------

describe("llmd automation: config to stack config", () => {
    it("records the config file's absolute path and its content, and no secret", () => {
        const run = prepareRun(path.relative(process.cwd(), SIM), { HF_TOKEN: TOKEN });
        const cfg = toStackConfig(run);
        assert.deepEqual(Object.keys(cfg).sort(), [CONFIG_KEYS.config, CONFIG_KEYS.configFile].sort());
        assert.equal(cfg[CONFIG_KEYS.configFile].value, SIM);
        const content = JSON.parse(cfg[CONFIG_KEYS.config].value) as { namespace: string; services: { name: string; decode: { replicas: number } }[] };
        assert.equal(content.namespace, "llm-d-sim");
        assert.equal(content.services[0].decode.replicas, 3);
        assert.ok(!JSON.stringify(cfg).includes(TOKEN), "the token is never stack config (set-all passes it on argv)");
        assert.ok(Object.values(cfg).every((v) => !v.secret));
        assert.equal(run.hfToken, TOKEN, "the token travels beside the config, to the program");
    });

    it("reads the token from HF_TOKEN, else from huggingFace.tokenFile relative to the config", () => {
        const dir = tmpDir();
        fs.writeFileSync(path.join(dir, "token.txt"), `  ${TOKEN}\n`);
        const file = writeConfig(dir, "c.yaml", fs.readFileSync(GPU, "utf8"));
        const text = fs.readFileSync(file, "utf8").replace("huggingFace:\n", "huggingFace:\n  tokenFile: token.txt\n");
        fs.writeFileSync(file, text.replace("existing:\n  context: my-gpu-cluster", "existing:\n  kubeconfigPath: kube/config"));
        assert.equal(prepareRun(file, { HF_TOKEN: "from-env" }).hfToken, "from-env");
        const run = prepareRun(file, {});
        assert.equal(run.hfToken, TOKEN);
        assert.equal(run.config.existing?.kubeconfigPath, path.join(dir, "kube", "config"), "paths are made absolute: the engine runs in .llmd/");
        assert.equal(run.config.huggingFace?.tokenFile, path.join(dir, "token.txt"));
    });

    it("takes no token when the stack uses an existing Secret, and refuses an unreadable token file", () => {
        const dir = tmpDir();
        const existing = writeConfig(dir, "a.yaml", "huggingFace: {createSecret: false}\nservices: [{name: a, model: {id: Qwen/Qwen3-0.6B}}]\n");
        assert.equal(prepareRun(existing, { HF_TOKEN: TOKEN }).hfToken, undefined);
        const missing = writeConfig(dir, "b.yaml", "huggingFace: {tokenFile: nope.txt}\nservices: [{name: a, model: {id: Qwen/Qwen3-0.6B}}]\n");
        assert.throws(() => prepareRun(missing, {}), (e: unknown) => e instanceof ConfigError && /huggingFace\.tokenFile/.test(e.message));
    });
});

describe("llmd automation: the inline program", function () {
    this.timeout(60_000);
    let registered: pulumi.runtime.MockResourceArgs[] = [];
    before(async () => {
        registered = await recordingMocks("inline");
    });

    it("creates one LlmdStack, exports its outputs and passes the token only as a secret", async () => {
        const run = prepareRun(GPU, { HF_TOKEN: TOKEN });
        const outputs = await inlineProgram(run.config, run.hfToken)();
        assert.deepEqual(await settle(outputs.inferencePoolNames), ["llama-8b"]);
        assert.equal(await settle(outputs.namespace), "llm-d");
        assert.deepEqual(Object.keys(outputs).sort(), ["gatewayAddress", "gatewayName", "inferencePoolNames", "namespace", "serviceNames"]);
        await waitFor(() => registered.some((r) => r.type === "kubernetes:core/v1:Secret"), "the token Secret");
        const stacks = registered.filter((r) => r.type === "llmd:index:LlmdStack");
        assert.deepEqual(stacks.map((r) => r.name), ["llm-d"]);
        const secret = registered.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        const stringData = secret.inputs.stringData as Record<string, unknown>;
        assert.equal(stringData[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", "stringData is registered as a secret");
        for (const r of registered) {
            if (r === secret) continue;
            assert.ok(!JSON.stringify(r.inputs).includes(TOKEN), `${r.type} ${r.name} holds the token in plain text`);
        }
    });
});

describe("llmd automation: progress lines from engine events", () => {
    it("prints one line per finished resource with op, type, name, status and duration, and the provider's wait status", () => {
        const lines: string[] = [];
        const print = progressPrinter((l) => lines.push(l));
        UP_EVENTS.forEach(print);
        assert.deepEqual(lines, [
            "+  create   kubernetes:inference.networking.k8s.io/v1:InferencePool  llm-d-sim/sim  created (1s)\n",
            "   waiting  llm-d-sim/sim-decode: waiting for 3 replicas (2s so far)\n",
            "warning: llm-d-dev: no Hugging Face token given\n",
            "+  create   kubernetes:apps/v1:Deployment  llm-d-sim/sim-decode  created (7s)\n",
            "Resources: 3 create, 1 unchanged (10s)\n",
        ]);
    });

    it("marks failed steps and prints engine errors", () => {
        const starts = new Map<string, number>();
        const lines = FAILED_EVENTS.map((e) => renderEvent(e, starts)).filter((l) => l !== undefined);
        assert.deepEqual(lines, [
            "error: llm-d-sim/sim-decode: resource llm-d-sim/sim-decode was not ready in time",
            "~  update   kubernetes:apps/v1:Deployment  llm-d-sim/sim-decode  failed (31s)",
        ]);
    });

    it("prints planned steps once in a preview, without durations", () => {
        const lines = PREVIEW_EVENTS.map((e) => renderEvent(e)).filter((l) => l !== undefined);
        assert.deepEqual(lines, ["+  create   kubernetes:apps/v1:Deployment  llm-d-sim/sim-decode  planned"]);
    });

    it("summarizes outputs with secrets shown as [secret]", () => {
        const text = renderOutputs(OUTPUTS);
        assert.match(text, /^ {2}inferencePoolNames: \["sim"\]$/m);
        assert.match(text, /^ {2}gatewayAddress: 10\.0\.0\.7$/m);
        assert.match(text, /^ {2}kubeconfig: \[secret\]$/m);
        assert.ok(!text.includes("token: abc"));
        assert.match(renderSummary("preview", "dev", { changes: { create: 5, same: 2 } }), /^Stack dev would change: 5 create, 2 unchanged\n$/);
    });
});

describe("llmd automation: running a command", function () {
    this.timeout(60_000);
    const PASS = { PULUMI_CONFIG_PASSPHRASE: "test-passphrase" };

    it("stops an invalid config with code 2 before any workspace exists", async () => {
        const cwd = tmpDir();
        const bad = writeConfig(cwd, "bad.yaml", "services:\n  - name: Bad_Name\n    model: {id: Qwen/Qwen3-0.6B}\n    decode: {replicas: -1}\n");
        let opened = 0;
        const r = await runAutomation("up", { configFile: bad, stack: "dev", out: () => undefined, env: PASS, cwd, home: path.join(cwd, "home"), signals: new EventEmitter(), openStack: async () => (opened++, undefined as unknown as Stack) });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /services\[0\]\.name/);
        assert.match(r.stderr, /services\[0\]\.decode\.replicas/);
        assert.equal(opened, 0, "the workspace was never opened");
        assert.ok(!fs.existsSync(path.join(cwd, "home")), "no state or workspace folder was created");
    });

    it("refuses up without a token when the stack manages the token Secret (an update would delete it)", async () => {
        const cwd = tmpDir();
        const gpu = writeConfig(cwd, "gpu.yaml", "services:\n  - name: llama\n    model: {id: meta-llama/Llama-3.1-8B-Instruct}\n    accelerator: {type: nvidia}\n");
        let opened = 0;
        const r = await runAutomation("up", { configFile: gpu, stack: "dev", out: () => undefined, env: PASS, cwd, home: path.join(cwd, "home"), signals: new EventEmitter(), openStack: async () => (opened++, undefined as unknown as Stack) });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /HF_TOKEN/);
        assert.match(r.stderr, /createSecret: false/);
        assert.equal(opened, 0);
    });

    it("asks for PULUMI_CONFIG_PASSPHRASE on a file backend before opening anything", async () => {
        const cwd = tmpDir();
        let opened = 0;
        const r = await runAutomation("preview", { configFile: SIM, stack: "dev", out: () => undefined, env: {}, cwd, home: path.join(cwd, "home"), signals: new EventEmitter(), openStack: async () => (opened++, undefined as unknown as Stack) });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /PULUMI_CONFIG_PASSPHRASE/);
        assert.equal(opened, 0);
        assert.ok(!fs.existsSync(path.join(cwd, "home")));
    });

    it("runs up on a local file backend, streams progress and summarizes the outputs", async () => {
        const cwd = tmpDir();
        const calls: string[] = [];
        let seen: { command: AutomationCommand; args: InlineProgramArgs; opts: LocalWorkspaceOptions } | undefined;
        const open: StackOpener = async (command, args, opts) => {
            seen = { command, args, opts };
            return fakeStack(UP_EVENTS, calls);
        };
        const out: string[] = [];
        const r = await runAutomation("up", { configFile: SIM, stack: "dev", out: (l) => out.push(l), env: { ...PASS, HF_TOKEN: TOKEN }, cwd, home: path.join(cwd, "home"), signals: new EventEmitter(), openStack: open });
        assert.equal(r.code, 0, r.stderr);
        const state = path.join(cwd, "home", "state");
        assert.ok(fs.statSync(state).isDirectory(), "the state folder is created");
        assert.equal(seen!.command, "up");
        assert.equal(seen!.args.projectName, "llm-d");
        assert.equal(seen!.args.stackName, "dev");
        assert.equal(seen!.opts.projectSettings?.backend?.url, `file://${state}`);
        assert.equal(seen!.opts.projectSettings?.runtime, "nodejs");
        assert.equal(seen!.opts.secretsProvider, "passphrase");
        assert.equal(seen!.opts.envVars?.PULUMI_CONFIG_PASSPHRASE, "test-passphrase");
        assert.equal(seen!.opts.workDir, workspaceDir(`file://${state}`, path.join(cwd, "home")));
        assert.equal(seen!.opts.envVars?.PULUMI_BACKEND_URL, `file://${state}`, "a PULUMI_BACKEND_URL in the user's shell cannot redirect the stack");
        assert.deepEqual(calls.map((c) => c.split(" ")[0]), ["installPlugin", "setAllConfig", "up"]);
        assert.ok(!calls.join("\n").includes(TOKEN), "the token is never handed to the CLI");
        assert.ok(out.some((l) => l.includes("kubernetes:apps/v1:Deployment  llm-d-sim/sim-decode  created (7s)")), out.join(""));
        assert.match(r.stdout, /^Stack dev updated: 3 create, 1 unchanged$/m);
        assert.match(r.stdout, /^ {2}kubeconfig: \[secret\]$/m);
        assert.ok(!(out.join("") + r.stdout + r.stderr).includes(TOKEN));
    });

    it("opens existing stacks only for destroy and honours --backend", async () => {
        const cwd = tmpDir();
        const calls: string[] = [];
        let seen: LocalWorkspaceOptions | undefined;
        const r = await runAutomation("destroy", {
            configFile: SIM,
            stack: "dev",
            backend: "state-elsewhere",
            out: () => undefined,
            env: PASS,
            cwd,
            home: path.join(cwd, "home"),
            signals: new EventEmitter(),
            openStack: async (_c, _a, opts) => ((seen = opts), fakeStack([], calls)),
        });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(seen!.projectSettings?.backend?.url, `file://${path.join(cwd, "state-elsewhere")}`);
        assert.deepEqual(calls.map((c) => c.split(" ")[0]), ["installPlugin", "destroy"], "destroy does not rewrite the stack config");
        assert.match(r.stdout, /^Stack dev destroyed: 5 delete$/m);
    });
});

describe("llmd automation: without the Pulumi CLI", function () {
    this.timeout(60_000);

    it("recognizes the Automation API's ENOENT CommandError", () => {
        const spawnErr = Object.assign(new Error("Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"), { code: "ENOENT" });
        const Ctor = CommandError as unknown as new (r: unknown) => CommandError;
        const e = new Ctor(new CommandResult("", "Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT", -2, spawnErr));
        assert.equal(isMissingCli(e), true);
        assert.equal(isMissingCli(new Ctor(new CommandResult("", "error: update failed", 255))), false);
        assert.equal(isMissingCli(new Error("ENOENT: no such file or directory, open 'x.yaml'")), false);
        const msg = missingCliMessage("up");
        assert.equal(msg.split("\n").length, 1);
        assert.ok(msg.includes("https://www.pulumi.com/docs/install/") && msg.includes("curl -fsSL https://get.pulumi.com | sh"));
    });

    it("says so in one line, with code 1, when the real LocalWorkspace finds no pulumi on PATH", async () => {
        const cwd = tmpDir();
        const emptyBin = tmpDir();
        const savedPath = process.env.PATH;
        process.env.PATH = emptyBin;
        let r;
        try {
            r = await runAutomation("up", { configFile: SIM, stack: "dev", out: () => undefined, env: { PULUMI_CONFIG_PASSPHRASE: "x" }, cwd, home: path.join(cwd, "home"), signals: new EventEmitter() });
        } finally {
            process.env.PATH = savedPath;
        }
        assert.equal(r.code, 1);
        assert.equal(r.stderr, missingCliMessage("up") + "\n");
        assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
    });
});

describe("llmd automation: what a real engine run needs", function () {
    this.timeout(60_000);
    const PASS = { PULUMI_CONFIG_PASSPHRASE: "test-passphrase" };

    it("keeps one state and workspace wherever llmd runs (a state per directory would create every object again)", () => {
        const home = "/home/u/.llmd";
        assert.equal(backendUrl(undefined, "/src/checkout-a", home), backendUrl(undefined, "/tmp/elsewhere", home));
        assert.equal(backendUrl(undefined, "/x", home), "file:///home/u/.llmd/state");
        assert.equal(workspaceDir("file:///home/u/.llmd/state", home), workspaceDir("file:///home/u/.llmd/state", home));
        assert.notEqual(workspaceDir("s3://bucket/llmd", home), workspaceDir("file:///home/u/.llmd/state", home), "each backend keeps its own stack settings (the passphrase's salt)");
    });

    it("refuses an empty passphrase", () => {
        const r = passphraseEnv({ PULUMI_CONFIG_PASSPHRASE: "" }, "file:///s");
        assert.ok("error" in r && /empty/.test(r.error));
    });

    it("prints the provider's status of long waits, with the time so far, at most every 30 s, and ignores the clearing message", () => {
        const starts = new Map<string, number>([[DEPLOY, 1000]]);
        const last = new Map<string, { at: number; message: string }>();
        const wait = (t: number, message: string) =>
            renderWait({ sequence: t, timestamp: t, diagnosticEvent: { urn: DEPLOY, message, color: "never", severity: "info", ephemeral: true } } as EngineEvent, starts, last);
        assert.equal(wait(1065, "[1/2] Waiting for app ReplicaSet to be available (0/2 Pods available)\n"), "   waiting  llm-d-sim/sim-decode: [1/2] Waiting for app ReplicaSet to be available (0/2 Pods available) (1m05s so far)");
        assert.equal(wait(1080, "[1/2] Waiting for app ReplicaSet to be available (0/2 Pods available)"), undefined, "the same status within 30 s");
        assert.match(wait(1100, "[1/2] Waiting for app ReplicaSet to be available (0/2 Pods available)")!, /1m40s so far/);
        assert.match(wait(1101, "[Progressing] Deployment exceeded its progress deadline")!, /exceeded its progress deadline/, "a new status prints at once");
        assert.equal(wait(1200, ""), undefined, "the provider clears a status with an empty message");
    });

    it("cancels gracefully on SIGTERM (forwarded) and says how to recover; in a terminal Ctrl-C is left to the CLI", async () => {
        const cwd = tmpDir();
        const signals = new EventEmitter();
        const out: string[] = [];
        let aborted = false;
        const stack = {
            ...(fakeStack([], []) as unknown as Record<string, unknown>),
            up: (o: { signal: AbortSignal }) =>
                new Promise((_, reject) => {
                    o.signal.addEventListener("abort", () => ((aborted = true), reject(new Error("update canceled"))));
                    setImmediate(() => signals.emit("SIGTERM"));
                }),
        } as unknown as Stack;
        const r = await runAutomation("up", { configFile: SIM, stack: "dev", out: (l) => out.push(l), env: PASS, cwd, home: path.join(cwd, "home"), signals, interactive: true, openStack: async () => stack });
        assert.equal(aborted, true, "SIGTERM reaches the CLI through the AbortSignal");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /cancelled/);
        assert.match(r.stderr, /PULUMI_BACKEND_URL=file:\/\/.*pulumi cancel --stack dev --yes --cwd /);
        assert.match(r.stderr, /llmd refresh -c .* -s dev --clear-pending-creates/);
        assert.equal(signals.listenerCount("SIGINT") + signals.listenerCount("SIGTERM"), 0, "the handlers are removed");

        // Ctrl-C in a terminal: the CLI got it already (same process group); forwarding would be its second SIGINT.
        const controller = new AbortController();
        const exits: number[] = [];
        const release = interruptHandler(signals, true, controller, () => undefined, (c) => exits.push(c));
        signals.emit("SIGINT");
        assert.equal(controller.signal.aborted, false);
        signals.emit("SIGINT");
        assert.deepEqual(exits, [130], "a second Ctrl-C stops at once");
        release();
        const piped = new AbortController();
        const release2 = interruptHandler(signals, false, piped, () => undefined, () => undefined);
        signals.emit("SIGINT");
        assert.equal(piped.signal.aborted, true, "without a terminal, SIGINT is forwarded");
        release2();
    });

    it("a locked stack names the backend, the workspace and the exact commands to unlock it", async () => {
        const cwd = tmpDir();
        const err = Object.assign(new Error("stack is currently locked"), { name: "ConcurrentUpdateError" });
        const r = await runAutomation("up", {
            configFile: SIM,
            stack: "dev",
            out: () => undefined,
            env: PASS,
            cwd,
            home: path.join(cwd, "home"),
            signals: new EventEmitter(),
            openStack: async () => ({ ...(fakeStack([], []) as unknown as Record<string, unknown>), up: async () => Promise.reject(err) }) as unknown as Stack,
        });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /locked by another update/);
        assert.equal(r.stderr.trim(), `llmd up: stack 'dev' is locked by another update; wait for it to finish.\n${recoveryHint(`file://${path.join(cwd, "home", "state")}`, "dev", workspaceDir(`file://${path.join(cwd, "home", "state")}`, path.join(cwd, "home")), SIM)}`);
    });

    it("pre-installs the cloud provider plugins a cluster-creating stack needs", () => {
        assert.deepEqual(requiredPlugins({}).map((p) => p[0]), ["kubernetes"]);
        assert.deepEqual(requiredPlugins({ gke: {} }).map((p) => p[0]), ["kubernetes", "gcp"]);
        assert.deepEqual(requiredPlugins({ eks: {} }).map((p) => p[0]), ["kubernetes", "aws"]);
    });
});
