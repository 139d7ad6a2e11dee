"""Which exposed credentials are Bitbucket credentials: the scope of the leak rules.

tokenlint judges how Bitbucket credentials are handled. A script that echoes its Docker Hub
password under `set -x` leaks a secret, but not one tokenlint is about; the leak rules report
such a credential at low confidence only (below the default floor), with `out_of_scope` saying
why. A credential exposed in a document is a Bitbucket credential ("in scope") when

- its name says so: `BB_…`, `…_BITBUCKET_…`, `bitbucketPassword`, `ATLASSIAN_…`;
- the same document uses it in a Bitbucket API call or git remote, or hands it to a pipe
  (whatever its name: the use decides);
- it is a literal value (the leak detectors show a literal only when it has a token's shape);
- its name is generic (`PASSWORD`, `TOKEN`, `APP_PASSWORD`, `secret`): only its use could tell,
  and the document is about Bitbucket (the usage detectors run on such documents only); or
- its name carries a qualifier tokenlint does not know (`METERIAN_API_TOKEN`) in a document
  that names none of its credentials for Bitbucket.

It is out of scope when its name is for another service (`DOCKERHUB_PASSWORD`, `gh_token`,
`DB_PASS`, `WP_ADMIN_PASSWORD`) and no Bitbucket call uses it, when its name carries an
unknown qualifier while the document names its Bitbucket credentials as such
(`METERIAN_API_TOKEN` beside `METERIAN_BITBUCKET_APP_PASSWORD`), or when the shell leak
detector saw that the value is one the script generates itself (`$(openssl rand …)`).

`set -x` is reported once per trace block: of the credentials a block expands, the first in
scope is the one named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tokenlint.detectors.secret_names import BITBUCKET, OTHER, QUALIFIED, is_secret_name, service_of
from tokenlint.facts import ApiCall, Exposure, Fact, GitRemote, LogExposure

# Exposures that come from a Bitbucket call or a pipe: in scope by construction.
_FROM_A_BITBUCKET_USE = frozenset((Exposure.VERBOSE_HTTP, Exposure.DEBUG_PIPE))
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,80}")
MAX_TEXT = 2_000_000  # characters of a document searched for its Bitbucket-named credentials

NAMED_FOR_ANOTHER_SERVICE = "named for another service"
NOT_NAMED_FOR_BITBUCKET = "not named for Bitbucket, unlike this file's Bitbucket credentials"


def name_of(credential: str) -> str:
    """The variable a shown credential reads (`$BB_TOKEN`, `${T}`, `secrets.BB_TOKEN`,
    `inputs.password`, `self.app_password`, `process.env.TOKEN`), "" for a literal's redaction."""
    text = credential.strip()
    if text.startswith("$"):
        text = text[1:].strip("{}")
    elif not re.fullmatch(r"[A-Za-z_][\w.\-\[\]'\"]*", text):
        return ""
    parts = [p for p in re.split(r"[.\[\]'\"]+", text) if p]
    return parts[-1] if parts and _NAME.fullmatch(parts[-1]) else ""


def bitbucket_uses(facts: Iterable[Fact]) -> set[str]:
    """The variables the document's Bitbucket calls and remotes (pipes included) send as credentials."""
    out: set[str] = set()
    for fact in facts:
        if isinstance(fact, (ApiCall, GitRemote)) and fact.credential and not fact.credential_literal:
            name = name_of(fact.credential)
            if name:
                out.add(name)
    return out


def apply(text: str, facts: Sequence[Fact]) -> None:
    """Set `out_of_scope` on the exposures of one document whose credential is not known to be
    a Bitbucket one, and keep one `set -x` exposure per trace block."""
    exposures = [f for f in facts if isinstance(f, LogExposure)]
    if not exposures:
        return
    used = bitbucket_uses(facts)
    named: bool | None = None  # whether the document names a credential for Bitbucket (computed when needed)
    for fact in exposures:
        if fact.out_of_scope or fact.how in _FROM_A_BITBUCKET_USE:
            continue
        name = name_of(fact.credential)
        if not name or name in used or not is_secret_name(name):
            continue  # a literal, a Bitbucket use, or a name chosen for other evidence (a prompt's words)
        service = service_of(name)
        if service == OTHER:
            fact.out_of_scope = NAMED_FOR_ANOTHER_SERVICE
        elif service == QUALIFIED:
            if named is None:
                named = bool(used and any(service_of(u) == BITBUCKET for u in used)) or _names_bitbucket(text)
            if named:
                fact.out_of_scope = NOT_NAMED_FOR_BITBUCKET
    _one_per_trace_block(exposures, facts)


def _names_bitbucket(text: str) -> bool:
    """Whether some identifier of the document is a credential named for Bitbucket."""
    lower = text[:MAX_TEXT].lower()
    if "bitbucket" not in lower and "atlassian" not in lower and "bb" not in lower:
        return False
    seen: set[str] = set()
    for m in _IDENTIFIER.finditer(text, 0, MAX_TEXT):
        word = m.group(0)
        if word in seen:
            continue
        seen.add(word)
        if service_of(word) == BITBUCKET and is_secret_name(word):
            return True
    return False


def _one_per_trace_block(exposures: list[LogExposure], facts: Sequence[Fact]) -> None:
    """The shell detector reports every credential a trace block expands, at the `set -x` line;
    one is enough: the first in scope, else the first."""
    blocks: dict[tuple[int, int, bool, bool], list[LogExposure]] = {}
    for fact in exposures:
        if fact.how == Exposure.SET_X:
            blocks.setdefault((fact.line, fact.column, fact.commented, fact.documentation), []).append(fact)
    drop: set[int] = set()
    for block in blocks.values():
        if len(block) > 1:
            keep = next((f for f in block if not f.out_of_scope), block[0])
            drop.update(id(f) for f in block if f is not keep)
    if drop and isinstance(facts, list):
        facts[:] = [f for f in facts if id(f) not in drop]
