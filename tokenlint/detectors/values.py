"""Is a value a literal secret, a reference to one, or a placeholder?

Reporting a `$VAR` or `${{ secrets.X }}` as a leak is the classic false positive of secret
scanners; these predicates are where tokenlint draws that line, in one place.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_REFERENCE_MARKERS = (
    "$", "%(", "%{", "%s", "{{", "#{", "@{", "<%", "os.environ", "getenv", "process.env", "env.",
    "ENV[", "secrets.", "vars.", "credentials(", "System.getenv", "lookup(", "!Ref", "!Sub",
)
# Secret-manager and config-engine references: the value says where the secret is kept.
_MANAGER_REFERENCE = re.compile(
    r"^(?:param|ssm|vault|secretsmanager|awssm|awssecret|gcpsm|gcp-secret|azurekv|keyvault|akv|doppler|bws|"
    r"infisical|onepassword|1password|sops|credhub|env|file):"
    r"|^(?:op|sm|vault|ref\+[a-z0-9]+|gsm|awssm)://"
    r"|^arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):"
    r"|^projects/[^/\s]+/secrets/"
    r"|^\(\(.*\)\)$",
    re.IGNORECASE)
_CALL_OR_ATTR = re.compile(r"^[A-Za-z_][\w.]*(\(.*\))?$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{2,}$")
_PLACEHOLDER_WORDS = (
    "changeme", "change_me", "change-me", "your", "example", "placeholder", "dummy", "fake",
    "sample", "redacted", "xxxx", "****", "...", "<", ">", "todo", "fixme", "replace", "insert",
    "secret_here", "token_here", "password_here", "mytoken", "mypassword", "mysecret",
)
_PLACEHOLDER_EXACT = {
    "password", "passwd", "secret", "token", "none", "null", "nil", "true", "false", "yes", "no",
    "test", "testing", "string", "undefined", "empty", "hidden", "masked", "required", "optional",
    "app_password", "app-password", "api_token", "access_token", "bitbucket", "literal", "default", "value",
}


def is_reference(value: str, *, quoted: bool = True) -> bool:
    """A value that names where the secret comes from instead of holding it."""
    v = value.strip()
    if not v:
        return True
    if any(marker in v for marker in _REFERENCE_MARKERS) or _MANAGER_REFERENCE.match(v):
        return True
    if v.startswith(("{", "[", "(", "*", "&", "!", "@")):
        return True
    if _ENV_NAME.match(v):  # 'BB_PASSWORD' as a value is a variable name (Jenkins ids, pipes)
        return True
    if not quoted and _EXPRESSION.match(v):  # `configs["BB_PASSWORD"]`, `get_secret(…)`: the value is looked up
        return True
    return not quoted and _CALL_OR_ATTR.match(v) is not None and ("(" in v or "." in v)


# An unquoted value that is a name followed by a subscript or a call, however the match that found
# it was cut (`configs[` of `configs["BB_PASSWORD"]`): an expression, never a literal.
_EXPRESSION = re.compile(r"^[A-Za-z_][\w.]*[ \t]*[\[(]")


# Files that are samples to copy by name: `config.yml.example`, `.env.sample`, `app.dist.yml`,
# `.r2b-credentials.example.sh`, `settings-example.json`, `example.env`.
_SAMPLE_FILE = re.compile(r"(?:^|[._-])(?:examples?|samples?)(?:[._-][^/]*)?$"
                          r"|\.(?:template|tmpl|tpl|dist)(?:\.[^/]*)?$")


def is_sample_file(name: str) -> bool:
    """A file its name marks as a sample to copy and fill in: the values it holds stand in for
    the reader's own (`myPassw0rd`), unless one is a token whose checksum holds or a value that
    looks generated (`looks_random`): a real `.env` copied to `.env.example` is a classic leak."""
    return _SAMPLE_FILE.search(name.rsplit("/", 1)[-1].lower()) is not None


_MADE_UP_WORDS = re.compile(r"pass|secret|word|token|key|admin|test|demo|user|login|super|qwerty|abc|123",
                            re.IGNORECASE)
RANDOM_MIN_LENGTH = 20
RANDOM_MIN_ENTROPY = 3.7  # bits per character: 32 hex digits have about 3.9, `sshsupersecretpassword` 3.2


def looks_random(value: str) -> bool:
    """A value as a generator makes it (an OAuth secret, a hex key), not as a person types a
    stand-in: long, varied characters, no word people make stand-ins from."""
    if len(value) < RANDOM_MIN_LENGTH or _MADE_UP_WORDS.search(value):
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= RANDOM_MIN_ENTROPY


# `my-password`, `your_app_password`, `some-token`: a name of what belongs there, not a value.
_NAMED_BLANK = re.compile(
    r"^(?:my|your|some|the|a|an|user|bitbucket|bb|atlassian)?[-_ ]?(?:bitbucket[-_ ]?|bb[-_ ]?|atlassian[-_ ]?)?"
    r"(?:user(?:name)?|login|email|pass(?:word|wd|phrase)?|pwd|token|secret|key|api[-_ ]?(?:key|token)|"
    r"app[-_ ]?pass(?:word)?|access[-_ ]?token|credentials?)(?:[-_ ]?(?:here|goes[-_ ]?here|value))?$")


def is_placeholder(value: str) -> bool:
    """A value that stands in for a secret in docs and samples."""
    v = value.strip().lower()
    if v in _PLACEHOLDER_EXACT or any(word in v for word in _PLACEHOLDER_WORDS):
        return True
    return len(set(v)) < 4 or _NAMED_BLANK.match(v) is not None
