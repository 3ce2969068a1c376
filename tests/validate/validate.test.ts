// Tests for tests/support/validate.ts: every schema accepts a valid object and rejects an invalid one
// with a message naming the offending field.
import { AssertionError, strict as assert } from "assert";
import { assertValidObjects, knownKinds, validateEndpointPickerConfig, validateObject } from "../support/validate";

type Obj = Record<string, unknown>;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Deep-merges `patch` into a copy of `base` (arrays and scalars replace; undefined deletes). */
function patched(base: Obj, patch: Obj): Obj {
  const out = clone(base);
  const merge = (dst: Obj, src: Obj) => {
    for (const [k, v] of Object.entries(src)) {
      if (v === undefined) delete dst[k];
      else if (v && typeof v === "object" && !Array.isArray(v) && dst[k] && typeof dst[k] === "object" && !Array.isArray(dst[k]))
        merge(dst[k] as Obj, v as Obj);
      else dst[k] = clone(v);
    }
  };
  merge(out, patch);
  return out;
}

function assertValid(obj: unknown): void {
  assert.deepEqual(validateObject(obj), []);
}

/** Asserts that validation fails with an error that names `field` (and contains `text`, if given). */
function assertRejected(obj: unknown, field: string, text?: string): void {
  const errors = validateObject(obj);
  assert.ok(errors.length > 0, `expected validation errors for ${field}, got none`);
  const hit = errors.find((e) => e.includes(`: ${field}: `) && (text === undefined || e.includes(text)));
  assert.ok(hit, `expected an error naming ${field}${text ? ` containing "${text}"` : ""}; got:\n  ${errors.join("\n  ")}`);
}

const podTemplate = {
  metadata: { labels: { app: "vllm", "llm-d.ai/role": "decode" } },
  spec: {
    containers: [
      {
        name: "vllm",
        image: "vllm/vllm-openai:v0.10.2",
        args: ["--port", "8000"],
        ports: [{ name: "http", containerPort: 8000, protocol: "TCP" }],
        resources: { limits: { "nvidia.com/gpu": 1, memory: "64Gi" }, requests: { cpu: "500m" } },
        readinessProbe: { httpGet: { path: "/health", port: "http" } },
      },
    ],
  },
};

const deployment: Obj = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "vllm-decode", namespace: "llm-d", labels: { "app.kubernetes.io/name": "vllm" } },
  spec: { replicas: 2, selector: { matchLabels: { app: "vllm" } }, template: podTemplate },
};

describe("validate: kubernetes-models core kinds", () => {
  it("lists the covered kinds, including resource.k8s.io/v1 and third-party packages", () => {
    const kinds = knownKinds();
    for (const k of [
      "v1/Service",
      "v1/ConfigMap",
      "apps/v1/Deployment",
      "resource.k8s.io/v1/ResourceClaimTemplate",
      "gateway.networking.k8s.io/v1/Gateway",
      "gateway.networking.k8s.io/v1/HTTPRoute",
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant",
      "monitoring.coreos.com/v1/PodMonitor",
      "monitoring.coreos.com/v1/ServiceMonitor",
      "monitoring.coreos.com/v1/PrometheusRule",
      "inference.networking.k8s.io/v1/InferencePool",
      "inference.networking.x-k8s.io/v1alpha2/InferenceObjective",
      "llm-d.ai/v1alpha2/InferenceObjective",
      "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet",
      "networking.gke.io/v1/Network",
      "networking.gke.io/v1/GKENetworkParamSet",
      "networking.gke.io/v1/HealthCheckPolicy",
      "networking.gke.io/v1/GCPBackendPolicy",
      "monitoring.googleapis.com/v1/PodMonitoring",
      "llm-d.ai/v1alpha1/EndpointPickerConfig",
    ])
      assert.ok(kinds.includes(k), `knownKinds() lacks ${k}`);
    assert.ok(!kinds.includes("apps/v1/DeploymentSpec"), "non-root types must not be listed");
  });

  it("accepts a realistic Deployment", () => assertValid(deployment));

  it("rejects a containerPort given as a string", () => {
    const bad = clone(deployment);
    ((bad.spec as Obj).template as typeof podTemplate).spec.containers[0].ports[0].containerPort = "8000" as unknown as number;
    assert.ok(
      validateObject(bad).includes("Deployment/vllm-decode: spec.template.spec.containers[0].ports[0].containerPort: must be integer"),
      validateObject(bad).join("\n"),
    );
  });

  it("rejects an invalid quantity with a single folded message", () => {
    const bad = clone(deployment);
    ((bad.spec as Obj).template as typeof podTemplate).spec.containers[0].resources.limits.memory = "lots";
    assertRejected(bad, "spec.template.spec.containers[0].resources.limits.memory", "quantity");
  });

  it("rejects a selector that does not match the pod template labels", () =>
    assertRejected(patched(deployment, { spec: { selector: { matchLabels: { app: "other" } } } }), "spec.selector.matchLabels.app", "template labels"));

  it("rejects invalid container and port names", () => {
    const bad = clone(deployment);
    const c = ((bad.spec as Obj).template as typeof podTemplate).spec.containers[0];
    c.name = "vLLM_main";
    c.ports[0].name = "http-metrics-port";
    assertRejected(bad, "spec.template.spec.containers[0].name", "DNS-1123 label");
    assertRejected(bad, "spec.template.spec.containers[0].ports[0].name", "IANA_SVC_NAME");
  });

  it("checks metadata.name formats per kind", () => {
    const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "epp" }, spec: { selector: { app: "epp" }, ports: [{ port: 9002 }] } };
    assertValid(svc);
    assertRejected(patched(svc, { metadata: { name: "MyService" } }), "metadata.name", "DNS-1035 label");
    assertRejected(patched(svc, { metadata: { name: "9epp" } }), "metadata.name", "starting with a letter");
    assertRejected(patched(svc, { metadata: { name: "a".repeat(64) } }), "metadata.name", "63 characters");
    assertRejected(patched(deployment, { metadata: { name: "vllm_decode" } }), "metadata.name", "DNS-1123 subdomain");
    assertValid(patched(deployment, { metadata: { name: "vllm.decode" } }));
    assertRejected({ apiVersion: "v1", kind: "Namespace", metadata: { name: "llm.d" } }, "metadata.name", "DNS-1123 label");
    assertValid({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "system:llm-d:reader" }, rules: [] });
    assertRejected(patched(deployment, { metadata: { namespace: "LLM" } }), "metadata.namespace");
  });

  it("checks label keys and values", () => {
    assertRejected(patched(deployment, { metadata: { labels: { tier: "x".repeat(64) } } }), "metadata.labels.tier", "63 characters");
    assertRejected(patched(deployment, { metadata: { labels: { tier: "-bad" } } }), "metadata.labels.tier", "invalid label value");
    assertRejected(patched(deployment, { metadata: { labels: { "bad key": "x" } } }), 'metadata.labels["bad key"]', "invalid label key");
    assertRejected(patched(deployment, { metadata: { labels: { "Example.com/x": "y" } } }), 'metadata.labels["Example.com/x"]', "prefix");
    assertRejected(
      patched(deployment, { spec: { template: { metadata: { labels: { app: "vllm", role: "a b" } } } } }),
      "spec.template.metadata.labels.role",
    );
  });

  it("validates resource.k8s.io/v1 ResourceClaimTemplate", () => {
    const rct = {
      apiVersion: "resource.k8s.io/v1",
      kind: "ResourceClaimTemplate",
      metadata: { name: "gpu" },
      spec: { spec: { devices: { requests: [{ name: "gpu", exactly: { deviceClassName: "gpu.nvidia.com", count: 2 } }] } } },
    };
    assertValid(rct);
    const bad = clone(rct);
    bad.spec.spec.devices.requests[0].exactly.count = "2" as unknown as number;
    assertRejected(bad, "spec.spec.devices.requests[0].exactly.count", "integer");
  });

  it("reports kinds without a schema", () => {
    assert.deepEqual(validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }), [
      "Widget/w: no schema for example.com/v1 Widget",
    ]);
    assert.deepEqual(validateObject({ apiVersion: "apps/v1", kind: "DeploymentSpec" }), [
      "DeploymentSpec/<unnamed>: no schema for apps/v1 DeploymentSpec",
    ]);
    assert.equal(validateObject("nope").length, 1);
    assert.match(validateObject({ kind: "Service" })[0], /apiVersion and kind/);
  });
});

describe("validate: Gateway API and prometheus-operator kinds", () => {
  const gateway = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "inference-gateway" },
    spec: { gatewayClassName: "gke-l7-regional-external-managed", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
  };
  const route = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "llm-route" },
    spec: {
      parentRefs: [{ name: "inference-gateway" }],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/" } }],
          backendRefs: [{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "pool" }],
          timeouts: { request: "300s" },
        },
      ],
    },
  };
  const grant = {
    apiVersion: "gateway.networking.k8s.io/v1beta1",
    kind: "ReferenceGrant",
    metadata: { name: "allow-route" },
    spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "gw" }], to: [{ group: "", kind: "Service" }] },
  };

  it("accepts Gateway, HTTPRoute and ReferenceGrant", () => {
    assertValid(gateway);
    assertValid(route);
    assertValid(grant);
  });
  it("rejects a Gateway listener port given as a string", () => {
    const bad = clone(gateway);
    bad.spec.listeners[0].port = "80" as unknown as number;
    assertRejected(bad, "spec.listeners[0].port", "integer");
  });
  it("rejects an HTTPRoute path match type outside the enum", () => {
    const bad = clone(route);
    bad.spec.rules[0].matches[0].path.type = "Prefix";
    assertRejected(bad, "spec.rules[0].matches[0].path.type");
  });
  it("rejects a ReferenceGrant without spec.from", () => assertRejected(patched(grant, { spec: { from: undefined } }), "spec.from", "is required"));

  const podMonitor = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: "vllm" },
    spec: { selector: { matchLabels: { app: "vllm" } }, podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: "15s" }] },
  };
  const serviceMonitor = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: "epp" },
    spec: { selector: { matchLabels: { app: "epp" } }, endpoints: [{ port: "metrics", interval: "15s" }] },
  };
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "llm-d" },
    spec: { groups: [{ name: "epp", rules: [{ alert: "EPPDown", expr: "up{job='epp'} == 0", for: "5m", labels: { severity: "page" } }] }] },
  };
  it("accepts PodMonitor, ServiceMonitor and PrometheusRule", () => {
    assertValid(podMonitor);
    assertValid(serviceMonitor);
    assertValid(rule);
  });
  it("rejects a PodMonitor scrape interval that is not a duration", () =>
    assertRejected(patched(podMonitor, { spec: { podMetricsEndpoints: [{ port: "http", interval: "often" }] } }), "spec.podMetricsEndpoints[0].interval"));
  it("rejects a ServiceMonitor without a selector", () =>
    assertRejected(patched(serviceMonitor, { spec: { selector: undefined } }), "spec.selector", "is required"));
  it("rejects a PrometheusRule group without a name", () =>
    assertRejected(patched(rule, { spec: { groups: [{ rules: [] }] } }), "spec.groups[0].name", "is required"));
});

describe("validate: InferencePool and InferenceObjective", () => {
  const pool = {
    apiVersion: "inference.networking.k8s.io/v1",
    kind: "InferencePool",
    metadata: { name: "qwen" },
    spec: {
      selector: { matchLabels: { app: "vllm" } },
      targetPorts: [{ number: 8000 }],
      appProtocol: "http",
      endpointPickerRef: { name: "qwen-epp", port: { number: 9002 }, failureMode: "FailClose" },
    },
  };
  it("accepts a valid InferencePool (with and without endpointPickerRef)", () => {
    assertValid(pool);
    assertValid(patched(pool, { spec: { endpointPickerRef: undefined } }));
    assertValid(patched(pool, { spec: { targetPorts: [{ number: 8000 }, { number: 8001 }], appProtocol: "kubernetes.io/h2c" } }));
  });
  it("rejects 9 targetPorts", () => {
    const ports = Array.from({ length: 9 }, (_, i) => ({ number: 8000 + i }));
    assertRejected(patched(pool, { spec: { targetPorts: ports } }), "spec.targetPorts", "at most 8");
  });
  it("rejects empty, out-of-range and duplicate targetPorts", () => {
    assertRejected(patched(pool, { spec: { targetPorts: [] } }), "spec.targetPorts", "at least 1");
    assertRejected(patched(pool, { spec: { targetPorts: [{ number: 70000 }] } }), "spec.targetPorts[0].number", "<= 65535");
    assertRejected(patched(pool, { spec: { targetPorts: [{ number: 8000 }, { number: 8000 }] } }), "spec.targetPorts[1].number", "duplicate");
  });
  it("requires selector.matchLabels and targetPorts", () => {
    assertRejected(patched(pool, { spec: { selector: { matchLabels: undefined } } }), "spec.selector.matchLabels", "is required");
    assertRejected(patched(pool, { spec: { targetPorts: undefined } }), "spec.targetPorts", "is required");
    assertRejected(patched(pool, { spec: undefined }), "spec", "is required");
  });
  it("rejects bad appProtocol, failureMode, label values and unknown fields", () => {
    assertRejected(patched(pool, { spec: { appProtocol: "grpc" } }), "spec.appProtocol", "kubernetes.io/h2c");
    assertRejected(patched(pool, { spec: { endpointPickerRef: { failureMode: "Open" } } }), "spec.endpointPickerRef.failureMode");
    assertRejected(patched(pool, { spec: { selector: { matchLabels: { app: "a b" } } } }), "spec.selector.matchLabels.app");
    assertRejected(patched(pool, { spec: { targetPortNumber: 8000 } }), "spec.targetPortNumber", "unknown field");
  });
  it("requires endpointPickerRef.port when the referent is a Service", () => {
    assertRejected(patched(pool, { spec: { endpointPickerRef: { port: undefined } } }), "spec.endpointPickerRef.port", "is required");
    assertValid(patched(pool, { spec: { endpointPickerRef: { port: undefined, kind: "Backend", group: "example.com" } } }));
  });

  for (const apiVersion of ["inference.networking.x-k8s.io/v1alpha2", "llm-d.ai/v1alpha2"]) {
    const objective = { apiVersion, kind: "InferenceObjective", metadata: { name: "critical" }, spec: { priority: 10, poolRef: { name: "qwen" } } };
    it(`accepts a valid ${apiVersion} InferenceObjective`, () => {
      assertValid(objective);
      assertValid(patched(objective, { spec: { priority: -5, poolRef: { group: "inference.networking.k8s.io", kind: "InferencePool" } } }));
    });
    it(`rejects a bad ${apiVersion} InferenceObjective`, () => {
      assertRejected(patched(objective, { spec: { priority: "high" } }), "spec.priority", "integer");
      assertRejected(patched(objective, { spec: { priority: 1.5 } }), "spec.priority", "integer");
      assertRejected(patched(objective, { spec: { poolRef: { name: undefined } } }), "spec.poolRef.name", "is required");
      assertRejected(patched(objective, { spec: { poolRef: undefined } }), "spec.poolRef", "is required");
      assertRejected(patched(objective, { spec: { criticality: "Critical" } }), "spec.criticality", "unknown field");
    });
  }
});

describe("validate: LeaderWorkerSet", () => {
  const lws = {
    apiVersion: "leaderworkerset.x-k8s.io/v1",
    kind: "LeaderWorkerSet",
    metadata: { name: "wide-ep" },
    spec: {
      replicas: 2,
      startupPolicy: "LeaderCreated",
      networkConfig: { subdomainPolicy: "Shared" },
      rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: { maxUnavailable: 1, maxSurge: "25%" } },
      leaderWorkerTemplate: { size: 2, restartPolicy: "RecreateGroupOnPodRestart", leaderTemplate: podTemplate, workerTemplate: podTemplate },
    },
  };
  it("accepts a valid LeaderWorkerSet", () => assertValid(lws));
  it("rejects a LeaderWorkerSet without workerTemplate", () =>
    assertRejected(patched(lws, { spec: { leaderWorkerTemplate: { workerTemplate: undefined } } }), "spec.leaderWorkerTemplate.workerTemplate", "is required"));
  it("rejects size 0 and unknown enums", () => {
    assertRejected(patched(lws, { spec: { leaderWorkerTemplate: { size: 0 } } }), "spec.leaderWorkerTemplate.size", ">= 1");
    assertRejected(patched(lws, { spec: { leaderWorkerTemplate: { restartPolicy: "Always" } } }), "spec.leaderWorkerTemplate.restartPolicy");
    assertRejected(patched(lws, { spec: { startupPolicy: "LeaderFirst" } }), "spec.startupPolicy");
    assertRejected(patched(lws, { spec: { networkConfig: { subdomainPolicy: "Unique" } } }), "spec.networkConfig.subdomainPolicy");
  });
  it("validates the embedded pod templates with the core PodTemplateSpec schema", () => {
    const bad = clone(lws);
    bad.spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].ports[0].containerPort = "8000" as unknown as number;
    assertRejected(bad, "spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].ports[0].containerPort", "integer");
    const badLabels = clone(lws);
    badLabels.spec.leaderWorkerTemplate.leaderTemplate.metadata.labels.app = "-x";
    assertRejected(badLabels, "spec.leaderWorkerTemplate.leaderTemplate.metadata.labels.app", "invalid label value");
  });
});

describe("validate: GKE kinds", () => {
  const paramSet = {
    apiVersion: "networking.gke.io/v1",
    kind: "GKENetworkParamSet",
    metadata: { name: "rdma-0" },
    spec: { vpc: "llm-d-rdma", vpcSubnet: "llm-d-rdma-sub-0", deviceMode: "RDMA" },
  };
  const network = {
    apiVersion: "networking.gke.io/v1",
    kind: "Network",
    metadata: { name: "rdma-0" },
    spec: { type: "Device", parametersRef: { group: "networking.gke.io", kind: "GKENetworkParamSet", name: "rdma-0" } },
  };
  it("accepts GKENetworkParamSet and Network", () => {
    assertValid(paramSet);
    assertValid(network);
    assertValid(patched(network, { spec: { type: "L3" } }));
  });
  it("rejects bad GKENetworkParamSet fields", () => {
    assertRejected(patched(paramSet, { spec: { deviceMode: "SRIOV" } }), "spec.deviceMode", "RDMA");
    assertRejected(patched(paramSet, { spec: { vpc: undefined } }), "spec.vpc", "is required");
  });
  it("rejects bad Network fields", () => {
    assertRejected(patched(network, { spec: { type: "L4" } }), "spec.type");
    assertRejected(patched(network, { spec: { parametersRef: { name: undefined } } }), "spec.parametersRef.name", "is required");
  });

  const podMonitoring = {
    apiVersion: "monitoring.googleapis.com/v1",
    kind: "PodMonitoring",
    metadata: { name: "vllm" },
    spec: { selector: { matchLabels: { app: "vllm" } }, endpoints: [{ port: 8000, path: "/metrics", interval: "15s" }, { port: "metrics", interval: "30s" }] },
  };
  it("accepts PodMonitoring with numeric and named ports", () => assertValid(podMonitoring));
  it("rejects bad PodMonitoring endpoints", () => {
    assertRejected(patched(podMonitoring, { spec: { endpoints: [{ port: true, interval: "15s" }] } }), "spec.endpoints[0].port", "integer or string");
    assertRejected(patched(podMonitoring, { spec: { endpoints: [{ port: 8000, interval: "15 seconds" }] } }), "spec.endpoints[0].interval");
    assertRejected(patched(podMonitoring, { spec: { endpoints: [] } }), "spec.endpoints", "at least 1");
    assertRejected(patched(podMonitoring, { spec: { selector: { matchLabels: { app: 1 } } } }), "spec.selector.matchLabels.app");
  });

  const targetRef = { group: "inference.networking.k8s.io", kind: "InferencePool", name: "qwen" };
  const hcp = {
    apiVersion: "networking.gke.io/v1",
    kind: "HealthCheckPolicy",
    metadata: { name: "qwen" },
    spec: { targetRef, default: { checkIntervalSec: 5, timeoutSec: 2, config: { type: "HTTP", httpHealthCheck: { requestPath: "/health", port: 8000 } } } },
  };
  it("accepts a HealthCheckPolicy", () => assertValid(hcp));
  it("rejects bad HealthCheckPolicy fields", () => {
    assertRejected(patched(hcp, { spec: { targetRef: { kind: undefined } } }), "spec.targetRef.kind", "is required");
    assertRejected(patched(hcp, { spec: { default: { config: { type: "GRPC" } } } }), "spec.default.config.grpcHealthCheck", "is required");
    assertRejected(patched(hcp, { spec: { default: { checkIntervalSec: 0 } } }), "spec.default.checkIntervalSec", ">= 1");
  });
  const bp = {
    apiVersion: "networking.gke.io/v1",
    kind: "GCPBackendPolicy",
    metadata: { name: "qwen" },
    spec: { targetRef, default: { timeoutSec: 300, logging: { enabled: true, sampleRate: 500000 } } },
  };
  it("accepts a GCPBackendPolicy", () => assertValid(bp));
  it("rejects bad GCPBackendPolicy fields", () => {
    assertRejected(patched(bp, { spec: { default: { timeoutSec: 0 } } }), "spec.default.timeoutSec", ">= 1");
    assertRejected(patched(bp, { spec: { targetRef: undefined } }), "spec.targetRef", "is required");
  });
});

describe("validate: EndpointPickerConfig", () => {
  const cfg = {
    apiVersion: "llm-d.ai/v1alpha1",
    kind: "EndpointPickerConfig",
    featureGates: ["flowControl"],
    plugins: [
      { type: "prefix-cache-scorer", parameters: { blockSize: 64 } },
      { type: "queue-scorer" },
      { type: "max-score-picker", name: "picker" },
      { type: "prefill-filter" },
      { type: "decode-filter" },
      { type: "disagg-profile-handler" },
    ],
    schedulingProfiles: [
      { name: "prefill", plugins: [{ pluginRef: "prefill-filter" }, { pluginRef: "prefix-cache-scorer", weight: 2 }, { pluginRef: "picker" }] },
      { name: "decode", plugins: [{ pluginRef: "decode-filter" }, { pluginRef: "queue-scorer", weight: 1.5 }, { pluginRef: "picker" }] },
    ],
    flowControl: { maxBytes: "1Gi", defaultRequestTTL: "30s", priorityBands: [{ priority: 10, maxRequests: 100 }] },
    parser: { pluginRef: "openai-parser" },
  };
  it("accepts a valid config (also through validateObject)", () => {
    assert.deepEqual(validateEndpointPickerConfig(cfg), []);
    assert.deepEqual(validateObject(cfg), []);
    assert.deepEqual(validateEndpointPickerConfig({ ...cfg, apiVersion: "inference.networking.x-k8s.io/v1alpha1" }), []);
  });
  it("rejects a pluginRef to an undeclared plugin", () => {
    const bad = clone(cfg);
    bad.schedulingProfiles[1].plugins[1].pluginRef = "kv-cache-scorer";
    const errors = validateEndpointPickerConfig(bad);
    assert.ok(
      errors.some((e) => e.includes("schedulingProfiles[1].plugins[1].pluginRef") && e.includes('undeclared plugin "kv-cache-scorer"')),
      errors.join("\n"),
    );
    // a plugin declared with an explicit name is referenced by that name, not by its type
    const byType = clone(cfg);
    byType.schedulingProfiles[0].plugins[2].pluginRef = "max-score-picker";
    assert.ok(validateEndpointPickerConfig(byType).some((e) => e.includes('undeclared plugin "max-score-picker"')));
  });
  it("rejects duplicate plugin names and profile names", () => {
    const bad = clone(cfg);
    bad.plugins.push({ type: "queue-scorer" });
    bad.schedulingProfiles.push({ name: "decode", plugins: [] });
    const errors = validateEndpointPickerConfig(bad);
    assert.ok(errors.some((e) => e.includes("plugins[6].type") && e.includes('duplicate plugin name "queue-scorer"')), errors.join("\n"));
    assert.ok(errors.some((e) => e.includes("schedulingProfiles[2].name") && e.includes("duplicate profile name")), errors.join("\n"));
  });
  it("rejects schema violations", () => {
    const check = (c: unknown, field: string) => {
      const errors = validateEndpointPickerConfig(c);
      assert.ok(errors.some((e) => e.includes(`: ${field}: `)), `expected ${field} in:\n${errors.join("\n")}`);
    };
    check({ ...cfg, plugins: [{ name: "x" }] }, "plugins[0].type");
    check({ ...cfg, schedulingProfiles: [{ plugins: [] }] }, "schedulingProfiles[0].name");
    check({ ...cfg, schedulingProfiles: [{ name: "p", plugins: [{ weight: 1 }] }] }, "schedulingProfiles[0].plugins[0].pluginRef");
    check({ ...cfg, schedulingProfiles: [{ name: "p", plugins: [{ pluginRef: "picker", weight: "2" }] }] }, "schedulingProfiles[0].plugins[0].weight");
    check({ ...cfg, featureGates: "flowControl" }, "featureGates");
    check({ ...cfg, scheduling: {} }, "scheduling");
    check({ ...cfg, apiVersion: "llm-d.ai/v1" }, "apiVersion");
    check({ ...cfg, flowControl: { maxBytes: "lots" } }, "flowControl.maxBytes");
    check({ ...cfg, dataLayer: { sources: [{ pluginRef: "metrics-data-source", extractors: [{ pluginRef: "core-metrics-extractor" }] }] } }, "dataLayer.sources[0].pluginRef");
  });
});

describe("validate: assertValidObjects", () => {
  it("passes for valid objects and lists every error otherwise", () => {
    assertValidObjects([deployment]);
    const badSvc = { apiVersion: "v1", kind: "Service", metadata: { name: "Bad_Name" } };
    const badDep = patched(deployment, { spec: { replicas: "two" } });
    assert.throws(
      () => assertValidObjects([deployment, badSvc, badDep]),
      (err: unknown) => {
        assert.ok(err instanceof AssertionError);
        assert.match(err.message, /Service\/Bad_Name: metadata\.name/);
        assert.match(err.message, /Deployment\/vllm-decode: spec\.replicas: must be integer/);
        return true;
      },
    );
  });

  it("validates 5000 objects in a few seconds", function () {
    this.timeout(20000);
    const objs: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      objs.push(patched(deployment, { metadata: { name: `d-${i}` } }));
      objs.push({ apiVersion: "v1", kind: "Service", metadata: { name: `s-${i}` }, spec: { ports: [{ port: 80 }] } });
      objs.push({
        apiVersion: "inference.networking.k8s.io/v1",
        kind: "InferencePool",
        metadata: { name: `p-${i}` },
        spec: { selector: { matchLabels: { app: "x" } }, targetPorts: [{ number: 8000 }] },
      });
      objs.push({ apiVersion: "llm-d.ai/v1alpha2", kind: "InferenceObjective", metadata: { name: `o-${i}` }, spec: { poolRef: { name: "p" } } });
      objs.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c-${i}` }, data: { a: "b" } });
    }
    validateObject(objs[0]); // warm caches (module loading is not what is measured)
    const start = Date.now();
    assertValidObjects(objs);
    const ms = Date.now() - start;
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});
