"""Bitbucket API calls made by Python code: requests, httpx, urllib3, urllib, aiohttp,
atlassian-python-api and pybitbucket.

The code is read with the stdlib `ast`, so strings, comments and nesting are never guessed.
Values are resolved within the file only (constants, f-strings, `+`, `%`, `.format`,
environment reads); whatever stays unknown is written `${NAME}` and judged by
`calls.make_api_call`, never guessed. Statements are followed in order, so a reassignment or a
session configured after its creation is seen as the code runs it; function bodies are read
after the module body, against its final constants, which is when they run in practice.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from tokenlint.detectors.calls import join_url, request_call
from tokenlint.parsers.values import MAX_TEXT, Encoded, Value, base64_of, capped, concat
from tokenlint.detectors import relevance
from tokenlint.detectors.http_libraries import python as lib
from tokenlint.document import Document
from tokenlint.facts import ApiCall
from tokenlint.parsers.python import dotted as _dotted
from tokenlint.parsers.python import format_, parse_comment, percent

_COMMENTED = re.compile(r"^[ \t]*#.*bitbucket\.org", re.MULTILINE | re.IGNORECASE)


@dataclass
class Auth:
    scheme: str
    username: Value | None = None
    secret: Value | None = None


@dataclass
class Client:
    """A session or client object: what every request made through it inherits."""

    tool: str
    auth: object = None
    headers: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    verify: object = True
    base_url: str = ""


@dataclass
class Request:
    """A `urllib.request.Request`: reported where it is opened, or where it is built if never opened here."""

    url: Value
    method: str
    headers: dict
    node: ast.Call
    opened: bool = False


def detect(doc: Document) -> tuple[list[ApiCall], list[str]]:
    if not relevance.mentions(doc):
        return [], []
    try:
        tree = ast.parse(doc.text)
    except SyntaxError as e:
        reason = " ".join(str(e.msg).split())
        return [], [f"{doc.path}: Python source does not parse (line {e.lineno}): {reason}"]
    except (ValueError, RecursionError, MemoryError) as e:
        return [], [f"{doc.path}: Python source cannot be analysed: {type(e).__name__}"]
    analysis = _Analysis(doc.line_text, lambda line: (line, 0))
    try:
        env = analysis.run(tree)
        analysis.calls.extend(_commented_calls(doc, tree, env, analysis.aliases))
    except RecursionError:
        return analysis.calls, [f"{doc.path}: Python source nests too deeply to analyse completely"]
    return sorted(analysis.calls, key=lambda c: (c.line, c.column)), []


class _Analysis:
    def __init__(self, line_text: Callable[[int], str], origin: Callable[[int], tuple[int, int]],
                 commented: bool = False, aliases: dict[str, str] | None = None) -> None:
        self.line_text, self.origin, self.commented = line_text, origin, commented
        self.aliases: dict[str, str] = dict(aliases or {})
        self.calls: list[ApiCall] = []
        self.pending: deque[tuple[ast.FunctionDef | ast.AsyncFunctionDef, dict, dict | None]] = deque()
        self.requests: dict[int, Request] = {}
        self.cls: dict | None = None  # attributes of the class whose method is being read
        self.self_name: str | None = None

    def run(self, tree: ast.Module) -> dict:
        env: dict = {}
        self.block(tree.body, env)
        while self.pending:
            self.function(*self.pending.popleft())
        for req in self.requests.values():
            if not req.opened:
                self.emit("urllib", req.method, req.url, req.node, None, req.headers, {}, False, "")
        return env

    # --- statements -------------------------------------------------------------------------

    def block(self, body: list[ast.stmt], env: dict) -> None:
        for stmt in body:
            self.stmt(stmt, env)

    def stmt(self, node: ast.stmt, env: dict) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                self.aliases[a.asname or a.name] = f"{node.module or ''}.{a.name}"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
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
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.scan(node.iter, env)
            self.bind(node.target, None, env)
            self.block(node.body, env)
            self.block(node.orelse, env)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
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

    def class_(self, node: ast.ClassDef, env: dict) -> None:
        cenv = dict(env)
        methods = []
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods.append(stmt)
            else:
                self.stmt(stmt, cenv)
        attrs = {k: v for k, v in cenv.items() if "." not in k and (k not in env or env[k] is not v)}
        methods.sort(key=lambda m: m.name != "__init__")  # __init__ sets the attributes the others use
        self.pending.extend((m, env, attrs) for m in methods)

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: dict, cls: dict | None) -> None:
        env = dict(outer)
        a = node.args
        params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if p is not None]
        for p in params:
            env[p] = Value(f"${{{p}}}")
        static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
        self_name = params[0] if cls is not None and params and not static else None
        if self_name:
            env.update({f"{self_name}.{k}": v for k, v in cls.items()})
        saved = self.cls, self.self_name
        self.cls, self.self_name = (cls, self_name) if self_name else (None, None)
        self.block(node.body, env)
        self.cls, self.self_name = saved

    def bind(self, target: ast.expr, value: object, env: dict) -> None:
        if isinstance(target, ast.Name):
            env[target.id] = value if value is not None else Value(f"${{{target.id}}}")
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value if isinstance(value, tuple) and len(value) == len(target.elts) else [None] * len(target.elts)
            for t, v in zip(target.elts, values):
                self.bind(t, v, env)
        elif isinstance(target, ast.Attribute):
            base = self.eval(target.value, env)
            if isinstance(base, Client) and target.attr in ("auth", "verify", "headers", "params", "base_url"):
                setattr(base, target.attr, _client_field(target.attr, value))
            key = _dotted(target)
            if key:
                env[key] = value
                if self.cls is not None and isinstance(target.value, ast.Name) and target.value.id == self.self_name:
                    self.cls[target.attr] = value
        elif isinstance(target, ast.Subscript):
            container, key = self.eval(target.value, env), self.eval(target.slice, env)
            if isinstance(container, dict) and isinstance(key, Value):
                container[key.text] = value

    def mutate(self, node: ast.expr, env: dict) -> None:
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
        elif node.func.attr == "add_header" and isinstance(base, Request) and len(args) == 2:
            if isinstance(args[0], Value):
                base.headers[args[0].text] = args[1]

    # --- values -----------------------------------------------------------------------------

    def qual(self, node: ast.expr) -> str:
        """The imported name an expression stands for: `r.get` after `import requests as r` is `requests.get`."""
        dotted = _dotted(node) or ""
        head, _, rest = dotted.partition(".")
        head = self.aliases.get(head, head)
        return f"{head}.{rest}" if rest else head

    def text(self, value: object, node: ast.expr) -> Value:
        return value if isinstance(value, Value) else _unknown(node)

    def add(self, left: object, right: object) -> object:
        if isinstance(left, Value) and isinstance(right, Value):
            return concat(left, right)
        if isinstance(left, tuple) and isinstance(right, tuple):
            return left + right
        return None

    def eval(self, node: ast.expr, env: dict) -> object:
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, (bool, type(None))):
                return v
            if isinstance(v, (str, bytes)):
                return Value(v.decode("latin-1") if isinstance(v, bytes) else v)
            return Value(str(v)) if not isinstance(v, int) or v.bit_length() < 64 else _unknown(node)
        if isinstance(node, ast.JoinedStr):
            parts = [self.text(self.eval(v.value, env), v.value) if isinstance(v, ast.FormattedValue)
                     else self.text(self.eval(v, env), v) for v in node.values]
            return concat(*parts)
        if isinstance(node, ast.Name):
            return env[node.id] if node.id in env else Value(f"${{{node.id}}}")
        if isinstance(node, ast.Attribute):
            key = _dotted(node)
            if key and key in env:
                return env[key]
            base = self.eval(node.value, env)
            if isinstance(base, Client) and node.attr in ("auth", "verify", "headers", "params"):
                return getattr(base, node.attr)
            return _unknown(node)
        if isinstance(node, ast.Subscript):
            key = self.eval(node.slice, env)
            if self.qual(node.value) == "os.environ" and isinstance(key, Value):
                return Value(f"${{{key.text}}}")
            base = self.eval(node.value, env)
            if isinstance(base, dict) and isinstance(key, Value) and key.text in base:
                return base[key.text]
            if isinstance(base, tuple) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
                return base[node.slice.value] if -len(base) <= node.slice.value < len(base) else None
            return _unknown(node)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add):
                operands, left = [], node
                while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):  # long chains without recursion
                    operands.append(left.right)
                    left = left.left
                value = self.eval(left, env)
                for operand in reversed(operands):
                    value = self.add(value, self.eval(operand, env))
                return value if value is not None else _unknown(node)
            if isinstance(node.op, ast.Mod):
                left = self.eval(node.left, env)
                if isinstance(left, Value):
                    return percent(left, self.eval(node.right, env), _name(node.right)) or _unknown(node)
            return _unknown(node)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for operand in node.values:  # `os.environ.get("X") or "default"` is `${X}`
                if not (isinstance(operand, ast.Constant) and not operand.value):
                    return self.eval(operand, env)
            return None
        if isinstance(node, ast.IfExp):
            a, b = self.eval(node.body, env), self.eval(node.orelse, env)
            return a if a == b else _unknown(node.body)
        if isinstance(node, ast.Dict):
            d: dict = {}
            for k, v in zip(node.keys, node.values):
                if k is None:
                    spread = self.eval(v, env)
                    d.update(spread if isinstance(spread, dict) else {})
                elif isinstance(key := self.eval(k, env), Value):
                    d[key.text] = self.eval(v, env)
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
        return _unknown(node)

    def eval_call(self, node: ast.Call, env: dict) -> object:
        qual = self.qual(node.func)
        args = [self.eval(a, env) for a in node.args]
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        first = args[0] if args else None
        if qual in lib.ENV_READS:
            return Value(f"${{{first.text}}}") if isinstance(first, Value) and first.literal else _unknown(node)
        if qual in lib.BASE64 and isinstance(first, Value):
            return base64_of(first)
        if qual in lib.AUTHS:
            names = ("login", "password") if qual.startswith("aiohttp") else ("username", "password")
            user, secret = (self._arg(node, args, i, name, env) for i, name in enumerate(names))
            return Auth(lib.AUTHS[qual], self.text(user, node), self.text(secret, node))
        if qual in lib.CLIENTS:
            return self.client(lib.CLIENTS[qual], node, kw, env)
        if qual in lib.REQUEST:
            return self.request(node, args, kw, env)
        if qual in ("urllib3.make_headers", "urllib3.util.make_headers") and "basic_auth" in kw:
            pair = self.text(self.eval(kw["basic_auth"], env), node)
            return {"authorization": concat(Value("Basic "), base64_of(pair))}
        if qual == "urllib.parse.urljoin" and len(args) == 2 and all(isinstance(a, Value) for a in args):
            return Value(urljoin(args[0].text, args[1].text))
        if qual in lib.PASS_THROUGH and isinstance(first, Value):
            return first
        if qual == "dict":
            d = dict(first) if isinstance(first, dict) else {}
            d.update({k: self.eval(v, env) for k, v in kw.items()})
            return d
        if isinstance(node.func, ast.Attribute):
            base = self.eval(node.func.value, env)
            if isinstance(base, Value):
                return self.string_method(base, node, args, env) or _unknown(node.func)
        return _unknown(node.func)

    def _arg(self, node: ast.Call, args: list, index: int, name: str, env: dict) -> object:
        for k in node.keywords:
            if k.arg == name:
                return self.eval(k.value, env)
        return args[index] if index < len(args) else None

    def string_method(self, base: Value, node: ast.Call, args: list, env: dict) -> Value | None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name == "format":
            return format_(base, [self.text(a, n) for a, n in zip(args, node.args)],
                           {k.arg: self.text(self.eval(k.value, env), k.value) for k in node.keywords if k.arg})
        if name == "join" and args and isinstance(args[0], tuple) and all(isinstance(a, Value) for a in args[0]):
            return capped(Value(base.text.join(a.text for a in args[0])))
        texts = [a.text for a in args if isinstance(a, Value)]
        if name == "replace" and len(texts) == len(args) == 2 and texts[0]:
            grown = len(base.text) + base.text.count(texts[0]) * len(texts[1])
            return Value(base.text.replace(*texts)) if grown <= MAX_TEXT else None
        if name in ("encode", "decode") or (name in ("lower", "upper") and not base.literal):
            return base
        strip = name in ("strip", "rstrip", "lstrip") and len(texts) == len(args) <= 1
        if strip or (name in ("lower", "upper") and not args):
            text = getattr(base.text, name)(*texts)
            return Encoded(text, base.plain) if isinstance(base, Encoded) else Value(text)
        return None

    def client(self, tool: str, node: ast.Call, kw: dict, env: dict) -> Client:
        c = Client(tool)
        for name in ("auth", "headers", "params", "verify", "base_url"):
            if name in kw:
                setattr(c, name, _client_field(name, self.eval(kw[name], env)))
        cert = self.eval(kw["cert_reqs"], env) if "cert_reqs" in kw else None
        if isinstance(cert, Value) and cert.text.endswith("CERT_NONE"):
            c.verify = False
        connector = kw.get("connector")
        if isinstance(connector, ast.Call) and self.qual(connector.func) == "aiohttp.TCPConnector":
            if any(k.arg in ("ssl", "verify_ssl") and self.eval(k.value, env) is False for k in connector.keywords):
                c.verify = False
        return c

    def request(self, node: ast.Call, args: list, kw: dict, env: dict) -> Request:
        if id(node) not in self.requests:
            url = self._arg(node, args, 0, "url", env)
            data = self._arg(node, args, 1, "data", env)
            headers = self._arg(node, args, 2, "headers", env)
            method = self.eval(kw["method"], env) if "method" in kw else None
            method_text = method.text if isinstance(method, Value) else ("POST" if data is not None else "GET")
            self.requests[id(node)] = Request(self.text(url, node), method_text,
                                              dict(headers) if isinstance(headers, dict) else {}, node)
        return self.requests[id(node)]

    # --- calls ------------------------------------------------------------------------------

    def scan(self, node: ast.AST, env: dict) -> None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                self.call(sub, env)

    def call(self, node: ast.Call, env: dict) -> None:
        qual = self.qual(node.func)
        args, kw = node.args, {k.arg: k.value for k in node.keywords if k.arg}
        module, _, verb = qual.rpartition(".")
        if module in lib.VERB_MODULES and verb in lib.VERBS:
            self.http(node, lib.VERB_MODULES[module], verb, _nth(args, 0, kw, "url"), kw, env, None)
        elif qual in lib.METHOD_FIRST:
            self.http(node, lib.METHOD_FIRST[qual], self._method(_nth(args, 0, kw, "method"), env),
                      _nth(args, 1, kw, "url"), kw, env, None)
        elif qual in lib.URLOPEN:
            self.urlopen(node, _nth(args, 0, kw, "url"), kw, env)
        elif qual in lib.ATLASSIAN:
            self.atlassian(node, lib.ATLASSIAN[qual], env)
        elif qual == lib.PYBITBUCKET:
            auth = self.eval(args[0], env) if args else None
            self.emit("pybitbucket", "GET", Value("https://api.bitbucket.org/2.0"), node, auth, {}, {}, False, "")
        elif isinstance(node.func, ast.Attribute) and node.func.attr in lib.CLIENT_METHODS:
            base = self.eval(node.func.value, env)
            if not isinstance(base, (Client, Value)):
                return
            tool = base.tool if isinstance(base, Client) else "python"
            client = base if isinstance(base, Client) else None
            if node.func.attr in lib.VERBS:
                self.http(node, tool, node.func.attr, _nth(args, 0, kw, "url"), kw, env, client)
            else:
                self.http(node, tool, self._method(_nth(args, 0, kw, "method"), env), _nth(args, 1, kw, "url"),
                          kw, env, client)

    def _method(self, node: ast.expr | None, env: dict) -> str:
        value = self.eval(node, env) if node is not None else None
        return value.text if isinstance(value, Value) else "GET"

    def http(self, node: ast.Call, tool: str, method: str, url_node: ast.expr | None, kw: dict, env: dict,
             client: Client | None) -> None:
        if url_node is None:
            return
        url = self.text(self.eval(url_node, env), url_node)
        if client is not None and client.base_url:
            url = Value(join_url(client.base_url, url.text))
        auth = self.eval(kw["auth"], env) if "auth" in kw else (client.auth if client else None)
        headers = dict(client.headers) if client else {}
        params = dict(client.params) if client else {}
        for name, target in (("headers", headers), ("params", params)):
            extra = self.eval(kw[name], env) if name in kw else None
            target.update(extra if isinstance(extra, dict) else {})
        insecure = any(self.eval(kw[k], env) is False for k in ("verify", "ssl", "verify_ssl") if k in kw)
        insecure = insecure or (client is not None and client.verify is False and "verify" not in kw)
        body = next((self.eval(kw[k], env) for k in ("data", "json", "content", "body", "fields") if k in kw), None)
        self.emit(tool, method, url, node, auth, headers, params, insecure, _body_text(body))

    def urlopen(self, node: ast.Call, target: ast.expr | None, kw: dict, env: dict) -> None:
        if target is None:
            return
        value = self.eval(target, env)
        context = kw.get("context")
        insecure = isinstance(context, ast.Call) and self.qual(context.func) == "ssl._create_unverified_context"
        if isinstance(value, Request):
            value.opened = True
            self.emit("urllib", value.method, value.url, node, None, value.headers, {}, insecure, "")
        else:
            data = _nth(node.args, 1, kw, "data")
            self.emit("urllib", "POST" if data is not None else "GET", self.text(value, target), node, None, {}, {},
                      insecure, "")

    def atlassian(self, node: ast.Call, kind: str, env: dict) -> None:
        """The client talks to the API root it derives from `url`, authenticated as configured."""
        args = [self.eval(a, env) for a in node.args]
        url = self.text(self._arg(node, args, 0, "url", env) or Value("https://api.bitbucket.org"), node).text
        user, password = self._arg(node, args, 1, "username", env), self._arg(node, args, 2, "password", env)
        token, cloud = self._arg(node, [], 0, "token", env), self._arg(node, [], 0, "cloud", env)
        if kind == "cloud" or cloud is True or (cloud is None and "bitbucket.org" in url):
            root = "/2.0" if kind == "cloud" or "api.bitbucket.org" in url else "/api/2.0"
        else:
            root = "/rest/api/1.0"
        if token is not None:
            auth: object = Auth("bearer", None, self.text(token, node))
        elif password is not None:
            auth = Auth("basic", self.text(user, node) if user is not None else None, self.text(password, node))
        else:
            auth = None
        insecure = self._arg(node, [], 0, "verify_ssl", env) is False
        self.emit("atlassian-python-api", "GET", Value(url.rstrip("/") + root), node, auth, {}, {}, insecure, "")

    def emit(self, tool: str, method: str, url: Value, node: ast.expr, auth: object, headers: dict, params: dict,
             insecure: bool, body: str) -> None:
        if isinstance(auth, Auth):
            triple: tuple | None = (auth.scheme, auth.username, auth.secret)
        elif isinstance(auth, tuple) and len(auth) == 2:
            triple = ("basic", self.text(auth[0], node), self.text(auth[1], node))
        elif isinstance(auth, Value):  # an auth object built where this file cannot see
            triple = ("unknown", None, auth)
        else:
            triple = None
        line_text = self.line_text(node.lineno)
        column = len(line_text.encode("utf-8")[: node.col_offset].decode("utf-8", "replace")) + 1
        line, shift = self.origin(node.lineno)
        call = request_call(
            tool, method, url.text, line, column + shift, auth=triple,
            headers={k: v for k, v in headers.items() if isinstance(v, Value)},
            params={k: v.text for k, v in params.items() if isinstance(v, Value)},
            insecure=insecure, commented=self.commented, body=body,
        )
        if call is not None:
            self.calls.append(call)


def _commented_calls(doc: Document, tree: ast.Module, env: dict, aliases: dict[str, str]) -> list[ApiCall]:
    """Calls in commented-out code (`# requests.get("https://api.bitbucket.org/…", auth=…)`).

    The comment is parsed as Python on its own (with up to three comment lines before and seven
    after, for a call spread over lines); prose does not parse and yields nothing.
    """
    candidates = sorted({doc.line_col(m.start())[0] for m in _COMMENTED.finditer(doc.text)})
    if not candidates:
        return []
    in_string = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and (node.end_lineno or 0) > node.lineno:
            in_string.update(range(node.lineno + 1, (node.end_lineno or 0) + 1))

    def comment(n: int) -> bool:
        return n not in in_string and doc.line_text(n).lstrip().startswith("#")

    calls: list[ApiCall] = []
    done: set[int] = set()
    for line in candidates:
        if line in done or not comment(line):
            continue
        for start in (s for s in range(line, line - 4, -1) if s not in done and all(map(comment, range(s, line + 1)))):
            fragment = parse_comment(doc, start, line, comment)
            if fragment is None:
                continue
            tree_part, end, shifts = fragment
            analysis = _Analysis(lambda n, s=start: doc.line_text(s + n - 1)[shifts[n - 1]:],
                                 lambda n, s=start: (s + n - 1, shifts[n - 1]), True, aliases)
            for stmt in tree_part.body:
                analysis.scan(stmt, dict(env))
            if analysis.calls:  # a fragment of a call (its URL line alone) parses too, but calls nothing
                calls.extend(analysis.calls)
                done.update(range(start, end + 1))
                break
    return calls


def _client_field(name: str, value: object) -> object:
    """A value as a client keeps it: headers and params as its own dict, the base URL as text."""
    if name in ("headers", "params"):
        return dict(value) if isinstance(value, dict) else {}
    if name == "base_url":
        return value.text if isinstance(value, Value) else ""
    return value


def _name(node: ast.expr | None) -> str:
    """A name for a value this file cannot resolve: the variable, attribute, key or function it comes from."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
            return key.value
        return _name(node.value)
    if isinstance(node, ast.Call):
        return _name(node.func)
    return "value"


def _unknown(node: ast.expr | None) -> Value:
    return Value(f"${{{_name(node)}}}")


def _nth(args: list[ast.expr], index: int, kw: dict, name: str) -> ast.expr | None:
    return kw.get(name) or (args[index] if index < len(args) and not isinstance(args[index], ast.Starred) else None)


def _body_text(body: object) -> str:
    if isinstance(body, Value):
        return body.text
    if isinstance(body, dict):
        return "&".join(f"{k}={v.text}" for k, v in body.items() if isinstance(v, Value))
    return ""


def detect_reading(reading) -> tuple[list[ApiCall], list[str]]:
    """The registry's entry point (tokenlint.detectors.registry)."""
    return detect(reading.doc)
