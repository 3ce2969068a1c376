// Prometheus metric names a Go repository registers: every `prometheus.*Opts{ Namespace, Subsystem, Name }`
// literal (constants resolved across the repository) and every `prometheus.NewDesc("name", ...)`.
// artifact.paths: folders to scan (tests excluded). Output: { "version", "metrics": [sorted names] }.
export default async function routerMetrics(src, artifact) {
    const files = [].concat(artifact.paths).flatMap((d) => src.list(d)).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"));
    const texts = files.map((f) => src.read(f));
    // String constants anywhere in the scanned code: `Name = "value"` (const blocks and single consts).
    const consts = new Map();
    for (const t of texts) for (const m of t.matchAll(/^\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?:string\s*)?=\s*"([^"]*)"/gm)) consts.set(m[1], m[2]);
    const value = (expr) => {
        if (!expr) return "";
        expr = expr.trim();
        const lit = /^"([^"]*)"$/.exec(expr);
        if (lit) return lit[1];
        const id = expr.split(".").pop();
        return consts.get(id);
    };
    const names = new Set();
    for (const t of texts) {
        for (const m of t.matchAll(/prometheus\.(?:Counter|Gauge|Histogram|Summary)(?:Vec)?Opts\s*\{([\s\S]*?)\n\s*\}/g)) {
            const body = m[1];
            const field = (k) => new RegExp(`\\b${k}:\\s*([^,\\n]+)`).exec(body)?.[1];
            const name = value(field("Name"));
            if (!name) continue;
            const parts = [value(field("Namespace")), value(field("Subsystem")), name].filter((x) => x);
            if (parts.some((p) => p === undefined)) continue;
            names.add(parts.join("_"));
        }
        for (const m of t.matchAll(/prometheus\.NewDesc\(\s*("[^"]+"|[A-Za-z_][\w.]*)/g)) {
            const n = value(m[1]);
            if (n) names.add(n);
        }
    }
    return JSON.stringify({ version: artifact.ref, metrics: [...names].sort() }, null, 2) + "\n";
}
