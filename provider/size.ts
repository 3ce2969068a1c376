// `llmd size`: the planner alone, for one model server or for a recommendation. argv in, exit code
// and text out. A model outside the catalog is read from the Hugging Face Hub (and cached).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CHIPS, MACHINE_TYPES, findChip, findMachineType } from "../components/catalog/accelerators";
import { MODELS, ModelArchitecture, findModel, modelFromHfConfig, registerModel } from "../components/catalog/models";
import { modelFromCache } from "../components/catalog/hub-cache";
import { DEFAULT_RELEASE, modelServerVllm } from "../components/catalog/releases";
import { SizingInput, SizingResult, sizeModelServer } from "../components/planner";
import { KV_CACHE_DTYPES, KvCacheDtypeName } from "../components/planner/kvcache";
import { QUANTIZATIONS, Quantization } from "../components/planner/weights";
import { Recommendation, recommend, usd } from "../components/planner/recommend";

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const SIZE_USAGE = `Usage: llmd size --model ID | --hf-config FILE  --accelerator TYPE [options]
       llmd size --recommend --model ID --context N --concurrency C [--max-price P] [options]

Sizes one vLLM model server as vLLM does at start-up: weights, the memory left for the KV cache,
the KV cache group by group (full, sliding-window, chunked, MLA and Mamba layers), the tokens and
maximum concurrency vLLM reports, the smallest fitting tensor-parallel layout, decode throughput
and cost. With --recommend: the cheapest machine type and layout that holds C sequences of N tokens.

Model:
  --model ID                    Hugging Face repo id: from the catalog, else read from the Hub
                                (config.json and the safetensors headers; HF_TOKEN for gated models,
                                HF_ENDPOINT for a mirror, HF_HUB_OFFLINE=1 for the cache only) and
                                cached in $LLMD_HF_CACHE or ~/.cache/pulumi-llm-d/hf
  --hf-config FILE              a model's config.json instead, offline
  --refresh                     read the model from the Hub again even when cached

Hardware:
  --accelerator TYPE            chip id or machine type id (the machine type also sets the price per chip)
  --tp N                        tensor-parallel size (default: smallest that fits, from 1, 2, 4, 8)

vLLM (the same flags, the same effect on the figures):
  --vllm VERSION                the vLLM release to model (default: what the default llm-d release runs)
  --gpu-memory-utilization F    fraction of chip memory vLLM may use, 0 < F <= 1 (default 0.9)
  --max-model-len N             context length per sequence (default: model context capped at 32768)
  --dtype D                     auto | bfloat16 | float16 | float32 (default auto)
  --quantization Q              ${QUANTIZATIONS.filter((q) => q !== "none").join(" | ")} (default: the checkpoint's)
  --kv-cache-dtype D            ${KV_CACHE_DTYPES.join(" | ")}
  --max-num-batched-tokens N    tokens per engine step (default: vLLM's for the GPU)
  --max-num-seqs N              sequences per engine step (default: vLLM's for the GPU)
  --block-size N                KV block size (default: the attention backend's)
  --enforce-eager               no CUDA graphs
  --enable-chunked-prefill / --no-enable-chunked-prefill
  --enable-prefix-caching       (hybrid models keep two state blocks per request)

Recommend:
  --recommend                   choose the accelerator and layout (no --accelerator)
  --context N                   tokens per sequence
  --concurrency C               sequences served at once
  --max-price P                 most USD per hour for the whole layout

  --json                        print the result as one JSON object
  -h, --help                    print this help
`;

function helpText(): string {
  const chips = CHIPS.map((c) => `  ${c.id.padEnd(26)}${c.displayName}, ${c.usableMemoryGiB} GiB usable`).join("\n");
  const machines = MACHINE_TYPES.map((m) => `  ${m.id.padEnd(26)}${m.cloud}, ${m.chipsPerNode} x ${m.chip}, $${m.pricePerHourUSD}/h`).join("\n");
  const models = MODELS.map((m) => `  ${m.id}`).join("\n");
  return `${SIZE_USAGE}\nAccelerators (chip ids):\n${chips}\n\nMachine types:\n${machines}\n\nModels in the catalog (${MODELS.length}; any other Hub model is read on demand):\n${models}\n`;
}

function fail(message: string): CommandOutput {
  return { code: 2, stdout: "", stderr: `llmd size: ${message}\n` };
}

function parsePositiveInt(flag: string, raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return `${flag}: got ${JSON.stringify(raw)}; expected a positive integer.`;
  return n;
}

export interface SizeOptions {
  env?: NodeJS.ProcessEnv;
  /** Reads a Hub model (tests inject it; defaults to provider/hub.ts). */
  hub?: (id: string, opts: { env: NodeJS.ProcessEnv; refresh: boolean }) => Promise<{ model: import("../components/catalog/hub-cache").CachedModel; source: "cache" | "hub"; cacheFile?: string }>;
}

export async function runSize(argv: string[], opts: SizeOptions = {}): Promise<CommandOutput> {
  const env = opts.env ?? process.env;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        model: { type: "string" },
        "hf-config": { type: "string" },
        refresh: { type: "boolean" },
        accelerator: { type: "string" },
        tp: { type: "string" },
        vllm: { type: "string" },
        "gpu-memory-utilization": { type: "string" },
        "max-model-len": { type: "string" },
        dtype: { type: "string" },
        "kv-cache-dtype": { type: "string" },
        quantization: { type: "string" },
        "max-num-batched-tokens": { type: "string" },
        "max-num-seqs": { type: "string" },
        "block-size": { type: "string" },
        "enforce-eager": { type: "boolean" },
        "enable-chunked-prefill": { type: "boolean" },
        "no-enable-chunked-prefill": { type: "boolean" },
        "enable-prefix-caching": { type: "boolean" },
        recommend: { type: "boolean" },
        context: { type: "string" },
        concurrency: { type: "string" },
        "max-price": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${SIZE_USAGE}`);
  }
  if (values.help) return { code: 0, stdout: helpText(), stderr: "" };

  const errors: string[] = [];
  const str = (k: string): string | undefined => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const int = (flag: string): number | undefined => {
    const v = parsePositiveInt(`--${flag}`, str(flag));
    if (typeof v === "string") {
      errors.push(v);
      return undefined;
    }
    return v;
  };

  // Model: --hf-config, the catalog, else the Hub (or its cache).
  let model: ModelArchitecture | undefined;
  let modelNote: string | undefined;
  const modelId = str("model");
  const hfConfig = str("hf-config");
  if (hfConfig) {
    try {
      model = modelFromHfConfig(JSON.parse(readFileSync(hfConfig, "utf8")), modelId);
    } catch (err) {
      errors.push(`--hf-config: could not use ${JSON.stringify(hfConfig)}: ${(err as Error).message}`);
    }
  } else if (modelId) {
    model = values.refresh ? undefined : findModel(modelId);
    if (!model) {
      try {
        const hub = opts.hub ?? (async (id: string, o: { env: NodeJS.ProcessEnv; refresh: boolean }) => (await import("./hub")).hubModel(id, o));
        const r = await hub(modelId, { env, refresh: values.refresh === true });
        model = modelFromCache(r.model);
        registerModel(model);
        modelNote = r.source === "hub" ? `read from ${r.model.endpoint}/${modelId} and cached in ${r.cacheFile}` : `from the cache of a Hub read of ${r.model.fetchedAt}`;
      } catch (err) {
        errors.push(`--model: ${modelId} is not in the catalog and could not be read from the Hub: ${(err as Error).message}`);
      }
    }
  } else {
    errors.push("--model or --hf-config is required. Example: llmd size --model meta-llama/Llama-3.1-8B-Instruct --accelerator nvidia-h100-80gb");
  }

  // Accelerator (not with --recommend).
  const accel = str("accelerator");
  const machineType = accel ? findMachineType(accel) : undefined;
  const chip = accel ? findChip(accel) : undefined;
  if (values.recommend) {
    if (accel) errors.push("--accelerator: --recommend chooses the accelerator; leave --accelerator out.");
  } else if (!accel) {
    errors.push("--accelerator is required: a chip id or a machine type id (llmd size --help lists them).");
  } else if (!chip) {
    errors.push(`--accelerator: got ${JSON.stringify(accel)}; expected one of the chip ids ${CHIPS.map((c) => c.id).join(", ")} ` +
      "or a machine type id (a3-highgpu-8g, p5.48xlarge, ...; llmd size --help lists them).");
  }

  // vLLM settings.
  const tp = int("tp");
  if (tp !== undefined && ![1, 2, 4, 8, 16].includes(tp)) errors.push(`--tp: got ${tp}; expected 1, 2, 4, 8 or 16.`);
  const maxModelLen = int("max-model-len");
  let util: number | undefined;
  const utilRaw = str("gpu-memory-utilization");
  if (utilRaw !== undefined) {
    util = Number(utilRaw);
    if (!Number.isFinite(util) || util <= 0 || util > 1) errors.push(`--gpu-memory-utilization: got ${JSON.stringify(utilRaw)}; expected a number in (0, 1], e.g. 0.9.`);
  }
  const kvRaw = str("kv-cache-dtype") ?? "auto";
  if (!(KV_CACHE_DTYPES as readonly string[]).includes(kvRaw)) errors.push(`--kv-cache-dtype: got ${JSON.stringify(kvRaw)}; expected one of ${KV_CACHE_DTYPES.join(", ")}.`);
  const qRaw = str("quantization") ?? "none";
  if (!(QUANTIZATIONS as readonly string[]).includes(qRaw)) errors.push(`--quantization: got ${JSON.stringify(qRaw)}; expected one of ${QUANTIZATIONS.join(", ")}.`);
  const dtype = str("dtype");
  if (dtype !== undefined && !["auto", "bfloat16", "float16", "half", "float32", "float"].includes(dtype)) errors.push(`--dtype: got ${JSON.stringify(dtype)}; expected auto, bfloat16, float16 or float32.`);
  const mbt = int("max-num-batched-tokens");
  const seqs = int("max-num-seqs");
  const blockSize = int("block-size");
  if (blockSize !== undefined && blockSize % 16 !== 0 && blockSize !== 1 && blockSize !== 8) errors.push(`--block-size: got ${blockSize}; expected 1, 8 or a multiple of 16.`);
  const vllm = str("vllm");
  if (vllm !== undefined && !/^v?\d+\.\d+(\.\d+)?/.test(vllm)) errors.push(`--vllm: got ${JSON.stringify(vllm)}; expected a release such as v0.26.0.`);
  if (values["enable-chunked-prefill"] && values["no-enable-chunked-prefill"]) errors.push("--enable-chunked-prefill and --no-enable-chunked-prefill: give one.");

  const context = int("context");
  const concurrency = int("concurrency");
  let maxPrice: number | undefined;
  if (str("max-price") !== undefined) {
    maxPrice = Number(str("max-price"));
    if (!Number.isFinite(maxPrice) || maxPrice <= 0) errors.push(`--max-price: got ${JSON.stringify(str("max-price"))}; expected USD per hour, e.g. 40.`);
  }
  if (values.recommend) {
    if (context === undefined) errors.push("--context N is required with --recommend (tokens per sequence, e.g. 32768).");
    if (concurrency === undefined) errors.push("--concurrency C is required with --recommend (sequences at once, e.g. 64).");
  } else {
    for (const f of ["context", "concurrency", "max-price"]) if (str(f) !== undefined) errors.push(`--${f}: only with --recommend.`);
  }

  if (errors.length > 0 || !model) return fail(errors.join("\nllmd size: "));

  const vendorOf = (c: typeof chip) => (c?.vendor === "amd" ? "amd" : "nvidia");
  const settings: Omit<SizingInput, "model" | "chip"> = {
    ...(util !== undefined ? { gpuMemoryUtilization: util } : {}),
    kvCacheDtype: kvRaw as KvCacheDtypeName,
    quantization: qRaw as Quantization,
    ...(dtype !== undefined ? { dtype: dtype === "half" ? "float16" : dtype === "float" ? "float32" : dtype } : {}),
    ...(mbt !== undefined ? { maxNumBatchedTokens: mbt } : {}),
    ...(seqs !== undefined ? { maxNumSeqs: seqs } : {}),
    ...(blockSize !== undefined ? { blockSize } : {}),
    ...(values["enforce-eager"] ? { enforceEager: true } : {}),
    ...(values["no-enable-chunked-prefill"] ? { chunkedPrefill: false } : {}),
    ...(values["enable-prefix-caching"] ? { prefixCaching: true } : {}),
  };

  if (values.recommend) {
    const rec = recommend({
      model, context: context!, concurrency: concurrency!, ...(maxPrice !== undefined ? { maxPricePerHour: maxPrice } : {}),
      sizing: { ...settings, vllmVersion: vllm ?? modelServerVllm(DEFAULT_RELEASE, "nvidia", "inference-scheduling") },
    });
    if (values.json) return { code: rec.best ? 0 : 1, stdout: JSON.stringify(rec, null, 2) + "\n", stderr: "" };
    return { code: rec.best ? 0 : 1, stdout: formatRecommendation(model.id, context!, concurrency!, rec, modelNote, maxPrice), stderr: "" };
  }

  const result = sizeModelServer({
    ...settings,
    model, chip: chip!, ...(machineType ? { machineType } : {}),
    ...(tp !== undefined ? { tensorParallel: tp } : {}),
    ...(maxModelLen !== undefined ? { maxModelLen } : {}),
    vllmVersion: vllm ?? modelServerVllm(DEFAULT_RELEASE, vendorOf(chip), "inference-scheduling"),
  });
  if (modelNote) result.assumptions.unshift(`model ${modelNote}`);
  if (values.json) return { code: 0, stdout: JSON.stringify(result, null, 2) + "\n", stderr: "" };
  return { code: 0, stdout: formatTable(result), stderr: "" };
}

function formatTable(r: SizingResult): string {
  const layout = r.kvLayout
    ? `block ${r.kvLayout.blockSize}; ${r.kvLayout.groups.map((g) => `${g.groups} ${g.kind} group${g.groups > 1 ? "s" : ""} (${g.layers} layers, ${g.blocksPerRequest} blocks per request)`).join(", ")}; ${r.kvLayout.numBlocks.toLocaleString("en-US")} blocks`
    : "-";
  const rows: [string, string][] = [
    ["model", r.model],
    ["accelerator", r.machineType ? `${r.accelerator} (priced as ${r.machineType})` : r.accelerator],
    ["fits", r.fits ? "yes" : "no"],
    ...(r.reason ? [["reason", r.reason] as [string, string]] : []),
    ["tensor parallel", String(r.tensorParallel)],
    ["smallest fit", r.smallestFit ? `TP=${r.smallestFit.tensorParallel} (${r.smallestFit.chipsPerReplica} chip${r.smallestFit.chipsPerReplica > 1 ? "s" : ""})` : "none in 1, 2, 4, 8"],
    ["chips per replica", String(r.chipsPerReplica)],
    ["weights", `${r.weightsGiB} GiB (${r.weightsPerChipGiB} GiB per chip, ${r.weightsDtype})`],
    ["overhead per chip", `${r.overheadPerChipGiB} GiB (profile peak, non-torch${r.cudaGraphGiB ? `, CUDA graphs ${r.cudaGraphGiB} GiB` : ""}; ${r.runner === "v2" ? "V2 model runner" : "V1 model runner"})`],
    ["available KV cache memory", `${r.availableKvGiBPerRank} GiB per chip`],
    ["KV cache layout", layout],
    ["GPU KV cache size", `${r.kvCacheTokens.toLocaleString("en-US")} tokens`],
    ["maximum concurrency", `${r.maxConcurrency}x for ${r.maxModelLen.toLocaleString("en-US")} tokens per request`],
    ["KV bytes per token", `${r.kvBytesPerToken.toLocaleString("en-US")} (effective ${r.kvBytesPerTokenEffective.toLocaleString("en-US")})`],
    ["decode throughput", `${r.decodeTokensPerSecond.toLocaleString("en-US")} tokens/s at batch ${r.decodeBatch}`],
    ["cost per hour", `$${r.costPerHour}`],
    ["cost per 1M output tokens", `$${r.costPerMillionOutputTokens}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const body = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
  return `${body}\n\nAssumptions:\n${r.assumptions.map((a) => `  - ${a}`).join("\n")}\n`;
}

function formatRecommendation(model: string, context: number, concurrency: number, rec: Recommendation, note?: string, maxPrice?: number): string {
  const out = [`llmd size --recommend: ${model}, ${concurrency} sequences of ${context.toLocaleString("en-US")} tokens${note ? ` (model ${note})` : ""}`, ""];
  // Machine types that fail for the same reason share a line.
  const excluded = () => {
    const byReason = new Map<string, string[]>();
    for (const e of rec.excluded) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e.machineType]);
    return [...byReason].map(([reason, machines]) => `  ${machines.join(", ")}: ${reason}`);
  };
  if (!rec.best) {
    out.push(`No machine type of the catalog holds it${maxPrice !== undefined ? ` for $${usd(maxPrice)}/h or less` : ""} (${rec.considered} layouts tried):`, ...excluded());
    return out.join("\n") + "\n";
  }
  const b = rec.best;
  const also = (c: { alsoOn?: string[] }) => (c.alsoOn?.length ? ` (also ${c.alsoOn.join(", ")})` : "");
  out.push(
    `Cheapest: ${b.machineType} (${b.cloud}, ${b.chip}), tensorParallel ${b.tensorParallel} x ${b.replicas} replica${b.replicas > 1 ? "s" : ""} = ${b.chips} chip${b.chips > 1 ? "s" : ""}, $${usd(b.costPerHour)}/h${also(b)}`,
    `  each replica holds ${b.concurrencyPerReplica} sequences of ${context.toLocaleString("en-US")} tokens (${b.sizing.kvCacheTokens.toLocaleString("en-US")} KV tokens, ${b.sizing.weightsPerChipGiB} GiB weights per chip)`,
  );
  if (rec.runnersUp.length) {
    out.push("", "Runners-up:");
    for (const c of rec.runnersUp) out.push(`  ${c.machineType} (${c.cloud}) TP=${c.tensorParallel} x ${c.replicas} = ${c.chips} x ${c.chip}: ${c.lostBecause}${also(c)}`);
  }
  if (rec.excluded.length) out.push("", "Not possible:", ...excluded());
  return out.join("\n") + "\n";
}
