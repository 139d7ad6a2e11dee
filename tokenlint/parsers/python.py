"""The Python front end's parser and string semantics: the stdlib `ast` (so strings, comments
and nesting are never guessed), commented-out code parsed on its own, dotted names, and what
`str.format` and `%` make of a resolved string. Nothing here knows an HTTP library.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from string import Formatter
from typing import TypeAlias

from tokenlint.document import Document
from tokenlint.parsers.values import UNNAMED, Encoded, Value, capped

_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
_REF = re.compile(r"\$\{(\w+)\}")
# Python 2 statements that Python 3 reads as errors, rewritten line by line (line numbers kept).
_PRINT = re.compile(r"^([ \t]*)print\b(?![ \t]*[(=.,)\[]|[ \t]*$)[ \t]*(?:>>[^,]*,)?(.*?)[ \t,]*(#.*)?$")
_EXEC = re.compile(r"^([ \t]*)exec[ \t]+(?![ \t(=])(.*?)[ \t]*(#.*)?$")
_EXCEPT_COMMA = re.compile(r"^([ \t]*except[ \t]+[\w.()]+(?:[ \t]*\([^)]*\))?)[ \t]*,[ \t]*(\w+)[ \t]*:")
#: A line that is a template directive or comment and nothing else (`{% if x %}`, `{#- note -#}`): a
#: Jinja, Django or cookiecutter template of a Python file reads as Python without them.
_DIRECTIVE = re.compile(r"^[ \t]*(\{%.*?%\}|\{#.*?#\})[ \t]*$", re.MULTILINE)
#: A template expression inside a string (`"{{ cookiecutter.app_password }}"`, `"{{ user | default('x') }}"`):
#: a value the template fills in, so a reference named after its last segment, not a literal.
_PLACEHOLDER = re.compile(r"\{\{-?\s*(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*(?:\|[^{}]*)?-?\}\}")
MAX_REPAIRS = 40  # lines left out before a file is given up on: each costs a parse of the whole file

#: A module's tree, the lines repaired to get it, and the error the source as written gives.
PythonTree: TypeAlias = tuple[ast.Module, int, SyntaxError | None]


def parse_lenient(text: str) -> PythonTree:
    """The module tree, how many lines had to be rewritten or left out to get it, and the error
    the source as written gives (None when it parses).

    Old scripts (Python 2 `print x`, `except E, e:`, `exec code`), templates rendered into Python
    (`{% if … %}` lines) and files with a stray error still hold calls worth reading: such lines
    are rewritten in Python 3 form (a template directive line left empty), and a line that
    still does not parse is replaced by `pass` (a block header by `if 1:`), keeping every line
    number. Raises the first SyntaxError when no repair helps within MAX_REPAIRS lines.
    """
    try:
        return ast.parse(text), 0, None
    except SyntaxError as first:
        error = first
    lines = text.split("\n")
    changed: set[int] = set()
    for n, line in enumerate(lines):
        fixed = "" if _DIRECTIVE.fullmatch(line) else _python2(line)
        if fixed != line:
            lines[n] = fixed
            changed.add(n)
    left_out: set[int] = set()
    # every repair parses the whole file again: a large file gets fewer (linear work, a bounded factor)
    for _ in range(max(2, min(MAX_REPAIRS, 4_000_000 // max(1, len(text))))):
        try:
            return ast.parse("\n".join(lines)), len(changed | left_out), error
        except SyntaxError as e:
            n = (e.lineno or 0) - 1
            if not 0 <= n < len(lines) or n in left_out:
                raise error from None
            indent = re.match(r"[ \t]*", lines[n])
            lead = indent.group(0) if indent else ""
            lines[n] = lead + ("if 1:" if lines[n].rstrip().endswith(":") else "pass")
            left_out.add(n)
    raise error


def placeholders(text: str) -> str:
    """A string literal with its template expressions as references: `"{{ bb.app_password }}"` is
    `${app_password}` (what the template fills in is unknown here, and named)."""
    return _PLACEHOLDER.sub(r"${\1}", text) if "{{" in text else text


def blank_directives(text: str) -> str:
    """Template directive lines as spaces, every position kept (for a parser that needs them gone)."""
    return _DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _python2(line: str) -> str:
    """One line with its Python 2 statement forms in Python 3 form (the same line when it has none)."""
    if m := _PRINT.match(line):
        return f"{m.group(1)}print({m.group(2)})" + (f"  {m.group(3)}" if m.group(3) else "")
    if m := _EXEC.match(line):
        return f"{m.group(1)}exec({m.group(2)})"
    if m := _EXCEPT_COMMA.match(line):
        return f"{m.group(1)} as {m.group(2)}:" + line[m.end():]
    return line


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
    used: list[Value] = []
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
            if value is not None and head == fld:
                used.append(value)
    except ValueError:
        return None
    return _keep_encoded(Value(_restore("".join(out), refs)), [base, *used])


def _keep_encoded(result: Value, parts: list[Value]) -> Value:
    """`result` built from `parts`; when one part is base64 the code encodes, it stays readable
    (`"Basic %s" % b64` still says who the user and the secret are), as `concat` keeps it."""
    encoded = [p for p in parts if isinstance(p, Encoded)]
    value = Encoded(result.text, encoded[0].plain) if len(encoded) == 1 else result
    return capped(value)


def percent(base: Value, right: object, fallback: str) -> Value | None:
    values = list(right) if isinstance(right, tuple) else [right]
    position = 0
    used: list[Value] = []

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
        if isinstance(value, Value):
            used.append(value)
            return value.text
        return f"${{{fallback}}}"

    try:
        return _keep_encoded(Value(_PERCENT.sub(sub, base.text)), [base, *used])
    except ValueError:
        return None
