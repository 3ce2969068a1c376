// Prefill/decode disaggregation: prefill pods compute the KV cache, decode pods pull it over NIXL
// and generate. The routing sidecar in front of decode runs the prefill leg the scheduler chose.
// Values follow llm-d/llm-d guides/pd-disaggregation (router and sidecar v0.9.0).
import { ConfigError, ConfigIssue } from "../../config/errors";
import { KvTransport, RoleSpec, ServiceSpec, StackSpec } from "../../config/spec";
import { AcceleratorType } from "../../config/types";
import { K8sObject } from "../common";
import { DECODE_BEHIND_SIDECAR_PORT, NIXL_SIDE_CHANNEL_PORT, SERVING_PORT } from "../modelserver/ports";
import { PodAdditions, buildModelServerDeployment, roleSelector } from "../modelserver/vllm";
import { kvBufferDevice } from "../modelserver/vendors";
import { checkTpuPdAgreement, tpuPdAdditions, usesTpuConnector } from "../modelserver/tpu-pd";
import { spreadConstraints } from "../platform/reliability";
import { EndpointPickerConfig } from "../scheduler/plugins";

/** vLLM's KV connector and the sidecar's name for the same protocol. */
export const KV_CONNECTOR = "NixlConnector";
export const SIDECAR_CONNECTOR = "nixlv2";
export const ALWAYS_DECIDER = "always-disagg-pd-decider";
export const PREFIX_DECIDER = "prefix-based-pd-decider";
/** Above the sidecar's 90 s idle-connection timeout, so vLLM never drops a pooled connection first. */
const PREFILL_KEEP_ALIVE_SECONDS = "120";
const SIDECAR_RESOURCES = { requests: { cpu: "250m", memory: "256Mi" } };

function simulated(svc: ServiceSpec): boolean {
    return svc.accelerator.type === AcceleratorType.Simulated;
}

export function transportOf(svc: ServiceSpec): KvTransport {
    return svc.kvTransfer?.transport ?? (simulated(svc) ? "simulated" : "ucx-tcp");
}

/** NIXL backends per transport: vLLM reads kv_connector_extra_config.backends, default ["UCX"] (vllm-project/vllm vllm/distributed/kv_transfer/kv_connector/v1/nixl_connector.py). */
export function nixlBackends(transport: KvTransport): string[] {
    return transport === "libfabric" ? ["LIBFABRIC"] : ["UCX"];
}

/** `--kv-transfer-config`: the same on both roles; LIBFABRIC on EFA (llm-d/llm-d guides/pd-disaggregation/modelserver/gpu/vllm/aws/patch-prefill.yaml). */
export function kvTransferConfig(transport: KvTransport, kvBufferDevice?: string): string {
    const cfg: Record<string, unknown> = { kv_connector: KV_CONNECTOR, kv_role: "kv_both" };
    // Intel XPU/Gaudi over TCP stage KV cache in host memory; XPU over RDMA names "xpu" (catalog/vendors.ts pd.kvBufferDevice, pd.rdma).
    if (kvBufferDevice) cfg.kv_buffer_device = kvBufferDevice;
    if (transport === "libfabric") cfg.kv_connector_extra_config = { backends: nixlBackends(transport) };
    return JSON.stringify(cfg);
}

/** Both profiles exist, each keeps only its role's pods, and the decider the handler names is declared. */
export function checkPdConfig(cfg: EndpointPickerConfig, svc: ServiceSpec, base: string, issues: ConfigIssue[]): void {
    for (const [profile, filter] of [["prefill", "prefill-filter"], ["decode", "decode-filter"]]) {
        const p = cfg.schedulingProfiles.find((x) => x.name === profile);
        if (!p?.plugins.some((r) => r.pluginRef === filter)) {
            issues.push({ path: `${base}.scheduler`, got: p?.name, expected: `a "${profile}" profile filtered by ${filter}` });
        }
    }
    const handler = cfg.plugins.find((p) => p.type === "disagg-profile-handler");
    const decider = (handler?.parameters?.deciders as Record<string, unknown> | undefined)?.prefill;
    if (typeof decider !== "string" || !cfg.plugins.some((p) => (p.name ?? p.type) === decider)) {
        issues.push({
            path: `${base}.scheduler.pluginParameters.disagg-profile-handler.deciders.prefill`,
            got: decider,
            expected: `a declared decider (${cfg.plugins.filter((p) => p.type.endsWith("-pd-decider")).map((p) => p.name ?? p.type).join(", ")})`,
            fix: `Set ${base}.scheduler.pdThreshold to choose between always and prefix-based disaggregation.`,
        });
    }
    const prefix = cfg.plugins.find((p) => p.type === PREFIX_DECIDER);
    if (prefix && svc.scheduler.pdThreshold !== undefined && prefix.parameters?.nonCachedTokens !== svc.scheduler.pdThreshold) {
        issues.push({
            path: `${base}.scheduler.pluginParameters.${PREFIX_DECIDER}.nonCachedTokens`,
            got: prefix.parameters?.nonCachedTokens,
            expected: `${svc.scheduler.pdThreshold} (scheduler.pdThreshold)`,
            fix: `Set ${base}.scheduler.pdThreshold only.`,
        });
    }
}

/** The image runs a static Go binary as USER 65532 (llm-d/llm-d-inference-scheduler Dockerfile.sidecar) and writes nothing. */
export const SIDECAR_SECURITY_CONTEXT = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    capabilities: { drop: ["ALL"] },
};

/**
 * The routing sidecar's flags: its port, vLLM's port behind it (left out when it is the release's sidecar
 * default, as the guides do), the KV connector, and one listener per local DP rank on wide-ep.
 */
export function sidecarArgs(svc: ServiceSpec, dataParallel?: number): string[] {
    const s = svc.release.sidecar;
    return [
        `--port=${SERVING_PORT}`,
        ...(s.defaultBackendPort !== DECODE_BEHIND_SIDECAR_PORT ? [`--vllm-port=${DECODE_BEHIND_SIDECAR_PORT}`] : []),
        ...(dataParallel !== undefined ? [`--data-parallel-size=${dataParallel}`] : []),
        `--kv-connector=${SIDECAR_CONNECTOR}`,
        "--secure-proxy=false",
        "--zap-log-level=1",
        ...(dataParallel !== undefined ? s.wideEpArgs : []),
    ];
}

/** The routing sidecar, a native sidecar in front of decode vLLM (llm-d/llm-d guides/recipes/modelserver/base/single-host/pd/vllm/patch-sidecar.yaml). */
export function routingSidecar(svc: ServiceSpec): Record<string, unknown> {
    return {
        name: "routing-proxy",
        image: svc.images.routingSidecar,
        imagePullPolicy: "IfNotPresent",
        restartPolicy: "Always",
        args: sidecarArgs(svc),
        ports: [{ name: "sidecar", containerPort: SERVING_PORT, protocol: "TCP" }],
        resources: SIDECAR_RESOURCES,
        securityContext: SIDECAR_SECURITY_CONTEXT,
    };
}

/** What each role adds: NIXL connector, side channel, transport capabilities and devices. */
export function pdAdditions(svc: ServiceSpec, role: RoleSpec): PodAdditions {
    const decode = role.role === "decode";
    const add: PodAdditions = decode ? { port: DECODE_BEHIND_SIDECAR_PORT, sidecars: [routingSidecar(svc)] } : {};
    if (simulated(svc)) return add; // The simulator fakes the transfer: no NIXL, no devices.
    // TPU: tpu_inference's TPUConnector instead of NIXL (modelserver/tpu-pd.ts).
    if (usesTpuConnector(svc)) return { ...add, ...tpuPdAdditions(role) };
    const transport = transportOf(svc);
    add.args = [`--kv-transfer-config=${kvTransferConfig(transport, kvBufferDevice(svc))}`, "--no-disable-hybrid-kv-cache-manager"];
    add.env = [
        // The side channel where peers fetch this pod's NIXL metadata: must be reachable, so the pod IP.
        { name: "VLLM_NIXL_SIDE_CHANNEL_HOST", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        { name: "VLLM_NIXL_SIDE_CHANNEL_PORT", value: String(NIXL_SIDE_CHANNEL_PORT) },
        ...(decode ? [] : [{ name: "VLLM_HTTP_TIMEOUT_KEEP_ALIVE", value: PREFILL_KEEP_ALIVE_SECONDS }]),
    ];
    add.ports = [{ name: "nixl", containerPort: NIXL_SIDE_CHANNEL_PORT, protocol: "TCP" }];
    // RDMA and EFA register (pin) GPU and host memory.
    if (transport === "ucx-rdma" || transport === "libfabric") add.capabilities = ["IPC_LOCK"];
    const devices = role.networkResources ?? {};
    if (Object.keys(devices).length) add.resources = Object.fromEntries(Object.entries(devices).map(([k, v]) => [k, String(v)]));
    return add;
}

/** One node failure must not take out a whole role: spread each role's pods over nodes. */
export function spreadRole(deploy: K8sObject, svc: ServiceSpec, role: RoleSpec): void {
    const selector = { matchLabels: roleSelector(svc, role) };
    const pod = (deploy as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
    pod.topologySpreadConstraints = spreadConstraints(selector.matchLabels);
    pod.affinity = {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: "kubernetes.io/hostname" } }],
        },
    };
}

interface ServerView {
    model?: string;
    connector?: string;
    backends?: string[];
    kvBufferDevice?: string;
    /** UCX transports (UCX_TLS), absent = UCX's own choice. */
    ucxTls?: string;
    sideChannelPort?: string;
    nixlPort?: number;
}

function mainContainer(deploy: K8sObject): Record<string, unknown> {
    return (deploy as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec.template.spec.containers[0];
}

/** What a built model-server Deployment actually runs, read back from its container. */
export function viewServer(deploy: K8sObject): ServerView {
    const c = mainContainer(deploy);
    const args = (c.args as string[]) ?? [];
    const env = (c.env as { name: string; value?: string }[]) ?? [];
    const kv = args.find((a) => a.startsWith("--kv-transfer-config="));
    const parsed = kv ? (JSON.parse(kv.slice("--kv-transfer-config=".length)) as { kv_connector?: string; kv_buffer_device?: string; kv_connector_extra_config?: { backends?: string[] } }) : undefined;
    const modelArg = args.find((a) => a.startsWith("--model="));
    const ucxTls = env.find((e) => e.name === "UCX_TLS")?.value;
    return {
        model: modelArg ? modelArg.slice("--model=".length) : args[0],
        connector: parsed?.kv_connector,
        backends: parsed ? (parsed.kv_connector_extra_config?.backends ?? ["UCX"]) : undefined,
        ...(parsed?.kv_buffer_device !== undefined ? { kvBufferDevice: parsed.kv_buffer_device } : {}),
        ...(ucxTls !== undefined ? { ucxTls } : {}),
        sideChannelPort: env.find((e) => e.name === "VLLM_NIXL_SIDE_CHANNEL_PORT")?.value,
        nixlPort: ((c.ports as { name: string; containerPort: number }[]) ?? []).find((p) => p.name === "nixl")?.containerPort,
    };
}

/** Prefill and decode must agree on model, connector, transport, KV buffer placement and side-channel port, or transfers fail. */
export function checkPdAgreement(prefill: K8sObject, decode: K8sObject, base: string): void {
    const p = viewServer(prefill);
    const d = viewServer(decode);
    const issues: ConfigIssue[] = [];
    const same = (field: string, what: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) {
            issues.push({ path: `${base}.prefill.${field}`, got: a, expected: `${JSON.stringify(b)}, decode's ${what} (prefill and decode must agree)` });
        }
    };
    same("model", "model", p.model, d.model);
    same("extraArgs", "KV connector", p.connector, d.connector);
    same("extraArgs", "NIXL backends", p.backends, d.backends);
    same("extraArgs", "kv_buffer_device", p.kvBufferDevice, d.kvBufferDevice);
    same("env", "UCX_TLS", p.ucxTls, d.ucxTls);
    same("env", "NIXL side-channel port", p.sideChannelPort, d.sideChannelPort);
    same("env", "nixl containerPort", p.nixlPort, d.nixlPort);
    if (p.sideChannelPort !== undefined && p.nixlPort !== undefined && p.sideChannelPort !== String(p.nixlPort)) {
        issues.push({ path: `${base}.prefill.env`, got: p.sideChannelPort, expected: `${p.nixlPort}, the nixl containerPort` });
    }
    if (issues.length) throw new ConfigError(issues);
}

export function pdModelServers(svc: ServiceSpec, stack: StackSpec, index: number): K8sObject[] {
    const base = `services[${index}]`;
    if (!svc.prefill) throw new ConfigError([{ path: `${base}.prefill`, got: undefined, expected: "prefill servers (required on pd-disaggregation)" }]);
    const prefill = buildModelServerDeployment(svc, svc.prefill, stack, pdAdditions(svc, svc.prefill));
    const decode = buildModelServerDeployment(svc, svc.decode, stack, pdAdditions(svc, svc.decode));
    spreadRole(prefill, svc, svc.prefill);
    spreadRole(decode, svc, svc.decode);
    checkPdAgreement(prefill, decode, base);
    if (usesTpuConnector(svc)) checkTpuPdAgreement(prefill, decode, base);
    return [prefill, decode];
}
