"""The versioned JSON report (schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TypedDict

from tokenlint import __version__, escape, redact
from tokenlint.facts import ApiCall, Usage
from tokenlint.model import Finding, Severity
from tokenlint.reporters import Writer
from tokenlint.results import ScanResult

#: A JSON object as the reports build it (values: str, int, bool, None, lists and objects).
JsonObject = dict[str, object]


class Summary(TypedDict):
    """The counts closing every report (text and JSON)."""

    files_scanned: int
    bytes_scanned: int
    findings: int
    by_severity: dict[str, int]
    skipped: dict[str, int]
    errors: int
    suppressed: dict[str, int]


def finding_dict(f: Finding) -> JsonObject:
    out: JsonObject = {
        "rule": f.rule,
        "code": f.code,
        "severity": str(f.severity),
        "confidence": str(f.confidence),
        "path": f.location.path,
        "line": f.location.line,
        "column": f.location.column,
        "message": f.message,
        "remediation": f.remediation,
        "fingerprint": f.fingerprint,
    }
    if f.secret is not None:
        out["secret"] = {"kind": f.secret.kind, "redacted": f.secret.redacted, "fingerprint": f.secret.fingerprint}
    if f.verification is not None:
        out["verify"] = {"state": f.verification.state, "credential_type": f.verification.credential_type,
                         "scopes": list(f.verification.scopes)}
    if f.related:
        out["related"] = [{"path": r.location.path, "line": r.location.line, "column": r.location.column,
                           "message": r.message} for r in f.related]
    if f.origin:
        out["origin"] = f.origin
    if not f.gates:
        out["gates"] = False
    return out


def usage_dict(path: str, fact: Usage) -> JsonObject:
    """One entry of the usage inventory: where, what, how it authenticates, what it touches."""
    entry: JsonObject = {"path": path, "line": fact.line, "column": fact.column, "kind": fact.fact, "tool": fact.tool,
             "url": fact.url, "credential": fact.credential, "credential_kind": fact.credential_kind,
             "credential_evidence": fact.credential_evidence or None,
             "username": fact.username, "workspace": fact.workspace, "repo": fact.repo,
             "commented": fact.commented, "documentation": fact.documentation}
    if isinstance(fact, ApiCall):
        entry.update(method=fact.method, endpoint=fact.template, operation=fact.operation, auth=fact.auth,
                     host_kind=fact.host_kind)
        if fact.credential_source:
            entry["credential_source"] = fact.credential_source
    return entry


def summary(result: ScanResult) -> Summary:
    by_severity = Counter(str(f.severity) for f in result.findings)
    return {
        "files_scanned": result.files_scanned,
        "bytes_scanned": result.bytes_scanned,
        "findings": len(result.findings),
        "by_severity": {str(s): by_severity.get(str(s), 0) for s in reversed(Severity)},
        "skipped": dict(sorted(Counter(_reason_key(p.reason) for p in result.skipped).items())),
        "errors": len(result.errors),
        "suppressed": dict(sorted(result.suppressed.items())),
    }


def _reason_key(reason: str) -> str:
    return reason.split(" (")[0].split(";")[0]


def document(result: ScanResult) -> JsonObject:
    return {
        "version": 1,
        "tool": {"name": "tokenlint", "version": __version__},
        "findings": [finding_dict(f) for f in result.findings],
        "problems": [{"path": p.path, "reason": p.reason, "error": p.error} for p in result.problems],
        "notes": result.notes,
        "usage": [usage_dict(path, fact) for path, fact in result.inventory],
        "stale_baseline": [entry.to_json() for entry in result.stale_baseline or ()],
        "summary": summary(result),
    }


def dumps(data: JsonObject) -> redact.Redacted:
    """Every string redacted and free of undecodable bytes, then JSON (valid UTF-8 whatever the
    file names were): the one way our JSON documents are written."""
    return redact.Redacted(json.dumps(escape.json_safe(redact.shapes().deep(data)), indent=2, ensure_ascii=False)
                           + "\n")


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    out.write(dumps(document(result)))  # one write, not thousands
