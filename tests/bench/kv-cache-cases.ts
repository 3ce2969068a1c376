// KV-cache sizes vLLM printed at startup, collected from public GitHub issues, to check the planner's
// estimate (components/planner/memory.ts) against. Figures are the issue authors' logs; no values are derived
// except tokens = "# GPU blocks" x 16 (vLLM's default block size) for V0 logs, marked in `note`.
// `accelerator` is a catalog chip id where the GPU is one; other GPUs keep a descriptive id that is not in
// the catalog ("nvidia-rtx-3090", "unknown-gpu") and the benchmark should skip or report them separately.

export interface KvCacheCase {
  model: string;
  accelerator: string;
  tensorParallel: number;
  gpuMemoryUtilization: number;
  maxModelLen?: number;
  reportedKvCacheTokens: number;
  /** Total GPU memory the log reports (total_gpu_memory), for GPUs outside the catalog: the bench sizes them with it. */
  totalGpuMemoryGiB?: number;
  /** "Available KV cache memory" per GPU as logged, when the log shows it. */
  reportedAvailableKvGiB?: number;
  /** Weight quantization of the checkpoint when it differs from the catalog entry's native dtype. */
  quantization?: "fp8";
  maxNumBatchedTokens?: number;
  vllmVersion?: string;
  note?: string;
  source: string;
}

export const KV_CACHE_CASES: KvCacheCase[] = [
  {
    model: "meta-llama/Llama-3.1-8B-Instruct", accelerator: "nvidia-rtx-3090", tensorParallel: 1, gpuMemoryUtilization: 0.9,
    maxModelLen: 20000, reportedKvCacheTokens: 1952 * 16, reportedAvailableKvGiB: 3.81, vllmVersion: "V0 engine", totalGpuMemoryGiB: 23.58,
    note: "'# GPU blocks: 1952' x 16; total_gpu_memory=23.58GiB, peak_torch_memory=17.06GiB, non_torch_memory=0.35GiB",
    source: "https://github.com/vllm-project/vllm/issues/10517",
  },
  {
    model: "meta-llama/Llama-3.1-8B-Instruct", accelerator: "nvidia-rtx-3090", tensorParallel: 1, gpuMemoryUtilization: 0.9,
    maxModelLen: 29000, reportedKvCacheTokens: 23648, reportedAvailableKvGiB: 2.89, vllmVersion: "V0 engine", totalGpuMemoryGiB: 23.58,
    note: "'# GPU blocks: 1478' (= 23648 tokens, as the error message states); peak_torch_memory=17.98GiB: activation peak grows with max_model_len in V0",
    source: "https://github.com/vllm-project/vllm/issues/10517",
  },
  {
    model: "meta-llama/Llama-3.1-8B", accelerator: "nvidia-a100-80gb", tensorParallel: 4, gpuMemoryUtilization: 0.9,
    maxModelLen: 40000, reportedKvCacheTokens: Math.round(52.89 * 40000),
    note: "'Maximum concurrency for 40000 tokens per request: 52.89x' (tokens = 52.89 x 40000); the issue says 4xA100 without the memory size, 80GB inferred from the figure",
    source: "https://github.com/vllm-project/vllm/issues/9802",
  },
  {
    model: "Qwen/Qwen3-235B-A22B", accelerator: "nvidia-h100-80gb", tensorParallel: 4, gpuMemoryUtilization: 0.9, maxModelLen: 40960,
    reportedKvCacheTokens: 178880, reportedAvailableKvGiB: 8.11, quantization: "fp8",
    note: "Qwen3-235B-A22B-FP8 checkpoint, default max-num-batched-tokens (8192 on H100), LMCache connector configured",
    source: "https://github.com/vllm-project/vllm/issues/21348",
  },
  {
    model: "openai/gpt-oss-120b", accelerator: "nvidia-h100-80gb", tensorParallel: 1, gpuMemoryUtilization: 0.9,
    maxModelLen: 131072, reportedKvCacheTokens: 0, reportedAvailableKvGiB: -2.14,
    note: "startup failed: 'Model loading took 65.9651 GiB', 'Available KV cache memory: -2.14 GiB' (a does-not-fit case)",
    source: "https://github.com/vllm-project/vllm/issues/23278",
  },
  {
    model: "Qwen/Qwen3-14B", accelerator: "unknown-gpu", tensorParallel: 1, gpuMemoryUtilization: 0.9, maxModelLen: 32768,
    reportedKvCacheTokens: 42656, reportedAvailableKvGiB: 6.51,
    note: "GPU and utilization not stated (0.9 assumed); checks KV bytes per token: 6.51 GiB / 163840 B = 42,664 tokens before block rounding",
    source: "https://github.com/LMCache/LMCache/issues/1739",
  },
  {
    model: "Qwen/Qwen3-30B-A3B", accelerator: "unknown-gpu", tensorParallel: 4, gpuMemoryUtilization: 0.9, maxModelLen: 8192,
    reportedKvCacheTokens: 198784, vllmVersion: "0.8.5",
    note: "'Model loading took 14.2474 GiB' per rank; GPU model not in the excerpt; utilization assumed default",
    source: "https://github.com/vllm-project/vllm/issues/17469",
  },
  {
    model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", accelerator: "nvidia-rtx-4090", tensorParallel: 2, gpuMemoryUtilization: 0.98,
    maxModelLen: 131072, reportedKvCacheTokens: 81536, vllmVersion: "V0 engine",
    note: "model not in the catalog (Qwen2.5-14B architecture); weights 13.9476 GB per rank, non_torch 0.25 GiB, activation peak 0.19 GiB",
    source: "https://github.com/vllm-project/vllm/issues/13061",
  },
  {
    model: "openai/gpt-oss-120b", accelerator: "nvidia-h100-80gb", tensorParallel: 1, gpuMemoryUtilization: 0.95,
    maxModelLen: 131072, reportedKvCacheTokens: 0, reportedAvailableKvGiB: 1.71, maxNumBatchedTokens: 1024,
    note: "startup failed: `vllm serve openai/gpt-oss-120b --gpu-memory-utilization 0.95 --max-num-batched-tokens 1024` (default max_model_len 131072), " +
      "'Available KV cache memory: 1.71 GiB', then the engine refused to start (not enough KV for one max-length request); a positive-but-insufficient no-fit case",
    source: "https://github.com/vllm-project/vllm/issues/27508",
  },
];
