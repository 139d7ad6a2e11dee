"""Knowing what a credential is: every call, remote and found secret is typed from all the
evidence (value shape, fixed usernames, names, comments, pipe variables, endpoint, email or
Bitbucket username), and the inventory and `tokenlint suggest` say which evidence decided."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint.cli import main
from tokenlint.detectors import evidence
from tokenlint.facts import CredentialKind, Evidence
from tokenlint.resources import schema
from tokenlint.scanner import scan_bytes

from tokengen import fill

SCRIPT = """\
#!/bin/sh
API_TOKEN="${API_TOKEN:-TOKEN(app-password)}"
curl -u "$BB_USER:$API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "x-token-auth:$BB_SECRET" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$ATLASSIAN_EMAIL:$BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$ATLASSIAN_EMAIL:$BB_PASS" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$BB_USER:$2" https://api.bitbucket.org/2.0/repositories/acme/app
# the Bitbucket app password of the deploy bot
curl -u "$BB_USER:$DEPLOY_CREDENTIAL" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "jdoe:Kq3ZrT8wLm2NvB5xYc7D" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$BB_USER:$BB_TOKEN_2" https://api.bitbucket.org/2.0/user
curl -u "$ATLASSIAN_EMAIL:$BB_TOKEN_3" https://api.bitbucket.org/2.0/user
"""

# line -> (credential_kind, what decided it)
EXPECTED = {
    3: ("app-password", "value shape"),  # the ${API_TOKEN:-ATBB…} default outranks the name
    4: ("access-token", "username x-token-auth"),
    5: ("api-token", "email username"),
    6: ("app-password", "variable name"),
    7: ("password", "email username"),  # an email with a password-named secret: the account password
    8: ("app-password", "comment in the same file"),  # $2 says nothing; the file's comments name one type
    10: ("app-password", "comment"),
    11: ("app-password", "legacy 20-character app password"),
    12: ("api-token", "endpoint"),  # a generic token sent as Basic where only API tokens work
    13: ("api-token", "endpoint"),
}


def _run(folder: Path, *args: str) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "deploy.sh").write_text(fill(SCRIPT))
    return tmp_path


def test_inventory_json_says_what_decided_each_credential_kind(folder: Path):
    code, out = _run(folder, "scan", "--format", "json", "--show-usage", "--min-confidence", "low", "deploy.sh")
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, schema("report"))
    got = {u["line"]: (u["credential_kind"], u["credential_evidence"]) for u in data["usage"]}
    assert got == EXPECTED


def test_inventory_text_says_what_decided(folder: Path):
    _, out = _run(folder, "scan", "--show-usage", "deploy.sh")
    assert "deploy.sh:3  curl: GET /repositories/{workspace}/{repo_slug}  auth=basic user=$BB_USER " \
           "credential=$API_TOKEN (app-password, by value shape) repo=acme/app" in out
    assert "credential=$BB_SECRET (access-token, by username x-token-auth)" in out
    assert "credential=$DEPLOY_CREDENTIAL (app-password, by comment)" in out


def test_suggest_names_the_evidence_that_decided(folder: Path):
    code, out = _run(folder, "suggest", "--format", "json", "deploy.sh")
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, schema("suggest"))
    current = {c["name"]: c["current"] for c in data["credentials"]}
    assert (current["API_TOKEN"]["type"], current["API_TOKEN"]["decided_by"],
            current["API_TOKEN"]["confidence"]) == ("app-password", "value shape", "high")
    assert (current["DEPLOY_CREDENTIAL"]["type"], current["DEPLOY_CREDENTIAL"]["decided_by"]) == \
        ("app-password", "comment")
    assert (current["BB_PASS"]["type"], current["BB_PASS"]["decided_by"]) == ("password", "email username")
    assert (current["BB_SECRET"]["type"], current["BB_SECRET"]["decided_by"]) == \
        ("access-or-oauth-token", "username x-token-auth")
    _, text = _run(folder, "suggest", "deploy.sh")
    assert "API_TOKEN\n  current:     app password (inferred, high confidence; decided by: value shape; evidence: its " \
           "value in deploy.sh has the app-password shape; named API_TOKEN)" in text


def test_pipe_variable_decides_over_a_generic_name(tmp_path: Path):
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n"
        "          - pipe: atlassian/bitbucket-upload-file:0.3.2\n            variables:\n"
        "              BITBUCKET_USERNAME: $BB_USER\n              BITBUCKET_APP_PASSWORD: $BB_SECRET\n")
    _, out = _run(tmp_path, "scan", "--format", "json", "--show-usage", "--min-confidence", "low")
    (call,) = json.loads(out)["usage"]
    assert (call["credential"], call["credential_kind"], call["credential_evidence"]) == \
        ("$BB_SECRET", "app-password", "pipe variable")


def test_a_token_is_named_after_what_it_is_assigned_to_and_typed_by_its_shape():
    text = fill('API_TOKEN="TOKEN(app-password)"\nsettings = {"bb_app_password": "TOKEN(access-token)"}\n'
                'curl -u "user:TOKEN(api-token)" https://api.bitbucket.org/2.0/user\n')
    result = scan_bytes("deploy/setup.sh", text.encode(), [], inventory=False)
    assert result.findings == []
    from tokenlint.detectors import credentials
    from tokenlint.document import Document

    found = credentials.detect(Document("deploy/setup.sh", text))
    assert [(c.line, c.name, c.kind, c.kind_evidence, c.mistyped) for c in found] == [
        (1, "API_TOKEN", "app-password", "value shape", True),
        (2, "bb_app_password", "access-token", "value shape", True),
        (3, None, "api-token", "value shape", False),  # `user:` in curl -u is no name
    ]
    assert found[0].type_conflict == ("API_TOKEN is named as an API token, but its value has the shape of an app "
                                      "password (evidence: value shape)")
    assert all(str(c.value) not in c.type_conflict for c in found)  # the conflict never says the value


@pytest.mark.parametrize("proposals,decided", [
    ([(CredentialKind.TOKEN, Evidence.GENERIC_NAME), (CredentialKind.APP_PASSWORD, Evidence.VALUE_SHAPE)],
     (CredentialKind.APP_PASSWORD, Evidence.VALUE_SHAPE)),
    ([(CredentialKind.API_TOKEN, Evidence.NAME), (CredentialKind.ACCESS_TOKEN, Evidence.TOKEN_AUTH_USER)],
     (CredentialKind.ACCESS_TOKEN, Evidence.TOKEN_AUTH_USER)),
    ([(CredentialKind.ACCESS_TOKEN, Evidence.NAME), (CredentialKind.API_TOKEN, Evidence.EMAIL_USERNAME)],
     (CredentialKind.ACCESS_TOKEN, Evidence.NAME)),
    ([(CredentialKind.PASSWORD, Evidence.GENERIC_NAME), (CredentialKind.APP_PASSWORD, Evidence.FILE_COMMENT)],
     (CredentialKind.APP_PASSWORD, Evidence.FILE_COMMENT)),
    ([], (CredentialKind.UNKNOWN, Evidence.NONE)),
])
def test_precedence_value_shape_then_fixed_usernames_then_names_then_use_then_generic(proposals, decided):
    assert evidence.decide(proposals) == decided
    ranks = [evidence.RANK[e] for e in (Evidence.VALUE_SHAPE, Evidence.TOKEN_AUTH_USER, Evidence.NAME,
                                        Evidence.NO_TOKEN_SHAPE, Evidence.ENDPOINT, Evidence.EMAIL_USERNAME,
                                        Evidence.BASIC_USERNAME, Evidence.GENERIC_NAME)]
    assert ranks == sorted(ranks, reverse=True)


def test_a_comment_naming_two_types_decides_nothing(tmp_path: Path):
    (tmp_path / "sync.sh").write_text(
        "#!/bin/sh\n# TODO: replace the app password with an access token\n"
        'curl -u "$BB_USER:$BB_CRED" https://api.bitbucket.org/2.0/repositories/acme/app\n')
    _, out = _run(tmp_path, "scan", "--format", "json", "--show-usage", "--min-confidence", "low")
    (call,) = json.loads(out)["usage"]
    assert (call["credential_kind"], call["credential_evidence"]) == ("password", "Basic with a username")


def test_prompt_placeholder_and_abbreviated_comment_say_what_a_password_variable_holds(tmp_path: Path):
    (tmp_path / "browse.py").write_text(
        "import requests\n"
        "password = input('Enter your app password: ')\n"
        "requests.get('https://api.bitbucket.org/2.0/repositories/acme', auth=('jdoe', password))\n"
        "token = '<your API token>'\n"
        "requests.get('https://api.bitbucket.org/2.0/repositories/acme', auth=('jdoe@example.com', token))\n")
    (tmp_path / "tag.sh").write_text(
        "#!/bin/sh\nread -r -s -p 'Bitbucket API token: ' PASS\n"
        'curl -u "$BB_USER:$PASS" https://api.bitbucket.org/2.0/repositories/acme/app\n'
        "# App-PW of the release bot\nBB_CRED=\"$1\"\n"
        'curl -u "$BB_USER:$BB_CRED" https://api.bitbucket.org/2.0/repositories/acme/app\n')
    _, out = _run(tmp_path, "scan", "--format", "json", "--show-usage", "--min-confidence", "low")
    got = {(u["path"], u["line"]): (u["credential_kind"], u["credential_evidence"]) for u in json.loads(out)["usage"]}
    assert got == {
        ("browse.py", 3): ("app-password", "prompt text"),
        ("browse.py", 5): ("api-token", "placeholder words"),
        ("tag.sh", 3): ("api-token", "prompt text"),  # the prompt outranks Basic with a username
        ("tag.sh", 6): ("app-password", "comment"),
    }


def test_a_prompt_naming_another_type_than_the_name_is_a_conflict(tmp_path: Path):
    (tmp_path / "tag.sh").write_text(
        "#!/bin/sh\nread -r -s -p 'Bitbucket app password: ' BB_API_TOKEN\n"
        'curl -u "$BB_USER:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app\n')
    _, out = _run(tmp_path, "scan", "--format", "json", "--show-usage", "--min-confidence", "low")
    data = json.loads(out)
    (call,) = data["usage"]
    assert (call["credential_kind"], call["credential_evidence"]) == ("app-password", "prompt text")  # what is typed in
    conflicts = [(f["line"], f["message"]) for f in data["findings"] if f["rule"] == "credential-named-as-another-type"]
    assert conflicts == [(3, "BB_API_TOKEN is named as an API token, but the prompt that reads it asks for an app "
                             "password (evidence: prompt text). Rename it after what it holds (or store what the name "
                             "says), so the next reader and `tokenlint suggest` are not misled.")]
