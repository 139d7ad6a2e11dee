"""The pipes table (tokenlint/data/pipes.json, generated from scripts/pipes.yaml) and what it
makes of pipe steps: the credentials they hand over, the operations and scopes behind them, the
versions that take a token, and how sure each of those is."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint import api, config, pipes
from tokenlint.cli import main
from tokenlint.detectors import usage
from tokenlint.document import Document
from tokenlint.engine.policy import load_all
from tokenlint.model import Confidence

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "tests" / "rules"
_loader = importlib.util.spec_from_file_location("generate_pipes", ROOT / "scripts" / "generate_pipes.py")
generate = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(generate)
POLICIES = {p.slug: p for p in load_all()}


# --- the package data ----------------------------------------------------------------------------

def test_committed_table_matches_its_source(capsys):
    assert generate.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_stale_table_is_reported(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "pipes.json"
    stale.write_text(generate.OUTPUT.read_text().replace('"pipeline:write"', '"pipeline"', 1))
    monkeypatch.setattr(generate, "OUTPUT", stale)
    assert generate.main(["--check"]) == 1
    assert "is stale: run python scripts/generate_pipes.py" in capsys.readouterr().err


def test_rows_keep_their_sources_confidence_and_the_transcribed_observations():
    data = json.loads(generate.OUTPUT.read_text())
    row = data["pipes"]["atlassian/bitbucket-upload-file"]
    assert row["confidence"] == {"variables": "medium", "calls": "medium", "versions": "low"}
    assert row["sources"][0].startswith("github:github/gh-actions-importer@")
    assert row["observed_token_versions"] == {"versions": {"access-token": "0.5.0"}, "from": "version_notes"}
    assert data["pipes"]["m4ucorp/keep-a-changelog-automation"]["access_token_since"] == "0.0.1"
    assert list(row["variables"]) == ["BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD", "BITBUCKET_ACCESS_TOKEN"]


def test_an_observation_the_notes_no_longer_state_stops_the_generator(tmp_path, capsys):
    source = tmp_path / "pipes.yaml"
    source.write_text(generate.DEFAULT_SOURCE.read_text().replace("(0.5.0 example)", "(example)"))
    assert generate.main(["--check", "--source", str(source)]) == 2
    assert "version 0.5.0 is no longer in its version_notes" in capsys.readouterr().err


def test_the_table_loads_only_when_a_pipe_is_analysed(tmp_path):
    """pre-commit start-up: scanning a script reads no pipes table; a pipeline with a pipe does."""
    (tmp_path / "a.sh").write_text('curl -u "$U:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/user\n')
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/trigger-pipeline:5.2.0\n"
        "            variables:\n              BITBUCKET_ACCESS_TOKEN: $T\n")
    code = textwrap.dedent("""
        import sys
        from tokenlint import api, pipes
        settings = api.load_settings([sys.argv[1]], jobs=1)
        api.scan(settings)
        print(pipes.load.cache_info().currsize)
    """)
    run = [sys.executable, "-c", code]
    assert subprocess.run([*run, str(tmp_path / "a.sh")], capture_output=True, text=True,
                          check=True).stdout.strip() == "0"
    assert subprocess.run([*run, str(tmp_path / "bitbucket-pipelines.yml")], capture_output=True, text=True,
                          check=True).stdout.strip() == "1"


# --- lookups -------------------------------------------------------------------------------------

@pytest.mark.parametrize("reference,name,version", [
    ("atlassian/bitbucket-upload-file:0.3.2", "atlassian/bitbucket-upload-file", "0.3.2"),
    ("atlassian/trigger-pipeline:5", "atlassian/trigger-pipeline", "5"),
    ("docker://loremfoobar/reportgenerator-coverage-bitbucket-pipe:2.1.0",
     "docker://loremfoobar/reportgenerator-coverage-bitbucket-pipe", "2.1.0"),
    ("docker://sykescottages/bitbucket-pipes:code-review-agent", "docker://sykescottages/bitbucket-pipes:code-review-agent", ""),
    ("docker://ghcr.io/densify-dev/auto-pr-reviews-bitbucket-pipe:1.0.0",
     "ghcr.io/densify-dev/auto-pr-reviews-bitbucket-pipe", "1.0.0"),
    ("Atlassian/Bitbucket-Upload-File:0.7.4", "atlassian/bitbucket-upload-file", "0.7.4"),
    ("atlassian/aws-s3-deploy:1.1.0", "atlassian/aws-*", "1.1.0"),
    ("atlassian/bitbucket-upload-file@sha256:0123abcd", "atlassian/bitbucket-upload-file", ""),
])
def test_a_pipe_reference_finds_its_row_and_version(reference, name, version):
    entry, pinned = pipes.lookup(reference)
    assert (entry.name, pinned) == (name, version)


def test_unknown_pipes_have_no_row():
    assert pipes.lookup("acme/in-house-release:1.0.0") is None
    assert pipes.lookup("atlassian/bitbucket-upload-file-v2:1.0.0") is None


@pytest.mark.parametrize("version,than,older", [
    ("0.3.2", "0.5.0", True), ("0.5.0", "0.5.0", False), ("0.7.4", "0.5.0", False), ("4", "5.2.0", True),
    ("5", "5.2.0", False), ("0", "0.5.0", False), ("5.1", "5.2.0", True), ("latest", "5.2.0", False),
    ("v0.4.0", "0.5.0", True),
])
def test_versions_compare_as_pins(version, than, older):
    assert pipes.older(version, than) is older


def test_a_known_first_token_version_is_reported_at_the_rows_confidence():
    base, _ = pipes.lookup("atlassian/bitbucket-upload-file:0.3.2")
    known = pipes.PipeEntry(**{**base.__dict__, "access_token_since": "0.4.0",
                               "confidence": {"variables": "medium", "versions": "high"}})
    support = pipes.token_support(known, "0.3.2", ("BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"))
    assert support.move_to == "0.4.0" and support.confidence == Confidence.HIGH
    assert support.reason == "takes no access token before 0.4.0 (BITBUCKET_ACCESS_TOKEN; tokenlint's pipes table)"
    assert support.fix == ("move to 0.4.0 or later, then pass the token as BITBUCKET_ACCESS_TOKEN instead of "
                           "BITBUCKET_APP_PASSWORD, BITBUCKET_USERNAME")
    assert pipes.token_support(known, "0.4.0") is None
    unknown = pipes.PipeEntry(**{**base.__dict__, "observed": {}})
    assert pipes.token_support(unknown, "0.1.0") is None  # the table cannot date it: nothing is said


def test_a_toolkit_pipe_reading_only_the_app_password_pair_is_a_low_confidence_hint():
    entry, _ = pipes.lookup("atlassian/bitbucket-clear-cache:3.1.1")
    support = pipes.token_support(entry, "3.1.1", ("BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"))
    assert support.confidence == Confidence.LOW and support.move_to is None


@pytest.mark.parametrize("when,given,holds", [
    ("WAIT", {}, False), ("WAIT", {"WAIT": "true"}, True), ("WAIT", {"WAIT": "'false'"}, False),
    ("WAIT", {"WAIT": "${WAIT_FOR_IT}"}, True), ("GIT_PUSH != 'false'", {}, True),
    ("GIT_PUSH != 'false'", {"GIT_PUSH": "false"}, False), ("RUN_GIT_PUSH == 'true'", {}, False),
    ("RUN_GIT_PUSH == 'true'", {"RUN_GIT_PUSH": "true"}, True), ("something odd(", {}, True),
])
def test_operation_conditions(when, given, holds):
    assert pipes.holds(when, given) is holds


# --- what a pipe step yields ---------------------------------------------------------------------

def pipe_facts(text: str):
    facts, _ = usage.detect(Document("bitbucket-pipelines.yml", textwrap.dedent(text)))
    return [f for f in facts if f.fact == "api-call"]


def test_each_credential_of_a_known_pipe_is_a_call_at_its_variable_with_the_tables_operations():
    (app, token) = pipe_facts("""\
        pipelines:
          default:
            - step:
                script:
                  - pipe: atlassian/trigger-pipeline:5.10.1
                    variables:
                      BITBUCKET_USERNAME: $BB_USER
                      BITBUCKET_APP_PASSWORD: $BB_APP_PASSWORD
                      BITBUCKET_ACCESS_TOKEN: ${TRIGGER_TOKEN}
                      ACCOUNT: acme
                      REPOSITORY: deploy-infra
        """)
    assert (app.line, app.column, app.credential, app.credential_kind, app.auth, app.username) == (
        8, 15, "$BB_APP_PASSWORD", "app-password", "basic", "$BB_USER")
    assert (token.line, token.credential, token.credential_kind, token.auth, token.username) == (
        9, "$TRIGGER_TOKEN", "access-token", "bearer", None)
    assert token.pipe.line == 5 and token.pipe.version == "5.10.1" and token.pipe.variable == "BITBUCKET_ACCESS_TOKEN"
    assert [(c.method, c.template, c.workspace, c.repo) for c in token.pipe.calls] == [
        ("POST", "/repositories/{workspace}/{repo_slug}/pipelines", "acme", "deploy-infra")]  # no WAIT: no polling
    assert token.operation == "POST /repositories/{workspace}/{repo_slug}/pipelines"
    assert token.pipe_confidence == "medium"


def test_a_pipe_variable_holds_no_secret_value_in_the_fact(tmp_path):
    from tokengen import make

    secret = make("app-password", seed=7)
    (call,) = pipe_facts(f"""\
        pipelines:
          default:
            - step:
                script:
                  - pipe: atlassian/bitbucket-upload-file:0.3.2
                    variables:
                      BITBUCKET_USERNAME: bot
                      BITBUCKET_APP_PASSWORD: {secret}
        """)
    assert call.credential_literal and secret not in repr(call.pipe) and secret not in str(call.attributes())


def test_the_inventory_shows_what_the_pipe_calls(tmp_path):
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/bitbucket-upload-file:0.7.4\n"
        "            variables:\n              BITBUCKET_ACCESS_TOKEN: $UPLOAD_TOKEN\n              FILENAME: app.zip\n")
    result = CliRunner().invoke(main, ["scan", "--show-usage", str(tmp_path)])
    assert (f"{tmp_path}/bitbucket-pipelines.yml:7  pipe atlassian/bitbucket-upload-file:0.7.4: * POST "
            "/repositories/{workspace}/{repo_slug}/downloads  auth=bearer credential=$UPLOAD_TOKEN (access-token, by pipe variable) "
            "repo=${BITBUCKET_WORKSPACE}/${BITBUCKET_REPO_SLUG}") in result.stdout
    data = json.loads(CliRunner().invoke(main, ["scan", "--format", "json", str(tmp_path)]).stdout)
    (entry,) = data["usage"]
    assert entry["line"] == 7 and entry["operation"] == "POST /repositories/{workspace}/{repo_slug}/downloads"


# --- confidence: low rows are hints --------------------------------------------------------------

def _found(situation: Path, slug: str, floor: str | None) -> set[tuple[str, int, str]]:
    cfg_file = situation / ".tokenlint.yml"
    cfg = config.load(cfg_file) if cfg_file.exists() else config.Config()
    settings = api.load_settings([str(situation)], config=cfg, jobs=1, min_confidence=floor)
    settings.policies = [POLICIES[slug]]
    return {(Path(f.location.path).name, f.location.line, str(f.confidence)) for f in api.scan(settings).findings}


def test_low_confidence_pipe_calls_imply_findings_below_the_default_floor():
    situation = RULES / "scope-missing" / "low-confidence-pipe-calls-are-hints"
    assert _found(situation, "scope-missing", None) == set()
    assert _found(situation, "scope-missing", "low") == {("bitbucket-pipelines.yml", 7, "low")}


def test_medium_confidence_pipe_calls_stay_above_the_floor():
    situation = RULES / "scope-missing" / "pipe-needs-write-the-token-lacks"
    assert _found(situation, "scope-missing", None) == {("bitbucket-pipelines.yml", 9, "medium")}


def test_version_hints_are_low_confidence(tmp_path):
    situation = RULES / "pipe-cannot-take-token" / "pipe-older-than-the-first-token-version"
    copy = tmp_path / "s"
    copy.mkdir()
    (copy / "bitbucket-pipelines.yml").write_text((situation / "bitbucket-pipelines.yml").read_text())
    assert _found(copy, "pipe-cannot-take-token", None) == set()
    assert _found(copy, "pipe-cannot-take-token", "low") == {("bitbucket-pipelines.yml", 7, "low"),
                                                             ("bitbucket-pipelines.yml", 13, "low")}


def test_pipe_cannot_take_token_names_what_to_do(tmp_path):
    situation = RULES / "pipe-cannot-take-token" / "pipe-with-no-token-variable"
    (tmp_path / "bitbucket-pipelines.yml").write_text((situation / "bitbucket-pipelines.yml").read_text())
    settings = api.load_settings([str(tmp_path)], jobs=1)
    settings.policies = [POLICIES["pipe-cannot-take-token"]]
    messages = sorted((f.location.line, f.message, str(f.confidence)) for f in api.scan(settings).findings)
    assert messages == [
        (9, "pipe space48/bitbucket-pipe-pr-comment:1.0.0 is handed BITBUCKET_USERNAME, BITBUCKET_APP_PASSWORD but "
            "takes no token in any version tokenlint's pipes table knows (it reads only BITBUCKET_USERNAME, "
            "BITBUCKET_APP_PASSWORD): app passwords were removed on 2026-07-28: use a newer version that takes an "
            "access token, or make its calls yourself with one.", "medium"),
        (15, "pipe docker://loremfoobar/reportgenerator-coverage-bitbucket-pipe:2.1.0 is handed BITBUCKET_USERNAME, "
             "BITBUCKET_APP_PASSWORD but takes no token in any version tokenlint's pipes table knows (it reads only "
             "BITBUCKET_USERNAME, BITBUCKET_APP_PASSWORD): it also works through the Pipelines proxy with no "
             "credential: drop BITBUCKET_USERNAME, BITBUCKET_APP_PASSWORD.", "medium"),
    ]


def test_a_secret_in_another_pipe_variable_never_reaches_the_pipes_operations(tmp_path):
    """Non-credential pipe variables fill the table's paths (ACCOUNT, REPOSITORY): a secret of the
    document pasted into one is redacted there too, in the inventory and in suggest."""
    secret = "Xk39sLq0Pz7Wm2Nv8Rt5Yq"  # no token shape: only the document's own credential makes it known
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/bitbucket-upload-file:0.3.2\n"
        f"            variables:\n              BITBUCKET_USERNAME: bot\n              BITBUCKET_APP_PASSWORD: {secret}\n"
        f"              REPOSITORY: {secret}\n")
    for args in (["scan", "--format", "json", str(tmp_path)], ["suggest", "--format", "json", str(tmp_path)],
                 ["suggest", str(tmp_path)], ["scan", "--show-usage", str(tmp_path)]):
        out = CliRunner().invoke(main, args).stdout
        assert "bitbucket-pipelines.yml" in out and secret not in out and secret[:12] not in out, args
