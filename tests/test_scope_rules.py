"""The scope rules (TL040-TL045) fire exactly where they should on realistic fixtures, `tokens:`
declarations give precise config errors, and the shared analysis (tokenlint.recommend) infers,
recommends and judges as documented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tokenlint import api, config, recommend
from tokenlint.errors import ConfigError
from tokenlint.model import Confidence

from tokengen import make

FIXTURES = Path(__file__).parent / "fixtures" / "scopes"
SCOPE_RULES = ("TL040", "TL041", "TL042", "TL043", "TL044", "TL045")
PIPELINES = "bitbucket-pipelines.yml"


def scan(folder: Path, monkeypatch, config_name: str | None = None, min_confidence: str | None = None):
    """Scan `folder` as `tokenlint scan .` run inside it would; only the scope rules' findings."""
    monkeypatch.chdir(folder)
    if config_name is None:
        (folder / "empty.tokenlint.yml").write_text("{}\n")
        config_name = "empty.tokenlint.yml"
    settings = api.load_settings(["."], config_path=config_name, min_confidence=min_confidence)
    result = api.scan(settings)
    return [f for f in result.findings if f.code in SCOPE_RULES]


def rows(findings) -> set[tuple[str, str, int]]:
    return {(f.rule, f.location.path, f.location.line) for f in findings}


def fixture(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


# --- the fixtures: exactly these findings, nowhere else ----------------------------------------

@pytest.mark.parametrize("name,declared,expected", [
    ("release", False, {("pipelines-push-with-token", PIPELINES, 21)}),
    ("release", True, {("pipelines-push-with-token", PIPELINES, 21), ("token-wider-than-repository", PIPELINES, 13),
                       ("scope-beyond-use", PIPELINES, 13)}),
    ("mirror", False, set()),
    ("mirror", True, {("token-type-cannot-call", PIPELINES, 10)}),
    ("deploy", False, set()),
    ("deploy", True, {("scope-missing", "deploy/deploy.sh", 8), ("token-type-cannot-call", "deploy/deploy.sh", 9),
                      ("token-type-cannot-call", "deploy/deploy.sh", 10)}),
    ("housekeeping", False, set()),
    ("housekeeping", True, {("scope-beyond-use", "scripts/housekeeping.sh", 8)}),
])
def test_scope_rules_fire_exactly_where_they_should(tmp_path, monkeypatch, name, declared, expected):
    folder = fixture(name, tmp_path)
    findings = scan(folder, monkeypatch, "declared.tokenlint.yml" if declared else None)
    assert rows(findings) == expected


def test_release_messages_name_the_repository_the_scopes_and_the_calls(tmp_path, monkeypatch):
    findings = {f.rule: f for f in scan(fixture("release", tmp_path), monkeypatch, "declared.tokenlint.yml")}
    wider = findings["token-wider-than-repository"]
    assert wider.message == (
        "RELEASE_TOKEN (workspace access token) touches one repository, $BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG, "
        "in every one of its 6 call(s): a repository access token with pullrequest, repository:write would do.")
    assert wider.confidence == Confidence.HIGH
    assert [(r.location.path, r.location.line) for r in wider.related] == [
        (PIPELINES, 13), (PIPELINES, 21), ("scripts/release.sh", 8), ("scripts/release.sh", 10),
        ("scripts/release.sh", 11), ("scripts/release.sh", 12)]
    assert findings["scope-beyond-use"].message == (
        "RELEASE_TOKEN (workspace access token) is granted pullrequest:write, repository:admin beyond what its 6 "
        "call(s) need (pullrequest, repository:write).")


def test_deploy_messages(tmp_path, monkeypatch):
    findings = sorted(scan(fixture("deploy", tmp_path), monkeypatch, "declared.tokenlint.yml"),
                      key=lambda f: f.location.line)
    assert [f.message for f in findings] == [
        "PUT /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables/"
        "{variable_uuid} needs pipeline:variable, which DEPLOY_TOKEN (repository access token) lacks: Bitbucket "
        "answers 403.",
        "DEPLOY_TOKEN (repository access token) cannot make this call: Bitbucket accepts only API tokens for POST "
        "/repositories/{workspace}/{repo_slug}/deploy-keys (access tokens get 403).",
        "DEPLOY_TOKEN (repository access token) cannot make this call: Bitbucket accepts only API tokens for GET "
        "/user (access tokens get 403).",
    ]


def test_mirror_message_names_both_repositories(tmp_path, monkeypatch):
    (finding,) = scan(fixture("mirror", tmp_path), monkeypatch, "declared.tokenlint.yml")
    assert finding.message == ("MIRROR_TOKEN (repository access token) cannot make this call: it touches "
                               "acme/app-backup, but the token is bound to acme/app.")


def test_bearer_alone_may_be_oauth_so_type_findings_stay_low(tmp_path, monkeypatch):
    findings = scan(fixture("deploy", tmp_path), monkeypatch, min_confidence="low")
    assert {(f.rule, f.location.line, f.confidence) for f in findings} == {
        ("token-type-cannot-call", 9, Confidence.LOW), ("token-type-cannot-call", 10, Confidence.LOW)}


# --- rule details on small trees ----------------------------------------------------------------

def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_project_token_outside_its_project_and_workspace(tmp_path, monkeypatch):
    write(tmp_path, {
        "cfg.yml": "tokens:\n  - {variable: PT, type: project-access-token, resource: acme/WEB, scopes: [project, repository]}\n",
        "p.sh": "#!/bin/sh\n"
                'curl -H "Authorization: Bearer $PT" https://api.bitbucket.org/2.0/workspaces/acme/projects/WEB\n'
                'curl -H "Authorization: Bearer $PT" https://api.bitbucket.org/2.0/workspaces/acme/projects/OPS\n'
                'curl -H "Authorization: Bearer $PT" https://api.bitbucket.org/2.0/repositories/other/app\n'
                'curl -H "Authorization: Bearer $PT" https://api.bitbucket.org/2.0/workspaces/acme/projects/WEB/permissions-config/users\n',
    })
    findings = sorted(scan(tmp_path, monkeypatch, "cfg.yml"), key=lambda f: f.location.line)
    assert [(f.rule, f.location.line, f.message.split(": ", 1)[1]) for f in findings] == [
        ("token-type-cannot-call", 3, "project OPS is outside acme/WEB, the token's project."),
        ("token-type-cannot-call", 4, "other/app is outside workspace acme, the one the token is bound to."),
        ("token-type-cannot-call", 5, "/workspaces/{workspace}/projects/{project_key}/permissions-config/users needs "
                                      "project:admin, which a project-access-token cannot carry."),
    ]


def test_scope_missing_honours_implications_and_granular_needs(tmp_path, monkeypatch):
    write(tmp_path, {
        "cfg.yml": "tokens:\n"
                   "  - {variable: RT, type: repository-access-token, resource: acme/app, scopes: [pullrequest:write]}\n"
                   "  - {variable: AT, type: api-token, scopes: [write:repository:bitbucket]}\n",
        "r.sh": "#!/bin/sh\n"
                'curl -X POST -H "Authorization: Bearer $RT" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n'
                'curl -X POST -u "$BOT_EMAIL:$AT" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n',
    })
    # pullrequest:write implies repository:write (no 403, but more than needed); granular write does not
    # imply the read the call also needs
    findings = scan(tmp_path, monkeypatch, "cfg.yml")
    assert rows(findings) == {("scope-beyond-use", "r.sh", 2), ("token-wider-than-repository", "r.sh", 3),
                              ("scope-missing", "r.sh", 3)}
    (finding,) = [f for f in findings if f.rule == "scope-missing"]
    assert finding.message == ("POST /repositories/{workspace}/{repo_slug}/refs/tags needs read:repository:bitbucket, "
                               "which AT (API token) lacks: Bitbucket answers 403.")


def test_scope_beyond_use_is_unsure_when_a_call_is_unknown(tmp_path, monkeypatch):
    write(tmp_path, {
        "cfg.yml": "tokens:\n  - {variable: T, type: repository-access-token, resource: acme/app, scopes: [repository:admin, repository]}\n",
        PIPELINES: "pipelines:\n  default:\n    - step:\n        script:\n"
                   '          - curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/repositories/acme/app\n'
                   "          - pipe: acme/some-pipe:1.0.0\n            variables:\n              ACCESS_TOKEN: $T\n",
    })
    assert rows(scan(tmp_path, monkeypatch, "cfg.yml")) == set()
    findings = scan(tmp_path, monkeypatch, "cfg.yml", min_confidence="low")
    assert {(f.rule, f.location.line, f.confidence) for f in findings} == {("scope-beyond-use", 5, Confidence.LOW)}


def test_unknown_endpoint_is_info_and_never_breaks_the_scope_rules(tmp_path, monkeypatch):
    write(tmp_path, {
        "cfg.yml": "tokens:\n  - {variable: T, type: workspace-access-token, resource: acme, scopes: [repository]}\n",
        "u.sh": "#!/bin/sh\n"
                'curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/repositories/acme/app/frobnicate\n'
                'curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/\n'
                "curl https://api.bitbucket.org/2.0/teams/acme\n",  # deprecated: removed-api's, not this rule's
    })
    findings = scan(tmp_path, monkeypatch, "cfg.yml")
    assert rows(findings) == {("unknown-endpoint", "u.sh", 2), ("unknown-endpoint", "u.sh", 3)}
    assert {str(f.severity) for f in findings} == {"info"}


def test_api_token_on_one_repository_is_wider_than_needed(tmp_path, monkeypatch):
    write(tmp_path, {"t.sh": "#!/bin/sh\n"
                             'git push "https://x-bitbucket-api-token-auth:$BOT_TOKEN@bitbucket.org/acme/app.git" main\n'})
    (finding,) = [f for f in scan(tmp_path, monkeypatch) if f.rule == "token-wider-than-repository"]
    assert finding.location.line == 2 and finding.confidence == Confidence.HIGH
    assert finding.message == ("BOT_TOKEN (API token) touches one repository, acme/app, in every one of its 1 call(s): "
                               "a repository access token with repository:write would do.")


# --- the shared analysis ---------------------------------------------------------------------

def analyze(tmp_path: Path, monkeypatch, files: dict[str, str], tokens: str = "") -> list[recommend.CredentialUsage]:
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    cfg = config.Config()
    if tokens:
        (tmp_path / "c.yml").write_text(tokens)
        cfg = config.load(tmp_path / "c.yml")
    settings = api.Settings(paths=["."], policies=[], config=cfg)
    return recommend.analyze(api.scan(settings).usage, cfg.tokens)


@pytest.mark.parametrize("line,expected", [
    ('curl -u "$BOT_EMAIL:$T" https://api.bitbucket.org/2.0/repositories/acme/app',
     ("api-token", Confidence.MEDIUM, ("sent as Basic with an email address as username",))),
    ('curl -u "jdoe:$T" https://api.bitbucket.org/2.0/repositories/acme/app',
     ("app-password", Confidence.MEDIUM, ("sent as Basic with a Bitbucket username",))),
    ('git clone "https://x-bitbucket-api-token-auth:$T@bitbucket.org/acme/app.git"',
     ("api-token", Confidence.HIGH, ("git username x-bitbucket-api-token-auth",))),
    ('curl -H "Authorization: Bearer $WORKSPACE_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app',
     ("workspace-access-token", Confidence.MEDIUM, ("sent as Bearer", "named WORKSPACE_TOKEN"))),
    ('curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/repositories/acme/app',
     ("access-or-oauth-token", Confidence.MEDIUM, ("sent as Bearer",))),
    ('curl -H "Authorization: Bearer $BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app',
     ("access-or-oauth-token", Confidence.MEDIUM, ("sent as Bearer", "named BB_APP_PASSWORD"))),
])
def test_inference_says_how_sure_it_is(tmp_path, monkeypatch, line, expected):
    (cred,) = analyze(tmp_path, monkeypatch, {"x.sh": f"#!/bin/sh\n{line}\n"})
    c = cred.current
    assert (c.type, c.confidence, c.evidence) == expected and not c.declared


def test_literal_shape_wins_over_everything(tmp_path, monkeypatch):
    token = make("api-token", seed=5)
    (cred,) = analyze(tmp_path, monkeypatch, {
        "x.sh": f'#!/bin/sh\ncurl -H "Authorization: Bearer {token}" https://api.bitbucket.org/2.0/repositories/acme/app\n'})
    assert (cred.current.type, cred.current.confidence) == ("api-token", Confidence.HIGH)
    assert cred.key == cred.fingerprint and cred.key.startswith("sha256:")


def test_several_workspaces_need_an_api_token(tmp_path, monkeypatch):
    (cred,) = analyze(tmp_path, monkeypatch, {"x.sh": "#!/bin/sh\n"
        'curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/repositories/acme/app\n'
        'curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/repositories/globex/site\n'})
    rec = cred.recommendation
    assert (rec.type, rec.resource, rec.granular_scopes) == ("api-token", None, ("read:repository:bitbucket",))
    assert rec.reason == "the calls reach 2 workspaces (acme, globex); an access token reaches one"


def test_pipeline_workspace_is_assumed_to_be_the_one_literal_workspace(tmp_path, monkeypatch):
    (cred,) = analyze(tmp_path, monkeypatch, {PIPELINES: "pipelines:\n  default:\n    - step:\n        script:\n"
        '          - git push "https://x-token-auth:$T@bitbucket.org/acme/app-backup.git"\n'
        '          - git push "https://x-token-auth:$T@bitbucket.org/$BITBUCKET_REPO_FULL_NAME.git"\n'})
    rec = cred.recommendation
    assert (rec.type, rec.resource, rec.scopes) == ("workspace-access-token", "acme", ("repository:write",))
    assert "assumed $BITBUCKET_WORKSPACE is acme, the only workspace the calls name" in cred.notes


def test_project_token_when_every_call_stays_in_one_project(tmp_path, monkeypatch):
    (cred,) = analyze(tmp_path, monkeypatch, {"x.sh": "#!/bin/sh\n"
        'curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/workspaces/acme/projects/WEB\n'})
    rec = cred.recommendation
    assert (rec.type, rec.resource, rec.scopes) == ("project-access-token", "acme/WEB", ("project",))


def test_git_operations_need_scopes_from_one_table():
    assert recommend.GIT_ACCESS["git push"] == "write"
    assert {recommend.GIT_ACCESS[t] for t in ("git clone", "git fetch", "git pull", "git ls-remote")} == {"read"}
    assert recommend.GIT_SCOPES["write"] == ((frozenset({"repository:write"}),), (frozenset({"write:repository:bitbucket"}),))
    assert recommend.GIT_SCOPES["read"] == ((frozenset({"repository"}),), (frozenset({"read:repository:bitbucket"}),))


def test_git_remote_set_url_is_assumed_read_and_said_so(tmp_path, monkeypatch):
    (cred,) = analyze(tmp_path, monkeypatch, {"x.sh": "#!/bin/sh\n"
        'git remote set-url origin "https://x-token-auth:$T@bitbucket.org/acme/app.git"\n'})
    assert cred.recommendation.scopes == ("repository",)
    assert cred.notes == ["x.sh:2: git remote only stores the URL; the git command that uses it is not seen: read is "
                          "assumed (a push needs write)"]


# --- declarations: precise config errors ----------------------------------------------------------

@pytest.mark.parametrize("entry,where,problem", [
    ("{variable: T, type: repository-access-token, scopes: [repo:write]}", "tokens.0.scopes.0",
     "'repo:write' is not a Bitbucket scope (did you mean 'repository:write'?)"),
    ("{variable: T, type: repository-access-token, scopes: [repository, account]}", "tokens.0.scopes.1",
     "a repository-access-token cannot carry 'account' (it can carry: pipeline, pipeline:variable, pipeline:write, "
     "pullrequest, pullrequest:write, repository, repository:admin, repository:delete, repository:write, runner, "
     "runner:write, webhook)"),
    ("{variable: T, type: api-token, scopes: [repository:write]}", "tokens.0.scopes.0",
     "'repository:write' is a classic scope; an api-token carries granular scopes (e.g. 'write:repository:bitbucket')"),
    ("{variable: T, type: workspace-access-token, scopes: [read:repository:bitbucket]}", "tokens.0.scopes.0",
     "'read:repository:bitbucket' is a granular scope (API tokens); a workspace-access-token carries classic scopes "
     "(e.g. 'repository')"),
    ("{variable: T, type: oauth-consumer, scopes: [project:write]}", "tokens.0.scopes.0",
     "'project:write' is a deprecated classic scope that no current operation accepts"),
    ("{variable: T, type: repository-access-token, resource: acme}", "tokens.0.resource",
     "'acme' does not name what a repository-access-token is bound to (expected WORKSPACE/REPO (e.g. acme/app))"),
    ("{variable: T, type: project-access-token, resource: acme/web/x}", "tokens.0.resource",
     "'acme/web/x' does not name what a project-access-token is bound to (expected WORKSPACE/PROJECT_KEY (e.g. acme/WEB))"),
    ("{variable: T, type: workspace-access-token, resource: acme/app}", "tokens.0.resource",
     "'acme/app' does not name what a workspace-access-token is bound to (expected WORKSPACE (e.g. acme))"),
    ("{variable: T, type: api-token, expires: 2027-02-30}", "tokens.0.expires",
     "'2027-02-30' is not a date (expected YYYY-MM-DD, e.g. 2027-03-01)"),
    ("{type: api-token}", "tokens.0",
     "give exactly one of 'variable' (the name that holds the token) or 'fingerprint' (as printed in reports); "
     "found neither"),
    ("{variable: T, fingerprint: 'sha256:0123456789abcdef0123', type: api-token}", "tokens.0",
     "give exactly one of 'variable' (the name that holds the token) or 'fingerprint' (as printed in reports); "
     "found both"),
])
def test_declaration_errors_are_precise(tmp_path: Path, entry, where, problem):
    path = tmp_path / ".tokenlint.yml"
    path.write_text(f"tokens:\n  - {entry}\n")
    with pytest.raises(ConfigError) as exc:
        config.load(path)
    assert str(exc.value) == f"{path}: invalid config at {where}: {problem}"


@pytest.mark.parametrize("entry,message", [
    ("{variable: T, type: repo-token}", "at tokens.0.type: 'repo-token' is not valid (expected one of: repository-access-token, "),
    ("{variable: T, type: api-token, expires: 'next year'}", "at tokens.0.expires: 'next year' is not valid"),
    ("{variable: T, type: api-token, colour: red}", "at tokens.0: unknown key 'colour'"),
    ("{fingerprint: abc, type: api-token}", "at tokens.0.fingerprint: 'abc' is not valid"),
])
def test_declaration_shape_is_schema_checked(tmp_path: Path, entry, message):
    path = tmp_path / ".tokenlint.yml"
    path.write_text(f"tokens:\n  - {entry}\n")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        config.load(path)


def test_duplicate_declaration(tmp_path: Path):
    path = tmp_path / ".tokenlint.yml"
    path.write_text("tokens:\n  - {variable: T, type: api-token}\n  - {variable: $T, type: api-token}\n")
    with pytest.raises(ConfigError, match=r"at tokens\.1: T is already declared at tokens\.0$"):
        config.load(path)


def test_declarations_load_from_yaml_and_pyproject(tmp_path: Path):
    fingerprint = "sha256:0123456789abcdef0123"
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tokenlint]\n[[tool.tokenlint.tokens]]\nvariable = 'RELEASE_TOKEN'\ntype = 'project-access-token'\n"
        "resource = 'acme/WEB'\nscopes = ['project', 'pullrequest']\nexpires = 2027-03-01\n"
        f"[[tool.tokenlint.tokens]]\nfingerprint = '{fingerprint}'\ntype = 'api-token'\n")
    first, second = config.load(tmp_path / "pyproject.toml").tokens
    assert (first.key, first.type, str(first.resource), first.resource.project, sorted(first.scopes), str(first.expires)) \
        == ("$RELEASE_TOKEN", "project-access-token", "acme/WEB", "WEB", ["project", "pullrequest"], "2027-03-01")
    assert (second.key, second.scopes, second.resource) == (fingerprint, None, None)
    (tmp_path / ".tokenlint.yml").write_text("tokens:\n  - {variable: R, type: repository-access-token, "
                                             "resource: acme/app, expires: 2027-03-01}\n")
    (d,) = config.load(tmp_path / ".tokenlint.yml").tokens
    assert (d.resource.workspace, d.resource.repo, d.expires.isoformat()) == ("acme", "app", "2027-03-01")
