// Platform: the cluster prerequisites of llm-d. Gateway API and Inference Extension CRDs from
// their pinned release manifests, and the gateway provider's control plane from its Helm charts
// with the inference extension enabled. Each is skipped when the config says the cluster has it.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolveConfig } from "../config/resolve";
import { GatewayConfig, PlatformConfig } from "../config/types";
import { ChartSpec, RemoteManifest, SYSTEM_NAMESPACES, commonLabels } from "../manifests/common";
import { gatewayCharts, remoteManifests } from "../manifests/platform/gateway";
import { LWS_CHART_NAME, leaderWorkerSetChart } from "../manifests/platform/leaderworkerset";
import { attach, takeAttached } from "../llmd/prebuilt";

export interface PlatformArgs {
    /** Namespace for namespaced platform pieces (the body-based router). Defaults to `llm-d`. */
    namespace?: string;
    /** Gateway provider whose control plane is installed. Defaults to `istio`. */
    gateway?: GatewayConfig;
    /** Which prerequisites to install. Defaults to all. */
    platform?: PlatformConfig;
}

interface PlatformPlan {
    manifests: RemoteManifest[];
    charts: ChartSpec[];
    /** A namespace the caller creates (the stack's), and the resources charts there wait for. */
    ownedNamespace?: { name: string; resources: pulumi.Resource[] };
    /** Namespaces the cluster has already (`cluster.namespaces`): never created. */
    existingNamespaces?: string[];
}

export interface PlatformDependencies {
    /** CRD manifests: custom resources wait for them. */
    crds: pulumi.Resource[];
    /** Gateway control plane charts: the Gateway waits for them. */
    controlPlane: pulumi.Resource[];
    /** The LeaderWorkerSet controller chart: LeaderWorkerSets wait for it (empty when not installed). */
    leaderWorkerSet?: pulumi.Resource[];
}

// Kept beside the component, not as fields: every field of a component is a schema output.
const DEPENDENCIES = new WeakMap<Platform, PlatformDependencies>();

/** What later objects of the stack must wait for. */
export function platformDependencies(p: Platform): PlatformDependencies {
    return DEPENDENCIES.get(p) ?? { crds: [], controlPlane: [] };
}

const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const WEBHOOK_TYPES = ["kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration", "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration"];

/**
 * Transforms the engine applies to a chart's children (helm/v4 Chart is a remote component: its
 * children are registered by the provider, and engine-side transforms reach them, CLI >= 3.113):
 *  - the chart's CRDs are retained on destroy;
 *  - webhook failurePolicy fields the chart's controller rewrites are dropped from what Pulumi applies,
 *    so a later update never conflicts with that controller (ignoreChanges cannot do it: the provider's
 *    server-side-apply ignore handling does not reach into arrays, pulumi-kubernetes await.go).
 */
export function chartTransforms(c: ChartSpec): pulumi.ResourceTransform[] {
    const out: pulumi.ResourceTransform[] = [];
    if (c.retainCrds) {
        out.push((args) => (args.type === CRD_TYPE ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true }) } : undefined));
    }
    if (c.controllerOwnsWebhookFailurePolicy) {
        out.push((args) => {
            if (!WEBHOOK_TYPES.includes(args.type) || !Array.isArray(args.props.webhooks)) return undefined;
            const webhooks = (args.props.webhooks as Record<string, unknown>[]).map(({ failurePolicy: _dropped, ...rest }) => rest);
            return { props: { ...args.props, webhooks }, opts: args.opts };
        });
    }
    return out;
}

/** Installs CRDs and the gateway control plane; `ready` resolves once all of it is applied. */
export class Platform extends pulumi.ComponentResource {
    /** Names of the CRD manifests applied. */
    public readonly crdManifests: pulumi.Output<string[]>;
    /** Names of the Helm charts installed. */
    public readonly charts: pulumi.Output<string[]>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llmd:index:Platform", name, {}, opts);
        const plan: PlatformPlan =
            takeAttached<PlatformPlan>(args) ??
            (() => {
                const { spec } = resolveConfig(
                    { namespace: args.namespace, gateway: args.gateway, platform: args.platform, services: [{ name: "placeholder", model: { id: "placeholder" }, accelerator: { type: "simulated" } }] },
                    "Platform args",
                );
                const lws = leaderWorkerSetChart(spec);
                return { manifests: remoteManifests(spec), charts: [...gatewayCharts(spec), ...(lws ? [lws] : [])] };
            })();
        const byName = new Map<string, pulumi.Resource>();
        const crds: pulumi.Resource[] = [];
        for (const m of plan.manifests) {
            // retainOnDelete on the component reaches its children in the engine (CLI >= 3.158): destroy leaves the CRDs, and
            // with them every other tenant's Gateways, routes and pools (pulumi/pulumi #18956).
            const r = new k8s.yaml.v2.ConfigFile(m.name, { file: m.url }, { parent: this, ...(m.retainOnDelete ? { retainOnDelete: true } : {}) });
            byName.set(m.name, r);
            crds.push(r);
        }
        // Helm renders into a release namespace but never creates it: create each chart's namespace
        // here, except the stack's own, which the stack creates and hands over.
        const namespaces = new Map<string, pulumi.Resource[]>();
        if (plan.ownedNamespace) namespaces.set(plan.ownedNamespace.name, plan.ownedNamespace.resources);
        for (const ns of [...new Set(plan.charts.map((c) => c.namespace))].sort()) {
            if (namespaces.has(ns) || SYSTEM_NAMESPACES.includes(ns) || plan.existingNamespaces?.includes(ns)) continue;
            namespaces.set(ns, [new k8s.core.v1.Namespace(ns, { metadata: { name: ns, labels: commonLabels("platform") } }, { parent: this })]);
        }
        const charts: pulumi.Resource[] = [];
        for (const c of plan.charts) {
            const deps = [
                ...(namespaces.get(c.namespace) ?? []),
                ...c.dependsOn.map((d) => byName.get(d)).filter((r): r is pulumi.Resource => r !== undefined),
            ];
            const r = new k8s.helm.v4.Chart(
                c.name,
                {
                    chart: c.chart,
                    version: c.version,
                    namespace: c.namespace,
                    ...(c.repo ? { repositoryOpts: { repo: c.repo } } : {}),
                    values: c.values,
                },
                { parent: this, dependsOn: deps, ...(chartTransforms(c).length ? { transforms: chartTransforms(c) } : {}) },
            );
            byName.set(c.name, r);
            charts.push(r);
        }
        const lws = byName.get(LWS_CHART_NAME);
        // The LWS chart is no gateway control plane: Gateways do not wait for it, LeaderWorkerSets do.
        DEPENDENCIES.set(this, { crds, controlPlane: charts.filter((c) => c !== lws), leaderWorkerSet: lws ? [lws] : [] });
        this.crdManifests = pulumi.output(plan.manifests.map((m) => m.name));
        this.charts = pulumi.output(plan.charts.map((c) => c.name));
        this.registerOutputs({ crdManifests: this.crdManifests, charts: this.charts });
    }

    /** Internal: creates a Platform from a prebuilt plan (used by LlmdStack). */
    static fromPlan(
        name: string,
        manifests: RemoteManifest[],
        charts: ChartSpec[],
        ownedNamespace: PlatformPlan["ownedNamespace"],
        opts?: pulumi.ComponentResourceOptions,
        existingNamespaces: string[] = [],
    ): Platform {
        const args: PlatformArgs = {};
        attach<PlatformPlan>(args, { manifests, charts, ownedNamespace, existingNamespaces });
        return new Platform(name, args, opts);
    }
}

