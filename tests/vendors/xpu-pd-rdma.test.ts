// Prefill/decode disaggregation on Intel XPU over RDMA, as llm-d's
// guides/pd-disaggregation/modelserver/xpu/vllm-rdma overlay: kv_buffer_device xpu, UCX over
// InfiniBand verbs/RC with Level Zero copies, UCX_MEMTYPE_CACHE=0, IPC_LOCK and the role's RDMA
// devices; the TCP variant (xpu/vllm) keeps host staging over UCX TCP.
import * as assert from "node:assert/strict";
import { VENDORS } from "../../components/catalog/vendors";
import { ConfigError } from "../../components/config/errors";
import { K8sObject } from "../../components/manifests";
import { checkPdAgreement } from "../../components/manifests/paths/pd-disaggregation";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, find, flag, render } from "../paths/helpers";

function xpuPd(network: string, role: Record<string, unknown> = {}): unknown {
    return {
        services: [
            {
                name: "xpd",
                path: "pd-disaggregation",
                model: { id: "Qwen/Qwen3-8B" },
                accelerator: { type: "intel-xpu", network },
                prefill: { replicas: 1, ...role },
                decode: { replicas: 1, ...role },
            },
        ],
    };
}

const env = (c: Record<string, any>) => Object.fromEntries((c.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
const kvConfig = (d: K8sObject) => JSON.parse(flag(container(d).args, "--kv-transfer-config") as string);

describe("Intel XPU prefill/decode disaggregation over RDMA (xpu/vllm-rdma)", () => {
    for (const [network, resource] of [
        ["rdma-roce", "rdma/roce"],
        ["infiniband", "rdma/ib"],
    ]) {
        describe(`accelerator.network ${network}`, () => {
            const { objects, spec, warnings } = render(xpuPd(network, { networkResources: { [resource]: 1 } }));
            const prefill = find(objects, "Deployment", "xpd-prefill");
            const decode = find(objects, "Deployment", "xpd-decode");

            it("renders objects that validate against the Kubernetes schema, with UCX over RDMA and no TCP warning", () => {
                assertValidObjects(objects);
                assert.equal(spec.kvTransfer?.transport, "ucx-rdma");
                assert.ok(!warnings.some((w) => /over TCP/.test(w)), warnings.join("\n"));
            });

            for (const [role, d] of [["prefill", prefill], ["decode", decode]] as const) {
                it(`${role}: kv_buffer_device xpu, the overlay's UCX env, IPC_LOCK and the role's RDMA device`, () => {
                    assert.deepEqual(kvConfig(d), { kv_connector: "NixlConnector", kv_role: "kv_both", kv_buffer_device: "xpu" });
                    const c = container(d);
                    const e = env(c);
                    assert.equal(e.UCX_TLS, "ib,rc,ze_copy");
                    assert.equal(e.UCX_MEMTYPE_CACHE, "0");
                    assert.equal((c.env as any[]).filter((x) => x.name === "UCX_TLS").length, 1);
                    assert.ok(c.securityContext.capabilities.add.includes("IPC_LOCK"));
                    assert.equal(c.resources.limits[resource], "1");
                    assert.equal(c.resources.limits["gpu.intel.com/i915"], "1");
                    assert.ok(!JSON.stringify(d).includes("nvidia.com/gpu"));
                });
            }

            it("prefill and decode agree on connector, KV buffer placement and UCX transports", () => {
                assert.deepEqual(kvConfig(prefill), kvConfig(decode));
                const [p, dd] = [env(container(prefill)), env(container(decode))];
                for (const k of ["UCX_TLS", "UCX_MEMTYPE_CACHE", "VLLM_NIXL_SIDE_CHANNEL_PORT"]) assert.equal(p[k], dd[k], k);
                assert.doesNotThrow(() => checkPdAgreement(prefill, decode, "services[0]"));
            });
        });
    }

    it("a decode whose KV buffer or UCX transports differ from prefill's is refused", () => {
        const { objects } = render(xpuPd("rdma-roce"));
        const prefill = find(objects, "Deployment", "xpd-prefill");
        const decode = structuredClone(find(objects, "Deployment", "xpd-decode"));
        const c = container(decode);
        c.args = c.args.map((a: string) => (a.startsWith("--kv-transfer-config=") ? a.replace('"xpu"', '"cpu"') : a));
        c.env = c.env.map((e: any) => (e.name === "UCX_TLS" ? { ...e, value: "tcp" } : e));
        assert.throws(
            () => checkPdAgreement(prefill, decode, "services[0]"),
            (err: ConfigError) => err.issues.some((i) => /kv_buffer_device/.test(i.expected)) && err.issues.some((i) => /UCX_TLS/.test(i.expected)),
        );
    });

    it("keeps the TCP variant: host-staged KV and UCX_TLS=tcp, no RDMA env or IPC_LOCK", () => {
        const { objects } = render(xpuPd("tcp"));
        assertValidObjects(objects);
        for (const name of ["xpd-prefill", "xpd-decode"]) {
            const d = find(objects, "Deployment", name);
            assert.equal(kvConfig(d).kv_buffer_device, "cpu");
            const c = container(d);
            assert.equal(env(c).UCX_TLS, "tcp");
            assert.equal(env(c).UCX_MEMTYPE_CACHE, undefined);
            assert.ok(!(c.securityContext?.capabilities?.add ?? []).includes("IPC_LOCK"));
        }
    });

    it("refuses EFA and no network, naming the networks XPU's overlays run on", () => {
        assertConfigError(() => render(xpuPd("efa")), "services[0].accelerator.network", /tcp or rdma-roce or infiniband for pd-disaggregation on Intel Data Center GPU/);
        const err = assertConfigError(() => render(xpuPd("none")), "services[0].accelerator.network", /expected rdma-roce or infiniband: /);
        assert.doesNotMatch(err.issues.find((i) => i.path === "services[0].accelerator.network")!.expected, /efa/);
    });

    it("the vendor table row cites both XPU P/D overlays", () => {
        const row = VENDORS["intel-xpu"].paths["pd-disaggregation"];
        assert.equal(row.supported, true);
        assert.match(row.source, /pd-disaggregation\/modelserver\/xpu\/vllm \(/);
        assert.match(row.source, /pd-disaggregation\/modelserver\/xpu\/vllm-rdma/);
        assert.match(VENDORS["intel-xpu"].pd!.rdma!.source, /xpu\/vllm-rdma/);
    });
});
