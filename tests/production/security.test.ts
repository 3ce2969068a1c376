// Security settings on the rendered objects: container hardening per workload, the Pod
// Security Standards level, NetworkPolicies and the scheduler's RBAC.
import assert from "node:assert/strict";
import { K8sObject } from "../../components/manifests";
import { namespaceSecurityLevel, podSecurityLevel, podSpecsOf } from "../../components/manifests/platform/pss";
import { assertValidObjects } from "../support/validate";
import { build, find, gpu, ofKind, pd, sim } from "./helpers";

const CONFIGS: Record<string, unknown> = {
    simulated: { services: [sim("s")] },
    "simulated P/D": { services: [sim("s", { path: "pd-disaggregation", prefill: { replicas: 1 } })] },
    "simulated precise": { services: [sim("s", { path: "precise-prefix-cache" })] },
    gpu: { services: [gpu("g")] },
    "P/D over RDMA": { services: [pd("p")] },
    "P/D over TCP": { services: [pd("p", "tcp")] },
    "gpu precise": { services: [gpu("g", { path: "precise-prefix-cache" })] },
    // llm-d v0.8.1 tokenizes with a standalone `vllm launch render` Deployment (v0.9.0 on the decode pods).
    "gpu precise v0.8.1": { release: "v0.8.1", services: [gpu("g", { path: "precise-prefix-cache" })] },
};

function containers(pod: any): any[] {
    return [...(pod.initContainers ?? []), ...pod.containers];
}

describe("workload hardening", () => {
    for (const [name, cfg] of Object.entries(CONFIGS)) {
        it(`${name}: every container drops ALL capabilities, cannot escalate, runs under seccomp RuntimeDefault`, () => {
            const { objects } = build(cfg);
            const pods = podSpecsOf(objects);
            assert.ok(pods.length >= 2);
            for (const pod of pods) {
                for (const c of containers(pod)) {
                    assert.ok(c.securityContext.capabilities.drop.includes("ALL"), `${c.name} keeps capabilities`);
                    assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
                    assert.notEqual(c.securityContext.privileged, true, c.name);
                    const seccomp = c.securityContext.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
                    assert.equal(seccomp, "RuntimeDefault", c.name);
                }
                assert.ok(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC);
            }
            assertValidObjects(objects);
        });
    }

    it("runs the scheduler, simulator, P/D sidecar and tokenizer as non-root on read-only root filesystems", () => {
        const checks: [unknown, string, string][] = [
            [CONFIGS.simulated, "s-epp", "epp"],
            [CONFIGS.simulated, "s-decode", "simulator"],
            [CONFIGS["simulated P/D"], "s-decode", "routing-proxy"],
            [CONFIGS["P/D over RDMA"], "p-decode", "routing-proxy"],
            [CONFIGS["gpu precise v0.8.1"], "g-render", "render"],
        ];
        for (const [cfg, deploy, name] of checks) {
            const pod = find(build(cfg).objects, "Deployment", deploy).spec.template.spec;
            const c = containers(pod).find((x) => x.name === name);
            assert.ok(c, `${deploy}/${name}`);
            assert.equal(c.securityContext.runAsNonRoot ?? pod.securityContext.runAsNonRoot, true, `${deploy}/${name} runAsNonRoot`);
            assert.ok((c.securityContext.runAsUser ?? pod.securityContext.runAsUser) > 0, `${deploy}/${name} numeric non-root UID`);
            assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${deploy}/${name} read-only root`);
        }
    });

    it("adds IPC_LOCK to vLLM only where RDMA or EFA pins memory, and nothing else anywhere", () => {
        const added = (cfg: unknown) =>
            podSpecsOf(build(cfg).objects).flatMap((p) => containers(p).flatMap((c) => (c.securityContext.capabilities.add ?? []).map((a: string) => `${c.name}:${a}`)));
        assert.deepEqual(added(CONFIGS["P/D over RDMA"]).sort(), ["vllm:IPC_LOCK", "vllm:IPC_LOCK"]);
        for (const n of ["simulated", "gpu", "P/D over TCP", "gpu precise", "simulated P/D"]) assert.deepEqual(added(CONFIGS[n]), [], n);
    });
});

describe("Pod Security Standards", () => {
    const restrictedPod = {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{ name: "a", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
        volumes: [{ name: "tmp", emptyDir: {} }],
    };
    const withContainer = (sc: Record<string, unknown>, pod: Record<string, unknown> = {}) => ({
        ...restrictedPod,
        ...pod,
        containers: [{ name: "a", securityContext: { ...restrictedPod.containers[0].securityContext, ...sc } }],
    });

    it("classifies single pods by the strictest level they pass", () => {
        assert.equal(podSecurityLevel(restrictedPod).level, "restricted");
        assert.equal(podSecurityLevel(withContainer({}, { securityContext: { seccompProfile: { type: "RuntimeDefault" } } })).level, "baseline", "root");
        assert.equal(podSecurityLevel(withContainer({ allowPrivilegeEscalation: true })).level, "baseline");
        assert.equal(podSecurityLevel(withContainer({ capabilities: { drop: [] } })).level, "baseline");
        assert.equal(podSecurityLevel(withContainer({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })).level, "restricted");
        assert.equal(podSecurityLevel(withContainer({ capabilities: { drop: ["ALL"], add: ["CHOWN"] } })).level, "baseline");
        assert.equal(podSecurityLevel(withContainer({ capabilities: { drop: ["ALL"], add: ["IPC_LOCK"] } })).level, "privileged");
        assert.equal(podSecurityLevel(withContainer({ privileged: true })).level, "privileged");
        assert.equal(podSecurityLevel({ ...restrictedPod, hostNetwork: true }).level, "privileged");
        assert.equal(podSecurityLevel({ ...restrictedPod, volumes: [{ name: "h", hostPath: { path: "/" } }] }).level, "privileged");
        assert.equal(podSecurityLevel({ ...restrictedPod, securityContext: { runAsNonRoot: true } }).level, "baseline", "no seccomp profile");
        assert.deepEqual(podSecurityLevel(withContainer({ capabilities: { drop: ["ALL"], add: ["IPC_LOCK"] } })).reasons, ["a: adds IPC_LOCK"]);
    });

    it("takes the loosest of the pods and of the pods others deploy there", () => {
        assert.equal(namespaceSecurityLevel([restrictedPod]), "restricted");
        assert.equal(namespaceSecurityLevel([restrictedPod], ["baseline"]), "baseline");
        assert.equal(namespaceSecurityLevel([restrictedPod, withContainer({ privileged: true })], ["baseline"]), "privileged");
    });

    const nsLevel = (cfg: Record<string, unknown>) => find(build(cfg).objects, "Namespace", "llm-d").metadata.labels["pod-security.kubernetes.io/enforce"];
    it("labels the namespace at the strictest level the stack's workloads pass", () => {
        // Simulated with GKE's gateway: only our pods in the namespace, all restricted.
        assert.equal(nsLevel({ gateway: { provider: "gke-external" }, services: [sim("s")] }), "restricted");
        assert.equal(nsLevel({ gateway: { provider: "gke-external" }, services: [sim("s", { path: "precise-prefix-cache" })] }), "restricted");
        // Istio's gateway proxies run in the namespace: not ours to prove restricted.
        assert.equal(nsLevel({ services: [sim("s")] }), "baseline");
        // vLLM runs as root.
        assert.equal(nsLevel({ gateway: { provider: "gke-external" }, services: [gpu("g")] }), "baseline");
        // IPC_LOCK for RDMA is beyond baseline.
        assert.equal(nsLevel({ services: [pd("p")] }), "privileged");
        const labels = find(build({ services: [sim("s")] }).objects, "Namespace", "llm-d").metadata.labels;
        assert.equal(labels["pod-security.kubernetes.io/warn"], "baseline");
        assert.equal(labels["pod-security.kubernetes.io/audit"], "baseline");
    });
});

describe("NetworkPolicies", () => {
    const ingress = (o: K8sObject) => (o as any).spec.ingress as any[];
    const ports = (r: any) => (r.ports ?? []).map((p: any) => p.port);
    const gatewayPeer = { podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "llm-d-inference-gateway" } } };
    const scraperPeer = { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["monitoring", "llm-d-monitoring"] }] } };
    const eppPeer = (svc: string) => ({ podSelector: { matchLabels: { "app.kubernetes.io/name": `${svc}-epp`, "llm-d.ai/model-service": svc } } });

    it("admits to model servers only the gateway, their scheduler and the scraper", () => {
        const { objects } = build(CONFIGS.gpu);
        const np = find(objects, "NetworkPolicy", "g-model-servers");
        assert.deepEqual(np.spec.podSelector.matchLabels, { "llm-d.ai/inference-serving": "true", "llm-d.ai/model-service": "g" });
        assert.deepEqual(np.spec.policyTypes, ["Ingress"]);
        assert.deepEqual(ingress(np), [
            { from: [gatewayPeer], ports: [{ protocol: "TCP", port: 8000 }] },
            { from: [eppPeer("g")], ports: [{ protocol: "TCP", port: 8000 }] },
            { from: [scraperPeer], ports: [{ protocol: "TCP", port: "http" }] },
        ]);
        assertValidObjects(objects);
    });

    it("admits to the scheduler only the gateway (ext-proc 9002) and the scraper (9090)", () => {
        const np = find(build(CONFIGS.gpu).objects, "NetworkPolicy", "g-epp");
        assert.deepEqual(np.spec.podSelector.matchLabels, { "app.kubernetes.io/name": "g-epp", "llm-d.ai/model-service": "g" });
        assert.deepEqual(ingress(np), [
            { from: [gatewayPeer], ports: [{ protocol: "TCP", port: 9002 }] },
            { from: [scraperPeer], ports: [{ protocol: "TCP", port: 9090 }] },
        ]);
    });

    it("opens KV events (5556) only to the scheduler, and the tokenizer only to the scheduler", () => {
        const { objects } = build(CONFIGS["gpu precise v0.8.1"]);
        const rules = ingress(find(objects, "NetworkPolicy", "g-model-servers"));
        const kv = rules.filter((r) => ports(r).includes(5556));
        assert.deepEqual(kv.map((r) => r.from), [[eppPeer("g")]]);
        assert.ok(rules.every((r) => r.ports?.length), "no all-ports rule on the precise path");
        const render = find(objects, "NetworkPolicy", "g-render");
        assert.deepEqual(render.spec.podSelector.matchLabels, { "app.kubernetes.io/name": "g-render", "llm-d.ai/model-service": "g" });
        assert.deepEqual(ingress(render), [{ from: [eppPeer("g")], ports: [{ protocol: "TCP", port: "render-http" }] }]);
    });

    it("lets P/D peers of the same service reach each other (NIXL side channel 5600, KV transfer), and nobody else", () => {
        const rules = ingress(find(build(CONFIGS["P/D over TCP"]).objects, "NetworkPolicy", "p-model-servers"));
        const open = rules.filter((r) => !r.ports);
        assert.deepEqual(open, [{ from: [{ podSelector: { matchLabels: { "llm-d.ai/inference-serving": "true", "llm-d.ai/model-service": "p" } } }] }]);
        assert.ok(ports(rules[1]).includes(8200), "the scheduler reaches vLLM behind the sidecar");
    });

    it("on GKE admits the load balancer's proxies from outside the cluster to the serving and ext-proc ports", () => {
        const { objects } = build({ gateway: { provider: "gke-internal" }, services: [gpu("g")] });
        const servers = ingress(find(objects, "NetworkPolicy", "g-model-servers"));
        assert.deepEqual(servers[0], { ports: [{ protocol: "TCP", port: 8000 }] });
        assert.deepEqual(ingress(find(objects, "NetworkPolicy", "g-epp"))[0], { ports: [{ protocol: "TCP", port: 9002 }] });
        assert.deepEqual(servers[2].from[0].namespaceSelector.matchExpressions[0].values, ["gmp-system"]);
    });

    it("selects the agentgateway proxies by the same Gateway label, and honours scraperNamespaces", () => {
        const { objects } = build({ gateway: { provider: "agentgateway", name: "gw" }, observability: { scraperNamespaces: ["prom"] }, services: [sim("s")] });
        const rules = ingress(find(objects, "NetworkPolicy", "s-model-servers"));
        assert.deepEqual(rules[0].from, [{ podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "gw" } } }]);
        assert.deepEqual(rules[2].from[0].namespaceSelector.matchExpressions[0].values, ["prom"]);
    });

    it("leaves egress open (DNS, Hugging Face, the API server) and can be switched off", () => {
        const { objects } = build(CONFIGS["P/D over RDMA"]);
        for (const np of ofKind(objects, "NetworkPolicy")) assert.ok(!np.spec.policyTypes.includes("Egress"), np.metadata.name);
        assert.equal(ofKind(build({ security: { networkPolicies: false }, services: [sim("s", { path: "precise-prefix-cache" })] }).objects, "NetworkPolicy").length, 0);
    });
});

describe("scheduler RBAC", () => {
    it("reads pods, pools and objectives in its namespace only, and writes nothing without leader election", () => {
        for (const cfg of Object.values(CONFIGS)) {
            const { objects } = build(cfg);
            assert.equal(ofKind(objects, "ClusterRole").length + ofKind(objects, "ClusterRoleBinding").length, 0);
            for (const role of ofKind(objects, "Role")) {
                assert.equal(role.metadata.namespace, "llm-d");
                const replicas = find(objects, "Deployment", role.metadata.name).spec.replicas;
                for (const r of role.rules) {
                    const writes = r.verbs.filter((v: string) => !["get", "list", "watch"].includes(v));
                    if (writes.length) {
                        assert.ok(replicas > 1, `${role.metadata.name} writes ${r.resources} with one replica`);
                        assert.ok(r.resources.every((x: string) => x === "leases" || x === "events"), String(r.resources));
                    }
                    assert.ok(!r.resources.includes("secrets") && !r.resources.includes("*") && !r.verbs.includes("*"));
                }
                const binding = find(objects, "RoleBinding", role.metadata.name);
                assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: role.metadata.name, namespace: "llm-d" }]);
            }
        }
    });
});
