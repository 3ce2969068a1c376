// The components the provider hosts, and its package name (type tokens are `llmd:index:<Class>`).
import { EksCluster, GkeCluster, InferenceScheduler, LlmdStack, ModelService, Platform } from "../components";

export const PROVIDER_NAME = "llmd";
export const PROVIDER_COMPONENTS = [LlmdStack, ModelService, InferenceScheduler, Platform, GkeCluster, EksCluster] as const;

export { STACK_COMPONENT_NAME } from "./plan";
