// A cloud stack's pool bounds autoscaling (no maxAccelerators typed twice), and LlmdStack hands
// back what users need from the cluster it created: the secret kubeconfig and the pool names.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { resolveConfig } from "../../components/config/resolve";
import { runOffline } from "../../provider/offline";
import { eks, expectIssue, gke, messages, pdService, service } from "./helpers";

function value<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

const autoscaled = (pool: string, decode: Record<string, unknown>, autoscaling: Record<string, unknown>) =>
    service(pool, { decode, autoscaling: { metric: "kv-cache-utilization", adapter: "keda", ...autoscaling } });

describe("node pools bound autoscaling", () => {
    // a3-highgpu-8g: 8 GPUs per node; 3 nodes at most.
    const pools = gke([{ name: "h100", machineType: "a3-highgpu-8g", minNodes: 1, maxNodes: 3 }]);

    it("without maxAccelerators, maxReplicas defaults to what the pool holds: 3 nodes x 8 GPUs / 2 per pod = 12", () => {
        const { spec } = resolveConfig({ cluster: { keda: true, prometheusOperator: true }, gke: pools, services: [autoscaled("h100", { tensorParallel: 2 }, { minReplicas: 1 })] });
        assert.equal(spec.services[0].autoscaling!.maxReplicas, 12);
    });

    it("refuses maxReplicas x accelerators per pod beyond the pool's max nodes x chips per node", () => {
        const m = messages({ cluster: { keda: true, prometheusOperator: true }, gke: pools, services: [autoscaled("h100", { tensorParallel: 4 }, { minReplicas: 1, maxReplicas: 7 })] });
        assert.ok(
            m.some((x) =>
                /^services\[0\]\.autoscaling\.maxReplicas: got 7; expected at most 6: 7 replicas x 4 accelerators per pod = 28, but node pool h100 holds at most 3 x 8 = 24 accelerators \(a3-highgpu-8g\)\. Lower maxReplicas to 6, or raise the pool's maxNodes/.test(x),
            ),
            m.join("\n"),
        );
    });

    it("accepts maxReplicas at the bound, and bounds other families the same way (3 x g2-standard-96: 24 L4s)", () => {
        const { spec } = resolveConfig({ cluster: { keda: true, prometheusOperator: true }, gke: pools, services: [autoscaled("h100", { tensorParallel: 2 }, { minReplicas: 1, maxReplicas: 12 })] });
        assert.equal(spec.services[0].autoscaling!.maxReplicas, 12);
        expectIssue(
            { cluster: { keda: true, prometheusOperator: true }, gke: gke([{ name: "g", machineType: "g2-standard-96", minNodes: 1, maxNodes: 3 }]), services: [autoscaled("g", { tensorParallel: 1 }, { minReplicas: 1, maxReplicas: 25 })] },
            /autoscaling\.maxReplicas: got 25; expected at most 24: 25 replicas x 1 accelerators per pod = 25, but node pool g holds at most 3 x 8 = 24/,
        );
    });

    it("leaves the prefill pods' accelerators out of decode's bound (P/D on one pool)", () => {
        const cfg = {
            gke: gke([{ name: "h200", machineType: "a3-ultragpu-8g", minNodes: 1, maxNodes: 2 }]),
            services: [pdService("h200", 8, 8, { decode: { tensorParallel: 8 }, autoscaling: { metric: "kv-cache-utilization", adapter: "keda", minReplicas: 1, maxReplicas: 2 } })],
        };
        expectIssue(cfg, /autoscaling\.maxReplicas: got 2; expected at most 1: 2 replicas x 8 accelerators per pod = 16, but node pool h200 holds at most 2 x 8 = 16 accelerators \(a3-ultragpu-8g\), 8 of them for prefill/);
    });

    it("EKS node groups bound it by maxSize; an explicit maxAccelerators still wins", () => {
        const groups = eks([{ name: "p5en", instanceType: "p5en.48xlarge", desiredSize: 1, maxSize: 2 }]);
        const { spec } = resolveConfig({ cluster: { keda: true, prometheusOperator: true }, eks: groups, services: [autoscaled("p5en", { tensorParallel: 8 }, { minReplicas: 1 })] });
        assert.equal(spec.services[0].autoscaling!.maxReplicas, 2);
        const own = resolveConfig({ cluster: { keda: true, prometheusOperator: true }, eks: groups, services: [autoscaled("p5en", { tensorParallel: 8 }, { minReplicas: 1, maxAccelerators: 40 })] });
        assert.equal(own.spec.services[0].autoscaling!.maxReplicas, 5);
    });
});

describe("LlmdStack outputs of a cloud stack", function () {
    this.timeout(120_000);

    it("exports the created cluster's kubeconfig as a secret and the node pool names", async () => {
        const run = await runOffline({ gke: gke([{ name: "l4", machineType: "g2-standard-24", nodeCount: 1 }]), services: [service("l4", { decode: { tensorParallel: 2 } })] });
        assert.deepEqual(await value(run.stack.nodePoolNames), ["l4"]);
        const kc = JSON.parse(await value(run.stack.kubeconfig));
        assert.equal(kc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        assert.equal(await (run.stack.kubeconfig as unknown as { isSecret: Promise<boolean> }).isSecret, true);
    });

    it("exports an empty (secret) kubeconfig and no pools for an existing cluster", async () => {
        const run = await runOffline({ services: [{ name: "sim", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" } }] });
        assert.equal(await value(run.stack.kubeconfig), "");
        assert.deepEqual(await value(run.stack.nodePoolNames), []);
    });
});
