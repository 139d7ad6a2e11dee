"""`exclude:` and `--exclude` behave like a .gitignore anchored at their folder: the config
file's folder (whatever folder is scanned) or the current directory. Exact (rule, path, line)
for the tree walk (with and without git), the staged source and history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tokenlint import api
from tokenlint.errors import ConfigError
from tokenlint.excludes import Excludes
from tokenlint.sources import staged
from tokenlint.sources.history import scan_history

from test_staged import git, repo, token_line  # noqa: F401 (repo is a fixture)

DIGEST = 'curl --digest -u "$U:$P" https://api.bitbucket.org/2.0/user\n'
RULE = "digest-auth"

# Every file holds one finding on line 2 (line 1 names the file, so each blob is distinct).
FILES = [
    "top.sh", "lib/top.sh",                      # /top.sh: anchored at the config's folder
    "vendor/a.sh", "lib/vendor/b.sh",            # vendor/: a folder at any depth
    "gen.sh", "lib/gen.sh",                      # **/gen.sh: at the top too
    "docs/a.sh", "docs/sub/b.sh",                # docs/*.sh: * does not cross /
    "build/keep.sh", "build/other.sh",           # build/* then !build/keep.sh: re-included
    "out/keep.sh",                               # out/ then !out/keep.sh: inside an excluded folder, stays out
    "lib/only.sh",                               # /lib/only.sh: anchored, whatever folder is scanned
    "plain.sh",
]
CONFIG = """exclude:
  - /top.sh
  - vendor/
  - "**/gen.sh"
  - docs/*.sh
  - build/*
  - "!build/keep.sh"
  - out/
  - "!out/keep.sh"
  - /lib/only.sh
"""
KEPT_FROM_TOP = {"lib/top.sh", "docs/sub/b.sh", "build/keep.sh", "plain.sh"}


def populate(root: Path, config: str | None = CONFIG, config_at: str = ".tokenlint.yml") -> None:
    for rel in FILES:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {rel}\n{DIGEST}")
    if config is not None:
        (root / config_at).parent.mkdir(parents=True, exist_ok=True)
        (root / config_at).write_text(config)


def found(result: api.ScanResult) -> set[tuple[str, str, int]]:
    return {(f.rule, f.location.path, f.location.line) for f in result.findings}


def expect(paths) -> set[tuple[str, str, int]]:
    return {(RULE, p, 2) for p in paths}


def scan(paths: list[str], **kwargs) -> api.ScanResult:
    return api.scan(api.load_settings(paths, jobs=1, **kwargs))


@pytest.fixture(params=["walk", "git"])
def tree(request, tmp_path: Path, monkeypatch) -> Path:
    """The same files in a plain folder (walked) and in a git work tree (listed by git)."""
    root = tmp_path / "t"
    root.mkdir()
    populate(root)
    if request.param == "git":
        git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


# --- the tree walk -------------------------------------------------------------------------------

def test_gitignore_semantics_over_the_tree(tree):
    assert found(scan(["."])) == expect(KEPT_FROM_TOP)


def test_config_patterns_are_relative_to_the_config_folder_whatever_is_scanned(tree, monkeypatch):
    """Scanning lib/ (from the top, or from inside it) still reads `/lib/only.sh` and `/top.sh`
    from the config's folder: lib/only.sh is hidden, lib/top.sh is not."""
    assert found(scan(["lib"])) == expect({"lib/top.sh"})
    monkeypatch.chdir(tree / "lib")
    assert found(scan(["."])) == expect({"top.sh"})


def test_a_scanned_folder_inside_an_excluded_folder_is_excluded_whole(tree):
    """`vendor/` hides vendor/ even when vendor/ itself is the folder named."""
    assert found(scan(["vendor"])) == set()
    assert found(scan(["out"])) == set()  # out/keep.sh: no re-include inside an excluded folder


def test_config_in_a_subfolder_anchors_there(tmp_path: Path, monkeypatch):
    root = tmp_path / "t"
    root.mkdir()
    populate(root, config="exclude: [/top.sh, /gen.sh]\n", config_at="lib/.tokenlint.yml")
    monkeypatch.chdir(root)
    every = set(FILES)
    assert found(scan(["."], config_path="lib/.tokenlint.yml")) == expect(every - {"lib/top.sh", "lib/gen.sh"})


def test_command_line_patterns_are_relative_to_the_current_directory(tree, monkeypatch):
    (tree / ".tokenlint.yml").unlink()
    assert found(scan(["."], exclude=["/top.sh", "*.sh", "!plain.sh"])) == expect({"plain.sh"})
    monkeypatch.chdir(tree / "lib")
    # from lib/: /top.sh is lib/top.sh, even when the top folder is scanned; the top's top.sh stays
    result = found(scan([".."], exclude=["/top.sh", "/only.sh"]))
    assert result == expect({f"../{p}" for p in FILES} - {"../lib/top.sh", "../lib/only.sh"})


def test_settings_built_by_hand_take_the_config_patterns(tree):
    """`Settings` made without `excludes` (or with None, as embedders passed before it was typed)
    exclude what the config says; given patterns replace them."""
    from tokenlint import config
    from tokenlint.engine.policy import load_all

    cfg = config.load(tree / ".tokenlint.yml")
    for excludes in ({}, {"excludes": None}):
        settings = api.Settings(paths=["."], policies=load_all(), config=cfg, jobs=1, **excludes)
        assert found(api.scan(settings)) == expect(KEPT_FROM_TOP)
    only_vendor = Excludes.build(["vendor/"], tree)
    settings = api.Settings(paths=["."], policies=load_all(), config=cfg, jobs=1, excludes=only_vendor)
    assert found(api.scan(settings)) == expect(set(FILES) - {"vendor/a.sh", "lib/vendor/b.sh"})


def test_config_and_command_line_patterns_add_up(tree):
    assert found(scan(["."], exclude=["plain.sh"])) == expect(KEPT_FROM_TOP - {"plain.sh"})


def test_exclude_option_on_the_command_line(tree):
    out = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--format", "json", "--exclude", "lib/",
                          "--exclude", "/plain.sh", "."], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    rows = {(f["rule"], f["path"], f["line"]) for f in json.loads(out.stdout)["findings"]}
    assert rows == expect({"docs/sub/b.sh", "build/keep.sh"})


def test_a_bad_pattern_is_one_line_and_exit_2(tmp_path: Path):
    with pytest.raises(ConfigError) as caught:
        Excludes.build(cli_patterns=["ok/", "x\\"], cwd="/")
    assert str(caught.value) == ("--exclude: exclude pattern #2 is not a .gitignore pattern "
                                 "(a lone '!' or a trailing backslash is not one)")
    (tmp_path / ".tokenlint.yml").write_text("exclude: ['!']\n")  # the `tokenlint scan` of a repository with this config
    out = subprocess.run([sys.executable, "-m", "tokenlint", "scan", str(tmp_path)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [f"tokenlint: error: {tmp_path / '.tokenlint.yml'}: exclude pattern #1 is not a "
                                       ".gitignore pattern (a lone '!' or a trailing backslash is not one)"]


# --- staged ----------------------------------------------------------------------------------------

def test_staged_files_follow_the_same_patterns(repo):
    populate(repo)
    git(repo, "add", "-A")
    result = staged.scan(api.load_settings(["."]), [], environ={})
    assert found(result) == expect(KEPT_FROM_TOP)


def test_staged_config_in_a_subfolder_anchors_there(repo, monkeypatch):
    populate(repo, config="exclude: [/top.sh]\n", config_at="lib/.tokenlint.yml")
    git(repo, "add", "-A")
    monkeypatch.chdir(repo / "lib")
    result = staged.scan(api.load_settings(["."]), [], environ={})
    outside = {"../" + p for p in FILES if not p.startswith("lib/")}  # shown from lib/; the patterns do not reach them
    inside = {p.removeprefix("lib/") for p in FILES if p.startswith("lib/")} - {"top.sh"}
    assert found(result) == expect(outside | inside)


# --- history ---------------------------------------------------------------------------------------

def test_history_follows_the_same_patterns(repo):
    populate(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "c")
    result = scan_history(repo, api.load_settings([str(repo)]))
    assert found(result) == expect(KEPT_FROM_TOP)


def test_history_with_a_config_in_a_subfolder(repo):
    """`--config lib/.tokenlint.yml`: its `/top.sh` is lib/top.sh, not the top's."""
    populate(repo, config="exclude: [/top.sh, vendor/]\n", config_at="lib/.tokenlint.yml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "c")
    result = scan_history(repo, api.load_settings([str(repo)], config_path=str(repo / "lib/.tokenlint.yml")))
    assert found(result) == expect(set(FILES) - {"lib/top.sh", "lib/vendor/b.sh"})


def test_history_command_line_exclude(repo):
    populate(repo, config=None)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "c")
    result = scan_history(repo, api.load_settings([str(repo)], exclude=["lib/", "**/*.sh", "!plain.sh"]))
    assert found(result) == expect({"plain.sh"})


def test_force_exclude_applies_the_excludes_to_named_files(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tokenlint.yml").write_text("exclude: [/fixtures/, '*.gen.sh']\n")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "a.sh").write_text(token_line(21))
    (tmp_path / "b.gen.sh").write_text(token_line(22))
    (tmp_path / "c.sh").write_text(token_line(23))
    named = ["fixtures/a.sh", "b.gen.sh", "c.sh"]
    plain = api.scan(api.load_settings(named))
    assert sorted(f.location.path for f in plain.findings) == sorted(named)
    forced = api.load_settings(named)
    forced.force_exclude = True
    result = api.scan(forced)
    assert [(f.location.path, f.location.line) for f in result.findings] == [("c.sh", 1)]
    assert sorted((p.path, p.reason, p.error) for p in result.problems) == [
        ("b.gen.sh", "excluded by the config or --exclude", False),
        ("fixtures/a.sh", "excluded by the config or --exclude", False)]
