"""`tokenlint scan --staged`: the index, not the working tree; only the lines a commit adds."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tokenlint import api, gitutil
from tokenlint.sources import staged

from tokengen import make

APP = "TL001"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=git_test_env()).stdout


def git_test_env(**extra: str) -> dict[str, str]:
    """The test's own git: no user config, a fixed identity, no hook context leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", **extra)
    return env


def token_line(seed: int) -> str:
    return f"APP_PASS={make('app-password', seed=seed)}\n"


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> api.Settings:
    return api.load_settings([str(tmp_path_factory.mktemp("noconfig"))])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


def commit_all(repo: Path, message: str = "c") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def found(result: api.ScanResult) -> set[tuple[str, str, int]]:
    return {(f.code, f.location.path, f.location.line) for f in result.findings}


def run_staged(settings, paths=(), all_lines=False, environ=None) -> api.ScanResult:
    return staged.scan(settings, list(paths), all_lines=all_lines, environ=environ or {})


def test_scans_the_index_not_the_working_tree(repo, settings):
    write(repo, "README", "hello\n")
    commit_all(repo)
    write(repo, "deploy.sh", "#!/bin/sh\n" + token_line(1))
    git(repo, "add", "deploy.sh")
    write(repo, "deploy.sh", "#!/bin/sh\nAPP_PASS=$SECURED_VAR\n")  # removed, but not staged: still committed
    result = run_staged(settings)
    assert found(result) == {(APP, "deploy.sh", 2)}
    assert result.findings[0].origin == {"source": "index"}
    assert result.exit_code(settings.fail_on) == 1


def test_a_token_only_in_the_working_tree_is_not_committed_so_not_reported(repo, settings):
    write(repo, "README", "hello\n")
    commit_all(repo)
    write(repo, "deploy.sh", "#!/bin/sh\nAPP_PASS=$SECURED_VAR\n")
    git(repo, "add", "deploy.sh")
    write(repo, "deploy.sh", "#!/bin/sh\n" + token_line(1))  # typed after staging
    result = run_staged(settings)
    assert found(result) == set()
    assert result.files_scanned == 1
    assert result.exit_code(settings.fail_on) == 0


def test_only_added_lines_are_reported_unless_all_lines(repo, settings):
    write(repo, "conf.env", "A=1\n" + token_line(1) + "B=2\n")
    commit_all(repo)
    write(repo, "conf.env", "A=1\n" + token_line(1) + "B=2\n" + token_line(2))
    git(repo, "add", "conf.env")
    result = run_staged(settings)
    assert found(result) == {(APP, "conf.env", 4)}
    assert result.suppressed["unchanged-lines"] == 1
    assert found(run_staged(settings, all_lines=True)) == {(APP, "conf.env", 2), (APP, "conf.env", 4)}


def test_a_changed_line_counts_as_added(repo, settings):
    write(repo, "conf.env", "A=1\n" + token_line(1))
    commit_all(repo)
    write(repo, "conf.env", "A=1\n" + token_line(2))  # the token on line 2 was replaced
    git(repo, "add", "conf.env")
    assert found(run_staged(settings)) == {(APP, "conf.env", 2)}


def test_new_files_in_the_first_commit_are_all_added(repo, settings):
    write(repo, "a/b/c.txt", "x\n" + token_line(1))
    git(repo, "add", "-A")
    assert found(run_staged(settings)) == {(APP, "a/b/c.txt", 2)}


def test_renamed_file_reports_only_its_edits(repo, settings):
    write(repo, "old.sh", "".join(f"echo {i}\n" for i in range(20)) + token_line(1))
    commit_all(repo)
    git(repo, "mv", "old.sh", "new.sh")
    assert found(run_staged(settings)) == set()  # a move is not a new leak
    with open(repo / "new.sh", "a", encoding="utf-8") as fh:
        fh.write(token_line(2))
    git(repo, "add", "new.sh")
    result = run_staged(settings)
    assert found(result) == {(APP, "new.sh", 22)}
    assert found(run_staged(settings, all_lines=True)) == {(APP, "new.sh", 21), (APP, "new.sh", 22)}


def test_a_copied_file_is_new_at_its_new_path(repo, settings):
    write(repo, "a.sh", "echo a\n" + token_line(1))
    commit_all(repo)
    write(repo, "copy/a.sh", "echo a\n" + token_line(1))
    write(repo, "a.sh", "echo a\n" + token_line(1) + "echo b\n")  # modified source: git could pair a copy
    git(repo, "add", "-A")
    assert found(run_staged(settings)) == {(APP, "copy/a.sh", 2)}


def test_deleted_files_are_ignored(repo, settings):
    write(repo, "leak.sh", token_line(1))
    write(repo, "keep.txt", "x\n")
    commit_all(repo)
    git(repo, "rm", "-q", "leak.sh")
    result = run_staged(settings)
    assert (found(result), result.files_scanned, result.problems) == (set(), 0, [])


def test_named_paths_narrow_to_those_staged_files(repo, settings):
    write(repo, "README", "x\n")
    commit_all(repo)
    write(repo, "a.sh", token_line(1))
    write(repo, "b.sh", token_line(2))
    write(repo, "sub/c.sh", token_line(3))
    git(repo, "add", "-A")
    result = run_staged(settings, ["b.sh", "README", "sub"])
    assert found(result) == {(APP, "b.sh", 1), (APP, "sub/c.sh", 1)}
    assert result.notes == ["README: no staged change, nothing to scan"]


def test_paths_are_shown_relative_to_the_current_directory(repo, settings, monkeypatch):
    write(repo, "top.sh", token_line(1))
    write(repo, "sub/inner.sh", token_line(2))
    git(repo, "add", "-A")
    monkeypatch.chdir(repo / "sub")
    assert found(run_staged(settings)) == {(APP, "../top.sh", 1), (APP, "inner.sh", 1)}
    assert found(run_staged(settings, ["inner.sh"])) == {(APP, "inner.sh", 1)}


def test_odd_file_names_keep_their_line_numbers(repo, settings):
    names = ["sp ace.sh", "ta\tb.sh", "ünï.sh", 'q"uote.sh', "back\\slash.sh"]
    for i, name in enumerate(names):
        write(repo, name, "x\n" + token_line(i))
    commit_all(repo)
    for i, name in enumerate(names):
        write(repo, name, "x\n" + token_line(i) + "y\n" + token_line(10 + i))
    git(repo, "add", "-A")
    assert found(run_staged(settings)) == {(APP, name, 4) for name in names}


def test_an_added_line_that_looks_like_a_diff_header_is_still_content(repo, settings):
    write(repo, "notes.md", "start\n")
    commit_all(repo)
    write(repo, "notes.md", "start\n++ b/other.md\n@@ -1 +1 @@\n" + token_line(1))
    git(repo, "add", "notes.md")
    assert found(run_staged(settings)) == {(APP, "notes.md", 4)}


def test_symlinks_and_oversized_files_are_reported_not_read(repo, settings):
    write(repo, "README", "x\n")
    commit_all(repo)
    os.symlink("README", repo / "link")
    write(repo, "big.sh", token_line(1) * 100)
    git(repo, "add", "-A")
    result = run_staged(replace(settings, max_file_size=1000))
    assert found(result) == set()
    assert [(p.path, p.error) for p in result.problems] == [("big.sh", True), ("link", False)]
    assert result.problems[0].reason.startswith(f"larger than the size limit ({len(token_line(1)) * 100} > 1000 bytes")
    assert result.exit_code(settings.fail_on) == 3


def test_an_oversized_binary_is_skipped_and_utf16_is_read(repo, settings):
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (repo / "w.ps1").write_bytes("\ufeff# x\r\n".encode("utf-16-le") + token_line(2).encode("utf-16-le"))
    git(repo, "add", "-A")
    result = run_staged(replace(settings, max_file_size=1000))
    assert found(result) == {(APP, "w.ps1", 2)}
    assert [(p.path, p.reason, p.error) for p in result.problems] == [("logo.png", "binary (PNG image)", False)]
    assert result.exit_code(settings.fail_on) == 1


def test_an_unmerged_file_is_an_error(repo, settings):
    write(repo, "f.sh", "a\n")
    commit_all(repo)
    git(repo, "checkout", "-q", "-b", "other")
    write(repo, "f.sh", "b\n")
    commit_all(repo)
    git(repo, "checkout", "-q", "main")
    write(repo, "f.sh", "c\n")
    commit_all(repo)
    subprocess.run(["git", "merge", "-q", "other"], cwd=repo, env=git_test_env(), capture_output=True)
    result = run_staged(settings)
    assert [(p.path, p.error) for p in result.problems] == [("f.sh", True)]


GIT_COMMANDS = {"rev-parse", "hash-object", "diff-index", "cat-file", "config"}


def test_git_runs_a_fixed_number_of_times_whatever_the_number_of_files(repo, settings, monkeypatch):
    write(repo, "README", "x\n")
    commit_all(repo)
    calls: list[str] = []
    real_popen = subprocess.Popen

    def popen(cmd, *a, **kw):  # subprocess.run goes through Popen too
        calls.append(next(arg for arg in cmd if arg in GIT_COMMANDS))
        return real_popen(cmd, *a, **kw)

    for count in (2, 40):
        for i in range(count):
            write(repo, f"batch{count}/f{i}.sh", token_line(i))
        git(repo, "add", "-A")
        calls.clear()
        gitutil._driver_overrides.cache_clear()
        with monkeypatch.context() as patch:
            patch.setattr(subprocess, "Popen", popen)
            result = run_staged(settings, [f"batch{count}"])
        assert found(result) == {(APP, f"batch{count}/f{i}.sh", 1) for i in range(count)}
        # `config` once: gitutil reads which drivers the repository's config names, to neutralise them
        assert calls == ["config", "rev-parse", "rev-parse", "diff-index", "cat-file", "diff-index"]


def test_outside_a_commit_pre_commit_means_the_named_working_copies(repo, settings):
    write(repo, "conf.env", "A=1\n" + token_line(1))
    commit_all(repo)  # nothing staged, as under `pre-commit run --all-files`
    result = run_staged(settings, ["conf.env"], environ={"PRE_COMMIT": "1"})
    assert found(result) == {(APP, "conf.env", 2)}
    assert result.notes[0] == staged.OUTSIDE_COMMIT_NOTE
    inside = run_staged(settings, ["conf.env"], environ={"PRE_COMMIT": "1", "GIT_INDEX_FILE": ".git/index"})
    assert found(inside) == set()
    assert inside.notes == ["conf.env: no staged change, nothing to scan"]


HOOK = """#!/bin/sh
exec "{python}" -m tokenlint scan --staged --color never
"""


@pytest.fixture
def hooked(repo) -> Path:
    """A repository whose own pre-commit hook runs tokenlint, to see what git hands a hook."""
    write(repo, "app.sh", "echo start\n")
    commit_all(repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(HOOK.format(python=sys.executable))
    hook.chmod(0o755)
    return repo


def commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "commit", "-q", "-m", "m", *args], cwd=repo, env=git_test_env(),
                          capture_output=True, text=True)


@pytest.mark.parametrize("args", [("-a",), ("app.sh",)], ids=["commit-a", "commit-path"])
def test_a_commit_that_stages_on_the_fly_is_judged_by_its_temporary_index(hooked, args):
    """`git commit -a` and `git commit PATH` hand the hook a temporary index in GIT_INDEX_FILE."""
    write(hooked, "app.sh", "echo start\n" + token_line(1))  # not staged beforehand
    refused = commit(hooked, *args)
    output = refused.stdout + refused.stderr  # git hands a hook's output to stderr
    assert refused.returncode != 0
    assert "app.sh\n  2:10" in output and "TL001 app-password" in output
    assert make("app-password", seed=1) not in output
    write(hooked, "app.sh", "echo start\necho clean\n")
    assert commit(hooked, *args).returncode == 0


def test_cli_usage_errors_are_one_line(tmp_path):
    env = git_test_env()
    out = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--all-lines", "."], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "--all-lines only applies with --staged" in out.stderr
    out = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--staged"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert (out.returncode, out.stderr) == (2, "tokenlint: error: .: not inside a git work tree\n")
