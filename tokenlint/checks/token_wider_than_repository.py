"""A workspace or project access token, or an API token, whose every call touches one repository:
a repository access token would do, and would not put every other repository at risk."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend
from tokenlint.checks import Context
from tokenlint.model import Confidence, Finding

WIDE_TYPES = ("workspace-access-token", "project-access-token", "api-token")


def check(ctx: Context) -> Iterator[Finding]:
    for cred in recommend.for_checks(ctx):
        token_type, sure = cred.type
        rec = cred.recommendation
        if token_type not in WIDE_TYPES or rec is None or rec.type != "repository-access-token":
            continue
        if not all(u.one_repository for u in cred.uses):
            sure = Confidence.LOW  # a pipe or an unknown call may reach further: do not claim "every call"
        sure = min([sure, *(u.confidence for u in cred.uses)])  # a pipe's calls: as sure as the pipes table
        first = cred.uses[0]
        finding = ctx.finding(
            first.path, first.line, first.column, related=cred.related(),
            name=cred.name, type=cred.label, repository=rec.resource, calls=str(len(cred.uses)),
            scopes=", ".join(rec.scopes),
        )
        yield recommend.capped(finding, sure)
