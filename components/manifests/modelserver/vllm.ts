// vLLM and simulator model-server pods for one role (decode, or prefill in P/D).
import { addBytes } from "../../config/quantity";
import { RoleSpec, ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType, WellLitPath } from "../../config/types";
import { GUIDE_LABEL, K8sObject, MODEL_LABEL, ROLE_LABEL, commonLabels, labelValue, poolSelector, serviceNames } from "../common";
import { drainLifecycle, spreadConstraints } from "../platform/reliability";
import { acceleratorFragment } from "./accelerator";
import { simulatorLoraArgs, vllmLoraArgs } from "./lora";
import { SERVING_PORT } from "./ports";
import { vendorFragment, withVendor } from "./vendors";
import { networkFragment, withNetwork } from "../network";
import { checkedServeCommand, fabricPin, withFabricEnv } from "../network/fabric";

export const MODEL_CACHE_DIR = "/model-cache";
/** llm-d's guides give vLLM 20Gi of /dev/shm (NCCL and the multiprocessing executor use it). */
const SHM_SIZE = "20Gi";
/** UID the llm-d-inference-sim image runs as (distroless/ubi-micro nonroot). */
const SIM_UID = 65532;

export function modelServerLabels(svc: ServiceSpec, role: RoleSpec): Record<string, string> {
    return {
        ...poolSelector(svc),
        [ROLE_LABEL]: role.role,
        [GUIDE_LABEL]: svc.path,
        [MODEL_LABEL]: labelValue(svc.model.servedName),
        "llm-d.ai/accelerator-vendor": svc.accelerator.type,
    };
}

/** Selector of one role's pods (the Deployment's). */
export function roleSelector(svc: ServiceSpec, role: RoleSpec): Record<string, string> {
    return { ...poolSelector(svc), [ROLE_LABEL]: role.role };
}

/** Endpoints vLLM leaves out of its access log; the precise path's decode pods also serve the tokenizer's render calls. */
function accessLogExcluded(svc: ServiceSpec): string[] {
    const ex = svc.release.accessLogExcludedEndpoints;
    return svc.path === WellLitPath.PrecisePrefixCache ? ex.precise : ex.default;
}

/** `vllm serve` arguments the path shares; path modules append theirs. */
export function vllmArgs(svc: ServiceSpec, role: RoleSpec, port: number): string[] {
    const args = [
        svc.model.id,
        `--port=${port}`,
        `--served-model-name=${svc.model.servedName}`,
        `--tensor-parallel-size=${role.tensorParallel}`,
    ];
    if (role.dataParallel > 1) args.push(`--data-parallel-size=${role.dataParallel}`);
    args.push(
        "--enable-prefix-caching",
        `--block-size=${svc.prefixCache.blockSize}`,
        `--disable-access-log-for-endpoints=${accessLogExcluded(svc).join(",")}`,
    );
    if (role.gpuMemoryUtilization !== undefined) args.push(`--gpu-memory-utilization=${role.gpuMemoryUtilization}`);
    if (role.maxModelLen !== undefined) args.push(`--max-model-len=${role.maxModelLen}`);
    if (svc.model.trustRemoteCode) args.push("--trust-remote-code");
    args.push(...vllmLoraArgs(svc));
    return args;
}

/** llm-d-inference-sim arguments: an OpenAI-compatible server with vLLM's metrics, no accelerator. */
export function simulatorArgs(svc: ServiceSpec, role: RoleSpec, port: number): string[] {
    const args = [
        `--port=${port}`,
        `--model=${svc.model.id}`,
        `--served-model-name=${svc.model.servedName}`,
        `--mode=${svc.simulator.mode}`,
        `--block-size=${svc.prefixCache.blockSize}`,
        `--hash-seed=${svc.prefixCache.hashSeed}`,
    ];
    if (role.dataParallel > 1) args.push(`--data-parallel-size=${role.dataParallel}`);
    if (role.maxModelLen !== undefined) args.push(`--max-model-len=${role.maxModelLen}`);
    // The simulator parses both as Go durations (llm-d-inference-sim pkg/common/parser.go): a bare number makes it exit at start.
    if (svc.simulator.timeToFirstTokenMs > 0) args.push(`--time-to-first-token=${svc.simulator.timeToFirstTokenMs}ms`);
    if (svc.simulator.interTokenLatencyMs > 0) args.push(`--inter-token-latency=${svc.simulator.interTokenLatencyMs}ms`);
    args.push(...simulatorLoraArgs(svc));
    return args;
}

export interface ContainerPort {
    name: string;
    containerPort: number;
    protocol: "TCP";
}

/** What a path adds to the shared model-server pod. */
export interface PodAdditions {
    args?: string[];
    env?: Record<string, unknown>[];
    ports?: ContainerPort[];
    /** Native sidecars (initContainers with restartPolicy Always). */
    sidecars?: Record<string, unknown>[];
    volumes?: Record<string, unknown>[];
    volumeMounts?: Record<string, unknown>[];
    /** Extra resources (e.g. RDMA devices). */
    resources?: Record<string, string>;
    capabilities?: string[];
    /** Port vLLM listens on (defaults to the serving port). */
    port?: number;
    annotations?: Record<string, string>;
    /** DRA claims (GKE managed DRANET); when set, they replace the accelerator's extended resource. */
    resourceClaims?: { name: string; resourceClaimTemplateName: string }[];
    /** DRA claims beside the accelerators (an IMEX channel of a ComputeDomain): the GPUs stay as they are requested. */
    deviceClaims?: { name: string; resourceClaimTemplateName: string }[];
    /** Shell lines run before vLLM starts (vLLM then gets the container's args). */
    preServe?: string[];
    /** Bytes /dev/shm must hold beyond the runtime's own (vLLM's tiering CPU tier is an mmap in /dev/shm). */
    shmExtraBytes?: number;
}

/**
 * vLLM's command: `vllm serve`, or a shell script that runs `lines` (and the fabric check's lines) first and
 * then hands the container's args to `vllm serve` (conformance reads the args of this form as vLLM's).
 */
function serveCommand(checked: string[] | undefined, lines: string[] | undefined): string[] {
    if (!lines?.length) return checked ?? ["vllm", "serve"];
    if (checked) return [checked[0], checked[1], [...lines, checked[2]].join("\n"), ...checked.slice(3)];
    return ["/bin/bash", "-c", [...lines, 'exec vllm serve "$@"'].join("\n"), "vllm"];
}

function isSimulated(svc: ServiceSpec): boolean {
    return svc.accelerator.type === AcceleratorType.Simulated;
}

function probes(svc: ServiceSpec, port: number, startupFailureThreshold = 120) {
    if (isSimulated(svc)) {
        return {
            startupProbe: { httpGet: { path: "/v1/models", port }, periodSeconds: 2, failureThreshold: 60 },
            livenessProbe: { httpGet: { path: "/health", port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
            readinessProbe: { httpGet: { path: "/v1/models", port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
        };
    }
    // Large models take many minutes to download and load: the startup probe allows an hour
    // (120 x 30 s) before liveness takes over, as llm-d's guides size it.
    return {
        startupProbe: { httpGet: { path: "/v1/models", port }, initialDelaySeconds: 15, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: startupFailureThreshold },
        livenessProbe: { httpGet: { path: "/health", port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: "/v1/models", port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    };
}

function envList(env: Record<string, string>): Record<string, unknown>[] {
    return Object.keys(env)
        .sort()
        .map((name) => ({ name, value: env[name] }));
}

/** The model-server Deployment of one role. */
export function buildModelServerDeployment(svc: ServiceSpec, role: RoleSpec, stack: StackSpec, add: PodAdditions = {}): K8sObject {
    const names = serviceNames(svc);
    const simulated = isSimulated(svc);
    // The vendor's runtime needs (env, caches, shm, start-up budget): catalog/vendors.ts via ./vendors.ts.
    const vendor = simulated ? undefined : vendorFragment(svc, role);
    if (vendor) add = withVendor(add, vendor);
    // The node pool's accelerator network (GKE RDMA interfaces, EFA settings): manifests/network.
    const network = simulated ? undefined : networkFragment(svc, role);
    if (network) add = withNetwork(add, network);
    // The transports P/D and wide-ep pods must use, and the start-up check that fails loudly without them: network/fabric.ts.
    const fabric = simulated ? undefined : fabricPin(svc, role);
    const port = add.port ?? SERVING_PORT;
    const accel = acceleratorFragment(svc.accelerator, role);
    const podLabels = { ...commonLabels("model-server", svc.name), ...modelServerLabels(svc, role) };
    const name = role.role === "prefill" ? names.prefill : names.decode;

    const env: Record<string, unknown>[] = [
        { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    ];
    if (!simulated) {
        env.push(
            // optional: public models need no token, and the Secret may be created after the pod.
            { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: stack.huggingFace.tokenSecretName, key: stack.huggingFace.tokenSecretKey, optional: true } } },
            { name: "HF_HOME", value: MODEL_CACHE_DIR },
            // Block hashes must be reproducible: the scheduler derives the same keys from this seed.
            { name: "PYTHONHASHSEED", value: svc.prefixCache.hashSeed },
            { name: "VLLM_NO_USAGE_STATS", value: "1" },
            { name: "DO_NOT_TRACK", value: "1" },
        );
    }
    env.push(...withFabricEnv(add.env ?? [], fabric, role.env), ...envList(role.env));

    // Accelerators come either as an extended resource or, on DRANET pools, through DRA claims (manifests/network).
    const claims = [...(add.resourceClaims ?? []), ...(add.deviceClaims ?? [])];
    const accelResources = add.resourceClaims?.length ? {} : accel.resources;
    const resources = {
        requests: { cpu: role.resources.cpu, memory: role.resources.memory, ...accelResources, ...(add.resources ?? {}) },
        limits: {
            ...(role.resources.cpuLimit ? { cpu: role.resources.cpuLimit } : {}),
            ...(role.resources.memoryLimit ? { memory: role.resources.memoryLimit } : {}),
            ...accelResources,
            ...(add.resources ?? {}),
        },
        ...(claims.length ? { claims: claims.map((c) => ({ name: c.name })) } : {}),
    };

    const container: Record<string, unknown> = {
        name: simulated ? "simulator" : "vllm",
        image: svc.images.modelServer,
        imagePullPolicy: "IfNotPresent",
        ...(simulated ? {} : { command: serveCommand(fabric?.check.length ? checkedServeCommand(fabric) : undefined, add.preServe) }),
        args: [...(simulated ? simulatorArgs(svc, role, port) : vllmArgs(svc, role, port)), ...(add.args ?? []), ...role.extraArgs],
        env,
        ports: [{ name: "http", containerPort: port, protocol: "TCP" }, ...(add.ports ?? [])],
        ...probes(svc, port, vendor?.startupFailureThreshold),
        // Keeps serving while the picker and gateway drop the terminating pod (platform/reliability.ts).
        lifecycle: drainLifecycle(),
        resources,
        securityContext: simulated
            ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: SIM_UID, runAsGroup: SIM_UID, capabilities: { drop: ["ALL"] } }
            : // vLLM's images run as root (as llm-d's guides run them); every capability is dropped unless the path adds one.
              {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"], ...(add.capabilities?.length ? { add: add.capabilities } : {}) },
              },
        volumeMounts: simulated
            ? [{ name: "tmp", mountPath: "/tmp" }, ...(add.volumeMounts ?? [])]
            : [
                  { name: "dshm", mountPath: "/dev/shm" },
                  { name: "model-cache", mountPath: MODEL_CACHE_DIR },
                  ...(add.volumeMounts ?? []),
              ],
    };
    const volumes = simulated
        ? [{ name: "tmp", emptyDir: {} }, ...(add.volumes ?? [])]
        : [
              { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: add.shmExtraBytes ? addBytes(vendor?.shmSize ?? SHM_SIZE, add.shmExtraBytes) : (vendor?.shmSize ?? SHM_SIZE) } },
              { name: "model-cache", emptyDir: { sizeLimit: svc.model.cacheSize } },
              ...(add.volumes ?? []),
          ];

    const podSpec: Record<string, unknown> = {
        serviceAccountName: names.modelServerAccount,
        automountServiceAccountToken: false,
        // Lets in-flight generations finish when a pod is replaced (the gateway stops routing first).
        terminationGracePeriodSeconds: simulated ? 30 : 130,
        enableServiceLinks: false,
        securityContext: { seccompProfile: { type: "RuntimeDefault" }, ...(vendor?.supplementalGroups ? { supplementalGroups: vendor.supplementalGroups } : {}) },
        // Soft spread over nodes and zones; paths may replace it (P/D adds anti-affinity).
        topologySpreadConstraints: spreadConstraints(roleSelector(svc, role)),
        ...(add.sidecars?.length ? { initContainers: add.sidecars } : {}),
        containers: [container],
        volumes,
        ...(claims.length ? { resourceClaims: claims } : {}),
    };
    if (Object.keys(accel.nodeSelector).length) podSpec.nodeSelector = accel.nodeSelector;
    if (accel.tolerations.length) podSpec.tolerations = accel.tolerations;

    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: stack.namespace, labels: podLabels },
        spec: {
            replicas: role.replicas,
            selector: { matchLabels: roleSelector(svc, role) },
            // Accelerators are scarce: never surge beyond the pods that exist, replace one at a time.
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
            template: {
                metadata: { labels: podLabels, ...(add.annotations ? { annotations: add.annotations } : {}) },
                spec: podSpec,
            },
        },
    };
}

export function buildModelServerAccount(svc: ServiceSpec, stack: StackSpec): K8sObject {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: serviceNames(svc).modelServerAccount, namespace: stack.namespace, labels: commonLabels("model-server", svc.name) },
        automountServiceAccountToken: false,
    };
}
