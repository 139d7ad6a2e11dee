"""Rule pages: `tokenlint rules --format markdown` and the committed docs/rules/ it generates.

The committed pages must be what the policies generate today (a stale page fails, naming the
command that refreshes them), every built-in finding's help link must name one of them, and a
custom policy's words reach a page redacted and escaped like any other output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tokenlint.engine.policy import load_all
from tokenlint.reporters import rule_pages
from tokenlint.results import DOCS_URL

from tokengen import make

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "rules"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_committed_rule_pages_are_current(tmp_path: Path):
    proc = run("rules", "--format", "markdown", "--output", str(tmp_path / "rules"))
    assert proc.returncode == 0, proc.stderr
    fresh = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "rules").iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.iterdir()}
    stale = sorted(name for name in {*fresh, *committed} if fresh.get(name) != committed.get(name))
    assert stale == [], f"docs/rules is stale ({', '.join(stale)}): run `{rule_pages.COMMAND}` and commit the result"


def test_every_builtin_rule_links_a_committed_page():
    pages = {p.name for p in DOCS.iterdir()}
    for policy in load_all():
        uri = policy.info().help_uri
        assert uri is not None and uri.startswith(DOCS_URL), policy.code
        assert uri[len(DOCS_URL):] in pages, f"{policy.code}: {uri} names no page in docs/rules"
    assert pages == {rule_pages.filename(p) for p in load_all()} | {"README.md"}


def test_index_lists_every_rule_sorted_with_a_link_to_its_page():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [TL")]
    policies = sorted(load_all(), key=lambda p: p.code)
    assert [row.split(" | ")[0] for row in rows] == [f"| [{p.code}]({rule_pages.filename(p)})" for p in policies]
    assert rows[0] == ("| [TL001](TL001-app-password.md) | `app-password` | high | high | "
                       "Bitbucket app password (ATBB…) committed in source |")


def test_a_page_holds_the_docs_the_example_and_the_config_to_turn_it_off():
    page = (DOCS / "TL020-digest-auth.md").read_text(encoding="utf-8")
    assert page.splitlines()[1:4] == ["# TL020 digest-auth", "",
                                      "HTTP Digest authentication against Bitbucket, which has never supported it"]
    for heading in ("## What it finds", "## Why it matters", "## How to fix", "## Example", "## Configuration"):
        assert f"\n{heading}\n" in page
    assert "| Default severity | medium |" in page and "| Default confidence | high |" in page
    assert ('Flagged:\n\n```sh\ncurl --digest -u "$BB_USER:$BB_PASS" '
            "https://api.bitbucket.org/2.0/repositories/acme/app\n```\n") in page
    assert "```yaml\n# turn the rule off\ndisable: [digest-auth]\n" in page
    assert "severity: {digest-auth: low}\n" in page
    assert "## References" not in page  # the policy names none
    refs = (DOCS / "TL040-token-wider-than-repository.md").read_text(encoding="utf-8")
    assert "## References\n\n- <https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/>\n" in refs
    dockerfile = (DOCS / "TL035-secret-in-image.md").read_text(encoding="utf-8")
    assert "```dockerfile\nFROM alpine\n" in dockerfile


def test_generation_is_stable_and_holds_no_machine_detail(tmp_path: Path):
    first, second = rule_pages.pages(load_all()), rule_pages.pages(list(reversed(load_all())))
    assert first == second
    assert not any(str(ROOT) in text or str(Path.home()) in text for text in first.values())


def test_without_output_markdown_prints_one_page_or_the_index(tmp_path: Path):
    page = run("rules", "app-password", "--format", "markdown", cwd=tmp_path)
    assert page.returncode == 0 and page.stdout == (DOCS / "TL001-app-password.md").read_text(encoding="utf-8")
    index = run("rules", "--format", "markdown", cwd=tmp_path)
    assert index.returncode == 0 and index.stdout == (DOCS / "README.md").read_text(encoding="utf-8")
    text = run("rules", cwd=tmp_path)  # today's listing, unchanged
    assert text.stdout.splitlines()[0].split()[:3] == ["TL001", "app-password", "high"]


def test_output_needs_markdown_and_every_rule(tmp_path: Path):
    proc = run("rules", "--output", str(tmp_path / "d"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr == "tokenlint: error: --output writes Markdown pages: add --format markdown\n"
    proc = run("rules", "TL001", "--format", "markdown", "--output", str(tmp_path / "d"), cwd=tmp_path)
    assert proc.returncode == 2 and "leave out the rule name" in proc.stderr
    (tmp_path / "file").write_text("x")
    proc = run("rules", "--format", "markdown", "--output", str(tmp_path / "file"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("tokenlint: error:") and "Traceback" not in proc.stderr
    assert not (tmp_path / "d").exists()


def _custom_policy(folder: Path, token: str) -> None:
    folder.mkdir()
    (folder / "ACME001-internal-mirror.yml").write_text(f"""\
code: ACME001
slug: internal-mirror
summary: "Clone from the old mirror | use the new one"
severity: low
confidence: medium
when:
  fact: git-remote
  match: {{host: old-mirror.acme.example}}
message: clone from {{url}}
remediation: use the new mirror
docs:
  what: "Clones from the old mirror \\e[31m(red)\\e[0m, e.g. with {token}"
  why: "The mirror is retired."
  fix: "Point the remote at the new mirror."
  before: |
    git clone https://old-mirror.acme.example/app.git   # ```not a fence```
  after: |
    git clone https://mirror.acme.example/app.git
  references: [https://wiki.acme.example/mirrors]
examples:
  - {{path: a.sh, content: "git clone https://old-mirror.acme.example/app.git\\n", expect: [1]}}
  - {{path: b.sh, content: "git clone https://mirror.acme.example/app.git\\n", expect: []}}
""")


def test_custom_policies_get_pages_redacted_and_escaped(tmp_path: Path):
    token = make("api-token")
    _custom_policy(tmp_path / "acme", token)
    out = tmp_path / "out"
    proc = run("rules", "--policies", "acme", "--format", "markdown", "--output", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (out / "ACME001-internal-mirror.md").read_text(encoding="utf-8")
    assert token not in page and token[:6] in page  # the prefix stays, the secret goes
    assert "\x1b" not in page and "\\e[31m(red)\\e[0m" in page
    assert "````sh\ngit clone https://old-mirror.acme.example/app.git   # ```not a fence```\n````\n" in page
    assert "- <https://wiki.acme.example/mirrors>" in page
    index = (out / "README.md").read_text(encoding="utf-8")
    assert ("| [ACME001](ACME001-internal-mirror.md) | `internal-mirror` | low | medium | "
            "Clone from the old mirror \\| use the new one |") in index
    assert (out / "TL001-app-password.md").is_file()
    printed = run("rules", "ACME001", "--policies", "acme", "--format", "markdown", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout == page


def test_regenerating_removes_pages_of_vanished_rules_and_keeps_other_files(tmp_path: Path):
    out = tmp_path / "rules"
    out.mkdir()
    (out / "TL999-gone.md").write_text(f"{rule_pages.MARKER} from its policy `TL999-gone.yml` -->\n# TL999 gone\n")
    (out / "NOTES.md").write_text("# our own notes\n")
    proc = run("rules", "--format", "markdown", "--output", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.iterdir()}
    assert "TL999-gone.md" not in names and "NOTES.md" in names and "TL001-app-password.md" in names


def test_scanning_the_docs_from_the_repository_is_clean():
    proc = run("scan", "docs/")
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "0 finding(s)" in proc.stdout


def test_a_rule_with_a_fix_says_that_tokenlint_fix_rewrites_it():
    """A policy's `fix:` shows on its page and in `tokenlint rules RULE`, as one line; a rule with
    no fix says nothing of the kind."""
    policies = {p.slug: p for p in load_all()}
    line = ("`tokenlint fix` rewrites these findings where the code has a shape it can rewrite safely "
            "(rewrite: auth-header, pipe-variables, git-remote-credential); a finding it cannot rewrite stays, "
            "with the reason.")
    assert policies["app-password-in-use"].fix == ("auth-header", "pipe-variables", "git-remote-credential")
    assert f"\n{line}\n" in rule_pages.page(policies["app-password-in-use"])
    assert "  " + line + "\n" in run("rules", "app-password-in-use").stdout
    assert not policies["secret-in-logs"].fix
    assert "tokenlint fix" not in rule_pages.page(policies["secret-in-logs"])
    assert "tokenlint fix" not in run("rules", "secret-in-logs").stdout
