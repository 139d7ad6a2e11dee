"""requests/httpx Basic with a password where a token will do → the token's header, in Python.

The shapes rewritten are the ones a reader sees at once: `auth=(user, password)` or
`auth=HTTPBasicAuth(user, password)` (`httpx.BasicAuth` too) as an argument of the call the
finding names, and `session.auth = (…)` on the line it names. An access token goes as
`headers={"Authorization": f"Bearer {os.environ['BITBUCKET_ACCESS_TOKEN']}"}` (a session's
`session.headers["Authorization"] = …`); an API token (what `suggest` recommends for user
endpoints) stays Basic, with the account e-mail: the pair's two halves become environment reads.

The new variable is read the way the old password was (`os.environ[…]`, `os.getenv(…)`,
`os.environ.get(…)`, followed through one module-level assignment); a literal password is never
kept. `import os` is added with the standard-library imports when the module lacks it. Anything
less clear (headers built elsewhere, `**kwargs` that may hold headers, a literal password set on
another line, an auth object from a variable) is refused with the reason.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass

from tokenlint.facts import ApiCall
from tokenlint.fixes.model import API_TOKEN, Edit, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.parsers.kinds import FileKind

_BASIC_CLASSES = frozenset(("HTTPBasicAuth", "BasicAuth"))
_TOOLS = frozenset(("requests", "httpx", "aiohttp"))  # their calls and clients take headers= as they take auth=
_SESSION_TOOLS = frozenset(("requests", "httpx"))  # sessions whose .headers a later request sends
_GAP = re.compile(r"\s*,\s*")
_STDLIB = frozenset(sys.stdlib_module_names)


@dataclass
class _Source:
    """Offsets into the text from `ast` positions (1-based lines, UTF-8 byte columns)."""

    text: str

    def __post_init__(self) -> None:
        self.starts = [0]
        self.starts.extend(i + 1 for i, c in enumerate(self.text) if c == "\n")

    def offset(self, line: int, byte_col: int) -> int:
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        row = self.text[start:len(self.text) if end < 0 else end]
        return start + len(row.encode("utf-8", "surrogateescape")[:byte_col].decode("utf-8", "surrogateescape"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
                self.offset(node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def column(self, node: ast.AST) -> int:
        """The node's 1-based column in characters, as findings count them."""
        return self.offset(node.lineno, node.col_offset) - self.starts[node.lineno - 1] + 1  # type: ignore[attr-defined]


@rewrite("auth-header", kinds=(FileKind.PYTHON,))
def python(site: Site) -> Rewrite | Refused:
    try:
        tree = ast.parse(site.text)
    except (SyntaxError, ValueError):
        return Refused("the file does not parse as Python")
    src = _Source(site.text)
    found = _sites(tree, src, site)
    if len(found) != 1:
        return Refused("the credential is not attached by one auth=(…) argument or one `.auth = …` "
                       "assignment at the reported place" if not found
                       else "several auth settings start at the reported place; which one is meant is not clear")
    node = found[0]
    value = node.value
    pair = _pair(value)
    if pair is None:
        return Refused("the auth value is not a (user, password) pair or HTTPBasicAuth(user, password) "
                       "written out here")
    tools = {f.tool for f in site.facts if isinstance(f, ApiCall)}
    if not tools or not tools <= (_SESSION_TOOLS if isinstance(node, ast.Assign) else _TOOLS):
        return Refused(f"the fix rewrites requests, httpx and aiohttp calls, not {', '.join(sorted(tools)) or 'this'}")
    literal = any(f.credential_literal for f in site.facts) or (site.credential is not None and site.credential.literal)
    if literal and not isinstance(pair[1], ast.Constant):
        return Refused("the literal password is set on another line; move it out of the file first, then run fix again")
    origin = _origin(pair[1], tree)
    if origin is None:
        named = f"`{src.segment(pair[1])}`" if isinstance(pair[1], (ast.Name, ast.Attribute)) else "an expression"
        return Refused(f"the password comes from {named}, not from the environment or the file; "
                       "reading a token from the environment instead would change who supplies it")
    q = _quote(site.text)
    style = _style(pair[1], tree)
    edits: list[Edit]
    if site.token_type == API_TOKEN:
        o = site.options
        edits = [Edit(*src.span(pair[0]), _env(style, o.email_var, q)),
                 Edit(*src.span(pair[1]), _env(style, o.api_token_var, q))]
    else:
        inner = "'" if q == '"' else '"'
        bearer = f'f{q}Bearer {{{_env(style, site.options.token_var, inner)}}}{q}'
        answer = (_keyword(node, tree, src, bearer, q) if isinstance(node, ast.keyword)
                  else _session(node, tree, src, bearer, q))
        if isinstance(answer, Refused):
            return answer
        edits = answer
    imported = _import_os(tree, src)
    if isinstance(imported, Refused):
        return imported
    return Rewrite(edits + imported, site.new_variables())


def _sites(tree: ast.Module, src: _Source, site: Site) -> list[ast.keyword | ast.Assign]:
    """The `auth=` keyword of the call at the finding (or whose value is there, as a client's
    default credential is reported), or the `X.auth = …` assignment there."""
    line, column = site.line, site.finding.location.column
    out: list[ast.keyword | ast.Assign] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            at_call = node.lineno == line and src.column(node) == column
            out.extend(k for k in node.keywords if k.arg == "auth" and (at_call or (
                k.value.lineno == line and src.column(k.value) == column)))  # a client's auth=: at its value
        elif (isinstance(node, ast.Assign) and node.lineno == line and src.column(node) == column
              and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute)
              and node.targets[0].attr == "auth"):
            out.append(node)
    return out


def _pair(value: ast.expr) -> tuple[ast.expr, ast.expr] | None:
    if isinstance(value, (ast.Tuple, ast.List)):
        elts = value.elts
    elif (isinstance(value, ast.Call) and _name(value.func) in _BASIC_CLASSES and not value.keywords):
        elts = value.args
    else:
        return None
    if len(elts) != 2 or any(isinstance(e, ast.Starred) for e in elts):
        return None
    return elts[0], elts[1]


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_os_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _env_style(node: ast.expr) -> str:
    """"environ", "getenv" or "get" when `node` reads the environment (os.environ[…],
    os.getenv(…), os.environ.get(…)); "" otherwise."""
    if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
        return "environ"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        if func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os":
            return "getenv"
        if func.attr == "get" and _is_os_environ(func.value):
            return "get"
    return ""


def _origin(password: ast.expr, tree: ast.Module) -> ast.expr | None:
    """Where the password's value comes from, when that is the environment or a literal: the
    expression itself, or the one assignment of the name it reads; None for anything else (a
    parameter, an attribute, input, a file), which a person or a caller supplies."""
    if isinstance(password, ast.Name):
        values = [n.value for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AnnAssign))
                  and any(isinstance(t, ast.Name) and t.id == password.id
                          for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
        bound = [n for n in ast.walk(tree) if isinstance(n, ast.arg) and n.arg == password.id]
        if len(values) != 1 or values[0] is None or bound:
            return None
        password = values[0]
    if _env_style(password) or (isinstance(password, ast.Constant) and isinstance(password.value, str)):
        return password
    return None


def _style(password: ast.expr, tree: ast.Module) -> str:
    """How the code reads its environment, as the password shows it: "environ" (os.environ[…],
    the default: a missing variable fails loudly), "getenv" or "get" (os.environ.get)."""
    origin = _origin(password, tree)
    return (_env_style(origin) if origin is not None else "") or "environ"


def _env(style: str, name: str, q: str) -> str:
    if style == "getenv":
        return f"os.getenv({q}{name}{q})"
    if style == "get":
        return f"os.environ.get({q}{name}{q})"
    return f"os.environ[{q}{name}{q}]"


def _quote(text: str) -> str:
    """The quote the file's strings mostly use (double when even)."""
    counts = {'"': 0, "'": 0}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING:
                body = tok.string.lstrip("rRbBuUfF")
                if body[:1] in counts:
                    counts[body[:1]] += 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return "'" if counts["'"] > counts['"'] else '"'


def _call_of(keyword: ast.keyword, tree: ast.Module) -> ast.Call:
    return next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and keyword in n.keywords)


def _keyword(keyword: ast.keyword, tree: ast.Module, src: _Source, bearer: str, q: str) -> list[Edit] | Refused:
    """`auth=(…)` → `headers={"Authorization": …}`, or the header merged into a literal
    `headers={…}` of the same call (the auth argument then goes)."""
    call = _call_of(keyword, tree)
    if any(k.arg is None for k in call.keywords):
        return Refused("the call also passes **keyword arguments, which may hold headers")
    if len(call.args) > 3 or any(isinstance(a, ast.Starred) for a in call.args):
        return Refused("the call passes many positional arguments; one of them may be the headers")
    headers = [k for k in call.keywords if k.arg == "headers"]
    entry = f"{q}Authorization{q}: {bearer}"
    if not headers:
        return [Edit(*src.span(keyword), f"headers={{{entry}}}")]
    given = headers[0].value
    if not isinstance(given, ast.Dict) or not all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                                   for k in given.keys):
        return Refused("the call already sends headers= built elsewhere; add the Authorization header there")
    if any(isinstance(k, ast.Constant) and str(k.value).lower() == "authorization" for k in given.keys):
        return Refused("the call's headers already hold an Authorization header")
    removal = _without(keyword, call, src)
    if isinstance(removal, Refused):
        return removal
    if not given.keys:
        start, end = src.span(given)
        return [removal, Edit(start, end, f"{{{entry}}}")]
    first = given.keys[0]
    assert first is not None
    at = src.span(first)[0]
    if first.lineno == given.lineno:
        return [removal, Edit(at, at, f"{entry}, ")]
    indent = src.text[src.starts[first.lineno - 1]:at]
    if indent.strip():
        return Refused("the call's headers are laid out in a way the fix does not edit")
    return [removal, Edit(at, at, f"{entry},\n{indent}")]


def _without(keyword: ast.keyword, call: ast.Call, src: _Source) -> Edit | Refused:
    """The edit deleting `keyword` and one comma beside it from the call."""
    arguments = sorted([*call.args, *call.keywords], key=lambda n: src.span(n)[0])
    index = arguments.index(keyword)
    start, end = src.span(keyword)
    if index > 0:
        start = src.span(arguments[index - 1])[1]
    elif index + 1 < len(arguments):
        end = src.span(arguments[index + 1])[0]
    gap = src.text[start:src.span(keyword)[0]] if index > 0 else src.text[src.span(keyword)[1]:end]
    if (index > 0 or index + 1 < len(arguments)) and not _GAP.fullmatch(gap):
        return Refused("a comment sits next to the auth argument; the fix does not move comments")
    return Edit(start, end, "")


def _session(node: ast.Assign, tree: ast.Module, src: _Source, bearer: str, q: str) -> list[Edit] | Refused:
    """`X.auth = (…)` → `X.headers["Authorization"] = …`, unless X's headers are replaced later."""
    target = node.targets[0]
    assert isinstance(target, ast.Attribute)
    owner = src.segment(target.value)
    for other in ast.walk(tree):
        if (isinstance(other, ast.Assign) and other.lineno > node.lineno
                and any(isinstance(t, ast.Attribute) and t.attr == "headers" and src.segment(t.value) == owner
                        for t in other.targets)):
            return Refused(f"{owner}.headers is replaced later in the file, which would drop the new header")
    return [Edit(*src.span(node), f"{owner}.headers[{q}Authorization{q}] = {bearer}")]


def _import_os(tree: ast.Module, src: _Source) -> list[Edit] | Refused:
    """The edit adding `import os` with the standard-library imports, when the module lacks it."""
    body = tree.body
    for stmt in body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name == "os" and alias.asname is None:
                    return []
                if alias.asname == "os":
                    return Refused("`os` names another module here; the fix would need `import os`")
    doc = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else 0
    index = doc
    while index < len(body) and isinstance(body[index], ast.ImportFrom) \
            and body[index].module == "__future__":  # type: ignore[attr-defined]
        index += 1
    run: list[ast.stmt] = []
    for stmt in body[index:]:
        if not isinstance(stmt, (ast.Import, ast.ImportFrom)):
            break
        run.append(stmt)
    stdlib = [s for s in run if _top(s) in _STDLIB]
    before = next((s for s in stdlib if isinstance(s, ast.ImportFrom)
                   or (isinstance(s, ast.Import) and s.names[0].name > "os")), None)
    if before is not None:
        return _insert_before(before, src, "import os\n")
    if stdlib:
        return _insert_after(stdlib[-1], src)
    if run:
        return _insert_before(run[0], src, "import os\n\n")
    if index > 0:
        return _insert_after(body[index - 1], src)
    return Refused("the module has no imports to add `import os` beside") if body else []


def _top(stmt: ast.stmt) -> str:
    if isinstance(stmt, ast.Import):
        return stmt.names[0].name.split(".")[0]
    assert isinstance(stmt, ast.ImportFrom)
    return (stmt.module or "").split(".")[0] if not stmt.level else ""


def _insert_before(stmt: ast.stmt, src: _Source, new: str) -> list[Edit] | Refused:
    at = src.starts[stmt.lineno - 1]
    if src.offset(stmt.lineno, stmt.col_offset) != at:
        return Refused("the imports are laid out in a way the fix does not edit")
    return [Edit(at, at, new)]


def _insert_after(stmt: ast.stmt, src: _Source) -> list[Edit] | Refused:
    end_line = stmt.end_lineno or stmt.lineno
    if end_line >= len(src.starts):  # the statement ends the file without a newline
        return Refused("the module has nowhere clear to add `import os`")
    at = src.starts[end_line]
    return [Edit(at, at, "import os\n")]
