"""Checks: rules written in Python because they join facts across files (one module per rule).

A policy names its check with `check: <name>`; the module `tokenlint/checks/<name>.py` defines
`check(ctx) -> Iterable[Finding]`. Checks see the whole scan's usage facts after `flows.link`
has carried credential names from pipelines into the scripts they run.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tokenlint.config import Config
from tokenlint.engine import findings as factory
from tokenlint.engine.rule import Policy
from tokenlint.facts import ScriptRun, Usage
from tokenlint.model import Finding, Location


@dataclass
class Context:
    policy: Policy
    usage: list[tuple[str, Usage | ScriptRun]]
    config: Config
    related_limit: int = factory.RELATED_LIMIT
    cache: dict[str, Any] = field(default_factory=dict)  # shared across checks of one run (e.g. credential groups)
    # usage in documentation snippets: joins no cross-file judgement, but a check about one
    # place on its own (a snippet's pipe step) may report it, never gating (engine.filters)
    snippets: list[tuple[str, Usage | ScriptRun]] = field(default_factory=list)

    def finding(self, path: str, line: int, column: int = 1, related: Iterable[tuple[str, int, str]] = (),
                **attrs: object) -> Finding:
        """A finding of this check's policy; `attrs` fill the policy's message template."""
        return factory.make(self.policy, Location(path, line, column), attrs, related=related,
                            related_limit=self.related_limit)


def exists(name: str) -> bool:
    return importlib.util.find_spec(f"tokenlint.checks.{name}") is not None


#: What a check module defines.
Check = Callable[[Context], Iterable[Finding]]


def run(policies: list[Policy], usage: list[tuple[str, Usage | ScriptRun]], config: Config) -> list[Finding]:
    """Run the cross-file checks; `usage` must already be linked (`flows.link`). Usage that does
    not run (in a comment, in a documentation snippet) joins no check: a commented-out Basic
    call is no "mixed" use of a token, nor a scope it needs."""
    snippets = [(path, fact) for path, fact in usage
                if getattr(fact, "documentation", False) and not getattr(fact, "commented", False)]
    usage = [(path, fact) for path, fact in usage
             if not (getattr(fact, "commented", False) or getattr(fact, "documentation", False))]
    mine = [(p, p.check) for p in policies if p.check and exists(p.check)]
    learnt = any(d.replaces is not None for d in config.tokens)  # Bitbucket's answers to compare (--inspect-env)
    if not mine or not (usage or snippets or learnt):
        return []
    cache: dict[str, Any] = {}
    findings: list[Finding] = []
    for policy, name in mine:
        check: Check = importlib.import_module(f"tokenlint.checks.{name}").check
        findings.extend(check(Context(policy, usage, config, cache=cache, snippets=snippets)))
    return findings
