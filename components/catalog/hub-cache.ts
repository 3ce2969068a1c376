// The local cache of what was read from the Hugging Face Hub for a model: its config.json and a
// summary of its safetensors weights (bytes, parameters by dtype). `llmd size` fills it
// (provider/hub.ts); `llmd plan`, `llmd render` and LlmdStack read it, so models outside the
// catalog are sized offline once they have been read. File system only: no network here.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ModelArchitecture, findModel, modelFromHfConfig, registerModel } from "./models";

/** What the Hub told about a model's weights. */
export interface WeightsSummary {
    /** Bytes of all weight tensors (safetensors index metadata.total_size, or the sum of the headers). */
    totalBytes: number;
    /** Parameters (elements; packed 4-bit integers counted per value) by safetensors dtype. */
    paramsByDtype: Record<string, number>;
    /** Weight files read. */
    files: string[];
}

export interface CachedModel {
    id: string;
    config: Record<string, unknown>;
    weights?: WeightsSummary;
    /** The endpoint and time it was read. */
    endpoint: string;
    fetchedAt: string;
}

/** Where the cache lives: $LLMD_HF_CACHE, else $XDG_CACHE_HOME/pulumi-llm-d/hf, else ~/.cache/pulumi-llm-d/hf. */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    if (env.LLMD_HF_CACHE) return path.resolve(env.LLMD_HF_CACHE);
    return path.join(env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache"), "pulumi-llm-d", "hf");
}

/** A model id as a folder name (org/name -> org--name, as huggingface_hub does). */
function folder(id: string): string {
    return id.replace(/\//g, "--");
}

export function cacheFile(id: string, env: NodeJS.ProcessEnv = process.env): string {
    return path.join(hubCacheDir(env), folder(id), "model.json");
}

export function readCache(id: string, env: NodeJS.ProcessEnv = process.env): CachedModel | undefined {
    try {
        return JSON.parse(fs.readFileSync(cacheFile(id, env), "utf8")) as CachedModel;
    } catch {
        return undefined;
    }
}

export function writeCache(entry: CachedModel, env: NodeJS.ProcessEnv = process.env): string {
    const file = cacheFile(entry.id, env);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written whole, then renamed: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(entry, null, 2) + "\n");
    fs.renameSync(tmp, file);
    return file;
}

/** Parameters in billions from the weight summary: every element counted once (scales and zero points of quantized checkpoints excluded upstream). */
function paramsOf(w: WeightsSummary): number {
    return Object.values(w.paramsByDtype).reduce((a, b) => a + b, 0) / 1e9;
}

/** A cached read as the planner's model: config.json through the same conversion as the catalog, with the checkpoint's exact size. */
export function modelFromCache(c: CachedModel): ModelArchitecture {
    const params = c.weights ? paramsOf(c.weights) : undefined;
    return modelFromHfConfig(c.config, c.id, {
        ...(params ? { paramsB: Math.round(params * 1000) / 1000 } : {}),
        ...(c.weights ? { checkpointBytes: c.weights.totalBytes } : {}),
        source: `${c.endpoint.replace(/\/$/, "")}/${c.id} config.json${c.weights ? ` and ${c.weights.files.length} safetensors header(s)` : ""}, read ${c.fetchedAt}`,
    });
}

/**
 * Makes the cached Hub reads of these model ids known to the planner (findModel), for the ones the
 * catalog lacks. Returns the ids that are neither in the catalog nor cached.
 */
export function loadCachedModels(ids: Iterable<string>, env: NodeJS.ProcessEnv = process.env): string[] {
    const missing: string[] = [];
    for (const id of new Set(ids)) {
        if (findModel(id)) continue;
        const c = readCache(id, env);
        if (!c) {
            missing.push(id);
            continue;
        }
        try {
            registerModel(modelFromCache(c));
        } catch {
            missing.push(id);
        }
    }
    return missing;
}
