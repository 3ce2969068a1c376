// The llm-d releases this project can deploy. Adding one is adding a module beside these (its pins,
// images, per-path scheduler configs, flags and deprecations) and its upstream fixtures
// (tests/fixtures/upstream/<release>/, refreshed by scripts/refresh-upstream.mjs).
import type { AcceleratorVendor } from "../accelerators";
import { LlmdRelease, PathId } from "./types";
import { V0_8_1 } from "./v0.8.1";
import { V0_9_0 } from "./v0.9.0";
import { DEFAULT_RELEASE_NAME } from "./default";

export * from "./types";

/** Every release, oldest first. */
export const RELEASES: readonly LlmdRelease[] = [V0_8_1, V0_9_0];

/** The newest release whose pins are verified against upstream: used when a config names none. */
export const DEFAULT_RELEASE: LlmdRelease = RELEASES.find((r) => r.name === DEFAULT_RELEASE_NAME)!;
export { DEFAULT_RELEASE_NAME };

export const RELEASE_NAMES: readonly string[] = RELEASES.map((r) => r.name);

export function findRelease(name: string): LlmdRelease | undefined {
    return RELEASES.find((r) => r.name === name);
}

/** The release by name; throws for an unknown name (configs are validated before they get here). */
export function getRelease(name: string | undefined): LlmdRelease {
    if (name === undefined) return DEFAULT_RELEASE;
    const r = findRelease(name);
    if (!r) throw new Error(`unknown llm-d release ${name}; known: ${RELEASE_NAMES.join(", ")}`);
    return r;
}

function networkImage(r: LlmdRelease, vendor: AcceleratorVendor, path: PathId, network: string | undefined) {
    return network === "efa" ? r.images.modelServerForNetwork?.efa?.[vendor]?.[path] : undefined;
}

/** The model-server image a release's guides deploy for a vendor on a path and accelerator network (wide-ep on NVIDIA: llm-d's CUDA build). */
export function modelServerImage(r: LlmdRelease, vendor: AcceleratorVendor, path: PathId, network?: string, variant?: "p2p"): string {
    if (variant === "p2p" && vendor === "nvidia" && r.p2p) return r.p2p.image;
    const onNetwork = networkImage(r, vendor, path, network);
    if (onNetwork) return onNetwork.image;
    if (vendor === "nvidia" && path === "wide-ep") return r.images.wideEp;
    return r.images.modelServerForPath?.[vendor]?.[path]?.image ?? r.images.modelServer[vendor];
}

/** The vLLM release inside that image (its `vllm serve` flags are the ones checked). */
export function modelServerVllm(r: LlmdRelease, vendor: Exclude<AcceleratorVendor, "simulated">, path: PathId, network?: string, variant?: "p2p"): string {
    if (variant === "p2p" && vendor === "nvidia" && r.p2p) return r.p2p.vllm;
    const onNetwork = networkImage(r, vendor, path, network);
    if (onNetwork) return onNetwork.vllm;
    if (vendor === "nvidia" && path === "wide-ep") return r.vllm.wideEp;
    return r.images.modelServerForPath?.[vendor]?.[path]?.vllm ?? r.vllm.modelServer[vendor];
}

/** Every version a release pins, as `llmd plan` prints it (`plan.release.versions`). */
export interface ReleaseVersions {
    router: string;
    images: {
        endpointPicker: string;
        routingSidecar: string;
        simulator: string;
        render: string;
        wideEp: string;
        modelServer: Record<string, string>;
        /** Peer-to-peer KV sharing's vLLM (releases with the guide). */
        p2p?: string;
        /** The Workload Variant Autoscaler controller the release's guide installs. */
        workloadVariantAutoscaler?: string;
    };
    vllm: Record<string, string>;
    crds: { gatewayApi: string; inferenceExtension: string; llmdRouter: string };
    charts: { istio: string; agentgateway: string; kgateway: string; leaderWorkerSet: string; bodyBasedRouter: string };
    simulator: string;
    apiVersions: LlmdRelease["apiVersions"];
}

/** The WVA controller's image in the release's vendored install. */
function wvaImage(r: LlmdRelease): string | undefined {
    const dep = r.wva.install.objects.find((o) => o.kind === "Deployment") as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined;
    return dep?.spec?.template?.spec?.containers?.[0]?.image;
}

export function releaseVersions(r: LlmdRelease): ReleaseVersions {
    const { sources: _sources, ...images } = r.images;
    return {
        router: r.router.version,
        images: {
            ...images,
            modelServer: { ...images.modelServer },
            ...(r.p2p ? { p2p: r.p2p.image } : {}),
            ...(wvaImage(r) ? { workloadVariantAutoscaler: wvaImage(r) } : {}),
        },
        vllm: { ...r.vllm.modelServer, wideEp: r.vllm.wideEp, render: r.vllm.render, ...(r.p2p ? { p2p: r.p2p.vllm } : {}) },
        crds: { gatewayApi: r.crds.gatewayApi.version, inferenceExtension: r.crds.inferenceExtension.version, llmdRouter: r.crds.llmdRouter.version },
        charts: {
            istio: r.charts.istio.version,
            agentgateway: r.charts.agentgateway.version,
            kgateway: r.charts.kgateway.version,
            leaderWorkerSet: r.charts.leaderWorkerSet.version,
            bodyBasedRouter: r.charts.bodyBasedRouter.version,
        },
        simulator: r.simulatorVersion,
        apiVersions: { ...r.apiVersions },
    };
}
