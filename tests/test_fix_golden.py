"""Golden files for `tokenlint fix`: tests/fixes/<rewrite>/<case>/ holds

- `before/`: the files as a user has them (`TOKEN(kind)` fields filled in by tokengen, so no
  token-shaped string is committed);
- `expected.diff`: what `tokenlint fix` prints (`fix --diff`), exactly, after the same filling and
  the shape redaction every output gets (so a leaked secret in the diff cannot match);
- `after/`: the files after `tokenlint fix --write`, exactly;
- `args` (optional): extra command-line arguments, one per line;
- `left` (optional): the `not fixed:` lines expected on stderr, exactly (default: none).

Each case is run in a fresh git repository, and then the four "never worse" checks run on the
written files: a re-scan has no finding of the fixed rules on the changed lines; each file still
parses as before (bash -n, YAML with the same structure, Python compile, JSON); a second
`fix` changes nothing; and no filled-in secret value appears in the diff or the files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tokenlint import redact
from tokenlint.engine.policy import load_all
from tokenlint.fixes.verify import changed_lines

from tokengen import fill

CASES_DIR = Path(__file__).parent / "fixes"
CASES = sorted(f"{rewrite.name}/{case.name}" for rewrite in CASES_DIR.iterdir() if rewrite.is_dir()
               for case in rewrite.iterdir() if case.is_dir())
FIXABLE = {p.slug for p in load_all() if p.fix}  # a changed line must be clean of every rule that has a fix


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


def _secrets(case: Path) -> list[str]:
    """The token values the case's `before/` files get (the same seed as `fill`)."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((case / "before").rglob("*")) if p.is_file())
    filled = fill(text)
    return [t for t in re.findall(r"(?:ATATT3|ATCTT3|ATBB|BBDC-)[A-Za-z0-9_\-=]{16,}", filled)]


def _materialise(case: Path, tmp: Path) -> Path:
    root = tmp / "repo"
    for src in sorted((case / "before").rglob("*")):
        if src.is_file():
            dst = root / src.relative_to(case / "before")
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(fill(src.read_text(encoding="utf-8")), encoding="utf-8")
            dst.chmod(src.stat().st_mode)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _args(case: Path) -> list[str]:
    file = case / "args"
    return [a for a in file.read_text(encoding="utf-8").splitlines() if a.strip()] if file.exists() else []


def _parses(path: Path, before: str, after: str) -> None:
    if path.suffix in (".yml", ".yaml"):
        def shape(node: object) -> object:
            if isinstance(node, dict):
                if "pipe" in node and isinstance(node.get("variables"), dict):  # values for the pipe, renamed
                    return {str(k): "pipe variables" if k == "variables" else shape(v) for k, v in node.items()}
                return {str(k): shape(v) for k, v in node.items()}
            if isinstance(node, list):
                return [shape(v) for v in node]
            return type(node).__name__
        assert shape(list(yaml.safe_load_all(before))) == shape(list(yaml.safe_load_all(after))), path
    elif path.suffix == ".py":
        compile(after, str(path), "exec")
    elif path.suffix == ".json":
        json.loads(after)
    elif path.suffix in (".sh", ".bash") or after.startswith("#!/bin/"):
        done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", CASES)
def test_fix_golden(name: str, tmp_path: Path) -> None:
    case = CASES_DIR / name
    root = _materialise(case, tmp_path)
    before = _files(root)
    args = _args(case)
    expected_left = (case / "left").read_text(encoding="utf-8") if (case / "left").exists() else ""
    secrets = _secrets(case)

    shown = _run("fix", *args, cwd=root)
    expected_diff = redact.text(fill((case / "expected.diff").read_text(encoding="utf-8")))
    assert shown.stdout == expected_diff, shown.stderr
    assert [ln for ln in shown.stderr.splitlines() if "not fixed:" in ln] == expected_left.splitlines()
    assert shown.returncode == (1 if shown.stdout or expected_left else 0), shown.stderr
    assert _files(root) == before, "fix --diff changed a file"
    if shown.stdout and redact.MASKED_MARK not in shown.stdout and "…" not in shown.stdout:
        # the diff is a patch that applies to the files it was made from (unless it hides a secret)
        applies = subprocess.run(["git", "apply", "--check", "-"], cwd=root, input=shown.stdout, text=True,
                                 capture_output=True, check=False)
        assert applies.returncode == 0, applies.stderr

    written = _run("fix", "--write", *args, cwd=root)
    assert written.returncode == (1 if expected_left else 0), written.stderr
    after = _files(root)
    expected_after = {k: fill(v) for k, v in _files(case / "after").items()} if (case / "after").exists() else before
    assert after == expected_after

    # never worse: nothing of the fixed rules on the changed lines, the files still parse, fix is
    # idempotent, and no secret value reached the diff or the files
    rescan = json.loads(_run("scan", "--format", "json", "--min-confidence", "low", ".", cwd=root).stdout)
    for path, text in after.items():
        changed = changed_lines(before[path], text)
        _parses(root / path, before[path], text)
        assert not [f for f in rescan["findings"] if f["path"] == path and f["line"] in changed
                    and f["rule"] in FIXABLE and (path, f["line"], f["code"]) not in _left_at(expected_left)], path
    again = _run("fix", *args, cwd=root)
    assert again.stdout == "", again.stdout
    for secret in secrets:
        assert secret not in shown.stdout + shown.stderr + written.stdout + written.stderr
        assert all(secret not in text for path, text in after.items() if path in _changed_files(before, after))


def _left_at(left: str) -> set[tuple[str, int, str]]:
    """(path, line, code) of each expected `not fixed:` line: those findings stay, by design."""
    out = set()
    for line in left.splitlines():
        match = re.match(r"tokenlint: not fixed: (?P<path>.+?):(?P<line>\d+): (?P<code>[A-Z]+\d+) ", line)
        assert match, line
        out.add((match["path"], int(match["line"]), match["code"]))
    return out


def _changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in after if before.get(p) != after[p]}


def test_every_case_has_its_files() -> None:
    assert CASES
    for name in CASES:
        case = CASES_DIR / name
        assert (case / "before").is_dir() and (case / "expected.diff").is_file(), name
