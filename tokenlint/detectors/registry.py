"""Which detector reads which kind of file, and which facts it emits: the dispatch table.

Each detector declares what it reads (file kinds; the shell front end reads the shell regions
of its kinds: `script:` items, `run:` blocks, `RUN` lines, recipes, `sh` steps) and the fact
types it emits. The scanner asks `plan()` for the detectors some enabled rule needs, so a scan
with only exposure rules never runs usage detection. Adding a language is a kind
(tokenlint.parsers.kinds), a front end, and one row here.

Front ends are imported when first run, not here: most files of a scan are no program, and
the pre-commit hook pays for every module it imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Protocol

from tokenlint.detectors import credentials
from tokenlint.document import Document
from tokenlint.facts import Credential, Fact
from tokenlint.parsers.kinds import DOCUMENTS, SHELL_HOSTS, FileKind
from tokenlint.parsers.languages import program_kinds

if TYPE_CHECKING:
    from tokenlint.parsers.python import PythonTree
    from tokenlint.parsers.python_index import ModuleIndex
    from tokenlint.parsers.regions import Extracted

#: The usage facts: what the inventory (`--show-usage`, JSON `usage`) and the checks read.
USAGE_FACTS = frozenset(("api-call", "git-remote", "script-run"))


@dataclass
class Reading:
    """One document being detected in: its kind, and what front ends share (the shell regions,
    extracted once for every detector that reads them)."""

    doc: Document
    kind: FileKind
    _extracted: Extracted | None = field(default=None, repr=False)
    #: the source of other files of the repository by the class they define (base classes of this file's)
    classes: Mapping[str, str] = field(default_factory=dict)
    _python: PythonTree | Exception | None = field(default=None, repr=False)
    _python_index: ModuleIndex | None = field(default=None, repr=False)

    @property
    def extracted(self) -> Extracted:
        if self._extracted is None:
            from tokenlint.parsers.regions import (
                extract,  # start-up: only files that hold shell need it
            )

            self._extracted = extract(self.doc.path, self.doc.text, self.kind)
        return self._extracted

    def python(self) -> PythonTree:
        """The document's Python tree (`parsers.python.parse_lenient`), parsed once for the call
        and the leak detectors alike; raises what parsing raised, every time it is asked."""
        if self._python is None:
            from tokenlint.parsers.python import parse_lenient  # start-up: only Python files need it

            try:
                self._python = parse_lenient(self.doc.text)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
                self._python = e
        if isinstance(self._python, Exception):
            raise self._python
        return self._python

    def python_index(self) -> ModuleIndex:
        """The one walk of the document's Python tree (`parsers.python_index`) the call and the
        leak detectors share; raises what parsing raised."""
        tree = self.python()[0]
        if self._python_index is None:
            from tokenlint.parsers.python_index import index  # start-up: only Python files need it

            self._python_index = index(tree)
        return self._python_index


#: A detector's entry point: the facts of one document, and notes on what it could not read.
Detect = Callable[[Reading], tuple[Sequence[Fact], list[str]]]


@dataclass(frozen=True)
class Detector:
    name: str
    reads: frozenset[FileKind] | None  # None: every kind
    emits: frozenset[str]  # fact types
    target: str  # "module:function" taking a Reading, returning (facts, notes); imported when first run
    usage: bool = True  # runs only on documents that concern Bitbucket (tokenlint.detectors.relevance)
    always: bool = False  # runs whatever the rules need (credentials: redaction relies on them)

    def reads_kind(self, kind: FileKind) -> bool:
        return self.reads is None or kind in self.reads

    @property
    def run(self) -> Detect:
        return _credentials if self.target == "credentials" else _load(self.target)


def _credentials(reading: Reading) -> tuple[list[Credential], list[str]]:
    return credentials.detect(reading.doc), []


@cache
def _load(target: str) -> Detect:
    module, _, function = target.partition(":")
    run: Detect = getattr(importlib.import_module(module), function)
    return run


DETECTORS: tuple[Detector, ...] = (
    Detector("credentials", None, frozenset(("credential",)), "credentials",
             usage=False, always=True),
    Detector("python-calls", frozenset((FileKind.PYTHON,)), frozenset(("api-call", "git-remote")),
             "tokenlint.detectors.python_calls:detect_reading"),
    Detector("program-calls", frozenset(program_kinds()), frozenset(("api-call",)),
             "tokenlint.detectors.program_calls:detect_reading"),
    Detector("git-config", frozenset((FileKind.GIT_CONFIG,)), frozenset(("git-remote",)),
             "tokenlint.detectors.usage:git_config"),
    Detector("shell", SHELL_HOSTS, frozenset(("api-call", "git-remote", "log-exposure", "script-run")),
             "tokenlint.detectors.usage:shell_regions"),
    Detector("groovy-prints", frozenset((FileKind.JENKINSFILE,)), frozenset(("log-exposure",)),
             "tokenlint.detectors.usage:groovy_prints"),
    Detector("groovy-interpolation", frozenset((FileKind.JENKINSFILE,)), frozenset(("log-exposure",)),
             "tokenlint.detectors.leaks:groovy_interpolation"),
    Detector("dockerfile-leaks", frozenset((FileKind.DOCKERFILE,)), frozenset(("log-exposure",)),
             "tokenlint.detectors.leaks:dockerfile"),
    Detector("python-leaks", frozenset((FileKind.PYTHON,)), frozenset(("log-exposure",)),
             "tokenlint.detectors.python_leaks:detect_reading"),
    Detector("javascript-leaks", frozenset((FileKind.JAVASCRIPT,)), frozenset(("log-exposure",)),
             "tokenlint.detectors.js_leaks:detect_reading"),
    Detector("program-leaks", frozenset((FileKind.CSHARP, FileKind.GO)), frozenset(("log-exposure",)),
             "tokenlint.detectors.program_leaks:detect_reading"),
    Detector("commented-shell", SHELL_HOSTS, frozenset(("api-call", "git-remote", "log-exposure", "script-run")),
             "tokenlint.detectors.usage:commented_shell"),
    Detector("documentation", DOCUMENTS, frozenset(("api-call", "git-remote", "log-exposure")),
             "tokenlint.detectors.doc_snippets:detect_reading"),
)


@dataclass(frozen=True)
class Plan:
    """The detectors one scan runs, in table order (the order facts are reported in)."""

    detectors: tuple[Detector, ...]

    @property
    def usage(self) -> bool:
        return any(d.usage for d in self.detectors)

    def for_kind(self, kind: FileKind, relevant: bool) -> Iterable[Detector]:
        return (d for d in self.detectors if d.reads_kind(kind) and (relevant or not d.usage))


@cache
def plan(facts: frozenset[str] | None = None) -> Plan:
    """The detectors that emit any of `facts` (None: every detector), plus those that always run."""
    return Plan(tuple(d for d in DETECTORS if d.always or facts is None or d.emits & facts))


class _Needs(Protocol):
    """A policy as the registry sees it (tokenlint.engine.rule.Policy, a layer above)."""

    @property
    def needs(self) -> frozenset[str]: ...


def needed(policies: Iterable[_Needs], inventory: bool = False) -> frozenset[str]:
    """The fact types the enabled `policies` match (`Policy.needs`), plus the usage facts when
    the caller shows the inventory."""
    out: set[str] = set(USAGE_FACTS) if inventory else set()
    for policy in policies:
        out |= policy.needs
    if "log-exposure" in out:  # whether an exposed credential is a Bitbucket one depends on its use (leak_scope)
        out |= {"api-call", "git-remote"}
    return frozenset(out)


def emitted(names: Collection[str] = ()) -> frozenset[str]:
    """Every fact type some detector emits (of the named detectors, when given)."""
    return frozenset().union(*(d.emits for d in DETECTORS if not names or d.name in names))
