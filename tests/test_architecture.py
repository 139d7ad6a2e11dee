"""The layer picture holds: import-linter's contracts (pyproject.toml) pass, a back-edge fails
them, no module imports itself through a cycle, and the CLI reaches only the API, the
reporters and the errors. import-linter and grimp read function-level imports too."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Cycles owned by the detector-registry slice of issue 9 (`Value` moves into parsers/, `Use`
# out of recommend); drop each line when its cycle is gone.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()
# Where this slice keeps function-level imports only for start-up speed, each saying so.
COMMENTED_LAZY_IMPORTS = ["api.py", "cli.py", "ci.py", "gateconfig.py", "engine", "sources", "reporters", "checks"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_import_contracts_hold():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_a_function_level_back_edge_breaks_the_layers(tmp_path):
    shutil.copytree(ROOT / "tokenlint", tmp_path / "tokenlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "tokenlint" / "sources" / "tree.py", "a", encoding="utf-8") as fh:
        fh.write("\n\ndef _back_edge():\n    from tokenlint import api  # a source calling the API back\n\n    return api\n")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert "tokenlint.sources.tree -> tokenlint.api" in run.stdout
    assert "Imports point down" in run.stdout and "BROKEN" in run.stdout


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("tokenlint", include_external_packages=False, cache_dir=None)


def _cycles(graph: grimp.ImportGraph, skip: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if (m, i) not in skip)
             for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_modules():
    # A package's __init__ importing its own modules (or they it) is not a cycle between layers.
    graph = _graph()
    packages = {m for m in graph.modules if graph.find_children(m)}
    own = {(a, b) for a in graph.modules for b in graph.find_modules_directly_imported_by(a)
           if (a in packages and b.startswith(a + ".")) or (b in packages and a.startswith(b + "."))}
    assert _cycles(graph, KNOWN_CYCLE_EDGES | own) == []


def test_the_cycle_finder_sees_the_cycles_this_issue_broke():
    graph = _graph()
    graph.add_import(importer="tokenlint.engine.rule", imported="tokenlint.engine.policy")
    assert any({"tokenlint.engine.policy", "tokenlint.engine.rule"} <= set(c) for c in _cycles(graph, KNOWN_CYCLE_EDGES))


def test_cli_imports_only_api_reporters_and_errors():
    """...and the layers that sit between the CLI and the API: tokenlint.fleet and tokenlint.fixes."""
    imported = _graph().find_modules_directly_imported_by("tokenlint.cli")
    allowed = {"tokenlint", "tokenlint.api", "tokenlint.errors", "tokenlint.reporters"}
    # and the layers above the API: tokenlint.fleet (many scans) and tokenlint.fixes (`tokenlint fix`)
    layers = ("tokenlint.reporters.", "tokenlint.fleet", "tokenlint.fixes")
    assert {m for m in imported if m not in allowed and not m.startswith(layers)} == set()


def test_function_level_imports_say_they_are_for_start_up():
    loose = []
    for place in COMMENTED_LAZY_IMPORTS:
        path = ROOT / "tokenlint" / place
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            lines = source.read_text(encoding="utf-8").splitlines()
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for sub in ast.walk(node):
                        if isinstance(sub, (ast.Import, ast.ImportFrom)) and "start-up" not in lines[sub.lineno - 1]:
                            loose.append(f"{source.relative_to(ROOT)}:{sub.lineno}")
    assert loose == []
