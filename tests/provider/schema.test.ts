// The component provider's Pulumi package schema, inferred in-process from the TypeScript
// sources (what `pulumi package add` generates the Python, Go, .NET and YAML SDKs from).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { eksSchema, gkeSchema } from "../../components/config/infra-schema";
import { stackConfigSchema } from "../../components/config/schema";
import { PROVIDER_NAME } from "../../provider/components";
import { packageRoot, providerSchema } from "../../provider/schema";

interface Prop {
    type?: string;
    $ref?: string;
    items?: Prop;
    additionalProperties?: Prop;
    description?: string;
    plain?: boolean;
}
interface Resource {
    isComponent?: boolean;
    description?: string;
    inputProperties: Record<string, Prop>;
    requiredInputs?: string[];
    properties: Record<string, Prop>;
}
interface TypeDef {
    type: string;
    properties?: Record<string, Prop>;
    enum?: { name: string; value: string; description?: string }[];
}
interface Schema {
    name: string;
    resources: Record<string, Resource>;
    types: Record<string, TypeDef>;
}

const COMPONENTS = ["LlmdStack", "ModelService", "InferenceScheduler", "Platform", "GkeCluster", "EksCluster"];
const ENUMS = ["WellLitPath", "AcceleratorType", "AcceleratorNetwork", "OffloadConnector", "GatewayProvider", "SimulatorMode"];

/** Every property is typed: a primitive, an array/map of typed items, or a $ref that exists. */
function assertTyped(schema: Schema, where: string, p: Prop): void {
    if (p.$ref) {
        if (p.$ref.startsWith("#/types/")) assert.ok(schema.types[p.$ref.slice("#/types/".length)], `${where}: dangling ${p.$ref}`);
        else assert.equal(p.$ref, "pulumi.json#/Any", `${where}: unexpected ref ${p.$ref}`);
        return;
    }
    assert.ok(["string", "number", "integer", "boolean", "array", "object"].includes(p.type ?? ""), `${where}: untyped ${JSON.stringify(p)}`);
    if (p.type === "array") assertTyped(schema, `${where}[]`, p.items!);
    if (p.type === "object") assertTyped(schema, `${where}{}`, p.additionalProperties!);
}

function assertDocumented(where: string, p: { description?: string }): void {
    assert.ok(p.description && p.description.trim().length > 3, `${where} has no description`);
}

describe("component provider schema (getSchema in-process)", function () {
    this.timeout(120_000);
    let schema: Schema;
    before(async () => {
        schema = (await providerSchema()) as unknown as Schema;
    });

    it("is the llmd package with every public component", () => {
        assert.equal(schema.name, PROVIDER_NAME);
        for (const c of COMPONENTS) {
            const r = schema.resources[`llmd:index:${c}`];
            assert.ok(r, `missing llmd:index:${c}; have ${Object.keys(schema.resources).join(", ")}`);
            assert.equal(r.isComponent, true);
            assertDocumented(c, r);
        }
    });

    it("types and documents every input and output of every component", () => {
        for (const c of COMPONENTS) {
            const r = schema.resources[`llmd:index:${c}`];
            for (const [k, p] of Object.entries(r.inputProperties)) {
                assertTyped(schema, `${c}.${k}`, p);
                assertDocumented(`input ${c}.${k}`, p);
            }
            assert.ok(Object.keys(r.properties).length > 0, `${c} declares no outputs`);
            for (const [k, p] of Object.entries(r.properties)) {
                assertTyped(schema, `${c} output ${k}`, p);
                assertDocumented(`output ${c}.${k}`, p);
            }
        }
    });

    it("types and documents every field of every object type and every enum value", () => {
        for (const [name, t] of Object.entries(schema.types)) {
            if (t.enum) {
                assert.equal(t.type, "string", name);
                for (const e of t.enum) assertDocumented(`${name}.${e.name}`, e);
                continue;
            }
            assert.equal(t.type, "object", name);
            for (const [k, p] of Object.entries(t.properties ?? {})) {
                assertTyped(schema, `${name}.${k}`, p);
                assertDocumented(`${name}.${k}`, p);
            }
        }
    });

    it("takes LlmdStack's args in exactly the config file's shape, plus the two secrets", () => {
        const inputs = schema.resources["llmd:index:LlmdStack"].inputProperties;
        assert.deepEqual(Object.keys(inputs).sort(), [...Object.keys(stackConfigSchema.shape), "hfToken", "kubeconfig"].sort());
        assert.deepEqual(schema.resources["llmd:index:LlmdStack"].requiredInputs, ["services"]);
        // The secrets accept Outputs (pulumi.secret from other resources); config values are plain.
        assert.equal(inputs.hfToken.plain, undefined);
        assert.equal(inputs.kubeconfig.plain, undefined);
        assert.equal(inputs.services.items?.$ref, "#/types/llmd:index:ModelServiceConfig");
        const svc = schema.types["llmd:index:ModelServiceConfig"].properties!;
        const zodService = stackConfigSchema.shape.services.element.shape;
        assert.deepEqual(Object.keys(svc).sort(), Object.keys(zodService).sort());
    });

    it("declares choices as enum types with llm-d's values", () => {
        for (const e of ENUMS) {
            const t = schema.types[`llmd:index:${e}`];
            assert.ok(t?.enum, `${e} is not an enum type`);
        }
        assert.deepEqual(
            schema.types["llmd:index:WellLitPath"].enum!.map((e) => e.value),
            ["inference-scheduling", "precise-prefix-cache", "pd-disaggregation", "tiered-prefix-cache", "wide-ep"],
        );
        const svc = schema.types["llmd:index:ModelServiceConfig"].properties!;
        assert.equal(svc.path.$ref, "#/types/llmd:index:WellLitPath");
        assert.equal(schema.types["llmd:index:AcceleratorConfig"].properties!.type.$ref, "#/types/llmd:index:AcceleratorType");
        assert.equal(schema.types["llmd:index:GatewayConfig"].properties!.provider.$ref, "#/types/llmd:index:GatewayProvider");
    });

    it("declares the outputs users connect to: namespace, gateway, InferencePools", () => {
        const out = schema.resources["llmd:index:LlmdStack"].properties;
        for (const k of ["namespace", "gatewayName", "gatewayAddress", "inferencePoolNames", "serviceNames", "kubeconfig", "nodePoolNames"]) assert.ok(out[k], `LlmdStack.${k}`);
        assert.equal(out.nodePoolNames.type, "array");
        // The created clusters, with the inputs of the config file's `gke` / `eks` blocks.
        assert.deepEqual(Object.keys(schema.resources["llmd:index:GkeCluster"].inputProperties).sort(), Object.keys(gkeSchema.shape).sort());
        assert.deepEqual(Object.keys(schema.resources["llmd:index:EksCluster"].inputProperties).sort(), Object.keys(eksSchema.shape).sort());
        for (const c of ["GkeCluster", "EksCluster"]) assert.ok(schema.resources[`llmd:index:${c}`].properties.kubeconfig, `${c}.kubeconfig`);
        assert.equal(schema.types["llmd:index:GkeNodePoolConfig"].properties!.rdma.$ref, "#/types/llmd:index:GkeRdmaMode");
        assert.equal(out.inferencePoolNames.type, "array");
        assert.ok(schema.resources["llmd:index:ModelService"].properties.poolName);
        assert.ok(schema.resources["llmd:index:InferenceScheduler"].properties.poolName);
        assert.ok(schema.resources["llmd:index:InferenceScheduler"].properties.schedulerServiceName);
    });

    it("accepts the YAML example's LlmdStack properties: the simulated config, verbatim", () => {
        const program = parse(fs.readFileSync(path.join(packageRoot(), "examples", "yaml", "Pulumi.yaml"), "utf8")) as {
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
        };
        const llmd = program.resources.llmd;
        assert.equal(llmd.type, "llmd:index:LlmdStack");
        const inputs = schema.resources[llmd.type].inputProperties;
        for (const k of Object.keys(llmd.properties)) assert.ok(inputs[k], `LlmdStack has no input ${k}`);
        resolveConfig(llmd.properties, "examples/yaml/Pulumi.yaml");
        assert.deepEqual(llmd.properties, loadConfigFile(path.join(packageRoot(), "examples", "configs", "simulated.yaml")));
    });
});
