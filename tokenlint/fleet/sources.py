"""Which repositories a fleet scan covers: found below folders, named in a list file, and the
clone or fetch of the ones given by URL into the fleet's cache folder.

A repository is found by its shape, never by running git on every folder: a folder holding
`.git` (a folder, or the file a linked work tree or submodule has) is a work tree, a folder
holding `HEAD`, `objects/` and `refs/` is a bare repository. The walk does not enter `.git` or
a bare repository (their insides hold no other repository), does enter a work tree (a nested
repository is one of its own), follows symbolic links but never into a folder it has already
walked (so a link loop, or two links to one repository, cost one visit), and reports what it
cannot read instead of stopping.

A URL is cloned as a bare mirror of the branches and tags into a folder of the cache named
after it (a readable part and a hash of the URL), and fetched again next time: a fleet scan
that runs every night transfers only what changed. Every git call goes through gitutil (no
hooks, filters, fsmonitor, credential helpers or other commands from any config), with
GIT_TERMINAL_PROMPT=0 and no askpass (a URL that wants credentials fails at once, it never
prompts), and within a time limit after which git and its helpers are killed. A token, when a
spec names one, reaches git through GIT_CONFIG_* environment variables as an Authorization
header for that URL's origin only: never on a command line (other users can read those), never
in the cache folder's config, never printed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import signal
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tokenlint import gitutil
from tokenlint.errors import TokenlintError
from tokenlint.fleet.model import RepoSpec

#: scp-like git addresses: `git@bitbucket.org:ws/repo.git` (not `C:\...`, not `./a:b`).
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_READABLE = re.compile(r"[^A-Za-z0-9._-]+")
#: What git says when a server wants credentials it has not got (prompts are off, askpass is /bin/false).
_AUTH_SIGNS = (b"askpass", b"could not read Username", b"could not read Password", b"Authentication failed",
               b"terminal prompts disabled")


class CloneError(Exception):
    """A URL that could not be cloned or fetched; the message is one line, without credentials."""


@dataclass
class Found:
    """The repositories of the sources, in the order found, and what was said about them
    (duplicates dropped, folders that could not be read): one line each, for stderr."""

    specs: list[RepoSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _seen: dict[str, str] = field(default_factory=dict)  # identity -> where it was first named

    def add(self, spec: RepoSpec, where: str) -> None:
        key = identity(spec)
        first = self._seen.get(key)
        if first is not None:
            self.warnings.append(f"{where}: {spec.name} is already listed ({first}); scanned once")
            return
        self._seen[key] = where
        self.specs.append(spec)


def is_url(text: str) -> bool:
    """Whether a list entry is a clone URL (scheme://… or user@host:path) rather than a local path."""
    return bool(_URL.match(text) or _SCP.match(text))


def without_credentials(url: str) -> str:
    """The URL with no user information (`https://x-token-auth:SECRET@host/…` -> `https://host/…`)."""
    if not _URL.match(url):
        return url  # scp-like: `git@host:` names the ssh user, not a secret
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("://", 1)[0] + "://[unparseable URL]"
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def identity(spec: RepoSpec) -> str:
    """What makes two specs the same repository: the real path of a local one, the URL without
    credentials (and a trailing `.git` or `/`) of a remote one."""
    if spec.kind == "url":
        return "url:" + without_credentials(spec.location).rstrip("/").removesuffix(".git")
    return "path:" + os.path.realpath(spec.location)


# --- folders ---------------------------------------------------------------------------------


def repository_kind(folder: str) -> str | None:
    """"worktree", "bare" or None, judged from what the folder holds."""
    if os.path.lexists(os.path.join(folder, ".git")):
        return "worktree"
    if (os.path.isfile(os.path.join(folder, "HEAD")) and os.path.isdir(os.path.join(folder, "objects"))
            and os.path.isdir(os.path.join(folder, "refs"))):
        return "bare"
    return None


def from_folders(folders: Iterable[str], found: Found | None = None) -> Found:
    """Every git repository at or below each folder. A folder that does not exist becomes a spec
    all the same (its record then fails with the reason), so a typo never passes for an empty fleet."""
    found = found if found is not None else Found()
    for folder in folders:
        if not os.path.isdir(folder):
            found.add(RepoSpec(name=folder, location=folder), folder)
            continue
        visited: set[tuple[int, int]] = set()
        for repo in _walk(folder, visited, found.warnings):
            found.add(RepoSpec(name=os.path.normpath(repo), location=repo), f"below {folder}")
    return found


def _walk(folder: str, visited: set[tuple[int, int]], warnings: list[str]) -> Iterator[str]:
    """Repositories at or below `folder`, depth first, each folder's entries in name order."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = os.stat(current)
        except OSError as exc:
            warnings.append(f"{current}: cannot read ({exc.strerror or exc}); not searched")
            continue
        if (st.st_dev, st.st_ino) in visited:
            continue  # a link back up (a loop), or a second way to a folder already walked
        visited.add((st.st_dev, st.st_ino))
        kind = repository_kind(current)
        if kind is not None:
            yield current
            if kind == "bare":
                continue
        try:
            with os.scandir(current) as it:
                entries = sorted((e.name, e.path) for e in it if e.name != ".git" and _is_dir(e))
        except OSError as exc:
            warnings.append(f"{current}: cannot read ({exc.strerror or exc}); not searched")
            continue
        stack.extend(path for _, path in reversed(entries))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a link: a loop is caught by the visited set
    except OSError:
        return False


# --- list files ------------------------------------------------------------------------------


def from_list(list_file: str, found: Found | None = None, token_env: str | None = None) -> Found:
    """The repositories a list file names, one a line: a local path (relative to the list
    file's folder) or a clone URL; blank lines and `#` comments are skipped, a repeated entry is
    dropped with a warning, a path that does not exist is kept (its record fails, saying so).
    TokenlintError when the list itself cannot be read."""
    found = found if found is not None else Found()
    try:
        with open(list_file, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise TokenlintError(f"--list {list_file}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise TokenlintError(f"--list {list_file}: not UTF-8 text (one path or clone URL a line)") from None
    base = os.path.dirname(list_file)
    for number, raw in enumerate(lines, 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        where = f"{list_file}:{number}"
        if is_url(entry):
            found.add(RepoSpec(name=without_credentials(entry), location=entry, kind="url", token_env=token_env), where)
        else:
            path = os.path.normpath(os.path.join(base, os.path.expanduser(entry)))
            found.add(RepoSpec(name=path, location=path), where)
    return found


# --- the clone cache -------------------------------------------------------------------------


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_CACHE_HOME/tokenlint/fleet, else ~/.cache/tokenlint/fleet."""
    root = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "tokenlint" / "fleet"


def cache_folder(cache_dir: Path, url: str) -> Path:
    """The folder a URL is cloned into: `<last part of its path>-<16 hex of its hash>.git`; the
    hash is of the URL without credentials, so a rotated token reuses the clone."""
    clean = without_credentials(url).rstrip("/")
    tail = re.split(r"[/:]", clean)[-1].removesuffix(".git")
    readable = _READABLE.sub("-", tail).strip("-.")[:40] or "repo"
    return cache_dir / f"{readable}-{hashlib.sha256(clean.encode()).hexdigest()[:16]}.git"


def cached_clone(spec: RepoSpec, cache_dir: Path, timeout: float,
                 environ: Mapping[str, str] = os.environ) -> Path:
    """The bare clone of `spec.location` in the cache, made or brought up to date now; CloneError
    (one line, no credentials) when git cannot. Concurrent runs wait for each other per folder."""
    target = cache_folder(cache_dir, spec.location)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock = os.open(f"{target}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise CloneError(f"cannot use the clone cache {cache_dir}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = _auth_env(spec, environ)
        if not (target / "HEAD").is_file():
            _git(gitutil.git_command(cache_dir, "init", "--bare", "--quiet", "--template=", str(target)),
                 env, timeout, spec)
        branch = _remote_head(target, spec, env, timeout)
        refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]
        _git(gitutil.fetch_command(target, "--prune", "--quiet", "--", spec.location, *refspecs), env, timeout, spec)
        if branch:
            _git(gitutil.git_command(target, "symbolic-ref", "HEAD", f"refs/heads/{branch}"), env, timeout, spec)
        return target
    finally:
        os.close(lock)  # closing releases the lock


def _remote_head(target: Path, spec: RepoSpec, env: dict[str, str], timeout: float) -> str | None:
    """The remote's default branch (what its HEAD points at), or None when it says none."""
    transports = [item for setting in gitutil.FETCH_CONFIG for item in ("-c", setting)]
    out = _git(gitutil.git_command(target, *transports, "ls-remote", "--symref", "--upload-pack=git-upload-pack",
                                   "--", spec.location, "HEAD"), env, timeout, spec)
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            return line[len("ref: refs/heads/"):-len("\tHEAD")]
    return None


def _auth_env(spec: RepoSpec, environ: Mapping[str, str]) -> dict[str, str]:
    """git's environment for this spec: gitutil's, plus the Bearer token for the URL's origin.

    http.<url>.extraHeader applies to URLs of that scheme, host and port only, and redirects are
    not followed with it (a redirect could lead elsewhere)."""
    env = gitutil.git_env()
    if not spec.token_env:
        return env
    token = environ.get(spec.token_env, "")
    if not token:
        shown = without_credentials(spec.location)
        raise CloneError(f"${spec.token_env} is not set or empty: no token to clone {shown}")
    parts = urlsplit(spec.location)
    if parts.scheme not in ("https", "http"):
        raise CloneError(f"a token is sent over https only, and {without_credentials(spec.location)} is not https")
    origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/"
    settings = [(f"http.{origin}.extraHeader", f"Authorization: Bearer {token}"), ("http.followRedirects", "false")]
    env["GIT_CONFIG_COUNT"] = str(len(settings))
    for i, (key, value) in enumerate(settings):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


def _git(cmd: list[str], env: dict[str, str], timeout: float, spec: RepoSpec) -> bytes:
    """Run a gitutil-built git command in a session of its own, so that a timeout kills its
    helpers too (git-remote-https, ssh). Its output, or CloneError with the first line git said."""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
    except OSError as exc:
        raise CloneError(f"cannot run git: {exc.strerror or exc}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise CloneError(f"git did not finish within {timeout:g}s cloning or fetching "
                         f"{without_credentials(spec.location)}") from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        shown = without_credentials(spec.location)
        if any(sign in err for sign in _AUTH_SIGNS):
            given = f"the token in ${spec.token_env} was refused" if spec.token_env else "this run sent none"
            raise CloneError(f"cannot clone or fetch {shown}: the server asks for credentials and {given} "
                             "(no prompt: a fleet scan never asks)")
        said = gitutil.first_line(err) or f"exit {proc.returncode}"
        raise CloneError(f"cannot clone or fetch {shown}: {_scrub(said, spec)}")
    return out


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    proc.communicate()


def _scrub(text: str, spec: RepoSpec) -> str:
    """git's message without the URL's credentials (git quotes the URL as given)."""
    return text.replace(spec.location, without_credentials(spec.location))
