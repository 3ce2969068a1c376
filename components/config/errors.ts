// Config errors: every problem names its field path, the value it got, what is allowed and
// how to fix it, and all problems are reported together.

export interface ConfigIssue {
    /** Dotted field path, e.g. `services[0].decode.replicas`. */
    path: string;
    /** The offending value (omitted for a missing field). */
    got?: unknown;
    /** What is allowed. */
    expected: string;
    /** How to fix it. */
    fix?: string;
}

const MAX_VALUE_CHARS = 80;

/** Renders a value for a message: short, single-line, never a secret (callers never pass secrets). */
export function showValue(value: unknown): string {
    if (value === undefined) return "nothing";
    let text: string;
    try {
        text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    } catch {
        text = String(value);
    }
    if (text.length > MAX_VALUE_CHARS) text = text.slice(0, MAX_VALUE_CHARS - 3) + "...";
    return text;
}

export function formatIssue(issue: ConfigIssue): string {
    const got = "got" in issue ? showValue(issue.got) : "nothing";
    const fix = issue.fix ? ` ${issue.fix}` : "";
    return `${issue.path || "(config)"}: got ${got}; expected ${issue.expected}.${fix}`;
}

export class ConfigError extends Error {
    readonly issues: ConfigIssue[];
    constructor(issues: ConfigIssue[], source?: string) {
        const head = `${source ? source + ": " : ""}invalid llm-d config (${issues.length} problem${issues.length === 1 ? "" : "s"})`;
        super([head, ...issues.map((i) => "  - " + formatIssue(i))].join("\n"));
        this.name = "ConfigError";
        this.issues = issues;
    }
}

/** Joins path segments the way users read them: `services[0].decode.replicas`. */
export function joinPath(segments: readonly PropertyKey[]): string {
    let out = "";
    for (const seg of segments) {
        if (typeof seg === "number") out += `[${seg}]`;
        else out += out ? `.${String(seg)}` : String(seg);
    }
    return out;
}

/** Collects issues and throws them all at once. */
export class IssueList {
    readonly items: ConfigIssue[] = [];
    add(issue: ConfigIssue): void {
        this.items.push(issue);
    }
    throwIfAny(source?: string): void {
        if (this.items.length) throw new ConfigError(this.items, source);
    }
}
