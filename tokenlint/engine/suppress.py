"""Inline ignores: `tokenlint: ignore[rule,...] reason` in a comment.

An ignore is a promise someone made in the code, so it is held to the same standard as the
code: it must name the rules it silences (no wildcard, no bare `ignore`), say why, and still
be needed. Ignores that fail any of these suppress nothing and become findings of their own
(the `check:` rules below), so a stale or careless ignore cannot hide a new leak for long.

An ignore on a line of its own covers that line and the next; one trailing code covers its
own line only. Only files holding the marker literal pay for any of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tokenlint.document import Document
from tokenlint.engine import findings as factory
from tokenlint.engine.rule import Policy
from tokenlint.model import Finding, Location

MARKER = "tokenlint:"
MARKER_BYTES = MARKER.encode()

# The `check:` names of the rules this module reports, with the fields each gives its rule's
# `message:` (engine.policy rejects a message naming any other).
WITHOUT_REASON = "ignore_without_reason"
UNUSED = "unused_ignore"
INVALID = "invalid_ignore"
CHECKS: dict[str, frozenset[str]] = {
    WITHOUT_REASON: frozenset({"ids"}),
    UNUSED: frozenset({"ids", "scope"}),
    INVALID: frozenset({"problem"}),
}

# What may open the comment the marker sits in: `#`, `//`, `/*`, `<!--`, `--`, `;`, or the `*`
# that continues a block comment. Only blanks may stand between it and the marker.
_LEADER = re.compile(r"(?:#|//|/\*+|<!--|--|;|^[ \t]*\*+)[ \t]*$")
_DIRECTIVE = re.compile(r"[ \t]*ignore(?![\w-])(?:[ \t]*\[(?P<ids>[^\]\n]*)\])?(?P<reason>.*)")
_CLOSER = re.compile(r"[ \t]*(?:\*/|-->)[ \t]*$")
_REASON_EDGE = ":-\u2013\u2014,;. \t"  # en and em dashes too


@dataclass(eq=False)
class Directive:
    """One ignore comment, with what it names and which of those it ended up silencing."""

    line: int
    column: int
    ids: list[str]
    reason: str
    own_line: bool
    used: set[str] = field(default_factory=set)

    @property
    def lines(self) -> tuple[int, ...]:
        return (self.line, self.line + 1) if self.own_line else (self.line,)

    @property
    def scope(self) -> str:
        return "on this line or the next" if self.own_line else "on this line"


def parse(doc: Document) -> list[Directive]:
    """Every ignore directive in the document, valid or not; text outside comments is skipped."""
    directives = []
    text = doc.text
    at = text.find(MARKER)
    while at != -1:
        line, column = doc.line_col(at)
        source = doc.line_text(line)
        before, after = source[:column - 1], source[column - 1 + len(MARKER):]
        leader = _LEADER.search(before)
        if leader is not None and (match := _DIRECTIVE.match(after)):
            ids = (i.strip() for i in (match.group("ids") or "").split(","))
            directives.append(Directive(
                line=line, column=column, ids=list(dict.fromkeys(i for i in ids if i)),
                reason=_CLOSER.sub("", match.group("reason")).strip(_REASON_EDGE),
                own_line=not before[:leader.start()].strip(),
            ))
        at = text.find(MARKER, at + len(MARKER))
    return directives


def apply(doc: Document, findings: list[Finding], policies: list[Policy]) -> tuple[list[Finding], int]:
    """Drop the findings that valid ignores cover; add findings about the ignores themselves.

    Returns the findings to keep and how many were suppressed.
    """
    meta = {p.check: p for p in policies if p.check in CHECKS}
    meta_ids = {key for p in meta.values() for key in (p.code, p.slug)}
    rule_ids = {key for p in policies if p.when is not None for key in (p.code, p.slug)}
    joined_ids = {key for p in policies if p.check and p.check not in CHECKS for key in (p.code, p.slug)}
    problems: list[Finding] = []

    def report(check: str, d: Directive, **attrs: str) -> None:
        policy = meta.get(check)
        if policy is not None:  # the rule may be disabled in config
            problems.append(factory.make(policy, Location(doc.path, d.line, d.column), attrs))

    honoured: list[Directive] = []
    for d in parse(doc):
        if not d.ids:
            report(INVALID, d, problem="it names no rule; write ignore[rule] with the rules it silences")
            continue
        valid = []
        for rule_id in d.ids:
            if "*" in rule_id:
                report(INVALID, d, problem=f"wildcard {rule_id!r}; name each rule it silences")
            elif rule_id in meta_ids:
                report(INVALID, d, problem=f"{rule_id!r} judges ignores themselves and cannot be ignored "
                                           "inline; disable it in config or use a baseline")
            elif rule_id in joined_ids:
                report(INVALID, d, problem=f"{rule_id!r} judges several files together, which a comment in one "
                                           "file cannot silence; use a baseline")
            elif rule_id not in rule_ids:
                report(INVALID, d, problem=f"{rule_id!r} names no enabled rule (see `tokenlint rules`)")
            else:
                valid.append(rule_id)
        if not valid:
            continue
        d.ids = valid
        if any(ch.isalnum() for ch in d.reason):
            honoured.append(d)
        else:
            report(WITHOUT_REASON, d, ids=", ".join(valid))

    by_line: dict[int, list[Directive]] = {}
    for d in honoured:
        for line in d.lines:
            by_line.setdefault(line, []).append(d)
    kept = []
    for f in findings:
        names = (f.rule, f.code)
        hit = next((d for d in by_line.get(f.location.line, ()) if any(i in names for i in d.ids)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used.update(i for i in hit.ids if i in names)
    for d in honoured:
        unused = [i for i in d.ids if i not in d.used]
        if unused:
            report(UNUSED, d, ids=", ".join(unused), scope=d.scope)
    return kept + problems, len(findings) - len(kept)
