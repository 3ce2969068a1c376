// Shared helpers of the infra tests: small configs per machine family, and lookups in a run.
import assert from "node:assert/strict";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { OfflineRun } from "../../provider/offline";

export function gke(pools: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { project: "my-llm-project", region: "us-central1", zones: ["us-central1-b"], nodePools: pools, ...extra };
}

export function eks(groups: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { region: "us-east-1", zones: ["us-east-1a", "us-east-1b"], nodeGroups: groups, ...extra };
}

export function service(pool: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { name: "svc", model: { id: "Qwen/Qwen3-8B" }, accelerator: { nodePool: pool }, ...extra };
}

export function pdService(pool: string, prefillTp: number, decodeTp: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return service(pool, { path: "pd-disaggregation", prefill: { replicas: 1, tensorParallel: prefillTp }, decode: { replicas: 1, tensorParallel: decodeTp }, ...extra });
}

/** The config issues a config raises (messages), or [] when it resolves. */
export function messages(config: unknown): string[] {
    try {
        resolveConfig(config);
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.message.split("\n").slice(1).map((l) => l.trim().replace(/^- /, ""));
        throw e;
    }
}

export function expectIssue(config: unknown, re: RegExp): void {
    const m = messages(config);
    assert.ok(m.some((x) => re.test(x)), `no issue matching ${re}; got:\n${m.join("\n")}`);
}

export function deployments(config: unknown): K8sObject[] {
    return allObjects(buildStack(resolveConfig(config).spec)).filter((o) => o.kind === "Deployment" && (o.metadata.name.endsWith("-decode") || o.metadata.name.endsWith("-prefill")));
}

export function podSpec(d: K8sObject): Record<string, any> {
    return (d as any).spec.template.spec;
}

export function find(run: OfflineRun, type: string, name: string): { parent: string; inputs: Record<string, any>; dependsOn: string[]; provider?: string } {
    const r = run.resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} ${name}: ${run.resources.filter((x) => !x.type.startsWith("kubernetes:")).map((x) => x.type + " " + x.name).join(", ")}`);
    return { ...r, ...(run.details.get(`${type}::${name}`) as any) };
}

export function ofType(run: OfflineRun, type: string): { name: string; inputs: Record<string, any> }[] {
    return run.resources.filter((r) => r.type === type).map((r) => ({ name: r.name, inputs: (run.details.get(`${r.type}::${r.name}`)?.inputs ?? {}) as Record<string, any> }));
}
