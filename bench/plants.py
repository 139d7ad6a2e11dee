"""Known credentials to inject into generated data, one snippet per kind of leak.

Every token-shaped value is made at run time with `tokenlint.tokens.synthesize`, so nothing
that looks like a live credential is ever committed. Passwords and secrets are drawn from an
alphabet without vowels or `x`, so no placeholder word ("your", "example", "xxxx", ...) can
appear in them by chance and a miss is always a real miss.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass

from tokenlint import tokens

# Consonants and digits only: see the module docstring.
_SAFE = "BCDFGHJKLMNPQRSTVWZbcdfghjklmnpqrstvwz23456789"
USERS = ("jdoe", "build-bot", "deploy", "ci-runner", "mchen", "release")
REPOS = ("billing", "web-app", "infra", "mobile", "data-pipeline", "docs")


def password(rng: random.Random, lo: int = 16, hi: int = 24) -> str:
    return "".join(rng.choice(_SAFE) for _ in range(rng.randint(lo, hi)))


@dataclass(frozen=True)
class Plant:
    """Lines to insert; `secret_line` is the index (in `lines`) of the line holding the secret."""

    kind: str
    lines: tuple[str, ...]
    secret_line: int = 0


def _token_literal(kind: str, rng: random.Random) -> Plant:
    tok = tokens.synthesize(kind, rng)
    name = {tokens.APP_PASSWORD: "app_password", tokens.API_TOKEN: "atlassian_api_token",
            tokens.ACCESS_TOKEN: "repo_access_token", tokens.DATACENTER_TOKEN: "bbdc_http_token"}[kind]
    line = rng.choice((f'{name} = "{tok}"', f"{name}: {tok}", f'    "{name}": "{tok}",', f"export {name.upper()}={tok}",
                       f"# old value, do not use: {tok}"))
    return Plant(kind, (line,))


def _url(rng: random.Random) -> Plant:
    repo = rng.choice(REPOS)
    if rng.random() < 0.5:
        line = f"git remote add origin https://{rng.choice(USERS)}:{password(rng)}@bitbucket.org/acme/{repo}.git"
    else:
        line = f"git push https://x-token-auth:{tokens.synthesize(tokens.ACCESS_TOKEN, rng)}@bitbucket.org/acme/{repo}.git HEAD:main"
    return Plant("url-userinfo", (line,))


def _curl_user(rng: random.Random) -> Plant:
    line = (f"curl -s -u {rng.choice(USERS)}:{password(rng)} "
            f"https://api.bitbucket.org/2.0/repositories/acme/{rng.choice(REPOS)}/pullrequests")
    return Plant("curl-user", (line,))


def _basic(rng: random.Random) -> Plant:
    pair = f"{rng.choice(USERS)}:{tokens.synthesize(tokens.APP_PASSWORD, rng)}"
    b64 = base64.b64encode(pair.encode()).decode()
    line = f'curl -H "Authorization: Basic {b64}" https://api.bitbucket.org/2.0/user'
    return Plant("authorization-basic", (line,))


def _client_secret(rng: random.Random) -> Plant:
    return Plant("client-secret", (f"BITBUCKET_CLIENT_SECRET={password(rng, 32, 32)}",))


def _shell_default(rng: random.Random) -> Plant:
    return Plant("shell-default", (f"export BITBUCKET_TOKEN=${{BITBUCKET_TOKEN:-{password(rng)}}}",))


def netrc(rng: random.Random) -> Plant:
    """A .netrc entry; it is only planted into files named .netrc (see treegen)."""
    host = rng.choice(("bitbucket.org", "api.bitbucket.org"))
    if rng.random() < 0.5:
        return Plant("netrc", (f"machine {host}", f"  login {rng.choice(USERS)}", f"  password {password(rng)}"), 2)
    return Plant("netrc", (f"machine {host} login {rng.choice(USERS)} password {password(rng)}",))


IN_TEXT = {
    "app-password": lambda rng: _token_literal(tokens.APP_PASSWORD, rng),
    "api-token": lambda rng: _token_literal(tokens.API_TOKEN, rng),
    "access-token": lambda rng: _token_literal(tokens.ACCESS_TOKEN, rng),
    "datacenter-token": lambda rng: _token_literal(tokens.DATACENTER_TOKEN, rng),
    "url-userinfo": _url,
    "curl-user": _curl_user,
    "authorization-basic": _basic,
    "client-secret": _client_secret,
    "shell-default": _shell_default,
}
KINDS = (*IN_TEXT, "netrc")
