// The resolved stack: every default applied, every cross-field rule checked. Builders take
// only this shape, so they never guess a default.
import { AcceleratorNetwork, AcceleratorType, GatewayProvider, OffloadConnector, SimulatorMode, WellLitPath } from "./types";

export type Role = "decode" | "prefill";

export interface ResolvedResources {
    cpu: string;
    memory: string;
    cpuLimit?: string;
    memoryLimit?: string;
}

export interface RoleSpec {
    role: Role;
    replicas: number;
    tensorParallel: number;
    dataParallel: number;
    /** Accelerators each pod asks for: tensorParallel x dataParallel (0 for simulated and CPU). */
    acceleratorsPerPod: number;
    gpuMemoryUtilization?: number;
    maxModelLen?: number;
    resources: ResolvedResources;
    extraArgs: string[];
    env: Record<string, string>;
    /** Extended resources of the accelerator network (P/D), e.g. {"rdma/ib": 1}. */
    networkResources?: Record<string, number>;
}

export interface TolerationSpec {
    key?: string;
    operator?: string;
    value?: string;
    effect?: string;
}

export interface AcceleratorSpec {
    type: AcceleratorType;
    /** Catalog chip id, when given. */
    chip?: string;
    /** Extended resource name (`nvidia.com/gpu`...), absent for simulated and CPU. */
    resourceName?: string;
    nodeSelector: Record<string, string>;
    tolerations: TolerationSpec[];
    /** Network between accelerator nodes (defaults to none). */
    network?: AcceleratorNetwork;
}

/**
 * How P/D moves KV cache: NIXL over UCX on RDMA, NIXL over LIBFABRIC on EFA, UCX's TCP transport
 * when accepted explicitly, or nothing real for the simulator.
 */
export type KvTransport = "ucx-rdma" | "libfabric" | "ucx-tcp" | "simulated";

export interface ServiceSpec {
    name: string;
    path: WellLitPath;
    model: { id: string; servedName: string; trustRemoteCode: boolean; cacheSize: string };
    accelerator: AcceleratorSpec;
    decode: RoleSpec;
    prefill?: RoleSpec;
    prefixCache: { blockSize: number; hashSeed: string };
    scheduler: {
        replicas: number;
        verbosity: number;
        scorerWeights: Record<string, number>;
        resources: ResolvedResources;
        extraArgs: string[];
        pluginParameters: Record<string, Record<string, unknown>>;
        /** P/D: prefix-based-pd-decider's nonCachedTokens; unset = always disaggregate. */
        pdThreshold?: number;
    };
    /** P/D only: the KV-cache transport both roles use. */
    kvTransfer?: { transport: KvTransport };
    /** Tiered prefix cache only: where KV cache is offloaded and how much CPU memory per pod. */
    offload?: { connector: OffloadConnector; cpuBytes: number };
    simulator: { mode: SimulatorMode; timeToFirstTokenMs: number; interTokenLatencyMs: number };
    inferenceObjectives: { name: string; priority: number }[];
    images: { modelServer: string; scheduler: string; routingSidecar: string };
}

export interface StackSpec {
    namespace: string;
    createNamespace: boolean;
    existing: { kubeconfigPath?: string; context?: string };
    gateway: { provider: GatewayProvider; name: string; create: boolean; port: number };
    platform: { installGatewayApiCrds: boolean; installInferenceExtensionCrds: boolean; installGatewayControlPlane: boolean };
    huggingFace: { tokenSecretName: string; tokenSecretKey: string; createSecret: boolean; tokenFile?: string };
    services: ServiceSpec[];
}
