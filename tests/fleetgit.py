"""Small git repositories for the fleet tests: real repositories in temp folders, fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tokengen import make

CLEAN = "curl -H \"Authorization: Bearer $BITBUCKET_ACCESS_TOKEN\" https://api.bitbucket.org/2.0/repositories/ws/r/pullrequests\n"


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    out.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ada",
               GIT_AUTHOR_EMAIL="ada@example.test", GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.test",
               GIT_AUTHOR_DATE="1700000000 +0000", GIT_COMMITTER_DATE="1700000000 +0000")
    return out


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always", *args], cwd=cwd,
                         env=env(), check=True, capture_output=True)
    return out.stdout.decode().strip()


def leaky(seed: int = 1) -> str:
    """A deploy script that sends an app password (app-password at line 2, column 14)."""
    return f"#!/bin/sh\ncurl -u jdoe:{make('app-password', seed)} https://api.bitbucket.org/2.0/repositories/ws/r\n"


def repo(root: Path, files: dict[str, str], branch: str = "main") -> Path:
    """A work tree with one commit holding `files`."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", branch)
    commit(root, files)
    return root


def commit(root: Path, files: dict[str, str | None], message: str = "change") -> str:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def found(record: dict) -> list[tuple[str, str, int, str]]:
    """(rule, path, line, scope) of a record's findings, sorted."""
    return sorted((f["rule"], f["path"], f["line"], f["scope"]) for f in record["findings"])
