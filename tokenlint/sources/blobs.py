"""Read blobs out of a repository through one long-lived `git cat-file --batch`.

Shared by the history walk, the staged source and the CI gate's config reader; kept apart from
the history walk so that a pre-commit run (the staged source) loads no more than it needs.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path
from typing import IO, TypeAlias, TypeVar

from tokenlint import gitutil, scanner
from tokenlint.sniff import WINDOW

READ_CHUNK = 1 << 20
DRAIN_MAX = 64 << 20  # rest of an oversized blob read and dropped; beyond it cat-file is restarted

# A blob's bytes, or no bytes and (why not, whether that is an error).
BlobRead: TypeAlias = tuple[bytes, None] | tuple[None, tuple[str, bool]]


class BlobReader:
    """One long-lived `git cat-file --batch`: ask for a blob by id, read its bytes back.

    Requests go one at a time (write the id, read the answer): the pipes can never deadlock,
    and a corrupt object that kills cat-file mid-answer costs only that blob (a fresh process
    serves the rest). Reading ahead on a thread, so git inflates while Python scans, was
    tried: on a busy 2-core machine it was no faster, so it is not done.
    """

    def __init__(self, repo: str | Path) -> None:
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the reader; __exit__ closes it

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()
        self._err.close()

    def read(self, oid: bytes, limit: int) -> BlobRead:
        """The blob's bytes, or None and (why not, whether that is an error). A blob over the
        limit is judged on its first bytes: a binary one is skipped, not a size error."""
        if self._proc is None:
            self._proc = subprocess.Popen(gitutil.git_command(self.repo, "cat-file", "--batch"),
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err,
                                          env=gitutil.git_env())
        out, into = buffered(self._proc.stdout), _opened(self._proc.stdin)
        try:
            into.write(oid + b"\n")
            into.flush()
        except BrokenPipeError:
            return None, (self._died(oid), True)
        fields = out.readline().split()
        if fields == [oid, b"missing"]:
            return None, (f"object {oid.decode()} is missing or corrupt{self._git_says()}", True)
        if len(fields) != 3 or fields[0] != oid or not fields[2].isdigit():
            return None, (self._died(oid), True)
        size = int(fields[2])
        if size > limit:
            head = out.read(min(size, WINDOW))
            if len(head) != min(size, WINDOW):
                return None, (self._died(oid), True)
            if size + 1 - len(head) > DRAIN_MAX:
                self._stop()  # a fresh cat-file costs less than reading a huge blob through the pipe
            elif not _drain(out, size + 1 - len(head)):
                return None, (self._died(oid), True)
            return None, scanner.too_large(head, size, limit)
        data = out.read(size)
        if len(data) != size or out.read(1) != b"\n":
            return None, (self._died(oid), True)
        return data, None

    def _died(self, oid: bytes) -> str:
        reason = f"cannot read object {oid.decode()}: git cat-file stopped{self._git_says()}"
        self._stop()
        return reason

    def _git_says(self) -> str:
        said = last_line(self._err)
        self._err.seek(0)
        self._err.truncate()
        return f" ({said})" if said else ""

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except BrokenPipeError:
                pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_Stream = TypeVar("_Stream")


def _opened(stream: _Stream | None) -> _Stream:
    """A pipe of a process started with it as PIPE (typeshed cannot tell it is never None then)."""
    if stream is None:
        raise RuntimeError("git was started without the pipe it is read through")
    return stream


def buffered(stream: IO[bytes] | None) -> io.BufferedReader:
    """The stdout of a process started with stdout=PIPE and default buffering: a BufferedReader,
    whose `read1` returns what the pipe holds without waiting for a full block."""
    if not isinstance(stream, io.BufferedReader):
        raise RuntimeError(f"git's output is not a buffered pipe ({type(stream).__name__})")
    return stream


def _drain(stream: IO[bytes], size: int) -> bool:
    """Read and drop `size` bytes in chunks, so an oversized blob is never held whole."""
    while size:
        chunk = stream.read(min(READ_CHUNK, size))
        if not chunk:
            return False
        size -= len(chunk)
    return True


def last_line(err: IO[bytes]) -> str:
    err.flush()
    err.seek(0)
    lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
    err.seek(0, os.SEEK_END)
    return lines[-1].strip()[:200] if lines else ""


def tree_blobs(repo: str | Path, commit: str, *paths: str) -> list[tuple[bytes, bytes, bytes]] | str:
    """(mode, blob id, raw path) of every blob in `commit`'s tree (at or under `paths`, taken
    literally, when given); or, when git cannot list them, the first line of what it said."""
    listing = gitutil.run_git(repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree",
                              "--end-of-options", commit, *paths, check=False)  # after it, no "--": a path
    if listing.returncode != 0:
        return gitutil.first_line(listing.stderr) or f"git ls-tree exit {listing.returncode}"
    out = []
    for entry in listing.stdout.split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")
        fields = meta.split(b" ")
        if len(fields) == 3 and fields[1] == b"blob":
            out.append((fields[0], fields[2], raw_path))
    return out

