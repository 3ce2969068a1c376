// GPUDirect-TCPX (A3 High, a3-highgpu-8g) and GPUDirect-TCPXO (A3 Mega, a3-megagpu-8g) pod
// fragments: the extra gVNIC interfaces, the receive-datapath manager (RxDM) sidecar, the NCCL
// network plugin's libraries and settings. They carry NCCL traffic between the nodes of a
// multi-node group (wide-EP); NIXL cannot use them, so P/D KV transfer is refused on these pools
// (config/infra/resolve.ts). Pure data; the images are pinned in catalog/versions.ts.
import { GKE_GPUDIRECT_RXDM } from "../../catalog/versions";
import type { PodAdditions } from "../modelserver/vllm";

/** Where the installer DaemonSets copy the NCCL plugin (next to the GKE-managed driver). source: container-engine-accelerators nccl-tcpx(o)-installer.yaml ("cp -r /var/lib/tcpx(o)/lib64/. /usr/local/nvidia/lib64" into hostPath /home/kubernetes/bin) */
export const NVIDIA_LIB64_HOST = "/home/kubernetes/bin/nvidia/lib64";
export const NVIDIA_LIB64 = "/usr/local/nvidia/lib64";
/** The unix socket directory RxDM serves and the TCPX plugin connects to. source: gpudirect-tcpx/nccl-test-latest.yaml (--uds_path /run/tcpx) */
export const TCPX_SOCKET_DIR = "/run/tcpx";
/** TCPXO low-latency control memory (LLCM) apertures the installer bind-mounts. source: gpudirect-tcpxo/nccl-tcpxo-installer.yaml, nccl-test-latest.yaml */
export const APERTURE_DEVICES = "/dev/aperture_devices";

export type GpuDirectKind = "tcpx" | "tcpxo";

/** The file the TCPXO daemon creates when it is ready (no underscore allowed in the name). source: gpudirect-tcpxo/best-practice.md "Setup Startup Probe for the TCPXO-daemon Sidecar" */
export const TCPXO_HEALTH_FILE = "/run/health-check";

export const RXDM_CONTAINER: Record<GpuDirectKind, string> = { tcpx: "tcpx-daemon", tcpxo: "tcpxo-daemon" };

/** eth0 stays the pod network; eth1..ethN are the pool's GPU NIC networks (vpc1..vpcN). source: gpudirect-tcpx(o)/nccl-test-latest.yaml annotations */
export function gpuDirectInterfaces(podNetworks: string[]): { interfaceName: string; network: string }[] {
    return [{ interfaceName: "eth0", network: "default" }, ...podNetworks.map((network, i) => ({ interfaceName: `eth${i + 1}`, network }))];
}

/** Devices the NRI device injector gives the RxDM sidecar (it requests no GPU itself). source: gpudirect-tcpx(o)/nccl-test-latest.yaml `devices.gke.io/container.<name>` */
function injectedDevices(kind: GpuDirectKind, gpus: number): string {
    const paths = [...Array.from({ length: gpus }, (_, i) => `/dev/nvidia${i}`), "/dev/nvidiactl", "/dev/nvidia-uvm"];
    if (kind === "tcpxo") paths.push("/dev/dmabuf_import_helper");
    return paths.map((p) => `- path: ${p}\n`).join("");
}

function hostPath(name: string, path: string): Record<string, unknown> {
    return { name, hostPath: { path } };
}

/** NCCL settings of the TCPX plugin. source: container-engine-accelerators gpudirect-tcpx/README.md "NCCL configs" (interfaces eth1..eth4, control on eth0) */
function tcpxEnv(nics: string[]): Record<string, string> {
    return {
        NCCL_SOCKET_IFNAME: "eth0",
        NCCL_CROSS_NIC: "0",
        NCCL_ALGO: "Ring,Tree",
        NCCL_PROTO: "Simple",
        NCCL_NET_GDR_LEVEL: "PIX",
        NCCL_P2P_PXN_LEVEL: "0",
        NCCL_GPUDIRECTTCPX_SOCKET_IFNAME: nics.join(","),
        NCCL_GPUDIRECTTCPX_CTRL_DEV: "eth0",
        NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX: TCPX_SOCKET_DIR,
        NCCL_DYNAMIC_CHUNK_SIZE: "524288",
        NCCL_P2P_NET_CHUNKSIZE: "524288",
        NCCL_P2P_PCI_CHUNKSIZE: "524288",
        NCCL_P2P_NVL_CHUNKSIZE: "1048576",
        NCCL_BUFFSIZE: "4194304",
        NCCL_NSOCKS_PERTHREAD: "4",
        NCCL_SOCKET_NTHREADS: "1",
        // CPU bindings of the A3 High's NICs (NUMA-local cores).
        NCCL_GPUDIRECTTCPX_TX_BINDINGS: "eth1:8-21,112-125;eth2:8-21,112-125;eth3:60-73,164-177;eth4:60-73,164-177",
        NCCL_GPUDIRECTTCPX_RX_BINDINGS: "eth1:22-35,126-139;eth2:22-35,126-139;eth3:74-87,178-191;eth4:74-87,178-191",
        NCCL_GPUDIRECTTCPX_PROGRAM_FLOW_STEERING_WAIT_MICROS: "500000",
    };
}

/** NCCL settings of the TCPXO (FasTrak) plugin. source: container-engine-accelerators gpudirect-tcpxo/README.md release Jan 9, 2026 "NCCL configs", with the lib directory the installer uses */
function tcpxoEnv(nics: string[], gpus: number): Record<string, string> {
    return {
        NCCL_FASTRAK_CTRL_DEV: "eth0",
        NCCL_FASTRAK_IFNAME: nics.join(","),
        NCCL_SOCKET_IFNAME: "eth0",
        NCCL_CROSS_NIC: "0",
        NCCL_PROTO: "Simple,LL128",
        NCCL_MIN_NCHANNELS: "4",
        NCCL_TUNER_PLUGIN: "libnccl-tuner.so",
        NCCL_TUNER_CONFIG_PATH: `${NVIDIA_LIB64}/a3plus_tuner_config.textproto`,
        NCCL_SHIMNET_GUEST_CONFIG_CHECKER_CONFIG_FILE: `${NVIDIA_LIB64}/a3plus_guest_config.textproto`,
        CUDA_VISIBLE_DEVICES: Array.from({ length: gpus }, (_, i) => String(i)).join(","),
        NCCL_NVLSTREE_MAX_CHUNKSIZE: "131072",
        NCCL_P2P_NET_CHUNKSIZE: "524288",
        NCCL_P2P_PCI_CHUNKSIZE: "524288",
        NCCL_P2P_NVL_CHUNKSIZE: "1048576",
        NCCL_FASTRAK_NUM_FLOWS: "2",
        NCCL_FASTRAK_USE_SNAP: "1",
        NCCL_FASTRAK_PLUGIN_ACCEPT_TIMEOUT_MS: "600000",
        NCCL_FASTRAK_ENABLE_CONTROL_CHANNEL: "0",
        NCCL_BUFFSIZE: "8388608",
        NCCL_NET_GDR_LEVEL: "PIX",
        NCCL_FASTRAK_ENABLE_HOTPATH_LOGGING: "0",
        NCCL_FASTRAK_USE_LLCM: "1",
        NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: APERTURE_DEVICES,
        NCCL_NVLS_ENABLE: "1",
        NCCL_DEBUG: "WARN",
    };
}

/** The RxDM sidecar, as a native sidecar (restartPolicy Always) so it runs for the pod's lifetime. */
function rxdmSidecar(kind: GpuDirectKind): Record<string, unknown> {
    const common = { name: RXDM_CONTAINER[kind], image: GKE_GPUDIRECT_RXDM[kind], imagePullPolicy: "IfNotPresent", restartPolicy: "Always", env: [{ name: "LD_LIBRARY_PATH", value: NVIDIA_LIB64 }] };
    const sysMounts = [
        { name: "nvidia-lib64", mountPath: NVIDIA_LIB64 },
        // PCI sysfs and network sysctls of the host, without hostNetwork. source: gpudirect-tcpx(o)/nccl-test-latest.yaml
        { name: "host-sys", mountPath: "/hostsysfs" },
        { name: "host-proc-sys", mountPath: "/hostprocsysfs" },
    ];
    if (kind === "tcpx") {
        return {
            ...common,
            // source: gpudirect-tcpx/nccl-test-latest.yaml tcpx-daemon command
            command: ["/tcpgpudmarxd/build/app/tcpgpudmarxd", "--gpu_nic_preset", "a3vm", "--gpu_shmem_type", "fd", "--uds_path", TCPX_SOCKET_DIR, "--setup_param", "--verbose 128 2 0 "],
            securityContext: { capabilities: { add: ["NET_ADMIN"] } },
            volumeMounts: [...sysMounts, { name: "tcpx-socket", mountPath: TCPX_SOCKET_DIR }],
        };
    }
    return {
        ...common,
        // The daemon writes this file once its buffer manager is up; a bad node never does (gpudirect-tcpxo/best-practice.md).
        env: [...common.env, { name: "HEALTH_CHECK_LOG_FILE", value: TCPXO_HEALTH_FILE }],
        // source: gpudirect-tcpxo/README.md (Aug 21, 2025: the open-source RxDM takes only --num_hops=2 --num_nics=8)
        command: ["/bin/sh", "-c"],
        args: ["set -ex\nchmod 755 /fts/entrypoint_rxdm_container.sh\n/fts/entrypoint_rxdm_container.sh --num_hops=2 --num_nics=8"],
        // A native sidecar's start-up probe holds the vLLM container until it passes: a node whose TCPXO host
        // components are broken fails here (about 30 s), instead of NCCL failing or hanging later. Values as the practice.
        startupProbe: { exec: { command: ["cat", TCPXO_HEALTH_FILE] }, initialDelaySeconds: 1, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 6 },
        securityContext: { capabilities: { add: ["NET_ADMIN", "NET_BIND_SERVICE"] } },
        volumeMounts: sysMounts,
    };
}

/**
 * What a model-server pod on a GPUDirect-TCPX(O) pool needs for NCCL over the GPU NICs:
 * interfaces eth1..ethN on the pool's networks, the RxDM sidecar with the GPUs injected, the
 * plugin libraries and its NCCL settings.
 */
export function gpuDirectFragment(kind: GpuDirectKind, podNetworks: string[], gpus: number): PodAdditions {
    const nics = podNetworks.map((_, i) => `eth${i + 1}`);
    const env = kind === "tcpx" ? tcpxEnv(nics) : tcpxoEnv(nics, gpus);
    const volumes: Record<string, unknown>[] = [hostPath("nvidia-lib64", NVIDIA_LIB64_HOST), hostPath("host-sys", "/sys"), hostPath("host-proc-sys", "/proc/sys")];
    const volumeMounts: Record<string, unknown>[] = [{ name: "nvidia-lib64", mountPath: NVIDIA_LIB64 }];
    if (kind === "tcpx") {
        volumes.push({ name: "tcpx-socket", emptyDir: {} });
        volumeMounts.push({ name: "tcpx-socket", mountPath: TCPX_SOCKET_DIR });
    } else {
        volumes.push(hostPath("aperture-devices", APERTURE_DEVICES));
        volumeMounts.push({ name: "aperture-devices", mountPath: APERTURE_DEVICES });
    }
    return {
        annotations: {
            "networking.gke.io/default-interface": "eth0",
            "networking.gke.io/interfaces": JSON.stringify(gpuDirectInterfaces(podNetworks)),
            [`devices.gke.io/container.${RXDM_CONTAINER[kind]}`]: injectedDevices(kind, gpus),
        },
        sidecars: [rxdmSidecar(kind)],
        env: [{ name: "LD_LIBRARY_PATH", value: NVIDIA_LIB64 }, ...Object.entries(env).map(([name, value]) => ({ name, value }))],
        volumes,
        volumeMounts,
        // NCCL pins the GPU buffers it receives into. source: gpudirect-tcpx/nccl-test-latest.yaml (nccl-test adds IPC_LOCK)
        capabilities: ["IPC_LOCK"],
    };
}
