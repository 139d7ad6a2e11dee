"""An app password, an account password or an OAuth consumer whose calls all stay in one
repository, project or workspace: an access token bound to that resource would do.

User-level credentials act with everything their owner (or the consumer's workspace) can reach,
and app and account passwords no longer authenticate at all; an access token is bound to one
resource, belongs to no person and carries only the scopes given to it. The recipe is the one
`tokenlint suggest` prints (tokenlint.recommend), so the rule never asks for less or more."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend
from tokenlint.checks import Context
from tokenlint.declarations import ACCESS_TOKEN_TYPES
from tokenlint.inference import TYPE_LABELS
from tokenlint.model import Confidence, Finding

USER_TYPES = ("app-password", "password", "oauth-consumer")
_USER_KINDS = ("app-password", "password", "oauth-consumer")  # a call's credential_kind


def check(ctx: Context) -> Iterator[Finding]:
    for cred in recommend.for_checks(ctx):
        token_type, sure = cred.type
        rec = cred.recommendation
        if token_type not in USER_TYPES or rec is None or rec.type not in ACCESS_TOKEN_TYPES:
            continue
        if token_type != "oauth-consumer" and all(u.fact.credential_kind in ("app-password", "password")
                                                   for u in cred.uses):
            # app-password-in-use and account-password-in-use already report every one of these
            # calls and name the replacement: the recipe is a detail, shown at low confidence and
            # by `tokenlint suggest`, not a second finding on the same lines by default
            sure = Confidence.LOW
        elif all(u.fact.credential_kind in _USER_KINDS for u in cred.uses):
            sure = max(sure, Confidence.MEDIUM)  # every call is typed user-level on its own
        if not all(u.known for u in cred.uses):
            sure = Confidence.LOW  # a pipe or an unknown call may reach further: do not claim "all its calls"
        first = cred.uses[0]
        finding = ctx.finding(
            first.path, first.line, first.column, related=cred.related(),
            name=cred.name, type=cred.label, calls=str(len(cred.known_uses)), recommended=TYPE_LABELS[rec.type],
            resource=rec.resource or "", scopes=", ".join(rec.scopes) or "no scope", reason=rec.reason,
        )
        yield recommend.capped(finding, sure)
