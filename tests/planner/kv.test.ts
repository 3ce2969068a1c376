import assert from "node:assert/strict";
import { findModel, ModelArchitecture } from "../../components/catalog/models";
import { kvBytesPerSequence, kvBytesPerToken, kvRankFraction } from "../../components/planner";

function model(id: string): ModelArchitecture {
  const m = findModel(id);
  assert.ok(m, `catalog has ${id}`);
  return m;
}

describe("KV bytes per token", () => {
  it("Llama-3.1-8B stores 2*32*8*128*2 = 131072 B per token at bf16", () => {
    assert.equal(kvBytesPerToken(model("meta-llama/Llama-3.1-8B-Instruct")), 131072);
  });
  it("Llama-3.1-70B stores 2*80*8*128*2 = 327680 B per token, halved with an fp8 KV cache", () => {
    const m = model("meta-llama/Llama-3.1-70B-Instruct");
    assert.equal(kvBytesPerToken(m), 327680);
    assert.equal(kvBytesPerToken(m, "fp8"), 163840);
  });
  it("Qwen3-32B (GQA, 8 KV heads of 64 query heads) stores 2*64*8*128*2 = 262144 B", () => {
    assert.equal(kvBytesPerToken(model("Qwen/Qwen3-32B")), 262144);
  });
  it("DeepSeek-V3 MLA stores the 512+64 latent once per layer: 61*(512+64)*2 = 70272 B, no factor 2 for K and V", () => {
    assert.equal(kvBytesPerToken(model("deepseek-ai/DeepSeek-V3")), 70272);
    assert.equal(kvBytesPerToken(model("deepseek-ai/DeepSeek-R1-0528")), 70272);
  });
});

describe("sliding-window layers keep at most their window", () => {
  const gptoss = model("openai/gpt-oss-120b");
  it("gpt-oss-120b at 4096 tokens: 18 full layers x 4096 + 18 window layers x 128, 2048 B per layer-token", () => {
    // per layer-token: 2 * 8 KV heads * 64 head dim * 2 B = 2048
    assert.equal(kvBytesPerSequence(gptoss, 4096), 18 * 2048 * 4096 + 18 * 2048 * 128);
    assert.equal(kvBytesPerSequence(gptoss, 4096), 155_713_536);
  });
  it("below the window every layer keeps every token", () => {
    assert.equal(kvBytesPerSequence(gptoss, 100), 36 * 2048 * 100);
  });
  it("Gemma 3 27B: 52 of 62 layers use the 1024-token window (every 6th layer is global)", () => {
    const g = model("google/gemma-3-27b-it");
    assert.deepEqual(g.slidingWindow, { window: 1024, slidingLayers: 52 });
    const perLayer = 2 * 16 * 128 * 2;
    assert.equal(kvBytesPerSequence(g, 32768), perLayer * (10 * 32768 + 52 * 1024));
  });
});

describe("KV split across tensor-parallel ranks", () => {
  it("splits 8 KV heads over TP=4 into 2 per rank", () => {
    assert.equal(kvRankFraction(model("meta-llama/Llama-3.1-70B-Instruct"), 4), 0.25);
  });
  it("replicates when KV heads < TP: Qwen3-235B's 4 heads on TP=8 keep one head per rank", () => {
    assert.equal(kvRankFraction(model("Qwen/Qwen3-235B-A22B"), 8), 0.25);
  });
  it("keeps the full MLA latent on every rank", () => {
    assert.equal(kvRankFraction(model("deepseek-ai/DeepSeek-V3"), 8), 1);
  });
});
