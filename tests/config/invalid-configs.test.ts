// Every invalid config is rejected before anything is built, with a message naming its field.
import assert from "node:assert/strict";
import { ConfigError } from "../../components/config/errors";
import { parseConfigText } from "../../components/config/load";
import { resolveConfig } from "../../components/config/resolve";
import { gpuConfig, simConfig } from "../support/fixtures";

interface Case {
    name: string;
    config: unknown;
    /** The field path the message must name. */
    field: string;
    /** Text the message must contain besides the field. */
    says?: RegExp;
}

const svc = (patch: Record<string, unknown>) => gpuConfig({}, patch);

const CASES: Case[] = [
    { name: "no services", config: {}, field: "services", says: /required/ },
    { name: "empty services", config: { services: [] }, field: "services", says: /at least 1/ },
    { name: "services not a list", config: { services: { name: "x" } }, field: "services", says: /array/ },
    { name: "service without model", config: { services: [{ name: "x" }] }, field: "services[0].model" },
    { name: "uppercase service name", config: svc({ name: "Llama" }), field: "services[0].name", says: /DNS(-1035)? label/ },
    { name: "service name too long", config: svc({ name: "a".repeat(41) }), field: "services[0].name", says: /at most 40/ },
    { name: "service name with underscore", config: svc({ name: "my_model" }), field: "services[0].name" },
    { name: "duplicate service names", config: { services: [gpuConfig().services, gpuConfig().services].flat() }, field: "services[1].name", says: /services\[0\]/ },
    { name: "unknown top-level field", config: { ...gpuConfig(), replicas: 3 }, field: "replicas", says: /known field/ },
    { name: "unknown service field", config: svc({ gpus: 8 }), field: "services[0].gpus" },
    { name: "unknown path", config: svc({ path: "fast-mode" }), field: "services[0].path", says: /inference-scheduling/ },
    { name: "unknown accelerator type", config: svc({ accelerator: { type: "quantum" } }), field: "services[0].accelerator.type", says: /nvidia/ },
    { name: "unknown chip", config: svc({ accelerator: { type: "nvidia", chip: "nvidia-z9000" } }), field: "services[0].accelerator.chip", says: /catalog/ },
    { name: "chip of another vendor", config: svc({ accelerator: { type: "nvidia", chip: "tpu-v6e-slice" } }), field: "services[0].accelerator.chip", says: /nvidia chip/ },
    { name: "negative replicas", config: svc({ decode: { replicas: -1 } }), field: "services[0].decode.replicas", says: /at least 0/ },
    { name: "fractional replicas", config: svc({ decode: { replicas: 1.5 } }), field: "services[0].decode.replicas" },
    { name: "replicas as a string", config: svc({ decode: { replicas: "2" } }), field: "services[0].decode.replicas", says: /number/ },
    { name: "tensor parallel 0", config: svc({ decode: { tensorParallel: 0 } }), field: "services[0].decode.tensorParallel" },
    { name: "16 GPUs in one pod", config: svc({ decode: { tensorParallel: 16 } }), field: "services[0].decode.tensorParallel", says: /<= 8/ },
    { name: "gpu memory utilization above 1", config: svc({ decode: { gpuMemoryUtilization: 1.5 } }), field: "services[0].decode.gpuMemoryUtilization" },
    { name: "max model len below block size", config: svc({ decode: { maxModelLen: 16, tensorParallel: 1 }, prefixCache: { blockSize: 32 } }), field: "services[0].decode.maxModelLen" },
    { name: "managed vLLM flag in extraArgs", config: svc({ decode: { extraArgs: ["--tensor-parallel-size=4"] } }), field: "services[0].decode.extraArgs[0]", says: /tensorParallel/ },
    { name: "block size in extraArgs", config: svc({ decode: { extraArgs: ["--block-size=32"] } }), field: "services[0].decode.extraArgs[0]", says: /prefixCache\.blockSize/ },
    { name: "PYTHONHASHSEED in env", config: svc({ decode: { env: { PYTHONHASHSEED: "1" } } }), field: "services[0].decode.env.PYTHONHASHSEED", says: /hashSeed/ },
    { name: "bad env name", config: svc({ decode: { env: { "1BAD": "x" } } }), field: "services[0].decode.env.1BAD" },
    { name: "bad memory quantity", config: svc({ decode: { resources: { memory: "lots" } } }), field: "services[0].decode.resources.memory", says: /quantity/ },
    { name: "prefill on inference-scheduling", config: svc({ prefill: { replicas: 1 } }), field: "services[0].prefill", says: /pd-disaggregation/ },
    { name: "simulator settings on GPUs", config: svc({ simulator: { mode: "echo" } }), field: "services[0].simulator", says: /simulated/ },
    { name: "bad simulator mode", config: simConfig({}, { simulator: { mode: "loud" } }), field: "services[0].simulator.mode" },
    { name: "hash seed not a number", config: svc({ prefixCache: { hashSeed: "abc" } }), field: "services[0].prefixCache.hashSeed", says: /PYTHONHASHSEED/ },
    { name: "block size 0", config: svc({ prefixCache: { blockSize: 0 } }), field: "services[0].prefixCache.blockSize" },
    { name: "unknown gateway provider", config: { ...gpuConfig(), gateway: { provider: "nginx" } }, field: "gateway.provider", says: /istio/ },
    { name: "gateway port out of range", config: { ...gpuConfig(), gateway: { port: 70000 } }, field: "gateway.port", says: /at most 65535/ },
    { name: "namespace with dots", config: { ...gpuConfig(), namespace: "llm.d" }, field: "namespace" },
    { name: "namespace too long", config: { ...gpuConfig(), namespace: "n".repeat(64) }, field: "namespace" },
    { name: "managed scheduler flag", config: svc({ scheduler: { extraArgs: ["--pool-name=x"] } }), field: "services[0].scheduler.extraArgs[0]" },
    { name: "scheduler flag not a flag", config: svc({ scheduler: { extraArgs: ["rm -rf /"] } }), field: "services[0].scheduler.extraArgs[0]" },
    { name: "scheduler replicas 0", config: svc({ scheduler: { replicas: 0 } }), field: "services[0].scheduler.replicas" },
    { name: "negative scorer weight", config: svc({ scheduler: { scorerWeights: { "queue-scorer": -1 } } }), field: "services[0].scheduler.scorerWeights.queue-scorer" },
    { name: "bad toleration effect", config: svc({ accelerator: { type: "nvidia", tolerations: [{ key: "a", effect: "Sometimes" }] } }), field: "services[0].accelerator.tolerations[0].effect" },
    { name: "bad node selector value", config: svc({ accelerator: { type: "nvidia", nodeSelector: { pool: "a b" } } }), field: "services[0].accelerator.nodeSelector.pool" },
    { name: "duplicate objective names", config: svc({ inferenceObjectives: [{ name: "gold", priority: 1 }, { name: "gold", priority: 2 }] }), field: "services[0].inferenceObjectives[1].name" },
    {
        name: "one objective name in two services",
        config: { services: [{ ...(gpuConfig().services as object[])[0], inferenceObjectives: [{ name: "gold", priority: 1 }] }, { ...(gpuConfig().services as object[])[0], name: "other", model: { id: "Qwen/Qwen3-8B" }, inferenceObjectives: [{ name: "gold", priority: 2 }] }] },
        field: "services[1].inferenceObjectives[0].name",
        says: /services\[0\]/,
    },
    { name: "model id with spaces", config: svc({ model: { id: "my model" } }), field: "services[0].model.id", says: /Hugging Face/ },
    { name: "createNamespace as a string", config: { ...gpuConfig(), createNamespace: "yes" }, field: "createNamespace", says: /boolean/ },
    { name: "TPU chips not one host", config: { services: [{ name: "t", model: { id: "google/gemma-3-4b-it" }, accelerator: { type: "tpu", chip: "tpu-v6e-slice" }, decode: { tensorParallel: 2 } }] }, field: "services[0].decode.tensorParallel", says: /1, 4 or 8/ },
    { name: "token file with createSecret false", config: { ...gpuConfig(), huggingFace: { tokenFile: "/x", createSecret: false } }, field: "huggingFace.tokenFile" },
];

function messageOf(config: unknown): string {
    try {
        resolveConfig(config);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        return e.message;
    }
    assert.fail("config was accepted");
}

describe("config validation rejects invalid configs naming the field", () => {
    it(`has at least 30 cases (${CASES.length})`, () => assert.ok(CASES.length >= 30));
    for (const c of CASES) {
        it(c.name, () => {
            const msg = messageOf(c.config);
            assert.ok(msg.includes(`${c.field}:`), `message does not name ${c.field}:\n${msg}`);
            if (c.says) assert.match(msg, c.says);
            assert.match(msg, /got .*; expected /);
        });
    }

    it("reports several problems at once", () => {
        const msg = messageOf(svc({ name: "Bad_Name", decode: { replicas: -2, tensorParallel: 0 } }));
        assert.match(msg, /3 problems/);
        for (const f of ["services[0].name", "services[0].decode.replicas", "services[0].decode.tensorParallel"]) assert.ok(msg.includes(f), f);
    });

    it("rejects malformed YAML with its line and column", () => {
        assert.throws(() => parseConfigText("services:\n  - name: x\n   model: {", "bad.yaml"), (e: unknown) => e instanceof ConfigError && /line \d+, column \d+/.test(e.message));
    });

    it("rejects a token in the config file without echoing it", () => {
        assert.throws(
            () => parseConfigText("hfToken: hf_secret_value\nservices: []\n", "t.yaml"),
            (e: unknown) => e instanceof ConfigError && /HF_TOKEN/.test(e.message) && !e.message.includes("hf_secret_value"),
        );
    });

    it("accepts the minimal simulated config and fills defaults", () => {
        const { spec } = resolveConfig(simConfig());
        assert.equal(spec.namespace, "llm-d");
        assert.equal(spec.gateway.name, "llm-d-inference-gateway");
        assert.equal(spec.services[0].path, "inference-scheduling");
        assert.equal(spec.services[0].prefixCache.blockSize, 16);
        assert.equal(spec.services[0].decode.acceleratorsPerPod, 0);
    });

    it("derives GPU resources from parallelism (llm-d's 2-GPU values: 8 CPU, 96Gi)", () => {
        const { spec } = resolveConfig(gpuConfig());
        const d = spec.services[0].decode;
        assert.equal(d.acceleratorsPerPod, 2);
        assert.deepEqual(d.resources, { cpu: "8", memory: "96Gi", cpuLimit: "16", memoryLimit: "128Gi" });
        assert.equal(spec.services[0].accelerator.resourceName, "nvidia.com/gpu");
    });
});
