"""`tokenlint ci`: what each CI system says about a run, the range that follows, the lines scanned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tokenlint import ci
from tokenlint.ci import BITBUCKET, GITHUB, GITLAB, Trigger

from test_staged import APP, found, git, git_test_env, settings, token_line, write  # noqa: F401 (fixture)

SHA_A = "a" * 40
SHA_B = "b" * 40
ZERO = "0" * 40


# --- detection: environment -> Trigger, no git involved -------------------------------------

def test_bitbucket_pull_request():
    env = {"BITBUCKET_COMMIT": SHA_A, "BITBUCKET_BRANCH": "feature", "BITBUCKET_PR_ID": "7",
           "BITBUCKET_PR_DESTINATION_BRANCH": "main"}
    assert ci.detect(env) == Trigger(BITBUCKET, "pull request #7", SHA_A, base_branch="main")


def test_bitbucket_branch_pipeline_has_no_base():
    trigger = ci.detect({"BITBUCKET_COMMIT": SHA_A, "BITBUCKET_BRANCH": "feature"})
    assert (trigger.system, trigger.event, trigger.has_base) == (BITBUCKET, "branch feature", False)
    assert "--base" in trigger.why_unknown


def test_github_pull_request():
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main", "GITHUB_SHA": SHA_A}
    assert ci.detect(env) == Trigger(GITHUB, "pull request", SHA_A, base_branch="main")


def test_github_push_reads_before_from_the_event_payload(tmp_path):
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps({"before": SHA_B, "after": SHA_A}))
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": SHA_A, "GITHUB_EVENT_PATH": str(payload)}
    assert ci.detect(env) == Trigger(GITHUB, "push", SHA_A, base_commit=SHA_B)
    payload.write_text(json.dumps({"before": ZERO, "after": SHA_A}))
    assert ci.detect(env) == Trigger(GITHUB, "push", SHA_A, why_unknown="the push created the branch (no 'before' commit)")
    payload.write_text("{not json")
    assert ci.detect(env).why_unknown.startswith(f"cannot read the event payload {payload}: ")


def test_gitlab_detects_merge_request_and_push():
    base = {"GITLAB_CI": "true", "CI_COMMIT_SHA": SHA_A}
    assert ci.detect({**base, "CI_MERGE_REQUEST_DIFF_BASE_SHA": SHA_B, "CI_COMMIT_BEFORE_SHA": ZERO}) == \
        Trigger(GITLAB, "merge request", SHA_A, base_commit=SHA_B)
    assert ci.detect({**base, "CI_COMMIT_BEFORE_SHA": SHA_B}) == Trigger(GITLAB, "push", SHA_A, base_commit=SHA_B)
    assert ci.detect({**base, "CI_COMMIT_BEFORE_SHA": ZERO}).has_base is False


def test_no_ci_system():
    assert ci.detect({"CI": "true", "HOME": "/root"}) is None


# --- real repositories ------------------------------------------------------------------------
#
# origin, branch main:    m1  app.sh (old token on line 2), legacy.sh (token)
#                          \-- m2  main-only.sh (token)         <- never part of the feature's change
# branch feature (off m1): f1  ci.sh (token on line 1), app.sh line 3 added (clean)
#                          f2  app.sh line 4 (token), legacy.sh deleted
# The feature adds exactly: app.sh:4 and ci.sh:1.

FEATURE_ADDS = {(APP, "app.sh", 4), (APP, "ci.sh", 1)}


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("ci") / "origin"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "app.sh", "echo app\n" + token_line(1))
    write(root, "legacy.sh", token_line(2))
    commit(root, "m1")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "ci.sh", token_line(3))
    write(root, "app.sh", "echo app\n" + token_line(1) + "echo more\n")
    commit(root, "f1")
    write(root, "app.sh", "echo app\n" + token_line(1) + "echo more\n" + token_line(4))
    (root / "legacy.sh").unlink()
    commit(root, "f2")
    git(root, "checkout", "-q", "main")
    write(root, "main-only.sh", token_line(5))
    commit(root, "m2")
    shas = {name: git(root, "rev-parse", rev).strip() for name, rev in
            (("m1", "main~1"), ("m2", "main"), ("f1", "feature~1"), ("f2", "feature"))}
    return {"path": root, **shas}


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def clone(origin, dest: Path, *options: str) -> Path:
    subprocess.run(["git", "clone", "-q", *options, "--branch", "feature", f"file://{origin['path']}", str(dest)],
                   check=True, env=git_test_env(), capture_output=True)
    return dest


@pytest.fixture
def full_clone(origin, tmp_path, monkeypatch) -> Path:
    repo = clone(origin, tmp_path / "clone")
    monkeypatch.chdir(repo)
    return repo


@pytest.fixture
def shallow_clone(origin, tmp_path, monkeypatch) -> Path:
    repo = clone(origin, tmp_path / "shallow", "--depth", "1", "--single-branch")
    monkeypatch.chdir(repo)
    return repo


def gate(settings, environ, **options):
    return ci.gate(settings, ".", environ, **options)


def range_note(trigger: str, base: str, head: str, files: int) -> str:
    return f"{trigger}: scanned the lines that {base[:12]}..{head[:12]} adds ({files} changed file(s), content at HEAD)"


def github_push(tmp_path: Path, before: str, after: str) -> dict[str, str]:
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps({"before": before, "after": after}))
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": after, "GITHUB_EVENT_PATH": str(payload)}


def test_github_pull_request_scans_what_the_branch_adds(full_clone, origin, settings):
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main",
           "GITHUB_SHA": origin["f2"]}
    result = gate(settings, env)
    assert found(result) == FEATURE_ADDS
    assert result.notes[0] == range_note("GitHub Actions pull request", origin["m1"], origin["f2"], 2)
    assert result.suppressed["unchanged-lines"] == 1  # app.sh:2, from main
    assert result.findings[0].origin == {"source": "ci-range", "base": origin["m1"], "head": origin["f2"]}
    assert result.exit_code(settings.fail_on) == 1


def test_github_push_scans_before_to_after(full_clone, origin, settings, tmp_path):
    result = gate(settings, github_push(tmp_path, origin["f1"], origin["f2"]))
    assert found(result) == {(APP, "app.sh", 4)}
    assert result.notes[0] == range_note("GitHub Actions push", origin["f1"], origin["f2"], 1)


def test_a_force_push_scans_what_the_new_commits_add_since_the_histories_parted(full_clone, origin, settings, tmp_path):
    result = gate(settings, github_push(tmp_path, origin["m2"], origin["f2"]))  # "before" was main's tip
    assert found(result) == FEATURE_ADDS
    assert result.notes[0] == range_note("GitHub Actions push", origin["m1"], origin["f2"], 2)


def test_gitlab_merge_request_and_push(full_clone, origin, settings):
    base = {"GITLAB_CI": "true", "CI_COMMIT_SHA": origin["f2"]}
    merge_request = gate(settings, {**base, "CI_MERGE_REQUEST_DIFF_BASE_SHA": origin["m2"]})
    assert found(merge_request) == FEATURE_ADDS
    push = gate(settings, {**base, "CI_COMMIT_BEFORE_SHA": origin["f1"]})
    assert found(push) == {(APP, "app.sh", 4)}


def test_all_lines_reports_every_finding_of_the_changed_files(full_clone, origin, settings):
    env = {"GITLAB_CI": "true", "CI_COMMIT_SHA": origin["f2"], "CI_COMMIT_BEFORE_SHA": origin["f1"]}
    assert found(gate(settings, env, all_lines=True)) == {(APP, "app.sh", 2), (APP, "app.sh", 4)}


def test_bitbucket_pull_request_in_a_shallow_single_branch_clone_fetches_what_it_needs(shallow_clone, origin, settings):
    env = {"BITBUCKET_COMMIT": origin["f2"], "BITBUCKET_BRANCH": "feature", "BITBUCKET_PR_ID": "3",
           "BITBUCKET_PR_DESTINATION_BRANCH": "main"}
    refused = gate(settings, env, fetch=False)
    assert [(p.path, p.error) for p in refused.problems] == [(".", True)]
    assert refused.problems[0].reason == (
        "cannot tell what the change adds: the base branch 'main' is not in this clone and --no-fetch forbids "
        f"fetching it; {ci.CLONE_ADVICE}")
    assert refused.exit_code(settings.fail_on) == 3 and refused.files_scanned == 0

    result = gate(settings, env)
    assert found(result) == FEATURE_ADDS
    assert result.notes[0] == range_note("Bitbucket Pipelines pull request #3", origin["m1"], origin["f2"], 2)
    assert git(shallow_clone, "rev-parse", "--is-shallow-repository").strip() == "false"


def test_a_shallow_push_is_deepened_until_before_is_there(shallow_clone, origin, settings, tmp_path):
    env = github_push(tmp_path, origin["f1"], origin["f2"])
    refused = gate(settings, env, fetch=False)
    assert refused.problems[0].reason == (
        f"cannot tell what the change adds: the base commit {origin['f1'][:12]} is not in this clone and "
        f"--no-fetch forbids fetching it; {ci.CLONE_ADVICE}")
    result = gate(settings, env)
    assert found(result) == {(APP, "app.sh", 4)}
    assert result.problems == []


def test_without_a_remote_a_missing_base_is_an_error(shallow_clone, origin, settings, tmp_path):
    git(shallow_clone, "remote", "remove", "origin")
    result = gate(settings, github_push(tmp_path, origin["f1"], origin["f2"]))
    assert result.problems[0].reason == (
        f"cannot tell what the change adds: the base commit {origin['f1'][:12]} is not in this clone and there is "
        f"no git remote to fetch it from; {ci.CLONE_ADVICE}")
    assert result.exit_code(settings.fail_on) == 3


def test_a_shallow_clone_missing_only_the_shared_history_is_an_error(origin, tmp_path, monkeypatch, settings):
    """The base branch is there but the clone is too shallow to find where it meets HEAD."""
    repo = clone(origin, tmp_path / "shallow", "--depth", "1", "--no-single-branch")
    monkeypatch.chdir(repo)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"}
    result = gate(settings, env, fetch=False)
    assert result.problems[0].reason == (
        "cannot tell what the change adds: this shallow clone lacks the history where HEAD and the base branch "
        f"'main' meet, and --no-fetch forbids fetching it; {ci.CLONE_ADVICE}")
    assert found(gate(settings, env)) == FEATURE_ADDS


def test_unknown_range_falls_back_to_the_whole_working_tree_and_says_so(full_clone, settings):
    everything = {(APP, "app.sh", 2), (APP, "app.sh", 4), (APP, "ci.sh", 1)}
    no_ci = gate(settings, {})
    assert found(no_ci) == everything
    assert no_ci.notes[0] == ("no CI system recognised (Bitbucket Pipelines, GitHub Actions, GitLab CI); so the range "
                              "of the change is unknown and the whole working tree was scanned")
    branch = gate(settings, {"BITBUCKET_COMMIT": "f" * 40, "BITBUCKET_BRANCH": "feature"})
    assert found(branch) == everything
    assert branch.notes[0].startswith("Bitbucket Pipelines branch feature: Bitbucket Pipelines does not say")


def test_base_option_overrides_the_environment(full_clone, origin, settings):
    result = gate(settings, {}, base="origin/main")
    assert found(result) == FEATURE_ADDS
    assert result.notes[0] == range_note("command line --base origin/main", origin["m1"], origin["f2"], 2)


def test_head_differing_from_what_the_ci_names_is_said(full_clone, origin, settings):
    env = {"GITLAB_CI": "true", "CI_COMMIT_SHA": origin["f1"], "CI_COMMIT_BEFORE_SHA": origin["m1"]}
    result = gate(settings, env)
    assert result.notes[1] == f"GitLab CI names commit {origin['f1'][:12]} but HEAD is {origin['f2'][:12]}; scanned HEAD"


def test_cli_exit_codes_follow_fail_on(full_clone, origin, tmp_path):
    env = {**git_test_env(), **github_push(tmp_path, origin["f1"], origin["f2"])}

    def tokenlint_ci(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tokenlint", "ci", *args], env=env, capture_output=True, text=True)

    out = tokenlint_ci("--format", "json")
    report = json.loads(out.stdout)
    assert out.returncode == 1
    assert [(f["code"], f["path"], f["line"]) for f in report["findings"]] == [(APP, "app.sh", 4)]
    assert report["notes"][0] == range_note("GitHub Actions push", origin["f1"], origin["f2"], 1)
    assert tokenlint_ci("--fail-on", "critical").returncode == 0
    env["GITHUB_EVENT_PATH"] = str(github_push(tmp_path, "c" * 40, origin["f2"])["GITHUB_EVENT_PATH"])
    missing = tokenlint_ci("--no-fetch")
    assert missing.returncode == 3
    assert "error: .: cannot tell what the change adds: the base commit cccccccccccc is not in this clone" in missing.stdout
