"""Typed facts: closed vocabularies are enums, policy attributes come from the dataclass fields,
and plain strings (detectors, YAML policies, reports) keep meaning the same thing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tokenlint import facts, resources
from tokenlint.engine.match import evaluate, holds
from tokenlint.engine.policy import FACT_ATTRIBUTES, load_all
from tokenlint.facts import (
    JUDGED,
    Api,
    ApiCall,
    Auth,
    Credential,
    CredentialKind,
    FactType,
    GitRemote,
    HostKind,
    LogExposure,
    UsernameKind,
)
from tokenlint.scanner import scan_bytes

from tokengen import fill

POLICIES = load_all()
ROOT = Path(__file__).resolve().parent.parent

# What `attributes()` held when it was written out by hand, before it was derived from fields.
BEFORE = {
    "credential": {"kind", "context", "checksum", "placeholder", "commented", "username", "host", "name", "where",
                   "redacted"},
    "api-call": {"tool", "method", "url", "scheme", "host", "host_kind", "api", "template", "operation", "deprecated",
                 "auth", "credential", "credential_kind", "credential_literal", "username", "username_kind", "target",
                 "insecure", "verbose", "query_token", "password_grant", "commented", "replacement",
                 "open_path", "malformed", "documentation",  # issue 10: paths that may match, broken URLs, docs
                 "pipe_confidence"},  # how sure the pipes table is (issue 10)
    "git-remote": {"tool", "url", "host", "username", "credential", "credential_kind", "credential_literal", "target",
                   "this_repo", "commented", "through", "documentation"},  # through: issue 10, how git gets the credential
    "log-exposure": {"how", "credential", "commented", "target", "documentation", "condition",
                     "out_of_scope"},
}
# Issue 10 added what decided a credential's type and whether its name claims another one.
# Round 2: the type a name claims outright (claimed_kind), and the auth rules' view of a git
# remote (how it authenticates, which Bitbucket, what replaces the credential).
TYPING = {"credential": {"kind_evidence", "type_conflict", "mistyped"},
          "api-call": {"credential_evidence", "type_conflict", "mistyped", "claimed_kind"},
          "git-remote": {"credential_evidence", "type_conflict", "mistyped", "claimed_kind", "auth", "host_kind",
                         "replacement"}}
NOW = {fact: names | TYPING.get(fact, set()) for fact, names in BEFORE.items()}


def test_policy_attributes_are_derived_from_the_fields_and_unchanged():
    assert {cls.fact: set(facts.attribute_names(cls)) for cls in JUDGED} == NOW
    assert {k: set(v) for k, v in FACT_ATTRIBUTES.items()} == NOW
    blank = Credential(CredentialKind.PASSWORD, facts.Context.URL, "hunter2-hunter2", 0, 15)
    assert set(blank.attributes()) == NOW["credential"]


def test_a_credentials_raw_value_is_no_attribute():
    value = "correct-horse-battery-staple"
    cred = Credential("password", "assignment", value, 10, 10 + len(value), name="BB_PASSWORD")
    attrs = cred.attributes()
    assert "value" not in attrs
    assert not any(value in str(v) for v in attrs.values())
    assert attrs["where"] == "an assignment (BB_PASSWORD)"
    assert attrs["redacted"] == "[redacted, 16-31 chars]"


def test_none_is_shown_as_empty_and_derived_properties_are_included():
    call = ApiCall("curl", "GET", "https://api.bitbucket.org/2.0/user", 3, workspace="acme", repo="app")
    attrs = call.attributes()
    assert (attrs["template"], attrs["username"], attrs["credential"]) == ("", "", "")
    assert attrs["target"] == "acme/app"
    assert "workspace" not in attrs and "line" not in attrs
    assert attrs["replacement"].startswith("a repository access token for acme/app")


def test_enum_members_are_the_strings_detectors_policies_and_reports_use():
    call = ApiCall("curl", "GET", "https://api.bitbucket.org/2.0/user", 1, auth=Auth.BASIC,
                   credential_kind=CredentialKind.APP_PASSWORD, username_kind=UsernameKind.EMAIL,
                   host_kind=HostKind.CLOUD_API, api=Api.V2)
    attrs = call.attributes()
    # a YAML policy's match: values are plain strings, single or in a list
    assert holds({"auth": "basic", "credential_kind": ["app-password", "api-token"], "api": "2.0"}, attrs)
    assert not holds({"auth": "bearer"}, attrs)
    # messages and JSON show the value, not the member's name
    assert "{auth} {credential_kind} {host_kind}".format_map(attrs) == "basic app-password cloud-api"
    assert json.loads(json.dumps(attrs))["username_kind"] == "email"
    # a plain string from a detector equals the member and finds the same dict entry
    assert Auth("basic") is Auth.BASIC and "digest" == Auth.DIGEST
    assert facts.CONTEXT_LABELS["netrc"] == "a .netrc entry"
    assert Api.NONE == "" and not Api.NONE
    assert FactType.API_CALL == ApiCall.fact == "api-call"


def test_the_vocabulary_names_which_attributes_are_closed():
    assert facts.vocabulary(ApiCall) == {"host_kind": HostKind, "api": Api, "auth": Auth,
                                         "credential_kind": CredentialKind, "username_kind": UsernameKind,
                                         "credential_evidence": facts.Evidence, "claimed_kind": CredentialKind}
    assert facts.vocabulary(Credential) == {"kind": CredentialKind, "context": facts.Context,
                                            "checksum": facts.Checksum, "kind_evidence": facts.Evidence}
    assert facts.vocabulary(GitRemote) == {"credential_kind": CredentialKind, "credential_evidence": facts.Evidence,
                                           "through": facts.GitVia, "claimed_kind": CredentialKind}
    assert facts.vocabulary(LogExposure) == {"how": facts.Exposure}


def _conditions(policy):
    when = policy.when or {}
    yield from (when.get("match", {}), when.get("unless", {}) or {})
    yield from when.get("any", [])


@pytest.mark.parametrize("policy", [p for p in POLICIES if p.when], ids=lambda p: p.slug)
def test_every_value_a_builtin_policy_matches_is_in_its_vocabulary(policy):
    closed = {}
    for cls in (c for c in JUDGED if c.fact in policy.facts):
        closed.update(facts.vocabulary(cls))
    for condition in _conditions(policy):
        for key, expected in condition.items():
            if key in closed:
                values = expected if isinstance(expected, list) else [expected]
                allowed = {m.value for m in closed[key]}
                assert set(map(str, values)) <= allowed, f"{policy.slug}: {key}: {values} not in {sorted(allowed)}"


def test_schemas_list_the_same_values_as_the_enums():
    policy = resources.schema("policy")
    assert policy["$defs"]["factType"]["enum"] == [cls.fact.value for cls in JUDGED]
    report = resources.schema("report")
    assert set(report["$defs"]["usage"]["properties"]["auth"]["enum"]) == {m.value for m in Auth}


def test_detectors_emit_only_values_of_the_vocabulary(monkeypatch):
    """Every fact the detectors make from the catalogue's examples (good and bad) holds only known
    values in its closed attributes: the enums are complete."""
    seen: list[tuple[str, dict]] = []
    original = facts._Judged.attributes

    def recording(self):
        attrs = original(self)
        seen.append((self.fact, attrs))
        return attrs

    monkeypatch.setattr(facts._Judged, "attributes", recording)
    examples = [e for p in POLICIES for e in p.examples]
    examples += [{"path": p.name, "content": p.read_text()} for p in sorted((ROOT / "examples").rglob("*"))
                 if p.is_file() and p.stat().st_size < 200_000]
    for example in examples:
        scan_bytes(example["path"], fill(example["content"]).encode(), POLICIES)
    assert {fact for fact, _ in seen} == {cls.fact for cls in JUDGED}
    closed = {cls.fact: facts.vocabulary(cls) for cls in JUDGED}
    for fact, attrs in seen:
        for key, enum in closed[fact].items():
            assert attrs[key] in {m.value for m in enum}, (fact, key, attrs[key])


def test_policy_naming_a_field_that_is_no_attribute_is_still_rejected(tmp_path: Path):
    """`line` is a field but not an attribute: deriving attributes keeps hidden fields hidden."""
    data = yaml.safe_load((resources.builtin_dir("policies") / "TL020-digest-auth.yml").read_text())
    data["code"], data["slug"] = "XX020", "digest-at-line"
    data["when"]["match"]["line"] = 3
    (tmp_path / "p.yml").write_text(yaml.safe_dump(data))
    from tokenlint.engine.policy import load_file
    from tokenlint.errors import PolicyError

    with pytest.raises(PolicyError, match=r"at when\.match\.line: unknown attribute"):
        load_file(tmp_path / "p.yml")


def test_evaluate_formats_messages_with_enum_values(tmp_path: Path):
    policy = next(p for p in POLICIES if p.code == "TL020")
    call = ApiCall("curl", "GET", "https://api.bitbucket.org/2.0/user", 4, auth=Auth.DIGEST, host="api.bitbucket.org")
    [finding] = evaluate([policy], [call], "ci.sh")
    assert (finding.code, finding.location.line) == ("TL020", 4)
    assert "Auth." not in finding.message and "api.bitbucket.org" in finding.message
