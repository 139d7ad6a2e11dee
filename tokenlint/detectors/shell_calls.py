"""Bitbucket calls, git remotes and log exposures made by shell commands."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias

from tokenlint.detectors import cli_calls, git_calls, shell_leaks
from tokenlint.detectors.calls import make_api_call
from tokenlint.detectors.evidence import type_fact
from tokenlint.detectors.malformed_urls import looks_like_url
from tokenlint.facts import (
    ApiCall,
    Auth,
    CredentialKind,
    Evidence,
    Exposure,
    GitRemote,
    LogExposure,
    PipeStep,
    ScriptRun,
)
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.regions import Pipe
from tokenlint.parsers.shell import Command, Script, file_key
from tokenlint.parsers.values import Value, url_userinfo, userinfo

if TYPE_CHECKING:
    from tokenlint.pipes import PipeEntry

#: The facts a shell command yields.
ShellFact: TypeAlias = ApiCall | GitRemote | LogExposure | ScriptRun

# curl options that take a value (long and short forms)
_CURL_VALUE = {
    "-u", "--user", "-H", "--header", "-X", "--request", "-d", "--data", "--data-raw", "--data-binary",
    "--data-urlencode", "--data-ascii", "--json", "-F", "--form", "--form-string", "-o", "--output", "-x", "--proxy",
    "-T", "--upload-file", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar",
    "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "--retry", "--url", "--cacert", "--cert",
    "--key", "-K", "--config", "--oauth2-bearer", "--resolve", "--trace", "--trace-ascii", "-E", "-r",
    "--range", "-z", "--max-filesize", "-D", "--dump-header", "--limit-rate", "--retry-delay", "--retry-max-time",
    "--proxy-user", "-U", "--stderr", "--variable", "--expand-url", "--header-file", "--netrc-file",
}
_CURL_SHORT_VALUE = {o[1] for o in _CURL_VALUE if len(o) == 2}


def detect(script: Script, line_offset: int = 0, commented: bool = False, scope: Sequence[str] = (),
           xtrace_line: int | None = None, git: git_calls.GitState | None = None) -> list[ShellFact]:
    """The facts of a script's commands, in order; `scope` and `xtrace_line` are what the leak
    rules need to know of the document around it (see shell_leaks.detect), `git` what earlier
    commands (earlier regions of the same step) configured for git."""
    facts: list[ShellFact] = []
    git = git if git is not None else git_calls.GitState()
    for cmd in script.commands:
        line = cmd.line + line_offset
        name = cmd.name.rsplit("/", 1)[-1]
        if cmd.redirects:
            facts.extend(git_calls.credential_store_write(git, cmd, line, commented))
        if name == "curl":
            facts.extend(_curl(cmd, line, commented))
        elif name == "wget":
            facts.extend(_wget(cmd, line, commented))
        elif name == "git":
            facts.extend(git_calls.git(cmd, line, commented, git))
        elif name == "hg":
            facts.extend(git_calls.hg(cmd, line, commented))
        elif name in _HTTPIE:
            facts.extend(_httpie(cmd, line, commented))
        elif client_calls := cli_calls.calls(cmd, line, commented):
            facts.extend(client_calls)
        elif _runs_script(cmd):
            facts.append(_script_run(cmd, line))
    facts.extend(shell_leaks.detect(script, line_offset, commented, scope, xtrace_line))
    if script.params:  # `password="$2"`: what a caller passes as `$2` is what the calls send
        for fact in facts:
            if isinstance(fact, (ApiCall, GitRemote)) and fact.credential and not fact.credential_literal:
                fact.credential_param = script.params.get(fact.credential.removeprefix("$"))
    return facts


_INTERPRETERS = ("bash", "sh", "zsh", "source", ".", "python", "python3", "node")


def _runs_script(cmd: Command) -> bool:
    if cmd.name in _INTERPRETERS:
        return any((not a.text.startswith("-") and "/" in a.text) or a.text.endswith((".sh", ".py", ".js"))
                   for a in cmd.args)
    return cmd.name.startswith(("./", "../")) or (("/" in cmd.name) and not cmd.name.startswith("/"))


def _script_run(cmd: Command, line: int) -> ScriptRun:
    """Which file runs, and which of this shell's variables are other credentials' names."""
    script = cmd.name
    args = [a.text for a in cmd.args]
    if cmd.name in _INTERPRETERS:
        at = next(i for i, a in enumerate(args) if not a.startswith("-"))
        script, args = args[at], args[at + 1:]
    renames = {name: ref for name, value in cmd.env.items() if (ref := value.only_ref()) and ref != name}
    return ScriptRun(script, line, cmd.column, renames, args)


_NO_VALUE = Value("")  # what an option that takes no value yields as its value


def _options(args: list[Value], value_opts: set[str], short_value: set[str]) -> Iterator[tuple[str | None, Value]]:
    """Yield (option, value) pairs and (None, positional) for a curl/wget-style argument list."""
    i = 0
    while i < len(args):
        text = args[i].text
        if text.startswith("--") and "=" in text:
            opt, _, val = text.partition("=")
            yield opt, Value(val)
        elif text in value_opts:
            yield text, args[i + 1] if i + 1 < len(args) else Value("")
            i += 1
        elif text.startswith("--"):
            yield text, _NO_VALUE
        elif text.startswith("-") and not text.startswith("--") and len(text) > 1:
            for j, letter in enumerate(text[1:], start=1):
                if letter in short_value:
                    rest = text[j + 1:]
                    if rest:
                        yield f"-{letter}", Value(rest)
                    else:
                        yield f"-{letter}", args[i + 1] if i + 1 < len(args) else Value("")
                        i += 1
                    break
                yield f"-{letter}", _NO_VALUE
        else:
            yield None, args[i]
        i += 1


def _split_user(value: Value) -> tuple[Value | None, Value | None]:
    """`-u user:secret` as (user, secret). One variable that is not split (`-u "$BB_AUTH"`, set
    outside the script) holds the whole `user:secret` pair: it is the secret, user unknown."""
    user, secret = userinfo(value.text)
    if secret is None and value.only_ref() is not None:
        return None, value
    return user, secret


def _header_auth(header: str) -> tuple[Auth, Value] | None:
    m = re.match(r"\s*authorization\s*:\s*(\w+)\s*(.*)$", header, re.IGNORECASE | re.DOTALL)
    if not m:
        return None
    scheme = m.group(1).lower()
    known = scheme in (Auth.BASIC, Auth.BEARER, Auth.DIGEST, Auth.JWT)
    return (Auth(scheme) if known else Auth.UNKNOWN), Value(m.group(2).strip())


def _curl(cmd: Command, line: int, commented: bool) -> list[ShellFact]:
    args = list(cmd.args)
    source: str | None = None  # a file curl reads options or the login from
    for opt, val in _options(cmd.args, _CURL_VALUE, _CURL_SHORT_VALUE):
        if opt in ("-K", "--config"):
            config = cmd.heredoc if val.text == "-" else cmd.files.get(file_key(val.text))
            if config is None:
                source = val.text  # options (and maybe the login) come from a file the script does not write
            else:  # options the script wrote to the file (or fed on stdin) count as given here
                args = _config_args(config) + args
    method: str | None = None
    urls: list[str] = []
    auth = Auth.UNKNOWN
    secret: Value | None = None
    user: Value | None = None
    proxy: str | None = None
    insecure = verbose = data = False
    body = cmd.heredoc
    for opt, val in _options(args, _CURL_VALUE, _CURL_SHORT_VALUE):
        if opt is None:
            if looks_like_url(val.text):
                urls.append(val.text)
        elif opt in ("-u", "--user"):
            user, secret = _split_user(val)
            auth = Auth.BASIC if auth == Auth.UNKNOWN else auth
        elif opt in ("-n", "--netrc", "--netrc-optional", "--netrc-file") and secret is None:
            netrc = val.text if opt == "--netrc-file" else "~/.netrc"
            login = _netrc_login(cmd.files.get(file_key(netrc), ""))
            auth = Auth.BASIC if auth == Auth.UNKNOWN else auth
            source = netrc
            if login is not None:
                user, secret = login
        elif opt in ("-H", "--header"):
            parsed = _header_auth(val.text)
            if parsed:
                auth, secret = parsed
        elif opt == "--oauth2-bearer":
            auth, secret = Auth.BEARER, val
        elif opt in ("--digest", "--anyauth", "--ntlm", "--negotiate"):
            auth = Auth.DIGEST if opt in ("--digest", "--anyauth") else Auth(opt.lstrip("-"))
        elif opt in ("-X", "--request"):
            method = val.text
        elif opt in ("-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--data-ascii", "--json", "-F",
                     "--form"):
            data = True
            body += " " + val.text
        elif opt in ("-T", "--upload-file"):
            method = method or "PUT"
        elif opt in ("-I", "--head"):
            method = method or "HEAD"
        elif opt in ("-k", "--insecure"):
            insecure = True
        elif opt in ("-v", "--verbose", "--trace", "--trace-ascii"):
            verbose = True
        elif opt in ("-x", "--proxy"):
            proxy = val.text
        elif opt == "--url":
            urls.append(val.text)
    method = method or ("POST" if data else "GET")
    calls = _calls("curl", cmd, line, urls, method, auth, secret, user, proxy, insecure, verbose, commented, body)
    for call in calls:
        if isinstance(call, ApiCall) and source is not None:
            call.credential_source = source  # the login comes from that file, whatever it holds
    return calls


_NETRC_TOKEN = re.compile(r"\"[^\"]*\"|\S+")


def _netrc_login(text: str) -> tuple[Value, Value] | None:
    """(login, password) of a .netrc the script wrote: the Bitbucket machine's, else `default`'s."""
    words = [w.strip('"') for w in _NETRC_TOKEN.findall(text)]
    entries: dict[str, dict[str, str]] = {}
    machine = None
    for i, word in enumerate(words):
        if word == "default":
            machine = "default"
            entries.setdefault(machine, {})
        elif word in ("machine", "login", "password") and i + 1 < len(words):
            if word == "machine":
                machine = words[i + 1]
                entries.setdefault(machine, {})
            elif machine is not None:
                entries[machine].setdefault(word, words[i + 1])
    for name, entry in entries.items():
        if ("bitbucket" in name.lower() or "${" in name or name == "default") and "password" in entry:
            return Value(entry.get("login", "")), Value(entry["password"])
    return None


def _config_args(text: str) -> list[Value]:
    """A curl config file (`-K`) as command-line words: `user = "u:p"`, `--header "…"`, `url …`."""
    out: list[Value] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"(-{0,2}[A-Za-z][\w-]*)\s*[:=]?\s*(.*)$", line)
        if not m:
            continue
        opt, value = m.group(1), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out.append(Value(opt if opt.startswith("-") else ("-" if len(opt) == 1 else "--") + opt))
        if value:
            out.append(Value(value))
    return out


def _calls(tool: str, cmd: Command, line: int, urls: list[str], method: str, auth: Auth, secret: Value | None,
           user: Value | None, proxy: str | None, insecure: bool, verbose: bool, commented: bool,
           body: str = "") -> list[ShellFact]:
    facts: list[ShellFact] = []
    for url in urls:
        call_auth, call_user, call_secret = auth, user, secret
        in_url = url_userinfo(url) if secret is None else None
        if in_url is not None and in_url[1] is not None:
            # `https://${U}:${P}@api.bitbucket.org/…`: curl and wget send the userinfo as Basic
            call_auth = Auth.BASIC if auth in (Auth.UNKNOWN, Auth.NONE) else auth
            call_user = in_url[0] if user is None else user
            call_secret = in_url[1]
        call = make_api_call(tool, method, url, line, cmd.column, auth=call_auth, secret=call_secret,
                             username=call_user, proxy=proxy, insecure=insecure, verbose=verbose,
                             commented=commented, body=body)
        if call is None:
            continue
        facts.append(call)
        if verbose and call.credential:
            facts.append(LogExposure(Exposure.VERBOSE_HTTP, call.credential, line, cmd.column, commented))
    return facts


_WGET_VALUE = {"--user", "--http-user", "--password", "--http-password", "--header", "--method", "--post-data",
               "--body-data", "-O", "--output-document", "-o", "--output-file", "-U", "--user-agent", "-e"}


def _wget(cmd: Command, line: int, commented: bool) -> list[ShellFact]:
    method: str | None = None
    urls: list[str] = []
    auth = Auth.UNKNOWN
    secret: Value | None = None
    user: Value | None = None
    insecure = verbose = False
    for opt, val in _options(cmd.args, _WGET_VALUE, {"O", "o", "U", "e"}):
        if opt is None:
            if looks_like_url(val.text):
                urls.append(val.text)
        elif opt in ("--user", "--http-user"):
            user = val
        elif opt in ("--password", "--http-password"):
            secret, auth = val, Auth.BASIC
        elif opt == "--header":
            parsed = _header_auth(val.text)
            if parsed:
                auth, secret = parsed
        elif opt == "--method":
            method = val.text
        elif opt in ("--post-data", "--body-data"):
            method = method or "POST"
        elif opt == "--no-check-certificate":
            insecure = True
        elif opt in ("-d", "--debug"):
            verbose = True
    return _calls("wget", cmd, line, urls, method or "GET", auth, secret, user, None, insecure, verbose, commented)


_HTTPIE = ("http", "https", "xh", "xhs")
_HTTPIE_VALUE = {"-a", "--auth", "-A", "--auth-type", "--verify", "--session", "--session-read-only", "-o",
                 "--output", "--proxy", "--cert", "--cert-key", "--timeout", "--max-redirects", "--pretty", "-s",
                 "--style", "-p", "--print", "--default-scheme", "--format-options", "--ssl", "--ciphers",
                 "--bearer", "--raw"}
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _httpie(cmd: Command, line: int, commented: bool) -> list[ShellFact]:
    """HTTPie (`http`, `https`) and xh: `http -a user:secret POST api.bitbucket.org/2.0/… Header:value key=value`."""
    method: str | None = None
    url: str | None = None
    auth = Auth.UNKNOWN
    scheme_hint: str | None = None
    secret: Value | None = None
    user: Value | None = None
    insecure = verbose = data = False
    for opt, val in _options(cmd.args, _HTTPIE_VALUE, {"a", "A", "o", "s", "p"}):
        if opt is None:
            text = val.text
            if method is None and url is None and text.upper() == text and text in _METHODS:
                method = text
            elif url is None:
                url = text
            elif re.match(r"[\w-]+:(?!=)", text):  # a request header item
                parsed = _header_auth(text)
                if parsed:
                    auth, secret = parsed
            elif re.match(r"[\w.\[\]-]+:?=", text) or text.startswith("@"):
                data = True
        elif opt in ("-a", "--auth"):
            if scheme_hint == "bearer":
                auth, secret = Auth.BEARER, val
            else:
                user, secret = _split_user(val)
                auth = Auth.DIGEST if scheme_hint == "digest" else Auth.BASIC
        elif opt == "--bearer":
            auth, secret = Auth.BEARER, val
        elif opt in ("-A", "--auth-type"):
            scheme_hint = val.text.lower()
            if auth == Auth.BASIC and scheme_hint in ("bearer", "digest"):
                auth = Auth(scheme_hint)
                if scheme_hint == "bearer" and user is not None:  # `-A bearer -a $T` seen after -a
                    secret, user = (Value(user.text) if secret is None else secret), None
        elif opt == "--verify" and val.text.lower() in ("no", "false"):
            insecure = True
        elif opt in ("-v", "--verbose"):
            verbose = True
        elif opt in ("-f", "--form", "-j", "--json"):
            pass
    if url is None:
        return []
    if "://" not in url:
        default = "https" if cmd.name.rsplit("/", 1)[-1] in ("https", "xhs") else "http"
        url = f"{default}://{url}"
    method = method or ("POST" if data else "GET")
    return _calls(cmd.name.rsplit("/", 1)[-1], cmd, line, [url], method, auth, secret, user, None, insecure,
                  verbose, commented)


def pipe_calls(pipe: Pipe, commented: bool = False, bitbucket: frozenset[str] = frozenset()) -> list[ShellFact]:
    """A pipe given Bitbucket credentials through `variables:` calls the API with them.

    A pipe that tokenlint's pipes table knows, given a variable the table says carries a
    credential, makes the table's calls with it (`table_pipe_calls`); any other pipe is read from
    its variable names alone: one call, at the `pipe:` line, whose needs are unknown. Such a
    variable is a Bitbucket credential when its name or the variable it is given says so, or
    that variable is one the file's own Bitbucket calls use (`bitbucket`, names without `$`).
    """
    from tokenlint import pipes  # the table loads only when a pipeline has a pipe (start-up)

    found = pipes.lookup(pipe.name)
    if found is not None:
        entry, version = found
        if any(entry.variables.get(k) in pipes.SECRET_CARRIES for k in pipe.variables):
            return table_pipe_calls(pipe, entry, version, commented)
    user = secret = None
    secret_key = ""
    for key, (value, _) in pipe.variables.items():
        upper = key.upper()
        if upper.endswith(("USERNAME", "_USER")):
            user = Value(_braced(value))
        elif kind_from_name(key) != CredentialKind.UNKNOWN and "USER" not in upper \
                and (_names_bitbucket(key, value) or Value(_braced(value)).only_ref() in bitbucket):
            secret, secret_key = Value(_braced(value)), key
    if secret is None:
        return []
    auth = Auth.BASIC if user is not None else Auth.BEARER
    call = make_api_call(f"pipe {pipe.name}", "", "https://api.bitbucket.org/2.0", pipe.line, pipe.column,
                         auth=auth, secret=secret, username=user, commented=commented)
    by_key = kind_from_name(secret_key)
    if call is not None and not call.credential_literal and by_key != CredentialKind.UNKNOWN:
        call.credential_kind = by_key  # the pipe's variable name says what it expects
        call.credential_evidence = Evidence.PIPE_VARIABLE
        type_fact(call)  # weighed against the rest: a value's shape still outranks it
    return [call] if call is not None else []


_BITBUCKET_NAME = re.compile(r"bitbucket|atlassian|(?<![a-z])bb(?![a-z])", re.IGNORECASE)


def _names_bitbucket(key: str, value: str) -> bool:
    """Whether a pipe variable the pipes table does not describe holds a Bitbucket credential: its
    name or the variable it is given says Bitbucket (`BITBUCKET_TOKEN: $BB_PASS`), or it claims a
    type only Bitbucket has (`APP_PASSWORD`). A pipe's `REGISTRY_PASSWORD` or `NPM_TOKEN` is the
    credential of whatever the pipe publishes to, not Bitbucket's."""
    return bool(_BITBUCKET_NAME.search(key) or _BITBUCKET_NAME.search(value)
                or kind_from_name(key) == CredentialKind.APP_PASSWORD)


_CARRIED_KIND = {"app-password": CredentialKind.APP_PASSWORD, "access-token": CredentialKind.ACCESS_TOKEN,
                 "api-token": CredentialKind.API_TOKEN, "oauth-secret": CredentialKind.OAUTH_CONSUMER}
# Placeholders of the table's paths that name the repository a pipe works on, and the pipe
# variables that override them (the Atlassian pipes' ACCOUNT/REPOSITORY); by default a pipe works
# on the repository the pipeline runs in.
_WORKSPACE_PARAMS = {"workspace": "ACCOUNT", "ACCOUNT": "ACCOUNT", "owner": "ACCOUNT", "username": "ACCOUNT"}
_REPO_PARAMS = {"repo_slug": "REPOSITORY", "REPOSITORY": "REPOSITORY", "slug": "REPOSITORY"}
_BUILTIN_PARAMS = {"commit": "${BITBUCKET_COMMIT}", "pull_request_id": "${BITBUCKET_PR_ID}"}


def table_pipe_calls(pipe: Pipe, entry: PipeEntry, version: str, commented: bool = False) -> list[ShellFact]:
    """One call per credential the step hands a known pipe, at that variable's line, carrying the
    operations the pipes table says the pipe makes with it. The variable's meaning comes from the
    table (`BITBUCKET_API_TOKEN` may carry an access token), never from its name."""
    from tokenlint import pipes

    given = {k: _braced(v) for k, (v, _) in pipe.variables.items()
             if entry.variables.get(k) not in pipes.SECRET_CARRIES}  # no secret value is kept
    out: list[ShellFact] = []
    for key, (value, value_line) in pipe.variables.items():
        carries = entry.variables.get(key)
        if carries not in pipes.SECRET_CARRIES or not value.strip():
            continue
        user_key = pipes.partner(entry, key)
        user = Value(_braced(pipe.variables[user_key][0])) if user_key in pipe.variables else None
        auth = Auth.BEARER if carries == "access-token" else Auth.BASIC
        line, column = pipe.keys.get(key, (value_line, pipe.column))
        secret = Value(_braced(value))
        tool = f"pipe {pipe.name}"
        calls = tuple(c for op in entry.operations if op.http and op.via != "proxy" and pipes.holds(op.when, given)
                      if (c := make_api_call(tool, op.method, _operation_url(op.path, given), line, column, auth=auth,
                                             secret=secret, username=user, commented=commented)) is not None)
        call = make_api_call(tool, "", "https://api.bitbucket.org/2.0", line, column, auth=auth, secret=secret,
                             username=user, commented=commented)
        if call is None:
            continue
        if not call.credential_literal:
            call.credential_kind = _CARRIED_KIND[carries]  # the table says what the variable carries
            call.credential_evidence = Evidence.PIPE_VARIABLE
            type_fact(call)  # weighed against the rest: a value's shape still outranks it
            for c in calls:
                c.credential_kind, c.credential_evidence = call.credential_kind, call.credential_evidence
        scoped = [c for c in calls if c.api == "2.0"]
        if scoped:
            call.workspace, call.repo = scoped[0].workspace, scoped[0].repo
        call.operation = ", ".join(f"{c.method} {c.template or c.url}" for c in calls) or None
        call.pipe_confidence = str(entry.sure("variables"))
        call.pipe = PipeStep(pipe.name, entry.name, version, pipe.line, pipe.column, key, tuple(pipe.variables), calls)
        out.append(call)
    return out


def _operation_url(path: str, given: dict[str, str]) -> str:
    """A table path with its placeholders filled from the step's variables and the built-ins."""
    def fill(m: re.Match[str]) -> str:
        param = m.group(1)
        if param in _WORKSPACE_PARAMS:
            return given.get(_WORKSPACE_PARAMS[param]) or "${BITBUCKET_WORKSPACE}"
        if param in _REPO_PARAMS:
            return given.get(_REPO_PARAMS[param]) or "${BITBUCKET_REPO_SLUG}"
        return _BUILTIN_PARAMS.get(param, m.group(0))

    filled = re.sub(r"\{([A-Za-z_]+)\}", fill, path)
    return filled if "://" in filled else "https://api.bitbucket.org" + filled


def _braced(value: str) -> str:
    """Pipe variables hold `$NAME` or `${NAME}` references as plain YAML strings."""
    return re.sub(r"\$(?!\{)([A-Za-z_][A-Za-z0-9_]*)", r"${\1}", value)
