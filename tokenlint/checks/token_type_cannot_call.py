"""Calls the credential's type can never make, whatever its scopes: API-token-only operations
(GET /user, deploy keys, webhooks, permissions) with an access token, scopes the type cannot
carry, and repositories, projects or workspaces outside the token's resource."""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint import recommend
from tokenlint.checks import Context
from tokenlint.model import Confidence, Finding


def check(ctx: Context) -> Iterator[Finding]:
    for cred in recommend.for_checks(ctx):
        token_type, sure = cred.type
        if token_type == "access-or-oauth-token":
            sure = Confidence.LOW  # an OAuth token may call API-token-only operations such as GET /user
        elif token_type not in recommend.ACCESS_FAMILY:
            continue
        for u in cred.uses:
            reasons = recommend.type_problems(cred, u)
            if reasons:
                finding = ctx.finding(u.path, u.line, u.column, related=cred.related(), name=cred.name,
                                      type=cred.label, call=u.describe, reason="; ".join(reasons))
                yield recommend.capped(finding, min(sure, u.confidence))
