// Small config fixtures shared by tests (kept minimal; examples/configs holds the real ones).
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../components/config/errors";
import { loadConfigFile } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { StackSpec } from "../../components/config/spec";

/** The repository root (tests run from dist/tests/...). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

export function exampleConfigFiles(): string[] {
    const dir = path.join(ROOT, "examples", "configs");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => path.join(dir, f));
}

export function loadExample(name: string): unknown {
    return loadConfigFile(path.join(ROOT, "examples", "configs", name));
}

export function simConfig(extra: Record<string, unknown> = {}, service: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        services: [{ name: "sim", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" }, ...service }],
        ...extra,
    };
}

export function gpuConfig(extra: Record<string, unknown> = {}, service: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        services: [
            {
                name: "llama",
                model: { id: "meta-llama/Llama-3.1-8B-Instruct" },
                accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" },
                decode: { replicas: 2, tensorParallel: 2 },
                ...service,
            },
        ],
        ...extra,
    };
}

export function spec(config: unknown): StackSpec {
    return resolveConfig(config).spec;
}

/**
 * The error a release gives an example it does not support (a feature only newer releases have), or
 * undefined when it resolves. The refusal must name the release, so a user knows which one to pick.
 */
export function refusedBy(config: Record<string, unknown>, release: string): string | undefined {
    try {
        resolveConfig({ ...config, release });
        return undefined;
    } catch (e) {
        if (e instanceof ConfigError && e.message.includes(`llm-d ${release}`)) return e.message;
        throw e;
    }
}
