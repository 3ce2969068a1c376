// Resolving a single model service outside LlmdStack (a component used on its own).
import { resolveConfig } from "../config/resolve";
import { assertFits } from "../planner/fit";
import { StackSpec } from "../config/spec";
import { GatewayConfig, HuggingFaceConfig, LlmdReleaseName, ModelServiceConfig } from "../config/types";

export function resolveStandaloneService(
    source: string,
    args: { release?: LlmdReleaseName; namespace?: string; gateway?: GatewayConfig; huggingFace?: HuggingFaceConfig; service: ModelServiceConfig },
): StackSpec {
    const { spec } = resolveConfig(
        {
            release: args.release,
            namespace: args.namespace,
            createNamespace: false,
            // The Gateway and platform belong to the stack; a service on its own only attaches a route.
            gateway: { ...(args.gateway ?? {}), create: false },
            platform: { installGatewayApiCrds: false, installInferenceExtensionCrds: false, installGatewayControlPlane: false },
            huggingFace: { ...(args.huggingFace ?? {}), createSecret: false },
            services: [args.service],
        },
        source,
    );
    // Same rule as LlmdStack: a layout that cannot hold the model fails before any resource.
    assertFits(spec, source);
    return spec;
}
