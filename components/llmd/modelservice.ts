// ModelService: one model behind the gateway on one well-lit path: its InferenceScheduler
// (picker, pool, route) and its vLLM model servers.
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig, HuggingFaceConfig, LlmdReleaseName, ModelServiceConfig } from "../config/types";
import { K8sObject, serviceNames } from "../manifests/common";
import { buildStack } from "../manifests";
import { assertConformance } from "../conformance";
import { NO_DEPENDENCIES, ObjectDependencies, createObjects } from "./objects";
import { attach, takeAttached } from "./prebuilt";
import { InferenceScheduler } from "./scheduler";
import { resolveStandaloneService } from "./standalone";

export interface ModelServiceArgs {
    /** The llm-d release whose images, scheduler config and flags the service follows (as `LlmdStack`'s `release`). Defaults to the newest verified release. */
    release?: LlmdReleaseName;
    /** Namespace of the service's objects (it must exist). Defaults to `llm-d`. */
    namespace?: string;
    /** The Gateway the service's HTTPRoute attaches to (it must exist). Defaults to Istio's `llm-d-inference-gateway`. */
    gateway?: GatewayConfig;
    /** Name of the Hugging Face token Secret the model servers read. Defaults to `llm-d-hf-token`. */
    huggingFace?: HuggingFaceConfig;
    /** The model service. */
    service: ModelServiceConfig;
}

interface ModelServiceHandoff {
    scheduler: K8sObject[];
    modelServers: K8sObject[];
    deps: ObjectDependencies;
    namespace: string;
    name: string;
}

/** One model service: scheduler, InferencePool, HTTPRoute and vLLM model servers. */
export class ModelService extends pulumi.ComponentResource {
    /** Name of the InferencePool. */
    public readonly poolName: pulumi.Output<string>;
    /** Namespace of the service. */
    public readonly namespace: pulumi.Output<string>;
    /** Names of the model-server workloads (Deployments or LeaderWorkerSets). */
    public readonly modelServerNames: pulumi.Output<string[]>;

    constructor(name: string, args: ModelServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llmd:index:ModelService", name, {}, opts);
        const handoff =
            takeAttached<ModelServiceHandoff>(args) ??
            (() => {
                const spec = resolveStandaloneService(`ModelService ${name}`, args);
                // The same builder as LlmdStack, so a service on its own gets the same objects
                // (policies, budgets, monitors, autoscaling); stack-wide ones stay with the stack.
                const stack = buildStack(spec);
                // The release's upstream artifacts accept every object, or nothing is created.
                for (const w of assertConformance(spec, stack, `ModelService ${name}`)) pulumi.log.warn(w);
                const built = stack.services[0];
                return {
                    scheduler: built.scheduler,
                    modelServers: built.modelServers,
                    deps: NO_DEPENDENCIES,
                    namespace: spec.namespace,
                    name: built.name,
                };
            })();
        const scheduler = InferenceScheduler.fromBuilt(
            handoff.name,
            { objects: handoff.scheduler, deps: handoff.deps, namespace: handoff.namespace, pool: serviceNames({ name: handoff.name }).pool },
            { parent: this },
        );
        createObjects(handoff.modelServers, this, handoff.deps);
        this.poolName = scheduler.poolName;
        this.namespace = pulumi.output(handoff.namespace);
        this.modelServerNames = pulumi.output(handoff.modelServers.filter((o) => o.kind === "Deployment" || o.kind === "LeaderWorkerSet").map((o) => o.metadata.name));
        this.registerOutputs({ poolName: this.poolName, namespace: this.namespace, modelServerNames: this.modelServerNames });
    }

    /** Internal: a service over objects LlmdStack already built. */
    static fromBuilt(name: string, handoff: ModelServiceHandoff, opts?: pulumi.ComponentResourceOptions): ModelService {
        const args = { service: { name, model: { id: "prebuilt" } } } as ModelServiceArgs;
        attach(args, handoff);
        return new ModelService(name, args, opts);
    }
}
