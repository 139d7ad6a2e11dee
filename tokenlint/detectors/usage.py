"""Usage facts of a document: Bitbucket API calls, git remotes, credentials written to logs.

Dispatches by file kind to the parsers that know it; every parser is bounded, and a file a
parser cannot read yields a note, never an exception.
"""

from __future__ import annotations

import re

from tokenlint.detectors import shell_calls
from tokenlint.detectors.calls import kind_from_name, make_git_remote
from tokenlint.parsers.values import Value
from tokenlint.document import Document
from tokenlint.facts import GitRemote, LogExposure
from tokenlint.parsers import regions as regions_mod
from tokenlint.parsers.shell import MAX_SCRIPT, analyze

PY_SUFFIXES = (".py", ".pyw")
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")
GIT_CONFIG_NAMES = ("config", ".gitconfig", "gitconfig", ".gitmodules")


# A program can only call Bitbucket through a URL or a client it names; a file that merely
# mentions Bitbucket (a comment, a link in a docstring) is not worth parsing.
_CALL_HINTS = ("bitbucket.org", "bitbucket(", "pybitbucket", "atlassian.bitbucket", "'bitbucket'", '"bitbucket"')


def detect(doc: Document) -> tuple[list, list[str]]:
    lower_name = doc.name.lower()
    if lower_name.endswith(PY_SUFFIXES + JS_SUFFIXES) and not any(h in doc.lower for h in _CALL_HINTS):
        return [], []
    if lower_name.endswith(PY_SUFFIXES):
        from tokenlint.detectors import python_calls

        return python_calls.detect(doc)
    if lower_name.endswith(JS_SUFFIXES):
        from tokenlint.detectors import js_calls

        return js_calls.detect(doc)
    if lower_name in GIT_CONFIG_NAMES or lower_name.endswith(".gitconfig"):
        if re.search(r"^\s*\[(remote|url|http|credential)", doc.text, re.MULTILINE):
            return _git_config(doc), []
    extracted = regions_mod.extract(doc.path, doc.text)
    facts: list = []
    notes = list(extracted.notes)
    env: dict[str, Value] = {}
    group = None
    for region in extracted.regions:
        if region.group != group:
            env, group = {}, region.group
        script = analyze(region.text, env)
        if script.too_large:
            where = "" if region.line == 1 else f" from line {region.line}"
            notes.append(f"{doc.path}: shell{where} of {len(region.text)} characters is over the "
                         f"{MAX_SCRIPT}-character parse limit; its commands were not analysed "
                         "(credentials were still checked)")
        env = script.env
        facts.extend(shell_calls.detect(script, region.line - 1))
    for pipe in extracted.pipes:
        facts.extend(shell_calls.pipe_calls(pipe))
    if regions_mod.kind_of(doc.path) == "jenkinsfile":
        facts.extend(_groovy_prints(doc))
    if extracted.regions:
        facts.extend(_commented_out(doc))
    return facts, notes


_COMMENTED_CALL = re.compile(r"^[ \t]*#+[ \t]*(?:-[ \t]+)?((?:curl|wget|git)\b.*bitbucket.*)$", re.MULTILINE | re.IGNORECASE)


def _commented_out(doc: Document) -> list:
    """Calls in commented-out lines still tell what the code did or will do again."""
    facts = []
    for m in _COMMENTED_CALL.finditer(doc.text):
        line, _ = doc.line_col(m.start())
        facts.extend(shell_calls.detect(analyze(m.group(1)), line - 1, commented=True))
    return facts


_GROOVY_PRINT = re.compile(r"\b(?:println|echo|print)\b[ \t(]*[\"'][^\n]*?\$\{?(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)")


def _groovy_prints(doc: Document) -> list[LogExposure]:
    """Jenkins `println "${TOKEN}"` / `echo "$BB_PASS"`: Groovy prints the secret itself."""
    out = []
    for m in _GROOVY_PRINT.finditer(doc.text):
        if kind_from_name(m.group(1)) != "unknown":
            line, column = doc.line_col(m.start())
            out.append(LogExposure("println", "$" + m.group(1), line, column))
    return out


def _git_config(doc: Document) -> list[GitRemote]:
    """`url = …`, `[url "…"] insteadOf` and `pushurl` entries of a git config file."""
    facts = []
    for m in re.finditer(r'^[ \t]*(?:\[url\s+"(?P<section>[^"]+)"\]|(?:url|pushurl)\s*=\s*(?P<value>\S+))',
                         doc.text, re.MULTILINE | re.IGNORECASE):
        url = m.group("section") or m.group("value")
        line, column = doc.line_col(m.start())
        remote = make_git_remote("git config file", url, line, column)
        if remote is not None:
            facts.append(remote)
    return facts
