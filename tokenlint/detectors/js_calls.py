"""Bitbucket API calls made by JavaScript and TypeScript: fetch (and node-fetch), axios, got,
Node's http/https, and the `bitbucket` npm client.

No JavaScript parser is among the dependencies, so this reads a token stream: a linear
tokenizer (strings, template literals, comments, regex literals, identifiers, punctuation),
then a reader that knows these libraries' call shapes and evaluates just enough of an
expression to resolve a URL or a credential: literals, `+`, templates, `const` names,
`process.env.X` (→ `${X}`), `Buffer.from(…).toString('base64')` and `btoa`. Scopes are not
modelled: a name means its last assignment above. Unknown stays `${NAME}`, never guessed.

Work is bounded: a file larger than FULL_LIMIT (a bundle, minified code) is read only around
its `bitbucket` mentions, and every evaluation draws on a budget proportional to the file;
either limit leaves a note instead of a hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tokenlint.detectors.calls import request_call
from tokenlint.parsers.values import Value, base64_of, capped, concat, join_url, userinfo
from tokenlint.detectors import relevance
from tokenlint.detectors.http_libraries import javascript as lib
from tokenlint.document import Document
from tokenlint.facts import ApiCall
from tokenlint.parsers import javascript as parser
from tokenlint.parsers.javascript import Tok, ends_operand, is_punct, windows

COMMENT_HINT = "bitbucket.org"  # a comment worth reading as code names the API's host


def tokenize(text: str, pos: int, end: int) -> tuple[list[Tok], list[tuple[int, int]], bool]:
    """Tokens of text[pos:end] and the spans of comments that name bitbucket.org (parsers.javascript)."""
    return parser.tokenize(text, pos, end, COMMENT_HINT)


FULL_LIMIT = 256 * 1024  # characters read whole; larger files are read in windows
WINDOW = 4096  # characters read either side of a `bitbucket` mention in a large file
WORK_PER_TOKEN = 20  # evaluation steps allowed per token read, which bounds nested calls and values
MAX_DEPTH = 24  # nesting the evaluator follows; deeper values stay unknown

_AFTER_NAME = frozenset(("=", "(", ".", "?.", "[", "<", "!"))  # what may follow a name that starts a call or assignment


@dataclass
class Client:
    """An axios instance, a got instance, or the module's defaults: what its requests inherit."""

    tool: str
    auth: tuple | None = None  # (scheme, username, secret)
    headers: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    insecure: bool = False
    base_url: str = ""


@dataclass
class Module:
    name: str


@dataclass
class Bytes:
    """`Buffer.from(x)`: becomes base64 of `x` through `.toString('base64')`."""

    inner: Value


@dataclass
class Agent:
    insecure: bool


class _OutOfBudget(Exception):
    pass


def detect(doc: Document) -> tuple[list[ApiCall], list[str]]:
    if not relevance.mentions(doc):
        return [], []
    text, notes = doc.text, []
    if len(text) <= FULL_LIMIT:
        spans = [(0, len(text))]
    else:
        spans = windows(text, doc.lower, relevance.WORD, FULL_LIMIT, WINDOW)
        covered = sum(end - start for start, end in spans)
        notes.append(f"{doc.path}: {len(text)} characters; read only {covered} of them, around its 'bitbucket' "
                     "mentions (credentials were still checked everywhere)")
    reader = _Reader(doc, budget=0)
    comments: list[tuple[int, int]] = []
    try:
        for start, end in spans:
            tokens, found, complete = tokenize(text, start, end)
            reader.budget += WORK_PER_TOKEN * len(tokens) + 10_000
            comments.extend(found)
            if not complete:
                notes.append(f"{doc.path}: template literals nest too deeply; the code after them was not read")
            reader.read(tokens)
        reader.calls.extend(_commented_calls(doc, comments, reader))
    except _OutOfBudget:
        notes.append(f"{doc.path}: too complex to analyse completely (work limit reached); some calls may be missed")
    return sorted(reader.calls, key=lambda c: (c.line, c.column)), notes


class _Reader:
    """Reads a token list in order: declarations, imports and assignments feed `env`; calls to
    the known libraries become facts. Every token is visited once by `read`; evaluation and
    skipping draw on `budget`."""

    def __init__(self, doc: Document, budget: int, base: int = 0, commented: bool = False) -> None:
        self.doc, self.budget, self.base, self.commented = doc, budget, base, commented
        self.env: dict[str, object] = {}
        self.aliases: dict[str, str] = {}
        self.defaults = {"axios": Client("axios"), "got": Client("got")}
        self.calls: list[ApiCall] = []
        self.toks: list[Tok] = []

    # --- statements -------------------------------------------------------------------------

    def read(self, toks: list[Tok]) -> None:
        self.toks = toks
        prev, last = None, len(toks) - 1
        for i, t in enumerate(toks):
            if t.kind == "id" and not (prev is not None and prev.kind == "p" and prev.text in (".", "?.")):
                after = toks[i + 1] if i < last else None
                if t.text in ("const", "let", "var", "import") or (after is not None and after.kind == "p"
                                                                   and after.text in _AFTER_NAME):
                    self.statement(i)
            prev = t

    def at(self, i: int) -> Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def statement(self, i: int) -> None:
        word = self.toks[i].text
        if word in ("const", "let", "var"):
            self.declare(i + 1)
        elif word == "import":
            self.import_(i + 1)
        else:
            parts, j = self.path(i)
            if is_punct(self.at(j), "<"):  # TypeScript type arguments: axios.get<Repo>(url)
                j = self.type_arguments(j)
            if is_punct(self.at(j), "="):
                self.assign(parts, j + 1)
            elif is_punct(self.at(j), "("):
                new = i > 0 and self.toks[i - 1].text == "new" and self.toks[i - 1].kind == "id"
                self.call(parts, j, new, self.toks[i - 1 if new else i].start)

    def declare(self, i: int) -> None:
        """Declarations `read` cannot take for assignments: `const { a, b } = …`, `const url: string = …`.
        (`const x = …` and later declarators `, y = …` are read as assignments.)"""
        t = self.at(i)
        if is_punct(t, "{") and is_punct(self.at(close := self.close(i) + 1), "="):
            self.destructure(self.pattern(i + 1, close - 1), self.value(close + 1))
        elif t is not None and t.kind == "id" and is_punct(self.at(i + 1), ":"):
            eq = self.skip(i + 2, stop=("=",))
            if is_punct(self.at(eq), "="):
                self.assign([t.text], eq + 1)

    def pattern(self, i: int, end: int) -> list[tuple[str, str]]:
        """(property, local name) pairs of an object pattern `{ a, b: c }` between i and end."""
        names, k = [], i
        while k < end:
            t, after = self.toks[k], self.at(k + 1)
            local = self.at(k + 2)
            if t.kind in ("id", "str") and is_punct(after, ":") and local is not None and local.kind == "id":
                names.append((t.text, local.text))
            elif t.kind == "id" and (k + 1 >= end or is_punct(after, ",", "=")):
                names.append((t.text, t.text))
            k = self.skip(k) + 1
        return names

    def destructure(self, names: list[tuple[str, str]], value: object) -> None:
        for prop, local in names:
            if isinstance(value, Module):
                self.aliases[local] = value.name if prop == "default" else f"{value.name}.{prop}"
            elif value is PROCESS_ENV:
                self.env[local] = Value(f"${{{prop}}}")
            elif isinstance(value, dict) and prop in value:
                self.env[local] = value[prop]
            else:
                self.env[local] = Value(f"${{{local}}}")

    def import_(self, i: int) -> None:
        names: list[tuple[str, str]] = []
        k = i
        while (t := self.at(k)) is not None and k < i + 200 and not is_punct(t, ";"):
            if t.kind == "id" and t.text == "from" and self.at(k + 1) is not None and self.toks[k + 1].kind == "str":
                module = _module(self.toks[k + 1].text)
                for prop, local in names:
                    self.aliases[local] = module if prop in ("default", "*") else f"{module}.{prop}"
                return
            if is_punct(t, "*") and self.at(k + 2) is not None and self.toks[k + 2].kind == "id":  # * as name
                names.append(("*", self.toks[k + 2].text))
                k += 3
                continue
            if is_punct(t, "{"):
                close = self.close(k)
                names += self.import_names(k + 1, close)
                k = close + 1
                continue
            if t.kind == "id" and t.text != "type":
                names.append(("default", t.text))
            elif not is_punct(t, ","):  # a side-effect or dynamic import
                return
            k += 1

    def import_names(self, i: int, end: int) -> list[tuple[str, str]]:
        names, k = [], i
        while k < end:
            t = self.toks[k]
            if t.kind in ("id", "str") and t.text != "type":
                alias = self.at(k + 2) if self.at(k + 1) is not None and self.toks[k + 1].text == "as" else None
                names.append((t.text, alias.text if alias is not None else t.text))
            k = self.skip(k) + 1
        return names

    def assign(self, parts: list[str], i: int) -> None:
        value = self.value(i)
        if isinstance(value, Module) and len(parts) == 1:  # const axios = require('axios')
            self.aliases[parts[0]] = value.name
            return
        if value is None:
            value = Value(f"${{{parts[-1]}}}")
        client, rest = self.client_of(parts)
        if client is not None and rest[:1] == ["defaults"]:  # axios.defaults.headers.common.Authorization = …
            if rest[1:2] == ["headers"] and len(rest) > 2:
                client.headers[rest[-1]] = value
            elif rest[1:] == ["auth"]:
                client.auth = _basic(value)
            elif rest[1:] == ["baseURL"] and isinstance(value, Value):
                client.base_url = value.text
            return
        container = self.env.get(".".join(parts[:-1])) if len(parts) > 1 else None
        if isinstance(container, dict):  # headers['Authorization'] = …
            container[parts[-1]] = value
        self.env[".".join(parts)] = value

    # --- calls ------------------------------------------------------------------------------

    def call(self, parts: list[str], j: int, new: bool, start: int) -> None:
        name = self.canonical(parts)
        client, rest = self.client_of(parts)
        if name == "fetch":
            args = self.args(j, 0)[0]
            init = _dict(args, 1)
            self.emit("fetch", _text(init.get("method"), "GET"), _arg(args, 0), start,
                      headers=_as_dict(init.get("headers")), insecure=_agent_insecure(init.get("agent")),
                      body=init.get("body"))
        elif client is not None and client.tool == "axios" and (not rest or rest[0] in lib.VERBS | {"request"}):
            self.axios(client, rest[0] if rest else "", self.args(j, 0)[0], start)
        elif client is not None and client.tool == "got" and (not rest or rest[0] in lib.VERBS | {"stream"}):
            self.got(client, rest[0] if rest else "", self.args(j, 0)[0], start)
        elif name in lib.NODE_HTTP:
            self.node_http(name, self.args(j, 0)[0], start)
        elif new and name in lib.BITBUCKET_CLIENTS:
            options = _dict(self.args(j, 0)[0], 0)
            auth = _as_dict(options.get("auth"))
            token = auth.get("token")
            triple = ("bearer", None, _value(token, "token")) if token is not None else _basic(auth)
            self.emit("bitbucket", "GET", Value(_text(options.get("baseUrl"), "https://api.bitbucket.org/2.0")), start,
                      auth=triple)
        elif len(parts) > 1 and parts[-1] in ("set", "append") and isinstance(self.env.get(".".join(parts[:-1])), dict):
            args = self.args(j, 0)[0]  # headers.set('Authorization', …)
            if len(args) == 2 and isinstance(args[0], Value):
                self.env[".".join(parts[:-1])][args[0].text] = args[1]

    def axios(self, client: Client, verb: str, args: list, start: int) -> None:
        if verb in lib.VERBS:
            url, config = _arg(args, 0), _dict(args, 2 if verb in lib.DATA_VERBS else 1)
            method, body = verb, _arg(args, 1) if verb in lib.DATA_VERBS else config.get("data")
        elif verb == "" and isinstance(_arg(args, 0), Value):  # axios(url, config)
            url, config = args[0], _dict(args, 1)
            method, body = _text(config.get("method"), "GET"), config.get("data")
        else:  # axios(config), axios.request(config)
            config = _dict(args, 0)
            url, method, body = config.get("url"), _text(config.get("method"), "GET"), config.get("data")
        auth = _basic(config["auth"]) if "auth" in config else client.auth
        self.emit("axios", method, _join(_text(config.get("baseURL"), client.base_url), url), start, auth=auth,
                  headers={**client.headers, **_as_dict(config.get("headers"))},
                  params={**client.params, **_as_dict(config.get("params"))},
                  insecure=client.insecure or _agent_insecure(config.get("httpsAgent")), body=body)

    def got(self, client: Client, verb: str, args: list, start: int) -> None:
        by_url = isinstance(_arg(args, 0), Value)
        options = _dict(args, 1 if by_url else 0)
        url = args[0] if by_url else options.get("url")
        method = verb if verb in lib.VERBS else _text(options.get("method"), "GET")
        self.emit("got", method, _join(_text(options.get("prefixUrl"), client.base_url), url), start,
                  auth=_basic(options) if "password" in options else client.auth,
                  headers={**client.headers, **_as_dict(options.get("headers"))},
                  params={**client.params, **_as_dict(options.get("searchParams"))},
                  insecure=client.insecure or _as_dict(options.get("https")).get("rejectUnauthorized") is False,
                  body=options.get("body") or options.get("form"))

    def node_http(self, name: str, args: list, start: int) -> None:
        module = name.split(".")[0]
        url = _arg(args, 0)
        options = _dict(args, 1 if isinstance(url, Value) else 0)
        if not isinstance(url, Value):
            host = options.get("hostname") or options.get("host")
            if not isinstance(host, Value):
                return
            path = _value(options.get("path"), "path") if "path" in options else Value("/")
            url = concat(Value(_text(options.get("protocol"), module + ":") + "//"), host, path)
        auth = options.get("auth")
        self.emit(name, _text(options.get("method"), "GET"), url, start,
                  auth=("basic", *userinfo(auth.text)) if isinstance(auth, Value) else None,
                  headers=_as_dict(options.get("headers")),
                  insecure=options.get("rejectUnauthorized") is False or _agent_insecure(options.get("agent")))

    def emit(self, tool: str, method: str, url: object, start: int, *, auth: tuple | None = None,
             headers: dict | None = None, params: dict | None = None, insecure: bool = False,
             body: object = None) -> None:
        if not isinstance(url, Value):
            return
        line, column = self.doc.line_col(self.base + start)
        call = request_call(
            tool, method, url.text, line, column, auth=auth,
            headers={k: v for k, v in (headers or {}).items() if isinstance(v, Value)},
            params={k: v.text for k, v in (params or {}).items() if isinstance(v, Value)},
            insecure=insecure, commented=self.commented, body=body.text if isinstance(body, Value) else "",
        )
        if call is not None:
            self.calls.append(call)

    # --- names ------------------------------------------------------------------------------

    def canonical(self, parts: list[str]) -> str:
        """What a callee names after imports: `f` after `import f from 'node-fetch'` is `fetch`."""
        head = self.aliases.get(parts[0], parts[0])
        name = ".".join([head, *parts[1:]])
        return lib.FETCH_MODULES.get(name, name)

    def client_of(self, parts: list[str]) -> tuple[Client | None, list[str]]:
        for k in range(len(parts), 0, -1):
            value = self.env.get(".".join(parts[:k]))
            if isinstance(value, Client):
                return value, parts[k:]
        head = self.aliases.get(parts[0], parts[0])
        return (self.defaults[head], parts[1:]) if head in self.defaults else (None, parts)

    def path(self, i: int) -> tuple[list[str], int]:
        """`a.b?.c['d']` from token i: the names, and the index after them."""
        parts, j = [self.toks[i].text], i + 1
        while (t := self.at(j)) is not None:
            after = self.at(j + 1)
            if is_punct(t, ".", "?.") and after is not None and after.kind == "id":
                parts.append(after.text)
                j += 2
            elif is_punct(t, "[") and after is not None and after.kind == "str" and is_punct(self.at(j + 2), "]"):
                parts.append(after.text)
                j += 3
            elif is_punct(t, "!"):  # TypeScript non-null assertion
                j += 1
            else:
                break
        return parts, j

    # --- skipping ---------------------------------------------------------------------------

    def spend(self, steps: int) -> None:
        self.budget -= steps
        if self.budget < 0:
            raise _OutOfBudget

    def skip(self, k: int, stop: tuple[str, ...] = ()) -> int:
        """Where the expression at k ends: a `,` `;` or closer at depth 0, or a `stop` text."""
        depth, start, toks, n = 0, k, self.toks, len(self.toks)
        while k < n:
            t = toks[k]
            if t.kind == "p":
                if depth == 0 and (t.text in stop or t.text in (",", ";")):
                    break
                if t.text in ("(", "[", "{"):
                    depth += 1
                elif t.text in (")", "]", "}"):
                    if depth == 0:
                        break
                    depth -= 1
            k += 1
        self.spend(k - start + 1)
        return k

    def close(self, k: int) -> int:
        """The closer matching the opener at k."""
        end = self.skip(k + 1)
        while is_punct(self.at(end), ",", ";"):
            end = self.skip(end + 1)
        return end

    def type_arguments(self, j: int) -> int:
        depth, k = 0, j
        while (t := self.at(k)) is not None and k < j + 64:
            depth += 1 if is_punct(t, "<") else -len(t.text) if is_punct(t, ">", ">>", ">>>") else 0
            k += 1
            if depth <= 0:
                return k if depth == 0 else j
        return j

    # --- values -----------------------------------------------------------------------------

    def value(self, i: int) -> object:
        """The value of the expression at i ending a statement; None when only partly understood."""
        value, j = self.expr(i, 0)
        t = self.at(j)
        if t is None or is_punct(t, ";", ",", ")", "]", "}") or (t.nl and j > i and ends_operand(self.toks[j - 1])):
            return value
        return None

    def args(self, j: int, depth: int, closer: str = ")") -> tuple[list, int]:
        """Values of the comma-separated list opened at j (arguments, array items) and the index after it."""
        values, k = [], j + 1
        while (t := self.at(k)) is not None and not is_punct(t, closer):
            value, e = self.expr(k, depth + 1)
            end = self.skip(k)
            values.append(value if e == end else None)
            if not is_punct(self.at(end), ","):
                k = end
                break
            k = end + 1
        return values, k + 1

    def expr(self, i: int, depth: int) -> tuple[object, int]:
        value, i = self.additive(i, depth)
        while is_punct(t := self.at(i), "||", "??", "&&"):
            right, i = self.additive(i + 1, depth)
            if t.text == "&&" or value is None or value is False or value == Value(""):
                value = right
        return value, i

    def additive(self, i: int, depth: int) -> tuple[object, int]:
        value, i = self.primary(i, depth)
        while (t := self.at(i)) is not None:
            if is_punct(t, "+"):
                right, i = self.primary(i + 1, depth)
                both = isinstance(value, Value) and isinstance(right, Value)
                value = concat(value, right) if both else None
            elif t.kind == "id" and t.text in ("as", "satisfies"):  # TypeScript: x as string
                i += 2
            else:
                break
        return value, i

    def primary(self, i: int, depth: int) -> tuple[object, int]:
        t = self.at(i)
        self.spend(1)
        if t is None or depth > MAX_DEPTH:
            return None, i
        if t.kind == "id":
            if t.text == "await":
                return self.primary(i + 1, depth)
            if t.text in ("true", "false", "null", "undefined"):
                return {"true": True, "false": False}.get(t.text), i + 1
            new = t.text == "new" and self.at(i + 1) is not None and self.toks[i + 1].kind == "id"
            parts, j = self.path(i + 1 if new else i)
            if new:
                if not is_punct(self.at(j), "(") or self.canonical(parts) not in lib.CONSTRUCTED:
                    return None, j
                args, j = self.args(j, depth)
                return self.postfix(self.construct(self.canonical(parts), args), j, depth)
            if is_punct(self.at(j), "("):
                if self.canonical(parts) not in lib.EVALUATED and not self.canonical(parts).endswith(".env.get"):
                    return None, j  # an unknown function's result: the caller sees a partial expression
                value, j = self.invoke(self.canonical(parts), j, depth)
                return self.postfix(value, j, depth)
            return self.postfix(self.lookup(parts), j, depth)
        if t.kind == "str":
            return self.postfix(Value(t.text), i + 1, depth)
        if t.kind == "tpl":
            return self.postfix(self.template(t.text, depth), i + 1, depth)
        if t.kind == "num":
            return Value(t.text), i + 1
        if is_punct(t, "{"):
            return self.object(i, depth)
        if is_punct(t, "["):
            items, j = self.args(i, depth, "]")
            return self.postfix(tuple(items), j, depth)
        if is_punct(t, "("):
            value, j = self.expr(i + 1, depth + 1)
            if is_punct(self.at(j), ")") and not is_punct(self.at(j + 1), "=>"):
                return self.postfix(value, j + 1, depth)
        return None, i

    def postfix(self, value: object, j: int, depth: int) -> tuple[object, int]:
        """Method calls and property reads on a value: `.toString('base64')`, `.join('/')`."""
        while is_punct(self.at(j), ".", "?.") and self.at(j + 1) is not None and self.toks[j + 1].kind == "id":
            name, j = self.toks[j + 1].text, j + 2
            if is_punct(self.at(j), "("):
                args, j = self.args(j, depth)
                value = _method(value, name, args)
            else:
                value = value.get(name) if isinstance(value, dict) else None
        return value, j

    def invoke(self, name: str, j: int, depth: int) -> tuple[object, int]:
        args, j = self.args(j, depth)
        first = _arg(args, 0)
        if name in ("axios.create", "got.extend"):
            return self.client(name.split(".")[0], _dict(args, 0)), j
        if not isinstance(first, Value):
            return None, j
        if name == "require":
            return Module(_module(first.text)), j
        if name == "Buffer.from":
            return Bytes(first), j
        if name == "btoa":
            return base64_of(first), j
        if name.endswith(".env.get"):  # Deno.env.get("X")
            return Value(f"${{{first.text}}}"), j
        return first, j  # String(x), encodeURIComponent(x): the value itself

    def construct(self, name: str, args: list) -> object:
        options = _dict(args, 0)
        if name == "Headers":
            return options
        if name == "URLSearchParams":
            return Value("&".join(f"{k}={v.text}" for k, v in options.items() if isinstance(v, Value)))
        if name in ("https.Agent", "http.Agent"):
            return Agent(options.get("rejectUnauthorized") is False)
        first, base = _arg(args, 0), _arg(args, 1)
        if isinstance(first, Value):  # new URL(path, base)
            return _join(base.text, first) if isinstance(base, Value) else first
        return None

    def client(self, tool: str, options: dict) -> Client:
        if tool == "axios":
            return Client("axios", _basic(options["auth"]) if "auth" in options else None,
                          dict(_as_dict(options.get("headers"))), dict(_as_dict(options.get("params"))),
                          _agent_insecure(options.get("httpsAgent")), _text(options.get("baseURL"), ""))
        return Client("got", _basic(options) if "password" in options else None,
                      dict(_as_dict(options.get("headers"))), dict(_as_dict(options.get("searchParams"))),
                      _as_dict(options.get("https")).get("rejectUnauthorized") is False,
                      _text(options.get("prefixUrl"), ""))

    def lookup(self, parts: list[str]) -> object:
        if parts[:2] == ["process", "env"] or parts[:3] == ["import", "meta", "env"]:
            rest = parts[3:] if parts[0] == "import" else parts[2:]
            return Value(f"${{{rest[0]}}}") if rest else PROCESS_ENV
        for k in range(len(parts), 0, -1):
            key = ".".join(parts[:k])
            if key in self.env:
                value = self.env[key]
                for name in parts[k:]:
                    value = value.get(name) if isinstance(value, dict) else None
                return value
        return Value(f"${{{parts[-1]}}}")

    def object(self, i: int, depth: int) -> tuple[dict, int]:
        d: dict = {}
        k = i + 1
        while (t := self.at(k)) is not None and not is_punct(t, "}"):
            end = self.skip(k)
            if is_punct(t, "..."):
                spread, _ = self.expr(k + 1, depth + 1)
                d.update(spread if isinstance(spread, dict) else {})
            elif t.kind in ("id", "str", "num") and is_punct(self.at(k + 1), ":"):
                value, e = self.expr(k + 2, depth + 1)
                d[t.text] = value if e == end else None
            elif t.kind == "id" and k + 1 == end:  # shorthand { token }
                d[t.text] = self.lookup([t.text])
            if not is_punct(self.at(end), ","):
                k = end
                break
            k = end + 1
        return d, k + 1

    def template(self, parts: list, depth: int) -> Value:
        values = []
        for part in parts:
            if isinstance(part, str):
                values.append(Value(part))
                continue
            saved, self.toks = self.toks, part
            value, j = self.expr(0, depth + 1)
            self.toks = saved
            if isinstance(value, Value) and j == len(part):
                values.append(value)
            else:
                names = [t.text for t in part if t.kind == "id"]
                values.append(Value(f"${{{names[-1] if names else 'expr'}}}"))
        return concat(*values)


PROCESS_ENV = object()  # `process.env` itself, as destructured: const { TOKEN } = process.env
def _commented_calls(doc: Document, comments: list[tuple[int, int]], reader: _Reader) -> list[ApiCall]:
    """Calls in commented-out code: a block comment, or a run of `//` lines, read as code.

    Comment markers (and code before a trailing comment) become spaces, so offsets still point
    into the document.
    """
    calls: list[ApiCall] = []
    done = -1
    for start, end in comments:
        if start < done:
            continue
        if doc.text.startswith("/*", start):
            base, masked = start, "  " + doc.text[start + 2:end]
            masked = masked[:-2] + "  " if masked.endswith("*/") else masked
        else:
            line = doc.line_col(start)[0]
            first, last = line, line
            while first > max(1, line - 3) and _line_comment(doc, first - 1):
                first -= 1
            while last < min(len(doc.line_starts), line + 7) and _line_comment(doc, last + 1):
                last += 1
            base = doc.line_starts[first - 1]
            lines = []
            for n in range(first, last + 1):
                text = doc.line_text(n)
                col = start - doc.line_starts[n - 1] if n == line else text.index("//")
                lines.append(" " * (col + 2) + text[col + 2:])
            masked = "\n".join(lines)
        done = base + len(masked)
        sub = _Reader(doc, reader.budget, base, commented=True)
        sub.env, sub.aliases = dict(reader.env), dict(reader.aliases)
        sub.read(tokenize(masked, 0, len(masked))[0])
        reader.budget = sub.budget
        calls.extend(sub.calls)
    return calls


def _line_comment(doc: Document, line: int) -> bool:
    return doc.line_text(line).lstrip().startswith("//")


def _module(spec: str) -> str:
    name = spec.removeprefix("node:")
    return lib.FETCH_MODULES.get(name, name)


def _arg(args: list, index: int) -> object:
    return args[index] if index < len(args) else None


def _dict(args: list, index: int) -> dict:
    return _as_dict(_arg(args, index))


def _as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: object, default: str) -> str:
    return value.text if isinstance(value, Value) else default


def _value(value: object, name: str) -> Value:
    return value if isinstance(value, Value) else Value(f"${{{name}}}")


def _join(base: str, url: object) -> Value | None:
    return Value(join_url(base, url.text)) if isinstance(url, Value) else None


def _basic(options: object) -> tuple | None:
    """axios `auth: {username, password}`, got `{username, password}`: Basic."""
    if not isinstance(options, dict) or "password" not in options:
        return None
    user = options.get("username")
    return "basic", user if isinstance(user, Value) else None, _value(options["password"], "password")


def _agent_insecure(agent: object) -> bool:
    return isinstance(agent, Agent) and agent.insecure


def _method(value: object, name: str, args: list) -> object:
    first = _arg(args, 0)
    if isinstance(value, Bytes) and name == "toString":
        return base64_of(value.inner) if isinstance(first, Value) and first.text == "base64" else value.inner
    if isinstance(value, Value) and name in ("trim", "toString", "valueOf"):
        return value
    if isinstance(value, Value) and name == "concat" and all(isinstance(a, Value) for a in args):
        return concat(value, *args)
    if isinstance(value, tuple) and name == "join" and all(isinstance(a, Value) for a in value):
        return capped(Value((first.text if isinstance(first, Value) else ",").join(a.text for a in value)))
    return Value(f"${{{name}}}")


def detect_reading(reading) -> tuple[list[ApiCall], list[str]]:
    """The registry's entry point (tokenlint.detectors.registry)."""
    return detect(reading.doc)
