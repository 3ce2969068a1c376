// Every default of the stack config, in one place. Path-specific values follow llm-d's guides
// at the release pinned in catalog/versions.ts (llm-d/llm-d guides of 2026-06-27).
import type { LlmdRelease } from "../catalog/releases";
import { AcceleratorNetwork, AcceleratorType, GatewayProvider, OffloadConnector, SimulatorMode, WellLitPath } from "./types";

export const DEFAULTS = {
    namespace: "llm-d",
    createNamespace: true,
    gateway: {
        provider: GatewayProvider.Istio,
        /** llm-d's gateway recipes all name the Gateway this. */
        name: "llm-d-inference-gateway",
        create: true,
        port: 80,
    },
    platform: {
        installGatewayApiCrds: true,
        installInferenceExtensionCrds: true,
        installGatewayControlPlane: true,
        installAmdDevicePlugin: false,
    },
    huggingFace: {
        /** llm-d's guides read the token from this Secret, key HF_TOKEN. */
        tokenSecretName: "llm-d-hf-token",
        tokenSecretKey: "HF_TOKEN",
        createSecret: true,
    },
    service: {
        path: WellLitPath.InferenceScheduling,
        acceleratorType: AcceleratorType.Nvidia,
        modelCacheSize: "100Gi",
        hashSeed: "42",
        inferenceObjectives: [] as { name: string; priority: number }[],
    },
    role: {
        replicas: 1,
        tensorParallel: 1,
        dataParallel: 1,
    },
    /** Per accelerator: llm-d's optimized-baseline asks cpu 8 / 96Gi, limits cpu 16 / 128Gi for 2 GPUs. */
    modelServerResourcesPerAccelerator: { cpu: 4, memoryGi: 48, cpuLimit: 8, memoryLimitGi: 64 },
    /** The simulator is a small Go process: it fits a kind or minikube node. */
    simulatorResources: { cpu: "100m", memory: "128Mi", cpuLimit: "500m", memoryLimit: "512Mi" },
    /** A small model on CPU workers (vLLM CPU backend). */
    cpuModelServerResources: { cpu: "8", memory: "32Gi", cpuLimit: "16", memoryLimit: "48Gi" },
    scheduler: {
        replicas: 1,
        verbosity: 2,
        /** llm-d router base values: requests cpu 4 / 8Gi, limit 16Gi. */
        resources: { cpu: "4", memory: "8Gi", memoryLimit: "16Gi" },
        /** Small enough for kind/minikube when every model server is simulated. */
        simulatedResources: { cpu: "100m", memory: "256Mi", memoryLimit: "1Gi" },
    },
    /** llm-d's tiered-prefix-cache guide offloads 100 GiB per pod to CPU with vLLM's OffloadingConnector. */
    offload: {
        connector: OffloadConnector.Native,
        cpuSize: "100Gi",
    },
    acceleratorNetwork: AcceleratorNetwork.None,
    simulator: {
        mode: SimulatorMode.Random,
        timeToFirstTokenMs: 0,
        interTokenLatencyMs: 0,
    },
} as const;

/** Block size per path: vLLM's CUDA default 16; llm-d's precise guide 64; P/D guide 128; wide-ep 64. */
export function defaultBlockSize(path: WellLitPath): number {
    switch (path) {
        case WellLitPath.PrecisePrefixCache:
            return 64;
        case WellLitPath.PdDisaggregation:
            return 128;
        // vLLM forces 64-token blocks for FlashMLA (DeepSeek's MLA on Hopper): source vllm-project/vllm vllm/platforms/cuda.py.
        case WellLitPath.WideEp:
            return 64;
        default:
            return 16;
    }
}

/** The precise path runs the release's scheduler replicas (v0.8.1: two active-active; v0.9.0: one, token-load state is per process). */
export function defaultSchedulerReplicas(path: WellLitPath, release: LlmdRelease, simulated = false): number {
    // Simulators publish KV events to one scheduler (centralized mode): one replica.
    return path === WellLitPath.PrecisePrefixCache && !simulated ? release.precise.schedulerReplicas : DEFAULTS.scheduler.replicas;
}
