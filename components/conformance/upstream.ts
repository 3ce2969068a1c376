// The compact upstream data of each release (components/catalog/releases/upstream/<release>.json),
// compiled by scripts/compile-upstream.mjs from the vendored artifacts in
// tests/fixtures/upstream/<release>/ (PROVENANCE.md there names each repository, path and commit).
import * as fs from "node:fs";
import * as path from "node:path";
import type { OpenApiSchema } from "./schema";

/** A parameter tree of a router plugin: keys, and for objects their nested keys. */
export interface ParamNode {
    type: string;
    properties?: Record<string, ParamNode>;
    items?: ParamNode;
}

export interface PluginEntry {
    stability?: string;
    deprecated?: { since?: string; removal?: string; replacement?: string };
    parameters: Record<string, ParamNode>;
}

export interface FlagEntry {
    type?: string;
    takesValue?: boolean;
    choices?: string[];
    deprecated?: string | boolean;
    default?: string;
    aliases?: string[];
}

export interface FlagList {
    binary?: string;
    version?: string;
    vllm?: string;
    flags: Record<string, FlagEntry>;
    external?: Record<string, unknown>;
}

export interface UpstreamData {
    release: string;
    provenance: string;
    crds: Record<string, { scope: string; schema: OpenApiSchema; file: string }>;
    /** Chart values keys: an object per map, 1 = open map, 0 = leaf. Keyed `<chart>-<version>`. */
    charts: Record<string, KeyTree>;
    router?: { router: string; plugins: Record<string, PluginEntry>; featureGates?: string[] };
    /** Prometheus metric names the endpoint picker registers. */
    routerMetrics?: string[];
    epp?: FlagList;
    sidecar?: FlagList;
    simulator?: FlagList;
    /** vLLM `serve` flags per vLLM release tag. */
    vllm?: Record<string, FlagList>;
}

export type KeyTree = { [key: string]: KeyTree } | 0 | 1;

const cache = new Map<string, UpstreamData>();

/** The package's root: the folder above this module holding its package.json (from sources or from dist/). */
function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "components", "catalog", "releases"))) return dir;
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`pulumi-llm-d: cannot find components/catalog/releases above ${__dirname}`);
        dir = up;
    }
}

/** The upstream data of a release, read on first use: a stack pays only for its own release. */
export function upstreamData(release: string): UpstreamData {
    let d = cache.get(release);
    if (!d) {
        const file = path.join(packageRoot(), "components", "catalog", "releases", "upstream", `${release}.json`);
        d = JSON.parse(fs.readFileSync(file, "utf8")) as UpstreamData;
        cache.set(release, d);
    }
    return d;
}
