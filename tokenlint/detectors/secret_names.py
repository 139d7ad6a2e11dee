"""Which names hold a secret: what the leak detectors (shell, Python, JavaScript, Groovy,
Dockerfile) follow when they look for a credential printed, written or baked somewhere.

A name says it holds a secret when `calls.kind_from_name` gives it a credential kind, unless
it names something about a secret rather than the secret itself (`TOKEN_URL`, `PASSWORD_FILE`,
`BB_USER`): printing those leaks nothing.
"""

from __future__ import annotations

import re

from tokenlint.detectors.calls import kind_from_name
from tokenlint.facts import CredentialKind

# Suffixes of a name that holds something about a secret, not the secret.
_ABOUT = re.compile(
    r"(?:^|[_\-.])(?:user|username|login|url|uri|file|path|dir|name|id|arn|endpoint|length|len|expiry|expires|"
    r"expiration|type|kind|scope|scopes|header_name|var|variable|env|ttl|prefix|hash|hashed|salt|policy|"
    r"required|enabled|valid|prompt|label|help|field|count|set)$|username$|^is_|^has_|^no_",
    re.IGNORECASE)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_REF = re.compile(r"(?<!\\)\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def is_secret_name(name: str) -> bool:
    """Whether a variable, key or attribute of this name holds a secret."""
    if not name or len(name) > 200:
        return False
    snake = _CAMEL.sub(r"\1_\2", name)  # appTokenUrl -> app_Token_Url
    return kind_from_name(name) != CredentialKind.UNKNOWN and not _ABOUT.search(snake)


def secret_refs(text: str) -> list[str]:
    """`$NAME` / `${NAME}` references to secret names in raw text (a here-document, a YAML
    value), in order, each once. An escaped `\\$NAME` is text, no reference."""
    out: dict[str, None] = {}  # ordered, each once
    for name in _REF.findall(text):
        if name not in out and is_secret_name(name):
            out[name] = None
    return list(out)
