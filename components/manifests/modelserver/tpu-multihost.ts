// A model replica on a multi-host GKE TPU slice (e.g. v6e 4x4 = 16 chips on 4 hosts of 4): one
// LeaderWorkerSet group per replica, one pod per host, each asking for its host's chips. The
// leader starts a Ray head, waits for every host's worker, then serves with vLLM's Ray executor at
// tensor parallel = the slice's chips; workers only join Ray. The layout follows kubernetes-sigs/lws
// docs/examples/vllm/TPU (leader = Ray head + vLLM server, workers = Ray workers, size = hosts).
import { RoleSpec, ServiceSpec, StackSpec } from "../../config/spec";
import { INFERENCE_SERVING_LABEL, K8sObject } from "../common";
import { LWS_ENV, toLeaderWorkerSet } from "./leaderworkerset";
import { buildModelServerDeployment } from "./vllm";

/** Ray's GCS port on the leader. */
export const RAY_PORT = 6379;
/** Label telling a slice's serving leader from its Ray workers. */
export const TPU_HOST_ROLE_LABEL = "llm-d.ai/tpu-host-role";

export function isMultiHostTpu(svc: ServiceSpec): boolean {
    return (svc.accelerator.tpuSlice?.hosts ?? 1) > 1;
}

function quote(arg: string): string {
    return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

/** Leader: Ray head, wait for the slice's hosts, then vLLM with the Ray executor. */
export function leaderScript(vllmArgs: string[]): string {
    return [
        "set -e",
        `ray start --head --port=${RAY_PORT} --disable-usage-stats`,
        "# Every host of the slice must join before vLLM shards the model over all chips.",
        `until [ "$(python3 -c 'import ray; ray.init(address=\"auto\", logging_level=\"ERROR\"); print(len([n for n in ray.nodes() if n[\"Alive\"]]))' 2>/dev/null)" = "$${LWS_ENV.groupSize}" ]; do sleep 5; done`,
        `exec vllm serve ${vllmArgs.map(quote).join(" ")} --distributed-executor-backend=ray`,
    ].join("\n");
}

/** Worker: join the leader's Ray cluster and stay in the foreground. */
export function workerScript(): string {
    return `exec ray start --address="$${LWS_ENV.leaderAddress}:${RAY_PORT}" --block --disable-usage-stats`;
}

interface PodTemplate {
    metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
    spec: { containers: Record<string, unknown>[]; topologySpreadConstraints?: unknown };
}

/** One role served on multi-host slices: a LeaderWorkerSet of `replicas` groups of `hosts` pods. */
export function buildTpuMultiHost(svc: ServiceSpec, role: RoleSpec, stack: StackSpec): K8sObject {
    const slice = svc.accelerator.tpuSlice!;
    const grouped: RoleSpec = { ...role, groupSize: slice.hosts };
    const deploy = buildModelServerDeployment(svc, grouped, stack);
    const lws = toLeaderWorkerSet(deploy, grouped);
    const lwt = (lws as unknown as { spec: { leaderWorkerTemplate: { leaderTemplate?: PodTemplate; workerTemplate: PodTemplate } } }).spec.leaderWorkerTemplate;
    const leader = structuredClone(lwt.workerTemplate);
    const worker = structuredClone(lwt.workerTemplate);
    // A slice's hosts are fixed by its node pool: spreading them is meaningless.
    delete leader.spec.topologySpreadConstraints;
    delete worker.spec.topologySpreadConstraints;

    leader.metadata.labels = { ...leader.metadata.labels, [TPU_HOST_ROLE_LABEL]: "leader" };
    const lc = leader.spec.containers[0];
    lc.command = ["/bin/bash", "-c"];
    lc.args = [leaderScript(lc.args as string[])];
    lc.ports = [...(lc.ports as unknown[]), { name: "ray", containerPort: RAY_PORT, protocol: "TCP" }];

    // Workers serve nothing: without the pool label the InferencePool never routes to them.
    const workerLabels: Record<string, string> = { ...worker.metadata.labels, [TPU_HOST_ROLE_LABEL]: "worker" };
    delete workerLabels[INFERENCE_SERVING_LABEL];
    worker.metadata.labels = workerLabels;
    const wc = worker.spec.containers[0];
    wc.command = ["/bin/bash", "-c"];
    wc.args = [workerScript()];
    wc.ports = [{ name: "ray", containerPort: RAY_PORT, protocol: "TCP" }];
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe", "lifecycle"]) delete wc[probe];

    lwt.leaderTemplate = leader;
    lwt.workerTemplate = worker;
    return lws;
}
