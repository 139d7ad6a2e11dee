"""A scanned repository whose config names a program at every place git would run one.

Every known command-valued config key (and the caller's GIT_ variables that name programs)
writes its own marker file. The control shows plain git runs them; then each tokenlint
subcommand that runs git on the repository (`scan` of the work tree, `scan --staged`,
`history`, and `ci`, which must fetch the base branch from a local "remote") runs, and no
marker may appear.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tokenlint import ci, gitutil

from test_staged import git, git_test_env, token_line, write

FEATURE_FINDINGS = {("app-password", "leak.sh", 1)}


def trap(markers: Path, name: str, tail: str = "exit 1") -> str:
    script = markers.parent / "traps" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(f"#!/bin/sh\ntouch '{markers / name}'\n{tail}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture
def hostile(tmp_path: Path) -> dict:
    markers = tmp_path / "markers"
    markers.mkdir()
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    write(origin, ".gitattributes", "* filter=x diff=x merge=x\n*.sh filter=y diff=y\n")
    write(origin, "README", "app\n")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "m1")
    git(origin, "checkout", "-q", "-b", "feature")
    write(origin, "leak.sh", token_line(1))
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "f1")
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--single-branch", "--branch", "feature",
                    f"file://{origin}", str(work)], check=True, env=git_test_env(), capture_output=True)
    write(work, "staged.sh", token_line(2))
    git(work, "add", "staged.sh")  # staged before the traps are set: plain `git add` would run the filters

    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("reference-transaction", "post-index-change", "pre-auto-gc", "post-checkout", "post-merge",
                 "pre-commit", "fsmonitor-watchman", "post-rewrite"):
        os.symlink(trap(markers, f"hook-{hook}", "exit 0"), hooks / hook)
    (work / ".git" / "hooks" / "reference-transaction").symlink_to(trap(markers, "default-hooks-dir", "exit 0"))
    included = tmp_path / "included.cfg"
    textconv = trap(markers, "included-textconv", 'cat "$1"')
    included.write_text(f"[filter \"y\"]\n\tprocess = {trap(markers, 'included-filter-process')}\n"
                        f"\tclean = {trap(markers, 'included-filter-clean', 'cat')}\n"
                        f"[diff \"y\"]\n\ttextconv = {textconv}\n")
    conditional = tmp_path / "conditional.cfg"
    conditional.write_text(f"[core]\n\tfsmonitor = {trap(markers, 'includeif-fsmonitor')}\n")
    config = {
        "core.fsmonitor": trap(markers, "fsmonitor"),
        "core.hooksPath": str(hooks),
        "core.sshCommand": trap(markers, "ssh-command"),
        "core.gitProxy": trap(markers, "git-proxy"),
        "core.askPass": trap(markers, "askpass"),
        "core.pager": trap(markers, "pager", "cat"),
        "core.editor": trap(markers, "editor"),
        "core.alternateRefsCommand": trap(markers, "alternate-refs", "exit 0"),
        "pager.log": trap(markers, "pager-log", "cat"),
        "pager.diff": trap(markers, "pager-diff", "cat"),
        "credential.helper": "!" + trap(markers, "credential"),
        f"credential.file://{origin}.helper": "!" + trap(markers, "credential-url"),
        "diff.external": trap(markers, "diff-external"),
        "diff.x.textconv": trap(markers, "textconv", 'cat "$1"'),
        "diff.x.command": trap(markers, "diff-command"),
        "filter.x.clean": trap(markers, "filter-clean", "cat"),
        "filter.x.smudge": trap(markers, "filter-smudge", "cat"),
        "filter.x.process": trap(markers, "filter-process"),
        "filter.x.required": "true",
        "merge.x.driver": trap(markers, "merge-driver"),
        "remote.origin.uploadpack": trap(markers, "uploadpack", 'exec git-upload-pack "$@"'),
        "remote.origin.receivepack": trap(markers, "receivepack"),
        "log.showSignature": "true",
        "gpg.program": trap(markers, "gpg"),
        "gpg.ssh.program": trap(markers, "gpg-ssh"),
        "gpg.x509.program": trap(markers, "gpg-x509"),
        "gpg.ssh.defaultKeyCommand": trap(markers, "gpg-ssh-key"),
        "uploadpack.packObjectsHook": trap(markers, "pack-objects-hook"),
        "gc.auto": "1",
        "maintenance.auto": "true",
        "fetch.recurseSubmodules": "true",
        "include.path": str(included),
        f"includeIf.gitdir:{work}/.path": str(conditional),
        "color.ui": "always",
    }
    for key, value in config.items():
        git(work, "config", key, value)
    caller_env = {  # the caller's own GIT_ variables that name programs are dropped too
        "GIT_SSH_COMMAND": trap(markers, "env-ssh-command"), "GIT_SSH": trap(markers, "env-ssh"),
        "GIT_PROXY_COMMAND": trap(markers, "env-proxy"), "GIT_EXTERNAL_DIFF": trap(markers, "env-external-diff"),
        "GIT_ASKPASS": trap(markers, "env-askpass"), "GIT_PAGER": trap(markers, "env-pager", "cat"),
        "GIT_CONFIG_PARAMETERS": f"'core.fsmonitor'='{trap(markers, 'env-config-parameters')}'",
        "GIT_EDITOR": trap(markers, "env-editor"),
    }
    return {"work": work, "origin": origin, "markers": markers, "env": caller_env}


def marked(markers: Path) -> list[str]:
    return sorted(p.name for p in markers.iterdir())


def test_plain_git_runs_the_traps(hostile):
    """Control: the traps are live, so their absence below means tokenlint stopped them."""
    work, markers = hostile["work"], hostile["markers"]
    env = git_test_env()
    subprocess.run(["git", "-c", "protocol.file.allow=always", "fetch", "-q", "--deepen=1", "origin"], cwd=work,
                   env=env, capture_output=True)
    subprocess.run(["git", "status"], cwd=work, env=env, capture_output=True)
    subprocess.run(["git", "log", "-p", "-1"], cwd=work, env=env, capture_output=True)
    subprocess.run(["git", "fetch", "git://example.invalid/x"], cwd=work, env=env, capture_output=True, timeout=60)
    subprocess.run(["git", "update-ref", "refs/heads/control", "HEAD"], cwd=work, env=env, capture_output=True)
    for name in ("README", "leak.sh"):  # hashing a file as git add would runs its clean filter
        subprocess.run(["git", "hash-object", f"--path={name}", name], cwd=work, env=env, capture_output=True)
    assert {"uploadpack", "git-proxy", "includeif-fsmonitor", "filter-process", "included-filter-process",
            "hook-reference-transaction"} <= set(marked(markers))


COMMANDS = {
    "scan": ["scan", "."],
    "scan --staged": ["scan", "--staged"],
    "history": ["history", "."],
    "ci": ["ci", "."],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_no_subcommand_runs_a_program_the_repository_names(hostile, name):
    work, markers = hostile["work"], hostile["markers"]
    env = {**git_test_env(), **hostile["env"], "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
           "GITHUB_BASE_REF": "main"}
    proc = subprocess.run([sys.executable, "-m", "tokenlint", *COMMANDS[name], "--format", "json"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert marked(markers) == [], proc.stderr
    report = json.loads(proc.stdout)
    rows = {(f["rule"], f["path"], f["line"]) for f in report["findings"]}
    expected = {"scan": {("app-password", "leak.sh", 1), ("app-password", "staged.sh", 1)},
                "scan --staged": {("app-password", "staged.sh", 1)},
                "history": FEATURE_FINDINGS, "ci": FEATURE_FINDINGS}[name]
    assert (proc.returncode, rows) == (1, expected), proc.stdout + proc.stderr
    if name == "ci":  # the base branch was fetched (the clone had only the feature branch): over the trap's remote
        assert git(work, "rev-parse", "--verify", "refs/remotes/origin/main").strip()


@pytest.mark.parametrize("url, helper", [
    ("git://example.invalid/x", None),  # core.gitProxy would run for git://
    ("ssh://example.invalid/x", None),  # core.sshCommand for ssh://
    ("ext::sh -c 'touch {markers}/ext'", None),  # the ext transport runs a shell command
    ("evil::x", "evil"),  # <helper>::<address> runs git-remote-<helper> from PATH
    ("file:///nonexistent", "evil"),  # remote.<name>.vcs names a remote helper whatever the URL
])
def test_fetch_uses_no_transport_that_runs_a_program(hostile, tmp_path, monkeypatch, url, helper):
    work, markers = hostile["work"], hostile["markers"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(trap(markers, "remote-helper"), bin_dir / "git-remote-evil")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    git(work, "remote", "add", "other", url.format(markers=markers))
    if helper and "::" not in url:
        git(work, "config", "remote.other.vcs", helper)
    ci._fetch(work, "other", "refs/heads/main")
    assert marked(markers) == []


def test_every_command_git_runs_carries_the_safe_config(tmp_path):
    cmd = gitutil.fetch_command(tmp_path, "--", "origin")
    assert "--upload-pack=git-upload-pack" in cmd and "protocol.allow=never" in cmd
    assert "protocol.git.allow=always" not in cmd and "protocol.ext.allow=always" not in cmd
    assert gitutil.git_env()["GIT_PROXY_COMMAND"] == "" and "GIT_SSH_COMMAND" not in gitutil.git_env()
