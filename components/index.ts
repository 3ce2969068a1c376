// The public API of pulumi-llm-d.
export { LlmdStack, LlmdStackArgs } from "./stack";
export { ModelService, ModelServiceArgs } from "./llmd/modelservice";
export { InferenceScheduler, InferenceSchedulerArgs } from "./llmd/scheduler";
export { Platform, PlatformArgs } from "./platform";
export * from "./config/types";
export { resolveConfig } from "./config/resolve";
export { ConfigError } from "./config/errors";
export { buildStack, allObjects } from "./manifests";
export { loadConfigFile } from "./config/load";
export { GkeCluster, GkeClusterArgs, EksCluster, EksClusterArgs } from "./infra";
