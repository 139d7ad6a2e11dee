"""The usage inventory, line for line, for every document kind the usage detectors read."""

from __future__ import annotations

import textwrap

import pytest

from tokenlint import api, config
from tokenlint.detectors import usage
from tokenlint.document import Document
from tokenlint.engine.policy import load_all
from tokenlint.scanner import scan_bytes


def calls(path: str, text: str) -> list[tuple]:
    facts, _ = usage.detect(Document(path, textwrap.dedent(text)))
    out = []
    for f in facts:
        if f.fact == "api-call":
            out.append((f.line, f.tool, f.method, f.template or f.url, f.auth, f.credential, f.target))
        elif f.fact == "git-remote":
            out.append((f.line, f.tool, f.credential, f.target, f.this_repo))
        elif f.fact == "log-exposure":
            out.append((f.line, "log", f.how, f.credential))
    return out


PIPELINE = """\
    image: atlassian/default-image:4
    definitions:
      steps:
        - step: &report
            name: Report
            oidc: true
            script:
              - export WS=acme
              - REPO=website
              - >-
                curl -X POST -H "Authorization: Bearer $REPO_TOKEN"
                "https://api.bitbucket.org/2.0/repositories/$WS/$REPO/pullrequests/$BITBUCKET_PR_ID/comments"
              - curl --proxy http://localhost:29418 -X PUT "http://api.bitbucket.org/2.0/repositories/$BITBUCKET_REPO_OWNER/$BITBUCKET_REPO_SLUG/commit/$BITBUCKET_COMMIT/reports/scan" -d @r.json
            after-script:
              - echo "done with $REPO_TOKEN"
    pipelines:
      pull-requests:
        '**':
          - step: *report
      custom:
        deploy:
          - step:
              deployment: production
              script:
                - pipe: atlassian/bitbucket-pipe-release:5.0.0
                  variables:
                    BITBUCKET_USERNAME: $BB_USER
                    BITBUCKET_APP_PASSWORD: $BB_APP_PASSWORD
                - git push https://x-token-auth:$RELEASE_TOKEN@bitbucket.org/$BITBUCKET_REPO_FULL_NAME.git
    """


def test_bitbucket_pipeline_with_anchors_pipes_and_after_script():
    assert sorted(calls("Bitbucket-Pipelines.YAML", PIPELINE)) == [
        (11, "curl", "POST", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments", "bearer",
         "$REPO_TOKEN", "acme/website"),
        (13, "curl", "PUT", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}", "none", None,
         "this repository"),
        (15, "log", "echo", "$REPO_TOKEN"),
        (25, "pipe atlassian/bitbucket-pipe-release:5.0.0", "", "https://api.bitbucket.org/2.0", "basic",
         "$BB_APP_PASSWORD", ""),
        (29, "git push", "$RELEASE_TOKEN", "this repository", True),
    ]


def test_pipelines_proxy_is_not_plain_http_and_public_calls_are_unauthenticated():
    policies = load_all()
    text = textwrap.dedent(PIPELINE).encode()
    rules = {(f.rule, f.location.line) for f in scan_bytes("bitbucket-pipelines.yml", text, policies).findings}
    assert rules == {("secret-in-logs", 15), ("app-password-in-use", 25), ("credential-in-git-remote", 29),
                     ("pipelines-push-with-token", 29)}


def test_github_actions_secrets_inlined_into_run():
    text = """\
    on: push
    jobs:
      mirror:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - name: mirror
            run: |
              git remote add bb "https://x-token-auth:${{ secrets.BB_MIRROR_TOKEN }}@bitbucket.org/acme/mirror.git"
              curl -sf -u "${{ secrets.BB_USER }}:${{ secrets.BB_APP_PASSWORD }}" https://api.bitbucket.org/2.0/user
    """
    assert calls(".github/workflows/mirror.yml", text) == [
        (9, "git remote", "$BB_MIRROR_TOKEN", "acme/mirror", False),
        (10, "curl", "GET", "/user", "basic", "$BB_APP_PASSWORD", ""),
        (9, "log", "template-expression", "secrets.BB_MIRROR_TOKEN"),
        (10, "log", "template-expression", "secrets.BB_USER"),
        (10, "log", "template-expression", "secrets.BB_APP_PASSWORD"),
    ]


def test_gitlab_ci_dockerfile_makefile():
    gitlab = """\
    deploy:
      script:
        - curl --digest -u "$BB_USER:$BB_PASS" https://api.bitbucket.org/2.0/repositories/acme/app
    """
    assert calls(".gitlab-ci.yml", gitlab) == [
        (3, "curl", "GET", "/repositories/{workspace}/{repo_slug}", "digest", "$BB_PASS", "acme/app")]
    docker = "FROM alpine\nRUN apk add git && \\\n    git clone https://x-token-auth:${TOKEN}@bitbucket.org/acme/lib.git\n"
    assert calls("Dockerfile", docker) == [(3, "git clone", "$TOKEN", "acme/lib", False)]
    make = "release:\n\t@curl -k -H 'Authorization: Bearer $(TOKEN)' https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n"
    assert [c[:5] for c in calls("Makefile", make)] == [(2, "curl", "GET", "/repositories/{workspace}/{repo_slug}/refs/tags", "bearer")]


def test_makefile_recipes_as_the_shell_receives_them():
    """make expands `$Q` (one letter) and `$(NAME)` before the shell runs; an expanded `@` is the
    silent prefix, not a command; a workspace's `?=` default is its value, a credential's `?=`
    default is a placeholder the command line replaces, so the variable's name stays; a variable
    the Makefile never sets comes from the environment; `$$` is the shell's own `$`."""
    make = (
        "Q ?= @\nWS ?= acme\nREPO := app\nLOGIN ?= $(WS):NONE\n\n"
        "upload:\n\t$Q curl --user $(LOGIN) -F files=@dist.tgz https://api.bitbucket.org/2.0/repositories/$(WS)/$(REPO)/downloads\n"
        "tag:\n\t$(Q)curl -X POST -H \"Authorization: Bearer $(BB_TOKEN)\" https://api.bitbucket.org/2.0/repositories/$(WS)/$(REPO)/refs/tags\n"
        "\techo $$BB_TOKEN\n"
    )
    assert calls("Makefile", make) == [
        (7, "curl", "POST", "/repositories/{workspace}/{repo_slug}/downloads", "basic", "$LOGIN", "acme/app"),
        (9, "curl", "POST", "/repositories/{workspace}/{repo_slug}/refs/tags", "bearer", "$BB_TOKEN", "acme/app"),
        (10, "log", "echo", "$BB_TOKEN"),
    ]


def test_shell_script_heredoc_continuation_and_defaults():
    script = """\
    #!/usr/bin/env bash
    API=${BB_API:-https://api.bitbucket.org/2.0}
    TARGET="$API/repositories/acme/app"
    curl -sS -X POST \\
      -H "Authorization: Bearer $BB_ACCESS_TOKEN" \\
      "$TARGET/pullrequests" --data @- <<EOF
    {"title": "release"}
    EOF
    # curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app
    """
    assert calls("release.sh", script) == [
        (4, "curl", "POST", "/repositories/{workspace}/{repo_slug}/pullrequests", "bearer", "$BB_ACCESS_TOKEN", "acme/app"),
        (9, "curl", "GET", "/repositories/{workspace}/{repo_slug}", "basic", "$BB_APP_PASSWORD", "acme/app"),
    ]
    facts, _ = usage.detect(Document("release.sh", textwrap.dedent(script)))
    assert [f.commented for f in facts if f.fact == "api-call"] == [False, True]


def test_jenkinsfile_sh_and_println():
    text = (
        "node {\n"
        "  withCredentials([string(credentialsId: 'bb', variable: 'BB_TOKEN')]) {\n"
        "    sh \"curl -H \\\"Authorization: Bearer ${BB_TOKEN}\\\" https://api.bitbucket.org/2.0/repositories/acme/app\"\n"
        "    sh '''\n"
        "      git push https://x-token-auth:$BB_TOKEN@bitbucket.org/acme/app.git\n"
        "    '''\n"
        "    println \"token: ${BB_TOKEN}\"\n"
        "  }\n}\n"
    )
    assert calls("Jenkinsfile", text) == [
        (3, "curl", "GET", "/repositories/{workspace}/{repo_slug}", "bearer", "$BB_TOKEN", "acme/app"),
        (5, "git push", "$BB_TOKEN", "acme/app", False),
        (7, "log", "println", "$BB_TOKEN"),
        (3, "log", "groovy-interpolation", "$BB_TOKEN"),
    ]


def test_git_config_file():
    text = '[remote "origin"]\n\turl = https://ci:Zq8vPm2Lk9Tr@bitbucket.org/acme/app.git\n[url "https://x-token-auth:${T}@bitbucket.org/"]\n\tinsteadOf = https://bitbucket.org/\n'
    assert calls("config", text) == [(2, "git config file", "[redacted, 8-15 chars]", "acme/app", False),
                                     (3, "git config file", "$T", "", False)]


def test_server_urls_and_docs_are_not_cloud_calls():
    assert calls("server.sh", "curl -u \"$U:$P\" https://bitbucket.example.com/rest/api/1.0/projects\n") == [
        (1, "curl", "GET", "https://bitbucket.example.com/rest/api/1.0/projects", "basic", "$P", "")]
    assert calls("README.md", "curl --digest https://api.bitbucket.org/2.0/user\n") == []


def test_bad_input_gives_notes_not_exceptions():
    facts, notes = usage.detect(Document("bitbucket-pipelines.yml", "pipelines: [unclosed\n  - bitbucket\n"))
    assert facts == [] and notes == ["bitbucket-pipelines.yml: not valid YAML (line 3): did not find expected ',' or ']'; pipeline not analysed"]
    bomb = "a: &a [bitbucket, bitbucket]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    facts, notes = usage.detect(Document("bitbucket-pipelines.yml", bomb))  # time budget: bench/budgets.py
    assert facts == [] and notes == []
    facts, notes = usage.detect(Document("broken.sh", "#!/bin/sh\nif then fi ((( curl https://api.bitbucket.org/2.0/user\n"))
    assert notes == []


def test_pipeline_credentials_flow_into_the_scripts_they_run(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "bitbucket-pipelines.yml").write_text(textwrap.dedent("""\
        pipelines:
          default:
            - step:
                script:
                  - export TOKEN=$RELEASE_TOKEN
                  - ./scripts/release.sh
        """))
    (tmp_path / "scripts" / "release.sh").write_text(
        '#!/bin/sh\ncurl -H "Authorization: Bearer $TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n')
    settings = api.Settings(paths=[str(tmp_path)], policies=load_all(), config=config.Config(), use_gitignore=False, jobs=1)
    result = api.scan(settings)
    (call,) = [f for _, f in result.usage if f.fact == "api-call"]
    assert call.credential == "$RELEASE_TOKEN"
    assert call.via == f"{tmp_path.as_posix()}/bitbucket-pipelines.yml:6"


def test_prefix_assignment_applies_to_its_command_only():
    from tokenlint.parsers.shell import analyze

    script = analyze("TOKEN=$RELEASE_TOKEN ./scripts/release.sh\necho $TOKEN\n")
    run, echo = script.commands
    assert run.env["TOKEN"].text == "${RELEASE_TOKEN}"
    assert "TOKEN" not in echo.env and echo.args[0].text == "${TOKEN}"


@pytest.mark.parametrize("padding", ["many-lines", "one-line"])
def test_padding_a_script_past_the_parse_limit_hides_no_command(padding: str):
    """Over the limit, a script is analysed in pieces of whole lines: the commands after the
    padding are still judged (before, they were not analysed at all), with a note."""
    from tokenlint.parsers.shell import MAX_SCRIPT

    from tokengen import make

    filler = ("echo " + "a" * 195 + "\n") * (MAX_SCRIPT // 200 + 1) if padding == "many-lines" else \
        "echo " + "a" * (MAX_SCRIPT + 10) + "\n"
    text = filler + 'curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/user\n' + \
        f'curl -u "me:{make("app-password", seed=31)}" https://api.bitbucket.org/2.0/user\n'
    result = scan_bytes("deploy.sh", text.encode(), load_all())
    line = filler.count("\n") + 1
    assert {(f.rule, f.location.line) for f in result.findings} == {
        ("app-password-in-use", line), ("app-password-in-use", line + 1), ("app-password", line + 1)}
    assert result.notes == [f"deploy.sh: shell of {len(text)} characters is over the {MAX_SCRIPT}-character parse "
                            "limit; it was analysed in pieces of whole lines (lines over 500000 characters, and "
                            "commands that span two pieces, were not)"]


def test_text_reporter_shows_the_inventory_only_when_asked():
    """`reporters.get("text", show_usage=True)` is the text report with the inventory first (what
    `scan --show-usage` prints); JSON ignores the flag, it always carries the inventory."""
    import io
    import json

    from tokenlint import reporters
    from tokenlint.facts import ApiCall, Auth, GitRemote
    from tokenlint.results import ScanResult

    call = ApiCall("curl", "GET", "https://api.bitbucket.org/2.0/user", line=3, auth=Auth.BEARER,
                   credential="$TOKEN", username="me")
    remote = GitRemote("git clone", "https://bitbucket.org/acme/app.git", line=5, workspace="acme", repo="app")
    result = ScanResult(usage=[("ci.sh", call), ("ci.sh", remote)], files_scanned=1)

    def text(show_usage: bool) -> list[str]:
        out = io.StringIO()
        reporters.get("text", show_usage=show_usage)(result, out, False)
        return out.getvalue().splitlines()

    assert text(True)[:4] == [
        "Bitbucket usage (2 calls and remotes)",
        "  ci.sh:3  curl: GET https://api.bitbucket.org/2.0/user  auth=bearer user=me credential=$TOKEN (none)",
        "  ci.sh:5  git clone: remote https://bitbucket.org/acme/app.git  auth=none repo=acme/app",
        "",
    ]
    assert text(False) == text(True)[4:] == ["0 finding(s) (no findings) in 1 file(s), 0 bytes scanned"]
    out = io.StringIO()
    reporters.get("json", show_usage=True)(result, out, False)
    assert [(u["path"], u["line"], u["kind"]) for u in json.loads(out.getvalue())["usage"]] == [
        ("ci.sh", 3, "api-call"), ("ci.sh", 5, "git-remote")]
