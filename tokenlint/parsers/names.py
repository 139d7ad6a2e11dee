"""What a variable name says about the credential it holds: the weakest evidence of a type
(tokenlint.detectors.evidence ranks it against the rest), kept apart so every detector and the
evidence ranking can read it without importing each other."""

from __future__ import annotations

import re
from functools import cache

from tokenlint.facts import CredentialKind
from tokenlint.parsers.values import Value

# `appPw`, `app_pw`, `AppPWD`, `BB_APP_PASSWD`: an app password by its usual abbreviations, as
# whole words (camelCase split first) so that `webapp_pwd` stays a password of a web app.
_APP_PW_WORDS = re.compile(r"(?:^|_)app_(?:pw|pwd|passwd|pass(?:word)?s?)(?:_|$)")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Trailing parts of a dotted path that only read the value (`args.app_password.value`).
_READERS = frozenset(("value", "val", "text", "data", "get", "strip", "trim", "tostring", "decode", "encode",
                      "lower", "upper", "current", "raw"))


def last_part(name: str) -> str:
    """The part of a dotted or attribute path that names what it holds: `self.app_password`,
    `config.bitbucket.appPassword`, `opts.appPass` name their last part; readers such as
    `.value` are skipped."""
    if "." not in name:
        return name
    parts = [p for p in re.split(r"[.\[\]'\"()]+", name) if p]
    while len(parts) > 1 and parts[-1].lower() in _READERS:
        parts.pop()
    return parts[-1] if parts else name


def words_of(name: str) -> str:
    """`appPassword`, `App-PW`, `BB_APP_PASS` as snake_case words: `app_password`, `app_pw`, `bb_app_pass`."""
    return re.sub(r"[^a-z0-9]+", "_", _CAMEL.sub("_", name).lower()).strip("_")


@cache  # a pure function of a name, asked for the same few names thousands of times per file
def kind_from_name(name: str) -> CredentialKind:
    """What a variable name says about the credential it holds (for a dotted path, what its
    last meaningful part says)."""
    name = last_part(name)
    n = name.lower()
    if re.search(r"app[_\-]?pass", n) or _APP_PW_WORDS.search(words_of(name)):
        return CredentialKind.APP_PASSWORD
    if re.search(r"api[_\-]?token|atlassian[_\-]?token", n):
        return CredentialKind.API_TOKEN
    if "oauth" in n and "token" in n:  # `OAUTH_ACCESS_TOKEN`, `oauthToken`: a grant's token, no access token
        return CredentialKind.OAUTH_ACCESS_TOKEN
    if re.search(r"(access|repo|repository|project|workspace)[_\-]?token", n):
        return CredentialKind.ACCESS_TOKEN
    if "token" in n or "bearer" in n or "oauth" in n:
        return CredentialKind.TOKEN
    if "pass" in n or "pwd" in n or "secret" in n:
        return CredentialKind.PASSWORD
    return CredentialKind.UNKNOWN



_SPECIFIC = (CredentialKind.APP_PASSWORD, CredentialKind.API_TOKEN, CredentialKind.ACCESS_TOKEN)


def named_better(name: str, value: Value) -> Value:
    """An unresolved value read from something whose name says less than the variable it is
    stored in: `const BB_APP_PASSWORD = argv['password']` is `${BB_APP_PASSWORD}` (the variable
    says which credential), where `const pw = opts.appPassword` stays `${appPassword}`."""
    ref = value.only_ref()
    if ref is None or ref == name or kind_from_name(ref) in _SPECIFIC or kind_from_name(name) not in _SPECIFIC:
        return value
    return Value(f"${{{name}}}")


_RUN = re.compile(r"[A-Za-z0-9]+")
_CHANGE = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|(?<=[a-z])(?=[A-Z])")


def name_from_literal(text: str) -> str | None:
    """A literal that code uses as a name (a configuration key `bitbucket.app_password`, a Jenkins
    credentials id `bb-creds`) as an identifier; None when it reads like a secret rather than a name
    (case and digit changes every few characters), so that a password handed where a key belongs is
    never printed as if it were a variable's name."""
    if not 0 < len(text) <= 64 or re.fullmatch(r"[\w.:/ -]+", text) is None:
        return None
    if any(len(_CHANGE.findall(run)) * 4 > len(run) for run in _RUN.findall(text)):
        return None
    return re.sub(r"\W", "_", text)

