"""The fleet's HTML report, loaded in a real browser: Debian's headless Chromium.

What renders is checked in the DOM Chromium leaves after the page's own script ran (tables,
rows, charts, the default sort the script applies), the console must stay silent (a blocked
script or style, a script error and a refused load all print there), and the network log must
show no request from the page. A screenshot is kept as a test artefact: in $TOKENLINT_TEST_ARTIFACTS
when set (.ci/run sets it, see README "Fleet reports"), else under pytest's tmp folder.

Chromium is a test dependency like git: when it is missing the test fails with the command that
installs it, never skips.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tokenlint.fleet import summary as fleet_summary
from tokenlint.reporters import fleet as fleet_report
from tokenlint.results import DOCS_URL

from test_fleet_summary import failed_record, fleet_records, make_repo, record_of  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
INSTALL = "apt-get install -y chromium"

# Nothing Chromium does may reach the network, page or not: every host name resolves to nothing,
# and the browser's own background traffic (updates, sync, accounts) is turned off where it can be.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(f"Debian's chromium is needed to test the HTML report: install it with `{INSTALL}` "
                    "(as root; .ci/run does it on a fresh machine)")
    return found


def run_chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(profile)})
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def console(stderr: str) -> list[str]:
    """What the page printed on its console (errors, refused loads, CSP violations)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def page_requests(net_log: Path) -> list[str]:
    """The URLs the page itself asked for (the browser's own requests have no file:// isolation key)."""
    log = json.loads(net_log.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"]
            if e["type"] == start and str(e.get("params", {}).get("network_isolation_key", "")).startswith("file://")]


class Dom(HTMLParser):
    """The parts of the dumped DOM the tests look at: attributes of every element, and per table
    the text of each body row's cells, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.rows: dict[str, list[list[str]]] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "table":
            self._table = attributes.get("id") or ""
            self.rows[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._table is not None:
            self.rows[self._table].append([])
        elif tag == "td" and self._in_body and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._table is not None:
            self.rows[self._table][-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.replace("_", "-")) == v
                                                               for k, v in attrs.items())]


def parse(text: str) -> Dom:
    dom = Dom()
    dom.feed(text)
    return dom


def artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TOKENLINT_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def report(fleet_records: list[dict[str, Any]], tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], Path]:
    """A small fleet as a team would have it: the shared fixture's repositories, the bundled
    examples (many rules at once), one repository left incomplete and one whose name is hostile."""
    release = make_repo(tmp_path / "repos" / "release-tools", {
        str(p.relative_to(ROOT / "examples")): p.read_text() for p in (ROOT / "examples").rglob("*") if p.is_file()})
    records = [*fleet_records, record_of("acme/release-tools", release, monkeypatch)]
    monkeypatch.chdir(tmp_path)
    partial = {**records[3], "repo": "acme/monorepo", "exit_code": 3,
               "problems": [{"path": "vendor/huge.json", "reason": "over --max-file-size (10MB)", "error": True}]}
    hostile = failed_record('acme/<script>alert("x")</script>', "fetch failed: <img src=x onerror=alert(1)>")
    records += [partial, hostile]
    summary = fleet_summary.finish(records, tmp_path / "out", "never")
    return summary, tmp_path / "out" / "report.html"


def test_report_renders_in_chromium(report: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    summary, page = report
    net_log = tmp_path / "net.json"
    done = run_chromium(page, tmp_path / "profile", f"--log-net-log={net_log}", "--dump-dom")
    dom = parse(done.stdout)

    assert console(done.stderr) == []  # no blocked script or style, no script error, no refused load
    assert page_requests(net_log) == []
    assert dom.having("html", data_js="ready"), "the page's script did not run"

    # every repository, sorted by the script on load: most findings first (ties keep name order)
    repo_rows = dom.rows["table-repos"]
    expected = sorted(summary["repos"], key=lambda r: -r["findings"])
    assert [row[0].split(" ")[0] for row in repo_rows] == [r["repo"] for r in expected]
    assert [int(row[2]) for row in repo_rows] == [r["findings"] for r in expected]
    assert [th.get("aria-sort") for th in dom.having("th") if th.get("aria-sort")] == ["descending"]
    assert expected[0]["repo"] == "acme/release-tools" and repo_rows[0][1] == "scanned"
    statuses = {row[0].split(" ")[0]: row[1] for row in repo_rows}
    assert statuses["acme/monorepo"] == "incomplete vendor/huge.json: over --max-file-size (10MB)"
    assert statuses['acme/<script>alert("x")</script>'] == "failed fetch failed: <img src=x onerror=alert(1)>"

    # the charts: one bar per severity, per rule shown (at most 12), per status
    rects = [a for tag, a in dom.elements if tag == "rect"]
    assert all(a.get("class") == "bar" for a in rects)
    assert len(rects) == 5 + min(12, len(summary["findings"]["by_rule"])) + 3
    assert [a.get("id") for a in dom.having("svg")] == ["chart-severity", "chart-rules", "chart-status"]

    # the tables a security team reads
    assert [row[0] for row in dom.rows["table-rules"]] == [r["rule"] for r in summary["findings"]["by_rule"]]
    assert ["acme/web", "bitbucket-pipelines.yml", "5", "BB_APP_PASSWORD",
            "POST /repositories/{workspace}/{repo_slug}/refs/tags",
            "repository access token on acme/web repository:write"] in dom.rows["table-migration"]
    shared = dom.rows["table-shared"]
    assert len(shared) == 1 and shared[0][1:3] == ["app-password", "2"]
    assert shared[0][3] == "acme/api: settings.env:1 acme/web: deploy/creds.env:2"
    assert [row[:5] for row in dom.rows["table-wider"]] == [
        ["acme/ops", "bitbucket-pipelines.yml", "5", "REPORT_TOKEN", "scope-beyond-use"]]

    # a hostile name is text, never markup: our one script and no other element came in
    assert len(dom.having("script")) == 1 and not dom.having("img")


def test_page_loads_nothing_and_allows_only_its_own_code(report: tuple[dict[str, Any], Path]) -> None:
    _, page = report
    text = page.read_text()
    dom = parse(text)
    csp = dom.having("meta", http_equiv="Content-Security-Policy")
    assert len(csp) == 1 and csp[0]["content"] == fleet_report.CSP
    assert str(csp[0]["content"]).startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe-inline" not in text
    assert [a for _, a in dom.elements if "src" in a] == []
    links = [str(a["href"]) for _, a in dom.elements if "href" in a]
    assert links and all(link.startswith(DOCS_URL) for link in links)
    assert re.findall(r"(?:src|href|url)\s*[=(]\s*[\"']?(?:https?:)?//", text.replace(f'href="{DOCS_URL}', "")) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The console and network checks above catch what they are there for: a page without our
    CSP that loads an image and logs an error shows both."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://example.invalid/x.png">'
                    "<script>console.error('boom')</script></body></html>")
    net_log = tmp_path / "net.json"
    done = run_chromium(page, tmp_path / "profile", f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == ["http://example.invalid/x.png"]
    assert [line.split("] ", 1)[1] for line in console(done.stderr)] == [f'"boom", source: {page.as_uri()} (1)']


def test_screenshot_is_kept(report: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    _, page = report
    shot = artefacts(tmp_path) / "fleet-report.png"
    shot.unlink(missing_ok=True)
    run_chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000",
                 "--hide-scrollbars")
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
