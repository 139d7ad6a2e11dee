"""The detector registry: one classifier of file kinds, one test of Bitbucket relevance, and
a scanner that runs only the detectors some enabled rule (or the shown inventory) needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tokenlint.detectors import registry, relevance
from tokenlint.document import Document
from tokenlint.engine.policy import load_all
from tokenlint.parsers.kinds import FileKind, classify
from tokenlint.scanner import scan_bytes

BROKEN_PY = b"import requests\nrequests.get('https://api.bitbucket.org/2.0/user'\n"
PARSE_NOTE = ("svc/broken.py: Python source does not parse (line 2): '(' was never closed; "
              "read with 1 line(s) rewritten or left out")


@pytest.mark.parametrize(("path", "text", "kind"), [
    ("bitbucket-pipelines.yml", "", FileKind.PIPELINE),
    ("ci/bitbucket-pipelines-release.yaml", "", FileKind.PIPELINE),
    (".github/workflows/build.yml", "", FileKind.WORKFLOW),
    (".gitlab-ci.yml", "", FileKind.WORKFLOW),
    ("docs/notes.yml", "", FileKind.OTHER),
    ("Dockerfile", "", FileKind.DOCKERFILE),
    ("build/app.dockerfile", "", FileKind.DOCKERFILE),
    ("GNUmakefile", "", FileKind.MAKEFILE),
    ("Jenkinsfile", "", FileKind.JENKINSFILE),
    ("deploy.sh", "", FileKind.SHELL),
    ("bin/deploy", "#!/usr/bin/env bash\ncurl x\n", FileKind.SHELL),
    ("bin/deploy", "#!/usr/bin/env python3\n", FileKind.OTHER),
    ("tool.py", "#!/bin/sh\n", FileKind.PYTHON),
    ("web/api.tsx", "", FileKind.JAVASCRIPT),
    (".netrc", "machine bitbucket.org", FileKind.NETRC),
    (".git-credentials", "", FileKind.NETRC),
    (".git/config", '[remote "origin"]\n\turl = x\n', FileKind.GIT_CONFIG),
    ("app/config", "key = value\n", FileKind.OTHER),
])
def test_one_classifier_decides_the_kind(path, text, kind):
    assert classify(path, text) is kind


@pytest.mark.parametrize(("path", "text", "concerns"), [
    ("bitbucket-pipelines.yml", "image: python\n", True),  # by name, whatever it says
    ("deploy.sh", "curl https://api.bitbucket.org/2.0/user\n", True),
    ("deploy.sh", "curl https://example.com/\n", False),
    ("svc.py", "# see the Bitbucket docs\nimport os\n", False),  # a program must name a URL or client
    ("svc.py", "URL = 'https://api.bitbucket.org/2.0'\n", True),
    ("svc.js", "const { Bitbucket } = require('bitbucket')\n", True),
])
def test_one_place_decides_whether_a_document_concerns_bitbucket(path, text, concerns):
    doc = Document(path, text)
    assert relevance.concerns(doc, classify(path, text)) is concerns


def test_policies_say_which_facts_they_need():
    by_slug = {p.slug: p for p in load_all()}
    assert by_slug["hardcoded-bitbucket-secret"].needs == {"credential"}
    assert by_slug["app-password-in-use"].needs == {"api-call", "git-remote"}  # calls and git (round 2)
    assert by_slug["tls-verification-disabled"].needs == {"api-call"}
    assert by_slug["scope-missing"].needs == {"api-call", "git-remote", "script-run"}  # a cross-file check
    assert by_slug["unused-ignore"].needs == frozenset()  # the engine's own check reads the document


def test_the_plan_holds_only_detectors_that_emit_a_needed_fact():
    names = [d.name for d in registry.plan(frozenset({"credential"})).detectors]
    assert names == ["credentials"]
    names = [d.name for d in registry.plan(frozenset({"log-exposure"})).detectors]
    assert names == ["credentials", "shell", "groovy-prints", "groovy-interpolation", "dockerfile-leaks",
                     "python-leaks", "javascript-leaks", "program-leaks", "commented-shell", "documentation"]
    assert [d.name for d in registry.plan().detectors] == [d.name for d in registry.DETECTORS]


def test_exposure_rules_alone_never_run_usage_detection():
    exposure = [p for p in load_all() if p.needs == {"credential"}]
    assert exposure
    quiet = scan_bytes("svc/broken.py", BROKEN_PY, exposure, inventory=False)
    assert quiet.notes == [] and quiet.usage == []  # the Python front end did not run
    shown = scan_bytes("svc/broken.py", BROKEN_PY, exposure, inventory=True)
    assert shown.notes == [PARSE_NOTE]


def test_a_rule_on_calls_runs_the_front_end_without_the_inventory():
    calls = [p for p in load_all() if p.slug == "app-password-in-use"]
    result = scan_bytes("svc/broken.py", BROKEN_PY, calls, inventory=False)
    assert result.notes == [PARSE_NOTE]


def test_value_lives_below_the_detectors():
    """parsers.shell once imported detectors.calls for `Value`: a back-edge and an import cycle."""
    code = ("import sys, tokenlint.parsers.shell, tokenlint.parsers.values;"
            "print(sorted(m for m in sys.modules if m.startswith('tokenlint.detectors')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_inference_does_not_import_the_recipes():
    code = "import sys, tokenlint.inference; print('tokenlint.recommend' in sys.modules, 'tokenlint.recipes' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_the_engine_checks_that_read_no_fact_are_the_inline_ignore_checks():
    from tokenlint.engine import rule, suppress

    assert rule.ENGINE_CHECKS == set(suppress.CHECKS)


def test_python_neither_detector_can_read_with_ast_is_never_dropped_in_silence():
    """The call detector reads it with its tree-sitter fallback (one note, why); the leak detector,
    which needs `ast`, says what it did not check."""
    source = b"import requests\n    TOKEN = 1\nrequests.get('https://api.bitbucket.org/1.0/user', auth=(u, pw))\n"
    result = scan_bytes("svc/indented.py", source, load_all(), inventory=True)
    assert [(f.rule, f.location.line) for f in result.findings if f.rule == "removed-api"] == [("removed-api", 3)]
    assert result.notes == [
        "svc/indented.py: Python source does not parse (line 2): unexpected indent; read with the tree-sitter fallback",
        "svc/indented.py: Python source does not parse even repaired; not checked for credentials it prints, logs or "
        "writes"]
