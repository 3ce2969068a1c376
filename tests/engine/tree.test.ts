// `llmd plan` lists the resource tree as data (components/manifests/tree.ts) instead of running
// Pulumi's mock runtime. That tree must stay exactly what the components register: every
// example's types, names, parents, explicit dependencies and wait budgets are compared here with
// a run of the real LlmdStack under mocks, with and without a Hugging Face token.
import assert from "node:assert/strict";
import * as path from "node:path";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { buildStack } from "../../components/manifests";
import { PlannedResource, resourceTree } from "../../components/manifests/tree";
import { STACK_COMPONENT_NAME } from "../../provider/components";
import { runOffline } from "../../provider/offline";
import { ROOT, exampleConfigFiles } from "../support/fixtures";

function canonical(rs: PlannedResource[]): string[] {
    return rs.map((r) => JSON.stringify({ type: r.type, name: r.name, parent: r.parent, dependsOn: [...(r.dependsOn ?? [])].sort(), timeouts: r.timeouts ?? null })).sort();
}

describe("plan: the resource tree as data equals what the components register under mocks", function () {
    this.timeout(120_000);
    const files = [path.join(ROOT, "examples", "default", "llmd.yaml"), ...exampleConfigFiles()];
    for (const file of files) {
        for (const token of [undefined, "hf_test"]) {
            it(`${path.basename(file)}${token ? " (with a token)" : ""}`, async () => {
                const config = loadConfigFile(file);
                const run = await runOffline(config, "plan", token);
                const spec = resolveConfig(config).spec;
                const tree = resourceTree(spec, buildStack(spec), { name: STACK_COMPONENT_NAME, hfToken: token !== undefined });
                assert.deepEqual(canonical(tree), canonical(run.resources));
            });
        }
    }
});
