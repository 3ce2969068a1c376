// Reading a config file: YAML parse errors and secrets-in-file are config errors like any other.
import * as fs from "node:fs";
import { parseDocument } from "yaml";
import { ConfigError } from "./errors";

/** Keys that would put a secret in a config file; each names where the secret goes instead. */
const SECRET_KEYS: Record<string, string> = {
    hfToken: "Set the HF_TOKEN environment variable, or huggingFace.tokenFile.",
    kubeconfig: "Use existing.kubeconfigPath, or pass kubeconfig as a Pulumi secret to LlmdStack.",
};

/** Parses config text (YAML or JSON); throws ConfigError with the line and column of a syntax error. */
export function parseConfigText(text: string, source: string): unknown {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
        throw new ConfigError(
            doc.errors.map((e) => ({
                path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "(yaml)",
                got: e.message.split("\n")[0],
                expected: "valid YAML",
                fix: "Fix the syntax at that position.",
            })),
            source,
        );
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch (e) {
        // Unresolved aliases and alias bombs surface only when the document is built.
        throw new ConfigError([{ path: "(yaml aliases)", got: (e as Error).message.split("\n")[0], expected: "YAML whose aliases point at earlier anchors, expanding to a bounded document", fix: "Remove the aliases or define their anchors first." }], source);
    }
    if (value === null || value === undefined) {
        throw new ConfigError([{ path: "(config)", got: value ?? null, expected: "a mapping with at least `services`", fix: "Write a config such as examples/configs/simulated.yaml." }], source);
    }
    if (typeof value === "object" && !Array.isArray(value)) {
        const found = Object.keys(value).filter((k) => k in SECRET_KEYS);
        if (found.length) {
            throw new ConfigError(
                found.map((k) => ({ path: k, got: "(a secret, not shown)", expected: "no secrets in a config file", fix: SECRET_KEYS[k] })),
                source,
            );
        }
    }
    return value;
}

export function loadConfigFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ConfigError([{ path: "(file)", got: file, expected: "a readable config file", fix: `Check the path (${(e as NodeJS.ErrnoException).code ?? "unreadable"}).` }]);
    }
    return parseConfigText(text, file);
}
