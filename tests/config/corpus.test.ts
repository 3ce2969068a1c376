// A corpus of 200+ invalid configs, each rejected by `llmd plan` (in-process) before any
// resource: exit code 2, a message that names the field, and no stack trace. Most cases are
// generated from a table of field mutations over valid configs; the rest are hand-written
// (contradictory options, malformed YAML, huge values, unicode and injection-shaped names).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../provider/cli";

interface Case {
    name: string;
    /** A config object (written as JSON, which is YAML) or raw file text. */
    config?: unknown;
    text?: string;
    /** Text the message must contain: the field path (or the YAML position). */
    field: string;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const DELETE = Symbol("delete");

/** Sets `a.b[0].c` in a copy of obj (creating objects on the way). */
function setPath(obj: unknown, dotted: string, value: unknown): unknown {
    const out = clone(obj) as Record<string, any>;
    const keys = dotted.match(/[^.[\]]+/g)!.map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    let cur: any = out;
    keys.slice(0, -1).forEach((k, i) => {
        if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== "object") cur[k] = typeof keys[i + 1] === "number" ? [] : {};
        cur = cur[k];
    });
    const last = keys[keys.length - 1];
    if (value === DELETE) delete cur[last];
    else cur[last] = value;
    return out;
}

const GPU = { services: [{ name: "llama", model: { id: "meta-llama/Llama-3.1-8B-Instruct" }, accelerator: { type: "nvidia", chip: "nvidia-h100-80gb" }, decode: { replicas: 2, tensorParallel: 1 } }] };
const SIM = { services: [{ name: "sim", model: { id: "Qwen/Qwen3-0.6B" }, accelerator: { type: "simulated" } }] };
const PD = {
    services: [
        {
            name: "pd",
            path: "pd-disaggregation",
            model: { id: "openai/gpt-oss-120b" },
            accelerator: { type: "nvidia", chip: "nvidia-h100-80gb", network: "rdma-roce" },
            decode: { replicas: 1, tensorParallel: 4 },
            prefill: { replicas: 2, tensorParallel: 1 },
        },
    ],
};

const LONG = "x".repeat(10_000);
const INJECTIONS = ["a;rm -rf /", "$(id)", "`id`", "a\nb", "../../etc", "a b", "<script>", "a\u0000b", "模型", "ünïcode", "${HOME}", "a|b"];

/** Field -> bad values, applied to a base config; the message must name the field. */
const MUTATIONS: [base: unknown, field: string, values: unknown[]][] = [
    [GPU, "namespace", [123, "", "UPPER", "a_b", "n".repeat(64), "-ns", "ns-", null, true, ["a"], ...INJECTIONS]],
    [GPU, "createNamespace", ["yes", 1]],
    [GPU, "gateway.provider", ["nginx", 1, ""]],
    [GPU, "gateway.name", ["GW", "gw name", "g".repeat(64), "../etc", 7]],
    [GPU, "gateway.port", [0, 70000, -1, 80.5, "80", 1e12]],
    [GPU, "gateway.create", ["true"]],
    [GPU, "gateway", ["istio", []]],
    [GPU, "platform.installGatewayApiCrds", ["no"]],
    [GPU, "huggingFace.tokenSecretName", ["Bad_Name", "", "x".repeat(254), "a b"]],
    [GPU, "huggingFace.createSecret", ["false"]],
    [GPU, "security.networkPolicies", ["off", 0]],
    [GPU, "observability.monitors", ["yes"]],
    [GPU, "observability.dashboards", [1]],
    [GPU, "observability.scraperNamespaces", [[], ["Mon"], "monitoring", ["a".repeat(64)]]],
    [GPU, "services", [[], {}, "x", null, 5]],
    [GPU, "services[0].name", ["", "Llama", "1model", "my_model", "a".repeat(41), "-x", "x-", 42, null, ...INJECTIONS]],
    [GPU, "services[0].path", ["fast", 3, "wide_ep"]],
    [GPU, "services[0].model", ["x", null]],
    [GPU, "services[0].model.id", ["", "a b", "/abs", "org/name/extra", "../../etc/passwd", "x".repeat(201), 5, "org/na me", "`id`", "模型/x"]],
    [GPU, "services[0].model.servedName", ["", "a b", "x".repeat(201), "模型", "tab\t", "nl\n", 3]],
    [GPU, "services[0].model.trustRemoteCode", ["yes"]],
    [GPU, "services[0].model.cacheSize", ["lots", "-5Gi", "10 Gi", 100]],
    [GPU, "services[0].model.loraAdapters", ["x", [{}], [{ name: "a" }], Array.from({ length: 51 }, (_, i) => ({ name: `a${i}`, source: `org/a${i}` }))]],
    [GPU, "services[0].model.loraAdapters[0].name", ["a b", "", "模型"]],
    [GPU, "services[0].model.loraAdapters[0].source", ["rel/ative/path", "", "a b", "org/x;rm"]],
    [GPU, "services[0].model.maxLoraRank", [7, 1024, "16"]],
    [GPU, "services[0].accelerator.type", ["quantum", 1]],
    [GPU, "services[0].accelerator.chip", ["nvidia-z9000", "", "x".repeat(65)]],
    [GPU, "services[0].accelerator.network", ["wifi"]],
    [GPU, "services[0].accelerator.nodeSelector", ["x", { k: 1 }]],
    [GPU, "services[0].accelerator.nodeSelector.k", ["v v", "x".repeat(64)]],
    [GPU, "services[0].accelerator.tolerations", ["x"]],
    [GPU, "services[0].accelerator.tolerations[0].effect", ["Sometimes"]],
    [GPU, "services[0].accelerator.tolerations[0].operator", ["Maybe"]],
    [GPU, "services[0].decode.replicas", [-1, 1.5, "2", 1001, 1e15, null, true]],
    [GPU, "services[0].decode.tensorParallel", [0, 16, 65, "2", 3.5]],
    [GPU, "services[0].decode.dataParallel", [0, 65]],
    [GPU, "services[0].decode.gpuMemoryUtilization", [0, 1.5, -0.1, "0.9"]],
    [GPU, "services[0].decode.maxModelLen", [0, 15, 1e8, "4096"]],
    [GPU, "services[0].decode.resources.cpu", ["lots", "1 core", -1]],
    [GPU, "services[0].decode.resources.memory", ["96 GiB", ""]],
    [GPU, "services[0].decode.resources.memoryLimit", ["1Zi"]],
    [GPU, "services[0].decode.resources.gpu", [1]],
    [GPU, "services[0].decode.extraArgs", ["--x", Array.from({ length: 201 }, () => "--a")]],
    [GPU, "services[0].decode.extraArgs[0]", ["", "--tensor-parallel-size=4", "--port=9000", "--block-size=32", "--lora-modules", "--served-model-name=x", "x".repeat(4097)]],
    [GPU, "services[0].decode.env.PYTHONHASHSEED", ["1"]],
    [GPU, "services[0].decode.env.HF_TOKEN", ["x"]],
    [GPU, "services[0].decode.env.A", [1]],
    [GPU, "services[0].decode.networkResources", [{ "rdma/ib": 1 }]],
    [GPU, "services[0].decode.unknownField", [1]],
    [GPU, "services[0].prefill", [{ replicas: 1 }]],
    [GPU, "services[0].prefixCache.blockSize", [0, 2048, "16"]],
    [GPU, "services[0].prefixCache.hashSeed", ["abc", 42, "-1", ""]],
    [GPU, "services[0].scheduler.replicas", [0, 11, "2"]],
    [GPU, "services[0].scheduler.verbosity", [-1, 11]],
    [GPU, "services[0].scheduler.scorerWeights.queue-scorer", [-1, 1001]],
    [GPU, "services[0].scheduler.extraArgs[0]", ["rm -rf /", "--pool-name=x", "--config-file=/etc/passwd", "-v=5"]],
    [GPU, "services[0].scheduler.pdThreshold", [10]],
    [GPU, "services[0].scheduler.pluginParameters.p", ["x"]],
    [GPU, "services[0].scheduler.resources.memory", ["x"]],
    [GPU, "services[0].offload", [{ cpuSize: "1Gi" }]],
    [GPU, "services[0].simulator", [{ mode: "echo" }]],
    [GPU, "services[0].inferenceObjectives[0].name", ["Bad", "", "a".repeat(64)]],
    [GPU, "services[0].inferenceObjectives[0].priority", [1.5, 2e6, "1"]],
    [GPU, "services[0].images.modelServer", ["", "x".repeat(513), 5]],
    [GPU, "replicas", [3]],
    [GPU, "existing.kubeconfigPath", ["", 5]],
    [SIM, "services[0].simulator.mode", ["loud"]],
    [SIM, "services[0].simulator.timeToFirstTokenMs", [-1, 1e9]],
    [PD, "services[0].prefill.replicas", [-2]],
    [PD, "services[0].accelerator.network", ["none"]],
    [PD, "services[0].prefill", [DELETE]],
    [PD, "services[0].decode.networkResources.bad key!", [1]],
    [PD, "services[0].decode.networkResources.rdma/ib", [0, 65]],
];

const HAND: Case[] = [
    // contradictory options
    { name: "duplicate service names", config: { services: [GPU.services[0], GPU.services[0]] }, field: "services[1].name" },
    { name: "two services serve the same model name", config: { services: [{ ...GPU.services[0], model: { id: "a/b", servedName: "m" } }, { ...SIM.services[0], model: { id: "c/d", servedName: "m" } }] }, field: "services[1].model.servedName" },
    {
        name: "an adapter shadows another service's model",
        config: { services: [{ ...GPU.services[0], model: { id: "a/b", loraAdapters: [{ name: "Qwen/Qwen3-0.6B", source: "org/x" }] } }, SIM.services[0]] },
        field: "services[0].model.loraAdapters[0].name",
    },
    { name: "maxLoraRank without adapters", config: setPath(GPU, "services[0].model.maxLoraRank", 16), field: "services[0].model.maxLoraRank" },
    { name: "TPU with three chips", config: { services: [{ name: "t", model: { id: "a/b" }, accelerator: { type: "tpu", chip: "tpu-v6e-slice" }, decode: { tensorParallel: 3 } }] }, field: "services[0].decode.tensorParallel" },
    { name: "chip of another vendor", config: setPath(GPU, "services[0].accelerator.chip", "tpu-v6e-slice"), field: "services[0].accelerator.chip" },
    { name: "token file with an existing Secret", config: { ...GPU, huggingFace: { tokenFile: "/tmp/t", createSecret: false } }, field: "huggingFace.tokenFile" },
    { name: "tiered offload below 1Gi", config: setPath(setPath(GPU, "services[0].path", "tiered-prefix-cache"), "services[0].offload.cpuSize", "512Mi"), field: "services[0].offload.cpuSize" },
    { name: "P/D over no network", config: setPath(PD, "services[0].accelerator.network", DELETE), field: "services[0].accelerator.network" },
    { name: "secret key in the file", config: { ...GPU, hfToken: "hf_x" }, field: "hfToken" },
    { name: "kubeconfig in the file", config: { ...GPU, kubeconfig: "apiVersion: v1" }, field: "kubeconfig" },
    // huge values
    { name: "5001 services", config: { services: Array.from({ length: 5001 }, (_, i) => ({ name: `s${i}`, model: { id: "a/b", servedName: `m${i}` }, accelerator: { type: "simulated" } })) }, field: "services" },
    { name: "a 10k-character service name", config: setPath(GPU, "services[0].name", LONG), field: "services[0].name" },
    { name: "a 10k-character namespace", config: { ...GPU, namespace: LONG }, field: "namespace" },
    { name: "1e308 replicas", config: setPath(GPU, "services[0].decode.replicas", 1e308), field: "services[0].decode.replicas" },
    // malformed YAML and wrong document shapes
    { name: "unclosed flow sequence", text: "services: [\n", field: "line" },
    { name: "mapping in a scalar", text: "a: b: c\n", field: "line" },
    { name: "tab indentation", text: "services:\n\t- name: a\n", field: "line" },
    { name: "bad indentation", text: "services:\n  - name: a\n   model: x\n", field: "line" },
    { name: "duplicate keys", text: "namespace: a\nnamespace: b\nservices: []\n", field: "line" },
    { name: "unclosed brace", text: "{\n", field: "line" },
    { name: "unterminated string", text: 'namespace: "abc\n', field: "line" },
    { name: "empty file", text: "", field: "(config)" },
    { name: "null document", text: "null\n", field: "(config)" },
    { name: "a list, not a mapping", text: "- just\n- a list\n", field: "(config)" },
    { name: "a number", text: "42\n", field: "(config)" },
    { name: "alias bomb", text: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n", field: "(yaml aliases)" },
    { name: "undefined alias", text: "services: *nowhere\n", field: "(yaml aliases)" },
];

function cases(): Case[] {
    const out: Case[] = [];
    for (const [base, field, values] of MUTATIONS) {
        values.forEach((v, i) => {
            const shown = v === DELETE ? "removed" : JSON.stringify(v)?.slice(0, 30);
            out.push({ name: `${field} = ${shown} (#${i})`, config: setPath(base, field, v), field: field.replace(/\[(\d+)\]$/, "[$1]") });
        });
    }
    return [...out, ...HAND];
}

describe("the invalid-config corpus", () => {
    const all = cases();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llmd-corpus-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("has at least 200 cases", () => assert.ok(all.length >= 200, String(all.length)));

    all.forEach((c, i) => {
        it(`rejects ${c.name}`, async () => {
            const file = path.join(dir, `c${i}.yaml`);
            fs.writeFileSync(file, c.text ?? JSON.stringify(c.config));
            const r = await main(["plan", "-c", file]);
            assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr || r.stdout.slice(0, 300)}`);
            assert.equal(r.stdout, "");
            assert.ok(r.stderr.includes(c.field), `message does not name ${c.field}:\n${r.stderr}`);
            assert.match(r.stderr, /Nothing was created\./);
            assert.ok(!/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr), `stack trace:\n${r.stderr}`);
            assert.ok(r.stderr.length < 20_000, "message is bounded");
        });
    });
});
