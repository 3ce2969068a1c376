// Schemas for the inference routing CRDs: InferencePool and InferenceObjective.
import {
  CONDITION,
  CrdSchema,
  customResource,
  group,
  int32,
  JSONSchema,
  kind,
  labelMap,
  namespaceName,
  objectName,
  portNumber,
} from "./common";

// Derived from kubernetes-sigs/gateway-api-inference-extension v1.5.0,
// api/v1/inferencepool_types.go + api/v1/shared_types.go (group inference.networking.k8s.io):
//  - spec.selector: LabelSelector with required matchLabels (max 64 entries, label key/value rules).
//  - spec.targetPorts: required, 1..8 items of {number: 1..65535 (required)}; CEL rule: numbers unique.
//  - spec.appProtocol: enum http | kubernetes.io/h2c (default http).
//  - spec.endpointPickerRef: optional since v1.5.0 (required before). {group?, kind? (default Service),
//    name (required), port?: {number}, failureMode?: FailOpen|FailClose}; CEL rule: port is required
//    when kind is Service or unset.
//  - status.parents[]: max 32 entries.
const port: JSONSchema = {
  type: "object",
  required: ["number"],
  additionalProperties: false,
  properties: { number: portNumber() },
};

const endpointPickerRef: JSONSchema = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    group: group(),
    kind: kind(),
    name: objectName(),
    port,
    failureMode: { enum: ["FailOpen", "FailClose"] },
  },
  // CEL: self.kind != 'Service' || has(self.port)  (kind defaults to Service)
  if: {
    anyOf: [{ not: { required: ["kind"] } }, { properties: { kind: { const: "Service" } } }],
  },
  then: { required: ["port"] },
};

const parentReference: JSONSchema = {
  type: "object",
  required: ["name"],
  properties: { group: group(), kind: kind(), name: objectName(), namespace: namespaceName() },
};

export const inferencePool: CrdSchema = {
  apiVersion: "inference.networking.k8s.io/v1",
  kind: "InferencePool",
  source:
    "kubernetes-sigs/gateway-api-inference-extension v1.5.0: api/v1/inferencepool_types.go, api/v1/shared_types.go",
  schema: customResource(
    "inference.networking.k8s.io/v1",
    "InferencePool",
    {
      type: "object",
      required: ["selector", "targetPorts"],
      additionalProperties: false,
      properties: {
        selector: {
          type: "object",
          required: ["matchLabels"],
          additionalProperties: false,
          properties: { matchLabels: labelMap({ maxProperties: 64 }) },
        },
        targetPorts: { type: "array", minItems: 1, maxItems: 8, items: port, "x-unique-by": "number" },
        appProtocol: { enum: ["http", "kubernetes.io/h2c"] },
        endpointPickerRef,
      },
    },
    {
      specRequired: true,
      status: {
        type: "object",
        properties: {
          parents: {
            type: "array",
            maxItems: 32,
            items: {
              type: "object",
              required: ["parentRef"],
              properties: {
                conditions: { type: "array", maxItems: 8, items: CONDITION },
                parentRef: parentReference,
                controllerName: { type: "string", minLength: 1, maxLength: 253 },
              },
            },
          },
        },
      },
    },
  ),
};

// InferenceObjective spec shared by both API groups:
//  - spec.priority: optional int32 (negative allowed).
//  - spec.poolRef: required {group? (default differs per group), kind? (default InferencePool), name (required)}.
const poolRef = (): JSONSchema => ({
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: { group: group(), kind: kind(), name: objectName() },
});

const objectiveStatus: JSONSchema = {
  type: "object",
  properties: { conditions: { type: "array", maxItems: 8, items: CONDITION } },
};

// Derived from kubernetes-sigs/gateway-api-inference-extension v1.5.0,
// apix/v1alpha2/inferenceobjective_types.go (group inference.networking.x-k8s.io, poolRef.group
// defaults to inference.networking.k8s.io).
export const inferenceObjectiveX: CrdSchema = {
  apiVersion: "inference.networking.x-k8s.io/v1alpha2",
  kind: "InferenceObjective",
  source: "kubernetes-sigs/gateway-api-inference-extension v1.5.0: apix/v1alpha2/inferenceobjective_types.go",
  schema: customResource(
    "inference.networking.x-k8s.io/v1alpha2",
    "InferenceObjective",
    {
      type: "object",
      required: ["poolRef"],
      additionalProperties: false,
      properties: { priority: int32(), poolRef: poolRef() },
    },
    { status: objectiveStatus },
  ),
};

// Derived from llm-d/llm-d-router v0.9.0, apix/v1alpha2/inferenceobjective_types.go and
// config/crd/bases/llm-d.ai_inferenceobjectives.yaml (group llm-d.ai, poolRef.group defaults to llm-d.ai).
// In v0.9.0 poolRef is required; the later poolRefs/poolSelector fields (llm-d-router PR #2925, after
// v0.9.0) are not accepted here.
export const inferenceObjectiveLlmd: CrdSchema = {
  apiVersion: "llm-d.ai/v1alpha2",
  kind: "InferenceObjective",
  source: "llm-d/llm-d-router v0.9.0: config/crd/bases/llm-d.ai_inferenceobjectives.yaml, apix/v1alpha2/inferenceobjective_types.go",
  schema: customResource(
    "llm-d.ai/v1alpha2",
    "InferenceObjective",
    {
      type: "object",
      required: ["poolRef"],
      additionalProperties: false,
      properties: { priority: int32(), poolRef: poolRef() },
    },
    { status: objectiveStatus },
  ),
};
