// Creates a group of built objects as children of a component, ordering custom resources
// after their CRDs and everything namespaced after its namespace.
import * as pulumi from "@pulumi/pulumi";
import { CONTROL_PLANE_KINDS, K8sObject, isCustomResource } from "../manifests/common";
import { createObject } from "./kube";

export interface ObjectDependencies {
    /** Applied before every object (the namespace). */
    all: pulumi.Resource[];
    /** Applied before custom resources (CRD manifests). */
    crds: pulumi.Resource[];
    /** Applied before Gateways and provider-specific resources (gateway control plane charts). */
    controlPlane: pulumi.Resource[];
    /** Applied before LeaderWorkerSets (the LWS controller chart: its CRD and webhook). */
    leaderWorkerSet?: pulumi.Resource[];
}

export const NO_DEPENDENCIES: ObjectDependencies = { all: [], crds: [], controlPlane: [] };


export function createObjects(
    objects: K8sObject[],
    parent: pulumi.Resource,
    deps: ObjectDependencies,
    overrides: Map<K8sObject, Record<string, unknown>> = new Map(),
    provider?: pulumi.ProviderResource,
): Map<K8sObject, pulumi.CustomResource> {
    const out = new Map<K8sObject, pulumi.CustomResource>();
    for (const obj of objects) {
        const dependsOn = [...deps.all];
        if (isCustomResource(obj)) dependsOn.push(...deps.crds);
        if (CONTROL_PLANE_KINDS.has(obj.kind)) dependsOn.push(...deps.controlPlane);
        if (obj.kind === "LeaderWorkerSet") dependsOn.push(...(deps.leaderWorkerSet ?? []));
        out.set(obj, createObject(obj, { parent, dependsOn, ...(provider ? { provider } : {}) }, overrides.get(obj)));
    }
    return out;
}
