"""Which repositories a fleet covers: found below folders, named in list files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tokenlint.errors import TokenlintError
from tokenlint.fleet import sources
from tokenlint.fleet.model import RepoSpec

from fleetgit import CLEAN, git, repo


def names(found: sources.Found) -> list[str]:
    return [s.name for s in found.specs]


def test_folders_find_work_trees_bare_and_nested_repositories_once(tmp_path: Path) -> None:
    top = tmp_path / "src"
    repo(top / "app", {"run.sh": CLEAN})
    repo(top / "app" / "vendor" / "lib", {"x.sh": CLEAN})  # nested: its own entry
    git(tmp_path, "init", "-q", "--bare", str(top / "mirror.git"))
    repo(top / "team" / "svc", {"x.sh": CLEAN})
    # a bare-looking folder inside .git (absorbed submodules live there) is not a repository of the fleet
    git(tmp_path, "init", "-q", "--bare", str(top / "app" / ".git" / "modules" / "sub"))
    # inside a bare repository, nothing is searched either
    (top / "mirror.git" / "hooks" / "inner" / ".git").mkdir(parents=True)
    os.symlink("..", top / "team" / "loop")  # a link loop: not followed twice
    os.symlink(top / "app", top / "team" / "app-again")  # a second way to a repository: scanned once

    found = sources.from_folders([str(top)])

    assert names(found) == [str(top / "app"), str(top / "app" / "vendor" / "lib"), str(top / "mirror.git"),
                            str(top / "team" / "svc")]
    assert [s.kind for s in found.specs] == ["path"] * 4
    assert found.warnings == []


def test_a_folder_that_is_a_repository_is_one_and_a_missing_one_is_kept_to_fail(tmp_path: Path) -> None:
    repo(tmp_path / "one", {"x.sh": CLEAN})
    found = sources.from_folders([str(tmp_path / "one"), str(tmp_path / "nope")])
    assert names(found) == [str(tmp_path / "one"), str(tmp_path / "nope")]


def test_list_file_paths_urls_comments_blanks_duplicates(tmp_path: Path) -> None:
    repo(tmp_path / "a", {"x.sh": CLEAN})
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "repos.txt").write_text(
        "# the team's repositories\n"
        "\n"
        "../a\n"
        "   ../a/   \n"  # the same repository, spelled otherwise
        "../missing\n"
        "https://x-token-auth:hunter2hunter2@bitbucket.org/ws/svc.git\n"
        "https://bitbucket.org/ws/svc\n"  # the same URL without credentials and .git
        "git@bitbucket.org:ws/other.git\n"
        "  # indented comment\n")
    listed = str(lists / "repos.txt")

    found = sources.from_list(listed)

    assert found.specs == [
        RepoSpec(str(tmp_path / "a"), str(tmp_path / "a")),
        RepoSpec(str(tmp_path / "missing"), str(tmp_path / "missing")),
        RepoSpec("https://bitbucket.org/ws/svc.git", "https://x-token-auth:hunter2hunter2@bitbucket.org/ws/svc.git",
                 "url"),
        RepoSpec("git@bitbucket.org:ws/other.git", "git@bitbucket.org:ws/other.git", "url"),
    ]
    assert found.warnings == [
        f"{listed}:4: {tmp_path / 'a'} is already listed ({listed}:3); scanned once",
        f"{listed}:7: https://bitbucket.org/ws/svc is already listed ({listed}:6); scanned once",
    ]


def test_a_list_file_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(TokenlintError, match=r"--list .*nope.txt: cannot read it \(No such file or directory\)"):
        sources.from_list(str(tmp_path / "nope.txt"))
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(TokenlintError, match="not UTF-8 text"):
        sources.from_list(str(tmp_path / "bin.txt"))


def test_urls_lose_their_credentials_and_cache_folders_are_stable(tmp_path: Path) -> None:
    assert sources.without_credentials("https://u:p@host:8443/a/b.git?x=1#f") == "https://host:8443/a/b.git?x=1"
    assert sources.without_credentials("git@host:a/b.git") == "git@host:a/b.git"
    assert sources.is_url("file:///srv/a.git") and sources.is_url("git@host:a/b")
    assert not sources.is_url("./a:b") and not sources.is_url("relative/path")
    with_token = sources.cache_folder(tmp_path, "https://u:secret@bitbucket.org/ws/svc.git")
    assert with_token == sources.cache_folder(tmp_path, "https://bitbucket.org/ws/svc.git")
    assert with_token.parent == tmp_path and with_token.name.startswith("svc-") and with_token.name.endswith(".git")
    assert sources.cache_folder(tmp_path, "https://bitbucket.org/other/svc.git") != with_token


def test_default_cache_dir_follows_xdg() -> None:
    assert sources.default_cache_dir({"XDG_CACHE_HOME": "/c"}) == Path("/c/tokenlint/fleet")
    assert sources.default_cache_dir({}) == Path.home() / ".cache" / "tokenlint" / "fleet"
