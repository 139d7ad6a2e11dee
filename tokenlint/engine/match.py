"""Evaluate declarative `when:` conditions over facts and turn matches into findings."""

from __future__ import annotations

from typing import Iterable

from tokenlint.engine.policy import Policy
from tokenlint.model import Confidence, Finding, Location


def holds(condition: dict, attrs: dict) -> bool:
    """Every key must hold; a list means any of its values."""
    for key, expected in condition.items():
        actual = attrs.get(key)
        if isinstance(expected, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


def matches(policy: Policy, attrs: dict) -> bool:
    when = policy.when
    if not holds(when.get("match", {}), attrs):
        return False
    if "any" in when and not any(holds(c, attrs) for c in when["any"]):
        return False
    unless = when.get("unless")
    return not (unless and holds(unless, attrs))


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def evaluate(policies: Iterable[Policy], facts: Iterable, path: str) -> list[Finding]:
    by_fact: dict[str, list[Policy]] = {}
    for p in policies:
        if p.when is not None:
            by_fact.setdefault(p.fact, []).append(p)
    findings = []
    for fact in facts:
        candidates = by_fact.get(fact.fact)
        if not candidates:
            continue
        attrs = fact.attributes()
        for policy in candidates:
            if not matches(policy, attrs):
                continue
            confidence = policy.confidence
            if attrs.get("placeholder"):
                confidence = Confidence.LOW
            elif attrs.get("commented") and fact.fact != "credential":
                confidence = Confidence(max(confidence - 1, Confidence.LOW))  # commented-out usage
            findings.append(Finding(
                rule=policy.slug, code=policy.code, severity=policy.severity, confidence=confidence,
                location=Location(path, fact.line, fact.column),
                message=policy.message.format_map(_Keep(attrs)), remediation=policy.remediation,
                secret=getattr(fact, "secret", None),
            ))
    return findings
