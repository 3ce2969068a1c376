// Shared helpers of the production-feature tests.
import * as assert from "node:assert/strict";
import { resolveConfig } from "../../components/config/resolve";
import { StackSpec } from "../../components/config/spec";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";

export function build(config: unknown): { spec: StackSpec; objects: K8sObject[] } {
    const { spec } = resolveConfig(config);
    return { spec, objects: allObjects(buildStack(spec)) };
}

export function find(objects: K8sObject[], kind: string, name: string): any {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    assert.ok(o, `${kind}/${name} not rendered (have: ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(", ")})`);
    return o;
}

export function ofKind(objects: K8sObject[], kind: string): any[] {
    return objects.filter((o) => o.kind === kind);
}

export const sim = (name: string, extra: Record<string, unknown> = {}) => ({ name, model: { id: `org/${name}` }, accelerator: { type: "simulated" }, ...extra });

export const gpu = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    model: { id: "meta-llama/Llama-3.1-8B-Instruct", servedName: name },
    accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" },
    decode: { replicas: 2, tensorParallel: 1 },
    ...extra,
});

export const pd = (name: string, network = "rdma-roce") => ({
    name,
    path: "pd-disaggregation",
    model: { id: "openai/gpt-oss-120b", servedName: name },
    accelerator: { type: "nvidia", chip: "nvidia-h100-80gb", network },
    decode: { replicas: 2, tensorParallel: 4, networkResources: { "rdma/ib": 1 } },
    prefill: { replicas: 4, tensorParallel: 1, networkResources: { "rdma/ib": 1 } },
});
