"""The real pre-commit framework installs tokenlint from .pre-commit-hooks.yaml and runs it.

Slow by nature (pre-commit builds a virtualenv and pip-installs tokenlint into it, as a user's
machine would): one module fixture does that once, and one test walks through the scenarios in
order, since each builds on the repository state the previous one left.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_staged import git, git_test_env, write
from tokengen import make

SOURCE = Path(__file__).resolve().parent.parent
# What pip needs to build the wheel pre-commit installs (the working copy, not this repo's HEAD).
SHIPPED = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "tokenlint", "policies", "schemas")
CONFIG = """repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: tokenlint
      - id: tokenlint-all
        stages: [manual]
"""

pytestmark = pytest.mark.slow  # real pre-commit runs in real repositories: tens of seconds


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A user's repository with tokenlint's hooks installed from a git copy of this source tree."""
    base = tmp_path_factory.mktemp("precommit")
    hooks_repo = base / "tokenlint-src"
    hooks_repo.mkdir()
    for name in SHIPPED:
        src = SOURCE / name
        if src.is_dir():
            shutil.copytree(src, hooks_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, hooks_repo / name)
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", "-A")
    git(hooks_repo, "commit", "-q", "-m", "tokenlint")
    rev = git(hooks_repo, "rev-parse", "HEAD").strip()

    work = base / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    write(work, ".pre-commit-config.yaml", CONFIG.format(repo=hooks_repo, rev=rev))
    write(work, "README.md", "# app\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "initial")
    env = git_test_env(PRE_COMMIT_HOME=str(base / "pre-commit-home"))
    for step in (["install"], ["install-hooks"]):
        done = run(work, env, sys.executable, "-m", "pre_commit", *step)
        assert done.returncode == 0, done.stdout + done.stderr
    return work, env


def run(cwd: Path, env: dict[str, str], *cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)


def commits(work: Path) -> int:
    return int(git(work, "rev-list", "--count", "HEAD"))


def test_pre_commit_refuses_a_leak_passes_clean_work_and_runs_on_demand(project):
    work, env = project
    token = make("app-password", seed=11)
    pre_commit = (sys.executable, "-m", "pre_commit", "run")

    # 1. A commit that adds an app password is refused; the output names rule and place, not the value.
    write(work, "deploy/release.sh", f"#!/bin/sh\nAPP_PASS={token}\n")
    git(work, "add", "deploy/release.sh")
    refused = run(work, env, "git", "commit", "-m", "release script")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "deploy/release.sh\n  2:10" in output and "TL001 app-password" in output
    assert token not in output
    assert commits(work) == 1

    # 2. A clean commit passes, even in a file holding an old token on a line it does not touch
    #    (committed past the hook with --no-verify): only added lines block a commit.
    git(work, "commit", "-q", "--no-verify", "-m", "legacy release script")
    write(work, "deploy/release.sh", f"#!/bin/sh\nAPP_PASS={token}\necho released\n")
    git(work, "add", "deploy/release.sh")
    clean = run(work, env, "git", "commit", "-m", "log the release")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "tokenlint (Bitbucket credentials in staged changes)" in clean.stdout + clean.stderr
    assert commits(work) == 3

    # 3. `pre-commit run --files x` judges x as it is in the working tree, staged or not.
    write(work, "notes.txt", f"today's password: {token}\n")
    write(work, "clean.txt", "nothing to see\n")
    on_leak = run(work, env, *pre_commit, "tokenlint", "--files", "notes.txt")
    assert on_leak.returncode == 1, on_leak.stdout + on_leak.stderr
    assert "notes.txt\n  1:" in on_leak.stdout and "TL001 app-password" in on_leak.stdout
    assert token not in on_leak.stdout + on_leak.stderr
    on_clean = run(work, env, *pre_commit, "tokenlint", "--files", "clean.txt")
    assert on_clean.returncode == 0, on_clean.stdout + on_clean.stderr

    # 4. `--all-files` stages nothing: both hooks scan every tracked file, every line.
    for hook in (("tokenlint",), ("--hook-stage", "manual", "tokenlint-all")):
        everything = run(work, env, *pre_commit, *hook, "--all-files")
        assert everything.returncode == 1, everything.stdout + everything.stderr
        assert "deploy/release.sh\n  2:10" in everything.stdout and "TL001 app-password" in everything.stdout
        assert "notes.txt" not in everything.stdout  # untracked: not part of --all-files
    write(work, "deploy/release.sh", "#!/bin/sh\nAPP_PASS=$SECURED_VAR\necho released\n")
    git(work, "commit", "-q", "-a", "-m", "use a secured variable")
    for hook in (("tokenlint",), ("--hook-stage", "manual", "tokenlint-all")):
        everything = run(work, env, *pre_commit, *hook, "--all-files")
        assert everything.returncode == 0, everything.stdout + everything.stderr


def test_staged_file_names_that_look_like_options_are_scanned_as_files(project):
    """pre-commit appends file names after the entry: the entry's `--` keeps them file names."""
    work, env = project
    token = make("app-password", seed=12)
    for name in ("--help", "--fail-on=critical", "-"):
        write(work, name, f"APP_PASS={token}\n")
        git(work, "add", "--", name)
        before = commits(work)
        refused = run(work, env, "git", "commit", "-m", f"add {name}")
        output = refused.stdout + refused.stderr
        assert refused.returncode != 0, output
        assert f"{name}\n  1:10" in output and "TL001 app-password" in output, output
        assert commits(work) == before
        git(work, "rm", "-q", "-f", "--", name)


def test_the_config_excludes_apply_to_the_files_pre_commit_names(project):
    """pre-commit names every file it checks: `exclude:` must hide those names as it hides them in a walk."""
    work, env = project
    token = make("app-password", seed=13)
    write(work, ".tokenlint.yml", "exclude: [/fixtures/]\n")
    write(work, "fixtures/sample.sh", f"APP_PASS={token}\n")
    git(work, "add", ".tokenlint.yml", "fixtures/sample.sh")
    committed = run(work, env, "git", "commit", "-m", "a fixture the config excludes")
    assert committed.returncode == 0, committed.stdout + committed.stderr
    for hook in (("tokenlint",), ("--hook-stage", "manual", "tokenlint-all")):
        everything = run(work, env, sys.executable, "-m", "pre_commit", "run", *hook, "--all-files")
        assert everything.returncode == 0, everything.stdout + everything.stderr
        assert "TL001" not in everything.stdout
    named = run(work, env, "tokenlint", "scan", "fixtures/sample.sh")  # by hand, a named file is scanned
    assert named.returncode == 1 and "fixtures/sample.sh\n  1:10" in named.stdout, named.stdout + named.stderr
