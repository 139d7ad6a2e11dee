"""One credential, two ways of sending it: as Bearer in one place and as Basic in another.

Bitbucket accepts each credential type one way only (access tokens: Bearer; API tokens: Basic
with the account email), so whichever half is wrong fails with 401 — typically the half that
runs less often, like a release job.
"""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint.checks import Context
from tokenlint.facts import ApiCall, Auth, HostKind
from tokenlint.model import Finding

SCHEMES = (Auth.BASIC, Auth.BEARER)


def check(ctx: Context) -> Iterator[Finding]:
    by_credential: dict[str, dict[str, list[tuple[str, ApiCall]]]] = {}
    for path, fact in ctx.usage:
        if isinstance(fact, ApiCall) and fact.credential and not fact.credential_literal and fact.auth in SCHEMES \
                and fact.host_kind in (HostKind.CLOUD_API, HostKind.CLOUD_WEB):
            by_credential.setdefault(fact.credential, {}).setdefault(fact.auth, []).append((path, fact))
    for credential, schemes in sorted(by_credential.items()):
        if len(schemes) < 2:
            continue
        basic, bearer = schemes["basic"], schemes["bearer"]
        path, first = basic[0]
        related = [(p, f.line, f"sent as {f.auth} here") for p, f in bearer + basic[1:]]
        yield ctx.finding(path, first.line, first.column, related=related, credential=credential,
                          basic=len(basic), bearer=len(bearer), other=f"{bearer[0][0]}:{bearer[0][1].line}")
