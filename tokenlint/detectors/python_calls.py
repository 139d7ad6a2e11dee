"""Bitbucket API calls made by Python code: requests, httpx, urllib3, urllib, aiohttp,
atlassian-python-api and pybitbucket.

The evaluator of the Python front end (tokenlint.parsers.python_eval) follows the code and
resolves values; this module models the libraries' objects (sessions, auth objects, requests)
from the table in tokenlint.detectors.http_libraries.python, recognises the calls that send a
request, and hands what they send to `calls.request_call`. Whatever stays unknown is written
`${NAME}` and judged there, never guessed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from tokenlint.detectors import python_commands, relevance
from tokenlint.detectors.api_base import Bases, endpoint_unseen
from tokenlint.detectors.api_base import resolve as resolve_base
from tokenlint.detectors.calls import AuthTriple, method_by_name, request_call, sends_by_name
from tokenlint.detectors.evidence import type_fact
from tokenlint.detectors.http_libraries import python as lib
from tokenlint.document import Document
from tokenlint.facts import ApiCall, CredentialKind, Evidence, GitRemote
from tokenlint.facts import Auth as Scheme
from tokenlint.parsers.python import PythonTree, parse_comment, parse_lenient
from tokenlint.parsers.python_eval import NOT_LIBRARY, NOT_MODELLED, Env, Evaluator, Modelled
from tokenlint.parsers.python_index import ModuleIndex
from tokenlint.parsers.python_index import index as index_of
from tokenlint.parsers.values import Encoded, Value, base64_of, concat, join_url

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

_COMMENTED = re.compile(r"^[ \t]*#.*bitbucket\.org", re.MULTILINE | re.IGNORECASE)
_CLIENT_READS = ("auth", "verify", "headers", "params")
_CLIENT_WRITES = (*_CLIENT_READS, "base_url")


@dataclass
class Auth(Modelled):
    """An auth object (`HTTPBasicAuth(user, secret)`): the scheme it sends and with what."""

    scheme: Scheme
    username: Value | None = None
    secret: Value | None = None


@dataclass
class Client(Modelled):
    """A session or client object: what every request made through it inherits."""

    tool: str
    auth: object = None
    headers: dict[str, object] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    verify: object = True
    base_url: str = ""
    auth_at: tuple[int, int] | None = None  # where its credential was set (line, column)

    def read(self, attr: str) -> object:
        return getattr(self, attr) if attr in _CLIENT_READS else NOT_MODELLED

    def write(self, attr: str, value: object) -> None:
        if attr in _CLIENT_WRITES:
            setattr(self, attr, _client_field(attr, value))


@dataclass
class Request(Modelled):
    """A `urllib.request.Request`: reported where it is opened, or where it is built if never opened here."""

    url: Value
    method: str
    headers: dict[str, object]
    node: ast.Call
    opened: bool = False

    def mutate(self, method: str, args: list[object]) -> None:
        if method == "add_header" and len(args) == 2 and isinstance(args[0], Value):
            self.headers[args[0].text] = args[1]


@dataclass
class _Send:
    """What one request sends, as resolved where it is made; an ApiCall once judged by `request_call`."""

    tool: str
    method: str
    url: Value
    auth: AuthTriple | None
    headers: dict[str, Value]
    params: dict[str, str]
    insecure: bool
    body: str
    at: tuple[int, int]  # line and column of the call
    auth_at: tuple[int, int] | None  # where the credential is set, when not on the call


@dataclass
class _Wrapper:
    """A request made inside a function whose URL depends on the function's parameters
    (`def _get(self, endpoint): requests.get(self.BASE_URL + endpoint, auth=…)`): its calls are
    the function's call sites, with their arguments in place of the parameters."""

    send: _Send
    params: tuple[str, ...]
    used: bool = False


@dataclass
class _Site:
    """A call of a function or method this file defines, with its arguments as resolved there."""

    name: str
    args: list[object]
    kwargs: dict[str, object]
    at: tuple[int, int]
    function: str  # the function the call is made in
    params: tuple[str, ...]  # that function's parameters


_SITE_ROUNDS = 4  # wrappers of wrappers followed, at most
_INHERIT_DEPTH = 3  # levels of base classes read from other files
_ELSEWHERE = (0, 0)  # the position of a node of another file
_MAX_BOUND = 5_000  # requests made from call sites, at most: wrappers of wrappers multiply


def detect(doc: Document, parse: Callable[[], PythonTree] | None = None,
           classes: Mapping[str, str] | None = None,
           walk: Callable[[], ModuleIndex] | None = None) -> tuple[list[ApiCall | GitRemote], list[str]]:
    """The calls of a Python document; `parse` gives its tree when someone already holds it, and
    `walk` the index of that tree (tokenlint.parsers.python_index); `classes` the source of the
    modules of the same repository that define classes by name (a base class in another file: its
    attributes and wrapper methods serve this file's subclasses)."""
    if not relevance.mentions(doc) and not classes:
        return [], []
    notes: list[str] = []
    try:
        tree, repaired, error = parse() if parse is not None else parse_lenient(doc.text)
    except SyntaxError as e:
        reason = " ".join(str(e.msg).split())
        return fallback(doc, f"Python source does not parse (line {e.lineno}): {reason}")
    except (ValueError, RecursionError, MemoryError) as e:
        return fallback(doc, f"Python source cannot be analysed: {type(e).__name__}")
    if error is not None:
        reason = " ".join(str(error.msg).split())
        notes.append(f"{doc.path}: Python source does not parse (line {error.lineno}): {reason}; read with "
                     f"{repaired} line(s) rewritten or left out")
    analysis = _Analysis(doc.line_text, lambda line: (line, 0))
    index = walk() if walk is not None else index_of(tree)
    analysis.index = index
    try:
        analysis.inherit(index, classes or {})
        env = analysis.run(tree)
        analysis.calls.extend(_commented_calls(doc, index, env, analysis.aliases))
    except RecursionError:
        return analysis.calls, [*notes, f"{doc.path}: Python source nests too deeply to analyse completely"]
    if analysis.cut_short:
        notes.append(f"{doc.path}: more than {_MAX_BOUND} requests through wrapper functions; "
                     "the rest were not followed")
    return sorted(analysis.calls, key=lambda c: (c.line, c.column)), notes


def fallback(doc: Document, why: str) -> tuple[list[ApiCall | GitRemote], list[str]]:
    """Source `ast` cannot read even repaired (a template, many errors, mixed tabs) is still read:
    lowered by tree-sitter (tokenlint.parsers.lower_python) and followed by the evaluator every
    tree-sitter front end shares, with the Python table. One note says so, and why."""
    from tokenlint.detectors import program_calls  # start-up: only files ast cannot read need them
    from tokenlint.detectors.http_libraries.python_table import LIBRARY
    from tokenlint.parsers import lower_python
    from tokenlint.parsers.lowering import TooSlowToParse

    note = f"{doc.path}: {why}; read with the tree-sitter fallback"
    try:
        program = lower_python.read(doc.text)
    except RecursionError:
        return [], [f"{note}, which gave up: nested too deeply"]
    except TooSlowToParse:
        return [], [f"{note}, which gave up: the grammar could not parse it in time"]
    found, notes = program_calls.detect_text(doc.text, doc.path, LIBRARY, program)
    return list(found), [note, *notes]


class _Analysis(Evaluator):
    """The evaluator, with the libraries' objects and calls: every call that sends a request to
    Bitbucket becomes an ApiCall, placed by `line_text` and `origin` (a commented-out fragment
    is parsed on its own, so its lines and columns are shifted back into the document)."""

    def __init__(self, line_text: Callable[[int], str], origin: Callable[[int], tuple[int, int]],
                 commented: bool = False, aliases: dict[str, str] | None = None) -> None:
        super().__init__(aliases)
        self.line_text, self.origin, self.commented = line_text, origin, commented
        self.calls: list[ApiCall | GitRemote] = []
        self.requests: dict[int, Request] = {}
        self.wrappers: dict[str, list[_Wrapper]] = {}
        self.sites: list[_Site] = []
        self.api_bases = Bases()
        self.cut_short = False  # more wrapper call sites than are followed
        # commands run inside a function with its parameters in them (`def run(cmd): os.system(cmd)`):
        # function -> (command text, the function's parameters, where it runs)
        self.command_wrappers: dict[str, list[tuple[str, tuple[str, ...], tuple[int, int]]]] = {}
        self.commands_seen: set[tuple[str, tuple[int, int]]] = set()
        self.built_commands: list[str] = []  # command strings read where they were built
        # their facts, kept only when the program runs commands at all (a generator of shell text does not)
        self.built_facts: list[ApiCall | GitRemote] = []
        self.runs_commands = False
        # credentials sent to a Bitbucket API host -> that host's URL; requests whose URL comes from
        # a response (`next` pages) with one of them go to that host
        self.hosts_by_credential: dict[tuple[object, ...], str] = {}
        self.unplaced: list[_Send] = []
        self.foreign: set[int] = set()  # methods of base classes read from other files
        self.in_foreign = False  # reading one: its positions are not this document's

    def inherit(self, index: ModuleIndex, classes: Mapping[str, str]) -> None:
        """Base classes this file names but another file of the repository defines, read first
        (their module's constants and imports, the class): their attributes and methods are then
        what `self.X` means in this file's subclasses. What they send on their own is that file's
        to report; only their wrappers are made here, at this file's call sites."""
        defined = [n for n in index.of_type(ast.ClassDef) if isinstance(n, ast.ClassDef)]
        local = {n.name for n in defined}
        wanted = [b for n in defined for b in _base_names(n)]
        loaded: set[str] = set()
        for _ in range(_INHERIT_DEPTH):  # a base's own bases, a few levels up
            todo = [b for b in dict.fromkeys(wanted) if b not in local and b not in loaded and b in classes]
            if not todo:
                return
            wanted = []
            for name in todo:
                loaded.add(name)
                try:
                    module = _parsed_base(classes[name])
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    continue
                wanted += self.foreign_class(module, name)

    def foreign_class(self, module: ast.Module, name: str) -> list[str]:
        """Read class `name` of another module (and what its module binds before it); its bases."""
        env: Env = {}
        self.in_foreign = True
        try:
            for stmt in module.body:
                if isinstance(stmt, ast.ClassDef) and stmt.name == name:
                    self.foreign.update(id(f) for f in stmt.body
                                        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)))
                    self.class_(stmt, env)
                    return _base_names(stmt)
                if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)):
                    self.stmt(stmt, env)
        finally:
            self.in_foreign = False
        return []

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: Env, cls: Env | None) -> None:
        saved = self.in_foreign
        self.in_foreign = id(node) in self.foreign
        try:
            super().function(node, outer, cls)
        finally:
            self.in_foreign = saved

    def run(self, tree: ast.Module) -> Env:
        env = super().run(tree)
        for req in self.requests.values():
            if not req.opened:
                self.emit("urllib", req.method, req.url, req.node, None, req.headers, {}, False, "")
        self.follow_wrappers()
        self.follow_command_wrappers()
        self.place_unresolved()
        if self.runs_commands:
            self.calls.extend(self.built_facts)
        return env

    def follow_wrappers(self) -> None:
        """Each wrapper's request, once per call site of its function (and of functions that wrap
        it in turn); a wrapper called nowhere in this file is reported as written."""
        every = [w for ws in self.wrappers.values() for w in ws]
        frontier = self.wrappers
        bound = 0
        for _ in range(_SITE_ROUNDS):
            grown: dict[str, list[_Wrapper]] = {}
            for site in self.sites:
                for wrapper in frontier.get(site.name, []):
                    bound += 1
                    if bound > _MAX_BOUND:
                        self.cut_short = True
                        break
                    wrapper.used = True
                    send = _bind(wrapper, site)
                    if site.params and _path_from(send.url.text, site.params):
                        grown.setdefault(site.function, []).append(_Wrapper(send, site.params))
                    else:
                        self.finish(send)
            every += [w for ws in grown.values() for w in ws]
            frontier = grown
            if not frontier:
                break
        for wrapper in every:
            if not wrapper.used:
                self.finish(wrapper.send)

    def follow_command_wrappers(self) -> None:
        """Each command run with a function's parameters in it, once per call site of that function
        (and of functions that pass their own parameters on), reported where it runs; one that no
        call site fills in is read as written (`${password}` stays a reference)."""
        frontier = self.command_wrappers
        bound = 0
        for _ in range(_SITE_ROUNDS):
            grown: dict[str, list[tuple[str, tuple[str, ...], tuple[int, int]]]] = {}
            used: set[int] = set()
            for site in self.sites:
                for entry in frontier.get(site.name, []):
                    bound += 1
                    if bound > _MAX_BOUND:
                        self.cut_short = True
                        return
                    used.add(id(entry))
                    given = _substitute(entry[0], entry[1], site)
                    if site.params and _refers(given, site.params):
                        grown.setdefault(site.function, []).append((given, site.params, entry[2]))
                    else:
                        self.command(given, entry[2])
            for entries in frontier.values():
                for text, _, at in (e for e in entries if id(e) not in used):
                    self.command(text, at)
            frontier = grown
            if not frontier:
                return
        for entries in frontier.values():
            for text, _, at in entries:
                self.command(text, at)

    def place_unresolved(self) -> None:
        """A request whose whole URL comes from elsewhere (`requests.get(data["next"], auth=auth)`)
        goes where the same credential went: to the Bitbucket API host this file sends it to. Its
        path is unknown, so only the rules about the credential apply."""
        for send in self.unplaced:
            base = self.hosts_by_credential.get(_auth_key(send.auth))
            if base is None:
                continue
            send.url = Value(base + send.url.text)
            send.method = ""
            self.finish(send, placed=True)

    # --- commands ---------------------------------------------------------------------------

    def run_command(self, node: ast.Call, value: object) -> None:
        """A command the program runs: read now, or at its function's call sites when its text
        holds the function's parameters."""
        self.runs_commands = True
        text = python_commands.shell_text(value)
        if text is None or any(built in text for built in self.built_commands):
            return  # unresolved, or read where it was built
        at = self.position(node)
        if self.params and _refers(text, self.params):
            self.command_wrappers.setdefault(self.function_name, []).append((text, self.params, at))
        else:
            self.command(text, at)

    def command(self, text: str, at: tuple[int, int], built: bool = False) -> None:
        if at == _ELSEWHERE:
            return
        if (text, at) in self.commands_seen or (not built and any(b in text for b in self.built_commands)):
            return  # read already, or where it was built
        self.commands_seen.add((text, at))
        (self.built_facts if built else self.calls).extend(python_commands.facts(text, *at, commented=self.commented))

    def gitpython(self, node: ast.Call, env: Env) -> None:
        """`Repo.clone_from(url, path)`, `repo.create_remote(name, url)`, `remote.set_url(url)`: git
        run with that URL."""
        assert isinstance(node.func, ast.Attribute)
        method = node.func.attr
        if method == "clone_from" and not self.qual(node.func).endswith("Repo.clone_from"):
            return
        words, index, keyword = python_commands.GITPYTHON[method]
        args = [self.eval(a, env) for a in node.args]
        url = self.arg(node, args, index, keyword, env)
        if not isinstance(url, Value) or ("${" not in url.text and "://" not in url.text):
            return
        if method == "create_remote" and isinstance(name := self.arg(node, args, 0, "name", env), Value):
            words = (*words[:-1], name.text)
        self.run_command(node, (*(Value(w) for w in words), url))

    # --- library objects --------------------------------------------------------------------

    def library_value(self, qual: str, node: ast.Call, args: list[object], kw: dict[str, ast.expr],
                      env: Env) -> object:
        if qual in lib.AUTHS:
            names = ("login", "password") if qual.startswith("aiohttp") else ("username", "password")
            user, secret = (self.arg(node, args, i, name, env) for i, name in enumerate(names))
            return Auth(Scheme(lib.AUTHS[qual]), self.text(user, node), self.text(secret, node))
        if qual in lib.CLIENTS:
            return self.client(lib.CLIENTS[qual], kw, env)
        if qual in lib.REQUEST:
            return self.request(node, args, kw, env)
        if qual in lib.MAKE_HEADERS and "basic_auth" in kw:
            pair = self.text(self.eval(kw["basic_auth"], env), node)
            return {"authorization": concat(Value("Basic "), base64_of(pair))}
        return NOT_LIBRARY

    def client(self, tool: str, kw: dict[str, ast.expr], env: Env) -> Client:
        c = Client(tool)
        for name in _CLIENT_WRITES:
            if name in kw:
                setattr(c, name, _client_field(name, self.eval(kw[name], env)))
                if name == "auth" or (name == "headers" and _authorizes(c.headers)):
                    c.auth_at = self.position(kw[name])
        cert = self.eval(kw["cert_reqs"], env) if "cert_reqs" in kw else None
        if isinstance(cert, Value) and cert.text.endswith("CERT_NONE"):
            c.verify = False
        connector = kw.get("connector")
        if isinstance(connector, ast.Call) and self.qual(connector.func) == "aiohttp.TCPConnector" and any(
                k.arg in ("ssl", "verify_ssl") and self.eval(k.value, env) is False for k in connector.keywords):
            c.verify = False
        return c

    def request(self, node: ast.Call, args: list[object], kw: dict[str, ast.expr], env: Env) -> Request:
        if id(node) not in self.requests:
            url = self.arg(node, args, 0, "url", env)
            data = self.arg(node, args, 1, "data", env)
            headers = self.arg(node, args, 2, "headers", env)
            method = self.eval(kw["method"], env) if "method" in kw else None
            method_text = method.text if isinstance(method, Value) else ("POST" if data is not None else "GET")
            self.requests[id(node)] = Request(self.text(url, node), method_text,
                                              dict(headers) if isinstance(headers, dict) else {}, node)
        return self.requests[id(node)]

    # --- calls ------------------------------------------------------------------------------

    def call(self, node: ast.Call, env: Env) -> None:
        qual = self.qual(node.func)
        args, kw = node.args, {k.arg: k.value for k in node.keywords if k.arg}
        module, _, verb = qual.rpartition(".")
        if self.site(node, env):
            return
        if qual in python_commands.RUNNERS:
            value: object
            if qual in python_commands.SPREAD:
                value = tuple(self.eval(a, env) for a in args)
            else:
                given = next((kw[k] for k in python_commands.COMMAND_KEYWORDS if k in kw), None)
                given = given if given is not None else _nth(args, 0, kw, "args")
                value = self.eval(given, env) if given is not None else None
            self.run_command(node, value)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in python_commands.GITPYTHON:
            self.gitpython(node, env)
        elif module in lib.VERB_MODULES and verb in lib.VERBS:
            self.http(node, lib.VERB_MODULES[module], verb, _nth(args, 0, kw, "url"), kw, env, None)
        elif qual in lib.METHOD_FIRST:
            self.http(node, lib.METHOD_FIRST[qual], self._method(_nth(args, 0, kw, "method"), env),
                      _nth(args, 1, kw, "url"), kw, env, None)
        elif qual in lib.URLOPEN:
            self.urlopen(node, _nth(args, 0, kw, "url"), kw, env)
        elif qual in lib.ATLASSIAN:
            self.atlassian(node, lib.ATLASSIAN[qual], env)
        elif qual in lib.PIPES_TOOLKIT:
            self.code_insights(node, env)
        elif qual == lib.PYBITBUCKET:
            auth = self.eval(args[0], env) if args else None
            self.emit("pybitbucket", "GET", Value("https://api.bitbucket.org/2.0"), node, auth, {}, {}, False, "")
        elif isinstance(node.func, ast.Name) and sends_by_name(node.func.id):
            self.http(node, "python", method_by_name(node.func.id), _nth(args, 0, kw, "url"), kw, env, None)
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

    def site(self, node: ast.Call, env: Env) -> bool:
        """Record a call of a function or method this file defines (`_get("2.0/user")`,
        `self._get(…)`); its requests are resolved once every function has been read."""
        name = self.own_function(node.func)
        if name not in self.functions:
            return False
        args = [self.eval(a, env) for a in node.args if not isinstance(a, ast.Starred)]
        kwargs = {k.arg: self.eval(k.value, env) for k in node.keywords if k.arg}
        self.sites.append(_Site(name, args, kwargs, self.position(node), self.function_name, self.params))
        return True

    def position(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        """(line, column) of a node in the document: columns count characters, not bytes; (0, 0)
        for a node of another file (a base class's method), which is never reported as it stands."""
        if self.in_foreign:
            return _ELSEWHERE
        line_text = self.line_text(node.lineno)
        column = len(line_text.encode("utf-8")[: node.col_offset].decode("utf-8", "replace")) + 1
        line, shift = self.origin(node.lineno)
        return line, column + shift

    def bind(self, target: ast.expr, value: object, env: Env) -> None:
        super().bind(target, value, env)
        if isinstance(value, Value) and isinstance(target, (ast.Name, ast.Attribute)) \
                and python_commands.is_command(value.text):
            # `cmd = "git clone https://%s:%s@bitbucket.org/…" % (user, password)`: read where it is
            # built, whichever branch runs it later
            self.built_commands.append(value.text)
            self.command(value.text, self.position(target), built=True)
        client = None
        if isinstance(target, ast.Attribute) and (target.attr == "auth"
                                                  or (target.attr == "headers" and _authorizes(value))):
            client = self.eval(target.value, env)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) \
                and target.value.attr == "headers":
            key = self.text(self.eval(target.slice, env), target).text
            client = self.eval(target.value.value, env) if _authorizes({key: 1}) else None
        if isinstance(client, Client):
            client.auth_at = self.position(target)

    def mutate(self, node: ast.expr, env: Env) -> None:
        super().mutate(node, env)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update" \
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "headers" \
                and (any(_authorizes(self.eval(a, env)) for a in node.args)
                     or _authorizes({k.arg: 1 for k in node.keywords if k.arg})):
            client = self.eval(node.func.value.value, env)
            if isinstance(client, Client):
                client.auth_at = self.position(node)

    def _method(self, node: ast.expr | None, env: Env) -> str:
        value = self.eval(node, env) if node is not None else None
        return value.text if isinstance(value, Value) else "GET"

    def http(self, node: ast.Call, tool: str, method: str, url_node: ast.expr | None, kw: dict[str, ast.expr], env: Env,
             client: Client | None) -> None:
        if url_node is None:
            return
        url = self.text(self.eval(url_node, env), url_node)
        if client is not None and client.base_url:
            url = Value(join_url(client.base_url, url.text))
        auth = self.eval(kw["auth"], env) if "auth" in kw else (client.auth if client else None)
        auth_at = client.auth_at if client is not None and "auth" not in kw and "headers" not in kw else None
        headers: dict[str, object] = dict(client.headers) if client else {}
        params: dict[str, object] = dict(client.params) if client else {}
        for name, target in (("headers", headers), ("params", params)):
            extra = self.eval(kw[name], env) if name in kw else None
            target.update(extra if isinstance(extra, dict) else {})
        insecure = any(self.eval(kw[k], env) is False for k in ("verify", "ssl", "verify_ssl") if k in kw)
        insecure = insecure or (client is not None and client.verify is False and "verify" not in kw)
        body = next((self.eval(kw[k], env) for k in ("data", "json", "content", "body", "fields") if k in kw), None)
        self.emit(tool, method, url, node, auth, headers, params, insecure, _body_text(body), auth_at)

    def urlopen(self, node: ast.Call, target: ast.expr | None, kw: dict[str, ast.expr], env: Env) -> None:
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

    def atlassian(self, node: ast.Call, kind: str, env: Env) -> None:
        """The client talks to the API root it derives from `url`, authenticated as configured."""
        args = [self.eval(a, env) for a in node.args]
        url = self.text(self.arg(node, args, 0, "url", env) or Value("https://api.bitbucket.org"), node).text
        user, password = self.arg(node, args, 1, "username", env), self.arg(node, args, 2, "password", env)
        token, cloud = self.arg(node, [], 0, "token", env), self.arg(node, [], 0, "cloud", env)
        if kind == "cloud" or cloud is True or (cloud is None and "bitbucket.org" in url):
            root = "/2.0" if kind == "cloud" or "api.bitbucket.org" in url else "/api/2.0"
        else:
            root = "/rest/api/1.0"
        if token is not None:
            auth: object = Auth(Scheme.BEARER, None, self.text(token, node))
        elif password is not None:
            auth = Auth(Scheme.BASIC, self.text(user, node) if user is not None else None, self.text(password, node))
        else:
            auth = None
        insecure = self.arg(node, [], 0, "verify_ssl", env) is False
        self.emit("atlassian-python-api", "GET", Value(url.rstrip("/") + root), node, auth, {}, {}, insecure, "")

    def code_insights(self, node: ast.Call, env: Env) -> None:
        """The pipes toolkit's Code Insights client: with an app password it leaves the proxy and
        reads and writes the commit's reports on api.bitbucket.org as Basic."""
        args = [self.eval(a, env) for a in node.args]
        password = self.arg(node, [], 0, "app_password", env)
        if password is None:
            return  # the Pipelines proxy: no credential
        user = self.arg(node, args, 1, "username", env)
        repo = self.arg(node, args, 0, "repo", env)
        slug = repo.text if isinstance(repo, Value) and repo.text else "${BITBUCKET_REPO_SLUG}"
        url = Value(f"https://api.bitbucket.org/2.0/repositories/${{BITBUCKET_WORKSPACE}}/{slug}/commit/"
                    "${commit}/reports")
        auth = Auth(Scheme.BASIC, self.text(user, node) if user is not None else None, self.text(password, node))
        before = len(self.calls)
        self.emit("bitbucket-pipes-toolkit", "GET", url, node, auth, {}, {}, False, "")
        for call in self.calls[before:]:  # the keyword says what it holds when the value's name does not
            type_fact(call, [(CredentialKind.APP_PASSWORD, Evidence.NAME)])

    def emit(self, tool: str, method: str, url: Value, node: ast.Call, auth: object, headers: dict[str, object],
             params: dict[str, object], insecure: bool, body: str, auth_at: tuple[int, int] | None = None) -> None:
        triple: AuthTriple | None
        if isinstance(auth, Auth):
            triple = (auth.scheme, auth.username, auth.secret)
        elif isinstance(auth, tuple) and len(auth) == 2:
            triple = (Scheme.BASIC, self.text(auth[0], node), self.text(auth[1], node))
        elif isinstance(auth, Value):  # an auth object built where this file cannot see
            triple = (Scheme.UNKNOWN, None, auth)
        else:
            triple = None
        send = _Send(tool, method, url, triple, {k: v for k, v in headers.items() if isinstance(v, Value)},
                     {k: v.text for k, v in params.items() if isinstance(v, Value)}, insecure, body,
                     self.position(node), auth_at)
        if self.params and _path_from(url.text, self.params):  # a wrapper: its call sites say the URL
            self.wrappers.setdefault(self.function_name, []).append(_Wrapper(send, self.params))
        else:
            self.finish(send)

    def finish(self, send: _Send, placed: bool = False) -> None:
        if send.at == _ELSEWHERE:
            return  # a request of another file's method, not made from here
        line, column = send.at
        url = self.api_bases.resolve(send.url.text)
        call = request_call(
            send.tool, "" if endpoint_unseen(url) or placed else send.method, url, line, column, auth=send.auth,
            headers=send.headers,
            params=send.params, insecure=send.insecure, commented=self.commented, body=send.body,
        )
        if call is None and send.auth is not None and send.url.only_ref() is not None and not placed:
            self.unplaced.append(send)
        if call is not None and send.auth is not None and call.host.startswith("api.") and not placed:
            self.hosts_by_credential.setdefault(_auth_key(send.auth), f"https://{call.host}/")
        if call is not None:
            if send.auth_at is not None and send.auth_at != send.at:
                call.auth_line, call.auth_column = send.auth_at
            self.calls.append(call)


@lru_cache(maxsize=8)
def _parsed_base(source: str) -> ast.Module:
    """The module of a base class defined in another file, parsed once for all its subclasses'
    files (a repository's every client class extending one base parsed it again per file). Its
    tree is only read, never changed, so sharing it is safe; what does not parse raises each time."""
    return parse_lenient(source)[0]


def _base_names(node: ast.ClassDef) -> list[str]:
    """The names a class's bases are spelled with: `Base`, `api.Base` (as `Base`)."""
    return [b.id if isinstance(b, ast.Name) else b.attr for b in node.bases if isinstance(b, (ast.Name, ast.Attribute))]


def _bind(wrapper: _Wrapper, site: _Site) -> _Send:
    """The wrapper's request as made from `site`: parameters replaced by the arguments given there.
    The credential stays where the wrapper attaches it."""
    values: dict[str, Value] = {}
    for name, arg in zip(wrapper.params, site.args, strict=False):
        if isinstance(arg, Value):
            values[name] = arg
    values.update({k: v for k, v in site.kwargs.items() if k in wrapper.params and isinstance(v, Value)})
    send = wrapper.send

    def sub(value: Value) -> Value:
        if not values or "${" not in value.text:
            return value
        text = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)].text if m.group(1) in values else m.group(0),
                      value.text)
        return Encoded(text, value.plain) if isinstance(value, Encoded) else Value(text)

    auth: AuthTriple | None = None
    if send.auth is not None:
        scheme, user, secret = send.auth
        auth = (scheme, None if user is None else sub(user), None if secret is None else sub(secret))
    method = sub(Value(send.method)).text.upper() if send.method.startswith("${") else send.method
    return _Send(send.tool, method if method.isalpha() else "GET", sub(send.url), auth,
                 {k: sub(v) for k, v in send.headers.items()}, send.params, send.insecure, send.body, site.at,
                 send.auth_at or (send.at if (send.auth is not None or send.headers) and send.at != _ELSEWHERE
                                  else None))


def _substitute(text: str, params: tuple[str, ...], site: _Site) -> str:
    """`text` with the function's parameters replaced by what `site` passes for them."""
    values: dict[str, str] = {}
    for name, arg in zip(params, site.args, strict=False):
        if isinstance(arg, Value):
            values[name] = arg.text
    values.update({k: v.text for k, v in site.kwargs.items() if k in params and isinstance(v, Value)})
    if not values:
        return text
    return re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _refers(text: str, params: tuple[str, ...]) -> bool:
    return any(f"${{{p}}}" in text for p in params)


def _auth_key(auth: AuthTriple | None) -> tuple[object, ...]:
    """What identifies a credential across requests: its scheme, username and secret as resolved."""
    return tuple(auth) if auth is not None else ()


def _authorizes(headers: object) -> bool:
    """Whether headers set on a client carry its credential."""
    return isinstance(headers, dict) and any(isinstance(k, str) and k.lower() == "authorization" for k in headers)


def _path_from(url: str, params: tuple[str, ...]) -> bool:
    """Whether a parameter decides which endpoint `url` is: it stands for the host, or for the
    path's first segment after the API version (`BASE + endpoint`, `f"{API}/{path}"`). A parameter
    that only fills a segment (`…/repositories/{ws}/{slug}`) leaves the call whole where it is."""
    refs = set(re.findall(r"\$\{(\w+)\}", url))
    if not refs & set(params):
        return False
    resolved = resolve_base(url)
    if "://" not in resolved:
        return True
    rest = resolved.split("://", 1)[1]
    host, _, path = rest.partition("/")
    if refs & set(re.findall(r"\$\{(\w+)\}", host)) & set(params):
        return True
    path = re.sub(r"^(?:api/)?(?:[12]\.0/)?", "", path)
    first = path.split("/", 1)[0]
    return bool(set(re.findall(r"\$\{(\w+)\}", first)) & set(params))


def _commented_calls(doc: Document, index: ModuleIndex, env: Env,
                     aliases: dict[str, str]) -> list[ApiCall | GitRemote]:
    """Calls in commented-out code (`# requests.get("https://api.bitbucket.org/…", auth=…)`).

    The comment is parsed as Python on its own (with up to three comment lines before and seven
    after, for a call spread over lines); prose does not parse and yields nothing.
    """
    candidates = sorted({doc.line_col(m.start())[0] for m in _COMMENTED.finditer(doc.text)})
    if not candidates:
        return []
    in_string: set[int] = set()
    for node in index.of_type(ast.Constant, ast.JoinedStr):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and (node.end_lineno or 0) > node.lineno:
            in_string.update(range(node.lineno + 1, (node.end_lineno or 0) + 1))

    def comment(n: int) -> bool:
        return n not in in_string and doc.line_text(n).lstrip().startswith("#")

    calls: list[ApiCall | GitRemote] = []
    done: set[int] = set()
    for line in candidates:
        if line in done or not comment(line):
            continue
        for start in (s for s in range(line, line - 4, -1) if s not in done and all(map(comment, range(s, line + 1)))):
            fragment = parse_comment(doc, start, line, comment)
            if fragment is None:
                continue
            tree_part, end, shifts = fragment
            analysis = _fragment_analysis(doc, start, shifts, aliases)
            for stmt in tree_part.body:
                analysis.scan(stmt, dict(env))
            if analysis.calls:  # a fragment of a call (its URL line alone) parses too, but calls nothing
                calls.extend(analysis.calls)
                done.update(range(start, end + 1))
                break
    return calls


def _fragment_analysis(doc: Document, start: int, shifts: list[int], aliases: dict[str, str]) -> _Analysis:
    """An analysis of a comment parsed from line `start` on, whose line n lost `shifts[n - 1]` characters of `#`."""

    def line_text(n: int) -> str:
        return doc.line_text(start + n - 1)[shifts[n - 1]:]

    def origin(n: int) -> tuple[int, int]:
        return start + n - 1, shifts[n - 1]

    return _Analysis(line_text, origin, True, aliases)


def _client_field(name: str, value: object) -> object:
    """A value as a client keeps it: headers and params as its own dict, the base URL as text."""
    if name in ("headers", "params"):
        return dict(value) if isinstance(value, dict) else {}
    if name == "base_url":
        return value.text if isinstance(value, Value) else ""
    return value


def _nth(args: list[ast.expr], index: int, kw: dict[str, ast.expr], name: str) -> ast.expr | None:
    return kw.get(name) or (args[index] if index < len(args) and not isinstance(args[index], ast.Starred) else None)


def _body_text(body: object) -> str:
    if isinstance(body, Value):
        return body.text
    if isinstance(body, dict):
        return "&".join(f"{k}={v.text}" for k, v in body.items() if isinstance(v, Value))
    return ""


def detect_reading(reading: Reading) -> tuple[list[ApiCall | GitRemote], list[str]]:
    """The registry's entry point (tokenlint.detectors.registry)."""
    return detect(reading.doc, reading.python, reading.classes, reading.python_index)
