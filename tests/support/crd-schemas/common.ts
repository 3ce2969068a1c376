// Shared building blocks for the hand-written CRD schemas in this folder.
//
// These are compact JSON Schemas (draft-07 subset, compiled with ajv) written for this
// project's tests. Every schema file cites the upstream type definition it was derived from;
// nothing here is copied from upstream YAML.
//
// Two custom keywords are understood by tests/support/validate.ts:
//   "x-k8s-ref": "<package>:<SchemaName>"  validate the value with a precompiled schema from
//                kubernetes-models (e.g. "core:IoK8sApiCoreV1PodTemplateSpec") or
//                @kubernetes-models/apimachinery ("meta:IoK8sApimachineryPkgApisMetaV1ObjectMeta").
//   "x-unique-by": "<property>"             array items must have distinct values of <property>
//                (models CEL rules such as `self.all(p1, self.exists_one(p2, p1.number==p2.number))`).

export type JSONSchema = { [key: string]: unknown };

export interface CrdSchema {
  apiVersion: string;
  kind: string;
  /** Upstream repository, path and version the schema was derived from. */
  source: string;
  schema: JSONSchema;
}

/** RFC 1123 subdomain (lowercase, dots allowed), as used for API groups; "" allowed. */
export const GROUP_PATTERN = "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/** Kubernetes Kind: CamelCase identifier. */
export const KIND_PATTERN = "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";
/** RFC 1123 label. */
export const DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** Label value: empty, or alphanumeric at both ends with - _ . inside. */
export const LABEL_VALUE_PATTERN = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
/** Qualified label key: optional DNS-subdomain prefix and "/", then a 1..63 char name. */
export const LABEL_KEY_PATTERN =
  "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$";
/** Prometheus duration such as 30s, 1m30s, 500ms, 1h. */
export const PROM_DURATION_PATTERN = "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$";
/** Go/metav1 duration such as 1.5s, 300ms, 2h45m. */
export const GO_DURATION_PATTERN = "^[-+]?(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";
/** resource.Quantity (integer/decimal with optional SI, binary or exponent suffix). */
export const QUANTITY_PATTERN =
  "^[+-]?([0-9]+|[0-9]+\\.[0-9]*|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$";

export const int32 = (extra: JSONSchema = {}): JSONSchema => ({
  type: "integer",
  minimum: -2147483648,
  maximum: 2147483647,
  ...extra,
});
export const int64 = (extra: JSONSchema = {}): JSONSchema => ({ type: "integer", ...extra });
export const str = (extra: JSONSchema = {}): JSONSchema => ({ type: "string", ...extra });

export const group = (): JSONSchema => str({ maxLength: 253, pattern: GROUP_PATTERN });
export const kind = (): JSONSchema => str({ minLength: 1, maxLength: 63, pattern: KIND_PATTERN });
export const objectName = (): JSONSchema => str({ minLength: 1, maxLength: 253 });
export const namespaceName = (): JSONSchema => str({ minLength: 1, maxLength: 63, pattern: DNS_LABEL_PATTERN });
export const portNumber = (): JSONSchema => ({ type: "integer", minimum: 1, maximum: 65535 });

/** map[string]string with label-key keys and label values. */
export const labelMap = (extra: JSONSchema = {}): JSONSchema => ({
  type: "object",
  propertyNames: { maxLength: 316, pattern: LABEL_KEY_PATTERN },
  additionalProperties: str({ maxLength: 63, pattern: LABEL_VALUE_PATTERN }),
  ...extra,
});

/** Delegate to a schema precompiled by kubernetes-models. */
export const k8sRef = (ref: string): JSONSchema => ({ "x-k8s-ref": ref });

export const OBJECT_META = k8sRef("meta:IoK8sApimachineryPkgApisMetaV1ObjectMeta");
export const LABEL_SELECTOR = k8sRef("meta:IoK8sApimachineryPkgApisMetaV1LabelSelector");
export const POD_TEMPLATE_SPEC = k8sRef("core:IoK8sApiCoreV1PodTemplateSpec");
export const PERSISTENT_VOLUME_CLAIM = k8sRef("core:IoK8sApiCoreV1PersistentVolumeClaim");
export const CONDITION = k8sRef("meta:IoK8sApimachineryPkgApisMetaV1Condition");

/** Gateway API v1alpha2 NamespacedPolicyTargetReference (group, kind, name required; namespace optional). */
export const policyTargetRef = (): JSONSchema => ({
  type: "object",
  required: ["group", "kind", "name"],
  additionalProperties: false,
  properties: {
    group: group(),
    kind: kind(),
    name: objectName(),
    namespace: namespaceName(),
  },
});

export interface TopLevelOptions {
  /** spec must be present (CRD marks it +required). */
  specRequired?: boolean;
  /** Allow only apiVersion/kind/metadata/spec/status at the top level (the default). */
  status?: JSONSchema;
}

/** Top-level schema of a namespaced or cluster-scoped custom resource. */
export function customResource(apiVersion: string, kindName: string, spec: JSONSchema, opts: TopLevelOptions = {}): JSONSchema {
  return {
    type: "object",
    required: ["apiVersion", "kind", ...(opts.specRequired ? ["spec"] : [])],
    additionalProperties: false,
    properties: {
      apiVersion: { const: apiVersion },
      kind: { const: kindName },
      metadata: OBJECT_META,
      spec,
      status: opts.status ?? { type: "object" },
    },
  };
}
