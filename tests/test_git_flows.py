"""Git credential flows (issue 10): however a script hands git its credential — a named remote,
an insteadOf rewrite, an extra header, a credential helper, a `.git-credentials` entry, or a
helper script that receives it — `suggest` asks for write access where a push happens and read
otherwise, and the remote facts say how the credential got there and where it was put."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint import api
from tokenlint.cli import main
from tokenlint.facts import GitRemote
from tokenlint.resources import schema
from tokenlint.scanner import scan_bytes

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def remotes(text: str, path: str = "ci.sh") -> list[tuple]:
    result = scan_bytes(path, text.encode(), [])
    return [(f.line, f.tool, f.credential, f.username, f.target, str(f.through), f.placed, f.used)
            for f in result.usage if isinstance(f, GitRemote)]


def suggest(folder: Path, fmt: str = "json"):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["suggest", "--format", fmt])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    if fmt != "json":
        return result.stdout
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema("suggest"))
    return data


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_named_remote_stored_with_a_token_is_the_push_made_with_it():
    assert remotes(
        "#!/bin/sh\n"
        'URL="https://x-token-auth:$TOKEN@bitbucket.org/acme/app.git"\n'
        'git remote add mirror "$URL"\n'
        "git push mirror --all\n"
        "git fetch mirror\n") == [
        (3, "git remote", "$TOKEN", "x-token-auth", "acme/app", "url", None, True),
        (4, "git push", "$TOKEN", "x-token-auth", "acme/app", "remote", "3", False),
        (5, "git fetch", "$TOKEN", "x-token-auth", "acme/app", "remote", "3", False),
    ]


def test_a_token_url_to_an_unresolved_repository_is_bitbucket_by_its_username():
    # speareducation/bitbucket-sync: `https://x-token-auth:$ACCESS_TOKEN@$INPUT_REPOSITORY`
    assert remotes('git remote add new "https://x-token-auth:$ACCESS_TOKEN@$INPUT_REPOSITORY"\n'
                   'git push -f new "$BRANCH"\n') == [
        (1, "git remote", "$ACCESS_TOKEN", "x-token-auth", "", "url", None, True),
        (2, "git push", "$ACCESS_TOKEN", "x-token-auth", "", "remote", "1", False),
    ]
    assert remotes('git remote add new "https://someone:$PASSWORD@$INPUT_REPOSITORY"\n') == []


def test_insteadof_rewrites_with_and_without_a_trailing_slash_and_push_only():
    assert remotes(
        'git config --global url."https://x-token-auth:${T}@bitbucket.org".insteadOf "https://bitbucket.org"\n'
        "git clone https://bitbucket.org/acme/app.git\n"
        'git config --global url."https://x-token-auth:${P}@bitbucket.org/".pushInsteadOf "git@bitbucket.org:"\n'
        "git fetch git@bitbucket.org:acme/app.git\n"
        "git push git@bitbucket.org:acme/app.git\n") == [
        (1, "git config", "$T", "x-token-auth", "", "url", None, True),
        (2, "git clone", "$T", "x-token-auth", "acme/app", "insteadof", "1", False),
        (3, "git config", "$P", "x-token-auth", "", "url", None, True),
        (4, "git fetch", None, "git", "acme/app", "url", None, False),  # ssh: pushInsteadOf rewrites pushes only
        (5, "git push", "$P", "x-token-auth", "acme/app", "insteadof", "3", False),
    ]


def test_extra_headers_on_the_command_line_and_in_config():
    assert remotes(
        'git -c http.extraheader="AUTHORIZATION: bearer $BB_TOKEN" clone https://bitbucket.org/acme/app.git\n'
        'git config http.https://bitbucket.org/acme/.extraHeader "Authorization: Bearer $OTHER"\n'
        "git push https://bitbucket.org/acme/app.git\n"
        "git push https://bitbucket.org/else/app.git\n") == [
        (1, "git clone", "$BB_TOKEN", None, "acme/app", "extraheader", None, False),
        (2, "git config", "$OTHER", None, "acme", "extraheader", None, True),
        (3, "git push", "$OTHER", None, "acme/app", "extraheader", "2", False),
        (4, "git push", None, None, "else/app", "url", None, False),  # the header is for acme/ only
    ]


def test_credential_helpers_and_a_credential_store_written_by_the_script():
    assert remotes(
        "git config --global credential.helper '!f() { echo username=x-token-auth; echo \"password=$HT\"; }; f'\n"
        "git push https://bitbucket.org/acme/one.git\n"
        "git config --global credential.helper ''\n"
        'echo "https://bob:$BB_APP_PASSWORD@bitbucket.org" > ~/.git-credentials\n'
        "git config --global credential.helper store\n"
        "git pull https://bitbucket.org/acme/two.git\n") == [
        (2, "git push", "$HT", "x-token-auth", "acme/one", "helper", "1", False),
        (4, "git credential store", "$BB_APP_PASSWORD", "bob", "", "store", None, True),
        (6, "git pull", "$BB_APP_PASSWORD", "bob", "acme/two", "store", "4", False),
    ]


def test_an_undefined_remote_takes_a_bitbucket_only_credential_and_is_this_repository_in_pipelines():
    pipeline = ("pipelines:\n  default:\n    - step:\n        script:\n"
                "          - git config credential.https://bitbucket.org.helper '!f() { echo password=$T; }; f'\n"
                "          - git push origin main\n")
    assert remotes(pipeline, "bitbucket-pipelines.yml") == [
        (5, "git config", "$T", None, "", "helper", None, True),
        (6, "git push", "$T", None, "this repository", "helper", "5", False)]
    # in a script, origin is whatever the clone says: the use is there, its repository read later (suggest)
    assert remotes("git config --global credential.helper '!f() { echo password=$T; }; f'\ngit push\n") == []
    assert remotes("git config --global credential.helper '!f() { echo username=x-token-auth; "
                   "echo password=$T; }; f'\ngit push\n") == [
        (2, "git push", "$T", "x-token-auth", "", "helper", "1", False)]


PUSH_PATHS = {
    "named-remote": ('git remote add bb "https://x-token-auth:$BB_TOKEN@bitbucket.org/acme/app.git"\n'
                     "git push bb main\n"),
    "insteadof": ('git config --global url."https://x-token-auth:$BB_TOKEN@bitbucket.org/".insteadOf '
                  '"https://bitbucket.org/"\ngit push https://bitbucket.org/acme/app.git main\n'),
    "extraheader": ('git -c http.extraHeader="Authorization: Bearer $BB_TOKEN" '
                    "push https://bitbucket.org/acme/app.git main\n"),
    "helper": ("git config --global credential.helper '!f() { echo username=x-token-auth; "
               "echo password=$BB_TOKEN; }; f'\ngit push https://bitbucket.org/acme/app.git main\n"),
    "store": ('echo "https://x-token-auth:$BB_TOKEN@bitbucket.org" >> $HOME/.git-credentials\n'
              "git config --global credential.helper store\ngit push https://bitbucket.org/acme/app.git main\n"),
}


@pytest.mark.parametrize("path", sorted(PUSH_PATHS))
@pytest.mark.parametrize("verb,scope,granular", [("push", "repository:write", "write:repository:bitbucket"),
                                                  ("fetch", "repository", "read:repository:bitbucket")])
def test_suggest_asks_for_write_wherever_a_push_happens(tmp_path: Path, path: str, verb: str, scope: str,
                                                        granular: str):
    script = "#!/bin/sh\n" + PUSH_PATHS[path].replace(" push ", f" {verb} ")
    data = suggest(write(tmp_path, {"ci.sh": script}))
    (cred,) = data["credentials"]
    line = script.count("\n")
    assert cred["name"] == "BB_TOKEN"
    assert cred["recommended"]["type"] == "repository-access-token"
    assert cred["recommended"]["resource"] == "acme/app"
    assert cred["recommended"]["scopes"] == [scope]
    assert [(c["path"], c["line"], c["method"], c["endpoint"], c["needs"]) for c in cred["calls"]] == [
        ("ci.sh", line, f"git {verb}", "bitbucket.org/acme/app.git", [scope])]
    assert granular in cred["recommended"]["granular_scopes"]


def test_suggest_follows_a_helper_script_that_receives_the_credential(tmp_path: Path):
    folder = write(tmp_path, {
        "bitbucket-pipelines.yml": ("pipelines:\n  default:\n    - step:\n        script:\n"
                                    '          - bash scripts/push.sh "$MIRROR_TOKEN" acme/mirror\n'),
        "scripts/push.sh": ('#!/bin/sh\ngit config --global credential.helper "!f() { echo username=x-token-auth; '
                            'echo password=$1; }; f"\ngit push "https://bitbucket.org/$2.git" --mirror\n'),
    })
    assert suggest(folder, fmt="text") == (
        "MIRROR_TOKEN\n"
        "  current:     access token or OAuth token (inferred, medium confidence; decided by: username x-token-auth; evidence: git username x-token-auth)\n"
        "  recommended: repository access token on acme/mirror  (every call touches this one repository)\n"
        "  scopes:      repository:write\n"
        "  granular:    write:repository:bitbucket  (for an API token instead)\n"
        "  calls behind each scope:\n"
        "    repository:write\n"
        "      scripts/push.sh:3  git push bitbucket.org/acme/mirror.git\n"
        "\n1 credential\n")


def test_a_wrapper_script_finding_names_its_caller(tmp_path: Path):
    folder = write(tmp_path, {
        "bitbucket-pipelines.yml": ("pipelines:\n  default:\n    - step:\n        script:\n"
                                    '          - ./bb.sh "$BB_USER" "$BB_APP_PASSWORD" POST /repositories/acme/app/refs/tags\n'),
        "bb.sh": '#!/bin/sh\ncurl -X "$3" -u "$1:$2" "https://api.bitbucket.org/2.0$4" -d @tag.json\n',
    })
    settings = api.load_settings([str(folder)], jobs=1)
    settings.policies = [p for p in settings.policies if p.slug == "app-password-in-use"]
    (finding,) = api.scan(settings).findings
    assert (finding.location.path.rsplit("/", 1)[-1], finding.location.line) == ("bb.sh", 2)
    assert "$BB_APP_PASSWORD" in finding.message
    assert [(r.location.path.rsplit("/", 1)[-1], r.location.line, r.message) for r in finding.related] == [
        ("bitbucket-pipelines.yml", 5, "called from here")]


def test_suggest_reads_an_undefined_remote_from_the_scanned_repository(tmp_path: Path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=GIT_ENV)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "upstream", "https://bitbucket.org/acme/lib.git"],
                   check=True, env=GIT_ENV)
    write(tmp_path, {"release.sh": "#!/bin/sh\ngit config credential.helper '!f() { echo username=x-token-auth; "
                                   "echo password=$LIB_TOKEN; }; f'\ngit push upstream --tags\n"})
    (cred,) = suggest(tmp_path)["credentials"]
    assert cred["recommended"]["resource"] == "acme/lib"
    assert [(c["line"], c["method"], c["endpoint"], c["needs"]) for c in cred["calls"]] == [
        (3, "git push", "bitbucket.org/acme/lib.git", ["repository:write"])]
