// NetworkPolicies (networking.k8s.io/v1) of one model service. Each policy selects only that
// service's pods, so adding or removing a service never touches another's policies.
//  - model servers: from the gateway's pods (GKE: the managed load balancer, from outside the
//    cluster), from their scheduler (routing probes, metrics, KV events), from their own P/D or
//    wide-EP peers (every port: UCX's TCP transport picks ephemeral ports), from the scraper;
//  - scheduler: ext-proc only from the gateway, metrics only from the scraper;
//  - render tokenizer (precise path): only from the scheduler.
// Ingress only: egress stays open because model servers download weights from Hugging Face and
// the scheduler watches the API server, whose address is cluster-specific (DNS keeps working).
import { ServiceSpec, StackSpec } from "../../config/spec";
import { AutoscalingMetric, GatewayProvider, WellLitPath } from "../../config/types";
import { WVA_POD_LABELS } from "./wva";
import { K8sObject, commonLabels, poolSelector } from "../common";
import { DECODE_BEHIND_SIDECAR_PORT, KV_EVENTS_PORT, modelServerPorts } from "../modelserver/ports";
import { CENTRAL_KV_EVENTS_PORT, centralKvEvents, kvEventsReplayPort } from "../paths/precise-prefix-cache";
import { renderLabels, renderName, tokenizerOnDecodePods } from "../paths/precise-prefix-cache";
import { EPP_PORTS, eppPodLabels } from "../scheduler/epp";

/** Label every Gateway API implementation used here puts on the proxy pods it deploys for a Gateway (Istio GatewayLabel; agentgateway and kgateway deployers alike). */
export const GATEWAY_POD_LABEL = "gateway.networking.k8s.io/gateway-name";

type Peer = Record<string, unknown>;
type Rule = { from?: Peer[]; ports?: { protocol: "TCP"; port: number | string }[] };

function isGke(provider: GatewayProvider): boolean {
    return provider === GatewayProvider.GkeExternal || provider === GatewayProvider.GkeInternal;
}

const tcp = (ports: (number | string)[]) => ports.map((port) => ({ protocol: "TCP" as const, port }));

/**
 * Who the gateway is, as a NetworkPolicy peer list. In-cluster gateways (Istio, agentgateway,
 * kgateway) run proxy pods in the Gateway's namespace (the stack's). GKE's managed load balancer
 * reaches pods from the proxy-only subnet and Google's health checkers, outside the cluster and
 * not selectable: `undefined` means any source for those ports.
 */
export function gatewayPeers(stack: StackSpec): Peer[] | undefined {
    if (isGke(stack.gateway.provider)) return undefined;
    return [{ podSelector: { matchLabels: { [GATEWAY_POD_LABEL]: stack.gateway.name } } }];
}

export function scraperPeers(stack: StackSpec): Peer[] {
    return [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...stack.observability.scraperNamespaces] } ] } }];
}

function rule(from: Peer[] | undefined, ports?: (number | string)[]): Rule {
    return { ...(from ? { from } : {}), ...(ports ? { ports: tcp(ports) } : {}) };
}

function policy(name: string, svc: ServiceSpec, stack: StackSpec, podLabels: Record<string, string>, ingress: Rule[]): K8sObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace: stack.namespace, labels: commonLabels("network-policy", svc.name) },
        spec: { podSelector: { matchLabels: podLabels }, policyTypes: ["Ingress"], ingress },
    };
}

/** The service's NetworkPolicies; none when `security.networkPolicies` is false. */
export function buildNetworkPolicies(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    if (!stack.security.networkPolicies) return [];
    const serving = modelServerPorts(svc);
    const scheduler = [{ podSelector: { matchLabels: eppPodLabels(svc) } }];
    // P/D and wide-EP pods move KV cache between each other; P2P pods pull from each other's CPU tier (NIXL, port 7777).
    const p2p = Boolean(svc.offload?.peerToPeer);
    const peersTalk = svc.prefill !== undefined || svc.path === WellLitPath.WideEp || p2p;
    // The picker scrapes metrics on the serving ports (and on vLLM behind the P/D sidecar) and subscribes to KV events.
    const precise = svc.path === WellLitPath.PrecisePrefixCache;
    const central = precise && centralKvEvents(svc);
    // The precise path and P2P sharing both subscribe to each pod's KV events (and, where the layout has it, its replay socket).
    const indexed = (precise && !central) || p2p;
    const replay = indexed ? kvEventsReplayPort(svc) : undefined;
    const schedulerPorts = [...serving, ...(svc.prefill || p2p ? [DECODE_BEHIND_SIDECAR_PORT] : []), ...(indexed ? [KV_EVENTS_PORT] : []), ...(replay !== undefined ? [replay] : [])];
    const modelServers = policy(`${svc.name}-model-servers`, svc, stack, poolSelector(svc), [
        rule(gatewayPeers(stack), serving),
        rule(scheduler, schedulerPorts),
        // P/D and wide-EP peers: NIXL side channel, KV transfer (UCX over TCP uses ephemeral ports), sidecar -> prefill;
        // LWS group members: vLLM's DP RPC port (5555) and the NCCL, Gloo and NVSHMEM bootstrap sockets (ephemeral ports).
        ...(peersTalk ? [rule([{ podSelector: { matchLabels: poolSelector(svc) } }])] : []),
        // Multi-host TPU slice: its Ray workers (no pool label) reach the leader's Ray head and object store (modelserver/tpu-multihost.ts).
        ...((svc.accelerator.tpuSlice?.hosts ?? 1) > 1 ? [rule([{ podSelector: { matchLabels: { "llm-d.ai/model-service": svc.name } } }])] : []),
        // vLLM's /metrics is on its HTTP port, named "http" in every model-server pod.
        rule(scraperPeers(stack), ["http"]),
    ]);
    const epp = policy(`${svc.name}-epp`, svc, stack, eppPodLabels(svc), [
        rule(gatewayPeers(stack), [EPP_PORTS.grpc]),
        rule(scraperPeers(stack), [EPP_PORTS.metrics]),
        // WVA scrapes the picker's flow-control queue directly to scale a service up from zero.
        ...(stack.wva?.install && svc.autoscaling?.metric === AutoscalingMetric.Wva ? [rule([{ podSelector: { matchLabels: { ...WVA_POD_LABELS } } }], [EPP_PORTS.metrics])] : []),
        // Centralized KV events: the simulators dial the scheduler's event socket.
        ...(central ? [rule([{ podSelector: { matchLabels: poolSelector(svc) } }], [CENTRAL_KV_EVENTS_PORT])] : []),
    ]);
    const out = [modelServers, epp];
    if (svc.path === WellLitPath.PrecisePrefixCache && !tokenizerOnDecodePods(svc)) {
        // Only the picker's token-producer calls the tokenizer (on the decode pods, the serving-port rule admits it).
        out.push(policy(renderName(svc), svc, stack, renderLabels(svc), [rule(scheduler, ["render-http"])]));
    }
    return out;
}
