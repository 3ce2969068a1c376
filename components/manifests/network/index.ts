// What a model-server pod needs to use its node pool's accelerator network for KV-cache transfer
// (P/D) or expert parallelism (wide-EP): GKE multi-network interfaces and gIB libraries on RDMA
// pools (EFA needs only device requests). Transport pins and start-up checks are ./fabric.ts. Pure; driven by the pool binding (config/infra/spec.ts).
import { RoleSpec, ServiceSpec, StackSpec } from "../../config/spec";
import { WellLitPath } from "../../config/types";
import { K8sObject } from "../common";
import type { PodAdditions } from "../modelserver/vllm";
import { buildRdmaClaimTemplate, dranetFragment } from "./dranet";
import { gpuDirectFragment } from "./gpudirect";

export { buildRdmaClaimTemplate, dranetFragment, rdmaClaimTemplateName } from "./dranet";
export { gpuDirectFragment } from "./gpudirect";

/** Paths that move data between pods over the accelerator network. */
const NETWORK_PATHS: WellLitPath[] = [WellLitPath.PdDisaggregation, WellLitPath.WideEp];

/** GKE RDMA (A3 Ultra / A4, manual multi-networking): eth0 stays the pod network, eth2..eth9 are rdma-0..rdma-7. */
export function gkeRdmaFragment(podNetworks: string[]): PodAdditions {
    // source: container-engine-accelerators gpudirect-rdma/nccl-test.yaml pod annotations; research notes §1.5
    const interfaces = [{ interfaceName: "eth0", network: "default" }, ...podNetworks.map((network, i) => ({ interfaceName: `eth${i + 2}`, network }))];
    return {
        annotations: {
            "networking.gke.io/default-interface": "eth0",
            "networking.gke.io/interfaces": JSON.stringify(interfaces),
        },
        // The GKE-managed driver the installer DaemonSet places on the node. GKE's gIB NCCL plugin is not used: NCCL runs
        // its in-tree IB transport over the RoCE NICs, as llm-d's GKE overlays do (network/fabric.ts pins it).
        volumes: [{ name: "nvidia-install-dir-host", hostPath: { path: "/home/kubernetes/bin/nvidia" } }],
        volumeMounts: [{ name: "nvidia-install-dir-host", mountPath: "/usr/local/nvidia" }],
    };
}

/** Whether a role's pods get the GPUDirect-TCPX(O) fragment: multi-node groups on a GKE pool with those NICs. */
export function usesGpuDirect(svc: ServiceSpec, role: RoleSpec): boolean {
    const pool = svc.accelerator.pool;
    return !!pool && pool.cloud === "gke" && (pool.networkStack === "gpudirect-tcpx" || pool.networkStack === "gpudirect-tcpxo") && (role.groupSize ?? 1) > 1 && pool.podNetworks.length > 0;
}

/**
 * The network fragment of a service's pods, or undefined when its pool has none to use.
 * DRANET pools hand out GPUs only through claims, so every path's pods get them there.
 * GPUDirect-TCPX(O) carries NCCL between the nodes of a multi-node group (wide-EP); single-node
 * pods keep NCCL on NVLink, and P/D's NIXL cannot use these NICs (refused in config/infra/resolve.ts).
 */
export function networkFragment(svc: ServiceSpec, role: RoleSpec): PodAdditions | undefined {
    const pool = svc.accelerator.pool;
    if (!pool) return undefined;
    if (pool.cloud === "gke" && pool.networkStack === "dranet") return dranetFragment(svc, role.acceleratorsPerPod);
    if (usesGpuDirect(svc, role)) return gpuDirectFragment(pool.networkStack === "gpudirect-tcpx" ? "tcpx" : "tcpxo", pool.podNetworks, role.acceleratorsPerPod);
    if (!NETWORK_PATHS.includes(svc.path)) return undefined;
    if (pool.cloud === "gke" && pool.networkStack === "rdma-roce" && pool.podNetworks.length) return gkeRdmaFragment(pool.podNetworks);
    // EKS EFA needs only its device requests (role.networkResources) and the fabric's libfabric settings (network/fabric.ts).
    return undefined;
}

/** Namespaced objects a service's pods need from its pool's network (DRANET: the GPU+NIC claim template). */
export function networkObjects(svc: ServiceSpec, stack: StackSpec): K8sObject[] {
    const pool = svc.accelerator.pool;
    if (pool?.cloud === "gke" && pool.networkStack === "dranet") return [buildRdmaClaimTemplate(svc, stack)];
    return [];
}

/** Merges a network fragment into a pod's additions. */
export function withNetwork(add: PodAdditions, frag: PodAdditions): PodAdditions {
    return {
        ...add,
        env: [...(add.env ?? []), ...(frag.env ?? [])],
        volumes: [...(add.volumes ?? []), ...(frag.volumes ?? [])],
        volumeMounts: [...(add.volumeMounts ?? []), ...(frag.volumeMounts ?? [])],
        annotations: { ...(add.annotations ?? {}), ...(frag.annotations ?? {}) },
        ...(add.sidecars || frag.sidecars ? { sidecars: [...(add.sidecars ?? []), ...(frag.sidecars ?? [])] } : {}),
        ...(add.capabilities || frag.capabilities ? { capabilities: [...new Set([...(add.capabilities ?? []), ...(frag.capabilities ?? [])])] } : {}),
        ...(add.resources || frag.resources ? { resources: { ...(add.resources ?? {}), ...(frag.resources ?? {}) } } : {}),
        ...(add.resourceClaims || frag.resourceClaims ? { resourceClaims: [...(add.resourceClaims ?? []), ...(frag.resourceClaims ?? [])] } : {}),
    };
}
