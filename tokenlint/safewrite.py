"""Write a report or a baseline so that no reader ever sees half a file and no link is followed.

Every file tokenlint writes goes through here. The text goes to a new temporary file in the
target's own folder, created with O_EXCL|O_NOFOLLOW (`tempfile.mkstemp`: a random name, so a
file or symlink planted at a predictable `<target>.tmp` is never touched), is flushed to disk,
then renamed onto the target in one step. Concurrent runs writing the same report therefore
leave one complete report, never an interleaving, and the rename replaces a hard link rather
than writing through it.

A target that is a symbolic link is refused, never written through (a link planted in a
scanned repository must not make tokenlint overwrite a file elsewhere) — except a link to a
stream, not a file: `-o /dev/stdout` or a shell's `>(…)` are written to directly, since there
is no file to replace there. For the same reason a folder on the way to the target that is a
symbolic link below the current folder (a CI step runs in the checkout it judges, and a pull
request can commit `test-results -> /elsewhere`) is refused. Missing folders on the way are
created when the file is written (`--format junit:test-results/tokenlint.xml`), as test
runners do for their reports.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from tokenlint.errors import TokenlintError


class WriteError(TokenlintError):
    pass


def check(path: Path, what: str = "output") -> None:
    """Raise WriteError now, before any work, if `path` could not be written at the end: its
    folder is missing or not writable, or the path is a folder or a symlink to a file."""
    if _stream(path, what):
        return
    _refuse_linked_folders(path, what)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # created at the write: judge the nearest there is
        folder = folder.parent
    if not folder.is_dir():
        raise WriteError(f"{path}: cannot write {what}: {folder} is not a folder")
    try:  # the only sure test (permissions, read-only file systems, root): make and drop a temp file
        import tempfile  # start-up: only a run that writes a file needs it (pre-commit writes none)

        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write {what} in folder {folder}: {exc.strerror or exc}") from None


def _refuse_linked_folders(path: Path, what: str) -> None:
    """WriteError if a folder between the current folder and `path` is a symbolic link: the tree
    being scanned may have planted it to move a report outside (see the module docstring)."""
    here = Path.cwd()
    folder = Path(os.path.abspath(path)).parent
    if folder != here and here not in folder.parents:
        return  # outside the current folder: a place the user named, not the checkout
    while folder != here:
        if folder.is_symlink():
            raise WriteError(f"{path}: cannot write {what}: folder {folder.relative_to(here)} is a symbolic link, "
                             "and reports are not written through links in the tree (name the real folder)")
        folder = folder.parent


def _stream(path: Path, what: str) -> bool:
    """Whether `path` is (or links to) a device, pipe or socket; refuse folders and symlinks to files."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{path}: cannot write {what}: it is a folder")
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
        except OSError:
            target = None
        if target is None or stat.S_ISREG(target.st_mode) or stat.S_ISDIR(target.st_mode):
            raise WriteError(f"{path}: cannot write {what}: it is a symbolic link, and links are not written "
                             "through (name the file itself)")
        st = target  # a link to a device or pipe: judge what it points at
    return not stat.S_ISREG(st.st_mode)


@contextmanager
def open_text(path: Path, what: str = "output") -> Iterator[TextIO]:
    """A text file to write `path` through: renamed onto `path` when the block ends without an
    exception, removed otherwise. WriteError (exit 2) for anything that prevents the write."""
    path = Path(path)
    if _stream(path, what):
        with _open_stream(path, what) as fh:
            yield fh
        return
    _refuse_linked_folders(path, what)
    folder = path.parent
    try:
        os.makedirs(folder, exist_ok=True)
        import tempfile  # start-up: as above

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"{path}: cannot write {what} in folder {folder}: {exc.strerror or exc}") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
        raise
    _sync_folder(folder)


def write_text(path: Path, text: str, what: str = "output") -> None:
    with open_text(path, what) as fh:
        fh.write(text)


@contextmanager
def _open_stream(path: Path, what: str) -> Iterator[TextIO]:
    """A device or pipe, opened without creating or truncating anything, and checked again
    once open (the link may have changed since it was looked at)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise WriteError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteError(f"{path}: cannot write {what}: it changed into a file while being opened")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
    except BrokenPipeError:  # `-o /dev/stdout | head`: the reader left, as with plain stdout
        raise
    except OSError as exc:  # /dev/full
        raise WriteError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain `open()` would have given a new file
    (mkstemp's own 0600 would hide a committed baseline from the rest of the team)."""
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
