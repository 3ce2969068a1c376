// The components the provider hosts, and its package name (type tokens are `llmd:index:<Class>`).
import { EksCluster, GkeCluster, InferenceScheduler, LlmdStack, ModelService, Platform } from "../components";

export const PROVIDER_NAME = "llmd";
export const PROVIDER_COMPONENTS = [LlmdStack, ModelService, InferenceScheduler, Platform, GkeCluster, EksCluster] as const;

/** LlmdStack's resource name wherever this project creates it (llmd up, llmd plan, examples/default). */
export const STACK_COMPONENT_NAME = "llm-d";
