"""Rule-centred tests: tests/rules/<slug>/<situation>/ holds the files of one situation, and
every line a rule must flag has an expectation on the line above it, in that file's comment
syntax: `# expect: <slug>` (shell, YAML, Python, .env, netrc), `// expect: <slug>`
(Jenkinsfile, JavaScript), `<!-- expect: <slug> -->` (Markdown). Several rules: `expect: a, b`.

Each situation is copied to a temporary folder with its `TOKEN(kind)` fields filled in by
tokengen (no token-shaped string is committed), scanned as a folder with the rule ALONE (its
`.tokenlint.yml`, if any, supplies `tokens:`), and the exact set of (rule, path, line) found
must equal the expectations: never a count. A situation with several files is how the
cross-file rules (TL030, TL040-TL045) are exercised; a `bitbucket-says.yml` gives what the live
check (`--inspect-env`) would learn. The engine's own checks (TL090-TL092)
judge other rules' inline ignores, so they run with the whole catalogue and only their own
findings are compared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tokenlint import api, checks, config, declarations
from tokenlint.engine.policy import load_all

from tokengen import fill

RULES = Path(__file__).parent / "rules"
POLICIES = {p.slug: p for p in load_all()}
EXPECT = re.compile(r"^\s*(?:#|//|<!--)\s*expect:\s*(?P<rules>[a-z0-9][a-z0-9, -]*?)\s*(?:-->)?\s*$")

# In a situation, what Bitbucket says of its tokens (a list of `tokens:` entries), for the rules
# that compare declarations with the live check (declaration-disagrees).
BITBUCKET_SAYS = "bitbucket-says.yml"
SITUATIONS = sorted((slug.name, situation.name) for slug in RULES.iterdir() if slug.is_dir()
                    for situation in slug.iterdir() if situation.is_dir())


def expectations(root: Path) -> set[tuple[str, str, int]]:
    """(rule, path, line) for every `expect:` line: the line it names is the next one that is
    not itself an expectation."""
    out: set[tuple[str, str, int]] = set()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        pending: list[str] = []
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            match = EXPECT.match(line)
            if match:
                pending.extend(r.strip() for r in match["rules"].split(",") if r.strip())
                continue
            out.update((rule, file.relative_to(root).as_posix(), number) for rule in pending)
            pending = []
        assert not pending, f"{file}: `expect:` on the last line names no line"
    return out


def materialise(situation: Path, tmp: Path) -> Path:
    """The situation's files, TOKEN(kind) fields filled, in a fresh folder."""
    root = tmp / "repo"
    for src in situation.rglob("*"):
        if src.is_file():
            dst = root / src.relative_to(situation)
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(fill(src.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def found_by(slug: str, root: Path) -> set[tuple[str, str, int]]:
    policy = POLICIES[slug]
    own_config = root / ".tokenlint.yml"
    cfg = config.load(own_config) if own_config.exists() else config.Config()
    told = root / BITBUCKET_SAYS  # the live check's answer, put in place as `--inspect-env` does
    if told.exists():
        cfg.tokens = declarations.learn(cfg.tokens, declarations.parse(yaml.safe_load(told.read_text()), "Bitbucket"))
    running = [policy] if policy.check is None or checks.exists(policy.check) else list(POLICIES.values())
    settings = api.load_settings([str(root)], config=cfg, jobs=1)
    settings.policies = running
    result = api.scan(settings)
    assert not result.errors, result.errors
    prefix = root.as_posix() + "/"
    return {(f.rule, f.location.path.removeprefix(prefix), f.location.line) for f in result.findings if f.rule == slug}


def test_every_builtin_rule_has_a_folder_with_a_flagged_and_a_clean_situation():
    assert sorted(p.name for p in RULES.iterdir() if p.is_dir()) == sorted(POLICIES)
    for slug in POLICIES:
        flagged = [s for r, s in SITUATIONS if r == slug and expectations(RULES / slug / s)]
        clean = [s for r, s in SITUATIONS if r == slug and not expectations(RULES / slug / s)]
        assert flagged and clean, slug


@pytest.mark.parametrize("slug,situation", SITUATIONS, ids=[f"{r}/{s}" for r, s in SITUATIONS])
def test_rule_flags_exactly_the_expected_lines(slug: str, situation: str, tmp_path: Path):
    root = materialise(RULES / slug / situation, tmp_path)
    expected = expectations(root)
    assert {rule for rule, _, _ in expected} <= {slug}, "a situation states expectations for its own rule only"
    assert found_by(slug, root) == expected


def test_expectation_lines_are_read_exactly(tmp_path: Path):
    """The harness itself: the next non-expectation line, several rules, every comment syntax."""
    (tmp_path / "a.sh").write_text("one\n# expect: x\n  # expect: y, z\nflagged\n")
    (tmp_path / "Jenkinsfile").write_text("// expect: x\nflagged\n")
    (tmp_path / "b.md").write_text("text\n<!-- expect: x -->\nflagged\n# not: an expectation\n")
    assert expectations(tmp_path) == {("x", "a.sh", 4), ("y", "a.sh", 4), ("z", "a.sh", 4),
                                      ("x", "Jenkinsfile", 2), ("x", "b.md", 3)}
