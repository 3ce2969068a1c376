// Shared shapes and helpers of the pure builders. Nothing here imports Pulumi.
import { ServiceSpec } from "../config/spec";

export interface ObjectMeta {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

/** A Kubernetes object as plain data. */
export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: ObjectMeta;
    [field: string]: unknown;
}

/** A Helm chart the platform installs (rendered by Pulumi's helm.v4.Chart at deploy time). */
export interface ChartSpec {
    /** Logical (and release) name. */
    name: string;
    chart: string;
    version: string;
    /** Helm repository URL; absent for oci:// charts. */
    repo?: string;
    namespace: string;
    values: Record<string, unknown>;
    /** Names of charts or manifests that must be applied first. */
    dependsOn: string[];
    /** Why it is installed. */
    purpose: string;
    /** Keep the chart's CustomResourceDefinitions when the stack is destroyed (deleting a CRD deletes every object of its kind). */
    retainCrds?: boolean;
    /** Webhook `failurePolicy` fields the chart's controller rewrites at run time (istiod flips Ignore to Fail): never applied, so an update cannot conflict with the controller. */
    controllerOwnsWebhookFailurePolicy?: boolean;
}

/** A release manifest applied from its URL (e.g. CRDs). */
export interface RemoteManifest {
    name: string;
    url: string;
    version: string;
    purpose: string;
    /** Keep its objects (CRDs) when the stack is destroyed. */
    retainOnDelete?: boolean;
}

export const PART_OF = "llm-d";
export const MANAGED_BY = "pulumi-llm-d";

/** Labels every object carries. */
export function commonLabels(component: string, instance?: string): Record<string, string> {
    return {
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": MANAGED_BY,
        "app.kubernetes.io/component": component,
        ...(instance ? { "app.kubernetes.io/instance": instance } : {}),
    };
}

/** The label that ties a service's pool, scheduler and model servers together. */
export const SERVICE_LABEL = "llm-d.ai/model-service";
/** llm-d's labels: pool membership, role (prefill-filter / decode-filter read it), guide. */
export const INFERENCE_SERVING_LABEL = "llm-d.ai/inference-serving";
export const ROLE_LABEL = "llm-d.ai/role";
export const GUIDE_LABEL = "llm-d.ai/guide";
export const MODEL_LABEL = "llm-d.ai/model";

/** A label value derived from free text: at most 63 chars of [A-Za-z0-9-_.], alphanumeric at both ends. */
export function labelValue(text: string): string {
    const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
    return cleaned || "x";
}

/** Object names of one model service, in one place. */
export function serviceNames(svc: Pick<ServiceSpec, "name">) {
    const n = svc.name;
    return {
        pool: n,
        route: n,
        epp: `${n}-epp`,
        eppConfig: `${n}-epp-config`,
        eppRole: `${n}-epp`,
        decode: `${n}-decode`,
        prefill: `${n}-prefill`,
        modelServerAccount: `${n}-model-server`,
        destinationRule: `${n}-epp`,
        healthCheckPolicy: n,
        backendPolicy: n,
    };
}

/** Labels selecting the serving pods of a service (the InferencePool's selector). */
export function poolSelector(svc: Pick<ServiceSpec, "name">): Record<string, string> {
    return { [INFERENCE_SERVING_LABEL]: "true", [SERVICE_LABEL]: svc.name };
}

/** Kinds in the order `kubectl apply` must see them. */
const APPLY_ORDER = [
    "Namespace",
    "CustomResourceDefinition",
    "ServiceAccount",
    "Secret",
    "ConfigMap",
    "PersistentVolumeClaim",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "NetworkPolicy",
    "Service",
    "ResourceClaimTemplate",
    "ComputeDomain",
    "Deployment",
    "LeaderWorkerSet",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "Gateway",
    "InferencePool",
    "HTTPRoute",
    "InferenceObjective",
    "DestinationRule",
    "HealthCheckPolicy",
    "GCPBackendPolicy",
];

export function applyRank(kind: string): number {
    const i = APPLY_ORDER.indexOf(kind);
    return i === -1 ? APPLY_ORDER.length : i;
}

/** Sorts objects into apply order; stable for objects of the same kind. */
export function sortForApply(objects: K8sObject[]): K8sObject[] {
    return objects
        .map((o, i) => ({ o, i }))
        .sort((a, b) => applyRank(a.o.kind) - applyRank(b.o.kind) || a.i - b.i)
        .map((x) => x.o);
}

/** Kinds whose controller or CRD comes with the gateway control plane's charts (Istio's, agentgateway's): they wait for those charts. */
export const CONTROL_PLANE_KINDS: ReadonlySet<string> = new Set(["Gateway", "DestinationRule", "AgentgatewayPolicy"]);

/** True for kinds that are not built into Kubernetes (they need their CRDs first). */
export function isCustomResource(obj: K8sObject): boolean {
    const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
    return !(
        group === "" ||
        group === "apps" ||
        group === "batch" ||
        group === "policy" ||
        group === "autoscaling" ||
        group === "networking.k8s.io" ||
        group === "rbac.authorization.k8s.io" ||
        group === "apiextensions.k8s.io" ||
        group === "resource.k8s.io"
    );
}

/** Namespaces every cluster has: never created (or owned) by the stack. */
export const SYSTEM_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/**
 * How the Pulumi engine should handle an object beyond its fields: wait budgets, fields left to
 * another controller, and whether destroy leaves it in the cluster. Kept beside the object (not in
 * it: `llmd render` writes objects as they are applied) and turned into resource options by the
 * components (llmd/kube.ts).
 */
export interface DeployOptions {
    /** Seconds the engine waits for the object to be ready, per operation (customTimeouts). */
    timeouts?: { create?: number; update?: number; delete?: number };
    /** Fields owned by another controller (an autoscaler's replicas): never reset by an update. */
    ignoreChanges?: string[];
    /** Left in the cluster when the stack is destroyed. */
    retainOnDelete?: boolean;
}

const DEPLOY_OPTIONS = new WeakMap<object, DeployOptions>();

export function setDeployOptions(obj: K8sObject, options: DeployOptions): void {
    DEPLOY_OPTIONS.set(obj, { ...(DEPLOY_OPTIONS.get(obj) ?? {}), ...options });
}

export function deployOptions(obj: K8sObject): DeployOptions | undefined {
    return DEPLOY_OPTIONS.get(obj);
}

/** Pulumi's Kubernetes provider reads these annotations from the applied object (pulumi-kubernetes provider/pkg/metadata). */
export const PULUMI_ANNOTATIONS = {
    /** "true": return once created, without waiting for readiness (also skips the delete wait). */
    skipAwait: "pulumi.com/skipAwait",
    /** `condition=<Type>` or `jsonpath={...}[=value]` (or a JSON array of them): what "ready" means for a custom resource. */
    waitFor: "pulumi.com/waitFor",
    /** Integer seconds; customTimeouts win over it. */
    timeoutSeconds: "pulumi.com/timeoutSeconds",
    /** "true": server-side apply with force, taking a field back from another manager (an HPA's replicas). */
    patchForce: "pulumi.com/patchForce",
} as const;
