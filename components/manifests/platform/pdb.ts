// PodDisruptionBudgets (policy/v1): a node drain or upgrade takes at most one pod of each
// workload at a time, the same pace as the rolling updates (maxUnavailable 1).
import { K8sObject, commonLabels } from "../common";
import { buildLwsDisruptionBudget } from "../modelserver/leaderworkerset";

interface WithSelector {
    spec?: { selector?: { matchLabels?: Record<string, string> } };
}

/** One PDB per Deployment or LeaderWorkerSet among the objects (model-server roles, scheduler, tokenizer), named after it. */
export function buildPodDisruptionBudgets(objects: K8sObject[], service: string): K8sObject[] {
    return objects
        .filter((o) => o.kind === "Deployment" || o.kind === "LeaderWorkerSet")
        .map((d) => {
            // LeaderWorkerSet groups (wide-ep, multi-host TPU): selected by the LWS name label (modelserver/leaderworkerset.ts).
            if (d.kind === "LeaderWorkerSet") return buildLwsDisruptionBudget(d, commonLabels("disruption-budget", service));
            const matchLabels = (d as WithSelector).spec?.selector?.matchLabels ?? {};
            return {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                metadata: { name: d.metadata.name, namespace: d.metadata.namespace, labels: commonLabels("disruption-budget", service) },
                // maxUnavailable (not minAvailable) keeps a one-replica workload drainable.
                spec: { maxUnavailable: 1, selector: { matchLabels: { ...matchLabels } } },
            };
        });
}
