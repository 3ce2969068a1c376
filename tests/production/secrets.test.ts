// The Hugging Face token enters as a Pulumi secret, becomes a Kubernetes Secret, and never
// appears in plain text anywhere else: `llmd plan`, `llmd render`, logs, errors, resource
// inputs outside the secret envelope, or stack outputs.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../components/config/errors";
import { loadConfigFile } from "../../components/config/load";
import { main } from "../../provider/cli";
import { runOffline } from "../../provider/offline";
import { ROOT, exampleConfigFiles } from "../support/fixtures";

const TOKEN = "hf_SCANmeIfYouCan0123456789abcdefXYZ";
/** Pulumi's marker of a secret value in serialized inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Inputs with every secret envelope replaced by a placeholder; returns how many were removed. */
function stripSecrets(value: unknown, found: { n: number; values: unknown[] }): unknown {
    if (Array.isArray(value)) return value.map((v) => stripSecrets(v, found));
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SECRET_SIG] !== undefined) {
            found.n++;
            found.values.push(o.value);
            return "[secret]";
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, stripSecrets(v, found)]));
    }
    return value;
}

/** Everything written to the console while fn runs. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
    const chunks: string[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, out: process.stdout.write, err: process.stderr.write };
    const grab = (...args: unknown[]) => void chunks.push(args.map(String).join(" "));
    console.log = console.warn = console.error = console.info = grab;
    process.stdout.write = ((c: unknown) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
    process.stderr.write = ((c: unknown) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
    try {
        const result = await fn();
        return { result, text: chunks.join("\n") };
    } finally {
        Object.assign(console, { log: saved.log, warn: saved.warn, error: saved.error, info: saved.info });
        process.stdout.write = saved.out;
        process.stderr.write = saved.err;
    }
}

const EXAMPLES = [...exampleConfigFiles(), path.join(ROOT, "examples", "default", "llmd.yaml")];

describe("the Hugging Face token never leaks", () => {
    let saved: string | undefined;
    before(() => {
        saved = process.env.HF_TOKEN;
        process.env.HF_TOKEN = TOKEN;
    });
    after(() => {
        if (saved === undefined) delete process.env.HF_TOKEN;
        else process.env.HF_TOKEN = saved;
    });

    for (const file of EXAMPLES) {
        const name = path.relative(ROOT, file);
        it(`${name}: llmd plan (text and --json) and llmd render print and write no token`, async () => {
            const out = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-scan-"));
            try {
                const runs = await captureConsole(async () => [await main(["plan", "-c", file]), await main(["plan", "-c", file, "--json"]), await main(["render", "-c", file, "-o", out])]);
                for (const r of runs.result) {
                    assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN));
                    // An example another change made invalid is the render tests' to report; its error must not leak either.
                    assert.ok(r.code === 0 || (r.code === 2 && /invalid llm-d config/.test(r.stderr)), r.stderr);
                }
                assert.ok(!runs.text.includes(TOKEN), "console");
                for (const f of fs.readdirSync(out)) assert.ok(!fs.readFileSync(path.join(out, f), "utf8").includes(TOKEN), f);
                const stub = fs.readdirSync(out).find((f) => /-secret-/.test(f));
                if (stub) {
                    const text = fs.readFileSync(path.join(out, stub), "utf8");
                    assert.match(text, /^# add key HF_TOKEN/m, "the stub says it has no data");
                    assert.ok(!/^(data|stringData):/m.test(text), "the stub carries no data");
                    assert.match(fs.readFileSync(path.join(out, "README.md"), "utf8"), /Secret stub with no data/);
                }
            } finally {
                fs.rmSync(out, { recursive: true, force: true });
            }
        });

        it(`${name}: under the Pulumi runtime the token reaches only the Secret, as a secret`, async () => {
            let captured: { result: Awaited<ReturnType<typeof runOffline>>; text: string };
            try {
                captured = await captureConsole(() => runOffline(loadConfigFile(file), "scan", TOKEN));
            } catch (e) {
                assert.ok(e instanceof ConfigError, String(e));
                assert.ok(!e.message.includes(TOKEN), "config errors");
                return;
            }
            const { result: run, text } = captured;
            assert.ok(!text.includes(TOKEN), "logs");
            const found = { n: 0, values: [] as unknown[] };
            for (const [key, d] of run.details) {
                const plain = JSON.stringify(stripSecrets(d.inputs, found));
                assert.ok(!plain.includes(TOKEN), `${key} carries the token outside a secret`);
            }
            const secrets = run.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
            if (secrets.length) {
                assert.ok(found.n >= 1 && JSON.stringify(found.values).includes(TOKEN), "the Secret holds the token inside the secret envelope");
            }
            const outputs = await Promise.all(
                [run.stack.namespace, run.stack.gatewayName, run.stack.gatewayAddress, run.stack.inferencePoolNames, run.stack.serviceNames].map(
                    (o) => new Promise<unknown>((resolve) => (o as any).apply((v: unknown) => resolve(v))),
                ),
            );
            assert.ok(!JSON.stringify(outputs).includes(TOKEN), "stack outputs");
        });
    }

    it("a token written into a config file is refused without echoing it", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-scan-"));
        try {
            const cases = [
                `hfToken: ${TOKEN}\nservices: [{name: a, model: {id: org/a}}]\n`,
                `huggingFace: {token: ${TOKEN}}\nservices: [{name: a, model: {id: org/a}}]\n`,
                `services: [{name: a, model: {id: org/a}, accelerator: {type: simulated}, token: ${TOKEN}}]\n`,
            ];
            for (const [i, text] of cases.entries()) {
                const file = path.join(dir, `c${i}.yaml`);
                fs.writeFileSync(file, text);
                const r = await main(["plan", "-c", file]);
                assert.equal(r.code, 2, r.stderr);
                assert.ok(!r.stderr.includes(TOKEN) && !r.stdout.includes(TOKEN), r.stderr);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
