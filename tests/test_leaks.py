"""No output of tokenlint ever carries a secret: every command and format, run over a repository
full of credentials of every kind, in every place a credential hides.

A secret counts as leaked when any 16-character run of it (its well-known prefix included)
appears in stdout, stderr or a written file; a secret shorter than that must not appear whole. All secrets are generated at run
time, so this file holds none.
"""

from __future__ import annotations

import base64
import os
import random
import string
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint.cli import main

from tokengen import make

RUN = 16


def _random(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


@dataclass(frozen=True)
class Secrets:
    app: str
    api: str
    access: str
    datacenter: str
    query_access: str  # an access token only ever written in a query string
    path_access: str  # ... in a URL path
    fragment_access: str  # ... in a URL fragment
    invalid_api: str  # a token shape whose checksum fails (shown at low confidence)
    curl_password: str
    url_password: str
    basic_password: str
    netrc_password: str
    query_password: str
    assigned_password: str
    bearer_secret: str
    oauth_secret: str
    short_password: str

    @property
    def basic_header(self) -> str:
        return base64.b64encode(f"bob:{self.basic_password}".encode()).decode()

    def all(self) -> list[str]:
        return [*vars(self).values(), self.basic_header]


def _secrets() -> Secrets:
    rng = random.Random(8)
    return Secrets(
        app=make("app-password", 81), api=make("api-token", 82), access=make("access-token", 83),
        datacenter=make("datacenter-token", 84), query_access=make("access-token", 85),
        path_access=make("access-token", 86), fragment_access=make("access-token", 87),
        invalid_api=make("api-token", 88, valid=False),
        curl_password=_random(rng, 24), url_password=_random(rng, 22), basic_password=_random(rng, 26),
        netrc_password=_random(rng, 20), query_password=_random(rng, 21), assigned_password=_random(rng, 23),
        bearer_secret=_random(rng, 40), oauth_secret=_random(rng, 32), short_password=_random(rng, 9),
    )


def _files(s: Secrets) -> dict[str, str]:
    api = "https://api.bitbucket.org/2.0/repositories/acme/app"
    return {
        "ci.sh": (
            f'curl "{api}?access_token={s.query_access}"\n'
            f'curl -u "me@example.com:{s.curl_password}" "{api}/pullrequests"\n'
            f'curl -H "Authorization: Basic {s.basic_header}" "{api}/commits"\n'
            f'curl -H "Authorization: Bearer {s.bearer_secret}" "{api}/refs/tags"\n'
            f'curl "{api}/src?password={s.query_password}&pagelen=10"\n'
            f'curl "https://api.bitbucket.org/2.0/repositories/acme/{s.path_access}/issues"\n'
            f'curl "{api}/downloads#access_token={s.fragment_access}"\n'
            f'curl "https://api.bitbucket.org/1.0/repositories/acme/app?token={s.app}"\n'
            f'curl -u "key:{s.oauth_secret}" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials\n'
            f"git clone https://bob:{s.url_password}@bitbucket.org/acme/app.git\n"
            f"git push https://x-token-auth:{s.short_password}@bitbucket.org/acme/app.git\n"
            f"export BITBUCKET_PASSWORD='{s.assigned_password}'\n"
        ),
        "bitbucket-pipelines.yml": (
            "pipelines:\n  default:\n    - step:\n        script:\n"
            f"          - curl -H 'Authorization: Bearer {s.access}' {api}/pipelines/\n"
            f"          - export API_TOKEN={s.api}\n"
        ),
        "deploy.py": (
            "import requests\n"
            f'requests.get("{api}/refs", auth=("bob", "{s.app}"))\n'
            f'requests.get("{api}/hooks", headers={{"Authorization": "Bearer {s.datacenter}"}})\n'
        ),
        ".netrc": f"machine bitbucket.org login bob password {s.netrc_password}\n",
        "notes.txt": f"bitbucket placeholder {s.invalid_api}\n",
    }


def git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def fixture(tmp_path_factory) -> tuple[Path, Secrets]:
    """A repository: a clean first commit, a second that adds every secret, and the same files
    staged again under staged/ (not committed)."""
    s = _secrets()
    repo = tmp_path_factory.mktemp("leaks") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("nothing here\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    for name, text in _files(s).items():
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "secrets")
    (repo / "staged").mkdir()
    for name, text in _files(s).items():
        (repo / "staged" / name).write_text(text)
    git(repo, "add", "-A")
    return repo, s


def leaks(text: str, secrets: list[str]) -> list[str]:
    """The secrets of which some run of RUN characters (or the whole, if shorter) is in text."""
    out = []
    for secret in secrets:
        runs = [secret] if len(secret) <= RUN else [secret[i:i + RUN] for i in range(len(secret) - RUN + 1)]
        if any(run in text for run in runs):
            out.append(secret)
    return out


def invoke(cwd: Path, *args: str, env: dict[str, str] | None = None):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


COMMANDS = [
    ("scan", "."),
    ("scan", "--show-usage", "--min-confidence", "low", "."),
    ("scan", "--color", "always", "--show-usage", "."),
    ("scan", "--format", "json", "--min-confidence", "low", "."),
    ("scan", "--format", "json", "-o", "{out}", "."),
    ("scan", "--show-usage", "-o", "{out}", "."),
    ("scan", "--staged", "--all-lines", "--show-usage"),
    ("scan", "--staged", "--format", "json"),
    ("history", "--min-confidence", "low", "."),
    ("history", "--format", "json", "."),
    ("ci", "--base", "HEAD~1", "--no-fetch", "."),
    ("ci", "--base", "HEAD~1", "--no-fetch", "--format", "json", "."),
    ("suggest", "."),
    ("suggest", "--format", "json", "."),
    ("suggest", "--format", "json", "-o", "{out}", "."),
    ("baseline", "create", "-o", "{out}", "."),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_output_holds_a_secret(fixture, tmp_path: Path, args):
    repo, s = fixture
    out = tmp_path / "out"
    args = [a.replace("{out}", str(out)) for a in args]
    env = {"GIT_INDEX_FILE": str(repo / ".git" / "index")} if "--staged" in args else None
    result = invoke(repo, *args, env=env)
    written = out.read_text(encoding="utf-8") if out.exists() else ""
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert result.stdout or written  # the command did report something
    assert "ci.sh" in result.stdout + written or args[0] == "baseline"
    for where, text in (("stdout", result.stdout), ("stderr", result.stderr), ("file", written)):
        assert leaks(text, s.all()) == [], f"{where} of {' '.join(args)}:\n{text}"


def test_the_fixture_holds_every_secret_and_the_scan_sees_them(fixture):
    """The leak test means something only if the secrets are there and are found."""
    repo, s = fixture
    content = "".join((repo / name).read_text() for name in _files(s))
    assert leaks(content, s.all()) == [v for v in s.all() if v != s.basic_password]  # that one is base64
    result = invoke(repo, "scan", "--format", "json", "--min-confidence", "low", "ci.sh", ".netrc", "deploy.py")
    import json

    data = json.loads(result.stdout)
    kinds = {(f["path"], f["line"], f["rule"]) for f in data["findings"]}
    assert ("ci.sh", 1, "oauth-token-in-query") in kinds and ("ci.sh", 10, "credential-in-url") in kinds
    assert (".netrc", 1, "hardcoded-bitbucket-secret") in kinds or any(p == ".netrc" for p, _, _ in kinds)


BAD_CONFIGS = {
    "fingerprint": "tokens:\n  - {{fingerprint: '{api}', type: api-token}}\n",
    "variable": "tokens:\n  - {{variable: '{access}', type: repository-access-token}}\n",
    "resource": "tokens:\n  - {{variable: T, type: api-token, resource: '{pw}/x/y'}}\n",
    "scope": "tokens:\n  - {{variable: T, type: api-token, scopes: ['{pw}']}}\n",
    "expires": "tokens:\n  - {{variable: T, type: api-token, expires: '{pw}'}}\n",
    "disable": "disable: ['{pw}']\n",
    "severity": "severity: {{'{app}': low}}\n",
    "key": "'{pw}': 1\n",
    "fail-on": "fail-on: '{pw}'\n",
    "max-file-size": "max-file-size: '{pw}'\n",
    "baseline-list": "baseline: ['{pw}']\n",
    "yaml": "disable: [\n  '{pw}'\n  {api}: [\n",
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_config_errors_never_echo_a_secret(fixture, tmp_path: Path, name):
    _, s = fixture
    (tmp_path / ".tokenlint.yml").write_text(BAD_CONFIGS[name].format(api=s.api, access=s.access, app=s.app,
                                                                       pw=s.curl_password))
    (tmp_path / "a.txt").write_text("hello\n")
    result = invoke(tmp_path, "scan", ".")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("tokenlint: error: ") and result.stderr.count("\n") == 1
    assert leaks(result.stdout + result.stderr, s.all()) == [], result.stderr


def test_a_baseline_with_a_token_in_it_is_refused_without_echo(fixture, tmp_path: Path):
    _, s = fixture
    (tmp_path / "bl.json").write_text('{"version": 1, "entries": [{"rule": "x", "path": "a", "fingerprint": "' + s.api + '"}]}')
    (tmp_path / "a.txt").write_text("hello\n")
    result = invoke(tmp_path, "scan", "--baseline", "bl.json", ".")
    assert result.exit_code == 2
    assert leaks(result.stderr, s.all()) == [], result.stderr


@pytest.mark.parametrize("option,field", [("--max-file-size", "curl_password"), ("--fail-on", "app"),
                                          ("--min-confidence", "access")])
def test_a_command_line_value_is_not_echoed(fixture, tmp_path: Path, option, field):
    _, s = fixture
    result = invoke(tmp_path, "scan", option, getattr(s, field), ".")
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.stderr
    assert leaks(result.output + result.stderr, s.all()) == [], result.stderr
