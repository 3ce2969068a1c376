// Config rules of the wide-ep path (wide expert parallelism on LeaderWorkerSet): group sizes,
// whole-node pods, an RDMA-capable network, an MoE model, EPLB divisibility, group placement.
// Called by resolve.ts; every problem is an issue naming its field, nothing is thrown here.
import { findChip, machineTypesForChip } from "../catalog/accelerators";
import { findModel } from "../catalog/models";
import { IssueList } from "./errors";
import { AcceleratorSpec, KvTransport, RoleSpec, ServiceSpec, WideEpPerfSpec, WideEpSpec } from "./spec";
import type { PoolBinding } from "./infra/spec";
import { AcceleratorNetwork, AcceleratorType, ModelServiceConfig, MoeBackend, WellLitPath, WideEpConfig } from "./types";

export const WIDE_EP_DEFAULTS = {
    /** llm-d's guide: each LWS is 2 pods x 8 GPUs (DP16). */
    groupSize: 2,
    /** llm-d's earlier guide ran EPLB with 32 redundant experts (256 + 32 divides over 16 or 32 ranks). */
    redundantExperts: 32,
    /** GKE's node label naming the fabric block (llm-d guides/wide-ep-lws/.../gke/kustomization.yaml). */
    gkeTopologyKey: "cloud.google.com/gce-topology-block",
    /** The InferencePool holds at most 8 targetPorts, one per local DP rank (GAIE v1 API). */
    maxLocalRanks: 8,
} as const;

/**
 * Performance settings of llm-d's wide-ep guide for DeepSeek-R1 (zetxqx/llm-d @7edda66
 * guides/wide-ep-lws/modelserver/gpu/vllm-deepseek-r1-0528/base/{decode,prefill}.yaml, llm-d-cuda v0.8.0).
 */
export const WIDE_EP_PERF_DEFAULTS = {
    /** Both roles: `--moe-backend deep_gemm` (decode.yaml and prefill.yaml). */
    moeBackend: MoeBackend.DeepGemm,
    /** decode.yaml: `--enable-dbo --dbo-decode-token-threshold 32`; prefill.yaml has no DBO. */
    dboDecode: true,
    dboPrefill: false,
    dboDecodeTokenThreshold: 32,
    /** decode.yaml: `--max-num-batched-tokens ${MAX_TOKENS} --max-num-seqs ${MAX_TOKENS}` with MAX_TOKENS=256. */
    decodeMaxNumBatchedTokens: 256,
    decodeMaxNumSeqs: 256,
    /** Neither file passes --async-scheduling (the v0.5-era guide did). */
    asyncScheduling: false,
    /** DeepEP's default NVSHMEM_QP_DEPTH (deepseek-ai/DeepEP deep_ep/buffer.py); low-latency dispatch asserts depth >= (tokens per rank + 1) x 2. */
    nvshmemQpDepth: 1024,
    /** vLLM's default VLLM_MOE_DP_CHUNK_SIZE (vllm/envs.py). */
    moeDpChunkSize: 256,
} as const;

/** Performance flags the builder sets by default; a role's extraArgs naming one (or its --no- form) replaces the default. */
export const WIDE_EP_PERF_FLAGS = ["--moe-backend", "--enable-dbo", "--dbo-decode-token-threshold", "--dbo-prefill-token-threshold", "--max-num-batched-tokens", "--max-num-seqs", "--async-scheduling"];

/** The flag an extra argument names (`--x=1`, `--x`, and `--no-x` all name `--x`). */
export function extraArgFlag(arg: string): string {
    const name = arg.split("=")[0];
    return name.startsWith("--no-") ? `--${name.slice(5)}` : name;
}

/** The value of a flag in extraArgs, in `--flag=value` or `--flag value` form. */
export function extraArgValue(extraArgs: string[], flag: string): string | undefined {
    for (let i = extraArgs.length - 1; i >= 0; i--) {
        const a = extraArgs[i];
        if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
        if (a === flag && i + 1 < extraArgs.length) return extraArgs[i + 1];
    }
    return undefined;
}

/**
 * Tokens per rank DeepEP's low-latency (decode) dispatch may carry: vLLM bounds it by VLLM_MOE_DP_CHUNK_SIZE
 * in older releases and by --max-num-batched-tokens in newer ones, so the larger of the two.
 */
export function decodeDispatchTokens(perf: WideEpPerfSpec, decode: RoleSpec): number {
    // The pod runs the role's own env value when set (it wins over wideEp.moeDpChunkSize).
    const chunk = Number(decode.env.VLLM_MOE_DP_CHUNK_SIZE) || (perf.moeDpChunkSize ?? WIDE_EP_PERF_DEFAULTS.moeDpChunkSize);
    const batched = Number(extraArgValue(decode.extraArgs, "--max-num-batched-tokens")) || perf.decodeMaxNumBatchedTokens;
    return Math.max(chunk, batched);
}

/** NVSHMEM_QP_DEPTH that DeepEP's low-latency dispatch asserts: (tokens per rank + 1) x 2. */
export function requiredQpDepth(tokens: number): number {
    return (tokens + 1) * 2;
}

function resolvePerf(w: WideEpConfig, deepEp: boolean): WideEpPerfSpec {
    const d = WIDE_EP_PERF_DEFAULTS;
    const dbo = w.dualBatchOverlap ?? {};
    const moeBackend = w.moeBackend ?? d.moeBackend;
    return {
        ...(moeBackend !== MoeBackend.Auto ? { moeBackend } : {}),
        dbo: {
            // vLLM's microbatching (DBO) runs only on DeepEP backends: off by default without them (checked in resolveWideEp).
            ...((dbo.decode ?? (deepEp && d.dboDecode)) ? { decode: { threshold: dbo.decodeTokenThreshold ?? d.dboDecodeTokenThreshold } } : {}),
            ...((dbo.prefill ?? (deepEp && d.dboPrefill)) ? { prefill: dbo.prefillTokenThreshold !== undefined ? { threshold: dbo.prefillTokenThreshold } : {} } : {}),
        },
        decodeMaxNumBatchedTokens: w.decodeMaxNumBatchedTokens ?? d.decodeMaxNumBatchedTokens,
        decodeMaxNumSeqs: w.decodeMaxNumSeqs ?? d.decodeMaxNumSeqs,
        asyncScheduling: w.asyncScheduling ?? d.asyncScheduling,
        ...(w.moeDpChunkSize !== undefined ? { moeDpChunkSize: w.moeDpChunkSize } : {}),
    };
}

/** vLLM flags the wide-ep builders set from the LWS environment and the role. */
export const WIDE_EP_MANAGED_FLAGS = [
    "--enable-expert-parallel",
    "--all2all-backend",
    "--data-parallel-address",
    "--data-parallel-rpc-port",
    "--data-parallel-start-rank",
    "--data-parallel-multi-port-external-lb",
    "--data-parallel-supervisor-port",
    "--data-parallel-hybrid-lb",
    "--enable-eplb",
    "--eplb-config",
    "--kv_transfer_config",
];

/**
 * vLLM's NCCL-based expert-parallel all-to-all: dispatch by all-gather, combine by reduce-scatter over the
 * EP group, no NVSHMEM or DeepEP. vllm-project/vllm vllm/config/parallel.py `All2AllBackend`, whose default
 * this is ("allgather_reducescatter": All2all based on allgather and reducescatter; `naive` and `pplx` were
 * removed and fall back to it); docs.vllm.ai serving/expert_parallel_deployment "Backend Selection Guide":
 * "General purpose, works with any EP+DP configuration". Wide-ep uses it when the user insists on a network
 * without RDMA (`accelerator.network: tcp`), e.g. GKE A3 High / A3 Mega, where NCCL runs over GPUDirect-TCPX(O).
 */
export const NCCL_ALL2ALL_BACKEND = "allgather_reducescatter";

export interface ResolvedWideEp {
    spec: WideEpSpec;
    transport: KvTransport;
}

const GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator";

/** The chip's node size: GPUs of the largest machine type carrying it (wide-ep pods take whole nodes). */
export function gpusPerNode(chipId: string | undefined): number | undefined {
    if (!chipId) return undefined;
    const sizes = machineTypesForChip(chipId).map((m) => m.chipsPerNode);
    return sizes.length ? Math.max(...sizes) : undefined;
}

function transportOf(accel: AcceleratorSpec, base: string, issues: IssueList, warnings: string[]): KvTransport {
    if (accel.type === AcceleratorType.Simulated) return "simulated";
    switch (accel.network) {
        case AcceleratorNetwork.RdmaRoce:
        case AcceleratorNetwork.Infiniband:
            return "ucx-rdma";
        case AcceleratorNetwork.Efa:
            warnings.push(
                `${base}: wide-ep on EFA runs NVSHMEM over libfabric and NCCL over aws-ofi-nccl; llm-d's wide-ep guide is validated on InfiniBand and RoCE (IBGDA) only, and its CUDA image builds NVSHMEM without libfabric (llm-d/llm-d docker/scripts/cuda/builder/build-nvshmem.sh: IBRC, IBGDA, UCX) and ships no aws-ofi-nccl. ` +
                    `The pods' fabric check fails at start-up, naming the missing library, unless images.modelServer has both; check DeepEP's all-to-all on your EFA nodes.`,
            );
            return "libfabric";
        case AcceleratorNetwork.Tcp:
            // The user insists on a network without RDMA (GKE A3 High / A3 Mega GPUDirect-TCPX(O), or plain TCP).
            warnings.push(
                `${base}: wide-ep without RDMA (accelerator.network: tcp): expert-parallel all-to-all runs on vLLM's NCCL-based ${NCCL_ALL2ALL_BACKEND} backend ` +
                    "instead of DeepEP, so there are no DeepEP high-throughput/low-latency kernels and no dual-batch overlap, and every MoE layer all-gathers the tokens of all " +
                    "data-parallel ranks and reduce-scatters the results: all-to-all throughput is far lower and decode latency higher than on RDMA. " +
                    "NCCL uses the node pool's GPUDirect-TCPX/TCPXO NICs when it has them (RxDM sidecar and NCCL plugin attached), else the pod network; " +
                    "the P/D KV-cache transfer runs over TCP (NIXL/UCX). Use rdma-roce, infiniband or efa nodes in production.",
            );
            return "ucx-tcp";
        default:
            issues.add({
                path: `${base}.accelerator.network`,
                got: accel.network,
                expected: "rdma-roce, infiniband or efa: expert-parallel all-to-all (DeepEP over NVSHMEM) and the P/D KV-cache transfer need RDMA between nodes",
                fix:
                    "Run wide-ep on RDMA nodes and set accelerator.network to their fabric, or set accelerator.network: tcp to insist on running without RDMA " +
                    `(NCCL ${NCCL_ALL2ALL_BACKEND} all-to-all instead of DeepEP, much slower; a warning), or use accelerator.type simulated to try the layout without GPUs.`,
            });
            return "ucx-tcp";
    }
}

function checkRoles(accel: AcceleratorSpec, decode: RoleSpec, prefill: RoleSpec, base: string, issues: IssueList): void {
    const nodeGpus = accel.type === AcceleratorType.Simulated ? undefined : gpusPerNode(accel.chip);
    for (const r of [prefill, decode]) {
        const path = `${base}.${r.role}`;
        if (r.dataParallel > WIDE_EP_DEFAULTS.maxLocalRanks) {
            issues.add({
                path: `${path}.dataParallel`,
                got: r.dataParallel,
                expected: `at most ${WIDE_EP_DEFAULTS.maxLocalRanks} data-parallel ranks per pod (the InferencePool targets one port per local rank, 8 at most)`,
                fix: "Lower dataParallel and raise tensorParallel or groupSize.",
            });
        }
        if (nodeGpus !== undefined && r.acceleratorsPerPod !== nodeGpus) {
            issues.add({
                path: `${path}.dataParallel`,
                got: r.dataParallel,
                expected: `tensorParallel x dataParallel = ${nodeGpus} GPUs per pod, a whole ${accel.chip} node (got ${r.tensorParallel} x ${r.dataParallel} = ${r.acceleratorsPerPod}); wide-ep runs one pod per node`,
                fix: `Set ${path}.dataParallel to ${Math.max(1, Math.floor(nodeGpus / r.tensorParallel))} with tensorParallel ${r.tensorParallel}.`,
            });
        }
    }
    if (prefill.dataParallel !== decode.dataParallel) {
        issues.add({
            path: `${base}.prefill.dataParallel`,
            got: prefill.dataParallel,
            expected: `${decode.dataParallel}, decode's dataParallel: the InferencePool targets the same per-rank ports on every pod`,
            fix: "Give prefill and decode the same dataParallel (vary groupSize or replicas instead).",
        });
    }
}

function checkModel(svc: ModelServiceConfig, roles: RoleSpec[], eplb: number | undefined, base: string, issues: IssueList, warnings: string[], simulated: boolean): void {
    const model = findModel(svc.model.id);
    if (!model) {
        if (!simulated) warnings.push(`${base}: model ${svc.model.id} is not in the catalog; wide-ep assumes a Mixture-of-Experts model (expert parallelism does nothing for a dense one).`);
        return;
    }
    if (!model.moe) {
        if (simulated) return;
        issues.add({
            path: `${base}.model.id`,
            got: svc.model.id,
            expected: "a Mixture-of-Experts model (wide-ep spreads experts over GPUs; this one is dense)",
            fix: "Serve it on inference-scheduling or pd-disaggregation, or choose an MoE model such as deepseek-ai/DeepSeek-R1-0528.",
        });
        return;
    }
    if (eplb === undefined) return;
    for (const r of roles) {
        const ranks = (r.groupSize ?? WIDE_EP_DEFAULTS.groupSize) * r.dataParallel * r.tensorParallel;
        if ((model.moe.experts + eplb) % ranks !== 0) {
            issues.add({
                path: `${base}.wideEp.redundantExperts`,
                got: eplb,
                expected: `a count that makes ${model.moe.experts} routed experts + redundant experts divisible by ${r.role}'s ${ranks} expert-parallel ranks (groupSize x dataParallel x tensorParallel)`,
                fix: `Set wideEp.redundantExperts to a multiple of ${ranks} minus ${model.moe.experts % ranks} (e.g. ${(ranks - (model.moe.experts % ranks)) % ranks || ranks}).`,
            });
        }
    }
}

/**
 * Resolves the wide-ep settings of one service; for other paths only rejects wide-ep fields.
 * Sets `groupSize` on the roles.
 */
export function resolveWideEp(
    svc: ModelServiceConfig,
    path: WellLitPath,
    accel: AcceleratorSpec,
    decode: RoleSpec,
    prefill: RoleSpec | undefined,
    base: string,
    issues: IssueList,
    warnings: string[],
): ResolvedWideEp | undefined {
    if (path !== WellLitPath.WideEp) {
        if (svc.wideEp) issues.add({ path: `${base}.wideEp`, got: svc.wideEp, expected: "wideEp only on path wide-ep", fix: "Remove wideEp or set path: wide-ep." });
        for (const [role, cfg] of [["decode", svc.decode], ["prefill", svc.prefill]] as const) {
            if (cfg?.groupSize !== undefined) {
                issues.add({ path: `${base}.${role}.groupSize`, got: cfg.groupSize, expected: "groupSize only on path wide-ep (LeaderWorkerSet groups)", fix: "Remove groupSize or set path: wide-ep." });
            }
        }
        return undefined;
    }
    const simulated = accel.type === AcceleratorType.Simulated;
    if (!simulated && accel.type !== AcceleratorType.Nvidia) {
        issues.add({
            path: `${base}.accelerator.type`,
            got: accel.type,
            expected: "nvidia or simulated on wide-ep (DeepEP kernels are CUDA only in this release)",
            fix: "Use NVIDIA GPU nodes, or accelerator.type simulated.",
        });
    }
    if (!prefill) {
        issues.add({
            path: `${base}.prefill`,
            got: undefined,
            expected: "prefill servers (wide-ep disaggregates prefill and decode, as llm-d's guide)",
            fix: "Add prefill, e.g. prefill: {replicas: 1, groupSize: 2, dataParallel: 8}.",
        });
    }
    const roles = prefill ? [prefill, decode] : [decode];
    decode.groupSize = svc.decode?.groupSize ?? WIDE_EP_DEFAULTS.groupSize;
    if (prefill) prefill.groupSize = svc.prefill?.groupSize ?? WIDE_EP_DEFAULTS.groupSize;
    for (const r of roles) {
        r.extraArgs.forEach((arg, i) => {
            const name = arg.split("=")[0];
            if (WIDE_EP_MANAGED_FLAGS.includes(name)) {
                issues.add({
                    path: `${base}.${r.role}.extraArgs[${i}]`,
                    got: arg,
                    expected: "a vLLM flag the wide-ep path does not manage",
                    fix: "Remove it: wide-ep sets it from groupSize, dataParallel, wideEp and the LeaderWorkerSet environment.",
                });
            }
        });
    }
    if (prefill) checkRoles(accel, decode, prefill, base, issues);
    else checkRoles(accel, decode, decode, base, issues);
    if (!accel.chip && !simulated) {
        warnings.push(`${base}: accelerator.chip is not set, so wide-ep cannot check that each pod takes a whole node; set it (e.g. nvidia-h200-141gb).`);
    }
    const transport = transportOf(accel, base, issues, warnings);

    const w = svc.wideEp ?? {};
    if (w.redundantExperts !== undefined && !w.eplb) {
        issues.add({ path: `${base}.wideEp.redundantExperts`, got: w.redundantExperts, expected: "redundantExperts only with wideEp.eplb: true", fix: "Set wideEp.eplb: true, or remove redundantExperts." });
    }
    const eplbRedundantExperts = w.eplb ? (w.redundantExperts ?? WIDE_EP_DEFAULTS.redundantExperts) : undefined;
    checkModel(svc, roles, eplbRedundantExperts, base, issues, warnings, simulated);

    const onGke = GKE_ACCELERATOR_LABEL in accel.nodeSelector && accel.network !== AcceleratorNetwork.Efa && !simulated;
    const topologyKey = w.topologyKey ?? (onGke ? WIDE_EP_DEFAULTS.gkeTopologyKey : undefined);
    if (w.requireSameTopology && !topologyKey) {
        issues.add({
            path: `${base}.wideEp.requireSameTopology`,
            got: true,
            expected: "a wideEp.topologyKey to require (none is known for this accelerator)",
            fix: "Set wideEp.topologyKey to the node label naming your fabric block.",
        });
    }
    // Without RDMA (network tcp, insisted on) DeepEP cannot run: NCCL all-to-all, no NVSHMEM.
    const deepEp = simulated || transport !== "ucx-tcp";
    const perf = resolvePerf(w, deepEp);
    const dbo = w.dualBatchOverlap;
    if (!deepEp) {
        for (const role of ["decode", "prefill"] as const) {
            if (dbo?.[role]) {
                issues.add({
                    path: `${base}.wideEp.dualBatchOverlap.${role}`,
                    got: true,
                    expected: `no dual-batch overlap without DeepEP: vLLM's microbatching supports only the DeepEP all-to-all backends, not ${NCCL_ALL2ALL_BACKEND} (vllm/config/vllm.py)`,
                    fix: "Remove it, or run on RDMA nodes (accelerator.network rdma-roce, infiniband or efa).",
                });
            }
        }
    }
    if (dbo?.decodeTokenThreshold !== undefined && !perf.dbo.decode) {
        issues.add({ path: `${base}.wideEp.dualBatchOverlap.decodeTokenThreshold`, got: dbo.decodeTokenThreshold, expected: "a threshold only with dualBatchOverlap.decode on", fix: "Remove decodeTokenThreshold, or set dualBatchOverlap.decode: true." });
    }
    if (dbo?.prefillTokenThreshold !== undefined && !perf.dbo.prefill) {
        issues.add({ path: `${base}.wideEp.dualBatchOverlap.prefillTokenThreshold`, got: dbo.prefillTokenThreshold, expected: "a threshold only with dualBatchOverlap.prefill on", fix: "Set dualBatchOverlap.prefill: true, or remove prefillTokenThreshold." });
    }
    // DeepEP's low-latency dispatch asserts NVSHMEM_QP_DEPTH >= (tokens per rank + 1) x 2 at the first decode step.
    const userDepth = decode.env.NVSHMEM_QP_DEPTH;
    const need = requiredQpDepth(decodeDispatchTokens(perf, decode));
    if (userDepth !== undefined && deepEp && !simulated && !(Number(userDepth) >= need)) {
        issues.add({
            path: `${base}.decode.env.NVSHMEM_QP_DEPTH`,
            got: userDepth,
            expected: `at least ${need}: DeepEP's low-latency dispatch needs (tokens per rank + 1) x 2 queue-pair entries for ${need / 2 - 1} tokens per rank (VLLM_MOE_DP_CHUNK_SIZE, --max-num-batched-tokens)`,
            fix: `Raise it to ${need}, or remove it: the stack sets it when the default ${WIDE_EP_PERF_DEFAULTS.nvshmemQpDepth} is too small.`,
        });
    }
    let gkeRdmaNics: number | undefined;
    if (onGke && accel.network === AcceleratorNetwork.RdmaRoce && accel.chip) {
        const nics = machineTypesForChip(accel.chip).filter((m) => m.networkStack === "rdma-roce").map((m) => m.nics);
        if (nics.length) gkeRdmaNics = Math.max(...nics);
    }
    return {
        spec: {
            ...(eplbRedundantExperts !== undefined ? { eplbRedundantExperts } : {}),
            ...(topologyKey ? { topologyKey } : {}),
            requireSameTopology: w.requireSameTopology ?? false,
            ...(gkeRdmaNics ? { gkeRdmaNics } : {}),
            ...(deepEp ? {} : { all2allBackend: NCCL_ALL2ALL_BACKEND }),
            perf,
        },
        transport,
    };
}

/**
 * Wide-EP on a multi-node NVLink domain (GB200 NVL72), once the service's pool is known: each role runs
 * as one IMEX ComputeDomain, and a ComputeDomain cannot span NVLink domains, so every pod of a role must
 * land in one domain (required affinity on the domain's node label) and a role holds at most the nodes
 * of one domain. The release's NVL72 recipe sets the image (when it has its own) and the MNNVL settings.
 */
export function resolveNvlinkDomain(svc: ServiceSpec, input: ModelServiceConfig, binding: PoolBinding | undefined, index: number, issues: IssueList): void {
    if (svc.path !== WellLitPath.WideEp || !svc.wideEp || svc.accelerator.type === AcceleratorType.Simulated) return;
    // A managed-DRANET pool hands each GPU its NIC through DRA claims: no multi-network interfaces, no privileged mode for them.
    if (binding?.networkStack === "dranet") delete svc.wideEp.gkeRdmaNics;
    const chip = svc.accelerator.chip ? findChip(svc.accelerator.chip) : undefined;
    const domain = chip?.nvlinkDomain;
    if (!chip || !domain) return;
    const base = `services[${index}]`;
    const perNode = binding?.chipsPerNode ?? gpusPerNode(chip.id) ?? 1;
    const domainNodes = Math.floor(domain.gpus / perNode);
    const cloud = binding?.cloud ?? (GKE_ACCELERATOR_LABEL in svc.accelerator.nodeSelector ? "gke" : "other");
    const topologyKey = input.wideEp?.topologyKey ?? domain.topologyKeys[cloud];
    if (input.wideEp?.requireSameTopology === false) {
        issues.add({
            path: `${base}.wideEp.requireSameTopology`,
            got: false,
            expected: `true on ${chip.id}: each role is one IMEX ComputeDomain, which cannot span two NVLink domains`,
            fix: "Remove requireSameTopology (it is required on NVL72).",
        });
    }
    for (const role of [svc.prefill, svc.decode]) {
        if (!role) continue;
        const group = role.groupSize ?? WIDE_EP_DEFAULTS.groupSize;
        const pods = role.replicas * group;
        if (group > domainNodes) {
            issues.add({
                path: `${base}.${role.role}.groupSize`,
                got: group,
                expected: `at most ${domainNodes} pods: one ${chip.id} NVLink domain holds ${domain.gpus} GPUs, ${domainNodes} nodes of ${perNode}`,
                fix: `Lower ${role.role}.groupSize to ${domainNodes} or less.`,
            });
        } else if (pods > domainNodes) {
            issues.add({
                path: `${base}.${role.role}.replicas`,
                got: role.replicas,
                expected: `replicas x groupSize (${role.replicas} x ${group} = ${pods} pods) at most ${domainNodes}: the role is one ComputeDomain inside one NVLink domain of ${domainNodes} nodes`,
                fix: `Lower ${role.role}.replicas to ${Math.max(1, Math.floor(domainNodes / group))}, or serve more replicas as another service on another NVLink domain.`,
            });
        }
    }
    svc.wideEp.topologyKey = topologyKey;
    svc.wideEp.requireSameTopology = true;
    svc.wideEp.nvlink = { domainGpus: domain.gpus, domainNodes, topologyKey };
    const image = svc.release.nvl72.wideEpImage;
    if (image && !input.images?.modelServer) svc.images = { ...svc.images, modelServer: image };
}

