// Validate a stack config (file or component args) and resolve every default: the one entry
// point from untrusted input to a StackSpec. All problems are collected and thrown together.
import { z } from "zod";
import { findChip } from "../catalog/accelerators";
import { LlmdRelease, RELEASES, RELEASE_NAMES, getRelease, modelServerImage } from "../catalog/releases";
import { resolveAutoscaling } from "./autoscaling";
import { kvStorageNeeds, resolveStorageTier } from "./kv-storage";
import { DEFAULTS, defaultBlockSize, defaultSchedulerReplicas } from "./defaults";
import { ConfigError, ConfigIssue, IssueList, joinPath } from "./errors";
import { checkModelNames, resolveObservability, resolveSecurity } from "./production";
import { isGkeGateway, resolveCluster, resolveMonitors, resolvePlatform } from "./cluster";
import { stackConfigSchema } from "./schema";
import { parseQuantity } from "./quantity";
import { AcceleratorSpec, KvTransport, ResolvedResources, Role, RoleSpec, ServiceSpec, StackSpec } from "./spec";
import { AcceleratorNetwork, AcceleratorType, AutoscalingMetric, GatewayProvider, OffloadConnector, ModelServerRole, ModelServiceConfig, StackConfig, WellLitPath } from "./types";
import { resolveNvlinkDomain, resolveWideEp } from "./wide-ep";
import { resolveWva } from "./wva";
import { applyPool, checkServiceOnPool, poolCapacity, resolveInfra } from "./infra/resolve";
import type { PoolBinding } from "./infra/spec";
import { checkVendorEnv, checkVendorPath, pdNetworks, pdRdmaNetworks, resolveTpuSlice, vendor, vendorResource, vendorTolerations } from "./vendors";

export interface Resolved {
    spec: StackSpec;
    /** Things that work but cost something (printed by the CLI, logged by components). */
    warnings: string[];
}

/** vLLM flags the stack sets itself, with the config field that controls each. */
const MANAGED_VLLM_FLAGS: Record<string, string> = {
    "--port": "(managed: the port follows the path's layout)",
    "--host": "(managed)",
    "--model": "model.id",
    "--served-model-name": "model.servedName",
    "--tensor-parallel-size": "tensorParallel",
    "-tp": "tensorParallel",
    "--data-parallel-size": "dataParallel",
    "--data-parallel-size-local": "dataParallel",
    "--block-size": "prefixCache.blockSize",
    "--gpu-memory-utilization": "gpuMemoryUtilization",
    "--max-model-len": "maxModelLen",
    "--trust-remote-code": "model.trustRemoteCode",
    "--enable-lora": "model.loraAdapters",
    "--lora-modules": "model.loraAdapters",
    "--max-loras": "model.loraAdapters",
    "--max-lora-rank": "model.maxLoraRank",
    "--kv-events-config": "(managed by the precise-prefix-cache path)",
    "--kv-transfer-config": "(managed by the path)",
};

/** Environment variables the stack sets itself. */
const MANAGED_ENV: Record<string, string> = {
    PYTHONHASHSEED: "prefixCache.hashSeed",
    HF_TOKEN: "huggingFace.tokenSecretName (the token comes from a Secret)",
    VLLM_NIXL_SIDE_CHANNEL_HOST: "(managed by pd-disaggregation: the pod IP)",
    VLLM_NIXL_SIDE_CHANNEL_PORT: "(managed by pd-disaggregation: both roles must agree)",
    LMCACHE_MAX_LOCAL_CPU_SIZE: "offload.cpuSize",
};

const SCHEDULER_FLAGS_MANAGED: Record<string, string> = {
    "--pool-name": "(managed)",
    "--pool-namespace": "(managed)",
    "--config-file": "scheduler.pluginParameters / scheduler.scorerWeights",
    "--grpc-health-port": "(managed)",
    "-v": "scheduler.verbosity",
    "--v": "scheduler.verbosity",
};

function zodIssues(error: z.ZodError): ConfigIssue[] {
    return error.issues.map((issue) => {
        const path = joinPath(issue.path);
        const got = (issue as { input?: unknown }).input;
        const raw = issue as unknown as Record<string, unknown>;
        switch (issue.code) {
            case "invalid_type":
                return got === undefined
                    ? { path, got: undefined, expected: `${raw.expected} (required)`, fix: `Add ${path || "the field"}.` }
                    : { path, got, expected: String(raw.expected) };
            case "invalid_value":
                return { path, got, expected: `one of ${(raw.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}` };
            case "unrecognized_keys": {
                const keys = raw.keys as string[];
                return {
                    path: joinPath([...issue.path, keys[0]]),
                    got: keys.length === 1 ? keys[0] : keys,
                    expected: "a known field",
                    fix: `Remove or rename ${keys.map((k) => `'${k}'`).join(", ")} (see \`llmd schema\` for the fields).`,
                };
            }
            case "too_small":
            case "too_big": {
                const bound = issue.code === "too_small" ? raw.minimum : raw.maximum;
                const incl = raw.inclusive === false ? "" : " or equal";
                const rel = issue.code === "too_small" ? `at least${incl ? "" : " (exclusive)"}` : `at most${incl ? "" : " (exclusive)"}`;
                const origin = String(raw.origin ?? "");
                const what = origin === "string" ? `${rel} ${bound} characters` : origin === "array" ? `${rel} ${bound} items` : `${rel} ${bound}`;
                return { path, got, expected: `${origin === "number" || origin === "int" ? "a number " : ""}${what}` };
            }
            case "invalid_format":
                return { path, got, expected: issue.message };
            default:
                return { path, got, expected: issue.message };
        }
    });
}

function flagName(arg: string): string {
    return arg.split("=")[0];
}

function giQuantity(n: number): string {
    return `${n}Gi`;
}

function defaultResources(type: AcceleratorType, accelerators: number): ResolvedResources {
    if (type === AcceleratorType.Simulated) return { ...DEFAULTS.simulatorResources };
    if (type === AcceleratorType.Cpu) return { ...DEFAULTS.cpuModelServerResources };
    const per = DEFAULTS.modelServerResourcesPerAccelerator;
    const n = Math.max(1, accelerators);
    return {
        cpu: String(per.cpu * n),
        memory: giQuantity(per.memoryGi * n),
        cpuLimit: String(per.cpuLimit * n),
        memoryLimit: giQuantity(per.memoryLimitGi * n),
    };
}

function resolveRole(
    role: Role,
    input: ModelServerRole | undefined,
    accel: AcceleratorSpec,
    base: string,
    issues: IssueList,
): RoleSpec {
    const r = input ?? {};
    const tensorParallel = r.tensorParallel ?? DEFAULTS.role.tensorParallel;
    const dataParallel = r.dataParallel ?? DEFAULTS.role.dataParallel;
    const usesAccelerators = accel.type !== AcceleratorType.Simulated && accel.type !== AcceleratorType.Cpu;
    const acceleratorsPerPod = usesAccelerators ? tensorParallel * dataParallel : 0;
    const defaults = defaultResources(accel.type, acceleratorsPerPod);
    const resources: ResolvedResources = {
        cpu: r.resources?.cpu ?? defaults.cpu,
        memory: r.resources?.memory ?? defaults.memory,
        cpuLimit: r.resources?.cpuLimit ?? (r.resources?.cpu ? undefined : defaults.cpuLimit),
        memoryLimit: r.resources?.memoryLimit ?? (r.resources?.memory ? r.resources.memory : defaults.memoryLimit),
    };
    const extraArgs = r.extraArgs ?? [];
    extraArgs.forEach((arg, i) => {
        const owner = MANAGED_VLLM_FLAGS[flagName(arg)];
        if (owner) {
            issues.add({
                path: `${base}.${role}.extraArgs[${i}]`,
                got: arg,
                expected: "a vLLM flag the stack does not manage",
                fix: owner.startsWith("(") ? `Remove it ${owner}.` : `Set ${owner.includes(".") ? base + "." + owner : `${base}.${role}.${owner}`} instead.`,
            });
        }
    });
    const env = r.env ?? {};
    for (const key of Object.keys(env)) {
        const owner = MANAGED_ENV[key];
        if (owner) {
            issues.add({
                path: `${base}.${role}.env.${key}`,
                got: key,
                expected: "a variable the stack does not manage",
                fix: owner.startsWith("(") ? `Remove it ${owner}.` : `Set ${base}.${owner} instead.`,
            });
        }
    }
    if (r.maxModelLen !== undefined && accel.type === AcceleratorType.Simulated) {
        // The simulator accepts any length; nothing to check.
    }
    return {
        role,
        replicas: r.replicas ?? DEFAULTS.role.replicas,
        tensorParallel,
        dataParallel,
        acceleratorsPerPod,
        gpuMemoryUtilization: r.gpuMemoryUtilization,
        maxModelLen: r.maxModelLen,
        resources,
        extraArgs: [...extraArgs],
        env: { ...env },
        networkResources: { ...(r.networkResources ?? {}) },
    };
}

/** P/D's KV-cache transport from the accelerator network; refuses a network without RDMA unless TCP was chosen. */
function resolveKvTransport(accel: AcceleratorSpec, base: string, issues: IssueList, warnings: string[]): KvTransport {
    if (accel.type === AcceleratorType.Simulated) return "simulated";
    // Vendors whose NIXL only runs over TCP (Gaudi, TPU) are checked, with their own message, in config/vendors.ts.
    if (!pdNetworks(accel.type).includes(AcceleratorNetwork.RdmaRoce)) return "ucx-tcp";
    const rdma = pdRdmaNetworks(accel.type);
    switch (accel.network ?? DEFAULTS.acceleratorNetwork) {
        case AcceleratorNetwork.RdmaRoce:
        case AcceleratorNetwork.Infiniband:
            return "ucx-rdma";
        case AcceleratorNetwork.Efa:
            return "libfabric";
        case AcceleratorNetwork.Tcp:
            warnings.push(
                `${base}: prefill/decode KV-cache transfer runs over TCP on the pod network (accelerator.network: tcp). ` +
                    "Every disaggregated request copies its whole KV cache between pods, typically an order of magnitude slower than RDMA, " +
                    `so time-to-first-token can be worse than without disaggregation. Use ${rdma} nodes in production.`,
            );
            return "ucx-tcp";
        default:
            issues.add({
                path: `${base}.accelerator.network`,
                got: accel.network ?? DEFAULTS.acceleratorNetwork,
                expected: `${rdma}: pd-disaggregation moves each request's KV cache between pods over NIXL`,
                fix: "Set accelerator.network to the nodes' RDMA network (and decode/prefill.networkResources to its device resource, e.g. rdma/ib: 1), or to tcp to accept slow transfer over the pod network.",
            });
            return "ucx-tcp";
    }
}

function resolveAccelerator(svc: ModelServiceConfig, base: string, issues: IssueList): AcceleratorSpec {
    const a = svc.accelerator ?? {};
    const chip = a.chip ? findChip(a.chip) : undefined;
    if (a.chip && !chip) {
        issues.add({
            path: `${base}.accelerator.chip`,
            got: a.chip,
            expected: "a chip id from the catalog (`llmd size --help` lists them)",
            fix: "Use e.g. nvidia-h100-80gb, nvidia-l4 or tpu-v6e-slice, or leave chip out and set accelerator.nodeSelector.",
        });
    }
    const type = a.type ?? (chip ? (chip.vendor as AcceleratorType) : DEFAULTS.service.acceleratorType);
    if (chip && a.type && chip.vendor !== a.type) {
        issues.add({
            path: `${base}.accelerator.chip`,
            got: a.chip,
            expected: `a ${a.type} chip (this one is ${chip.vendor})`,
            fix: `Set accelerator.type to ${chip.vendor}, or choose a ${a.type} chip.`,
        });
    }
    const nodeSelector: Record<string, string> = { ...(chip?.nodeSelector ?? {}), ...(a.nodeSelector ?? {}) };
    const resourceName = vendorResource(type, a.resourceName);
    const tolerations = [...vendorTolerations(type, resourceName), ...(a.tolerations ?? [])];
    const network = type === AcceleratorType.Simulated ? AcceleratorNetwork.None : (a.network ?? DEFAULTS.acceleratorNetwork);
    return { type, chip: chip?.id, resourceName, nodeSelector, tolerations, network };
}

/** llm-d's P2P guide runs vLLM with 64-token blocks (guides/p2p-kv-cache-sharing/modelserver/gpu/vllm/base/patch-vllm.yaml). */
const P2P_BLOCK_SIZE = 64;

function resolveService(svc: ModelServiceConfig, index: number, release: LlmdRelease, issues: IssueList, warnings: string[]): ServiceSpec {
    // Peer-to-peer KV sharing: a mode of the tiered path with its own image, block size and picker.
    const p2pInput = svc.path === WellLitPath.TieredPrefixCache ? svc.offload?.peerToPeer : undefined;
    const base = `services[${index}]`;
    const path = svc.path ?? DEFAULTS.service.path;
    const accelerator = resolveAccelerator(svc, base, issues);
    checkVendorPath(svc, accelerator.type, path, base, issues);
    checkVendorEnv(accelerator.type, svc.decode?.env, `${base}.decode`, issues);
    checkVendorEnv(accelerator.type, svc.prefill?.env, `${base}.prefill`, issues);
    const decode = resolveRole("decode", svc.decode, accelerator, base, issues);
    let prefill: RoleSpec | undefined;
    if (svc.prefill) {
        if (path !== WellLitPath.PdDisaggregation && path !== WellLitPath.WideEp) {
            issues.add({ path: `${base}.prefill`, got: svc.prefill, expected: "no prefill servers on this path", fix: "Set path: pd-disaggregation, or remove prefill." });
        }
        prefill = resolveRole("prefill", svc.prefill, accelerator, base, issues);
    }
    const pd = path === WellLitPath.PdDisaggregation;
    if (pd && !svc.prefill) {
        issues.add({
            path: `${base}.prefill`,
            got: undefined,
            expected: "prefill servers (required on pd-disaggregation)",
            fix: "Add prefill with its replicas and tensorParallel, e.g. prefill: {replicas: 8, tensorParallel: 1}.",
        });
    }
    for (const r of [decode, prefill]) {
        if (!r || !Object.keys(r.networkResources ?? {}).length) continue;
        if (!pd && path !== WellLitPath.WideEp && !p2pInput) {
            issues.add({ path: `${base}.${r.role}.networkResources`, got: r.networkResources, expected: "no network resources outside pd-disaggregation, wide-ep and offload.peerToPeer", fix: "Remove networkResources." });
        } else if (accelerator.type === AcceleratorType.Simulated) {
            issues.add({ path: `${base}.${r.role}.networkResources`, got: r.networkResources, expected: "no network resources on simulated accelerators", fix: "Remove networkResources." });
        }
    }
    const wideEp = resolveWideEp(svc, path, accelerator, decode, prefill, base, issues, warnings);
    const kvTransport = pd ? resolveKvTransport(accelerator, base, issues, warnings) : wideEp?.transport;
    if (svc.scheduler?.pdThreshold !== undefined && !pd) {
        issues.add({ path: `${base}.scheduler.pdThreshold`, got: svc.scheduler.pdThreshold, expected: "pdThreshold only on pd-disaggregation", fix: "Remove scheduler.pdThreshold or set path: pd-disaggregation." });
    }
    let offload: ServiceSpec["offload"];
    if (p2pInput) {
        // llm-d's P2P guide: v0.9.0 on, vLLM's OffloadingConnector (TieringOffloadingSpec) on NVIDIA GPUs, its own tier below CPU.
        const at = `${base}.offload.peerToPeer`;
        if (!release.p2p) {
            issues.add({ path: at, got: svc.offload?.peerToPeer, expected: `a release with llm-d's peer-to-peer KV-cache-sharing guide; llm-d ${release.name} has none`, fix: "Set release: v0.9.0, or remove peerToPeer." });
        }
        if (accelerator.type !== AcceleratorType.Nvidia) {
            issues.add({ path: `${base}.accelerator.type`, got: accelerator.type, expected: "nvidia with offload.peerToPeer (llm-d's P2P guide runs vLLM's P2P tier on NVIDIA GPUs only)", fix: "Use NVIDIA accelerators, or remove peerToPeer." });
        }
        if (svc.offload?.connector === OffloadConnector.Lmcache) {
            issues.add({ path: `${base}.offload.connector`, got: svc.offload.connector, expected: "native with peerToPeer (the P2P tier is a secondary tier of vLLM's OffloadingConnector)", fix: "Remove connector, or remove peerToPeer." });
        }
        if (svc.offload?.storage) {
            issues.add({ path: at, got: svc.offload.peerToPeer, expected: "either a shared storage tier or peer-to-peer sharing, not both (llm-d's guides run one secondary tier)", fix: "Remove offload.storage or offload.peerToPeer." });
        }
        // llm-d's rdma overlay gives every model server an RDMA device (and IPC_LOCK) so NIXL pulls over RDMA; without one they run over TCP.
        if (!Object.keys(svc.decode?.networkResources ?? {}).length) {
            warnings.push(`${base}.offload.peerToPeer: peers pull over TCP (llm-d's base overlay); give decode.networkResources an RDMA device (e.g. {"rdma/ib": 1}, as the guide's rdma overlay) for RDMA pulls, and calibrate minCachedTokenDelta on the fabric you use (the guide's 2048 was measured over InfiniBand)`);
        }
    }
    if (svc.offload && path !== WellLitPath.TieredPrefixCache) {
        issues.add({ path: `${base}.offload`, got: svc.offload, expected: "offload only on tiered-prefix-cache", fix: "Remove offload or set path: tiered-prefix-cache." });
    }
    if (path === WellLitPath.TieredPrefixCache) {
        const cpuSize = svc.offload?.cpuSize ?? DEFAULTS.offload.cpuSize;
        const cpuBytes = parseQuantity(cpuSize);
        if (cpuBytes === undefined || cpuBytes < 2 ** 30) {
            issues.add({ path: `${base}.offload.cpuSize`, got: cpuSize, expected: "at least 1Gi of CPU memory for offloaded KV cache", fix: "Set offload.cpuSize to e.g. 100Gi." });
        }
        offload = { connector: svc.offload?.connector ?? DEFAULTS.offload.connector, cpuBytes: Math.floor(cpuBytes ?? 0) };
        if (p2pInput && release.p2p) {
            offload.peerToPeer = { minCachedTokenDelta: p2pInput.minCachedTokenDelta ?? release.p2p.minCachedTokenDelta, port: release.p2p.port };
        }
    }
    if (svc.simulator && accelerator.type !== AcceleratorType.Simulated) {
        issues.add({ path: `${base}.simulator`, got: svc.simulator, expected: "simulator settings only with accelerator.type simulated", fix: "Remove simulator, or set accelerator.type: simulated." });
    }
    const chip = accelerator.chip ? findChip(accelerator.chip) : undefined;
    const roles = [decode, prefill].filter((r): r is RoleSpec => r !== undefined);
    accelerator.tpuSlice = accelerator.type === AcceleratorType.Tpu ? resolveTpuSlice(svc, accelerator.chip, path, roles, base, issues) : undefined;
    for (const r of roles) {
        // Per-pod defaults follow the chips each pod (host) holds, not the slice's total.
        const input = r.role === "prefill" ? svc.prefill : svc.decode;
        if (accelerator.tpuSlice && !input?.resources) r.resources = defaultResources(accelerator.type, r.acceleratorsPerPod);
    }
    for (const r of [decode, prefill]) {
        if (!r) continue;
        if (accelerator.type === AcceleratorType.Tpu && !accelerator.tpuSlice && ![1, 4, 8].includes(r.acceleratorsPerPod)) {
            issues.add({
                path: `${base}.${r.role}.tensorParallel`,
                got: r.tensorParallel,
                expected: "1, 4 or 8 TPU chips per pod (the chips of one TPU VM host)",
                fix: r.acceleratorsPerPod > 8
                    ? `Set ${base}.accelerator.tpuTopology to a multi-host slice of ${r.acceleratorsPerPod} chips (e.g. 4x4 for 16) to span hosts, or set tensorParallel x dataParallel to 1, 4 or 8.`
                    : "Set tensorParallel x dataParallel to 1, 4 or 8.",
            });
        } else if (r.acceleratorsPerPod > 8 && accelerator.type !== AcceleratorType.Tpu) {
            issues.add({
                path: `${base}.${r.role}.tensorParallel`,
                got: r.tensorParallel,
                expected: `tensorParallel x dataParallel <= 8 accelerators in one pod (got ${r.acceleratorsPerPod})`,
                fix: "Split the model over fewer accelerators per pod, or use the wide-ep path for multi-node serving.",
            });
        }
        if (r.maxModelLen !== undefined && r.maxModelLen < (svc.prefixCache?.blockSize ?? vendor(accelerator.type).blockSize ?? (p2pInput ? P2P_BLOCK_SIZE : defaultBlockSize(path)))) {
            issues.add({ path: `${base}.${r.role}.maxModelLen`, got: r.maxModelLen, expected: "at least the KV-cache block size", fix: "Raise maxModelLen." });
        }
    }
    if (chip && accelerator.type === AcceleratorType.Nvidia && decode.acceleratorsPerPod === 0) {
        warnings.push(`${base}: accelerator chip ${chip.id} set but the model server asks for no accelerators`);
    }
    const simulated = accelerator.type === AcceleratorType.Simulated;
    const sched = svc.scheduler ?? {};
    if (simulated && path === WellLitPath.PrecisePrefixCache && (sched.replicas ?? 1) > 1) {
        // The simulator dials one event socket (centralized mode): a second scheduler would see no events.
        issues.add({
            path: `${base}.scheduler.replicas`,
            got: sched.replicas,
            expected: "1 on the simulated precise path (simulators publish KV events to a single scheduler)",
            fix: "Remove scheduler.replicas, or use real accelerators for active-active schedulers.",
        });
    }
    (sched.extraArgs ?? []).forEach((arg, i) => {
        const owner = SCHEDULER_FLAGS_MANAGED[flagName(arg)];
        if (owner) issues.add({ path: `${base}.scheduler.extraArgs[${i}]`, got: arg, expected: "a scheduler flag the stack does not manage", fix: owner.startsWith("(") ? `Remove it ${owner}.` : `Set ${base}.${owner} instead.` });
    });
    const schedDefaults = simulated ? DEFAULTS.scheduler.simulatedResources : DEFAULTS.scheduler.resources;
    const objectiveNames = new Set<string>();
    (svc.inferenceObjectives ?? []).forEach((o, i) => {
        if (objectiveNames.has(o.name)) issues.add({ path: `${base}.inferenceObjectives[${i}].name`, got: o.name, expected: "a name unique within the service", fix: "Rename the objective." });
        objectiveNames.add(o.name);
    });
    // The image the release's guide for this vendor and path deploys (wide-ep on NVIDIA: llm-d's CUDA build with DeepEP and NVSHMEM).
    const defaultImage = modelServerImage(release, accelerator.type, path, accelerator.network, p2pInput ? "p2p" : undefined);
    return {
        name: svc.name,
        release,
        path,
        // Set by resolveConfig once the node pool is known (resolveRollout).
        rollout: { wait: true },
        model: {
            id: svc.model.id,
            servedName: svc.model.servedName ?? svc.model.id,
            trustRemoteCode: svc.model.trustRemoteCode ?? false,
            cacheSize: svc.model.cacheSize ?? DEFAULTS.service.modelCacheSize,
            loraAdapters: (svc.model.loraAdapters ?? []).map((a) => ({ name: a.name, source: a.source })),
            ...(svc.model.maxLoraRank !== undefined ? { maxLoraRank: svc.model.maxLoraRank } : {}),
        },
        accelerator,
        decode,
        prefill,
        prefixCache: {
            blockSize: svc.prefixCache?.blockSize ?? vendor(accelerator.type).blockSize ?? (p2pInput ? P2P_BLOCK_SIZE : defaultBlockSize(path)),
            hashSeed: svc.prefixCache?.hashSeed ?? DEFAULTS.service.hashSeed,
        },
        scheduler: {
            replicas: sched.replicas ?? defaultSchedulerReplicas(path, release, simulated),
            verbosity: sched.verbosity ?? DEFAULTS.scheduler.verbosity,
            scorerWeights: { ...(sched.scorerWeights ?? {}) },
            resources: {
                cpu: sched.resources?.cpu ?? schedDefaults.cpu,
                memory: sched.resources?.memory ?? schedDefaults.memory,
                cpuLimit: sched.resources?.cpuLimit,
                memoryLimit: sched.resources?.memoryLimit ?? (sched.resources?.memory ? sched.resources.memory : schedDefaults.memoryLimit),
            },
            extraArgs: [...(sched.extraArgs ?? [])],
            pluginParameters: structuredClone(sched.pluginParameters ?? {}),
            pdThreshold: sched.pdThreshold,
        },
        ...(kvTransport ? { kvTransfer: { transport: kvTransport } } : {}),
        ...(wideEp ? { wideEp: wideEp.spec } : {}),
        ...(offload ? { offload } : {}),
        simulator: {
            mode: svc.simulator?.mode ?? DEFAULTS.simulator.mode,
            timeToFirstTokenMs: svc.simulator?.timeToFirstTokenMs ?? DEFAULTS.simulator.timeToFirstTokenMs,
            interTokenLatencyMs: svc.simulator?.interTokenLatencyMs ?? DEFAULTS.simulator.interTokenLatencyMs,
        },
        inferenceObjectives: (svc.inferenceObjectives ?? []).map((o) => ({ ...o })),
        images: {
            modelServer: svc.images?.modelServer ?? defaultImage,
            scheduler: svc.images?.scheduler ?? release.images.endpointPicker,
            routingSidecar: svc.images?.routingSidecar ?? release.images.routingSidecar,
        },
    };
}

/**
 * Validates untrusted input (a parsed config file or component args) and resolves defaults.
 * Throws ConfigError listing every problem; nothing is created before this returns.
 */
export function resolveConfig(input: unknown, source?: string): Resolved {
    const parsed = stackConfigSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) throw new ConfigError(zodIssues(parsed.error), source);
    const cfg = parsed.data as StackConfig;
    const release = getRelease(cfg.release);
    const issues = new IssueList();
    const warnings: string[] = [];
    const names = new Map<string, number>();
    cfg.services.forEach((svc, i) => {
        const prev = names.get(svc.name);
        if (prev !== undefined) {
            issues.add({ path: `services[${i}].name`, got: svc.name, expected: `a name not used by services[${prev}]`, fix: "Give every service its own name." });
        }
        names.set(svc.name, i);
    });
    // What the cluster runs decides what the stack installs and which objects it may create.
    const cluster = resolveCluster(cfg);
    const monitors = resolveMonitors(cfg, cluster, issues);
    // Clusters first: a service's accelerator is derived from the pool it names (config/infra/resolve.ts).
    const infra = resolveInfra(cfg, issues, warnings);
    const services = cfg.services.map((input, i) => {
        const { svc, binding } = applyPool(input, i, infra, issues);
        const resolved = resolveService(svc, i, release, issues, warnings);
        if (binding) {
            resolved.accelerator.pool = binding;
            checkServiceOnPool(resolved, binding, i, infra, issues, warnings);
        }
        resolved.rollout = resolveRollout(cfg.services[i], binding, `services[${i}]`, warnings);
        resolveNvlinkDomain(resolved, cfg.services[i], binding, i, issues);
        return resolved;
    });
    // The storage tier of the tiered prefix cache: per service, then what the clusters provision for it.
    services.forEach((svc, i) => {
        const tier = svc.offload ? resolveStorageTier(cfg.services[i].offload?.storage, svc, i, infra, issues) : undefined;
        if (svc.offload && tier) svc.offload.storage = tier;
    });
    const storageNeeds = kvStorageNeeds(services.map((svc, i) => ({ svc, input: cfg.services[i].offload?.storage, index: i })), infra, issues);
    if (storageNeeds.gke && infra.gke) infra.gke.kvStorage = storageNeeds.gke;
    if (storageNeeds.eks && infra.eks) infra.eks.kvStorage = storageNeeds.eks;
    services.forEach((svc, i) => {
        const autoscaling = resolveAutoscaling(cfg.services[i].autoscaling, svc.decode, cfg.services[i].decode?.replicas, cfg.gateway?.provider ?? DEFAULTS.gateway.provider, monitors, cluster, `services[${i}]`, issues, warnings, poolCapacity(svc, infra), svc.release);
        if (autoscaling) {
            svc.autoscaling = autoscaling;
            // Sizing and cost count the floor the autoscaler keeps.
            svc.decode.replicas = autoscaling.minReplicas;
        }
    });
    services.forEach((svc, i) => {
        if (svc.wideEp?.nvlink && !cluster.nvidiaDraDriver) {
            issues.add({
                path: "cluster.nvidiaDraDriver",
                got: false,
                expected: `NVIDIA's DRA driver with ComputeDomains in the cluster: services[${i}] runs wide-EP across ${svc.accelerator.chip}'s multi-node NVLink, one ComputeDomain per role`,
                fix: "Install nvidia-dra-driver-gpu 25.8.0 or later with resources.computeDomains.enabled and set cluster.nvidiaDraDriver: true, or create the cluster with the stack (gke: a4x-highgpu-4g, eks: p6e-gb200.36xlarge).",
            });
        }
    });
    checkReleaseSupport(cfg, release, services, issues, warnings);
    checkModelNames(cfg, issues);
    // InferenceObjectives are namespaced objects named as written (clients send the name in
    // x-llm-d-inference-objective): two services cannot both define one name.
    const objectiveOwners = new Map<string, number>();
    cfg.services.forEach((svc, i) =>
        (svc.inferenceObjectives ?? []).forEach((o, j) => {
            const owner = objectiveOwners.get(o.name);
            if (owner !== undefined && owner !== i) {
                issues.add({
                    path: `services[${i}].inferenceObjectives[${j}].name`,
                    got: o.name,
                    expected: `a name not used by services[${owner}] (objectives share the namespace)`,
                    fix: "Give each service's objectives their own names.",
                });
            } else objectiveOwners.set(o.name, i);
        }),
    );
    if (cfg.platform?.installAmdDevicePlugin && !services.some((s) => s.accelerator.type === AcceleratorType.Amd)) {
        issues.add({ path: "platform.installAmdDevicePlugin", got: true, expected: "an amd service to serve (the ROCm device plugin only matters on AMD nodes)", fix: "Remove platform.installAmdDevicePlugin, or set a service's accelerator.type: amd." });
    }
    const hf = cfg.huggingFace ?? {};
    if (hf.tokenFile && hf.createSecret === false) {
        issues.add({ path: "huggingFace.tokenFile", got: hf.tokenFile, expected: "no token file when createSecret is false (the Secret exists already)", fix: "Remove tokenFile or set createSecret: true." });
    }
    // Several models on one gateway route by a header set from the request body: the body-based router's chart
    // wires itself into Istio and GKE only, agentgateway sets the header itself; kgateway has neither here.
    if (services.length >= 2 && (cfg.gateway?.provider ?? DEFAULTS.gateway.provider) === GatewayProvider.Kgateway) {
        issues.add({
            path: "gateway.provider",
            got: GatewayProvider.Kgateway,
            expected: `a gateway that routes several models by the request's model field (${services.length} services share it): istio or gke-* (the body-based router, whose chart has no kgateway wiring) or agentgateway (its PreRouting transformation)`,
            fix: "Use agentgateway (llm-d's replacement for kgateway) or istio, or give each model its own stack and gateway.",
        });
    }
    const wvaServices = services.filter((s) => s.autoscaling?.metric === AutoscalingMetric.Wva).length;
    const platform = resolvePlatform(cfg, cluster, services.some((s) => s.path === WellLitPath.WideEp || (s.accelerator.tpuSlice?.hosts ?? 1) > 1), issues, wvaServices > 0);
    const wva = resolveWva(cfg, wvaServices, cluster, platform, issues);
    issues.throwIfAny(source);
    const spec: StackSpec = {
        release,
        namespace: cfg.namespace ?? DEFAULTS.namespace,
        // A namespace the cluster has already is not created again (AlreadyExists on pulumi up).
        createNamespace: cfg.createNamespace ?? !(cfg.cluster?.namespaces ?? []).includes(cfg.namespace ?? DEFAULTS.namespace),
        existing: { ...(cfg.existing ?? {}) },
        gateway: {
            provider: cfg.gateway?.provider ?? DEFAULTS.gateway.provider,
            name: cfg.gateway?.name ?? DEFAULTS.gateway.name,
            create: cfg.gateway?.create ?? DEFAULTS.gateway.create,
            port: cfg.gateway?.port ?? DEFAULTS.gateway.port,
            // A cloud load balancer assigns an address: wait for it so the output is filled (kind has none to wait for).
            waitForAddress: cfg.gateway?.waitForAddress ?? (isGkeGateway(cfg.gateway?.provider ?? DEFAULTS.gateway.provider) || Boolean(cfg.gke || cfg.eks)),
        },
        platform,
        cluster,
        huggingFace: {
            tokenSecretName: hf.tokenSecretName ?? DEFAULTS.huggingFace.tokenSecretName,
            tokenSecretKey: DEFAULTS.huggingFace.tokenSecretKey,
            createSecret: hf.createSecret ?? DEFAULTS.huggingFace.createSecret,
            tokenFile: hf.tokenFile,
        },
        security: resolveSecurity(cfg),
        observability: { ...resolveObservability(cfg, cfg.gateway?.provider ?? DEFAULTS.gateway.provider), monitors },
        ...(wva ? { wva } : {}),
        services,
        ...infra,
    };
    return { spec, warnings };
}

/**
 * How `pulumi up` waits for a service's model servers. On a scale-from-zero pool (flex-start, capacity
 * blocks, autoscaling from 0) the nodes may arrive hours later: waiting is off there unless asked for.
 */
function resolveRollout(input: ModelServiceConfig, binding: PoolBinding | undefined, base: string, warnings: string[]): ServiceSpec["rollout"] {
    const r = input.rollout ?? {};
    const scaleFromZero = binding?.scaleFromZero ?? false;
    const wait = r.wait ?? !scaleFromZero;
    if (r.wait === undefined && scaleFromZero) {
        warnings.push(`${base}.rollout.wait: false by default on scale-from-zero pool ${binding!.name}: pulumi up returns once the model servers are created, before their nodes exist; watch the pods (kubectl get pods) or set rollout.wait: true to wait`);
    }
    return { wait, ...(r.podStartMinutes !== undefined ? { podStartMinutes: r.podStartMinutes } : {}) };
}

/**
 * What the release does not run (refused, naming the release) or deprecates (warned): vendors, paths and
 * gateways the project offers in general but this llm-d release's guides and images do not.
 */
function checkReleaseSupport(cfg: StackConfig, release: LlmdRelease, services: ServiceSpec[], issues: IssueList, warnings: string[]): void {
    const gateway = cfg.gateway?.provider ?? DEFAULTS.gateway.provider;
    const other = RELEASE_NAMES.filter((n) => n !== release.name);
    for (const u of release.unsupported) {
        if (u.gateway && u.gateway === gateway) {
            issues.add({ path: "gateway.provider", got: gateway, expected: `a gateway llm-d ${release.name} supports (${u.reason}; ${u.source})`, fix: "Choose another gateway.provider, or another release." });
        }
        services.forEach((svc, i) => {
            if (u.gateway || (u.vendor && u.vendor !== svc.accelerator.type) || (u.path && u.path !== svc.path)) return;
            const field = u.vendor ? `services[${i}].accelerator.type` : `services[${i}].path`;
            // A vendor the release ships no image for still runs on an image the user names, at their own risk.
            if (u.vendor && cfg.services[i].images?.modelServer) {
                warnings.push(`${field}: ${svc.accelerator.type} is not supported by llm-d ${release.name} (${u.reason}); running images.modelServer ${cfg.services[i].images?.modelServer} unsupported`);
                return;
            }
            const unsupportedElsewhere = RELEASES.filter((r) => r.unsupported.some((x) => (!x.vendor || x.vendor === svc.accelerator.type) && (!x.path || x.path === svc.path) && !x.gateway)).map((r) => r.name);
            const supported = other.filter((n) => !unsupportedElsewhere.includes(n));
            issues.add({
                path: field,
                got: u.vendor ? svc.accelerator.type : svc.path,
                expected: `a combination llm-d ${release.name} supports: ${u.reason} (${u.source})`,
                fix: supported.length
                    ? `Set release to ${supported.join(" or ")}, or choose another ${u.vendor ? "accelerator" : "path"}.`
                    : u.vendor
                      ? `Choose another accelerator, or set services[${i}].images.modelServer to an image for it (run unsupported): no release this project deploys ships one.`
                      : "Choose another path: no release this project deploys supports it.",
            });
        });
    }
    if (gateway === GatewayProvider.Kgateway) {
        const d = release.deprecations.find((x) => x.what === "gateway kgateway");
        if (d) warnings.push(`gateway.provider: kgateway is ${d.status} in llm-d ${release.name}${d.replacement ? `; use ${d.replacement}` : ""} (${d.source})`);
    }
    services.forEach((svc, i) => {
        if (svc.path === WellLitPath.PrecisePrefixCache && svc.scheduler.replicas > release.precise.schedulerReplicas && release.precise.schedulerReplicas === 1) {
            warnings.push(
                `services[${i}].scheduler.replicas: ${svc.scheduler.replicas} active-active pickers on the precise path; llm-d ${release.name} runs one (its token-load accounting is per process, so replicas see only their own in-flight load)`,
            );
        }
    });
}

/** True when no model server needs a Hugging Face token (every service is simulated). */
export function needsHfToken(spec: StackSpec): boolean {
    return spec.services.some((s) => s.accelerator.type !== AcceleratorType.Simulated);
}

/** The warning of a stack that would create the token Secret but was given no token (the Secret is then left out). */
export function missingTokenWarning(spec: StackSpec): string | undefined {
    if (!spec.huggingFace.createSecret || !needsHfToken(spec)) return undefined;
    return `no Hugging Face token given: Secret ${spec.huggingFace.tokenSecretName} is not created; gated models will fail to download (set HF_TOKEN, or huggingFace.createSecret: false to use an existing Secret)`;
}
