// Model-server objects per well-lit path. Each path says what it adds to the shared vLLM pod.
import { ConfigError } from "../../config/errors";
import { ServiceSpec, StackSpec } from "../../config/spec";
import { WellLitPath } from "../../config/types";
import { K8sObject } from "../common";
import { pdModelServers } from "../paths/pd-disaggregation";
import { preciseModelServers } from "../paths/precise-prefix-cache";
import { tieredModelServers } from "../paths/tiered-prefix-cache";
import { wideEpModelServers } from "../paths/wide-ep";
import { networkObjects } from "../network";
import { buildTpuMultiHost, isMultiHostTpu } from "./tpu-multihost";
import { buildModelServerAccount, buildModelServerDeployment } from "./vllm";

type PathBuilder = (svc: ServiceSpec, stack: StackSpec, index: number) => K8sObject[];

const PATHS: Partial<Record<WellLitPath, PathBuilder>> = {
    // Identical replicas; the scheduler does all the work.
    // A multi-host TPU slice serves each replica from a LeaderWorkerSet group (./tpu-multihost.ts).
    [WellLitPath.InferenceScheduling]: (svc, stack) => [isMultiHostTpu(svc) ? buildTpuMultiHost(svc, svc.decode, stack) : buildModelServerDeployment(svc, svc.decode, stack)],
    [WellLitPath.PrecisePrefixCache]: preciseModelServers,
    [WellLitPath.PdDisaggregation]: pdModelServers,
    [WellLitPath.TieredPrefixCache]: tieredModelServers,
    [WellLitPath.WideEp]: wideEpModelServers,
};

export function buildModelServers(svc: ServiceSpec, stack: StackSpec, index = 0): K8sObject[] {
    const build = PATHS[svc.path];
    if (!build) throw new ConfigError([{ path: `services[${index}].path`, got: svc.path, expected: "a path with model-server builders in this release" }]);
    return [buildModelServerAccount(svc, stack), ...networkObjects(svc, stack), ...build(svc, stack, index)];
}
