import assert from "node:assert/strict";
import { CHIPS, MACHINE_TYPES, chipIds, findChip, findMachineType } from "../../components/catalog/accelerators";
import { MODELS, findModel, modelFromHfConfig } from "../../components/catalog/models";
import { kvBytesPerToken } from "../../components/planner";

describe("accelerator catalog", () => {
  it("holds every chip id the stack names", () => {
    const want = ["nvidia-l4", "nvidia-tesla-t4", "nvidia-tesla-a100", "nvidia-a100-80gb", "nvidia-h100-80gb", "nvidia-h100-mega-80gb",
      "nvidia-h200-141gb", "nvidia-b200", "tpu-v5-lite-podslice", "tpu-v6e-slice", "tpu-v5p-slice", "nvidia-a10g", "nvidia-l40s",
      "amd-mi250", "amd-mi300x", "amd-mi325x", "amd-mi355x", "intel-gaudi2", "intel-gaudi3"];
    for (const id of want) assert.ok(chipIds().includes(id), id);
  });
  it("gives every chip a source, positive memory no larger than nominal, and a resource name", () => {
    for (const c of CHIPS) {
      assert.ok(c.source.length > 0 && c.usableMemorySource.length > 0, c.id);
      assert.ok(c.usableMemoryGiB > 0 && c.usableMemoryGiB <= c.memoryGiB, c.id);
      assert.ok(c.memoryBandwidthGBps > 0 && c.bf16DenseTflops > 0, c.id);
      assert.match(c.resourceName, /^(nvidia\.com\/gpu|amd\.com\/gpu|google\.com\/tpu|habana\.ai\/gaudi|gpu\.intel\.com\/(i915|xe))$/, c.id);
    }
  });
  it("gives every machine type a source, a positive dated price and an existing chip", () => {
    for (const m of MACHINE_TYPES) {
      assert.ok(m.source.length > 0, m.id);
      assert.ok(m.pricePerHourUSD > 0, m.id);
      assert.match(m.priceDate, /^\d{4}-\d{2}(-\d{2})?$/, m.id);
      assert.ok(findChip(m.chip), `${m.id} -> ${m.chip}`);
      if (m.priceConfidence === "estimate") assert.ok(m.priceNote, `${m.id} explains its estimate`);
    }
  });
  it("has no duplicate ids", () => {
    assert.equal(new Set(MACHINE_TYPES.map((m) => m.id)).size, MACHINE_TYPES.length);
    assert.equal(new Set(CHIPS.map((c) => c.id)).size, CHIPS.length);
  });
  it("lists the machine types the brief requires", () => {
    const want = [
      ...[4, 8, 12, 16, 24, 32, 48, 96].map((n) => `g2-standard-${n}`),
      ...["1g", "2g", "4g", "8g"].flatMap((s) => [`a2-highgpu-${s}`, `a2-ultragpu-${s}`, `a3-highgpu-${s}`]),
      "a3-megagpu-8g", "a3-ultragpu-8g", "a4-highgpu-8g", "ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t",
      "ct6e-standard-1t", "ct6e-standard-4t", "ct6e-standard-8t", "ct5p-hightpu-4t",
      ...["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"].flatMap((s) => [`g6.${s}`, `g6e.${s}`, `g5.${s}`]),
      "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
    ];
    for (const id of want) assert.ok(findMachineType(id), id);
  });
  it("taints GKE GPU pools nvidia.com/gpu=present:NoSchedule and TPU pools google.com/tpu=present:NoSchedule", () => {
    assert.deepEqual(findMachineType("a3-highgpu-8g")!.taints, [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    assert.deepEqual(findMachineType("ct6e-standard-4t")!.taints, [{ key: "google.com/tpu", value: "present", effect: "NoSchedule" }]);
    assert.equal(findMachineType("ct6e-standard-4t")!.labels["cloud.google.com/gke-tpu-accelerator"], "tpu-v6e-slice");
  });
  it("records the GPU networks: A3 High TCPX 4 x 200, A3 Mega TCPXO 8 x 200, p5en EFA 16 x 200", () => {
    const a3 = findMachineType("a3-highgpu-8g")!;
    assert.deepEqual([a3.networkStack, a3.nics, a3.nicGbps], ["gpudirect-tcpx", 4, 200]);
    const mega = findMachineType("a3-megagpu-8g")!;
    assert.deepEqual([mega.networkStack, mega.nics, mega.nicGbps], ["gpudirect-tcpxo", 8, 200]);
    const p5en = findMachineType("p5en.48xlarge")!;
    assert.deepEqual([p5en.networkStack, p5en.efaInterfaces, p5en.nicGbps], ["efa", 16, 200]);
  });
  it("finds a chip from a machine type id", () => {
    assert.equal(findChip("p5.48xlarge")?.id, "nvidia-h100-80gb");
    assert.equal(findChip("A3-ULTRAGPU-8G")?.id, "nvidia-h200-141gb");
    assert.equal(findChip("no-such-chip"), undefined);
  });
  it("marks v6e 4x4 on ct6e-standard-4t as multi-host", () => {
    const m = findMachineType("ct6e-standard-4t")!;
    assert.equal(m.tpu?.multiHost, true);
    assert.equal(findMachineType("ct6e-standard-8t")!.tpu?.multiHost, false);
  });
});

describe("model catalog", () => {
  it("gives every model a source and unique ids and aliases", () => {
    const ids = MODELS.flatMap((m) => [m.id, ...(m.aliases ?? [])].map((s) => s.toLowerCase()));
    assert.equal(new Set(ids).size, ids.length);
    for (const m of MODELS) {
      assert.ok(m.source.length > 0, m.id);
      assert.equal(m.attentionHeads % m.kvHeads, 0, m.id);
    }
  });
  it("finds models case-insensitively and by alias", () => {
    assert.equal(findModel("META-LLAMA/llama-3.1-8b-instruct")?.id, "meta-llama/Llama-3.1-8B-Instruct");
    assert.equal(findModel("deepseek-ai/DeepSeek-R1-0528")?.id, "deepseek-ai/DeepSeek-R1");
  });
});

describe("modelFromHfConfig", () => {
  it("parses a dense GQA config and estimates 8.03B parameters for Llama-3.1-8B's shapes", () => {
    const m = modelFromHfConfig({
      num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256,
      max_position_embeddings: 131072, intermediate_size: 14336, torch_dtype: "bfloat16",
    }, "my/llama");
    assert.equal(m.id, "my/llama");
    assert.equal(m.attention, "gqa");
    assert.equal(m.headDim, 128);
    assert.ok(Math.abs(m.paramsB - 8.03) < 0.01, String(m.paramsB));
    assert.equal(kvBytesPerToken(m), 131072);
  });
  it("parses MLA and DeepSeek MoE keys (kv_lora_rank, n_routed_experts, first_k_dense_replace)", () => {
    const m = modelFromHfConfig({
      num_hidden_layers: 61, hidden_size: 7168, num_attention_heads: 128, num_key_value_heads: 128, vocab_size: 129280,
      max_position_embeddings: 163840, intermediate_size: 18432, moe_intermediate_size: 2048, kv_lora_rank: 512,
      qk_rope_head_dim: 64, qk_nope_head_dim: 128, n_routed_experts: 256, n_shared_experts: 1, num_experts_per_tok: 8,
      first_k_dense_replace: 3, quantization_config: { quant_method: "fp8" },
    });
    assert.equal(m.attention, "mla");
    assert.deepEqual(m.mla, { kvLoraRank: 512, qkRopeHeadDim: 64 });
    assert.deepEqual(m.moe, { experts: 256, expertsPerToken: 8, moeLayers: 58, expertIntermediateSize: 2048, sharedExperts: 1 });
    assert.equal(m.dtype, "fp8");
    assert.equal(kvBytesPerToken(m), 70272);
    assert.ok(m.paramsB > 650 && m.paramsB < 690, String(m.paramsB));
  });
  it("parses Mixtral's num_local_experts", () => {
    const m = modelFromHfConfig({
      num_hidden_layers: 32, hidden_size: 4096, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000,
      intermediate_size: 14336, num_local_experts: 8, num_experts_per_tok: 2, sliding_window: null,
    });
    assert.deepEqual(m.moe, { experts: 8, expertsPerToken: 2, moeLayers: 32, expertIntermediateSize: 14336 });
    assert.equal(m.slidingWindow, undefined);
    assert.ok(Math.abs(m.paramsB - 46.7) < 0.1, String(m.paramsB));
  });
  it("reads the language model of a multimodal config from text_config (Gemma 3 4B, pattern 6)", () => {
    const m = modelFromHfConfig({
      architectures: ["Gemma3ForConditionalGeneration"], vision_config: { hidden_size: 1152 },
      text_config: { num_hidden_layers: 34, hidden_size: 2560, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256,
        vocab_size: 262208, max_position_embeddings: 131072, intermediate_size: 10240, sliding_window: 1024, sliding_window_pattern: 6 },
    }, "google/gemma-3-4b-it");
    assert.equal(m.layers, 34);
    assert.equal(m.headDim, 256);
    assert.deepEqual(m.slidingWindow, { window: 1024, slidingLayers: 29 });
  });
  it("counts sliding layers from layer_types (gpt-oss)", () => {
    const m = modelFromHfConfig({
      num_hidden_layers: 4, hidden_size: 2880, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, vocab_size: 201088,
      max_position_embeddings: 131072, sliding_window: 128, num_local_experts: 32, experts_per_token: 4, intermediate_size: 2880,
      layer_types: ["sliding_attention", "full_attention", "sliding_attention", "full_attention"], quantization_config: { quant_method: "mxfp4" },
    });
    assert.deepEqual(m.slidingWindow, { window: 128, slidingLayers: 2 });
    assert.equal(m.dtype, "mxfp4");
  });
  it("names the missing key when num_hidden_layers is absent", () => {
    assert.throws(() => modelFromHfConfig({ hidden_size: 4096, num_attention_heads: 32, vocab_size: 32000 }),
      (err: Error) => /num_hidden_layers/.test(err.message) && /^config: missing/.test(err.message));
    assert.throws(() => modelFromHfConfig({ text_config: { hidden_size: 4096 } }), /config\.text_config: missing numeric key "num_hidden_layers"/);
    assert.throws(() => modelFromHfConfig("not json"), /non-object/);
  });
});
