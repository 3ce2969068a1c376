// The cloud infrastructure LlmdStack creates before llm-d: one GKE or EKS cluster.
import * as pulumi from "@pulumi/pulumi";
import { StackSpec } from "../config/spec";
import { EksCluster } from "./aws/cluster";
import { planEks } from "../manifests/infra/eks";
import { GkeCluster } from "./gcp/cluster";
import { planGke } from "../manifests/infra/gke";

export { EksCluster, EksClusterArgs } from "./aws/cluster";
export { GkeCluster, GkeClusterArgs } from "./gcp/cluster";

/** Creates the stack's cluster (`gke` or `eks`), or nothing for an existing cluster. */
export function createCluster(name: string, spec: StackSpec, parent: pulumi.Resource): GkeCluster | EksCluster | undefined {
    if (spec.gke) return GkeCluster.fromPlan(`${name}-gke`, planGke(spec.gke), { parent });
    if (spec.eks) return EksCluster.fromPlan(`${name}-eks`, planEks(spec.eks), { parent });
    return undefined;
}
