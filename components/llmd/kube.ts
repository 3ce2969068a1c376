// Turns a built Kubernetes object into its Pulumi resource: the typed class for built-in kinds
// (so the provider awaits readiness the way it knows), CustomResource for CRDs' kinds.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { K8sObject, deployOptions } from "../manifests/common";

type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

const BUILT_IN: Record<string, Ctor> = {
    "v1/Namespace": k8s.core.v1.Namespace,
    "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
    "v1/Secret": k8s.core.v1.Secret,
    "v1/ConfigMap": k8s.core.v1.ConfigMap,
    "v1/Service": k8s.core.v1.Service,
    "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
    "storage.k8s.io/v1/StorageClass": k8s.storage.v1.StorageClass,
    "apps/v1/Deployment": k8s.apps.v1.Deployment,
    "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
    "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
    "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
    "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
    "autoscaling/v2/HorizontalPodAutoscaler": k8s.autoscaling.v2.HorizontalPodAutoscaler,
    "apiextensions.k8s.io/v1/CustomResourceDefinition": k8s.apiextensions.v1.CustomResourceDefinition,
};

/**
 * Settings of every Kubernetes provider the stack creates. Secret and ConfigMap data update in place
 * (with the provider's defaults a change is a delete-then-create replacement: the token Secret, the
 * picker's config and the LoRA map would vanish for a moment on every change).
 */
export const KUBE_PROVIDER_DEFAULTS = { enableSecretMutable: true, enableConfigMapMutable: true } as const;

/** The logical name of an object's resource: stable, and unique per kind within a stack. */
export function resourceName(obj: K8sObject): string {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** The engine options the builders decided for an object (manifests/engine.ts), as resource options. */
export function engineOptions(obj: K8sObject): pulumi.CustomResourceOptions {
    const d = deployOptions(obj);
    if (!d) return {};
    const t = d.timeouts;
    const secs = (s: number | undefined) => (s === undefined ? undefined : `${s}s`);
    return {
        // Go durations in seconds: the engine parses customTimeouts with time.ParseDuration (no "1d").
        ...(t ? { customTimeouts: { create: secs(t.create), update: secs(t.update), delete: secs(t.delete) } } : {}),
        ...(d.ignoreChanges?.length ? { ignoreChanges: d.ignoreChanges } : {}),
        ...(d.retainOnDelete ? { retainOnDelete: true } : {}),
    };
}

export function createObject(obj: K8sObject, opts: pulumi.CustomResourceOptions, override?: Record<string, unknown>): pulumi.CustomResource {
    const args = { ...obj, ...(override ?? {}) };
    opts = { ...opts, ...engineOptions(obj) };
    const ctor = BUILT_IN[`${obj.apiVersion}/${obj.kind}`];
    if (ctor) return new ctor(resourceName(obj), args, opts);
    return new k8s.apiextensions.CustomResource(resourceName(obj), args as k8s.apiextensions.CustomResourceArgs, opts);
}
