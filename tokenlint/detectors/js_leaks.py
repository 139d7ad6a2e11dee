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
MAX_ARGS = 1000  # characters of a call's arguments read


def detect_reading(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    doc = reading.doc
    out: list[LogExposure] = []
    for m in _CONSOLE.finditer(doc.text):
        line_start = doc.text.rfind("\n", 0, m.start()) + 1
        if doc.text[line_start:m.start()].lstrip().startswith(("//", "*", "/*")):
            continue
        secret = _secret_in(_arguments(doc.text, m.end()))
        if secret:
            line, column = doc.line_col(m.start())
            out.append(LogExposure(Exposure.PRINT, secret, line, column, target=f"console.{m.group(1)}"))
    return out, []


def _arguments(text: str, start: int) -> str:
    """The text up to the parenthesis that closes the call (bounded)."""
    depth, i, end = 1, start, min(len(text), start + MAX_ARGS)
    while i < end and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return text[start:i - 1 if depth == 0 else i]


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
