// The components the provider hosts, and its package name (type tokens are `llmd:index:<Class>`).
import { InferenceScheduler, LlmdStack, ModelService, Platform } from "../components";

export const PROVIDER_NAME = "llmd";
export const PROVIDER_COMPONENTS = [LlmdStack, ModelService, InferenceScheduler, Platform] as const;
