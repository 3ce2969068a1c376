// A GKE cluster with A3 Ultra (H200, RDMA) nodes and llm-d's P/D disaggregation on it, in one
// program. The stack validates everything before creating anything, creates the VPCs, cluster and
// node pool, then deploys llm-d through the cluster's kubeconfig. Model servers name the pool;
// their GPUs, node selector, tolerations and RDMA interfaces come from it.
import * as pulumi from "@pulumi/pulumi";
import { GatewayProvider, GkeCapacity, LlmdStack, WellLitPath } from "../../components";

const cfg = new pulumi.Config();
const project = cfg.require("gcpProject");
const zone = cfg.get("zone") ?? "us-central1-b";
const region = zone.split("-").slice(0, 2).join("-");
const reservation = cfg.get("reservation");

const stack = new LlmdStack("llm-d", {
    namespace: "llm-d-pd",
    gke: {
        project,
        region,
        zones: [zone],
        clusterName: "llmd-pd",
        nodePools: [
            {
                name: "h200",
                machineType: "a3-ultragpu-8g",
                nodeCount: cfg.getNumber("nodes") ?? 4,
                capacity: reservation ? GkeCapacity.Reservation : GkeCapacity.Spot,
                ...(reservation ? { reservationName: reservation } : {}),
                compactPlacement: true,
            },
        ],
    },
    gateway: { provider: GatewayProvider.GkeExternal },
    platform: { installGatewayControlPlane: false },
    services: [
        {
            name: "gpt-oss",
            path: WellLitPath.PdDisaggregation,
            model: { id: "openai/gpt-oss-120b" },
            accelerator: { nodePool: "h200" },
            prefill: { replicas: 2, tensorParallel: 8 },
            decode: { replicas: 2, tensorParallel: 8 },
        },
    ],
    hfToken: cfg.getSecret("hfToken"),
});

export const namespace = stack.namespace;
export const gatewayAddress = stack.gatewayAddress;
export const inferencePools = stack.inferencePoolNames;
