"""Bitbucket credentials handed to a Bitbucket command-line client.

`npx snyk-to-bb --user "$BB_USER" --password "$BB_APP_PASSWORD"` or
`bitbucket-cli --username u --app-password "$P"`: the tool logs in to the API with what it is
given, so the credential is in use as much as in a `curl -u`. Whether the tool is a Bitbucket
client is read from its name (or the package `npx`/`npm exec`/`yarn dlx`/`pnpm dlx` runs): a
word `bitbucket`, or `bb` as a word of a package name (`snyk-to-bb`); the bare command `bb` is
Babashka, not ours. The path it calls is unknown, so only the credential rules judge it.
"""

from __future__ import annotations

import re

from tokenlint.detectors.calls import make_api_call
from tokenlint.detectors.evidence import by_name, type_fact
from tokenlint.facts import ApiCall, Auth, CredentialKind, Evidence
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.shell import Command
from tokenlint.parsers.values import Value

_RUNNERS = {"npx": 0, "bunx": 0, "npm": 1, "pnpm": 1, "yarn": 1}  # words to skip before the package
_PACKAGE_WORDS = re.compile(r"[^a-z0-9]+")
_USER_OPTIONS = ("--user", "--username", "--login", "--email", "--bitbucket-user", "--bitbucket-username")
_SECRET_OPTIONS = ("--password", "--app-password", "--app_password", "--apppassword", "--bitbucket-password",
                   "--bitbucket-app-password", "--pass")


def _tool(cmd: Command) -> tuple[str, list[Value]] | None:
    """The Bitbucket client a command runs and the words after it, or None."""
    name = cmd.name.rsplit("/", 1)[-1].lower()
    args = cmd.args
    if name in _RUNNERS:
        if _RUNNERS[name] and (not args or args[0].text not in ("exec", "x", "dlx")):
            return None  # `npm install -g snyk-to-bb` runs nothing
        rest = [a for a in args[_RUNNERS[name]:] if not a.text.startswith("-")]
        if not rest:
            return None
        package = rest[0].text.rsplit("/", 1)[-1].split("@")[0].lower()
        words = set(_PACKAGE_WORDS.split(package))
        if "bitbucket" in package or "bb" in words:
            return package, args[args.index(rest[0]) + 1:]
        return None
    return (name, args) if "bitbucket" in name else None


def calls(cmd: Command, line: int, commented: bool) -> list[ApiCall]:
    """One Basic call to the Bitbucket API when a Bitbucket client is given a password option."""
    found = _tool(cmd)
    if found is None:
        return []
    tool, args = found
    user: Value | None = None
    secret: tuple[str, Value] | None = None
    for i, arg in enumerate(args):
        option, _, inline = arg.text.partition("=")
        value = Value(inline) if inline else (args[i + 1] if i + 1 < len(args) else None)
        if value is None:
            continue
        if option in _USER_OPTIONS:
            user = value
        elif option in _SECRET_OPTIONS and secret is None:
            secret = (option, value)
    if secret is None or not secret[1].text:
        return []
    option, value = secret
    call = make_api_call(f"{tool} ({option})", "", "https://api.bitbucket.org/2.0", line, cmd.column,
                         auth=Auth.BASIC, secret=value, username=user, commented=commented)
    if call is None:
        return []
    own = value.only_ref()
    named = by_name(own) if own is not None and not call.credential_literal else None
    said = kind_from_name(option.lstrip("-"))
    if own is not None and said == CredentialKind.APP_PASSWORD and (named is None or named[1] == Evidence.GENERIC_NAME):
        type_fact(call, extra=[(said, Evidence.NAME)])  # `--app-password "$P"`: the option says what it takes
    return [call]
