// What a user waits for on every command is the process: `bin/llmd` is plain JavaScript (no
// shell), runs the CLI in its own process, and the offline commands load only what they use.
// Timings live in `npm run bench`; these tests check the structure that makes them fast.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../support/fixtures";

const BIN = path.join(ROOT, "bin", "llmd");
const CONFIG = path.join(ROOT, "examples", "configs", "inference-scheduling.yaml");

/** Runs `node bin/llmd ARGS` with a preload that lists every module the process loaded. */
function loaded(node: string, args: string[]): { status: number | null; modules: string[]; stderr: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-startup-"));
    try {
        const list = path.join(dir, "modules.json");
        const preload = path.join(dir, "preload.js");
        // Modules from files (require.cache) and Node's own modules (moduleLoadList: "NativeModule child_process").
        fs.writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify([...Object.keys(require.cache), ...process.moduleLoadList])));\n`);
        const r = spawnSync(node, ["-r", preload, BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_COMPILE_CACHE: path.join(dir, "cc") } });
        return { status: r.status, modules: fs.existsSync(list) ? (JSON.parse(fs.readFileSync(list, "utf8")) as string[]) : [], stderr: r.stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Node binaries on this machine: the one running the tests (>= 22) and an older system one, when there is one. */
function nodes(): { path: string; major: number }[] {
    const out = [{ path: process.execPath, major: Number(process.versions.node.split(".")[0]) }];
    for (const p of ["/usr/bin/node", "/usr/local/bin/node"]) {
        if (!fs.existsSync(p) || out.some((n) => fs.realpathSync(n.path) === fs.realpathSync(p))) continue;
        const v = execFileSync(p, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
        out.push({ path: p, major: Number(v.split(".")[0]) });
    }
    return out;
}

describe("startup: bin/llmd runs the CLI in its own process and loads what a command uses", function () {
    this.timeout(60_000);

    it("bin/llmd is a Node script, not a shell wrapper", () => {
        assert.match(fs.readFileSync(BIN, "utf8").split("\n")[0], /^#!\/usr\/bin\/env node$/);
    });

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-render-"));
    after(() => fs.rmSync(out, { recursive: true, force: true }));
    const OFFLINE: [string, string[]][] = [
        ["render", ["render", "-c", CONFIG, "-o", out]],
        ["plan", ["plan", "-c", CONFIG]],
        ["size", ["size", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--accelerator", "nvidia-h100-80gb"]],
        ["schema", ["schema"]],
        ["diff", ["diff", "-c", CONFIG, "--release", "v0.8.1"]],
        ["--version", ["--version"]],
    ];
    for (const [name, args] of OFFLINE) {
        it(`${name}: no Pulumi module is loaded, and no other process is started`, () => {
            const r = loaded(process.execPath, args);
            assert.equal(r.status, 0, r.stderr);
            assert.ok(r.modules.length > 0);
            const pulumi = r.modules.filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`) || m.includes(`${path.sep}@grpc${path.sep}`));
            assert.deepEqual(pulumi, [], `${name} loaded Pulumi`);
            assert.ok(!r.modules.includes("NativeModule child_process"), "no child process");
        });
    }

    it("size and --version stay small: no config schema (zod), no YAML parser, no conformance data", () => {
        for (const args of [["size", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--accelerator", "nvidia-h100-80gb"], ["--version"]]) {
            const r = loaded(process.execPath, args);
            assert.equal(r.status, 0, r.stderr);
            for (const heavy of ["zod", "yaml", "cel-js", "conformance"]) assert.ok(!r.modules.some((m) => m.includes(`${path.sep}${heavy}`)), `${args[0]} loaded ${heavy}`);
        }
    });

    it("--version names the package version and the default llm-d release", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
        const v = execFileSync(process.execPath, [BIN, "--version"], { encoding: "utf8" });
        assert.equal(v, `llmd ${pkg.version} (pulumi-llm-d), deploys llm-d v0.9.0 by default\n`);
    });

    it("the process check above sees a child process where one is started (an engine command on this Node's launcher path)", () => {
        const r = loaded(process.execPath, ["up", "--help"]);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(r.modules.some((m) => m.includes(`${path.sep}@pulumi${path.sep}`)), "up loads the Pulumi SDK");
    });

    for (const n of nodes()) {
        it(`under Node ${n.major} (${n.path}): offline commands run in-process; engine commands ${n.major >= 22 ? "too" : "under Node 22"}`, () => {
            const r = spawnSync(n.path, [BIN, "render", "-c", CONFIG, "-o", out], { encoding: "utf8" });
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /wrote \d+ objects/);
            // `up --help` loads the Automation API (Pulumi SDK): on an older Node it runs under Node >= 22.
            const up = spawnSync(n.path, [BIN, "up", "--help"], { encoding: "utf8" });
            assert.equal(up.status, 0, up.stderr);
            assert.match(up.stdout, /^Usage: llmd up/);
        });
    }
});
