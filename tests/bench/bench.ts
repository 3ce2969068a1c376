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
    try {
        execFileSync("helm", ["version", "--short"], { stdio: "ignore" });
        console.log("helm found: compare with `helm template` of llm-d's charts on equivalent values (not automated offline: charts are OCI artifacts).");
    } catch {
        console.log("helm not on PATH: no helm template comparison in this run.");
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
