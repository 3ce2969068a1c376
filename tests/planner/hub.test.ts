// Reading models from the Hugging Face Hub, against a local HTTP server that answers like the Hub
// (resolve URLs, range requests on safetensors files, 401/403 for gated repos, 404, a slow
// endpoint): config.json, the safetensors index and each shard's header, the cache, and the
// offline path. No test reaches the network.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { AddressInfo } from "node:net";
import { findModel } from "../../components/catalog/models";
import { loadCachedModels, readCache } from "../../components/catalog/hub-cache";
import { HubError, countHeader, fetchHubModel, hubModel } from "../../provider/hub";
import { runSize } from "../../provider/size";
import { planStack } from "../../provider/plan";

type Json = Record<string, any>;

/** Qwen2.5-7B-Instruct's config.json (as recorded in components/catalog/model-configs.ts), under a test repo id. */
const CONFIG: Json = {
    architectures: ["Qwen2ForCausalLM"], model_type: "qwen2", num_hidden_layers: 28, hidden_size: 3584, num_attention_heads: 28, num_key_value_heads: 4,
    intermediate_size: 18944, vocab_size: 152064, max_position_embeddings: 32768, tie_word_embeddings: false, torch_dtype: "bfloat16", use_sliding_window: false,
};

/** Qwen2-architecture tensors: embeddings, per layer q/k/v (with biases) and o, gated MLP, two norms; final norm and lm_head. */
function tensors(cfg: Json): [string, number[]][] {
    const h = cfg.hidden_size, kv = (h / cfg.num_attention_heads) * cfg.num_key_value_heads, ff = cfg.intermediate_size;
    const out: [string, number[]][] = [["model.embed_tokens.weight", [cfg.vocab_size, h]]];
    for (let l = 0; l < cfg.num_hidden_layers; l++) {
        const p = `model.layers.${l}`;
        out.push(
            [`${p}.self_attn.q_proj.weight`, [h, h]], [`${p}.self_attn.q_proj.bias`, [h]], [`${p}.self_attn.k_proj.weight`, [kv, h]], [`${p}.self_attn.k_proj.bias`, [kv]],
            [`${p}.self_attn.v_proj.weight`, [kv, h]], [`${p}.self_attn.v_proj.bias`, [kv]], [`${p}.self_attn.o_proj.weight`, [h, h]],
            [`${p}.mlp.gate_proj.weight`, [ff, h]], [`${p}.mlp.up_proj.weight`, [ff, h]], [`${p}.mlp.down_proj.weight`, [h, ff]],
            [`${p}.input_layernorm.weight`, [h]], [`${p}.post_attention_layernorm.weight`, [h]],
        );
    }
    out.push(["model.norm.weight", [h]], ["lm_head.weight", [cfg.vocab_size, h]]);
    return out;
}

/** A safetensors file's leading bytes: 8-byte little-endian header length, then the JSON header (no tensor data: only headers are read). */
function safetensorsHead(list: [string, number[]][]): Buffer {
    let offset = 0;
    const header: Json = { __metadata__: { format: "pt" } };
    for (const [name, shape] of list) {
        const bytes = shape.reduce((a, b) => a * b, 1) * 2;
        header[name] = { dtype: "BF16", shape, data_offsets: [offset, offset + bytes] };
        offset += bytes;
    }
    const json = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    return Buffer.concat([len, json]);
}

interface Hub {
    url: string;
    requests: { path: string; range?: string; auth?: string }[];
    close(): Promise<void>;
}

async function fakeHub(): Promise<Hub> {
    const all = tensors(CONFIG);
    const shards = [all.slice(0, 120), all.slice(120, 240), all.slice(240)];
    const files = shards.map((_, i) => `model-0000${i + 1}-of-00003.safetensors`);
    const weightMap: Record<string, string> = {};
    shards.forEach((s, i) => s.forEach(([n]) => (weightMap[n] = files[i])));
    const total = all.reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1) * 2, 0);
    const requests: Hub["requests"] = [];
    const server = http.createServer((req, res) => {
        const p = decodeURIComponent(req.url ?? "");
        requests.push({ path: p, ...(req.headers.range ? { range: String(req.headers.range) } : {}), ...(req.headers.authorization ? { auth: String(req.headers.authorization) } : {}) });
        const send = (status: number, body: string | Buffer, type = "application/json") => {
            res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
            res.end(body);
        };
        if (p.startsWith("/acme/gated/")) return send(req.headers.authorization ? 403 : 401, JSON.stringify({ error: "Access to model acme/gated is restricted." }));
        if (p.startsWith("/acme/slow/")) return void setTimeout(() => send(200, JSON.stringify(CONFIG)), 1500);
        const m = /^\/acme\/(qwen-like|single)\/resolve\/main\/(.+)$/.exec(p);
        if (!m) return send(404, JSON.stringify({ error: "Repository not found" }));
        const [, repo, file] = m;
        if (file === "config.json") return send(200, JSON.stringify(CONFIG));
        if (file === "model.safetensors.index.json" && repo === "qwen-like") return send(200, JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }));
        const shard = repo === "qwen-like" ? files.indexOf(file) : file === "model.safetensors" ? 0 : -1;
        if (shard < 0) return send(404, JSON.stringify({ error: "Entry not found" }));
        const head = safetensorsHead(repo === "qwen-like" ? shards[shard] : all);
        const r = /bytes=(\d+)-(\d+)/.exec(String(req.headers.range ?? ""));
        if (!r) return send(200, head, "application/octet-stream");
        const slice = head.subarray(Number(r[1]), Number(r[2]) + 1);
        res.writeHead(206, { "content-type": "application/octet-stream", "content-length": slice.length, "content-range": `bytes ${r[1]}-${r[2]}/*` });
        res.end(slice);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const QWEN25_7B_PARAMS = 7_615_616_512;

describe("Hugging Face Hub reads (a local server answering like the Hub)", function () {
    this.timeout(20_000);
    let hub: Hub;
    let env: NodeJS.ProcessEnv;
    before(async () => {
        hub = await fakeHub();
    });
    after(() => hub.close());
    beforeEach(() => {
        hub.requests.length = 0;
        env = { HF_ENDPOINT: hub.url, LLMD_HF_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), "llmd-hub-")) };
    });

    it("reads config.json, the safetensors index and each shard's header by range request: exact parameters and bytes", async () => {
        const m = await fetchHubModel("acme/qwen-like", { env });
        assert.equal(m.config.num_hidden_layers, 28);
        assert.equal(m.weights?.files.length, 3);
        assert.equal(m.weights?.paramsByDtype.BF16, QWEN25_7B_PARAMS, "Qwen2.5-7B's 7,615,616,512 parameters, counted from the headers");
        assert.equal(m.weights?.totalBytes, QWEN25_7B_PARAMS * 2);
        const ranges = hub.requests.filter((r) => r.range).map((r) => r.range);
        assert.deepEqual([...new Set(ranges.filter((r) => r === "bytes=0-7"))], ["bytes=0-7"]);
        assert.equal(ranges.length, 6, "two range requests per shard, never the weights");
    });

    it("reads a single model.safetensors when there is no index", async () => {
        const m = await fetchHubModel("acme/single", { env });
        assert.equal(m.weights?.paramsByDtype.BF16, QWEN25_7B_PARAMS);
        assert.deepEqual(m.weights?.files, ["model.safetensors"]);
    });

    it("caches the read: the second run and an offline run make no request; llmd plan sizes the model offline", async () => {
        const first = await hubModel("acme/qwen-like", { env });
        assert.equal(first.source, "hub");
        assert.ok(first.cacheFile && fs.existsSync(first.cacheFile));
        const n = hub.requests.length;
        const second = await hubModel("acme/qwen-like", { env });
        assert.equal(second.source, "cache");
        const offline = await hubModel("acme/qwen-like", { env: { ...env, HF_HUB_OFFLINE: "1", HF_ENDPOINT: "http://127.0.0.1:9" } });
        assert.equal(offline.source, "cache");
        assert.equal(hub.requests.length, n, "no request after the first read");
        assert.equal(readCache("acme/qwen-like", env)?.weights?.totalBytes, QWEN25_7B_PARAMS * 2);
        // llmd plan: the cached read sizes the service (no network: the endpoint is unreachable).
        const plan = await planStack(
            { services: [{ name: "q", model: { id: "acme/qwen-like" }, accelerator: { type: "nvidia", chip: "nvidia-l4" }, decode: { replicas: 1, maxModelLen: 8192 } }] },
            "test", "hf_x", { ...env, HF_ENDPOINT: "http://127.0.0.1:9" },
        );
        const role = plan.json.plan.services[0].roles[0];
        assert.equal(role.notSized, undefined);
        assert.equal(role.sizing?.weightsGiB, Math.round(((QWEN25_7B_PARAMS * 2) / 2 ** 30) * 100) / 100, "the checkpoint's exact bytes");
    });

    it("offline without a cached read: names the URL, the cache folder and how to work offline", async () => {
        await assert.rejects(hubModel("acme/never-read", { env: { ...env, HF_HUB_OFFLINE: "1" } }), (e: Error) => {
            assert.ok(e instanceof HubError);
            assert.match(e.message, new RegExp(`${hub.url.replace(/[.]/g, "\\.")}/acme/never-read/resolve/main/config\\.json: not read \\(HF_HUB_OFFLINE is set\\)`));
            assert.match(e.message, /--hf-config FILE/);
            assert.ok(e.message.includes(env.LLMD_HF_CACHE!));
            return true;
        });
        assert.deepEqual(loadCachedModels(["acme/never-read"], env), ["acme/never-read"]);
    });

    it("a gated model: 401 asks for HF_TOKEN; with a token that has no access, 403 says to accept the terms; the token is sent as a bearer", async () => {
        await assert.rejects(fetchHubModel("acme/gated", { env }), /401 unauthorized: acme\/gated is gated or private\. Set HF_TOKEN/);
        await assert.rejects(fetchHubModel("acme/gated", { env: { ...env, HF_TOKEN: "hf_test" } }), /403 forbidden: .* accept the model's terms/);
        assert.equal(hub.requests.at(-1)?.auth, "Bearer hf_test");
    });

    it("404: no such model, naming the URL", async () => {
        await assert.rejects(fetchHubModel("acme/missing", { env }), (e: Error) => /\/acme\/missing\/resolve\/main\/config\.json: 404 not found: no model acme\/missing/.test(e.message));
    });

    it("a slow endpoint: gives up after the timeout, naming the URL and how to work offline", async () => {
        await assert.rejects(fetchHubModel("acme/slow", { env, timeoutMs: 200 }), (e: Error) => /acme\/slow\/resolve\/main\/config\.json: no answer within 0\.2 s\. To work offline/.test(e.message));
    });

    it("llmd size --model of a model outside the catalog reads it from the Hub and sizes it with its exact checkpoint size", async () => {
        assert.equal(findModel("acme/single"), undefined);
        const r = await runSize(["--model", "acme/single", "--accelerator", "nvidia-l4", "--max-model-len", "8192", "--json"], { env });
        assert.equal(r.code, 0, r.stderr);
        const j = JSON.parse(r.stdout) as Json;
        assert.equal(j.model, "acme/single");
        assert.equal(j.weightsGiB, Math.round(((QWEN25_7B_PARAMS * 2) / 2 ** 30) * 100) / 100);
        assert.match(j.assumptions[0], /model read from http:\/\/127\.0\.0\.1:\d+\/acme\/single and cached in /);
        assert.ok(findModel("acme/single"), "registered for the rest of the process");
    });

    it("counts packed 4-bit weights per value and leaves scales and zero points out", () => {
        const c = countHeader(
            {
                "l.qweight": { dtype: "I32", shape: [4096, 512], data_offsets: [0, 8388608] },
                "l.scales": { dtype: "F16", shape: [32, 4096], data_offsets: [8388608, 8650752] },
                "l.qzeros": { dtype: "I32", shape: [32, 512], data_offsets: [8650752, 8716288] },
            },
            (d) => (d === "I32" ? 8 : 1),
        );
        assert.deepEqual(c.params, { I32: 4096 * 512 * 8 });
        assert.equal(c.bytes, 8716288);
    });
});
