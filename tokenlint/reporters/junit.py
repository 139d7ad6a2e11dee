"""JUnit XML (`--format junit`): the test view of Bitbucket Pipelines, Jenkins, GitLab and most CI
systems.

The shape, and why:

- One `<testsuite>` per rule the scan ran (`TL001 app-password`), and in it one `<testcase>` per
  file the rule reported something in: `classname` is `tokenlint.TL001-app-password` (no dots
  after the first, so Jenkins' package/class tree groups by rule) and `name` is the file's path.
  A rule that found nothing has one passing case, `no findings`, so the view lists what was
  checked and counts it as passed.
- A case **fails** (`<failure>`) when one of its findings fails the gate (`ScanResult.fails`, the
  same answer as the exit code); the failure text lists those findings (line, severity,
  message, redacted secret, commit for history, fix, rule page). Findings that do not fail the
  gate (below `--fail-on`, low confidence, code that does not run) leave the case **passed**
  and are listed in its `<system-out>`: the rule did run on the file and judged it acceptable,
  which is what a pass means; `skipped` would say the check did not run.
- A file that could not be scanned (exit 3) is an `<error>` case in the suite `not scanned`;
  skipped files (binary, too large) are one `<skipped>` case per reason there, their paths in
  `<system-out>`.

The tree is built with xml.etree, never by string concatenation, from redacted strings with
control characters escaped (`tokenlint.escape`), and anything XML 1.0 cannot hold is replaced,
so no file name can make the document invalid or forge an element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import groupby

from tokenlint import escape, redact
from tokenlint.model import Finding
from tokenlint.reporters import Writer
from tokenlint.reporters.json import _reason_key
from tokenlint.reporters.ruleset import rules_of
from tokenlint.results import ScanResult

NOT_SCANNED = "not scanned"
LISTED_AT_MOST = 200  # paths listed per skip reason

# What XML 1.0 cannot hold at all (escape.text already wrote control characters as escapes).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(s: str) -> str:
    """Free text from a scan, safe in an XML attribute or text node: redacted, escaped, XML 1.0."""
    return _NOT_XML.sub("\ufffd", escape.text(redact.text(s)))


def path(s: str) -> str:
    return _NOT_XML.sub("\ufffd", escape.path(redact.text(s)))


def describe(result: ScanResult, f: Finding) -> str:
    """One finding as lines of the failure or system-out text."""
    lines = [f"{path(f.location.path)}:{f.location.line}:{f.location.column}: {f.severity} "
             f"(confidence {f.confidence}): {clean(f.message)}"]
    if f.secret is not None:
        lines.append(f"  secret: {clean(f.secret.kind)} {clean(f.secret.redacted)} {f.secret.fingerprint}")
    if f.origin and "commit" in f.origin:
        state = "still in HEAD" if f.origin.get("in_head") else "not in HEAD (history only)"
        lines.append(f"  introduced in {clean(str(f.origin['commit']))[:12]} on {clean(str(f.origin.get('date', '')))}"
                     f"; {state}")
    for r in f.related:
        lines.append(f"  {path(r.location.path)}:{r.location.line}: {clean(r.message)}")
    if f.remediation:
        lines.append(f"  fix: {clean(f.remediation)}")
    if not result.fails(f):
        lines.append(f"  does not fail the gate (fail-on {result.fail_on}"
                     f"{'; not live code' if not f.gates else ''})")
    return "\n".join(lines)



def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=name)


def _suite(root: ET.Element, name: str, cases: int, failures: int = 0, errors: int = 0,
           skipped: int = 0) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=name, tests=str(cases), failures=str(failures), errors=str(errors),
                         skipped=str(skipped))


def document(result: ScanResult) -> ET.Element:
    root = ET.Element("testsuites", name="tokenlint")
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_rule[f.code].append(f)
    for info in rules_of(result):
        findings = sorted(by_rule.get(info.code, []), key=Finding.sort_key)
        files = [(p, list(group)) for p, group in groupby(findings, key=lambda f: f.location.path)]
        failing = sum(1 for _, group in files if any(result.fails(f) for f in group))
        suite = _suite(root, clean(f"{info.code} {info.slug}"), max(len(files), 1), failures=failing)
        classname = clean(f"tokenlint.{info.code}-{info.slug}")
        if not files:
            _case(suite, classname, "no findings")
        for file, group in files:
            case = _case(suite, classname, path(file))
            fail = [f for f in group if result.fails(f)]
            rest = [f for f in group if not result.fails(f)]
            if fail:
                failure = ET.SubElement(case, "failure", type=str(max(f.severity for f in fail)),
                                        message=f"{len(fail)} finding(s) fail the gate: {clean(fail[0].message)}")
                body = [describe(result, f) for f in fail]
                if info.help_uri:
                    body.append(f"rule: {clean(info.summary)} ({clean(info.help_uri)})")
                failure.text = "\n".join(body) + "\n"
            if rest:
                ET.SubElement(case, "system-out").text = "\n".join(describe(result, f) for f in rest) + "\n"
    skipped: dict[str, list[str]] = defaultdict(list)
    for p in result.skipped:
        skipped[_reason_key(p.reason)].append(p.path)
    if result.errors or skipped:
        suite = _suite(root, NOT_SCANNED, len(result.errors) + len(skipped), errors=len(result.errors),
                       skipped=len(skipped))
        for p in result.errors:
            ET.SubElement(_case(suite, "tokenlint.not-scanned", path(p.path)), "error", type="not-scanned",
                          message=clean(p.reason))
        for reason, paths in sorted(skipped.items()):
            case = _case(suite, "tokenlint.skipped", clean(reason))
            ET.SubElement(case, "skipped", message=clean(f"{len(paths)} file(s) skipped: {reason}"))
            listed = [path(p) for p in paths[:LISTED_AT_MOST]]
            if len(paths) > LISTED_AT_MOST:
                listed.append(f"... and {len(paths) - LISTED_AT_MOST} more")
            ET.SubElement(case, "system-out").text = "\n".join(listed) + "\n"
    for name in ("tests", "failures", "errors"):  # no `skipped` here: Jenkins' schema has it per suite only
        root.set(name, str(sum(int(s.get(name, "0")) for s in root)))
    return root


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    root = document(result)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")
