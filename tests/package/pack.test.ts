// The package as a consumer gets it: `npm pack`, installed into a fresh project (offline, from
// npm's cache, through a lockfile holding the same dependency versions as this repository's),
// type-checked with the consumer's own tsconfig, run under Pulumi's mocks, and `llmd` run from
// its bin, all without a path back into this repository.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../support/fixtures";

type Json = Record<string, any>;

const NPM_CLI = path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");

/** npm as this Node ships it, else the one on PATH. */
function npm(args: string[], cwd: string): string {
    const [cmd, pre] = fs.existsSync(NPM_CLI) ? [process.execPath, [NPM_CLI]] : ["npm", []];
    return execFileSync(cmd, [...pre, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { LlmdStack, ModelService, GkeCluster, WellLitPath, AcceleratorType } from "pulumi-llm-d";
import { LlmdStack as FromSubpath } from "pulumi-llm-d/components";

const types: string[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (a) => {
            types.push(a.type);
            return { id: a.name + "-id", state: a.inputs };
        },
        call: (a) => a.inputs,
    },
    "consumer",
    "dev",
    false,
);

const stack: LlmdStack = new FromSubpath("llm-d", {
    namespace: "consumer",
    services: [{ name: "sim", path: WellLitPath.InferenceScheduling, model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: AcceleratorType.Simulated }, decode: { replicas: 2 } }],
});
// Types only: the other components are exported with their args.
const kinds: [typeof ModelService, typeof GkeCluster] = [ModelService, GkeCluster];
void kinds;
stack.inferencePoolNames.apply((pools) => {
    setTimeout(() => {
        const outside = Object.keys(require.cache).filter((m) => !m.startsWith(process.cwd()));
        process.stdout.write(JSON.stringify({ pools, types, outside }) + "\\n");
    }, 500);
});
`;

describe("package: npm pack, installed into a fresh consumer project", function () {
    this.timeout(240_000);
    let dir: string;
    let tarball: string;
    let files: string[];
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-consumer-"));
        // The compiled JavaScript and declarations are this checkout's dist/ (npm test builds it; npm pack's prepack rebuilds it).
        const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT)) as Json[];
        tarball = path.join(dir, packed[0].filename);
        files = (packed[0].files as Json[]).map((f) => f.path as string);
        const size = packed[0].size as number;
        assert.ok(size > 0);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("holds what a consumer needs: compiled JS with declarations, the CLI, the release data, the schema, the provider's sources", () => {
        for (const f of [
            "package.json",
            "bin/llmd",
            "dist/components/index.js",
            "dist/components/index.d.ts",
            "dist/provider/cli.js",
            "dist/provider/automation.d.ts",
            "dist/components/config/docs.json",
            "components/catalog/releases/upstream/v0.9.0.json",
            "components/config/llmd.schema.json",
            "provider/index.ts",
            "components/stack.ts",
            "tsconfig.json",
            "PulumiPlugin.yaml",
            "scripts/node22.sh",
            "README.md",
            "CHANGELOG.md",
        ]) {
            assert.ok(files.includes(f), f);
        }
    });

    it("and nothing else: no tests, fixtures, examples, build caches or source maps", () => {
        const stray = files.filter((f) => /^(tests|examples|dist\/tests|dist\/examples|\.tools|node_modules)\//.test(f) || f.endsWith(".map") || f.includes("fixtures/"));
        assert.deepEqual(stray, []);
    });

    describe("installed", () => {
        let consumer: string;
        before(() => {
            consumer = path.join(dir, "consumer");
            fs.mkdirSync(consumer);
            // A lockfile with this repository's runtime dependency tree: npm installs from its cache, offline.
            const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Json;
            const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Json;
            const rel = `file:../${path.basename(tarball)}`;
            const packages: Json = { "": { name: "consumer", version: "1.0.0", dependencies: { "pulumi-llm-d": rel } } };
            for (const [k, v] of Object.entries(lock.packages as Json)) if (k.startsWith("node_modules/") && !(v as Json).dev) packages[k] = v;
            packages["node_modules/pulumi-llm-d"] = { version: pkg.version, resolved: rel, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines };
            fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies: { "pulumi-llm-d": rel } }, null, 2));
            fs.writeFileSync(path.join(consumer, "package-lock.json"), JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2));
            npm(["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);
            fs.writeFileSync(
                path.join(consumer, "tsconfig.json"),
                JSON.stringify({ compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, outDir: "out", types: ["node"], skipLibCheck: false }, include: ["index.ts"] }, null, 2),
            );
            fs.writeFileSync(path.join(consumer, "index.ts"), PROGRAM);
        });

        it("resolves the package inside the consumer's node_modules, not this repository", () => {
            const resolved = execFileSync(process.execPath, ["-p", 'require.resolve("pulumi-llm-d")'], { cwd: consumer, encoding: "utf8" }).trim();
            assert.equal(resolved, path.join(fs.realpathSync(consumer), "node_modules", "pulumi-llm-d", "dist", "components", "index.js"));
        });

        it("type-checks a program that builds an LlmdStack (the consumer's tsconfig, node16 resolution, library types checked)", () => {
            const tsc = path.join(consumer, "node_modules", "typescript", "bin", "tsc");
            const r = spawnSync(process.execPath, [tsc, "-p", consumer], { cwd: consumer, encoding: "utf8" });
            assert.equal(r.status, 0, r.stdout + r.stderr);
        });

        it("runs the compiled program under Pulumi's mocks from the installed package", () => {
            const out = execFileSync(process.execPath, [path.join(consumer, "out", "index.js")], { cwd: consumer, encoding: "utf8", env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "false" } });
            const r = JSON.parse(out.trim().split("\n").pop()!) as { pools: string[]; types: string[]; outside: string[] };
            assert.deepEqual(r.pools, ["sim"]);
            assert.ok(r.types.includes("kubernetes:apps/v1:Deployment"), r.types.join(" "));
            assert.ok(r.types.includes("llmd:index:LlmdStack"));
            assert.deepEqual(r.outside, [], "every module came from the consumer project");
        });

        it("the component provider works from the installed package: its schema is inferred from the shipped sources (what pulumi package add reads)", () => {
            const bin = path.join(consumer, "node_modules", ".bin", "llmd");
            const r = spawnSync(process.execPath, [bin, "schema", "--provider"], { cwd: consumer, encoding: "utf8" });
            assert.equal(r.status, 0, r.stderr);
            const schema = JSON.parse(r.stdout) as Json;
            assert.equal(schema.name, "llmd");
            for (const c of ["LlmdStack", "ModelService", "InferenceScheduler", "Platform", "GkeCluster", "EksCluster"]) assert.ok(schema.resources[`llmd:index:${c}`], c);
        });

        it("npx llmd works from the installed package (version and a plan)", () => {
            const bin = path.join(consumer, "node_modules", ".bin", "llmd");
            const v = execFileSync(process.execPath, [bin, "--version"], { cwd: consumer, encoding: "utf8" });
            assert.match(v, /^llmd \d+\.\d+\.\d+ \(pulumi-llm-d\), deploys llm-d v\d+\.\d+\.\d+ by default\n$/);
            fs.copyFileSync(path.join(ROOT, "examples", "configs", "simulated.yaml"), path.join(consumer, "llmd.yaml"));
            const plan = spawnSync(process.execPath, [bin, "plan", "-c", "llmd.yaml", "--json"], { cwd: consumer, encoding: "utf8" });
            assert.equal(plan.status, 0, plan.stderr);
            assert.ok((JSON.parse(plan.stdout) as Json).resources.length > 10);
        });
    });
});
