"""The one walk of a Python module the detectors share (tokenlint.parsers.python_index): the same
nodes in the same order as `ast.walk`, no detector walking the tree again, and work that grows
with the size of the file, not with its nesting. Counted in node visits and function calls,
never timed."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import pytest

from tokenlint.detectors import python_calls, python_leaks
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers.kinds import FileKind
from tokenlint.parsers.python_index import index

SAMPLE = '''
import requests, os
API = "https://api.bitbucket.org/2.0"
def outer(ws, token=os.environ["BB_TOKEN"]):
    def inner(slug):
        @decorate(lambda x: str(x))
        def deepest(a=f"{API}/repositories/{ws}"):
            return [requests.get(a + p, auth=(ws, token)) for p in (slug, g(h(1)))]
        return deepest
    with open("log", "w") as fh:
        fh.write(token)
    return inner(ws)
class Client(Base):
    url = API
    async def fetch(self, path, *, headers={"k": v() for v in w}):
        print(self.app_password)
        return await self.session.get(self.url + path)
'''


def test_the_walk_is_ast_walk_in_its_order() -> None:
    tree = ast.parse(SAMPLE)
    idx = index(tree)
    walked = list(ast.walk(tree))
    assert len(idx.nodes) == len(walked) and all(a is b for a, b in zip(idx.nodes, walked, strict=True))
    for node in walked:
        assert idx.holds(node)
        if isinstance(node, ast.expr_context | ast.operator | ast.boolop | ast.unaryop | ast.cmpop):
            continue  # shared singletons: one position stands for them all
        assert idx.children(node) == list(ast.iter_child_nodes(node))
        assert list(idx.calls_in(node)) == [n for n in ast.walk(node) if isinstance(n, ast.Call)]
    assert idx.of_type(ast.Call, ast.Assign) == [n for n in walked if isinstance(n, ast.Call | ast.Assign)]
    assert not idx.holds(ast.parse("x = 1").body[0])


def test_enclosing_function_is_the_innermost() -> None:
    tree = ast.parse(SAMPLE)
    idx = index(tree)
    names = {}
    for call in idx.of_type(ast.Call):
        assert isinstance(call, ast.Call)
        func = idx.enclosing(call)
        names[ast.unparse(call.func)] = func.name if func is not None else None
    assert names == {"requests.get": "deepest", "str": "deepest", "decorate": "deepest", "g": "deepest",
                     "h": "deepest", "open": "outer", "fh.write": "outer", "inner": "outer", "v": "fetch",
                     "print": "fetch", "self.session.get": "fetch"}


def _unit(n: int) -> str:
    """One slice of a generated client: constants, a class with methods, nested helpers, a
    wrapper and its call sites, a print of a secret."""
    return f'''
BASE_{n} = "https://api.bitbucket.org/2.0"
class Client{n}(object):
    def __init__(self, user, app_password):
        self.auth = (user, app_password)
        self.url = BASE_{n}
    def _get{n}(self, path):
        return requests.get(self.url + path, auth=self.auth)
    def repos{n}(self, ws):
        def query(page):
            def params():
                return {{"page": page, "q": "name ~ x"}}
            return params()
        print("token", self.auth, self.app_password)
        return self._get{n}("/repositories/" + ws + "?" + str(query(1)))
def helper_{n}(token):
    logging.info("using %s", token)
    with open("/tmp/out", "w") as fh:
        fh.write(token)
    return requests.post(f"{{BASE_{n}}}/repositories/acme/r{n}/pullrequests", auth=("me", token))
'''


def _module(units: int) -> str:
    return "import logging\nimport requests\n" + "".join(_unit(n) for n in range(units))


def _detect(text: str) -> tuple[list[Any], list[Any], int]:
    reading = Reading(Document("client.py", text), FileKind.PYTHON)
    calls, _ = python_calls.detect_reading(reading)
    leaks, _ = python_leaks.detect_reading(reading)
    return calls, leaks, reading.python_index().visits


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    seen = [0]
    original: Callable[..., Iterator[ast.AST]] = getattr(ast, name)

    def counted(*args: Any) -> Iterator[ast.AST]:
        seen[0] += 1
        return original(*args)

    monkeypatch.setattr(ast, name, counted)
    return seen


def test_the_detectors_walk_the_tree_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The call and leak detectors used to walk the module five or six times more (classes,
    strings, assignments, calls, enclosing functions, every statement's expression)."""
    walks, children = _counting(monkeypatch, "walk"), _counting(monkeypatch, "iter_child_nodes")
    text = _module(5)
    calls, leaks, visits = _detect(text)
    assert walks[0] == 0 and children[0] == 0
    nodes = sum(1 for _ in ast.walk(ast.parse(text)))
    assert visits <= 2 * nodes  # the walk itself, and the pruned way down to each statement's calls
    assert [(c.line, c.method) for c in calls][:2] == [(17, "GET"), (22, "POST")]
    assert sorted({(f.line, f.how.value) for f in leaks})[:3] == [(16, "print"), (19, "logging"), (21, "file-write")]


def _work(text: str) -> int:
    """Python function calls made while detecting in `text` (parsing is C, and not counted)."""
    reading = Reading(Document("client.py", text), FileKind.PYTHON)
    reading.python()
    count = [0]

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            count[0] += 1

    sys.setprofile(profile)
    try:
        python_calls.detect_reading(reading)
        python_leaks.detect_reading(reading)
    finally:
        sys.setprofile(None)
    return count[0]


def test_work_grows_linearly_with_the_file() -> None:
    small, large = _work(_module(10)), _work(_module(40))
    assert large <= 4.2 * small, (small, large)


def test_work_does_not_grow_with_nesting() -> None:
    """A chain of nested functions, each calling the API: the same work per function at any depth."""

    def nested(depth: int) -> str:
        lines = ["import requests", 'API = "https://api.bitbucket.org/2.0"']
        for level in range(depth):
            pad = "    " * level
            lines += [f"{pad}def f{level}(a{level}):",
                      f'{pad}    requests.get(API + "/repositories/acme/" + a{level}, auth=("u", a{level}))']
        lines += [f"{'    ' * depth}pass"]
        return "\n".join(lines) + "\n"

    shallow, deep = _work(nested(20)), _work(nested(80))
    assert deep <= 4.2 * shallow, (shallow, deep)
