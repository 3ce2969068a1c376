// agentgateway AgentgatewayPolicy schema: the part the stack sets.
//
// Derived from agentgateway/agentgateway v1.1.0 (the agentgateway chart version the releases pin)
// controller/api/v1alpha1/agentgateway/agentgateway_policy_types.go and its generated CRD
// controller/install/helm/agentgateway-crds/templates/agentgateway.dev_agentgatewaypolicies.yaml,
// group agentgateway.dev, version v1alpha1, namespaced:
//  - spec.targetRefs (1..16): {group, kind, name (required), sectionName?}
//  - spec.traffic.phase: PreRouting | PostRouting; PreRouting targets a Gateway (or listener) only
//    and allows only extAuth, transformation, extProc and the like (CEL rules on spec and traffic)
//  - spec.traffic.transformation.request.set[]: {name (header), value (a CEL expression)}
// The full CRD is vendored in tests/fixtures/upstream/<release>/crds and checked with its CEL rules
// by the conformance checker; this schema keeps the test validator strict on the fields used.
import { CrdSchema, customResource, objectName } from "./common";

const headerValue = {
  type: "object",
  required: ["name", "value"],
  additionalProperties: false,
  properties: { name: { type: "string", minLength: 1, maxLength: 256 }, value: { type: "string", minLength: 1, maxLength: 16384 } },
};

export const agentgatewayPolicy: CrdSchema = {
  apiVersion: "agentgateway.dev/v1alpha1",
  kind: "AgentgatewayPolicy",
  source: "agentgateway/agentgateway v1.1.0: controller/install/helm/agentgateway-crds/templates/agentgateway.dev_agentgatewaypolicies.yaml",
  schema: customResource(
    "agentgateway.dev/v1alpha1",
    "AgentgatewayPolicy",
    {
      type: "object",
      required: ["targetRefs"],
      additionalProperties: false,
      properties: {
        targetRefs: {
          type: "array",
          minItems: 1,
          maxItems: 16,
          items: {
            type: "object",
            required: ["group", "kind", "name"],
            additionalProperties: false,
            properties: { group: { type: "string" }, kind: { type: "string" }, name: objectName(), sectionName: { type: "string" } },
          },
        },
        traffic: {
          type: "object",
          additionalProperties: false,
          properties: {
            phase: { enum: ["PreRouting", "PostRouting"] },
            transformation: {
              type: "object",
              additionalProperties: false,
              properties: {
                request: {
                  type: "object",
                  additionalProperties: false,
                  properties: { set: { type: "array", items: headerValue }, add: { type: "array", items: headerValue }, remove: { type: "array", items: { type: "string" } }, body: { type: "string" } },
                },
              },
            },
          },
        },
      },
    },
  ),
};
