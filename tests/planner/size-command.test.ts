import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSize as run } from "../../provider/size";

// No test reaches the network: an empty cache and HF_HUB_OFFLINE for models outside the catalog.
const OFFLINE = { env: { ...process.env, HF_HUB_OFFLINE: "1", LLMD_HF_CACHE: mkdtempSync(join(tmpdir(), "llmd-hf-")) } };
const runSize = (argv: string[]) => run(argv, OFFLINE);

describe("llmd size", () => {
  it("prints JSON with every SizingResult field", async () => {
    const r = await runSize(["--model", "meta-llama/Llama-3.1-8B-Instruct", "--accelerator", "nvidia-h100-80gb", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ["weightsGiB", "kvCacheGiB", "kvCacheTokens", "maxConcurrency", "tensorParallel", "fits", "costPerHour",
      "model", "accelerator", "dataParallel", "chipsPerReplica", "weightsPerChipGiB", "kvBytesPerToken", "maxModelLen",
      "smallestFit", "decodeTokensPerSecond", "costPerMillionOutputTokens", "assumptions"]) {
      assert.ok(k in j, k);
    }
    assert.equal(j.kvBytesPerToken, 131072);
    assert.equal(j.fits, true);
  });
  it("accepts a machine type as the accelerator and prices per chip", async () => {
    const r = await runSize(["--model", "meta-llama/Llama-3.1-70B-Instruct", "--accelerator", "a3-highgpu-8g", "--tp", "4", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { accelerator: string; machineType: string; costPerHour: number; tensorParallel: number };
    assert.equal(j.accelerator, "nvidia-h100-80gb");
    assert.equal(j.machineType, "a3-highgpu-8g");
    assert.equal(j.tensorParallel, 4);
  });
  it("prints an aligned table by default", async () => {
    const r = await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-l4", "--max-model-len", "8192"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^model {2,}Qwen\/Qwen3-8B$/m);
    assert.match(r.stdout, /^GPU KV cache size {2,}[\d,]+ tokens$/m);
    assert.match(r.stdout, /^maximum concurrency {2,}[\d.]+x for 8,192 tokens per request$/m);
  });
  it("--help exits 0 and lists every accelerator and machine type", async () => {
    const r = await runSize(["--help"]);
    assert.equal(r.code, 0);
    for (const id of ["nvidia-h100-80gb", "tpu-v6e-slice", "amd-mi300x", "a3-megagpu-8g", "p5en.48xlarge", "ct5lp-hightpu-4t"]) {
      assert.ok(r.stdout.includes(id), id);
    }
  });
  it("exits 2 for a model outside the catalog that cannot be read (offline, not cached), naming the URL and how to work offline", async () => {
    const r = await runSize(["--model", "acme/unknown-7b", "--accelerator", "nvidia-l4"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /acme\/unknown-7b is not in the catalog and could not be read from the Hub/);
    assert.match(r.stderr, /https:\/\/huggingface\.co\/acme\/unknown-7b\/resolve\/main\/config\.json: not read \(HF_HUB_OFFLINE is set\)/);
    assert.match(r.stderr, /--hf-config FILE/);
  });
  it("exits 2 for an unknown accelerator and lists the valid ids", async () => {
    const r = await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-h900"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--accelerator: got "nvidia-h900"/);
    assert.ok(r.stderr.includes("nvidia-l4") && r.stderr.includes("tpu-v6e-slice"));
  });
  it("exits 2 naming the flag of a bad number", async () => {
    assert.match((await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-l4", "--tp", "3"])).stderr, /--tp: got 3/);
    assert.match((await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-l4", "--gpu-memory-utilization", "1.5"])).stderr, /--gpu-memory-utilization: got "1\.5"/);
    const r = await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-l4", "--max-model-len", "0"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-model-len: got "0"/);
    assert.equal((await runSize(["--model", "Qwen/Qwen3-8B", "--accelerator", "nvidia-l4", "--kv-cache-dtype", "int8"])).code, 2);
  });
  it("exits 2 on an unknown flag", async () => {
    assert.equal((await runSize(["--modle", "x"])).code, 2);
  });
  it("sizes a model given with --hf-config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmd-size-"));
    const file = join(dir, "config.json");
    writeFileSync(file, JSON.stringify({ num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8,
      vocab_size: 32768, max_position_embeddings: 32768, intermediate_size: 14336 }));
    const r = await runSize(["--hf-config", file, "--model", "acme/custom-7b", "--accelerator", "nvidia-l4", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { model: string }).model, "acme/custom-7b");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ hidden_size: 4096 }));
    const rb = await runSize(["--hf-config", bad, "--accelerator", "nvidia-l4"]);
    assert.equal(rb.code, 2);
    assert.match(rb.stderr, /num_hidden_layers/);
  });
});
