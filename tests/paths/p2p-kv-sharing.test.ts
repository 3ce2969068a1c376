// Peer-to-peer KV sharing (offload.peerToPeer), the alternative to the shared storage tier: what each
// model server runs, what the sidecar and picker must agree with it on, who may reach whom, and the
// inputs refused (by field, naming the release where it is the release that lacks the guide).
import * as assert from "node:assert/strict";
import { parseQuantity } from "../../components/config/quantity";
import { resolveConfig } from "../../components/config/resolve";
import { checkConformance } from "../../components/conformance";
import { buildStack } from "../../components/manifests";
import { main } from "../../provider/cli";
import { loadExample, ROOT } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, envValue, eppConfig, find, flag, plugin, podSpec, render, weights } from "./helpers";

const GiB = 2 ** 30;
const example = () => loadExample("p2p-kv-cache-sharing.yaml") as any;
const withService = (edit: (svc: any) => void, top: Record<string, unknown> = {}) => {
    const cfg = example();
    edit(cfg.services[0]);
    return { ...cfg, ...top };
};

describe("peer-to-peer KV sharing (examples/configs/p2p-kv-cache-sharing.yaml)", () => {
    const { spec, objects } = render(example());
    const decode = find(objects, "Deployment", "gpt-oss-120b-decode");
    const vllm = container(decode);
    const sidecar = (podSpec(decode).initContainers as any[]).find((c) => c.name === "routing-proxy");
    const transfer = JSON.parse(flag(vllm.args, "--kv-transfer-config") as string);
    const events = JSON.parse(flag(vllm.args, "--kv-events-config") as string);
    const epp = eppConfig(objects, "gpt-oss-120b");

    it("renders objects that validate, and passes v0.9.0's conformance with vLLM v0.27.1's flags", () => {
        assertValidObjects(objects);
        const resolved = resolveConfig(example()).spec;
        assert.deepEqual(checkConformance(resolved, buildStack(resolved)), []);
        // The flags are checked against the guide's vLLM, not the release's default v0.26.0.
        const bogus = resolveConfig(withService((s) => (s.decode.extraArgs = ["--enable-magic"]))).spec;
        const msgs = checkConformance(bogus, buildStack(bogus)).map((f) => f.message);
        assert.ok(msgs.some((m) => /--enable-magic is not a flag of vLLM v0\.27\.1 in llm-d v0\.9\.0/.test(m)), msgs.join("\n"));
    });

    it("runs the guide's vLLM with the CPU tier and a p2p tier on the pod IP, offloading decode blocks too", () => {
        assert.equal(vllm.image, "docker.io/vllm/vllm-openai:v0.27.1");
        assert.deepEqual(transfer, {
            kv_connector: "OffloadingConnector",
            kv_role: "kv_both",
            kv_connector_extra_config: {
                spec_name: "TieringOffloadingSpec",
                cpu_bytes_to_use: 88 * GiB,
                offload_prompt_only: false,
                secondary_tiers: [{ type: "p2p", host: "$(POD_IP)", port: 7777 }],
            },
        });
        assert.equal(flag(vllm.args, "--block-size"), "64");
        // Peers dial each other's side channels: both bound to the pod IP.
        for (const name of ["VLLM_P2P_SIDE_CHANNEL_HOST", "VLLM_NIXL_SIDE_CHANNEL_HOST", "POD_IP"]) assert.deepEqual(envValue(vllm, name)?.valueFrom, { fieldRef: { fieldPath: "status.podIP" } }, name);
    });

    it("one tier port everywhere: vLLM's p2p tier, its containerPort and the sidecar's --p2p-connector-port", () => {
        const port = transfer.kv_connector_extra_config.secondary_tiers[0].port;
        assert.equal((vllm.ports as any[]).find((p) => p.name === "p2p")?.containerPort, port);
        assert.equal(flag(sidecar.args, "--p2p-connector-port"), String(port));
        assert.equal(flag(sidecar.args, "--kv-connector"), "offloading");
        assert.equal(sidecar.image, spec.images.routingSidecar);
        assert.match(sidecar.image, /llm-d-router-disagg-sidecar:v0\.10\.0$/, "the release's router, which has the pull (#1937)");
        assert.deepEqual(envValue(sidecar, "POD_IP")?.valueFrom, { fieldRef: { fieldPath: "status.podIP" } }, "the sidecar skips pulls from itself");
    });

    it("the sidecar fronts the pool's port and forwards to vLLM behind it, where the probes and the render Service go", () => {
        const pool = find(objects, "InferencePool", "gpt-oss-120b") as any;
        const poolPort = pool.spec.targetPorts?.[0]?.number ?? pool.spec.targetPortNumber;
        assert.equal((sidecar.ports as any[])[0].containerPort, poolPort);
        const vllmPort = Number(flag(vllm.args, "--port"));
        assert.notEqual(vllmPort, poolPort);
        assert.equal(flag(sidecar.args, "--vllm-port") ?? String(spec.release.sidecar.defaultBackendPort), String(vllmPort));
        assert.equal(vllm.startupProbe.httpGet.port, vllmPort);
        const render = find(objects, "Service", "gpt-oss-120b-render") as any;
        const target = (vllm.ports as any[]).find((p) => p.name === render.spec.ports[0].targetPort)?.containerPort;
        assert.equal(target, vllmPort, "vLLM serves /render; the sidecar does not");
        const podLabels = (decode as any).spec.template.metadata.labels;
        assert.ok(Object.entries(render.spec.selector).every(([k, v]) => podLabels[k] === v));
        assert.equal((plugin(epp, "token-producer").parameters as any).vllm.url, `http://gpt-oss-120b-render:${render.spec.ports[0].port}`);
    });

    it("publishes KV events the picker subscribes to, without the precise guide's replay socket", () => {
        assert.equal(events.endpoint, "tcp://*:5556");
        assert.equal(events.replay_endpoint, undefined);
        assert.ok(events.topic.startsWith("kv@$(POD_IP):8000@"));
        const producer = plugin(epp, "precise-prefix-cache-producer").parameters as any;
        assert.equal(producer.kvEventsConfig.podDiscoveryConfig.socketPort, 5556);
        assert.equal(producer.kvEventsConfig.podDiscoveryConfig.replaySocketPort, undefined);
        assert.equal(producer.tokenProcessorConfig.blockSize, Number(flag(vllm.args, "--block-size")));
        assert.equal(producer.tokenProcessorConfig.hashSeed, envValue(vllm, "PYTHONHASHSEED")?.value);
        assert.deepEqual(producer.indexerConfig.kvCacheBackendConfigs, [
            { name: "gpu", weight: 1 },
            { name: "cpu", weight: 0.4 },
        ]);
    });

    it("the picker sources pulls from the precise index, above the configured token delta, in its one profile", () => {
        const source = plugin(epp, "p2p-source-producer").parameters as any;
        assert.deepEqual(source, { prefixMatchInfoProducerName: "precise-prefix-cache-producer", prefillProfileName: "default", minCachedTokenDelta: 2048 });
        assert.deepEqual(weights(epp, "default"), { "max-score-picker": undefined, "prefix-cache-scorer": 3, "queue-scorer": 2, "kv-cache-utilization-scorer": 2, "no-hit-lru-scorer": 2 });
        const tuned = render(withService((s) => (s.offload.peerToPeer.minCachedTokenDelta = 8192)));
        assert.equal((plugin(eppConfig(tuned.objects, "gpt-oss-120b"), "p2p-source-producer").parameters as any).minCachedTokenDelta, 8192);
    });

    it("/dev/shm holds the CPU tier's mmap, and a restarted container starts without a stale one", () => {
        const shm = (podSpec(decode).volumes as any[]).find((v) => v.name === (vllm.volumeMounts as any[]).find((m) => m.mountPath === "/dev/shm").name);
        assert.ok(parseQuantity(shm.emptyDir.sizeLimit)! >= transfer.kv_connector_extra_config.cpu_bytes_to_use);
        assert.ok(parseQuantity(vllm.resources.limits.memory)! >= transfer.kv_connector_extra_config.cpu_bytes_to_use);
        assert.equal(vllm.command[0], "/bin/bash");
        assert.match(vllm.command[2], /^rm -f \/dev\/shm\/vllm_offload_\*\.mmap 2>\/dev\/null\nexec vllm serve "\$@"$/);
    });

    it("peers reach each other on every port; the picker reaches KV events and vLLM's render port", () => {
        const np = find(objects, "NetworkPolicy", "gpt-oss-120b-model-servers") as any;
        const podLabels = (decode as any).spec.template.metadata.labels;
        const selects = (peer: any, labels: Record<string, string>) => peer.podSelector && Object.entries(peer.podSelector.matchLabels).every(([k, v]) => labels[k] === v);
        assert.ok(np.spec.ingress.some((r: any) => !r.ports && r.from?.some((p: any) => selects(p, podLabels))), "pool peers, all ports (p2p tier and NIXL)");
        const eppLabels = (find(objects, "Deployment", "gpt-oss-120b-epp") as any).spec.template.metadata.labels;
        const fromEpp = np.spec.ingress.find((r: any) => r.from?.some((p: any) => selects(p, eppLabels)));
        assert.deepEqual(
            fromEpp.ports.map((p: any) => p.port),
            [8000, Number(flag(vllm.args, "--port")), 5556],
        );
    });

    it("pulls over TCP with a warning, or over the RDMA device the guide's rdma overlay gives (with IPC_LOCK)", () => {
        const tcp = render(example());
        assert.ok(tcp.warnings.some((w) => /offload\.peerToPeer: peers pull over TCP/.test(w)));
        assert.equal(vllm.securityContext.capabilities.add, undefined);
        const rdma = render(withService((s) => (s.decode.networkResources = { "rdma/ib": 1 })));
        assert.ok(!rdma.warnings.some((w) => /peers pull over TCP/.test(w)));
        const c = container(find(rdma.objects, "Deployment", "gpt-oss-120b-decode"));
        assert.equal(c.resources.requests["rdma/ib"], "1");
        assert.equal(c.resources.limits["rdma/ib"], "1");
        assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK"]);
        assertValidObjects(rdma.objects);
    });

    it("llmd plan --json lists the P2P vLLM and the WVA controller among the release's pins", async () => {
        const r = await main(["plan", "-c", `${ROOT}/examples/configs/p2p-kv-cache-sharing.yaml`, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const v = JSON.parse(r.stdout).plan.release.versions;
        assert.equal(v.images.p2p, vllm.image);
        assert.equal(v.vllm.p2p, "v0.27.1");
        assert.equal(v.images.workloadVariantAutoscaler, "ghcr.io/llm-d/llm-d-workload-variant-autoscaler:v0.9.0");
    });

    it("llmd plan counts the CPU tier each pod serves to its peers", async () => {
        const r = await main(["plan", "-c", `${ROOT}/examples/configs/p2p-kv-cache-sharing.yaml`]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /KV tiers: gpu [\d,]+ tokens per pod; cpu [\d,]+ tokens per pod/);
    });
});

describe("peer-to-peer KV sharing: refused input", () => {
    it("on a release without the guide, naming the release", () => {
        assertConfigError(() => resolveConfig({ ...example(), release: "v0.8.1" }), "services[0].offload.peerToPeer", /llm-d v0\.8\.1 has none\. Set release: v0\.9\.0/);
    });
    it("llmd diff to that release says so, and creates nothing", async () => {
        const r = await main(["diff", "-c", `${ROOT}/examples/configs/p2p-kv-cache-sharing.yaml`, "--release", "v0.8.1"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /services\[0\]\.offload\.peerToPeer: .*llm-d v0\.8\.1 has none/);
    });
    it("on accelerators other than NVIDIA", () => {
        assertConfigError(() => resolveConfig(withService((s) => (s.accelerator = { type: "amd", chip: "amd-mi300x" }))), "services[0].accelerator.type", /nvidia with offload\.peerToPeer/);
    });
    it("with LMCache, or beside a storage tier", () => {
        assertConfigError(() => resolveConfig(withService((s) => (s.offload.connector = "lmcache"))), "services[0].offload.connector", /native with peerToPeer/);
        assertConfigError(() => resolveConfig(withService((s) => (s.offload.storage = { storageClassName: "lustre" }))), "services[0].offload.peerToPeer", /either a shared storage tier or peer-to-peer sharing, not both/);
    });
    it("on a path other than the tiered prefix cache", () => {
        assertConfigError(() => resolveConfig(withService((s) => (s.path = "precise-prefix-cache"))), "services[0].offload", /offload only on tiered-prefix-cache/);
    });
    it("picker overrides that break the pull: the delta set twice, or sourced from no precise index", () => {
        assertConfigError(
            () => render(withService((s) => (s.scheduler = { pluginParameters: { "p2p-source-producer": { minCachedTokenDelta: 10 } } }))),
            "services[0].scheduler.pluginParameters.p2p-source-producer.minCachedTokenDelta",
            /offload\.peerToPeer\.minCachedTokenDelta/,
        );
        assertConfigError(
            () => render(withService((s) => (s.scheduler = { pluginParameters: { "p2p-source-producer": { prefixMatchInfoProducerName: "nothing" } } }))),
            "services[0].scheduler.pluginParameters.p2p-source-producer.prefixMatchInfoProducerName",
        );
        assertConfigError(
            () => render(withService((s) => (s.scheduler = { pluginParameters: { "precise-prefix-cache-producer": { tokenProcessorConfig: { blockSize: 16 } } } }))),
            "services[0].scheduler.pluginParameters.precise-prefix-cache-producer.tokenProcessorConfig.blockSize",
        );
    });
    it("a negative or fractional delta, through the schema", () => {
        assertConfigError(() => resolveConfig(withService((s) => (s.offload.peerToPeer.minCachedTokenDelta = -1))), "services[0].offload.peerToPeer.minCachedTokenDelta");
    });
});

