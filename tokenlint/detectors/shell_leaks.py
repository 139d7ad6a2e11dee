"""Where shell sends a credential besides the call it is for: the build log (echo, env dumps,
xtrace), a file (`> .env`, `~/.netrc`, `git config http.extraHeader`), a prompt that echoes it,
a script fetched from the network that inherits it.

What a command's output becomes decides which: a secret echoed into a redirection lands on disk,
into `docker login --password-stdin` nowhere, through `base64` into the log all the same, into
`$(…)` into a variable. The facts are `LogExposure`s; the rules judge them by `how`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from tokenlint.detectors.calls import credential_of
from tokenlint.detectors.secret_names import is_secret_name, secret_refs
from tokenlint.facts import Exposure, LogExposure
from tokenlint.parsers.regions import Pipe
from tokenlint.parsers.shell import Command, Script
from tokenlint.parsers.values import Value

# Commands that pass what they read on to their output (the secret still reaches where the last one writes).
_FILTERS = frozenset(("base64", "tr", "sed", "awk", "gawk", "cut", "xxd", "od", "hexdump", "rev", "head", "tail",
                      "cat", "sort", "uniq", "grep", "egrep", "fgrep", "column", "fold", "iconv", "envsubst"))
_SHELLS = frozenset(("bash", "sh", "zsh", "dash", "ksh", "ash", "fish", "python", "python3", "perl", "ruby", "node",
                     "eval", "source", ".", "pwsh"))
_NULL = frozenset(("/dev/null",))
_TO_LOG = frozenset(("/dev/stderr", "/dev/stdout", "/dev/tty", "/dev/console", "${GITHUB_STEP_SUMMARY}"))
# Files a CI system provides to pass values between steps: read back by the runner, never
# published; `$BASH_ENV` (CircleCI) is sourced by later steps of the same ephemeral executor and
# sits outside the working tree, so it is no more "on disk" than the environment itself.
_CI_HANDOFF = frozenset(("${GITHUB_ENV}", "${GITHUB_OUTPUT}", "${GITHUB_PATH}", "${GITHUB_STATE}", "${BASH_ENV}"))
_DEBUG = re.compile(r"debug|verbose|trace|xtrace", re.IGNORECASE)
_WGET_STDOUT = re.compile(r"(?:^|\s)(?:-\w*O\s*-|--output-document[= ]-)(?:\s|$)")
_READ_VALUE = frozenset("adinNptu")
_PROMPT_WORDS = re.compile(r"pass(?:word|phrase)?|token|secret|api[ _-]?key", re.IGNORECASE)
_TRUE = frozenset(("true", "1", "yes", "on"))

_LOG, _NOWHERE = "log", ""  # destinations besides a file name


def detect(script: Script, line_offset: int = 0, commented: bool = False, scope: Sequence[str] = (),
           xtrace_line: int | None = None) -> list[LogExposure]:
    """Exposures of the commands of `script`. `scope` names the credentials in the environment
    (those the document uses anywhere); `xtrace_line` is where tracing was turned on before the
    script starts (a `#!/bin/bash -x` shebang)."""
    commands = script.commands
    pipelines: dict[int, list[Command]] = {}
    for cmd in commands:
        if cmd.pipeline:
            pipelines.setdefault(cmd.pipeline, []).append(cmd)
    in_env = f"${scope[0]}" if scope else ""
    out: list[LogExposure] = []
    # where tracing was turned on, under which debug condition ("" for none), and what the block printed
    trace: tuple[int, str] | None = (xtrace_line, "") if xtrace_line is not None else None
    traced: set[str] = set()
    generated = _Generated(script)
    for i, cmd in enumerate(commands):
        line = cmd.line + line_offset
        name, args = _effective(cmd)

        def emit(how: Exposure, credential: str, target: str = "", at: int = line, column: int = cmd.column,
                 condition: str = "", here: int = cmd.line) -> None:
            fact = LogExposure(how, credential, at, column, commented, target, condition=condition)
            if credential.startswith("$") and generated.made(credential[1:], here):
                fact.out_of_scope = GENERATED
            out.append(fact)

        refs = _refs(args)
        if name in ("echo", "printf", "cat", "tee", "print") and not (name == "printf" and _assigns(args)):
            secrets = [] if name in ("cat", "tee") else list(refs)
            if not cmd.heredoc_literal:  # `<<'EOF'` writes `$TOKEN` as text, not the token
                secrets += [f"${r}" for r in secret_refs(cmd.heredoc) if f"${r}" not in secrets]
            if name == "tee" and secrets:  # `tee FILE <<EOF … $TOKEN … EOF`
                files = [a.text for a in args if not a.text.startswith("-")]
                if files:
                    emit(Exposure.FILE_WRITE, secrets[0], files[0])
            elif secrets:
                where = _destination(cmd, pipelines)
                if where == _LOG:
                    emit(Exposure.ECHO, secrets[0])
                elif where:
                    emit(Exposure.FILE_WRITE, secrets[0], where)
        elif _dumps_environment(name, args) and in_env and not _filtered_to_others(cmd, pipelines):
            where = _destination(cmd, pipelines)
            if where == _LOG:
                emit(Exposure.ENV_DUMP, in_env, name)
            elif where:
                emit(Exposure.FILE_WRITE, in_env, where)
        elif name == "printenv" and refs_by_name(args):
            where = _destination(cmd, pipelines)
            if where:
                emit(Exposure.ECHO if where == _LOG else Exposure.FILE_WRITE, refs_by_name(args)[0],
                     "" if where == _LOG else where)
        elif name == "git":
            _git(cmd, args, commands[i + 1:], commands, emit, pipelines)
        elif name == "read":
            prompt = _prompt(cmd, args)
            if prompt:
                emit(Exposure.PROMPT, prompt, "read")
        elif name in ("curl", "wget") and in_env and _feeds_a_shell(cmd, name, args, pipelines):
            emit(Exposure.REMOTE_SCRIPT, in_env, _shell_of(cmd, pipelines))
        elif name in ("curl", "wget", "http", "https") and any(_TOKEN_ENDPOINT.search(a.text) for a in args):
            saved = _saved_to(name, args) or _token_destination(cmd, pipelines)
            if saved:  # `curl … /site/oauth2/access_token > authinfo.json`: the minted token lands in a file
                emit(Exposure.FILE_WRITE, "the access token response", saved)
        elif name == "jq" and _extracts_a_token(args):
            saved = _destination(cmd, pipelines)
            if saved not in (_LOG, _NOWHERE):  # `jq -r .access_token authinfo.json > auth.txt`
                emit(Exposure.FILE_WRITE, "the access token", saved)
        elif cmd.substituted_into is not None and not args and is_secret_name(cmd.name) \
                and re.fullmatch(r"[A-Za-z_][\w.]*", cmd.name) and cmd.name != cmd.name.lower():
            # `$(BB_TOKEN)` is no command anyone writes: an Azure Pipelines macro, pasted into the
            # text (commands are lower case: `$(pwd)` is the working directory, not a password)
            emit(Exposure.AZURE_MACRO, cmd.name, f"$({cmd.name})")

        # xtrace: `set -x` on, then a command that expands a credential
        if name == "set" and _xtrace_on(args):
            trace, traced = (line, _debug_condition(cmd.guard)), set()
        elif name == "set" and _xtrace_off(args):
            trace = None
        elif trace is not None:
            # every credential the block expands, at the `set -x` line: leak_scope keeps one per block
            for ref in refs:
                if ref not in traced:
                    traced.add(ref)
                    emit(Exposure.SET_X, ref, at=trace[0], column=1, condition=trace[1])
        if name in ("bash", "sh", "zsh") and in_env and any(_xtrace_flag(a.text) for a in args):
            condition = _debug_condition(cmd.guard)
            emit(Exposure.SET_X, in_env, name, condition=condition)
    return out


GENERATED = "a value the script generates itself (Bitbucket issues its credentials)"
# Commands whose output is a fresh random value: a password the script makes for something else
# (a database, a CMS admin), never a credential Bitbucket issued.
_GENERATORS = frozenset(("pwgen", "uuidgen", "mkpasswd", "apg", "makepasswd", "shuf", "xkcdpass", "diceware"))
_RANDOM_SOURCES = frozenset(("/dev/urandom", "/dev/random"))


class _Generated:
    """Which variables hold, at a given line, a value the script generated (`P=$(openssl rand
    -base64 12)`, `P=$(tr -dc … </dev/urandom | head -c 12)`): the last assignment before the
    line decides."""

    def __init__(self, script: Script) -> None:
        random_lines = {c.line for c in script.commands if c.substituted_into == "" and _random(c)}
        self.assigned: dict[str, list[tuple[int, bool]]] = {}
        for name, value, at in script.assignments:
            made = at in random_lines or "RANDOM" in value.refs
            self.assigned.setdefault(name, []).append((at, made))

    def made(self, name: str, line: int) -> bool:
        last = None
        for at, made in self.assigned.get(name, ()):
            if at < line:
                last = made
        return bool(last)


def _random(cmd: Command) -> bool:
    name, args = _effective(cmd)
    words = [a.text for a in args]
    return name in _GENERATORS or (name == "openssl" and words[:1] == ["rand"]) \
        or any(target in _RANDOM_SOURCES for _, target in cmd.redirects) or any(w in _RANDOM_SOURCES for w in words)


def _debug_condition(guard: str) -> str:
    """How a message says an exposure depends on a debug switch (`[ -n "$DEBUG" ] && set -x`,
    `if [ "$debug" = true ]`, a `--debug` option's variable): "" when it does not."""
    if not guard or not _DEBUG.search(guard):
        return ""
    shown = re.sub(r"\s*(?:&&|\|\||;)\s*$", "", " ".join(guard.split()))
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return f" when the debug switch is on ({shown})"


def pipe_exposures(pipe: Pipe, commented: bool = False) -> list[LogExposure]:
    """A pipe run with `DEBUG: "true"` prints what it does, requests with their credentials included."""
    debug = next(((v, line) for k, (v, line) in pipe.variables.items() if k.upper() == "DEBUG"), None)
    if debug is None or debug[0].strip().strip("'\"").lower() not in _TRUE:
        return []
    for key, (value, _) in pipe.variables.items():
        if is_secret_name(key) and value.strip():
            shown = value.strip()
            credential = shown if shown.startswith("$") else (credential_of(Value(shown))[0] or f"${key}")
            return [LogExposure(Exposure.DEBUG_PIPE, credential, debug[1], 1, commented, pipe.name)]
    return []


def shebang_xtrace(text: str) -> bool:
    """`#!/bin/bash -x` (or `-ex`): the whole script is traced."""
    first = text.split("\n", 1)[0]
    return first.startswith("#!") and any(_xtrace_flag(w) for w in first.split()[1:])


def refs_by_name(args: list[Value]) -> list[str]:
    """`printenv BB_TOKEN`: names given as plain words."""
    return [f"${a.text}" for a in args if is_secret_name(a.text) and re.fullmatch(r"\w+", a.text)]


def _refs(args: list[Value]) -> list[str]:
    out: list[str] = []
    for a in args:
        for ref in a.refs:
            if is_secret_name(ref) and f"${ref}" not in out:
                out.append(f"${ref}")
    return out


def _effective(cmd: Command) -> tuple[str, list[Value]]:
    """The command that runs, past `sudo`/`exec`/`command` and their options."""
    name, args = cmd.name.rsplit("/", 1)[-1], cmd.args
    while name in ("sudo", "exec", "command", "builtin", "nohup") and args:
        rest = args
        while rest and rest[0].text.startswith("-"):
            rest = rest[1:]
        if not rest:
            break
        name, args = rest[0].text.rsplit("/", 1)[-1], rest[1:]
    return name, args


def _assigns(args: list[Value]) -> bool:
    return bool(args) and args[0].text == "-v"


def _destination(cmd: Command, pipelines: dict[int, list[Command]]) -> str:
    """Where the standard output of `cmd` ends up: the log, a file, or nowhere we judge."""
    seen = 0
    while seen < 64:
        seen += 1
        if cmd.substituted_into is not None:
            return _NOWHERE  # captured into a variable or an argument
        for op, target in cmd.redirects:
            if op.startswith("2") or op.startswith("<"):
                continue  # stderr or input
            if op.endswith("&") and target.isdigit():
                return _LOG if target == "2" else _NOWHERE  # `>&2` is the log too
            if target in _NULL or target in _CI_HANDOFF:
                return _NOWHERE
            if target in _TO_LOG:
                return _LOG
            return target
        members = pipelines.get(cmd.pipeline, [])
        following = [m for m in members if m.pipe_position > cmd.pipe_position]
        if not following:
            return _LOG
        nxt = following[0]
        name, args = _effective(nxt)
        if name == "tee":
            files = [a.text for a in args if not a.text.startswith("-") and a.text not in _NULL]
            return files[0] if files else _LOG
        if name not in _FILTERS:
            return _NOWHERE  # consumed by another program (`docker login --password-stdin`)
        if name in ("grep", "egrep", "fgrep") and any(re.fullmatch(r"-[A-Za-z]*[qcl][A-Za-z]*|--quiet|--silent|--count"
                                                                   r"|--files-with-matches", a.text) for a in args):
            return _NOWHERE  # `| grep -q bitbucket` prints no line of what it reads
        cmd = nxt
    return _NOWHERE


# Endpoints that mint a token (Bitbucket's `/site/oauth2/access_token`, any OAuth `…/oauth/token`):
# their response body is the token.
_TOKEN_ENDPOINT = re.compile(r"/(?:site/)?oauth2?/(?:access_)?token\b|/access_token\b", re.IGNORECASE)
_TOKEN_FIELD = re.compile(r"\.(?:access_token|refresh_token|token)\b|\[\s*\"(?:access_token|refresh_token|token)\"")


def _extracts_a_token(args: list[Value]) -> bool:
    """`jq -r '.access_token'`: the program picks the token out of a response."""
    program = next((a.text for a in args if not a.text.startswith("-")), "")
    return bool(_TOKEN_FIELD.search(program))


def _saved_to(name: str, args: list[Value]) -> str:
    """The file `curl -o F` / `wget -O F` saves the response in ("" for none, or stdout)."""
    words = [a.text for a in args]
    options = ("-o", "--output") if name == "curl" else ("-O", "--output-document") if name == "wget" else ()
    for i, word in enumerate(words):
        if word in options and i + 1 < len(words) and words[i + 1] not in ("-", *_NULL):
            return words[i + 1]
        for opt in options:
            if opt.startswith("--") and word.startswith(opt + "=") and word[len(opt) + 1:] not in ("-", *_NULL):
                return word[len(opt) + 1:]
    return ""


def _token_destination(cmd: Command, pipelines: dict[int, list[Command]]) -> str:
    """The file a token response reaches through stdout: redirected (through filters), or
    through `jq .` and then redirected; "" when it reaches no file."""
    where = _destination(cmd, pipelines)
    if where not in (_LOG, _NOWHERE):
        return where
    following = [m for m in pipelines.get(cmd.pipeline, []) if m.pipe_position > cmd.pipe_position]
    # `| jq .` passes the whole response on (`| jq -r .access_token` is reported at jq, for itself)
    if cmd.substituted_into is None and following and _effective(following[0])[0] == "jq" \
            and next((a.text for a in _effective(following[0])[1] if not a.text.startswith("-")), ".") == ".":
        where = _destination(following[0], pipelines)
        return where if where not in (_LOG, _NOWHERE) else ""
    return ""


def _filtered_to_others(cmd: Command, pipelines: dict[int, list[Command]]) -> bool:
    """`env | grep 'BITBUCKET_BRANCH='`: a dump narrowed to variables that are no secret (or to
    a pattern only known at run time) prints no credential we can name."""
    following = [m for m in pipelines.get(cmd.pipeline, []) if m.pipe_position > cmd.pipe_position]
    if not following:
        return False
    name, args = _effective(following[0])
    if name not in ("grep", "egrep", "fgrep") or any(a.text.startswith("-") and "v" in a.text for a in args):
        return False
    patterns = [a.text for a in args if not a.text.startswith("-")]
    if not patterns:
        return False
    pattern = patterns[0]
    return "${" in pattern or not any(is_secret_name(w) for w in re.findall(r"[A-Za-z_]\w*", pattern))


def _dumps_environment(name: str, args: list[Value]) -> bool:
    """`env`, `printenv`, `export`/`export -p`, `set`, `declare -p`: every variable printed."""
    words = [a.text for a in args]
    if name in ("env", "printenv"):
        return all(w in ("-0", "--null") for w in words)
    if name == "export":
        return all(w == "-p" for w in words)
    if name == "set":
        return not words
    if name in ("declare", "typeset"):
        return bool(words) and all(w.startswith("-") and set(w[1:]) <= set("px") for w in words)
    return False


def _xtrace_flag(word: str) -> bool:
    return word.startswith("-") and not word.startswith("--") and "x" in word[1:] and word[1:].isalpha()


def _xtrace_on(args: list[Value]) -> bool:
    words = [a.text for a in args]
    return any(_xtrace_flag(w) for w in words) or any(
        w == "-o" and i + 1 < len(words) and words[i + 1] == "xtrace" for i, w in enumerate(words))


def _xtrace_off(args: list[Value]) -> bool:
    words = [a.text for a in args]
    return any(w.startswith("+") and "x" in w[1:] and w[1:].isalpha() for w in words) or any(
        w == "+o" and i + 1 < len(words) and words[i + 1] == "xtrace" for i, w in enumerate(words))


def _git(cmd: Command, args: list[Value], after: list[Command], everything: list[Command], emit: _Emit,
         pipelines: dict[int, list[Command]]) -> None:
    """`git config http.extraHeader "Authorization: …"` and `credential.helper store` persist a
    credential in a file (.git/config, ~/.gitconfig, ~/.git-credentials); `git remote get-url`
    prints a remote's URL, credential included, to the log."""
    words = [a.text for a in args]
    printed = _printed_remote(words)
    if printed is not None:
        index = everything.index(cmd) if cmd in everything else len(everything)
        credential = _remote_credential(everything[:index], printed)
        if credential and _destination(cmd, pipelines) == _LOG:
            emit(Exposure.GIT_REMOTE_URL, credential, " ".join(["git", *words]))
        return
    if "config" not in words:
        return
    rest = args[words.index("config") + 1:]
    if any(a.text in ("--unset", "--unset-all", "--get", "--get-all", "--list", "-l", "--remove-section")
           for a in rest):
        return
    positional = [a for a in rest if not a.text.startswith("-")]
    if len(positional) < 2:
        return
    key, value = positional[0].text.lower(), positional[1]
    if key.startswith("http.") and key.endswith(".extraheader") and "authorization" in value.text.lower():
        refs = _refs([value])
        credential = refs[0] if refs else (credential_of(Value(value.text.split(None, 2)[-1]))[0] or "")
        if credential:
            emit(Exposure.GIT_EXTRAHEADER, credential, _scope_of(rest))
    elif key.startswith("credential") and key.endswith(".helper") and value.text.split()[:1] == ["store"]:
        used = next((r for c in everything if _effective(c)[0] == "git" for r in _refs(_effective(c)[1])), None)
        if used is None and any(_effective(c)[0] == "git" and _network(_effective(c)[1]) for c in after):
            used = "the credential git is given"
        if used:
            emit(Exposure.CREDENTIAL_HELPER_STORE, used, "~/.git-credentials")


_ANY_REMOTE = "*"


def _printed_remote(words: list[str]) -> str | None:
    """The remote whose URL a git command prints (`*` for every remote), None when it prints none:
    `git remote get-url NAME`, `git remote -v`, `git config --get remote.NAME.url`, `git config -l`."""
    if "remote" in words:
        rest = words[words.index("remote") + 1:]
        if rest[:1] == ["get-url"]:
            names = [w for w in rest[1:] if not w.startswith("-")]
            return names[0] if names else None
        if rest and all(w in ("-v", "--verbose") for w in rest[:1]) and rest[1:2] in ([], ["show"]):
            return _ANY_REMOTE
        return None
    if "config" in words:
        rest = words[words.index("config") + 1:]
        if any(w in ("--list", "-l") for w in rest):
            return _ANY_REMOTE
        if any(w in ("--get", "--get-all") for w in rest) or not any(w.startswith("-") for w in rest):
            keys = [w for w in rest if not w.startswith("-")]
            m = re.fullmatch(r"remote\.(.+)\.(?:push)?url", keys[0], re.IGNORECASE) if len(keys) == 1 else None
            return m.group(1) if m else None
        if "--get-regexp" in rest:
            keys = [w for w in rest if not w.startswith("-")]
            return _ANY_REMOTE if keys and "remote" in keys[0].lower() else None
    return None


_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://([^/@\s]+)@", re.IGNORECASE)


def _remote_credential(before: list[Command], remote: str) -> str:
    """The credential in the URL a script gave `remote` (any remote for `*`) before it is printed:
    `git remote add|set-url NAME URL`, `git config remote.NAME.url URL`, `git clone URL` (origin)."""
    found = ""
    for cmd in before:
        name, args = _effective(cmd)
        if name != "git":
            continue
        words = [a.text for a in args]
        named, url = "", None
        if "remote" in words:
            rest = [a for a in args[words.index("remote") + 1:] if not a.text.startswith("-")]
            if len(rest) >= 3 and rest[0].text in ("add", "set-url"):
                named, url = rest[1].text, rest[2]
        elif "clone" in words:
            rest = [a for a in args[words.index("clone") + 1:] if not a.text.startswith("-")]
            named, url = "origin", rest[0] if rest else None
        elif "config" in words:
            rest = [a for a in args[words.index("config") + 1:] if not a.text.startswith("-")]
            m = re.fullmatch(r"remote\.(.+)\.(?:push)?url", rest[0].text, re.IGNORECASE) if len(rest) == 2 else None
            named, url = (m.group(1), rest[1]) if m else ("", None)
        if url is None or (remote != _ANY_REMOTE and named != remote):
            continue
        m = _USERINFO.match(url.text)
        if m is None:
            continue
        userinfo = m.group(1)
        secret = userinfo.split(":", 1)[1] if ":" in userinfo else userinfo
        refs = _refs([Value(secret)])
        found = refs[0] if refs else (credential_of(Value(secret))[0] or "") if ":" in userinfo else ""
    return found


def _scope_of(rest: list[Value]) -> str:
    for opt, where in (("--global", "~/.gitconfig"), ("--system", "/etc/gitconfig")):
        if any(a.text == opt for a in rest):
            return where
    return ".git/config"


def _network(args: list[Value]) -> bool:
    return any(a.text in ("push", "pull", "fetch", "clone", "ls-remote") for a in args)


def _prompt(cmd: Command, args: list[Value]) -> str:
    """The secret a `read` without `-s` takes from a terminal, or "" (input redirected or piped in)."""
    if cmd.pipe_position > 0 or any(op.startswith("<") for op, _ in cmd.redirects) or cmd.heredoc:
        return ""
    silent, prompt, names = False, "", []
    i = 0
    while i < len(args):
        word = args[i].text
        if word.startswith("-") and len(word) > 1 and word != "--":
            letters = word[1:]
            for j, letter in enumerate(letters):
                if letter == "s":
                    silent = True
                if letter in _READ_VALUE:
                    value = letters[j + 1:] or (args[i + 1].text if i + 1 < len(args) else "")
                    if not letters[j + 1:]:
                        i += 1
                    if letter == "p":
                        prompt = value
                    break
        elif word != "--":
            names.append(word)
        i += 1
    if silent:
        return ""
    secret = next((n for n in names if is_secret_name(n)), None)
    if secret:
        return f"${secret}"
    if _PROMPT_WORDS.search(prompt) and not re.search(r"user|login|name|e-?mail", prompt, re.IGNORECASE):
        return f"${names[0]}" if names else "$REPLY"
    return ""


def _feeds_a_shell(cmd: Command, name: str, args: list[Value], pipelines: dict[int, list[Command]]) -> bool:
    """`curl … | bash`, `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -qO- …)"`."""
    if not _shell_of(cmd, pipelines):
        return False
    if name == "wget":
        return bool(_WGET_STDOUT.search(" ".join(a.text for a in args)))
    return True


def _shell_of(cmd: Command, pipelines: dict[int, list[Command]]) -> str:
    if cmd.substituted_into is not None:
        return cmd.substituted_into if cmd.substituted_into.rsplit("/", 1)[-1] in _SHELLS else ""
    for member in pipelines.get(cmd.pipeline, []):
        if member.pipe_position > cmd.pipe_position:
            name, _ = _effective(member)
            if name in _SHELLS:
                return name
            if name not in _FILTERS:
                return ""
    return ""


class _Emit(Protocol):
    """The signature of `detect`'s local `emit` (for the helpers that call it)."""

    def __call__(self, how: Exposure, credential: str, target: str = "", at: int = 0, column: int = 0,
                 condition: str = "") -> None: ...
