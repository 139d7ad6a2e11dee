"""Which functions of a lowered program can reach a Bitbucket call or a credential.

The evaluator (tokenlint.detectors.program_calls) reads every function and method of a file on
its own, its parameters unknown, so that a library call with no caller in the file still shows.
On an API client or a merge bot most methods are about something else (parsing a pull request,
formatting a message, walking a list): reading them costs two thirds of the evaluator's work and
finds nothing. A function is worth reading on its own only when something in it can make a
request or set what one sends:

- a string that looks like an API URL, a Bitbucket name or an authorization value;
- a name that says so (`token`, `auth`, `client`, `url`, `bitbucket`, …), or that the
  language's table of HTTP libraries knows (a callee, a method of a library object, an option);
- a function name a file call sends by (`makeRequest`: tokenlint.detectors.calls.sends_by_name);
- a change to an object's state (`this.x = …`, a bare field of its class), which a later method
  may send;
- a call of, or a name of, a function of the file that is itself worth reading.

The test is on names and text only, so it errs towards reading: a function it keeps may still
find nothing, a function it drops has nothing any rule looks at. Each function's footprint is
taken in one iterative walk of its own nodes (no recursion, no walk per call).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from tokenlint.detectors.api_base import names_bitbucket
from tokenlint.detectors.calls import sends_by_name
from tokenlint.detectors.http_libraries import KEYS, Builtin, Library
from tokenlint.parsers import program as ir

#: parts of a name that say it may hold or send a credential, a URL or a client (lower case)
NAME_HINTS = ("bitbucket", "auth", "token", "pass", "secret", "cred", "key", "url", "uri", "host", "endpoint",
              "header", "http", "request", "client", "session", "api", "curl", "basic", "bearer", "env", "base",
              "login", "user", "config", "setting", "option", "opts", "param", "prop", "connect", "remote",
              "send", "fetch", "hook", "oauth", "consumer", "jenkins", "vault")
#: parts of a string that say it is a URL, an API path or an authorization value (lower case)
TEXT_HINTS = ("bitbucket", "://", "/2.0", "1.0/", "/rest/", "api", "auth", "bearer", "basic", "token", "pass",
              "secret", "cred", "x-", "/repositories", "/workspaces", "/teams", "/users", "http", "user", "key")
_sends_by_name = lru_cache(maxsize=16384)(sends_by_name)


@dataclass(slots=True)
class Footprint:
    """What one function's nodes name: identifiers, whether any of them or its strings is a hint,
    whether it changes an object's state."""

    names: set[str]
    hinted: bool


_WORDS: dict[int, frozenset[str]] = {}


def library_words(lib: Library) -> frozenset[str]:
    """Every name the table of HTTP libraries knows: callees that make or send (and their parts),
    methods of library objects, properties, options, shared modules, environment objects, header
    views, option keys."""
    got = _WORDS.get(id(lib))
    if got is None:
        words: set[str] = set(KEYS)
        # a built-in (`String.format`, `Base64.encode`) only changes a value: a request needs more
        sending = [name for name, entry in lib.calls.items() if not isinstance(entry, Builtin)]
        for name in [*sending, *lib.shared, *lib.env_objects]:
            words.update(name.split("."))
        words.update(method for _kind, method in lib.methods)
        words.update(lib.properties)
        words.update(lib.options)
        words.update(lib.header_views)
        words.update(lib.transparent)
        got = _WORDS[id(lib)] = frozenset(words)
    return got


_HINTED: dict[tuple[int, str], bool] = {}
_HINTED_MAX = 200_000  # names remembered; past that the memo starts again (a run over many repositories)


def _hinted_name(name: str, words: frozenset[str]) -> bool:
    key = (id(words), name)
    got = _HINTED.get(key)
    if got is None:
        lower = name.lower()
        got = name in words or any(h in lower for h in NAME_HINTS) or names_bitbucket(name)
        if len(_HINTED) >= _HINTED_MAX:
            _HINTED.clear()
        _HINTED[key] = got
    return got


def _hinted_text(text: str) -> bool:
    lower = text[:4096].lower()
    return any(h in lower for h in TEXT_HINTS)


def footprint(func: ir.Func, fields: frozenset[str], words: frozenset[str]) -> Footprint:
    """The names a function's nodes use (its nested functions and blocks included), and whether
    one of them, one of its strings or one of its assignments makes it worth reading. The walk
    stops at the first such hint: a function worth reading needs no list of what it names."""
    names: set[str] = set(func.params)
    names.update(func.types.values())
    if any(_hinted_name(n, words) for n in names):
        return Footprint(names, True)
    hinted = False
    todo: list[object] = list(func.body)
    seen: set[int] = set()
    while todo and not hinted:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
            continue
        if isinstance(node, tuple):
            todo.extend(node)
            continue
        if isinstance(node, dict):
            todo.extend(node.values())
            continue
        if not isinstance(node, ir.Node) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ir.Name):
            names.add(node.name)
            hinted = _hinted_name(node.name, words)
        elif isinstance(node, ir.Attr):
            names.add(node.name)
            hinted = _hinted_name(node.name, words)
            todo.append(node.obj)
        elif isinstance(node, ir.Const):
            if not hinted and isinstance(node.value, str) and _hinted_text(node.value):
                hinted = True
        elif isinstance(node, ir.Call):
            if isinstance(node.func, (ir.Name, ir.Attr)) and _sends_by_name(node.func.name):
                hinted = True
            todo.extend((node.func, node.args, node.named, node.block))
        elif isinstance(node, ir.Assign):
            target = node.target
            if isinstance(target, (ir.Attr, ir.Index)) or (isinstance(target, ir.Name) and target.name in fields):
                hinted = True  # an object's state: a later method may send it
            todo.extend((target, node.value))
        elif isinstance(node, ir.Dict):
            for key, value in node.items:
                todo.extend((key, value))
        elif isinstance(node, (ir.Func, ir.Class, ir.Import)):
            named = ([node.name, *node.params, *node.types.values()] if isinstance(node, ir.Func)
                     else [node.name, *node.bases] if isinstance(node, ir.Class)
                     else [node.name, *node.module.split(".")])
            names.update(named)
            hinted = any(_hinted_name(n, words) for n in named)
            if isinstance(node, (ir.Func, ir.Class)):
                todo.append(node.body)
        else:
            todo.extend(getattr(node, f) for f in node.__slots__ if f not in ("line", "col"))
    return Footprint(names, hinted)


def fields_of(cls: ir.Class) -> frozenset[str]:
    """The fields a class declares in its body (`this.x = …`), which its methods may set by bare name."""
    return frozenset(s.target.name for s in cls.body if isinstance(s, ir.Assign) and isinstance(s.target, ir.Attr))


def functions_of(body: Iterable[ir.Stmt]) -> Iterator[tuple[ir.Func, frozenset[str], str]]:
    """The functions and methods of a file's top level, each with its class's fields and name."""
    for stmt in body:
        if isinstance(stmt, ir.Func):
            yield stmt, frozenset(), ""
        elif isinstance(stmt, ir.Class):
            fields = fields_of(stmt)
            for member in stmt.body:
                if isinstance(member, ir.Func):
                    yield member, fields, stmt.name


def worth_reading(functions: Iterable[tuple[ir.Func, frozenset[str], str]], lib: Library) -> set[int]:
    """The ids of the functions (each with the fields and the name of its class) worth reading on
    their own: hinted ones, and those that name a function worth reading (or the class of one:
    `new Client(…)` runs its constructor), to a fixed point, each function reached once."""
    words = library_words(lib)
    prints = [(func, footprint(func, fields, words), owner) for func, fields, owner in functions]
    live = {id(func) for func, fp, _owner in prints if fp.hinted}
    owners = {id(func): owner for func, _fp, owner in prints}
    # who names what, for the functions not yet worth reading: each is reached at most once
    naming: dict[str, list[ir.Func]] = {}
    for func, fp, _owner in prints:
        if id(func) not in live:
            for name in fp.names:
                naming.setdefault(name, []).append(func)
    todo = [name for func, fp, owner in prints if fp.hinted for name in (func.name, owner) if name]
    done: set[str] = set()
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        for func in naming.pop(name, []):
            if id(func) not in live:
                live.add(id(func))
                todo += [name for name in (func.name, owners[id(func)]) if name]
    return live
