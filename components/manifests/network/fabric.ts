// The fast fabric of P/D and wide-EP pods, pinned so that it never falls back to TCP silently:
//  - every library that moves data between pods is told which transport to use, so a missing
//    fabric is an error, not a slow path (UCX transports, libfabric provider, NCCL network);
//  - a start-up check at the top of the vLLM container fails the pod, with a message naming the
//    missing device or plugin (in /dev/termination-log, so `kubectl describe pod` shows it), before
//    vLLM loads the model. UCX in particular only warns at init when a listed transport is absent
//    and fails at the first cross-node transfer, so the check is what makes it loud.
// TCP happens only when the config says `tcp` (or the vendor's P/D runs only over TCP), and then
// it is pinned too, so node-installed NCCL plugins are not picked up by accident.
//
// Sources (as read for the pins the project follows; the values are behaviour, not copied text):
//  - UCX v1.22.0 (llm-d's image pin) src/ucp/core/ucp_context.c: UCX_TLS is an allow list; a
//    listed transport that is absent is a warning; aliases rc, sm/shm, tcp, cuda, rocm.
//  - llm-d guides (llm-d/llm-d @d557f83e): A4X/A4X-Max P/D UCX_TLS=rc_mlx5,rc,cuda_copy,cuda_ipc,
//    sm,shm,self; GKE overlays UCX_IB_ROCE_REACHABILITY_MODE=all and the disable-gke-nccl-tuner
//    component (NCCL_TUNER_PLUGIN and NCCL_NET_PLUGIN off: in-tree NCCL over GKE RoCE).
//  - NCCL docs/env.rst (v2.30.7-1): NCCL_NET must name the network exactly ("IB", "Socket", or a
//    plugin's own name) and fails communicator init when it is absent, instead of falling back.
//  - NIXL v1.3.2 src/utils/libfabric: without FI_PROVIDER=efa NIXL's LIBFABRIC backend falls back
//    to libfabric's tcp/sockets providers (logged at INFO); with it, backend creation fails.
//  - NVSHMEM src/host/transport/transport.cpp: remote transports are plugins
//    nvshmem_transport_<name>.so.<major> loaded with dlopen; env_defs.h: NVSHMEM_DISABLE_GDRCOPY.
//  - aws-ofi-nccl: the plugin reports "AWS Libfabric" in every version (newer ones also answer to
//    "Libfabric"/"OFI"); google/nccl-plugin-gpudirecttcpx: "GPUDirectTCPX_v7";
//    google/nccl-plugin-gpudirect-tcpxo: "FasTrak".
//  - GKE RDMA / GPUDirect pods: container-engine-accelerators gpudirect-rdma, gpudirect-tcpx(o)
//    manifests (plugin files under /usr/local/nvidia/lib64, RxDM socket /run/tcpx, LLCM apertures).
import { RoleSpec, ServiceSpec } from "../../config/spec";
import { AcceleratorNetwork, AcceleratorType, WellLitPath } from "../../config/types";
import { APERTURE_DEVICES, NVIDIA_LIB64, TCPX_SOCKET_DIR } from "./gpudirect";

/** The fabric a pod moves KV cache (NIXL) and expert traffic (NVSHMEM, NCCL) over. */
export type Fabric = "infiniband" | "roce" | "gke-roce" | "efa" | "gpudirect-tcpx" | "gpudirect-tcpxo" | "tcp";

/** What a pod on a fabric is given. */
export interface FabricPin {
    fabric: Fabric;
    /** Environment that pins the transports; a variable the role's or the vendor's env sets is theirs. */
    env: { name: string; value: string }[];
    /** Bash lines that fail the container, naming what is missing, when the fabric is absent. */
    check: string[];
}

/** The EFA P/D image llm-d's AWS guide deploys (libfabric with EFA, aws-ofi-nccl) is the one to use. */
const EFA_IMAGE_HINT = "use the release's EFA image (the default on accelerator.network efa) or set images.modelServer to one with libfabric's EFA provider";

/** GPU memory transports of UCX per vendor (NVIDIA: CUDA copy and IPC; AMD: the rocm alias). */
function gpuMemoryTls(type: AcceleratorType): string[] | undefined {
    if (type === AcceleratorType.Nvidia) return ["cuda_copy", "cuda_ipc"];
    if (type === AcceleratorType.Amd) return ["rocm"];
    return undefined;
}

/** Whether the pod is on GKE RDMA over RoCE (A3 Ultra / A4 on a pool the stack creates, or wide-ep's GKE RDMA NICs). */
function onGkeRoce(svc: ServiceSpec): boolean {
    const pool = svc.accelerator.pool;
    if (pool?.cloud === "gke" && (pool.networkStack === "rdma-roce" || pool.networkStack === "dranet")) return true;
    return !!svc.wideEp?.gkeRdmaNics;
}

/** RDMA NICs a GKE RoCE pod must see: one per claim on DRANET, the pool's RDMA networks, or wide-ep's NIC count. */
function gkeRdmaNicsExpected(svc: ServiceSpec, role: RoleSpec): number {
    const pool = svc.accelerator.pool;
    if (pool?.networkStack === "dranet") return role.acceleratorsPerPod;
    return Math.max(pool?.podNetworks.length ?? 0, svc.wideEp?.gkeRdmaNics ?? 0, 1);
}

function gpuDirectNics(svc: ServiceSpec, kind: "gpudirect-tcpx" | "gpudirect-tcpxo"): number {
    return svc.accelerator.pool?.podNetworks.length || (kind === "gpudirect-tcpxo" ? 8 : 4);
}

/** The fabric of a role's pods, or undefined where nothing crosses the accelerator network. */
export function fabricOf(svc: ServiceSpec, role: RoleSpec): Fabric | undefined {
    if (svc.path !== WellLitPath.PdDisaggregation && svc.path !== WellLitPath.WideEp) return undefined;
    const transport = svc.kvTransfer?.transport;
    if (!transport || transport === "simulated") return undefined;
    // TPU P/D moves KV with tpu_inference's TPUConnector over the TPU's own network: nothing to pin here.
    if (svc.accelerator.type === AcceleratorType.Tpu || svc.accelerator.type === AcceleratorType.Cpu) return undefined;
    const pool = svc.accelerator.pool;
    const multiNode = (role.groupSize ?? 1) > 1;
    if (svc.path === WellLitPath.WideEp && multiNode && pool?.cloud === "gke" && pool.podNetworks.length) {
        if (pool.networkStack === "gpudirect-tcpx" || pool.networkStack === "gpudirect-tcpxo") return pool.networkStack;
    }
    if (transport === "ucx-tcp") return "tcp";
    if (transport === "libfabric") return "efa";
    if (svc.accelerator.network === AcceleratorNetwork.Infiniband) return "infiniband";
    return onGkeRoce(svc) ? "gke-roce" : "roce";
}

/**
 * The shell helpers every check uses, in bash alone (the images' tools differ): fail with a
 * message, find a library where the loader looks, match a line in sysfs files, count devices.
 * LLMD_FABRIC_ROOT (unset in pods) prefixes the device and sysfs paths, so the check itself can be
 * run against a prepared directory off-node.
 */
const PRELUDE = [
    "# llm-d fabric check: fail here, naming what is missing, rather than fall back to TCP or fail at the first transfer.",
    'R="${LLMD_FABRIC_ROOT:-}"',
    "llmd_fail() { printf 'llm-d fabric check (%s): %s\\n' \"$LLMD_FABRIC\" \"$1\" >&2; { printf 'llm-d fabric check (%s): %s\\n' \"$LLMD_FABRIC\" \"$1\" > \"$R/dev/termination-log\"; } 2>/dev/null; exit 1; }",
    'llmd_lib() { local d; for d in ${LD_LIBRARY_PATH//:/ } /usr/lib64 /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /opt/amazon/ofi-nccl/lib /opt/amazon/ofi-nccl/lib64; do compgen -G "$d/$1" > /dev/null && return 0; done; return 1; }',
    'llmd_line() { local f l; for f in $2; do [ -r "$f" ] || continue; while IFS= read -r l; do [ "$l" = "$1" ] && return 0; done < "$f"; done; return 1; }',
    'shopt -s nullglob; llmd_dev=("$R"/dev/infiniband/uverbs*); llmd_uverbs=${#llmd_dev[@]}; shopt -u nullglob',
];

function ucxEnv(svc: ServiceSpec, transports: string[]): { name: string; value: string }[] {
    const mem = gpuMemoryTls(svc.accelerator.type);
    // Intel XPU and Gaudi pin UCX_TLS in their own P/D overlays (catalog/vendors.ts): theirs wins.
    if (!mem) return [];
    return [{ name: "UCX_TLS", value: transports.flatMap((t) => (t === "<mem>" ? mem : [t])).join(",") }];
}

function uverbsCheck(at_least: number, what: string, fix: string): string[] {
    return [`[ "$llmd_uverbs" -ge ${at_least} ] || llmd_fail "${what} needs ${at_least === 1 ? "an RDMA device" : `${at_least} RDMA devices`} (/dev/infiniband/uverbs*) and the pod has $llmd_uverbs: ${fix}"`];
}

/** NCCL crosses nodes only in wide-ep groups (P/D keeps tensor parallelism inside a node). */
function ncclCrossesNodes(svc: ServiceSpec): boolean {
    return svc.path === WellLitPath.WideEp;
}

/**
 * The pin of a role's pods: environment and start-up check per fabric. Undefined where the pod
 * uses no accelerator network (simulated, TPU, other paths).
 */
export function fabricPin(svc: ServiceSpec, role: RoleSpec): FabricPin | undefined {
    const fabric = fabricOf(svc, role);
    if (!fabric) return undefined;
    const env: { name: string; value: string }[] = [];
    const check: string[] = [];
    const nvshmem = svc.path === WellLitPath.WideEp && !svc.wideEp?.all2allBackend;
    const nccl = ncclCrossesNodes(svc);
    switch (fabric) {
        case "infiniband":
            env.push(...ucxEnv(svc, ["rc", "<mem>", "sm", "self"]));
            if (nccl) env.push({ name: "NCCL_NET", value: "IB" });
            check.push(
                ...uverbsCheck(1, "InfiniBand (accelerator.network: infiniband)", "request the nodes' RDMA device resource (networkResources, e.g. rdma/ib: 1) and schedule on InfiniBand nodes"),
                `llmd_line InfiniBand "$R/sys/class/infiniband/*/ports/*/link_layer" || llmd_fail "InfiniBand (accelerator.network: infiniband) found no port with link_layer InfiniBand under /sys/class/infiniband: RoCE NICs are accelerator.network: rdma-roce"`,
            );
            break;
        case "roce":
            env.push(...ucxEnv(svc, ["rc", "<mem>", "sm", "self"]));
            if (nccl) env.push({ name: "NCCL_NET", value: "IB" });
            check.push(
                ...uverbsCheck(1, "RoCE (accelerator.network: rdma-roce)", "request the nodes' RDMA device resource (networkResources) and schedule on RoCE nodes"),
                `llmd_line Ethernet "$R/sys/class/infiniband/*/ports/*/link_layer" || llmd_fail "RoCE (accelerator.network: rdma-roce) found no port with link_layer Ethernet under /sys/class/infiniband: InfiniBand NICs are accelerator.network: infiniband"`,
            );
            break;
        case "gke-roce": {
            // llm-d's GKE A4X value; GKE's RDMA VPC routes between the NICs' subnets, which UCX's default reachability check rejects.
            if (gpuMemoryTls(svc.accelerator.type)) env.push({ name: "UCX_TLS", value: "rc_mlx5,rc,cuda_copy,cuda_ipc,sm,shm,self" });
            env.push({ name: "UCX_IB_ROCE_REACHABILITY_MODE", value: "all" });
            // GKE's installer puts the gIB NCCL plugin and tuner on the driver path, which NCCL would load implicitly (and TP
            // then fails in the tuner): llm-d runs NCCL's in-tree IB transport over the RoCE NICs instead.
            env.push({ name: "NCCL_NET_PLUGIN", value: "none" }, { name: "NCCL_TUNER_PLUGIN", value: "none" });
            if (nccl) env.push({ name: "NCCL_NET", value: "IB" });
            if (nvshmem) env.push({ name: "NVSHMEM_DISABLE_GDRCOPY", value: "1" });
            const n = gkeRdmaNicsExpected(svc, role);
            check.push(
                ...uverbsCheck(
                    n,
                    "GKE RDMA (RoCE)",
                    svc.accelerator.pool?.networkStack === "dranet"
                        ? "the pod's mrdma.google.com claims got no NIC (is the node pool's accelerator network profile auto, and DRANET running?)"
                        : "check the pod's networking.gke.io/interfaces (rdma-N networks) and that the node pool has the RDMA additional networks",
                ),
                `llmd_line Ethernet "$R/sys/class/infiniband/*/ports/*/link_layer" || llmd_fail "GKE RDMA (RoCE) found no RoCE port (link_layer Ethernet) under /sys/class/infiniband"`,
            );
            break;
        }
        case "efa":
            // Without FI_PROVIDER NIXL's LIBFABRIC backend (and NVSHMEM's) would take libfabric's tcp provider when EFA is absent.
            env.push({ name: "FI_PROVIDER", value: "efa" }, { name: "FI_EFA_USE_DEVICE_RDMA", value: "1" });
            if (nvshmem) env.push({ name: "NVSHMEM_REMOTE_TRANSPORT", value: "libfabric" }, { name: "NVSHMEM_LIBFABRIC_PROVIDER", value: "efa" });
            if (nccl) env.push({ name: "NCCL_NET", value: "AWS Libfabric" });
            check.push(
                ...uverbsCheck(1, "AWS EFA", "request vpc.amazonaws.com/efa (networkResources) on a node group with EFA and the EFA device plugin"),
                `llmd_line DRIVER=efa "$R/sys/class/infiniband/*/device/uevent" || llmd_fail "AWS EFA found no EFA device (DRIVER=efa) under /sys/class/infiniband: these RDMA devices are not EFA"`,
                // NIXL's LIBFABRIC plugin and libfabric's EFA provider must be in the image; creating the backend proves both.
                `llmd_out=$(python3 -c 'from nixl._api import nixl_agent, nixl_agent_config; import sys; a = nixl_agent("llmd-fabric-check", nixl_agent_config(backends=["LIBFABRIC"])); sys.exit(0 if "LIBFABRIC" in a.backends else "no LIBFABRIC plugin")' 2>&1) || { llmd_out=\${llmd_out##*$'\\n'}; llmd_fail "NIXL's LIBFABRIC backend does not start over EFA in this image ($llmd_out): ${EFA_IMAGE_HINT}"; }`,
            );
            if (nvshmem) check.push(`llmd_lib 'nvshmem_transport_libfabric.so*' || llmd_fail "NVSHMEM's libfabric transport (nvshmem_transport_libfabric.so) is not in this image, so DeepEP cannot reach other nodes over EFA: set images.modelServer to an image whose NVSHMEM is built with libfabric"`);
            if (nccl) check.push(`llmd_lib 'libnccl-net-ofi.so*' || llmd_lib 'libnccl-net.so*' || llmd_fail "NCCL's AWS OFI plugin (aws-ofi-nccl, libnccl-net-ofi.so) is not in this image, so NCCL_NET='AWS Libfabric' cannot start: set images.modelServer to an image with aws-ofi-nccl"`);
            break;
        case "gpudirect-tcpx":
        case "gpudirect-tcpxo": {
            // NCCL over the GPU NICs (the plugin's name pins it; the RxDM sidecar's settings are the network fragment's).
            env.push({ name: "NCCL_NET", value: fabric === "gpudirect-tcpx" ? "GPUDirectTCPX_v7" : "FasTrak" });
            // NIXL cannot use these NICs: the KV cache of P/D between the LWS roles moves over TCP, by the config's choice.
            env.push(...ucxEnv(svc, ["tcp", "<mem>", "sm", "self"]));
            const nics = gpuDirectNics(svc, fabric);
            const name = fabric === "gpudirect-tcpx" ? "GPUDirect-TCPX" : "GPUDirect-TCPXO";
            check.push(
                `[ -e "$R${NVIDIA_LIB64}/libnccl-net.so" ] || llmd_fail "${name}: the NCCL plugin ${NVIDIA_LIB64}/libnccl-net.so is missing (the nccl-${fabric === "gpudirect-tcpx" ? "tcpx" : "tcpxo"}-installer DaemonSet has not run on this node)"`,
                `for i in {1..${nics}}; do [ -d "$R/sys/class/net/eth$i" ] || llmd_fail "${name}: GPU NIC eth$i is missing (the pod's networking.gke.io/interfaces and the node pool's additional networks)"; done`,
            );
            if (fabric === "gpudirect-tcpx") {
                check.push(
                    `for i in {1..90}; do [ -S "$R${TCPX_SOCKET_DIR}/rx_rule_manager" ] && break; sleep 2; done`,
                    `[ -S "$R${TCPX_SOCKET_DIR}/rx_rule_manager" ] || llmd_fail "GPUDirect-TCPX: the receive-datapath manager's socket ${TCPX_SOCKET_DIR}/rx_rule_manager is not there after 180 s (tcpx-daemon sidecar)"`,
                );
            } else {
                check.push(
                    `[ -f "$R${NVIDIA_LIB64}/a3plus_guest_config.textproto" ] || llmd_fail "GPUDirect-TCPXO: ${NVIDIA_LIB64}/a3plus_guest_config.textproto is missing (nccl-tcpxo-installer DaemonSet)"`,
                    `compgen -G "$R${APERTURE_DEVICES}/*/resource*" > /dev/null || llmd_fail "GPUDirect-TCPXO: no LLCM aperture devices under ${APERTURE_DEVICES} (nccl-tcpxo-installer DaemonSet)"`,
                );
            }
            break;
        }
        case "tcp":
            env.push(...ucxEnv(svc, ["tcp", "<mem>", "sm", "self"]));
            // NCCL over sockets, by choice: node-installed plugins (GKE's gIB, TCPX) are not loaded behind the config's back.
            // Nothing to check: the pod network is always there (the config's choice is warned about when resolved).
            if (nccl) env.push({ name: "NCCL_NET", value: "Socket" }, { name: "NCCL_NET_PLUGIN", value: "none" }, { name: "NCCL_TUNER_PLUGIN", value: "none" });
            break;
    }
    return { fabric, env, check };
}

/** The check as bash lines, with its helpers (empty when the pin has none). */
export function fabricCheckLines(pin: FabricPin | undefined): string[] {
    if (!pin?.check.length) return [];
    return [`LLMD_FABRIC=${pin.fabric}`, ...PRELUDE, ...pin.check];
}

/**
 * The container command of a pod whose check runs before `vllm serve`: bash runs the check and
 * then execs vLLM with the container's args, which stay the plain `vllm serve` arguments.
 */
export function checkedServeCommand(pin: FabricPin): string[] {
    return ["/bin/bash", "-c", [...fabricCheckLines(pin), 'exec vllm serve "$@"'].join("\n"), "vllm"];
}

/** Merges the pin's env under the env a pod already has (a variable set there keeps its value). */
export function withFabricEnv(env: Record<string, unknown>[], pin: FabricPin | undefined, userEnv: Record<string, string>): Record<string, unknown>[] {
    if (!pin) return env;
    const taken = new Set([...env.map((e) => String(e.name)), ...Object.keys(userEnv)]);
    return [...env, ...pin.env.filter((e) => !taken.has(e.name))];
}
