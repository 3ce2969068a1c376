// The plugin registry of the llm-d router's endpoint picker (EPP), parsed from Go source.
//
// artifact (a sources.<area>.json entry, extractor "router-plugins"):
//   paths    [the EPP's main package folder], default ["cmd/epp"] (or `main`)
//   modules  (optional) where to read external Go modules from (see go-flags.mjs), e.g. the llm-d-kv-cache
//            module whose config structs some plugin parameters embed.
// Output (JSON, keys sorted, 2-space indent):
//   { "router": <ref>, "plugins": { "<type>": { "stability"?, "deprecated"?: {since?, removal?, replacement?,
//     message?}, "defaultProducer"?: true, "factory": "pkg.Func", "parametersFrom"?: ["pkg.Type"],
//     "parametersIgnored"?: true, "parameters": { "<json key>": { "type", "encoding"?, "properties"?, "items"?,
//     "values"?, "deprecated"? } } } },
//     "featureGates"?: [names], "featureGateDefaults"?: {name: bool}, "modules"?: {...}, "unresolved"?: [...] }
//
// How it works, without hand-listing anything:
//  - the functions reachable from the main package's main() (and every init() of the repository packages it
//    imports) are walked; a call to a registrar (a function taking a plugin type string and a factory function:
//    plugin.Register, RegisterAsDefaultProducer, RegisterDeprecated...) with a constant type registers a plugin.
//    Its arguments are mapped by the registrar's parameter names (pluginType, stability, factory, deprecatedIn,
//    scheduledRemovalIn, replacementType, key). Calls to RegisterFeatureGate(name[, default]) name feature gates.
//  - a factory's parameters: the values its decoder / raw-JSON parameter flows into (Decode(&cfg),
//    json.Unmarshal(raw, &cfg), StrictDecoder(raw).Decode(&cfg), helpers it is passed to) are the parameter
//    structs; their JSON shape follows encoding/json (json tags, `json:"-"`, embedded structs inlined, nested
//    structs and other packages followed, external modules read from their own repositories).
//  - deprecation: RegisterDeprecated's arguments; else "Deprecated:" doc comments on the type constant or the
//    factory, or a run-time warning in the factory naming the type as deprecated.
// Parameter types: string, int, float, bool, duration (time.Duration decodes from a JSON number of nanoseconds:
// "encoding": "nanoseconds"; metav1.Duration or a type whose UnmarshalJSON parses a Go duration string:
// "encoding": "string"), object (properties), array (items), map (values), any. Anything that cannot be resolved
// statically is {"type": "any"} and named in "unresolved". "deprecated": true marks a field documented
// "Deprecated:" (or a fallback legacy format). "parametersIgnored": true: the factory never reads its parameters
// (anything is accepted); "parameters": {} without it: the factory decodes strictly into an empty struct.
import {
    GoWorld, FuncScope, walk, typeOfExpr, typeOfCallee, resolveType, underlying, structFields, findMethod, evalExpr,
    importOf, docAt, deprecationOf, exprText, typeName, fileCtx, sortedJson, markUsed,
} from "./go-flags.mjs";

export default async function routerPlugins(src, artifact) {
    const world = new GoWorld(src, artifact);
    const mainDir = (artifact.main ?? [].concat(artifact.paths ?? [])[0] ?? "cmd/epp").replace(/\/$/, "");
    const mainPath = `${world.mainModule.path}/${mainDir}`;
    const mainPkg = world.pkg(mainPath);
    if (!mainPkg) throw new Error(`${artifact.file}: no Go package at ${mainDir} in ${src.repo}@${src.commit}`);
    const unresolved = new Set();

    // ---- reachability from main() and the init() functions of imported repository packages ----
    const closure = importClosure(world, mainPkg);
    const queue = [];
    const seen = new Set();
    const enqueue = (pkg, file, decl) => {
        if (!decl?.body) return;
        const key = `${pkg.path}#${decl.recv ? recvName(decl) + "." : ""}${decl.name}#${decl.line}`;
        if (seen.has(key)) return;
        seen.add(key);
        queue.push({ pkg, file, decl });
    };
    const mainFn = mainPkg.scope.get("main");
    if (!mainFn) throw new Error(`${artifact.file}: ${mainDir} has no main()`);
    enqueue(mainPkg, mainFn.file, mainFn.decl);
    for (const p of closure) for (const i of p.inits) enqueue(p, i.file, i.decl);
    // package-level variable initializers run at start-up too: walk them as a pseudo function
    for (const p of closure)
        for (const f of p.files)
            for (const d of f.decls)
                if (d.k === "GenDecl" && d.tok === "var") {
                    const values = d.specs.flatMap((sp) => sp.values ?? []);
                    if (values.length) enqueue(p, f, { name: "<var init>", line: d.line, type: { params: [], results: [], typeParams: [] }, body: { k: "Block", list: values.map((x) => ({ k: "ExprStmt", x })) } });
                }
    const registrations = [];
    const gates = new Map();
    while (queue.length) {
        const { pkg, file, decl } = queue.shift();
        const sc = new FuncScope(world, pkg, file, decl);
        walk(decl.body, (n) => {
            if (n.k !== "Call") return true;
            const callee = typeOfCallee(world, sc, n.fun);
            if (callee?.k === "func" && callee.decl) {
                const reg = registrarInfo(world, callee);
                if (reg) {
                    const r = readRegistration(world, sc, n, callee, reg);
                    if (r) registrations.push(r);
                } else if (callee.decl.name === "RegisterFeatureGate") {
                    const name = evalExpr(world, sc, n.args[0]);
                    if (typeof name === "string") {
                        const def = n.args[1] ? evalExpr(world, sc, n.args[1]) : undefined;
                        gates.set(name, typeof def === "boolean" ? def : undefined);
                    }
                }
                if (!callee.pkg.module.external) enqueue(callee.pkg, callee.file, callee.decl);
            } else if (callee?.k === "unknown-method") {
                // method on a type that could not be resolved: try a unique method of that name in the repository
                const cands = [];
                for (const p of closure) for (const [, ms] of p.methods) if (ms.has(callee.name)) cands.push({ pkg: p, ...ms.get(callee.name) });
                if (cands.length === 1) enqueue(cands[0].pkg, cands[0].file, cands[0].decl);
            }
            return true;
        });
    }

    // ---- plugins ----
    const typeNames = new Set(registrations.map((r) => r.type));
    const plugins = {};
    for (const r of registrations) {
        const entry = {};
        if (r.stability) entry.stability = r.stability.toLowerCase();
        const fac = resolveFactory(world, r.scope, r.factoryExpr);
        entry.factory = fac ? `${fac.pkg.name}.${fac.name}` : exprText(r.factoryExpr);
        if (r.defaultProducer) entry.defaultProducer = true;
        const dep = { ...(r.deprecated ?? {}) };
        const msg = commentDeprecation(world, r, fac, typeNames);
        if (msg) {
            if (msg.message) dep.message = msg.message;
            if (!dep.replacement && msg.replacement) dep.replacement = msg.replacement;
        }
        if (r.deprecated || msg) entry.deprecated = dep;
        if (!fac) {
            unresolved.add(`${r.type}: factory ${exprText(r.factoryExpr)} not found`);
            entry.parameters = {};
        } else {
            const res = factoryParameters(world, fac, unresolved, r.type);
            entry.parameters = res.parameters;
            if (res.from.length) entry.parametersFrom = res.from;
            if (res.ignored) entry.parametersIgnored = true;
        }
        plugins[r.type] = entry; // a later registration of the same type replaces the earlier one, as in the registry
    }

    const out = { router: artifact.ref, plugins };
    if (gates.size) {
        out.featureGates = [...gates.keys()].sort();
        const defaults = Object.fromEntries([...gates].filter(([, d]) => d !== undefined));
        if (Object.keys(defaults).length) out.featureGateDefaults = defaults;
    }
    const mods = world.moduleSources();
    if (Object.keys(mods).length) out.modules = mods;
    for (const u of world.unresolved) if (u.startsWith("parse")) unresolved.add(u);
    if (unresolved.size) out.unresolved = [...unresolved].sort();
    return sortedJson(out);
}

function recvName(decl) {
    let t = decl.recv.type;
    while (t && (t.k === "Star" || t.k === "Index")) t = t.x;
    return t?.name ?? "?";
}

/** Repository packages imported (transitively) by a package, including itself. */
function importClosure(world, root) {
    const out = [];
    const seen = new Set();
    const stack = [root];
    while (stack.length) {
        const p = stack.pop();
        if (!p || seen.has(p.path)) continue;
        seen.add(p.path);
        out.push(p);
        for (const f of p.files)
            for (const imp of f.imports) {
                if (!imp.path.startsWith(world.mainModule.path + "/") && imp.path !== world.mainModule.path) continue;
                if (!seen.has(imp.path)) stack.push(world.pkg(imp.path));
            }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Registrations
// ---------------------------------------------------------------------------------------------

/** A registrar: a plain function with a string plugin-type parameter and a factory-function parameter. */
function registrarInfo(world, callee) {
    const d = callee.decl;
    if (d.recv) return null;
    const params = d.type.params;
    if (params.length < 2) return null;
    const ctx = fileCtx(callee.pkg, callee.file);
    const roles = {};
    params.forEach((p, i) => {
        const t = resolveType(world, ctx, p.type);
        const u = underlying(world, t);
        const n = (p.name ?? "").toLowerCase();
        if (u.k === "func" && (/factory/i.test(p.name ?? "") || (t.k === "named" && /Factory/.test(t.name)))) roles.factory ??= i;
        else if (u.k === "basic" && u.name === "string" && t.k === "named" && /stability/i.test(t.name + n)) roles.stability = i;
        else if (u.k === "basic" && u.name === "string" && /type/.test(n) && !/replacement/.test(n) && roles.type === undefined) roles.type = i;
        else if (/deprecatedin|since/.test(n)) roles.since = i;
        else if (/removal/.test(n)) roles.removal = i;
        else if (/replacement/.test(n)) roles.replacement = i;
        else if (n === "key" || (t.k === "named" && t.name === "DataKey")) roles.key = i;
    });
    if (roles.factory === undefined || roles.type === undefined) return null;
    // the registrar must store into a package-level registry (directly or through another registrar)
    return roles;
}

function readRegistration(world, sc, call, callee, roles) {
    const arg = (role) => (roles[role] === undefined ? undefined : call.args[roles[role]]);
    const type = evalExpr(world, sc, arg("type"));
    if (typeof type !== "string") return null; // the registrar's own body forwarding its parameters
    const r = { type, factoryExpr: arg("factory"), scope: sc, typeExpr: arg("type"), registrar: callee.decl.name };
    if (arg("stability")) {
        const s = evalExpr(world, sc, arg("stability"));
        if (typeof s === "string") r.stability = s;
    }
    if (arg("since") || arg("removal") || arg("replacement")) {
        const dep = {};
        for (const [k, role] of [["since", "since"], ["removal", "removal"], ["replacement", "replacement"]]) {
            const v = arg(role) ? evalExpr(world, sc, arg(role)) : undefined;
            if (typeof v === "string" && v) dep[k] = v;
        }
        r.deprecated = dep;
    }
    if (arg("key")) r.defaultProducer = true;
    return r;
}

/** The function a factory expression names: {pkg, file, decl, name} (a FuncLit gives decl = the literal). */
function resolveFactory(world, sc, e) {
    if (!e) return null;
    const callee = typeOfCallee(world, sc, e);
    if (callee?.k === "func" && callee.decl) return { pkg: callee.pkg, file: callee.file, decl: callee.decl, name: callee.decl.name };
    if (e.k === "FuncLit") return { pkg: sc.pkg, file: sc.file, decl: { name: "func", type: e.type, body: e.body, line: 0 }, name: "<func literal>" };
    if (e.k === "Call") {
        // a factory built by a helper: the function literal it returns
        const c = typeOfCallee(world, sc, e.fun);
        if (c?.k === "func" && c.decl?.body) {
            let lit = null;
            walk(c.decl.body, (n) => {
                if (n.k === "Return" && n.results[0]?.k === "FuncLit") lit = n.results[0];
                return !lit;
            });
            if (lit) return { pkg: c.pkg, file: c.file, decl: { name: c.decl.name, type: lit.type, body: lit.body, line: c.decl.line }, name: `${c.decl.name}(...)` };
        }
    }
    return null;
}

/** Deprecation noted in comments or run-time warnings: {message, replacement}. */
function commentDeprecation(world, r, fac, typeNames) {
    const texts = [];
    // a run-time warning in the factory that names this type as deprecated (what users see)
    if (fac?.decl?.body) {
        const fsc = new FuncScope(world, fac.pkg, fac.file, fac.decl);
        const found = new Set();
        walk(fac.decl.body, (n) => {
            if (n.k === "FuncLit") return false;
            if (n.k !== "Call") return true;
            for (const a of n.args) {
                const v = evalExpr(world, fsc, a);
                if (typeof v === "string" && namesTypeDeprecated(v, r.type) && !found.has(v)) {
                    found.add(v);
                    texts.push({ text: v.replace(/^(Deprecated|DEPRECATION):\s*/i, "").trim(), pkg: fac.pkg, file: fac.file });
                }
            }
            return true;
        });
    }
    // doc comment of the constant naming the type
    const te = r.typeExpr;
    const constEnt = constEntry(world, r.scope, te);
    if (constEnt) {
        const d = deprecationOf(docAt(constEnt.file, constEnt.spec.line));
        if (d) texts.push({ text: d, pkg: constEnt.pkg, file: constEnt.file });
    }
    // doc comment of the factory function
    if (fac?.decl?.line) {
        const d = deprecationOf(docAt(fac.file, fac.decl.line, { trailing: false }));
        if (d) texts.push({ text: d, pkg: fac.pkg, file: fac.file });
    }
    if (!texts.length) return null;
    const message = texts[0].text;
    let replacement;
    for (const t of texts) {
        replacement ??= replacementIn(world, t, r.type, typeNames);
    }
    return { message, replacement };
}

/** "<type> is deprecated" / "plugin type '<type>' is deprecated" */
function namesTypeDeprecated(text, type) {
    const t = type.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^\\w-])['"\`]?${t}['"\`]?\\s+(is|has been)\\s+deprecated`, "i").test(text);
}

function constEntry(world, sc, e) {
    if (!e) return null;
    if (e.k === "Ident") {
        const ent = sc.pkg.scope.get(e.name);
        return ent?.kind === "const" ? { ...ent, pkg: sc.pkg } : null;
    }
    if (e.k === "Selector" && e.x.k === "Ident") {
        const ip = importOf(world, sc.file, e.x.name);
        const p = ip ? world.pkg(ip) : null;
        const ent = p?.scope.get(e.sel);
        return ent?.kind === "const" ? { ...ent, pkg: p } : null;
    }
    return null;
}

/** A registered plugin type named in a deprecation text (quoted, bare, or as a Go constant). */
function replacementIn(world, t, self, typeNames) {
    const cands = [];
    const re = /[A-Za-z_][A-Za-z0-9_.-]*/g;
    let m;
    while ((m = re.exec(t.text))) {
        const word = m[0].replace(/[.,;:]+$/, "");
        if (typeNames.has(word) && word !== self) cands.push({ at: m.index, type: word });
        else if (/^[A-Z][A-Za-z0-9]*$/.test(word)) {
            const ent = t.pkg.scope.get(word);
            if (ent?.kind === "const") {
                const v = evalExpr(world, fileCtx(t.pkg, ent.file), { k: "Ident", name: word });
                if (typeof v === "string" && typeNames.has(v) && v !== self) cands.push({ at: m.index, type: v });
            }
        }
    }
    const use = t.text.search(/\buse\b/i);
    const after = cands.filter((c) => use >= 0 && c.at > use);
    return (after[0] ?? cands[0])?.type;
}

// ---------------------------------------------------------------------------------------------
// Factory parameters
// ---------------------------------------------------------------------------------------------

const BUILTINS = new Set(["len", "cap", "append", "copy", "delete", "panic", "print", "println", "make", "new", "clear", "min", "max"]);

function isDecoderOrRaw(t) {
    if (t?.k === "ptr") t = t.elem;
    if (t?.k === "named" && t.path === "encoding/json" && (t.name === "Decoder" || t.name === "RawMessage")) return true;
    if (t?.k === "slice" && t.elem?.k === "basic" && t.elem.name === "uint8") return true;
    return false;
}

function isRawTarget(world, t) {
    if (t?.k === "ptr") t = t.elem;
    if (isDecoderOrRaw(t)) return true;
    const u = underlying(world, t);
    if (u?.k === "map" && isDecoderOrRaw(u.elem)) return true;
    return false;
}

/** Parameter tree of a factory: the union of the JSON shapes of the values its parameters are decoded into. */
function factoryParameters(world, fac, unresolved, pluginType) {
    const params = fac.decl.type.params;
    const ctx = fileCtx(fac.pkg, fac.file, { typeParams: fac.decl.type.typeParams });
    const tainted = params.map((p) => p.name && isDecoderOrRaw(resolveType(world, ctx, p.type)));
    const targets = [];
    const opaque = [];
    flowInto(world, fac.pkg, fac.file, fac.decl, tainted, targets, opaque, 0, new Set());
    for (const o of opaque) unresolved.add(`${pluginType}: parameters handed to ${o} (not readable)`);
    const from = [];
    let tree = {};
    for (const tg of targets) {
        let t = tg.type;
        while (t?.k === "ptr") t = t.elem;
        from.push(typeName(t));
        const schema = schemaOf(world, t, unresolved, `${pluginType}`, new Set());
        if (schema.type === "object") {
            const props = schema.properties ?? {};
            if (tg.deprecated) for (const v of Object.values(props)) v.deprecated = true;
            tree = mergeProps(tree, props);
        } else {
            unresolved.add(`${pluginType}: parameters decoded into ${typeName(t)} (not a struct)`);
            tree = mergeProps(tree, { "*": schema });
        }
    }
    if (opaque.length && !targets.length) tree = { "*": { type: "any" } };
    // a factory that never reads its parameters (blank or unused decoder) accepts and ignores any
    const ignored = !targets.length && !opaque.length && params.every((p, i) => !tainted[i] || ignoresParam(world, fac, i, 0));
    return { parameters: tree, from: [...new Set(from)].sort(), ignored };
}

/** Does a function never read parameter i (blank, unused, only nil-checked, or only handed to functions that ignore it)? */
function ignoresParam(world, fn, i, depth) {
    const p = fn.decl.type.params[i];
    if (!p?.name || p.name === "_") return true;
    if (depth > 5 || !fn.decl.body) return false;
    const sc = new FuncScope(world, fn.pkg, fn.file, fn.decl);
    let reads = false;
    const handled = new Set();
    walk(fn.decl.body, (n) => {
        if (reads) return false;
        if (n.k === "Binary" && (n.op === "==" || n.op === "!=") && [n.x, n.y].some((x) => x.k === "Ident" && x.name === p.name) && [n.x, n.y].some((x) => x.k === "Ident" && x.name === "nil")) {
            handled.add(n.x).add(n.y);
            return false;
        }
        if (n.k === "Call") {
            n.args.forEach((a, j) => {
                if (a.k !== "Ident" || a.name !== p.name) return;
                const callee = typeOfCallee(world, sc, n.fun);
                if (callee?.k === "func" && callee.decl && ignoresParam(world, { pkg: callee.pkg, file: callee.file, decl: callee.decl }, j, depth + 1)) handled.add(a);
            });
        }
        if (n.k === "Ident" && n.name === p.name && !handled.has(n)) reads = true;
        return true;
    });
    return !reads;
}

function mergeProps(a, b) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
        if (!out[k]) out[k] = v;
        else {
            const m = { ...out[k] };
            if (m.deprecated && !v.deprecated) delete m.deprecated;
            if (m.properties && v.properties) m.properties = mergeProps(m.properties, v.properties);
            out[k] = m;
        }
    }
    return out;
}

/**
 * Follows the data of tainted parameters through a function body: Decode / json.Unmarshal targets are collected,
 * intermediate raw values (json.RawMessage, a new decoder over them) stay tainted, helpers are entered.
 */
function flowInto(world, pkg, file, decl, taintedParams, targets, opaque, depth, visiting) {
    if (!decl.body || depth > 6) return;
    const key = `${pkg.path}#${decl.name}#${decl.line}#${taintedParams.join(",")}`;
    if (visiting.has(key)) return;
    visiting.add(key);
    const sc = new FuncScope(world, pkg, file, decl);
    const tainted = new Set(decl.type.params.filter((p, i) => taintedParams[i] && p.name).map((p) => p.name));
    const isTainted = (e) => {
        if (!e) return false;
        if (e.k === "Paren") return isTainted(e.x);
        if (e.k === "Ident") return tainted.has(e.name);
        if (e.k === "Unary" && e.op === "&") return isTainted(e.x);
        if (e.k === "Call") {
            // a decoder / reader / byte slice made from tainted data
            if (!e.args.some(isTainted)) return false;
            const t = typeOfExpr(world, sc, e);
            if (isDecoderOrRaw(t)) return true;
            if (e.fun.k === "Selector" && e.fun.x.k === "Ident") {
                const ip = importOf(world, file, e.fun.x.name);
                if (["bytes", "strings", "io", "encoding/json"].includes(ip)) return true;
            }
            if (e.fun.k === "ArrayType") return true; // []byte(raw)
            return false;
        }
        return false;
    };
    const inErrorBranch = new Set();
    // mark Decode calls that run only when a previous decode failed (fallback schemas)
    walk(decl.body, (n) => {
        if (n.k === "If" && n.cond && /err/i.test(exprText(n.cond)) && /!= nil/.test(exprText(n.cond))) {
            walk(n.body, (m) => {
                if (m.k === "Call") inErrorBranch.add(m);
                return true;
            });
        }
        return true;
    });
    for (let pass = 0; pass < 2; pass++) {
        walk(decl.body, (n) => {
            if (n.k === "Assign" || (n.k === "DeclStmt" && n.decl.tok === "var")) {
                const pairs = n.k === "Assign" ? n.lhs.map((l, i) => [l, n.rhs[i] ?? n.rhs[0]]) : n.decl.specs.flatMap((s) => s.names.map((nm, i) => [{ k: "Ident", name: nm }, s.values?.[i]]));
                for (const [l, r] of pairs) if (l?.k === "Ident" && r && isTainted(r)) tainted.add(l.name);
            }
            if (n.k !== "Call" || pass === 0) return true;
            const f = n.fun;
            // X.Decode(&T)
            if (f.k === "Selector" && f.sel === "Decode" && isTainted(f.x) && n.args[0]) {
                addTarget(n.args[0], n);
                return true;
            }
            // json.Unmarshal(X, &T), yaml.Unmarshal(X, &T)
            if (f.k === "Selector" && /^Unmarshal(Strict)?$/.test(f.sel) && n.args.length >= 2 && isTainted(n.args[0])) {
                addTarget(n.args[1], n);
                return true;
            }
            const ti = n.args.map(isTainted);
            if (!ti.some(Boolean)) return true;
            if (f.k === "Ident" && BUILTINS.has(f.name)) return true;
            if (f.k === "ArrayType" || (f.k === "Ident" && ["string", "byte"].includes(f.name))) return true;
            const callee = typeOfCallee(world, sc, f);
            if (callee?.k === "func" && callee.decl?.body) {
                const sig = callee.decl.type.params;
                const tp = sig.map((_, i) => ti[i] ?? false);
                // variadic tail
                if (sig.length && sig[sig.length - 1].variadic) for (let i = sig.length; i < ti.length; i++) if (ti[i]) tp[sig.length - 1] = true;
                flowInto(world, callee.pkg, callee.file, callee.decl, tp, targets, opaque, depth + 1, visiting);
            } else if (!isTainted(n)) {
                const what = callee?.k === "external" ? `${callee.path}.${callee.name}` : exprText(f);
                if (!/^(errors|fmt|log)\b/.test(what) && !/\.(Info|Error|V|Debug|Warn)$/.test(what)) opaque.push(what);
            }
            return true;
        });
    }
    function addTarget(arg, call) {
        const t = typeOfExpr(world, sc, arg);
        if (isRawTarget(world, t)) {
            let a = arg;
            if (a.k === "Unary" && a.op === "&") a = a.x;
            if (a.k === "Ident") tainted.add(a.name);
            return;
        }
        if (targets.some((x) => x.call === call)) return;
        const deprecated = inErrorBranch.has(call) && typeDocSaysDeprecated(world, t);
        targets.push({ type: t, call, deprecated });
    }
}

function typeDocSaysDeprecated(world, t) {
    while (t?.k === "ptr") t = t.elem;
    if (t?.k !== "named" || !t.spec || !t.file) return false;
    return /deprecated/i.test(docAt(t.file, t.spec.line));
}

// ---------------------------------------------------------------------------------------------
// JSON shapes of Go types (encoding/json rules)
// ---------------------------------------------------------------------------------------------

export function schemaOf(world, t, unresolved, where, seen) {
    if (!t) return { type: "any" };
    switch (t.k) {
        case "ptr":
            return schemaOf(world, t.elem, unresolved, where, seen);
        case "basic":
            if (t.name === "string") return { type: "string" };
            if (t.name === "bool") return { type: "bool" };
            if (/^u?int/.test(t.name)) return { type: "int" };
            if (/^float/.test(t.name)) return { type: "float" };
            return { type: "any" };
        case "slice":
        case "array":
            if (t.elem?.k === "basic" && t.elem.name === "uint8") return { type: "string", encoding: "base64" };
            return { type: "array", items: schemaOf(world, t.elem, unresolved, `${where}[]`, seen) };
        case "map":
            return { type: "map", values: schemaOf(world, t.elem, unresolved, `${where}{}`, seen) };
        case "iface":
        case "typeparam":
            return { type: "any" };
        case "struct":
            return objectOf(world, t, unresolved, where, seen);
        case "named": {
            if (t.path === "time" && t.name === "Duration") return { type: "duration", encoding: "nanoseconds" };
            if (t.path === "encoding/json" && t.name === "RawMessage") return { type: "any" };
            if (t.path === "k8s.io/apimachinery/pkg/apis/meta/v1" && t.name === "Duration") return { type: "duration", encoding: "string" };
            if (t.path === "k8s.io/apimachinery/pkg/api/resource" && t.name === "Quantity") return { type: "string", format: "quantity" };
            if (!t.spec) {
                unresolved.add(`${where}: ${t.path}.${t.name} (package not readable)`);
                return { type: "any" };
            }
            markUsed(t.pkg);
            const key = `${t.path}.${t.name}`;
            const custom = findMethod(world, { k: "ptr", elem: t }, "UnmarshalJSON");
            if (custom) return customUnmarshal(world, t, custom, unresolved, where);
            if (seen.has(key)) return { type: "object", recursive: key };
            const u = underlying(world, t);
            const next = new Set(seen).add(key);
            return schemaOf(world, u, unresolved, where, next);
        }
        case "func":
        case "chan":
            return { type: "any" };
    }
    unresolved.add(`${where}: type ${typeName(t)} not resolved`);
    return { type: "any" };
}

function objectOf(world, st, unresolved, where, seen) {
    const props = {};
    const inline = [];
    for (const f of structFields(world, st)) {
        const tag = f.tag.json;
        let name = f.name;
        if (tag !== undefined) {
            const [n] = tag.split(",");
            if (n === "-" && !tag.startsWith("-,")) continue;
            if (n) name = n === "-" ? "-" : n;
            else if (f.embedded && tag !== undefined && !n) name = null;
        }
        if (f.embedded && (tag === undefined || !tag.split(",")[0])) {
            let et = f.type;
            while (et?.k === "ptr") et = et.elem;
            const u = underlying(world, et);
            if (u?.k === "struct" && !findMethod(world, { k: "ptr", elem: et }, "UnmarshalJSON")) {
                inline.push({ f, et });
                continue;
            }
            if (!/^[A-Z]/.test(f.name)) continue;
        } else if (!/^[A-Z]/.test(f.name)) continue; // unexported
        const s = schemaOf(world, f.type, unresolved, `${where}.${name}`, seen);
        const node = { ...s };
        if (deprecationOf(f.doc)) node.deprecated = true;
        props[name] = node;
    }
    for (const { f, et } of inline) {
        const key = et.k === "named" ? `${et.path}.${et.name}` : null;
        if (key && seen.has(key)) continue;
        const inner = schemaOf(world, et, unresolved, `${where}.${f.name}`, key ? new Set(seen).add(key) : seen);
        for (const [k, v] of Object.entries(inner.properties ?? {})) if (!(k in props)) props[k] = v; // shallower fields win
    }
    return { type: "object", properties: props };
}

/** A type with its own UnmarshalJSON: the shape of what it decodes its bytes into (e.g. `type raw T`), or a duration string. */
function customUnmarshal(world, t, m, unresolved, where) {
    let usesDuration = false;
    walk(m.decl.body, (n) => {
        if (n.k === "Selector" && n.sel === "ParseDuration") usesDuration = true;
        return true;
    });
    const targets = [];
    const opaque = [];
    flowInto(world, m.pkg, m.file, m.decl, m.decl.type.params.map(() => true), targets, opaque, 0, new Set());
    const self = `${t.path}.${t.name}`;
    const schemas = targets.map((tg) => schemaOf(world, tg.type, unresolved, where, new Set([self])));
    if (usesDuration && schemas.some((x) => x.type === "string")) return { type: "duration", encoding: "string" };
    const kinds = new Set(schemas.map((x) => x.type));
    if (schemas.length && kinds.size === 1) {
        if (schemas[0].type === "object") return { type: "object", properties: schemas.reduce((a, x) => mergeProps(a, x.properties ?? {}), {}) };
        return schemas[0];
    }
    unresolved.add(`${where}: ${typeName(t)} has a custom UnmarshalJSON${schemas.length ? ` accepting ${[...kinds].join(" or ")}` : ""}`);
    return { type: "any" };
}

