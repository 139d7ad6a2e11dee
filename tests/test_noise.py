"""Fewer false alarms (issue 10): what is not live code, not a secret or not a call is not
reported as one, and what the analysis made up never reaches a message."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tokenlint import api, config
from tokenlint.parsers.values import shown

from test_rules import RULES, SITUATIONS, materialise

# Internal names of the front ends for unresolved parts, and a reference printed with two `$`.
MARKERS = re.compile(r"_SUBST_|_VALUE_|_BASE64_|\$\$\{|\$\{(?:value|expr|base64)\}")


def _scan(root: Path, *, min_confidence: str = "low") -> api.ScanResult:
    settings = api.load_settings([str(root)], config=config.Config(), jobs=1, min_confidence=min_confidence)
    return api.scan(settings)


@pytest.mark.parametrize("slug,situation", SITUATIONS, ids=[f"{r}/{s}" for r, s in SITUATIONS])
def test_no_message_or_inventory_entry_shows_an_internal_marker(slug: str, situation: str, tmp_path: Path):
    """Every rule over every situation of tests/rules, down to low confidence."""
    result = _scan(materialise(RULES / slug / situation, tmp_path))
    for finding in result.findings:
        assert not MARKERS.search(finding.message), finding.message
    for _, fact in result.inventory:
        for text in (fact.url, fact.credential or "", fact.username or "", fact.target):
            assert not MARKERS.search(text), text


def test_unresolved_parts_are_shown_as_the_user_wrote_them(tmp_path: Path):
    root = materialise(RULES / "unknown-endpoint" / "unresolved-parts-shown-as-written", tmp_path)
    result = _scan(root)
    shell = {(f.location.path.rsplit("/", 1)[-1], f.message.split(" matches")[0]) for f in result.findings
             if f.rule == "unknown-endpoint"}
    assert ("comment.sh", "POST https://api.bitbucket.org/2.0/repositories/$(…)/app/pullrequest/7/comments") in shell
    calls = {fact.credential for path, fact in result.inventory if path.endswith("comment.sh")}
    assert calls == {"$2"}


def test_shown_turns_markers_back_and_leaves_user_text_alone():
    assert shown("a/${_SUBST_}/b") == "a/$(…)/b"
    assert shown("$${1}") == "${1}"
    assert shown("x/${_VALUE_}") == "x/{…}"
    assert shown("${value}/${TOKEN}") == "${value}/${TOKEN}"  # a user's variable named `value` stays


# --- endpoints: unknown only when no operation can match ---------------------------------------

def test_a_part_that_may_hold_a_path_matches_any_number_of_segments():
    from tokenlint.endpoints import load

    table = load()
    is_open = lambda part: part in ("${PATH_PART}", "${1}")  # noqa: E731
    assert table.match("GET", "/2.0/${PATH_PART}") is None
    assert table.could_match("GET", "/2.0/${PATH_PART}", is_open)
    assert table.could_match("GET", "/2.0/repositories/${1}/pullrequests", is_open)
    assert not table.could_match("GET", "/2.0/repositoriez/${1}", is_open)  # no route starts so
    assert not table.could_match("GET", "/2.0/repositories/${WS}/app/pullrequest/7", is_open)


@pytest.mark.parametrize("url,meant,why", [
    ("https:/api.bitbucket.org/2.0/user", "https://api.bitbucket.org/2.0/user", "`https:/` should be `https://`"),
    ("https:/k/api.bitbucket.org/2.0/user", "https://api.bitbucket.org/2.0/user", "`k/` stands before the host"),
    ("https://api.bitbucket.org//2.0/user", "https://api.bitbucket.org/2.0/user", "empty segment"),
    ("http:/api.bitbucket.org/repositories/a/b?q=1", "http://api.bitbucket.org/2.0/repositories/a/b?q=1",
     "the API version is missing"),
])
def test_a_malformed_bitbucket_url_is_read_as_meant(url: str, meant: str, why: str):
    from tokenlint.detectors.malformed_urls import repair

    fixed, reason = repair(url)
    assert fixed == meant and why in reason


@pytest.mark.parametrize("url", [
    "https://api.bitbucket.org/2.0", "https://api.bitbucket.org/2.0/", "https://api.bitbucket.org/",
    "api.bitbucket.org/2.0/user", "https://u:p@api.bitbucket.org/2.0/user", "https://bitbucket.org/a/b.git",
    "https://example.com/x//y", "https://api.bitbucket.org/${VERSION}/user", "https://api.bitbucket.org/internal/x",
])
def test_a_well_formed_url_is_left_alone(url: str):
    from tokenlint.detectors.malformed_urls import repair

    assert repair(url) == (url, "")


# --- usage in comments: shown at low confidence at most, never failing a gate --------------------

def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_calls_in_comments_are_low_confidence_and_never_fail_the_run(tmp_path: Path):
    root = materialise(RULES / "account-password-in-use" / "calls-in-comments", tmp_path)
    quiet = _cli("scan", ".", cwd=root)
    assert quiet.returncode == 0, quiet.stdout
    shown_all = _cli("scan", ".", "--min-confidence", "low", "--format", "json", cwd=root)
    assert shown_all.returncode == 0, shown_all.stdout
    findings = json.loads(shown_all.stdout)["findings"]
    where = {(f["path"], f["line"]) for f in findings if f["rule"] == "account-password-in-use"}
    assert where == {("scripts/status.sh", 3), ("scripts/status.sh", 4), ("bitbucket-pipelines.yml", 5),
                     ("bitbucket-pipelines.yml", 8), ("lib/client.py", 11), ("web/client.js", 3),
                     ("web/client.js", 5), ("Jenkinsfile", 6), ("Jenkinsfile", 8), ("Dockerfile", 2),
                     ("Makefile", 2), ("Makefile", 3)}
    assert all(f["confidence"] == "low" and f["gates"] is False for f in findings)


def test_a_secret_in_a_comment_still_fails_the_run(tmp_path: Path):
    root = materialise(RULES / "app-password" / "token-in-a-commented-call", tmp_path)
    result = _cli("scan", ".", "--format", "json", cwd=root)
    assert result.returncode == 1
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "app-password"]
    assert finding["line"] == 4 and "gates" not in finding


def test_groovy_comments_skip_strings_that_hold_slashes():
    from tokenlint.parsers.regions import groovy_comments

    text = "sh 'curl https://x//y' // a comment\n/* block\n */ x = \"a//b\""
    spans = [text[s:e] for s, e in groovy_comments(text)]
    assert spans == ["// a comment", "/* block\n */"]


# --- placeholders and secret-manager references are not secrets ------------------------------------

@pytest.mark.parametrize("value", [
    "param:/prod/ci/bitbucket-token", "ssm:/ci/bb", "arn:aws:secretsmanager:eu-west-1:1:secret:ci/bb",
    "vault:secret/data/ci#token", "op://ci/bitbucket/token", "((bitbucket-password))", "{{ .Values.bb.token }}",
    "${{ secrets.BB_TOKEN }}", "$(cat /run/secrets/bb)", "$(vault read -field=password secret/bb)",
    "projects/acme/secrets/bb/versions/latest", "{password}",
])
def test_a_secret_manager_or_template_reference_is_a_reference(value: str):
    from tokenlint.detectors.values import is_reference

    assert is_reference(value)


@pytest.mark.parametrize("value,placeholder", [
    ("my-password", True), ("my_app_password", True), ("your-token", True), ("<token>", True), ("xxxx", True),
    ("bitbucket_app_password", True), ("Jd0eSecretPassw0rd", False), ("hunter22", False), ("x9Kq2mZp", False),
])
def test_placeholders_are_told_from_values(value: str, placeholder: bool):
    from tokenlint.detectors.values import is_placeholder, is_reference

    assert is_placeholder(value) is placeholder and not is_reference(value)


# --- base64: what an encoded value decodes to, reported on the encoded line, redacted in both forms --

def test_a_base64_token_is_reported_and_neither_form_is_printed(tmp_path: Path):
    import base64

    root = materialise(RULES / "api-token" / "base64-in-a-basic-header-and-an-env-file", tmp_path)
    encoded = (root / ".env").read_text().splitlines()[-1].partition("=")[2]
    decoded = base64.b64decode(encoded).decode()
    result = _cli("scan", ".", "--min-confidence", "low", "--show-usage", cwd=root)
    as_json = _cli("scan", ".", "--min-confidence", "low", "--format", "json", cwd=root)
    assert result.returncode == as_json.returncode == 1
    for out in (result.stdout, as_json.stdout):
        assert encoded not in out and decoded not in out and decoded.partition(":")[2] not in out
    rows = {(f["rule"], f["path"], f["line"]) for f in json.loads(as_json.stdout)["findings"]}
    assert ("api-token", ".env", 3) in rows and ("api-token", "whoami.sh", 3) in rows


def test_an_encoded_token_prefix_makes_a_file_worth_reading():
    from tokenlint.scanner import prefilter

    assert prefilter(b"data:\n  password: QVRCQxxxxxxxxxxxxxxxx\n", "secret.yaml") == (True, False)
    assert prefilter(b"data:\n  password: aGVsbG8gd29ybGQ=\n", "secret.yaml") == (False, False)


# --- documentation: code blocks read as the language they declare ----------------------------------

def test_markdown_fences_keep_their_language_and_lines():
    from tokenlint.parsers.docblocks import markdown

    text = "# t\n\n```bash\ncurl x\n```\n\n~~~ {.python title='a'}\nimport y\n~~~\n  ```\nplain\n  ```\n"
    assert [(b.language, b.text, b.line) for b in markdown(text)] == [
        ("bash", "curl x", 4), ("python", "import y", 8), ("", "plain", 11)]


def test_restructuredtext_directives_and_literal_blocks():
    from tokenlint.parsers.docblocks import restructuredtext

    text = ("T\n=\n\n.. code-block:: python\n   :linenos:\n\n   import x\n   x.y()\n\nShell::\n\n    curl z\n\n"
            "Prose::\n\n    just words\n")
    assert [(b.language, b.text, b.line) for b in restructuredtext(text)] == [
        ("python", "import x\nx.y()", 7), ("bash", "curl z", 12), ("", "just words", 16)]


def test_a_console_session_keeps_commands_and_line_numbers():
    from tokenlint.parsers.docblocks import console

    assert console("$ export A=1\n$ curl \\\n    x\noutput\n") == "export A=1\ncurl \\\n    x\n\n"


def test_documentation_snippets_never_fail_the_run(tmp_path: Path):
    root = materialise(RULES / "digest-auth" / "snippets-in-documentation", tmp_path)
    result = _cli("scan", ".", "--format", "json", cwd=root)
    assert result.returncode == 0
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["gates"] is False and f["confidence"] == "medium" for f in findings)
    assert all(f["message"].endswith("(in a documentation snippet)") for f in findings)


def test_a_fence_at_column_zero_keeps_the_indentation_of_its_code():
    from tokenlint.parsers.docblocks import markdown

    text = "```yaml\n- pipe: a/b:1\n  variables:\n    X: $Y\n```\n- item\n\n   ```py\n   if x:\n       y()\n   ```\n"
    assert [(b.language, b.text, b.line) for b in markdown(text)] == [
        ("yaml", "- pipe: a/b:1\n  variables:\n    X: $Y", 2), ("py", "if x:\n    y()", 9)]


def test_yaml_snippets_are_read_as_pipelines_when_they_hold_a_pipeline_key():
    from tokenlint.detectors.doc_snippets import yaml_kind
    from tokenlint.parsers.kinds import FileKind

    assert yaml_kind("- pipe: a/b:1\n  variables:\n    X: $Y") == FileKind.PIPELINE
    assert yaml_kind("- step:\n    script:\n      - make") == FileKind.PIPELINE
    assert yaml_kind("script:\n  - curl x") == FileKind.PIPELINE
    assert yaml_kind("jobs:\n  b:\n    steps:\n      - run: curl x") == FileKind.WORKFLOW
    assert yaml_kind("bitbucket:\n  pipe_name: x\n  password: $P") is None


def test_a_medium_rule_in_a_documentation_snippet_still_shows_by_default(tmp_path: Path):
    root = materialise(RULES / "app-password-in-use" / "pipe-step-in-a-readme-example", tmp_path)
    result = _cli("scan", ".", "--format", "json", cwd=root)
    assert result.returncode == 0
    findings = json.loads(result.stdout)["findings"]
    assert {(f["rule"], f["line"], f["confidence"], f["gates"]) for f in findings
            if f["rule"] in ("app-password-in-use", "pipe-cannot-take-token")} == {
        ("app-password-in-use", 10, "medium", False), ("pipe-cannot-take-token", 6, "medium", False),
        ("app-password-in-use", 27, "medium", False), ("pipe-cannot-take-token", 23, "medium", False)}


def test_info_strings_that_name_a_file_or_declare_no_language():
    from tokenlint.parsers.docblocks import guess, language_of

    assert [language_of(i) for i in ("yaml:ci.yml", "bitbucket-pipelines.yml", "deploy.sh", "{.bash}", "")] == [
        "yaml", "yaml", "bash", "bash", ""]
    assert guess("$ curl -u a:b https://x") == "bash" and guess("It used to be: run curl") == ""


def test_a_python_session_keeps_the_code_typed_and_its_lines():
    from tokenlint.parsers.docblocks import python_session

    assert python_session(">>> import x\n>>> for a in b:\n...     x.y(a)\n<out>\n") == \
        "import x\nfor a in b:\n    x.y(a)\n\n"
    assert python_session("import x\n") == "import x\n"
