"""Inline ignores: what they silence, what they are held to, and what they cost.

The ignore comments are assembled from MARK at run time so that this file holds no ignore
comment of its own (tokenlint scans its own repository clean).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint.cli import main
from tokenlint.engine import suppress
from tokenlint.engine.policy import load_all
from tokenlint.scanner import scan_bytes

from tokengen import make

MARK = "tokenlint" + ":"
CATALOGUE = load_all()
RULES = ("app-password", "hardcoded-authorization-header", "ignore-without-reason", "unused-ignore", "invalid-ignore")
# The rules under test plus the three about ignores, so other rules' findings never blur the expectations.
POLICIES = [p for p in CATALOGUE if p.slug in RULES]
TOKEN = make("app-password")
OTHER = make("app-password", seed=2)
CURL = "curl -u ci-bot:" + "Wq7rT2pLm4Kx https://api.bitbucket.org/2.0/repositories/acme/app"  # split: no finding here


def scan(path: str, text: str, policies=POLICIES, **options):
    result = scan_bytes(path, text.encode(), policies, **options)
    return {(f.rule, f.location.path, f.location.line) for f in result.findings}, result


@pytest.mark.parametrize("path,own_line,trailing", [
    ("deploy.sh", "# {ignore}", "P={token}  # {ignore}"),
    ("app.js", "// {ignore}", "const p = '{token}'; // {ignore}"),
    ("main.c", "/* {ignore} */", "char *p = \"{token}\"; /* {ignore} */"),
    ("README.md", "<!-- {ignore} -->", "`{token}` <!-- {ignore} -->"),
    ("schema.sql", "-- {ignore}", "INSERT INTO t VALUES ('{token}'); -- {ignore}"),
    ("settings.ini", "; {ignore}", "password = {token} ; {ignore}"),
])
def test_every_comment_syntax_on_the_line_above_and_trailing(path, own_line, trailing):
    ignore = f"{MARK} ignore[app-password] revoked sample kept for the docs"
    above = f"{own_line.format(ignore=ignore)}\nP={TOKEN}\n"
    found, result = scan(path, above)
    assert found == set() and result.ignored == 1
    found, result = scan(path, trailing.format(token=TOKEN, ignore=ignore) + "\n")
    assert found == set() and result.ignored == 1


def test_block_comment_continuation_line_covers_the_line_after_it():
    text = f"/*\n * {MARK} ignore[app-password] revoked sample\n */ char *p = \"{TOKEN}\";\n"
    found, result = scan("main.c", text)
    assert found == set() and result.ignored == 1


def test_an_ignore_covers_its_line_and_the_next_only():
    text = f"# {MARK} ignore[app-password] revoked sample\n\nP={TOKEN}\n"
    found, _ = scan("deploy.sh", text)
    assert found == {("app-password", "deploy.sh", 3), ("unused-ignore", "deploy.sh", 1)}


def test_a_trailing_ignore_does_not_reach_the_next_line():
    text = f"A={TOKEN}  # {MARK} ignore[app-password] revoked sample\nB={OTHER}\n"
    found, result = scan("deploy.sh", text)
    assert found == {("app-password", "deploy.sh", 2)} and result.ignored == 1


def test_several_rules_by_slug_or_code_and_each_unused_one_is_named():
    text = f"# {MARK} ignore[TL001, hardcoded-authorization-header] sandbox bot, revoked sample\nP={TOKEN}\n"
    found, result = scan("deploy.sh", text)
    assert found == {("unused-ignore", "deploy.sh", 1)} and result.ignored == 1
    (unused,) = result.findings
    assert unused.message == "Inline ignore of hardcoded-authorization-header matches no finding on this line or the next."
    both = f"# {MARK} ignore[app-password,TL006] sandbox bot, revoked sample\nP={TOKEN}; {CURL}\n"
    found, result = scan("deploy.sh", both)
    assert found == set() and result.ignored == 2


@pytest.mark.parametrize("ignore", [
    "ignore[app-password]",
    "ignore[app-password]   ",
    "ignore[app-password] -- ",
])
def test_an_ignore_without_a_reason_suppresses_nothing_and_is_reported(ignore):
    text = f"# {MARK} {ignore}\nP={TOKEN}\n"
    found, result = scan("deploy.sh", text)
    assert found == {("app-password", "deploy.sh", 2), ("ignore-without-reason", "deploy.sh", 1)}
    assert result.ignored == 0


def test_a_block_comment_closer_is_not_a_reason():
    found, _ = scan("main.c", f"/* {MARK} ignore[app-password] */\nchar *p = \"{TOKEN}\";\n")
    assert found == {("app-password", "main.c", 2), ("ignore-without-reason", "main.c", 1)}


@pytest.mark.parametrize("ignore,problem", [
    ("ignore[*] test data", "wildcard '*'; name each rule it silences"),
    ("ignore test data", "it names no rule; write ignore[rule] with the rules it silences"),
    ("ignore[] test data", "it names no rule; write ignore[rule] with the rules it silences"),
    ("ignore[app-pasword] test data", "'app-pasword' names no enabled rule (see `tokenlint rules`)"),
    ("ignore[unused-ignore] test data",
     "'unused-ignore' judges ignores themselves and cannot be ignored inline; disable it in config or use a baseline"),
])
def test_invalid_ignores_suppress_nothing_and_say_why(ignore, problem):
    text = f"P={TOKEN}\n  # {MARK} {ignore}\nQ={OTHER}\n"
    found, result = scan("deploy.sh", text)
    assert found == {("app-password", "deploy.sh", 1), ("app-password", "deploy.sh", 3), ("invalid-ignore", "deploy.sh", 2)}
    (invalid,) = [f for f in result.findings if f.rule == "invalid-ignore"]
    assert invalid.message == f"Invalid inline ignore: {problem}."
    assert (invalid.location.line, invalid.location.column) == (2, 5)  # where the marker is


def test_the_valid_names_of_a_partly_invalid_ignore_still_apply():
    found, result = scan("deploy.sh", f"# {MARK} ignore[app-pasword,app-password] revoked sample\nP={TOKEN}\n")
    assert found == {("invalid-ignore", "deploy.sh", 1)} and result.ignored == 1


def test_an_ignore_of_a_disabled_rule_is_reported_as_naming_no_enabled_rule():
    policies = [p for p in POLICIES if p.slug != "hardcoded-authorization-header"]
    found, _ = scan("deploy.sh", f"{CURL}  # {MARK} ignore[TL006] sandbox bot\n", policies)
    assert found == {("invalid-ignore", "deploy.sh", 1)}


def test_a_rule_that_joins_files_cannot_be_ignored_inline():
    joined = replace(POLICIES[0], code="XX030", slug="joined-rule", when=None, check="joins_files")
    found, result = scan("deploy.sh", f"# {MARK} ignore[joined-rule] see the pipeline\necho hi\n", [*POLICIES, joined])
    assert found == {("invalid-ignore", "deploy.sh", 1)}
    assert result.findings[0].message == ("Invalid inline ignore: 'joined-rule' judges several files together, "
                                          "which a comment in one file cannot silence; use a baseline.")


def test_a_disabled_rule_about_ignores_stays_silent():
    policies = [p for p in POLICIES if p.slug != "unused-ignore"]
    found, _ = scan("deploy.sh", f"# {MARK} ignore[app-password] revoked sample\necho hi\n", policies)
    assert found == set()


def test_unused_ignore_in_a_file_the_prefilter_would_skip():
    found, result = scan("notes.txt", f"# {MARK} ignore[app-password] the token was removed\nnothing here\n")
    assert found == {("unused-ignore", "notes.txt", 1)}
    assert result.findings[0].message == "Inline ignore of app-password matches no finding on this line or the next."


def test_the_marker_outside_a_comment_is_plain_text():
    text = f'P={TOKEN}\nprint("{MARK} ignore[app-password] x")\nlog = "see {MARK} error"\n'
    found, result = scan("tool.py", text)
    assert found == {("app-password", "tool.py", 1)} and result.ignored == 0


def test_ignores_cannot_silence_each_other():
    text = f"# {MARK} ignore[invalid-ignore] a test\n# {MARK} ignore[*] x\nP={TOKEN}\n"
    found, _ = scan("deploy.sh", text)
    assert found == {("app-password", "deploy.sh", 3), ("invalid-ignore", "deploy.sh", 1), ("invalid-ignore", "deploy.sh", 2)}


def test_files_without_the_marker_never_reach_the_ignore_pass(monkeypatch):
    def fail(*args):
        raise AssertionError("the ignore pass ran on a file without the marker")

    monkeypatch.setattr(suppress, "apply", fail)
    found, _ = scan("deploy.sh", f"P={TOKEN}  # keep\n")
    assert found == {("app-password", "deploy.sh", 1)}


def test_no_inline_ignores_reports_everything_and_judges_no_ignore():
    text = f"# {MARK} ignore[app-password] revoked sample\nP={TOKEN}\n# {MARK} ignore[*]\n"
    found, result = scan("deploy.sh", text, inline_ignores=False)
    assert found == {("app-password", "deploy.sh", 2)} and result.ignored == 0


def test_cli_counts_ignores_and_audits_with_no_inline_ignores(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = f"#!/bin/sh\n# {MARK} ignore[app-password] revoked sample\nP={TOKEN}\n"
    Path("deploy.sh").write_text(content)
    runner = CliRunner()
    clean = runner.invoke(main, ["scan", "."])
    assert clean.exit_code == 0, clean.output
    assert clean.stdout.splitlines()[-1] == (f"0 finding(s) (no findings) in 1 file(s), {len(content)} bytes scanned; "
                                             "1 inline ignore hidden")
    data = json.loads(runner.invoke(main, ["scan", "--format", "json", "."]).stdout)
    assert data["findings"] == [] and data["summary"]["suppressed"] == {"inline-ignore": 1}
    audit = runner.invoke(main, ["scan", "--format", "json", "--no-inline-ignores", "."])
    assert audit.exit_code == 1
    data = json.loads(audit.stdout)
    assert {(f["rule"], f["path"], f["line"]) for f in data["findings"]} == {("app-password", "deploy.sh", 3)}
    assert data["summary"]["suppressed"] == {}
