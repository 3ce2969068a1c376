// LlmdStack: the whole llm-d deployment as one component. Validates the config first (nothing
// is created when it fails), then platform -> shared objects -> one ModelService per service.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { missingTokenWarning, resolveConfig } from "./config/resolve";
import { assertFits } from "./planner/fit";
import { assertConformance } from "./conformance";
import { sizingPlan } from "./planner/plan";
import { StackConfig } from "./config/types";
import { BuiltStack, K8sObject, buildStack, serviceNames } from "./manifests";
import { ModelService } from "./llmd/modelservice";
import { ObjectDependencies, createObjects } from "./llmd/objects";
import { Platform, platformDependencies } from "./platform";
import { createCluster } from "./infra";
import { KUBE_PROVIDER_DEFAULTS } from "./llmd/kube";
import { kubeconfigServer } from "./manifests/infra/kubeconfig";
import { isHfTokenSecret } from "./manifests/platform/namespace";
import { loadCachedModels } from "./catalog/hub-cache";

/** The kubeconfig the provider would read: the configured path, else $KUBECONFIG's first file, else ~/.kube/config (undefined when absent). */
function existingKubeconfig(configured?: string): string | undefined {
    const candidates = configured ? [configured] : [...(process.env.KUBECONFIG ?? "").split(path.delimiter).filter(Boolean), path.join(os.homedir(), ".kube", "config")];
    for (const f of candidates) {
        try {
            return fs.readFileSync(f, "utf8");
        } catch {
            continue;
        }
    }
    return undefined;
}

export interface LlmdStackArgs extends StackConfig {
    /** Hugging Face token, as a Pulumi secret; stored only in the Kubernetes Secret `huggingFace.tokenSecretName`. */
    hfToken?: pulumi.Input<string>;
    /** Kubeconfig contents for the existing cluster, as a Pulumi secret. Overrides `existing.kubeconfigPath`. */
    kubeconfig?: pulumi.Input<string>;
}

/** The whole llm-d stack: CRDs and gateway, then a scheduler, InferencePool and model servers per service. */
export class LlmdStack extends pulumi.ComponentResource {
    /** Namespace of the llm-d workloads. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the Gateway that serves the OpenAI API. */
    public readonly gatewayName: pulumi.Output<string>;
    /** The Gateway's address once its controller assigns one (empty until then). */
    public readonly gatewayAddress: pulumi.Output<string>;
    /** InferencePool names, one per model service. */
    public readonly inferencePoolNames: pulumi.Output<string[]>;
    /** Model service names. */
    public readonly serviceNames: pulumi.Output<string[]>;
    /** Kubeconfig of the cluster the stack created (`gke` or `eks`), as a secret; empty for an existing cluster. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Accelerator node pools (GKE) or node groups (EKS) the stack created; empty for an existing cluster. */
    public readonly nodePoolNames: pulumi.Output<string[]>;
    /** The sizing plan as JSON (what `llmd plan --json` prints under `plan`): per role weights, KV cache, concurrency, fit and list price. */
    public readonly sizingPlan: pulumi.Output<string>;

    constructor(name: string, args: LlmdStackArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before the first registration: a bad config creates nothing.
        const { hfToken, kubeconfig, ...config } = args;
        // Models outside the catalog are sized from an earlier Hub read when it is cached (llmd size --model ID).
        loadCachedModels((config.services ?? []).map((s) => s?.model?.id).filter((id): id is string => typeof id === "string"));
        const { spec, warnings } = resolveConfig(config, `LlmdStack ${name}`);
        // A layout the planner knows cannot hold the model is refused here, not after GPUs are rented.
        assertFits(spec, `LlmdStack ${name}`);
        const built: BuiltStack = buildStack(spec);
        // Every object, flag, plugin and chart value against the release's upstream artifacts: nothing is created when one is refused.
        const conformanceWarnings = assertConformance(spec, built, `LlmdStack ${name}`);
        super("llmd:index:LlmdStack", name, {}, opts);
        for (const w of [...warnings, ...conformanceWarnings]) pulumi.log.warn(w, this);

        const providers: pulumi.ProviderResource[] = [];
        // Always an explicit provider: Secret/ConfigMap data update in place, objects that exist are adopted only when the config says so.
        const providerDefaults = { ...KUBE_PROVIDER_DEFAULTS, upsertExistingObjects: spec.cluster.adoptExistingObjects };
        // Infra first: the cluster and its pools; the platform and workloads reach it through its kubeconfig.
        const cluster = createCluster(name, spec, this);
        if (cluster) {
            providers.push(new k8s.Provider(`${name}-kube`, { kubeconfig: cluster.kubeconfig, ...providerDefaults }, { parent: this, dependsOn: [cluster] }));
        } else {
            // An existing cluster: the kubeconfig's contents (not its path) and the API server they point at, so the
            // state pins the cluster (switching the file's current context is a visible change, not a silent retarget).
            const file = existingKubeconfig(spec.existing.kubeconfigPath);
            const server = file !== undefined ? kubeconfigServer(file, spec.existing.context) : undefined;
            providers.push(
                new k8s.Provider(
                    `${name}-kube`,
                    {
                        ...(kubeconfig !== undefined ? { kubeconfig: pulumi.secret(kubeconfig) } : spec.existing.kubeconfigPath && file !== undefined ? { kubeconfig: pulumi.secret(file) } : {}),
                        ...(spec.existing.context ? { context: spec.existing.context } : {}),
                        ...(server ? { clusterIdentifier: server } : {}),
                        ...providerDefaults,
                    },
                    { parent: this },
                ),
            );
        }
        const childOpts: pulumi.ComponentResourceOptions = { parent: this, ...(providers.length ? { providers } : {}) };

        const namespaceObj = built.shared.find((o) => o.kind === "Namespace");
        const rest = built.shared.filter((o) => o !== namespaceObj);
        const nsCreated = namespaceObj ? createObjects([namespaceObj], this, { all: [], crds: [], controlPlane: [] }, new Map(), providers[0]) : new Map();
        const nsDeps = [...nsCreated.values()];
        const platform = Platform.fromPlan(
            `${name}-platform`,
            built.manifests,
            built.charts,
            // Charts that go into the stack's namespace (the body-based router) wait for it; an existing namespace needs nothing.
            { name: spec.namespace, resources: nsDeps },
            childOpts,
            spec.cluster.namespaces,
        );
        const pdeps = platformDependencies(platform);
        const deps: ObjectDependencies = { all: nsDeps, crds: pdeps.crds, controlPlane: pdeps.controlPlane, leaderWorkerSet: pdeps.leaderWorkerSet };

        const overrides = new Map<K8sObject, Record<string, unknown>>();
        const secret = rest.find((o) => isHfTokenSecret(o, spec));
        let shared = rest;
        if (secret) {
            if (hfToken !== undefined) {
                overrides.set(secret, { stringData: { [spec.huggingFace.tokenSecretKey]: pulumi.secret(hfToken) } });
            } else {
                shared = rest.filter((o) => o !== secret);
                const w = missingTokenWarning(spec);
                if (w) pulumi.log.warn(w, this);
            }
        }
        const gatewayObj = shared.find((o) => o.kind === "Gateway");
        // `status` is registered as an output so the assigned address can be read back.
        if (gatewayObj) overrides.set(gatewayObj, { status: undefined });
        const sharedCreated = createObjects(shared, this, deps, overrides, providers[0]);

        const services = spec.services.map((svc, i) => {
            const b = built.services[i];
            return ModelService.fromBuilt(
                svc.name,
                { scheduler: b.scheduler, modelServers: b.modelServers, deps, namespace: spec.namespace, name: svc.name },
                { ...childOpts, dependsOn: [...sharedCreated.values()] },
            );
        });

        this.namespace = pulumi.output(spec.namespace);
        this.gatewayName = pulumi.output(spec.gateway.name);
        const gw = gatewayObj ? (sharedCreated.get(gatewayObj) as unknown as { status?: pulumi.Output<any> }) : undefined;
        this.gatewayAddress = gw?.status ? gw.status.apply((s: any) => String(s?.addresses?.[0]?.value ?? "")) : pulumi.output("");
        this.inferencePoolNames = pulumi.all(services.map((s) => s.poolName));
        this.serviceNames = pulumi.output(spec.services.map((s) => serviceNames(s).pool));
        this.kubeconfig = cluster ? cluster.kubeconfig : pulumi.secret("");
        this.nodePoolNames = pulumi.output([...(spec.gke?.pools ?? []), ...(spec.eks?.groups ?? [])].map((p) => p.name));
        this.sizingPlan = pulumi.output(JSON.stringify(sizingPlan(spec)));
        this.registerOutputs({
            sizingPlan: this.sizingPlan,
            kubeconfig: this.kubeconfig,
            nodePoolNames: this.nodePoolNames,
            namespace: this.namespace,
            gatewayName: this.gatewayName,
            gatewayAddress: this.gatewayAddress,
            inferencePoolNames: this.inferencePoolNames,
            serviceNames: this.serviceNames,
        });
    }
}
