"""`tokenlint ci` judges a change with the gate's config as of the base commit, not as the change leaves it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_staged import git, git_test_env, token_line, write

LEAK = ("app-password", "leak.sh", 1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "app.sh", "echo app\n")
    write(root, ".tokenlint.yml", "fail-on: high\n")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def gate(repo: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--base", "main", "--format", "json", *args],
                          cwd=repo, capture_output=True, text=True, env=git_test_env(), timeout=60)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rows(report: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in report["findings"]}


def edits_note(report: dict) -> str:
    return next(n for n in report["notes"] if n.startswith("the change edits the gate's configuration"))


@pytest.mark.parametrize("config, changed", [
    ("fail-on: high\ndisable: [app-password]\n", "disable"),
    ("fail-on: critical\n", "fail-on"),
    ("fail-on: high\nexclude: [leak.sh]\n", "exclude"),
    ("fail-on: high\nseverity: {app-password: info}\nmin-confidence: high\n", "min-confidence, severity"),
])
def test_a_change_that_loosens_the_config_is_judged_by_the_base_config(repo, config, changed):
    write(repo, ".tokenlint.yml", config)
    write(repo, "leak.sh", token_line(1))
    commit(repo, "loosen the gate and leak")
    code, report = gate(repo)
    assert (code, rows(report)) == (1, {LEAK})
    assert edits_note(report).startswith(f"the change edits the gate's configuration: .tokenlint.yml ({changed}); ")
    assert any(n.startswith("the gate's config was read from the base commit ") and n.endswith(
        "(.tokenlint.yml), not from the change") for n in report["notes"])

    strict, report = gate(repo, "--strict-config")
    assert strict == 3
    assert [(p["path"], p["error"]) for p in report["problems"]] == [(".tokenlint.yml", True)]
    assert report["problems"][0]["reason"].endswith("and --strict-config forbids it")


def test_a_baseline_the_change_adds_or_extends_accepts_nothing(repo):
    write(repo, "leak.sh", token_line(2))
    baseline = subprocess.run([sys.executable, "-m", "tokenlint", "baseline", "create", "-o", "accepted.json"],
                              cwd=repo, capture_output=True, text=True, env=git_test_env())
    assert baseline.returncode == 0, baseline.stderr
    write(repo, ".tokenlint.yml", "fail-on: high\nbaseline: accepted.json\n")
    commit(repo, "accept my own leak")
    code, report = gate(repo)
    assert (code, rows(report)) == (1, {("app-password", "leak.sh", 1)})
    assert ".tokenlint.yml (baseline)" in edits_note(report) and "accepted.json (baseline, added)" in edits_note(report)

    # the base names the baseline, the change adds an entry to it
    git(repo, "checkout", "-q", "main")
    write(repo, "accepted.json", '{"version": 1, "entries": []}\n')
    write(repo, ".tokenlint.yml", "fail-on: high\nbaseline: accepted.json\n")
    commit(repo, "empty baseline")
    git(repo, "checkout", "-q", "feature")
    git(repo, "rebase", "-q", "main", "-X", "theirs")
    code, report = gate(repo)
    assert (code, rows(report)) == (1, {("app-password", "leak.sh", 1)})
    assert edits_note(report).startswith("the change edits the gate's configuration: accepted.json (baseline, edited)")


def test_a_config_added_in_a_sub_folder_is_an_edit(repo):
    write(repo, "svc/.tokenlint.yml", "disable: [app-password]\n")
    write(repo, "svc/leak.sh", token_line(3))
    commit(repo, "nested config")
    code, report = gate(repo, "svc")
    assert (code, rows(report)) == (1, {("app-password", "svc/leak.sh", 1)})
    assert edits_note(report).startswith("the change edits the gate's configuration: svc/.tokenlint.yml (the gate's "
                                         "config was .tokenlint.yml)")


def test_an_unrelated_change_passes_strict_config_and_says_where_the_config_came_from(repo):
    write(repo, "app.sh", "echo app v2\n")
    commit(repo, "clean change")
    code, report = gate(repo, "--strict-config")
    assert (code, report["findings"], report["problems"]) == (0, [], [])
    assert not any(n.startswith("the change edits") for n in report["notes"])


def test_without_a_base_the_working_tree_config_is_used_and_said(repo):
    write(repo, "leak.sh", token_line(4))
    commit(repo, "leak")
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--format", "json"], cwd=repo,
                          capture_output=True, text=True, env=git_test_env(), timeout=60)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert report["notes"][-1] == (f"the gate's config was read from the working tree ({repo / '.tokenlint.yml'}): "
                                   "with no base commit, there is no earlier config to judge the change with")


def test_a_base_config_naming_a_baseline_outside_its_folder_is_refused(repo, tmp_path: Path):
    victim = tmp_path / "victim.json"
    victim.write_text('{"version": 1, "entries": []}\n')
    git(repo, "checkout", "-q", "main")
    write(repo, ".tokenlint.yml", "fail-on: high\nbaseline: ../victim.json\n")
    commit(repo, "baseline outside the repository")
    git(repo, "checkout", "-q", "feature")
    git(repo, "rebase", "-q", "main")
    write(repo, "leak.sh", token_line(4))
    commit(repo, "leak")
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--base", "main"], cwd=repo, capture_output=True,
                          text=True, env=git_test_env(), timeout=60)
    assert proc.returncode == 2
    assert "at baseline: '../victim.json' resolves to" in proc.stderr and "outside" in proc.stderr
