"""Calls, remotes and log exposures in the code blocks of Markdown and reStructuredText documents.

Each block is read by the front end of the language it declares, at the lines of the original
file (the block is placed at its line in an otherwise empty document), and every fact it
yields is marked `documentation`: a README's `curl -u` is worth reporting, since readers copy
it, but it is no code that runs. Findings on it are at most medium confidence (shown at the
default floor: what readers copy becomes code) and never fail a gate (tokenlint.engine.filters).
Credentials in documents are found by the credential detector over the whole file as everywhere
else: a secret in a README is committed.
"""

from __future__ import annotations

import re

import yaml

from tokenlint.detectors.registry import Reading, plan
from tokenlint.document import Document
from tokenlint.facts import ApiCall, Fact, GitRemote, LogExposure
from tokenlint.parsers import docblocks
from tokenlint.parsers.kinds import FileKind

_KINDS: tuple[tuple[frozenset[str], FileKind], ...] = (
    (docblocks.SHELL, FileKind.SHELL), (docblocks.PYTHON, FileKind.PYTHON),
    (docblocks.JAVASCRIPT, FileKind.JAVASCRIPT), (docblocks.GROOVY, FileKind.JENKINSFILE),
    (docblocks.DOCKERFILE, FileKind.DOCKERFILE), (docblocks.MAKEFILE, FileKind.MAKEFILE),
)


#: Keys only a Bitbucket pipeline has: the whole file, a step, or a pipe (a README's usage example
#: of a pipe is often nothing but a `- pipe:` list item with its `variables:`).
_PIPELINE_KEYS = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:pipelines|step|pipe|parallel)[ \t]*:", re.MULTILINE)
#: Keys of the other CI dialects (GitHub `jobs:`/`steps:`/`run:`, GitLab `stages:`).
_WORKFLOW_KEYS = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:jobs|steps|run|stages)[ \t]*:", re.MULTILINE)
_SCRIPT_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?script[ \t]*:", re.MULTILINE)


def yaml_kind(text: str) -> FileKind | None:
    """How a YAML snippet is read: a pipeline when it holds a key only pipelines have; CI YAML
    when it holds another dialect's; a bare `script:` list (read alike by both) as a pipeline;
    anything else (a config sample) by the credential detector alone."""
    if _PIPELINE_KEYS.search(text):
        return FileKind.PIPELINE
    if _WORKFLOW_KEYS.search(text):
        return FileKind.WORKFLOW
    return FileKind.PIPELINE if _SCRIPT_KEY.search(text) else None


def kind_of(block: docblocks.Block) -> FileKind | None:
    """The front end that reads a block: its declared language; YAML as a pipeline when it is one."""
    language = block.language
    if language in docblocks.UNDECLARED:
        language = docblocks.guess(block.text)
        if not language:
            return yaml_kind(block.text) if _looks_like_yaml(block.text) else None
    if language in docblocks.YAML:
        return yaml_kind(block.text)
    return next((kind for names, kind in _KINDS if language in names), None)


def _looks_like_yaml(text: str) -> bool:
    """Whether an undeclared block parses as a YAML mapping or list (a pipeline sample)."""
    if not (_PIPELINE_KEYS.search(text) or _SCRIPT_KEY.search(text)):
        return False
    try:
        return isinstance(yaml.safe_load(text), (dict, list))
    except yaml.YAMLError:
        return False


def detect_reading(reading: Reading) -> tuple[list[Fact], list[str]]:
    """The registry's entry point: every usage fact of every block, marked as documentation."""
    doc = reading.doc
    blocks = docblocks.markdown(doc.text) if reading.kind == FileKind.MARKDOWN else docblocks.restructuredtext(doc.text)
    facts: list[Fact] = []
    notes: list[str] = []
    for block in blocks:
        kind = kind_of(block)
        if kind is None:
            continue
        text = (docblocks.console(block.text) if kind == FileKind.SHELL else
                docblocks.python_session(block.text) if kind == FileKind.PYTHON else block.text)
        snippet = Reading(Document(doc.path, "\n" * (block.line - 1) + text), kind)
        for detector in plan().for_kind(kind, relevant=True):
            if not detector.usage:
                continue
            found, said = detector.run(snippet)
            notes.extend(said)
            for fact in found:
                if isinstance(fact, (ApiCall, GitRemote, LogExposure)):  # a snippet runs no script of the repository
                    fact.documentation = True
                    facts.append(fact)
    return facts, notes
