// Reading a model from the Hugging Face Hub for the planner: config.json (with its
// quantization_config) and the safetensors weights' sizes and dtypes, read from the files' headers
// with HTTP range requests (a few KiB per file, never the weights). Public and gated models (HF_TOKEN
// as a bearer token); HF_ENDPOINT names another endpoint (a mirror); HF_HUB_OFFLINE=1 reads only
// the cache. Each read is cached (components/catalog/hub-cache.ts), so a second run and `llmd plan`
// work offline.
import { CachedModel, WeightsSummary, hubCacheDir, readCache, writeCache } from "../components/catalog/hub-cache";

export const DEFAULT_ENDPOINT = "https://huggingface.co";
const DEFAULT_TIMEOUT_MS = 20_000;
const HEADER_LIMIT = 100 * 1024 * 1024;

export interface HubOptions {
    env?: NodeJS.ProcessEnv;
    /** Per request. Defaults to 20 s (LLMD_HUB_TIMEOUT_MS). */
    timeoutMs?: number;
    /** Re-read even when cached. */
    refresh?: boolean;
    fetchImpl?: typeof fetch;
}

/** A Hub read that failed: the message names the URL and how to work offline. */
export class HubError extends Error {}

function offlineHint(id: string, env: NodeJS.ProcessEnv): string {
    return (
        `To work offline: run \`llmd size --model ${id} ...\` once where ${endpointOf(env)} is reachable (the read is cached in ${hubCacheDir(env)}), ` +
        "or pass the model's config.json with --hf-config FILE."
    );
}

function endpointOf(env: NodeJS.ProcessEnv): string {
    return (env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, "");
}

function fileUrl(env: NodeJS.ProcessEnv, id: string, file: string): string {
    return `${endpointOf(env)}/${id}/resolve/main/${file}`;
}

async function get(url: string, id: string, o: Required<Pick<HubOptions, "timeoutMs">> & { env: NodeJS.ProcessEnv; fetchImpl: typeof fetch }, range?: string): Promise<Response | undefined> {
    const headers: Record<string, string> = { "user-agent": "pulumi-llm-d (llmd size)" };
    if (o.env.HF_TOKEN) headers.authorization = `Bearer ${o.env.HF_TOKEN}`;
    if (range) headers.range = range;
    let res: Response;
    try {
        res = await o.fetchImpl(url, { headers, redirect: "follow", signal: AbortSignal.timeout(o.timeoutMs) });
    } catch (e) {
        const err = e as Error;
        const why = err.name === "TimeoutError" || err.name === "AbortError" ? `no answer within ${o.timeoutMs / 1000} s` : err.message;
        throw new HubError(`${url}: ${why}. ${offlineHint(id, o.env)}`);
    }
    if (res.status === 404) return undefined;
    if (res.status === 401 || res.status === 403) {
        throw new HubError(
            `${url}: ${res.status} ${res.status === 401 ? "unauthorized" : "forbidden"}: ${id} is gated or private. ` +
                (o.env.HF_TOKEN ? "The HF_TOKEN given has no access to it: accept the model's terms on huggingface.co with that account." : "Set HF_TOKEN to a token of an account with access to it."),
        );
    }
    if (!res.ok && res.status !== 206) throw new HubError(`${url}: HTTP ${res.status}. ${offlineHint(id, o.env)}`);
    return res;
}

const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** Scales, zero points and index tables of quantized checkpoints: bytes, not parameters. */
const NOT_PARAMS = /(scales?|qzeros|g_idx|_scale_inv|weight_scale|input_scale|_zp|zeros)$/;

/** Counts one safetensors header's parameters by dtype (packed integer weights expanded by `valuesPerElement`). */
export function countHeader(header: Record<string, unknown>, valuesPerElement: (dtype: string) => number): { params: Record<string, number>; bytes: number } {
    const params: Record<string, number> = {};
    let bytes = 0;
    for (const [name, t] of Object.entries(header)) {
        if (name === "__metadata__" || typeof t !== "object" || t === null) continue;
        const { dtype, shape, data_offsets } = t as { dtype: string; shape: number[]; data_offsets?: [number, number] };
        const n = shape.reduce((a, b) => a * b, 1);
        bytes += data_offsets ? data_offsets[1] - data_offsets[0] : n * (DTYPE_BYTES[dtype] ?? 1);
        if (NOT_PARAMS.test(name)) continue;
        params[dtype] = (params[dtype] ?? 0) + n * valuesPerElement(dtype);
    }
    return { params, bytes };
}

/** Reads a safetensors file's JSON header with two range requests (8-byte length, then the header). */
async function readHeader(url: string, id: string, o: Parameters<typeof get>[2]): Promise<Record<string, unknown> | undefined> {
    const head = await get(url, id, o, "bytes=0-7");
    if (!head) return undefined;
    const lenBuf = Buffer.from(await head.arrayBuffer());
    if (lenBuf.length < 8) throw new HubError(`${url}: the server answered ${lenBuf.length} bytes to a range request for a safetensors header`);
    const len = Number(lenBuf.readBigUInt64LE(0));
    if (len <= 0 || len > HEADER_LIMIT) throw new HubError(`${url}: a safetensors header of ${len} bytes; expected at most ${HEADER_LIMIT}`);
    // A server that ignores Range sends the whole file: its first 8 + len bytes are the same header.
    if (lenBuf.length >= 8 + len) return JSON.parse(lenBuf.subarray(8, 8 + len).toString("utf8")) as Record<string, unknown>;
    const body = await get(url, id, o, `bytes=8-${8 + len - 1}`);
    if (!body) return undefined;
    const buf = Buffer.from(await body.arrayBuffer());
    return JSON.parse(buf.subarray(0, len).toString("utf8")) as Record<string, unknown>;
}

/** How many values one element of a packed integer tensor holds, from the config's quantization bits. */
function packing(config: Record<string, unknown>): (dtype: string) => number {
    const q = (config.quantization_config ?? (config.text_config as Record<string, unknown> | undefined)?.quantization_config) as Record<string, unknown> | undefined;
    const bits = Number(q?.bits ?? q?.w_bit ?? 4) || 4;
    return (dtype) => (dtype === "I32" ? 32 / bits : dtype === "U8" && q ? 2 : 1);
}

async function pool<T, R>(items: T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(limit, items.length) }, async () => {
            while (next < items.length) {
                const i = next++;
                out[i] = await f(items[i]);
            }
        }),
    );
    return out;
}

/** Reads config.json and the weights' summary from the Hub (no cache). */
export async function fetchHubModel(id: string, opts: HubOptions = {}): Promise<CachedModel> {
    const env = opts.env ?? process.env;
    const o = { env, timeoutMs: opts.timeoutMs ?? (Number(env.LLMD_HUB_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS), fetchImpl: opts.fetchImpl ?? fetch };
    if (!/^[\w.-]+\/[\w.-]+$/.test(id)) throw new HubError(`--model: got ${JSON.stringify(id)}; expected a Hugging Face repo id such as meta-llama/Llama-3.1-8B-Instruct.`);
    const configUrl = fileUrl(env, id, "config.json");
    const cres = await get(configUrl, id, o);
    if (!cres) throw new HubError(`${configUrl}: 404 not found: no model ${id} on ${endpointOf(env)} (check the id's spelling and case), or it has no config.json.`);
    let config: Record<string, unknown>;
    try {
        config = (await cres.json()) as Record<string, unknown>;
    } catch (e) {
        throw new HubError(`${configUrl}: not JSON (${(e as Error).message})`);
    }
    // ModelOpt checkpoints describe their quantization in hf_quant_config.json.
    if (!config.quantization_config) {
        const q = await get(fileUrl(env, id, "hf_quant_config.json"), id, o).catch(() => undefined);
        if (q) config = { ...config, quantization_config: { quant_method: "modelopt", ...((await q.json().catch(() => ({}))) as Record<string, unknown>) } };
    }
    let weights: WeightsSummary | undefined;
    const indexUrl = fileUrl(env, id, "model.safetensors.index.json");
    const ires = await get(indexUrl, id, o);
    const pack = packing(config);
    if (ires) {
        const index = (await ires.json()) as { metadata?: { total_size?: number }; weight_map?: Record<string, string> };
        const files = [...new Set(Object.values(index.weight_map ?? {}))].sort();
        const headers = await pool(files, 8, (f) => readHeader(fileUrl(env, id, f), id, o));
        const paramsByDtype: Record<string, number> = {};
        let bytes = 0;
        for (const h of headers) {
            if (!h) continue;
            const c = countHeader(h, pack);
            bytes += c.bytes;
            for (const [k, v] of Object.entries(c.params)) paramsByDtype[k] = (paramsByDtype[k] ?? 0) + v;
        }
        weights = { totalBytes: index.metadata?.total_size ?? bytes, paramsByDtype, files };
    } else {
        const single = await readHeader(fileUrl(env, id, "model.safetensors"), id, o);
        if (single) {
            const c = countHeader(single, pack);
            weights = { totalBytes: c.bytes, paramsByDtype: c.params, files: ["model.safetensors"] };
        }
    }
    return { id, config, ...(weights ? { weights } : {}), endpoint: endpointOf(env), fetchedAt: new Date().toISOString() };
}

/**
 * A model from the cache, else read from the Hub and cached. HF_HUB_OFFLINE=1: the cache only.
 * `source` says which.
 */
export async function hubModel(id: string, opts: HubOptions = {}): Promise<{ model: CachedModel; source: "cache" | "hub"; cacheFile?: string }> {
    const env = opts.env ?? process.env;
    const cached = readCache(id, env);
    if (cached && !opts.refresh) return { model: cached, source: "cache" };
    if (env.HF_HUB_OFFLINE === "1" || env.HF_HUB_OFFLINE === "true") {
        if (cached) return { model: cached, source: "cache" };
        throw new HubError(`${fileUrl(env, id, "config.json")}: not read (HF_HUB_OFFLINE is set) and not cached in ${hubCacheDir(env)}. ${offlineHint(id, env)}`);
    }
    const model = await fetchHubModel(id, opts);
    return { model, source: "hub", cacheFile: writeCache(model, env) };
}
