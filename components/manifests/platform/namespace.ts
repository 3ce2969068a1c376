// The namespace and the Hugging Face token Secret (as a stub: the token is added by the
// Pulumi component as a secret input, never by a builder).
import { StackSpec } from "../../config/spec";
import { K8sObject, commonLabels } from "../common";

export function buildNamespace(stack: StackSpec): K8sObject {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: stack.namespace, labels: commonLabels("namespace") } };
}

export const SECRET_STUB_ANNOTATION = "llm-d.ai/secret-stub";

/** The token Secret without data; `llmd render` writes it so GitOps users fill it in. */
export function buildHfTokenSecret(stack: StackSpec): K8sObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: stack.huggingFace.tokenSecretName,
            namespace: stack.namespace,
            labels: commonLabels("hf-token"),
            annotations: { [SECRET_STUB_ANNOTATION]: `add key ${stack.huggingFace.tokenSecretKey} with your Hugging Face token before applying` },
        },
        type: "Opaque",
    };
}

/** The Hugging Face token Secret among a stack's objects (other Secrets, e.g. WVA's service-account token, are plain objects). */
export function isHfTokenSecret(obj: K8sObject, stack: StackSpec): boolean {
    return obj.kind === "Secret" && obj.metadata.name === stack.huggingFace.tokenSecretName;
}
