"""The Python front end's parser and string semantics: the stdlib `ast` (so strings, comments
and nesting are never guessed), commented-out code parsed on its own, dotted names, and what
`str.format` and `%` make of a resolved string. Nothing here knows an HTTP library.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from string import Formatter

from tokenlint.document import Document
from tokenlint.parsers.values import UNNAMED, Value, capped

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
_REF = re.compile(r"\$\{(\w+)\}")

def parse_comment(doc: Document, start: int, line: int,
                  comment: Callable[[int], bool]) -> tuple[ast.Module, int, list[int]] | None:
    """The first run of comment lines from `start` through at least `line` that parses as Python:
    its tree, its last line, and how many characters each line lost to its `#` marker."""
    texts: list[str] = []
    shifts: list[int] = []
    for n in range(start, line + 8):
        if not comment(n):
            return None
        raw = doc.line_text(n)
        body = re.sub(r"^[ \t]*#+[ \t]*", "", raw)
        texts.append(body)
        shifts.append(len(raw) - len(body))
        if n < line:
            continue
        try:
            return ast.parse("\n".join(texts)), n, shifts
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return None


def dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _protect(text: str) -> tuple[str, list[str]]:
    """Hide `${NAME}` references from format parsing, which would read `{NAME}` as a field."""
    refs: list[str] = []

    def hide(m: re.Match[str]) -> str:
        refs.append(m.group(0))
        return f"\x00{len(refs) - 1}\x01"

    return _REF.sub(hide, text), refs


def _restore(text: str, refs: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x01", lambda m: refs[int(m.group(1))], text)


def format_(base: Value, args: list[Value], kwargs: dict[str, Value]) -> Value | None:
    text, refs = _protect(base.text)
    out, auto = [], 0
    try:
        for literal, fld, _spec, _conv in Formatter().parse(text):
            out.append(literal)
            if fld is None:
                continue
            if fld == "":
                fld, auto = str(auto), auto + 1
            word = re.match(r"\w*", fld)  # matches every string, maybe empty
            head = word.group(0) if word else ""
            value = args[int(head)] if head.isdigit() and int(head) < len(args) else kwargs.get(head)
            out.append(value.text if value is not None and head == fld else (f"${{{head}}}" if head else UNNAMED))
    except ValueError:
        return None
    return capped(Value(_restore("".join(out), refs)))


def percent(base: Value, right: object, fallback: str) -> Value | None:
    values = list(right) if isinstance(right, tuple) else [right]
    position = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal position
        if m.group("conv") == "%":
            return "%"
        if m.group("key") is not None:
            value = right.get(m.group("key")) if isinstance(right, dict) else None
            return value.text if isinstance(value, Value) else f"${{{m.group('key')}}}"
        if position >= len(values):
            raise ValueError("not enough arguments")
        value, position = values[position], position + 1
        return value.text if isinstance(value, Value) else f"${{{fallback}}}"

    try:
        return capped(Value(_PERCENT.sub(sub, base.text)))
    except ValueError:
        return None
