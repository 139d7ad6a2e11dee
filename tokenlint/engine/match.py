"""Evaluate declarative `when:` conditions over facts and turn matches into findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tokenlint.engine import filters
from tokenlint.engine import findings as factory
from tokenlint.engine.rule import Condition, Policy
from tokenlint.facts import ApiCall, Attribute, Credential, Fact, GitRemote, ScriptRun
from tokenlint.flows import Change
from tokenlint.model import Finding, Location


def holds(condition: Condition, attrs: Mapping[str, Attribute]) -> bool:
    """Every key must hold; a list means any of its values."""
    for key, expected in condition.items():
        actual = attrs.get(key)
        if isinstance(expected, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


def matches(policy: Policy, attrs: Mapping[str, Attribute]) -> bool:
    when = policy.when
    if when is None:  # a check's rule: no fact matches it
        return False
    if not holds(when.get("match", {}), attrs):
        return False
    if "any" in when and not any(holds(c, attrs) for c in when["any"]):
        return False
    unless = when.get("unless")
    return not (unless and holds(unless, attrs))


def evaluate(policies: Iterable[Policy], facts: Iterable[Fact], path: str) -> list[Finding]:
    by_fact: dict[str, list[Policy]] = {}
    for p in policies:
        for fact_type in p.facts:
            by_fact.setdefault(fact_type, []).append(p)
    found = []
    placed: set[tuple[str, int, int]] = set()  # (rule, line, column) of api-call findings made so far
    for fact in facts:
        candidates = by_fact.get(fact.fact)
        if not candidates or isinstance(fact, ScriptRun):  # no rule matches a script run
            continue
        attrs = fact.attributes()
        for policy in candidates:
            if matches(policy, attrs):
                line, column = fact.line, fact.column
                if isinstance(fact, ApiCall):
                    if fact.auth_line and policy.when and policy.when.get("at") == "credential":
                        if fact.auth_line < 0:  # set in another file (a base class): reported there
                            continue
                        line, column = fact.auth_line, fact.auth_column
                    # every call through one session or wrapper is reported once, where its credential
                    # is set; two requests of one wrapper call site say the same once
                    key = (policy.code, line, column)
                    if key in placed:
                        continue
                    placed.add(key)
                elif isinstance(fact, GitRemote) and policy.when and policy.when.get("at") == "credential":
                    # a push through a remote, rewrite, helper or store the script set up earlier is
                    # reported once, where the credential was placed (another file reports its own)
                    if fact.placed and not fact.placed.isdigit():
                        continue
                    if fact.placed:
                        line, column = int(fact.placed), 1
                    key = (policy.code, line, 0)
                    if key in placed:
                        continue
                    placed.add(key)
                finding = factory.make(policy, Location(path, line, column), attrs,
                                       confidence=filters.confidence(policy, fact.fact, attrs),
                                       gates=filters.gates(fact.fact, attrs),
                                       secret=fact.secret if isinstance(fact, Credential) else None)
                if attrs.get("documentation") and fact.fact != "credential":
                    finding.message += " (in a documentation snippet)"
                found.append(finding)
    return found


def evaluate_linked(policies: Iterable[Policy], changes: Iterable[Change]) -> list[Finding]:
    """Findings that a credential's name in the caller newly earns a fact of a script it runs
    (`$2` inside is `$BB_APP_PASSWORD` outside): the rules it matches now and did not match under
    the script's own name, at the script's line, with the caller as related location."""
    policies = [p for p in policies if p.when is not None]
    found = []
    for change in changes:
        fact = change.fact
        attrs = fact.attributes()
        via = (fact.via or "").rpartition(":")
        related = [(via[0], int(via[2]), "called from here")] if via[2].isdigit() else []
        for policy in policies:
            if policy.fact == fact.fact and matches(policy, attrs) and not matches(policy, change.before):
                found.append(factory.make(policy, Location(change.path, fact.line, fact.column), attrs,
                                          confidence=filters.confidence(policy, fact.fact, attrs), related=related))
    return found
