"""`tokenlint suggest`: per credential, the least-privilege recipe a Bitbucket admin can apply as
it is, each scope backed by the calls that need it. Text for people, JSON for tools
(schemas/suggest.schema.json). Like every reporter, it prints and decides nothing: the analysis
is tokenlint.recommend's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from tokenlint import escape
from tokenlint.inference import TYPE_LABELS, Current
from tokenlint.recipes import Recommendation
from tokenlint.recommend import CredentialUsage, PipeAdvice
from tokenlint.reporters import Writer
from tokenlint.reporters.json import JsonObject, dumps
from tokenlint.uses import Use


@dataclass
class Suggestion:
    """What `suggest` prints: the credentials of one scan, analysed."""

    credentials: list[CredentialUsage]


def _current(c: Current) -> JsonObject:
    return {
        "type": c.type, "declared": c.declared, "inferred": not c.declared, "confidence": str(c.confidence),
        "evidence": list(c.evidence), "decided_by": c.decided_by or None, "resource": c.resource,
        "scopes": list(c.scopes) if c.scopes is not None else None, "expires": c.expires,
    }


def _recommended(rec: Recommendation | None) -> JsonObject | None:
    if rec is None:
        return None
    return {"type": rec.type, "resource": rec.resource, "scopes": list(rec.scopes),
            "granular_scopes": list(rec.granular_scopes), "reason": rec.reason}


def _call(u: Use, rec: Recommendation | None) -> JsonObject:
    needs = rec.needs.get(u) if rec is not None else None
    out: JsonObject = {"path": u.path, "line": u.line, "method": u.method, "endpoint": u.endpoint,
           "needs": list(needs) if needs is not None else [], "known": u.known, "target": u.target or None}
    if u.note:
        out["note"] = u.note
    if u.pipe:
        out["pipe"] = u.pipe_name
        out["confidence"] = str(u.sure)
    return out


def _pipe(p: PipeAdvice) -> JsonObject:
    return {"path": p.path, "line": p.line, "pipe": p.pipe, "given": p.given, "variable": p.variable,
            "replaces": list(p.replaces), "scopes": list(p.scopes), "granular_scopes": list(p.granular_scopes),
            "confidence": str(p.confidence), "move_to": p.move_to}


def credential_dict(c: CredentialUsage) -> JsonObject:
    return {
        "name": c.name,
        "variable": c.variable,
        "fingerprint": c.fingerprint,
        "where": [{"path": path, "line": line} for path, line in c.where],
        "current": _current(c.current),
        "recommended": _recommended(c.recommendation),
        "calls": [_call(u, c.recommendation) for u in c.uses],
        "notes": list(c.notes),
        "pipes": [_pipe(p) for p in c.pipes],
    }


def document(suggestion: Suggestion) -> JsonObject:
    return {"credentials": [credential_dict(c) for c in suggestion.credentials]}


def report_json(suggestion: Suggestion, out: Writer, color: bool = False) -> None:
    out.write(dumps(document(suggestion)))


def _by_scope(rec: Recommendation) -> dict[str, list[tuple[Use, str]]]:
    """Recipe scope -> the calls it is there for, each with what the call itself needs."""
    groups: dict[str, list[tuple[Use, str]]] = {scope: [] for scope in rec.recipe}
    for use, needs in rec.needs.items():
        if not needs:
            groups.setdefault("(no scope)", []).append((use, ""))
        for need in needs:
            groups.setdefault(rec.granted_by(need), []).append((use, need))
    return {scope: sorted(calls, key=lambda c: (c[0].path, c[0].line)) for scope, calls in groups.items()}


def _describe_current(c: Current) -> str:
    label = TYPE_LABELS.get(c.type or "", "unknown type")
    if c.declared:
        parts = [f"{label} (declared)"]
        if c.resource:
            parts.append(f"on {c.resource}")
        if c.scopes is not None:
            parts.append(f"with {', '.join(c.scopes) or 'no scope'}")
        if c.expires:
            parts.append(f"expires {c.expires}")
        return " ".join(parts)
    if c.type is None:
        return "unknown (nothing in its use tells; declare it under `tokens:`)"
    decided = f"; decided by: {c.decided_by}" if c.decided_by else ""
    return f"{label} (inferred, {c.confidence} confidence{decided}; evidence: {'; '.join(c.evidence)})"


def report_text(suggestion: Suggestion, out: Writer, color: bool = False) -> None:
    def style(text: str, **kw: Any) -> str:  # click.style's keywords, passed through
        return click.style(text, **kw) if color else text

    for c in suggestion.credentials:
        T = escape.text  # names, paths and notes come from the scanned files
        title = T(c.name) + (f"  ({c.fingerprint})" if c.fingerprint else "")
        out.write(style(title, bold=True) + "\n")
        out.write(f"  current:     {T(_describe_current(c.current))}\n")
        rec = c.recommendation
        if rec is None:
            out.write("  recommended: nothing to derive (no call with known needs)\n")
        else:
            where = f" on {T(rec.resource)}" if rec.resource else ""
            recommended = style(f"{TYPE_LABELS[rec.type]}{where}", bold=True)
            out.write(f"  recommended: {recommended}  ({T(rec.reason)})\n")
            out.write("  scopes:      " + style(", ".join(rec.recipe) or "(none)", bold=True) + "\n")
            if not rec.granular:
                out.write(f"  granular:    {', '.join(rec.granular_scopes) or '(none)'}  (for an API token instead)\n")
            out.write("  calls behind each scope:\n")
            for scope, calls in _by_scope(rec).items():
                out.write(f"    {scope}\n")
                for use, need in calls:
                    because = f"  (needs {need})" if need and need != scope else ""
                    out.write(f"      {T(use.where)}  {T(use.describe)}{because}\n")
        for note in c.notes:
            out.write(style(f"  note: {T(note)}", dim=True) + "\n")
        out.write("\n")
    n = len(suggestion.credentials)
    out.write(style(f"{n} credential{'' if n == 1 else 's'}", bold=True) + "\n")


def get(name: str) -> Callable[[Suggestion, Writer, bool], None]:
    return report_json if name == "json" else report_text
