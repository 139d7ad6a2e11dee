"""Never worse (tokenlint.fixes.verify): a rewrite is kept only when the file still parses as it
did, in the file's own language, and a re-scan no longer reports the fixed rules on the lines
that changed. Each check is shown refusing a rewrite that breaks it, and passing one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tokenlint import api
from tokenlint.fixes.verify import never_worse, parses
from tokenlint.model import Confidence, Finding, Location, Severity

CALL = "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests"


@pytest.mark.parametrize(("path", "kind", "before", "broken", "fine", "reason"), [
    ("bitbucket-pipelines.yml", "pipeline-yaml", "a:\n  - x: 1\n", "a:\n  - x: 1\n  y: 2\n", "a:\n  - x: 2\n",
     "the rewritten file would not be valid YAML: "),
    ("bitbucket-pipelines.yml", "pipeline-yaml", "a:\n  - x\n", "a:\n  - x: y\n", "a:\n  - 'x: y'\n",
     "the rewrite would change the YAML's structure, not only a value"),
    ("a.py", "python", "f(a=1)\n", "f(a=1\n", "f(b=2)\n", "the rewritten file would not compile: "),
    ("a.json", "other", '{"a": 1}\n', '{"a": 1,}\n', '{"a": 2}\n', "the rewritten file would not be valid JSON: "),
    ("a.sh", "shell", "curl x\n", 'curl "x\n', "curl y\n", "the rewritten script would not parse (bash -n)"),
    ("a.js", "javascript", "fetch(u, {a: 1});\n", "fetch(u, {a: 1);\n", "fetch(u, {b: 1});\n",
     "the rewritten file would not parse (javascript syntax)"),
    ("a.ts", "javascript", "const a: number = 1;\n", "const a: = 1;\n", "const a: number = 2;\n",
     "the rewritten file would not parse (typescript syntax)"),
    ("A.java", "java", "class A { void f() { g(1); } }\n", "class A { void f() { g(1; } }\n",
     "class A { void f() { g(2); } }\n", "the rewritten file would not parse (java syntax)"),
])
def test_each_language_refuses_a_rewrite_that_no_longer_parses(path: str, kind: str, before: str, broken: str,
                                                               fine: str, reason: str) -> None:
    assert parses(path, kind, before, broken).startswith(reason)
    assert parses(path, kind, before, fine) == ""


def test_a_file_that_did_not_parse_before_is_no_worse_for_a_rewrite() -> None:
    assert parses("a.sh", "shell", 'curl "x\n', 'curl "y\n') == ""
    assert parses("a.js", "javascript", "fetch(u, {a: 1);\n", "fetch(u, {b: 1);\n") == ""


def test_a_rewrite_still_reported_on_its_changed_line_is_refused(tmp_path: Path) -> None:
    settings = api.load_settings([str(tmp_path)], progress=False)
    before = f'#!/bin/sh\ncurl -u "$BB_USER:$BB_APP_PASSWORD" {CALL}\n'
    still = f'#!/bin/sh\ncurl -s -u "$BB_USER:$BB_APP_PASSWORD" {CALL}\n'
    fixed = f'#!/bin/sh\ncurl -H "Authorization: Bearer $T" {CALL}\n'
    finding = Finding(rule="app-password-in-use", code="TL021", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                      message="m", location=Location("a.sh", 2))
    assert never_worse("a.sh", "shell", before, still, [finding], settings) == \
        "the rewritten lines would still be reported (TL021 at line 2)"
    assert never_worse("a.sh", "shell", before, fixed, [finding], settings) == ""
