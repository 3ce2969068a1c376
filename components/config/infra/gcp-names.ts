// Names of the GKE accelerator networks: the Kubernetes Network objects pods attach, and the
// VPCs behind them. One place, so node pools, Network objects and pod annotations agree.

/** RDMA NICs of A3 Ultra / A4 (8 x CX-7), Network objects rdma-0..rdma-7 (cluster-toolkit's and llm-d's names). */
export const RDMA_NICS = 8;
/** The second gVNIC of A3 Ultra / A4 (cluster-toolkit names its Network `gvnic-1`). */
export const SECOND_GVNIC = "gvnic-1";

export function rdmaPodNetworks(): string[] {
    return Array.from({ length: RDMA_NICS }, (_, i) => `rdma-${i}`);
}

/** GPUDirect-TCPX(O) Network objects vpc1..vpcN (cluster-toolkit's `gvnic_prefix: vpc`). */
export function tcpxPodNetworks(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `vpc${i + 1}`);
}
