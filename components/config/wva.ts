// The Workload Variant Autoscaler the stack installs for `metric: wva` services: where it reads
// Prometheus, the CA it trusts, and the Prometheus ServiceAccount allowed to scrape it.
import { ClusterSpec, PlatformSpec } from "./cluster";
import { IssueList } from "./errors";
import { StackConfig } from "./types";

export interface WvaSpec {
    /** The stack installs the controller (false: the cluster runs it, `cluster.workloadVariantAutoscaler`). */
    install: boolean;
    prometheusUrl: string;
    prometheusCaSecret: string;
    prometheusServiceAccount: { namespace: string; name: string };
}

/** llm-d's guide: kube-prometheus-stack release `llmd` in `llm-d-monitoring`, over HTTPS (guides/workload-autoscaling/wva). */
export const WVA_DEFAULTS = {
    prometheusUrl: "https://prometheus-operated.llm-d-monitoring.svc:9090",
    prometheusCaSecret: "prometheus-tls-cert",
    // docs/operations/observability/setup.md installs the chart as `llmd`: its Prometheus runs as llmd-kube-prometheus-stack-prometheus.
    prometheusServiceAccount: "llm-d-monitoring/llmd-kube-prometheus-stack-prometheus",
} as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Undefined when no service autoscales with WVA (then `wva:` settings are refused). */
export function resolveWva(cfg: StackConfig, wvaServices: number, cluster: ClusterSpec, platform: PlatformSpec, issues: IssueList): WvaSpec | undefined {
    const w = cfg.wva;
    if (wvaServices === 0) {
        if (w) issues.add({ path: "wva", got: w, expected: "a service with autoscaling.metric: wva (these settings configure the WVA controller it needs)", fix: "Remove wva, or set a service's autoscaling.metric: wva." });
        return undefined;
    }
    const url = w?.prometheusUrl ?? WVA_DEFAULTS.prometheusUrl;
    if (!/^https:\/\/[^\s/]+/.test(url)) {
        issues.add({ path: "wva.prometheusUrl", got: url, expected: "an https:// URL (WVA only queries Prometheus over TLS)", fix: `Serve Prometheus over HTTPS (kube-prometheus-stack web TLS) and give its URL, e.g. ${WVA_DEFAULTS.prometheusUrl}.` });
    }
    const sa = w?.prometheusServiceAccount ?? WVA_DEFAULTS.prometheusServiceAccount;
    const [saNs, saName, ...rest] = sa.split("/");
    if (rest.length || !saNs || !saName || !DNS_LABEL.test(saNs) || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(saName)) {
        issues.add({ path: "wva.prometheusServiceAccount", got: sa, expected: "namespace/name of Prometheus's ServiceAccount", fix: `Give it as e.g. ${WVA_DEFAULTS.prometheusServiceAccount} (kubectl get pods -n <ns> -l app.kubernetes.io/name=prometheus -o jsonpath='{..serviceAccountName}').` });
    }
    const install = platform.installWorkloadVariantAutoscaler;
    if (install && !cluster.prometheusOperator) {
        issues.add({
            path: "cluster.prometheusOperator",
            got: false,
            expected: "the Prometheus Operator CRDs: the WVA controller the stack installs is scraped through its ServiceMonitor, and reads vLLM's metrics from Prometheus",
            fix: "Install kube-prometheus-stack (llm-d's monitoring setup) and set cluster.prometheusOperator: true.",
        });
    }
    if (!install && w && (w.prometheusUrl !== undefined || w.prometheusCaSecret !== undefined || w.prometheusServiceAccount !== undefined)) {
        issues.add({ path: "wva", got: w, expected: "no controller settings when the stack does not install WVA (cluster.workloadVariantAutoscaler)", fix: "Remove wva; configure the WVA the cluster runs where it is installed." });
    }
    return { install, prometheusUrl: url, prometheusCaSecret: w?.prometheusCaSecret ?? WVA_DEFAULTS.prometheusCaSecret, prometheusServiceAccount: { namespace: saNs ?? "", name: saName ?? "" } };
}
