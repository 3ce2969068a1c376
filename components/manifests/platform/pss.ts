// Pod Security Standards: the strictest level (restricted > baseline > privileged) every pod
// of the namespace passes, computed from the rendered pod specs, so the namespace label is the
// tightest admission the stack survives. The checks follow the Kubernetes Pod Security
// Standards page (kubernetes.io/docs/concepts/security/pod-security-standards) for the fields
// these builders can set.
import { K8sObject } from "../common";

export type PssLevel = "restricted" | "baseline" | "privileged";
const ORDER: PssLevel[] = ["restricted", "baseline", "privileged"];

/** Capabilities baseline allows a container to add. */
const BASELINE_CAPS = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
/** Volume types restricted allows. */
const RESTRICTED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
/** Sysctls baseline allows. */
const SAFE_SYSCTLS = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
]);

type Json = Record<string, any>;

export interface PodVerdict {
    level: PssLevel;
    /** Why the pod misses the next stricter level. */
    reasons: string[];
}

function seccompOk(sc: Json | undefined): boolean | undefined {
    const t = sc?.seccompProfile?.type;
    return t === undefined ? undefined : t === "RuntimeDefault" || t === "Localhost";
}

/** The strictest level one pod spec passes, and what keeps it from the next one. */
export function podSecurityLevel(pod: Json): PodVerdict {
    const baseline: string[] = [];
    const restricted: string[] = [];
    const podSc: Json = pod.securityContext ?? {};
    const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) baseline.push("host namespaces");
    for (const s of podSc.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) baseline.push(`sysctl ${s.name}`);
    if (podSc.seccompProfile?.type === "Unconfined") baseline.push("seccomp Unconfined");
    if (podSc.runAsUser === 0) restricted.push("pod runAsUser 0");
    for (const v of pod.volumes ?? []) {
        const type = Object.keys(v).find((k) => k !== "name") ?? "";
        if (type === "hostPath") baseline.push(`hostPath volume ${v.name}`);
        else if (!RESTRICTED_VOLUMES.has(type)) restricted.push(`${type} volume ${v.name}`);
    }
    for (const c of containers) {
        const sc: Json = c.securityContext ?? {};
        const name = c.name ?? "?";
        if (sc.privileged) baseline.push(`${name}: privileged`);
        for (const cap of sc.capabilities?.add ?? []) {
            if (!BASELINE_CAPS.has(cap)) baseline.push(`${name}: adds ${cap}`);
            if (cap !== "NET_BIND_SERVICE") restricted.push(`${name}: adds ${cap}`);
        }
        if ((c.ports ?? []).some((p: Json) => p.hostPort)) baseline.push(`${name}: hostPort`);
        if (sc.procMount && sc.procMount !== "Default") baseline.push(`${name}: procMount`);
        if (sc.seccompProfile?.type === "Unconfined") baseline.push(`${name}: seccomp Unconfined`);
        if (sc.allowPrivilegeEscalation !== false) restricted.push(`${name}: allowPrivilegeEscalation not false`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) restricted.push(`${name}: does not drop ALL capabilities`);
        if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) restricted.push(`${name}: runAsNonRoot not true`);
        if (sc.runAsUser === 0) restricted.push(`${name}: runAsUser 0`);
        if ((seccompOk(sc) ?? seccompOk(podSc)) !== true) restricted.push(`${name}: no RuntimeDefault seccomp profile`);
    }
    if (baseline.length) return { level: "privileged", reasons: baseline };
    if (restricted.length) return { level: "baseline", reasons: restricted };
    return { level: "restricted", reasons: [] };
}

/** The least strict of the levels (the namespace must admit every pod). */
export function loosest(levels: PssLevel[]): PssLevel {
    return levels.reduce<PssLevel>((acc, l) => (ORDER.indexOf(l) > ORDER.indexOf(acc) ? l : acc), "restricted");
}

/** Pod specs of the workloads among the objects (Deployments, LeaderWorkerSet leader and worker templates). */
export function podSpecsOf(objects: K8sObject[]): Json[] {
    const out: Json[] = [];
    for (const o of objects) {
        const spec = (o as Json).spec;
        if (!spec) continue;
        if (spec.template?.spec) out.push(spec.template.spec);
        const lws = spec.leaderWorkerTemplate;
        if (lws?.leaderTemplate?.spec) out.push(lws.leaderTemplate.spec);
        if (lws?.workerTemplate?.spec) out.push(lws.workerTemplate.spec);
    }
    return out;
}

/**
 * The namespace's level: the loosest of the rendered pods and of the pods others put there
 * (`external`: gateway proxies a controller deploys, chart workloads), whose specs are not ours
 * to check and are trusted to pass `baseline` only.
 */
export function namespaceSecurityLevel(pods: Json[], external: PssLevel[] = []): PssLevel {
    return loosest([...pods.map((p) => podSecurityLevel(p).level), ...external]);
}

/** Namespace labels that enforce the level, and warn and audit at it too. */
export function podSecurityLabels(level: PssLevel): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": level,
        "pod-security.kubernetes.io/audit": level,
    };
}
