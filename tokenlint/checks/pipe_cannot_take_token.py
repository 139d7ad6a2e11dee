"""Pipe steps handed Bitbucket credentials whose pinned pipe cannot take a token: the version is
older than the one tokenlint's pipes table says first takes one, or the table knows no version
that takes one. Replacing the app password is then not enough: the pipe must move first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tokenlint import recommend
from tokenlint.checks import Context
from tokenlint.engine import filters
from tokenlint.facts import ApiCall
from tokenlint.model import Finding


def check(ctx: Context) -> Iterator[Finding]:
    """One finding per step; a step in a documentation snippet (a README's usage example, which
    readers copy) too, at most medium and never gating, like every snippet finding."""
    seen: set[tuple[str, int, int]] = set()
    for path, fact in [*ctx.usage, *ctx.snippets]:
        if not isinstance(fact, ApiCall) or fact.pipe is None or fact.commented:
            continue
        step = fact.pipe
        if (path, step.line, step.column) in seen:
            continue  # one finding per step, whatever number of credentials it hands over
        seen.add((path, step.line, step.column))
        from tokenlint import pipes  # only a scan that met a known pipe pays for the table (start-up)

        entry = pipes.load().entries.get(step.name)
        support = pipes.token_support(entry, step.version, step.given) if entry is not None else None
        if support is None:
            continue
        finding = ctx.finding(path, step.line, step.column, pipe=step.reference, reason=support.reason,
                              fix=support.fix, variables=", ".join(v for v in step.given if v in entry.variables)
                              if entry is not None else "")
        if fact.documentation:
            finding = replace(recommend.capped(finding, filters.DOCUMENTATION_CEILING), gates=False,
                              message=finding.message + " (in a documentation snippet)")
        yield recommend.capped(finding, support.confidence)
