// Prefill/decode disaggregation on TPU: vLLM TPU (tpu_inference) moves the KV cache with its own
// TPUConnector instead of NIXL. Prefill produces (kv_producer), decode pulls (kv_both); each pod
// advertises its IP (kv_ip) and listens on a coordination port and a KV-transfer port.
// Values follow zetxqx/llm-d @7edda66 guides/pd-disaggregation/modelserver/tpu/base/vllm/patch-{prefill,decode}.yaml
// and tpu/v6/vllm/patch-{prefill,decode}.yaml; the routing sidecar keeps the P/D recipe's nixlv2 protocol.
import { ConfigError, ConfigIssue } from "../../config/errors";
import { RoleSpec, ServiceSpec } from "../../config/spec";
import { K8sObject } from "../common";
import type { ContainerPort, PodAdditions } from "./vllm";
import { vendorOf } from "./vendors";

export const TPU_CONNECTOR = "TPUConnector";
/** The connector's Python module in the vLLM TPU image (tpu-inference). */
export const TPU_CONNECTOR_MODULE = "tpu_inference.distributed.tpu_connector";
/** TPU_SIDE_CHANNEL_PORT: peers coordinate transfers here (port name tpu-pd-coord in the guide). */
export const TPU_SIDE_CHANNEL_PORT = 9600;
/** TPU_KV_TRANSFER_PORT: the KV cache itself moves here. */
export const TPU_KV_TRANSFER_PORT = 9100;
/** Above the routing sidecar's 90 s idle timeout (guide's prefill patch). */
const PREFILL_KEEP_ALIVE_SECONDS = "120";

/** True when this service's vendor disaggregates with TPUConnector (catalog/vendors.ts pd.connector). */
export function usesTpuConnector(svc: ServiceSpec): boolean {
    return vendorOf(svc).pd?.connector === "tpu";
}

/** `--kv-transfer-config` of one role; `$(POD_IP)` is expanded by the kubelet from the container's POD_IP. */
export function tpuKvTransferConfig(role: RoleSpec): string {
    return JSON.stringify({
        kv_connector: TPU_CONNECTOR,
        kv_connector_module_path: TPU_CONNECTOR_MODULE,
        kv_role: role.role === "prefill" ? "kv_producer" : "kv_both",
        kv_ip: "$(POD_IP)",
    });
}

export function tpuPdAdditions(role: RoleSpec): PodAdditions {
    const ports: ContainerPort[] = [
        { name: "tpu-kv-transfer", containerPort: TPU_KV_TRANSFER_PORT, protocol: "TCP" },
        { name: "tpu-pd-coord", containerPort: TPU_SIDE_CHANNEL_PORT, protocol: "TCP" },
    ];
    return {
        args: [`--kv-transfer-config=${tpuKvTransferConfig(role)}`],
        env: [
            { name: "TPU_SIDE_CHANNEL_PORT", value: String(TPU_SIDE_CHANNEL_PORT) },
            { name: "TPU_KV_TRANSFER_PORT", value: String(TPU_KV_TRANSFER_PORT) },
            ...(role.role === "prefill" ? [{ name: "VLLM_HTTP_TIMEOUT_KEEP_ALIVE", value: PREFILL_KEEP_ALIVE_SECONDS }] : []),
        ],
        ports,
    };
}

interface TpuView {
    connector?: string;
    module?: string;
    env: Record<string, string | undefined>;
    ports: Record<string, number | undefined>;
}

function view(deploy: K8sObject): TpuView {
    const c = (deploy as unknown as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec.template.spec.containers[0];
    const args = (c.args as string[]) ?? [];
    const kv = args.find((a) => a.startsWith("--kv-transfer-config="));
    const parsed = kv ? (JSON.parse(kv.slice("--kv-transfer-config=".length)) as { kv_connector?: string; kv_connector_module_path?: string }) : {};
    const env = Object.fromEntries(((c.env as { name: string; value?: string }[]) ?? []).map((e) => [e.name, e.value]));
    const ports = Object.fromEntries(((c.ports as ContainerPort[]) ?? []).map((p) => [p.name, p.containerPort]));
    return { connector: parsed.kv_connector, module: parsed.kv_connector_module_path, env, ports };
}

/** Prefill and decode must run the same connector on the same ports, and each port must be the one its env names. */
export function checkTpuPdAgreement(prefill: K8sObject, decode: K8sObject, base: string): void {
    const issues: ConfigIssue[] = [];
    const p = view(prefill);
    const d = view(decode);
    for (const [role, v] of [["prefill", p], ["decode", d]] as const) {
        if (v.connector !== TPU_CONNECTOR || v.module !== TPU_CONNECTOR_MODULE) {
            issues.push({ path: `${base}.${role}.extraArgs`, got: v.connector, expected: `${TPU_CONNECTOR} from ${TPU_CONNECTOR_MODULE} (P/D on TPU)` });
        }
        for (const [envName, port] of [["TPU_SIDE_CHANNEL_PORT", "tpu-pd-coord"], ["TPU_KV_TRANSFER_PORT", "tpu-kv-transfer"]] as const) {
            if (v.env[envName] !== String(v.ports[port])) {
                issues.push({ path: `${base}.${role}.env.${envName}`, got: v.env[envName], expected: `${v.ports[port]}, the ${port} containerPort` });
            }
            if (role === "prefill" && v.env[envName] !== d.env[envName]) {
                issues.push({ path: `${base}.prefill.env.${envName}`, got: v.env[envName], expected: `${d.env[envName]}, decode's (prefill and decode must agree)` });
            }
        }
    }
    if (issues.length) throw new ConfigError(issues);
}
