"""Scan one file's bytes: prefilter, decode, detect facts, judge them with policies.

This is the hot path. Most files of a repository hold nothing Bitbucket-related, so the first
thing done with their bytes is a handful of literal searches; only files that hit one are
decoded and handed to the detectors.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
import sys
from dataclasses import dataclass, field
from functools import cache

from tokenlint.detectors import credentials
from tokenlint.document import Document
from tokenlint.engine import suppress
from tokenlint.engine.match import evaluate
from tokenlint.engine.policy import Policy
from tokenlint.facts import Credential
from tokenlint.redact import Redactor
from tokenlint.model import Finding
from tokenlint.sources.tree import STDIN, Problem, Target

BINARY_SNIFF = 8192
PREFILTER = credentials.PREFILTER
NETRC_NAMES = (".netrc", "_netrc", "netrc", ".git-credentials")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    size: int = 0
    scanned: bool = False
    usage: list = field(default_factory=list)  # ApiCall and GitRemote facts, for the inventory
    ignored: int = 0  # findings that inline ignores suppressed


@cache
def _matcher():
    """One pass over the bytes for every prefilter literal and the inline-ignore marker.

    ahocorasick-rs (Rust's aho-corasick with SIMD prefilters) does this at about 500 MB/s,
    three times a loop of `bytes.__contains__` over the same literals.
    """
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick([*PREFILTER, suppress.MARKER_BYTES])


def prefilter(data: bytes, name: str) -> tuple[bool, bool]:
    """(worth detecting in, holds a `tokenlint:` marker): cheap enough for every byte scanned."""
    hits = {index for index, _, _ in _matcher().find_matches_as_indexes(data)}
    marker = len(PREFILTER) in hits
    interesting = len(hits) > marker or name in NETRC_NAMES or name.startswith("bitbucket-pipelines")
    return interesting, marker


def scan_bytes(path: str, data: bytes, policies: list[Policy], *, inline_ignores: bool = True) -> FileResult:
    result = FileResult(path, size=len(data))
    nul = data.find(b"\0", 0, BINARY_SNIFF)
    if nul != -1:
        result.problems.append(Problem(path, f"binary (NUL byte at offset {nul})", False))
        return result
    result.scanned = True
    interesting, marked = prefilter(data, path.rsplit("/", 1)[-1].lower())
    marked = marked and inline_ignores  # an unused ignore is a finding too, so marked files are read
    if not marked and not interesting:
        return result
    doc, utf8 = Document.from_bytes(path, data)
    if not utf8:
        result.notes.append(f"{path}: not valid UTF-8; scanned as Latin-1")
    facts: list = credentials.detect(doc)
    if "bitbucket" in doc.lower or doc.name.lower().startswith("bitbucket-pipelines"):
        from tokenlint.detectors import usage

        usage_facts, notes = usage.detect(doc)
        facts.extend(usage_facts)
        result.notes.extend(notes)
        result.usage = [f for f in usage_facts if f.fact in ("api-call", "git-remote", "script-run")]
    result.findings = evaluate(policies, facts, path)
    if marked:
        result.findings, result.ignored = suppress.apply(doc, result.findings, policies)
    _redact(result, [f for f in facts if f.fact == "credential"])
    return result


def _redact(result: FileResult, found: list[Credential]) -> None:
    """Hide every credential of this document wherever the file's results repeat it (a message
    quoting a URL, the inventory's URL, a note), before anything leaves the scan."""
    if not (result.findings or result.usage or result.notes):
        return
    redactor = Redactor(secret for cred in found for secret in known_values(cred))
    result.findings = [redactor.finding(f) for f in result.findings]
    result.notes = [redactor.text(n) for n in result.notes]
    for fact in result.usage:
        redactor.fact(fact)


def known_values(cred: Credential) -> list[str]:
    """The secret of a credential as it may appear in text: the value, and for a Basic header
    also the `user:secret` and secret it encodes."""
    values = [cred.value]
    if cred.context in ("authorization-basic", "git-extraheader"):
        try:
            decoded = base64.b64decode(cred.value + "=" * (-len(cred.value) % 4), validate=True).decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return values
        values.extend((decoded, decoded.partition(":")[2]))
    return values


def read_target(target: Target, max_size: int) -> tuple[bytes | None, Problem | None]:
    """Read a file, or say precisely why it was not read."""
    if target.fs_path == STDIN:
        data = sys.stdin.buffer.read(max_size + 1)
        if len(data) > max_size:
            return None, Problem(target.display, f"larger than the size limit ({max_size} bytes)", True)
        return data, None
    try:
        st = os.lstat(target.fs_path)
        if stat.S_ISLNK(st.st_mode):
            return None, Problem(target.display, "symlink, not followed", False)
        if not stat.S_ISREG(st.st_mode):
            return None, Problem(target.display, "not a regular file (FIFO, socket or device)", False)
        if st.st_size > max_size:
            return None, Problem(target.display, f"larger than the size limit ({st.st_size} > {max_size} bytes; raise --max-file-size or exclude it)", True)
        with open(target.fs_path, "rb") as fh:
            return fh.read(max_size + 1), None
    except FileNotFoundError:
        return None, Problem(target.display, "vanished during the scan", True)
    except OSError as exc:
        return None, Problem(target.display, f"cannot read: {exc.strerror or exc}", True)


def scan_target(target: Target, policies: list[Policy], max_size: int, inline_ignores: bool = True) -> FileResult:
    data, problem = read_target(target, max_size)
    if problem is not None:
        return FileResult(target.display, problems=[problem])
    if len(data) > max_size:
        return FileResult(target.display, problems=[Problem(target.display, "grew past the size limit while being read", True)])
    return scan_bytes(target.display, data, policies, inline_ignores=inline_ignores)
