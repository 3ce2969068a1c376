// What the cluster already runs (`cluster`), and the platform pieces the stack installs
// (`platform`) as a consequence. A real `pulumi up` fails on an object that already exists
// (pulumi-kubernetes >= 4.29 creates with a plain POST) and on a custom resource whose CRD the
// cluster lacks; the preview shows neither. So every CRD the stack's objects need is either
// installed by the stack or declared present here, and nothing is installed twice.
import { findChip, findMachineType } from "../catalog/accelerators";
import { IssueList } from "./errors";
import { GatewayProvider, StackConfig } from "./types";

export interface ClusterSpec {
    gatewayApiCrds: boolean;
    inferencePoolCrd: boolean;
    llmdRouterCrds: boolean;
    prometheusOperator: boolean;
    gkeManagedPrometheus: boolean;
    keda: boolean;
    leaderWorkerSet: boolean;
    nvidiaDraDriver: boolean;
    workloadVariantAutoscaler: boolean;
    namespaces: string[];
    adoptExistingObjects: boolean;
}

export interface PlatformSpec {
    installGatewayApiCrds: boolean;
    installInferenceExtensionCrds: boolean;
    installRouterCrds: boolean;
    retainCrdsOnDestroy: boolean;
    installGatewayControlPlane: boolean;
    installLeaderWorkerSet: boolean;
    installAmdDevicePlugin: boolean;
    installWorkloadVariantAutoscaler: boolean;
}

export function isGkeGateway(provider: GatewayProvider): boolean {
    return provider === GatewayProvider.GkeExternal || provider === GatewayProvider.GkeInternal;
}

/** GKE installs the InferencePool CRD from 1.34.0-gke.1626000 (llm-d guides/prereq/gateways/gke.md); `gke.version` is a minimum. */
function gkeHasInferencePool(version: string | undefined): boolean {
    if (!version) return true; // a channel's default in 2026 is past 1.34
    const [major, minor] = version.split(".").map((x) => Number(x));
    return major > 1 || (major === 1 && minor >= 34);
}

/** The cluster's capabilities, defaulted per cloud; an explicit `platform.install*: false` says the cluster has that piece. */
export function resolveCluster(cfg: StackConfig): ClusterSpec {
    const c = cfg.cluster ?? {};
    const p = cfg.platform ?? {};
    const gke = Boolean(cfg.gke) || isGkeGateway(cfg.gateway?.provider ?? GatewayProvider.Istio);
    return {
        gatewayApiCrds: c.gatewayApiCrds ?? (gke || p.installGatewayApiCrds === false),
        inferencePoolCrd: c.inferencePoolCrd ?? ((gke && gkeHasInferencePool(cfg.gke?.version)) || p.installInferenceExtensionCrds === false),
        llmdRouterCrds: c.llmdRouterCrds ?? p.installRouterCrds === false,
        prometheusOperator: c.prometheusOperator ?? false,
        gkeManagedPrometheus: c.gkeManagedPrometheus ?? gke,
        keda: c.keda ?? false,
        leaderWorkerSet: c.leaderWorkerSet ?? p.installLeaderWorkerSet === false,
        // The GKE and EKS cluster components install NVIDIA's DRA driver with ComputeDomains for NVL72 pools.
        nvidiaDraDriver: c.nvidiaDraDriver ?? [...(cfg.gke?.nodePools ?? []), ...(cfg.eks?.nodeGroups ?? [])].some((n) => {
            const m = findMachineType("machineType" in n ? n.machineType : n.instanceType);
            return Boolean(m && findChip(m.chip)?.nvlinkDomain);
        }),
        workloadVariantAutoscaler: c.workloadVariantAutoscaler ?? p.installWorkloadVariantAutoscaler === false,
        namespaces: [...(c.namespaces ?? [])],
        adoptExistingObjects: c.adoptExistingObjects ?? false,
    };
}

/**
 * The platform pieces to install: each defaults to "not present in the cluster". Installing one the
 * cluster declares present is refused (AlreadyExists on `pulumi up`) unless the stack adopts existing objects.
 */
export function resolvePlatform(cfg: StackConfig, cluster: ClusterSpec, needsLeaderWorkerSet: boolean, issues: IssueList, needsWva = false): PlatformSpec {
    const p = cfg.platform ?? {};
    const pick = (field: keyof typeof p, present: boolean, capability: string, what: string): boolean => {
        const explicit = p[field] as boolean | undefined;
        if (explicit === true && present && !cluster.adoptExistingObjects) {
            issues.add({
                path: `platform.${field}`,
                got: true,
                expected: `not to install ${what}: cluster.${capability} says the cluster has them, and creating an object that exists fails on pulumi up`,
                fix: `Remove platform.${field}, set cluster.${capability}: false if the cluster lacks them, or cluster.adoptExistingObjects: true to take them over.`,
            });
        }
        return explicit ?? !present;
    };
    return {
        installGatewayApiCrds: pick("installGatewayApiCrds", cluster.gatewayApiCrds, "gatewayApiCrds", "the Gateway API CRDs"),
        installInferenceExtensionCrds: pick("installInferenceExtensionCrds", cluster.inferencePoolCrd, "inferencePoolCrd", "the InferencePool CRD"),
        installRouterCrds: pick("installRouterCrds", cluster.llmdRouterCrds, "llmdRouterCrds", "the llm-d router CRDs"),
        retainCrdsOnDestroy: p.retainCrdsOnDestroy ?? true,
        installGatewayControlPlane: p.installGatewayControlPlane ?? true,
        installLeaderWorkerSet: needsLeaderWorkerSet ? pick("installLeaderWorkerSet", cluster.leaderWorkerSet, "leaderWorkerSet", "the LeaderWorkerSet controller") : (p.installLeaderWorkerSet ?? false),
        installAmdDevicePlugin: p.installAmdDevicePlugin ?? false,
        installWorkloadVariantAutoscaler: needsWva
            ? pick("installWorkloadVariantAutoscaler", cluster.workloadVariantAutoscaler, "workloadVariantAutoscaler", "the Workload Variant Autoscaler")
            : (p.installWorkloadVariantAutoscaler ?? false),
    };
}

/** Monitors default to on when the cluster has the CRDs of the kind the gateway's scraper reads; on without them is an error. */
export function resolveMonitors(cfg: StackConfig, cluster: ClusterSpec, issues: IssueList): boolean {
    const gkeGateway = isGkeGateway(cfg.gateway?.provider ?? GatewayProvider.Istio);
    const present = gkeGateway ? cluster.gkeManagedPrometheus : cluster.prometheusOperator;
    const explicit = cfg.observability?.monitors;
    if (explicit === true && !present) {
        const capability = gkeGateway ? "gkeManagedPrometheus" : "prometheusOperator";
        issues.add({
            path: "observability.monitors",
            got: true,
            expected: `${gkeGateway ? "PodMonitorings need GKE managed Prometheus" : "PodMonitors and ServiceMonitors need the Prometheus Operator CRDs"} in the cluster (cluster.${capability})`,
            fix: `Set cluster.${capability}: true if the cluster has them, or remove observability.monitors.`,
        });
    }
    return explicit ?? present;
}
