// Kubernetes resource quantities as numbers: what the builders need to add memory to a pod.

const SUFFIX: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
};

/** The value of a quantity such as `100Gi`, `1.5G` or `512Mi`; undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
    const m = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(m|k|Ki|Mi|Gi|Ti|Pi|M|G|T|P|[eE][0-9]+)?$/.exec(text.trim());
    if (!m) return undefined;
    const n = Number(m[1]);
    const suffix = m[2] ?? "";
    if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
    return n * SUFFIX[suffix];
}

/** Bytes as the largest binary unit that represents them exactly (rounded up to Mi otherwise). */
export function formatBytes(bytes: number): string {
    const units: [string, number][] = [["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20]];
    for (const [unit, size] of units) {
        if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
    }
    return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}

/** Adds bytes to a memory quantity: `96Gi` + 100 GiB = `196Gi`. */
export function addBytes(quantity: string, bytes: number): string {
    const base = parseQuantity(quantity);
    if (base === undefined) throw new Error(`not a quantity: ${quantity}`);
    return formatBytes(Math.ceil(base) + bytes);
}
