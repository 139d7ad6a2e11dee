"""SARIF 2.1.0 (`--format sarif`): what GitHub code scanning, Azure DevOps and most security
dashboards read.

One run, one tool. The driver lists every rule the scan ran (not only those that fired), so a
viewer can show a rule's help for a result and a dashboard knows what was checked. Choices a
reader of the file may want to know:

- **Levels.** A result is `error` when it fails the gate (`ScanResult.fails`: the same answer
  as the exit code), otherwise `warning`, or `note` for an info-level finding. A rule's
  `defaultConfiguration.level` follows its severity: critical and high `error`, medium and low
  `warning`, info `note`.
- **security-severity** (a string, as GitHub reads it; it also needs the `security` tag):
  critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0 — inside GitHub's bands (critical over
  9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9). `precision` is the rule's confidence.
- **Fingerprints.** `partialFingerprints["tokenlint/v1"]` is `Finding.fingerprint` (rule, path
  and the secret or message, no line), so an alert survives edits above it; a secret also
  carries `secretHash/v1`, the hash of the secret itself (never the secret).
- **Locations** are relative URIs against `%SRCROOT%` (the folder tokenlint ran in),
  percent-encoded from the file name's bytes, so spaces, non-ASCII and undecodable names stay
  valid URIs; an absolute path becomes a `file://` URI.
- **Rule help** holds the docs' what, why and fix and the fixed example (`after`), not the
  `before` example: that one is written to fire the rule, so a SARIF file kept in a repository
  would itself be flagged by every scan; the rule page (`helpUri`) shows both.
- **No snippets.** The report never reads a source line: a secret appears only in its redacted
  form (`properties.secret`) and every string went through the redaction step.
- **History.** A finding from `tokenlint history` carries `properties.commit` (the commit that
  introduced it), its date, whether HEAD still holds it, and the tip it was found on. The
  author's name and e-mail address are left out: SARIF files are uploaded to and kept by other
  services, and the commit id leads to the author for whoever may read the repository.
- **Problems.** `invocations[0].executionSuccessful` is false when something asked for could
  not be scanned (exit 3); each such file is an `error` notification, skipped files are one
  `note` per reason with their count, and the scan's notes are `note` notifications.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

from tokenlint import __version__, redact
from tokenlint.model import Finding, Location, Severity
from tokenlint.reporters import Writer
from tokenlint.reporters.json import JsonObject, dumps, summary
from tokenlint.reporters.ruleset import rules_of
from tokenlint.results import DOCS_URL, RuleInfo, ScanResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = DOCS_URL.split("/src/")[0]
SRCROOT = "%SRCROOT%"

#: GitHub's `security-severity` per severity (a number as a string; see the module docstring).
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0", Severity.INFO: "1.0"}
DEFAULT_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
                 Severity.LOW: "warning", Severity.INFO: "note"}


def uri(path: str) -> JsonObject:
    """An artifactLocation for a reported path: redacted first (a file name may hold a token),
    then percent-encoded from its bytes (undecodable ones included) so that it is a valid URI
    reference whose first segment can never read as a scheme (`:` is encoded too)."""
    raw = redact.text(path).encode("utf-8", "surrogateescape")
    if raw.startswith(b"/"):
        return {"uri": "file://" + quote(raw, safe="/")}
    return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}


def physical(location: Location) -> JsonObject:
    region: JsonObject = {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)}
    if location.end_line is not None and location.end_line >= location.line:
        region["endLine"] = location.end_line
    return {"physicalLocation": {"artifactLocation": uri(location.path), "region": region}}


def text(s: str) -> JsonObject:
    return {"text": s}


def rule_descriptor(info: RuleInfo) -> JsonObject:
    docs = info.docs
    what = docs.get("what") or info.summary
    help_text = "\n\n".join(part for part in (what, docs.get("why"), docs.get("fix") and f"Fix: {docs['fix']}")
                            if part)
    markdown = [f"**{info.summary}**", what]
    if docs.get("why"):
        markdown.append(f"**Why.** {docs['why']}")
    if docs.get("fix"):
        markdown.append(f"**Fix.** {docs['fix']}")
    if docs.get("after"):  # the fixed form only: `before` is made to fire the rule (module docstring)
        fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", docs["after"]))])
        markdown.append(f"Instead:\n\n{fence}\n{docs['after'].rstrip()}\n{fence}")
    if info.help_uri:
        markdown.append(f"[Rule page, with an example of what it flags]({info.help_uri})")
    descriptor: JsonObject = {
        "id": info.code,
        "name": info.slug,
        "shortDescription": text(info.summary),
        "fullDescription": text(what),
        "help": {"text": help_text, "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": DEFAULT_LEVEL[info.severity]},
        "properties": {"security-severity": SECURITY_SEVERITY[info.severity],
                       "precision": str(info.confidence),
                       "problem.severity": DEFAULT_LEVEL[info.severity].replace("note", "recommendation"),
                       "tags": ["security", "secrets", "bitbucket", f"severity:{info.severity}",
                                f"confidence:{info.confidence}"]},
    }
    if info.help_uri:
        descriptor["helpUri"] = info.help_uri
    return descriptor



def level(result: ScanResult, f: Finding) -> str:
    if result.fails(f):
        return "error"
    return "note" if f.severity == Severity.INFO else "warning"


def result_dict(result: ScanResult, f: Finding, index: int) -> JsonObject:
    props: JsonObject = {"severity": str(f.severity), "confidence": str(f.confidence)}
    if f.remediation:
        props["remediation"] = f.remediation
    if not f.gates:
        props["gates"] = False
    fingerprints = {"tokenlint/v1": f.fingerprint}
    if f.secret is not None:
        props["secret"] = {"kind": f.secret.kind, "redacted": f.secret.redacted, "fingerprint": f.secret.fingerprint}
        fingerprints["secretHash/v1"] = f.secret.fingerprint
    origin = f.origin or {}
    if "commit" in origin:  # history: who is left out on purpose (module docstring)
        props.update({k: origin[k] for k in ("commit", "date", "snapshot") if k in origin})
        if "in_head" in origin:
            props["inHead"] = origin["in_head"]
    elif origin.get("source") == "ci-range":
        props.update(base=origin.get("base"), head=origin.get("head"))
    out: JsonObject = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": level(result, f),
        "message": text(f.message),
        "locations": [physical(f.location)],
        "partialFingerprints": fingerprints,
        "properties": props,
    }
    if f.related:
        out["relatedLocations"] = [{"id": i, **physical(r.location), "message": text(r.message)}
                                   for i, r in enumerate(f.related, 1)]
    return out


def notifications(result: ScanResult) -> list[JsonObject]:
    out: list[JsonObject] = [{"level": "error", "message": text(f"not scanned: {p.reason}"),
                              "locations": [{"physicalLocation": {"artifactLocation": uri(p.path)}}]}
                             for p in result.errors]
    for reason, n in summary(result)["skipped"].items():
        out.append({"level": "note", "message": text(f"{n} file(s) skipped: {reason}")})
    out.extend({"level": "note", "message": text(note)} for note in result.notes)
    out.extend({"level": "note", "message": text(f"stale baseline entry: {entry.describe()}")}
               for entry in result.stale_baseline or ())
    return out


def document(result: ScanResult) -> JsonObject:
    rules = rules_of(result)
    index = {r.code: i for i, r in enumerate(rules)}
    s = summary(result)
    by_rule = Counter(f.code for f in result.findings)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tokenlint", "fullName": f"tokenlint {__version__}", "version": __version__,
                                "semanticVersion": __version__, "informationUri": INFORMATION_URI,
                                "rules": [rule_descriptor(r) for r in rules]}},
            # the run's category (GitHub code scanning keeps one set of alerts per category); no instance id
            "automationDetails": {"id": "tokenlint/"},
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": notifications(result)}],
            "columnKind": "unicodeCodePoints",
            "results": [result_dict(result, f, index[f.code]) for f in result.findings],
            "properties": {"failOn": str(result.fail_on),
                           "failing": sum(1 for f in result.findings if result.fails(f)),
                           "filesScanned": s["files_scanned"], "bytesScanned": s["bytes_scanned"],
                           "bySeverity": s["by_severity"], "byRule": dict(sorted(by_rule.items())),
                           "suppressed": s["suppressed"]},
        }],
    }


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    out.write(dumps(document(result)))
