"""Bitbucket Code Insights: one JSON document `{"report": {...}, "annotations": [...]}` holding the
report and its annotations exactly as the Reports API takes them (`PUT …/commit/{commit}/reports/
{reportId}` and `POST …/annotations`, scripts/bitbucket-openapi.json), so that posting it
(`tokenlint report code-insights FILE --post`, or `--post-insights`) sends what was written.

Choices the API leaves to us, and why:

- `result` of the report is FAILED exactly when the run's exit code is not 0: a finding fails the
  gate (`ScanResult.fails`), or something asked for was not scanned; a pull request never shows a
  green report for a run whose build failed.
- Bitbucket has no info level: an info finding is a LOW annotation whose details say so.
- At most 1000 annotations per report: the most severe are kept (failing ones first), the report's
  details say how many were left out.
- `external_id` is `tokenlint-` + the finding's fingerprint, which does not depend on the line; a
  second finding with the same fingerprint (the same secret twice in one file) gets `-2`, `-3` in
  file order, so ids are unique within a report.
- Paths are relative to the git work tree that holds the file (Bitbucket places annotations by
  repository path); a file in no work tree is named in the summary instead.
- History findings (`tokenlint history`) carry lines of the blob that introduced them, not of the
  commit being reported: one whose secret HEAD still holds is annotated on its file without a
  line; one gone from HEAD has no path (Bitbucket lists it in the report) and names its file and
  commit in the summary.
- Summaries are cut to 450 characters (the spec sets no limit; Bitbucket Cloud rejects longer
  ones with 400), details to 2000; both after redaction, so a cut never exposes a secret.
- Every body carries `type` (`report`, `report_annotation`): the spec's schemas require it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from functools import cache

from tokenlint import escape, redact
from tokenlint.model import Finding, Severity
from tokenlint.reporters import Writer
from tokenlint.results import DOCS_URL, ScanResult

#: What Bitbucket takes at most: annotations per report, items of a report's `data`.
MAX_ANNOTATIONS = 1000
MAX_DATA = 10
SUMMARY_LIMIT = 450
DETAILS_LIMIT = 2000

JsonObject = dict[str, object]

_LEVELS = {Severity.CRITICAL: "CRITICAL", Severity.HIGH: "HIGH", Severity.MEDIUM: "MEDIUM", Severity.LOW: "LOW",
           Severity.INFO: "LOW"}


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters, ending in `…` when cut (at a space when one is near)."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space > limit * 3 // 4:
        head = head[:space]
    return head.rstrip() + "…"


def _clean(text: str) -> str:
    """Redacted, valid UTF-8: what a field may hold before it is cut to Bitbucket's limit."""
    return str(escape.json_safe(redact.text(text)))


@cache
def _work_tree_top(folder: str) -> str | None:
    """The nearest folder at or above `folder` holding `.git` (a folder, or a file in a linked work
    tree or submodule), or None; found on the file system, no git run."""
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def repository_path(shown: str) -> str | None:
    """A path as reports show it (relative to the current folder, or absolute) as Bitbucket needs
    it: relative to the top of the work tree holding the file; None when it is in none."""
    if shown in ("", "-"):
        return None
    absolute = os.path.normpath(os.path.join(os.getcwd(), shown))
    top = _work_tree_top(os.path.dirname(absolute))
    if top is None:
        return None
    return os.path.relpath(absolute, top).replace(os.sep, "/")


def _history(f: Finding) -> bool:
    return bool(f.origin and "commit" in f.origin)


def _place(f: Finding, where: Callable[[str], str | None]) -> tuple[str | None, int | None, str]:
    """(path, line, a prefix for the summary) of an annotation."""
    if _history(f):
        assert f.origin is not None
        commit = str(f.origin["commit"])[:12]
        if f.origin.get("in_head"):
            return f.location.path, None, f"introduced in {commit}: "
        return None, None, f"history only ({f.location.path}:{f.location.line}, commit {commit}): "
    path = where(f.location.path)
    if path is None:
        return None, None, f"{f.location.path}:{f.location.line}: "
    return path, f.location.line if f.location.line >= 1 else None, ""


def _details(result: ScanResult, f: Finding) -> str:
    parts = [f.message]
    if f.remediation:
        parts.append(f"Fix: {f.remediation}")
    facts = [f"rule {f.code} {f.rule}", f"severity {f.severity}", f"confidence {f.confidence}"]
    if f.severity is Severity.INFO:
        facts.append("shown as LOW: Bitbucket has no info level")
    if f.secret is not None:
        facts.append(f"secret {f.secret.kind} {f.secret.redacted} {f.secret.fingerprint}")
    if not f.gates:
        facts.append("not live code: never fails the gate")
    elif not result.fails(f):
        facts.append(f"below --fail-on {result.fail_on}: does not fail the gate")
    if _history(f):
        assert f.origin is not None
        facts.append(f"introduced in commit {f.origin['commit']} by {f.origin.get('author', '?')} "
                     f"on {f.origin.get('date', '?')}")
    parts.append("; ".join(facts) + ".")
    return "\n\n".join(parts)


def annotation(result: ScanResult, f: Finding, external_id: str,
               where: Callable[[str], str | None] = repository_path) -> JsonObject:
    """One finding as a `report_annotation`."""
    path, line, prefix = _place(f, where)
    out: JsonObject = {
        "type": "report_annotation",
        "external_id": external_id,
        "annotation_type": "VULNERABILITY",
        "summary": cut(_clean(f"{prefix}{f.code} {f.rule}: {f.message}"), SUMMARY_LIMIT),
        "details": cut(_clean(_details(result, f)), DETAILS_LIMIT),
        "severity": _LEVELS[f.severity],
        "result": "FAILED" if result.fails(f) else "PASSED",
    }
    if path is not None:
        out["path"] = _clean(path)
    if line is not None:
        out["line"] = line
    info = result.rule(f.code)
    if info is not None and info.help_uri and info.help_uri.startswith("https://"):
        out["link"] = info.help_uri
    return out


def chosen(result: ScanResult) -> list[Finding]:
    """The findings that become annotations: all when they fit, else the most severe (failing
    first, then severity, confidence, file order), shown in file order."""
    findings = sorted(result.findings, key=Finding.sort_key)
    if len(findings) <= MAX_ANNOTATIONS:
        return findings
    ranked = sorted(findings, key=lambda f: (not result.fails(f), -f.severity, -f.confidence))  # stable: file order
    kept = {id(f) for f in ranked[:MAX_ANNOTATIONS]}
    return [f for f in findings if id(f) in kept]


def external_ids(findings: list[Finding]) -> list[str]:
    """Stable, unique ids: the fingerprint, with `-2`, `-3` … on its repeats."""
    seen: Counter[str] = Counter()
    ids = []
    for f in findings:
        seen[f.fingerprint] += 1
        n = seen[f.fingerprint]
        ids.append(f"tokenlint-{f.fingerprint}" + (f"-{n}" if n > 1 else ""))
    return ids


def report_body(result: ScanResult, left_out: int) -> JsonObject:
    """The `report`: a verdict, one sentence of counts, at most ten data items."""
    by = Counter(f.severity for f in result.findings)
    failing = sum(1 for f in result.findings if result.fails(f))
    counts = ", ".join(f"{by[s]} {s}" for s in reversed(Severity) if by[s])
    sentence = (f"{len(result.findings)} finding(s)" + (f" ({counts})" if counts else "")
                + f" in {result.files_scanned} file(s); {failing} fail the gate (--fail-on {result.fail_on}).")
    if result.errors:
        sentence += f" {len(result.errors)} path(s) could not be scanned: the scan is incomplete."
    if left_out:
        sentence += (f" {left_out} finding(s) not annotated (Bitbucket takes at most {MAX_ANNOTATIONS} per report; "
                     "the most severe are shown): see the full report of the run.")
    data: list[JsonObject] = [
        {"title": "Safe to merge?", "type": "BOOLEAN", "value": result.exit_code() == 0},
        {"title": "Failing the gate", "type": "NUMBER", "value": failing},
        *({"title": str(s).capitalize(), "type": "NUMBER", "value": by[s]} for s in reversed(Severity)),
        {"title": "Files scanned", "type": "NUMBER", "value": result.files_scanned},
        {"title": "Not scanned", "type": "NUMBER", "value": len(result.errors)},
    ]
    return {
        "type": "report",
        "title": "tokenlint",
        "details": cut(_clean(sentence), DETAILS_LIMIT),
        "report_type": "SECURITY",
        "reporter": "tokenlint",
        "result": "FAILED" if result.exit_code() else "PASSED",
        "link": DOCS_URL,
        "data": data[:MAX_DATA],
    }


def payload(result: ScanResult) -> JsonObject:
    """The whole document, every string redacted and valid UTF-8: what `report` writes and what
    posting this run's report sends."""
    findings = chosen(result)
    annotations = [annotation(result, f, i) for f, i in zip(findings, external_ids(findings), strict=True)]
    data: JsonObject = {"report": report_body(result, len(result.findings) - len(findings)),
                        "annotations": annotations}
    return dict(escape.json_safe(redact.shapes().deep(data)))


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    out.write(redact.Redacted(json.dumps(payload(result), indent=2, ensure_ascii=False) + "\n"))
