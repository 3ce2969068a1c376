// Pure sizing and cost functions. Imports only the catalog.
export * from "./weights";
export * from "./kv";
export * from "./kvcache";
export * from "./recommend";
export * from "./memory";
export * from "./throughput";
export * from "./cost";
export * from "./sizing";
export * from "./fit";
export * from "./plan";
