// GKE-specific custom resources: multi-networking (Network, GKENetworkParamSet), Gateway policies
// (HealthCheckPolicy, GCPBackendPolicy) and Google Cloud Managed Service for Prometheus (PodMonitoring).
import {
  CrdSchema,
  customResource,
  DNS_LABEL_PATTERN,
  int32,
  int64,
  JSONSchema,
  LABEL_SELECTOR,
  policyTargetRef,
  PROM_DURATION_PATTERN,
  str,
} from "./common";

// Derived from GoogleCloudPlatform/gke-networking-api apis/network/v1/network_types.go
// (commit 39b01c2492009552e32da690f1f360c615262372). Cluster-scoped.
//  - spec.type (required): L2 | L3 | Device
//  - spec.parametersRef: {group, kind, name (all required), namespace?}
//  - spec.provider: GKE; networkLifecycle AnthosManaged|UserManaged; IPAMMode/IPAMMode6 Internal|External
//  - spec.l2NetworkConfig: {vlanID 1..4094, prefixLength4 1..32}; routes[] {to (required)};
//    dnsConfig {nameservers (required, >= 1), searches}; nodeInterfaceMatcher {interfaceName}
export const gkeNetwork: CrdSchema = {
  apiVersion: "networking.gke.io/v1",
  kind: "Network",
  source: "GoogleCloudPlatform/gke-networking-api (commit 39b01c2): apis/network/v1/network_types.go",
  schema: customResource("networking.gke.io/v1", "Network", {
    type: "object",
    required: ["type"],
    additionalProperties: false,
    properties: {
      type: { enum: ["L2", "L3", "Device"] },
      provider: { enum: ["GKE"] },
      nodeInterfaceMatcher: {
        type: "object",
        additionalProperties: false,
        properties: { interfaceName: str({ minLength: 1 }) },
      },
      l2NetworkConfig: {
        type: "object",
        additionalProperties: false,
        properties: {
          vlanID: int32({ minimum: 1, maximum: 4094 }),
          prefixLength4: int32({ minimum: 1, maximum: 32 }),
        },
      },
      networkLifecycle: { enum: ["AnthosManaged", "UserManaged"] },
      routes: {
        type: "array",
        items: { type: "object", required: ["to"], additionalProperties: false, properties: { to: str() } },
      },
      gateway4: str(),
      dnsConfig: {
        type: "object",
        required: ["nameservers"],
        additionalProperties: false,
        properties: {
          nameservers: { type: "array", minItems: 1, items: str() },
          searches: { type: "array", items: str() },
        },
      },
      externalDHCP4: { type: "boolean" },
      parametersRef: {
        type: "object",
        required: ["group", "kind", "name"],
        additionalProperties: false,
        properties: { group: str(), kind: str(), name: str(), namespace: str() },
      },
      IPAMMode: { enum: ["Internal", "External"] },
      IPAMMode6: { enum: ["Internal", "External"] },
    },
  }),
};

// Derived from GoogleCloudPlatform/gke-networking-api apis/network/v1/gkenetworkparamset_types.go
// (commit 39b01c2; a later revision adds networkAttachment, mutually exclusive with vpc/vpcSubnet/
// deviceMode/podIPv4Ranges, which is accepted here too). Cluster-scoped.
//  - spec.vpc, spec.vpcSubnet: required unless networkAttachment is set
//  - spec.deviceMode: DPDK-VFIO | NetDevice | RDMA (only for Device networks)
//  - spec.podIPv4Ranges: {rangeNames: >= 1 strings} (only for L3 networks)
export const gkeNetworkParamSet: CrdSchema = {
  apiVersion: "networking.gke.io/v1",
  kind: "GKENetworkParamSet",
  source: "GoogleCloudPlatform/gke-networking-api (commit 39b01c2): apis/network/v1/gkenetworkparamset_types.go",
  schema: customResource("networking.gke.io/v1", "GKENetworkParamSet", {
    type: "object",
    additionalProperties: false,
    properties: {
      vpc: str({ minLength: 1 }),
      vpcSubnet: str({ minLength: 1 }),
      deviceMode: { enum: ["DPDK-VFIO", "NetDevice", "RDMA"] },
      podIPv4Ranges: {
        type: "object",
        required: ["rangeNames"],
        additionalProperties: false,
        properties: { rangeNames: { type: "array", minItems: 1, items: str() } },
      },
      networkAttachment: str({ minLength: 1 }),
    },
    if: { not: { required: ["networkAttachment"] } },
    then: { required: ["vpc", "vpcSubnet"] },
  }),
};

// Derived from the GKE Gateway controller's networking.gke.io/v1 HealthCheckPolicy Go types
// (Google's "healthcheckpolicy_types.go", 2024; same fields as documented at
// cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources).
//  - spec.targetRef (required): {group, kind, name required; namespace?}
//  - spec.default: {checkIntervalSec 1..300, timeoutSec 1..300, healthyThreshold 1..10,
//    unhealthyThreshold 1..10, logConfig {enabled}, config {type TCP|HTTP|HTTPS|HTTP2|GRPC plus exactly one
//    <proto>HealthCheck block}}; CEL: timeoutSec <= checkIntervalSec (each defaults to 5).
const commonHealthCheck: JSONSchema = {
  portSpecification: { enum: ["USE_FIXED_PORT", "USE_NAMED_PORT", "USE_SERVING_PORT"] },
  port: int64({ minimum: 1, maximum: 65535 }),
  portName: str({ maxLength: 63, pattern: DNS_LABEL_PATTERN }),
};
const httpHealthCheck: JSONSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...commonHealthCheck,
    host: str({ maxLength: 2048 }),
    requestPath: str({ maxLength: 2048, pattern: "^/[A-Za-z0-9/\\-._~%!?$&'()*+,;=:]*$" }),
    proxyHeader: { enum: ["NONE", "PROXY_V1"] },
    response: str({ maxLength: 1024 }),
  },
};
const healthCheckProtocols: Record<string, string> = {
  TCP: "tcpHealthCheck",
  HTTP: "httpHealthCheck",
  HTTPS: "httpsHealthCheck",
  HTTP2: "http2HealthCheck",
  GRPC: "grpcHealthCheck",
};
export const healthCheckPolicy: CrdSchema = {
  apiVersion: "networking.gke.io/v1",
  kind: "HealthCheckPolicy",
  source: "GKE Gateway controller networking.gke.io/v1 HealthCheckPolicy types (healthcheckpolicy_types.go, 2024)",
  schema: customResource(
    "networking.gke.io/v1",
    "HealthCheckPolicy",
    {
      type: "object",
      required: ["targetRef"],
      additionalProperties: false,
      properties: {
        targetRef: policyTargetRef(),
        default: {
          type: "object",
          additionalProperties: false,
          properties: {
            checkIntervalSec: int64({ minimum: 1, maximum: 300 }),
            timeoutSec: int64({ minimum: 1, maximum: 300 }),
            healthyThreshold: int64({ minimum: 1, maximum: 10 }),
            unhealthyThreshold: int64({ minimum: 1, maximum: 10 }),
            logConfig: { type: "object", additionalProperties: false, properties: { enabled: { type: "boolean" } } },
            config: {
              type: "object",
              minProperties: 2,
              maxProperties: 2,
              required: ["type"],
              additionalProperties: false,
              properties: {
                type: { enum: Object.keys(healthCheckProtocols) },
                tcpHealthCheck: {
                  type: "object",
                  additionalProperties: false,
                  properties: {
                    ...commonHealthCheck,
                    request: str({ maxLength: 1024 }),
                    response: str({ maxLength: 1024 }),
                    proxyHeader: { enum: ["NONE", "PROXY_V1"] },
                  },
                },
                httpHealthCheck,
                httpsHealthCheck: httpHealthCheck,
                http2HealthCheck: httpHealthCheck,
                grpcHealthCheck: {
                  type: "object",
                  additionalProperties: false,
                  properties: { ...commonHealthCheck, grpcServiceName: str({ maxLength: 1024 }) },
                },
              },
              // The protocol block must match `type`.
              allOf: Object.entries(healthCheckProtocols).map(([t, field]) => ({
                if: { properties: { type: { const: t } }, required: ["type"] },
                then: { required: [field] },
              })),
            },
          },
        },
      },
    },
    { specRequired: true },
  ),
};

// Derived from the GKE Gateway controller's networking.gke.io/v1 GCPBackendPolicy Go types
// (Google's "gcpbackendpolicy_types.go", 2024). GKE has since added fields (e.g. default.scopes,
// balancingMode, customMetrics for Inference Gateway) that are not in that revision, so spec.default only
// type-checks the known fields and allows others (UNVERIFIED beyond the listed ones).
//  - spec.targetRef (required): {group, kind, name required; namespace?}
//  - spec.default: {timeoutSec 1..2147483647, logging {enabled, sampleRate 0..1000000}, sessionAffinity
//    {type enum, cookieTtlSec 0..1209600}, connectionDraining {drainingTimeoutSec 0..3600}, securityPolicy,
//    iap {enabled, clientID, oauth2ClientSecret {name}}, maxRatePerEndpoint 1..1e9, backendPreference}
export const gcpBackendPolicy: CrdSchema = {
  apiVersion: "networking.gke.io/v1",
  kind: "GCPBackendPolicy",
  source: "GKE Gateway controller networking.gke.io/v1 GCPBackendPolicy types (gcpbackendpolicy_types.go, 2024)",
  schema: customResource(
    "networking.gke.io/v1",
    "GCPBackendPolicy",
    {
      type: "object",
      required: ["targetRef"],
      additionalProperties: false,
      properties: {
        targetRef: policyTargetRef(),
        default: {
          type: "object",
          properties: {
            timeoutSec: int64({ minimum: 1, maximum: 2147483647 }),
            logging: {
              type: "object",
              additionalProperties: false,
              properties: { enabled: { type: "boolean" }, sampleRate: int32({ minimum: 0, maximum: 1000000 }) },
            },
            sessionAffinity: {
              type: "object",
              additionalProperties: false,
              properties: {
                type: {
                  enum: [
                    "CLIENT_IP",
                    "CLIENT_IP_PORT_PROTO",
                    "CLIENT_IP_PROTO",
                    "GENERATED_COOKIE",
                    "HEADER_FIELD",
                    "HTTP_COOKIE",
                    "NONE",
                  ],
                },
                cookieTtlSec: int64({ minimum: 0, maximum: 1209600 }),
              },
            },
            connectionDraining: {
              type: "object",
              additionalProperties: false,
              properties: { drainingTimeoutSec: int64({ minimum: 0, maximum: 3600 }) },
            },
            securityPolicy: str(),
            iap: {
              type: "object",
              additionalProperties: false,
              properties: {
                enabled: { type: "boolean" },
                clientID: str(),
                oauth2ClientSecret: { type: "object", additionalProperties: false, properties: { name: str() } },
              },
            },
            maxRatePerEndpoint: int64({ minimum: 1, maximum: 1000000000 }),
            backendPreference: { enum: ["DEFAULT", "PREFERRED"] },
          },
        },
      },
    },
    { specRequired: true },
  ),
};

// Derived from GoogleCloudPlatform/prometheus-engine pkg/operator/apis/monitoring/v1 (PodMonitoring
// types, current v0.1x releases):
//  - spec.selector (required): metav1.LabelSelector
//  - spec.endpoints (required): 1..10 ScrapeEndpoint {port (required, int or name), scheme http|https,
//    path, params, interval (required, Prometheus duration), timeout (<= interval), metricRelabeling[] (max 250),
//    plus inline HTTP client config (authorization, basicAuth, oauth2, tls, proxyUrl)}
//  - spec.targetLabels: {metadata[] enum container|node|pod|top_level_controller_name|top_level_controller_type,
//    fromPod[] (max 100) {from (required), to}}
//  - spec.limits: {samples, labels, labelNameLength, labelValueLength}; spec.filterRunning: bool
const scrapeEndpoint: JSONSchema = {
  type: "object",
  required: ["port", "interval"],
  properties: {
    port: { anyOf: [int32({ minimum: 1, maximum: 65535 }), str({ minLength: 1, maxLength: 253 })] },
    scheme: { enum: ["http", "https"] },
    path: str(),
    params: { type: "object", additionalProperties: { type: "array", items: str() } },
    interval: str({ minLength: 1, pattern: PROM_DURATION_PATTERN }),
    timeout: str({ minLength: 1, pattern: PROM_DURATION_PATTERN }),
    metricRelabeling: { type: "array", maxItems: 250, items: { type: "object" } },
    // inline HTTPClientConfig fields (not further typed here)
    authorization: { type: "object" },
    basicAuth: { type: "object" },
    oauth2: { type: "object" },
    tls: { type: "object" },
    proxyUrl: str(),
  },
  additionalProperties: false,
};
export const podMonitoring: CrdSchema = {
  apiVersion: "monitoring.googleapis.com/v1",
  kind: "PodMonitoring",
  source: "GoogleCloudPlatform/prometheus-engine: pkg/operator/apis/monitoring/v1 (PodMonitoringSpec, ScrapeEndpoint)",
  schema: customResource(
    "monitoring.googleapis.com/v1",
    "PodMonitoring",
    {
      type: "object",
      required: ["selector", "endpoints"],
      additionalProperties: false,
      properties: {
        selector: LABEL_SELECTOR,
        endpoints: { type: "array", minItems: 1, maxItems: 10, items: scrapeEndpoint },
        targetLabels: {
          type: "object",
          additionalProperties: false,
          properties: {
            metadata: {
              type: ["array", "null"],
              uniqueItems: true,
              items: { enum: ["container", "node", "pod", "top_level_controller_name", "top_level_controller_type"] },
            },
            fromPod: {
              type: "array",
              maxItems: 100,
              items: {
                type: "object",
                required: ["from"],
                additionalProperties: false,
                properties: { from: str(), to: str({ maxLength: 100, pattern: "^[a-zA-Z_][a-zA-Z0-9_]*$" }) },
              },
            },
          },
        },
        limits: {
          type: "object",
          additionalProperties: false,
          properties: {
            samples: int64({ minimum: 0 }),
            labels: int64({ minimum: 0 }),
            labelNameLength: int64({ minimum: 0 }),
            labelValueLength: int64({ minimum: 0 }),
          },
        },
        filterRunning: { type: "boolean" },
      },
    },
    { specRequired: true },
  ),
};
