"""Never worse: a file's rewrite is kept only when the new text still parses as the old one did
and a scan of it no longer reports what was fixed on the lines that changed."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable

import yaml

from tokenlint.engine.settings import Settings
from tokenlint.model import Finding
from tokenlint.parsers import lowering
from tokenlint.parsers.kinds import FileKind
from tokenlint.scanner import scan_bytes

_YAML = (FileKind.PIPELINE, FileKind.WORKFLOW)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def never_worse(path: str, kind: str, before: str, after: str, fixed: list[Finding], settings: Settings,
                kept: Iterable[Finding] = ()) -> str:
    """Why `after` may not replace `before` ("" when it may). `kept`: the file's findings that were
    left as they are; a re-scan reporting them again where they were is no sign of a bad rewrite."""
    problem = parses(path, kind, before, after)
    if problem:
        return problem
    changed = changed_lines(before, after)
    moved = line_map(before, after)
    expected = {(f.rule, moved.get(f.location.line)) for f in kept}
    again = scan_bytes(path, after.encode("utf-8", "surrogateescape"), settings.policies).findings
    rules = {f.rule for f in fixed}
    still = sorted({f"{f.code} at line {f.location.line}" for f in again
                    if f.rule in rules and f.location.line in changed and (f.rule, f.location.line) not in expected})
    return f"the rewritten lines would still be reported ({', '.join(still)})" if still else ""


def line_map(before: str, after: str) -> dict[int, int]:
    """Where each line of `before` is in `after` (1-based), for the lines kept or replaced one for one."""
    out: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            out.update((i + 1, j1 + (i - i1) + 1) for i in range(i1, i2))
    return out


def changed_lines(before: str, after: str) -> set[int]:
    """1-based numbers of the lines of `after` that differ from `before`."""
    lines: set[int] = set()
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(j1 + 1, j2 + 1))
    return lines


def parses(path: str, kind: str, before: str, after: str) -> str:
    """Why `after` does not parse the way `before` did ("" when it does)."""
    if kind in _YAML or path.endswith((".yml", ".yaml")):
        return _same_yaml(before, after)
    if kind == FileKind.PYTHON:
        try:
            compile(after, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            return f"the rewritten file would not compile: {exc}"
        return ""
    if path.endswith(".json"):
        try:
            json.loads(after)
        except ValueError as exc:
            return f"the rewritten file would not be valid JSON: {exc}"
        return ""
    if kind == FileKind.SHELL and not _bash_n(before):  # a script bash cannot read is no worse for it
        return _bash_n(after)
    language = _grammar(kind, path)
    if language and not _syntax_errors(language, before) and _syntax_errors(language, after):
        return f"the rewritten file would not parse ({language} syntax)"
    suffix = next((s for s in (".js", ".mjs", ".cjs") if path.lower().endswith(s)), "")
    if suffix and not _node_check(before, suffix):  # where node is installed, it has the last word on JavaScript
        return _node_check(after, suffix)
    return ""


# File kinds whose syntax a tree-sitter grammar of tokenlint.parsers.lowering checks (JavaScript by suffix)
_GRAMMAR_OF = {FileKind.JAVA: "java", FileKind.GO: "go", FileKind.PHP: "php", FileKind.RUBY: "ruby",
               FileKind.CSHARP: "csharp", FileKind.JENKINSFILE: "groovy", FileKind.TERRAFORM: "hcl"}


def _grammar(kind: str, path: str) -> str:
    if kind == FileKind.JAVASCRIPT:
        return "tsx" if path.endswith(".tsx") else "typescript" if path.endswith(".ts") else "javascript"
    try:
        return _GRAMMAR_OF.get(FileKind(kind), "")
    except ValueError:
        return ""


def _syntax_errors(language: str, text: str) -> bool:
    """Whether the grammar finds a syntax error in `text` (or gives up on it): a file that did not
    parse before is judged no worse for a rewrite, as with `bash -n`."""
    try:
        root, _ = lowering.parse(language, text)
    except lowering.TooSlowToParse:
        return True
    return bool(root.has_error)


def _node_check(text: str, suffix: str) -> str:
    node = shutil.which("node")
    if node is None:
        return ""
    with tempfile.TemporaryDirectory() as folder:  # node --check reads a file; its suffix says CommonJS or ESM
        file = os.path.join(folder, "check" + suffix)
        with open(file, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.write(text)
        try:
            done = subprocess.run([node, "--check", file], capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return ""
    return "" if done.returncode == 0 else "the rewritten file would not parse (node --check)"


def _same_yaml(before: str, after: str) -> str:
    try:
        old = list(yaml.load_all(before, Loader=_LOADER))
        new = list(yaml.load_all(after, Loader=_LOADER))
    except yaml.YAMLError as exc:
        return f"the rewritten file would not be valid YAML: {getattr(exc, 'problem', None) or exc}"
    if _shape(old) != _shape(new):
        return "the rewrite would change the YAML's structure, not only a value"
    return ""


def _shape(node: object) -> object:
    """The structure of loaded YAML: mapping keys and nesting, with the scalars left out. A pipe
    step's `variables:` are values handed to the pipe, not structure: moving a pipe from an app
    password to a token renames them (the pipe-variables rewrite)."""
    if isinstance(node, dict):
        if "pipe" in node and isinstance(node.get("variables"), dict):
            return {str(k): "pipe variables" if k == "variables" else _shape(v) for k, v in node.items()}
        return {str(k): _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return type(node).__name__


def _bash_n(text: str) -> str:
    bash = shutil.which("bash")
    if bash is None:
        return ""
    done = subprocess.run([bash, "-n"], input=text.encode("utf-8", "surrogateescape"), capture_output=True,
                          timeout=30, check=False)
    return "" if done.returncode == 0 else "the rewritten script would not parse (bash -n)"
