"""Shell commands inside YAML (a `script:` item, a `run:` value): an edit that keeps the YAML
scalar holding the command meaning the same thing.

A rewrite computes the new shell text; YAML then needs it spelled for the scalar's style: in a
block scalar (`run: |`) as is; in a single-quoted one with `'` doubled; in a double-quoted one
with `\\` and `"` escaped; and a plain scalar (`- curl -u "$U:$P" …`) cannot hold `: ` or ` #`,
so a command that gains them (`-H "Authorization: Bearer $T"`) gets its whole scalar single-quoted,
as people write such lines by hand. Anything less clear (a plain scalar continued on the next
line, flow collections) is refused rather than guessed.
"""

from __future__ import annotations

import re

from tokenlint.fixes.model import Edit, Refused, Site
from tokenlint.parsers.kinds import FileKind

YAML_KINDS = frozenset((FileKind.PIPELINE, FileKind.WORKFLOW))

# where a scalar starts on its line: after the indentation, `- ` items and one `key: `
_START = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)*(?:[^\s#'\"\[\]{},][^#\n]*?:[ \t]+)?(?:-[ \t]+)*)")
_BLOCK = re.compile(r":[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$|^[ \t]*-[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")
_UNSAFE_PLAIN = re.compile(r": |:$| #|^[-?:,\[\]{}#&*!|>'\"%@`]")


def place(site: Site, start: int, end: int, new: str) -> list[Edit] | Refused:
    """The edits that put the shell text `new` in place of `site.text[start:end]`, which lie on
    one line; for files that are no YAML, that one edit."""
    if site.kind not in YAML_KINDS:
        return [Edit(start, end, new)]
    line_start = site.text.rfind("\n", 0, start) + 1
    line_end = site.text.find("\n", end)
    line_end = len(site.text) if line_end < 0 else line_end
    line = site.text[line_start:line_end]
    if _in_block(site.text, line_start, line):
        return [Edit(start, end, new)]
    lead = _START.match(line)
    scalar_start = line_start + (len(lead.group("lead")) if lead else 0)
    scalar_end = line_start + len(_without_comment(line))
    if not scalar_start <= start <= end <= scalar_end:
        return Refused("the command is not one YAML scalar on its line")
    first = site.text[scalar_start:scalar_start + 1]
    if first == "'":
        return [Edit(start, end, new.replace("'", "''"))]
    if first == '"':
        return [Edit(start, end, new.replace("\\", "\\\\").replace('"', '\\"'))]
    if _continued(site.text, line_end, line):
        return Refused("the command is a plain YAML scalar continued on the next line")
    scalar = site.text[scalar_start:start] + new + site.text[end:scalar_end]
    if not _UNSAFE_PLAIN.search(scalar):
        return [Edit(start, end, new)]
    # Quoted whole, as separate edits (the quotes, the change, each `'` around it doubled): two
    # rewrites of one line then make equal quote edits, which merge, and changes that do not overlap.
    edits = [Edit(scalar_start, scalar_start, "'"), Edit(start, end, new.replace("'", "''")),
             Edit(scalar_end, scalar_end, "'")]
    edits.extend(Edit(i, i + 1, "''") for i in range(scalar_start, scalar_end)
                 if site.text[i] == "'" and not start <= i < end)
    return sorted(edits)


def scalar_region(text: str, line_start: int, line_end: int) -> tuple[int, int, str] | None:
    """Where the shell text of the line lies: (start, end, quote) with quote the YAML scalar's
    quote character ("" for a plain scalar or a block scalar's line); None when the line holds
    no single scalar this module can read (a quoted scalar that does not close on it)."""
    line = text[line_start:line_end]
    if _in_block(text, line_start, line):
        indent = len(line) - len(line.lstrip(" \t"))
        return line_start + indent, line_end, ""
    lead = _START.match(line)
    scalar_start = line_start + (len(lead.group("lead")) if lead else 0)
    scalar_end = line_start + len(_without_comment(line))
    first = text[scalar_start:scalar_start + 1]
    if first in ("'", '"'):
        if scalar_end - scalar_start < 2 or text[scalar_end - 1] != first:
            return None
        return scalar_start + 1, scalar_end - 1, first
    return scalar_start, scalar_end, ""


def _in_block(text: str, line_start: int, line: str) -> bool:
    """Whether the line is inside a block scalar. Going up, each line less indented than all
    below it is either the block's header (ending with a `|` or `>` indicator: the line is in
    the block when it is indented deeper than the header's node) or a line of the same block
    (a command continued by a deeper-indented one), or YAML structure: then it is in none."""
    indent = len(line) - len(line.lstrip(" "))
    lowest = indent
    pos = line_start - 1
    while pos > 0:
        above_start = text.rfind("\n", 0, pos) + 1
        above = text[above_start:pos]
        pos = above_start - 1
        if not above.strip():
            continue
        above_indent = len(above) - len(above.lstrip(" "))
        if above_indent >= lowest:
            continue
        if _BLOCK.search(above):
            return indent > _node_column(above)
        if above_indent == 0 or not _could_be_content(above):
            return False
        lowest = above_indent
    return False


def _node_column(header: str) -> int:
    """The column of the node a block header's scalar belongs to: the key of `key: |` (after any
    `- `), or the last `- ` of `- |`."""
    column = len(header) - len(header.lstrip(" "))
    rest = header[column:]
    while rest.startswith("-") and rest[1:2] in (" ", "\t"):
        stripped = rest[1:].lstrip(" \t")
        if stripped.startswith(("|", ">")):
            return column
        column += len(rest) - len(stripped)
        rest = stripped
    return column


def _could_be_content(line: str) -> bool:
    """Whether a line could be a block scalar's text rather than YAML structure: no `- ` item and
    no `key:` start (a shell line rarely begins with a word followed by `: `)."""
    body = line.lstrip(" ")
    return not body.startswith(("- ", "#")) and body != "-" and not re.match(r"[^\s:'\"]+:(\s|$)", body)


def _without_comment(line: str) -> str:
    """The line less a trailing ` # comment` outside quotes, and trailing blanks."""
    quote = ""
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"" and (i == 0 or line[i - 1] in " \t-:"):
            quote = c
        elif c == "#" and i > 0 and line[i - 1] in " \t":
            return line[:i].rstrip()
    return line.rstrip()


def _continued(text: str, line_end: int, line: str) -> bool:
    """Whether the next non-blank line is more indented than the node holding the scalar (the
    last `key:` of the line, else its last `- `): a plain scalar going on there. In
    `- run: cmd` a sibling key (`env:`) under `run` is not more indented than `run`."""
    lead = _START.match(line)
    head = lead.group("lead") if lead else ""
    key = re.search(r"[^\s#'\"\[\]{},-][^#\n]*?:[ \t]+(?:-[ \t]+)*$", head)
    dash = head.rstrip().rfind("-") if head.strip() else -1
    indent = key.start() if key else (dash if dash >= 0 else len(line) - len(line.lstrip(" ")))
    following = text[line_end + 1:].split("\n", 2)
    for nxt in following[:2]:
        if nxt.strip():
            return len(nxt) - len(nxt.lstrip(" ")) > indent and not nxt.lstrip().startswith(("-", "#"))
    return False


def shell_text(site: Site, start: int, end: int) -> str | Refused:
    """The shell text that `site.text[start:end]` (on one line) spells: what a rewrite that keeps
    part of the old command hands back to `place`. In a quoted scalar YAML escaped it (`''`,
    `\\"`); plain and block scalars, and files that are no YAML, hold it as is."""
    raw = site.text[start:end]
    if site.kind not in YAML_KINDS:
        return raw
    line_start = site.text.rfind("\n", 0, start) + 1
    line_end = site.text.find("\n", end)
    line = site.text[line_start:len(site.text) if line_end < 0 else line_end]
    if _in_block(site.text, line_start, line):
        return raw
    lead = _START.match(line)
    first = site.text[line_start + (len(lead.group("lead")) if lead else 0):][:1]
    if first == "'":
        return raw.replace("''", "'")
    if first == '"':
        if re.search(r'\\[^"\\]', raw):
            return Refused("the command is a double-quoted YAML scalar with escapes other than \\\" and \\\\")
        return re.sub(r'\\(["\\])', r"\1", raw)
    return raw


def scalar_lead(line: str) -> int:
    """Where the scalar of a YAML line starts: after its indentation, `- ` items and one `key: `."""
    lead = _START.match(line)
    return len(lead.group("lead")) if lead else 0
