// Prefill/decode disaggregation on TPU with tpu_inference's TPUConnector, as llm-d's
// guides/pd-disaggregation/modelserver/tpu overlays: connector, roles, ports, env, shm, start-up budget.
import * as assert from "node:assert/strict";
import { VENDORS } from "../../components/catalog/vendors";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, find, flag, podSpec, render } from "../paths/helpers";

function tpuPd(accelerator: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): unknown {
    return {
        services: [
            {
                name: "tpd",
                path: "pd-disaggregation",
                model: { id: "Qwen/Qwen3-32B" },
                accelerator: { type: "tpu", chip: "tpu-v6e-slice", tpuTopology: "2x4", ...accelerator },
                prefill: { replicas: 1 },
                decode: { replicas: 1 },
                ...extra,
            },
        ],
    };
}

const env = (c: Record<string, any>) => Object.fromEntries((c.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("TPU prefill/decode disaggregation (TPUConnector)", () => {
    const { objects } = render(tpuPd());
    const prefill = find(objects, "Deployment", "tpd-prefill");
    const decode = find(objects, "Deployment", "tpd-decode");

    it("is a supported row of the vendor table, citing llm-d's TPU P/D overlay", () => {
        const row = VENDORS.tpu.paths["pd-disaggregation"];
        assert.equal(row.supported, true);
        assert.match(row.source, /pd-disaggregation\/modelserver\/tpu\/v6\/vllm/);
    });

    it("renders objects that validate, on the slice's chips with tensor parallel 8", () => {
        assertValidObjects(objects);
        for (const d of [prefill, decode]) {
            const c = container(d);
            assert.equal(c.resources.limits["google.com/tpu"], "8");
            assert.equal(flag(c.args, "--tensor-parallel-size"), "8");
            assert.ok(!JSON.stringify(d).includes("nvidia.com/gpu"));
        }
    });

    it("prefill produces and decode pulls with TPUConnector from tpu_inference, advertising the pod IP", () => {
        for (const [d, role] of [[prefill, "kv_producer"], [decode, "kv_both"]] as const) {
            const c = container(d);
            const kv = JSON.parse(flag(c.args, "--kv-transfer-config") as string);
            assert.deepEqual(kv, { kv_connector: "TPUConnector", kv_connector_module_path: "tpu_inference.distributed.tpu_connector", kv_role: role, kv_ip: "$(POD_IP)" });
            // $(POD_IP) is expanded by the kubelet only when the container defines POD_IP.
            assert.deepEqual(env(c).POD_IP, { fieldRef: { fieldPath: "status.podIP" } });
            assert.ok(!c.args.includes("--no-disable-hybrid-kv-cache-manager"), "a NIXL-only flag");
        }
    });

    it("opens the coordination and KV-transfer ports its env names, on both roles, and nothing of NIXL", () => {
        for (const d of [prefill, decode]) {
            const c = container(d);
            const e = env(c);
            assert.equal(e.TPU_SIDE_CHANNEL_PORT, "9600");
            assert.equal(e.TPU_KV_TRANSFER_PORT, "9100");
            const ports = Object.fromEntries((c.ports as any[]).map((p) => [p.name, p.containerPort]));
            assert.equal(ports["tpu-pd-coord"], 9600);
            assert.equal(ports["tpu-kv-transfer"], 9100);
            assert.equal(ports.nixl, undefined);
            assert.equal(e.VLLM_NIXL_SIDE_CHANNEL_PORT, undefined);
            assert.equal(e.UCX_TLS, undefined);
        }
        assert.equal(env(container(prefill)).VLLM_HTTP_TIMEOUT_KEEP_ALIVE, "120");
    });

    it("sizes /dev/shm and the start-up budget as llm-d's TPU P/D overlay (100Gi, 240 x 30 s)", () => {
        for (const d of [prefill, decode]) {
            const shm = (podSpec(d).volumes as any[]).find((v) => v.name === "dshm");
            assert.equal(shm.emptyDir.sizeLimit, "100Gi");
            assert.equal(container(d).startupProbe.failureThreshold, 240);
        }
        // Not on the other TPU paths.
        const plain = render({ services: [{ name: "t", model: { id: "Qwen/Qwen3-8B" }, accelerator: { type: "tpu", chip: "tpu-v6e-slice", tpuTopology: "2x4" } }] });
        const shm = (podSpec(find(plain.objects, "Deployment", "t-decode")).volumes as any[]).find((v) => v.name === "dshm");
        assert.equal(shm.emptyDir.sizeLimit, "20Gi");
    });

    it("fronts decode with the routing sidecar on the P/D recipe's nixlv2 protocol", () => {
        const sidecar = (podSpec(decode).initContainers as any[]).find((c) => c.name === "routing-proxy");
        assert.ok(sidecar.args.includes("--kv-connector=nixlv2"));
        // vLLM listens on 8200 behind it: the sidecar's own default from router v0.10.0 (llm-d v0.9.0), passed explicitly before.
        assert.equal(flag(container(decode).args, "--port"), "8200");
        assert.ok(!sidecar.args.some((a: string) => a.startsWith("--vllm-port")));
    });

    it("lets prefill and decode pods reach each other on the transfer ports (NetworkPolicy peers)", () => {
        const np = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "tpd-model-servers") as any;
        assert.ok(np.spec.ingress.some((r: any) => !r.ports && r.from?.some((f: any) => f.podSelector?.matchLabels?.["llm-d.ai/model-service"] === "tpd")));
    });

    it("refuses an RDMA network with TPUConnector's reason, and a multi-host slice", () => {
        assertConfigError(() => render(tpuPd({ network: "rdma-roce" })), "services[0].accelerator.network", /pd-disaggregation on Google Cloud TPU: tpu_inference's TPUConnector/);
        assertValidObjects(render(tpuPd({ network: "tcp" })).objects);
        assertConfigError(() => render(tpuPd({ tpuTopology: "4x4" })), "services[0].accelerator.tpuTopology", /single-host/);
    });
});
