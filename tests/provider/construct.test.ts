// ComponentProvider.construct(): what the engine calls when a Python, Go, .NET or YAML program
// creates `llmd:index:LlmdStack`. Run in-process under Pulumi's mock runtime.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadConfigFile } from "../../components/config/load";
import { newComponentProvider, packageRoot } from "../../provider/schema";
import { recordingMocks, settle, waitFor } from "./helpers";

describe("component provider construct() under mocks", function () {
    this.timeout(120_000);
    let registered: pulumi.runtime.MockResourceArgs[] = [];
    before(async () => {
        registered = await recordingMocks("construct");
    });

    it("constructs LlmdStack from the simulated example and returns its URN and outputs", async () => {
        const provider = newComponentProvider();
        const inputs = loadConfigFile(path.join(packageRoot(), "examples", "configs", "simulated.yaml")) as pulumi.Inputs;
        const result = await provider.construct("sim-stack", "llmd:index:LlmdStack", inputs, {});
        assert.equal(await settle(result.urn), "urn:pulumi:construct::llm-d::llmd:index:LlmdStack::sim-stack");
        const state = result.state as Record<string, pulumi.Output<unknown>>;
        for (const k of ["namespace", "gatewayName", "gatewayAddress", "inferencePoolNames", "serviceNames"]) assert.ok(k in state, `state.${k}`);
        assert.deepEqual(await settle(state.inferencePoolNames), ["sim"]);
        assert.equal(await settle(state.namespace), "llm-d-sim");
        assert.equal(await settle(state.gatewayName), "llm-d-inference-gateway");
        await waitFor(() => registered.some((r) => r.type === "kubernetes:inference.networking.k8s.io/v1:InferencePool"), "the InferencePool registration");
        assert.ok(registered.some((r) => r.type === "llmd:index:ModelService" && r.name === "sim"), registered.map((r) => `${r.type} ${r.name}`).join("\n"));
    });

    it("constructs a standalone ModelService whose pool is named after the service", async () => {
        const provider = newComponentProvider();
        const result = await provider.construct(
            "solo",
            "llmd:index:ModelService",
            { namespace: "team-a", service: { name: "chat", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" } } } as pulumi.Inputs,
            {},
        );
        const state = result.state as Record<string, pulumi.Output<unknown>>;
        assert.equal(await settle(state.poolName), "chat");
        assert.equal(await settle(state.namespace), "team-a");
    });

    it("rejects a type token outside the llmd package", async () => {
        await assert.rejects(newComponentProvider().construct("x", "other:index:LlmdStack", {}, {}), /Invalid package name other/);
    });
});
