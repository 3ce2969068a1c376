import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { K8sObject } from "../../components/manifests";
import { checkPdAgreement, viewServer } from "../../components/manifests/paths/pd-disaggregation";
import { loadExample } from "../support/fixtures";
import { assertValidObjects, validateEndpointPickerConfig } from "../support/validate";
import { assertConfigError, container, envValue, eppConfig, extendedResources, find, flag, plugin, podSpec, render, weights } from "./helpers";

function example(edit: (svc: any) => void = () => {}): unknown {
    const cfg = loadExample("pd-disaggregation.yaml") as any;
    edit(cfg.services[0]);
    return cfg;
}

function kvTransfer(c: Record<string, any>): any {
    return JSON.parse(flag(c.args, "--kv-transfer-config") as string);
}

describe("pd-disaggregation path", () => {
    const { objects } = render(example());
    const prefill = find(objects, "Deployment", "gpt-oss-prefill");
    const decode = find(objects, "Deployment", "gpt-oss-decode");
    const pc = container(prefill);
    const dc = container(decode);
    const cfg = eppConfig(objects, "gpt-oss");

    it("renders objects that validate, including the scheduler config", () => {
        assertValidObjects(objects);
        assert.deepEqual(validateEndpointPickerConfig(cfg), []);
    });

    it("sizes each role as llm-d's guide: 8 prefill x TP1, 2 decode x TP4", () => {
        assert.equal((prefill as any).spec.replicas, 8);
        assert.equal(flag(pc.args, "--tensor-parallel-size"), "1");
        assert.equal(pc.resources.limits["nvidia.com/gpu"], "1");
        assert.equal((decode as any).spec.replicas, 2);
        assert.equal(flag(dc.args, "--tensor-parallel-size"), "4");
        assert.equal(dc.resources.limits["nvidia.com/gpu"], "4");
        assert.equal((prefill as any).spec.template.metadata.labels["llm-d.ai/role"], "prefill");
        assert.equal((decode as any).spec.template.metadata.labels["llm-d.ai/role"], "decode");
    });

    it("puts decode vLLM on 8200 behind the routing sidecar on 8000, the pool's target port", () => {
        assert.equal(flag(dc.args, "--port"), "8200");
        assert.equal(flag(pc.args, "--port"), "8000");
        const sidecar = podSpec(decode).initContainers[0];
        assert.equal(sidecar.image, DEFAULT_RELEASE.images.routingSidecar);
        assert.equal(sidecar.restartPolicy, "Always");
        for (const [f, v] of [["--port", "8000"], ["--kv-connector", "nixlv2"], ["--secure-proxy", "false"]]) {
            assert.equal(flag(sidecar.args, f), v, f);
        }
        // Router v0.10.0's sidecar forwards to 8200 by default (the v0.9.0 guide drops the flag); v0.9.0's defaults to 8001, so v0.8.1 passes it.
        assert.equal(flag(sidecar.args, "--vllm-port"), undefined);
        const old = podSpec(find(render({ release: "v0.8.1", ...(example() as object) }).objects, "Deployment", "gpt-oss-decode")).initContainers[0];
        assert.equal(flag(old.args, "--vllm-port"), "8200");
        assert.equal(podSpec(prefill).initContainers, undefined);
        const pool = find(objects, "InferencePool", "gpt-oss") as any;
        assert.deepEqual(pool.spec.targetPorts, [{ number: 8000 }]);
    });

    it("moves KV cache with NIXL over UCX on InfiniBand, with the side channel on the pod IP", () => {
        for (const c of [pc, dc]) {
            assert.deepEqual(kvTransfer(c), { kv_connector: "NixlConnector", kv_role: "kv_both" });
            assert.deepEqual(envValue(c, "VLLM_NIXL_SIDE_CHANNEL_HOST")?.valueFrom, { fieldRef: { fieldPath: "status.podIP" } });
            assert.equal(envValue(c, "VLLM_NIXL_SIDE_CHANNEL_PORT")?.value, "5600");
            assert.deepEqual(c.ports.find((p: any) => p.name === "nixl"), { name: "nixl", containerPort: 5600, protocol: "TCP" });
            assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK"]);
            assert.equal(c.resources.requests["rdma/ib"], "1");
            assert.equal(c.resources.limits["rdma/ib"], "1");
            assert.equal(flag(c.args, "--block-size"), "128");
        }
        assert.equal(envValue(pc, "VLLM_HTTP_TIMEOUT_KEEP_ALIVE")?.value, "120");
        assert.equal(envValue(dc, "VLLM_HTTP_TIMEOUT_KEEP_ALIVE"), undefined);
    });

    it("prefill and decode agree on model, connector, transport and side-channel port", () => {
        const p = viewServer(prefill);
        const d = viewServer(decode);
        assert.deepEqual(p, d);
        // UCX pinned to RDMA (InfiniBand here): no tcp transport to fall back to (network/fabric.ts).
        assert.deepEqual(p, { model: "openai/gpt-oss-120b", connector: "NixlConnector", backends: ["UCX"], ucxTls: "rc,cuda_copy,cuda_ipc,sm,self", sideChannelPort: "5600", nixlPort: 5600 });
    });

    it("refuses prefill and decode servers that disagree", () => {
        const mutate = (deploy: K8sObject, f: (c: any) => void): K8sObject => {
            const copy = structuredClone(deploy);
            f(container(copy));
            return copy;
        };
        const otherPort = mutate(decode, (c) => (envValue(c, "VLLM_NIXL_SIDE_CHANNEL_PORT")!.value = "5601"));
        assertConfigError(() => checkPdAgreement(prefill, otherPort, "services[0]"), "services[0].prefill.env", /side-channel port/);
        const otherModel = mutate(decode, (c) => (c.args[0] = "openai/gpt-oss-20b"));
        assertConfigError(() => checkPdAgreement(prefill, otherModel, "services[0]"), "services[0].prefill.model");
        const otherBackend = mutate(decode, (c) => {
            const i = c.args.findIndex((a: string) => a.startsWith("--kv-transfer-config="));
            c.args[i] = `--kv-transfer-config=${JSON.stringify({ kv_connector: "NixlConnector", kv_role: "kv_both", kv_connector_extra_config: { backends: ["LIBFABRIC"] } })}`;
        });
        assertConfigError(() => checkPdAgreement(prefill, otherBackend, "services[0]"), "services[0].prefill.extraArgs", /NIXL backends/);
    });

    it("spreads each role over nodes so one node failure leaves the role serving", () => {
        for (const [deploy, role] of [[prefill, "prefill"], [decode, "decode"]] as const) {
            const pod = podSpec(deploy);
            const [spread] = pod.topologySpreadConstraints;
            assert.equal(spread.topologyKey, "kubernetes.io/hostname");
            assert.equal(spread.whenUnsatisfiable, "ScheduleAnyway");
            assert.equal(spread.labelSelector.matchLabels["llm-d.ai/role"], role);
            const anti = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
            assert.equal(anti.podAffinityTerm.topologyKey, "kubernetes.io/hostname");
            assert.equal(anti.podAffinityTerm.labelSelector.matchLabels["llm-d.ai/role"], role);
        }
    });

    it("schedules with both profiles, each filtered to its role, with llm-d v0.8.1's weights", () => {
        const cfg = eppConfig(render({ release: "v0.8.1", ...(example() as object) }).objects, "gpt-oss");
        assert.deepEqual(cfg.schedulingProfiles.map((p) => p.name), ["prefill", "decode"]);
        assert.deepEqual(weights(cfg, "prefill"), {
            "prefill-filter": undefined,
            "prefix-cache-scorer": 3,
            "queue-scorer": 2,
            "kv-cache-utilization-scorer": 2,
            "max-score-picker": undefined,
        });
        assert.deepEqual(weights(cfg, "decode"), { "decode-filter": undefined, "active-request-scorer": 2, "prefix-cache-scorer": 3, "max-score-picker": undefined });
        assert.deepEqual((plugin(cfg, "disagg-profile-handler").parameters as any).deciders, { prefill: "always-disagg-pd-decider" });
        plugin(cfg, "always-disagg-pd-decider");
        plugin(cfg, "disagg-headers-handler");
        assert.equal((plugin(cfg, "approx-prefix-cache-producer").parameters as any).blockSizeTokens, 128);
    });

    it("disaggregates only long uncached prompts when pdThreshold is set", () => {
        const { objects: o } = render(example((s) => (s.scheduler = { pdThreshold: 256 })));
        const c = eppConfig(o, "gpt-oss");
        assert.deepEqual(plugin(c, "prefix-based-pd-decider").parameters, { nonCachedTokens: 256 });
        assert.deepEqual((plugin(c, "disagg-profile-handler").parameters as any).deciders, { prefill: "prefix-based-pd-decider" });
        assert.ok(!c.plugins.some((p) => p.type === "always-disagg-pd-decider"));
    });

    it("uses NIXL's LIBFABRIC backend on EFA, on both roles", () => {
        const { objects: o } = render(
            example((s) => {
                s.accelerator.network = "efa";
                s.prefill.networkResources = { "vpc.amazonaws.com/efa": 2 };
                s.decode.networkResources = { "vpc.amazonaws.com/efa": 8 };
            }),
        );
        for (const [name, efa] of [["gpt-oss-prefill", "2"], ["gpt-oss-decode", "8"]]) {
            const c = container(find(o, "Deployment", name));
            assert.deepEqual(kvTransfer(c).kv_connector_extra_config, { backends: ["LIBFABRIC"] });
            assert.deepEqual(c.securityContext.capabilities.add, ["IPC_LOCK"]);
            assert.equal(c.resources.limits["vpc.amazonaws.com/efa"], efa);
        }
    });

    it("refuses a network without RDMA, naming the field and the fix", () => {
        assertConfigError(() => render(example((s) => delete s.accelerator.network)), "services[0].accelerator.network", /rdma-roce, infiniband or efa.*tcp/s);
    });

    it("accepts TCP only when asked, with a warning that says what it costs", () => {
        const r = render(example((s) => (s.accelerator.network = "tcp")));
        assert.equal(r.warnings.length, 1);
        assert.match(r.warnings[0], /services\[0\].*TCP.*slower than RDMA/);
        const c = container(find(r.objects, "Deployment", "gpt-oss-prefill"));
        assert.equal(c.securityContext.capabilities.add, undefined);
        assert.deepEqual(kvTransfer(c), { kv_connector: "NixlConnector", kv_role: "kv_both" });
    });

    it("requires prefill servers on this path", () => {
        assertConfigError(() => render(example((s) => delete s.prefill)), "services[0].prefill", /required on pd-disaggregation/);
    });

    it("refuses P/D-only settings on other paths and managed NIXL variables", () => {
        const cfg2 = loadExample("inference-scheduling.yaml") as any;
        cfg2.services[0].scheduler = { pdThreshold: 100 };
        cfg2.services[0].decode.networkResources = { "rdma/ib": 1 };
        assertConfigError(() => render(cfg2), "services[0].scheduler.pdThreshold");
        assertConfigError(() => render(cfg2), "services[0].decode.networkResources");
        assertConfigError(() => render(example((s) => (s.decode.env = { VLLM_NIXL_SIDE_CHANNEL_PORT: "5601" }))), "services[0].decode.env.VLLM_NIXL_SIDE_CHANNEL_PORT");
        assertConfigError(() => render(example((s) => (s.prefill.extraArgs = ["--kv-transfer-config={}"]))), "services[0].prefill.extraArgs[0]");
    });

    describe("refuses scheduler overrides that break P/D", () => {
        const cases: [string, Record<string, unknown>, string][] = [
            ["unknown decider", { "disagg-profile-handler": { deciders: { prefill: "nope" } } }, "services[0].scheduler.pluginParameters.disagg-profile-handler.deciders.prefill"],
            ["block size", { "approx-prefix-cache-producer": { blockSizeTokens: 16 } }, "services[0].scheduler.pluginParameters.approx-prefix-cache-producer.blockSizeTokens"],
        ];
        for (const [what, pluginParameters, field] of cases) {
            it(`${what}: error names ${field}`, () => assertConfigError(() => render(example((s) => (s.scheduler = { pluginParameters }))), field));
        }
        it("threshold overridden behind pdThreshold's back", () =>
            assertConfigError(
                () => render(example((s) => (s.scheduler = { pdThreshold: 64, pluginParameters: { "prefix-based-pd-decider": { nonCachedTokens: 8 } } }))),
                "services[0].scheduler.pluginParameters.prefix-based-pd-decider.nonCachedTokens",
            ));
    });

    describe("simulated", () => {
        const sim = render(loadExample("simulated-pd.yaml"));
        const sp = find(sim.objects, "Deployment", "sim-pd-prefill");
        const sd = find(sim.objects, "Deployment", "sim-pd-decode");

        it("renders valid objects with no accelerator or RDMA resource and no warning", () => {
            assertValidObjects(sim.objects);
            assert.deepEqual(sim.warnings, []);
            for (const d of [sp, sd]) assert.deepEqual(extendedResources(d), [], d.metadata.name);
            assert.deepEqual(validateEndpointPickerConfig(eppConfig(sim.objects, "sim-pd")), []);
        });

        it("keeps the P/D layout: decode simulator behind the sidecar, both roles labelled", () => {
            assert.equal(flag(container(sd).args, "--port"), "8200");
            assert.equal(flag(container(sp).args, "--port"), "8000");
            assert.equal(podSpec(sd).initContainers[0].name, "routing-proxy");
            assert.equal(flag(container(sd).args, "--kv-transfer-config"), undefined);
            assert.deepEqual(viewServer(sp), viewServer(sd));
            assert.deepEqual(eppConfig(sim.objects, "sim-pd").schedulingProfiles.map((p) => p.name), ["prefill", "decode"]);
        });
    });
});
