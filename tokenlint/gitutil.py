"""Run git on repositories we do not trust.

A scanned repository's own config can name programs for git to run (core.fsmonitor, hooks,
core.sshCommand, diff/textconv drivers, filters, credential helpers, pagers). Every git call
tokenlint makes goes through `git_command`, which neutralises those and keeps the user's
system and global config out of the way too.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.sshCommand=/bin/false",
    "core.pager=cat",
    "core.askPass=",
    "core.untrackedCache=false",
    "credential.helper=",
    "diff.external=",
    "protocol.allow=never",
    "uploadpack.packObjectsHook=",
    "safe.directory=*",
    # `git log` verifies signatures when log.showSignature is set, running gpg.program (or
    # its ssh/x509 siblings) from the repository's config, even with --format=%H.
    "log.showSignature=false",
    "gpg.program=/bin/false",
    "gpg.ssh.program=/bin/false",
    "gpg.x509.program=/bin/false",
    "core.alternateRefsCommand=",
)


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "/bin/false",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_PAGER": "cat",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",  # read the objects stored, not refs/replace stand-ins that hide them
        "LC_ALL": "C",
    })
    return env


def git_command(repo: str | Path, *args: str) -> list[str]:
    cmd = ["git", "-C", str(repo), "--no-pager"]
    for item in SAFE_CONFIG:
        cmd += ["-c", item]
    return cmd + list(args)


def run_git(repo: str | Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(git_command(repo, *args), capture_output=True, env=git_env(), check=check,
                          stdin=subprocess.DEVNULL)


def work_tree_root(path: str | Path) -> Path | None:
    """The top of the git work tree holding `path`, or None outside one (or without git)."""
    try:
        out = run_git(path, "rev-parse", "--show-toplevel", check=False)
    except OSError:
        return None
    if out.returncode != 0:
        return None
    return Path(os.fsdecode(out.stdout.strip()))
