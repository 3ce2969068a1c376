// Every infrastructure rule, with its message, caught by resolveConfig before any resource.
import assert from "node:assert/strict";
import { resolveConfig } from "../../components/config/resolve";
import { eks, expectIssue, gke, messages, pdService, service } from "./helpers";

describe("infrastructure validation", () => {
    it("accepts exactly one of existing, gke and eks", () => {
        expectIssue({ existing: { context: "x" }, gke: gke([{ name: "l4", machineType: "g2-standard-8" }]), services: [service("l4")] }, /^gke: .*expected exactly one of existing, gke or eks \(got existing and gke\)/);
        expectIssue({ gke: gke([{ name: "l4", machineType: "g2-standard-8" }]), eks: eks([{ name: "l4", instanceType: "g6.xlarge" }]), services: [service("l4")] }, /^eks: .*exactly one of existing, gke or eks/);
    });

    it("refuses compact placement over several zones", () => {
        expectIssue(
            { gke: gke([{ name: "h200", machineType: "a3-megagpu-8g", compactPlacement: true, zones: ["us-central1-a", "us-central1-b"] }]), services: [service("h200")] },
            /^gke\.nodePools\[0\]\.compactPlacement: got \["us-central1-a","us-central1-b"\]; expected exactly one zone.*Set gke\.nodePools\[0\]\.zones to one zone/,
        );
    });

    it("keeps flex-start and spot apart: capacity is one choice, and flex-start needs maxNodes, not nodeCount", () => {
        expectIssue({ gke: gke([{ name: "v6e", machineType: "ct6e-standard-8t", capacity: "flex-start", spot: true }]), services: [service("v6e")] }, /gke\.nodePools\[0\]\.spot: got "spot"; expected a known field/);
        expectIssue({ gke: gke([{ name: "v6e", machineType: "ct6e-standard-8t", capacity: "flex-start", nodeCount: 2 }]), services: [service("v6e")] }, /nodeCount: got 2; expected no fixed size on a flex-start pool/);
        expectIssue({ gke: gke([{ name: "v6e", machineType: "ct6e-standard-8t", capacity: "flex-start" }]), services: [service("v6e")] }, /maxNodes: got nothing; expected the most nodes flex-start may provision/);
        expectIssue({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g", capacity: "flex-start", maxNodes: 2, compactPlacement: true }]), services: [service("h100")] }, /compact placement with flex-start only on a3-ultragpu-8g, a4-highgpu-8g/);
    });

    it("refuses a TPU topology the machine type cannot form, and a node count the topology contradicts", () => {
        expectIssue({ gke: gke([{ name: "v6e", machineType: "ct6e-standard-8t", tpuTopology: "4x4" }]), services: [service("v6e")] }, /tpuTopology: got "4x4"; expected a topology ct6e-standard-8t \(8 chips per VM\) can form: 2x4/);
        expectIssue({ gke: gke([{ name: "v6e", machineType: "ct6e-standard-4t", tpuTopology: "4x4", nodeCount: 2 }]), services: [service("v6e")] }, /nodeCount: got 2; expected 4, the VMs of a 4x4 slice/);
        expectIssue({ gke: gke([{ name: "l4", machineType: "g2-standard-8", tpuTopology: "2x2" }]), services: [service("l4")] }, /no TPU topology on g2-standard-8/);
    });

    it("refuses an RDMA pool outside the zone of the RDMA network profile", () => {
        expectIssue(
            {
                gke: gke([
                    { name: "a", machineType: "a3-ultragpu-8g", zones: ["us-central1-b"] },
                    { name: "b", machineType: "a4-highgpu-8g", zones: ["us-central1-c"] },
                ]),
                services: [service("a")],
            },
            /^gke\.nodePools\[1\]\.zones: got \["us-central1-c"\]; expected \[us-central1-b\], the zone of the RDMA network profile \(us-central1-b-vpc-roce\)/,
        );
        expectIssue({ gke: gke([{ name: "a", machineType: "a3-ultragpu-8g", zones: ["us-central1-b", "us-central1-c"] }]), services: [service("a")] }, /expected exactly one zone: the RDMA VPC's network profile is zonal/);
    });

    it("refuses a model server asking for more accelerators per pod than a node has", () => {
        expectIssue({ gke: gke([{ name: "l4", machineType: "g2-standard-24" }]), services: [service("l4", { decode: { tensorParallel: 4 } })] }, /services\[0\]\.decode\.tensorParallel: got 4; expected at most 2 accelerators per pod .*g2-standard-24 node of pool l4 has 2/);
        expectIssue({ eks: eks([{ name: "l4", instanceType: "g6.xlarge" }]), services: [service("l4", { decode: { tensorParallel: 2 } })] }, /at most 1 accelerators per pod/);
    });

    it("refuses P/D on a pool without RDMA or EFA, and only warns when the user insists on tcp", () => {
        expectIssue({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g" }]), services: [pdService("h100", 8, 8)] }, /services\[0\]\.accelerator\.nodePool: got "h100"; expected a pool with an RDMA or EFA network for pd-disaggregation \(a3-highgpu-8g has gpudirect-tcpx, which NIXL cannot use\)/);
        expectIssue({ eks: eks([{ name: "p5", instanceType: "p5.48xlarge", efa: false }]), services: [pdService("p5", 8, 8)] }, /expected a pool with an RDMA or EFA network/);
        const ok = resolveConfig({ gke: gke([{ name: "h100", machineType: "a3-highgpu-8g" }]), services: [pdService("h100", 8, 8, { accelerator: { nodePool: "h100", network: "tcp" } })] });
        assert.ok(ok.warnings.some((w) => /KV-cache transfer runs over TCP/.test(w)), ok.warnings.join("\n"));
        assert.equal(ok.spec.services[0].kvTransfer?.transport, "ucx-tcp");
    });

    it("derives from the pool and refuses what contradicts it", () => {
        expectIssue({ gke: gke([{ name: "l4", machineType: "g2-standard-8" }]), services: [service("l4", { accelerator: { nodePool: "l4", chip: "nvidia-h100-80gb" } })] }, /accelerator\.chip: got "nvidia-h100-80gb"; expected nvidia-l4, the chip of node pool l4/);
        expectIssue({ gke: gke([{ name: "l4", machineType: "g2-standard-8" }]), services: [service("nope")] }, /accelerator\.nodePool: got "nope"; expected one of the pools the stack creates: l4/);
        expectIssue({ services: [service("l4")] }, /this config creates no cluster/);
        expectIssue({ eks: eks([{ name: "g", instanceType: "g6.xlarge", efa: true }]), services: [service("g")] }, /eks\.nodeGroups\[0\]\.efa: got true; expected an instance type with EFA/);
        expectIssue({ eks: eks([{ name: "g", instanceType: "p5.48xlarge", capacity: "capacity-block" }]), services: [service("g")] }, /capacityReservationId: got nothing; expected the cr-\.\.\. id of the Capacity Block/);
        expectIssue({ gke: gke([{ name: "r", machineType: "a3-megagpu-8g", capacity: "reservation" }]), services: [service("r")] }, /reservationName: got nothing; expected the reservation to consume/);
        expectIssue({ gke: gke([{ name: "x", machineType: "p5.48xlarge" }]), services: [service("x")] }, /gke\.nodePools\[0\]\.machineType: got "p5\.48xlarge"; expected a GKE machine type from the catalog/);
        const spec = resolveConfig({ gke: gke([{ name: "l4", machineType: "g2-standard-8" }]), services: [service("l4")] }).spec;
        assert.equal(spec.services[0].accelerator.chip, "nvidia-l4");
        assert.equal(spec.services[0].accelerator.resourceName, "nvidia.com/gpu");
    });

    it("collects every problem at once", () => {
        const m = messages({ gke: gke([{ name: "a", machineType: "a3-ultragpu-8g", compactPlacement: true, zones: ["us-central1-b", "us-central1-c"], capacity: "reservation" }]), services: [service("a")] });
        assert.ok(m.length >= 3, m.join("\n"));
    });
});
