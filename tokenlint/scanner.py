"""Scan one file's bytes: prefilter, decode, detect facts, judge them with policies.

This is the hot path. Most files of a repository hold nothing Bitbucket-related, so the first
thing done with their bytes is a handful of literal searches; only files that hit one are
decoded and handed to the detectors.
"""

from __future__ import annotations

import base64
import binascii
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from tokenlint.detectors import credentials, evidence, leak_scope, relevance
from tokenlint.detectors.registry import Reading, needed, plan
from tokenlint.document import Document
from tokenlint.engine import filters
from tokenlint.engine.match import evaluate
from tokenlint.engine.rule import Policy
from tokenlint.facts import ApiCall, Credential, Fact, FactType, GitRemote, ScriptRun, Usage
from tokenlint.model import STDIN, Finding, Problem, Target, fingerprint
from tokenlint.parsers.kinds import FileKind, classify, forced_by_name
from tokenlint.parsers.languages import program_kinds
from tokenlint.redact import Redactor, shapes
from tokenlint.sniff import WINDOW, sniff

if TYPE_CHECKING:
    from ahocorasick_rs import BytesAhoCorasick

STDIN_CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
PREFILTER = credentials.PREFILTER


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    size: int = 0
    scanned: bool = False
    usage: list[Usage | ScriptRun] = field(default_factory=list)  # for the inventory and the cross-file checks
    # names a file concerning Bitbucket defines for other files of its repository: Python and C#
    # classes (maybe bases), Go's top-level functions, types and constants (its package shares them)
    defines: list[str] = field(default_factory=list)
    ignored: int = 0  # findings that inline ignores suppressed


@cache
def _matcher() -> BytesAhoCorasick:
    """One pass over the bytes for every prefilter literal and the inline-ignore marker.

    ahocorasick-rs (Rust's aho-corasick with SIMD prefilters) does this at about 500 MB/s,
    three times a loop of `bytes.__contains__` over the same literals.
    """
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick([*PREFILTER, filters.IGNORE_MARKER])


def prefilter(data: bytes, name: str) -> tuple[bool, bool]:
    """(worth detecting in, holds a `tokenlint:` marker): cheap enough for every byte scanned."""
    hits = {index for index, _, _ in _matcher().find_matches_as_indexes(data)}
    marker = len(PREFILTER) in hits
    interesting = len(hits) > marker or forced_by_name(name)
    return interesting, marker


def scan_bytes(path: str, data: bytes, policies: list[Policy], *, inline_ignores: bool = True,
               inventory: bool = True, classes: Mapping[str, str] | None = None) -> FileResult:
    """Findings, notes and usage facts of one file. Only the detectors that some rule of
    `policies` needs run, plus the usage detectors when `inventory` (the caller shows or keeps
    the usage facts: `--show-usage`, JSON, `suggest`)."""
    result = FileResult(path, size=len(data))
    kind = sniff(data)  # looks at the first WINDOW bytes only
    if kind.binary:
        result.problems.append(Problem(path, kind.reason, False))
        return result
    result.scanned = True
    doc = note = None
    if kind.codec not in ("", "utf-8-sig"):
        # UTF-16/32: the prefilter's literals are UTF-8, so it reads the decoded text
        doc, note = Document.from_bytes(path, data, kind)
        data = doc.text.encode("utf-8", "surrogatepass")
    interesting, marked = prefilter(data, path.rsplit("/", 1)[-1].lower())
    marked = marked and inline_ignores  # an unused ignore is a finding too, so marked files are read
    if not marked and not interesting and not classes:
        return result
    if doc is None:
        doc, note = Document.from_bytes(path, data, kind)
    if note:
        result.notes.append(f"{path}: {note}")
    facts, notes = _detect(doc, _wanted(policies, inventory), classes or {}, result)
    result.notes.extend(notes)
    result.usage = [f for f in facts if isinstance(f, _USAGE_TYPES)]
    result.findings = evaluate(policies, facts, path)
    if marked:
        result.findings, result.ignored = filters.inline_ignores(doc, result.findings, policies)
    _redact(result, [f for f in facts if isinstance(f, Credential)])
    return result


_last_wanted: tuple[list[Policy] | None, int, bool, frozenset[str]] = (None, 0, False, frozenset())


def _wanted(policies: list[Policy], inventory: bool) -> frozenset[str]:
    """The fact types a scan needs, computed once per policy list rather than once per file."""
    global _last_wanted
    last, size, last_inventory, wanted = _last_wanted
    if last is not policies or size != len(policies) or last_inventory != inventory:
        wanted = needed(policies, inventory)
        _last_wanted = (policies, len(policies), inventory, wanted)
    return wanted


# The types of registry.USAGE_FACTS: what FileResult.usage keeps.
_USAGE_TYPES = (ApiCall, GitRemote, ScriptRun)
MAX_DEFINES = 2000  # names one file shares at most
_CLASS = re.compile(r"^class[ \t]+(\w+)", re.MULTILINE)
#: A class of a tree-sitter language (PHP, Ruby, Java, C#, JS, Groovy), maybe indented and modified.
_CLASS_ANY = re.compile(r"^[ \t]*(?:(?:abstract|final|public|private|protected|internal|sealed|static|partial|export"
                        r"|default|open|data)[ \t]+)*class[ \t]+(\w+)", re.MULTILINE)
#: what a file shares with others of its repository, by kind: C# classes, Go's package-level names
_SHARED = {
    FileKind.CSHARP: re.compile(r"\bclass[ \t]+(\w+)"),
    FileKind.GO: re.compile(r"^(?:func(?:[ \t]*\([^)\n]*\))?|type|const|var)[ \t]+(\w+)", re.MULTILINE),
}


def _detect(doc: Document, wanted: frozenset[str], classes: Mapping[str, str] | None = None,
            result: FileResult | None = None) -> tuple[list[Fact], list[str]]:
    """Run the detectors of the registry that emit a `wanted` fact and read this kind of file;
    usage detectors only on a document that concerns Bitbucket (tokenlint.detectors.relevance)."""
    chosen = plan(wanted)
    relevant = chosen.usage and relevance.may_concern(doc)  # cheap: most documents stop here
    kind = classify(doc.path, doc.text) if relevant or classes else FileKind.OTHER
    relevant = relevant and relevance.concerns(doc, kind)
    # a subclass of a Bitbucket client defined in another file: its calls are Bitbucket's whatever it says
    # (or a Go file whose package's other files concern Bitbucket)
    relevant = relevant or (chosen.usage and bool(classes) and (kind is FileKind.PYTHON or kind in program_kinds()))
    reading = Reading(doc, kind, classes=classes or {})
    if relevant and kind is FileKind.PYTHON and result is not None:
        result.defines = _CLASS.findall(doc.text)
    elif relevant and kind in _SHARED and result is not None:
        result.defines = list(dict.fromkeys(_SHARED[kind].findall(doc.text)))[:MAX_DEFINES]
    elif relevant and result is not None and kind in program_kinds():
        result.defines = _CLASS_ANY.findall(doc.text)
    facts: list[Fact] = []
    notes: list[str] = []
    for detector in chosen.detectors:
        if detector.usage and not (relevant and detector.reads_kind(kind)):
            continue
        found, said = detector.run(reading)
        facts.extend(found)
        notes.extend(said)
    evidence.apply(doc, facts)  # what the rest of the file says a call's credential is
    leak_scope.apply(doc.text, facts)  # which exposed credentials are Bitbucket's
    return facts, notes


def _redact(result: FileResult, found: list[Credential]) -> None:
    """Hide every credential of this document wherever the file's results repeat it (a message
    quoting a URL, the inventory's URL, a note), before anything leaves the scan."""
    if not (result.findings or result.usage or result.notes):
        return
    known = [secret for cred in found for secret in known_values(cred)]
    redactor = Redactor(known) if known else shapes()  # no secret in the file: the shared, warm one
    result.findings = [redactor.finding(f) for f in result.findings]
    result.notes = [redactor.text(n) for n in result.notes]
    for fact in result.usage:
        redactor.fact(fact)


def known_values(cred: Credential) -> list[str]:
    """The secret of a credential as it may appear in text: the value, and for a Basic header or
    a base64 value also the `user:secret` (or token) and the secret it encodes."""
    values = [cred.value]
    if cred.context in ("authorization-basic", "git-extraheader", "base64"):
        try:
            decoded = base64.b64decode(cred.value + "=" * (-len(cred.value) % 4), validate=True).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return values
        values.extend(v for v in (decoded, decoded.removesuffix("\n"), decoded.partition(":")[2]) if v)
    return values


MAX_SECRET_TEXT = 4_000_000  # characters searched for fingerprinted literals (a rewrite's file is small)
_WORD = re.compile(r"[^\s\"'`,;()\[\]{}<>]{4,}")
_PART = re.compile(r"[^:@=/]{4,}")


def secret_values(path: str, text: str, fingerprints: Iterable[str] = ()) -> list[str]:
    """The secret values `text` holds, as far as a scan knows them: each credential the detectors
    find (known_values), and each literal whose fingerprint is in `fingerprints`.

    A call's literal password with no token shape (`auth=("jdoe", "hunter2pass")`) is no
    Credential fact: the call keeps only its fingerprint. Its value is found again by hashing the
    text's words and their `user:secret` parts, so that a printed diff of the old line can hide it
    by value. The values stay in memory: they are for a Redactor, never for output.
    """
    found, _ = _detect(Document(path, text), frozenset({FactType.CREDENTIAL}))
    values = [v for cred in found if isinstance(cred, Credential) for v in known_values(cred)]
    wanted = set(fingerprints)
    if wanted:
        for word in dict.fromkeys(_WORD.findall(text[:MAX_SECRET_TEXT])):
            for candidate in (word, *_PART.findall(word)):
                if fingerprint(candidate) in wanted:
                    values.append(candidate)
    return list(dict.fromkeys(v for v in values if v))


def too_large(head: bytes, size: int | None, limit: int) -> tuple[str, bool]:
    """Why a file over the size limit was not scanned, and whether that is an error: a binary
    (judged on its head) is a skipped file like any other; text is an error, a hole in the scan."""
    kind = sniff(head)
    if kind.binary:
        return kind.reason, False
    if size is None:
        return f"larger than the size limit ({limit} bytes; raise --max-file-size or exclude it)", True
    return f"larger than the size limit ({size} > {limit} bytes; raise --max-file-size or exclude it)", True


def read_target(target: Target, max_size: int) -> tuple[bytes | None, Problem | None]:
    """Read a file, or say precisely why it was not read. Never reads more than `max_size` + 1
    bytes, nor more than WINDOW bytes of a file already known to be over the limit."""
    if target.fs_path == STDIN:
        return _read_stdin(target, max_size)
    try:
        st = os.lstat(target.fs_path)
        if stat.S_ISLNK(st.st_mode):
            return None, Problem(target.display, "symlink, not followed", False)
        if not stat.S_ISREG(st.st_mode):
            return None, Problem(target.display, "not a regular file (FIFO, socket or device)", False)
        # O_NOFOLLOW and O_NONBLOCK: a file swapped for a symlink or a FIFO since lstat is not followed or waited on
        fd = os.open(target.fs_path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
        try:  # the bare descriptor: no buffered file object per file (this runs on every file of a tree)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None, Problem(target.display, "not a regular file (FIFO, socket or device)", False)
            if st.st_size > max_size:
                return None, Problem(target.display, *too_large(_read_up_to(fd, WINDOW), st.st_size, max_size))
            data = _read_up_to(fd, st.st_size + 1)  # room for the size lstat saw, not for the limit
            if len(data) > st.st_size:  # it grows while we read: read on, up to the limit
                data += _read_up_to(fd, max_size + 1 - len(data))
            return data, None
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None, Problem(target.display, "vanished during the scan", True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, Problem(target.display, "symlink, not followed", False)
        return None, Problem(target.display, f"cannot read: {exc.strerror or exc}", True)


def _read_up_to(fd: int, size: int) -> bytes:
    """Up to `size` bytes of a regular file, fewer only at its end: one `read` call when the
    file is as large as it was when stat'ed (the common case), more only if the kernel returns
    short reads."""
    data = _read(fd, size)
    if not data or len(data) == size:
        return data
    chunks = [data]
    got = len(data)
    while got < size:
        more = _read(fd, size - got)
        if not more:
            break
        chunks.append(more)
        got += len(more)
    return b"".join(chunks)


_read = os.read  # one name to spy on in tests (how many bytes a read asks for)


def _read_stdin(target: Target, max_size: int) -> tuple[bytes | None, Problem | None]:
    """Standard input in chunks (never a buffer the size of the limit), up to `max_size` + 1 bytes."""
    if sys.stdin is None:
        return None, Problem(target.display, "standard input is closed", True)
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= max_size:
            chunk = sys.stdin.buffer.read(min(STDIN_CHUNK, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except (OSError, ValueError) as exc:  # a directory on stdin, a closed descriptor
        why = getattr(exc, "strerror", None) or exc
        return None, Problem(target.display, f"cannot read standard input: {why}", True)
    data = b"".join(chunks)
    if total > max_size:
        return None, Problem(target.display, *too_large(data[:WINDOW], None, max_size))
    return data, None


def scan_target(target: Target, policies: list[Policy], max_size: int, inline_ignores: bool = True,
                inventory: bool = True, classes: Mapping[str, str] | None = None) -> FileResult:
    data, problem = read_target(target, max_size)
    if data is None:  # then `problem` says why
        return FileResult(target.display, problems=[problem] if problem is not None else [])
    if len(data) > max_size:
        grew = Problem(target.display, "grew past the size limit while being read", True)
        return FileResult(target.display, problems=[grew])
    return scan_bytes(target.display, data, policies, inline_ignores=inline_ignores, inventory=inventory,
                      classes=classes)
