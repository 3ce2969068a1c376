// The component provider entry point (package.json main): `pulumi package add` runs this file
// through Pulumi's nodejs plugin host, which generates SDKs for Python, Go, .NET and YAML from
// the schema inferred from the TypeScript sources.
import * as path from "node:path";
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "./components";

export * from "../components";

/** True when Pulumi's plugin host (or a direct `node provider/index`) runs this module. */
function runAsPlugin(): boolean {
    const main = require.main?.filename ?? "";
    return require.main === module || /[\\/]cmd[\\/]run-plugin[\\/]/.test(main);
}

// Importing the package as a library must not start a gRPC server, so host only as a plugin.
// The explicit name makes the type tokens `llmd:index:<Component>` (the host's own discovery
// would name the package after package.json's "pulumi-llm-d"; its later call is a no-op).
if (runAsPlugin()) {
    void componentProviderHost({ components: [...PROVIDER_COMPONENTS], name: PROVIDER_NAME, dirname: path.resolve(__dirname, "..") });
}
