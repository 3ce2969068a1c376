// Command-line flags of a Go binary, parsed from its source (no Go toolchain needed).
//
// artifact (a sources.<area>.json entry, extractor "go-flags"):
//   binary   name of the binary, copied to the output
//   paths    Go files that register the binary's flags. Every flag registration in them is listed:
//            flag.String/Int/Bool/Duration/Float64/Var... and their *Var/*P/*VarP forms on the
//            standard library `flag` and spf13/pflag (package functions or a FlagSet), cobra's
//            cmd.Flags()/PersistentFlags(), MarkDeprecated/MarkHidden, Lookup(name).NoOptDefVal.
//            Calls that hand a flag set to another function or method (opts.AddFlags(fs),
//            zapOpts.BindFlags(gofs), klog.InitFlags(gofs), a project wrapper such as
//            addToggle(f, &x, "name", ...)) are followed: into the same repository (their flags are
//            listed as the binary's own) or into an external module (listed under "external",
//            read from that module's repository at the version the repository's go.mod requires).
//   modules  (optional) { "<module path>": { "repo": "owner/name", "ref": "<tag or commit>", "note"?: "..." } }
//            where to read an external module from when its repository or version tag is not the
//            default (github.com/o/n -> o/n, sigs.k8s.io/x -> kubernetes-sigs/x, k8s.io/klog/v2 ->
//            kubernetes/klog; ref = the go.mod version). Modules that cannot be read are named under
//            "unresolved".
// Output (JSON, keys sorted):
//   { "binary", "version": <ref>, "flags": { "--name": { "type", "default"?, "dynamicDefault"?,
//     "env"?, "deprecated"?, "hidden"?, "shorthand"?, "noOptDefault"?, "goType"?,
//     "acceptsBareInteger"?, "rejectedIfSet"? } }, "external"?: {...}, "unresolved"?: [...] }
// "rejectedIfSet" (the error text) marks a flag the binary's validation refuses when it is set on the command line
// (fs.Lookup(name).Changed -> return an error), e.g. deprecated flags that still exist but may no longer be used.
// "type" is the pflag type name (string, int, bool, duration, float64, stringSlice, intSlice...;
// for a custom flag.Value its Type() result, else pflag's name for a wrapped Go flag.Value).
// "default" is the flag's default as pflag prints it (its DefValue), when it is static.
// Duration flags parsed by time.ParseDuration reject a bare integer other than "0": they carry
// "acceptsBareInteger": false; a custom Value whose Set falls back to strconv carries true.
//
// The Go source toolkit (lexer, parser, package loader, constant evaluation, type resolution) is
// exported from this module and shared with router-plugins.mjs.
import * as path from "node:path";
import { openRepo } from "./repo.mjs";

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

const KEYWORDS = new Set([
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto",
    "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var",
]);
const OPERATORS = [
    "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "<<", ">>", "&^", "+", "-", "*", "/", "%", "&", "|", "^", "<", ">", "=", "!", "(", ")", "[", "]",
    "{", "}", ",", ";", ".", ":", "~",
];

/** Tokens of Go source, with automatic semicolons; comments are collected separately. */
export function lex(text) {
    const toks = [];
    const comments = [];
    let i = 0;
    let line = 1;
    let col = 1;
    let last = null;
    const needsSemi = () =>
        last && (last.k === "ident" || last.k === "int" || last.k === "float" || last.k === "imag" || last.k === "char" || last.k === "string" ||
            (last.k === "kw" && ["break", "continue", "fallthrough", "return"].includes(last.v)) ||
            (last.k === "op" && [")", "]", "}", "++", "--"].includes(last.v)));
    const push = (t) => {
        toks.push(t);
        last = t;
    };
    const semi = () => {
        if (needsSemi()) push({ k: "op", v: ";", auto: true, line, col });
    };
    const advance = (n) => {
        for (let j = 0; j < n; j++) {
            if (text[i] === "\n") {
                line++;
                col = 1;
            } else col++;
            i++;
        }
    };
    while (i < text.length) {
        const c = text[i];
        if (c === "\n") {
            semi();
            advance(1);
            continue;
        }
        if (c === " " || c === "\t" || c === "\r") {
            advance(1);
            continue;
        }
        if (c === "/" && text[i + 1] === "/") {
            let j = text.indexOf("\n", i);
            if (j < 0) j = text.length;
            comments.push({ line, endLine: line, col, text: text.slice(i, j) });
            advance(j - i);
            continue;
        }
        if (c === "/" && text[i + 1] === "*") {
            let j = text.indexOf("*/", i + 2);
            if (j < 0) j = text.length - 2;
            const body = text.slice(i, j + 2);
            const startLine = line;
            const startCol = col;
            const hasNewline = body.includes("\n");
            advance(j + 2 - i);
            comments.push({ line: startLine, endLine: line, col: startCol, text: body });
            if (hasNewline) semi();
            continue;
        }
        const tline = line;
        const tcol = col;
        if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
            let j = i + 1;
            while (j < text.length && /[A-Za-z0-9_\u0080-\uffff]/.test(text[j])) j++;
            const word = text.slice(i, j);
            push({ k: KEYWORDS.has(word) ? "kw" : "ident", v: word, line: tline, col: tcol });
            advance(j - i);
            continue;
        }
        if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
            const m = /^(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?|\.[0-9_]+(?:[eE][+-]?[0-9_]+)?)i?/.exec(text.slice(i, i + 200));
            const raw = m[0];
            let k = "int";
            if (raw.endsWith("i")) k = "imag";
            else if (!/^0[xX]/.test(raw) && /[.eE]/.test(raw)) k = "float";
            else if (/^0[xX].*[.pP]/.test(raw)) k = "float";
            push({ k, v: raw, line: tline, col: tcol });
            advance(raw.length);
            continue;
        }
        if (c === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"') {
                if (text[j] === "\\") j++;
                j++;
            }
            const raw = text.slice(i, j + 1);
            push({ k: "string", v: unquoteInterpreted(raw.slice(1, -1)), raw, line: tline, col: tcol });
            advance(j + 1 - i);
            continue;
        }
        if (c === "`") {
            let j = text.indexOf("`", i + 1);
            if (j < 0) j = text.length;
            const raw = text.slice(i, j + 1);
            push({ k: "string", v: raw.slice(1, -1).replace(/\r/g, ""), raw, line: tline, col: tcol });
            advance(j + 1 - i);
            continue;
        }
        if (c === "'") {
            let j = i + 1;
            while (j < text.length && text[j] !== "'") {
                if (text[j] === "\\") j++;
                j++;
            }
            const raw = text.slice(i, j + 1);
            const s = unquoteInterpreted(raw.slice(1, -1));
            push({ k: "char", v: s.codePointAt(0) ?? 0, raw, line: tline, col: tcol });
            advance(j + 1 - i);
            continue;
        }
        const op = OPERATORS.find((o) => text.startsWith(o, i));
        if (!op) throw new Error(`unexpected character ${JSON.stringify(c)} at line ${line}`);
        push({ k: "op", v: op, line: tline, col: tcol });
        advance(op.length);
    }
    semi();
    toks.push({ k: "EOF", v: "", line, col });
    return { toks, comments };
}

function unquoteInterpreted(s) {
    return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e) => {
        switch (e[0]) {
            case "n": return "\n";
            case "t": return "\t";
            case "r": return "\r";
            case "a": return "\x07";
            case "b": return "\b";
            case "f": return "\f";
            case "v": return "\v";
            case "x": return String.fromCharCode(parseInt(e.slice(1), 16));
            case "u":
            case "U": return String.fromCodePoint(parseInt(e.slice(1), 16));
            default:
                if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
                return e;
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Parser (a Go subset large enough for declarations and function bodies)
// ---------------------------------------------------------------------------------------------

class ParseError extends Error {}

const BINARY_PREC = {
    "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3, "+": 4, "-": 4, "|": 4, "^": 4,
    "*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5, "&": 5, "&^": 5,
};
const ASSIGN_OPS = new Set(["=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="]);

/** Parses one Go source file: { pkg, imports: [{name, path}], decls: [...], comments }. */
export function parseFile(text, fileName = "") {
    const { toks, comments } = lex(text);
    const p = new Parser(toks, fileName);
    const file = p.parseFile();
    file.comments = comments;
    file.text = text;
    return file;
}

class Parser {
    constructor(toks, fileName) {
        this.toks = toks;
        this.i = 0;
        this.fileName = fileName;
        this.noLit = false; // composite literals of bare type names are not allowed (if/for/switch headers)
        this.errors = [];
    }
    get tok() {
        return this.toks[this.i];
    }
    peek(n = 1) {
        return this.toks[Math.min(this.i + n, this.toks.length - 1)];
    }
    is(v, k) {
        const t = this.tok;
        return t.v === v && (k ? t.k === k : t.k === "op" || t.k === "kw");
    }
    isOp(v) {
        return this.tok.k === "op" && this.tok.v === v;
    }
    isKw(v) {
        return this.tok.k === "kw" && this.tok.v === v;
    }
    next() {
        return this.toks[this.i++];
    }
    fail(msg) {
        const t = this.tok;
        throw new ParseError(`${this.fileName}:${t.line}:${t.col}: ${msg} (at ${t.k} ${JSON.stringify(t.v)})`);
    }
    /** The token after the "]" matching the "[" at offset n (generic instantiation vs. array type). */
    afterBracket(n = 1) {
        let depth = 0;
        for (let j = this.i + n; j < this.toks.length; j++) {
            const t = this.toks[j];
            if (t.k === "op" && (t.v === "[" || t.v === "(" || t.v === "{")) depth++;
            else if (t.k === "op" && (t.v === "]" || t.v === ")" || t.v === "}")) {
                depth--;
                if (depth === 0) return this.toks[j + 1];
            } else if (t.k === "EOF") break;
        }
        return this.toks[this.toks.length - 1];
    }
    expectOp(v) {
        if (!this.isOp(v)) this.fail(`expected ${v}`);
        return this.next();
    }
    expectIdent() {
        if (this.tok.k !== "ident") this.fail("expected identifier");
        return this.next().v;
    }
    skipSemis() {
        while (this.isOp(";")) this.next();
    }
    optSemi() {
        if (this.isOp(";")) this.next();
    }

    parseFile() {
        this.skipSemis();
        if (!this.isKw("package")) this.fail("expected package clause");
        this.next();
        const pkg = this.expectIdent();
        this.skipSemis();
        const imports = [];
        const decls = [];
        while (this.isKw("import")) {
            this.next();
            const one = () => {
                let name = null;
                if (this.tok.k === "ident") name = this.next().v;
                else if (this.isOp(".")) {
                    this.next();
                    name = ".";
                }
                if (this.tok.k !== "string") this.fail("expected import path");
                imports.push({ name, path: this.next().v });
                this.optSemi();
            };
            if (this.isOp("(")) {
                this.next();
                this.skipSemis();
                while (!this.isOp(")")) {
                    one();
                    this.skipSemis();
                }
                this.next();
            } else one();
            this.skipSemis();
        }
        while (this.tok.k !== "EOF") {
            const start = this.i;
            try {
                decls.push(this.parseTopDecl());
            } catch (e) {
                if (!(e instanceof ParseError)) throw e;
                this.errors.push(e.message);
                // resynchronise at the next top-level declaration keyword at the start of a line
                this.i = Math.max(this.i, start + 1);
                while (this.tok.k !== "EOF" && !(this.tok.col === 1 && this.tok.k === "kw" && ["func", "type", "var", "const"].includes(this.tok.v))) this.i++;
            }
            this.skipSemis();
        }
        return { pkg, imports, decls, errors: this.errors };
    }

    parseTopDecl() {
        if (this.isKw("func")) return this.parseFuncDecl();
        if (this.isKw("type") || this.isKw("var") || this.isKw("const")) return this.parseGenDecl();
        this.fail("expected declaration");
    }

    parseFuncDecl() {
        const line = this.tok.line;
        this.next();
        let recv = null;
        if (this.isOp("(")) {
            const params = this.parseParams();
            const r = params[0];
            recv = { name: r?.name ?? null, type: r?.type };
        }
        const name = this.expectIdent();
        let typeParams = [];
        if (this.isOp("[")) typeParams = this.parseTypeParams();
        const sig = this.parseSignature();
        sig.typeParams = typeParams;
        let body = null;
        if (this.isOp("{")) body = this.parseBody();
        return { k: "FuncDecl", recv, name, type: sig, body, line, endLine: this.toks[this.i - 1].line };
    }

    parseBody() {
        const saved = this.noLit;
        this.noLit = false;
        const b = this.parseBlock();
        this.noLit = saved;
        return b;
    }

    parseTypeParams() {
        // [T any, K comparable, V interface{ ~int | ~string }]
        this.expectOp("[");
        const names = [];
        let depth = 0;
        let segStart = true;
        while (!(depth === 0 && this.isOp("]"))) {
            const t = this.next();
            if (t.k === "EOF") this.fail("unterminated type parameters");
            if (t.k === "op" && ["[", "(", "{"].includes(t.v)) depth++;
            else if (t.k === "op" && ["]", ")", "}"].includes(t.v)) depth--;
            if (segStart && t.k === "ident") names.push(t.v);
            segStart = depth === 0 && t.k === "op" && t.v === ",";
        }
        this.next();
        return names;
    }

    parseGenDecl() {
        const tok = this.next().v;
        const line = this.toks[this.i - 1].line;
        const specs = [];
        const group = this.isOp("(");
        if (group) {
            this.next();
            this.skipSemis();
            let prev = null;
            let iota = 0;
            while (!this.isOp(")")) {
                const s = this.parseSpec(tok, prev, iota);
                specs.push(s);
                if (tok === "const") {
                    prev = s;
                    iota++;
                }
                this.skipSemis();
            }
            this.next();
        } else specs.push(this.parseSpec(tok, null, 0));
        return { k: "GenDecl", tok, specs, line, group };
    }

    parseSpec(tok, prev, iota) {
        const line = this.tok.line;
        if (tok === "type") {
            const name = this.expectIdent();
            let typeParams = [];
            if (this.isOp("[") && this.peek().k === "ident" && !(this.peek(2).k === "op" && this.peek(2).v === "]")) typeParams = this.parseTypeParams();
            let alias = false;
            if (this.isOp("=")) {
                this.next();
                alias = true;
            }
            const type = this.parseType();
            return { k: "TypeSpec", name, typeParams, alias, type, line };
        }
        const names = [this.expectIdent()];
        while (this.isOp(",")) {
            this.next();
            names.push(this.expectIdent());
        }
        let type = null;
        let values = null;
        if (!this.isOp("=") && !this.isOp(";") && !this.isOp(")")) type = this.parseType();
        if (this.isOp("=")) {
            this.next();
            values = this.parseExprList();
        }
        let implicit = false;
        if (tok === "const" && !values && prev) {
            type = prev.type;
            values = prev.values;
            implicit = true;
        }
        return { k: "ValueSpec", names, type, values, iota, implicit, line };
    }

    // ----- types -----
    parseType() {
        const t = this.tryType();
        if (!t) this.fail("expected type");
        return t;
    }
    tryType() {
        const t = this.tok;
        if (t.k === "ident") {
            this.next();
            let x = { k: "Ident", name: t.v };
            if (this.isOp(".") && this.peek().k === "ident") {
                this.next();
                x = { k: "Selector", x, sel: this.next().v };
            }
            if (this.isOp("[")) {
                // generic instantiation in a type context: T[A, B]
                this.next();
                const args = [this.parseType()];
                while (this.isOp(",")) {
                    this.next();
                    if (this.isOp("]")) break;
                    args.push(this.parseType());
                }
                this.expectOp("]");
                x = { k: "Index", x, indices: args };
            }
            return x;
        }
        if (t.k === "op") {
            switch (t.v) {
                case "*":
                    this.next();
                    return { k: "Star", x: this.parseType() };
                case "[": {
                    this.next();
                    if (this.isOp("]")) {
                        this.next();
                        return { k: "ArrayType", len: null, elt: this.parseType() };
                    }
                    let len;
                    if (this.isOp("...")) {
                        this.next();
                        len = { k: "Ellipsis" };
                    } else len = this.parseRhs();
                    this.expectOp("]");
                    return { k: "ArrayType", len, elt: this.parseType() };
                }
                case "(": {
                    this.next();
                    const x = this.parseType();
                    this.expectOp(")");
                    return { k: "Paren", x };
                }
                case "<-": {
                    this.next();
                    if (!this.isKw("chan")) this.fail("expected chan");
                    this.next();
                    return { k: "ChanType", dir: "recv", value: this.parseType() };
                }
            }
            return null;
        }
        if (t.k === "kw") {
            switch (t.v) {
                case "map": {
                    this.next();
                    this.expectOp("[");
                    const key = this.parseType();
                    this.expectOp("]");
                    return { k: "MapType", key, value: this.parseType() };
                }
                case "chan": {
                    this.next();
                    let dir = "both";
                    if (this.isOp("<-")) {
                        this.next();
                        dir = "send";
                    }
                    return { k: "ChanType", dir, value: this.parseType() };
                }
                case "func": {
                    this.next();
                    return this.parseSignature();
                }
                case "struct":
                    return this.parseStructType();
                case "interface":
                    return this.parseInterfaceType();
            }
        }
        return null;
    }

    parseStructType() {
        this.next();
        this.expectOp("{");
        this.skipSemis();
        const fields = [];
        while (!this.isOp("}")) {
            const line = this.tok.line;
            let names = null;
            let type;
            if (this.isOp("*")) {
                type = this.parseType(); // embedded *T
            } else if (this.tok.k === "ident") {
                const nx = this.peek();
                const generic = nx.k === "op" && nx.v === "[" && ((a) => a.k === "string" || (a.k === "op" && (a.v === ";" || a.v === "}")))(this.afterBracket());
                if (nx.k === "op" && (nx.v === "." || nx.v === ";" || nx.v === "}")) type = this.parseType();
                else if (nx.k === "string" || generic) type = this.parseType();
                else {
                    names = [this.next().v];
                    while (this.isOp(",")) {
                        this.next();
                        names.push(this.expectIdent());
                    }
                    type = this.parseType();
                }
            } else this.fail("expected field");
            let tag = null;
            if (this.tok.k === "string") tag = this.next().v;
            fields.push({ names, type, tag, line });
            if (!this.isOp("}")) this.expectOp(";");
            this.skipSemis();
        }
        this.next();
        return { k: "StructType", fields };
    }

    parseInterfaceType() {
        this.next();
        this.expectOp("{");
        const methods = [];
        const embeds = [];
        this.skipSemis();
        while (!this.isOp("}")) {
            if (this.tok.k === "ident" && this.peek().k === "op" && this.peek().v === "(") {
                const name = this.next().v;
                methods.push({ name, type: this.parseSignature() });
            } else {
                // embedded interface or type union (~int | string)
                const start = this.i;
                let depth = 0;
                while (!(depth === 0 && (this.isOp(";") || this.isOp("}")))) {
                    const t = this.next();
                    if (t.k === "EOF") this.fail("unterminated interface");
                    if (t.k === "op" && ["(", "[", "{"].includes(t.v)) depth++;
                    if (t.k === "op" && [")", "]", "}"].includes(t.v)) depth--;
                }
                embeds.push(this.toks.slice(start, this.i).map((t) => t.v).join(""));
            }
            if (!this.isOp("}")) this.expectOp(";");
            this.skipSemis();
        }
        this.next();
        return { k: "InterfaceType", methods, embeds };
    }

    parseSignature() {
        const params = this.parseParams();
        let results = [];
        if (this.isOp("(")) results = this.parseParams();
        else {
            const save = this.i;
            const t = this.tryResultType();
            if (t) results = [{ name: null, type: t }];
            else this.i = save;
        }
        return { k: "FuncType", params, results };
    }

    tryResultType() {
        const t = this.tok;
        if (t.k === "ident" || (t.k === "op" && ["*", "[", "(", "<-"].includes(t.v)) || (t.k === "kw" && ["map", "chan", "func", "struct", "interface"].includes(t.v))) {
            if (t.k === "op" && t.v === "(") return null;
            return this.tryType();
        }
        return null;
    }

    /** ( [name] Type, ... ) -> [{name, type, variadic}] */
    parseParams() {
        this.expectOp("(");
        const saved = this.noLit;
        this.noLit = false;
        const items = [];
        this.skipSemis();
        while (!this.isOp(")")) {
            let name = null;
            let type = null;
            let variadic = false;
            if (this.tok.k === "ident") {
                const nx = this.peek();
                const generic = nx.k === "op" && nx.v === "[" && this.peek(2).k !== "op" && ((a) => a.k === "op" && (a.v === "," || a.v === ")"))(this.afterBracket());
                if (nx.k === "op" && (nx.v === "," || nx.v === ")")) {
                    name = this.next().v; // bare identifier: a name or a type, decided below
                } else if ((nx.k === "op" && nx.v === ".") || generic) {
                    type = this.parseType();
                } else {
                    name = this.next().v;
                    if (this.isOp("...")) {
                        this.next();
                        variadic = true;
                    }
                    type = this.parseType();
                }
            } else {
                if (this.isOp("...")) {
                    this.next();
                    variadic = true;
                }
                type = this.parseType();
            }
            items.push({ name, type, variadic });
            if (!this.isOp(")")) this.expectOp(",");
            this.skipSemis();
        }
        this.next();
        this.noLit = saved;
        const named = items.some((it) => it.name && it.type);
        if (!named) return items.map((it) => ({ name: null, type: it.type ?? { k: "Ident", name: it.name }, variadic: it.variadic }));
        const out = [];
        let pending = [];
        for (const it of items) {
            if (it.name && !it.type) pending.push(it);
            else {
                for (const p of pending) out.push({ name: p.name, type: it.type, variadic: it.variadic });
                pending = [];
                out.push(it);
            }
        }
        return out;
    }

    // ----- statements -----
    parseBlock() {
        this.expectOp("{");
        const list = this.parseStmtList();
        this.expectOp("}");
        return { k: "Block", list };
    }

    parseStmtList() {
        const list = [];
        this.skipSemis();
        while (!this.isOp("}") && !this.isKw("case") && !this.isKw("default") && this.tok.k !== "EOF") {
            list.push(this.parseStmt());
            if (!this.isOp("}") && !this.isKw("case") && !this.isKw("default")) this.expectOp(";");
            this.skipSemis();
        }
        return list;
    }

    parseStmt() {
        const t = this.tok;
        const line = t.line;
        if (t.k === "kw") {
            switch (t.v) {
                case "var":
                case "const":
                case "type":
                    return { k: "DeclStmt", decl: this.parseGenDecl(), line };
                case "return": {
                    this.next();
                    const results = this.isOp(";") || this.isOp("}") ? [] : this.parseExprList();
                    return { k: "Return", results, line };
                }
                case "if":
                    return this.parseIf();
                case "for":
                    return this.parseFor();
                case "switch":
                    return this.parseSwitch();
                case "select":
                    return this.parseSelect();
                case "go":
                case "defer": {
                    this.next();
                    return { k: t.v === "go" ? "Go" : "Defer", call: this.parseExpr(), line };
                }
                case "break":
                case "continue":
                case "goto":
                case "fallthrough": {
                    this.next();
                    let label = null;
                    if (this.tok.k === "ident") label = this.next().v;
                    return { k: "Branch", tok: t.v, label, line };
                }
                case "func":
                case "struct":
                case "map":
                case "chan":
                case "interface":
                    return this.parseSimpleStmt();
            }
        }
        if (t.k === "op" && t.v === "{") return this.parseBody();
        if (t.k === "op" && t.v === ";") return { k: "Empty", line };
        if (t.k === "ident" && this.peek().k === "op" && this.peek().v === ":" ) {
            const label = this.next().v;
            this.next();
            this.skipSemis();
            if (this.isOp("}")) return { k: "Labeled", label, stmt: { k: "Empty" }, line };
            return { k: "Labeled", label, stmt: this.parseStmt(), line };
        }
        return this.parseSimpleStmt();
    }

    parseSimpleStmt(rangeOk = false) {
        const line = this.tok.line;
        if (rangeOk && this.isKw("range")) {
            this.next();
            return { k: "Range", key: null, value: null, tok: null, x: this.parseExpr(), line };
        }
        const lhs = this.parseExprList();
        const t = this.tok;
        if (t.k === "op" && ASSIGN_OPS.has(t.v)) {
            this.next();
            if (rangeOk && this.isKw("range") && (t.v === "=" || t.v === ":=")) {
                this.next();
                return { k: "Range", key: lhs[0] ?? null, value: lhs[1] ?? null, tok: t.v, x: this.parseExpr(), line };
            }
            return { k: "Assign", lhs, op: t.v, rhs: this.parseExprList(), line };
        }
        if (t.k === "op" && (t.v === "++" || t.v === "--")) {
            this.next();
            return { k: "IncDec", x: lhs[0], op: t.v, line };
        }
        if (t.k === "op" && t.v === "<-") {
            this.next();
            return { k: "Send", ch: lhs[0], value: this.parseExpr(), line };
        }
        return { k: "ExprStmt", x: lhs[0], line };
    }

    parseHeader(forLoop) {
        // returns {init, cond, post} with composite literals restricted
        const saved = this.noLit;
        this.noLit = true;
        let init = null;
        let cond = null;
        let post = null;
        try {
            if (!this.isOp("{")) {
                if (!this.isOp(";")) init = this.parseSimpleStmt(forLoop);
                if (forLoop && init && init.k === "Range") return { range: init };
                if (this.isOp(";")) {
                    this.next();
                    if (!this.isOp("{") && !this.isOp(";")) cond = this.parseSimpleStmt();
                    if (forLoop) {
                        this.expectOp(";");
                        if (!this.isOp("{")) post = this.parseSimpleStmt();
                    }
                } else {
                    cond = init;
                    init = null;
                }
            }
        } finally {
            this.noLit = saved;
        }
        return { init, cond, post };
    }

    parseIf() {
        const line = this.tok.line;
        this.next();
        const h = this.parseHeader(false);
        const body = this.parseBody();
        let els = null;
        if (this.isKw("else")) {
            this.next();
            if (this.isKw("if")) els = this.parseIf();
            else els = this.parseBody();
        }
        return { k: "If", init: h.init, cond: h.cond?.x ?? h.cond, body, else: els, line };
    }

    parseFor() {
        const line = this.tok.line;
        this.next();
        const h = this.parseHeader(true);
        const body = this.parseBody();
        if (h.range) return { ...h.range, body, line };
        return { k: "For", init: h.init, cond: h.cond?.x ?? h.cond, post: h.post, body, line };
    }

    parseSwitch() {
        const line = this.tok.line;
        this.next();
        const h = this.parseHeader(false);
        this.expectOp("{");
        const clauses = [];
        this.skipSemis();
        while (!this.isOp("}")) {
            let list = null;
            if (this.isKw("case")) {
                this.next();
                list = this.parseExprList(true);
            } else if (this.isKw("default")) this.next();
            else this.fail("expected case");
            this.expectOp(":");
            clauses.push({ list, body: this.parseStmtList() });
        }
        this.next();
        return { k: "Switch", init: h.init, tag: h.cond, clauses, line };
    }

    parseSelect() {
        const line = this.tok.line;
        this.next();
        this.expectOp("{");
        const clauses = [];
        this.skipSemis();
        while (!this.isOp("}")) {
            let comm = null;
            if (this.isKw("case")) {
                this.next();
                comm = this.parseSimpleStmt();
            } else if (this.isKw("default")) this.next();
            else this.fail("expected case");
            this.expectOp(":");
            clauses.push({ comm, body: this.parseStmtList() });
        }
        this.next();
        return { k: "Select", clauses, line };
    }

    // ----- expressions -----
    parseExprList(typesOk = false) {
        const list = [this.parseExpr(typesOk)];
        while (this.isOp(",")) {
            this.next();
            list.push(this.parseExpr(typesOk));
        }
        return list;
    }

    parseRhs() {
        return this.parseExpr();
    }

    parseExpr() {
        return this.parseBinary(1);
    }

    parseBinary(prec1) {
        let x = this.parseUnary();
        for (;;) {
            const t = this.tok;
            if (t.k !== "op") return x;
            const prec = BINARY_PREC[t.v];
            if (!prec || prec < prec1) return x;
            this.next();
            const y = this.parseBinary(prec + 1);
            x = { k: "Binary", op: t.v, x, y };
        }
    }

    parseUnary() {
        const t = this.tok;
        if (t.k === "op") {
            if (["+", "-", "!", "^", "&", "~"].includes(t.v)) {
                this.next();
                return { k: "Unary", op: t.v, x: this.parseUnary() };
            }
            if (t.v === "<-") {
                this.next();
                if (this.isKw("chan")) {
                    this.next();
                    return { k: "ChanType", dir: "recv", value: this.parseType() };
                }
                return { k: "Unary", op: "<-", x: this.parseUnary() };
            }
            if (t.v === "*") {
                this.next();
                return { k: "Star", x: this.parseUnary() };
            }
        }
        return this.parsePrimary();
    }

    parseOperand() {
        const t = this.tok;
        switch (t.k) {
            case "ident":
                this.next();
                return { k: "Ident", name: t.v, line: t.line };
            case "int":
            case "float":
            case "imag":
                this.next();
                return { k: "BasicLit", kind: t.k.toUpperCase(), value: t.v };
            case "string":
                this.next();
                return { k: "BasicLit", kind: "STRING", value: t.v, raw: t.raw };
            case "char":
                this.next();
                return { k: "BasicLit", kind: "CHAR", value: t.v, raw: t.raw };
            case "op":
                if (t.v === "(") {
                    this.next();
                    const saved = this.noLit;
                    this.noLit = false;
                    const e = this.parseExpr();
                    this.noLit = saved;
                    this.expectOp(")");
                    return { k: "Paren", x: e };
                }
                if (t.v === "[") return this.parseType();
                break;
            case "kw":
                if (t.v === "func") {
                    this.next();
                    const sig = this.parseSignature();
                    if (this.isOp("{")) return { k: "FuncLit", type: sig, body: this.parseBody() };
                    return sig;
                }
                if (["map", "chan", "struct", "interface"].includes(t.v)) return this.parseType();
                break;
        }
        this.fail("expected operand");
    }

    parseExprOrType() {
        return this.parseExpr();
    }

    isLiteralType(x) {
        switch (x.k) {
            case "Ident":
                return true;
            case "Selector":
                return x.x.k === "Ident";
            case "ArrayType":
            case "MapType":
            case "StructType":
                return true;
            case "Index":
                return this.isLiteralType(x.x);
        }
        return false;
    }

    parsePrimary() {
        let x = this.parseOperand();
        for (;;) {
            const t = this.tok;
            if (t.k !== "op") return x;
            if (t.v === ".") {
                this.next();
                if (this.tok.k === "ident") {
                    x = { k: "Selector", x, sel: this.next().v };
                } else if (this.isOp("(")) {
                    this.next();
                    let type = null;
                    if (this.isKw("type")) this.next();
                    else type = this.parseType();
                    this.expectOp(")");
                    x = { k: "TypeAssert", x, type };
                } else this.fail("expected selector");
                continue;
            }
            if (t.v === "[") {
                this.next();
                const saved = this.noLit;
                this.noLit = false;
                let lo = null;
                if (!this.isOp(":")) lo = this.parseExprOrTypeArg();
                if (this.isOp(":")) {
                    this.next();
                    let hi = null;
                    let max = null;
                    if (!this.isOp("]") && !this.isOp(":")) hi = this.parseExpr();
                    if (this.isOp(":")) {
                        this.next();
                        max = this.parseExpr();
                    }
                    this.expectOp("]");
                    this.noLit = saved;
                    x = { k: "SliceExpr", x, lo, hi, max };
                    continue;
                }
                const indices = [lo];
                while (this.isOp(",")) {
                    this.next();
                    if (this.isOp("]")) break;
                    indices.push(this.parseExprOrTypeArg());
                }
                this.expectOp("]");
                this.noLit = saved;
                x = { k: "Index", x, indices };
                continue;
            }
            if (t.v === "(") {
                this.next();
                const saved = this.noLit;
                this.noLit = false;
                const args = [];
                let ellipsis = false;
                this.skipSemis();
                while (!this.isOp(")")) {
                    args.push(this.parseExprOrTypeArg());
                    if (this.isOp("...")) {
                        this.next();
                        ellipsis = true;
                    }
                    if (!this.isOp(")")) this.expectOp(",");
                    this.skipSemis();
                }
                this.next();
                this.noLit = saved;
                x = { k: "Call", fun: x, args, ellipsis, line: t.line };
                continue;
            }
            if (t.v === "{") {
                if (this.isLiteralType(x) && (!this.noLit || !["Ident", "Selector", "Index"].includes(x.k))) {
                    x = this.parseCompositeLit(x);
                    continue;
                }
                return x;
            }
            return x;
        }
    }

    parseExprOrTypeArg() {
        // call arguments and index expressions may be types: make([]T, n), new(T), f[T]
        return this.parseExpr();
    }

    parseCompositeLit(type) {
        const line = this.tok.line;
        this.expectOp("{");
        const saved = this.noLit;
        this.noLit = false;
        const elts = [];
        this.skipSemis();
        while (!this.isOp("}")) {
            let v = this.parseElement();
            if (this.isOp(":")) {
                this.next();
                v = { k: "KeyValue", key: v, value: this.parseElement() };
            }
            elts.push(v);
            if (!this.isOp("}")) this.expectOp(",");
            this.skipSemis();
        }
        this.next();
        this.noLit = saved;
        return { k: "CompositeLit", type, elts, line };
    }

    parseElement() {
        if (this.isOp("{")) return this.parseCompositeLit(null);
        return this.parseExpr();
    }
}

// ---------------------------------------------------------------------------------------------
// Source text helpers
// ---------------------------------------------------------------------------------------------

/** Go source-ish rendering of an expression (for messages and dynamic defaults). */
export function exprText(e) {
    if (!e) return "";
    switch (e.k) {
        case "Ident":
            return e.name;
        case "BasicLit":
            return e.raw ?? String(e.value);
        case "Selector":
            return `${exprText(e.x)}.${e.sel}`;
        case "Call":
            return `${exprText(e.fun)}(${e.args.map(exprText).join(", ")}${e.ellipsis ? "..." : ""})`;
        case "Star":
            return `*${exprText(e.x)}`;
        case "Unary":
            return `${e.op}${exprText(e.x)}`;
        case "Binary":
            return `${exprText(e.x)} ${e.op} ${exprText(e.y)}`;
        case "Paren":
            return `(${exprText(e.x)})`;
        case "Index":
            return `${exprText(e.x)}[${e.indices.map(exprText).join(", ")}]`;
        case "SliceExpr":
            return `${exprText(e.x)}[${exprText(e.lo)}:${exprText(e.hi)}]`;
        case "ArrayType":
            return `[${e.len ? (e.len.k === "Ellipsis" ? "..." : exprText(e.len)) : ""}]${exprText(e.elt)}`;
        case "MapType":
            return `map[${exprText(e.key)}]${exprText(e.value)}`;
        case "CompositeLit":
            return `${e.type ? exprText(e.type) : ""}{${e.elts.map(exprText).join(", ")}}`;
        case "KeyValue":
            return `${exprText(e.key)}: ${exprText(e.value)}`;
        case "FuncLit":
            return "func(...){...}";
        case "FuncType":
            return "func(...)";
        case "StructType":
            return "struct{...}";
        case "InterfaceType":
            return e.methods.length || e.embeds.length ? "interface{...}" : "interface{}";
        case "TypeAssert":
            return `${exprText(e.x)}.(${e.type ? exprText(e.type) : "type"})`;
        case "ChanType":
            return `chan ${exprText(e.value)}`;
        default:
            return `<${e.k}>`;
    }
}

/** The comment lines (without markers) directly above `line`, or trailing on it. */
export function docAt(file, line, { trailing = true } = {}) {
    const out = [];
    let l = line - 1;
    if (!file._byEnd) {
        file._byEnd = new Map();
        for (const c of file.comments) {
            if (!file._byEnd.has(c.endLine)) file._byEnd.set(c.endLine, []);
            file._byEnd.get(c.endLine).push(c);
        }
    }
    const byEnd = file._byEnd;
    for (;;) {
        const cs = byEnd.get(l);
        if (!cs || !cs.length) break;
        const c = cs[0];
        if (c.col !== undefined && lineHasCodeBefore(file, c)) break;
        out.unshift(stripComment(c.text));
        l = c.line - 1;
    }
    if (trailing) {
        for (const c of file.comments) if (c.line === line && c.col > 1) out.push(stripComment(c.text));
    }
    return out.join("\n");
}

function lineHasCodeBefore(file, c) {
    if (!file._lines) file._lines = file.text.split("\n");
    const s = file._lines[c.line - 1] ?? "";
    return s.slice(0, c.col - 1).trim() !== "";
}

function stripComment(t) {
    if (t.startsWith("//")) return t.slice(2).replace(/^ /, "");
    return t.slice(2, -2).split("\n").map((l) => l.replace(/^\s*\*? ?/, "")).join("\n");
}

/** Parses a struct tag into {key: value}. */
export function parseTag(tag) {
    const out = {};
    if (!tag) return out;
    const re = /([A-Za-z0-9_.-]+):"((?:[^"\\]|\\.)*)"/g;
    let m;
    while ((m = re.exec(tag))) out[m[1]] = m[2];
    return out;
}

/** "Deprecated: ..." paragraph of a doc comment, or undefined. */
export function deprecationOf(doc) {
    if (!doc) return undefined;
    const m = /(?:^|\n)\s*Deprecated:\s*([\s\S]*?)(?:\n\s*\n|$)/.exec(doc);
    if (!m) return undefined;
    return m[1].replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Repositories and packages
// ---------------------------------------------------------------------------------------------

/** Reads go.mod: {module, go, require: Map path->version, replace: Map path->{path, version}}. */
export function parseGoMod(text) {
    const out = { module: null, require: new Map(), replace: new Map() };
    const lines = text.replace(/\/\/.*$/gm, "").split("\n");
    let block = null;
    for (const raw of lines) {
        const l = raw.trim();
        if (!l) continue;
        if (block && l === ")") {
            block = null;
            continue;
        }
        let m;
        if ((m = /^module\s+(\S+)/.exec(l))) out.module = m[1].replace(/"/g, "");
        else if ((m = /^(require|replace|exclude|retract|tool|godebug)\s*\($/.exec(l))) block = m[1];
        else if ((m = /^require\s+(\S+)\s+(\S+)/.exec(l))) out.require.set(m[1], m[2]);
        else if ((m = /^replace\s+(.*)$/.exec(l))) addReplace(out, m[1]);
        else if (block === "require" && (m = /^(\S+)\s+(\S+)/.exec(l))) out.require.set(m[1], m[2]);
        else if (block === "replace") addReplace(out, l);
    }
    return out;
}

function addReplace(out, l) {
    const m = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)(?:\s+(\S+))?/.exec(l);
    if (m) out.replace.set(m[1], { path: m[2], version: m[3] ?? null });
}

/** Default repository (owner/name) of a Go module path. */
export function defaultRepoOfModule(mod) {
    const known = [
        [/^sigs\.k8s\.io\/([^/]+)/, (m) => `kubernetes-sigs/${m[1]}`],
        [/^k8s\.io\/klog(\/v\d+)?$/, () => "kubernetes/klog"],
        [/^k8s\.io\/([^/]+)/, (m) => `kubernetes/${m[1]}`],
        [/^github\.com\/([^/]+)\/([^/]+)/, (m) => `${m[1]}/${m[2]}`],
        [/^go\.uber\.org\/([^/]+)/, (m) => `uber-go/${m[1]}`],
        [/^gopkg\.in\/yaml\.v(\d+)/, (m) => `go-yaml/yaml`],
    ];
    for (const [re, f] of known) {
        const m = re.exec(mod);
        if (m) return f(m);
    }
    return null;
}

const STD_FIRST = /^[a-z0-9]+$/;
// packages whose API is known here and never read from source (the flag libraries themselves)
const OPAQUE_PKGS = new Set(["flag", "github.com/spf13/pflag", "github.com/spf13/cobra"]); // the first element of a standard-library import path has no dot

/** A set of Go packages: the main repository plus external modules read from other mirrors. */
export class GoWorld {
    constructor(src, artifact = {}) {
        // refresh-upstream hands over a cached reader (upstream/repo.mjs repoAt) with `all`.
        this.src = src;
        this.artifact = artifact;
        const gomodPath = artifact.goMod ?? "go.mod";
        this.gomod = parseGoMod(this.src.read(gomodPath));
        this.mainModule = { path: this.gomod.module, src: this.src, root: path.posix.dirname(gomodPath) === "." ? "" : path.posix.dirname(gomodPath), external: false };
        this.modules = new Map(); // module path -> module info (or {error})
        this.packages = new Map();
        this.unresolved = new Set();
    }

    /** Module info for an import path: {path, version, src, root, external, repo, ref} or null (stdlib / unknown). */
    moduleOf(importPath) {
        const main = this.mainModule.path;
        if (importPath === main || importPath.startsWith(main + "/")) return this.mainModule;
        const first = importPath.split("/")[0];
        if (STD_FIRST.test(first) && !first.includes(".")) return null;
        let best = null;
        for (const mod of this.gomod.require.keys()) {
            if ((importPath === mod || importPath.startsWith(mod + "/")) && (!best || mod.length > best.length)) best = mod;
        }
        if (!best) return null;
        return this.openModule(best);
    }

    openModule(mod) {
        if (this.modules.has(mod)) return this.modules.get(mod);
        const version = this.gomod.require.get(mod);
        const override = this.artifact.modules?.[mod];
        const repo = override?.repo ?? defaultRepoOfModule(mod);
        const ref = override?.ref ?? version;
        let info;
        if (!repo) info = { path: mod, version, error: `no repository known for module ${mod}` };
        else {
            const s = openRepo(repo, ref);
            if (s.error) info = { path: mod, version, repo, ref, error: s.error };
            else {
                // module root: the directory whose go.mod declares the module path (/vN may be a subdirectory)
                let root = override?.root;
                if (root === undefined) {
                    const candidates = ["", /\/(v\d+)$/.exec(mod)?.[1]].filter((x) => x !== undefined);
                    root = candidates.find((r) => {
                        const f = r ? `${r}/go.mod` : "go.mod";
                        return s.exists(f) && parseGoMod(s.read(f)).module === mod;
                    }) ?? "";
                }
                info = { path: mod, version, repo, ref, src: s, root, external: true, note: override?.note };
                if (override?.ref && override.ref !== version && s.exists("go.mod")) {
                    // tell the maintainer when the version the go.mod requires has become available
                    const tag = openRepo(repo, version);
                    if (!tag.error) console.error(`go-source: ${mod} ${version} now exists in the ${repo} mirror; sources.json reads ${override.ref}`);
                }
            }
        }
        this.modules.set(mod, info);
        return info;
    }

    /** Loads a package by import path (null when it is not available). */
    pkg(importPath) {
        if (this.packages.has(importPath)) return this.packages.get(importPath);
        if (OPAQUE_PKGS.has(importPath)) return null;
        this.packages.set(importPath, null);
        const mod = this.moduleOf(importPath);
        if (!mod || mod.error) {
            if (mod?.error) this.unresolved.add(`${mod.path}@${mod.version}: ${mod.error}`);
            return null;
        }
        const rel = importPath === mod.path ? "" : importPath.slice(mod.path.length + 1);
        const dir = [mod.root, rel].filter(Boolean).join("/");
        const pkg = this.loadDir(mod, dir, importPath);
        this.packages.set(importPath, pkg);
        return pkg;
    }

    loadDir(mod, dir, importPath) {
        const prefix = dir ? dir + "/" : "";
        const files = mod.src
            .all()
            .filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes("/") && f.endsWith(".go") && !f.endsWith("_test.go"))
            .filter((f) => !/_(windows|darwin|freebsd|openbsd|netbsd|plan9|solaris|js|wasip1|aix|dragonfly|illumos|ios|android)(_[a-z0-9]+)?\.go$/.test(f));
        if (!files.length) return null;
        const pkg = new GoPackage(this, mod, importPath, dir);
        for (const f of files) {
            const text = mod.src.read(f);
            const head = text.slice(0, 2000);
            const build = /^\/\/go:build\s+(.+)$/m.exec(head)?.[1];
            if (build && !buildConstraintOk(build)) continue;
            let file;
            try {
                file = parseFile(text, `${mod.src.repo}/${f}`);
            } catch (e) {
                if (e instanceof ParseError) {
                    this.unresolved.add(`parse ${f}: ${e.message}`);
                    continue;
                }
                throw e;
            }
            if (file.pkg === "main" && pkg.name && pkg.name !== "main") continue;
            file.path = f;
            file.module = mod;
            for (const err of file.errors) this.unresolved.add(`parse: ${err}`);
            pkg.addFile(file);
        }
        return pkg.files.length ? pkg : null;
    }

    /** Where a module was read from, for provenance in outputs. */
    moduleSources() {
        const out = {};
        for (const [mod, info] of [...this.modules.entries()].sort()) {
            if (info.error) continue;
            if (!info.used) continue;
            out[mod] = { version: info.version, repo: info.repo, ref: info.ref, commit: info.src.commit, ...(info.note ? { note: info.note } : {}) };
        }
        return out;
    }
}

function buildConstraintOk(expr) {
    // evaluate a //go:build expression for linux/amd64 with cgo, no custom tags
    const tags = new Set(["linux", "amd64", "unix", "cgo", "gc", "go1.18", "go1.20", "go1.21", "go1.22", "go1.23", "go1.24", "go1.25"]);
    const js = expr.replace(/[A-Za-z0-9_.]+/g, (w) => (tags.has(w) ? "true" : "false"));
    try {
        return Function(`return (${js});`)();
    } catch {
        return true;
    }
}

export class GoPackage {
    constructor(world, mod, path, dir) {
        this.world = world;
        this.module = mod;
        this.path = path;
        this.dir = dir;
        this.name = null;
        this.files = [];
        this.scope = new Map(); // name -> {kind, spec|decl, file, index?}
        this.methods = new Map(); // type name -> Map(method -> {decl, file})
        this.funcs = []; // every FuncDecl {decl, file}
        this.inits = [];
    }
    addFile(file) {
        if (!this.name || this.name === "main") this.name = file.pkg;
        this.files.push(file);
        for (const d of file.decls) {
            if (d.k === "FuncDecl") {
                this.funcs.push({ decl: d, file });
                if (d.recv) {
                    const tn = recvTypeName(d.recv.type);
                    if (!this.methods.has(tn)) this.methods.set(tn, new Map());
                    this.methods.get(tn).set(d.name, { decl: d, file });
                } else if (d.name === "init") this.inits.push({ decl: d, file });
                else this.scope.set(d.name, { kind: "func", decl: d, file });
            } else if (d.k === "GenDecl") {
                for (const s of d.specs) {
                    if (s.k === "TypeSpec") this.scope.set(s.name, { kind: "type", spec: s, file, decl: d });
                    else
                        s.names.forEach((n, index) => {
                            if (n !== "_") this.scope.set(n, { kind: d.tok, spec: s, file, index, decl: d });
                        });
                }
            }
        }
    }
    method(typeName, name) {
        return this.methods.get(typeName)?.get(name) ?? null;
    }
}

function recvTypeName(t) {
    while (t && (t.k === "Star" || t.k === "Paren" || t.k === "Index")) t = t.x;
    return t?.k === "Ident" ? t.name : "?";
}

/** Import path that `name` refers to in `file` (alias, or package name), or null. */
export function importOf(world, file, name) {
    file._importNames ??= new Map();
    if (file._importNames.has(name)) return file._importNames.get(name);
    let found = null;
    for (const imp of file.imports) {
        if (imp.name === "_" || imp.name === ".") continue;
        if (imp.name) {
            if (imp.name === name) {
                found = imp.path;
                break;
            }
            continue;
        }
        if (guessPkgName(imp.path) === name) {
            found = imp.path;
            break;
        }
    }
    if (!found) {
        // the package name may differ from the last path element: load the candidates
        for (const imp of file.imports) {
            if (imp.name) continue;
            const p = world.pkg(imp.path);
            if (p && p.name === name) {
                found = imp.path;
                break;
            }
        }
    }
    file._importNames.set(name, found);
    return found;
}

function guessPkgName(p) {
    let parts = p.split("/");
    let last = parts[parts.length - 1];
    // a major-version suffix (k8s.io/klog/v2, github.com/o/n/v3) is not the package name; a deeper vN (meta/v1) is
    if (/^v\d+$/.test(last) && parts.length > 1 && parts.length <= 4) last = parts[parts.length - 2];
    last = last.replace(/\.v\d+$/, "").replace(/^go-/, "").replace(/[-.]/g, "");
    return last;
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

const BASIC = new Set([
    "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    "float32", "float64", "complex64", "complex128", "byte", "rune", "error", "any",
]);

/**
 * A resolved type reference: {k: "basic", name} | {k: "named", pkg (GoPackage|null), path, name, spec?, args?}
 * | {k: "ptr", elem} | {k: "slice", elem} | {k: "array", elem} | {k: "map", key, elem} | {k: "struct", fields, ctx}
 * | {k: "iface", empty} | {k: "func", sig, ctx} | {k: "chan"} | {k: "typeparam", name} | {k: "unknown", text}
 */
export function resolveType(world, ctx, t) {
    if (!t) return { k: "unknown", text: "" };
    switch (t.k) {
        case "Paren":
            return resolveType(world, ctx, t.x);
        case "Ident": {
            if (ctx.typeParams?.includes(t.name)) return { k: "typeparam", name: t.name };
            if (ctx.localTypes?.has(t.name)) {
                const s = ctx.localTypes.get(t.name);
                return { k: "named", pkg: ctx.pkg, path: ctx.pkg?.path, name: t.name, spec: s, file: ctx.file, local: true };
            }
            const ent = ctx.pkg?.scope.get(t.name);
            if (ent?.kind === "type") return { k: "named", pkg: ctx.pkg, path: ctx.pkg.path, name: t.name, spec: ent.spec, file: ent.file };
            if (BASIC.has(t.name)) return { k: "basic", name: t.name === "byte" ? "uint8" : t.name === "rune" ? "int32" : t.name };
            return { k: "unknown", text: t.name };
        }
        case "Selector": {
            if (t.x.k !== "Ident") return { k: "unknown", text: exprText(t) };
            const ip = importOf(world, ctx.file, t.x.name);
            if (!ip) return { k: "unknown", text: exprText(t) };
            const p = world.pkg(ip);
            const ent = p?.scope.get(t.sel);
            if (ent?.kind === "type") return { k: "named", pkg: p, path: ip, name: t.sel, spec: ent.spec, file: ent.file };
            return { k: "named", pkg: null, path: ip, name: t.sel };
        }
        case "Index": {
            const base = resolveType(world, ctx, t.x);
            if (base.k === "named") base.args = t.indices.map((a) => resolveType(world, ctx, a));
            return base;
        }
        case "Star":
            return { k: "ptr", elem: resolveType(world, ctx, t.x) };
        case "ArrayType":
            return { k: t.len ? "array" : "slice", elem: resolveType(world, ctx, t.elt) };
        case "Ellipsis":
            return { k: "slice", elem: resolveType(world, ctx, t.elt) };
        case "MapType":
            return { k: "map", key: resolveType(world, ctx, t.key), elem: resolveType(world, ctx, t.value) };
        case "StructType":
            return { k: "struct", fields: t.fields, ctx };
        case "InterfaceType":
            return { k: "iface", empty: !t.methods.length && !t.embeds.length };
        case "FuncType":
            return { k: "func", sig: t, ctx };
        case "ChanType":
            return { k: "chan", elem: resolveType(world, ctx, t.value) };
    }
    return { k: "unknown", text: exprText(t) };
}

export function markUsed(pkg) {
    if (pkg?.module?.external) pkg.module.used = true;
}

/** Context for resolving names declared at the top level of a package file. */
export function fileCtx(pkg, file, extra = {}) {
    return { pkg, file, ...extra };
}

/** The underlying type of a named type (following declarations; stops at external/unknown). */
export function underlying(world, t, depth = 0) {
    while (t && t.k === "named" && t.spec && depth++ < 20) {
        const ctx = fileCtx(t.pkg, t.file, { typeParams: t.spec.typeParams });
        const u = resolveType(world, ctx, t.spec.type);
        if (u.k === "named" && u.spec === t.spec) break;
        t = u;
    }
    return t;
}

export function typeName(t) {
    switch (t?.k) {
        case "basic":
            return t.name;
        case "named":
            return `${t.pkg?.name ? t.pkg.name + "." : t.path ? shortPath(t.path) + "." : ""}${t.name}`;
        case "ptr":
            return `*${typeName(t.elem)}`;
        case "slice":
            return `[]${typeName(t.elem)}`;
        case "array":
            return `[N]${typeName(t.elem)}`;
        case "map":
            return `map[${typeName(t.key)}]${typeName(t.elem)}`;
        case "struct":
            return t.fields?.length ? "struct{...}" : "struct{}";
        case "iface":
            return t.empty ? "any" : "interface{...}";
        case "func":
            return "func";
        case "typeparam":
            return t.name;
        default:
            return t?.text ?? "?";
    }
}

function shortPath(p) {
    return guessPkgName(p);
}

/** Fields of a struct type (own, not promoted): [{name, embedded, type (resolved), tag, doc, decl}]. */
export function structFields(world, st) {
    const out = [];
    const ctx = st.ctx;
    for (const f of st.fields) {
        const type = resolveType(world, ctx, f.type);
        const tag = parseTag(f.tag);
        const doc = ctx.file ? docAt(ctx.file, f.line) : "";
        if (f.names) for (const n of f.names) out.push({ name: n, embedded: false, type, tag, doc, line: f.line });
        else {
            let b = f.type;
            while (b.k === "Star" || b.k === "Index") b = b.x;
            const n = b.k === "Selector" ? b.sel : b.name;
            out.push({ name: n, embedded: true, type, tag, doc, line: f.line });
        }
    }
    return out;
}

/** Looks up a field (promoted through embedded structs) of a type: {field, path:[names]} or null. */
export function findField(world, t, name, depth = 0) {
    if (depth > 8) return null;
    let u = underlying(world, t);
    if (u?.k === "ptr") u = underlying(world, u.elem);
    if (u?.k !== "struct") return null;
    const fields = structFields(world, u);
    const own = fields.find((f) => f.name === name);
    if (own) return { field: own, path: [own.name] };
    for (const f of fields.filter((f) => f.embedded)) {
        const r = findField(world, f.type, name, depth + 1);
        if (r) return { field: r.field, path: [f.name, ...r.path] };
    }
    return null;
}

/** Method lookup on a (possibly pointer) named type, following embedded fields. */
export function findMethod(world, t, name, depth = 0) {
    if (!t || depth > 8) return null;
    if (t.k === "ptr") return findMethod(world, t.elem, name, depth);
    if (t.k === "named" && t.pkg) {
        const m = t.pkg.method(t.name, name);
        if (m) return { ...m, pkg: t.pkg, recvType: t };
    }
    const u = underlying(world, t);
    if (u?.k === "struct") {
        for (const f of structFields(world, u).filter((f) => f.embedded)) {
            const r = findMethod(world, f.type, name, depth + 1);
            if (r) return r;
        }
    }
    return null;
}

// ---------------------------------------------------------------------------------------------
// Function scopes, expression types and static values
// ---------------------------------------------------------------------------------------------

/**
 * A function body scope: local variables with their declared type or initializer, assignments counted.
 * Scopes are flat per function (shadowing is rare in the code this reads; the first declaration wins).
 */
export class FuncScope {
    constructor(world, pkg, file, decl, parent = null) {
        this.world = world;
        this.pkg = pkg;
        this.file = file;
        this.decl = decl;
        this.parent = parent;
        this.vars = new Map(); // name -> {type?: AST, init?: AST, ctx, assigns: n, kind: "param"|"recv"|"local", index?}
        this.bindings = new Map(); // name -> {expr, scope} (arguments bound at a followed call)
        this.typeParams = [...(decl?.type?.typeParams ?? [])];
        this.localTypes = new Map();
        const sig = decl?.type;
        if (decl?.recv?.name) this.vars.set(decl.recv.name, { type: decl.recv.type, kind: "recv", assigns: 0 });
        if (decl?.recv?.type) {
            // generic receiver: func (s *Set[T]) ...
            let r = decl.recv.type;
            if (r.k === "Star") r = r.x;
            if (r.k === "Index") for (const i of r.indices) if (i.k === "Ident") this.typeParams.push(i.name);
        }
        for (const p of sig?.params ?? []) if (p.name) this.vars.set(p.name, { type: p.variadic ? { k: "Ellipsis", elt: p.type } : p.type, kind: "param", assigns: 0 });
        for (const r of sig?.results ?? []) if (r.name) this.vars.set(r.name, { type: r.type, kind: "result", assigns: 0 });
        if (decl?.body) this.collect(decl.body);
    }
    ctx() {
        return { pkg: this.pkg, file: this.file, typeParams: this.typeParams, localTypes: this.localTypes, scope: this };
    }
    declare(name, v) {
        if (name === "_") return;
        const have = this.vars.get(name);
        if (have) {
            have.assigns++;
            return;
        }
        this.vars.set(name, { ...v, assigns: 0 });
    }
    collect(node) {
        walk(node, (n) => {
            if (n.k === "FuncLit") {
                // closures share this (flat) scope: their parameters become locals
                for (const p of n.type.params) if (p.name) this.declare(p.name, { type: p.type, kind: "closure-param" });
                return true;
            }
            if (n.k === "DeclStmt" && n.decl.tok !== "import") {
                for (const s of n.decl.specs) {
                    if (s.k === "TypeSpec") this.localTypes.set(s.name, s);
                    else
                        s.names.forEach((name, i) =>
                            this.declare(name, { type: s.type, init: s.values ? (s.values.length === s.names.length ? s.values[i] : { k: "Tuple", call: s.values[0], index: i }) : null, kind: "local" }),
                        );
                }
            } else if (n.k === "Assign") {
                n.lhs.forEach((l, i) => {
                    if (l.k !== "Ident") return;
                    const init = n.rhs.length === n.lhs.length ? n.rhs[i] : { k: "Tuple", call: n.rhs[0], index: i };
                    if (n.op === ":=") this.declare(l.name, { init, kind: "local" });
                    else if (this.vars.has(l.name)) this.vars.get(l.name).assigns++;
                });
            } else if (n.k === "Range" && n.tok === ":=") {
                for (const [j, e] of [n.key, n.value].entries()) if (e?.k === "Ident") this.declare(e.name, { init: { k: "RangeOf", x: n.x, index: j }, kind: "local" });
            } else if (n.k === "IncDec" && n.x.k === "Ident" && this.vars.has(n.x.name)) this.vars.get(n.x.name).assigns++;
            return true;
        });
    }
    lookup(name) {
        return this.vars.get(name) ?? null;
    }
}

/** Calls fn on every node of an AST subtree (fn returns false to skip children). */
export function walk(node, fn) {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
        for (const n of node) walk(n, fn);
        return;
    }
    if (node.k && fn(node) === false) return;
    for (const [key, v] of Object.entries(node)) {
        if (key === "line" || key === "k" || key === "raw") continue;
        if (v && typeof v === "object") walk(v, fn);
    }
}

/** Type of an expression in a function scope (or package scope when scope is null). */
export function typeOfExpr(world, sc, e, depth = 0) {
    if (!e || depth > 25) return { k: "unknown", text: exprText(e) };
    const ctx = sc?.ctx?.() ?? sc;
    const pkg = ctx.pkg;
    switch (e.k) {
        case "Paren":
            return typeOfExpr(world, sc, e.x, depth + 1);
        case "Ident": {
            if (sc?.bindings?.has(e.name)) {
                const b = sc.bindings.get(e.name);
                return typeOfExpr(world, b.scope, b.expr, depth + 1);
            }
            const v = sc?.lookup?.(e.name);
            if (v) {
                if (v.type) return resolveType(world, ctx, v.type);
                if (v.init) return typeOfExpr(world, sc, v.init, depth + 1);
            }
            const ent = pkg?.scope.get(e.name);
            if (ent) return typeOfPkgEntry(world, pkg, ent, depth);
            if (["true", "false"].includes(e.name)) return { k: "basic", name: "bool" };
            return { k: "unknown", text: e.name };
        }
        case "BasicLit":
            return { k: "basic", name: { INT: "int", FLOAT: "float64", STRING: "string", CHAR: "int32", IMAG: "complex128" }[e.kind] };
        case "CompositeLit":
            return e.type ? resolveType(world, ctx, e.type) : { k: "unknown", text: "{...}" };
        case "Unary":
            if (e.op === "&") return { k: "ptr", elem: typeOfExpr(world, sc, e.x, depth + 1) };
            if (e.op === "!") return { k: "basic", name: "bool" };
            return typeOfExpr(world, sc, e.x, depth + 1);
        case "Star": {
            const t = typeOfExpr(world, sc, e.x, depth + 1);
            return t.k === "ptr" ? t.elem : t;
        }
        case "Selector": {
            if (e.x.k === "Ident" && !sc?.lookup?.(e.x.name) && !sc?.bindings?.has(e.x.name) && !pkg?.scope.has(e.x.name)) {
                const ip = importOf(world, ctx.file, e.x.name);
                if (ip) {
                    const p = world.pkg(ip);
                    const ent = p?.scope.get(e.sel);
                    if (ent) return typeOfPkgEntry(world, p, ent, depth);
                    if ((ip === "flag" || ip === "github.com/spf13/pflag") && e.sel === "CommandLine") return { k: "ptr", elem: { k: "named", pkg: null, path: ip, name: "FlagSet" } };
                    return { k: "named", pkg: null, path: ip, name: e.sel, qualifiedValue: true };
                }
            }
            const xt = typeOfExpr(world, sc, e.x, depth + 1);
            const f = findField(world, xt, e.sel);
            if (f) return f.field.type;
            const m = findMethod(world, xt, e.sel);
            if (m) return { k: "func", sig: m.decl.type, ctx: fileCtx(m.pkg, m.file, { typeParams: m.decl.type.typeParams }), method: m };
            return { k: "unknown", text: exprText(e) };
        }
        case "Call": {
            const f = e.fun;
            // conversions and builtins
            if (f.k === "Ident" && ["new"].includes(f.name)) return { k: "ptr", elem: resolveType(world, ctx, e.args[0]) };
            if (f.k === "Ident" && ["make"].includes(f.name)) return resolveType(world, ctx, e.args[0]);
            if (f.k === "Ident" && ["len", "cap", "copy"].includes(f.name)) return { k: "basic", name: "int" };
            if (f.k === "Ident" && ["append"].includes(f.name)) return typeOfExpr(world, sc, e.args[0], depth + 1);
            if (f.k === "ArrayType" || f.k === "MapType" || f.k === "Paren" || f.k === "Star" || f.k === "FuncType") {
                const rt = resolveType(world, ctx, f.k === "Paren" ? f.x : f);
                if (rt.k !== "unknown") return rt;
            }
            const ft = typeOfCallee(world, sc, f, depth);
            if (ft?.conversion) return ft.conversion;
            if (ft?.k === "func") {
                const r = ft.sig.results?.[0];
                if (!r) return { k: "unknown", text: exprText(e) };
                return resolveType(world, ft.ctx, r.type);
            }
            if (f.k === "Selector" && f.x.k === "Ident") {
                // well-known library constructors
                const ip = ctx.file ? importOf(world, ctx.file, f.x.name) : null;
                if (ip === "encoding/json" && f.sel === "NewDecoder") return { k: "ptr", elem: { k: "named", pkg: null, path: "encoding/json", name: "Decoder" } };
                if ((ip === "flag" || ip === "github.com/spf13/pflag") && f.sel === "NewFlagSet") return { k: "ptr", elem: { k: "named", pkg: null, path: ip, name: "FlagSet" } };
            }
            return { k: "unknown", text: exprText(e) };
        }
        case "Tuple": {
            const ft = typeOfCallee(world, sc, e.call.k === "Call" ? e.call.fun : e.call, depth);
            if (ft?.k === "func") {
                const r = ft.sig.results?.[e.index];
                if (r) return resolveType(world, ft.ctx, r.type);
            }
            if (e.call.k === "TypeAssert" && e.index === 0) return resolveType(world, ctx, e.call.type);
            if (e.call.k === "Index" && e.index === 0) return typeOfExpr(world, sc, e.call, depth + 1);
            return { k: "unknown", text: exprText(e.call) };
        }
        case "TypeAssert":
            return e.type ? resolveType(world, ctx, e.type) : { k: "unknown", text: exprText(e) };
        case "Index": {
            const xt = underlying(world, typeOfExpr(world, sc, e.x, depth + 1));
            if (xt.k === "map" || xt.k === "slice" || xt.k === "array") return xt.elem;
            if (xt.k === "func") return typeOfExpr(world, sc, { k: "Call", fun: e, args: [] }, depth + 1);
            return { k: "unknown", text: exprText(e) };
        }
        case "RangeOf": {
            const xt = underlying(world, typeOfExpr(world, sc, e.x, depth + 1));
            if (e.index === 0) return xt.k === "map" ? xt.key : { k: "basic", name: "int" };
            return xt.elem ?? { k: "unknown", text: "range" };
        }
        case "Binary":
            if (["==", "!=", "<", "<=", ">", ">=", "&&", "||"].includes(e.op)) return { k: "basic", name: "bool" };
            {
                const l = typeOfExpr(world, sc, e.x, depth + 1);
                return l.k === "unknown" || (l.k === "basic" && ["int", "float64"].includes(l.name)) ? typeOfExpr(world, sc, e.y, depth + 1) : l;
            }
        case "FuncLit":
            return { k: "func", sig: e.type, ctx };
        default:
            return resolveType(world, ctx, e);
    }
}

function typeOfPkgEntry(world, pkg, ent, depth) {
    const ctx = fileCtx(pkg, ent.file);
    if (ent.kind === "func") return { k: "func", sig: ent.decl.type, ctx: fileCtx(pkg, ent.file, { typeParams: ent.decl.type.typeParams }), decl: ent.decl, pkg, file: ent.file };
    if (ent.kind === "type") return { k: "typename", type: { k: "named", pkg, path: pkg.path, name: ent.spec.name, spec: ent.spec, file: ent.file } };
    if (ent.spec.type) return resolveType(world, ctx, ent.spec.type);
    const v = ent.spec.values?.[ent.index] ?? (ent.spec.values?.length === 1 ? { k: "Tuple", call: ent.spec.values[0], index: ent.index } : null);
    if (v) return typeOfExpr(world, ctx, v, depth + 1);
    return { k: "unknown", text: ent.spec.names[ent.index] };
}

/** The function type of a callee expression ({k:"func", sig, ctx, decl?, method?}) or {conversion: type}. */
export function typeOfCallee(world, sc, f, depth = 0) {
    const ctx = sc?.ctx?.() ?? sc;
    if (f.k === "Index") f = f.x; // generic instantiation F[T](...)
    if (f.k === "Ident") {
        if (sc?.lookup?.(f.name) || sc?.bindings?.has(f.name)) {
            const t = typeOfExpr(world, sc, f, depth + 1);
            return t.k === "func" ? t : null;
        }
        const ent = ctx.pkg?.scope.get(f.name);
        if (ent?.kind === "func") return { k: "func", sig: ent.decl.type, ctx: fileCtx(ctx.pkg, ent.file, { typeParams: ent.decl.type.typeParams }), decl: ent.decl, pkg: ctx.pkg, file: ent.file };
        if (ent?.kind === "type" || BASIC.has(f.name)) return { conversion: resolveType(world, ctx, f) };
        if (ent) {
            const t = typeOfPkgEntry(world, ctx.pkg, ent, depth);
            return t.k === "func" ? t : null;
        }
        return null;
    }
    if (f.k === "Selector") {
        if (f.x.k === "Ident" && !sc?.lookup?.(f.x.name) && !sc?.bindings?.has(f.x.name) && !ctx.pkg?.scope.has(f.x.name)) {
            const ip = ctx.file ? importOf(world, ctx.file, f.x.name) : null;
            if (ip) {
                const p = world.pkg(ip);
                const ent = p?.scope.get(f.sel);
                if (ent?.kind === "func") return { k: "func", sig: ent.decl.type, ctx: fileCtx(p, ent.file, { typeParams: ent.decl.type.typeParams }), decl: ent.decl, pkg: p, file: ent.file };
                if (ent?.kind === "type") return { conversion: { k: "named", pkg: p, path: ip, name: f.sel, spec: ent.spec, file: ent.file } };
                if (ent) {
                    const t = typeOfPkgEntry(world, p, ent, depth);
                    return t.k === "func" ? t : null;
                }
                if (!p) {
                    if (ip === "time" && f.sel === "Duration") return { conversion: { k: "named", pkg: null, path: "time", name: "Duration" } };
                    return { k: "external", path: ip, name: f.sel };
                }
                return null;
            }
        }
        const xt = typeOfExpr(world, sc, f.x, depth + 1);
        const m = findMethod(world, xt, f.sel);
        if (m) return { k: "func", sig: m.decl.type, ctx: fileCtx(m.pkg, m.file, { typeParams: m.decl.type.typeParams }), decl: m.decl, pkg: m.pkg, file: m.file, recv: f.x, recvType: xt, method: m };
        const fld = findField(world, xt, f.sel);
        if (fld) {
            const u = underlying(world, fld.field.type);
            if (u.k === "func") return u;
        }
        return { k: "unknown-method", recvType: xt, name: f.sel };
    }
    if (f.k === "Paren") return typeOfCallee(world, sc, f.x, depth);
    if (f.k === "FuncLit") return { k: "func", sig: f.type, ctx, lit: f };
    return null;
}

// ----- static values -----

const NS = { Nanosecond: 1n, Microsecond: 1000n, Millisecond: 1000000n, Second: 1000000000n, Minute: 60000000000n, Hour: 3600000000000n };

/**
 * Static value of an expression, or {unknown: reason}. Values: string | number | bigint | boolean | null
 * | {dur: bigint} | {struct: {type, fields: Map(name -> {expr, scope})}} | {list: [values]} | {map: [[k, v]]}.
 */
export function evalExpr(world, sc, e, depth = 0) {
    if (!e) return { unknown: "nothing" };
    if (depth > 40) return { unknown: exprText(e) };
    const ctx = sc?.ctx?.() ?? sc;
    const pkg = ctx.pkg;
    switch (e.k) {
        case "BasicLit":
            switch (e.kind) {
                case "STRING":
                    return e.value;
                case "INT":
                    return parseGoInt(e.value);
                case "FLOAT":
                    return parseFloat(e.value.replace(/_/g, ""));
                case "CHAR":
                    return e.value;
            }
            return { unknown: exprText(e) };
        case "Paren":
            return evalExpr(world, sc, e.x, depth + 1);
        case "Ident": {
            if (e.name === "true") return true;
            if (e.name === "false") return false;
            if (e.name === "nil") return null;
            if (e.name === "iota") return ctx.iota ?? 0;
            if (sc?.bindings?.has(e.name)) {
                const b = sc.bindings.get(e.name);
                return evalExpr(world, b.scope, b.expr, depth + 1);
            }
            const v = sc?.lookup?.(e.name);
            if (v) {
                if (v.kind === "recv" && sc.recvValue) return sc.recvValue(depth);
                if (v.kind === "param" || v.kind === "recv" || v.kind === "result" || v.kind === "closure-param") return { unknown: e.name };
                if (v.init) {
                    const val = evalExpr(world, sc, v.init, depth + 1);
                    if (v.assigns > 0 && !isUnknown(val)) return { unknown: `${e.name} (reassigned at run time; initially ${showValue(val)})`, initial: val, reassigned: e.name };
                    return val;
                }
                if (v.type) {
                    const z = zeroValue(world, resolveType(world, ctx, v.type));
                    if (v.assigns > 0) return { unknown: `${e.name} (assigned at run time)`, initial: z, reassigned: e.name };
                    return z;
                }
                return { unknown: e.name };
            }
            const ent = pkg?.scope.get(e.name);
            if (ent) return evalPkgEntry(world, pkg, ent, depth);
            return { unknown: e.name };
        }
        case "Selector": {
            if (e.x.k === "Ident" && !sc?.lookup?.(e.x.name) && !sc?.bindings?.has(e.x.name) && !pkg?.scope.has(e.x.name)) {
                const ip = ctx.file ? importOf(world, ctx.file, e.x.name) : null;
                if (ip === "time" && NS[e.sel] !== undefined) return { dur: NS[e.sel] };
                if (ip === "math" && /^Max|^Min|^Pi$|^E$/.test(e.sel)) return mathConst(e.sel);
                if (ip) {
                    const p = world.pkg(ip);
                    const ent = p?.scope.get(e.sel);
                    if (ent) return evalPkgEntry(world, p, ent, depth);
                    return { unknown: exprText(e) };
                }
            }
            const x = evalExpr(world, sc, e.x, depth + 1);
            if (x && x.struct) return structField(world, x, e.sel, depth);
            return { unknown: exprText(e) };
        }
        case "Unary": {
            if (e.op === "&") return evalExpr(world, sc, e.x, depth + 1);
            const x = evalExpr(world, sc, e.x, depth + 1);
            if (isUnknown(x)) return x;
            if (e.op === "-") return x?.dur !== undefined ? { dur: -x.dur } : typeof x === "bigint" ? -x : -x;
            if (e.op === "+") return x;
            if (e.op === "!") return !x;
            if (e.op === "^" && typeof x === "bigint") return ~x;
            return { unknown: exprText(e) };
        }
        case "Star":
            return evalExpr(world, sc, e.x, depth + 1);
        case "Binary": {
            const x = evalExpr(world, sc, e.x, depth + 1);
            const y = evalExpr(world, sc, e.y, depth + 1);
            if (isUnknown(x)) return x;
            if (isUnknown(y)) return y;
            return binaryOp(e.op, x, y) ?? { unknown: exprText(e) };
        }
        case "Call":
            return evalCall(world, sc, e, depth);
        case "CompositeLit": {
            const t = e.type ? resolveType(world, ctx, e.type) : ctx.eltType ?? { k: "unknown", text: "{...}" };
            const u = underlying(world, t);
            if (u.k === "struct") {
                const fields = new Map();
                const own = structFields(world, u);
                e.elts.forEach((el, i) => {
                    if (el.k === "KeyValue" && el.key.k === "Ident") fields.set(el.key.name, { expr: el.value, scope: sc, type: own.find((f) => f.name === el.key.name)?.type });
                    else if (el.k !== "KeyValue" && own[i]) fields.set(own[i].name, { expr: el, scope: sc, type: own[i].type });
                });
                return { struct: { type: t, fields } };
            }
            if (u.k === "slice" || u.k === "array") {
                return { list: e.elts.map((el) => evalElt(world, sc, el.k === "KeyValue" ? el.value : el, u.elem, depth)) };
            }
            if (u.k === "map") return { map: e.elts.filter((el) => el.k === "KeyValue").map((el) => [evalElt(world, sc, el.key, u.key, depth), evalElt(world, sc, el.value, u.elem, depth)]) };
            return { unknown: exprText(e), composite: e };
        }
        case "FuncLit":
            return { unknown: "func literal" };
    }
    return { unknown: exprText(e) };
}

function evalElt(world, sc, el, eltType, depth) {
    if (el.k === "CompositeLit" && !el.type) {
        const c = { ...(sc?.ctx?.() ?? sc), eltType };
        const scope = sc instanceof FuncScope ? Object.assign(Object.create(sc), { ctx: () => c }) : c;
        return evalExpr(world, scope, el, depth + 1);
    }
    return evalExpr(world, sc, el, depth + 1);
}

function mathConst(name) {
    const m = {
        MaxInt: 9223372036854775807n, MaxInt64: 9223372036854775807n, MaxInt32: 2147483647n, MaxInt16: 32767n, MaxInt8: 127n,
        MinInt64: -9223372036854775808n, MinInt32: -2147483648n, MaxUint32: 4294967295n, MaxUint16: 65535n, MaxUint8: 255n,
        MaxFloat64: Number.MAX_VALUE, SmallestNonzeroFloat64: 5e-324, Pi: Math.PI, E: Math.E,
    };
    return m[name] ?? { unknown: `math.${name}` };
}

function parseGoInt(s) {
    s = s.replace(/_/g, "");
    if (/^0[0-7]+$/.test(s)) return BigInt("0o" + s.slice(1));
    return BigInt(s.replace(/^0([bBoOxX])/, (m, x) => "0" + x.toLowerCase()));
}

export function isUnknown(v) {
    return v !== null && typeof v === "object" && "unknown" in v;
}

function num(x) {
    return typeof x === "bigint" ? Number(x) : x;
}

function binaryOp(op, x, y) {
    const isDur = (v) => v && typeof v === "object" && "dur" in v;
    if (isDur(x) || isDur(y)) {
        const a = isDur(x) ? x.dur : x;
        const b = isDur(y) ? y.dur : y;
        const big = (v) => (typeof v === "bigint" ? v : BigInt(Math.round(v * 1e6)) * 1n);
        switch (op) {
            case "*":
                if (typeof a === "number" || typeof b === "number") return { dur: BigInt(Math.round(num(a) * num(b))) };
                return { dur: a * b };
            case "+":
                return { dur: big(a) + big(b) };
            case "-":
                return { dur: big(a) - big(b) };
            case "/":
                return isDur(x) && isDur(y) ? a / b : { dur: typeof b === "bigint" ? a / b : BigInt(Math.round(Number(a) / b)) };
        }
        return undefined;
    }
    if (typeof x === "string" && typeof y === "string") {
        if (op === "+") return x + y;
        if (op === "==") return x === y;
        if (op === "!=") return x !== y;
        return undefined;
    }
    if (typeof x === "boolean" && typeof y === "boolean") {
        if (op === "&&") return x && y;
        if (op === "||") return x || y;
        if (op === "==") return x === y;
        if (op === "!=") return x !== y;
    }
    if ((typeof x === "bigint" || typeof x === "number") && (typeof y === "bigint" || typeof y === "number")) {
        if (typeof x === "bigint" && typeof y === "bigint") {
            switch (op) {
                case "+": return x + y;
                case "-": return x - y;
                case "*": return x * y;
                case "/": return y === 0n ? undefined : x / y;
                case "%": return y === 0n ? undefined : x % y;
                case "<<": return x << y;
                case ">>": return x >> y;
                case "&": return x & y;
                case "|": return x | y;
                case "^": return x ^ y;
                case "&^": return x & ~y;
            }
        }
        const a = num(x);
        const b = num(y);
        switch (op) {
            case "+": return a + b;
            case "-": return a - b;
            case "*": return a * b;
            case "/": return a / b;
            case "==": return a === b;
            case "!=": return a !== b;
            case "<": return a < b;
            case "<=": return a <= b;
            case ">": return a > b;
            case ">=": return a >= b;
        }
    }
    return undefined;
}

function evalPkgEntry(world, pkg, ent, depth) {
    if (ent.kind === "const" || ent.kind === "var") {
        const s = ent.spec;
        const ctx = fileCtx(pkg, ent.file, { iota: BigInt(s.iota ?? 0) });
        const v = s.values?.[ent.index];
        if (!v) {
            if (s.type) return zeroValue(world, resolveType(world, ctx, s.type));
            return { unknown: s.names[ent.index] };
        }
        const val = evalExpr(world, ctx, v, depth + 1);
        if (s.type && !isUnknown(val)) return convert(world, resolveType(world, ctx, s.type), val);
        return val;
    }
    return { unknown: ent.spec?.name ?? "?" };
}

function convert(world, t, v) {
    const u = underlying(world, t);
    if (t?.k === "named" && t.path === "time" && t.name === "Duration") return typeof v === "bigint" ? { dur: v } : typeof v === "number" ? { dur: BigInt(Math.round(v)) } : v;
    if (u?.k === "basic") {
        if (u.name.startsWith("float") && typeof v === "bigint") return Number(v);
        if (/^u?int/.test(u.name) && typeof v === "number" && Number.isInteger(v)) return BigInt(v);
        if (/^u?int/.test(u.name) && v && typeof v === "object" && "dur" in v) return v.dur;
        if (u.name === "string" && typeof v === "bigint") return String.fromCodePoint(Number(v));
    }
    return v;
}

function evalCall(world, sc, e, depth) {
    const ctx = sc?.ctx?.() ?? sc;
    const f = e.fun;
    if (f.k === "Ident" && f.name === "len" && e.args.length === 1) {
        const v = evalExpr(world, sc, e.args[0], depth + 1);
        if (typeof v === "string") return BigInt(v.length);
        if (v?.list) return BigInt(v.list.length);
        return { unknown: exprText(e) };
    }
    if (f.k === "Ident" && ["make", "new"].includes(f.name)) {
        const t = resolveType(world, ctx, e.args[0]);
        const u = underlying(world, t);
        if (f.name === "make" && (u.k === "slice" || u.k === "map")) return u.k === "map" ? { map: [] } : { list: [] };
        if (f.name === "new") return zeroValue(world, t);
        return { unknown: exprText(e) };
    }
    const callee = typeOfCallee(world, sc, f, depth);
    if (callee?.conversion && e.args.length === 1) {
        const v = evalExpr(world, sc, e.args[0], depth + 1);
        if (isUnknown(v)) return v;
        return convert(world, callee.conversion, v);
    }
    if (f.k === "Selector" && f.x.k === "Ident") {
        const ip = ctx.file ? importOf(world, ctx.file, f.x.name) : null;
        const args = () => e.args.map((a) => evalExpr(world, sc, a, depth + 1));
        if (ip === "strings" && f.sel === "Join") {
            const [l, sep] = args();
            if (l?.list && typeof sep === "string" && l.list.every((x) => typeof x === "string")) return l.list.join(sep);
        }
        if (ip === "strings" && ["ToLower", "ToUpper", "TrimSpace"].includes(f.sel)) {
            const [s] = args();
            if (typeof s === "string") return f.sel === "ToLower" ? s.toLowerCase() : f.sel === "ToUpper" ? s.toUpperCase() : s.trim();
        }
        if (ip === "fmt" && f.sel === "Sprintf") {
            const [fmtStr, ...rest] = args();
            if (typeof fmtStr === "string" && rest.every((x) => !isUnknown(x))) {
                let i = 0;
                return fmtStr.replace(/%[-+# 0]*\d*(?:\.\d+)?[vsdqtfg%]/g, (m) => (m === "%%" ? "%" : m.endsWith("q") ? JSON.stringify(rest[i++]) : showValue(rest[i++])));
            }
        }
        if (ip === "strconv" && f.sel === "Itoa") {
            const [n] = args();
            if (typeof n === "bigint") return n.toString();
        }
        if (ip === "os" && ["Getenv", "LookupEnv"].includes(f.sel)) {
            const [n] = args();
            return { unknown: exprText(e), env: typeof n === "string" ? [n] : [] };
        }
        if (ip === "time" && f.sel === "Duration") return callee?.conversion ? undefined : { unknown: exprText(e) };
    }
    // a function of the loaded packages whose body returns a static value (constructors: NewOptions(), DefaultConfig())
    if (callee?.k === "func" && callee.decl?.body) {
        const fsc = new FuncScope(world, callee.pkg ?? callee.ctx.pkg, callee.file ?? callee.ctx.file, callee.decl);
        callee.decl.type.params.forEach((p, i) => {
            if (p.name && e.args[i]) fsc.bindings.set(p.name, { expr: e.args[i], scope: sc });
        });
        if (callee.recv) fsc.recvValue = (d) => evalExpr(world, sc, callee.recv, d + 1);
        const rets = [];
        walk(callee.decl.body, (n) => {
            if (n.k === "FuncLit") return false;
            if (n.k === "Return" && n.results.length) rets.push(n.results[0]);
            return true;
        });
        // the last return is the normal path (earlier ones are usually error exits)
        const candidates = rets.filter((r) => !(r.k === "Ident" && r.name === "nil"));
        if (candidates.length) {
            const v = evalExpr(world, fsc, candidates[candidates.length - 1], depth + 1);
            return v;
        }
    }
    return { unknown: exprText(e) };
}

/** Field of a struct value (falls back to the zero value of the field's type; promoted fields too). */
export function structField(world, sv, name, depth = 0) {
    const s = sv.struct;
    if (s.fields.has(name)) {
        const f = s.fields.get(name);
        const v = evalExpr(world, f.scope, f.expr, depth + 1);
        return f.type && !isUnknown(v) ? convert(world, f.type, v) : v;
    }
    const ff = findField(world, s.type, name);
    if (!ff) return { unknown: `.${name}` };
    if (ff.path.length > 1) {
        // promoted through an embedded struct
        const emb = structField(world, sv, ff.path[0], depth + 1);
        if (emb?.struct) return structField(world, emb, name, depth + 1);
        return emb;
    }
    return zeroValue(world, ff.field.type);
}

export function zeroValue(world, t) {
    if (t?.k === "named" && t.path === "time" && t.name === "Duration") return { dur: 0n };
    const u = underlying(world, t);
    switch (u?.k) {
        case "basic":
            if (u.name === "string") return "";
            if (u.name === "bool") return false;
            if (u.name.startsWith("float")) return 0;
            if (/^u?int/.test(u.name)) return 0n;
            return null;
        case "struct":
            return { struct: { type: t, fields: new Map() } };
        case "slice":
        case "map":
        case "ptr":
        case "func":
        case "iface":
        case "chan":
            return null;
    }
    return { unknown: `zero ${typeName(t)}` };
}

export function showValue(v) {
    if (v === null) return "nil";
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") return formatFloat(v);
    if (typeof v === "string") return v;
    if (typeof v === "boolean") return String(v);
    if (v?.dur !== undefined) return formatDuration(v.dur);
    if (v?.list) return `[${v.list.map(showValue).join(" ")}]`;
    if (v?.unknown) return v.unknown;
    return "?";
}

/** Go's time.Duration.String(). */
export function formatDuration(d) {
    d = BigInt(d);
    if (d === 0n) return "0s";
    const neg = d < 0n;
    let u = neg ? -d : d;
    let out;
    if (u < 1000000000n) {
        let unit;
        let div;
        if (u < 1000n) return `${neg ? "-" : ""}${u}ns`;
        if (u < 1000000n) {
            unit = "µs";
            div = 1000n;
        } else {
            unit = "ms";
            div = 1000000n;
        }
        out = fracString(u, div) + unit;
    } else {
        const h = u / 3600000000000n;
        u -= h * 3600000000000n;
        const m = u / 60000000000n;
        u -= m * 60000000000n;
        out = (h ? `${h}h` : "") + (h || m ? `${m}m` : "") + fracString(u, 1000000000n) + "s";
    }
    return (neg ? "-" : "") + out;
}

function fracString(v, div) {
    const whole = v / div;
    let frac = (v % div).toString().padStart(div.toString().length - 1, "0").replace(/0+$/, "");
    return frac ? `${whole}.${frac}` : `${whole}`;
}

/** strconv.FormatFloat(f, 'g', -1, 64) */
export function formatFloat(f) {
    if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
    let s = String(f);
    if (/e/.test(s)) {
        s = s.replace(/e([+-])(\d)$/, "e$10$2");
    }
    return s;
}

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

// pflag / flag registration methods: method name -> [type, argument layout]
// layout: p = pointer, n = name, s = shorthand, d = default, u = usage, v = Value
const FLAG_TYPES = {
    String: "string", Bool: "bool", Int: "int", Int8: "int8", Int16: "int16", Int32: "int32", Int64: "int64", Uint: "uint",
    Uint8: "uint8", Uint16: "uint16", Uint32: "uint32", Uint64: "uint64", Float32: "float32", Float64: "float64",
    Duration: "duration", StringSlice: "stringSlice", StringArray: "stringArray", IntSlice: "intSlice", Int32Slice: "int32Slice",
    Int64Slice: "int64Slice", UintSlice: "uintSlice", BoolSlice: "boolSlice", Float32Slice: "float32Slice",
    Float64Slice: "float64Slice", DurationSlice: "durationSlice", StringToString: "stringToString", StringToInt: "stringToInt",
    StringToInt64: "stringToInt64", IP: "ip", IPSlice: "ipSlice", IPMask: "ipMask", IPNet: "ipNet", BytesHex: "bytesHex",
    BytesBase64: "bytesBase64", Count: "count", Time: "time",
};
const FLAG_PKGS = new Set(["flag", "github.com/spf13/pflag"]);

function flagCallShape(method) {
    // returns {type, layout} or null
    let m;
    if (method === "Var") return { type: null, layout: "vnu" };
    if (method === "VarP") return { type: null, layout: "vnsu" };
    if (method === "Func" || method === "BoolFunc") return { type: method === "BoolFunc" ? "boolfunc" : "func", layout: "nuf" };
    if (method === "TextVar") return { type: "text", layout: "pndu" };
    if ((m = /^([A-Z][A-Za-z0-9]*?)(Var)?(P)?$/.exec(method)) && FLAG_TYPES[m[1]]) {
        const base = FLAG_TYPES[m[1]];
        const count = m[1] === "Count";
        let layout = (m[2] ? "p" : "") + "n" + (m[3] ? "s" : "") + (count ? "" : "d") + "u";
        return { type: base, layout };
    }
    return null;
}

/** pflag's DefValue rendering of a static value for a flag type. */
function renderDefault(type, v) {
    if (v === null || v === undefined) {
        if (/Slice$|Array$/.test(type)) return "[]";
        if (/^stringTo/.test(type)) return "[]";
        return "";
    }
    if (type === "duration") {
        if (v?.dur !== undefined) return formatDuration(v.dur);
        if (typeof v === "bigint") return formatDuration(v);
    }
    if (/^float/.test(type)) return formatFloat(num(v));
    if (/Slice$|Array$/.test(type)) {
        if (v?.list) return `[${v.list.map((x) => showValue(x)).join(",")}]`;
    }
    if (/^stringTo/.test(type) && v?.map) return `[${v.map.map(([a, b]) => `${showValue(a)}=${showValue(b)}`).join(",")}]`;
    if (type === "bool") return String(Boolean(v));
    return showValue(v);
}

/** Is `t` (resolved) a *flag.FlagSet / *pflag.FlagSet (or a cobra command)? */
function flagSetKind(world, t) {
    if (t?.k === "ptr") t = t.elem;
    if (t?.k === "named" && FLAG_PKGS.has(t.path) && t.name === "FlagSet") return t.path === "flag" ? "go" : "pflag";
    return null;
}

/**
 * Collects flag registrations in function bodies. Each flag: {name, type, default?, dynamicDefault?, env?,
 * deprecated?, hidden?, shorthand?, noOptDefault?, goType?, acceptsBareInteger?, origin: module path}.
 */
export class FlagCollector {
    constructor(world) {
        this.world = world;
        this.flags = new Map(); // name -> flag
        this.pendingOps = []; // deprecations etc. applied after collection
        this.visited = new Set();
        this.via = [];
        this.unresolved = new Set();
    }

    /** Scans every function of a file (with no caller bindings). */
    scanFile(pkg, file) {
        // package-level initializers: var port = flag.Int("port", 8080, "...")
        const pkgScope = new FuncScope(this.world, pkg, file, null);
        for (const d of file.decls) if (d.k === "GenDecl" && d.tok === "var") for (const s of d.specs) if (s.values) this.scanFunc(pkgScope, s.values, { top: true });
        for (const d of file.decls) {
            if (d.k !== "FuncDecl" || !d.body) continue;
            const sc = new FuncScope(this.world, pkg, file, d);
            if (d.recv?.name) sc.recvValue = constructorValue(this.world, sc, d);
            this.scanFunc(sc, d.body, { top: true });
            this.scanRejections(sc, d.body);
        }
    }

    /**
     * Flags a validation step refuses when they are set on the command line:
     *   if f := fs.Lookup("name"); f != nil && f.Changed { return fmt.Errorf(...) }
     *   for name := range deprecatedFlags { if f := fs.Lookup(name); f != nil && f.Changed { return ...Errorf(...) } }
     */
    scanRejections(sc, body) {
        const w = this.world;
        const visit = (node, rangeKeys) => {
            walk(node, (n) => {
                if (n.k === "Range" && n.key?.k === "Ident" && n.body) {
                    const v = evalExpr(w, sc, n.x);
                    let names = null;
                    let bind = null;
                    if (v?.map) [names, bind] = [v.map.map(([k]) => k), n.key.name];
                    else if (v?.list && n.value?.k === "Ident") [names, bind] = [v.list, n.value.name];
                    const bound = new Map(rangeKeys);
                    if (names && names.every((x) => typeof x === "string")) bound.set(bind, names);
                    visit(n.body, bound);
                    return false;
                }
                if (n.k !== "If") return true;
                let lookupArg = null;
                walk([n.init, n.cond], (m) => {
                    if (m.k === "Call" && m.fun.k === "Selector" && m.fun.sel === "Lookup" && m.args.length === 1) lookupArg = m.args[0];
                    return true;
                });
                const changed = /\.Changed\b/.test(exprText(n.cond)) || /\.Changed\b/.test(exprText(n.init?.rhs?.[0] ?? null));
                if (!lookupArg || !changed) return true;
                let message = null;
                walk(n.body, (m) => {
                    if (m.k === "Return" && m.results.length) {
                        const last = m.results[m.results.length - 1];
                        if (last.k === "Call" && last.fun.k === "Selector" && ["Errorf", "New"].includes(last.fun.sel)) {
                            const v = evalExpr(w, sc, last.args[0]);
                            message = typeof v === "string" ? v : exprText(last);
                        }
                    }
                    return message === null;
                });
                if (message === null) return true;
                const names = lookupArg.k === "Ident" && rangeKeys.has(lookupArg.name) ? rangeKeys.get(lookupArg.name) : [evalExpr(w, sc, lookupArg)];
                for (const name of names) if (typeof name === "string") this.pendingOps.push({ name, op: "Reject", value: message });
                return true;
            });
        };
        visit(body, new Map());
    }

    scanFunc(sc, body, opts = {}) {
        walk(body, (n) => {
            if (n._skipFlags) return false;
            if (n.k === "Call") this.onCall(sc, n, opts);
            if (n.k === "Assign") this.onAssign(sc, n);
            return true;
        });
    }

    onAssign(sc, n) {
        // fs.Lookup("name").NoOptDefVal = "x" / .DefValue = "x" / .Hidden = true / .Deprecated = "..."
        n.lhs.forEach((l, i) => {
            if (l.k !== "Selector" || l.x.k !== "Call" || l.x.fun.k !== "Selector" || l.x.fun.sel !== "Lookup") return;
            const name = evalExpr(this.world, sc, l.x.args[0]);
            if (typeof name !== "string") return;
            const v = evalExpr(this.world, sc, n.rhs[i]);
            this.pendingOps.push({ name, field: l.sel, value: v });
        });
    }

    onCall(sc, call, opts) {
        const w = this.world;
        const f = call.fun;
        if (f.k !== "Selector" && f.k !== "Ident") return;
        const method = f.k === "Selector" ? f.sel : f.name;
        // receiver: a flag set, or the flag/pflag package itself
        let setKind = null;
        let recvExpr = null;
        if (f.k === "Selector") {
            recvExpr = f.x;
            const ctx = sc.ctx();
            if (f.x.k === "Ident" && !sc.lookup(f.x.name) && !sc.bindings.has(f.x.name) && !sc.pkg.scope.has(f.x.name)) {
                const ip = importOf(w, ctx.file, f.x.name);
                if (ip && FLAG_PKGS.has(ip)) setKind = ip === "flag" ? "go" : "pflag";
            }
            if (!setKind) {
                if (f.x.k === "Call" && f.x.fun.k === "Selector" && ["Flags", "PersistentFlags", "LocalFlags"].includes(f.x.fun.sel)) setKind = "pflag";
                else setKind = flagSetKind(w, typeOfExpr(w, sc, f.x));
            }
        }
        if (setKind) {
            // methods of a flag set are never followed into the flag library
            this.onFlagSetMethod(sc, call, method, setKind, recvExpr, opts);
            return;
        }
        // follow calls that hand over a flag set
        this.follow(sc, call, opts);
    }

    onFlagSetMethod(sc, call, method, setKind, recvExpr, opts) {
        const w = this.world;
        const a = call.args;
        if (method === "MarkDeprecated" || method === "MarkHidden" || method === "MarkShorthandDeprecated") {
            const name = evalExpr(w, sc, a[0]);
            if (typeof name === "string") this.pendingOps.push({ name, op: method, value: a[1] ? evalExpr(w, sc, a[1]) : undefined });
            return true;
        }
        if (method === "Set" && a.length === 2) {
            const name = evalExpr(w, sc, a[0]);
            const v = evalExpr(w, sc, a[1]);
            if (typeof name === "string") this.pendingOps.push({ name, op: "Set", value: v });
            return true;
        }
        if (method === "VisitAll" && recvExpr) {
            // copying every flag of another (package-level) flag set: klog.InitFlags
            const src = recvExpr;
            if (src.k === "Ident" && sc.pkg.scope.get(src.name)?.kind === "var" && !sc.lookup(src.name)) {
                this.collectPackageFlagSet(sc.pkg, src.name, opts);
                for (const arg of call.args) arg._skipFlags = true; // the visitor re-registers those flags by name
            }
            return true;
        }
        const shape = flagCallShape(method);
        if (!shape) return false;
        const arg = (c) => a[shape.layout.indexOf(c)];
        const nameV = evalExpr(w, sc, arg("n"));
        if (typeof nameV !== "string") {
            if (opts.top) return true; // a wrapper's own body (name is its parameter): expanded at its call sites
            this.unresolved.add(`flag name ${exprText(arg("n"))} in ${sc.file.path}`);
            return true;
        }
        const flag = { name: nameV, origin: sc.pkg.module.path, file: sc.file.path };
        if (shape.layout.includes("s")) {
            const s = evalExpr(w, sc, arg("s"));
            if (typeof s === "string" && s) flag.shorthand = s;
        }
        if (shape.type) {
            flag.type = shape.type;
            const d = arg("d");
            if (d) this.setDefault(sc, flag, d);
            if (flag.type === "duration") flag.acceptsBareInteger = false;
        } else {
            // Var(value, name, usage): the Value's type decides
            const vt = typeOfExpr(w, sc, arg("v"));
            Object.assign(flag, valueFlagInfo(w, vt));
        }
        if (opts.namePrefix) flag.name = opts.namePrefix + flag.name;
        this.add(flag, opts);
        return true;
    }

    setDefault(sc, flag, d) {
        const v = evalExpr(this.world, sc, d);
        if (isUnknown(v)) {
            if (v.initial !== undefined) flag.default = renderDefault(flag.type, v.initial);
            flag.dynamicDefault = v.unknown;
            const env = envOf(this.world, sc, d);
            if (env.length) flag.env = env;
        } else flag.default = renderDefault(flag.type, v);
    }

    add(flag, opts) {
        const have = this.flags.get(flag.name);
        if (have) {
            // the same flag registered twice (two flag sets): keep the first, note the second origin
            return;
        }
        if (opts.external) flag.external = opts.external;
        this.flags.set(flag.name, flag);
    }

    collectPackageFlagSet(pkg, varName, opts) {
        const key = `${pkg.path}#${varName}`;
        if (this.visited.has(key)) return;
        this.visited.add(key);
        for (const { decl, file } of pkg.funcs) {
            if (!decl.body) continue;
            const sc = new FuncScope(this.world, pkg, file, decl);
            walk(decl.body, (n) => {
                if (n.k === "Call" && n.fun.k === "Selector" && n.fun.x.k === "Ident" && n.fun.x.name === varName && !sc.lookup(varName)) {
                    this.onFlagSetMethod(sc, n, n.fun.sel, "go", n.fun.x, { ...opts, top: false });
                }
                return true;
            });
        }
    }

    follow(sc, call, opts) {
        const w = this.world;
        // does the call hand over a flag set (or a flag set's method value)?
        const argTypes = call.args.map((a) => typeOfExpr(w, sc, a));
        const hands = argTypes.some((t) => flagSetKind(w, t));
        if (!hands) return;
        const callee = typeOfCallee(w, sc, call.fun);
        if (!callee || callee.k !== "func" || !callee.decl) {
            if (callee?.k === "external") this.unresolved.add(`${callee.path}.${callee.name} (module not readable) called from ${sc.file.path}`);
            else if (callee?.k === "unknown-method") this.unresolved.add(`${exprText(call.fun)}: method of ${typeName(callee.recvType)} not found (called from ${sc.file.path})`);
            return;
        }
        if (!callee.decl.body) return;
        const key = `${callee.pkg.path}#${callee.decl.recv ? recvTypeName(callee.decl.recv.type) + "." : ""}${callee.decl.name}#${call.args.map(exprText).join(",")}#${sc.pkg.path}`;
        if (this.visited.has(key)) return;
        this.visited.add(key);
        const fsc = new FuncScope(w, callee.pkg, callee.file, callee.decl);
        callee.decl.type.params.forEach((p, i) => {
            if (!p.name) return;
            if (p.variadic) return;
            if (call.args[i]) fsc.bindings.set(p.name, { expr: call.args[i], scope: sc });
        });
        if (callee.recv) {
            const recvScope = sc;
            const recvExpr = callee.recv;
            fsc.recvValue = (d) => evalExpr(w, recvScope, recvExpr, (d ?? 0) + 1);
            if (callee.decl.recv?.name) fsc.bindings.set(callee.decl.recv.name, { expr: recvExpr, scope: recvScope });
        }
        const mod = callee.pkg.module;
        const external = mod.external ? mod.path : opts.external;
        if (mod.external) mod.used = true;
        this.via.push(`${exprText(call.fun)} -> ${callee.pkg.path}.${callee.decl.recv ? recvTypeName(callee.decl.recv.type) + "." : ""}${callee.decl.name}`);
        this.scanFunc(fsc, callee.decl.body, { ...opts, top: false, external });
    }

    /** Flags with pending MarkDeprecated/Lookup edits applied. */
    result() {
        for (const op of this.pendingOps) {
            const f = this.flags.get(op.name);
            if (!f) continue;
            if (op.op === "MarkDeprecated") f.deprecated = typeof op.value === "string" ? op.value : "deprecated";
            else if (op.op === "MarkHidden") f.hidden = true;
            else if (op.op === "Reject") f.rejectedIfSet = op.value;
            else if (op.op === "MarkShorthandDeprecated") f.shorthandDeprecated = typeof op.value === "string" ? op.value : true;
            else if (op.op === "Set" && !isUnknown(op.value)) {
                f.default = renderDefault(f.type, op.value);
                f.defaultSetBy = "FlagSet.Set";
            } else if (op.field === "NoOptDefVal" && typeof op.value === "string") f.noOptDefault = op.value;
            else if (op.field === "DefValue" && typeof op.value === "string") f.default = op.value;
            else if (op.field === "Hidden" && op.value === true) f.hidden = true;
            else if (op.field === "Deprecated" && typeof op.value === "string") f.deprecated = op.value;
        }
        return this.flags;
    }
}

function envOf(world, sc, e, depth = 0, seen = new Set()) {
    const out = new Set();
    const visit = (scope, x, d, followIdents = true) => {
        if (!x || d > 12) return;
        walk(x, (n) => {
            if (n.k === "Call" && n.fun.k === "Selector" && n.fun.x.k === "Ident" && ["Getenv", "LookupEnv"].includes(n.fun.sel)) {
                const ctx = scope.ctx?.() ?? scope;
                if (importOf(world, ctx.file, n.fun.x.name) === "os") {
                    const v = evalExpr(world, scope, n.args[0]);
                    if (typeof v === "string") out.add(v);
                }
            }
            if (followIdents && n.k === "Ident" && scope.lookup?.(n.name) && !seen.has(n.name)) {
                seen.add(n.name);
                const v = scope.lookup(n.name);
                if (v.init) visit(scope, v.init, d + 1);
                // reassignments of a local: look at the statements that assign it
                if (v.assigns > 0 && scope.decl?.body) {
                    walk(scope.decl.body, (m) => {
                        if (m.k === "If" && containsAssignTo(m, n.name)) visit(scope, m, d + 1, false);
                        return true;
                    });
                }
            }
            if (n.k === "Ident" && scope.bindings?.has(n.name)) {
                const b = scope.bindings.get(n.name);
                visit(b.scope, b.expr, d + 1);
            }
            if (n.k === "Selector") {
                // a field of a constructor's composite literal
                const v = evalExpr(world, scope, n);
                if (isUnknown(v) && v.env) v.env.forEach((x) => out.add(x));
            }
            if (n.k === "Selector" && scope.recvValue && n.x.k === "Ident" && scope.lookup?.(n.x.name)?.kind === "recv") {
                const rv = scope.recvValue(0);
                if (rv?.struct) {
                    const fe = rv.struct.fields.get(n.sel);
                    if (fe) visit(fe.scope, fe.expr, d + 1);
                    else {
                        const ff = findField(world, rv.struct.type, n.sel);
                        if (ff && ff.path.length > 1) {
                            const emb = rv.struct.fields.get(ff.path[0]);
                            if (emb) {
                                const ev = evalExpr(world, emb.scope, emb.expr);
                                const inner = ev?.struct?.fields.get(n.sel);
                                if (inner) visit(inner.scope, inner.expr, d + 1);
                            }
                        }
                    }
                }
            }
            return true;
        });
    };
    visit(sc, e, depth);
    return [...out].sort();
}

function containsAssignTo(node, name) {
    let found = false;
    walk(node, (n) => {
        if (n.k === "Assign" && n.lhs.some((l) => l.k === "Ident" && l.name === name)) found = true;
        return !found;
    });
    return found;
}

/** A method's receiver value when nothing binds it: the composite literal its type's constructor returns. */
export function constructorValue(world, sc, decl) {
    return (depth = 0) => {
        const rt = resolveType(world, sc.ctx(), decl.recv.type);
        const named = rt.k === "ptr" ? rt.elem : rt;
        if (named.k !== "named" || !named.pkg) return { unknown: "receiver" };
        const pkg = named.pkg;
        // a function of the package returning T or *T with no parameters, named New*/new*/Default*
        const cands = [...pkg.scope.values()].filter((ent) => {
            if (ent.kind !== "func") return false;
            const r = ent.decl.type.results;
            if (r.length < 1 || !ent.decl.body) return false;
            let t = r[0].type;
            if (t.k === "Star") t = t.x;
            return t.k === "Ident" && t.name === named.name && /^(New|new|Default|default)/.test(ent.decl.name) && ent.decl.type.params.length === 0;
        });
        cands.sort((a, b) => a.decl.name.length - b.decl.name.length || a.decl.name.localeCompare(b.decl.name));
        if (!cands.length) return zeroValue(world, named);
        const ent = cands[0];
        return evalExpr(world, fileCtx(pkg, ent.file), { k: "Call", fun: { k: "Ident", name: ent.decl.name }, args: [] }, depth + 1);
    };
}

/** Flag info for a Var(value, ...) registration from the Value's Go type. */
function valueFlagInfo(world, vt) {
    let t = vt;
    if (t?.k === "ptr") t = t.elem;
    const out = { goType: typeName(t) };
    if (t?.k === "named" && t.pkg) {
        const typeM = findMethod(world, t, "Type") ?? findMethod(world, { k: "ptr", elem: t }, "Type");
        const lit = typeM ? returnedString(typeM) : null;
        if (lit) out.type = lit;
        else out.type = t.name.replace(/Value$/, ""); // pflag wraps a plain flag.Value and names it after its Go type
        const setM = findMethod(world, t, "Set") ?? findMethod(world, { k: "ptr", elem: t }, "Set");
        if (setM && out.type === "duration") out.acceptsBareInteger = setAcceptsInteger(world, setM);
    } else if (t?.k === "named" && t.path === "time" && t.name === "Duration") out.type = "duration";
    else out.type = typeName(t);
    return out;
}

function returnedString(m) {
    let s = null;
    walk(m.decl.body, (n) => {
        if (n.k === "Return" && n.results[0]?.k === "BasicLit" && n.results[0].kind === "STRING") s = n.results[0].value;
        return s === null;
    });
    return s;
}

function setAcceptsInteger(world, m, depth = 0) {
    // does Set (or a same-package function it calls) parse integers with strconv?
    let found = false;
    const seen = new Set();
    const visit = (decl, pkg, file, d) => {
        if (!decl?.body || d > 3 || seen.has(decl)) return;
        seen.add(decl);
        walk(decl.body, (n) => {
            if (n.k === "Call" && n.fun.k === "Selector" && n.fun.x.k === "Ident" && /^(Atoi|ParseInt|ParseUint|ParseFloat)$/.test(n.fun.sel) && importOf(world, file, n.fun.x.name) === "strconv") found = true;
            if (n.k === "Call" && n.fun.k === "Ident") {
                const ent = pkg.scope.get(n.fun.name);
                if (ent?.kind === "func") visit(ent.decl, pkg, ent.file, d + 1);
            }
            return !found;
        });
    };
    visit(m.decl, m.pkg, m.file, depth);
    return found;
}

// ---------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------

/** JSON with keys sorted at every level, 2-space indent, trailing newline. */
export function sortedJson(v) {
    const sort = (x) => {
        if (Array.isArray(x)) return x.map(sort);
        if (x && typeof x === "object") return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])]));
        return x;
    };
    return JSON.stringify(sort(v), null, 2) + "\n";
}

// ---------------------------------------------------------------------------------------------
// The extractor
// ---------------------------------------------------------------------------------------------

export default async function goFlags(src, artifact) {
    const world = new GoWorld(src, artifact);
    const paths = [].concat(artifact.paths ?? artifact.path ?? []);
    if (!paths.length) throw new Error(`${artifact.file}: go-flags needs paths (Go files that register flags)`);
    const collector = new FlagCollector(world);
    for (const p of paths) {
        if (!src.exists(p)) throw new Error(`${artifact.file}: ${p} does not exist in ${src.repo}@${src.commit}`);
        const dir = path.posix.dirname(p);
        const importPath = dir === "." ? world.mainModule.path : `${world.mainModule.path}/${dir}`;
        const pkg = world.pkg(importPath);
        const file = pkg?.files.find((f) => f.path === p);
        if (!file) throw new Error(`${artifact.file}: could not parse ${p}`);
        collector.scanFile(pkg, file);
    }
    const flags = collector.result();
    const own = {};
    const external = {};
    for (const f of [...flags.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        const entry = {};
        for (const k of ["type", "default", "dynamicDefault", "env", "deprecated", "hidden", "shorthand", "shorthandDeprecated", "noOptDefault", "goType", "acceptsBareInteger", "defaultSetBy", "rejectedIfSet"]) {
            if (f[k] !== undefined) entry[k] = f[k];
        }
        if (f.external) {
            const mod = world.modules.get(f.external);
            const key = f.external;
            external[key] ??= {
                version: mod?.version,
                repo: mod?.repo,
                ref: mod?.ref,
                commit: mod?.src?.commit,
                ...(mod?.note ? { note: mod.note } : {}),
                files: [],
                flags: {},
            };
            if (!external[key].files.includes(f.file)) external[key].files.push(f.file);
            external[key].flags[`--${f.name}`] = entry;
        } else own[`--${f.name}`] = entry;
    }
    for (const e of Object.values(external)) e.files.sort();
    // lookups that failed only while guessing names are not reported; parse errors and flags that could not be followed are
    const unresolved = [...collector.unresolved, ...[...world.unresolved].filter((u) => u.startsWith("parse"))].sort();
    const out = { binary: artifact.binary ?? path.posix.basename(path.posix.dirname(paths[0])), version: artifact.ref, flags: own };
    if (Object.keys(external).length) out.external = external;
    if (unresolved.length) out.unresolved = unresolved;
    return sortedJson(out);
}
