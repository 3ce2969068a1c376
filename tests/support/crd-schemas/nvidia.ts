// NVIDIA DRA driver ComputeDomain schema.
//
// Derived from NVIDIA/k8s-dra-driver-gpu v25.8.0 (the chart version the stack installs)
// deployments/helm/nvidia-dra-driver-gpu/crds/resource.nvidia.com_computedomains.yaml, group
// resource.nvidia.com, version v1beta1, namespaced:
//  - spec (required): {numNodes integer (required, >= 0 per its description), channel (required):
//    {resourceClaimTemplate (required): {name (required)}, allocationMode All|Single (default Single)}}
//  - spec is immutable (x-kubernetes-validations self == oldSelf; an update check, not expressed here)
import { CrdSchema, customResource, objectName } from "./common";

export const computeDomain: CrdSchema = {
  apiVersion: "resource.nvidia.com/v1beta1",
  kind: "ComputeDomain",
  source: "NVIDIA/k8s-dra-driver-gpu v25.8.0: deployments/helm/nvidia-dra-driver-gpu/crds/resource.nvidia.com_computedomains.yaml",
  schema: customResource(
    "resource.nvidia.com/v1beta1",
    "ComputeDomain",
    {
      type: "object",
      required: ["channel", "numNodes"],
      additionalProperties: false,
      properties: {
        numNodes: { type: "integer", minimum: 0 },
        channel: {
          type: "object",
          required: ["resourceClaimTemplate"],
          additionalProperties: false,
          properties: {
            allocationMode: { enum: ["All", "Single"] },
            resourceClaimTemplate: { type: "object", required: ["name"], additionalProperties: false, properties: { name: objectName() } },
          },
        },
      },
    },
  ),
};
