"""A removed API 1.0 URL → its 2.0 equivalent, where one answers the same request the same way.

The moves are data (tokenlint/data/api-1.0-moves.yml): most 1.0 resources have a 2.0 counterpart
whose answer differs (paging, field names), and changing only the URL of such a call would turn a
loud 410 into a quiet misreading of the response; those rows, and every path no row names, are
left with the finding and the row's reason. The edit is textual and the same in every kind of
file (a shell word, a YAML scalar, a Python or JavaScript string): `1.0` becomes `2.0` and the
literal segments the row names change; segments written as variables are copied as they are.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from tokenlint.facts import Api, ApiCall
from tokenlint.fixes.model import Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.fixes.yamltext import place
from tokenlint.parsers.kinds import FileKind

# `/1.0/` and the path after it, up to what ends a URL's path in any of the languages
_PATH = re.compile(r"/1\.0/(?P<path>[^\s\"'`?#()<>|;&\\]*)")
# statements holding others: the command is one of theirs, never all of them
_BLOCKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While, ast.With,
           ast.AsyncWith, ast.Try, ast.Match)
UNKNOWN = "no one-to-one API 2.0 endpoint is known for this 1.0 path; move the call by hand"


@dataclass(frozen=True)
class Move:
    """One row of the table."""

    source: tuple[str, ...]  # the 1.0 template's segments
    target: tuple[str, ...] | None  # the 2.0 template's segments; None: left, for `reason`
    methods: frozenset[str]
    prefix: bool
    reason: str

    def match(self, segments: list[str]) -> dict[str, str] | None:
        """The captures of `segments` (a path's, after `/1.0/`) by this row's template."""
        captures: dict[str, str] = {}
        for i, part in enumerate(self.source):
            if part.startswith("{") and part.endswith("...}"):
                rest = segments[i:]
                if not rest or not all(rest):
                    return None
                captures[part] = "/".join(rest)
                return captures
            if i >= len(segments) or not segments[i]:
                return None
            if part.startswith("{"):
                captures[part] = segments[i]
            elif part != segments[i]:
                return None
        if len(segments) > len(self.source) and not self.prefix:
            return None
        return captures


@cache
def moves() -> tuple[Move, ...]:
    """The table, in its order (the first row that matches decides)."""
    text = resources.files("tokenlint.data").joinpath("api-1.0-moves.yml").read_text("utf-8")
    rows = yaml.safe_load(text)["moves"]
    return tuple(Move(tuple(row["from"].split("/")),
                      tuple(row["to"].split("/")) if row.get("to") else None,
                      frozenset(row.get("methods") or ()), bool(row.get("prefix")), row["reason"])
                 for row in rows)


def find(path: str, method: str) -> tuple[Move, dict[str, str]] | None:
    """The row a 1.0 path (after `/1.0/`, no query) falls under, and its captures."""
    segments = path.rstrip("/").split("/") if path.rstrip("/") else []
    for move in moves():
        captures = move.match(segments)
        if captures is not None and (not move.methods or move.target is None or method.upper() in move.methods):
            return move, captures
    return None


@rewrite("removed-api")
def removed_api(site: Site) -> Rewrite | Refused:
    calls = [f for f in site.facts if isinstance(f, ApiCall) and f.api == Api.V1 and f.line == site.line]
    if len(calls) != 1:
        return Refused("the fix rewrites API 1.0 URLs only; move this deprecated 2.0 call to its successor by hand"
                       if not calls else "the line makes several API 1.0 calls; which one is meant is not clear")
    call = calls[0]
    resolved = _PATH.search(call.url)
    found = find(resolved.group("path"), call.method) if resolved else None
    if found is None:
        return Refused(UNKNOWN)
    move, _ = found
    if move.target is None:
        return Refused(f"not moved to API 2.0: {move.reason}")
    start, end = site.line_span(site.line)
    end = site.line_span(_last_line(site))[1]
    written = list(_PATH.finditer(site.text, start, end))
    if len(written) != 1:
        return Refused("the 1.0 URL is not written out once in the reported command; move it by hand")
    match = written[0]
    here = find(match.group("path"), call.method)
    if here is None or here[0] is not move:
        return Refused("the 1.0 URL is assembled from pieces on the line; move it by hand")
    new = "/2.0/" + "/".join(here[1].get(part, part) for part in move.target)
    edits = place(site, match.start(), match.end(), new)
    if isinstance(edits, Refused):
        return edits
    return Rewrite(edits)


def _last_line(site: Site) -> int:
    """The last line of the command that starts on the finding's line: shell lines continued by
    a backslash; a Python statement however it is laid out."""
    if site.kind == FileKind.PYTHON:
        try:
            tree = ast.parse(site.text)
        except (SyntaxError, ValueError):
            return site.line
        ends = [n.end_lineno or n.lineno for n in ast.walk(tree)
                if isinstance(n, ast.stmt) and n.lineno == site.line and not isinstance(n, _BLOCKS)]
        return max(ends, default=site.line)
    line = site.line
    while site.line_text(line).endswith("\\") and line < len(site.text.splitlines()):
        line += 1
    return line
