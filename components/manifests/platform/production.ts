// What the production features add to a built stack: per service, NetworkPolicies, disruption
// budgets, monitors and the LoRA adapter map; for the stack, dashboards and the namespace's Pod
// Security Standards label. Every per-service object derives from that service alone, so a
// change to one service leaves the others' objects as they were.
import { StackSpec } from "../../config/spec";
import { GatewayProvider } from "../../config/types";
import { K8sObject } from "../common";
import { buildLoraAdapterMap } from "../modelserver/lora";
import { buildDashboards } from "./dashboards";
import { buildMonitors } from "./monitoring";
import { buildNetworkPolicies } from "./networkpolicy";
import { buildPodDisruptionBudgets } from "./pdb";
import { PssLevel, namespaceSecurityLevel, podSecurityLabels, podSpecsOf } from "./pss";

interface ServiceObjects {
    name: string;
    scheduler: K8sObject[];
    modelServers: K8sObject[];
}

const SCHEDULER_COMPONENTS = new Set(["inference-scheduler"]);

/** Pods in the namespace that other software deploys, trusted to pass baseline only. */
export function externalPodLevels(spec: StackSpec): PssLevel[] {
    const out: PssLevel[] = [];
    // Istio, agentgateway and kgateway deploy the Gateway's proxy pods next to the Gateway.
    const inCluster = spec.gateway.provider !== GatewayProvider.GkeExternal && spec.gateway.provider !== GatewayProvider.GkeInternal;
    if (inCluster) out.push("baseline");
    // The body-based router chart is installed into the stack's namespace with several services.
    if (spec.services.length > 1) out.push("baseline");
    return out;
}

export function addProductionObjects(spec: StackSpec, services: ServiceObjects[], shared: K8sObject[]): void {
    spec.services.forEach((svc, i) => {
        const built = services[i];
        const policies = buildNetworkPolicies(svc, spec);
        const [servers, epp, ...rest] = policies;
        const isScheduler = (o: K8sObject) => SCHEDULER_COMPONENTS.has(o.metadata.labels?.["app.kubernetes.io/component"] ?? "");
        const schedulerPdbs = buildPodDisruptionBudgets(built.scheduler.filter(isScheduler), svc.name);
        const serverPdbs = buildPodDisruptionBudgets(built.modelServers, svc.name);
        const monitors = buildMonitors(svc, spec);
        built.scheduler.push(...(epp ? [epp] : []), ...schedulerPdbs, ...monitors.filter((m) => m.metadata.name.endsWith("-epp")), ...buildLoraAdapterMap(svc, spec));
        built.modelServers.push(...(servers ? [servers] : []), ...rest, ...serverPdbs, ...monitors.filter((m) => !m.metadata.name.endsWith("-epp")));
    });
    shared.push(...buildDashboards(spec));
    const ns = shared.find((o) => o.kind === "Namespace");
    if (ns) {
        const pods = podSpecsOf(services.flatMap((s) => [...s.scheduler, ...s.modelServers]));
        const level = namespaceSecurityLevel(pods, externalPodLevels(spec));
        ns.metadata.labels = { ...(ns.metadata.labels ?? {}), ...podSecurityLabels(level) };
    }
}
