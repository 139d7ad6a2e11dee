"""Which Bitbucket repository a work tree was cloned from: what the Pipelines built-ins
`$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG` stand for when its own files are scanned."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tokenlint import gitutil

_ORIGIN = re.compile(
    r"^(?:(?:https?|ssh)://(?:[^@/\s]+@)?|[^@/\s]+@)(?:www\.)?bitbucket\.org(?::\d+)?[:/]"
    r"([A-Za-z0-9_-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$"
)


def this_repository(path: str | Path) -> str | None:
    """WORKSPACE/REPO of the origin remote when `path` is in a git work tree cloned from
    bitbucket.org. The remote is read as data (`git config --get`), never by running anything
    the repository's config names."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    root = gitutil.work_tree_root(folder)
    if root is None:
        return None
    out = gitutil.run_git(root, "config", "--get", "remote.origin.url", check=False)
    m = _ORIGIN.match(os.fsdecode(out.stdout.strip())) if out.returncode == 0 else None
    return f"{m.group(1)}/{m.group(2)}" if m else None


def remotes(path: str | Path) -> dict[str, str]:
    """NAME -> URL of every remote of the work tree holding `path` (empty outside one), read as
    data: what `git push NAME` in a script of this repository reaches when the script does not
    say."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    root = gitutil.work_tree_root(folder)
    if root is None:
        return {}
    out = gitutil.run_git(root, "config", "--get-regexp", r"^remote\..*\.url$", check=False)
    found: dict[str, str] = {}
    for line in os.fsdecode(out.stdout).splitlines() if out.returncode == 0 else []:
        key, _, url = line.partition(" ")
        found.setdefault(key[len("remote."):-len(".url")], url.strip())
    return found
