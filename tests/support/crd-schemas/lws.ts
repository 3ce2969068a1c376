// LeaderWorkerSet schema.
//
// Derived from kubernetes-sigs/lws api/leaderworkerset/v1/leaderworkerset_types.go as stored at
// commit 024af0845195be26fb4a0847c37d7209849d69da (main after the v0.7.0 release; the fields used
// here are unchanged since v0.6). Embedded pod templates and PVC templates are delegated to the
// kubernetes-models core/v1 schemas.
//  - spec.replicas: int32 >= 0 (default 1)
//  - spec.leaderWorkerTemplate (required): workerTemplate (required PodTemplateSpec), leaderTemplate
//    (PodTemplateSpec), size int32 >= 1 (default 1; the LWS webhook rejects < 1), restartPolicy enum
//    Default|RecreateGroupOnPodRestart|RecreateGroupAfterStart|None, subGroupPolicy {subGroupPolicyType
//    LeaderWorker|LeaderExcluded, subGroupSize >= 1}, volumeClaimTemplates[], persistentVolumeClaimRetentionPolicy
//  - spec.rolloutStrategy: {type (required) RollingUpdate, rollingUpdateConfiguration {partition,
//    maxUnavailable, maxSurge (int or string)}}
//  - spec.startupPolicy: LeaderCreated | LeaderReady
//  - spec.networkConfig: {subdomainPolicy (required) Shared | UniquePerReplica}
import { CrdSchema, customResource, int32, JSONSchema, PERSISTENT_VOLUME_CLAIM, POD_TEMPLATE_SPEC } from "./common";

const intOrString: JSONSchema = { type: ["integer", "string"] };
const pvcRetention: JSONSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    whenDeleted: { enum: ["Retain", "Delete"] },
    whenScaled: { enum: ["Retain", "Delete"] },
  },
};

const leaderWorkerTemplate: JSONSchema = {
  type: "object",
  required: ["workerTemplate"],
  additionalProperties: false,
  properties: {
    leaderTemplate: POD_TEMPLATE_SPEC,
    workerTemplate: POD_TEMPLATE_SPEC,
    size: int32({ minimum: 1 }),
    restartPolicy: { enum: ["Default", "RecreateGroupOnPodRestart", "RecreateGroupAfterStart", "None"] },
    subGroupPolicy: {
      type: "object",
      additionalProperties: false,
      properties: {
        subGroupPolicyType: { enum: ["LeaderWorker", "LeaderExcluded"] },
        subGroupSize: int32({ minimum: 1 }),
      },
    },
    volumeClaimTemplates: { type: "array", items: PERSISTENT_VOLUME_CLAIM },
    persistentVolumeClaimRetentionPolicy: pvcRetention,
  },
};

export const leaderWorkerSet: CrdSchema = {
  apiVersion: "leaderworkerset.x-k8s.io/v1",
  kind: "LeaderWorkerSet",
  source: "kubernetes-sigs/lws (post-v0.7.0 main, commit 024af08): api/leaderworkerset/v1/leaderworkerset_types.go",
  schema: customResource("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet", {
    type: "object",
    required: ["leaderWorkerTemplate"],
    additionalProperties: false,
    properties: {
      replicas: int32({ minimum: 0 }),
      leaderWorkerTemplate,
      rolloutStrategy: {
        type: "object",
        required: ["type"],
        additionalProperties: false,
        properties: {
          type: { enum: ["RollingUpdate"] },
          rollingUpdateConfiguration: {
            type: "object",
            additionalProperties: false,
            properties: { partition: int32({ minimum: 0 }), maxUnavailable: intOrString, maxSurge: intOrString },
          },
        },
      },
      startupPolicy: { enum: ["LeaderCreated", "LeaderReady"] },
      networkConfig: {
        type: "object",
        required: ["subdomainPolicy"],
        additionalProperties: false,
        properties: { subdomainPolicy: { enum: ["Shared", "UniquePerReplica"] } },
      },
    },
  }),
};
