// zod rules of `gke` and `eks` (the shape of ./infra-types.ts). Cross-field rules (zones,
// capacity, topology, pools vs. services) are in ./infra/resolve.ts.
import { z } from "zod";
import { EksCapacity, GkeCapacity, GkeRdmaMode, GkeReleaseChannel } from "./infra-types";

const POOL_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const poolName = z.string().min(1).max(30).regex(POOL_NAME, { message: "a DNS label starting with a letter, at most 30 characters" });
/** IPv4 CIDR such as 10.0.0.0/16. */
const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { message: "an IPv4 CIDR such as 10.0.0.0/20" });
const count = (max: number) => z.number().int().min(0).max(max);
/** GCP zone (us-central1-b) / AWS availability zone (us-east-1a). */
const gcpZone = z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, { message: "a zone such as us-central1-b" });
const awsZone = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { message: "an availability zone such as us-east-1a" });

export const gkeSchema = z.strictObject({
    project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { message: "a Google Cloud project id" }),
    region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, { message: "a region such as us-central1" }),
    zones: z.array(gcpZone).min(1).max(4),
    clusterName: poolName.optional(),
    releaseChannel: z.enum(GkeReleaseChannel).optional(),
    version: z.string().regex(/^\d+\.\d+(\.\d+(-gke\.\d+)?)?$/, { message: "a GKE version such as 1.34 or 1.34.1-gke.1829001" }).optional(),
    systemPool: z
        .strictObject({
            machineType: z.string().min(1).max(64).optional(),
            nodesPerZone: count(100).optional(),
        })
        .optional(),
    network: z
        .strictObject({
            nodeCidr: cidr.optional(),
            podCidr: cidr.optional(),
            serviceCidr: cidr.optional(),
            proxyOnlyCidr: cidr.optional(),
            acceleratorCidr: cidr.optional(),
        })
        .optional(),
    nodePools: z
        .array(
            z.strictObject({
                name: poolName,
                machineType: z.string().min(1).max(64),
                nodeCount: count(1000).optional(),
                minNodes: count(1000).optional(),
                maxNodes: z.number().int().min(1).max(1000).optional(),
                zones: z.array(gcpZone).min(1).max(4).optional(),
                capacity: z.enum(GkeCapacity).optional(),
                reservationName: z.string().min(1).max(200).regex(/^[-a-z0-9/]+$/, { message: "a reservation name or projects/<owner>/reservations/<name>" }).optional(),
                compactPlacement: z.boolean().optional(),
                tpuTopology: z.string().regex(/^\d+x\d+(x\d+)?$/, { message: "a TPU topology such as 2x4 or 2x2x2" }).optional(),
                rdma: z.enum(GkeRdmaMode).optional(),
            }),
        )
        .min(1)
        .max(50),
    deletionProtection: z.boolean().optional(),
});

export const eksSchema = z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: "a region such as us-east-1" }),
    zones: z.array(awsZone).min(2).max(6),
    clusterName: z.string().min(1).max(100).regex(/^[A-Za-z][-A-Za-z0-9_]*$/, { message: "an EKS cluster name" }).optional(),
    version: z.string().regex(/^1\.\d+$/, { message: "a Kubernetes minor version such as 1.34" }).optional(),
    vpcCidr: cidr.optional(),
    systemNodeGroup: z
        .strictObject({
            instanceType: z.string().min(1).max(64).optional(),
            size: z.number().int().min(1).max(100).optional(),
        })
        .optional(),
    nodeGroups: z
        .array(
            z.strictObject({
                name: poolName,
                instanceType: z.string().min(1).max(64),
                desiredSize: count(1000).optional(),
                minSize: count(1000).optional(),
                maxSize: z.number().int().min(1).max(1000).optional(),
                capacity: z.enum(EksCapacity).optional(),
                capacityReservationId: z.string().regex(/^cr-[0-9a-f]{8,17}$/, { message: "a capacity reservation id such as cr-0123456789abcdef0" }).optional(),
                placementGroup: z.boolean().optional(),
                efa: z.boolean().optional(),
                zone: awsZone.optional(),
                amiReleaseVersion: z.string().regex(/^\d+\.\d+\.\d+-\d{8}$/, { message: "an EKS AMI release such as 1.34.2-20261101" }).optional(),
            }),
        )
        .min(1)
        .max(50),
    adminPrincipalArns: z.array(z.string().regex(/^arn:aws[-a-z]*:iam::\d{12}:(user|role)\/.+$/, { message: "an IAM user or role ARN" })).max(50).optional(),
});

/** At most one of `existing`, `gke`, `eks` (none means the current kubeconfig). */
export function oneClusterTarget(cfg: { existing?: unknown; gke?: unknown; eks?: unknown }, ctx: z.RefinementCtx): void {
    const given = (["existing", "gke", "eks"] as const).filter((k) => cfg[k] !== undefined);
    if (given.length > 1) {
        ctx.addIssue({
            code: "custom",
            path: [given[1]],
            input: given,
            message: `exactly one of existing, gke or eks (got ${given.join(" and ")}). Keep the one that says where llm-d runs and remove the other`,
        });
    }
}
