// What a real `pulumi up` needs beyond the objects' fields, decided here from the spec so that the
// plan, the render and the components agree:
//  - model servers get a wait budget derived from their start-up budget (node, image, model load):
//    pulumi-kubernetes awaits a Deployment for 10 minutes unless told otherwise, and vLLM takes an
//    hour; the Deployment's progressDeadlineSeconds matches, so `kubectl rollout status` agrees;
//  - scale-from-zero pools can skip the wait (pulumi.com/skipAwait);
//  - a storage-tier claim gets an hour to bind (its file system is created behind it);
//  - LeaderWorkerSets, HTTPRoutes and cloud Gateways are awaited through pulumi.com/waitFor (custom
//    resources are otherwise "ready" at once, and the Gateway's address never reaches the outputs);
//  - an autoscaled Deployment leaves `replicas` to its autoscaler (ignoreChanges: the provider then
//    keeps the live count instead of resetting it), a fixed one takes it back with force (an HPA that
//    owned it is gone).
import { ServiceSpec, StackSpec } from "../config/spec";
import { AcceleratorType } from "../config/types";
import type { BuiltStack } from "./index";
import { K8sObject, PULUMI_ANNOTATIONS, serviceNames, setDeployOptions } from "./common";

/** Pulling a vLLM image (10-20 GB) onto a fresh node. */
export const IMAGE_PULL_SECONDS = 15 * 60;
/** Pulling the simulator (a small Go binary image). */
export const SIM_IMAGE_PULL_SECONDS = 2 * 60;
/** A GPU node of a pool the stack creates coming up (VM, drivers, device plugin). */
export const NODE_PROVISION_SECONDS = 15 * 60;
/** How long a cloud load balancer takes to get an address. */
export const GATEWAY_ADDRESS_SECONDS = 20 * 60;
/** An HTTPRoute accepted by its gateway controller. */
export const ROUTE_ACCEPTED_SECONDS = 10 * 60;
/**
 * A claim bound by a CSI driver that creates the file system behind it (Managed Lustre, FSx for Lustre,
 * Filestore): the provider awaits Bound, 10 minutes unless told otherwise, and creating such a file
 * system commonly takes longer. A budget, not a measured figure.
 */
export const FILE_SYSTEM_PROVISION_SECONDS = 60 * 60;

type Json = Record<string, any>;

function podTemplate(o: K8sObject): Json | undefined {
    const spec = (o as Json).spec;
    return o.kind === "LeaderWorkerSet" ? spec?.leaderWorkerTemplate?.leaderTemplate ?? spec?.leaderWorkerTemplate?.workerTemplate : spec?.template;
}

/** The start-up probe's budget of the serving container: initial delay + period x failure threshold (+ one timeout). */
export function startupProbeSeconds(o: K8sObject): number {
    const c = (podTemplate(o)?.spec?.containers as Json[] | undefined)?.[0];
    const p = c?.startupProbe as Json | undefined;
    if (!p) return 0;
    return (p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3) + (p.timeoutSeconds ?? 1);
}

/** Seconds one model-server pod (or LWS group) may take from creation to ready. */
export function podStartSeconds(svc: ServiceSpec, o: K8sObject): number {
    if (svc.rollout.podStartMinutes !== undefined) return svc.rollout.podStartMinutes * 60;
    const simulated = svc.accelerator.type === AcceleratorType.Simulated;
    return startupProbeSeconds(o) + (simulated ? SIM_IMAGE_PULL_SECONDS : IMAGE_PULL_SECONDS) + (svc.accelerator.pool ? NODE_PROVISION_SECONDS : 0);
}

/** The wait budgets of one model-server workload: all pods at once on create, one after another on update. */
export function rolloutBudget(svc: ServiceSpec, o: K8sObject): { podStart: number; create: number; update: number } {
    const podStart = podStartSeconds(svc, o);
    const decode = o.metadata.name === serviceNames(svc).decode;
    // Rolling updates replace one pod (or group) at a time (maxSurge 0, maxUnavailable 1).
    const replicas = decode ? (svc.autoscaling?.maxReplicas ?? svc.decode.replicas) : (svc.prefill?.replicas ?? 1);
    return { podStart, create: podStart, update: podStart * Math.max(1, replicas) };
}

function annotate(o: K8sObject, annotations: Record<string, string>): void {
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...annotations };
}

function modelServerWorkloads(svc: ServiceSpec, objects: K8sObject[]): K8sObject[] {
    const names = serviceNames(svc);
    return objects.filter((o) => (o.kind === "Deployment" || o.kind === "LeaderWorkerSet") && (o.metadata.name === names.decode || o.metadata.name === names.prefill));
}

/** Applies the engine policy to a built stack (after every other builder). */
export function applyEnginePolicy(spec: StackSpec, built: BuiltStack): void {
    spec.services.forEach((svc, i) => {
        const b = built.services[i];
        for (const o of modelServerWorkloads(svc, b.modelServers)) {
            const budget = rolloutBudget(svc, o);
            if (o.kind === "Deployment") (o as Json).spec.progressDeadlineSeconds = budget.podStart;
            if (!svc.rollout.wait) {
                annotate(o, { [PULUMI_ANNOTATIONS.skipAwait]: "true" });
            } else {
                if (o.kind === "LeaderWorkerSet") annotate(o, { [PULUMI_ANNOTATIONS.waitFor]: "condition=Available" });
                setDeployOptions(o, { timeouts: { create: budget.create, update: budget.update } });
            }
            const autoscaled = svc.autoscaling !== undefined && o.metadata.name === serviceNames(svc).decode;
            if (autoscaled) setDeployOptions(o, { ignoreChanges: ["spec.replicas"] });
            else if (o.kind === "Deployment") annotate(o, { [PULUMI_ANNOTATIONS.patchForce]: "true" });
        }
        for (const o of b.scheduler.filter((x) => x.kind === "HTTPRoute")) {
            // Accepted by the gateway's controller on the parent it names (route conditions live per parent).
            annotate(o, { [PULUMI_ANNOTATIONS.waitFor]: "jsonpath={.status.parents[0].conditions[?(@.type=='Accepted')].status}=True" });
            setDeployOptions(o, { timeouts: { create: ROUTE_ACCEPTED_SECONDS, update: ROUTE_ACCEPTED_SECONDS } });
        }
    });
    for (const o of built.shared.filter((x) => x.kind === "PersistentVolumeClaim")) {
        setDeployOptions(o, { timeouts: { create: FILE_SYSTEM_PROVISION_SECONDS } });
    }
    const gateway = built.shared.find((o) => o.kind === "Gateway");
    if (gateway && spec.gateway.waitForAddress) {
        annotate(gateway, { [PULUMI_ANNOTATIONS.waitFor]: "jsonpath={.status.addresses[0].value}" });
        setDeployOptions(gateway, { timeouts: { create: GATEWAY_ADDRESS_SECONDS, update: GATEWAY_ADDRESS_SECONDS } });
    }
}
