// The inference scheduler (llm-d endpoint picker, EPP): ServiceAccount, least-privilege RBAC,
// its config, Deployment and Service.
import { ServiceSpec, StackSpec } from "../../config/spec";
import { GatewayProvider, WellLitPath } from "../../config/types";
import { K8sObject, SERVICE_LABEL, commonLabels, serviceNames } from "../common";
import { CENTRAL_KV_EVENTS_PORT, centralKvEvents } from "../paths/precise-prefix-cache";
import { buildEndpointPickerConfig } from "./epp-config";
import { toYaml } from "../yaml";

/** EPP ports (router v0.9.0): ext-proc gRPC, gRPC health, Prometheus metrics. */
export const EPP_PORTS = { grpc: 9002, health: 9003, metrics: 9090 } as const;
export const EPP_CONFIG_FILE = "endpoint-picker.yaml";
const CONFIG_DIR = "/config";
/** UID of the distroless nonroot user the EPP image runs as. */
const NONROOT_UID = 65532;

export function eppPodLabels(svc: ServiceSpec): Record<string, string> {
    return { "app.kubernetes.io/name": serviceNames(svc).epp, [SERVICE_LABEL]: svc.name };
}

/** Active-active schedulers (precise path) index KV events each; others elect one leader. */
function leaderElection(svc: ServiceSpec): boolean {
    return svc.scheduler.replicas > 1 && svc.path !== WellLitPath.PrecisePrefixCache;
}

export function eppArgs(svc: ServiceSpec, stack: StackSpec): string[] {
    const names = serviceNames(svc);
    const args = [
        `--pool-name=${names.pool}`,
        `--pool-namespace=${stack.namespace}`,
        "--pool-group=inference.networking.k8s.io",
        `--config-file=${CONFIG_DIR}/${EPP_CONFIG_FILE}`,
        `--grpc-port=${EPP_PORTS.grpc}`,
        `--grpc-health-port=${EPP_PORTS.health}`,
        `--metrics-port=${EPP_PORTS.metrics}`,
        "--zap-encoder=json",
        `--v=${svc.scheduler.verbosity}`,
        // Scraped by the cluster's Prometheus without a bearer token, as llm-d's guides run it.
        "--metrics-endpoint-auth=false",
        // No collector is deployed by default; tracing on would only log export failures.
        "--tracing=false",
    ];
    // agentgateway speaks plaintext gRPC to the picker (llm-d router chart does the same).
    if (stack.gateway.provider === GatewayProvider.Agentgateway) args.push("--secure-serving=false");
    if (leaderElection(svc)) args.push("--ha-enable-leader-election");
    return [...args, ...svc.scheduler.extraArgs];
}

export function buildScheduler(svc: ServiceSpec, stack: StackSpec, index = 0): K8sObject[] {
    const names = serviceNames(svc);
    const ns = stack.namespace;
    const labels = { ...commonLabels("inference-scheduler", svc.name), ...eppPodLabels(svc) };
    const config = buildEndpointPickerConfig(svc, index);
    const configText = toYaml(config);

    const rules: Record<string, unknown>[] = [
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["inference.networking.k8s.io"], resources: ["inferencepools"], verbs: ["get", "list", "watch"] },
        {
            apiGroups: ["llm-d.ai", "inference.networking.x-k8s.io"],
            resources: ["inferenceobjectives", "inferencemodelrewrites"],
            verbs: ["get", "list", "watch"],
        },
    ];
    if (leaderElection(svc)) {
        rules.push(
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
            { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
        );
    }
    const r = svc.scheduler.resources;
    const probe = (period: number, initialDelaySeconds: number) => ({
        grpc: { port: EPP_PORTS.health, service: "inference-extension" },
        initialDelaySeconds,
        periodSeconds: period,
    });
    return [
        {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: names.epp, namespace: ns, labels },
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: names.eppRole, namespace: ns, labels },
            rules,
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: names.eppRole, namespace: ns, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: names.eppRole },
            subjects: [{ kind: "ServiceAccount", name: names.epp, namespace: ns }],
        },
        {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: names.eppConfig, namespace: ns, labels },
            data: { [EPP_CONFIG_FILE]: configText },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: names.epp, namespace: ns, labels },
            spec: {
                replicas: svc.scheduler.replicas,
                selector: { matchLabels: eppPodLabels(svc) },
                // One active picker at a time (its prefix index is in memory): no overlap on rollout.
                strategy: svc.scheduler.replicas > 1 ? { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } : { type: "Recreate" },
                template: {
                    metadata: {
                        labels,
                        // Restart on config change: the picker reads its config at start.
                        annotations: { "llm-d.ai/config-hash": fnv1a(configText) },
                    },
                    spec: {
                        serviceAccountName: names.epp,
                        terminationGracePeriodSeconds: 130,
                        securityContext: { runAsNonRoot: true, runAsUser: NONROOT_UID, runAsGroup: NONROOT_UID, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "epp",
                                image: svc.images.scheduler,
                                imagePullPolicy: "IfNotPresent",
                                args: eppArgs(svc, stack),
                                env: [
                                    { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                                    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                                    // The precise path's indexer fetches the model's tokenizer config (gated models need the token).
                                    ...(svc.path === WellLitPath.PrecisePrefixCache
                                        ? [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: stack.huggingFace.tokenSecretName, key: stack.huggingFace.tokenSecretKey, optional: true } } }]
                                        : []),
                                ],
                                ports: [
                                    { name: "grpc", containerPort: EPP_PORTS.grpc, protocol: "TCP" },
                                    { name: "grpc-health", containerPort: EPP_PORTS.health, protocol: "TCP" },
                                    { name: "metrics", containerPort: EPP_PORTS.metrics, protocol: "TCP" },
                                    // Centralized KV events (simulated precise path): simulators dial this socket.
                                    ...(centralKvEvents(svc) && svc.path === WellLitPath.PrecisePrefixCache ? [{ name: "zmq", containerPort: CENTRAL_KV_EVENTS_PORT, protocol: "TCP" }] : []),
                                ],
                                livenessProbe: probe(10, 5),
                                readinessProbe: probe(2, 0),
                                resources: {
                                    requests: { cpu: r.cpu, memory: r.memory },
                                    limits: { ...(r.cpuLimit ? { cpu: r.cpuLimit } : {}), ...(r.memoryLimit ? { memory: r.memoryLimit } : {}) },
                                },
                                securityContext: {
                                    allowPrivilegeEscalation: false,
                                    readOnlyRootFilesystem: true,
                                    capabilities: { drop: ["ALL"] },
                                },
                                volumeMounts: [
                                    { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                                    { name: "tmp", mountPath: "/tmp" },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "config", configMap: { name: names.eppConfig } },
                            { name: "tmp", emptyDir: {} },
                        ],
                    },
                },
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: names.epp, namespace: ns, labels },
            spec: {
                type: "ClusterIP",
                selector: eppPodLabels(svc),
                ports: [
                    { name: "grpc-ext-proc", port: EPP_PORTS.grpc, targetPort: EPP_PORTS.grpc, protocol: "TCP", appProtocol: "http2" },
                    { name: "http-metrics", port: EPP_PORTS.metrics, targetPort: EPP_PORTS.metrics, protocol: "TCP" },
                    ...(centralKvEvents(svc) && svc.path === WellLitPath.PrecisePrefixCache ? [{ name: "zmq", port: CENTRAL_KV_EVENTS_PORT, targetPort: CENTRAL_KV_EVENTS_PORT, protocol: "TCP" }] : []),
                ],
            },
        },
    ];
}

/** A short stable hash (FNV-1a, 32 bit, hex) for change-detection annotations. */
export function fnv1a(text: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
}
