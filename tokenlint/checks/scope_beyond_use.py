"""Declared scopes that no call of the token needs: unused admin or delete scopes, or write where
read does (Code Insights reports and build statuses need only read)."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend, scopes
from tokenlint.checks import Context
from tokenlint.model import Confidence, Finding


def check(ctx: Context) -> Iterator[Finding]:
    for cred in recommend.for_checks(ctx):
        d = cred.declaration
        known = cred.known_uses
        if d is None or d.scopes is None or not known:
            continue
        requirements = [r for u in known if (r := u.granular if d.granular else u.classic) is not None]
        used = recommend.used_scopes(d.scopes, requirements)
        have = scopes.closure(used)
        extra = sorted(s for s in d.scopes if not scopes.closure({s}) <= have)
        if not extra:
            continue
        sure = min([Confidence.HIGH, *(u.sure if u.known else Confidence.LOW for u in cred.uses)])
        first = cred.uses[0]
        finding = ctx.finding(
            first.path, first.line, first.column, related=cred.related(),
            name=cred.name, type=cred.label, extra=", ".join(extra), calls=str(len(known)),
            needed=", ".join(sorted(scopes.minimal_cover(requirements))) or "no scope",
        )
        yield recommend.capped(finding, sure)
