// `llmd size --recommend` on three scenarios whose answers were worked out by hand from the
// catalog's memory and prices (the arithmetic is in each comment), plus the plan's KV-waste warning.
import assert from "node:assert/strict";
import { findMachineType } from "../../components/catalog/accelerators";
import { findModel } from "../../components/catalog/models";
import { chipHourPrice, recommend } from "../../components/planner";
import { planStack } from "../../provider/plan";
import { main } from "../../provider/cli";

const GIB = 2 ** 30;
const perChip = (id: string) => chipHourPrice(findMachineType(id)!);
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

describe("llmd size --recommend: hand-checked scenarios", () => {
    it("Llama-3.1-8B, 16 sequences of 8,192 tokens: one L40S (g6e.xlarge) beats two or four L4s", () => {
        // KV per token: 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 B = 131,072 B; 16 x 8,192 tokens = 16 GiB.
        // Overhead on L4/L40S (vLLM's defaults there: 2,048 batched tokens, 256 sequences): activation
        // 2,048 x 8 B x 4,096 = 0.06 + sampler 256 x 128,256 x 13.5 B = 0.41 + non-torch 0.25 = 0.73 GiB.
        //   L40S TP1: 44.53 x 0.9 = 40.08 - 14.99 weights - 0.73 = 24.36 GiB = 199,5xx tokens = 24.4 sequences: 1 chip x $1.861 = $1.86.
        //   L4 TP1:   22 x 0.9 = 19.8 - 14.99 - 0.73 = 4.08 GiB = 4.08 sequences: 4 replicas x $0.707 = $2.83.
        //   L4 TP2:   19.8 - 7.5 - 0.73 = 11.57 GiB per rank at 65,536 B/token = 23 sequences: 2 chips x $1.0004 (g2-standard-24) = $2.00.
        //   A10G TP1 (g5.xlarge): the L4's budget, 4 replicas x $1.006 = $4.02.
        const rec = recommend({ model: findModel("meta-llama/Llama-3.1-8B-Instruct")!, context: 8192, concurrency: 16 });
        const b = rec.best!;
        assert.equal(b.machineType, "g6e.xlarge");
        assert.deepEqual([b.tensorParallel, b.replicas, b.chips], [1, 1, 1]);
        assert.equal(b.costPerHour, Math.round(perChip("g6e.xlarge") * 100) / 100);
        assert.ok(near(b.sizing.availableKvGiBPerRank, 44.53 * 0.9 - 14.99 - 0.73, 0.02));
        assert.ok(near(b.concurrencyPerReplica, ((44.53 * 0.9 - 14.99 - 0.73) * GIB) / (8192 * 131072), 0.02));
        const l4tp2 = rec.runnersUp.find((c) => c.machineType === "g2-standard-24")!;
        assert.deepEqual([l4tp2.tensorParallel, l4tp2.replicas, l4tp2.costPerHour], [2, 1, 2.0]);
        assert.deepEqual(l4tp2.alsoOn, ["g2-standard-48", "g2-standard-96"], "bigger nodes of the same offer fold into one line");
        assert.match(l4tp2.lostBecause!, /^\$2\.00\/h, 8% more than g6e\.xlarge's \$1\.86\/h for 16 sequences of 8,192 tokens \(2 chips against 1\)$/);
        const l4tp1 = rec.runnersUp.find((c) => c.machineType === "g2-standard-4")!;
        assert.deepEqual([l4tp1.tensorParallel, l4tp1.replicas, l4tp1.costPerHour], [1, 4, Math.round(4 * perChip("g2-standard-4") * 100) / 100]);
    });

    it("Llama-3.3-70B, 32 sequences of 32,768 tokens: eight A100 80GB at TP=8, 4% under four H200 at TP=4", () => {
        // KV: 80 layers x 8 x 128 x 2 x 2 B = 327,680 B per token (40,960 B per rank at TP=8); 32 x 32,768 tokens = 320 GiB.
        //   A100-80 TP8: 79.1 x 0.9 = 71.19 - 131.41/8 = 16.43 - 2.64 (2.1 NVLink buffers + 0.41 sampler + 0.125 activation)
        //                = 52.13 GiB per rank = 1,366,xxx tokens = 41.7 sequences: 8 x $5.0688 (a2-ultragpu-8g) = $40.55.
        //   H200 TP4:    139.45 x 0.9 = 125.5 - 32.85 - 4.25 (1,024 sequences on H-class) = 88.4 GiB = 35.4 sequences: 4 x $10.494 = $41.98.
        //   A100-80 TP4: 35.7 GiB = 14.3 sequences: 3 replicas x 4 = 12 chips = $60.83.
        //   L40S TP8:    40.08 - 16.43 - 0.79 = 22.86 GiB = 18.3 sequences: 2 replicas x 8 x $3.766 = $60.26.
        //   A100-40 TP8: 13.1 sequences: 3 replicas x 8 x $3.673 = $88.16.  H100 TP4 (p5/a3): $10.98+/chip x 4 = $43.9+.
        const rec = recommend({ model: findModel("meta-llama/Llama-3.3-70B-Instruct")!, context: 32768, concurrency: 32 });
        const b = rec.best!;
        assert.equal(b.machineType, "a2-ultragpu-8g");
        assert.deepEqual([b.tensorParallel, b.replicas, b.chips], [8, 1, 8]);
        assert.ok(near(b.concurrencyPerReplica, 41.7, 0.05));
        assert.equal(b.costPerHour, Math.round(8 * perChip("a2-ultragpu-8g") * 100) / 100);
        const h200 = rec.runnersUp.find((c) => c.machineType === "a3-ultragpu-8g")!;
        assert.deepEqual([h200.tensorParallel, h200.replicas, h200.chips], [4, 1, 4]);
        assert.match(h200.lostBecause!, /4% more than a2-ultragpu-8g's \$40\.55\/h .*\(4 chips against 8\)/);
        assert.equal(rec.runnersUp[0].machineType, "p4de.24xlarge", "the same chip on EKS is next, 1% dearer");
        const l40s = recommend({ model: findModel("meta-llama/Llama-3.3-70B-Instruct")!, context: 32768, concurrency: 32, machineTypes: [findMachineType("g6e.48xlarge")!] }).best!;
        assert.deepEqual([l40s.tensorParallel, l40s.replicas], [8, 2]);
    });

    it("DeepSeek-V3, 64 sequences of 8,192 tokens: only H200 or B200 nodes hold it, and none for $60/h", () => {
        // FP8 weights 626.64 GiB: 78.33 GiB per chip at TP=8, over an H100's or A100-80's 71.2 GiB budget.
        // H200 TP8: 125.5 - 78.33 - 8.61 = 38.57 GiB; MLA keeps (512 + 64) x 2 B x 61 layers = 70,272 B per token on every
        // rank: 589,xxx tokens = 71.9 sequences >= 64: 8 x $10.494 (a3-ultragpu-8g) = $83.95 against B200's 8 x $13.117 = $104.94.
        const model = findModel("deepseek-ai/DeepSeek-V3")!;
        const open = recommend({ model, context: 8192, concurrency: 64 });
        assert.equal(open.best!.machineType, "a3-ultragpu-8g");
        assert.deepEqual([open.best!.tensorParallel, open.best!.replicas], [8, 1]);
        assert.ok(near(open.best!.sizing.kvCacheTokens, (38.57 * GIB) / 70272, 3000));
        assert.match(open.excluded.find((e) => e.machineType === "p5.48xlarge")!.reason, /weights need 78\.33 GiB per chip at TP=8, more than the 71\.27 GiB budget/);
        const capped = recommend({ model, context: 8192, concurrency: 64, maxPricePerHour: 60 });
        assert.equal(capped.best, undefined);
        assert.match(capped.excluded.find((e) => e.machineType === "a3-ultragpu-8g")!.reason, /^\$83\.95\/h for 8 x nvidia-h200-141gb \(TP=8 x 1\) is over the \$60\.00\/h limit$/);
    });

    it("a replica holds no more sequences than vLLM schedules at once (--max-num-seqs)", () => {
        // Llama-3.2-1B at 1,024 tokens on an L4: ~16 GiB of KV at 32,768 B per token holds ~500 sequences, but vLLM runs
        // 256 at once there: 400 sequences need 2 replicas; with --max-num-seqs 512 one replica holds them.
        const model = findModel("meta-llama/Llama-3.2-1B-Instruct")!;
        const l4 = [findMachineType("g2-standard-4")!];
        const rec = recommend({ model, context: 1024, concurrency: 400, machineTypes: l4 });
        assert.equal(rec.best!.concurrencyPerReplica, 256);
        assert.equal(rec.best!.replicas, 2);
        const more = recommend({ model, context: 1024, concurrency: 400, machineTypes: l4, sizing: { maxNumSeqs: 512 } });
        assert.ok(more.best!.concurrencyPerReplica > 400 && more.best!.concurrencyPerReplica <= 512);
        assert.equal(more.best!.replicas, 1);
    });

    it("the CLI prints the answer, the runners-up and the grouped reasons; exit 1 when nothing fits", async () => {
        const ok = await main(["size", "--recommend", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--context", "8192", "--concurrency", "16"]);
        assert.equal(ok.code, 0, ok.stderr);
        assert.match(ok.stdout, /Cheapest: g6e\.xlarge \(eks, nvidia-l40s\), tensorParallel 1 x 1 replica = 1 chip, \$1\.86\/h/);
        assert.match(ok.stdout, /g2-standard-24 \(gke\) TP=2 x 1 = 2 x nvidia-l4: .* \(also g2-standard-48, g2-standard-96\)/);
        const none = await main(["size", "--recommend", "--model", "deepseek-ai/DeepSeek-V3", "--context", "8192", "--concurrency", "64", "--max-price", "60"]);
        assert.equal(none.code, 1);
        assert.match(none.stdout, /No machine type of the catalog holds it for \$60\.00\/h or less/);
        assert.match(none.stdout, /a3-highgpu-8g, p5\.48xlarge: nvidia-h100-80gb: weights need 78\.33 GiB per chip at TP=8/);
    });
});

describe("llmd plan: KV cache a layout can never use", () => {
    it("warns when the KV cache holds more than twice the sequences vLLM runs at once, and not when it is used", async () => {
        // Llama-3.2-1B on one H100 at 2,048 tokens: ~67 GiB of KV at 32,768 B per token = ~2.2M tokens = ~1,070 sequences
        // of 2,048 tokens, while vLLM runs 1,024 at once on H100: about half is never used -> no warning at 2,048;
        // at 1,024 tokens the same cache holds ~2,140 sequences: more than twice 1,024 -> warning.
        const cfg = (maxModelLen: number, extraArgs: string[] = []) => ({
            services: [{ name: "tiny", model: { id: "meta-llama/Llama-3.2-1B-Instruct" }, accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" }, decode: { replicas: 1, maxModelLen, extraArgs } }],
        });
        const quiet = await planStack(cfg(2048), "test");
        assert.deepEqual(quiet.json.plan.warnings.filter((w: string) => /never be used/.test(w)), []);
        const loud = await planStack(cfg(1024), "test");
        const [w] = loud.json.plan.warnings.filter((x: string) => /never be used/.test(x));
        assert.match(w, /^services\[0\]\.decode: the KV cache holds [\d.]+ sequences of 1024 tokens, but vLLM runs at most 1024 at once \(max-num-seqs\): \d+% of it can never be used\./);
        const raised = await planStack(cfg(1024, ["--max-num-seqs=2048"]), "test");
        assert.deepEqual(raised.json.plan.warnings.filter((x: string) => /never be used/.test(x)), [], "a higher --max-num-seqs uses it");
    });
});
