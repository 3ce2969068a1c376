// An EKS cluster with p5en.48xlarge (H200, 16 EFA interfaces) nodes and llm-d's P/D
// disaggregation on it, as llm-d's AWS guide runs it: NIXL over LIBFABRIC on EFA. The node group's
// launch template gets one EFA interface per network card, read from the instance type when
// deploying; model servers name the group and get their GPUs, EFA devices, selector and
// tolerations from it.
import * as pulumi from "@pulumi/pulumi";
import { EksCapacity, GatewayProvider, LlmdStack, WellLitPath } from "../../components";

const cfg = new pulumi.Config();
const region = cfg.get("region") ?? "us-east-2";
const block = cfg.get("capacityBlockId");

const stack = new LlmdStack("llm-d", {
    namespace: "llm-d-pd",
    eks: {
        region,
        zones: [`${region}a`, `${region}b`],
        clusterName: "llmd-pd",
        nodeGroups: [
            {
                name: "p5en",
                instanceType: "p5en.48xlarge",
                desiredSize: cfg.getNumber("nodes") ?? 2,
                maxSize: cfg.getNumber("nodes") ?? 2,
                capacity: block ? EksCapacity.CapacityBlock : EksCapacity.OnDemand,
                ...(block ? { capacityReservationId: block } : {}),
                zone: cfg.get("zone") ?? `${region}a`,
                // Unset: the AMI release current when the group is created, kept until this is set.
                ...(cfg.get("amiReleaseVersion") ? { amiReleaseVersion: cfg.get("amiReleaseVersion") } : {}),
            },
        ],
        adminPrincipalArns: cfg.getObject<string[]>("adminPrincipalArns") ?? [],
    },
    gateway: { provider: GatewayProvider.Istio },
    services: [
        {
            name: "gpt-oss",
            path: WellLitPath.PdDisaggregation,
            model: { id: "openai/gpt-oss-120b" },
            accelerator: { nodePool: "p5en" },
            prefill: { replicas: 4, tensorParallel: 1 },
            decode: { replicas: 2, tensorParallel: 4 },
        },
    ],
    hfToken: cfg.getSecret("hfToken"),
});

export const namespace = stack.namespace;
export const gatewayAddress = stack.gatewayAddress;
export const inferencePools = stack.inferencePoolNames;
