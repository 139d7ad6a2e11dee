"""No report format leaks a secret (issue 13, "Done when").

A repository full of credentials of every kind tests/tokengen.py makes (in URLs, headers, netrc,
JSON, YAML, Python, in file names, in a commit's author and message) is scanned once as a tree
and once as a history; each result is written in EVERY format of `reporters.FORMATS` (so a
format added later is covered without touching this file) the way the CLI writes `-o` files.
Then no 16-character run of any secret may occur in any output, and the real `tokenlint scan`
over the folder of outputs must find nothing, even at the lowest confidence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tokenlint import api, reporters
from tokenlint.reporters.output import emit
from tokenlint.resources import schema

from test_leaks import Secrets, _files, _secrets, leaks
from tokengen import make


def git(repo: Path, *args: str, author: str = "t") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME=author,
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def extra_files(s: Secrets) -> dict[str, str]:
    """Beyond test_leaks' files: tokens in file names and in JSON."""
    return {
        f"leak-{s.app}.sh": f"export BB_APP_PASSWORD={s.app}\n",
        f"keys/{s.api}.env": f"BITBUCKET_API_TOKEN={s.api}\n",
        f"{s.datacenter.replace('/', '_')}.txt": "named after a token\n",
        "settings.json": json.dumps({"bitbucket": {"token": s.access, "url": f"https://x-token-auth:{s.access}"
                                                   "@bitbucket.org/acme/app.git"}}) + "\n",
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    s = _secrets()
    author_token = make("access-token", 91)
    message_token = make("app-password", 92)
    secrets = [*s.all(), author_token, message_token]
    repo = tmp_path_factory.mktemp("report-leaks") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name, text in {**_files(s), **extra_files(s)}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"add credentials {message_token}", author=f"Dev {author_token}")
    out = tmp_path_factory.mktemp("report-leaks-out")
    old = Path.cwd()
    os.chdir(repo)
    try:
        results = {
            "scan": api.scan(api.load_settings(["."], use_baseline=False, min_confidence="low")),
            "history": api.scan_history(".", api.load_settings(["."], use_baseline=False, min_confidence="low")),
        }
    finally:
        os.chdir(old)
    for kind, result in results.items():
        assert result.findings, kind
        assert any(s.app in (repo / f.location.path).name or "leak-ATBB" in f.location.path
                   for f in result.findings), "a finding sits in a file named after a token"
        for name in reporters.FORMATS:
            emit(reporters.get(name), result, str(out / f"{kind}-{name}.report"), "never")
    return out, secrets


def test_every_format_was_written(outputs: tuple[Path, list[str]]):
    out, _ = outputs
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{kind}-{name}.report" for kind in ("scan", "history")
                                                           for name in reporters.FORMATS)
    assert {"text", "json", "sarif", "junit", "github", "markdown"} <= set(reporters.FORMATS)


@pytest.mark.parametrize("name", list(reporters.FORMATS))
def test_no_format_holds_a_secret(outputs: tuple[Path, list[str]], name: str):
    out, secrets = outputs
    for kind in ("scan", "history"):
        text = (out / f"{kind}-{name}.report").read_text(encoding="utf-8")
        assert "leak-ATBB" in text or "leak-ATBB" in text.replace("%2D", "-"), f"{kind} {name} names the file"
        assert leaks(text, secrets) == [], f"{kind} in {name}"


def test_json_reports_match_their_schema(outputs: tuple[Path, list[str]]):
    out, _ = outputs
    for kind in ("scan", "history"):
        jsonschema.validate(json.loads((out / f"{kind}-json.report").read_text(encoding="utf-8")), schema("report"))


def _scan(folder: Path, *extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--format", "json", "--no-inline-ignores", *extra,
                           str(folder)], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    report: dict = json.loads(proc.stdout)
    assert report["summary"]["files_scanned"] == 2 * len(reporters.FORMATS)
    return report


def test_tokenlint_finds_nothing_in_its_own_reports(outputs: tuple[Path, list[str]]):
    """The real CLI over the reports, ignores off (a rule's docs quote an ignore comment): nothing.
    At the lowest confidence only the rule docs' placeholders show (`curl -u user:…` in SARIF's
    rule descriptions), each a value of at most 7 characters, no secret of the fixture (all longer)."""
    out, _ = outputs
    assert _scan(out)["findings"] == []
    low = _scan(out, "--min-confidence", "low")["findings"]
    assert all(f["confidence"] == "low" and "[redacted, 1-7 chars]" in f["message"] and f["path"].endswith("sarif.report")
               for f in low), low
