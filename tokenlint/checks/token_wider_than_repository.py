"""A workspace or project access token, or an API token, whose every call touches one repository:
a repository access token would do, and would not put every other repository at risk."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend
from tokenlint.checks import Context
from tokenlint.facts import GitRemote
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
        line, column = _where_put(first.fact, first.line, first.column)
        finding = ctx.finding(
            first.path, line, column, related=cred.related(),
            name=cred.name, type=cred.label, repository=rec.resource, calls=str(len(cred.uses)),
            scopes=", ".join(rec.scopes),
        )
        yield recommend.capped(finding, sure)


def _where_put(fact: object, line: int, column: int) -> tuple[int, int]:
    """Where the token is to be swapped: a git command that uses a remote set up earlier in the
    same file (`git remote add bitbucket https://…:$TOKEN@…`, then `git push bitbucket`) sends
    the credential that line put in place, so the finding sits there."""
    if isinstance(fact, GitRemote) and fact.placed and fact.placed.isdigit():
        return int(fact.placed), 1
    return line, column
