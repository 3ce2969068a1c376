// Precise prefix-cache-aware routing: every vLLM pod publishes KV-cache events over ZMQ and each
// scheduler replica subscribes to every pod (pod discovery), so the index knows exactly which
// blocks each pod holds (simulators dial one scheduler instead: centralized mode). Prompts are
// tokenized through the `render` Service: a standalone `vllm launch render` Deployment (v0.8.1), or
// the decode model servers themselves (v0.9.0); the release says which (catalog/releases: `precise`).
// Values follow llm-d/llm-d guides/precise-prefix-cache-routing of the stack's release.
import { ConfigError, ConfigIssue } from "../../config/errors";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";
import { K8sObject, SERVICE_LABEL, commonLabels, serviceNames } from "../common";
import { KV_EVENTS_PORT, SERVING_PORT } from "../modelserver/ports";
import { PodAdditions, buildModelServerDeployment, roleSelector } from "../modelserver/vllm";
import { drainLifecycle } from "../platform/reliability";
import { EndpointPickerConfig, pluginKey } from "../scheduler/plugins";

export const PRECISE_PRODUCER = "precise-prefix-cache-producer";
export const TOKEN_PRODUCER = "token-producer";
/** Every topic vLLM publishes starts with this; the scheduler subscribes by this prefix. */
export const KV_EVENTS_TOPIC_PREFIX = "kv@";
/** Port of `vllm launch render` (tokenizer-only vLLM). */
export const RENDER_PORT = 8000;
/** llm-d runs 3 render replicas for 8 model servers (guides/precise-prefix-cache-routing/render/deployment.yaml). */
const RENDER_REPLICAS = 3;
const RENDER_CACHE_DIR = "/tmp/hf";
const RENDER_HOME = "/tmp";
const RENDER_UID = 1001;

export function renderName(svc: Pick<ServiceSpec, "name">): string {
    return `${svc.name}-render`;
}

/** The URL the token-producer calls (`/v1/completions/render`), inside the namespace. */
export function renderUrl(svc: Pick<ServiceSpec, "name">): string {
    return `http://${renderName(svc)}:${RENDER_PORT}`;
}

function simulated(svc: ServiceSpec): boolean {
    return svc.accelerator.type === AcceleratorType.Simulated;
}

/** Port the scheduler binds in centralized mode (llm-d-router v0.9.0 hack/test-e2e.sh). */
export const CENTRAL_KV_EVENTS_PORT = 5557;

/**
 * Centralized event mode: every publisher dials one socket the scheduler binds. The simulator
 * only dials (llm-d-inference-sim pkg/common/publisher.go: socket.Dial), and llm-d-router v0.9.0
 * runs it this way in its e2e tests, so simulated services use it; vLLM uses pod discovery.
 */
export function centralKvEvents(svc: ServiceSpec): boolean {
    return simulated(svc);
}

/** The address simulators dial in centralized mode: the scheduler's Service. */
export function centralKvEventsTarget(svc: ServiceSpec, namespace: string): string {
    return `tcp://${serviceNames(svc).epp}.${namespace}.svc.cluster.local:${CENTRAL_KV_EVENTS_PORT}`;
}

/** The ZMQ endpoint vLLM binds: pod discovery means each pod listens and every scheduler connects. */
export function kvEventsEndpoint(): string {
    return `tcp://*:${KV_EVENTS_PORT}`;
}

/** vLLM's topic: `kv@<pod ip>:<serving port>@<model>`, matching how the scheduler addresses pods. */
export function kvEventsTopic(svc: ServiceSpec): string {
    return `${KV_EVENTS_TOPIC_PREFIX}$(POD_IP):${SERVING_PORT}@${svc.model.id}`;
}

/** vLLM's KV-event replay port, in releases whose guide has one for this layout (the P2P guide's events have none). */
export function kvEventsReplayPort(svc: ServiceSpec): number | undefined {
    return svc.offload?.peerToPeer ? undefined : svc.release.precise.replayPort;
}

/** The socket vLLM replays a pod's blocks on when a scheduler (re)subscribes, in releases that have one. */
export function kvEventsReplayEndpoint(svc: ServiceSpec): string | undefined {
    const port = kvEventsReplayPort(svc);
    return port === undefined ? undefined : `tcp://*:${port}`;
}

/** vLLM `--kv-events-config` (source: llm-d/llm-d guides/precise-prefix-cache-routing/modelserver/gpu/vllm/base/patch-vllm.yaml). */
export function kvEventsConfig(svc: ServiceSpec): string {
    const replay = kvEventsReplayEndpoint(svc);
    return JSON.stringify({ enable_kv_cache_events: true, publisher: "zmq", endpoint: kvEventsEndpoint(), ...(replay ? { replay_endpoint: replay } : {}), topic: kvEventsTopic(svc) });
}

/** The tokenizer is the decode model servers themselves (a Service named `render` selecting them). */
export function tokenizerOnDecodePods(svc: ServiceSpec): boolean {
    return svc.release.precise.tokenizer === "decode-service";
}

function at(obj: unknown, keys: string[]): unknown {
    let cur = obj;
    for (const k of keys) {
        if (typeof cur !== "object" || cur === null) return undefined;
        cur = (cur as Record<string, unknown>)[k];
    }
    return cur;
}

/** The scheduler must index blocks exactly as vLLM hashes them and subscribe to what vLLM publishes. */
export function checkPreciseConfig(cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]): void {
    const fix = `Set ${base}.prefixCache to change vLLM and the scheduler together, or remove the override.`;
    const producer = cfg.plugins.find((p) => p.type === PRECISE_PRODUCER);
    if (!producer) {
        issues.push({ path: `${base}.scheduler`, got: undefined, expected: `a ${PRECISE_PRODUCER} plugin on the precise path` });
        return;
    }
    const field = (...keys: string[]) => `${base}.scheduler.pluginParameters.${pluginKey(producer)}.${keys.join(".")}`;
    const params = producer.parameters ?? {};
    const tpc = at(params, ["tokenProcessorConfig"]) as Record<string, unknown> | undefined;
    // The token processor reads blockSize (router v0.9.0's guides) or blockSizeTokens (v0.10.0's): one must be set, and every one set must match.
    const sizeKeys = ["blockSize", "blockSizeTokens"].filter((k) => tpc?.[k] !== undefined);
    for (const key of sizeKeys.length ? sizeKeys : ["blockSizeTokens"]) {
        const v = tpc?.[key];
        if (v !== svc.prefixCache.blockSize) {
            issues.push({
                path: field("tokenProcessorConfig", key),
                got: v,
                expected: `${svc.prefixCache.blockSize}, vLLM's --block-size (block keys are hashed per block of tokens)`,
                fix,
            });
        }
    }
    if (tpc?.hashSeed !== svc.prefixCache.hashSeed) {
        issues.push({
            path: field("tokenProcessorConfig", "hashSeed"),
            got: tpc?.hashSeed,
            expected: `"${svc.prefixCache.hashSeed}", vLLM's PYTHONHASHSEED (it seeds the first block's hash)`,
            fix,
        });
    }
    const events = (at(params, ["kvEventsConfig"]) ?? {}) as Record<string, unknown>;
    if (centralKvEvents(svc)) {
        const bind = `tcp://*:${CENTRAL_KV_EVENTS_PORT}`;
        if (events.discoverPods !== false || events.zmqEndpoint !== bind) {
            issues.push({
                path: field("kvEventsConfig", events.discoverPods !== false ? "discoverPods" : "zmqEndpoint"),
                got: events.discoverPods !== false ? events.discoverPods : events.zmqEndpoint,
                expected: `centralized events (discoverPods false, zmqEndpoint ${bind}): the simulator dials ${centralKvEventsTarget(svc, "<namespace>")}`,
                fix: "Remove the override.",
            });
        }
    } else {
        if (events.discoverPods !== true) {
            issues.push({
                path: field("kvEventsConfig", "discoverPods"),
                got: events.discoverPods,
                expected: `true: every vLLM pod binds ${kvEventsEndpoint()} and each scheduler replica must connect to every pod`,
                fix: "Remove the override.",
            });
        }
        const replay = kvEventsReplayPort(svc);
        const replayPort = at(events, ["podDiscoveryConfig", "replaySocketPort"]);
        if (replayPort !== replay) {
            issues.push({
                path: field("kvEventsConfig", "podDiscoveryConfig", "replaySocketPort"),
                got: replayPort,
                expected: replay === undefined ? `none: vLLM has no replay socket in llm-d ${svc.release.name}` : `${replay}, the port vLLM's --kv-events-config replays on`,
                fix: "Remove the override.",
            });
        }
        const port = at(events, ["podDiscoveryConfig", "socketPort"]);
        if (port !== KV_EVENTS_PORT) {
            issues.push({
                path: field("kvEventsConfig", "podDiscoveryConfig", "socketPort"),
                got: port,
                expected: `${KV_EVENTS_PORT}, the port vLLM's --kv-events-config publishes on`,
                fix: "Remove the override.",
            });
        }
        if (events.zmqEndpoint !== undefined) {
            issues.push({
                path: field("kvEventsConfig", "zmqEndpoint"),
                got: events.zmqEndpoint,
                expected: "no central endpoint: vLLM publishes on each pod, not to the scheduler",
                fix: "Remove the override.",
            });
        }
    }
    const filter = events.topicFilter;
    if (typeof filter !== "string" || !KV_EVENTS_TOPIC_PREFIX.startsWith(filter)) {
        issues.push({
            path: field("kvEventsConfig", "topicFilter"),
            got: filter,
            expected: `a prefix of "${KV_EVENTS_TOPIC_PREFIX}" so it matches every pod's topic ${kvEventsTopic(svc)}`,
            fix: "Remove the override.",
        });
    }
    const tokens = cfg.plugins.find((p) => p.type === TOKEN_PRODUCER);
    const tparams = tokens?.parameters ?? {};
    if (tparams.modelName !== svc.model.id) {
        issues.push({
            path: `${base}.scheduler.pluginParameters.${TOKEN_PRODUCER}.modelName`,
            got: tparams.modelName,
            expected: `"${svc.model.id}": prompts must be tokenized with the served model's tokenizer`,
            fix: `Set ${base}.model.id instead.`,
        });
    }
    if (at(tparams, ["vllm", "url"]) !== renderUrl(svc)) {
        issues.push({
            path: `${base}.scheduler.pluginParameters.${TOKEN_PRODUCER}.vllm.url`,
            got: at(tparams, ["vllm", "url"]),
            expected: `${renderUrl(svc)}, the render Service this stack deploys`,
            fix: "Remove the override.",
        });
    }
}

/** What the precise path adds to each model-server pod: the KV-event publisher and its port. */
export function preciseAdditions(svc: ServiceSpec, stack: StackSpec): PodAdditions {
    const port = { name: "kv-events", containerPort: KV_EVENTS_PORT, protocol: "TCP" as const };
    if (centralKvEvents(svc)) {
        // llm-d-inference-sim publishes the same events when its cache is on, dialing the scheduler;
        // its topic kv@$POD_IP:<port>@<model> needs POD_IP (set by vllm.ts). No port opens on the pod.
        // source: llm-d/llm-d-inference-sim docs/kv-cache.md, pkg/common/publisher.go
        return { args: ["--enable-kvcache=true", "--kv-cache-size=1024", `--zmq-endpoint=${centralKvEventsTarget(svc, stack.namespace)}`] };
    }
    const replay = kvEventsReplayPort(svc);
    return { args: [`--kv-events-config=${kvEventsConfig(svc)}`], ports: [port, ...(replay !== undefined ? [{ name: "kv-replay", containerPort: replay, protocol: "TCP" as const }] : [])] };
}

export function renderLabels(svc: ServiceSpec): Record<string, string> {
    // Not the pool's labels: the InferencePool must never select a tokenizer pod.
    return { "app.kubernetes.io/name": renderName(svc), [SERVICE_LABEL]: svc.name };
}

/**
 * The tokenizer Service on the decode model servers: vLLM (and llm-d-inference-sim v0.10) serve
 * `/v1/completions/render` on their HTTP port (llm-d v0.9.0 guides/precise-prefix-cache-routing/render/service.yaml).
 */
export function buildRenderService(svc: ServiceSpec, stack: StackSpec): K8sObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: renderName(svc), namespace: stack.namespace, labels: commonLabels("tokenizer", svc.name) },
        spec: {
            type: "ClusterIP",
            selector: roleSelector(svc, svc.decode),
            ports: [{ name: "render-http", port: RENDER_PORT, targetPort: "http", protocol: "TCP" }],
        },
    };
}

/** The standalone tokenizer: `vllm launch render` from the CPU image, no weights loaded (llm-d guides/precise-prefix-cache-routing/render/). */
export function buildRender(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    if (tokenizerOnDecodePods(svc)) return [buildRenderService(svc, stack)];
    const name = renderName(svc);
    const labels = { ...commonLabels("tokenizer", svc.name), ...renderLabels(svc) };
    const small = simulated(svc);
    const args = [svc.model.id, `--port=${RENDER_PORT}`, ...(svc.model.trustRemoteCode ? ["--trust-remote-code"] : [])];
    return [
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace: stack.namespace, labels },
            spec: {
                replicas: small ? 1 : RENDER_REPLICAS,
                selector: { matchLabels: renderLabels(svc) },
                template: {
                    metadata: { labels },
                    spec: {
                        serviceAccountName: serviceNames(svc).modelServerAccount,
                        automountServiceAccountToken: false,
                        enableServiceLinks: false,
                        // Tokenizing needs no privilege: any non-root UID with a writable HOME (the image defaults to root).
                        securityContext: { runAsNonRoot: true, runAsUser: RENDER_UID, runAsGroup: RENDER_UID, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "render",
                                image: svc.release.images.render,
                                imagePullPolicy: "IfNotPresent",
                                command: ["vllm", "launch", "render"],
                                args,
                                env: [
                                    { name: "HF_HOME", value: RENDER_CACHE_DIR },
                                    // A writable HOME for vLLM's caches; USER because torch asks getpass for a name the UID lacks (llm-d sets it for vllm#44548).
                                    { name: "HOME", value: RENDER_HOME },
                                    { name: "USER", value: "llm-d" },
                                    {
                                        name: "HF_TOKEN",
                                        valueFrom: { secretKeyRef: { name: stack.huggingFace.tokenSecretName, key: stack.huggingFace.tokenSecretKey, optional: true } },
                                    },
                                    { name: "DO_NOT_TRACK", value: "1" },
                                    { name: "VLLM_NO_USAGE_STATS", value: "1" },
                                ],
                                ports: [{ name: "render-http", containerPort: RENDER_PORT, protocol: "TCP" }],
                                readinessProbe: { httpGet: { path: "/health", port: "render-http" }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
                                resources: small
                                    ? { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "4Gi" } }
                                    : { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "4", memory: "12Gi" } },
                                lifecycle: drainLifecycle(),
                                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                                volumeMounts: [
                                    { name: "tmp", mountPath: RENDER_HOME },
                                    { name: "hf-cache", mountPath: RENDER_CACHE_DIR },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "tmp", emptyDir: {} },
                            { name: "hf-cache", emptyDir: {} },
                        ],
                    },
                },
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name, namespace: stack.namespace, labels },
            spec: {
                type: "ClusterIP",
                selector: renderLabels(svc),
                ports: [{ name: "render-http", port: RENDER_PORT, targetPort: "render-http", protocol: "TCP" }],
            },
        },
    ];
}

function mainContainer(deploy: K8sObject): Record<string, unknown> {
    return (deploy as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec.template.spec.containers[0];
}

/** The publisher side: the pod exposes the port the scheduler dials, and vLLM binds that port. */
export function checkKvEventsPublisher(deploy: K8sObject, svc: ServiceSpec, base: string, namespace: string): void {
    const c = mainContainer(deploy);
    const ports = (c.ports as { containerPort: number }[]) ?? [];
    const issues: ConfigIssue[] = [];
    if (centralKvEvents(svc)) {
        const target = centralKvEventsTarget(svc, namespace);
        const dial = ((c.args as string[]) ?? []).find((a) => a.startsWith("--zmq-endpoint="));
        if (dial !== `--zmq-endpoint=${target}`) {
            issues.push({ path: `${base}.decode.extraArgs`, got: dial, expected: `the simulator dialing the scheduler's event socket ${target}` });
        }
        if (issues.length) throw new ConfigError(issues);
        return;
    }
    if (!ports.some((p) => p.containerPort === KV_EVENTS_PORT)) {
        issues.push({ path: `${base}.decode`, got: ports.map((p) => p.containerPort), expected: `a containerPort ${KV_EVENTS_PORT} for KV events` });
    }
    const args = (c.args as string[]) ?? [];
    const endpointArg = args.find((a) => a.startsWith("--kv-events-config="));
    if (!endpointArg?.includes(`:${KV_EVENTS_PORT}`)) {
        issues.push({ path: `${base}.decode.extraArgs`, got: endpointArg, expected: `the model server publishing KV events on port ${KV_EVENTS_PORT}` });
    }
    if (issues.length) throw new ConfigError(issues);
}

/** Any NetworkPolicy selecting the model servers must admit the scheduler to the KV-event port. */
export function checkKvEventsNetworkPolicies(objects: K8sObject[], svc: ServiceSpec, base: string): void {
    // Centralized: the scheduler receives on its socket; pod discovery: each model server does.
    const central = centralKvEvents(svc);
    const port = central ? CENTRAL_KV_EVENTS_PORT : KV_EVENTS_PORT;
    const portName = central ? "zmq" : "kv-events";
    const receiver = central ? serviceNames(svc).epp : serviceNames(svc).decode;
    const podLabels = (objects.find((o) => o.kind === "Deployment" && o.metadata.name === receiver) as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } | undefined)
        ?.spec?.template?.metadata?.labels;
    if (!podLabels) return;
    for (const np of objects.filter((o) => o.kind === "NetworkPolicy")) {
        const spec = (np as { spec?: Record<string, unknown> }).spec ?? {};
        const match = (at(spec, ["podSelector", "matchLabels"]) ?? {}) as Record<string, string>;
        if (!Object.entries(match).every(([k, v]) => podLabels[k] === v)) continue;
        const types = (spec.policyTypes as string[] | undefined) ?? ["Ingress"];
        if (!types.includes("Ingress")) continue;
        const rules = (spec.ingress as { ports?: { port?: number | string }[] }[] | undefined) ?? [];
        const open = rules.some((r) => !r.ports || r.ports.length === 0 || r.ports.some((p) => p.port === port || p.port === portName));
        if (!open) {
            throw new ConfigError([
                {
                    path: base,
                    got: np.metadata.name,
                    expected: `NetworkPolicy ${np.metadata.name} to allow ingress on port ${port} (${portName}) to the ${central ? "scheduler" : "model servers"}`,
                    fix: "Add the KV-event port to the policy's ingress rules, or the scheduler receives no events.",
                },
            ]);
        }
    }
}

/** Model servers of the precise path plus the tokenizer Service. */
export function preciseModelServers(svc: ServiceSpec, stack: StackSpec, index: number): K8sObject[] {
    const deploy = buildModelServerDeployment(svc, svc.decode, stack, preciseAdditions(svc, stack));
    checkKvEventsPublisher(deploy, svc, `services[${index}]`, stack.namespace);
    return [deploy, ...buildRender(svc, stack)];
}
