"""Calls that need a scope the declared token lacks: Bitbucket answers them with 403."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend, scopes
from tokenlint.checks import Context
from tokenlint.model import Finding


def check(ctx: Context) -> Iterator[Finding]:
    for cred in recommend.for_checks(ctx):
        d = cred.declaration
        if d is None or d.scopes is None:
            continue
        for u in cred.known_uses:
            requirement = u.granular if d.granular else u.classic
            if requirement is None:  # not a known use: its needs are unknown
                continue
            if scopes.satisfies(d.scopes, requirement) or recommend.cannot_carry(d.type, u) \
                    or recommend.type_problems(cred, u):
                continue  # no scope fixes what the type can never do: token-type-cannot-call reports it
            finding = ctx.finding(
                u.path, u.line, u.column, related=cred.related(),
                name=cred.name, type=cred.label, call=u.describe,
                needed=", ".join(sorted(scopes.missing(d.scopes, requirement))),
                granted=", ".join(sorted(d.scopes)) or "no scope",
            )
            yield recommend.capped(finding, u.sure)
