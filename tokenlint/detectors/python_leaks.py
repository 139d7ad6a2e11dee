"""Where Python code lets a credential out besides the request it is for: `print` and `logging`
(the log), `open(…).write` and `Path.write_text` (a file), `input()` for a password (a prompt
that echoes it; `getpass` does not).

A value holds a secret when it comes from a name that says so (`token`, `self.app_password`,
`args.password`), from the environment under such a name (`os.environ["BB_TOKEN"]`,
`os.getenv("BB_TOKEN")`), or from a variable assigned one of those; a string built from one
(f-string, `+`, `%`, `.format`, `str()`) holds it too. Its length, a slice or a hash do not.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from tokenlint.detectors import relevance
from tokenlint.detectors.secret_names import is_secret_name
from tokenlint.facts import Exposure, LogExposure

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading
    from tokenlint.parsers.python_index import ModuleIndex

_LOG_METHODS = frozenset(("debug", "info", "warning", "warn", "error", "critical", "exception", "log", "fatal"))
_LOGGERS = ("logging", "logger", "log", "_log", "_logger", "LOGGER", "LOG", "self.logger", "self.log", "self._logger",
            "cls.logger", "app.logger", "current_app.logger")
# `pipe.log_info(x)` (bitbucket_pipes_toolkit), `self.log_debug(x)`, `log_warning(x)`, `ui.log(x)`,
# `reporter.logInfo(x)`: a method or function named for logging writes to the log, whatever
# object it belongs to.
_LOGGING_NAME = re.compile(r"log(?:[_]?(?:debug|info|warn|warning|error|critical|exception|fatal|trace|notice|"
                           r"success|fail|failure|message|msg))?", re.IGNORECASE)
_PRINTS = frozenset(("print", "pprint", "pprint.pprint", "sys.stdout.write", "sys.stderr.write", "click.echo",
                     "typer.echo", "rich.print", "console.print"))
_PROMPT_WORDS = ("password", "passphrase", "token", "secret", "api key", "app pass")
_FILE_WRITES = frozenset(("write", "writelines", "write_text"))
#: Calls whose result holds their argument's text (a URL-quoted password is the password).
_SAME_TEXT = frozenset(("str", "repr", "quote", "quote_plus", "urllib.parse.quote", "urllib.parse.quote_plus",
                        "parse.quote", "parse.quote_plus", "urllib.quote", "urllib.quote_plus"))
_SINK_ROUNDS = 3  # helpers that hand their argument to a helper that prints it, followed this deep
MAX_NODES = 500_000  # a module larger than this is not followed (bounded time)


def detect_reading(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    doc = reading.doc
    if not relevance.mentions(doc):
        return [], []
    try:
        # parsed and walked once, Python 2 and stray errors read as the call detector reads them
        index = reading.python_index()
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # the call detector reads it with its fallback and says why; what this detector misses is said here
        return [], [f"{doc.path}: Python source does not parse even repaired; not checked for credentials it "
                    "prints, logs or writes"]
    nodes = index.nodes
    if len(nodes) > MAX_NODES:
        return [], []
    out: list[LogExposure] = []
    try:
        assigns = index.of_type(ast.Assign)
        holders = _holders(assigns)
        files = _open_files(index.of_type(ast.withitem, ast.Assign))
        sinks = _sinks(index, files, holders)
        for node in index.of_type(ast.Call, ast.Assign, ast.AnnAssign):
            if isinstance(node, ast.Call):
                fact = _judge_call(node, holders, files) or _sink_call(node, holders, sinks)
                if fact is not None:
                    out.append(fact)
            elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
                prompt = _prompt(node)
                if prompt is not None:
                    out.append(prompt)
    except RecursionError:  # an expression nested too deeply: what was found so far stands
        pass
    return sorted(out, key=lambda f: (f.line, f.column)), []


def _dotted(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()" + ("." + ".".join(reversed(parts)) if parts else "")
    return ""


def _env_key(node: ast.expr) -> str | None:
    """`os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`: the name X."""
    if isinstance(node, ast.Subscript) and _dotted(node.value).endswith("environ"):
        key = node.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
            and isinstance(node.args[0].value, str) and _dotted(node.func) in (
            "os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.pop"):
        return node.args[0].value
    return None


def _holders(nodes: list[ast.AST]) -> set[str]:
    """Names assigned a secret anywhere in the module (flow-insensitive: a name that ever holds
    one is treated as holding one)."""
    out: set[str] = set()
    for _ in range(3):  # a few rounds follow `a = token; b = a`
        before = len(out)
        for node in nodes:
            if isinstance(node, ast.Assign) and _secret(node.value, out) is not None:
                out.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if len(out) == before:
            break
    return out


def _secret(node: ast.expr, holders: set[str], names_only: bool = False) -> str | None:
    """How to show the secret `node` evaluates to, or None when it holds none; `names_only`: only
    what `holders` names counts (a helper's parameter), not any secret-looking name."""
    if isinstance(node, ast.Name):
        return node.id if node.id in holders or (not names_only and is_secret_name(node.id)) else None
    if isinstance(node, ast.Attribute):
        return _dotted(node) or node.attr if not names_only and is_secret_name(node.attr) else None
    key = _env_key(node)
    if key is not None:
        return key if not names_only and is_secret_name(key) else None
    if isinstance(node, ast.JoinedStr):
        return next((s for v in node.values if isinstance(v, ast.FormattedValue)
                     and (s := _secret(v.value, holders, names_only))), None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        right = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return next((s for part in (node.left, *right) if (s := _secret(part, holders, names_only))), None)
    if isinstance(node, ast.Call):
        func = _dotted(node.func)
        if func in _SAME_TEXT or func.endswith(".format"):
            return next((s for a in [*node.args, *(k.value for k in node.keywords)]
                         if (s := _secret(a, holders, names_only))), None)
    return None


def _open_files(nodes: list[ast.AST]) -> dict[str, str]:
    """`with open(path, "w") as f` and `f = open(path, "a")`: the handle's name and the path as written."""
    out: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            path = _opened_for_writing(node.context_expr)
            if path is not None:
                out[node.optional_vars.id] = path
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            path = _opened_for_writing(node.value)
            if path is not None:
                out[node.targets[0].id] = path
    return out


def _opened_for_writing(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Call) or (_dotted(node.func) not in ("open", "io.open", "codecs.open") \
            and not _dotted(node.func).endswith(".open")):
        return None
    mode: ast.expr | None = node.args[1] if len(node.args) > 1 else next(
        (k.value for k in node.keywords if k.arg == "mode"), None)
    if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax")):
        return None
    target = node.args[0] if node.args else (node.func.value if isinstance(node.func, ast.Attribute) else None)
    return _shown_path(target)


def _shown_path(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and node.args:
        return _shown_path(node.args[0])
    return "a file"


def _judge_call(node: ast.Call, holders: set[str], files: dict[str, str], names_only: bool = False
                ) -> LogExposure | None:
    func = _dotted(node.func)
    args = [*node.args, *(k.value for k in node.keywords if k.arg not in ("file", "sep", "end", "extra"))]
    secret = next((s for a in args if (s := _secret(a, holders, names_only))), None)
    if secret is None:
        return None
    line, column = node.lineno, node.col_offset + 1
    if func in _PRINTS:
        file_kw = next((k.value for k in node.keywords if k.arg == "file"), None)
        if isinstance(file_kw, ast.Name) and file_kw.id in files:
            return LogExposure(Exposure.FILE_WRITE, secret, line, column, target=files[file_kw.id])
        return LogExposure(Exposure.PRINT, secret, line, column, target=func)
    head, _, method = func.rpartition(".")
    if (method in _LOG_METHODS and (head in _LOGGERS or head.lower().endswith(("logger", "logging", "log")))) \
            or (_LOGGING_NAME.fullmatch(method) and head != "math" and not head.endswith((".math", "numpy", "np"))):
        return LogExposure(Exposure.LOGGING, secret, line, column, target=func)
    if method in _FILE_WRITES and isinstance(node.func, ast.Attribute):
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id in files:
            return LogExposure(Exposure.FILE_WRITE, secret, line, column, target=files[owner.id])
        if isinstance(owner, ast.Call) and (path := _opened_for_writing(owner)) is not None:
            return LogExposure(Exposure.FILE_WRITE, secret, line, column, target=path)
        if method == "write_text":
            return LogExposure(Exposure.FILE_WRITE, secret, line, column, target=_shown_path(owner))
    return None


#: A function of this module that prints or logs one of its parameters: name -> (parameter
#: names in order, the ones that reach the output, how they get out).
_Sinks = dict[str, tuple[list[str], set[str], LogExposure]]


def _sinks(index: ModuleIndex, files: dict[str, str], holders: set[str]) -> _Sinks:
    """Helpers such as `def debug(message): print(f"{now()} - {message}")` or
    `def fail(msg): sys.stderr.write(msg)`: calling one with a secret prints the secret, and the
    call is where the program decides to. Found in one pass that notes each node's enclosing
    function (the index's walk), then a few rounds for helpers that call such helpers. A parameter
    that holds a secret by itself (its name, or a name assigned one) is reported inside the helper,
    not at its callers."""
    params: dict[str, list[str]] = {}
    for node in index.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            every = [*a.posonlyargs, *a.args, *a.kwonlyargs]
            params[node.name] = [p.arg for p in every if p.arg not in ("self", "cls")]
    calls = [(n, f) for n in index.of_type(ast.Call)
             if isinstance(n, ast.Call) and (f := index.enclosing(n)) is not None]
    owns = {name: {p for p in names if p not in holders and not is_secret_name(p)} for name, names in params.items()}
    sinks: _Sinks = {}
    for _ in range(_SINK_ROUNDS):
        before = sum(len(v[1]) for v in sinks.values())
        for call, function in calls:
            own = owns.get(function.name, set())
            if not own:
                continue
            fact = _judge_call(call, own, files, names_only=True) or _sink_call(call, own, sinks, names_only=True)
            if fact is not None and fact.credential in own:
                entry = sinks.setdefault(function.name, (params[function.name], set(), fact))
                entry[1].add(fact.credential)
        if sum(len(v[1]) for v in sinks.values()) == before:
            break
    return sinks


def _sink_call(node: ast.Call, holders: set[str], sinks: _Sinks, names_only: bool = False) -> LogExposure | None:
    """A call of a helper that prints or logs its argument (`_sinks`), with a secret in that argument."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls") else "")
    if name not in sinks:
        return None
    names, reaching, how = sinks[name]
    given = [(names[i] if i < len(names) else "", a) for i, a in enumerate(node.args)]
    given += [(k.arg or "", k.value) for k in node.keywords]
    secret = next((s for p, a in given if p in reaching and (s := _secret(a, holders, names_only))), None)
    if secret is None:
        return None
    return LogExposure(how.how, secret, node.lineno, node.col_offset + 1, target=f"{name}() ({how.target})")


def _prompt(node: ast.Assign | ast.AnnAssign) -> LogExposure | None:
    """`password = input("Password: ")`: the terminal echoes what is typed."""
    call = node.value
    if not isinstance(call, ast.Call) or _dotted(call.func) not in ("input", "raw_input"):
        return None
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [n for t in targets for n in ([t.id] if isinstance(t, ast.Name) else
                                           [t.attr] if isinstance(t, ast.Attribute) else [])]
    prompt = call.args[0].value if call.args and isinstance(call.args[0], ast.Constant) else ""
    secret = next((n for n in names if is_secret_name(n)), None)
    if secret is None and isinstance(prompt, str) and any(w in prompt.lower() for w in _PROMPT_WORDS) \
            and not any(w in prompt.lower() for w in ("user", "login", "email", "name")):
        secret = names[0] if names else "input()"
    if secret is None:
        return None
    return LogExposure(Exposure.INPUT, secret, call.lineno, call.col_offset + 1, target="input()")
