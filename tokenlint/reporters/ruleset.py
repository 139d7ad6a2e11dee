"""The rules a report describes, shared by the formats that list rules (SARIF, JUnit)."""

from __future__ import annotations

from tokenlint.results import RuleInfo, ScanResult


def rules_of(result: ScanResult) -> list[RuleInfo]:
    """The rules the scan ran, plus any rule a finding names that the result does not describe
    (a result built without the API, an older cache entry), so that every finding has a rule to
    point at and a rule that found nothing still shows as checked."""
    rules = list(result.rules)
    known = {r.code for r in rules}
    for f in result.findings:
        if f.code not in known:
            known.add(f.code)
            rules.append(RuleInfo(f.code, f.rule, f.rule, f.severity, f.confidence, {}, None))
    return rules
