// The component provider's Pulumi package schema, computed in-process: what
// `pulumi package get-schema` prints for this plugin, without the Pulumi CLI.
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "./components";

/** The folder holding package.json, tsconfig.json and the TypeScript sources. */
export function packageRoot(): string {
    // Compiled to dist/provider/schema.js; sources live at the repository root.
    const here = __dirname;
    return path.basename(path.dirname(here)) === "dist" ? path.resolve(here, "..", "..") : path.resolve(here, "..");
}

export function newComponentProvider(): ComponentProvider {
    return new ComponentProvider({ components: [...PROVIDER_COMPONENTS], name: PROVIDER_NAME, dirname: packageRoot() });
}

export async function providerSchema(): Promise<Record<string, unknown>> {
    return JSON.parse(await newComponentProvider().getSchema()) as Record<string, unknown>;
}
