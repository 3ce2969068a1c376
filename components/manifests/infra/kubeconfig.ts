// Kubeconfigs of created clusters, as plain functions: credentials come from the cloud CLI's
// exec plugin at use time, so the kubeconfig holds no token (it is still marked secret).

function kubeconfig(name: string, server: string, caData: string, exec: Record<string, unknown>): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{ name, user: { exec } }],
    });
}

/** GKE: gke-gcloud-auth-plugin (GKE docs, "install kubectl and configure cluster access"). */
export function gkeKubeconfig(name: string, endpoint: string, caData: string): string {
    return kubeconfig(name, `https://${endpoint}`, caData, {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "gke-gcloud-auth-plugin",
        installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
        provideClusterInfo: true,
    });
}

/** EKS: `aws eks get-token` (EKS docs, "create a kubeconfig"). */
export function eksKubeconfig(name: string, endpoint: string, caData: string, region: string, profile?: string): string {
    return kubeconfig(name, endpoint, caData, {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"],
        // The token comes from the same credentials the stack's AWS provider uses.
        ...(profile ? { env: [{ name: "AWS_PROFILE", value: profile }] } : {}),
        installHint: "Install the AWS CLI v2 (aws eks get-token) on the PATH of whatever runs pulumi.",
    });
}

/**
 * The API server a kubeconfig's context points at (the named context, else current-context), or
 * undefined when the file does not say. It identifies the cluster in the provider's state
 * (`clusterIdentifier`): a later run against another server is a visible provider replacement, not
 * a silent retarget, and a token refresh in the file changes nothing.
 */
export function kubeconfigServer(text: string, context?: string): string | undefined {
    let doc: { contexts?: { name: string; context?: { cluster?: string } }[]; clusters?: { name: string; cluster?: { server?: string } }[]; "current-context"?: string };
    try {
        // A kubeconfig is YAML (JSON is YAML too).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        doc = (require("yaml") as typeof import("yaml")).parse(text) ?? {};
    } catch {
        return undefined;
    }
    const name = context ?? doc["current-context"];
    const ctx = doc.contexts?.find((c) => c.name === name)?.context;
    return doc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster?.server;
}
