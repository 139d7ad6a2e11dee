"""Bitbucket API calls made by JavaScript and TypeScript: fetch (and node-fetch), axios, got,
Node's http/https, and the `bitbucket` npm client.

The front end tokenizes (tokenlint.parsers.javascript) and evaluates names and values
(tokenlint.parsers.javascript_eval); this module models the libraries' objects (axios and got
instances and defaults, agents) from the table in tokenlint.detectors.http_libraries.javascript,
recognises the calls that send a request and hands what they send to `calls.request_call`.

Work is bounded: a file larger than FULL_LIMIT (a bundle, minified code) is read only around
its `bitbucket` mentions, and every evaluation draws on a budget proportional to the file;
either limit leaves a note instead of a hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokenlint.detectors import relevance
from tokenlint.detectors.api_base import Bases, endpoint_unseen
from tokenlint.detectors.calls import AuthTriple, request_call
from tokenlint.detectors.http_libraries import javascript as lib
from tokenlint.document import Document
from tokenlint.facts import ApiCall, Auth
from tokenlint.parsers import javascript as parser
from tokenlint.parsers.javascript import Tok, is_punct, windows
from tokenlint.parsers.javascript_eval import CONSTRUCTED, EVALUATED, Evaluator
from tokenlint.parsers.javascript_values import arg, as_dict, dict_arg, join, text_of, value_of
from tokenlint.parsers.javascript_walk import OutOfBudget
from tokenlint.parsers.values import Value, concat, userinfo

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

COMMENT_HINT = "bitbucket.org"  # a comment worth reading as code names the API's host


def tokenize(text: str, pos: int, end: int) -> tuple[list[Tok], list[tuple[int, int]], bool]:
    """Tokens of text[pos:end] and the spans of comments that name bitbucket.org (parsers.javascript)."""
    return parser.tokenize(text, pos, end, COMMENT_HINT)


FULL_LIMIT = 256 * 1024  # characters read whole; larger files are read in windows
WINDOW = 4096  # characters read either side of a `bitbucket` mention in a large file
WORK_PER_TOKEN = 20  # evaluation steps allowed per token read, which bounds nested calls and values


@dataclass
class Client:
    """An axios instance, a got instance, or the module's defaults: what its requests inherit."""

    tool: str
    auth: AuthTriple | None = None
    headers: dict[str, object] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    insecure: bool = False
    base_url: str = ""
    auth_at: int | None = None  # where its credential was set (a character offset)


@dataclass
class Agent:
    insecure: bool


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
    except OutOfBudget:
        notes.append(f"{doc.path}: too complex to analyse completely (work limit reached); some calls may be missed")
    return sorted(reader.calls, key=lambda c: (c.line, c.column)), notes


class _Reader(Evaluator):
    """The evaluator, with the libraries: calls to them become ApiCalls, placed in `doc` (the
    tokens of a comment read as code start at character `base`)."""

    evaluated = EVALUATED | lib.CLIENT_FACTORIES.keys()
    constructed = CONSTRUCTED | lib.AGENTS

    def __init__(self, doc: Document, budget: int, base: int = 0, commented: bool = False) -> None:
        super().__init__(budget)
        self.doc, self.base, self.commented = doc, base, commented
        self.defaults = {"axios": Client("axios"), "got": Client("got")}
        self.calls: list[ApiCall] = []
        self.bases = Bases()

    # --- names and library objects ----------------------------------------------------------

    def module_name(self, spec: str) -> str:
        name = super().module_name(spec)
        return lib.FETCH_MODULES.get(name, name)

    def canonical(self, parts: list[str]) -> str:
        """What a callee names after imports: `f` after `import f from 'node-fetch'` is `fetch`."""
        name = super().canonical(parts)
        return lib.FETCH_MODULES.get(name, name)

    def client_of(self, parts: list[str]) -> tuple[Client | None, list[str]]:
        for k in range(len(parts), 0, -1):
            value = self.env.get(".".join(parts[:k]))
            if isinstance(value, Client):
                return value, parts[k:]
        head = self.aliases.get(parts[0], parts[0])
        return (self.defaults[head], parts[1:]) if head in self.defaults else (None, parts)

    def assign_library(self, parts: list[str], value: object) -> bool:
        client, rest = self.client_of(parts)
        if client is None or rest[:1] != ["defaults"]:
            return False
        # axios.defaults.headers.common.Authorization = …
        if rest[1:2] == ["headers"] and len(rest) > 2:
            client.headers[rest[-1]] = value
            client.auth_at = self.statement_at if rest[-1].lower() == "authorization" else client.auth_at
        elif rest[1:] == ["auth"]:
            client.auth = _basic(value)
            client.auth_at = self.statement_at
        elif rest[1:] == ["baseURL"] and isinstance(value, Value):
            client.base_url = value.text
        return True

    def evaluate(self, name: str, args: list[object]) -> object:
        tool = lib.CLIENT_FACTORIES.get(name)
        return self.client(tool, dict_arg(args, 0)) if tool else super().evaluate(name, args)

    def construct(self, name: str, args: list[object]) -> object:
        if name in lib.AGENTS:
            return Agent(dict_arg(args, 0).get("rejectUnauthorized") is False)
        return super().construct(name, args)

    def client(self, tool: str, options: dict[str, object]) -> Client:
        if tool == "axios":
            made = Client("axios", _basic(options["auth"]) if "auth" in options else None,
                          dict(as_dict(options.get("headers"))), dict(as_dict(options.get("params"))),
                          _agent_insecure(options.get("httpsAgent")), text_of(options.get("baseURL"), ""))
        else:
            made = Client("got", _basic(options) if "password" in options else None,
                          dict(as_dict(options.get("headers"))), dict(as_dict(options.get("searchParams"))),
                          as_dict(options.get("https")).get("rejectUnauthorized") is False,
                          text_of(options.get("prefixUrl"), ""))
        if made.auth is not None or any(k.lower() == "authorization" for k in made.headers):
            made.auth_at = self.calling_at  # the factory call: where its requests' credential is set
        return made

    # --- calls ------------------------------------------------------------------------------

    def call(self, parts: list[str], j: int, new: bool, start: int) -> None:
        name = self.canonical(parts)
        client, rest = self.client_of(parts)
        self.calling_at = start
        start = self.method_start(j, start)
        module = name.rpartition(".")[0] if "." in name else name
        if module in lib.REQUEST_MODULES and (name == module or name[len(module) + 1:] in lib.REQUEST_VERBS):
            self.request_lib(name[len(module) + 1:], j, start)
        elif name == "fetch":
            args = self.args(j, 0)[0]
            init = dict_arg(args, 1)
            self.emit("fetch", text_of(init.get("method"), "GET"), arg(args, 0), start,
                      headers=as_dict(init.get("headers")), insecure=_agent_insecure(init.get("agent")),
                      body=init.get("body"))
        elif client is not None and client.tool == "axios" and (not rest or rest[0] in lib.VERBS | {"request"}):
            self.axios(client, rest[0] if rest else "", self.args(j, 0)[0], start)
        elif client is not None and client.tool == "got" and (not rest or rest[0] in lib.VERBS | {"stream"}):
            self.got(client, rest[0] if rest else "", self.args(j, 0)[0], start)
        elif name in lib.NODE_HTTP:
            self.node_http(name, self.args(j, 0)[0], start)
        elif new and name in lib.BITBUCKET_CLIENTS:
            options = dict_arg(self.args(j, 0)[0], 0)
            auth = as_dict(options.get("auth"))
            token = auth.get("token")
            triple = (Auth.BEARER, None, value_of(token, "token")) if token is not None else _basic(auth)
            # the client's calls are its methods (`bitbucket.repositories.get`): not seen here, so no method
            self.emit("bitbucket", "", Value(text_of(options.get("baseUrl"), "https://api.bitbucket.org/2.0")),
                      start, auth=triple)
        else:
            super().call(parts, j, new, start)

    def method_start(self, j: int, start: int) -> int:
        """Where a call is reported: its method name's line when a chain breaks lines
        (`request\n  .post({…})` is the `.post` line), else where the call starts."""
        name = self.at(j - 1)
        if name is not None and name.kind == "id" and "\n" in self.doc.text[self.base + start:self.base + name.start]:
            return name.start
        return start

    def request_lib(self, verb: str, j: int, start: int) -> None:
        """`request(url | options, cb)`, `request.post(…)`, maybe followed by `.auth(user, pass, …, bearer)`."""
        args = self.args(j, 0)[0]
        first = arg(args, 0)
        options = dict_arg(args, 1 if isinstance(first, Value) else 0)
        url = first if isinstance(first, Value) else options.get("url") or options.get("uri")
        method = lib.REQUEST_VERBS.get(verb) or text_of(options.get("method"), "GET")
        auth: AuthTriple | None = None
        auth_at: int | None = None
        given = as_dict(options.get("auth"))
        if "bearer" in given:
            auth = (Auth.BEARER, None, value_of(given["bearer"], "bearer"))
        elif "pass" in given or "password" in given:
            user = given.get("user", given.get("username"))
            auth = (Auth.BASIC, user if isinstance(user, Value) else None,
                    value_of(given.get("pass", given.get("password")), "password"))
        close = self.close(j)
        chain = self.at(close + 2)
        if is_punct(self.at(close + 1), ".") and chain is not None and chain.word == "auth" \
                and is_punct(self.at(close + 3), "("):
            chained = self.args(close + 3, 0)[0]
            user, secret, bearer = arg(chained, 0), arg(chained, 1), arg(chained, 3)
            auth_at = chain.start
            if isinstance(bearer, Value):
                auth = (Auth.BEARER, None, bearer)
            elif isinstance(secret, Value):
                auth = (Auth.BASIC, user if isinstance(user, Value) else None, secret)
        self.emit("request", method, join(text_of(options.get("baseUrl"), ""), url), start, auth=auth,
                  headers=as_dict(options.get("headers")), insecure=options.get("rejectUnauthorized") is False,
                  body=options.get("body"), auth_at=auth_at)

    def axios(self, client: Client, verb: str, args: list[object], start: int) -> None:
        url: object
        if verb in lib.VERBS:
            url, config = arg(args, 0), dict_arg(args, 2 if verb in lib.DATA_VERBS else 1)
            method, body = verb, arg(args, 1) if verb in lib.DATA_VERBS else config.get("data")
        elif verb == "" and isinstance(arg(args, 0), Value):  # axios(url, config)
            url, config = args[0], dict_arg(args, 1)
            method, body = text_of(config.get("method"), "GET"), config.get("data")
        else:  # axios(config), axios.request(config)
            config = dict_arg(args, 0)
            url, method, body = config.get("url"), text_of(config.get("method"), "GET"), config.get("data")
        auth = _basic(config["auth"]) if "auth" in config else client.auth
        own = "auth" in config or any(k.lower() == "authorization" for k in as_dict(config.get("headers")))
        self.emit("axios", method, join(text_of(config.get("baseURL"), client.base_url), url), start, auth=auth,
                  headers={**client.headers, **as_dict(config.get("headers"))},
                  params={**client.params, **as_dict(config.get("params"))},
                  insecure=client.insecure or _agent_insecure(config.get("httpsAgent")), body=body,
                  auth_at=None if own else client.auth_at)

    def got(self, client: Client, verb: str, args: list[object], start: int) -> None:
        by_url = isinstance(arg(args, 0), Value)
        options = dict_arg(args, 1 if by_url else 0)
        url = args[0] if by_url else options.get("url")
        method = verb if verb in lib.VERBS else text_of(options.get("method"), "GET")
        own = "password" in options or any(k.lower() == "authorization" for k in as_dict(options.get("headers")))
        self.emit("got", method, join(text_of(options.get("prefixUrl"), client.base_url), url), start,
                  auth=_basic(options) if "password" in options else client.auth,
                  headers={**client.headers, **as_dict(options.get("headers"))},
                  params={**client.params, **as_dict(options.get("searchParams"))},
                  insecure=client.insecure or as_dict(options.get("https")).get("rejectUnauthorized") is False,
                  body=options.get("body") or options.get("form"), auth_at=None if own else client.auth_at)

    def node_http(self, name: str, args: list[object], start: int) -> None:
        module = name.split(".")[0]
        url = arg(args, 0)
        options = dict_arg(args, 1 if isinstance(url, Value) else 0)
        if not isinstance(url, Value):
            host = options.get("hostname") or options.get("host")
            if not isinstance(host, Value):
                return
            path = value_of(options.get("path"), "path") if "path" in options else Value("/")
            url = concat(Value(text_of(options.get("protocol"), module + ":") + "//"), host, path)
        auth = options.get("auth")
        self.emit(name, text_of(options.get("method"), "GET"), url, start,
                  auth=(Auth.BASIC, *userinfo(auth.text)) if isinstance(auth, Value) else None,
                  headers=as_dict(options.get("headers")),
                  insecure=options.get("rejectUnauthorized") is False or _agent_insecure(options.get("agent")))

    def emit(self, tool: str, method: str, url: object, start: int, *, auth: AuthTriple | None = None,
             headers: dict[str, object] | None = None, params: dict[str, object] | None = None,
             insecure: bool = False, body: object = None, auth_at: int | None = None) -> None:
        if not isinstance(url, Value):
            return
        line, column = self.doc.line_col(self.base + start)
        resolved = self.bases.resolve(url.text)
        call = request_call(
            tool, "" if endpoint_unseen(resolved) else method, resolved, line, column, auth=auth,
            headers={k: v for k, v in (headers or {}).items() if isinstance(v, Value)},
            params={k: v.text for k, v in (params or {}).items() if isinstance(v, Value)},
            insecure=insecure, commented=self.commented, body=body.text if isinstance(body, Value) else "",
        )
        if call is not None:
            if auth_at is not None and auth_at != start and (auth is not None or call.auth.value != "none"):
                call.auth_line, call.auth_column = self.doc.line_col(self.base + auth_at)
            self.calls.append(call)


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


def _basic(options: object) -> AuthTriple | None:
    """axios `auth: {username, password}`, got `{username, password}`: Basic."""
    if not isinstance(options, dict) or "password" not in options:
        return None
    user = options.get("username")
    return Auth.BASIC, user if isinstance(user, Value) else None, value_of(options["password"], "password")


def _agent_insecure(agent: object) -> bool:
    return isinstance(agent, Agent) and agent.insecure


def detect_reading(reading: Reading) -> tuple[list[ApiCall], list[str]]:
    """The registry's entry point (tokenlint.detectors.registry)."""
    return detect(reading.doc)
