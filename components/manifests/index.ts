// buildStack: the one pure function from a resolved StackSpec to every Kubernetes object,
// chart and remote manifest of the stack. `llmd render` writes its result; the Pulumi
// components create exactly these objects.
import { needsHfToken } from "../config/resolve";
import { StackSpec } from "../config/spec";
import { WellLitPath } from "../config/types";
import { ChartSpec, K8sObject, RemoteManifest, sortForApply } from "./common";
import { applyAutoscaling } from "./autoscaling";
import { applyEnginePolicy } from "./engine";
import { buildModelServers } from "./modelserver/paths";
import { checkKvEventsNetworkPolicies } from "./paths/precise-prefix-cache";
import { buildStorageTierClaim } from "./paths/tiered-prefix-cache";
import { bodyBasedRouterChart, buildGateway, buildModelHeaderPolicy, gatewayCharts, remoteManifests } from "./platform/gateway";
import { leaderWorkerSetChart } from "./platform/leaderworkerset";
import { devicePluginCharts } from "./platform/device-plugins";
import { addProductionObjects } from "./platform/production";
import { buildHfTokenSecret, buildNamespace } from "./platform/namespace";
import { buildWva } from "./platform/wva";
import { buildScheduler } from "./scheduler/epp";
import { buildHttpRoute, buildInferenceObjectives, buildInferencePool, buildProviderExtras } from "./scheduler/pool";

export * from "./common";

export interface BuiltService {
    name: string;
    /** Scheduler, pool, route and provider objects. */
    scheduler: K8sObject[];
    /** Model-server objects. */
    modelServers: K8sObject[];
}

export interface BuiltStack {
    /** CRD release manifests, applied first. */
    manifests: RemoteManifest[];
    /** Helm charts (gateway control plane, body-based router). */
    charts: ChartSpec[];
    /** Namespace, token Secret stub, Gateway. */
    shared: K8sObject[];
    services: BuiltService[];
}

export function buildStack(spec: StackSpec): BuiltStack {
    const shared: K8sObject[] = [];
    if (spec.createNamespace) shared.push(buildNamespace(spec));
    if (spec.huggingFace.createSecret && needsHfToken(spec)) shared.push(buildHfTokenSecret(spec));
    if (spec.gateway.create) shared.push(buildGateway(spec));
    // agentgateway copies the request's model into the routes' header itself (no body-based router).
    shared.push(...buildModelHeaderPolicy(spec));
    // The Workload Variant Autoscaler controller of the release, when a service scales through it.
    shared.push(...buildWva(spec));
    // Storage-tier claims: shared, so every object of the service waits until the file system is bound.
    for (const svc of spec.services) {
        const claim = buildStorageTierClaim(svc, spec);
        if (claim) shared.push(claim);
    }
    const services = spec.services.map((svc, i) => ({
        name: svc.name,
        scheduler: [
            ...buildScheduler(svc, spec, i),
            buildInferencePool(svc, spec),
            buildHttpRoute(svc, spec),
            ...buildInferenceObjectives(svc, spec),
            ...buildProviderExtras(svc, spec),
        ],
        modelServers: buildModelServers(svc, spec, i),
    }));
    // NetworkPolicies, PDBs, monitors, LoRA map, dashboards, Pod Security label (platform/production.ts).
    addProductionObjects(spec, services, shared);
    // The precise path's scheduler dials every model server's KV-event port: no policy may close it.
    const everything = [...shared, ...services.flatMap((s) => [...s.scheduler, ...s.modelServers])];
    spec.services.forEach((svc, i) => {
        if (svc.path === WellLitPath.PrecisePrefixCache || svc.offload?.peerToPeer) checkKvEventsNetworkPolicies(everything, svc, `services[${i}]`);
    });
    // Last, so it sees every monitor the stack already has and adds only the missing ones.
    applyAutoscaling(spec, services, shared);
    const charts = gatewayCharts(spec);
    const bbr = bodyBasedRouterChart(spec);
    if (bbr) charts.push(bbr);
    const lws = leaderWorkerSetChart(spec);
    if (lws) charts.push(lws);
    charts.push(...devicePluginCharts(spec));
    const built = { manifests: remoteManifests(spec), charts, shared, services };
    // Wait budgets, awaited conditions and field ownership for the engine (manifests/engine.ts).
    applyEnginePolicy(spec, built);
    return built;
}

/** Every object of the stack in apply order. */
export function allObjects(built: BuiltStack): K8sObject[] {
    return sortForApply([...built.shared, ...built.services.flatMap((s) => [...s.scheduler, ...s.modelServers])]);
}
