"""The one finding factory: a policy, a location and the attributes that fill its templates
make a Finding. Declarative matches, cross-file checks and inline-ignore findings all come
through here, so a finding's fields are decided in one place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice

from tokenlint.engine.rule import Policy
from tokenlint.model import Confidence, Finding, Location, RelatedLocation, Secret

RELATED_LIMIT = 20  # related locations kept per finding (a check may name hundreds of calls)


class _Keep(dict[str, object]):
    """Template fields the attributes do not name stay as written (`{x}`), never a KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make(policy: Policy, location: Location, attrs: Mapping[str, object] | None = None, *,
         confidence: Confidence | None = None, secret: Secret | None = None,
         related: Iterable[tuple[str, int, str]] = (), related_limit: int = RELATED_LIMIT,
         gates: bool = True) -> Finding:
    """A finding of `policy` at `location`.

    `attrs` fill the policy's `message:`; a check's `remediation:` too (a declarative rule's
    remediation is plain text, braces and all). `confidence` defaults to the policy's (the
    filter pipeline may have lowered it); `related` are (path, line, message) triples; `gates`
    is false for a finding that must never fail a gate (filters.gates).
    """
    fields = _Keep(attrs or {})
    remediation = policy.remediation
    if policy.when is None and "{" in remediation:
        remediation = remediation.format_map(fields)
    return Finding(
        rule=policy.slug, code=policy.code, severity=policy.severity,
        confidence=policy.confidence if confidence is None else confidence,
        location=location, message=policy.message.format_map(fields), remediation=remediation,
        secret=secret,
        related=[RelatedLocation(Location(path, line), message)
                 for path, line, message in islice(related, related_limit)],
        gates=gates,
    )
