// Managed DRANET on A3 Ultra / A4 (GKE node pool `acceleratorNetworkProfile: auto`): GPUs and
// RDMA NICs are allocated through Dynamic Resource Allocation, one claim per GPU that pairs it
// with the NIC on its PCIe root, instead of `nvidia.com/gpu` and multi-network annotations.
// Pure data: the ResourceClaimTemplate and the pod's claims.
import { ServiceSpec, StackSpec } from "../../config/spec";
import { K8sObject, commonLabels } from "../common";
import type { PodAdditions } from "../modelserver/vllm";

/** resource.k8s.io is GA (v1) from Kubernetes 1.34, which managed DRANET needs anyway (GKE >= 1.34.1-gke.1829001). */
export const RESOURCE_API = "resource.k8s.io/v1";
/** Device classes: the NVIDIA GPU DRA driver's GPUs and GKE DRANET's RDMA NICs. source: llm-d guides/pd-disaggregation gke-rdma component (research notes llmd-paths.md "GKE RDMA overlay") */
export const GPU_DEVICE_CLASS = "gpu.nvidia.com";
export const RDMA_DEVICE_CLASS = "mrdma.google.com";
/** Both devices of a claim share a PCIe root, so each GPU gets its own NIC. source: same overlay (matchAttribute resource.kubernetes.io/pcieRoot) */
export const PCIE_ROOT_ATTRIBUTE = "resource.kubernetes.io/pcieRoot";

export function rdmaClaimTemplateName(svc: ServiceSpec): string {
    return `${svc.name}-gpu-rdma`;
}

/** One GPU and the RDMA NIC on its PCIe root. */
export function buildRdmaClaimTemplate(svc: ServiceSpec, stack: StackSpec): K8sObject {
    return {
        apiVersion: RESOURCE_API,
        kind: "ResourceClaimTemplate",
        metadata: { name: rdmaClaimTemplateName(svc), namespace: stack.namespace, labels: commonLabels("model-server", svc.name) },
        spec: {
            spec: {
                devices: {
                    requests: [
                        { name: "gpu", exactly: { deviceClassName: GPU_DEVICE_CLASS, count: 1 } },
                        { name: "nic", exactly: { deviceClassName: RDMA_DEVICE_CLASS, count: 1 } },
                    ],
                    constraints: [{ requests: ["gpu", "nic"], matchAttribute: PCIE_ROOT_ATTRIBUTE }],
                },
            },
        },
    };
}

/** A pod's claims: one GPU+NIC pair per accelerator it uses (replaces the `nvidia.com/gpu` request). */
export function dranetFragment(svc: ServiceSpec, gpus: number): PodAdditions {
    const tmpl = rdmaClaimTemplateName(svc);
    return {
        // UCX's RoCE settings of P/D and wide-ep pods are the fabric's (network/fabric.ts).
        resourceClaims: Array.from({ length: gpus }, (_, i) => ({ name: `gpu-rdma-${i}`, resourceClaimTemplateName: tmpl })),
    };
}
