#!/usr/bin/env python3
"""Lists every flag of `vllm serve` by reading vLLM's CLI source with `ast` (no vLLM import).

Driven by scripts/upstream/vllm-flags.mjs. Reads one JSON object on stdin:

    {"tag": "v0.23.0", "entry": "serve", "files": {"vllm/...py": "<source>"}, "missing": ["..."]}

and writes one JSON object on stdout: either {"need": [paths]} (read these files from the repository
and call again; the caller lists absent ones under "missing") or {"result": {...}}.

How the flag list is obtained: the `serve` subcommand's `subparser_init` (vllm/entrypoints/cli/serve.py)
is interpreted statement by statement by a small abstract interpreter. It follows the calls that build
the parser (make_arg_parser -> FrontendArgs.add_cli_args -> AsyncEngineArgs/EngineArgs.add_cli_args),
records every `add_argument` call with its option strings and keyword arguments, and computes
`get_kwargs(<config dataclass>)` the way vllm/engine/arg_utils.py `_compute_kwargs` does, from the
dataclass fields and their type annotations (type aliases and imports resolved across modules). The
if/elif type dispatch of `_compute_kwargs` is read from the version at hand and emulated branch by branch
(KNOWN_COMPUTE_KWARGS_CHAINS lists the chains vLLM has used; any other chain stops the extraction).
Calls the interpreter cannot follow (plugins, platform hooks, registries) become opaque values.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import sys
from typing import Any

# ----------------------------------------------------------------------------- values


class Opaque:
    """A value the interpreter cannot know."""

    def __init__(self, why: str = ""):
        self.why = why

    def __repr__(self):
        return f"Opaque({self.why})"


class Sym:
    """A symbolic value: an external name (json.loads, argparse.BooleanOptionalAction) or an
    uninterpreted call of a named function (optional_type(json.loads))."""

    def __init__(self, name: str, args: tuple = ()):
        self.name = name
        self.args = args

    def __repr__(self):
        return f"Sym({self.name}{self.args if self.args else ''})"

    def __eq__(self, other):
        return isinstance(other, Sym) and other.name == self.name and other.args == self.args

    def __hash__(self):
        return hash(self.name)


class TypeVal:
    """A resolved type annotation.

    kind: builtin (name: bool,int,float,str,bytes,NoneType,list,dict,tuple,set,frozenset,type,object),
    generic (name = origin kind, args), literal (args = option values), union (args),
    annotated (args[0]), dataclass (name = qualified name, extra = ClassRef), class (name), any, ellipsis.
    """

    def __init__(self, kind: str, name: str = "", args: tuple = (), extra: Any = None):
        self.kind = kind
        self.name = name
        self.args = tuple(args)
        self.extra = extra

    def key(self):
        return (self.kind, self.name, tuple(a.key() if isinstance(a, TypeVal) else a for a in self.args))

    def __eq__(self, other):
        return isinstance(other, TypeVal) and self.key() == other.key()

    def __hash__(self):
        return hash(self.key())

    def __repr__(self):
        return f"TypeVal({self.kind},{self.name},{self.args})"


BUILTIN_TYPES = {"bool", "int", "float", "str", "bytes", "list", "dict", "tuple", "set", "frozenset", "type", "object", "complex"}
NONE_T = TypeVal("builtin", "NoneType")


class ModuleRef:
    def __init__(self, mod: "Module"):
        self.mod = mod


class ClassRef:
    def __init__(self, mod: "Module", node: ast.ClassDef):
        self.mod = mod
        self.node = node

    @property
    def name(self):
        return self.node.name

    @property
    def qualname(self):
        return f"{self.mod.name}.{self.node.name}"

    def __eq__(self, other):
        return isinstance(other, ClassRef) and other.qualname == self.qualname

    def __hash__(self):
        return hash(self.qualname)


class FuncRef:
    def __init__(self, mod: "Module", node: ast.FunctionDef, owner: ClassRef | None = None, bound: Any = None,
                 closure: dict | None = None, kind: str = "function"):
        self.mod = mod
        self.node = node
        self.owner = owner  # class the function is defined in
        self.bound = bound  # cls for classmethods, instance for methods
        self.closure = closure or {}
        self.kind = kind  # function | staticmethod | classmethod | method


class SuperRef:
    def __init__(self, owner: ClassRef, bound: Any):
        self.owner = owner
        self.bound = bound


class BoundBuiltin:
    """A method of a concrete Python value (str.replace, dict.pop, list.append...)."""

    def __init__(self, obj: Any, attr: str):
        self.obj = obj
        self.attr = attr


class Instance:
    def __init__(self, cls: ClassRef):
        self.cls = cls


class Parser:
    """An argparse parser or argument group; every add_argument lands in the shared registry."""

    def __init__(self, reg: "Registry", title: str | None = None, is_group: bool = False):
        self.reg = reg
        self.title = title
        self.is_group = is_group


class Subparsers:
    def __init__(self, reg: "Registry"):
        self.reg = reg


class ReturnSignal(Exception):
    def __init__(self, value):
        self.value = value


class BreakSignal(Exception):
    pass


class ContinueSignal(Exception):
    pass


# ----------------------------------------------------------------------------- modules


class World:
    def __init__(self, files: dict[str, str], missing: set[str]):
        self.files = files
        self.missing = missing
        self.modules: dict[str, Module] = {}
        self.needs: set[str] = set()

    def module(self, name: str) -> "Module | None":
        """The vLLM module `name`, or None when it is not vLLM's or does not exist in the tree.
        Raises Need when its file has not been read yet."""
        if name in self.modules:
            return self.modules[name]
        if not (name == "vllm" or name.startswith("vllm.")):
            return None
        base = name.replace(".", "/")
        cands = [f"{base}.py", f"{base}/__init__.py"]
        for c in cands:
            if c in self.files:
                mod = Module(self, name, c, self.files[c], is_pkg=c.endswith("__init__.py"))
                self.modules[name] = mod
                return mod
        unknown = [c for c in cands if c not in self.missing]
        if unknown:
            # not read yet: ask for it, carry on with opaque values to find more in the same pass
            self.needs.update(unknown)
        return None  # (or not in the tree: generated at build time, e.g. vllm/version.py)


class Module:
    def __init__(self, world: World, name: str, path: str, source: str, is_pkg: bool):
        self.world = world
        self.name = name
        self.path = path
        self.is_pkg = is_pkg
        self.tree = ast.parse(source, filename=path)
        self.defs: dict[str, ast.AST] = {}
        self.cache: dict[str, Any] = {}
        self.resolving: set[str] = set()
        self.has_getattr = False
        self._collect(self.tree.body)

    def _collect(self, body):
        for node in body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs.setdefault(node.name, node)
                if node.name == "__getattr__":
                    self.has_getattr = True
            elif isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        self.defs.setdefault(t.id, node)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.defs.setdefault(node.target.id, node)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for a in node.names:
                    if a.name == "*":
                        continue
                    local = a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name)
                    self.defs.setdefault(local, node)
            elif isinstance(node, ast.If):
                # `if TYPE_CHECKING:` and version checks: the first definition wins
                self._collect(node.body)
                self._collect(node.orelse)
            elif isinstance(node, ast.Try):
                self._collect(node.body)
                for h in node.handlers:
                    self._collect(h.body)

    def absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = self.name.split(".")
        if not self.is_pkg:
            parts = parts[:-1]
        if node.level > 1:
            parts = parts[: len(parts) - (node.level - 1)]
        return ".".join(parts + ([node.module] if node.module else []))

    def resolve(self, name: str, interp: "Interp"):
        if name in self.cache:
            return self.cache[name]
        node = self.defs.get(name)
        if node is None:
            if name in BUILTIN_TYPES:
                return TypeVal("builtin", name)
            if name in BUILTIN_FUNCS:
                return Sym(f"builtins.{name}")
            if name == "None":
                return None
            return Opaque(f"{self.name}.{name}")
        if name in self.resolving:
            return Opaque(f"cycle {self.name}.{name}")
        self.resolving.add(name)
        try:
            value = self._resolve_node(name, node, interp)
        finally:
            self.resolving.discard(name)
        self.cache[name] = value
        return value

    def _resolve_node(self, name, node, interp):
        if isinstance(node, ast.ClassDef):
            return ClassRef(self, node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return FuncRef(self, node)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            return interp.eval(node.value, Frame(self, {}))
        if isinstance(node, ast.ImportFrom):
            src = self.absolute(node)
            for a in node.names:
                if (a.asname or a.name) == name:
                    return import_name(self.world, src, a.name, interp)
        if isinstance(node, ast.Import):
            for a in node.names:
                local = a.asname or a.name.split(".")[0]
                if local == name:
                    target = a.name if a.asname else a.name.split(".")[0]
                    m = self.world.module(target)
                    return ModuleRef(m) if m else Sym(target)
        return Opaque(f"{self.name}.{name}")


def import_name(world: World, src: str, name: str, interp: "Interp"):
    m = world.module(src)
    if m is None:
        return Sym(f"{src}.{name}")
    if name in m.defs:
        return m.resolve(name, interp)
    sub = world.module(f"{src}.{name}") if m.is_pkg else None
    if sub is not None:
        return ModuleRef(sub)
    return Opaque(f"{src}.{name}")


BUILTIN_FUNCS = {"len", "list", "tuple", "dict", "set", "sorted", "str", "int", "float", "bool", "isinstance",
                 "getattr", "hasattr", "any", "all", "print", "min", "max", "range", "enumerate", "zip", "type",
                 "next", "iter", "repr", "super", "frozenset", "reversed", "ValueError", "TypeError", "KeyError"}


# ----------------------------------------------------------------------------- interpreter


class Frame:
    def __init__(self, mod: Module, local: dict, func: FuncRef | None = None):
        self.mod = mod
        self.local = local
        self.func = func


class Registry:
    def __init__(self):
        self.actions: list[dict] = []
        self.positionals: list[str] = []


def concrete(v) -> bool:
    return isinstance(v, (str, int, float, bool, type(None), list, tuple, dict, set))


def is_unknown(v) -> bool:
    return isinstance(v, Opaque)


class Interp:
    MAX_DEPTH = 40

    def __init__(self, world: World):
        self.world = world
        self.depth = 0
        self.kwargs_cache: dict[str, dict] = {}
        self.kwargs_chain: list[str] = []

    # -- statements
    def run(self, body, frame: Frame):
        for stmt in body:
            self.stmt(stmt, frame)

    def stmt(self, s, frame: Frame):
        if isinstance(s, ast.Expr):
            self.eval(s.value, frame)
        elif isinstance(s, ast.Assign):
            value = self.eval(s.value, frame)
            for t in s.targets:
                self.assign(t, value, frame)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.assign(s.target, self.eval(s.value, frame), frame)
        elif isinstance(s, ast.AugAssign):
            cur = self.eval(s.target, frame)
            rhs = self.eval(s.value, frame)
            self.assign(s.target, self.binop(s.op, cur, rhs, inplace=True), frame)
        elif isinstance(s, ast.Delete):
            for t in s.targets:
                if isinstance(t, ast.Subscript):
                    obj = self.eval(t.value, frame)
                    key = self.eval(t.slice, frame)
                    if isinstance(obj, dict) and concrete(key):
                        obj.pop(key, None)
                elif isinstance(t, ast.Name):
                    frame.local.pop(t.id, None)
        elif isinstance(s, ast.If):
            test = self.truth(self.eval(s.test, frame))
            if test is None:  # unknown condition: take the branch that runs in a plain `vllm serve`
                self.run(s.body, frame)
            elif test:
                self.run(s.body, frame)
            else:
                self.run(s.orelse, frame)
        elif isinstance(s, ast.For):
            it = self.eval(s.iter, frame)
            items = self.iterate(it)
            if items is None:
                return
            for item in items:
                self.assign(s.target, item, frame)
                try:
                    self.run(s.body, frame)
                except BreakSignal:
                    break
                except ContinueSignal:
                    continue
        elif isinstance(s, ast.Return):
            raise ReturnSignal(self.eval(s.value, frame) if s.value is not None else None)
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            self.run(s.body, frame)
        elif isinstance(s, ast.Try):
            self.run(s.body, frame)
            self.run(s.orelse, frame)
            self.run(s.finalbody, frame)
        elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            frame.local[s.name] = FuncRef(frame.mod, s, closure=dict(frame.local))
        elif isinstance(s, ast.ClassDef):
            frame.local[s.name] = ClassRef(frame.mod, s)
        elif isinstance(s, ast.ImportFrom):
            src = frame.mod.absolute(s)
            for a in s.names:
                frame.local[a.asname or a.name] = import_name(self.world, src, a.name, self)
        elif isinstance(s, ast.Import):
            for a in s.names:
                local = a.asname or a.name.split(".")[0]
                m = self.world.module(a.name if a.asname else local)
                frame.local[local] = ModuleRef(m) if m else Sym(a.name)
        elif isinstance(s, ast.Break):
            raise BreakSignal()
        elif isinstance(s, ast.Continue):
            raise ContinueSignal()
        # Raise, Assert, Pass, Global, Nonlocal, While: nothing that builds the parser

    def assign(self, target, value, frame: Frame):
        if isinstance(target, ast.Name):
            frame.local[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.iterate(value)
            if items is None or len(items) != len(target.elts):
                items = [Opaque("unpack")] * len(target.elts)
            for t, v in zip(target.elts, items):
                self.assign(t, v, frame)
        elif isinstance(target, ast.Subscript):
            obj = self.eval(target.value, frame)
            key = self.eval(target.slice, frame)
            if isinstance(obj, dict) and concrete(key) and not isinstance(key, (list, dict, set)):
                obj[key] = value
            elif isinstance(obj, list) and isinstance(key, int):
                obj[key] = value
        # attribute assignment (parser.epilog = ...) does not change the flags

    def iterate(self, v):
        if isinstance(v, (list, tuple)):
            return list(v)
        if isinstance(v, dict):
            return list(v.keys())
        if isinstance(v, (set, frozenset)):
            return sorted(v, key=repr)
        if isinstance(v, str):
            return list(v)
        if isinstance(v, TypeVal) and v.kind == "literal":
            return list(v.args)
        return None

    def truth(self, v):
        if isinstance(v, (Opaque, Sym, Parser, Instance, FuncRef, ClassRef, ModuleRef, TypeVal)):
            return None if isinstance(v, (Opaque, Sym)) else True
        try:
            return bool(v)
        except Exception:
            return None

    # -- expressions
    def eval(self, e, frame: Frame):
        if e is None:
            return None
        m = getattr(self, f"e_{type(e).__name__}", None)
        if m is None:
            return Opaque(type(e).__name__)
        return m(e, frame)

    def e_Constant(self, e, frame):
        return e.value

    def e_Name(self, e, frame):
        if e.id in frame.local:
            return frame.local[e.id]
        if frame.func is not None and e.id in frame.func.closure:
            return frame.func.closure[e.id]
        if e.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[e.id]
        return frame.mod.resolve(e.id, self)

    def e_JoinedStr(self, e, frame):
        out = []
        for part in e.values:
            v = self.eval(part, frame)
            if not isinstance(v, str):
                return Opaque("f-string")
            out.append(v)
        return "".join(out)

    def e_FormattedValue(self, e, frame):
        v = self.eval(e.value, frame)
        if isinstance(v, (str, int, float, bool)) and e.format_spec is None:
            return str(v) if e.conversion in (-1, ord("s")) else repr(v)
        return Opaque("format")

    def e_List(self, e, frame):
        out = []
        for x in e.elts:
            if isinstance(x, ast.Starred):
                items = self.iterate(self.eval(x.value, frame))
                out.extend(items or [])
            else:
                out.append(self.eval(x, frame))
        return out

    def e_Tuple(self, e, frame):
        return tuple(self.e_List(e, frame))

    def e_Set(self, e, frame):
        items = self.e_List(e, frame)
        try:
            return set(items)
        except TypeError:
            return Opaque("set")

    def e_Dict(self, e, frame):
        out = {}
        for k, v in zip(e.keys, e.values):
            if k is None:
                src = self.eval(v, frame)
                if isinstance(src, dict):
                    out.update(src)
                else:
                    return Opaque("dict-unpack")
            else:
                key = self.eval(k, frame)
                if not concrete(key) or isinstance(key, (list, dict, set)):
                    return Opaque("dict-key")
                out[key] = self.eval(v, frame)
        return out

    def e_Lambda(self, e, frame):
        return Sym("lambda")

    def e_IfExp(self, e, frame):
        t = self.truth(self.eval(e.test, frame))
        if t is None:
            return Opaque("ifexp")
        return self.eval(e.body if t else e.orelse, frame)

    def e_BoolOp(self, e, frame):
        vals = [self.eval(v, frame) for v in e.values]
        truths = [self.truth(v) for v in vals]
        if isinstance(e.op, ast.And):
            for v, t in zip(vals, truths):
                if t is None:
                    return Opaque("and")
                if not t:
                    return v
            return vals[-1]
        for v, t in zip(vals, truths):
            if t is None:
                return Opaque("or")
            if t:
                return v
        return vals[-1]

    def e_UnaryOp(self, e, frame):
        v = self.eval(e.operand, frame)
        if isinstance(e.op, ast.Not):
            t = self.truth(v)
            return Opaque("not") if t is None else (not t)
        if isinstance(e.op, ast.USub) and isinstance(v, (int, float)):
            return -v
        return Opaque("unary")

    def binop(self, op, a, b, inplace=False):
        typish = (TypeVal, ClassRef, Sym, type(None))
        if isinstance(op, ast.BitOr) and isinstance(a, typish) and isinstance(b, typish):
            return TypeVal("union", args=(to_type(a), to_type(b)))
        if isinstance(a, Opaque) or isinstance(b, Opaque):
            if isinstance(op, ast.Add) and isinstance(a, list):
                return a  # keep what is known (e.g. choices += <unknown extras>)
            return Opaque("binop")
        try:
            if isinstance(op, ast.Add):
                if isinstance(a, list) and isinstance(b, (list, tuple)):
                    if inplace:
                        a.extend(b)
                        return a
                    return a + list(b)
                if isinstance(a, (str, int, float, tuple)) and type(a) is type(b):
                    return a + b
                if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                    return a + b
            if isinstance(op, ast.Mod) and isinstance(a, str):
                return Opaque("%-format")
            if isinstance(op, (ast.Sub, ast.Mult, ast.FloorDiv, ast.Div, ast.Pow)) and isinstance(a, (int, float)) and isinstance(b, (int, float)):
                return {ast.Sub: a - b, ast.Mult: a * b, ast.Pow: a ** b}.get(type(op), Opaque("arith")) if not isinstance(op, (ast.FloorDiv, ast.Div)) else (a // b if isinstance(op, ast.FloorDiv) else a / b)
        except Exception:
            pass
        return Opaque("binop")

    def e_BinOp(self, e, frame):
        return self.binop(e.op, self.eval(e.left, frame), self.eval(e.right, frame))

    def e_Compare(self, e, frame):
        left = self.eval(e.left, frame)
        for op, right_e in zip(e.ops, e.comparators):
            right = self.eval(right_e, frame)
            if isinstance(left, Opaque) or isinstance(right, Opaque) or isinstance(left, Sym) or isinstance(right, Sym):
                return Opaque("compare")
            try:
                if isinstance(op, ast.In):
                    r = left in right
                elif isinstance(op, ast.NotIn):
                    r = left not in right
                elif isinstance(op, ast.Eq):
                    r = left == right
                elif isinstance(op, ast.NotEq):
                    r = left != right
                elif isinstance(op, ast.Is):
                    r = left is right
                elif isinstance(op, ast.IsNot):
                    r = left is not right
                elif isinstance(op, ast.Lt):
                    r = left < right
                elif isinstance(op, ast.LtE):
                    r = left <= right
                elif isinstance(op, ast.Gt):
                    r = left > right
                elif isinstance(op, ast.GtE):
                    r = left >= right
                else:
                    return Opaque("compare")
            except Exception:
                return Opaque("compare")
            if not r:
                return False
            left = right
        return True

    def e_Subscript(self, e, frame):
        obj = self.eval(e.value, frame)
        if isinstance(obj, (TypeVal, ClassRef)) or (isinstance(obj, Sym) and (typing_name(obj) or obj.name.startswith(("typing", "collections.abc", "pydantic", "torch")))):
            return self.type_subscript(obj, e.slice, frame)
        if isinstance(obj, Sym):
            return Opaque("subscript")
        key = self.eval(e.slice, frame)
        if isinstance(obj, dict):
            if concrete(key) and not isinstance(key, (list, dict, set)):
                if key not in obj:
                    raise KeyError(f"{key!r} not in kwargs dict (line {e.lineno} of {frame.mod.path})")
                return obj[key]
            return Opaque("subscript")
        if isinstance(obj, (list, tuple, str)) and isinstance(key, (int, slice)):
            try:
                return obj[key]
            except Exception:
                return Opaque("index")
        return Opaque("subscript")

    def e_Slice(self, e, frame):
        lo, hi, st = (self.eval(x, frame) if x is not None else None for x in (e.lower, e.upper, e.step))
        if all(isinstance(x, (int, type(None))) for x in (lo, hi, st)):
            return slice(lo, hi, st)
        return Opaque("slice")

    def e_Starred(self, e, frame):
        return self.eval(e.value, frame)

    def e_ListComp(self, e, frame):
        if len(e.generators) != 1 or e.generators[0].ifs:
            return Opaque("comprehension")
        gen = e.generators[0]
        items = self.iterate(self.eval(gen.iter, frame))
        if items is None:
            return Opaque("comprehension")
        out = []
        inner = Frame(frame.mod, dict(frame.local), frame.func)
        for item in items:
            self.assign(gen.target, item, inner)
            out.append(self.eval(e.elt, inner))
        return out

    def e_Attribute(self, e, frame):
        base = self.eval(e.value, frame)
        return self.attribute(base, e.attr)

    def attribute(self, base, attr):
        if isinstance(base, ModuleRef):
            return base.mod.resolve(attr, self) if attr in base.mod.defs or not base.mod.is_pkg else import_name(self.world, base.mod.name, attr, self)
        if isinstance(base, ClassRef):
            if attr == "__name__":
                return base.name
            if attr == "__doc__":
                return ast.get_docstring(base.node, clean=False)
            found = self.class_attr(base, attr, base)
            return found
        if isinstance(base, Instance):
            return self.class_attr(base.cls, attr, base)
        if isinstance(base, SuperRef):
            mro = self.mro(base.bound if isinstance(base.bound, ClassRef) else base.bound.cls)
            names = [c.qualname for c in mro]
            start = names.index(base.owner.qualname) + 1 if base.owner.qualname in names else 1
            for c in mro[start:]:
                got = self.own_attr(c, attr, base.bound)
                if got is not None:
                    return got
            return Opaque(f"super().{attr}")
        if isinstance(base, Sym):
            return Sym(f"{base.name}.{attr}")
        if isinstance(base, (Parser, Subparsers)):
            return BoundBuiltin(base, attr)
        if isinstance(base, (str, dict, list)):
            return BoundBuiltin(base, attr)
        if isinstance(base, TypeVal) and attr == "__doc__":
            return None
        return Opaque(f".{attr}")

    def mro(self, cls: ClassRef) -> list[ClassRef]:
        out = [cls]
        for b in cls.node.bases:
            try:
                base = self.eval(b, Frame(cls.mod, {}))
            except Exception:
                continue
            if isinstance(base, ClassRef):
                for c in self.mro(base):
                    if c not in out:
                        out.append(c)
        return out

    def own_attr(self, cls: ClassRef, attr: str, bound):
        for node in cls.node.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == attr:
                decos = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in node.decorator_list}
                if "staticmethod" in decos:
                    return FuncRef(cls.mod, node, owner=cls, kind="staticmethod")
                if "classmethod" in decos:
                    return FuncRef(cls.mod, node, owner=cls, kind="classmethod",
                                   bound=bound if isinstance(bound, ClassRef) else getattr(bound, "cls", bound))
                if "property" in decos:
                    return Opaque("property")
                return FuncRef(cls.mod, node, owner=cls, kind="method", bound=bound)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in node.targets):
                return self.eval(node.value, Frame(cls.mod, {}))
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == attr:
                if node.value is None:
                    return Opaque("field")
                return field_default(self, cls, node)
        return None

    def class_attr(self, cls: ClassRef, attr: str, bound):
        for c in self.mro(cls):
            got = self.own_attr(c, attr, bound)
            if got is not None:
                return got
        return Opaque(f"{cls.name}.{attr}")

    # -- calls
    def e_Call(self, e, frame):
        func = self.eval(e.func, frame)
        args = []
        for a in e.args:
            if isinstance(a, ast.Starred):
                items = self.iterate(self.eval(a.value, frame))
                if items is None:
                    return Opaque("star-args")
                args.extend(items)
            else:
                args.append(self.eval(a, frame))
        kwargs = {}
        for k in e.keywords:
            v = self.eval(k.value, frame)
            if k.arg is None:
                if not isinstance(v, dict):
                    return Opaque("star-kwargs")
                kwargs.update(v)
            else:
                kwargs[k.arg] = v
        if isinstance(func, Sym) and func.name == "builtins.super" and not args:
            f = frame.func
            if f is None or f.owner is None:
                return Opaque("super")
            return SuperRef(f.owner, f.bound)
        return self.call(func, args, kwargs, e, frame)

    def call(self, func, args, kwargs, e=None, frame=None):
        if isinstance(func, BoundBuiltin):
            return self.call_method(func, args, kwargs, e, frame)
        if isinstance(func, FuncRef):
            return self.call_func(func, args, kwargs)
        if isinstance(func, ClassRef):
            if func.name == "FlexibleArgumentParser":
                return Parser(REGISTRY[0])
            return Instance(func)
        if isinstance(func, Sym):
            return self.call_sym(func, args, kwargs)
        return Opaque("call")

    def call_sym(self, func: Sym, args, kwargs):
        n = func.name
        short = n.rsplit(".", 1)[-1]
        if n.startswith("builtins."):
            try:
                if short in ("list", "tuple", "sorted", "set", "frozenset"):
                    if not args:
                        return {"list": [], "tuple": (), "set": set(), "frozenset": frozenset(), "sorted": []}[short]
                    items = self.iterate(args[0])
                    if items is None:
                        return Opaque(short)
                    return {"list": list, "tuple": tuple, "sorted": sorted, "set": set, "frozenset": frozenset}[short](items)
                if short == "len":
                    items = self.iterate(args[0])
                    return len(items) if items is not None else Opaque("len")
                if short in ("str", "int", "float", "bool") and args and concrete(args[0]):
                    return {"str": str, "int": int, "float": float, "bool": bool}[short](args[0])
                if short == "dict":
                    out = dict(args[0]) if args and isinstance(args[0], dict) else {}
                    out.update(kwargs)
                    return out
            except Exception:
                return Opaque(short)
        if n in ("typing.get_args", "typing_extensions.get_args"):
            t = args[0] if args else None
            if isinstance(t, TypeVal):
                return tuple(t.args)
            return Opaque("get_args")
        if n == "itertools.permutations":
            items = self.iterate(args[0]) if args else None
            r = kwargs.get("r", args[1] if len(args) > 1 else None)
            if items is None or not isinstance(r, (int, type(None))):
                return Opaque("permutations")
            return [tuple(p) for p in itertools.permutations(items, r)]
        return Sym(n, tuple(args))

    def call_method(self, bm: BoundBuiltin, args, kwargs, e, frame):
        obj, attr = bm.obj, bm.attr
        if isinstance(obj, (Parser, Subparsers)):
            return parser_method(self, obj, attr, args, kwargs, e, frame)
        if any(isinstance(a, (Opaque, Sym)) for a in args):
            if isinstance(obj, dict) and attr == "pop" and args and isinstance(args[0], str):
                pass
            else:
                return Opaque(f".{attr}()")
        try:
            if isinstance(obj, str) and attr in {"replace", "join", "lower", "upper", "strip", "split", "startswith",
                                                 "endswith", "format", "title", "rstrip", "lstrip", "removeprefix",
                                                 "removesuffix"}:
                if attr == "join":
                    items = self.iterate(args[0])
                    if items is None or not all(isinstance(x, str) for x in items):
                        return Opaque("join")
                    return obj.join(items)
                if attr == "format":
                    if any(not concrete(v) for v in list(args) + list(kwargs.values())):
                        return Opaque("format")
                return getattr(obj, attr)(*args, **kwargs)
            if isinstance(obj, dict) and attr in {"pop", "get", "items", "keys", "values", "update", "copy", "setdefault"}:
                if attr == "items":
                    return list(obj.items())
                if attr in ("keys", "values"):
                    return list(getattr(obj, attr)())
                if attr == "copy":
                    return dict(obj)
                return getattr(obj, attr)(*args, **kwargs)
            if isinstance(obj, list) and attr in {"append", "extend", "insert", "copy", "index", "remove", "pop"}:
                if attr == "extend":
                    items = self.iterate(args[0])
                    if items is None:
                        return None
                    obj.extend(items)
                    return None
                return getattr(obj, attr)(*args, **kwargs)
        except Exception:
            return Opaque(attr)
        return Opaque(f".{attr}()")

    def call_func(self, func: FuncRef, args, kwargs):
        name = func.node.name
        qual = f"{func.mod.name}.{func.owner.name + '.' if func.owner else ''}{name}"
        if name == "get_kwargs" and func.mod.name == "vllm.engine.arg_utils" and args and isinstance(args[0], ClassRef):
            return get_kwargs(self, args[0])
        # Follow only the calls that take part in building the parser: a parser, group, kwargs dict
        # or class is handed over, or the function itself adds arguments. Everything else (plugins,
        # registries, validators) stays an opaque/symbolic value.
        tracked = any(isinstance(a, (Parser, Subparsers, dict)) for a in list(args) + list(kwargs.values()))
        builds = "add_argument" in ast.dump(func.node) or "add_cli_args" in ast.dump(func.node) or "get_kwargs" in ast.dump(func.node)
        returns_closure = any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in func.node.body)
        if returns_closure and not tracked:
            return Sym(qual, tuple(args))
        if not (tracked or builds):
            return Sym(qual, tuple(args))
        if self.depth > self.MAX_DEPTH:
            return Opaque("depth")
        local = dict(func.closure)
        params = func.node.args
        positional = list(params.posonlyargs) + list(params.args)
        call_args = list(args)
        if func.kind in ("classmethod", "method"):
            call_args = [func.bound] + call_args
        defaults = [None] * (len(positional) - len(params.defaults)) + list(params.defaults)
        for i, p in enumerate(positional):
            if i < len(call_args):
                local[p.arg] = call_args[i]
            elif p.arg in kwargs:
                local[p.arg] = kwargs.pop(p.arg)
            elif defaults[i] is not None:
                local[p.arg] = self.eval(defaults[i], Frame(func.mod, {}))
            else:
                local[p.arg] = Opaque(f"param {p.arg}")
        for p, d in zip(params.kwonlyargs, params.kw_defaults):
            if p.arg in kwargs:
                local[p.arg] = kwargs.pop(p.arg)
            else:
                local[p.arg] = self.eval(d, Frame(func.mod, {})) if d is not None else Opaque(p.arg)
        if params.vararg:
            local[params.vararg.arg] = tuple(call_args[len(positional):])
        if params.kwarg:
            local[params.kwarg.arg] = kwargs
        frame = Frame(func.mod, local, func)
        self.depth += 1
        try:
            self.run(func.node.body, frame)
        except ReturnSignal as r:
            return r.value
        finally:
            self.depth -= 1
        return None


# ----------------------------------------------------------------------------- argparse model


REGISTRY: list[Registry] = []


def parser_method(interp: Interp, obj, attr, args, kwargs, e, frame):
    reg = obj.reg
    if isinstance(obj, Subparsers):
        if attr == "add_parser":
            return Parser(reg)
        return Opaque(attr)
    if attr in ("add_argument_group", "add_mutually_exclusive_group"):
        title = kwargs.get("title", args[0] if args else None)
        return Parser(reg, title=title if isinstance(title, str) else obj.title, is_group=True)
    if attr == "add_subparsers":
        return Subparsers(reg)
    if attr == "add_argument":
        names = [a for a in args]
        if any(not isinstance(n, str) for n in names):
            raise ValueError(f"add_argument with a non-literal name at {frame.mod.path}:{e.lineno}: {names}")
        reg.actions.append({"names": names, "kwargs": dict(kwargs), "group": obj.title,
                            "where": f"{frame.mod.path}:{e.lineno}"})
        return Opaque("action")
    return Opaque(f"parser.{attr}")


# ----------------------------------------------------------------------------- types and get_kwargs


def to_type(v) -> TypeVal:
    if isinstance(v, TypeVal):
        return v
    if v is None:
        return NONE_T
    if isinstance(v, ClassRef):
        return TypeVal("dataclass" if is_dataclass_cls(v) else "class", v.qualname, extra=v)
    if isinstance(v, Sym):
        n = v.name
        if n in ("typing.Any", "typing_extensions.Any"):
            return TypeVal("any", n)
        if n.startswith("pydantic") and n.rsplit(".", 1)[-1] in PYDANTIC_SCALARS:
            # pydantic's constrained aliases (PositiveInt = Annotated[int, ...], StrictStr...)
            return TypeVal("builtin", PYDANTIC_SCALARS[n.rsplit(".", 1)[-1]])
        return TypeVal("class", n)
    if v is Ellipsis:
        return TypeVal("ellipsis")
    if isinstance(v, str):
        return TypeVal("forward", v)
    return TypeVal("class", f"<{type(v).__name__}>")


PYDANTIC_SCALARS = {
    "PositiveInt": "int", "NegativeInt": "int", "NonNegativeInt": "int", "NonPositiveInt": "int", "StrictInt": "int",
    "PositiveFloat": "float", "NegativeFloat": "float", "NonNegativeFloat": "float", "NonPositiveFloat": "float",
    "StrictFloat": "float", "StrictStr": "str", "StrictBool": "bool",
}
DATACLASS_DECORATORS = {"config", "dataclass", "pydantic_dataclass"}
_DATACLASS_MEMO: dict[str, bool] = {}


def is_dataclass_cls(c: ClassRef) -> bool:
    if c.qualname in _DATACLASS_MEMO:
        return _DATACLASS_MEMO[c.qualname]
    _DATACLASS_MEMO[c.qualname] = False
    result = False
    for d in c.node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
        if name in DATACLASS_DECORATORS:
            result = True
    if not result:
        for b in c.node.bases:
            try:
                base = INTERP[0].eval(b, Frame(c.mod, {}))
            except Exception:
                continue
            if isinstance(base, ClassRef) and is_dataclass_cls(base):
                result = True
    _DATACLASS_MEMO[c.qualname] = result
    return result


INTERP: list[Interp] = []
TYPING = {"Literal", "Optional", "Union", "Annotated", "ClassVar", "InitVar", "Final", "Required", "NotRequired"}


def typing_name(v) -> str | None:
    if isinstance(v, Sym):
        head, _, short = v.name.rpartition(".")
        if head in ("typing", "typing_extensions", "dataclasses") and short in TYPING:
            return short
        if head in ("collections.abc", "typing") and short in ("Callable", "Mapping", "Sequence", "Iterable", "MutableMapping"):
            return "abc." + short
        if v.name in ("typing.List", "typing.Dict", "typing.Tuple", "typing.Set", "typing.FrozenSet", "typing.Type"):
            return short.lower()
    return None


def Interp_type_subscript(self: Interp, obj, slice_node, frame: Frame):
    tn = typing_name(obj)
    elts = slice_node.elts if isinstance(slice_node, ast.Tuple) else [slice_node]
    if tn == "Literal":
        opts = []
        for x in elts:
            v = self.eval(x, frame)
            if isinstance(v, TypeVal) and v.kind == "literal":
                opts.extend(v.args)
            elif isinstance(v, (str, int, float, bool)) or v is None:
                opts.append(v)
            else:
                opts.append(Opaque("literal"))
        uniq = []  # typing flattens nested Literals and drops duplicates
        for o in opts:
            if not any(o is u or (type(o) is type(u) and o == u) for u in uniq):
                uniq.append(o)
        return TypeVal("literal", args=tuple(uniq))
    vals = [self.eval(x, frame) for x in elts]
    if tn == "Optional":
        return TypeVal("union", args=(to_type(vals[0]), NONE_T))
    if tn == "Union":
        return TypeVal("union", args=tuple(to_type(v) for v in vals))
    if tn == "Annotated" or (isinstance(obj, Sym) and obj.name.rsplit(".", 1)[-1] in ("SkipValidation", "InstanceOf")
                             and obj.name.startswith("pydantic")):
        # pydantic's SkipValidation[X] / InstanceOf[X] are Annotated[X, ...] at run time
        return TypeVal("annotated", args=(to_type(vals[0]),))
    if tn in ("ClassVar", "InitVar", "Final", "Required", "NotRequired"):
        # ClassVar and InitVar pseudo-fields are not in dataclasses.fields()
        return TypeVal("classvar" if tn in ("ClassVar", "InitVar") else "annotated", args=(to_type(vals[0]),))
    if isinstance(obj, TypeVal) and obj.kind == "builtin" and obj.name in ("list", "dict", "tuple", "set", "frozenset", "type"):
        return TypeVal("generic", obj.name, args=tuple(to_type(v) for v in vals))
    if tn in ("list", "dict", "tuple", "set", "frozenset", "type"):
        return TypeVal("generic", tn, args=tuple(to_type(v) for v in vals))
    if tn and tn.startswith("abc."):
        return TypeVal("generic", tn, args=())
    if isinstance(obj, Sym):
        return TypeVal("generic", obj.name, args=())
    if isinstance(obj, ClassRef):  # a generic vLLM class (e.g. SomeConfig[T])
        return to_type(obj)
    return TypeVal("generic", "?", args=())


Interp.type_subscript = Interp_type_subscript


def annotation_type(interp: Interp, cls: ClassRef, ann: ast.AST) -> TypeVal:
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        ann = ast.parse(ann.value, mode="eval").body
    v = interp.eval(ann, Frame(cls.mod, {}))
    t = to_type(v)
    if t.kind == "forward":
        t = to_type(interp.eval(ast.parse(t.name, mode="eval").body, Frame(cls.mod, {})))
    return t


def flatten(t: TypeVal) -> list[TypeVal]:
    """get_type_hints of arg_utils: unwrap Annotated, flatten unions."""
    if t.kind == "annotated":
        return flatten(t.args[0])
    if t.kind == "union":
        out = []
        for a in t.args:
            for x in flatten(a):
                if x not in out:
                    out.append(x)
        return out
    return [t]


def dataclass_fields(interp: Interp, cls: ClassRef) -> list[tuple[str, ast.AnnAssign, ClassRef]]:
    """Fields in dataclass order: bases first, a redefinition keeps the base's position."""
    order: list[str] = []
    found: dict[str, tuple[ast.AnnAssign, ClassRef]] = {}
    for c in reversed(interp.mro(cls)):
        if not is_dataclass_cls(c) and c is not cls:
            continue
        for node in c.node.body:
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                t = annotation_type(interp, c, node.annotation)
                if t.kind == "classvar":
                    continue
                if node.target.id not in found:
                    order.append(node.target.id)
                found[node.target.id] = (node, c)
    return [(n, found[n][0], found[n][1]) for n in order]


def field_default(interp: Interp, cls: ClassRef, node: ast.AnnAssign):
    v = node.value
    if isinstance(v, ast.Call):
        fname = v.func.id if isinstance(v.func, ast.Name) else getattr(v.func, "attr", "")
        if fname in ("field", "Field"):
            for k in v.keywords:
                if k.arg == "default":
                    return interp.eval(k.value, Frame(cls.mod, {}))
                if k.arg == "default_factory":
                    f = interp.eval(k.value, Frame(cls.mod, {}))
                    if isinstance(f, TypeVal) and f.kind == "builtin":
                        return {"list": [], "dict": {}, "set": set(), "tuple": ()}.get(f.name, Opaque("factory"))
                    return Opaque("factory")
            if v.args and fname == "Field":
                return interp.eval(v.args[0], Frame(cls.mod, {}))
            return Opaque("field")
    return interp.eval(v, Frame(cls.mod, {}))


def attr_doc(cls_node: ast.ClassDef, node: ast.AnnAssign) -> str:
    body = cls_node.body
    i = body.index(node)
    if i + 1 < len(body):
        nxt = body[i + 1]
        if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str):
            return nxt.value.value
    return ""


# The if/elif type dispatch of vllm/engine/arg_utils.py _compute_kwargs, one branch per condition, keyed by
# the condition's source text (ast.unparse). compute_kwargs() below walks the chain the vLLM source at hand
# has, in its order, so each version is emulated with its own dispatch; a chain that is not one of
# KNOWN_COMPUTE_KWARGS_CHAINS (a new, removed or reordered condition) fails the extraction.
C_DATACLASS = "dataclass_cls is not None"
C_BOOL_STR_NONE = "type_hints == {bool, str, type(None)}"
C_BOOL = "contains_type(type_hints, bool)"
C_LITERAL = "contains_type(type_hints, Literal)"
C_TUPLE = "contains_type(type_hints, tuple)"
C_LIST = "contains_type(type_hints, list)"
C_SET = "contains_type(type_hints, set)"
C_INT = "contains_type(type_hints, int)"
C_FLOAT = "contains_type(type_hints, float)"
C_DICT_STR = ("contains_type(type_hints, dict) and (contains_type(type_hints, str) or "
              "any((is_not_builtin(th) for th in type_hints)))")
C_DICT = "contains_type(type_hints, dict)"
C_STR = "contains_type(type_hints, str) or any((is_not_builtin(th) for th in type_hints))"

KNOWN_COMPUTE_KWARGS_CHAINS = {
    # `bool | str | None` fields become an optional-valued flag (bare flag -> True, value -> str) ahead of the
    # bool branch (e.g. v0.22.0, v0.23.0)
    "with the optional-valued bool|str|None branch": [
        C_DATACLASS, C_BOOL_STR_NONE, C_BOOL, C_LITERAL, C_TUPLE, C_LIST, C_SET, C_INT, C_FLOAT, C_DICT_STR, C_DICT,
        C_STR,
    ],
    # no such branch: any field whose type contains bool (`bool | str | None` too) is a BooleanOptionalAction
    # (e.g. v0.11.1 to v0.20.1)
    "without the bool|str|None branch": [
        C_DATACLASS, C_BOOL, C_LITERAL, C_TUPLE, C_LIST, C_SET, C_INT, C_FLOAT, C_DICT_STR, C_DICT, C_STR,
    ],
}


def compute_kwargs_chain(world: World) -> list[str]:
    """The condition chain of _compute_kwargs (older vLLM: get_kwargs) in this vLLM source; fails if unknown."""
    mod = world.module("vllm.engine.arg_utils")
    fn = mod.defs.get("_compute_kwargs") or mod.defs.get("get_kwargs")
    chain = None
    for node in ast.walk(fn):
        if isinstance(node, ast.If) and C_DATACLASS == ast.unparse(node.test):
            chain = []
            cur = node
            while isinstance(cur, ast.If):
                chain.append(ast.unparse(cur.test))
                cur = cur.orelse[0] if len(cur.orelse) == 1 and isinstance(cur.orelse[0], ast.If) else None
            break
    if chain not in KNOWN_COMPUTE_KWARGS_CHAINS.values():
        raise SystemExit(
            "vllm_flags.py: vllm/engine/arg_utils.py _compute_kwargs has a type-dispatch chain this extractor "
            "does not know; model it in KNOWN_COMPUTE_KWARGS_CHAINS (and _branch_test/_branch_kwargs for a new condition) "
            f"in scripts/upstream/vllm_flags.py. Chain: {json.dumps(chain, indent=1)}"
        )
    return chain


def is_builtin_t(t: TypeVal) -> bool:
    return (t.kind == "builtin") or (t.kind == "generic" and t.name in BUILTIN_TYPES)


def has(hints, name) -> bool:
    """contains_type(type_hints, <builtin name>)"""
    for t in hints:
        if t.kind == "builtin" and t.name == name:
            return True
        if t.kind == "generic" and t.name == name:
            return True
    return False


def get_kwargs(interp: Interp, cls: ClassRef) -> dict:
    if cls.qualname not in interp.kwargs_cache:
        interp.kwargs_cache[cls.qualname] = compute_kwargs(interp, cls)
    return json_deepcopy(interp.kwargs_cache[cls.qualname])


def json_deepcopy(v):
    if isinstance(v, dict):
        return {k: json_deepcopy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [json_deepcopy(x) for x in v]
    return v


def literal_kwargs(hints, lit: TypeVal) -> dict:
    opts = list(lit.args)
    kind = "metavar" if has(hints, "str") else "choices"
    try:
        opts = sorted(opts)
    except TypeError:
        opts = sorted(opts, key=repr)
    return {"type": Sym("type", (type(opts[0]).__name__,)) if opts else Sym("type", ("str",)), kind: opts}


def collection_kwargs(hints, name) -> dict:
    t = next(h for h in hints if h.kind == "generic" and h.name == name)
    types = list(t.args)
    if not types:
        return {"type": Sym("type", ("str",)), "nargs": "+"}
    elem = types[0]
    if elem.kind == "union":
        elem = TypeVal("builtin", "str")
    ellipsis = any(x.kind == "ellipsis" for x in types)
    return {"type": elem, "nargs": "+" if name != "tuple" or ellipsis else len(types)}


def _branch_test(cond: str, hints: list[TypeVal]) -> bool:
    """Whether the _compute_kwargs branch `cond` is taken for these (flattened) type hints."""
    not_builtin = any(not is_builtin_t(h) for h in hints)
    if cond == C_DATACLASS:
        return any(h.kind == "dataclass" for h in hints)
    if cond == C_BOOL_STR_NONE:
        kinds = {(h.kind, h.name) for h in hints}
        return kinds == {("builtin", "bool"), ("builtin", "str"), ("builtin", "NoneType")} and len(hints) == 3
    if cond == C_BOOL:
        return has(hints, "bool")
    if cond == C_LITERAL:
        return any(h.kind == "literal" for h in hints)
    if cond in (C_TUPLE, C_LIST, C_SET, C_INT, C_FLOAT, C_DICT):
        return has(hints, cond.rsplit(", ", 1)[1].rstrip(")"))
    if cond == C_DICT_STR:
        return has(hints, "dict") and (has(hints, "str") or not_builtin)
    if cond == C_STR:
        return has(hints, "str") or not_builtin
    raise AssertionError(f"no emulation of _compute_kwargs branch {cond!r}")


def _branch_kwargs(cond: str, hints: list[TypeVal]) -> dict:
    """The kwargs the _compute_kwargs branch `cond` sets."""
    if cond == C_DATACLASS:
        dc = next(h for h in hints if h.kind == "dataclass")
        return {"type": Sym("parse_dataclass", (dc.name,))}
    if cond == C_BOOL_STR_NONE:
        return {"type": Sym("type", ("str",)), "nargs": "?", "const": True}
    if cond == C_BOOL:
        return {"action": Sym("argparse.BooleanOptionalAction")}
    if cond == C_LITERAL:
        lits = [h for h in hints if h.kind == "literal"]
        merged = TypeVal("literal", args=tuple(x for lit in lits for x in lit.args))
        return literal_kwargs(hints, merged)
    if cond in (C_TUPLE, C_LIST, C_SET):
        return collection_kwargs(hints, cond.rsplit(", ", 1)[1].rstrip(")"))
    if cond == C_INT:
        # max_model_len / max_num_batched_tokens / ... take human_readable_int(_or_auto): still integers
        return {"type": Sym("type", ("int",))}
    if cond == C_FLOAT:
        return {"type": Sym("type", ("float",))}
    if cond == C_DICT_STR:
        return {"type": Sym("union_dict_and_str")}
    if cond == C_DICT:
        return {"type": Sym("json.loads")}
    if cond == C_STR:
        return {"type": Sym("type", ("str",))}
    raise AssertionError(f"no emulation of _compute_kwargs branch {cond!r}")


def compute_kwargs(interp: Interp, cls: ClassRef) -> dict:
    chain = interp.kwargs_chain
    out = {}
    for name, node, owner in dataclass_fields(interp, cls):
        hints = flatten(annotation_type(interp, owner, node.annotation))
        help_text = attr_doc(owner.node, node).strip().replace("%", "%%")
        kw: dict = {"default": Opaque("default"), "help": help_text}
        branch = next((c for c in chain if _branch_test(c, hints)), None)
        if branch is None:
            raise ValueError(f"Unsupported type {hints} for argument {name} of {cls.qualname}")
        kw.update(_branch_kwargs(branch, hints))
        t = kw.get("type")
        if isinstance(t, TypeVal) and t.kind == "literal":
            kw.update(literal_kwargs({t}, t))
        if NONE_T in hints and not has(hints, "bool"):
            kw["type"] = Sym("optional_type", (kw["type"],))
            if kw.get("choices"):
                kw["choices"].append("None")
        out[name] = kw
    return out


# ----------------------------------------------------------------------------- flags


def type_of(v) -> str:
    """Classify an argparse `type=` value."""
    if isinstance(v, Sym):
        n = v.name
        if n == "optional_type" or n.endswith(".optional_type") or n.endswith(".parse_type") or n == "parse_type":
            return type_of(v.args[0]) if v.args else "str"
        if n == "type":
            return {"int": "int", "float": "float", "str": "str", "bool": "bool"}.get(v.args[0], "str")
        if n == "parse_dataclass" or n.endswith("json.loads"):
            return "json"
        if n == "union_dict_and_str" or n.endswith(".union_dict_and_str"):
            return "json|str"
        if n.endswith("human_readable_int") or n.endswith("human_readable_int_or_auto"):
            return "int"
        if n.startswith("builtins."):
            return {"int": "int", "float": "float", "str": "str", "bool": "bool"}.get(n.split(".")[1], "str")
        if n == "lambda":
            return "str"
        return "str"
    if isinstance(v, TypeVal):
        if v.kind == "builtin":
            return {"int": "int", "float": "float", "str": "str", "bool": "bool"}.get(v.name, "str")
        if v.kind == "dataclass":
            return "json"
        if v.kind == "literal":
            return "choice"
        return "str"
    if isinstance(v, FuncRef):
        n = v.node.name
        if "json" in n:
            return "json"
        if "int" in n:
            return "int"
        if "float" in n:
            return "float"
        return "str"
    return "str"


DEPRECATION_PATTERNS = [
    re.compile(r"(^|[.!:]\s+|\n\s*)\[?deprecated\b", re.I),
    re.compile(r"\b(is|are|been|now)\s+deprecated\b", re.I),
    re.compile(r"\bdeprecated\s+(in favou?r of|and will be removed)\b", re.I),
]


def deprecation(kwargs: dict) -> str | None:
    help_text = kwargs.get("help")
    text = help_text if isinstance(help_text, str) else ""
    flat = re.sub(r"\s+", " ", text.replace("%%", "%")).strip()
    if kwargs.get("deprecated") is True:
        return sentence_with(flat, "deprecat") or "deprecated=True"
    for p in DEPRECATION_PATTERNS:
        if p.search(text):
            return sentence_with(flat, "deprecat") or "deprecated"
    return None


def sentence_with(text: str, word: str) -> str | None:
    for s in re.split(r"(?<=[.!?])\s+", text):
        if word in s.lower():
            return s.strip()[:300]
    return None


def build_flags(reg: Registry) -> tuple[dict, list]:
    flags: dict[str, dict] = {}
    positionals = []

    def put(name, entry, where):
        if name in flags:
            raise ValueError(f"flag {name} registered twice (argparse would reject it): {where}")
        flags[name] = entry

    for act in reg.actions:
        names, kw = act["names"], act["kwargs"]
        if not any(n.startswith("-") for n in names):
            positionals.extend(names)
            continue
        longs = [n for n in names if n.startswith("--")]
        primary = longs[0] if longs else names[0]
        aliases = sorted(n for n in names if n != primary)
        action = kw.get("action")
        nargs = kw.get("nargs")
        entry: dict = {}
        boolean_optional = isinstance(action, Sym) and action.name.endswith("BooleanOptionalAction")
        if boolean_optional or action in ("store_true", "store_false", "store_const", "count", "help", "version"):
            entry["type"] = "bool"
            entry["takesValue"] = False
        else:
            t = kw.get("type")
            base = type_of(t) if t is not None else "str"
            if isinstance(kw.get("metavar"), list):
                # `str | Literal[...]`: any string is accepted, these are the values vLLM knows
                entry["knownValues"] = [c for c in kw["metavar"] if isinstance(c, (str, int, float))]
            if kw.get("choices") and isinstance(kw["choices"], list):
                entry["choices"] = [c for c in kw["choices"] if not isinstance(c, (Opaque, Sym))]
                base = "choice"
            if nargs in ("+", "*") or (isinstance(nargs, int) and nargs > 1) or action in ("append", "extend"):
                entry["type"] = "list"
                entry["itemType"] = base
                if action in ("append", "extend"):
                    entry["repeatable"] = True
                if nargs is not None:
                    entry["nargs"] = nargs
            else:
                entry["type"] = base
            if entry["type"] == "json|str" or entry.get("itemType") == "json|str":
                # union_dict_and_str: a JSON object, or else the text as a plain string
                entry["type" if entry["type"] == "json|str" else "itemType"] = "json"
                entry["stringAllowed"] = True
            entry["takesValue"] = nargs != 0
            if nargs == "?":
                entry["valueOptional"] = True
            if isinstance(action, ClassRef):
                entry["action"] = action.name
        if aliases:
            entry["aliases"] = aliases
        if act["group"]:
            entry["group"] = act["group"]
        dep = deprecation(kw)
        if dep:
            entry["deprecated"] = dep
        for n in [primary]:
            put(n, entry, act["where"])
        if boolean_optional:
            for n in longs:
                neg = {"type": "bool", "takesValue": False, "negates": n}
                if act["group"]:
                    neg["group"] = act["group"]
                if dep:
                    neg["deprecated"] = dep
                put("--no-" + n[2:], neg, act["where"])
    return flags, positionals


def flexible_parser_class(world: World, interp: Interp, serve_mod: Module) -> ast.ClassDef | None:
    """FlexibleArgumentParser's class, found where the serve module imports it from (vllm/utils/argparse_utils.py
    in these versions; vllm/utils/__init__.py in older ones), else in either of those modules."""
    if "FlexibleArgumentParser" in serve_mod.defs:
        ref = serve_mod.resolve("FlexibleArgumentParser", interp)
        if isinstance(ref, ClassRef):
            return ref.node
    for name in ("vllm.utils.argparse_utils", "vllm.utils"):
        mod = world.module(name)
        if mod is not None and isinstance(mod.defs.get("FlexibleArgumentParser"), ast.ClassDef):
            return mod.defs["FlexibleArgumentParser"]
    return None


def extra_aliases(cls: ast.ClassDef | None, flags: dict):
    """Short forms FlexibleArgumentParser.parse_args rewrites to a long flag (e.g. -O3 -> --optimization-level 3)."""
    if cls is None:
        return
    for fn in cls.body:
        if isinstance(fn, ast.FunctionDef) and fn.name == "parse_args":
            for node in ast.walk(fn):
                if not isinstance(node, ast.If):
                    continue
                test = node.test
                calls = [c for c in ast.walk(test) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "startswith"]
                for c in calls:
                    if c.args and isinstance(c.args[0], ast.Constant) and isinstance(c.args[0].value, str):
                        short = c.args[0].value
                        if short.startswith("-") and not short.startswith("--"):
                            targets = {n.value for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                                       if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.startswith("--")}
                            for t in targets:
                                if t in flags:
                                    al = set(flags[t].get("aliases", []))
                                    al.add(short)
                                    flags[t]["aliases"] = sorted(al)


def config_fields(interp: Interp, cls: ClassRef) -> dict:
    out = {}
    for name, node, owner in dataclass_fields(interp, cls):
        entry = {"type": ast.unparse(node.annotation)}
        lits = [h for h in flatten(annotation_type(interp, owner, node.annotation)) if h.kind == "literal"]
        if lits:
            entry["choices"] = [x for lit in lits for x in lit.args if not isinstance(x, Opaque)]
        if node.value is not None:
            d = field_default(interp, owner, node)
            if isinstance(d, (str, int, float, bool)) or d is None:
                entry["default"] = d
            elif isinstance(d, (list, dict)) and json_safe(d):
                entry["default"] = d
            else:
                entry["defaultExpr"] = ast.unparse(node.value)
            if isinstance(node.value, ast.Call):
                for k in node.value.keywords:
                    if k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False:
                        entry["init"] = False
        doc = attr_doc(owner.node, node)
        dep = deprecation({"help": doc})
        if dep:
            entry["deprecated"] = dep
        out[name] = entry
    return out


def json_safe(v) -> bool:
    try:
        json.dumps(v)
        return True
    except TypeError:
        return False


def find_subcommand(world: World, interp: Interp, entry: str) -> tuple[Module, ast.ClassDef]:
    path_mod = {"serve": "vllm.entrypoints.cli.serve"}[entry]
    mod = world.module(path_mod)
    if mod is None:
        if world.needs:
            raise LookupError(f"{path_mod} not read yet")
        raise SystemExit(f"vllm_flags.py: no {path_mod.replace('.', '/')}.py in this vLLM tree; teach find_subcommand() "
                         f"where the {entry!r} subcommand lives")
    for node in mod.tree.body:
        if isinstance(node, ast.ClassDef):
            for b in node.body:
                if (isinstance(b, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "name" for t in b.targets)
                        and isinstance(b.value, ast.Constant) and b.value.value == entry):
                    return mod, node
    raise SystemExit(f"vllm_flags.py: no subcommand class with name = {entry!r} in {mod.path}")


def extract(world: World, tag: str, entry: str) -> dict:
    interp = Interp(world)
    INTERP[:] = [interp]
    _DATACLASS_MEMO.clear()
    reg = Registry()
    REGISTRY[:] = [reg]
    interp.kwargs_chain = compute_kwargs_chain(world)
    mod, cls_node = find_subcommand(world, interp, entry)
    cls = ClassRef(mod, cls_node)
    init = interp.own_attr(cls, "subparser_init", Instance(cls))
    root = Subparsers(reg)
    interp.call_func(init, [root], {})
    flags, positionals = build_flags(reg)
    flags.setdefault("--help", {"type": "bool", "takesValue": False, "aliases": ["-h"], "builtin": True})
    extra_aliases(flexible_parser_class(world, interp, mod), flags)
    result = {"vllm": tag, "subcommand": entry, "positionals": positionals, "flags": flags}
    cfg = world.module("vllm.config")
    for key, name in (("kvEventsConfigFields", "KVEventsConfig"), ("kvTransferConfigFields", "KVTransferConfig")):
        c = cfg.resolve(name, interp) if cfg else None
        if isinstance(c, ClassRef):
            result[key] = config_fields(interp, c)
    return result


def main():
    req = json.load(sys.stdin)
    world = World(req["files"], set(req.get("missing", [])))
    try:
        result = extract(world, req["tag"], req.get("entry", "serve"))
    except Exception:
        if world.needs:  # a module was missing; the failure may come from that
            print(json.dumps({"need": sorted(world.needs)}))
            return
        raise
    if world.needs:
        print(json.dumps({"need": sorted(world.needs)}))
        return
    print(json.dumps({"result": result}))


if __name__ == "__main__":
    main()
