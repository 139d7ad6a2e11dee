"""The API's operations beyond scanning (issue 9): rules, suggest, the finding factory and the
filter pipeline's order, as an embedder calls them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tokenlint import api
from tokenlint.engine import filters, findings
from tokenlint.engine.baseline import Baseline
from tokenlint.errors import TokenlintError
from tokenlint.model import Confidence, Finding, Location, Severity
from tokenlint.results import ScanResult


def test_rule_by_code_or_slug():
    assert api.rule("TL001").slug == "app-password"
    assert api.rule("app-password").code == "TL001"
    with pytest.raises(TokenlintError, match="no rule named 'TL999'"):
        api.rule("TL999")
    assert [p.code for p in api.rules()][:2] == ["TL001", "TL002"]


def test_suggest_leaves_the_callers_settings_alone(tmp_path: Path):
    (tmp_path / "x.sh").write_text('curl -u "$BB_USER:$BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests\n')
    settings = api.load_settings([str(tmp_path)], use_baseline=False)
    policies = list(settings.policies)
    found = api.suggest(settings)
    assert settings.policies == policies and policies
    assert [(c.name, c.recommendation.scopes) for c in found.credentials] == [("BB_TOKEN", ("pullrequest",))]
    assert found.errors == []


def test_factory_fills_a_checks_remediation_but_not_a_declarative_rules():
    declarative = api.rule("TL024")  # its remediation names `{workspace}` as text
    made = findings.make(declarative, Location("a.sh", 3, 2), {"method": "GET", "url": "https://x/1.0/u"})
    assert made.message.startswith("GET https://x/1.0/u is a removed")
    assert "/2.0/workspaces/{workspace}/" in made.remediation
    assert (made.rule, made.code, made.location, made.confidence) == ("removed-api", "TL024", Location("a.sh", 3, 2),
                                                                       declarative.confidence)
    check = replace(api.rule("TL041"), remediation="drop {extra}")
    made = findings.make(check, Location("b.sh", 1), {"name": "T", "type": "t", "extra": "admin", "calls": "1",
                                                      "needed": "x"}, related=[("c.sh", 4, "here")] * 30)
    assert made.remediation == "drop admin"
    assert len(made.related) == findings.RELATED_LIMIT
    assert made.related[0].location == Location("c.sh", 4)


def _finding(path: str, confidence: Confidence) -> Finding:
    return Finding("r", "TL000", Severity.HIGH, confidence, Location(path, 1), f"message {path}")


def test_pipeline_baseline_comes_before_the_confidence_floor():
    accepted_low = _finding("a", Confidence.LOW)
    plain_low = _finding("b", Confidence.LOW)
    kept = _finding("c", Confidence.HIGH)
    stale = _finding("gone", Confidence.HIGH)
    out = ScanResult()
    filters.count(out, filters.INLINE_IGNORE, 2)
    filters.finish(out, [kept, plain_low, accepted_low], Baseline.of([accepted_low, stale]), Confidence.MEDIUM)
    assert out.findings == [kept]
    assert out.suppressed == {"inline-ignore": 2, "baseline": 1, "below-confidence": 1}
    assert [e.path for e in out.stale_baseline] == ["gone"]


def test_pipeline_confidence_step():
    policy = api.rule("TL020")
    assert filters.confidence(policy, "api-call", {}) == policy.confidence
    assert filters.confidence(policy, "api-call", {"placeholder": True}) == Confidence.LOW
    # issue 10: usage in a comment is low whatever the rule says, and never gates; a credential keeps both
    assert filters.confidence(policy, "api-call", {"commented": True}) == Confidence.LOW
    assert not filters.gates("api-call", {"commented": True}) and filters.gates("api-call", {})
    assert filters.confidence(api.rule("TL001"), "credential", {"commented": True}) == api.rule("TL001").confidence
    assert filters.gates("credential", {"commented": True})
