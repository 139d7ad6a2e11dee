"""A rule as loaded: the `Policy` type that the judging modules (match, checks, inline
ignores, the finding factory) share. Loading and validating rules is engine.policy's job;
this module imports nothing of the engine, so every judge can name the type without a cycle."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Required, TypeAlias, TypedDict

from tokenlint.facts import Attribute
from tokenlint.model import Confidence, Severity
from tokenlint.results import DOCS_URL, RuleInfo

#: A `match:`, `unless:` or `any:` item of a rule: attribute -> the value, or any of the values.
Condition: TypeAlias = dict[str, Attribute | list[Attribute]]


class When(TypedDict, total=False):
    """A declarative rule's `when:` (schemas/policy.schema.json validates its shape)."""

    fact: Required[str | list[str]]  # one fact type, or several sharing the attributes the rule names
    match: Condition
    any: list[Condition]
    unless: Condition
    at: str  # "call" (default) or "credential": where an api-call's finding is placed


# What a cross-file check (tokenlint/checks/) reads: the usage facts of the whole scan.
CHECK_FACTS = frozenset(("api-call", "git-remote", "script-run"))
# The `check:` names of the engine's own rules (inline-ignore hygiene, engine.suppress): they
# read the document's comments, no fact.
ENGINE_CHECKS = frozenset(("ignore_without_reason", "unused_ignore", "invalid_ignore"))


@dataclass
class Policy:
    code: str
    slug: str
    summary: str
    severity: Severity
    confidence: Confidence
    message: str
    remediation: str
    docs: dict[str, Any]  # YAML as the schema allows it: read by the rule docs and the catalogue test
    examples: list[dict[str, Any]]
    source: Path
    enabled: bool = True
    when: When | None = None
    check: str | None = None
    builtin: bool = False
    fix: tuple[str, ...] = ()  # the rewrites that answer this rule, tried in order (tokenlint.fixes)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def info(self) -> RuleInfo:
        """What reports say about this rule. A built-in rule's page is docs/rules/CODE-SLUG.md; a
        custom rule links the first of its `docs.references`, if any."""
        docs = {k: str(v) for k, v in self.docs.items() if isinstance(v, str)}
        refs = self.docs.get("references") or []
        uri = f"{DOCS_URL}{self.code}-{self.slug}.md" if self.builtin else (str(refs[0]) if refs else None)
        return RuleInfo(self.code, self.slug, self.summary, self.severity, self.confidence, docs, uri)

    @property
    def fact(self) -> str | None:
        """The (first) fact type the rule matches."""
        return self.facts[0] if self.facts else None

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact type the rule matches (`when.fact` may list several)."""
        if self.when is None:
            return ()
        fact = self.when["fact"]
        return (fact,) if isinstance(fact, str) else tuple(fact)

    @cached_property
    def needs(self) -> frozenset[str]:
        """The fact types this rule reads, so the scanner runs only the detectors some enabled
        rule needs: its `when.fact`; for a cross-file check the usage facts; none for the
        engine's own checks."""
        if self.when is not None:
            return frozenset(self.facts)
        return frozenset() if self.check in ENGINE_CHECKS else CHECK_FACTS
