// All hand-written schemas for kinds that kubernetes-models and its third-party packages do not cover.
import { agentgatewayPolicy } from "./agentgateway";
import { CrdSchema } from "./common";
import { gcpBackendPolicy, gkeNetwork, gkeNetworkParamSet, healthCheckPolicy, podMonitoring } from "./gke";
import { inferenceObjectiveLlmd, inferenceObjectiveX, inferencePool } from "./inference";
import { destinationRule } from "./istio";
import { scaledObject } from "./keda";
import { leaderWorkerSet } from "./lws";
import { computeDomain } from "./nvidia";

export { CrdSchema } from "./common";
export {
  endpointPickerConfigSchema,
  ENDPOINT_PICKER_CONFIG_API_VERSIONS,
  ENDPOINT_PICKER_CONFIG_SOURCE,
} from "./endpointpickerconfig";

export const CRD_SCHEMAS: readonly CrdSchema[] = [
  inferencePool,
  inferenceObjectiveX,
  inferenceObjectiveLlmd,
  leaderWorkerSet,
  gkeNetwork,
  gkeNetworkParamSet,
  healthCheckPolicy,
  gcpBackendPolicy,
  podMonitoring,
  destinationRule,
  scaledObject,
  computeDomain,
  agentgatewayPolicy,
];
