// `llmd plan --json` of each cloud example lists the cloud resources as well as the Kubernetes ones.
import assert from "node:assert/strict";
import * as path from "node:path";
import { planStack } from "../../provider/plan";
import { ROOT, loadExample } from "../support/fixtures";

const EXAMPLES: Record<string, string[]> = {
    "gke-a3-ultra-pd.yaml": ["gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:compute/network:Network", "kubernetes:networking.gke.io/v1:GKENetworkParamSet"],
    "gke-a3-high.yaml": ["gcp:container/cluster:Cluster", "gcp:compute/firewall:Firewall", "kubernetes:yaml/v2:ConfigFile"],
    "gke-tpu-v6e.yaml": ["gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool"],
    "eks-p5en-pd.yaml": ["aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/placementGroup:PlacementGroup"],
};

describe("llmd plan --json of the cloud examples", () => {
    for (const [file, cloudTypes] of Object.entries(EXAMPLES)) {
        it(`${file}: cloud and Kubernetes resources, the cluster before the workloads' provider`, async () => {
            const { json } = await planStack(loadExample(file), path.join(ROOT, "examples/configs", file));
            const types = new Set(json.resources.map((r) => r.type));
            for (const t of cloudTypes) assert.ok(types.has(t), `${file}: no ${t}`);
            for (const t of ["kubernetes:apps/v1:Deployment", "kubernetes:inference.networking.k8s.io/v1:InferencePool"]) assert.ok(types.has(t), `${file}: no ${t}`);
            const cluster = json.resources.find((r) => r.type === "llmd:index:GkeCluster" || r.type === "llmd:index:EksCluster")!;
            assert.equal(cluster.parent, "llmd:index:LlmdStack::llm-d");
            assert.ok(JSON.parse(JSON.stringify(json)), "serializable");
        });
    }
});
