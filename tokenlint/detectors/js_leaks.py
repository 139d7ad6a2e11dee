"""JavaScript and TypeScript `console.log(token)`: a credential written to the log.

A call's arguments are read as text: string literals say nothing, a template literal says what
its `${…}` holds, and an identifier or a property named like a secret (`token`,
`process.env.BB_APP_PASSWORD`, `this.password`) is the secret itself unless only its `.length`
is read or it is called.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tokenlint.detectors.secret_names import is_secret_name
from tokenlint.facts import Exposure, LogExposure

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

_CONSOLE = re.compile(r"\bconsole\s*\.\s*(log|info|warn|error|debug|trace|dir)\s*\(")
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_TEMPLATE = re.compile(r"`(?:[^`\\]|\\.)*`", re.DOTALL)
_HOLE = re.compile(r"\$\{([^}]*)\}")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*(?!\s*[\w$(])")
_PAREN = re.compile(r"[()]")
MAX_ARGS = 1000  # characters of a call's arguments read


def detect_reading(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    doc = reading.doc
    out: list[LogExposure] = []
    line_start, commented, read_up_to = -1, False, 0
    for m in _CONSOLE.finditer(doc.text):
        newline = doc.text.rfind("\n", max(line_start, 0), m.start())  # each line searched once, not once per call
        start = newline + 1 if newline != -1 else max(line_start, 0)
        if start != line_start:
            line_start = start
            commented = doc.text[start:start + 200].lstrip().startswith(("//", "*", "/*"))
        if commented or m.start() < read_up_to:
            continue  # a call inside the arguments of one already read
        args = _arguments(doc.text, m.end())
        read_up_to = m.end() + len(args)
        secret = _secret_in(args)
        if secret:
            line, column = doc.line_col(m.start())
            out.append(LogExposure(Exposure.PRINT, secret, line, column, target=f"console.{m.group(1)}"))
    return out, []


def _arguments(text: str, start: int) -> str:
    """The text up to the parenthesis that closes the call (bounded)."""
    depth, end = 1, min(len(text), start + MAX_ARGS)
    for paren in _PAREN.finditer(text, start, end):
        depth += 1 if paren.group() == "(" else -1
        if depth == 0:
            return text[start:paren.start()]
    return text[start:end]


def _secret_in(args: str) -> str | None:
    args = _TEMPLATE.sub(lambda t: " , ".join(_HOLE.findall(t.group(0))), args)
    args = _QUOTED.sub("''", args)
    for m in _IDENT.finditer(args):
        name = re.sub(r"\s+", "", m.group(0))
        last = name.rsplit(".", 1)[-1]
        if last == "length" or not is_secret_name(last):
            continue
        if args[m.end():].lstrip().startswith(".length"):
            continue
        return name
    return None
