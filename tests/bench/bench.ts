// `npm run bench`: performance and accuracy figures, measured here rather than claimed in tests.
//  1. Rendering: the default stack and fleets of 10, 100 and 1000 model services (wall time,
//     peak RSS, t1000/t100 ratio), and `helm template` of llm-d's charts when helm is on PATH.
//  2. Planner: the KV-cache estimate against vLLM startup logs collected from public issues.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { findChip } from "../../components/catalog/accelerators";
import { findModel } from "../../components/catalog/models";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { sizeModelServer } from "../../components/planner";
import { renderFiles } from "../../provider/render";
import { KV_CACHE_CASES } from "./kv-cache-cases";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function fleet(n: number): unknown {
    return {
        namespace: "fleet",
        services: Array.from({ length: n }, (_, i) => ({
            name: `model-${i}`,
            model: { id: `org/model-${i}` },
            accelerator: { type: "simulated" },
            decode: { replicas: 2 },
        })),
    };
}

function timeRender(config: unknown, runs: number): { ms: number; files: number; bytes: number } {
    let best = Infinity;
    let files = 0;
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        const out = renderFiles(resolveConfig(config).spec);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        best = Math.min(best, ms);
        files = out.length;
        bytes = out.reduce((n, f) => n + f.content.length, 0);
    }
    return { ms: best, files, bytes };
}

function renderBench(): void {
    console.log("== render (best of runs; includes validation, building and YAML serialisation) ==");
    const rows: [string, number][] = [];
    const def = timeRender(loadConfigFile(path.join(ROOT, "examples", "default", "llmd.yaml")), 20);
    console.log(`default stack      ${def.ms.toFixed(1).padStart(8)} ms  ${def.files} files`);
    for (const n of [10, 100, 1000]) {
        const r = timeRender(fleet(n), n >= 1000 ? 3 : 5);
        rows.push([String(n), r.ms]);
        console.log(`fleet of ${String(n).padEnd(5)}     ${r.ms.toFixed(1).padStart(8)} ms  ${r.files} files  ${(r.bytes / 1e6).toFixed(1)} MB  rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    }
    const t100 = rows.find((r) => r[0] === "100")![1];
    const t1000 = rows.find((r) => r[0] === "1000")![1];
    console.log(`t1000/t100 = ${(t1000 / t100).toFixed(2)} (10 = linear)`);
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    helmComparison(rows);
}

/** llm-d's charts for one model service: the router (picker, pool, route) and the model servers. */
const HELM_CHARTS = [
    // source: llm-d/llm-d guides/env.sh (ROUTER_CHART_VERSION=v0.9.0), the pinned release
    { name: "router", chart: "oci://ghcr.io/llm-d/charts/llm-d-router-gateway", version: "v0.9.0", repo: undefined as string | undefined },
    // source: llm-d-incubation/llm-d-modelservice (chart v0.4.12, the newest release of the chart)
    { name: "modelservice", chart: "llm-d-modelservice", version: "v0.4.12", repo: "https://llm-d-incubation.github.io/llm-d-modelservice/" },
];

/** Values equivalent to one simulated service of the fleet (2 decode replicas behind a pool). */
function helmValues(chart: string, i: number): Record<string, unknown> {
    const name = `model-${i}`;
    const labels = { "llm-d.ai/inference-serving": "true", "llm-d.ai/model-service": name };
    if (chart === "router") {
        return {
            router: { modelServers: { type: "vllm", targetPorts: [{ number: 8000 }], matchLabels: labels }, epp: { replicas: 1 } },
            httpRoute: { create: true, inferenceGatewayName: "llm-d-inference-gateway", requestTimeout: "0s" },
        };
    }
    return {
        modelArtifacts: { uri: `hf://org/${name}`, name: `org/${name}`, labels },
        routing: { proxy: { enabled: false } },
        decode: { create: true, replicas: 2, containers: [{ name: "vllm", image: "ghcr.io/llm-d/llm-d-inference-sim:v0.9.2", modelCommand: "imageDefault", ports: [{ containerPort: 8000 }] }] },
        prefill: { create: false },
    };
}

/**
 * Times `helm template` of llm-d's charts on values equivalent to the 10- and 100-service fleets
 * (one release per chart per service, as Helm users deploy them) and prints the ratio to this
 * project's render. Needs helm on PATH and the charts reachable (pulled once into a temp dir).
 */
function helmComparison(rows: [string, number][]): void {
    try {
        execFileSync("helm", ["version", "--short"], { stdio: "ignore" });
    } catch {
        console.log("helm not on PATH: no helm template comparison in this run.");
        return;
    }
    const fs = require("node:fs") as typeof import("node:fs");
    const os = require("node:os") as typeof import("node:os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-helm-"));
    try {
        const local: Record<string, string> = {};
        for (const c of HELM_CHARTS) {
            const args = ["pull", c.chart, "--version", c.version, "--untar", "--untardir", path.join(dir, c.name)];
            if (c.repo) args.push("--repo", c.repo);
            execFileSync("helm", args, { stdio: "pipe" });
            const sub = fs.readdirSync(path.join(dir, c.name))[0];
            local[c.name] = path.join(dir, c.name, sub);
        }
        for (const n of [10, 100]) {
            const t = process.hrtime.bigint();
            for (let i = 0; i < n; i++) {
                for (const c of HELM_CHARTS) {
                    const values = path.join(dir, `${c.name}-${i}.json`);
                    fs.writeFileSync(values, JSON.stringify(helmValues(c.name, i)));
                    execFileSync("helm", ["template", `model-${i}`, local[c.name], "-f", values, "--namespace", "fleet"], { stdio: "pipe" });
                }
            }
            const ms = Number(process.hrtime.bigint() - t) / 1e6;
            const ours = rows.find((r) => r[0] === String(n))?.[1] ?? NaN;
            console.log(`helm template, fleet of ${n}: ${ms.toFixed(0)} ms; llmd render ${ours.toFixed(1)} ms; ratio helm/llmd ${(ms / ours).toFixed(1)}`);
        }
    } catch (e) {
        const err = e as { stderr?: Buffer; message: string };
        console.log(`helm comparison skipped: ${(err.stderr?.toString() || err.message).split("\n")[0]}`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function kvBench(): void {
    console.log("\n== planner KV-cache estimate vs vLLM startup logs ==");
    const errors: number[] = [];
    const v1Errors: number[] = [];
    for (const c of KV_CACHE_CASES) {
        const model = findModel(c.model);
        // A GPU outside the catalog is sized with the total memory its own log reports.
        const base = findChip("nvidia-l4");
        const chip = findChip(c.accelerator) ?? (c.totalGpuMemoryGiB && base ? { ...base, id: c.accelerator, memoryGiB: c.totalGpuMemoryGiB, usableMemoryGiB: c.totalGpuMemoryGiB } : undefined);
        if (!model || !chip) {
            console.log(`skip  ${c.model} on ${c.accelerator}: ${model ? "GPU" : "model"} not in the catalog and no memory figure in the log  (${c.source})`);
            continue;
        }
        const r = sizeModelServer({
            model,
            chip,
            tensorParallel: c.tensorParallel,
            gpuMemoryUtilization: c.gpuMemoryUtilization,
            maxModelLen: c.maxModelLen,
            quantization: c.quantization,
            maxNumBatchedTokens: c.maxNumBatchedTokens,
        });
        if (c.reportedKvCacheTokens <= 0) {
            console.log(`case  ${c.model} TP${c.tensorParallel} on ${chip.id}: reported no KV space; planner fits=${r.fits}  (${c.source})`);
            continue;
        }
        const ratio = r.kvCacheTokens / c.reportedKvCacheTokens;
        errors.push(Math.abs(ratio - 1));
        // The planner models vLLM's V1 memory profiler (the pinned vLLM has no V0 engine).
        const v0 = /V0/.test(c.vllmVersion ?? "");
        if (!v0) v1Errors.push(Math.abs(ratio - 1));
        console.log(`ratio ${ratio.toFixed(3)}  ${c.model} TP${c.tensorParallel} on ${chip.id}: estimate ${r.kvCacheTokens} vs reported ${c.reportedKvCacheTokens}${v0 ? " [V0 engine log]" : ""}  (${c.source})`);
    }
    const median = (xs: number[]) => {
        const v = [...xs].sort((a, b) => a - b);
        if (!v.length) return NaN;
        const m = Math.floor(v.length / 2);
        return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
    };
    console.log(`compared ${errors.length} cases; median |error| ${(median(errors) * 100).toFixed(1)}% (V1-engine logs only: ${v1Errors.length} cases, ${(median(v1Errors) * 100).toFixed(1)}%)`);
}

renderBench();
kvBench();
