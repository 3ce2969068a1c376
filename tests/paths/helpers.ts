// Helpers for the well-lit path tests: render a config, find objects, read containers back.
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { ConfigError } from "../../components/config/errors";
import { resolveConfig } from "../../components/config/resolve";
import { ServiceSpec } from "../../components/config/spec";
import { K8sObject, allObjects, buildStack } from "../../components/manifests";
import { EndpointPickerConfig, PluginSpec } from "../../components/manifests/scheduler/epp-config";

export interface Rendered {
    spec: ServiceSpec;
    warnings: string[];
    objects: K8sObject[];
}

export function render(config: unknown): Rendered {
    const { spec, warnings } = resolveConfig(config);
    return { spec: spec.services[0], warnings, objects: allObjects(buildStack(spec)) };
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    assert.ok(o, `${kind}/${name} not rendered (have: ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(", ")})`);
    return o;
}

export function podSpec(deploy: K8sObject): Record<string, any> {
    return (deploy as any).spec.template.spec;
}

export function container(deploy: K8sObject, name?: string): Record<string, any> {
    const containers: Record<string, any>[] = podSpec(deploy).containers;
    return name ? containers.find((c) => c.name === name)! : containers[0];
}

/** The value of `--flag=value` in args, or true for a bare `--flag`. */
export function flag(args: string[], name: string): string | true | undefined {
    for (const a of args) {
        if (a === name) return true;
        if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    }
    return undefined;
}

export function envValue(c: Record<string, any>, name: string): Record<string, any> | undefined {
    return (c.env as Record<string, any>[]).find((e) => e.name === name);
}

export function eppConfig(objects: K8sObject[], service: string): EndpointPickerConfig {
    const cm = find(objects, "ConfigMap", `${service}-epp-config`) as any;
    return parse(Object.values(cm.data)[0] as string) as EndpointPickerConfig;
}

export function plugin(cfg: EndpointPickerConfig, key: string): PluginSpec {
    const p = cfg.plugins.find((x) => (x.name ?? x.type) === key);
    assert.ok(p, `plugin ${key} not in the config`);
    return p;
}

export function weights(cfg: EndpointPickerConfig, profile: string): Record<string, number | undefined> {
    const p = cfg.schedulingProfiles.find((x) => x.name === profile);
    assert.ok(p, `profile ${profile} missing`);
    return Object.fromEntries(p.plugins.map((r) => [r.pluginRef, r.weight]));
}

/** Asserts that rendering fails with a ConfigError naming `path`. */
export function assertConfigError(fn: () => unknown, path: string, says?: RegExp): ConfigError {
    let caught: unknown;
    try {
        fn();
    } catch (e) {
        caught = e;
    }
    assert.ok(caught instanceof ConfigError, `expected a ConfigError naming ${path}, got ${caught === undefined ? "no error" : String(caught)}`);
    const issue = caught.issues.find((i) => i.path === path);
    assert.ok(issue, `no issue for ${path}; issues: ${caught.issues.map((i) => i.path).join(", ")}`);
    if (says) assert.match(caught.message, says);
    return caught;
}

/** Extended resources other than cpu/memory/ephemeral-storage anywhere in a pod spec. */
export function extendedResources(deploy: K8sObject): string[] {
    const pod = podSpec(deploy);
    const all = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
    const names = new Set<string>();
    for (const c of all) {
        for (const section of ["requests", "limits"]) {
            for (const k of Object.keys(c.resources?.[section] ?? {})) {
                if (!["cpu", "memory", "ephemeral-storage"].includes(k)) names.add(k);
            }
        }
    }
    return [...names];
}
