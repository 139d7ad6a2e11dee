"""Repository tricks that would make the tree scan list fewer files than the folder holds, and
file names that look like options or like standard input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tokenlint import api

from test_staged import APP, found, git, git_test_env, token_line, write


def scan(path: Path) -> api.ScanResult:
    return api.scan(api.load_settings([str(path)]))


def tokenlint(cwd: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, env=git_test_env(**env), timeout=60)


@pytest.fixture
def outer(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "outer"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "README", "outer\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "outer")
    monkeypatch.chdir(root)
    return root


def test_an_untracked_nested_repository_is_scanned_with_its_own_gitignore(outer):
    nested = outer / "vendor" / "tool"
    nested.mkdir(parents=True)
    git(nested, "init", "-q")
    write(nested, "deploy.sh", token_line(1))
    write(nested, ".gitignore", "local.sh\n")
    write(nested, "local.sh", token_line(2))
    result = scan(Path("."))
    assert found(result) == {(APP, "vendor/tool/deploy.sh", 1)}
    assert result.problems == []


def test_a_checked_out_submodule_is_scanned_and_one_not_checked_out_is_named(outer, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    git(lib, "init", "-q", "-b", "main")
    write(lib, "lib.sh", token_line(3))
    git(lib, "add", "-A")
    git(lib, "commit", "-q", "-m", "lib")
    git(outer, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "lib")
    git(outer, "commit", "-q", "-m", "add lib")
    assert found(scan(Path("."))) == {(APP, "lib/lib.sh", 1)}

    bare = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(outer), str(bare)], check=True, env=git_test_env(), capture_output=True)
    result = scan(bare)
    assert found(result) == set()
    assert [(p.path, p.reason, p.error) for p in result.problems] == [
        (f"{bare.as_posix()}/lib", "submodule not checked out: no files to scan", False)]


def test_core_worktree_pointing_elsewhere_does_not_hide_the_folder(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (tmp_path / "elsewhere").mkdir()
    git(repo, "config", "core.worktree", str(tmp_path / "elsewhere"))
    write(repo, "deploy.sh", token_line(4))
    monkeypatch.chdir(tmp_path)
    result = scan(Path("repo"))
    assert found(result) == {(APP, "repo/deploy.sh", 1)}
    assert [(p.path, p.error) for p in result.problems] == [("repo", False)]
    assert result.problems[0].reason.startswith(f"git's work tree for this folder is {tmp_path / 'elsewhere'} ")


def test_a_git_file_pointing_at_another_repository_does_not_hide_the_folder(tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / ".git" / "info" / "exclude").write_text("*\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / ".git").write_text(f"gitdir: {other / '.git'}\n")
    write(folder, "deploy.sh", token_line(5))
    monkeypatch.chdir(tmp_path)
    assert found(scan(Path("folder"))) == {(APP, "folder/deploy.sh", 1)}


def test_only_the_trees_gitignore_files_hide_untracked_files(outer):
    (outer / ".git" / "info" / "exclude").write_text("*\n")
    git(outer, "config", "core.excludesFile", str(outer / ".git" / "info" / "exclude"))
    write(outer, "deploy.sh", token_line(6))
    write(outer, ".gitignore", "*.log\n")
    write(outer, "sub/debug.log", token_line(7))
    assert found(scan(Path("."))) == {(APP, "deploy.sh", 1)}
    assert found(scan(Path("sub"))) == set()  # the top's .gitignore applies to a sub-folder scan too


def test_a_file_named_dash_in_a_folder_is_read_from_disk_not_stdin(outer):
    write(outer, "-", token_line(8))
    proc = tokenlint(outer, "scan", ".", "--format", "json")  # standard input is empty
    assert proc.returncode == 1, proc.stderr
    assert '"path": "-"' in proc.stdout and '"line": 1' in proc.stdout


def test_staged_names_after_double_dash_are_files(outer):
    for name in ("--help", "--fail-on=critical", "-"):
        write(outer, name, token_line(10))
    git(outer, "add", "--", "--help", "--fail-on=critical", "-")
    proc = tokenlint(outer, "scan", "--staged", "--format", "json", "--", "--help", "--fail-on=critical")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count('"rule": "app-password"') == 2
    # pre-commit never pipes standard input: there `-` is the staged file named `-`
    dash = tokenlint(outer, "scan", "--staged", "--format", "json", "--", "-", PRE_COMMIT="1", GIT_INDEX_FILE=".git/index")
    assert dash.returncode == 1 and '"path": "-"' in dash.stdout, dash.stderr
    # an option-like name that is no staged file is an error, not a silently empty scan
    stray = tokenlint(outer, "scan", "--staged", "--", "--fail-on", "high")
    assert stray.returncode == 2
    assert stray.stderr.startswith("tokenlint: error: '--fail-on' is neither an option here nor a staged file")
