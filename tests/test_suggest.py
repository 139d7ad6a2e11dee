"""`tokenlint suggest`: the exact least-privilege recipes for realistic pipelines and scripts
(tests/fixtures/scopes/), each scope backed by its calls, as text and as schema-valid JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint.cli import main
from tokenlint.resources import schema

from tokengen import make

FIXTURES = Path(__file__).parent / "fixtures" / "scopes"
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def copy(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest / name)
    return dest / name


def git_repo(folder: Path, origin: str | None) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=GIT_ENV)
    if origin:
        subprocess.run(["git", "-C", str(folder), "remote", "add", "origin", origin], check=True, env=GIT_ENV)


def suggest(folder: Path, *args: str, fmt: str = "json"):
    """Run the command from inside `folder`, as a user would; JSON output is schema-checked."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["suggest", "--format", fmt, *args])
    finally:
        os.chdir(cwd)
    if fmt == "json" and result.exit_code in (0, 3) and result.stdout:
        data = json.loads(result.stdout)
        jsonschema.validate(data, schema("suggest"))
        return data, result
    return None, result


def only(data: dict) -> dict:
    (credential,) = data["credentials"]
    return credential


def calls(credential: dict) -> list[tuple]:
    return [(c["path"], c["line"], c["method"], c["endpoint"], c["needs"]) for c in credential["calls"]]


RELEASE_CALLS = [
    ("bitbucket-pipelines.yml", 13, "POST", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments", ["pullrequest"]),
    ("bitbucket-pipelines.yml", 21, "git push", "bitbucket.org/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG.git", ["repository:write"]),
    ("scripts/release.sh", 8, "POST", "/repositories/{workspace}/{repo_slug}/refs/tags", ["repository:write"]),
    ("scripts/release.sh", 10, "PUT", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}", ["repository"]),
    ("scripts/release.sh", 11, "POST", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations", ["repository"]),
    ("scripts/release.sh", 12, "POST", "/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build", ["repository"]),
]


def test_release_pipeline_recipe_in_a_clone_of_bitbucket(tmp_path: Path):
    folder = copy("release", tmp_path)
    git_repo(folder, "https://bitbucket.org/acme/app.git")
    data, result = suggest(folder)
    assert result.exit_code == 0
    cred = only(data)
    # the step hands RELEASE_TOKEN to scripts/release.sh as TOKEN: one credential across both files;
    # the proxied report (line 12, no credential) is no use of it
    assert cred["name"] == "RELEASE_TOKEN" and cred["variable"] == "RELEASE_TOKEN" and cred["fingerprint"] is None
    assert cred["recommended"] == {
        "type": "repository-access-token", "resource": "acme/app",
        "scopes": ["pullrequest", "repository:write"],
        "granular_scopes": ["read:pullrequest:bitbucket", "read:repository:bitbucket", "write:repository:bitbucket"],
        "reason": "every call touches this one repository",
    }
    assert calls(cred) == RELEASE_CALLS
    assert {c["target"] for c in cred["calls"]} == {"acme/app"}
    assert cred["where"] == [{"path": "bitbucket-pipelines.yml", "line": n} for n in (13, 20, 21)] + \
        [{"path": "scripts/release.sh", "line": n} for n in (8, 10, 11, 12)]
    assert cred["current"] == {
        "type": "access-or-oauth-token", "declared": False, "inferred": True, "confidence": "medium",
        "evidence": ["sent as Bearer", "git username x-token-auth"], "decided_by": "Bearer header", "resource": None,
        "scopes": None, "expires": None,
    }
    assert cred["notes"] == [
        "bitbucket-pipelines.yml:21: inside Pipelines, git reaches the repository the pipeline runs in with no token "
        "(origin is already authenticated)",
        "$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG resolved to acme/app, the origin remote of the scanned work tree",
    ]


RELEASE_TEXT = """\
RELEASE_TOKEN
  current:     access token or OAuth token (inferred, medium confidence; decided by: Bearer header; evidence: sent as Bearer; git username x-token-auth)
  recommended: repository access token on acme/app  (every call touches this one repository)
  scopes:      pullrequest, repository:write
  granular:    read:pullrequest:bitbucket, read:repository:bitbucket, write:repository:bitbucket  (for an API token instead)
  calls behind each scope:
    pullrequest
      bitbucket-pipelines.yml:13  POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments
    repository:write
      bitbucket-pipelines.yml:21  git push bitbucket.org/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG.git
      scripts/release.sh:8  POST /repositories/{workspace}/{repo_slug}/refs/tags
      scripts/release.sh:10  PUT /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}  (needs repository)
      scripts/release.sh:11  POST /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations  (needs repository)
      scripts/release.sh:12  POST /repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build  (needs repository)
  note: bitbucket-pipelines.yml:21: inside Pipelines, git reaches the repository the pipeline runs in with no token (origin is already authenticated)
  note: $BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG resolved to acme/app, the origin remote of the scanned work tree

1 credential
"""


def test_release_pipeline_recipe_as_text(tmp_path: Path):
    folder = copy("release", tmp_path)
    git_repo(folder, "git@bitbucket.org:acme/app.git")  # the ssh form of origin resolves too
    _, result = suggest(folder, fmt="text")
    assert result.exit_code == 0
    assert result.stdout == RELEASE_TEXT


@pytest.mark.parametrize("origin", [None, "https://github.com/acme/app.git"])
def test_this_repository_stays_symbolic_without_a_bitbucket_origin(tmp_path: Path, origin):
    folder = copy("release", tmp_path)
    if origin:
        git_repo(folder, origin)
    cred = only(suggest(folder)[0])
    assert cred["recommended"]["resource"] == "$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG"
    assert cred["notes"][-1] == (
        "$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG is the repository the pipeline runs in (not resolved: the scanned "
        "folder is not a git work tree whose origin is on bitbucket.org)")


def test_origin_is_read_as_data_never_run(tmp_path: Path):
    """A hostile repository config (fsmonitor, hooks) must not run while its origin is read."""
    folder = copy("release", tmp_path)
    git_repo(folder, "https://x-token-auth:hunter2@bitbucket.org/acme/app.git")
    marker = tmp_path / "pwned"
    for key, value in (("core.fsmonitor", f"touch {marker}; false"), ("core.hooksPath", str(tmp_path))):
        subprocess.run(["git", "-C", str(folder), "config", key, value], check=True, env=GIT_ENV)
    data, result = suggest(folder)
    assert only(data)["recommended"]["resource"] == "acme/app"
    assert not marker.exists()
    assert "hunter2" not in result.stdout


def test_declared_token_is_reported_as_current(tmp_path: Path):
    folder = copy("release", tmp_path)
    cred = only(suggest(folder, "--config", "declared.tokenlint.yml")[0])
    assert cred["current"] == {
        "type": "workspace-access-token", "declared": True, "inferred": False, "confidence": "high", "evidence": [],
        "decided_by": None,
        "resource": "acme", "scopes": ["pullrequest:write", "repository:admin", "repository:write"],
        "expires": "2027-03-01",
    }
    assert cred["recommended"]["type"] == "repository-access-token"
    assert cred["recommended"]["scopes"] == ["pullrequest", "repository:write"]


def test_mirror_job_needs_two_repositories(tmp_path: Path):
    cred = only(suggest(copy("mirror", tmp_path))[0])
    assert cred["recommended"] == {
        "type": "workspace-access-token", "resource": "acme", "scopes": ["repository:write"],
        "granular_scopes": ["read:repository:bitbucket", "write:repository:bitbucket"],
        "reason": "the calls touch 2 repositories of acme: acme/app, acme/app-backup",
    }
    assert calls(cred) == [
        ("bitbucket-pipelines.yml", 8, "git clone", "bitbucket.org/acme/app.git", ["repository"]),
        ("bitbucket-pipelines.yml", 10, "git push", "bitbucket.org/acme/app-backup.git", ["repository:write"]),
    ]
    assert cred["notes"] == [
        "workspace access tokens need the Bitbucket Premium plan",
        "narrower still: one repository access token per repository (acme/app: repository; acme/app-backup: "
        "repository:write)",
    ]


def test_deployment_step_needs_an_api_token_for_deploy_keys_and_user(tmp_path: Path):
    cred = only(suggest(copy("deploy", tmp_path))[0])
    assert cred["recommended"] == {
        "type": "api-token", "resource": None,
        "scopes": ["account", "pipeline:variable", "repository", "repository:admin"],
        "granular_scopes": ["admin:pipeline:bitbucket", "admin:repository:bitbucket", "read:pipeline:bitbucket",
                            "read:user:bitbucket", "write:ssh-key:bitbucket"],
        "reason": "deploy/deploy.sh:9: POST /repositories/{workspace}/{repo_slug}/deploy-keys accepts API tokens only",
    }
    variables = "/repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables/{variable_uuid}"
    assert calls(cred) == [  # an API token's needs are granular: they imply nothing
        ("deploy/deploy.sh", 6, "GET", "/repositories/{workspace}/{repo_slug}/environments", ["read:pipeline:bitbucket"]),
        ("deploy/deploy.sh", 8, "PUT", variables, ["admin:pipeline:bitbucket"]),
        ("deploy/deploy.sh", 9, "POST", "/repositories/{workspace}/{repo_slug}/deploy-keys",
         ["admin:repository:bitbucket", "write:ssh-key:bitbucket"]),
        ("deploy/deploy.sh", 10, "GET", "/user", ["read:user:bitbucket"]),
    ]
    assert cred["notes"] == [
        "narrower: only deploy/deploy.sh:9, deploy/deploy.sh:10 need an API token; the other calls can keep a "
        "repository access token on acme/app with pipeline:variable",
        "an API token acts with all of its owner's access: create it on a dedicated account that can reach only acme, "
        "with an expiry (at most one year)",
        "send it as Basic with the owner's Atlassian account email as username; git takes it with username "
        "x-bitbucket-api-token-auth (deploy/deploy.sh:6, deploy/deploy.sh:8, deploy/deploy.sh:9, deploy/deploy.sh:10 "
        "must change)",
    ]


def test_workspace_housekeeping_needs_a_workspace_token(tmp_path: Path):
    cred = only(suggest(copy("housekeeping", tmp_path))[0])
    assert cred["recommended"] == {
        "type": "workspace-access-token", "resource": "acme", "scopes": ["account", "pullrequest", "repository:write"],
        "granular_scopes": ["read:pullrequest:bitbucket", "read:repository:bitbucket", "read:workspace:bitbucket",
                            "write:repository:bitbucket"],
        "reason": "scripts/housekeeping.sh:8: GET /repositories/{workspace} reaches beyond one repository of acme",
    }
    assert calls(cred) == [
        ("scripts/housekeeping.sh", 8, "GET", "/repositories/{workspace}", ["repository"]),
        ("scripts/housekeeping.sh", 9, "GET", "/repositories/{workspace}/{repo_slug}/pullrequests", ["pullrequest"]),
        ("scripts/housekeeping.sh", 10, "DELETE", "/repositories/{workspace}/{repo_slug}/refs/branches/{name}",
         ["repository:write"]),
        ("scripts/housekeeping.sh", 13, "GET", "/workspaces/{workspace}/members", ["account"]),
    ]
    assert cred["notes"] == ["workspace access tokens need the Bitbucket Premium plan"]


def test_app_password_gets_its_concrete_replacement(tmp_path: Path):
    """The pipe's upload is an operation of the pipes table (at the variable's line, with its scope),
    so the recipe covers it, and the step is told which variable takes the token and from which version."""
    git_repo(tmp_path, "https://bitbucket.org/acme/app.git")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n"
        '          - curl -u "$BB_USER:$BB_APP_PASSWORD" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @t.json\n'
        "          - pipe: atlassian/bitbucket-upload-file:0.3.2\n"
        "            variables:\n              BITBUCKET_USERNAME: $BB_USER\n              BITBUCKET_APP_PASSWORD: $BB_APP_PASSWORD\n"
    )
    cred = only(suggest(tmp_path)[0])
    assert cred["current"]["type"] == "app-password" and cred["current"]["confidence"] == "medium"
    assert cred["recommended"]["type"] == "repository-access-token" and cred["recommended"]["resource"] == "acme/app"
    assert cred["recommended"]["scopes"] == ["repository:write"]
    assert calls(cred) == [
        ("bitbucket-pipelines.yml", 5, "POST", "/repositories/{workspace}/{repo_slug}/refs/tags", ["repository:write"]),
        ("bitbucket-pipelines.yml", 9, "POST", "/repositories/{workspace}/{repo_slug}/downloads", ["repository:write"]),
    ]
    assert [c["known"] for c in cred["calls"]] == [True, True]
    assert cred["calls"][1]["pipe"] == "atlassian/bitbucket-upload-file:0.3.2" and cred["calls"][1]["confidence"] == "medium"
    assert cred["notes"] == [
        "bitbucket-pipelines.yml:9: its needs come from tokenlint's pipes table, which is medium confidence about "
        "what atlassian/bitbucket-upload-file calls",
        "$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG resolved to acme/app, the origin remote of the scanned work tree",
        "bitbucket-pipelines.yml:6: move to 0.5.0 or later, then pass the access token to pipe "
        "atlassian/bitbucket-upload-file:0.3.2 as BITBUCKET_ACCESS_TOKEN instead of BITBUCKET_APP_PASSWORD, "
        "BITBUCKET_USERNAME (tokenlint's pipes table: the pipe needs repository:write; low confidence)",
        "app passwords were removed on 2026-07-28: create the recommended token and store it in place of BB_APP_PASSWORD",
        "send it as `Authorization: Bearer` (Basic is rejected); git takes it with username x-token-auth "
        "(bitbucket-pipelines.yml:5 must change)",
    ]
    assert cred["pipes"] == [{
        "path": "bitbucket-pipelines.yml", "line": 6, "pipe": "atlassian/bitbucket-upload-file:0.3.2",
        "given": "BITBUCKET_APP_PASSWORD", "variable": "BITBUCKET_ACCESS_TOKEN",
        "replaces": ["BITBUCKET_APP_PASSWORD", "BITBUCKET_USERNAME"], "scopes": ["repository:write"],
        "granular_scopes": ["write:repository:bitbucket"], "confidence": "low", "move_to": "0.5.0"}]


def test_literal_credential_is_one_credential_across_files_and_never_printed(tmp_path: Path):
    token = make("access-token", seed=3)
    for name, path in (("a.sh", "refs/tags"), ("b.sh", "commit/abc/statuses/build")):
        (tmp_path / name).write_text(f'#!/bin/sh\ncurl -X POST -H "Authorization: Bearer {token}" '
                                     f'https://api.bitbucket.org/2.0/repositories/acme/app/{path}\n')
    data, result = suggest(tmp_path)
    cred = only(data)
    assert cred["variable"] is None and cred["fingerprint"].startswith("sha256:")
    assert cred["name"] == token[:15] + "…"
    assert cred["current"]["type"] == "access-token" and cred["current"]["confidence"] == "high"
    assert [(c["path"], c["line"]) for c in cred["calls"]] == [("a.sh", 2), ("b.sh", 2)]
    assert cred["recommended"]["scopes"] == ["repository:write"]
    assert token not in result.stdout
    _, text = suggest(tmp_path, fmt="text")
    assert token not in text.stdout and cred["fingerprint"] in text.stdout


def test_unknown_endpoint_stays_out_of_the_recipe(tmp_path: Path):
    (tmp_path / "x.sh").write_text(
        '#!/bin/sh\ncurl -H "Authorization: Bearer $TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/frobnicate\n')
    cred = only(suggest(tmp_path)[0])
    assert cred["recommended"] is None
    assert calls(cred) == [("x.sh", 2, "GET", "/repositories/acme/app/frobnicate", [])]
    assert cred["calls"][0]["known"] is False
    _, result = suggest(tmp_path, fmt="text")
    assert "recommended: nothing to derive (no call with known needs)" in result.stdout


def test_declared_token_without_use_is_listed(tmp_path: Path):
    (tmp_path / ".tokenlint.yml").write_text(
        "tokens:\n  - {variable: OLD_TOKEN, type: repository-access-token, resource: acme/app, scopes: [repository]}\n")
    cred = only(suggest(tmp_path)[0])
    assert cred["name"] == "OLD_TOKEN" and cred["calls"] == [] and cred["recommended"] is None
    assert cred["notes"] == ["declared at tokens.0 but no use was found in the scanned files: if nothing else uses "
                             "it, revoke it"]


def test_output_file_config_error_and_unreadable_path(tmp_path: Path):
    folder = copy("mirror", tmp_path)
    _, result = suggest(folder, "-o", "recipe.json")
    assert result.exit_code == 0 and result.stdout == ""
    jsonschema.validate(json.loads((folder / "recipe.json").read_text()), schema("suggest"))
    (folder / "bad.yml").write_text("tokens:\n  - {variable: T, type: repository-access-token, scopes: [repo]}\n")
    _, result = suggest(folder, "--config", "bad.yml")
    assert result.exit_code == 2
    assert result.stderr == ("tokenlint: error: bad.yml: invalid config at tokens.0.scopes.0: 'repo' is not a "
                             "Bitbucket scope (did you mean 'repository'?)\n")
    data, result = suggest(folder, ".", "missing-dir")
    assert result.exit_code == 3 and len(data["credentials"]) == 1
    assert "tokenlint: error: missing-dir: cannot scan" in result.stderr


def test_python_script_run_by_a_step_shares_the_credential(tmp_path: Path):
    (tmp_path / "ci").mkdir()
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - export BB_TOKEN=$REPORT_TOKEN\n"
        "          - python3 ci/report.py\n")
    (tmp_path / "ci" / "report.py").write_text(
        'import os\nimport requests\n\nTOKEN = os.environ["BB_TOKEN"]\nAPI = "https://api.bitbucket.org/2.0/repositories/acme/app"\n'
        "requests.put(f\"{API}/commit/{os.environ['BITBUCKET_COMMIT']}/reports/lint\", json={}, "
        'headers={"Authorization": f"Bearer {TOKEN}"})\n')
    cred = only(suggest(tmp_path)[0])
    assert cred["name"] == "REPORT_TOKEN"
    assert cred["where"] == [{"path": "bitbucket-pipelines.yml", "line": 6}, {"path": "ci/report.py", "line": 6}]
    assert (cred["recommended"]["type"], cred["recommended"]["resource"], cred["recommended"]["scopes"]) == \
        ("repository-access-token", "acme/app", ["repository"])
    assert calls(cred) == [("ci/report.py", 6, "PUT", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}",
                            ["repository"])]


MIRROR_WORKFLOW = """\
name: Mirror
on: push
jobs:
  mirror:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Remote
        run: git remote add bitbucket https://x-bitbucket-api-token-auth:${{ secrets.BB_API_TOKEN }}@bitbucket.org/acme/app.git
      - name: Push
        run: |
          git push bitbucket --all --force
  other:
    runs-on: ubuntu-latest
    steps:
      - name: A fresh runner knows no remote named bitbucket
        run: git push bitbucket --tags
"""


def test_a_remote_added_in_one_step_is_pushed_to_in_the_next_step_of_the_job(tmp_path: Path):
    """Steps of one GitHub job share the checkout: `git push bitbucket` in a later step pushes
    with the credential the earlier step put in the remote's URL, so write access is asked for;
    another job runs on a fresh runner and does not see that remote."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "mirror.yml").write_text(MIRROR_WORKFLOW)
    cred = only(suggest(tmp_path)[0])
    assert cred["recommended"]["type"] == "repository-access-token"
    assert cred["recommended"]["scopes"] == ["repository:write"]
    assert calls(cred) == [
        (".github/workflows/mirror.yml", 12, "git push", "bitbucket.org/acme/app.git", ["repository:write"]),
    ]
