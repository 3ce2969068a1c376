// llm-d's Workload Variant Autoscaler, installed as the release's guide installs it: the objects of
// the guide's kustomization, rendered at the release's refs and vendored (catalog/releases/upstream/
// wva-<release>.json), placed in the stack's namespace and pointed at the stack's Prometheus.
//
// What changes from the vendored objects, and why:
//  - every namespaced object moves to the stack's namespace, as the guide's `namespace:` does
//    (WVA_NAMESPACE defaults to the workload's namespace); the guide's Namespace object is dropped
//    (the stack owns its namespace);
//  - cluster-scoped RBAC gets the namespace as a prefix, so two stacks in two namespaces each
//    install their own namespace-scoped WVA without colliding;
//  - the controller's PROMETHEUS_BASE_URL and CA Secret come from `wva`, and Prometheus's
//    ServiceAccount in the metrics-reader binding is the one `wva.prometheusServiceAccount` names
//    (the vendored binding names WVA's own test install, not llm-d's monitoring stack);
//  - stack labels are added beside the upstream ones (selectors are untouched).
import type { UpstreamObject } from "../../catalog/releases/types";
import { StackSpec } from "../../config/spec";
import { K8sObject, commonLabels, setDeployOptions } from "../common";

const CLUSTER_SCOPED = new Set(["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"]);
/** The controller's pod labels in every vendored release (config/manager/deployment.yaml). */
export const WVA_POD_LABELS = { "app.kubernetes.io/name": "workload-variant-autoscaler", "control-plane": "controller-manager" } as const;
/** The vendored metrics-reader binding's Prometheus subject (WVA's own kube-prometheus-stack test install). */
const VENDORED_PROMETHEUS_SA = "kube-prometheus-stack-prometheus";

type Json = Record<string, any>;

function clone<T>(x: T): T {
    return JSON.parse(JSON.stringify(x)) as T;
}

/** The WVA controller's objects (and, where the release has it, its CRD); none unless the stack installs WVA. */
export function buildWva(spec: StackSpec): K8sObject[] {
    const w = spec.wva;
    if (!w?.install) return [];
    const { crds, objects } = spec.release.wva.install;
    const ns = spec.namespace;
    const vendoredNs = objects.find((o) => o.kind === "Deployment")?.metadata.namespace;
    const renamed = new Map<string, string>();
    const out: Json[] = [];
    for (const src of [...crds, ...objects] as UpstreamObject[]) {
        if (src.kind === "Namespace") continue;
        const o = clone(src) as Json;
        o.metadata.labels = { ...(o.metadata.labels ?? {}), ...commonLabels("autoscaler") };
        if (o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding") {
            const name = `${ns}-${o.metadata.name}`;
            renamed.set(`${o.kind}/${o.metadata.name}`, name);
            o.metadata.name = name;
        }
        if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = ns;
        out.push(o);
    }
    for (const o of out) {
        if (o.kind === "ClusterRoleBinding" || o.kind === "RoleBinding") {
            if (o.roleRef.kind === "ClusterRole") o.roleRef.name = renamed.get(`ClusterRole/${o.roleRef.name}`) ?? o.roleRef.name;
            o.subjects = (o.subjects ?? []).map((s: Json) => {
                if (s.kind !== "ServiceAccount") return s;
                if (s.name === VENDORED_PROMETHEUS_SA) return { ...s, name: w.prometheusServiceAccount.name, namespace: w.prometheusServiceAccount.namespace };
                return s.namespace === vendoredNs ? { ...s, namespace: ns } : s;
            });
        }
        if (o.kind === "Deployment") {
            const pod = o.spec.template.spec;
            for (const c of pod.containers as Json[]) {
                for (const e of (c.env ?? []) as Json[]) if (e.name === "PROMETHEUS_BASE_URL") e.value = w.prometheusUrl;
            }
            for (const v of (pod.volumes ?? []) as Json[]) if (v.name === "prom-ca" && v.secret) v.secret.secretName = w.prometheusCaSecret;
        }
        if (o.kind === "CustomResourceDefinition" && spec.platform.retainCrdsOnDestroy) setDeployOptions(o as K8sObject, { retainOnDelete: true });
    }
    return out as K8sObject[];
}
