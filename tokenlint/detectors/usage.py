"""Usage facts of a document: Bitbucket API calls, git remotes, credentials written to logs.

The front ends that read shell regions and git config files live here; which of them reads
which kind of file is the table of tokenlint.detectors.registry. Every front end is bounded,
and a file one cannot read yields a note, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tokenlint.detectors import leaks, relevance, shell_calls, shell_leaks
from tokenlint.detectors.action_calls import action_input_calls
from tokenlint.detectors.calls import make_git_remote
from tokenlint.detectors.git_calls import PIPELINES_ORIGIN, GitState, action_input_remotes
from tokenlint.detectors.registry import Reading, plan
from tokenlint.detectors.shell_calls import ShellFact
from tokenlint.document import Document
from tokenlint.facts import ApiCall, CredentialKind, Exposure, Fact, GitRemote, LogExposure
from tokenlint.parsers.kinds import PROGRAMS, FileKind, classify
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.shell import MAX_SCRIPT, analyze
from tokenlint.parsers.values import Value


def detect(doc: Document) -> tuple[list[Fact], list[str]]:
    """Every usage fact of a document, whichever rules are enabled (what `scan_bytes` gathers
    when the inventory is shown). A program that names no Bitbucket URL or client is skipped."""
    reading = Reading(doc, classify(doc.path, doc.text))
    if reading.kind in PROGRAMS and not relevance.concerns(doc, reading.kind):
        return [], []
    facts: list[Fact] = []
    notes: list[str] = []
    for detector in plan().for_kind(reading.kind, relevant=True):
        if detector.usage:
            found, said = detector.run(reading)
            facts.extend(found)
            notes.extend(said)
    return facts, notes


def shell_regions(reading: Reading) -> tuple[list[ShellFact], list[str]]:
    """Commands of the shell regions (steps share variables, in order) and the pipes of a pipeline."""
    doc, extracted = reading.doc, reading.extracted
    facts: list[ShellFact] = []
    notes = list(extracted.notes)
    env: dict[str, Value] = {}
    group = None
    job = 0
    git = _git_state(reading)
    scope = leaks.credentials_in_scope(doc.text)
    for region in extracted.regions:
        if region.group != group:
            # a GitHub job's steps share the checkout: git's remotes and config carry to the next step
            shared = reading.kind == FileKind.WORKFLOW and region.job and region.job == job
            env, group, git = {}, region.group, git if shared else _git_state(reading)
            job = region.job
        pieces = [(0, region.text)]
        if len(region.text) > MAX_SCRIPT:
            pieces = list(_pieces(region.text))
            where = "" if region.line == 1 else f" from line {region.line}"
            notes.append(f"{doc.path}: shell{where} of {len(region.text)} characters is over the "
                         f"{MAX_SCRIPT}-character parse limit; it was analysed in pieces of whole lines "
                         f"(lines over {_PIECE} characters, and commands that span two pieces, were not)")
        traced = 1 if region.line == 1 and shell_leaks.shebang_xtrace(region.text) else None
        for first, text in pieces:
            script = analyze(text, env)
            env = script.env
            facts.extend(shell_calls.detect(script, region.line - 1 + first, scope=scope, xtrace_line=traced,
                                            git=git, commented=region.commented))
        facts.extend(leaks.template_expressions(region))
    # the credentials the file's own Bitbucket calls send: handed to a pipe, they are Bitbucket's too
    bitbucket = frozenset(f.credential[1:] for f in facts if isinstance(f, (ApiCall, GitRemote)) and f.credential
                          and not f.credential_literal and f.credential.startswith("$"))
    for pipe in extracted.pipes:
        facts.extend(shell_calls.pipe_calls(pipe, bitbucket=bitbucket))
        facts.extend(shell_leaks.pipe_exposures(pipe))
    facts.extend(action_input_remotes(extracted.inputs))
    facts.extend(action_input_calls(extracted.inputs))
    if reading.kind == FileKind.JENKINSFILE and "withCredentials" in doc.text:
        from tokenlint.detectors import groovy_calls  # start-up: only Jenkins files need it

        groovy_calls.type_by_credentials_id(facts, groovy_calls.credential_bindings(doc.text))
    return facts, notes


_PIECE = MAX_SCRIPT // 4  # characters of one piece of an over-long script


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """An over-long script as (index of its first line, text) pieces of whole lines, each under
    the parse limit: padding a script past the limit must not hide the commands after the
    padding. A line longer than a piece (the padding itself, typically) is left out, kept as an
    empty line so that line numbers hold."""
    lines = text.split("\n")
    first, size = 0, 0
    chunk: list[str] = []
    for number, line in enumerate(lines):
        if len(line) > _PIECE:
            line = ""
        if size + len(line) + 1 > _PIECE and chunk:
            yield first, "\n".join(chunk)
            first, size, chunk = number, 0, []
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        yield first, "\n".join(chunk)


def _git_state(reading: Reading) -> GitState:
    """What git knows before a script runs: in a Bitbucket pipeline, `origin` is the repository it runs in."""
    return GitState(origin=PIPELINES_ORIGIN if reading.kind == FileKind.PIPELINE else None)


_COMMENTED_CALL = re.compile(r"^[ \t]*#+[ \t]*(?:-[ \t]+|RUN[ \t]+)?((?:curl|wget|git)\b.*bitbucket.*)$",
                             re.MULTILINE | re.IGNORECASE)


def commented_shell(reading: Reading) -> tuple[list[ShellFact], list[str]]:
    """Calls in commented-out lines still tell what the code did or will do again (in files that hold shell)."""
    if not reading.extracted.regions:
        return [], []
    doc = reading.doc
    facts: list[ShellFact] = []
    for m in _COMMENTED_CALL.finditer(doc.text):
        line, _ = doc.line_col(m.start())
        command = m.group(1).replace("$$", "$") if reading.kind == FileKind.MAKEFILE else m.group(1)
        facts.extend(shell_calls.detect(analyze(command), line - 1, commented=True))
    return facts, []


_GROOVY_PRINT = re.compile(r"\b(?:println|echo|print)\b[ \t(]*[\"'][^\n]*?\$\{?(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)")


def groovy_prints(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    """Jenkins `println "${TOKEN}"` / `echo "$BB_PASS"`: Groovy prints the secret itself."""
    doc = reading.doc
    out: list[LogExposure] = []
    for m in _GROOVY_PRINT.finditer(doc.text):
        if kind_from_name(m.group(1)) != CredentialKind.UNKNOWN:
            line, column = doc.line_col(m.start())
            out.append(LogExposure(Exposure.PRINTLN, "$" + m.group(1), line, column))
    return out, []


def git_config(reading: Reading) -> tuple[list[GitRemote], list[str]]:
    """`url = …`, `[url "…"] insteadOf` and `pushurl` entries of a git config file."""
    doc = reading.doc
    facts: list[GitRemote] = []
    for m in re.finditer(r'^[ \t]*(?:\[url\s+"(?P<section>[^"]+)"\]|(?:url|pushurl)\s*=\s*(?P<value>\S+))',
                         doc.text, re.MULTILINE | re.IGNORECASE):
        url = m.group("section") or m.group("value")
        line, column = doc.line_col(m.start())
        remote = make_git_remote("git config file", url, line, column)
        if remote is not None:
            facts.append(remote)
    return facts, []


