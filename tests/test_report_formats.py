"""The report formats of issue 13 (SARIF, JUnit, GitHub annotations, Markdown): every one from the
same findings, checked the way its reader checks it (the official SARIF schema, a real XML
parser, the runner's command syntax, a Markdown table), with hostile file names. Real files,
real git, real scans; results built by hand only where a case (an unscannable file, a name
with control bytes) cannot be made on disk portably."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest

from tokenlint import api, reporters
from tokenlint.model import Confidence, Finding, Location, Problem, RelatedLocation, Severity
from tokenlint.reporters import github, junit, markdown, sarif
from tokenlint.results import RuleInfo, ScanResult

from tokengen import make

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "schemas" / "sarif-2.1.0.schema.json").read_text())


def render(fmt: str, result: ScanResult) -> str:
    buf = io.StringIO()
    reporters.get(fmt)(result, buf, False)
    return buf.getvalue()


def git(repo: Path, *args: str, author: str = "t") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME=author,
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


LEAK = "export BB_APP_PASSWORD={}\n"
DIGEST = "curl --digest -u me:$PW https://api.bitbucket.org/2.0/user\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two findings (an app password, a Digest call), scanned from inside it."""
    (tmp_path / "deploy.sh").write_text("#!/bin/sh\n" + LEAK.format(make("app-password", 3)))
    (tmp_path / "call.sh").write_text(DIGEST)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def scan(*paths: str, **kw: object) -> ScanResult:
    return api.scan(api.load_settings(list(paths) or ["."], use_baseline=False, **kw))  # type: ignore[arg-type]


def validate_sarif(text: str) -> dict:
    doc = json.loads(text)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    github_shape(doc)
    return doc


def github_shape(doc: dict) -> None:
    """What GitHub code scanning needs beyond the schema: one run, every result with a ruleId that
    the driver defines (ruleIndex pointing at it), security-severity a number as a string with
    the `security` tag, locations with a relative or file URI and a start line."""
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert isinstance(r["properties"]["security-severity"], str)
        assert 0.0 < float(r["properties"]["security-severity"]) <= 10.0
        assert "security" in r["properties"]["tags"] and len(r["properties"]["tags"]) <= 10
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["region"]["startLine"] >= 1
        assert_uri(loc["artifactLocation"]["uri"])
        assert res["partialFingerprints"]["tokenlint/v1"]


_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


def assert_uri(uri: str) -> None:
    """RFC 3986: only its characters, every % followed by two hex digits, no scheme unless file:."""
    assert _URI_CHARS.fullmatch(uri), uri
    assert not re.search(r"%(?![0-9A-F]{2})", uri), uri
    first = uri.split("/")[0]
    assert ":" not in first or uri.startswith("file:///"), uri


# --- SARIF ---------------------------------------------------------------------------------------


def test_sarif_of_a_scan_is_valid_and_describes_every_rule(tree: Path):
    result = scan()
    doc = validate_sarif(render("sarif", result))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in result.rules]  # every rule, not just those that fired
    tl001 = next(r for r in rules if r["id"] == "TL001")
    assert tl001["name"] == "app-password"
    assert tl001["shortDescription"]["text"] == api.rule("TL001").summary
    assert tl001["fullDescription"]["text"] == api.rule("TL001").docs["what"].strip()
    assert tl001["helpUri"].endswith("/docs/rules/TL001-app-password.md")
    assert tl001["defaultConfiguration"]["level"] == "error"
    assert tl001["properties"]["security-severity"] == "8.0"
    assert "Instead:" in tl001["help"]["markdown"] and "ATBBxxxx" not in tl001["help"]["markdown"]  # no `before`
    assert "Fix" in tl001["help"]["text"]
    got = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"], r["level"]) for r in run["results"]}
    assert got == {("TL001", "deploy.sh", 2, "error"), ("TL020", "call.sh", 1, "error")}
    app = next(r for r in run["results"] if r["ruleId"] == "TL001")
    assert app["properties"]["secret"]["redacted"].startswith("ATBB") and app["properties"]["secret"]["redacted"].endswith("…")
    assert app["partialFingerprints"]["secretHash/v1"] == app["properties"]["secret"]["fingerprint"]
    assert app["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_without_findings_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "clean.sh").write_text('curl -H "Authorization: Bearer $TOKEN" https://api.bitbucket.org/2.0/user\n')
    monkeypatch.chdir(tmp_path)
    doc = validate_sarif(render("sarif", scan()))
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_fingerprints_survive_a_line_shift(tree: Path):
    before = json.loads(render("sarif", scan()))["runs"][0]["results"]
    (tree / "deploy.sh").write_text("#!/bin/sh\n# a comment\n\n\n" + LEAK.format(make("app-password", 3)))
    after = json.loads(render("sarif", scan()))["runs"][0]["results"]

    def of(results: list) -> dict:
        return {r["partialFingerprints"]["tokenlint/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in results if r["ruleId"] == "TL001"}

    assert list(of(before)) == list(of(after))
    assert list(of(before).values()) == [2] and list(of(after).values()) == [5]


def test_sarif_levels_follow_the_gate(tree: Path):
    """error for what fails the gate (here --fail-on high: the app password), warning below it."""
    result = scan(fail_on="high")
    levels = {r["ruleId"]: r["level"] for r in json.loads(render("sarif", result))["runs"][0]["results"]}
    assert levels == {"TL001": "error", "TL020": "warning"}
    assert [result.fails(f) for f in sorted(result.findings, key=lambda f: f.code)] == [True, False]


def test_sarif_of_history_carries_the_commit_and_no_author(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "deploy.sh").write_text(LEAK.format(make("app-password", 4)))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "leak", author="Jane Leaker")
    (repo / "deploy.sh").write_text("export BB_APP_PASSWORD=$FROM_VAULT\n")
    git(repo, "commit", "-q", "-am", "fix")
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD~1"], capture_output=True, text=True,
                            check=True).stdout.strip()
    monkeypatch.chdir(repo)
    result = api.scan_history(repo, api.load_settings([str(repo)], use_baseline=False))
    text = render("sarif", result)
    doc = validate_sarif(text)
    (res,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "TL001"]
    assert res["properties"]["commit"] == commit and res["properties"]["inHead"] is False
    assert "Jane" not in text and "t@example.com" not in text


def test_sarif_of_the_ci_gate_is_valid(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "call.sh").write_text(DIGEST)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    _, result = api.ci_gate(repo, {}, base="HEAD~1", fetch=False)
    doc = validate_sarif(render("sarif", result))
    assert [(r["ruleId"], r["properties"].get("base") is not None) for r in doc["runs"][0]["results"]] \
        in ([("TL020", True)], [("TL020", False)])
    _, clean = api.ci_gate(repo, {}, base="HEAD", fetch=False)
    assert validate_sarif(render("sarif", clean))["runs"][0]["results"] == []


HOSTILE = {
    "with space.sh": "with%20space.sh",
    "dir/ünï.sh": "dir/%C3%BCn%C3%AF.sh",
    "bad\udcff\udcfename.sh": "bad%FF%FEname.sh",
    "a:b#c?d.sh": "a%3Ab%23c%3Fd.sh",
    "100%.sh": "100%25.sh",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_sarif_uris_are_percent_encoded_from_the_names_bytes(name: str):
    assert sarif.uri(name) == {"uri": HOSTILE[name], "uriBaseId": "%SRCROOT%"}
    assert_uri(HOSTILE[name])
    assert unquote_to_bytes(HOSTILE[name]) == name.encode("utf-8", "surrogateescape")
    assert sarif.uri("/abs/" + name)["uri"] == "file:///abs/" + HOSTILE[name]


def test_sarif_of_files_with_hostile_names_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "t"
    folder.mkdir()
    for i, raw in enumerate((b"with space.sh", "ünï.sh".encode(), b"bad\xff\xfename.sh", b"new\nline.sh")):
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(LEAK.format(make("app-password", 20 + i)).encode())
    monkeypatch.chdir(folder)
    doc = validate_sarif(render("sarif", scan()))
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"])
    assert uris == ["%C3%BCn%C3%AF.sh", "bad%FF%FEname.sh", "new%0Aline.sh", "with%20space.sh"]


def _finding(path: str, code: str = "TL001", rule: str = "app-password", severity: Severity = Severity.HIGH,
             line: int = 3, message: str = "leaked", **kw: object) -> Finding:
    return Finding(rule, code, severity, Confidence.HIGH, Location(path, line, 5), message, "rotate it", **kw)  # type: ignore[arg-type]


def _info(code: str = "TL001", slug: str = "app-password", severity: Severity = Severity.HIGH) -> RuleInfo:
    return RuleInfo(code, slug, f"summary of {slug}", severity, Confidence.HIGH,
                    {"what": "w", "why": "y", "fix": "f"}, f"https://example.org/{code}.md")


def test_sarif_problems_and_related_locations():
    f = _finding("a.sh", related=[RelatedLocation(Location("b.sh", 7), "used here")])
    result = ScanResult(findings=[f], problems=[Problem("gone.sh", "not found", True),
                                                Problem("x.png", "binary", False), Problem("y.png", "binary", False)],
                        notes=["a note"], rules=[_info()], fail_on=Severity.LOW)
    doc = validate_sarif(render("sarif", result))
    run = doc["runs"][0]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert [(n["level"], n["message"]["text"]) for n in inv["toolExecutionNotifications"]] == [
        ("error", "not scanned: not found"), ("note", "2 file(s) skipped: binary"), ("note", "a note")]
    assert inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.sh"
    (rel,) = run["results"][0]["relatedLocations"]
    assert (rel["id"], rel["message"]["text"], rel["physicalLocation"]["region"]["startLine"]) == (1, "used here", 7)


def test_sarif_describes_a_rule_the_result_does_not():
    """A result built without the API (no rules): the finding's rule is still defined, so ruleIndex holds."""
    doc = validate_sarif(render("sarif", ScanResult(findings=[_finding("a.sh", code="TL999", rule="custom")])))
    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["TL999"]


# --- JUnit ---------------------------------------------------------------------------------------


def cases(root: ET.Element) -> dict[tuple[str, str, str], str]:
    """(suite, classname, name) -> outcome of every test case."""
    out = {}
    for suite in root:
        for case in suite:
            kinds = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
            out[(suite.get("name"), case.get("classname"), case.get("name"))] = kinds[0] if kinds else "passed"
    return out


def check_counts(root: ET.Element) -> None:
    totals = dict.fromkeys(("tests", "failures", "errors"), 0)  # the root has no `skipped` (Jenkins' schema)
    for suite in root:
        got = cases(_wrap(suite))
        counted = {"tests": len(got), "failures": sum(v == "failure" for v in got.values()),
                   "errors": sum(v == "error" for v in got.values()), "skipped": sum(v == "skipped" for v in got.values())}
        assert {k: int(suite.get(k)) for k in counted} == counted, suite.get("name")
        for k in totals:
            totals[k] += counted[k]
    assert {k: int(root.get(k)) for k in totals} == totals
    assert root.get("skipped") is None


def _wrap(suite: ET.Element) -> ET.Element:
    root = ET.Element("testsuites")
    root.append(suite)
    return root


def test_junit_of_a_scan(tree: Path):
    result = scan(fail_on="high")
    root = ET.fromstring(render("junit", result))
    check_counts(root)
    got = cases(root)
    assert got[("TL001 app-password", "tokenlint.TL001-app-password", "deploy.sh")] == "failure"
    assert got[("TL020 digest-auth", "tokenlint.TL020-digest-auth", "call.sh")] == "passed"  # below --fail-on
    assert got[("TL003 access-token", "tokenlint.TL003-access-token", "no findings")] == "passed"
    assert len(root) == len(result.rules)
    failure = root.find(".//testcase[@name='deploy.sh']/failure")
    assert failure is not None and failure.get("type") == "high"
    assert failure.text.startswith("deploy.sh:2:") and "secret: app-password ATBB" in failure.text
    assert "fix: " in failure.text and "TL001-app-password.md" in failure.text
    out = root.find(".//testcase[@name='call.sh']/system-out")
    assert out is not None and out.text.startswith("call.sh:1:1: medium") and "does not fail the gate" in out.text


def test_junit_problems_and_hostile_names_stay_valid_xml():
    names = ["ctl\x01\x1b[31m.sh", "bad\udcffname.sh", "amp&<lt>\"q'.sh", "nl\n<testcase name='forged'/>.sh",
             "nonchar\ufffe.sh"]
    result = ScanResult(findings=[_finding(n, message=f"in {n}") for n in names],
                        problems=[Problem("gone\x02.sh", "no such file", True), Problem("i.png", "binary", False)],
                        rules=[_info()], fail_on=Severity.LOW)
    text = render("junit", result)
    root = ET.fromstring(text.encode("utf-8"))
    check_counts(root)
    got = cases(root)
    assert {n for (_, _, n), v in got.items() if v == "failure"} == {
        '"ctl\\x01\\e[31m.sh"', '"bad\\xffname.sh"', "amp&<lt>\"q'.sh", '"nl\\n<testcase name=\'forged\'/>.sh"',
        "nonchar\ufffd.sh"}
    assert got[("not scanned", "tokenlint.not-scanned", '"gone\\x02.sh"')] == "error"
    assert got[("not scanned", "tokenlint.skipped", "binary")] == "skipped"
    assert root.find(".//testcase[@name='forged']") is None


def test_junit_of_a_clean_scan_passes_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "a.txt").write_text("hello\n")
    monkeypatch.chdir(tmp_path)
    result = scan()
    root = ET.fromstring(render("junit", result))
    check_counts(root)
    assert set(cases(root).values()) == {"passed"} and root.get("tests") == str(len(result.rules))


# --- GitHub annotations --------------------------------------------------------------------------


def test_github_annotations_of_a_scan(tree: Path):
    lines = render("github", scan(fail_on="high")).splitlines()
    assert lines[0].startswith("::warning file=call.sh,line=1,col=1,title=TL020 digest-auth (medium)::curl ")
    assert lines[1].startswith("::error file=deploy.sh,line=2,col=")
    assert ",title=TL001 app-password (high)::Bitbucket app password ATBB" in lines[1]
    assert lines[2] == "tokenlint: failed, 1 finding(s) at or above high; 2 finding(s) (1 high, 1 medium) in 2 file(s)"
    assert len(lines) == 3


@pytest.mark.parametrize("name", ["x\n::add-mask::y.sh", "::stop-commands::z.sh", "a,b:c%0A.sh", "r\r::error::x"])
def test_github_annotations_cannot_be_injected_by_a_file_name(name: str):
    result = ScanResult(findings=[_finding(name, message=f"secret in {name}\n::set-output name=x::y")],
                        problems=[Problem(name, "unreadable\n::add-mask::z", True)], rules=[_info()])
    text = render("github", result)
    lines = text.split("\n")
    assert "\r" not in text
    assert [line.split(" ", 1)[0] for line in lines[:2]] == ["::error", "::error"]
    assert lines[2].startswith("tokenlint: incomplete") and lines[3:] == [""]
    props = lines[0].split("::")[1]
    assert props.count(",") == 3 and "file=" in props  # file, line, col, title: no extra property smuggled in
    file_prop = props.split(",")[0][len("error file="):]
    assert ":" not in file_prop and "," not in file_prop and "\n" not in file_prop


def test_github_property_and_data_escaping():
    assert github.prop("a%b:c,d\ne") == "a%25b%3Ac%2Cd\\ne"
    assert github.data("50% done: a,b") == "50%25 done: a,b"


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_summary_of_a_scan(tree: Path):
    text = render("markdown", scan(fail_on="high"))
    assert text.startswith("### :x: tokenlint: failed\n\n**2 finding(s)** (1 high, 1 medium), **1** failing the gate")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Severity | Rule | Location | Message |"
    assert rows[1].startswith("| medium | [TL020 digest-auth](https://") and "| `call.sh`:1 |" in rows[1]
    assert rows[2].startswith("| **high** | [TL001 app-password](") and "| `deploy.sh`:2 |" in rows[2]
    assert "<details>" not in text


def test_markdown_passed_and_incomplete_headlines():
    assert render("markdown", ScanResult(rules=[_info()])).startswith("### :white_check_mark: tokenlint: passed\n\nNo findings")
    text = render("markdown", ScanResult(problems=[Problem("a|b.sh", "no such file", True),
                                                   Problem("i.png", "binary", False)]))
    assert text.startswith("### :warning: tokenlint: incomplete")
    assert "- `a\\|b.sh`: no such file" in text and "Skipped: 1 binary." in text


def test_markdown_names_and_messages_cannot_inject_links_images_or_html():
    name = "x](https://evil.example)![img](https://evil.example/i.png)<img src=x onerror=alert(1)>|`code`.sh"
    result = ScanResult(findings=[_finding(name, message=f"see [here](https://evil.example) <script>x</script> in {name}")],
                        rules=[_info()])
    (row,) = [line for line in render("markdown", result).splitlines() if line.startswith("| **")]
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    assert len(cells) == 4  # every | of the name and the message is escaped
    location, message = cells[2].strip(), cells[3].strip()
    assert location.startswith("``x](") and location.endswith(".sh``:3")  # a code span: inert, backticks fenced
    assert "<" not in message and ">" not in message and "&lt;script&gt;" in message
    assert "\\[here\\]\\(https://evil.example\\)" in message and "!\\[" not in message.replace("\\!\\[", "")


def test_markdown_caps_the_table_under_githubs_comment_limit():
    findings = [_finding(f"dir/{'long-name-' * 20}{i}.sh", line=i + 1, message="m " * 600) for i in range(500)]
    text = render("markdown", ScanResult(findings=findings, rules=[_info()]))
    assert len(text) < 65_536
    rows = [line for line in text.splitlines() if line.startswith("| **high**")]
    assert 0 < len(rows) <= markdown.ROWS_AT_MOST
    assert f"… and {500 - len(rows)} more finding(s) not shown here" in text
    assert text.count("<details>") == 1 and "</details>" in text
    short = [_finding(f"f{i}.sh", line=i + 1) for i in range(150)]
    few = render("markdown", ScanResult(findings=short, rules=[_info()]))
    assert len([line for line in few.splitlines() if line.startswith("| **high**")]) == 100
    assert "… and 50 more finding(s)" in few


# --- every format from the CLI -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "markdown"])
def test_the_cli_writes_each_format(tree: Path, fmt: str):
    out = tree.parent / f"report.{fmt}"
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--format", fmt, "-o", str(out), "."],
                          cwd=tree, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "deploy.sh" in text and make("app-password", 3) not in text
    assert {"sarif": sarif, "junit": junit, "github": github, "markdown": markdown}[fmt].__name__ \
        == reporters.FORMATS[fmt]
