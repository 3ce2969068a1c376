// A small, deterministic YAML emitter for the plain data the builders produce (objects, arrays,
// strings, numbers, booleans, null). Block style, keys in insertion order, no anchors; strings
// that could be read as anything but themselves are written as JSON strings (valid YAML), and
// multi-line text as literal blocks. About ten times faster than a general YAML library on
// fleet-sized renders; tests round-trip every rendered file through the `yaml` parser.

/** Plain scalars YAML 1.1 or 1.2 could read as non-strings. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|TRUE|FALSE|True|False|Yes|No|YES|NO|On|Off|ON|OFF|Null|NULL|Y|N)$/;
const NUMBER_LIKE = /^[-+]?(\.?[0-9]|0[xXoObB]|\.(inf|Inf|INF|nan|NaN|NAN)$)/;
const PLAIN_SAFE = /^[A-Za-z0-9_/$.][A-Za-z0-9_./$@%^&()+=,;<>?!'" -]*$/;

function plainOk(s: string): boolean {
    if (s === "" || s !== s.trim()) return false;
    if (RESERVED.test(s) || NUMBER_LIKE.test(s)) return false;
    if (!PLAIN_SAFE.test(s)) return false;
    // ": " starts a mapping and " #" a comment; a trailing ":" reads as a key.
    return !s.includes(": ") && !s.includes(" #") && !s.endsWith(":");
}

function scalar(v: unknown): string {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new Error(`yaml: cannot write number ${v}`);
        return String(v);
    }
    const s = String(v);
    return plainOk(s) ? s : JSON.stringify(s);
}

function literalOk(s: string): boolean {
    // A literal block keeps text as-is; leading spaces on the first line or trailing spaces
    // on a line would need indicators, so those fall back to a JSON string.
    return s.includes("\n") && !/^[ \n]/.test(s) && !/[ \t]\n/.test(s) && !/[ \t]$/.test(s) && !/\r|\t/.test(s);
}

function literal(s: string, indent: string): string {
    const chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
    const body = s.endsWith("\n") ? s.slice(0, -1) : s;
    const lines = body.split("\n").map((l) => (l === "" ? "" : indent + l));
    return `|${chomp}\n${lines.join("\n")}`;
}

function isEmptyCollection(v: unknown): boolean {
    return (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function emit(v: unknown, indent: string, out: string[]): void {
    if (Array.isArray(v)) {
        for (const item of v) {
            if (item !== null && typeof item === "object" && !isEmptyCollection(item)) {
                const sub: string[] = [];
                emit(item, indent + "  ", sub);
                // The first line of the item joins the dash.
                out.push(`${indent}- ${sub[0].slice(indent.length + 2)}`, ...sub.slice(1));
            } else {
                out.push(`${indent}- ${valueText(item, indent + "  ")}`);
            }
        }
        return;
    }
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        if (val === undefined) continue;
        const key = scalar(k);
        if (val !== null && typeof val === "object" && !isEmptyCollection(val)) {
            out.push(`${indent}${key}:`);
            emit(val, Array.isArray(val) ? indent + "  " : indent + "  ", out);
        } else {
            out.push(`${indent}${key}: ${valueText(val, indent + "  ")}`);
        }
    }
}

function valueText(v: unknown, indent: string): string {
    if (Array.isArray(v)) return "[]";
    if (v !== null && typeof v === "object") return "{}";
    if (typeof v === "string" && literalOk(v)) return literal(v, indent);
    return scalar(v);
}

/** YAML text of one document (ends with a newline). */
export function toYaml(value: unknown): string {
    if (value === null || typeof value !== "object" || isEmptyCollection(value)) return valueText(value, "") + "\n";
    const out: string[] = [];
    emit(value, "", out);
    return out.join("\n") + "\n";
}
