"""The generated endpoint table: freshness against the spec, content, URL matching."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from tokenlint.endpoints import UNRESOLVED, load, normalize_path, requires_only_api_token

REPO_ROOT = Path(__file__).resolve().parents[1]
SPEC = REPO_ROOT / "scripts" / "bitbucket-openapi.json"
COMMITTED = REPO_ROOT / "tokenlint" / "data" / "endpoints.json"
_loader = importlib.util.spec_from_file_location("generate_endpoints", REPO_ROOT / "scripts" / "generate_endpoints.py")
generate = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(generate)
SPEC_SHA256 = "5e1c041a4b41d3fcbcb636d3a830b7739fe8f001a3d2b3ba7063fe55bf230605"
API = "https://api.bitbucket.org/2.0"
REPO = "/repositories/{workspace}/{repo_slug}"


@pytest.fixture(scope="module")
def spec_bytes() -> bytes:
    if not SPEC.is_file():
        pytest.fail(
            f"Bitbucket OpenAPI spec not found at {SPEC}; the staleness check needs it "
            "(it is committed as scripts/bitbucket-openapi.json)"
        )
    return SPEC.read_bytes()


@pytest.fixture(scope="module")
def spec(spec_bytes) -> dict:
    return json.loads(spec_bytes)


@pytest.fixture(scope="module")
def table():
    return load()


# --- staleness -----------------------------------------------------------------------


def test_committed_table_matches_spec(spec, spec_bytes):
    built = generate.build_table(spec, hashlib.sha256(spec_bytes).hexdigest())
    committed_text = COMMITTED.read_text(encoding="utf-8")
    assert json.loads(committed_text) == built, (
        "tokenlint/data/endpoints.json is stale: run python scripts/generate_endpoints.py"
    )
    assert committed_text == generate.render(built)


def test_check_mode_passes_on_committed_file(spec_bytes, capsys):
    assert generate.main(["--check", "--spec", str(SPEC)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_check_mode_fails_on_stale_file(spec_bytes, tmp_path, monkeypatch, capsys):
    stale = tmp_path / "endpoints.json"
    stale.write_text(COMMITTED.read_text(encoding="utf-8").replace('"DELETE"', '"PATCH"', 1))
    monkeypatch.setattr(generate, "OUTPUT", stale)
    assert generate.main(["--check", "--spec", str(SPEC)]) == 1
    err = capsys.readouterr().err
    assert "is stale" in err
    assert "python scripts/generate_endpoints.py" in err


def test_default_spec_is_the_committed_copy():
    assert generate.DEFAULT_SPEC.resolve() == SPEC


def test_render_is_one_operation_per_line():
    lines = COMMITTED.read_text(encoding="utf-8").splitlines()
    op_lines = [line for line in lines if line.startswith('{"auth_types"')]
    assert len(op_lines) == 331
    assert lines[0] == "{" and lines[-1] == "}"


def test_build_table_rejects_scopes_outside_the_vocabulary(spec):
    broken = copy.deepcopy(spec)
    broken["paths"]["/user"]["get"]["security"][0]["oauth2"] = ["acount"]
    with pytest.raises(ValueError, match=r"GET /user: classic scopes \['acount'\]"):
        generate.build_table(broken, "0" * 64)


# --- content -------------------------------------------------------------------------


def test_header(table):
    assert table.spec == {
        "openapi": "3.0.0",
        "sha256": SPEC_SHA256,
        "version": "2.0",
        "x-revision": "27d71c15e7e6",
    }


def test_operations_are_unique_and_well_formed(table):
    keys = [(op.method, op.template) for op in table.operations]
    assert len(keys) == len(set(keys)) == 331
    assert {op.method for op in table} == {"GET", "POST", "PUT", "DELETE"}
    assert {a for op in table for a in op.auth_types} == {"api-token", "forge-oauth2"}


def test_get_repository(table):
    op = table.get("GET", REPO)
    assert op.classic == (frozenset({"repository"}),)
    assert op.granular == (frozenset({"read:repository:bitbucket"}),)
    assert op.auth_types == {"api-token", "forge-oauth2"}
    assert op.deprecated is False
    assert op.operation_id is None


def test_create_pull_request(table):
    op = table.match("POST", f"{API}/repositories/ws/repo/pullrequests")
    assert op.template == f"{REPO}/pullrequests"
    assert op.classic == (frozenset({"pullrequest:write"}),)
    assert op.granular == (
        frozenset({"read:pullrequest:bitbucket", "write:pullrequest:bitbucket"}),
    )


@pytest.mark.parametrize(
    ("method", "url", "template", "operation_id"),
    [
        ("PUT", "/repositories/ws/r/commit/abc123/reports/sec-1", f"{REPO}/commit/{{commit}}/reports/{{reportId}}", "createOrUpdateReport"),
        ("POST", "/repositories/ws/r/commit/abc123/reports/sec-1/annotations", f"{REPO}/commit/{{commit}}/reports/{{reportId}}/annotations", "bulkCreateOrUpdateAnnotations"),
        ("POST", "/repositories/ws/r/commit/abc123/statuses/build", f"{REPO}/commit/{{commit}}/statuses/build", None),
    ],
)  # fmt: skip
def test_code_insights_and_build_status_need_only_read(table, method, url, template, operation_id):
    op = table.match(method, url)
    assert op.template == template
    assert op.operation_id == operation_id
    assert op.classic == (frozenset({"repository"}),)
    assert op.granular == (frozenset({"read:repository:bitbucket"}),)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/repositories/ws/r/pipelines_config/variables"),
        ("PUT", "/repositories/ws/r/pipelines_config/variables/%7Bu-u-i-d%7D"),
        ("DELETE", "/workspaces/ws/pipelines-config/variables/{?}"),
        ("POST", "/repositories/ws/r/deployments_config/environments/{?}/variables"),
    ],
)
def test_pipeline_variables_need_pipeline_variable(table, method, url):
    op = table.match(method, url)
    assert op.classic == (frozenset({"pipeline:variable"}),)
    assert op.granular == (frozenset({"admin:pipeline:bitbucket"}),)


def test_reading_pipeline_variables_needs_only_pipeline(table):
    op = table.match("GET", "/repositories/ws/r/pipelines_config/variables")
    assert op.classic == (frozenset({"pipeline"}),)


def test_operations_without_scopes(table):
    workspace = table.get("GET", "/workspaces/{workspace}")
    assert workspace.classic == ()
    assert workspace.granular == (frozenset({"read:workspace:bitbucket"}),)
    hook_events = table.get("GET", "/hook_events")
    assert (hook_events.classic, hook_events.granular, hook_events.auth_types) == ((), (), set())


def test_deprecated_flag(table):
    assert table.get("GET", "/repositories").deprecated is True
    assert table.get("GET", "/teams/{username}/pipelines_config/variables").deprecated is True
    assert table.get("GET", "/workspaces/{workspace}").deprecated is False


def test_requires_only_api_token(table):
    assert requires_only_api_token(table.get("POST", f"{REPO}/hooks")) is True
    assert requires_only_api_token(table.get("POST", f"{REPO}/deploy-keys")) is True
    assert requires_only_api_token(table.get("GET", "/user")) is True
    assert requires_only_api_token(table.get("GET", REPO)) is False
    assert requires_only_api_token(table.get("GET", "/hook_events")) is False
    assert requires_only_api_token(table.get("GET", "/addon/{addon_key}/client-key")) is False


def test_load_is_cached():
    assert load() is load()


# --- URL handling and matching -------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (f"{API}/repositories/ws/repo/pullrequests?state=OPEN", "/repositories/ws/repo/pullrequests"),
        ("http://api.bitbucket.org/2.0/repositories/ws/repo/", "/repositories/ws/repo"),
        ("/2.0/repositories/ws/repo#frag", "/repositories/ws/repo"),
        ("https://bitbucket.org/api/2.0/user", "/user"),
        ("/repositories/ws/repo", "/repositories/ws/repo"),
        ("repositories/ws/repo", "/repositories/ws/repo"),
        (f"{API}/repositories/{{?}}/{{?}}?q={{?}}", "/repositories/{?}/{?}"),
        (API, "/"),
        ("  /user/  ", "/user"),
    ],
)  # fmt: skip
def test_normalize_path(given, expected):
    assert normalize_path(given) == expected


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/repositories/ws/repo",
        "http://api.bitbucket.org/2.0/repositories/ws/repo/",
        "/2.0/repositories/ws/repo",
        "/repositories/ws/repo?fields=name",
    ],
)
def test_match_url_forms(table, url):
    op = table.match("get", url)
    assert (op.method, op.template) == ("GET", REPO)
    assert table.params(op, url) == {"workspace": "ws", "repo_slug": "repo"}


def test_match_full_url_with_query(table):
    url = f"{API}/repositories/ws/repo/pullrequests?state=OPEN&pagelen=50"
    op = table.match("GET", url)
    assert op.template == f"{REPO}/pullrequests"
    assert op.classic == (frozenset({"pullrequest"}),)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/nope"),
        ("GET", "/repositories/ws/repo/no-such-thing"),
        ("GET", "/1.0/repositories/ws/repo"),
        ("PATCH", "/repositories/ws/repo"),
        ("GET", API),
        ("GET", "/repositories/ws//pullrequests"),
    ],
)
def test_unknown_path_is_none(table, method, url):
    assert table.match(method, url) is None


def test_literal_beats_parameter(table):
    op = table.match("GET", "/repositories/ws/repo/pullrequests/activity")
    assert op.template == f"{REPO}/pullrequests/activity"
    op = table.match("GET", "/repositories/ws/repo/pullrequests/42")
    assert op.template == f"{REPO}/pullrequests/{{pull_request_id}}"
    assert table.params(op, "/repositories/ws/repo/pullrequests/42") == {
        "workspace": "ws",
        "repo_slug": "repo",
        "pull_request_id": "42",
    }
    op = table.match("GET", "/snippets/ws/abc/watch")
    assert op.template == "/snippets/{workspace}/{encoded_id}/watch"


@pytest.mark.parametrize("placeholder", [UNRESOLVED, "$BITBUCKET_REPO_SLUG", "${REPO}", "{repo}"])
def test_unresolved_segment_matches_parameters_only(table, placeholder):
    url = f"{API}/repositories/ws/{placeholder}/pullrequests/activity"
    op = table.match("GET", url)
    assert op.template == f"{REPO}/pullrequests/activity"
    assert table.params(op, url)["repo_slug"] == placeholder
    # in a literal position it matches nothing ...
    assert table.match("GET", f"/repositories/ws/repo/{placeholder}") is None
    # ... so an unknown last segment goes to the parameter, never to "activity"
    op = table.match("GET", f"/repositories/ws/repo/pullrequests/{placeholder}")
    assert op.template == f"{REPO}/pullrequests/{{pull_request_id}}"


def test_trailing_path_parameter_spans_segments(table):
    url = f"{API}/repositories/ws/repo/src/main/ci/bitbucket-pipelines.yml"
    op = table.match("GET", url)
    assert op.template == f"{REPO}/src/{{commit}}/{{path}}"
    assert table.params(op, url) == {
        "workspace": "ws",
        "repo_slug": "repo",
        "commit": "main",
        "path": "ci/bitbucket-pipelines.yml",
    }


def test_parameter_inside_a_segment(table):
    url = "/repositories/ws/repo/issues/export/repo-issues-7.zip"
    op = table.match("GET", url)
    assert op.template == f"{REPO}/issues/export/{{repo_name}}-issues-{{task_id}}.zip"
    assert table.params(op, url) == {
        "workspace": "ws",
        "repo_slug": "repo",
        "repo_name": "repo",
        "task_id": "7",
    }


def test_params_rejects_a_path_of_another_template(table):
    op = table.get("GET", REPO)
    with pytest.raises(ValueError, match="does not match"):
        table.params(op, "/repositories/ws/repo/pullrequests")


def test_replaced_flag_tells_a_successor_from_a_feature_on_its_way_out(table):
    assert table.get("GET", "/repositories").replaced is True
    assert table.get("GET", "/teams/{username}/pipelines_config/variables").replaced is True
    assert table.get("GET", "/repositories/{workspace}/{repo_slug}/issues").deprecated is True
    assert table.get("GET", "/repositories/{workspace}/{repo_slug}/issues").replaced is False
    assert table.get("GET", "/repositories/{workspace}/{repo_slug}/milestones").replaced is False
    assert table.get("GET", "/workspaces/{workspace}").replaced is False
