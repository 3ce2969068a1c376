// Disruption budgets, rolling updates, spread, startup probes and graceful termination.
import assert from "node:assert/strict";
import { PRE_STOP_SLEEP_SECONDS } from "../../components/manifests/platform/reliability";
import { assertValidObjects } from "../support/validate";
import { build, find, gpu, ofKind, pd, sim } from "./helpers";

describe("reliability", () => {
    const pdStack = build({ services: [pd("p"), gpu("g", { path: "precise-prefix-cache" })] });

    it("gives every Deployment a PodDisruptionBudget of one unavailable pod with its selector", () => {
        const deployments = ofKind(pdStack.objects, "Deployment");
        // P/D: epp, prefill, decode; precise: epp, decode (and a tokenizer Deployment in releases that run one).
        assert.ok(deployments.length >= 5);
        for (const d of deployments) {
            const pdb = find(pdStack.objects, "PodDisruptionBudget", d.metadata.name);
            assert.equal(pdb.apiVersion, "policy/v1");
            assert.equal(pdb.spec.maxUnavailable, 1);
            assert.equal(pdb.spec.minAvailable, undefined);
            assert.deepEqual(pdb.spec.selector.matchLabels, d.spec.selector.matchLabels);
        }
        assert.equal(ofKind(pdStack.objects, "PodDisruptionBudget").length, deployments.length);
        assertValidObjects(pdStack.objects);
    });

    it("never surges model servers beyond what exists, replacing one pod at a time", () => {
        for (const name of ["p-prefill", "p-decode", "g-decode"]) {
            assert.deepEqual(find(pdStack.objects, "Deployment", name).spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
        }
    });

    it("spreads each role softly over nodes and zones", () => {
        for (const name of ["p-prefill", "p-decode", "g-decode"]) {
            const d = find(pdStack.objects, "Deployment", name);
            const tsc = d.spec.template.spec.topologySpreadConstraints;
            assert.deepEqual(tsc.map((c: any) => [c.topologyKey, c.whenUnsatisfiable]), [
                ["kubernetes.io/hostname", "ScheduleAnyway"],
                ["topology.kubernetes.io/zone", "ScheduleAnyway"],
            ]);
            for (const c of tsc) assert.deepEqual(c.labelSelector.matchLabels, d.spec.selector.matchLabels);
        }
    });

    it("tolerates an hour of model loading before liveness applies", () => {
        const c = find(pdStack.objects, "Deployment", "g-decode").spec.template.spec.containers[0];
        assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 3600);
    });

    it("drains: keeps serving while the gateway stops routing, then lets in-flight requests finish", () => {
        for (const [objects, name] of [[pdStack.objects, "g-decode"], [pdStack.objects, "p-prefill"], [build({ services: [sim("s")] }).objects, "s-decode"]] as const) {
            const pod = find(objects as any, "Deployment", name).spec.template.spec;
            assert.deepEqual(pod.containers[0].lifecycle, { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } });
            assert.ok(pod.terminationGracePeriodSeconds > PRE_STOP_SLEEP_SECONDS + 10, name);
        }
        assert.ok(find(pdStack.objects, "Deployment", "g-decode").spec.template.spec.terminationGracePeriodSeconds >= 120);
    });
});
