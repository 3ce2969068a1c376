// EndpointPickerConfig: the llm-d router (EPP) configuration file. Not a Kubernetes object, but it
// carries apiVersion/kind and is decoded with a strict (unknown fields rejected) decoder.
//
// Derived from llm-d/llm-d-router v0.9.0: apix/config/v1alpha1/endpointpickerconfig_types.go,
// pkg/epp/config/loader/configloader.go (strict decode; the deprecated apiVersion
// inference.networking.x-k8s.io/v1alpha1 is still accepted) and pkg/epp/config/loader/validation.go.
// The stored revision of the types also has requestHandler and flowControl fields that may postdate
// v0.9.0; they are accepted (optional) here.
//  - plugins (required): [{type (required), name? (defaults to type), parameters? (free-form)}]
//  - schedulingProfiles: [{name (required), plugins (required): [{pluginRef (required), weight? number}]}]
//    (the loader injects a "default" profile when the list is empty)
//  - featureGates: string[] ("name", "name=true", "name=false")
//  - dataLayer: {injectDefaults?, sources?: [{pluginRef, extractors: [{pluginRef}]}], discovery? {pluginRef},
//    peerDiscovery? {pluginRef}, crossReplicaSyncerPluginRef?, crossReplicaSyncInterval? (duration)}
//  - flowControl: {maxBytes?, maxRequests? (quantities), defaultRequestTTL?, noEndpointRequestTTL? (durations),
//    defaultPriorityBand?, defaultNegativePriorityBand?, priorityBands?[] {priority (required), maxBytes?,
//    maxRequests?, fairnessPolicyRef?, orderingPolicyRef?}, usageLimitPolicyPluginRef?, saturationDetector?
//    {pluginRef?}, enableEviction?}
//  - requestHandler: {parsers?: [{pluginRef}]}
//  - saturationDetector (deprecated): {pluginRef?}; parser (deprecated): {pluginRef (required)}
import { GO_DURATION_PATTERN, JSONSchema, QUANTITY_PATTERN, str } from "./common";

export const ENDPOINT_PICKER_CONFIG_API_VERSIONS = ["llm-d.ai/v1alpha1", "inference.networking.x-k8s.io/v1alpha1"];
export const ENDPOINT_PICKER_CONFIG_SOURCE =
  "llm-d/llm-d-router v0.9.0: apix/config/v1alpha1/endpointpickerconfig_types.go, pkg/epp/config/loader/*.go";

const pluginRefObj = (required: boolean): JSONSchema => ({
  type: "object",
  ...(required ? { required: ["pluginRef"] } : {}),
  additionalProperties: false,
  properties: { pluginRef: str({ minLength: required ? 1 : 0 }) },
});
const quantity: JSONSchema = { anyOf: [{ type: "integer", minimum: 0 }, str({ pattern: QUANTITY_PATTERN })] };
const duration: JSONSchema = str({ pattern: GO_DURATION_PATTERN });
const priorityBand = (priorityRequired: boolean): JSONSchema => ({
  type: "object",
  ...(priorityRequired ? { required: ["priority"] } : {}),
  additionalProperties: false,
  properties: {
    priority: { type: "integer" },
    maxBytes: quantity,
    maxRequests: quantity,
    fairnessPolicyRef: str(),
    orderingPolicyRef: str(),
  },
});

export const endpointPickerConfigSchema: JSONSchema = {
  type: "object",
  required: ["apiVersion", "kind", "plugins"],
  additionalProperties: false,
  properties: {
    apiVersion: { enum: ENDPOINT_PICKER_CONFIG_API_VERSIONS },
    kind: { const: "EndpointPickerConfig" },
    // "name" or "name=<bool>" where <bool> is anything Go's strconv.ParseBool accepts (case-insensitive).
    featureGates: {
      type: "array",
      items: str({ minLength: 1, pattern: "^[^=\\s]+(=\\s*([01tTfF]|[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*)?$" }),
    },
    plugins: {
      type: "array",
      items: {
        type: "object",
        required: ["type"],
        additionalProperties: false,
        properties: {
          name: str(),
          type: str({ minLength: 1 }),
          parameters: {},
        },
      },
    },
    schedulingProfiles: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "plugins"],
        additionalProperties: false,
        properties: {
          name: str({ minLength: 1 }),
          plugins: {
            type: "array",
            items: {
              type: "object",
              required: ["pluginRef"],
              additionalProperties: false,
              properties: { pluginRef: str({ minLength: 1 }), weight: { type: "number" } },
            },
          },
        },
      },
    },
    dataLayer: {
      type: "object",
      additionalProperties: false,
      properties: {
        injectDefaults: { type: "boolean" },
        sources: {
          type: "array",
          items: {
            type: "object",
            required: ["pluginRef", "extractors"],
            additionalProperties: false,
            properties: {
              pluginRef: str({ minLength: 1 }),
              extractors: { type: "array", items: pluginRefObj(true) },
            },
          },
        },
        discovery: pluginRefObj(true),
        peerDiscovery: pluginRefObj(true),
        crossReplicaSyncerPluginRef: str(),
        crossReplicaSyncInterval: duration,
      },
    },
    flowControl: {
      type: "object",
      additionalProperties: false,
      properties: {
        maxBytes: quantity,
        maxRequests: quantity,
        defaultRequestTTL: duration,
        noEndpointRequestTTL: duration,
        defaultPriorityBand: priorityBand(false),
        defaultNegativePriorityBand: priorityBand(false),
        priorityBands: { type: "array", items: priorityBand(true) },
        usageLimitPolicyPluginRef: str(),
        saturationDetector: pluginRefObj(false),
        enableEviction: { type: "boolean" },
      },
    },
    requestHandler: {
      type: "object",
      additionalProperties: false,
      properties: { parsers: { type: "array", items: pluginRefObj(true) } },
    },
    saturationDetector: pluginRefObj(false),
    parser: pluginRefObj(true),
  },
};
