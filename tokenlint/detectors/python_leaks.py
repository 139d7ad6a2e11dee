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
from tokenlint.parsers.python import parse_lenient

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

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
MAX_NODES = 500_000  # a module larger than this is not followed (bounded time)


def detect_reading(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    doc = reading.doc
    if not relevance.mentions(doc):
        return [], []
    try:
        tree = parse_lenient(doc.text)[0]  # Python 2 and stray errors read as the call detector reads them
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [], []  # the call detector already notes a file that does not parse
    try:
        nodes = list(ast.walk(tree))
    except RecursionError:
        return [], []
    if len(nodes) > MAX_NODES:
        return [], []
    out: list[LogExposure] = []
    try:
        holders = _holders(nodes)
        files = _open_files(nodes)
        for node in nodes:
            if isinstance(node, ast.Call):
                fact = _judge_call(node, holders, files)
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


def _secret(node: ast.expr, holders: set[str]) -> str | None:
    """How to show the secret `node` evaluates to, or None when it holds none."""
    if isinstance(node, ast.Name):
        return node.id if node.id in holders or is_secret_name(node.id) else None
    if isinstance(node, ast.Attribute):
        return _dotted(node) or node.attr if is_secret_name(node.attr) else None
    key = _env_key(node)
    if key is not None:
        return key if is_secret_name(key) else None
    if isinstance(node, ast.JoinedStr):
        return next((s for v in node.values if isinstance(v, ast.FormattedValue)
                     and (s := _secret(v.value, holders))), None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        right = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return next((s for part in (node.left, *right) if (s := _secret(part, holders))), None)
    if isinstance(node, ast.Call):
        func = _dotted(node.func)
        if func in ("str", "repr") or func.endswith(".format"):
            return next((s for a in [*node.args, *(k.value for k in node.keywords)] if (s := _secret(a, holders))),
                        None)
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


def _judge_call(node: ast.Call, holders: set[str], files: dict[str, str]) -> LogExposure | None:
    func = _dotted(node.func)
    args = [*node.args, *(k.value for k in node.keywords if k.arg not in ("file", "sep", "end", "extra"))]
    secret = next((s for a in args if (s := _secret(a, holders))), None)
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
