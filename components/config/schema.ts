// The zod schema of the stack config (the shape of ./types.ts), used to validate config files
// and component args and to export the JSON Schema (`llmd schema`).
import { z } from "zod";
import docs from "./docs.json";
import { eksSchema, gkeSchema, oneClusterTarget } from "./infra-schema";
import { AcceleratorNetwork, AcceleratorType, AutoscalingAdapter, LlmdReleaseName, AutoscalingMetric, GatewayProvider, KvStorageFileSystem, MoeBackend, OffloadConnector, SimulatorMode, StackConfig, WellLitPath } from "./types";

/** DNS-1123 label: what Kubernetes accepts as a Service or Namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes resource quantity (e.g. 500m, 8, 96Gi, 1.5G). */
export const QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|Ki|Mi|Gi|Ti|Pi|M|G|T|P|[eE][0-9]+)?$/;
/** Environment variable name as Kubernetes accepts it (C identifier plus . and -). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** A Hugging Face repository id (`org/name`) or a bare local name. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
/** Label key (optional DNS prefix + name) and label value. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** DNS-1035 label: what Kubernetes accepts as a Service name (starts with a letter). Model-service names prefix Service names. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A name clients send in the OpenAI `model` field: printable ASCII without spaces (it becomes an HTTP header value). */
const SERVED_NAME = /^[\x21-\x7e]+$/;
/** Where a LoRA adapter loads from: a Hugging Face repository id or an absolute path. */
const LORA_SOURCE = /^(\/[A-Za-z0-9._\/-]+|[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?)$/;

/** DNS-1123 subdomain: StorageClass and PersistentVolumeClaim names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const dnsLabel = (max: number) =>
    z.string().min(1).max(max).regex(DNS_LABEL, { message: "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit" });
const quantity = z.string().regex(QUANTITY, { message: "a Kubernetes quantity such as 500m, 8, 16Gi" });
const int = (min: number, max: number) => z.number().int().min(min).max(max);

const resources = z.strictObject({
    cpu: quantity.optional(),
    memory: quantity.optional(),
    cpuLimit: quantity.optional(),
    memoryLimit: quantity.optional(),
});

const toleration = z.strictObject({
    key: z.string().max(316).optional(),
    operator: z.string().regex(/^(Exists|Equal)$/, { message: "Exists or Equal" }).optional(),
    value: z.string().max(63).optional(),
    effect: z.string().regex(/^(NoSchedule|PreferNoSchedule|NoExecute)$/, { message: "NoSchedule, PreferNoSchedule or NoExecute" }).optional(),
});

const labels = z.record(z.string().max(316).regex(LABEL_KEY, { message: "a label key" }), z.string().max(63).regex(LABEL_VALUE, { message: "a label value" }));

const role = z.strictObject({
    replicas: int(0, 1000).optional(),
    tensorParallel: int(1, 64).optional(),
    dataParallel: int(1, 64).optional(),
    gpuMemoryUtilization: z.number().gt(0).max(1).optional(),
    maxModelLen: int(16, 10_000_000).optional(),
    resources: resources.optional(),
    extraArgs: z.array(z.string().min(1).max(4096)).max(200).optional(),
    env: z.record(z.string().max(256).regex(ENV_NAME, { message: "an environment variable name" }), z.string().max(32768)).optional(),
    networkResources: z.record(z.string().max(253).regex(LABEL_KEY, { message: "an extended resource name such as rdma/ib" }), int(1, 64)).optional(),
    groupSize: int(1, 64).optional(),
});

const service = z.strictObject({
    name: z.string().min(1).max(40).regex(DNS_1035_LABEL, { message: "a DNS label that starts with a letter (DNS-1035: it prefixes Service names): lowercase letters, digits and '-', ending with a letter or digit" }),
    path: z.enum(WellLitPath).optional(),
    model: z.strictObject({
        id: z.string().min(1).max(200).regex(MODEL_ID, { message: "a Hugging Face repository id such as Qwen/Qwen3-32B" }),
        servedName: z.string().min(1).max(200).regex(SERVED_NAME, { message: "a name of printable ASCII characters without whitespace" }).optional(),
        trustRemoteCode: z.boolean().optional(),
        cacheSize: quantity.optional(),
        loraAdapters: z
            .array(
                z.strictObject({
                    name: z.string().min(1).max(200).regex(SERVED_NAME, { message: "a name of printable ASCII characters without whitespace" }),
                    source: z.string().min(1).max(1024).regex(LORA_SOURCE, { message: "a Hugging Face repository id such as org/adapter, or an absolute path" }),
                }),
            )
            .max(50)
            .optional(),
        // vLLM's LoRAConfig accepts only these ranks (vllm/config/lora.py possible_max_ranks).
        maxLoraRank: int(1, 512).refine((v) => [8, 16, 32, 64, 128, 256, 320, 512].includes(v), { message: "one of 8, 16, 32, 64, 128, 256, 320, 512" }).optional(),
    }),
    accelerator: z
        .strictObject({
            type: z.enum(AcceleratorType).optional(),
            chip: z.string().min(1).max(64).optional(),
            nodeSelector: labels.optional(),
            tolerations: z.array(toleration).max(50).optional(),
            network: z.enum(AcceleratorNetwork).optional(),
            tpuTopology: z.string().max(20).regex(/^[1-9][0-9]*(x[1-9][0-9]*){1,2}$/, { message: "a TPU topology such as 2x4 or 2x2x2" }).optional(),
            resourceName: z.string().max(253).regex(LABEL_KEY, { message: "an extended resource name such as gpu.intel.com/xe" }).optional(),
            nodePool: z.string().min(1).max(30).optional(),
        })
        .optional(),
    decode: role.optional(),
    prefill: role.optional(),
    prefixCache: z
        .strictObject({
            blockSize: int(1, 1024).optional(),
            hashSeed: z.string().min(1).max(64).regex(/^[0-9]+$/, { message: "a decimal integer string (PYTHONHASHSEED)" }).optional(),
        })
        .optional(),
    scheduler: z
        .strictObject({
            replicas: int(1, 10).optional(),
            verbosity: int(0, 10).optional(),
            scorerWeights: z.record(z.string().min(1).max(100), z.number().min(0).max(1000)).optional(),
            resources: resources.optional(),
            extraArgs: z.array(z.string().regex(/^--?[A-Za-z0-9][-A-Za-z0-9_.]*(=.*)?$/, { message: "a flag such as --name=value" })).max(100).optional(),
            pdThreshold: int(0, 10_000_000).optional(),
            pluginParameters: z.record(z.string().min(1).max(100), z.record(z.string(), z.any())).optional(),
        })
        .optional(),
    offload: z
        .strictObject({
            connector: z.enum(OffloadConnector).optional(),
            cpuSize: quantity.optional(),
            storage: z
                .strictObject({
                    fileSystem: z.enum(KvStorageFileSystem).optional(),
                    storageClassName: z.string().max(253).regex(DNS_SUBDOMAIN, { message: "a StorageClass name (DNS subdomain)" }).optional(),
                    claimName: z.string().max(253).regex(DNS_SUBDOMAIN, { message: "a PersistentVolumeClaim name (DNS subdomain)" }).optional(),
                    size: quantity.optional(),
                    throughput: z.number().refine((v) => [125, 250, 500, 1000].includes(v), { message: "125, 250, 500 or 1000 (MB/s per TiB)" }).optional(),
                    filestoreTier: z.string().refine((v) => ["basic_hdd", "basic_ssd", "zonal", "enterprise"].includes(v), { message: "basic_hdd, basic_ssd, zonal or enterprise" }).optional(),
                    mountPath: z.string().max(256).regex(/^\/[A-Za-z0-9._\/-]*$/, { message: "an absolute path such as /mnt/files-storage" }).optional(),
                    threads: int(1, 256).optional(),
                })
                .optional(),
            peerToPeer: z.strictObject({ minCachedTokenDelta: int(0, 10_000_000).optional() }).optional(),
        })
        .optional(),
    wideEp: z
        .strictObject({
            eplb: z.boolean().optional(),
            redundantExperts: int(0, 1024).optional(),
            topologyKey: z.string().max(316).regex(LABEL_KEY, { message: "a node label key such as cloud.google.com/gce-topology-block" }).optional(),
            requireSameTopology: z.boolean().optional(),
            moeBackend: z.enum(MoeBackend).optional(),
            dualBatchOverlap: z
                .strictObject({
                    decode: z.boolean().optional(),
                    prefill: z.boolean().optional(),
                    decodeTokenThreshold: int(1, 65_536).optional(),
                    prefillTokenThreshold: int(1, 1_048_576).optional(),
                })
                .optional(),
            decodeMaxNumBatchedTokens: int(1, 1_048_576).optional(),
            decodeMaxNumSeqs: int(1, 65_536).optional(),
            asyncScheduling: z.boolean().optional(),
            moeDpChunkSize: int(1, 65_536).optional(),
        })
        .optional(),
    simulator: z
        .strictObject({
            mode: z.enum(SimulatorMode).optional(),
            timeToFirstTokenMs: int(0, 600_000).optional(),
            interTokenLatencyMs: int(0, 60_000).optional(),
        })
        .optional(),
    inferenceObjectives: z
        .array(z.strictObject({ name: dnsLabel(63), priority: int(-1_000_000, 1_000_000) }))
        .max(100)
        .optional(),
    images: z
        .strictObject({
            modelServer: z.string().min(1).max(512).optional(),
            scheduler: z.string().min(1).max(512).optional(),
            routingSidecar: z.string().min(1).max(512).optional(),
        })
        .optional(),
    autoscaling: z
        .strictObject({
            enabled: z.boolean().optional(),
            minReplicas: int(0, 1000).optional(),
            maxReplicas: int(1, 1000).optional(),
            maxAccelerators: int(1, 100_000).optional(),
            metric: z.enum(AutoscalingMetric).optional(),
            adapter: z.enum(AutoscalingAdapter).optional(),
            target: z.number().gt(0).max(1_000_000).optional(),
            runningRequestsTarget: z.number().min(0).max(1_000_000).optional(),
            prometheusUrl: z.string().max(2048).regex(/^https?:\/\/[^\s]+$/, { message: "an http(s) URL such as http://prometheus.monitoring.svc:9090" }).optional(),
            scaleUpStabilizationSeconds: int(0, 3600).optional(),
            scaleDownStabilizationSeconds: int(0, 3600).optional(),
        })
        .optional(),
    rollout: z.strictObject({ wait: z.boolean().optional(), podStartMinutes: int(1, 24 * 60).optional() }).optional(),
});

export const stackConfigSchema = z.strictObject({
    release: z.enum(LlmdReleaseName).optional(),
    namespace: dnsLabel(63).optional(),
    createNamespace: z.boolean().optional(),
    existing: z
        .strictObject({
            kubeconfigPath: z.string().min(1).max(4096).optional(),
            context: z.string().min(1).max(253).optional(),
        })
        .optional(),
    gke: gkeSchema.optional(),
    eks: eksSchema.optional(),
    gateway: z
        .strictObject({
            provider: z.enum(GatewayProvider).optional(),
            name: dnsLabel(63).optional(),
            create: z.boolean().optional(),
            port: int(1, 65535).optional(),
            waitForAddress: z.boolean().optional(),
        })
        .optional(),
    platform: z
        .strictObject({
            installGatewayApiCrds: z.boolean().optional(),
            installInferenceExtensionCrds: z.boolean().optional(),
            installRouterCrds: z.boolean().optional(),
            retainCrdsOnDestroy: z.boolean().optional(),
            installGatewayControlPlane: z.boolean().optional(),
            installLeaderWorkerSet: z.boolean().optional(),
            installAmdDevicePlugin: z.boolean().optional(),
            installWorkloadVariantAutoscaler: z.boolean().optional(),
        })
        .optional(),
    cluster: z
        .strictObject({
            gatewayApiCrds: z.boolean().optional(),
            inferencePoolCrd: z.boolean().optional(),
            llmdRouterCrds: z.boolean().optional(),
            prometheusOperator: z.boolean().optional(),
            gkeManagedPrometheus: z.boolean().optional(),
            keda: z.boolean().optional(),
            leaderWorkerSet: z.boolean().optional(),
            nvidiaDraDriver: z.boolean().optional(),
            workloadVariantAutoscaler: z.boolean().optional(),
            namespaces: z.array(dnsLabel(63)).max(50).optional(),
            adoptExistingObjects: z.boolean().optional(),
        })
        .optional(),
    huggingFace: z
        .strictObject({
            tokenSecretName: z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: "a DNS subdomain name" }).optional(),
            createSecret: z.boolean().optional(),
            tokenFile: z.string().min(1).max(4096).optional(),
        })
        .optional(),
    security: z.strictObject({ networkPolicies: z.boolean().optional() }).optional(),
    observability: z
        .strictObject({
            monitors: z.boolean().optional(),
            dashboards: z.boolean().optional(),
            scraperNamespaces: z.array(dnsLabel(63)).min(1).max(20).optional(),
        })
        .optional(),
    wva: z
        .strictObject({
            prometheusUrl: z.string().min(1).max(2048).optional(),
            prometheusCaSecret: dnsLabel(253).optional(),
            prometheusServiceAccount: z.string().min(3).max(317).optional(),
        })
        .optional(),
    services: z.array(service).min(1).max(5000),
}).superRefine(oneClusterTarget);

export type StackConfigInput = z.input<typeof stackConfigSchema>;

// Compile-time check that the documented interfaces (types.ts) and the schema describe the same
// shape: each must be assignable to the other.
export function _shapeCheck(a: StackConfig, b: StackConfigInput): [StackConfigInput, StackConfig] {
    return [a, b];
}

/** The JSON Schema of the config file (`llmd schema`). */
/** Doc overlay in the JSON Schema's shape (scripts/config-docs.mjs, from the interfaces' doc comments). */
interface DocNode {
    description?: string;
    default?: unknown;
    properties?: Record<string, DocNode>;
    items?: DocNode;
    additionalProperties?: DocNode;
}

/** Adds each field's description and stated default to a JSON Schema node and below. */
function withDocs(schema: unknown, doc: DocNode | undefined): void {
    if (!doc || !schema || typeof schema !== "object") return;
    const s = schema as Record<string, unknown>;
    if (doc.description && s.description === undefined) s.description = doc.description;
    if ("default" in doc && s.default === undefined) s.default = doc.default;
    const props = s.properties as Record<string, unknown> | undefined;
    if (props && doc.properties) for (const [k, sub] of Object.entries(props)) withDocs(sub, doc.properties[k]);
    if (s.items) withDocs(s.items, doc.items);
    if (s.additionalProperties && typeof s.additionalProperties === "object") withDocs(s.additionalProperties, doc.additionalProperties);
    // Branches of a union carry the same fields (without repeating the field's own description).
    for (const key of ["anyOf", "oneOf", "allOf"]) {
        for (const branch of (s[key] as unknown[] | undefined) ?? []) withDocs(branch, { properties: doc.properties, items: doc.items, additionalProperties: doc.additionalProperties });
    }
}

export function configJsonSchema(): Record<string, unknown> {
    const schema = z.toJSONSchema(stackConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    withDocs(schema, docs as DocNode);
    return {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "https://github.com/pulumi-llm-d/pulumi-llm-d/config.schema.json",
        title: "pulumi-llm-d stack config",
        description: "The shape of LlmdStack's args; `llmd plan -c FILE` validates a file of this shape.",
        ...schema,
    };
}
