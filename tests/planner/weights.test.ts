import assert from "node:assert/strict";
import { findModel, ModelArchitecture, quantizationOf } from "../../components/catalog/models";
import { BYTES_PER_PARAM, GIB, activeWeightBytesPerStep, expertParams, modelWeights, weightsPerChipBytes } from "../../components/planner";

function model(id: string): ModelArchitecture {
  const m = findModel(id);
  assert.ok(m, `catalog has ${id}`);
  return m;
}

describe("weight bytes", () => {
  it("bf16 Llama-3.1-70B needs 70.55e9 x 2 B = 131.41 GiB", () => {
    const w = modelWeights(model("meta-llama/Llama-3.1-70B-Instruct"));
    assert.equal(w.totalBytes, 70.55e9 * 2);
    assert.equal(Math.round((w.totalBytes / GIB) * 100) / 100, 131.41);
  });
  it("fp8 quantization halves the linear layers but keeps the embeddings at 2 B", () => {
    const m = model("meta-llama/Llama-3.1-70B-Instruct");
    const embed = 128256 * 8192 * 2; // untied input + output embeddings
    const w = modelWeights(m, "fp8");
    assert.equal(w.totalBytes, (70.55e9 - embed) * 1 + embed * 2);
  });
  it("int4 costs 0.5 B + group-128 scale and zero = 0.53125 B per linear weight", () => {
    assert.equal(BYTES_PER_PARAM.int4, 0.53125);
  });
  it("prefers the measured size: gpt-oss-120b loads as 65.97 GiB (vLLM log)", () => {
    assert.equal(modelWeights(model("openai/gpt-oss-120b")).totalBytes, 65.97 * GIB);
  });
});

describe("MoE weight split", () => {
  const mixtral = model("mistralai/Mixtral-8x7B-Instruct-v0.1");
  const experts = 32 * 8 * 3 * 4096 * 14336; // layers x experts x (gate, up, down) x hidden x intermediate
  it("Mixtral-8x7B has 45,097,156,608 routed-expert parameters", () => {
    assert.equal(expertParams(mixtral), experts);
    assert.equal(experts, 45_097_156_608);
  });
  it("splits experts over EP = TP x DP ranks while each DP rank keeps the dense part", () => {
    const w = modelWeights(mixtral);
    const dense = (46.7e9 - experts) * 2;
    assert.equal(w.expertBytes, experts * 2);
    assert.ok(Math.abs(w.denseBytes - dense) < 1);
    // TP=1, DP=8 with expert parallelism: dense + experts / 8 per chip
    assert.ok(Math.abs(weightsPerChipBytes(w, 1, 8, true) - (dense + (experts * 2) / 8)) < 1);
    // TP=2 without EP: everything / 2
    assert.ok(Math.abs(weightsPerChipBytes(w, 2, 4, false) - (dense + experts * 2) / 2) < 1);
  });
  it("Qwen3-235B-A22B: 94 x 128 x 3 x 4096 x 1536 = 227.1e9 expert parameters", () => {
    assert.equal(expertParams(model("Qwen/Qwen3-235B-A22B")), 227_096_395_776);
  });
  it("a batch of 1 reads only k of E experts: Mixtral reads dense + 2/8 of the experts", () => {
    const w = modelWeights(mixtral);
    assert.ok(Math.abs(activeWeightBytesPerStep(mixtral, w, 1) - (w.denseBytes + w.expertBytes * 0.25)) < 1);
  });
});

describe("checkpoints that quantize only the routed experts", () => {
  it("reads the ignore list: attention, shared experts and dense MLPs stay 16-bit (Kimi K2's INT4)", () => {
    const q = quantizationOf({
      quant_method: "compressed-tensors", format: "pack-quantized",
      config_groups: { group_0: { targets: ["Linear"], weights: { num_bits: 4, type: "int", group_size: 32, symmetric: true } } },
      ignore: ["lm_head", "re:.*self_attn.*", "re:.*shared_experts.*", "re:.*mlp\\.(gate|up|gate_up|down)_proj.*"],
    });
    assert.deepEqual(q, { method: "compressed-tensors", bits: 4, groupSize: 32, symmetric: true, expertsOnly: true });
    assert.equal(quantizationOf({ quant_method: "awq", bits: 4, group_size: 128 })?.expertsOnly, undefined);
  });

  it("Kimi-K2-Thinking: experts at 0.5 + 2/32 B (no zero point), the rest bf16: ~553 GiB, 69 GiB per chip at TP=8", () => {
    const m = findModel("moonshotai/Kimi-K2-Thinking")!;
    const w = modelWeights(m);
    const experts = expertParams(m);
    // 60 MoE layers x 384 experts x 3 x 7168 x 2048 = 1.0146e12 routed parameters.
    assert.equal(experts, 60 * 384 * 3 * 7168 * 2048);
    assert.ok(Math.abs(w.expertBytes - experts * (0.5 + 2 / 32)) < 1);
    assert.ok(Math.abs(w.denseBytes / (m.paramsB * 1e9 - experts) - 2) < 1e-9, "everything else at 2 B");
    // vLLM's recipe log: 46.80 GiB of KV per H200 at TP=8 after these weights (tests/bench/kv-cache-cases.ts).
    assert.ok(Math.abs(weightsPerChipBytes(w, 8) / GIB - 69.1) < 1, String(weightsPerChipBytes(w, 8) / GIB));
  });
});
