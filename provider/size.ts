// `llmd size`: the planner alone, for one model server. Pure: argv in, exit code and text out.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CHIPS, MACHINE_TYPES, findChip, findMachineType } from "../components/catalog/accelerators";
import { MODELS, ModelArchitecture, findModel, modelFromHfConfig } from "../components/catalog/models";
import { SizingResult, sizeModelServer } from "../components/planner";

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const SIZE_USAGE = `Usage: llmd size --model ID | --hf-config FILE  --accelerator TYPE [options]

Sizes one vLLM model server: weights, KV-cache memory and tokens, maximum concurrency,
the smallest fitting tensor-parallel layout, decode throughput and cost.

Options:
  --model ID                    Hugging Face repo id from the catalog (see below)
  --hf-config FILE              a model's config.json, for models not in the catalog
  --accelerator TYPE            chip id or machine type id (the machine type also sets the price per chip)
  --tp N                        tensor-parallel size (default: smallest that fits, from 1, 2, 4, 8)
  --gpu-memory-utilization F    fraction of chip memory vLLM may use, 0 < F <= 1 (default 0.9)
  --max-model-len N             context length per sequence (default: model context capped at 32768)
  --kv-cache-dtype auto|fp8     KV-cache element type (default auto = bf16)
  --quantization none|fp8|int4  weight quantization (default none = the checkpoint's dtype)
  --json                        print the result as one JSON object
  -h, --help                    print this help
`;

function helpText(): string {
  const chips = CHIPS.map((c) => `  ${c.id.padEnd(26)}${c.displayName}, ${c.usableMemoryGiB} GiB usable`).join("\n");
  const machines = MACHINE_TYPES.map((m) => `  ${m.id.padEnd(26)}${m.cloud}, ${m.chipsPerNode} x ${m.chip}, $${m.pricePerHourUSD}/h`).join("\n");
  const models = MODELS.map((m) => `  ${m.id}`).join("\n");
  return `${SIZE_USAGE}\nAccelerators (chip ids):\n${chips}\n\nMachine types:\n${machines}\n\nModels in the catalog:\n${models}\n`;
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

export function runSize(argv: string[]): CommandOutput {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        model: { type: "string" },
        "hf-config": { type: "string" },
        accelerator: { type: "string" },
        tp: { type: "string" },
        "gpu-memory-utilization": { type: "string" },
        "max-model-len": { type: "string" },
        "kv-cache-dtype": { type: "string" },
        quantization: { type: "string" },
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

  // Model.
  let model: ModelArchitecture | undefined;
  const modelId = str("model");
  const hfConfig = str("hf-config");
  if (hfConfig) {
    try {
      model = modelFromHfConfig(JSON.parse(readFileSync(hfConfig, "utf8")), modelId);
    } catch (err) {
      errors.push(`--hf-config: could not use ${JSON.stringify(hfConfig)}: ${(err as Error).message}`);
    }
  } else if (modelId) {
    model = findModel(modelId);
    if (!model) {
      errors.push(`--model: got ${JSON.stringify(modelId)}; it is in neither the catalog nor given with --hf-config. ` +
        "Pass its config.json with --hf-config FILE (download it from huggingface.co/<id>/blob/main/config.json), " +
        "or use a catalog id (llmd size --help lists them).");
    }
  } else {
    errors.push("--model or --hf-config is required. Example: llmd size --model meta-llama/Llama-3.1-8B-Instruct --accelerator nvidia-h100-80gb");
  }

  // Accelerator.
  const accel = str("accelerator");
  const machineType = accel ? findMachineType(accel) : undefined;
  const chip = accel ? findChip(accel) : undefined;
  if (!accel) {
    errors.push("--accelerator is required: a chip id or a machine type id (llmd size --help lists them).");
  } else if (!chip) {
    errors.push(`--accelerator: got ${JSON.stringify(accel)}; expected one of the chip ids ${CHIPS.map((c) => c.id).join(", ")} ` +
      "or a machine type id (a3-highgpu-8g, p5.48xlarge, ...; llmd size --help lists them).");
  }

  // Numbers.
  const tp = parsePositiveInt("--tp", str("tp"));
  if (typeof tp === "string") errors.push(tp);
  else if (tp !== undefined && ![1, 2, 4, 8, 16].includes(tp)) errors.push(`--tp: got ${tp}; expected 1, 2, 4, 8 or 16.`);
  const maxModelLen = parsePositiveInt("--max-model-len", str("max-model-len"));
  if (typeof maxModelLen === "string") errors.push(maxModelLen);
  let util: number | undefined;
  const utilRaw = str("gpu-memory-utilization");
  if (utilRaw !== undefined) {
    util = Number(utilRaw);
    if (!Number.isFinite(util) || util <= 0 || util > 1) {
      errors.push(`--gpu-memory-utilization: got ${JSON.stringify(utilRaw)}; expected a number in (0, 1], e.g. 0.9.`);
    }
  }
  const kvRaw = str("kv-cache-dtype") ?? "auto";
  if (kvRaw !== "auto" && kvRaw !== "fp8") errors.push(`--kv-cache-dtype: got ${JSON.stringify(kvRaw)}; expected auto or fp8.`);
  const qRaw = str("quantization") ?? "none";
  if (qRaw !== "none" && qRaw !== "fp8" && qRaw !== "int4") errors.push(`--quantization: got ${JSON.stringify(qRaw)}; expected none, fp8 or int4.`);

  if (errors.length > 0 || !model || !chip) return fail(errors.join("\nllmd size: "));

  const result = sizeModelServer({
    model, chip, ...(machineType ? { machineType } : {}),
    ...(typeof tp === "number" ? { tensorParallel: tp } : {}),
    ...(util !== undefined ? { gpuMemoryUtilization: util } : {}),
    ...(typeof maxModelLen === "number" ? { maxModelLen } : {}),
    kvCacheDtype: kvRaw as "auto" | "fp8", quantization: qRaw as "none" | "fp8" | "int4",
  });
  if (values.json) return { code: 0, stdout: JSON.stringify(result, null, 2) + "\n", stderr: "" };
  return { code: 0, stdout: formatTable(result), stderr: "" };
}

function formatTable(r: SizingResult): string {
  const rows: [string, string][] = [
    ["model", r.model],
    ["accelerator", r.machineType ? `${r.accelerator} (priced as ${r.machineType})` : r.accelerator],
    ["fits", r.fits ? "yes" : "no"],
    ...(r.reason ? [["reason", r.reason] as [string, string]] : []),
    ["tensor parallel", String(r.tensorParallel)],
    ["smallest fit", r.smallestFit ? `TP=${r.smallestFit.tensorParallel} (${r.smallestFit.chipsPerReplica} chips)` : "none in 1, 2, 4, 8"],
    ["chips per replica", String(r.chipsPerReplica)],
    ["weights", `${r.weightsGiB} GiB (${r.weightsPerChipGiB} GiB per chip, ${r.weightsDtype})`],
    ["overhead per chip", `${r.overheadPerChipGiB} GiB`],
    ["KV cache", `${r.kvCacheGiB} GiB`],
    ["KV cache tokens", r.kvCacheTokens.toLocaleString("en-US")],
    ["KV bytes per token", `${r.kvBytesPerToken.toLocaleString("en-US")} (effective ${r.kvBytesPerTokenEffective.toLocaleString("en-US")})`],
    ["max model len", r.maxModelLen.toLocaleString("en-US")],
    ["max concurrency", `${r.maxConcurrency}x`],
    ["decode throughput", `${r.decodeTokensPerSecond.toLocaleString("en-US")} tokens/s at batch ${r.decodeBatch}`],
    ["cost per hour", `$${r.costPerHour}`],
    ["cost per 1M output tokens", `$${r.costPerMillionOutputTokens}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const body = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
  return `${body}\n\nAssumptions:\n${r.assumptions.map((a) => `  - ${a}`).join("\n")}\n`;
}
