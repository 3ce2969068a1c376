// InferenceScheduler: the llm-d endpoint picker of one model service, with its InferencePool,
// HTTPRoute, InferenceObjectives and the gateway provider's per-pool objects.
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig, ModelServiceConfig, LlmdReleaseName } from "../config/types";
import { K8sObject, serviceNames } from "../manifests/common";
import { buildStack } from "../manifests";
import { assertConformance } from "../conformance";
import { NO_DEPENDENCIES, ObjectDependencies, createObjects } from "./objects";
import { attach, takeAttached } from "./prebuilt";
import { resolveStandaloneService } from "./standalone";

export interface InferenceSchedulerArgs {
    /** The llm-d release whose picker image and scheduler config the service follows (as `LlmdStack`'s `release`). Defaults to the newest verified release. */
    release?: LlmdReleaseName;
    /** Namespace of the scheduler and pool. Defaults to `llm-d`. */
    namespace?: string;
    /** The Gateway the HTTPRoute attaches to (it must exist). Defaults to Istio's `llm-d-inference-gateway`. */
    gateway?: GatewayConfig;
    /** The model service whose pool this scheduler picks endpoints for. */
    service: ModelServiceConfig;
}

interface SchedulerHandoff {
    objects: K8sObject[];
    deps: ObjectDependencies;
    namespace: string;
    pool: string;
}

/** The llm-d inference scheduler (EPP) and the routing objects of one model service. */
export class InferenceScheduler extends pulumi.ComponentResource {
    /** Name of the InferencePool. */
    public readonly poolName: pulumi.Output<string>;
    /** Name of the scheduler's Service (gRPC ext-proc on 9002). */
    public readonly schedulerServiceName: pulumi.Output<string>;
    /** Namespace of the pool and scheduler. */
    public readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: InferenceSchedulerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llmd:index:InferenceScheduler", name, {}, opts);
        const handoff =
            takeAttached<SchedulerHandoff>(args) ??
            (() => {
                const spec = resolveStandaloneService(`InferenceScheduler ${name}`, args);
                const stack = buildStack(spec);
                for (const w of assertConformance(spec, stack, `InferenceScheduler ${name}`)) pulumi.log.warn(w);
                const built = stack.services[0];
                return { objects: built.scheduler, deps: NO_DEPENDENCIES, namespace: spec.namespace, pool: serviceNames(spec.services[0]).pool };
            })();
        const created = createObjects(handoff.objects, this, handoff.deps);
        const service = handoff.objects.find((o) => o.kind === "Service");
        this.poolName = pulumi.output(handoff.pool);
        this.schedulerServiceName = pulumi.output(service?.metadata.name ?? "");
        this.namespace = pulumi.output(handoff.namespace);
        void created;
        this.registerOutputs({ poolName: this.poolName, schedulerServiceName: this.schedulerServiceName, namespace: this.namespace });
    }

    /** Internal: a scheduler over objects LlmdStack already built. */
    static fromBuilt(name: string, handoff: SchedulerHandoff, opts?: pulumi.ComponentResourceOptions): InferenceScheduler {
        const args = { service: { name, model: { id: "prebuilt" } } } as InferenceSchedulerArgs;
        attach(args, handoff);
        return new InferenceScheduler(name, args, opts);
    }
}
