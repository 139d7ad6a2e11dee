"""The policy catalogue: every rule is valid data, unique, documented, and its examples hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tokenlint import checks, config, declarations, validation
from tokenlint.api import Settings, collect_results, scan
from tokenlint.config import Config
from tokenlint.engine.policy import load_all
from tokenlint.errors import PolicyError
from tokenlint.model import Confidence, known_prefix_length
from tokenlint.scanner import scan_bytes

from tokengen import fill, make

POLICIES = load_all()


def test_codes_and_slugs_are_unique_and_files_named_after_them():
    assert len({p.code for p in POLICIES}) == len(POLICIES)
    assert len({p.slug for p in POLICIES}) == len(POLICIES)
    for p in POLICIES:
        assert p.source.name == f"{p.code}-{p.slug}.yml"


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.slug)
def test_every_builtin_policy_validates_against_the_schema(policy):
    """Built-ins are not schema-checked at run time (start-up cost), so they are here."""
    assert validation.problem("policy", policy.raw) is None


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.slug)
def test_every_rule_has_a_good_and_a_bad_example(policy):
    assert any(ex["expect"] for ex in policy.examples), "no bad example"
    assert any(not ex["expect"] for ex in policy.examples), "no good example"


def _config(example, tmp_path: Path) -> Config:
    """The example's `config:` (e.g. `tokens:`) as a real .tokenlint.yml, loaded and validated;
    with `bitbucket:`, what Bitbucket says of its tokens put in place as `--inspect-env` does."""
    if "config" not in example:
        return Config()
    path = tmp_path / ".tokenlint.yml"
    path.write_text(yaml.safe_dump(example["config"]))
    return _told(config.load(path), example.get("bitbucket"))


def _told(cfg: Config, answers: list[dict] | None) -> Config:
    """`cfg` after the live check (`--inspect-env`) learnt `answers` (tokens: entries)."""
    if answers:
        cfg.tokens = declarations.learn(cfg.tokens, declarations.parse(answers, "Bitbucket"))
    return cfg


def _run(policy, example, tmp_path: Path):
    """The example through the real pipeline. A `when:` rule runs alone, per file. A `check:` rule
    joins facts across files (tokenlint.checks): it runs alone up to collect_results, with the
    example's config. The engine's own checks judge other rules' findings (inline ignores), so they
    run with the whole catalogue; their own findings are kept."""
    content = fill(example["content"])
    if policy.check is None:
        findings = scan_bytes(example["path"], content.encode(), [policy]).findings
    else:
        running = [policy] if checks.exists(policy.check) else POLICIES
        settings = Settings(paths=[example["path"]], policies=running, config=_config(example, tmp_path),
                            min_confidence=Confidence.LOW)
        result = collect_results([scan_bytes(example["path"], content.encode(), running)], settings)
        findings = [f for f in result.findings if f.rule == policy.slug]
    return sorted(f.location.line for f in findings if f.confidence >= Confidence.MEDIUM), content, findings


@pytest.mark.parametrize(
    "policy,index",
    [(p, i) for p in POLICIES for i in range(len(p.examples))],
    ids=lambda v: v.slug if hasattr(v, "slug") else str(v),
)
def test_documented_example_behaves_as_documented(policy, index, tmp_path: Path):
    example = policy.examples[index]
    lines, content, findings = _run(policy, example, tmp_path)
    assert lines == example["expect"]
    for f in findings:  # and never leaks the value it found
        if f.secret is not None:
            if known_prefix_length(f.secret.redacted):  # a prefixed token: prefix and 4 characters
                assert f.secret.redacted.endswith("…") and len(f.secret.redacted) <= 20
                assert f.secret.redacted[:-1] in content
            else:  # anything else: no character of the value at all
                assert re.fullmatch(r"\[redacted, (1-7|8-15|16-31|32\+) chars\]", f.secret.redacted)


def test_broken_policy_is_a_clear_error(tmp_path: Path):
    bad = yaml.safe_load(POLICIES[0].source.read_text())
    bad["severity"] = "urgent"
    bad["code"], bad["slug"] = "XX001", "my-rule"
    (tmp_path / "XX001-my-rule.yml").write_text(yaml.safe_dump(bad))
    with pytest.raises(PolicyError) as exc:
        load_all([tmp_path])
    assert "XX001-my-rule.yml" in str(exc.value)
    assert "at severity: 'urgent' is not valid" in str(exc.value)


def test_policy_naming_an_unknown_attribute_is_rejected(tmp_path: Path):
    bad = yaml.safe_load(POLICIES[0].source.read_text())
    bad["code"], bad["slug"] = "XX002", "other-rule"
    bad["when"]["match"] = {"colour": "red"}
    (tmp_path / "XX002-other-rule.yml").write_text(yaml.safe_dump(bad))
    with pytest.raises(PolicyError, match=r"at when.match.colour: unknown attribute"):
        load_all([tmp_path])


def test_user_policy_cannot_reuse_a_builtin_code(tmp_path: Path):
    dup = yaml.safe_load(POLICIES[0].source.read_text())
    dup["slug"] = "copy"
    (tmp_path / "dup.yml").write_text(yaml.safe_dump(dup))
    with pytest.raises(PolicyError, match="TL001 is already defined"):
        load_all([tmp_path])


@pytest.mark.parametrize("change,error", [
    ({"check": "unused_ignroe"}, r"at check: no check named 'unused_ignroe' \(neither .* nor a module of tokenlint.checks\)"),
    ({"message": "Ignore of {rule} is unused."}, r"at message: unknown field \{rule\} \(expected one of: ids, scope\)"),
])
def test_check_rule_must_name_a_real_check_and_its_fields(tmp_path: Path, change, error):
    bad = yaml.safe_load(next(p for p in POLICIES if p.check == "unused_ignore").source.read_text())
    bad.update(code="XX003", slug="third-rule", **change)
    (tmp_path / "XX003-third-rule.yml").write_text(yaml.safe_dump(bad))
    with pytest.raises(PolicyError, match=error):
        load_all([tmp_path])


def test_policy_with_neither_when_nor_check_is_a_clear_error_even_unvalidated(tmp_path: Path):
    """Built-in policies skip the schema at run time: one that lost both `when:` and `check:` is
    still one clear line, not a search for a check module named None."""
    from tokenlint.engine.policy import load_file

    bad = yaml.safe_load(POLICIES[0].source.read_text())
    del bad["when"]
    bad.update(code="XX004", slug="fourth-rule")
    (tmp_path / "XX004-fourth-rule.yml").write_text(yaml.safe_dump(bad))
    with pytest.raises(PolicyError, match=r"XX004-fourth-rule\.yml: invalid policy: neither when: nor check:$"):
        load_file(tmp_path / "XX004-fourth-rule.yml", builtin=True)


# --- docs.before fires the rule, docs.after does not --------------------------------------------

# An ellipsis marks a token the docs abbreviate (`ATBBxxxx…`): the test puts a real-shaped one there.
_ABBREVIATED = re.compile(r"(?P<prefix>ATBB|ATATT3|ATCTT3|BBDC-)[A-Za-z0-9]*…|(?P<secret>\b[A-Za-z0-9]{2,4})…")
_KIND = {"ATBB": "app-password", "ATATT3": "api-token", "ATCTT3": "access-token", "BBDC-": "datacenter-token"}
_PIPELINE = "pipelines:\n  default:\n    - step:\n        script:\n{snippet}"
_TOKENS = "tokens:\n  - {{variable: {var}, type: {type}, resource: {resource}, scopes: [{scopes}]}}\n"


def _pipeline(snippet: str) -> str:
    return _PIPELINE.format(snippet="".join(f"          {line}\n" for line in snippet.splitlines()))


# What a rule's docs snippets need around them to be scanned: the file they come from (default: a
# shell script), and for the scope rules the `tokens:` they describe in words. A snippet that IS the
# config (scope-beyond-use) is the config, scanned with the call it describes.
_DOCS_CONTEXT: dict[str, dict] = {
    "api-token": {"path": "release.py"},
    "invalid-ignore": {"path": "settings.py"},
    "credential-store-entry": {"path": ".netrc"},
    "oauth-consumer-secret": {"path": ".env"},
    "pipelines-push-with-token": {"path": "bitbucket-pipelines.yml", "wrap": _pipeline},
    "secret-in-script-text": {"path": ".github/workflows/mirror.yml"},
    "secret-in-image": {"path": "Dockerfile"},
    "pipe-cannot-take-token": {"path": "bitbucket-pipelines.yml", "wrap": _pipeline},
    "user-credential-where-token-would-do": {"config": "tokens:\n  - {variable: BB_OAUTH_TOKEN, type: oauth-consumer}\n"},
    "token-wider-than-repository": {
        "before_config": _TOKENS.format(var="RELEASE_TOKEN", type="workspace-access-token", resource="acme",
                                        scopes="repository:write"),
        "after_config": _TOKENS.format(var="RELEASE_TOKEN", type="repository-access-token", resource="acme/app",
                                       scopes="repository:write")},
    "scope-missing": {
        "before_config": _TOKENS.format(var="RELEASE_TOKEN", type="repository-access-token",
                                        resource="acme/app-backup", scopes="repository"),
        "after_config": _TOKENS.format(var="RELEASE_TOKEN", type="repository-access-token",
                                       resource="acme/app-backup", scopes="repository:write")},
    "declaration-disagrees": {  # Bitbucket's answer as `--inspect-env` learns it
        "snippet_is_config": True, "path": "deploy.sh",
        "file": '#!/bin/sh\ncurl -X POST -H "Authorization: Bearer $DEPLOY_TOKEN" '
                "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json\n",
        "bitbucket": [{"variable": "DEPLOY_TOKEN", "type": "repository-access-token",
                       "scopes": ["pullrequest:write"]}]},
    "scope-beyond-use": {
        "snippet_is_config": True, "path": "bitbucket-pipelines.yml",
        "file": _pipeline('- curl -X PUT -H "Authorization: Bearer $REPORT_TOKEN" '
                          '"https://api.bitbucket.org/2.0/repositories/acme/app/commit/$BITBUCKET_COMMIT/reports/lint" '
                          "-d @report.json")},
}


def _unabbreviate(text: str) -> str:
    def token(m: re.Match) -> str:
        if m["prefix"]:
            return make(_KIND[m["prefix"]], seed=3)
        return m["secret"] + "Hk39sLq0Pz7Wm2Nv8Rt5Yx1Bc4Df6G"  # a 32-character secret, no known shape
    return _ABBREVIATED.sub(token, text)


def _docs_findings(policy, which: str, tmp_path: Path) -> list[tuple[str, int]]:
    """The rule's findings (path, line) when its `docs.<which>` snippet is scanned as a file."""
    context = _DOCS_CONTEXT.get(policy.slug, {})
    snippet = _unabbreviate(policy.docs[which])
    root = tmp_path / which
    root.mkdir()
    path = context.get("path", "snippet.sh")
    cfg_text = context.get(f"{which}_config") or context.get("config")
    if context.get("snippet_is_config"):
        cfg_text, content = snippet, context["file"]
    else:
        content = context.get("wrap", lambda s: s)(snippet)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(content)
    cfg = Config()
    if cfg_text:
        (root / ".tokenlint.yml").write_text(cfg_text)
        cfg = _told(config.load(root / ".tokenlint.yml"), context.get("bitbucket"))
    running = [policy] if policy.check is None or checks.exists(policy.check) else POLICIES
    settings = Settings(paths=[str(root)], policies=running, config=cfg, jobs=1)
    result = scan(settings)
    return [(Path(f.location.path).name, f.location.line) for f in result.findings if f.rule == policy.slug]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.slug)
def test_docs_before_fires_the_rule_and_after_does_not(policy, tmp_path: Path):
    """What `tokenlint rules SLUG` shows as Before must be flagged by that rule, and After must not."""
    assert _docs_findings(policy, "before", tmp_path), "docs.before does not fire the rule"
    assert _docs_findings(policy, "after", tmp_path) == [], "docs.after still fires the rule"
