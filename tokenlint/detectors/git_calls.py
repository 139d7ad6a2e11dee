"""What a shell script's git commands do with Bitbucket credentials, command after command.

git takes the credential it sends from wherever a script put it before the command that sends
it: the URL itself, a named remote stored earlier (`git remote add mirror URL`, `git config
remote.NAME.url`, `git clone`), a `url.<base>.insteadOf` rewrite, an `http(.<url>).extraHeader`,
a credential helper that prints it, or a `.git-credentials` entry the script wrote. `GitState`
remembers those in script order, so `git push mirror` is a push made with the credential that
the line storing it put there (`placed`), and `suggest` can ask for write access wherever a push
happens, whichever way the credential travels.

Judgement-free like every detector: the facts say how the credential gets there (`through`),
the policies decide what is wrong with that.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tokenlint.detectors.calls import BITBUCKET_GIT_USERS, make_git_remote
from tokenlint.facts import GitRemote, GitVia
from tokenlint.parsers.regions import ActionInput
from tokenlint.parsers.shell import Command
from tokenlint.parsers.values import SUBST, Value

#: Which subcommands send a request to a remote, and whether it is a push.
_TRANSFERS = {"push": True, "fetch": False, "pull": False, "ls-remote": False, "clone": False}
#: Options of those subcommands that take the next word as their value (`--depth 1`).
_VALUE_OPTIONS = {
    "push": {"-o", "--push-option", "--receive-pack", "--exec", "--repo"},
    "fetch": {"--depth", "--deepen", "--shallow-since", "--shallow-exclude", "-j", "--jobs", "--upload-pack",
              "--refmap", "-o", "--server-option", "--negotiation-tip", "--recurse-submodules-default"},
    "pull": {"--depth", "--deepen", "--shallow-since", "--shallow-exclude", "-j", "--jobs", "--upload-pack",
             "-o", "--server-option", "-s", "--strategy", "-X", "--strategy-option", "--negotiation-tip"},
    "ls-remote": {"--upload-pack", "--sort", "-o", "--server-option"},
    "clone": {"-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "--reference",
              "--reference-if-able", "--template", "-u", "--upload-pack", "--separate-git-dir", "-j", "--jobs",
              "--filter", "--shallow-since", "--shallow-exclude", "--bundle-uri", "--server-option"},
    "remote": {"-t", "-m", "--track", "--master"},
    "config": {"-f", "--file", "--blob", "--type", "--default", "--comment", "--value"},
}
_GLOBAL_VALUE = {"-C", "--git-dir", "--work-tree", "--namespace", "--config-env", "--exec-path"}
_CONFIG_READS = {"--get", "--get-all", "--get-regexp", "--get-urlmatch", "--list", "-l", "--unset", "--unset-all",
                 "--remove-section", "--rename-section", "--edit", "-e", "get", "list", "unset", "remove-section",
                 "rename-section", "edit"}
_URL_WORD = re.compile(r"((?:https?|ssh|git)://[^\s\"']+|[\w.\-]+@[\w.\-]*bitbucket[\w.\-]*:[^\s\"']+)")
_STORE_NAMES = (".git-credentials", "git-credentials")
#: `origin` inside Bitbucket Pipelines: the repository the pipeline runs in.
PIPELINES_ORIGIN = "https://bitbucket.org/${BITBUCKET_WORKSPACE}/${BITBUCKET_REPO_SLUG}.git"


@dataclass
class _Source:
    """A credential git sends on requests to URLs under `scope` ('' = any), and where it was put."""

    through: GitVia
    line: int
    scope: str
    username: Value | None
    secret: Value | None
    fact: GitRemote | None = None  # what the command that put it there reported, if anything
    bearer_header: bool = False


@dataclass
class _Remote:
    url: str
    line: int
    fact: GitRemote | None


@dataclass
class _Rewrite:
    base: str
    prefix: str
    push_only: bool
    line: int
    fact: GitRemote | None


@dataclass
class GitState:
    """What the commands so far configured for git: one per script (per step in a pipeline)."""

    origin: str | None = None  # what `origin` is before the script says: this repository, in Pipelines
    remotes: dict[str, _Remote] = field(default_factory=dict)
    push_urls: dict[str, _Remote] = field(default_factory=dict)
    rewrites: list[_Rewrite] = field(default_factory=list)
    headers: list[_Source] = field(default_factory=list)
    helpers: list[_Source] = field(default_factory=list)
    usernames: list[tuple[str, Value]] = field(default_factory=list)  # credential(.<url>).username
    store: list[_Source] = field(default_factory=list)
    store_files: set[str] = field(default_factory=set)  # `credential.helper 'store --file=…'`

    def overlay(self) -> GitState:
        """A copy for one command's `-c` settings, which last for that command only."""
        return replace(self, remotes=dict(self.remotes), push_urls=dict(self.push_urls), rewrites=list(self.rewrites),
                       headers=list(self.headers), helpers=list(self.helpers), usernames=list(self.usernames),
                       store=list(self.store), store_files=set(self.store_files))


# --- URLs ---------------------------------------------------------------------------------------

_SPLIT = re.compile(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://)?(?:[^@/\s]*@)?(?P<host>[^/:\s]+)(?::\d+)?"
                    r"(?P<path>/.*)?$")


def _http(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


def _applies(scope: str, url: str) -> bool:
    """Whether git's `<section>.<url>.<key>` setting for `scope` applies to `url` (scheme, host, path prefix)."""
    if not scope:
        return True
    s, u = _SPLIT.match(scope), _SPLIT.match(url)
    if s is None or u is None:
        return False
    if s["scheme"] and u["scheme"] and s["scheme"].lower() != u["scheme"].lower():
        return False
    shost, uhost = s["host"].lower(), u["host"].lower()
    if shost != uhost and not (shost.startswith("*.") and uhost.endswith(shost[1:])):
        return False
    prefix = (s["path"] or "/").rstrip("/")
    path = u["path"] or "/"
    return not prefix or path == prefix or path.startswith(prefix + "/")


def _bitbucket_scope(scope: str) -> bool:
    m = _SPLIT.match(scope)
    return m is not None and "bitbucket" in m["host"].lower()


def _has_secret(url: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]+:[^\s/@]+@", url) is not None


def _rewrite(state: GitState, url: str, push: bool) -> tuple[str, _Rewrite | None]:
    """`url` after git's insteadOf (and, for a push, pushInsteadOf) rewriting: the longest prefix wins."""
    best: _Rewrite | None = None
    for rule in state.rewrites:
        if rule.push_only and not push:
            continue
        if url.startswith(rule.prefix) and (best is None or len(rule.prefix) > len(best.prefix)
                                            or (rule.push_only and len(rule.prefix) == len(best.prefix))):
            best = rule
    return (best.base + url[len(best.prefix):], best) if best else (url, None)


# --- what a command puts in place ----------------------------------------------------------------

def _ref(text: str) -> Value:
    """A value written inside a helper or a file: `$NAME` and `${NAME}` are references."""
    return Value(re.sub(r"\$(?!\{)([A-Za-z_][A-Za-z0-9_]*|[0-9])", r"${\1}", text))


def _header(value: str) -> tuple[Value | None, Value | None] | None:
    """(username, secret) of an `Authorization: Basic` extra header, (None, token) of a Bearer one;
    None when the header is none."""
    m = re.match(r"\s*authorization\s*:\s*(\w+)\s+(\S.*?)\s*$", value, re.IGNORECASE | re.DOTALL)
    if not m or SUBST in m.group(2):
        return None
    scheme, secret = m.group(1).lower(), _ref(m.group(2))
    if scheme == "basic" and secret.literal:
        try:
            user, sep, password = base64.b64decode(secret.text, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None, secret
        return (Value(user), Value(password)) if sep else (None, secret)
    return None, secret


def _scheme(value: str) -> str:
    """The scheme of an `Authorization:` header value, lower-cased."""
    return value.partition(":")[2].split(maxsplit=1)[0].lower() if ":" in value and value.partition(":")[2].split() \
        else ""


_HELPER_FIELD = r"(?<![\w-]){}=(\$\{{[A-Za-z0-9_]+\}}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9]|[^\s;\"'`}}]+)"


def _helper(value: str) -> tuple[Value | None, Value] | None:
    """(username, secret) a shell-function helper prints (`!f() { echo password=$T; }; f`)."""
    if not value.lstrip().startswith("!"):
        return None
    secret = re.search(_HELPER_FIELD.format("password"), value)
    if secret is None or SUBST in secret.group(1):
        return None
    user = re.search(_HELPER_FIELD.format("username"), value)
    return (_ref(user.group(1)) if user else None), _ref(secret.group(1))


def _split_config_key(key: str) -> tuple[str, str, str]:
    """(section, subsection, variable) of a git config key; section and variable lower-cased."""
    section, _, rest = key.partition(".")
    sub, _, var = rest.rpartition(".")
    return section.lower(), sub, var.lower()


def _config_pair(text: str) -> tuple[str, str] | None:
    """`key=value` of `git -c`: URL subsections hold `=` (a token's checksum), so the known keys are
    split at their variable name, the rest at the first `=`."""
    m = re.match(r"^(.*?\.(?:insteadof|pushinsteadof|extraheader|helper|url|pushurl|username))=(.*)$", text,
                 re.IGNORECASE | re.DOTALL)
    if m:
        return m.group(1), m.group(2)
    key, sep, value = text.partition("=")
    return (key, value) if sep else None


def _configure(state: GitState, key: str, value: str, cmd: Command, line: int, commented: bool,
               facts: list[GitRemote], *, stored: bool) -> None:
    """Record one `git config` / `git -c` setting; `stored` settings (git config) report their own fact."""
    section, sub, var = _split_config_key(key)
    tool = "git config"
    if section == "url" and var in ("insteadof", "pushinsteadof") and sub:
        fact = _url_fact(tool, sub, line, cmd.column, commented) if stored else None
        if fact is not None:
            facts.append(fact)
        state.rewrites.append(_Rewrite(sub, value, var == "pushinsteadof", line, fact))
    elif section == "remote" and var in ("url", "pushurl") and sub:
        fact = _url_fact(tool, value, line, cmd.column, commented) if stored else None
        if fact is not None:
            facts.append(fact)
        (state.remotes if var == "url" else state.push_urls)[sub] = _Remote(value, line, fact)
    elif section == "http" and var == "extraheader":
        parsed = _header(value)
        if parsed is not None:
            sent_as_bearer = parsed[0] is None and _scheme(value) == "bearer"
            header = _source(GitVia.EXTRAHEADER, sub, parsed, line, cmd, commented, facts, stored,
                             as_bearer=sent_as_bearer)
            header.bearer_header = sent_as_bearer
            state.headers.append(header)
    elif section == "credential" and var == "helper":
        if not value.strip():
            state.helpers = [h for h in state.helpers if h.scope != sub]  # an empty helper resets the list
            return
        words = value.split()
        if words[0] == "store":
            state.store_files.update(w.partition("=")[2] or "" for w in words[1:] if w.startswith("--file"))
            state.helpers.append(_Source(GitVia.STORE, line, sub, None, None))
            return
        printed = _helper(value)
        if printed is not None:
            state.helpers.append(_source(GitVia.HELPER, sub, printed, line, cmd, commented, facts, stored))
    elif section == "credential" and var == "username":
        state.usernames.append((sub, Value(value)))


def _source(through: GitVia, scope: str, parsed: tuple[Value | None, Value | None], line: int, cmd: Command,
            commented: bool, facts: list[GitRemote], stored: bool, as_bearer: bool = False) -> _Source:
    """A header or helper credential; stored for a Bitbucket URL, it is a fact of its own (a use
    of the credential even when the command that sends it is not seen)."""
    username, secret = parsed
    fact = None
    if stored and _bitbucket_scope(scope):
        fact = make_git_remote("git config", scope, line, cmd.column, commented=commented, username=username,
                               secret=secret, bearer=as_bearer)
        if fact is not None:
            fact.through = through
            facts.append(fact)
    return _Source(through, line, scope, username, secret, fact)


def _url_fact(tool: str, url: str, line: int, column: int, commented: bool) -> GitRemote | None:
    m = _URL_WORD.search(url)
    return make_git_remote(tool, m.group(1), line, column, commented=commented) if m else None


# --- .git-credentials written by the script -----------------------------------------------------

def credential_store_write(state: GitState, cmd: Command, line: int, commented: bool) -> list[GitRemote]:
    """`echo "https://u:$P@bitbucket.org" > ~/.git-credentials` (echo, printf, cat with a here-document):
    each entry is a credential git's store helper sends to that host."""
    targets = [t for op, t in cmd.redirects if op in (">", ">>", ">|")]
    if not any(t.endswith(_STORE_NAMES) or t in state.store_files for t in targets):
        return []
    name = cmd.name.rsplit("/", 1)[-1]
    if name == "echo":
        text = " ".join(a.text for a in cmd.args if not re.fullmatch(r"-[neE]+", a.text))
    elif name == "printf":
        fmt, *rest = [a.text for a in cmd.args] or [""]
        text = fmt
        for arg in rest:
            text = text.replace("%s", arg, 1)
    elif name in ("cat", "tee"):
        text = cmd.heredoc
    else:
        return []
    out = []
    for m in re.finditer(r"(https?)://([^\s:/@]+):([^\s/@]+)@([^\s/]+)", text):
        scope = f"{m.group(1)}://{m.group(4)}"
        username, secret = _ref(m.group(2)), _ref(m.group(3))
        fact = make_git_remote("git credential store", scope + "/", line, cmd.column, commented=commented,
                               username=username, secret=secret)
        if fact is not None:
            fact.through = GitVia.STORE
            fact.url = scope
            out.append(fact)
        state.store.append(_Source(GitVia.STORE, line, scope, username, secret, fact))
    return out


# --- Mercurial ----------------------------------------------------------------------------------

_HG_TRANSFERS = frozenset(("clone", "pull", "push", "incoming", "outgoing", "in", "out"))


def hg(cmd: Command, line: int, commented: bool) -> list[GitRemote]:
    """`hg clone https://user:$PASSWORD@bitbucket.org/…`: Mercurial reaches a remote with the
    credential in its URL as git does, and keeps the URL in `.hg/hgrc` after a clone."""
    words = [a.text for a in cmd.args if not a.text.startswith("-")]
    if not words or words[0] not in _HG_TRANSFERS:
        return []
    return [f for w in words[1:] if (f := _url_fact(f"hg {words[0]}", w, line, cmd.column, commented))]


# --- the git command -----------------------------------------------------------------------------

def git(cmd: Command, line: int, commented: bool, state: GitState) -> list[GitRemote]:
    """The git remotes a `git …` command names, uses or stores, with the credential each carries."""
    words = [a.text for a in cmd.args]
    overrides: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "-c" and i + 1 < len(words):
            overrides.append(words[i + 1])
            i += 2
        elif w in _GLOBAL_VALUE:
            i += 2
        elif w.startswith("-"):
            i += 1
        else:
            break
    if i >= len(words):
        return []
    sub, rest = words[i], words[i + 1:]
    facts: list[GitRemote] = []
    local = state.overlay() if overrides else state
    for pair in overrides:
        kv = _config_pair(pair)
        if kv is not None:
            _configure(local, kv[0], kv[1], cmd, line, commented, facts, stored=False)
    if sub == "config":
        _config(state, rest, cmd, line, commented, facts)
    elif sub == "remote":
        _remote(state, rest, cmd, line, commented, facts)
    elif sub in _TRANSFERS:
        _transfer(local, state, sub, rest, cmd, line, commented, facts)
    elif sub == "submodule":
        facts.extend(f for w in rest if (f := _url_fact("git submodule", w, line, cmd.column, commented)))
    return facts


def _positionals(sub: str, words: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Positional words and (option, value) pairs of a subcommand's arguments."""
    values = _VALUE_OPTIONS.get(sub, set())
    positional: list[str] = []
    options: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            positional.extend(words[i + 1:])
            break
        if w.startswith("--") and "=" in w:
            opt, _, val = w.partition("=")
            options.append((opt, val))
        elif w in values:
            options.append((w, words[i + 1] if i + 1 < len(words) else ""))
            i += 1
        elif w.startswith("-") and len(w) > 1:
            options.append((w, ""))
        else:
            positional.append(w)
        i += 1
    return positional, options


def _config(state: GitState, words: list[str], cmd: Command, line: int, commented: bool,
            facts: list[GitRemote]) -> None:
    positional, options = _positionals("config", words)
    if any(o in _CONFIG_READS for o, _ in options) or (positional and positional[0] in _CONFIG_READS):
        return
    if positional and positional[0] in ("set", "add"):  # git 2.46: `git config set KEY VALUE`
        positional = positional[1:]
    if len(positional) < 2:
        return
    before = len(facts)
    _configure(state, positional[0], positional[1], cmd, line, commented, facts, stored=True)
    if len(facts) == before:  # a URL under a key git does not use to reach a remote: still a remote in the inventory
        facts.extend(f for w in positional if (f := _url_fact("git config", w, line, cmd.column, commented)))


def _remote(state: GitState, words: list[str], cmd: Command, line: int, commented: bool,
            facts: list[GitRemote]) -> None:
    positional, options = _positionals("remote", words)
    if not positional:
        return
    action, args = positional[0], positional[1:]
    if action in ("add", "set-url") and len(args) >= 2:
        name, url = args[0], args[1]
        fact = _url_fact("git remote", url, line, cmd.column, commented)
        if fact is not None:
            facts.append(fact)
        push = action == "set-url" and any(o == "--push" for o, _ in options)
        (state.push_urls if push else state.remotes)[name] = _Remote(url, line, fact)
    elif action == "rename" and len(args) == 2 and args[0] in state.remotes:
        state.remotes[args[1]] = state.remotes.pop(args[0])
    elif action in ("remove", "rm") and args:
        state.remotes.pop(args[0], None)
        state.push_urls.pop(args[0], None)


def _transfer(local: GitState, state: GitState, sub: str, words: list[str], cmd: Command, line: int,
              commented: bool, facts: list[GitRemote]) -> None:
    """clone/push/fetch/pull/ls-remote: the remote it reaches and the credential git sends there."""
    positional, options = _positionals(sub, words)
    if sub == "clone":
        for opt, val in options:
            if opt in ("-c", "--config"):
                kv = _config_pair(val)
                if kv is not None:
                    _configure(local, kv[0], kv[1], cmd, line, commented, facts, stored=False)
    push = _TRANSFERS[sub]
    tool = f"git {sub}"
    repo = next((v for o, v in options if o == "--repo"), None) or (positional[0] if positional else None)
    if repo is not None and _URL_WORD.fullmatch(repo):
        fact = _reach(local, tool, repo, push, line, cmd, commented)
        if fact is not None:
            facts.append(fact)
            if sub == "clone":
                name = next((v for o, v in options if o in ("-o", "--origin")), "origin")
                state.remotes[name] = _Remote(repo, line, fact)
        return
    if sub == "clone":
        return
    # the other URLs on the line (a refspec cannot hold one): as before, one remote each
    for w in positional[1:]:
        extra = _url_fact(tool, w, line, cmd.column, commented)
        if extra is not None:
            facts.append(extra)
    name = repo or "origin"
    remote = (local.push_urls.get(name) if push else None) or local.remotes.get(name)
    if remote is None and name == "origin" and local.origin:
        remote = _Remote(local.origin, 0, None)
    if remote is None:
        fact = _unknown_remote(local, tool, name, line, cmd, commented)
    else:
        fact = _reach(local, tool, remote.url, push, line, cmd, commented, remote=name)
        if fact is not None and fact.credential and fact.through == GitVia.URL:
            if remote.line == 0:
                return  # Pipelines' own origin: it carries no credential of the script's
            _placed(fact, GitVia.REMOTE, remote.line, remote.fact, line)
    if fact is not None and fact.credential:
        facts.append(fact)


def _reach(state: GitState, tool: str, url: str, push: bool, line: int, cmd: Command, commented: bool,
           remote: str | None = None) -> GitRemote | None:
    """The remote fact of a request to `url`, with the credential git sends there and how it got there."""
    direct = _url_fact(tool, url, line, cmd.column, commented)
    if direct is not None and direct.credential:
        direct.remote = remote
        return direct
    rewritten, rule = _rewrite(state, url, push)
    fact = _url_fact(tool, rewritten, line, cmd.column, commented) if rule is not None else direct
    if fact is None:
        return None
    fact.remote = remote
    # an extra header goes with every request, before any userinfo is tried: it is what authenticates
    source = _credential_for(state, rewritten) if _http(rewritten) else None
    if fact.credential and rule is not None and (source is None or source.through != GitVia.EXTRAHEADER):
        _placed(fact, GitVia.INSTEAD_OF, rule.line, rule.fact, line)
        return fact
    if source is not None and (not fact.credential or source.through == GitVia.EXTRAHEADER):
        username = source.username
        if username is None and source.through != GitVia.EXTRAHEADER:  # a header replaces git's own auth
            username = _url_user(rewritten) or _username_for(state, rewritten)
        bare = re.sub(r"(?<=://)[^\s/@]+@", "", rewritten)  # what the URL's userinfo said is not what is sent
        sent = make_git_remote(tool, bare, line, cmd.column, commented=commented, username=username,
                               secret=source.secret, bearer=source.bearer_header)
        if sent is not None and sent.credential:
            sent.remote = remote
            _placed(sent, source.through, source.line, source.fact, line)
            return sent
    return fact


_STORES_ONLY = ("git remote", "git config", "git credential store")  # commands that store a credential, send nothing


def _placed(fact: GitRemote, through: GitVia, where: int, source: GitRemote | None, line: int) -> None:
    fact.through = through
    fact.placed = str(where) if where != line else None
    if source is not None and where != line and source.tool in _STORES_ONLY:
        source.used = True


def _credential_for(state: GitState, url: str) -> _Source | None:
    """What git sends to `url`: an extra header wins (sent with every request), then a helper's
    answer, then a `.git-credentials` entry for the host."""
    headers = [h for h in state.headers if _applies(h.scope, url)]
    if headers:
        return headers[-1]
    for helper in reversed([h for h in state.helpers if _applies(h.scope, url)]):
        if helper.through == GitVia.HELPER:
            return helper
        stored = [s for s in state.store if _applies(s.scope, url)]
        if stored:
            return stored[-1]
    stored = [s for s in state.store if _applies(s.scope, url)]
    return stored[-1] if stored else None


def _url_user(url: str) -> Value | None:
    m = re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://([^\s:/@]+)@", url)
    return Value(m.group(1)) if m else None


def _username_for(state: GitState, url: str) -> Value | None:
    names = [v for scope, v in state.usernames if _applies(scope, url)]
    return names[-1] if names else None


def _unknown_remote(state: GitState, tool: str, name: str, line: int, cmd: Command,
                    commented: bool) -> GitRemote | None:
    """A remote the script never defined (`git push origin` in a clone): Bitbucket when the credential
    the script set up is for Bitbucket only (scoped to bitbucket.org, or under a Bitbucket git username)."""
    candidates: Iterable[_Source] = [*state.headers, *[h for h in state.helpers if h.through == GitVia.HELPER],
                                     *state.store]
    for source in reversed(list(candidates)):
        user = source.username.text if source.username is not None else ""
        if source.scope and not _bitbucket_scope(source.scope):
            continue
        if not source.scope and user not in BITBUCKET_GIT_USERS:
            continue
        fact = make_git_remote(tool, "https://bitbucket.org/", line, cmd.column, commented=commented,
                               username=source.username, secret=source.secret, bearer=source.bearer_header)
        if fact is None or not fact.credential:
            continue
        fact.url, fact.remote = name, name
        _placed(fact, source.through, source.line, source.fact, line)
        return fact
    return None


# --- action inputs: a git URL handed to an action (`with: {args: https://u:p@bitbucket.org/…}`) ----

_INPUT_URL = re.compile(r"(?:https?|ssh|git)://[^\s\"'@/]+@[^\s\"']+")


def action_input_remotes(inputs: Iterable[ActionInput]) -> list[GitRemote]:
    """A Bitbucket git URL with userinfo given to an action as one of its `with:` inputs is a
    remote the action clones from or pushes to with that credential (a mirroring action's
    `args:`, `remote:`, `target_repo_url:`), which it also leaves in the runner's process list
    and error output: the same fact as a URL on a `git push` line. API URLs are no git remote."""
    out: list[GitRemote] = []
    for given in inputs:
        for m in _INPUT_URL.finditer(given.value):
            if "api.bitbucket.org" in m.group(0).lower():
                continue
            before = given.value[:m.start()]
            line = given.line + before.count("\n")
            column = (len(before) - before.rfind("\n")) if "\n" in before else given.column + len(before)
            tool = f"action {given.action} (with: {given.key})" if given.action else f"action input {given.key}"
            remote = make_git_remote(tool, m.group(0).rstrip(".,;)"), line, column)
            if remote is not None and remote.credential:
                out.append(remote)
    return out
