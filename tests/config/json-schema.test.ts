// The `llmd schema` contract: every example config validates against the printed JSON Schema,
// and the schema rejects what resolveConfig rejects structurally.
import assert from "node:assert/strict";
import * as path from "node:path";
import { configJsonSchema } from "../../components/config/schema";
import { loadConfigFile } from "../../components/config/load";
import { ROOT, exampleConfigFiles, loadExample } from "../support/fixtures";

// ajv comes with kubernetes-models' validator; its draft 2020-12 build matches zod's output.
const Ajv2020 = require("ajv/dist/2020").default as new (opts: Record<string, unknown>) => { compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown[] } };

describe("llmd schema (JSON Schema of the config file)", () => {
    const schema = configJsonSchema();
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

    for (const file of exampleConfigFiles()) {
        it(`validates ${path.basename(file)}`, () => {
            const ok = validate(loadExample(path.basename(file)));
            assert.ok(ok, JSON.stringify(validate.errors, null, 1));
        });
    }

    it("validates the default stack (examples/default/llmd.yaml)", () => {
        const ok = validate(loadConfigFile(path.join(ROOT, "examples", "default", "llmd.yaml")));
        assert.ok(ok, JSON.stringify(validate.errors, null, 1));
    });

    it("rejects an unknown field, a wrong type and a bad enum value", () => {
        assert.equal(validate({ services: [{ name: "a", model: { id: "x/y" } }], bogus: 1 }), false);
        assert.equal(validate({ services: [{ name: "a", model: { id: "x/y" }, decode: { replicas: "2" } }] }), false);
        assert.equal(validate({ services: [{ name: "a", model: { id: "x/y" }, path: "fast" }] }), false);
        assert.equal(validate({ services: [] }), false);
    });
});
