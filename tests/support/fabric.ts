// A directory laid out like a pod's view of its fabric (/dev/infiniband, /sys/class/infiniband,
// /sys/class/net, the GKE plugin files), for running the fabric start-up check off-node through
// LLMD_FABRIC_ROOT. Each part can be left out to see the check fail on it.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Fabric } from "../../components/manifests/network/fabric";

export interface FakeFabric {
    /** /dev/infiniband/uverbsN devices. */
    uverbs?: number;
    /** link_layer of every port ("InfiniBand" or "Ethernet"). */
    linkLayer?: "InfiniBand" | "Ethernet";
    /** EFA devices (uevent DRIVER=efa). */
    efa?: boolean;
    /** /sys/class/net/eth1..ethN. */
    nics?: number;
    /** GKE's NCCL plugin files under /usr/local/nvidia/lib64 (TCPX/TCPXO). */
    ncclPlugin?: boolean;
    /** TCPXO LLCM aperture devices. */
    apertures?: boolean;
}

/** The healthy fabric of each kind, as a pod on a good node sees it. */
export function healthy(fabric: Fabric): FakeFabric {
    switch (fabric) {
        case "infiniband":
            return { uverbs: 8, linkLayer: "InfiniBand" };
        case "roce":
        case "gke-roce":
            return { uverbs: 8, linkLayer: "Ethernet" };
        case "efa":
            return { uverbs: 16, linkLayer: "Ethernet", efa: true };
        case "gpudirect-tcpx":
            return { nics: 4, ncclPlugin: true };
        case "gpudirect-tcpxo":
            return { nics: 8, ncclPlugin: true, apertures: true };
        case "tcp":
            return {};
    }
}

/** Creates the directory (without the RxDM socket: addRxdmSocket); the caller removes it. */
export function fakeFabricRoot(f: FakeFabric): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-"));
    const mk = (p: string, content = "") => {
        fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
        fs.writeFileSync(path.join(root, p), content);
    };
    fs.mkdirSync(path.join(root, "dev"), { recursive: true });
    for (let i = 0; i < (f.uverbs ?? 0); i++) {
        mk(`dev/infiniband/uverbs${i}`);
        const hca = f.efa ? `rdmap${i}s0` : `mlx5_${i}`;
        mk(`sys/class/infiniband/${hca}/ports/1/link_layer`, `${f.linkLayer ?? "Ethernet"}\n`);
        mk(`sys/class/infiniband/${hca}/device/uevent`, `DRIVER=${f.efa ? "efa" : "mlx5_core"}\nPCI_SLOT_NAME=0000:00:0${i}.0\n`);
    }
    for (let i = 1; i <= (f.nics ?? 0); i++) fs.mkdirSync(path.join(root, `sys/class/net/eth${i}`), { recursive: true });
    if (f.ncclPlugin) {
        mk("usr/local/nvidia/lib64/libnccl-net.so");
        mk("usr/local/nvidia/lib64/a3plus_guest_config.textproto");
    }
    if (f.apertures) mk("dev/aperture_devices/0000:8a:00.0/resource0");
    return root;
}

/** The TCPX RxDM's unix socket under root; close the returned server when done. */
export async function addRxdmSocket(root: string): Promise<import("node:net").Server> {
    fs.mkdirSync(path.join(root, "run/tcpx"), { recursive: true });
    const net = await import("node:net");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, "run/tcpx/rx_rule_manager"), resolve));
    return server;
}

/**
 * Runs a container's bash script as a pod on a healthy fabric of the kind its check names, with
 * stub `vllm` (prints its arguments, one per line), `find` and `python3` (NIXL's LIBFABRIC probe),
 * and NVSHMEM's and NCCL's EFA plugins on LD_LIBRARY_PATH. Returns vLLM's arguments.
 */
export function runPodScript(script: string, env: Record<string, string> = {}): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pod-script-"));
    const fabric = /^LLMD_FABRIC=(\S+)/m.exec(script)?.[1] as Fabric | undefined;
    const root = fabric ? fakeFabricRoot(healthy(fabric)) : undefined;
    try {
        fs.writeFileSync(path.join(dir, "vllm"), '#!/bin/bash\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "find"), "#!/bin/bash\nexit 0\n", { mode: 0o755 });
        fs.writeFileSync(path.join(dir, "python3"), "#!/bin/bash\nexit 0\n", { mode: 0o755 });
        for (const lib of ["nvshmem_transport_libfabric.so.3", "libnccl-net-ofi.so"]) fs.writeFileSync(path.join(dir, lib), "");
        const out = execFileSync("/bin/bash", ["-c", script], {
            env: { PATH: dir, HOME: dir, LD_LIBRARY_PATH: dir, ...(root ? { LLMD_FABRIC_ROOT: root } : {}), ...env },
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        return out.trimEnd().split("\n");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        if (root) fs.rmSync(root, { recursive: true, force: true });
    }
}
