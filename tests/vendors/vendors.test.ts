// Every accelerator vendor: the rendered model server is valid Kubernetes and carries that vendor's
// image, resource, selectors and tolerations, and nothing of another vendor's.
import * as assert from "node:assert/strict";
import { DEFAULT_RELEASE } from "../../components/catalog/releases";
import { K8sObject } from "../../components/manifests";
import { runSize } from "../../provider/size";
import { loadExample } from "../support/fixtures";
import { assertValidObjects } from "../support/validate";
import { assertConfigError, container, envValue, find, podSpec, render } from "../paths/helpers";

/** Every vendor's extended resource and node-selection keys, to prove a pod carries only its own. */
const FOREIGN_MARKERS: Record<string, string[]> = {
    nvidia: ["nvidia.com/gpu"],
    amd: ["amd.com/gpu"],
    tpu: ["google.com/tpu", "cloud.google.com/gke-tpu"],
    "intel-xpu": ["gpu.intel.com/"],
    "intel-gaudi": ["habana.ai/gaudi", "HABANA", "PT_HPU"],
    cpu: ["VLLM_CPU_KVCACHE_SPACE"],
};

interface Case {
    type: string;
    chip?: string;
    decode?: Record<string, unknown>;
    image: string;
    images?: Record<string, string>;
    resource?: [string, string];
    selector?: Record<string, string>;
    toleration?: string;
    env?: Record<string, string>;
}

const GAUDI_IMAGE = "ghcr.io/llm-d/llm-d-hpu:v0.7.0";

const CASES: Case[] = [
    { type: "nvidia", chip: "nvidia-h100-80gb", decode: { tensorParallel: 2 }, image: DEFAULT_RELEASE.images.modelServer.nvidia, resource: ["nvidia.com/gpu", "2"], selector: { "cloud.google.com/gke-accelerator": "nvidia-h100-80gb" }, toleration: "nvidia.com/gpu", env: { USER: "llm-d" } },
    { type: "amd", chip: "amd-mi300x", decode: { tensorParallel: 2 }, image: DEFAULT_RELEASE.images.modelServer.amd, resource: ["amd.com/gpu", "2"], toleration: "amd.com/gpu", env: { USER: "llm-d" } },
    { type: "tpu", chip: "tpu-v6e-slice", decode: { tensorParallel: 8 }, image: DEFAULT_RELEASE.images.modelServer.tpu, resource: ["google.com/tpu", "8"], selector: { "cloud.google.com/gke-tpu-accelerator": "tpu-v6e-slice", "cloud.google.com/gke-tpu-topology": "2x4" }, toleration: "google.com/tpu" },
    { type: "intel-xpu", decode: { tensorParallel: 4 }, image: DEFAULT_RELEASE.images.modelServer["intel-xpu"], resource: ["gpu.intel.com/i915", "4"], toleration: "gpu.intel.com/i915", env: { VLLM_WORKER_MULTIPROC_METHOD: "spawn", TORCH_LLM_ALLREDUCE: "1" } },
    // llm-d ships no Gaudi image since v0.8 (llm-d/llm-d #1886): it runs only on an image the user names.
    { type: "intel-gaudi", chip: "intel-gaudi3", decode: { tensorParallel: 1 }, images: { modelServer: GAUDI_IMAGE }, image: GAUDI_IMAGE, resource: ["habana.ai/gaudi", "1"], toleration: "habana.ai/gaudi", env: { PT_HPU_LAZY_MODE: "1", HABANA_LOGS: "/tmp/habana_logs" } },
    { type: "cpu", image: DEFAULT_RELEASE.images.modelServer.cpu, env: { VLLM_CPU_KVCACHE_SPACE: "16", VLLM_CPU_NUM_OF_RESERVED_CPU: "1" } },
];

function config(c: Pick<Case, "type" | "chip" | "decode" | "images">, service: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): unknown {
    return {
        ...extra,
        services: [
            {
                name: "svc",
                model: { id: "Qwen/Qwen3-8B" },
                accelerator: { type: c.type, ...(c.chip ? { chip: c.chip } : {}) },
                decode: { replicas: 2, ...(c.decode ?? {}) },
                ...(c.images ? { images: c.images } : {}),
                ...service,
            },
        ],
    };
}

function modelServer(objects: K8sObject[]): K8sObject {
    return find(objects, "Deployment", "svc-decode");
}

describe("accelerator vendors: model-server pods", () => {
    for (const c of CASES) {
        describe(c.type, () => {
            const { objects } = render(config(c));
            const deploy = modelServer(objects);
            const pod = podSpec(deploy);
            const vllm = container(deploy);

            it("validates against the Kubernetes schema", () => {
                assertValidObjects(objects);
            });
            it(`runs the image llm-d pins for ${c.type}`, () => {
                assert.equal(vllm.image, c.image);
            });
            it("asks for the vendor's extended resource in requests and limits, and no other accelerator", () => {
                const accel = (r: Record<string, string>) => Object.keys(r).filter((k) => k !== "cpu" && k !== "memory");
                if (c.resource) {
                    assert.equal(vllm.resources.requests[c.resource[0]], c.resource[1]);
                    assert.equal(vllm.resources.limits[c.resource[0]], c.resource[1]);
                    assert.deepEqual(accel(vllm.resources.requests), [c.resource[0]]);
                } else {
                    assert.deepEqual(accel(vllm.resources.requests), []);
                    assert.deepEqual(accel(vllm.resources.limits), []);
                }
            });
            it("selects and tolerates the vendor's nodes", () => {
                for (const [k, v] of Object.entries(c.selector ?? {})) assert.equal(pod.nodeSelector?.[k], v);
                const keys = (pod.tolerations ?? []).map((t: { key?: string }) => t.key);
                assert.deepEqual(keys, c.toleration ? [c.toleration] : []);
            });
            it("sets the runtime's environment", () => {
                for (const [k, v] of Object.entries(c.env ?? {})) assert.equal(envValue(vllm, k)?.value, v, k);
            });
            it("carries nothing of another vendor anywhere in the pod", () => {
                const text = JSON.stringify(deploy);
                for (const [vendor, markers] of Object.entries(FOREIGN_MARKERS)) {
                    if (vendor === c.type) continue;
                    for (const m of markers) assert.ok(!text.includes(m), `${c.type} pod mentions ${vendor}'s ${m}`);
                }
            });
        });
    }

    it("gives Intel XPU pods the render group and the xe resource when overridden", () => {
        const { objects } = render(config({ type: "intel-xpu" }, { accelerator: { type: "intel-xpu", resourceName: "gpu.intel.com/xe" } }));
        const deploy = modelServer(objects);
        assert.deepEqual(podSpec(deploy).securityContext.supplementalGroups, [107]);
        assert.equal(container(deploy).resources.limits["gpu.intel.com/xe"], "1");
        assert.ok(!JSON.stringify(deploy).includes("i915"));
    });

    it("gives Gaudi 128-token KV blocks and CPU SYS_NICE, and sizes the CPU KV cache from memory", () => {
        const gaudi = render(config({ type: "intel-gaudi", images: { modelServer: GAUDI_IMAGE } }));
        assert.ok(container(modelServer(gaudi.objects)).args.includes("--block-size=128"));
        const cpu = render(config({ type: "cpu" }, { decode: { replicas: 1, resources: { cpu: "32", memory: "64Gi" } } }));
        const c = container(modelServer(cpu.objects));
        assert.deepEqual(c.securityContext.capabilities.add, ["SYS_NICE"]);
        assert.equal(envValue(c, "VLLM_CPU_KVCACHE_SPACE")?.value, "32");
        const shm = podSpec(modelServer(cpu.objects)).volumes.find((v: { name: string }) => v.name === "dshm");
        assert.equal(shm.emptyDir.sizeLimit, "4Gi");
    });

    it("rejects environment the device plugin owns", () => {
        assertConfigError(() => render(config({ type: "intel-gaudi", images: { modelServer: GAUDI_IMAGE } }, { decode: { env: { HABANA_VISIBLE_DEVICES: "all" } } })), "services[0].decode.env.HABANA_VISIBLE_DEVICES", /Habana device plugin/);
    });
});

describe("accelerator vendors: example configs", () => {
    it("amd-mi300x.yaml runs ROCm pods and installs the ROCm device plugin", () => {
        const { resolveConfig } = require("../../components/config/resolve") as typeof import("../../components/config/resolve");
        const { buildStack, allObjects } = require("../../components/manifests") as typeof import("../../components/manifests");
        const { spec } = resolveConfig(loadExample("amd-mi300x.yaml"));
        const built = buildStack(spec);
        const chart = built.charts.find((c) => c.name === "amd-gpu-device-plugin");
        assert.ok(chart, "device plugin chart missing");
        assert.equal(chart.chart, "amd-gpu");
        assert.equal(chart.repo, "https://rocm.github.io/k8s-device-plugin/");
        const deploy = allObjects(built).find((o) => o.kind === "Deployment" && o.metadata.name === "qwen-amd-decode")!;
        assert.equal(container(deploy).resources.limits["amd.com/gpu"], "2");
        assert.ok(!JSON.stringify(deploy).includes("nvidia"));
    });

    it("refuses the AMD device plugin when no service runs on AMD", () => {
        assertConfigError(() => render(config({ type: "nvidia" }, {}, { platform: { installAmdDevicePlugin: true } })), "platform.installAmdDevicePlugin");
    });

    it("cpu.yaml serves on CPU nodes without any extended resource", () => {
        const { objects } = render(loadExample("cpu.yaml"));
        const deploy = find(objects, "Deployment", "qwen-cpu-decode");
        assert.deepEqual(Object.keys(container(deploy).resources.limits).sort(), ["cpu", "memory"].filter((k) => k in container(deploy).resources.limits).sort());
        assert.equal(container(deploy).image, DEFAULT_RELEASE.images.render);
        assert.equal(podSpec(deploy).tolerations, undefined);
    });
});

describe("llmd size covers every vendor's chips", () => {
    const ids = ["amd-mi250", "amd-mi300x", "amd-mi325x", "amd-mi355x", "tpu-v5-lite-podslice", "tpu-v6e-slice", "tpu-v5p-slice", "intel-gaudi2", "intel-gaudi3"];
    it("lists them in --help", async () => {
        const out = await runSize(["--help"]);
        for (const id of ids) assert.match(out.stdout, new RegExp(`^  ${id} `, "m"), id);
    });
    it("sizes a model on each", async () => {
        for (const id of ids) {
            const out = await runSize(["--model", "meta-llama/Llama-3.1-8B-Instruct", "--accelerator", id, "--json"]);
            assert.equal(out.code, 0, `${id}: ${out.stderr}`);
            const json = JSON.parse(out.stdout);
            assert.ok(json.weightsGiB > 10 && json.tensorParallel >= 1, id);
        }
    });
});
