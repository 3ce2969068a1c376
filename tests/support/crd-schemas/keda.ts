// KEDA ScaledObject schema.
//
// Derived from kedacore/keda apis/keda/v1alpha1/scaledobject_types.go (ScaledObjectSpec, ScaleTarget,
// AdvancedConfig, HorizontalPodAutoscalerConfig, Fallback) and scaletriggers_types.go (ScaleTriggers)
// as stored at commit 01ee1d30b296b6cd0347641d5084962f4081b6e0 (KEDA 2.x, keda.sh/v1alpha1):
//  - spec.scaleTargetRef (required): {name (required), apiVersion, kind, envSourceContainerName}
//  - spec.triggers (required): [{type (required), name, metadata map[string]string, metricType
//    AverageValue|Value|Utilization, useCachedMetrics, authenticationRef {name, kind}}]
//  - spec.pollingInterval / initialCooldownPeriod / cooldownPeriod / idleReplicaCount /
//    minReplicaCount / maxReplicaCount: int32
//  - spec.advanced.horizontalPodAutoscalerConfig: {name, behavior (autoscaling/v2 HPA behavior)}
//  - spec.fallback: {failureThreshold, replicas (both required), behavior enum}
// Also encodes the bounds rule KEDA's webhook enforces (CheckReplicaCountBoundsAreValid is checked
// by the tests, not here: JSON Schema cannot compare two fields).
import { CrdSchema, customResource, int32, JSONSchema, k8sRef, kind, objectName, str } from "./common";

const trigger: JSONSchema = {
  type: "object",
  required: ["type", "metadata"],
  additionalProperties: false,
  properties: {
    type: str({ minLength: 1 }),
    name: str({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }),
    metadata: { type: "object", additionalProperties: { type: "string" } },
    metricType: { enum: ["AverageValue", "Value", "Utilization"] },
    useCachedMetrics: { type: "boolean" },
    authenticationRef: {
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: { name: objectName(), kind: { enum: ["TriggerAuthentication", "ClusterTriggerAuthentication"] } },
    },
  },
};

export const scaledObject: CrdSchema = {
  apiVersion: "keda.sh/v1alpha1",
  kind: "ScaledObject",
  source: "kedacore/keda: apis/keda/v1alpha1/scaledobject_types.go, scaletriggers_types.go @01ee1d3",
  schema: customResource(
    "keda.sh/v1alpha1",
    "ScaledObject",
    {
      type: "object",
      required: ["scaleTargetRef", "triggers"],
      additionalProperties: false,
      properties: {
        scaleTargetRef: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: { name: objectName(), apiVersion: str(), kind: kind(), envSourceContainerName: str() },
        },
        pollingInterval: int32({ minimum: 1 }),
        initialCooldownPeriod: int32({ minimum: 0 }),
        cooldownPeriod: int32({ minimum: 0 }),
        idleReplicaCount: int32({ minimum: 0 }),
        minReplicaCount: int32({ minimum: 0 }),
        maxReplicaCount: int32({ minimum: 1 }),
        advanced: {
          type: "object",
          additionalProperties: false,
          properties: {
            horizontalPodAutoscalerConfig: {
              type: "object",
              additionalProperties: false,
              properties: { name: objectName(), behavior: k8sRef("core:IoK8sApiAutoscalingV2HorizontalPodAutoscalerBehavior") },
            },
            restoreToOriginalReplicaCount: { type: "boolean" },
            scalingModifiers: {
              type: "object",
              additionalProperties: false,
              properties: { formula: str(), target: str(), activationTarget: str(), metricType: { enum: ["AverageValue", "Value"] } },
            },
          },
        },
        triggers: { type: "array", minItems: 1, items: trigger },
        fallback: {
          type: "object",
          required: ["failureThreshold", "replicas"],
          additionalProperties: false,
          properties: {
            failureThreshold: int32({ minimum: 0 }),
            replicas: int32({ minimum: 0 }),
            behavior: { enum: ["static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower"] },
          },
        },
      },
    },
    { specRequired: true },
  ),
};
