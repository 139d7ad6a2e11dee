"""Run git on repositories we do not trust: one environment and one set of config overrides.

A scanned repository's config (its .git/config, any file that config includes with
include.path / includeIf, a config.worktree) and its .gitattributes can name programs for git
to run. Every git call tokenlint makes, `fetch` included, is built here (`git_command`,
`fetch_command`) and run with `git_env()`, so none of them can. Values given with `-c` (and
`--config-env`) are read after every config file, so they win over the repository's, included
files or not.

Config keys and variables that make git run a command, and how each is neutralised
(researched from git-config(1), gitattributes(5), githooks(5), git(1) ENVIRONMENT, gitremote-helpers(7)):

- core.fsmonitor (a hook command, or `true` to start the built-in daemon): `core.fsmonitor=false`.
- hooks (.git/hooks/*, core.hooksPath; fetch runs reference-transaction): `core.hooksPath=/dev/null`.
- core.sshCommand, GIT_SSH, GIT_SSH_COMMAND: dropped from the environment; `core.sshCommand=/bin/false`,
  and `ssh` for a fetch, which may use ssh.
- core.gitProxy (run for git:// URLs; "first match wins", so `-c` cannot override it),
  GIT_PROXY_COMMAND: GIT_PROXY_COMMAND set to the empty string, which git takes first and
  reads as "no proxy"; git:// is not among the transports a fetch may use anyway.
- remote.<name>.uploadpack / receivepack (run by a fetch or push over file:// or ssh):
  every one the config names is overridden with `--config-env`, and a fetch passes
  `--upload-pack=git-upload-pack`, which git prefers to the config.
- remote.<name>.vcs, `<helper>::<url>`, url.<base>.insteadOf rewriting to `ext::` or a helper:
  `protocol.allow=never`; a fetch allows only file, https, http and ssh (`protocol.<name>.allow`),
  and GIT_PROTOCOL_FROM_USER=0.
- filter.<driver>.clean / smudge / process (chosen by .gitattributes): every driver the config
  names is emptied; GIT_ATTR_NOSYSTEM=1 keeps the system attributes out.
- diff.<driver>.textconv / command, diff.external, GIT_EXTERNAL_DIFF: drivers emptied,
  `diff.external=`, GIT_EXTERNAL_DIFF empty (callers also pass --no-textconv --no-ext-diff).
- merge.<driver>.driver: emptied (no command tokenlint runs merges, but it costs nothing).
- credential.helper and credential.<url>.helper: `credential.helper=` (an empty value resets the
  list, including helpers from URL-specific sections read before it).
- core.askPass, GIT_ASKPASS: `core.askPass=`, GIT_ASKPASS=/bin/false, GIT_TERMINAL_PROMPT=0.
- core.pager, pager.<cmd>, GIT_PAGER: `--no-pager`, `core.pager=cat`, GIT_PAGER=cat.
- gpg.program, gpg.<format>.program, gpg.ssh.defaultKeyCommand (signature checks that
  log.showSignature turns on): `log.showSignature=false` and each program set to /bin/false.
- core.alternateRefsCommand (run on the alternates of a repository during a fetch): emptied.
- uploadpack.packObjectsHook: emptied (git reads it from protected config only, anyway).
- maintenance / gc run after a fetch (`git maintenance run --auto`): `maintenance.auto=false`,
  `gc.auto=0`, and fetch passes `--no-auto-maintenance`.
- submodule recursion (a fetch that recurses runs git in each submodule with its own config):
  `fetch.recurseSubmodules=false`, `submodule.recurse=false`, fetch passes --no-recurse-submodules.
- lazy fetches of a partial clone's missing objects (any read could start a fetch):
  `protocol.allow=never` outside `fetch_command`, and GIT_NO_LAZY_FETCH=1 where git knows it.
- the system and global config, trace2 targets (read from those only), GIT_CONFIG_PARAMETERS,
  GIT_CONFIG_COUNT, GIT_EXEC_PATH, GIT_DIR, GIT_WORK_TREE and every other GIT_ variable of the
  caller: dropped; GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=/dev/null.

Not commands, but state that could change what git reports: replace refs (GIT_NO_REPLACE_OBJECTS),
core.worktree and `.git` files (sources.tree checks where the work tree really is).
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.sshCommand=/bin/false",
    "core.pager=cat",
    "core.askPass=",
    "core.untrackedCache=false",
    "core.alternateRefsCommand=",
    "credential.helper=",
    "diff.external=",
    "protocol.allow=never",
    "uploadpack.packObjectsHook=",
    "safe.directory=*",
    # `git log` verifies signatures when log.showSignature is set, running gpg.program (or
    # its ssh/x509 siblings) from the repository's config, even with --format=%H.
    "log.showSignature=false",
    "gpg.program=/bin/false",
    "gpg.openpgp.program=/bin/false",
    "gpg.ssh.program=/bin/false",
    "gpg.x509.program=/bin/false",
    "gpg.ssh.defaultKeyCommand=",
    "maintenance.auto=false",
    "gc.auto=0",
    "fetch.recurseSubmodules=false",
    "submodule.recurse=false",
)

# The transports a fetch may use: what CI clones use. Not git:// (unauthenticated, and the
# one core.gitProxy applies to), not ext:: or any remote helper.
FETCH_PROTOCOLS = ("file", "https", "http", "ssh")
FETCH_CONFIG = (*(f"protocol.{p}.allow=always" for p in FETCH_PROTOCOLS), "core.sshCommand=ssh")
FETCH_OPTIONS = ("--upload-pack=git-upload-pack", "--no-auto-maintenance", "--no-recurse-submodules",
                 "--no-write-fetch-head")

# Per-driver keys a repository's config may set to a command; each one found is overridden.
_DRIVER_KEYS = r"^(filter\..*\.(clean|smudge|process)|diff\..*\.(textconv|command)|merge\..*\.driver" \
               r"|remote\..*\.(uploadpack|receivepack))$"
# --config-env names an environment variable holding the value, so a driver name holding `=`
# (which `-c key=value` would split wrongly) is overridden too.
_EMPTY_VAR = "TOKENLINT_GIT_EMPTY"
_VALUE_VARS = {".uploadpack": ("TOKENLINT_GIT_UPLOAD_PACK", "git-upload-pack"),
               ".receivepack": ("TOKENLINT_GIT_RECEIVE_PACK", "git-receive-pack")}


def git_env() -> dict[str, str]:
    """The caller's environment without any GIT_ variable, plus the ones that keep git tame."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "/bin/false",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_PROXY_COMMAND": "",  # set but empty: git looks no further (core.gitProxy) and uses no proxy
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_PAGER": "cat",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",  # read the objects stored, not refs/replace stand-ins that hide them
        "LC_ALL": "C",
        _EMPTY_VAR: "",
        **dict(_VALUE_VARS.values()),
    })
    return env


def _base_command(repo: str | Path) -> list[str]:
    cmd = ["git", "-C", str(repo), "--no-pager"]
    for item in SAFE_CONFIG:
        cmd += ["-c", item]
    return cmd


@lru_cache(maxsize=64)
def _driver_overrides(repo: str) -> tuple[str, ...]:
    """`--config-env` options emptying every command-valued driver key the repository's config sets.

    Driver names are free-form (`filter.<anything>.clean`), so they are read from the config
    itself (includes followed, as git would) rather than guessed. Read once per folder and
    process (`repo` is a real path): one more git call per scan, not per git call.
    """
    try:
        out = subprocess.run([*_base_command(repo), "config", "-z", "--name-only", "--get-regexp", _DRIVER_KEYS],
                             capture_output=True, env=git_env(), stdin=subprocess.DEVNULL)
    except OSError:
        return ()
    options = []
    for key in sorted({k for k in os.fsdecode(out.stdout).split("\0") if k and "\n" not in k}):
        var = next((v for suffix, (v, _) in _VALUE_VARS.items() if key.endswith(suffix)), _EMPTY_VAR)
        options.append(f"--config-env={key}={var}")
    return tuple(options)


def git_command(repo: str | Path, *args: str) -> list[str]:
    """git with the safe config and the repository's own command-valued drivers neutralised."""
    return [*_base_command(repo), *_driver_overrides(os.path.realpath(repo)), *args]


def fetch_command(repo: str | Path, *args: str) -> list[str]:
    """`git fetch` over the transports a CI clone uses, with no program from the repository's config.

    `args` are fetch's own options, then `--`, the remote and refspecs.
    """
    config = [item for setting in FETCH_CONFIG for item in ("-c", setting)]
    return git_command(repo, *config, "fetch", *FETCH_OPTIONS, *args)


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


def commit_id(repo: str | Path, rev: str) -> str | None:
    """The commit `rev` names in `repo`, or None when it names none (revisions never read as options)."""
    out = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    return out.stdout.decode("ascii").strip() if out.returncode == 0 else None


def first_line(stderr: bytes) -> str:
    """The first non-blank line of what git said, for a one-line message ("" when it said nothing)."""
    return next((line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()), "")[:200]
