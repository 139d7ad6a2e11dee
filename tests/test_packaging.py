"""Honest packaging: every declared dependency is imported by tokenlint, the tree-sitter bounds
admit what is installed, and the licence pyproject names is in the repository."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from tokenlint.parsers.lowering import GRAMMARS as GRAMMARS_TABLE
from tokenlint.parsers.lowering import parser

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# distribution name -> the module it provides
MODULE = {"click": "click", "pyyaml": "yaml", "jsonschema": "jsonschema", "tree-sitter": "tree_sitter",
          "tree-sitter-bash": "tree_sitter_bash", "ahocorasick-rs": "ahocorasick_rs", "pathspec": "pathspec"}
# The grammars of the tree-sitter front ends are imported by name when a file of their language is
# read (tokenlint.parsers.lowering.GRAMMARS); each must load and parse.
GRAMMARS = {f"tree-sitter-{m.removeprefix('tree_sitter_').replace('_', '-')}": m for m, _ in GRAMMARS_TABLE.values()}
MODULE.update(GRAMMARS)


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower()


def test_every_declared_dependency_is_imported_somewhere_in_tokenlint():
    source = "\n".join(p.read_text() for p in (ROOT / "tokenlint").rglob("*.py"))
    declared = [_name(r) for r in PROJECT["dependencies"]]
    assert sorted(declared) == sorted(MODULE), "a dependency was added or removed: say what it is for in README"
    for dist in declared:
        module = MODULE[dist]
        if dist in GRAMMARS:
            continue  # test_every_grammar_loads_parses_and_is_read_by_a_front_end
        assert re.search(rf"^\s*(?:import {module}\b|from {module}\b)", source, re.M), f"{dist} is never imported"
    assert "gitpython" not in declared  # git runs through tokenlint/gitutil.py only (see README, Dependencies)


def test_every_grammar_loads_parses_and_is_read_by_a_front_end():
    front_ends = "\n".join(p.read_text() for p in (ROOT / "tokenlint" / "parsers").glob("lower_*.py"))
    for language in GRAMMARS_TABLE:
        assert parser(language).parse(b"x").root_node is not None, language
        assert f'"{language}"' in front_ends, f"no front end reads the {language} grammar: drop it"


def test_tree_sitter_bounds_admit_the_installed_versions():
    for dist in ("tree-sitter", "tree-sitter-bash"):
        (requirement,) = [r for r in PROJECT["dependencies"] if _name(r) == dist]
        low, high = re.fullmatch(rf"{dist}>=([\d.]+),<([\d.]+)", requirement).groups()
        installed = tuple(int(x) for x in version(dist).split(".")[:2])
        assert tuple(map(int, low.split("."))) <= installed < tuple(map(int, high.split("."))), (dist, version(dist))


def test_the_licence_file_matches_pyproject():
    assert PROJECT["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n\nCopyright (c) the tokenlint authors\n")
