// The llmd CLI contracts (ARCHITECTURE.md): help, plan --json shape, bad input exits 2.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/cli";
import { ROOT } from "../support/fixtures";

const SIM = path.join(ROOT, "examples", "configs", "simulated.yaml");

describe("llmd CLI", () => {
    it("--help lists every command and exits 0", async () => {
        const r = await main(["--help"]);
        assert.equal(r.code, 0);
        for (const c of ["plan", "render", "schema", "size", "preview", "up", "destroy"]) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
    });
    it("every command has --help", async () => {
        for (const c of ["plan", "render", "schema", "size", "preview", "up", "destroy", "refresh"]) {
            const r = await main([c, "--help"]);
            assert.equal(r.code, 0, c);
            assert.match(r.stdout, /Usage: llmd/, c);
        }
    });
    it("plan --json prints { plan, resources: [{ type, name, parent, dependsOn?, timeouts? }] }", async () => {
        const r = await main(["plan", "-c", SIM, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.equal(out.plan.services[0].name, "sim");
        assert.ok(out.resources.length > 10);
        for (const res of out.resources) {
            const keys = Object.keys(res);
            for (const k of ["name", "parent", "type"]) assert.ok(keys.includes(k), k);
            assert.ok(keys.every((k) => ["name", "parent", "type", "dependsOn", "timeouts"].includes(k)), keys.join(","));
        }
        const decode = out.resources.find((x: any) => x.name === "llm-d-sim/sim-decode");
        assert.deepEqual(Object.keys(decode.timeouts).sort(), ["create", "update"], "model servers say how long the engine waits");
        assert.ok(decode.dependsOn.includes("llm-d-sim"), "and what they wait for (the namespace)");
        assert.ok(out.resources.some((x: any) => x.type === "kubernetes:inference.networking.k8s.io/v1:InferencePool"));
    });
    it("sizes wide-EP as one engine over the whole group: DeepSeek-R1 fits DP16 on H200, 32 GPUs in all", async () => {
        const r = await main(["plan", "-c", path.join(ROOT, "examples", "configs", "wide-ep.yaml"), "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const plan = JSON.parse(r.stdout).plan;
        assert.equal(plan.totals.accelerators, 32);
        for (const role of plan.services[0].roles) {
            assert.equal(role.sizing.fits, true, role.role);
            assert.equal(role.sizing.chipsPerReplica, 16);
            assert.equal(role.sizing.expertParallel, true);
        }
    });
    it("a bad config exits 2 with every error and creates nothing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-cli-"));
        const bad = path.join(dir, "bad.yaml");
        fs.writeFileSync(bad, "services:\n  - name: Bad\n    model: {id: x}\n    decode: {replicas: -1}\n");
        const r = await main(["plan", "-c", bad]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /services\[0\]\.name: /);
        assert.match(r.stderr, /services\[0\]\.decode\.replicas: /);
        assert.match(r.stderr, /Nothing was created/);
        const out = path.join(dir, "out");
        assert.equal((await main(["render", "-c", bad, "-o", out])).code, 2);
        assert.equal(fs.existsSync(out), false);
        fs.rmSync(dir, { recursive: true });
    });
    it("render refuses an output path that is a file (exit 2, nothing written)", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "llmd-cli-")), "not-a-dir");
        fs.writeFileSync(file, "x");
        const r = await main(["render", "-c", SIM, "-o", file]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /is a file; expected a folder/);
        assert.equal(fs.readFileSync(file, "utf8"), "x");
    });
    it("a missing file or unknown option is a usage error", async () => {
        assert.equal((await main(["plan", "-c", "/nonexistent.yaml"])).code, 2);
        assert.equal((await main(["plan", "--frobnicate"])).code, 2);
        assert.equal((await main(["nope"])).code, 2);
    });
    it("schema prints a JSON Schema that requires services", async () => {
        const r = await main(["schema"]);
        const s = JSON.parse(r.stdout);
        assert.deepEqual(s.required, ["services"]);
        assert.ok(s.properties.gateway);
    });
});
