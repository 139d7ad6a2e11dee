"""The Python front end's evaluator: follows a module's statements in order and resolves just
enough of an expression to know a URL or a credential.

Values are resolved within the file only (constants, f-strings, `+`, `%`, `.format`, string
methods, environment reads, base64); whatever stays unknown is written `${NAME}`, never
guessed. Statements are followed in order, so a reassignment is seen as the code runs it;
function bodies are read after the module body, against its final constants, which is when they
run in practice.

Nothing here knows an HTTP library: a detector subclasses `Evaluator`, models the library
objects it knows as `Modelled` values (sessions, auth objects, requests), computes them in
`library_value` and recognises calls in `call` (tokenlint.detectors.python_calls).
"""

from __future__ import annotations

import ast
import re
from collections import deque
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import urljoin

from tokenlint.parsers.python import dotted, format_, percent, placeholders
from tokenlint.parsers.python_index import ModuleIndex
from tokenlint.parsers.values import MAX_TEXT, UNNAMED, Encoded, Value, base64_of, capped, concat

#: What names and attributes hold while the code runs: a `Value`, a dict (headers, params), a
#: tuple, a bool or None, or a `Modelled` library object.
Env: TypeAlias = dict[str, object]
#: A function or method whose body is read after the module body: (node, the scope it sees,
#: the attributes of its class when it is a method).
Pending: TypeAlias = tuple[ast.FunctionDef | ast.AsyncFunctionDef, Env, Env | None]

#: Environment reads: their value is `${NAME}`.
ENV_READS = frozenset(("os.getenv", "os.environ.get"))
BASE64 = frozenset(("base64.b64encode", "base64.standard_b64encode", "base64.encodebytes", "base64.encodestring"))
#: Decoders whose result this file cannot know; assigned to a name, it is called after that name.
BASE64_DECODE = frozenset(("base64.b64decode", "base64.standard_b64decode", "base64.decodebytes",
                           "base64.decodestring"))
#: Path joins: `os.path.join(BASE, "repositories", WS)` builds URLs in scripts as well as paths.
PATH_JOINS = frozenset(("os.path.join", "posixpath.join"))
#: Calls that return their first argument's text unchanged, as far as a URL or a secret goes.
PASS_THROUGH = frozenset(("str", "urllib.parse.quote", "urllib.parse.quote_plus", "urllib.parse.unquote",
                          "urllib.quote", "urllib.quote_plus", "urllib.unquote"))  # Python 2 spellings too

#: `library_value`'s answer for a call that is none of the library's: the evaluator goes on.
NOT_LIBRARY = object()
#: `Modelled.read`'s answer for an attribute the object does not model.
NOT_MODELLED = object()


@dataclass(frozen=True)
class CallResult(Value):
    """What a call this file cannot follow returns (`${get_variable}`): assigned to a name, the
    value is called after that name (`app_pass = pipe.get_variable(…)` holds `${app_pass}`),
    which says more about it than the function it came from."""


class Modelled:
    """A library object the evaluator carries without knowing it (a session, a request): the
    detector that creates it says which attributes it reads, writes and mutates."""

    def read(self, attr: str) -> object:
        """The value of `obj.attr`, or NOT_MODELLED."""
        return NOT_MODELLED

    def write(self, attr: str, value: object) -> None:
        """`obj.attr = value`."""

    def mutate(self, method: str, args: list[object]) -> None:
        """`obj.method(*args)` as a statement (`request.add_header(k, v)`)."""


class Evaluator:
    """Reads a module's statements in order, keeping what names hold in an `Env`."""

    def __init__(self, aliases: dict[str, str] | None = None) -> None:
        self.aliases: dict[str, str] = dict(aliases or {})
        self.pending: deque[Pending] = deque()
        self.cls: Env | None = None  # attributes of the class whose method is being read
        self.self_name: str | None = None
        self.params: tuple[str, ...] = ()  # parameters of the function being read (self aside)
        self.function_name = ""  # the function or method being read ("" in the module body)
        self.functions: set[str] = set()  # names of the functions and methods this file defines
        self.classes: dict[str, Env] = {}  # attributes of each class, by name
        self.bases: dict[int, list[Env]] = {}  # a class's attributes -> those of its bases in this file
        self.returns: dict[str, object] = {}  # what each function read so far returns (its first `return` not None)
        #: the one walk of the module being read (tokenlint.parsers.python_index): `scan` finds the
        #: calls of an expression there instead of walking it again
        self.index: ModuleIndex | None = None

    # --- hooks for the detector -------------------------------------------------------------

    def call(self, node: ast.Call, env: Env) -> None:
        """A call the code makes (every call of every statement is offered, in order)."""

    def library_value(self, qual: str, node: ast.Call, args: list[object], kw: dict[str, ast.expr],
                      env: Env) -> object:
        """The value a library call returns, or NOT_LIBRARY."""
        return NOT_LIBRARY

    # --- statements -------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> Env:
        """Read a module and then its functions; the module's final scope."""
        env: Env = {}
        self.block(tree.body, env)
        while self.pending:
            self.function(*self.pending.popleft())
        return env

    def block(self, body: list[ast.stmt], env: Env) -> None:
        for stmt in body:
            self.stmt(stmt, env)

    def stmt(self, node: ast.stmt, env: Env) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                self.aliases[a.asname or a.name] = f"{node.module or ''}.{a.name}"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.functions.add(node.name)
            self.pending.append((node, env, None))
        elif isinstance(node, ast.ClassDef):
            self.class_(node, env)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if node.value is None:
                return
            self.scan(node.value, env)
            value = self.eval(node.value, env)
            if isinstance(node, ast.AugAssign):
                value = self.add(self.eval(node.target, env), value) if isinstance(node.op, ast.Add) else None
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                self.bind(target, value, env)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.scan(item.context_expr, env)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, self.eval(item.context_expr, env), env)
            self.block(node.body, env)
        elif isinstance(node, ast.Expr):
            self.scan(node.value, env)
            self.mutate(node.value, env)
        elif isinstance(node, ast.Return) and node.value is not None:
            self.scan(node.value, env)
            # the first `return` that says something: `return None` on an error path says nothing
            if self.function_name and self.returns.get(self.function_name) is None:
                self.returns[self.function_name] = self.eval(node.value, env)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.scan(node.iter, env)
            self.bind(node.target, None, env)
            self.block(node.body, env)
            self.block(node.orelse, env)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            self.block(node.body, env)
            for handler in node.handlers:
                self.block(handler.body, env)
            self.block(node.orelse, env)
            self.block(node.finalbody, env)
        else:  # if, while, match, return, raise, ...: scan what the statement itself holds
            for _, value in ast.iter_fields(node):
                if isinstance(value, ast.expr):
                    self.scan(value, env)
                elif isinstance(value, list):
                    for v in value:
                        if isinstance(v, ast.stmt):
                            self.stmt(v, env)
                        elif isinstance(v, ast.match_case):
                            self.block(v.body, env)
                        elif isinstance(v, ast.expr):
                            self.scan(v, env)

    def class_(self, node: ast.ClassDef, env: Env) -> None:
        cenv = dict(env)
        methods: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods.append(stmt)
                self.functions.add(stmt.name)
            else:
                self.stmt(stmt, cenv)
        attrs = {k: v for k, v in cenv.items() if "." not in k and (k not in env or env[k] is not v)}
        self.classes[node.name] = attrs
        # bases defined earlier in this file: their attributes (those their __init__ sets too, which
        # is read first) are what `self.X` means in this class's methods when it does not set X itself
        self.bases[id(attrs)] = [self.classes[b.id] for b in node.bases
                                 if isinstance(b, ast.Name) and b.id in self.classes]
        methods.sort(key=lambda m: m.name != "__init__")  # __init__ sets the attributes the others use
        self.pending.extend((m, env, attrs) for m in methods)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: Env, cls: Env | None) -> None:
        env = dict(outer)
        a = node.args
        params = [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if p is not None]
        for p in params:
            env[p] = Value(f"${{{p}}}")
        static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        self_name = params[0] if cls is not None and params and not static else None
        if self_name and cls is not None:
            for base in self._lineage(cls):
                env.update({f"{self_name}.{k}": v for k, v in base.items()})
            env.update({f"{self_name}.{k}": v for k, v in cls.items()})
        saved = self.cls, self.self_name, self.params, self.function_name
        self.cls, self.self_name = (cls, self_name) if self_name else (None, None)
        self.params = tuple(p for p in params if p != self_name)
        self.function_name = node.name
        self.block(node.body, env)
        self.cls, self.self_name, self.params, self.function_name = saved

    def _lineage(self, cls: Env) -> list[Env]:
        """The attributes of a class's bases in this file, farthest first (at most 16 levels)."""
        out: list[Env] = []
        level = self.bases.get(id(cls), [])
        for _ in range(16):
            if not level:
                break
            out[:0] = level
            level = [b for base in level for b in self.bases.get(id(base), [])]
        return out

    def bind(self, target: ast.expr, value: object, env: Env) -> None:
        if isinstance(value, CallResult) and isinstance(target, (ast.Name, ast.Attribute)):
            value = CallResult(f"${{{target.id if isinstance(target, ast.Name) else target.attr}}}")
        if isinstance(target, ast.Name):
            env[target.id] = value if value is not None else Value(f"${{{target.id}}}")
        elif isinstance(target, (ast.Tuple, ast.List)):
            values: tuple[object, ...] | list[None] = (
                value if isinstance(value, tuple) and len(value) == len(target.elts) else [None] * len(target.elts))
            for t, v in zip(target.elts, values, strict=True):
                self.bind(t, v, env)
        elif isinstance(target, ast.Attribute):
            base = self.eval(target.value, env)
            if isinstance(base, Modelled):
                base.write(target.attr, value)
            key = dotted(target)
            if key:
                env[key] = value
                if self.cls is not None and isinstance(target.value, ast.Name) and target.value.id == self.self_name:
                    self.cls[target.attr] = value
        elif isinstance(target, ast.Subscript):
            container, key_value = self.eval(target.value, env), self.eval(target.slice, env)
            if isinstance(container, dict) and isinstance(key_value, Value):
                container[key_value.text] = value

    def mutate(self, node: ast.expr, env: Env) -> None:
        """`headers.update({...})`, `session.headers.update(...)`, `request.add_header(k, v)`."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return
        base = self.eval(node.func.value, env)
        args = [self.eval(a, env) for a in node.args]
        if node.func.attr == "update" and isinstance(base, dict):
            for arg in args:
                if isinstance(arg, dict):
                    base.update(arg)
            base.update({k.arg: self.eval(k.value, env) for k in node.keywords if k.arg})
        elif isinstance(base, Modelled):
            base.mutate(node.func.attr, args)

    def scan(self, node: ast.AST, env: Env) -> None:
        """Offer every call within `node` to `call`, in `ast.walk` order."""
        index = self.index
        if index is not None and index.holds(node):
            for call in index.calls_in(node):
                self.call(call, env)
            return
        for sub in ast.walk(node):  # a node of another tree: a comment parsed on its own, a base class's module
            if isinstance(sub, ast.Call):
                self.call(sub, env)

    # --- values -----------------------------------------------------------------------------

    def qual(self, node: ast.expr) -> str:
        """The imported name an expression stands for: `r.get` after `import requests as r` is `requests.get`."""
        name = dotted(node) or ""
        head, _, rest = name.partition(".")
        head = self.aliases.get(head, head)
        return f"{head}.{rest}" if rest else head

    def text(self, value: object, node: ast.expr) -> Value:
        """`value` as a string, or `${NAME}` after what `node` reads."""
        return value if isinstance(value, Value) else unknown(node)

    def add(self, left: object, right: object) -> object:
        if isinstance(left, Value) and isinstance(right, Value):
            return concat(left, right)
        if isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
        return None

    def eval(self, node: ast.expr, env: Env) -> object:
        if isinstance(node, ast.Constant):
            const = node.value
            if isinstance(const, (bool, type(None))):
                return const
            if isinstance(const, bytes):
                return Value(const.decode("latin-1"))
            if isinstance(const, str):
                return Value(placeholders(const))
            return Value(str(const)) if not isinstance(const, int) or const.bit_length() < 64 else unknown(node)
        if isinstance(node, ast.JoinedStr):
            parts = [self.text(self.eval(v.value, env), v.value) if isinstance(v, ast.FormattedValue)
                     else self.text(self.eval(v, env), v) for v in node.values]
            return concat(*parts)
        if isinstance(node, ast.Name):
            return env[node.id] if node.id in env else Value(f"${{{node.id}}}")
        if isinstance(node, ast.Attribute):
            key = dotted(node)
            if key and key in env:
                return env[key]
            base = self.eval(node.value, env)
            if isinstance(base, Modelled) and (attr := base.read(node.attr)) is not NOT_MODELLED:
                return attr
            return unknown(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, env)
        if isinstance(node, ast.BinOp):
            return self.binop(node, env)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for operand in node.values:  # `os.environ.get("X") or "default"` is `${X}`
                if not (isinstance(operand, ast.Constant) and not operand.value):
                    return self.eval(operand, env)
            return None
        if isinstance(node, ast.IfExp):
            a, b = self.eval(node.body, env), self.eval(node.orelse, env)
            return a if a == b else unknown(node.body)
        if isinstance(node, ast.Dict):
            d: dict[str, object] = {}
            for k, v in zip(node.keys, node.values, strict=True):
                if k is None:
                    spread = self.eval(v, env)
                    d.update(spread if isinstance(spread, dict) else {})
                elif isinstance(key_value := self.eval(k, env), Value):
                    d[key_value.text] = self.eval(v, env)
            return d
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.eval(e, env) for e in node.elts)
        if isinstance(node, ast.Call):
            return self.eval_call(node, env)
        if isinstance(node, ast.Await):
            return self.eval(node.value, env)
        if isinstance(node, ast.NamedExpr):
            value = self.eval(node.value, env)
            self.bind(node.target, value, env)
            return value
        return unknown(node)

    def subscript(self, node: ast.Subscript, env: Env) -> object:
        key = self.eval(node.slice, env)
        if self.qual(node.value) == "os.environ" and isinstance(key, Value):
            return Value(f"${{{key.text}}}")
        base = self.eval(node.value, env)
        if isinstance(base, dict) and isinstance(key, Value) and key.text in base:
            return base[key.text]
        index = node.slice.value if isinstance(node.slice, ast.Constant) else None
        if isinstance(base, tuple) and isinstance(index, int):
            return base[index] if -len(base) <= index < len(base) else None
        return unknown(node)

    def binop(self, node: ast.BinOp, env: Env) -> object:
        if isinstance(node.op, ast.Add):
            operands: list[ast.expr] = []
            left: ast.expr = node
            while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):  # long chains without recursion
                operands.append(left.right)
                left = left.left
            value = self.eval(left, env)
            for operand in reversed(operands):
                value = self.add(value, self.eval(operand, env))
            return value if value is not None else unknown(node)
        if isinstance(node.op, ast.Mod):
            base = self.eval(node.left, env)
            if isinstance(base, Value):
                return percent(base, self.eval(node.right, env), name_of(node.right)) or unknown(node)
        return unknown(node)

    def eval_call(self, node: ast.Call, env: Env) -> object:
        qual = self.qual(node.func)
        args = [self.eval(a, env) for a in node.args]
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        first = args[0] if args else None
        if qual in ENV_READS:
            return Value(f"${{{first.text}}}") if isinstance(first, Value) and first.literal else unknown(node)
        if qual in BASE64 and isinstance(first, Value):
            return base64_of(first)
        if qual in PATH_JOINS and args and all(isinstance(a, Value) for a in args):
            return path_join([a for a in args if isinstance(a, Value)])
        if qual in BASE64_DECODE:
            return CallResult(f"${{{name_of(node.func)}}}")
        if (own := self.own_function(node.func)) in self.returns:
            return self.returns[own]
        library = self.library_value(qual, node, args, kw, env)
        if library is not NOT_LIBRARY:
            return library
        if qual == "urllib.parse.urljoin" and len(args) == 2:
            base, path = args
            if isinstance(base, Value) and isinstance(path, Value):
                return Value(urljoin(base.text, path.text))
        if qual in PASS_THROUGH and isinstance(first, Value):
            return first
        if qual == "dict":
            d = dict(first) if isinstance(first, dict) else {}
            d.update({k: self.eval(v, env) for k, v in kw.items()})
            return d
        if isinstance(node.func, ast.Attribute):
            base_value = self.eval(node.func.value, env)
            if isinstance(base_value, dict) and node.func.attr == "get" and isinstance(first, Value):
                return base_value.get(first.text, Value(f"${{{first.text}}}") if first.literal else None)
            if isinstance(base_value, Value):
                if (keyed := _getter_key(node, first)) is not None:
                    return keyed
                return self.string_method(base_value, node, args, env) or CallResult(unknown(node.func).text)
        elif (keyed := _getter_key(node, first)) is not None:  # an imported `get_variable("KEY")`
            return keyed
        return CallResult(unknown(node.func).text)

    def own_function(self, func: ast.expr) -> str:
        """The name of the function or method of this file that `func` calls (`f`, `self.f`), or ""."""
        if isinstance(func, ast.Name) and func.id not in self.aliases:
            return func.id
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in (
                self.self_name, "self", "cls"):
            return func.attr
        return ""

    def arg(self, node: ast.Call, args: list[object], index: int, name: str, env: Env) -> object:
        """A call's argument given by keyword `name` or at position `index`; None when absent."""
        for k in node.keywords:
            if k.arg == name:
                return self.eval(k.value, env)
        return args[index] if index < len(args) else None

    def string_method(self, base: Value, node: ast.Call, args: list[object], env: Env) -> Value | None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name == "format":
            return format_(base, [self.text(a, n) for a, n in zip(args, node.args, strict=True)],
                           {k.arg: self.text(self.eval(k.value, env), k.value) for k in node.keywords if k.arg})
        items = args[0] if args else None
        if name == "join" and isinstance(items, tuple) and all(isinstance(a, Value) for a in items):
            return capped(Value(base.text.join(a.text for a in items if isinstance(a, Value))))
        texts = [a.text for a in args if isinstance(a, Value)]
        if name == "replace" and len(texts) == len(args) == 2 and texts[0]:
            grown = len(base.text) + base.text.count(texts[0]) * len(texts[1])
            if grown > MAX_TEXT:
                return None
            replaced = base.text.replace(texts[0], texts[1])
            # base64 with its line breaks taken out (`encodestring(…).replace('\n', '')`) encodes the same
            keep = isinstance(base, Encoded) and not texts[0].strip() and not texts[1]
            return Encoded(replaced, base.plain) if keep and isinstance(base, Encoded) else Value(replaced)
        if name in ("encode", "decode") or (name in ("lower", "upper") and not base.literal):
            return base
        if isinstance(base, CallResult) and name in ("strip", "rstrip", "lstrip"):
            return base
        strip = name in ("strip", "rstrip", "lstrip") and len(texts) == len(args) <= 1
        if strip or (name in ("lower", "upper") and not args):
            text: str = getattr(base.text, name)(*texts)
            return Encoded(text, base.plain) if isinstance(base, Encoded) else Value(text)
        return None


def path_join(parts: list[Value]) -> Value:
    """`os.path.join` on POSIX: a part starting with `/` starts over, others join with one `/`."""
    out = parts[0].text
    for part in parts[1:]:
        if part.text.startswith("/"):
            out = part.text
        else:
            out = out + part.text if not out or out.endswith("/") else f"{out}/{part.text}"
    return capped(Value(out))


#: Getters whose literal key names what they return: `cfg.get("BB_APP_PASSWORD")`, `pipe.get_variable("APP_PASS")`.
_GETTERS = frozenset(("get", "get_variable", "getenv", "get_env", "get_secret", "get_config", "get_value", "getvalue",
                      "get_parameter", "get_param", "getstring"))


def _getter_key(node: ast.Call, first: object) -> Value | None:
    """`${KEY}` for a getter called on an object this file does not model (or imported as a
    function: the pipes toolkit's `get_variable("BITBUCKET_PASSWORD")`), with a literal key."""
    func = node.func
    name = (func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else "").lower()
    if name not in _GETTERS or not isinstance(first, Value) or not first.literal:
        return None
    return Value(f"${{{first.text}}}") if re.fullmatch(r"[A-Za-z_]\w{0,80}", first.text) else None


def name_of(node: ast.expr | None) -> str:
    """A name for a value this file cannot resolve: the variable, attribute, key or function it comes from."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
            return key.value
        return name_of(node.value)
    if isinstance(node, ast.Call):
        return name_of(node.func)
    return UNNAMED[2:-1]


def unknown(node: ast.expr | None) -> Value:
    """`${NAME}` after what `node` reads."""
    return Value(f"${{{name_of(node)}}}")
