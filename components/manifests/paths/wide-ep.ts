// Wide expert parallelism: a large MoE model served by data-parallel attention and expert-parallel
// MoE layers across several whole nodes. Each prefill and each decode replica is one LeaderWorkerSet
// group of `groupSize` pods; every pod runs `dataParallel` vLLM ranks under vLLM's DP supervisor, one
// HTTP port per rank, so the picker routes to individual ranks. Prefill and decode are disaggregated
// as on the P/D path (NIXL, routing sidecar in front of decode).
// Values follow llm-d/llm-d guides/wide-ep-lws (mirror zetxqx/llm-d @2026-06-27):
// modelserver/gpu/vllm-deepseek-r1-0528/base/{prefill,decode}.yaml and router/wide-ep-lws.values.yaml.
import { ConfigError, ConfigIssue } from "../../config/errors";
import { WIDE_EP_PERF_DEFAULTS, decodeDispatchTokens, extraArgFlag, requiredQpDepth } from "../../config/wide-ep";
import { KvTransport, RoleSpec, ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";
import { K8sObject, commonLabels } from "../common";
import { LWS_ENV, LWS_GROUP_KEY_LABEL, lwsPodSpec, toLeaderWorkerSet } from "../modelserver/leaderworkerset";
import { usesGpuDirect } from "../network";
import { fabricCheckLines, fabricPin } from "../network/fabric";
import { DECODE_BEHIND_SIDECAR_PORT, NIXL_SIDE_CHANNEL_PORT, SERVING_PORT, modelServerPorts } from "../modelserver/ports";
import { ContainerPort, PodAdditions, buildModelServerDeployment, roleSelector } from "../modelserver/vllm";
import { SIDECAR_SECURITY_CONTEXT, kvTransferConfig, sidecarArgs } from "./pd-disaggregation";

/** vLLM's data-parallel coordination port on the group leader (the guide's --data-parallel-rpc-port). */
export const DP_RPC_PORT = 5555;
/** DeepEP kernels per role: throughput-oriented for long prefills, latency-oriented for decode steps. */
export const ALL2ALL_BACKEND = { prefill: "deepep_high_throughput", decode: "deepep_low_latency" } as const;
/** The guide's /dev/shm: "roughly 32MB per local DP plus scratch space". */
export const WIDE_EP_SHM_SIZE = "2Gi";
/** EPLB window and rebalancing interval of llm-d's earlier wide-ep guide (steps). */
const EPLB_WINDOW = 1000;
const EPLB_STEP_INTERVAL = 3000;
/** Startup budget: download of ~700 GB of weights, DeepGEMM warm-up and CUDA graphs take long; one hour. */
const STARTUP_PERIOD_SECONDS = 10;
const STARTUP_FAILURES = 360;
/** The pod's primary interface: NCCL, Gloo and NVSHMEM bootstrap over it (RDMA NICs carry the data). */
const POD_INTERFACE = "eth0";
const SIDECAR_RESOURCES = { requests: { cpu: "250m", memory: "256Mi" } };

function simulated(svc: ServiceSpec): boolean {
    return svc.accelerator.type === AcceleratorType.Simulated;
}

/** Where vLLM's rank 0 listens on a pod of this role: behind the sidecar on decode. */
export function rankBasePort(role: RoleSpec): number {
    return role.role === "decode" ? DECODE_BEHIND_SIDECAR_PORT : SERVING_PORT;
}

/** The DP supervisor's port (health and readiness of all local ranks): right after the rank ports. */
export function supervisorPort(role: RoleSpec): number {
    return rankBasePort(role) + role.dataParallel;
}

function transportOf(svc: ServiceSpec): KvTransport {
    return svc.kvTransfer?.transport ?? (simulated(svc) ? "simulated" : "ucx-rdma");
}

/** `--kv-transfer-config` of both roles: P/D's NIXL config, failing a request whose KV cache cannot be loaded (as the guide). */
export function wideEpKvTransferConfig(transport: KvTransport): string {
    return JSON.stringify({ ...(JSON.parse(kvTransferConfig(transport)) as Record<string, unknown>), kv_load_failure_policy: "fail" });
}

/**
 * `vllm serve` arguments of one role. Values depending on the pod's place in its group come from the
 * LWS environment and are expanded by the shell: the DP size is the group size times the local ranks,
 * and each pod's first rank is its worker index times the local ranks.
 */
export function wideEpVllmArgs(svc: ServiceSpec, role: RoleSpec): string[] {
    const local = role.dataParallel;
    const args = [
        svc.model.id,
        `--port=${rankBasePort(role)}`,
        `--served-model-name=${svc.model.servedName}`,
        `--tensor-parallel-size=${role.tensorParallel}`,
        `--data-parallel-size=$((${LWS_ENV.groupSize} * ${local}))`,
        `--data-parallel-size-local=${local}`,
        `--data-parallel-address=\${${LWS_ENV.leaderAddress}}`,
        `--data-parallel-rpc-port=${DP_RPC_PORT}`,
        `--data-parallel-start-rank=$((\${${LWS_ENV.workerIndex}:-0} * ${local}))`,
        // Every local rank serves its own port (base..base+local-1); the supervisor reports their health.
        "--data-parallel-multi-port-external-lb",
        `--data-parallel-supervisor-port=${supervisorPort(role)}`,
        "--enable-expert-parallel",
        // DeepEP per role; NCCL's allgather_reducescatter when the user insisted on a network without RDMA.
        `--all2all-backend=${svc.wideEp?.all2allBackend ?? ALL2ALL_BACKEND[role.role]}`,
        "--enable-prefix-caching",
        `--block-size=${svc.prefixCache.blockSize}`,
        `--disable-access-log-for-endpoints=${svc.release.accessLogExcludedEndpoints.default.join(",")}`,
        `--kv-transfer-config=${wideEpKvTransferConfig(transportOf(svc))}`,
    ];
    const eplb = svc.wideEp?.eplbRedundantExperts;
    if (eplb !== undefined) {
        args.push("--enable-eplb", `--eplb-config=${JSON.stringify({ window_size: EPLB_WINDOW, step_interval: EPLB_STEP_INTERVAL, num_redundant_experts: eplb })}`);
    }
    if (role.gpuMemoryUtilization !== undefined) args.push(`--gpu-memory-utilization=${role.gpuMemoryUtilization}`);
    if (role.maxModelLen !== undefined) args.push(`--max-model-len=${role.maxModelLen}`);
    if (svc.model.trustRemoteCode) args.push("--trust-remote-code");
    return [...args, ...wideEpPerfArgs(svc, role), ...role.extraArgs];
}

/**
 * The guide's performance flags for one role (config/wide-ep.ts WIDE_EP_PERF_DEFAULTS cites each); a flag the
 * role's extraArgs names is left to extraArgs, so a user value replaces the default instead of repeating it.
 */
export function wideEpPerfArgs(svc: ServiceSpec, role: RoleSpec): string[] {
    const perf = svc.wideEp?.perf;
    if (!perf) return [];
    const userFlags = new Set(role.extraArgs.map(extraArgFlag));
    const out: [string, string | undefined][] = [];
    if (perf.moeBackend) out.push(["--moe-backend", perf.moeBackend]);
    const dbo = perf.dbo[role.role];
    if (dbo) {
        out.push(["--enable-dbo", undefined]);
        if (dbo.threshold !== undefined) out.push([role.role === "decode" ? "--dbo-decode-token-threshold" : "--dbo-prefill-token-threshold", String(dbo.threshold)]);
    }
    if (role.role === "decode") {
        out.push(["--max-num-batched-tokens", String(perf.decodeMaxNumBatchedTokens)], ["--max-num-seqs", String(perf.decodeMaxNumSeqs)]);
    }
    if (perf.asyncScheduling) out.push(["--async-scheduling", undefined]);
    return out.filter(([flag]) => !userFlags.has(flag)).map(([flag, value]) => (value === undefined ? flag : `${flag}=${value}`));
}

/** Quotes one argument for bash: LWS expressions in double quotes (expanded), everything else literal. */
function shellWord(arg: string): string {
    if (/\$\(\(|\$\{LWS_/.test(arg) && !/["`\\]/.test(arg)) return `"${arg}"`;
    return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** The container's bash script: clear stale shared memory, then exec vLLM with the group's layout. */
export function wideEpScript(svc: ServiceSpec, role: RoleSpec): string {
    return [
        ...fabricCheckLines(fabricPin(svc, role)),
        "# A crashed engine leaves its shared-memory segments behind in the pod's /dev/shm (llm-d/llm-d issue 352).",
        "find /dev/shm -type f -delete",
        "exec vllm serve \\",
        wideEpVllmArgs(svc, role)
            .map((a) => `  ${shellWord(a)}`)
            .join(" \\\n"),
    ].join("\n");
}

/** Whether the role runs DeepEP over NVSHMEM (false when the user insisted on wide-ep without RDMA: NCCL all-to-all). */
export function usesDeepEp(svc: ServiceSpec): boolean {
    return !svc.wideEp?.all2allBackend;
}

/** NVSHMEM, NCCL and vLLM settings per role and network stack (IB, RoCE, EFA; TCP or GPUDirect-TCPX(O) without NVSHMEM). */
export function wideEpEnv(svc: ServiceSpec, role: RoleSpec): Record<string, unknown>[] {
    const deepEp = usesDeepEp(svc);
    let env: [string, string][] = [
        // Skips vLLM's slow GPU peer-to-peer probe at start; the nodes are known NVLink machines.
        ["VLLM_SKIP_P2P_CHECK", "1"],
        // Idle DP ranks run dummy batches; random inputs keep expert routing (and EPLB stats) realistic.
        ["VLLM_RANDOMIZE_DP_DUMMY_INPUTS", "1"],
        ["VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS", "1"],
        // Engines of a large group take long to come up together (the guide's 3000 s).
        ["VLLM_ENGINE_READY_TIMEOUT_S", "3000"],
        ["TRITON_LIBCUDA_PATH", "/usr/lib64"],
        ["NVIDIA_GDRCOPY", "enabled"],
        ["GLOO_SOCKET_IFNAME", POD_INTERFACE],
        ["NCCL_SOCKET_IFNAME", POD_INTERFACE],
        ["NVSHMEM_BOOTSTRAP_UID_SOCK_IFNAME", POD_INTERFACE],
        ["VLLM_NIXL_SIDE_CHANNEL_PORT", String(NIXL_SIDE_CHANNEL_PORT)],
    ];
    const perf = svc.wideEp?.perf;
    // Tokens per rank in one expert-parallel dispatch (vllm/envs.py VLLM_MOE_DP_CHUNK_SIZE), when chosen.
    if (perf?.moeDpChunkSize !== undefined) env.push(["VLLM_MOE_DP_CHUNK_SIZE", String(perf.moeDpChunkSize)]);
    if (role.role === "decode") {
        // Low-latency DeepEP buffers live in NVSHMEM's symmetric heap; the default is too small (guide: "Prevent NVSHMEM OOM").
        env.push(["NVSHMEM_SYMMETRIC_SIZE", "16G"], ["VLLM_USE_DEEP_GEMM", "1"]);
        // DeepEP low-latency dispatch asserts NVSHMEM_QP_DEPTH >= (tokens per rank + 1) x 2 (deep_ep/buffer.py; vLLM docs
        // expert_parallel_deployment.md "Increasing VLLM_MOE_DP_CHUNK_SIZE ... fixed by increasing NVSHMEM_QP_DEPTH").
        const depth = perf && deepEp ? requiredQpDepth(decodeDispatchTokens(perf, role)) : 0;
        if (depth > WIDE_EP_PERF_DEFAULTS.nvshmemQpDepth) env.push(["NVSHMEM_QP_DEPTH", String(depth)]);
    } else {
        // Above the sidecar's 90 s idle timeout, so vLLM never drops a pooled connection first.
        env.push(["VLLM_HTTP_TIMEOUT_KEEP_ALIVE", "120"]);
    }
    const transport = transportOf(svc);
    if (transport === "ucx-rdma") {
        // GPU-initiated RDMA (IBGDA): DeepEP's kernels post work requests to the NIC from the GPU.
        env.push(["NVSHMEM_REMOTE_TRANSPORT", "ibgda"], ["NVSHMEM_IB_ENABLE_IBGDA", "true"]);
    }
    // The fabric's transport pins (UCX, libfabric, NCCL, NVSHMEM over EFA) and its start-up check: network/fabric.ts.
    // Without DeepEP nothing reads NVSHMEM settings; on a GPUDirect-TCPX(O) pool the network fragment owns NCCL's interfaces.
    if (!deepEp) env = env.filter(([name]) => !name.startsWith("NVSHMEM_"));
    if (usesGpuDirect(svc, role)) env = env.filter(([name]) => name !== "NCCL_SOCKET_IFNAME");
    const userSet = new Set(Object.keys(role.env));
    return [
        // The NIXL side channel peers fetch this pod's metadata from: the pod IP.
        { name: "VLLM_NIXL_SIDE_CHANNEL_HOST", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        ...env.filter(([name]) => !userSet.has(name)).map(([name, value]) => ({ name, value })),
    ];
}

function rankPorts(prefix: string, base: number, count: number): ContainerPort[] {
    return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, containerPort: base + i, protocol: "TCP" as const }));
}

/** The routing sidecar in front of decode: one listener per local rank (8000+i -> 8200+i). */
export function wideEpRoutingSidecar(svc: ServiceSpec, role: RoleSpec): Record<string, unknown> {
    return {
        name: "routing-proxy",
        image: svc.images.routingSidecar,
        imagePullPolicy: "IfNotPresent",
        restartPolicy: "Always",
        args: sidecarArgs(svc, role.dataParallel),
        ports: rankPorts("rank", SERVING_PORT, role.dataParallel),
        resources: SIDECAR_RESOURCES,
        securityContext: SIDECAR_SECURITY_CONTEXT,
    };
}

/** GKE multi-network RDMA: one interface per GPU NIC, the networks GKE's RDMA node pools define. */
function gkeRdmaAnnotations(nics: number): Record<string, string> {
    const interfaces = [{ interfaceName: "eth0", network: "default" }, ...Array.from({ length: nics }, (_, i) => ({ interfaceName: `eth${i + 2}`, network: `rdma-${i}` }))];
    return { "networking.gke.io/default-interface": "eth0", "networking.gke.io/interfaces": JSON.stringify(interfaces) };
}

/** ComputeDomain API of NVIDIA's DRA driver (k8s-dra-driver-gpu v25.8.0 api/nvidia.com/resource/v1beta1/computedomain.go). */
export const COMPUTE_DOMAIN_API = "resource.nvidia.com/v1beta1";
/** The pod's claim on its role's IMEX channel. */
export const IMEX_CLAIM = "imex-channel";

export function computeDomainName(svc: ServiceSpec, role: RoleSpec): string {
    return `${svc.name}-${role.role}-nvlink`;
}

export function imexChannelTemplateName(svc: ServiceSpec, role: RoleSpec): string {
    return `${computeDomainName(svc, role)}-channel`;
}

/**
 * One ComputeDomain per role on a multi-node NVLink domain (GB200 NVL72): NVIDIA's DRA driver runs an IMEX
 * daemon on the nodes of the pods that claim its channel, so their GPUs share memory over NVLink across
 * nodes (NCCL MNNVL, NVSHMEM fabric handles, NIXL cuda_ipc). numNodes 0: elastic, the domain follows its
 * pods (driver 25.8.0 and later); the driver creates the channel's ResourceClaimTemplate. Shape as llm-d's
 * vllm-deepseek-v4 recipe (providers/oci/compute-domain.yaml: channel.resourceClaimTemplate, allocationMode Single).
 */
export function buildComputeDomain(svc: ServiceSpec, role: RoleSpec, stack: StackSpec): K8sObject {
    return {
        apiVersion: COMPUTE_DOMAIN_API,
        kind: "ComputeDomain",
        metadata: { name: computeDomainName(svc, role), namespace: stack.namespace, labels: { ...commonLabels("model-server", svc.name), ...roleSelector(svc, role) } },
        spec: { numNodes: 0, channel: { resourceClaimTemplate: { name: imexChannelTemplateName(svc, role) }, allocationMode: "Single" } },
    } as K8sObject;
}

/**
 * Keeps the pods of one group in one block of the fabric: affinity to pods of the same group. On a
 * multi-node NVLink domain the whole role (its ComputeDomain) must share one domain, so the term selects
 * every pod of the role.
 */
function groupAffinity(svc: ServiceSpec, role: RoleSpec): Record<string, unknown> | undefined {
    const key = svc.wideEp?.topologyKey;
    if (!key) return undefined;
    const term = { labelSelector: { matchLabels: roleSelector(svc, role) }, ...(svc.wideEp?.nvlink ? {} : { matchLabelKeys: [LWS_GROUP_KEY_LABEL] }), topologyKey: key };
    return svc.wideEp?.requireSameTopology
        ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
        : { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}

function additions(svc: ServiceSpec, role: RoleSpec): PodAdditions {
    const decode = role.role === "decode";
    const add: PodAdditions = decode ? { port: DECODE_BEHIND_SIDECAR_PORT, sidecars: [wideEpRoutingSidecar(svc, role)] } : {};
    if (simulated(svc)) return add;
    add.env = wideEpEnv(svc, role);
    // IPC_LOCK: NVSHMEM, NIXL and NCCL pin (register) GPU and host memory with the RDMA NICs.
    // SYS_RAWIO: GPU-initiated RDMA (DeepEP) maps the NIC's doorbell registers for the GPU to write; NCCL all-to-all needs none.
    add.capabilities = usesDeepEp(svc) ? ["IPC_LOCK", "SYS_RAWIO"] : ["IPC_LOCK"];
    const resources: Record<string, string> = Object.fromEntries(Object.entries(role.networkResources ?? {}).map(([k, v]) => [k, String(v)]));
    const nics = svc.wideEp?.gkeRdmaNics;
    if (nics) {
        // GKE injects both networking.gke.io.networks/rdma-N and its .IP variant from the interfaces annotation;
        // current nodes only advertise .IP, so the plain one is zeroed (as llm-d's GKE overlay).
        for (let i = 0; i < nics; i++) resources[`networking.gke.io.networks/rdma-${i}`] = "0";
        add.annotations = gkeRdmaAnnotations(nics);
    }
    if (Object.keys(resources).length) add.resources = resources;
    if (svc.wideEp?.nvlink) {
        // The role's IMEX channel beside its GPUs, and the release's MNNVL settings (they replace the fabric's UCX pins).
        add.deviceClaims = [{ name: IMEX_CLAIM, resourceClaimTemplateName: imexChannelTemplateName(svc, role) }];
        const userSet = new Set(Object.keys(role.env));
        const mnnvl = svc.release.nvl72.env.filter(([name]) => !userSet.has(name)).map(([name, value]) => ({ name, value }));
        const names = new Set(mnnvl.map((e) => e.name));
        add.env = [...(add.env ?? []).filter((e) => !names.has(String(e.name))), ...mnnvl];
    }
    return add;
}

interface MutableContainer {
    command?: string[];
    args?: string[];
    ports?: ContainerPort[];
    securityContext?: Record<string, unknown>;
    [k: string]: unknown;
}

/** Turns the shared vLLM pod into a wide-ep rank pod: script, per-rank ports, supervisor probes, shm. */
function finishVllmPod(svc: ServiceSpec, role: RoleSpec, pod: Record<string, unknown>): void {
    const c = (pod.containers as MutableContainer[])[0];
    c.command = ["/bin/bash", "-c"];
    c.args = [wideEpScript(svc, role)];
    const sup = supervisorPort(role);
    c.ports = [
        // Rank 0 keeps the name every model server's HTTP port has ("http"): monitors and
        // NetworkPolicies find vLLM's /metrics by it.
        ...rankPorts(role.role === "decode" ? "vllm-rank" : "rank", rankBasePort(role), role.dataParallel).map((p, i) => (i === 0 ? { ...p, name: "http" } : p)),
        { name: "supervisor", containerPort: sup, protocol: "TCP" },
        { name: "dp-rpc", containerPort: DP_RPC_PORT, protocol: "TCP" },
        { name: "nixl", containerPort: NIXL_SIDE_CHANNEL_PORT, protocol: "TCP" },
    ];
    // The supervisor answers for every local rank: /health (alive) and /readyz (all ranks serving).
    c.startupProbe = { httpGet: { path: "/health", port: sup }, periodSeconds: STARTUP_PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: STARTUP_FAILURES };
    c.livenessProbe = { httpGet: { path: "/health", port: sup }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 };
    c.readinessProbe = { httpGet: { path: "/readyz", port: sup }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
    if (svc.wideEp?.gkeRdmaNics) {
        // GKE allows GPU-initiated RDMA only from privileged containers (llm-d's GKE overlay); privileged
        // excludes allowPrivilegeEscalation: false.
        const sc = { ...(c.securityContext ?? {}) };
        delete sc.allowPrivilegeEscalation;
        c.securityContext = { ...sc, privileged: true };
    }
    // Cross-pod cuda_ipc over multi-node NVLink (NIXL KV transfers) needs the host's IPC and PID namespaces in the releases that say so.
    if (svc.wideEp?.nvlink && svc.release.nvl72.hostIpc) {
        pod.hostIPC = true;
        pod.hostPID = true;
    }
    for (const v of pod.volumes as { name: string; emptyDir?: Record<string, unknown> }[]) {
        if (v.name === "dshm" && v.emptyDir) v.emptyDir.sizeLimit = WIDE_EP_SHM_SIZE;
    }
}

/** One role as a LeaderWorkerSet. */
export function buildWideEpRole(svc: ServiceSpec, role: RoleSpec, stack: StackSpec): K8sObject {
    const deploy = buildModelServerDeployment(svc, role, stack, additions(svc, role));
    const lws = toLeaderWorkerSet(deploy, role);
    const pod = lwsPodSpec(lws);
    if (!simulated(svc)) finishVllmPod(svc, role, pod);
    // A group belongs together in one fabric block: the shared builder's spread over hosts and zones would pull it apart.
    delete pod.topologySpreadConstraints;
    const affinity = groupAffinity(svc, role);
    if (affinity) pod.affinity = affinity;
    return lws;
}

/** What a built wide-ep LeaderWorkerSet runs, read back from the object. */
export interface WideEpLayout {
    groupSize: number;
    gpusPerPod: number;
    tensorParallel: number;
    dataParallelLocal: number;
    /** The multiplier of LWS_GROUP_SIZE in --data-parallel-size. */
    dataParallelSizeFactor: number;
    /** The multiplier of LWS_WORKER_INDEX in --data-parallel-start-rank. */
    startRankFactor: number;
    rankPorts: number[];
}

function scriptFlag(script: string, name: string): string | undefined {
    const m = new RegExp(`['"]${name}=([^'"]*)['"]`).exec(script);
    return m?.[1];
}

export function readLayout(lws: K8sObject): WideEpLayout {
    const spec = (lws as unknown as { spec: { leaderWorkerTemplate: { size: number } } }).spec;
    const c = (lwsPodSpec(lws).containers as { args: string[]; ports: ContainerPort[]; resources: { limits: Record<string, string>; claims?: { name: string }[] } }[])[0];
    const gpuClaims = (c.resources.claims ?? []).filter((x) => x.name !== IMEX_CLAIM);
    const script = c.args.join("\n");
    const num = (v: string | undefined) => (v === undefined ? NaN : Number(v));
    const factor = (v: string | undefined, env: string) => num(new RegExp(`\\$\\(\\(\\$?\\{?${env}(:-0)?\\}? \\* (\\d+)\\)\\)`).exec(v ?? "")?.[2]);
    return {
        groupSize: spec.leaderWorkerTemplate.size,
        // DRANET pods claim their GPUs (one claim each) instead of requesting nvidia.com/gpu.
        gpusPerPod: num(c.resources.limits["nvidia.com/gpu"] ?? (gpuClaims.length ? String(gpuClaims.length) : undefined)),
        tensorParallel: num(scriptFlag(script, "--tensor-parallel-size")),
        dataParallelLocal: num(scriptFlag(script, "--data-parallel-size-local")),
        dataParallelSizeFactor: factor(scriptFlag(script, "--data-parallel-size"), LWS_ENV.groupSize),
        startRankFactor: factor(scriptFlag(script, "--data-parallel-start-rank"), LWS_ENV.workerIndex),
        rankPorts: c.ports.filter((p) => p.name === "http" || /rank\d+$/.test(p.name)).map((p) => p.containerPort).sort((a, b) => a - b),
    };
}

/**
 * The invariants of a built wide-ep role: group size x GPUs per pod = DP size x TP size; the start
 * ranks tile the DP size (worker i starts at i x local ranks); one port per local rank.
 */
export function checkWideEpLayout(lws: K8sObject, role: RoleSpec, svc: ServiceSpec, base: string): void {
    const l = readLayout(lws);
    const path = `${base}.${role.role}`;
    const issues: ConfigIssue[] = [];
    const dpSize = l.groupSize * l.dataParallelSizeFactor;
    if (l.groupSize * l.gpusPerPod !== dpSize * l.tensorParallel) {
        issues.push({ path: `${path}.groupSize`, got: l.groupSize, expected: `group size x GPUs per pod (${l.groupSize} x ${l.gpusPerPod}) = DP size x TP size (${dpSize} x ${l.tensorParallel})` });
    }
    if (l.dataParallelSizeFactor !== l.dataParallelLocal || l.startRankFactor !== l.dataParallelLocal) {
        issues.push({ path: `${path}.dataParallel`, got: l.dataParallelLocal, expected: "the DP size and each pod's start rank to step by the local ranks" });
    }
    if (l.rankPorts.length !== l.dataParallelLocal) {
        issues.push({ path: `${path}.dataParallel`, got: l.rankPorts.length, expected: `${l.dataParallelLocal} rank ports` });
    }
    const pool = modelServerPorts(svc);
    if (role.role === "prefill" && JSON.stringify(l.rankPorts) !== JSON.stringify(pool)) {
        issues.push({ path: `${path}.dataParallel`, got: l.rankPorts, expected: `the InferencePool's targetPorts ${JSON.stringify(pool)}` });
    }
    if (issues.length) throw new ConfigError(issues);
}

export function wideEpModelServers(svc: ServiceSpec, stack: StackSpec, index: number): K8sObject[] {
    const base = `services[${index}]`;
    if (!svc.prefill) throw new ConfigError([{ path: `${base}.prefill`, got: undefined, expected: "prefill servers (required on wide-ep)" }]);
    const out: K8sObject[] = [];
    for (const role of [svc.prefill, svc.decode]) {
        const lws = buildWideEpRole(svc, role, stack);
        if (!simulated(svc)) checkWideEpLayout(lws, role, svc, base);
        if (svc.wideEp?.nvlink && !simulated(svc)) out.push(buildComputeDomain(svc, role, stack));
        out.push(lws);
    }
    return out;
}
