// LeaderWorkerSet (leaderworkerset.x-k8s.io/v1): a group of pods created, scheduled, restarted
// and scaled together. Multi-node model servers (wide-ep) run one group per model replica.
import { API_VERSIONS } from "../../catalog/versions";
import { RoleSpec } from "../../config/spec";
import { K8sObject } from "../common";

/** Environment the LWS controller injects into every container of a group (as llm-d guides/wide-ep-lws reads it). */
export const LWS_ENV = {
    leaderAddress: "LWS_LEADER_ADDRESS",
    groupSize: "LWS_GROUP_SIZE",
    workerIndex: "LWS_WORKER_INDEX",
} as const;

/** Pod label naming the LeaderWorkerSet on every pod of every group (kubernetes-sigs/lws api/leaderworkerset/v1 SetNameLabelKey). */
export const LWS_NAME_LABEL = "leaderworkerset.sigs.k8s.io/name";

/** Pod label shared by all pods of one group (kubernetes-sigs/lws docs, label reference). */
export const LWS_GROUP_KEY_LABEL = "leaderworkerset.sigs.k8s.io/group-key";

interface DeploymentShape {
    metadata: K8sObject["metadata"];
    spec: { template: { metadata: Record<string, unknown>; spec: Record<string, unknown> } };
}

/**
 * Wraps a model-server Deployment's pod template into a LeaderWorkerSet of `role.replicas` groups
 * of `role.groupSize` pods. Leader and workers share one template: their rank comes from LWS_WORKER_INDEX.
 */
export function toLeaderWorkerSet(deploy: K8sObject, role: RoleSpec): K8sObject {
    const d = deploy as unknown as DeploymentShape;
    return {
        apiVersion: API_VERSIONS.leaderWorkerSet,
        kind: "LeaderWorkerSet",
        metadata: d.metadata,
        spec: {
            replicas: role.replicas,
            // Workers are created with the leader, not after it is ready: vLLM's DP ranks wait for each other anyway.
            startupPolicy: "LeaderCreated",
            // Whole groups are replaced one at a time; accelerators are scarce, so never surge.
            rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: { maxUnavailable: 1, maxSurge: 0 } },
            leaderWorkerTemplate: {
                size: role.groupSize ?? 1,
                // One rank lost breaks the group's collectives: restart the whole group together.
                restartPolicy: "RecreateGroupOnPodRestart",
                workerTemplate: d.spec.template,
            },
        },
    };
}

/** The pod spec of a LeaderWorkerSet's (worker) template. */
export function lwsPodSpec(lws: K8sObject): Record<string, unknown> {
    return (lws as unknown as { spec: { leaderWorkerTemplate: { workerTemplate: { spec: Record<string, unknown> } } } }).spec.leaderWorkerTemplate.workerTemplate.spec;
}

/** The pod template metadata of a LeaderWorkerSet. */
export function lwsPodMetadata(lws: K8sObject): Record<string, unknown> {
    return (lws as unknown as { spec: { leaderWorkerTemplate: { workerTemplate: { metadata: Record<string, unknown> } } } }).spec.leaderWorkerTemplate.workerTemplate.metadata;
}

/**
 * The disruption budget of a LeaderWorkerSet (policy/v1): at most one of its pods evicted at a time.
 * Losing one pod restarts its whole group (RecreateGroupOnPodRestart), and the restarted pods stay
 * unready through the long start-up, so the budget stays spent until that group serves again: a
 * drain takes down one group at a time. Leader and worker pods are owned by StatefulSets, whose
 * scale the disruption controller reads, so maxUnavailable works here. Unready pods may always be
 * evicted (AlwaysAllow): a group that is not serving loses nothing, and a drain must not wait on it.
 */
export function buildLwsDisruptionBudget(lws: K8sObject, labels: Record<string, string>): K8sObject {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: lws.metadata.name, namespace: lws.metadata.namespace, labels },
        spec: {
            maxUnavailable: 1,
            selector: { matchLabels: { [LWS_NAME_LABEL]: lws.metadata.name } },
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        },
    };
}
