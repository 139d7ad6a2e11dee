"""Results of earlier scans, kept on disk so a second run reads only what is new.

A git blob never changes, and what tokenlint finds in one depends only on its bytes, its path,
the rules and tokenlint itself. So a history scan run again (or a CI run on a pull request whose
base was scanned before) can take the result of every blob it has met before without reading
it: the cache is keyed by (blob id, path) under a salt made of the tokenlint version, the
installed package's files (a developer's edit invalidates it) and the enabled rules with the
options that change a file's result.

What is kept is the per-file result as the scan made it: findings already redacted, usage facts
already redacted (`scanner._redact`), notes and problems. Nothing in it holds a secret value
that the report itself would not.

The store is one SQLite file (`results.sqlite3`) under `$TOKENLINT_CACHE_DIR`, else
`$XDG_CACHE_HOME/tokenlint`, else `~/.cache/tokenlint`:

- concurrent runs: SQLite's locking, a busy timeout, and writes batched into short
  transactions; a run that cannot get the lock in time goes on without storing;
- a corrupt file (torn write, disk full, someone else's bytes): detected on open or on read,
  moved aside and rebuilt; an entry that does not load is a miss;
- bounded: entries remember when they were last used; past the size limit
  (`TOKENLINT_CACHE_SIZE`, default 512 MB) the least recently used go first.

Entries are pickles read back through an unpickler that builds only tokenlint's own result
types (never an arbitrary callable), so a planted cache file cannot run code.

The scanned repository has no say in any of this: its config cannot move, enable or size the
cache (only the environment and `--no-cache` can).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import pickle
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tokenlint import __version__

if TYPE_CHECKING:
    from tokenlint.engine.rule import Policy
    from tokenlint.engine.settings import Settings
    from tokenlint.scanner import FileResult

FILE = "results.sqlite3"
DEFAULT_SIZE = 512 << 20
BUSY_TIMEOUT = 5.0  # seconds a run waits for another run's transaction
BATCH = 500  # stores per transaction
SCHEMA = 2
_PACKAGE = Path(__file__).resolve().parent


def directory(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """Where the cache lives: the environment's choice, else the XDG cache folder."""
    if environ.get("TOKENLINT_CACHE_DIR"):
        return Path(environ["TOKENLINT_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tokenlint"


def size_limit(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The most bytes of entries kept: `TOKENLINT_CACHE_SIZE` (`200MB`, `1G`, bytes), else the default."""
    from tokenlint.config import parse_size

    try:
        return parse_size(environ.get("TOKENLINT_CACHE_SIZE") or DEFAULT_SIZE)
    except ValueError:
        return DEFAULT_SIZE


def salt(policies: Iterable[Policy], *options: object) -> bytes:
    """What, besides a blob's bytes and path, decides its result: tokenlint (version and the
    installed files, by size and modification time), the rules as loaded and the options."""
    h = hashlib.sha256(f"{SCHEMA}\0{__version__}\0{sys.version}\0{_libraries()}\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml", ".json") and "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path.relative_to(_PACKAGE)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    rules = [(p.code, p.slug, p.enabled, str(p.severity), str(p.confidence), p.message, p.check, p.when, p.raw)
             for p in policies]
    h.update(json.dumps([rules, [str(o) for o in options]], sort_keys=True, default=str).encode())
    return h.digest()


def open_for(settings: Settings) -> ResultCache:
    """The cache a scan with these settings uses (one that keeps nothing when turned off)."""
    if not settings.cache:
        return ResultCache(None)
    options = (settings.inline_ignores, settings.inventory, settings.max_file_size)
    return ResultCache(directory(), salt(settings.policies, *options), size_limit())


def _libraries() -> str:
    """The versions of the libraries that shape a result (the grammars above all: a new grammar
    parses differently), read from the names of their installed metadata folders."""
    spec = importlib.util.find_spec("tree_sitter")
    if spec is None or spec.origin is None:
        return ""
    folder = Path(spec.origin).parent.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return ""
    prefixes = ("tree_sitter", "pyyaml", "ahocorasick", "pathspec")
    return ",".join(sorted(n for n in names if n.endswith(".dist-info") and n.lower().startswith(prefixes)))


class ResultCache:
    """Per-blob scan results on disk. Every method swallows the cache's own failures (saying
    why once in `notes`): a broken cache costs speed, never a scan."""

    def __init__(self, folder: Path | None, salt: bytes = b"", limit: int = DEFAULT_SIZE) -> None:
        """`folder` None: a cache that keeps nothing (`--no-cache`)."""
        self.folder = folder or Path()
        self.salt = salt
        self.limit = limit
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None  # one read transaction for the whole run
        self._pending: list[tuple[bytes, bytes, int, int]] = []
        self._used: list[bytes] = []
        if folder is not None:
            self._open()

    # --- opening -------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:  # not a database, or a torn one: start again
            self._close_db()
            if not self._set_aside(exc):
                return
            try:
                self._db = self._connect()
            except (sqlite3.Error, OSError) as again:
                self._disable(f"cannot open it: {again}")
        except (sqlite3.Error, OSError) as exc:
            self._close_db()
            self._disable(f"cannot open it: {getattr(exc, 'strerror', None) or exc}")

    def _connect(self) -> sqlite3.Connection:
        path = self.folder / FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)  # never via a symlink
        os.close(fd)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: a file torn by a crash is found when read, and rebuilt
            db.execute("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL,"
                       " size INTEGER NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE INDEX IF NOT EXISTS results_used ON results (used)")
        except BaseException:
            db.close()
            raise
        return db

    def _set_aside(self, exc: Exception) -> bool:
        path = self.folder / FILE
        try:
            os.replace(path, self.folder / f"{FILE}.corrupt")
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as why:
            self._disable(f"it is corrupt ({exc}) and cannot be moved aside: {why.strerror or why}")
            return False
        self.notes.append(f"cache: {path} was corrupt ({exc}); moved aside and rebuilt")
        return True

    def _disable(self, why: str) -> None:
        self._db = None
        self.notes.append(f"cache: {self.folder / FILE}: {why}; scanning without it")

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _close_db(self) -> None:
        self._close_reader()
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- use -----------------------------------------------------------------------------

    def key(self, oid: str | bytes, path: str) -> bytes:
        oid = oid.decode() if isinstance(oid, bytes) else oid
        return hashlib.sha256(self.salt + f"\0{oid}\0{path}".encode("utf-8", "surrogateescape")).digest()

    def get(self, oid: str | bytes, path: str) -> FileResult | None:
        """The result stored for this blob at this path, or None."""
        if self._db is None:
            return None
        key = self.key(oid, path)
        try:
            if self._reader is None:
                self._reader = sqlite3.connect(self.folder / FILE, timeout=BUSY_TIMEOUT, isolation_level=None)
                self._reader.execute("BEGIN")  # one snapshot, not a lock taken and dropped per look-up
            row = self._reader.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed("read", exc)
            return None
        result = _load(row[0], path) if row else None
        if result is None:
            return None
        self._used.append(key)
        if len(self._used) >= BATCH * 8:
            self.flush()
        return result

    def put(self, oid: str | bytes, path: str, result: FileResult) -> None:
        """Store a blob's result, unless it is an error (a blob git could not give, a worker that
        died): the next run must try that blob again."""
        if self._db is None or any(p.error for p in result.problems):
            return
        if result.scanned and not (result.findings or result.problems or result.notes or result.usage
                                   or result.defines or result.ignored):
            value = b"e%d" % result.size  # most blobs: read, nothing found; no pickle for them
        else:
            value = b"z" + zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._pending.append((self.key(oid, path), value, len(value), time.time_ns()))
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Store what is pending and mark what was used, in one short transaction."""
        if self._db is None or not (self._pending or self._used):
            return
        pending, used, now = self._pending, self._used, time.time_ns()
        self._pending, self._used = [], []
        try:
            with _transaction(self._db):
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", pending)
                self._db.executemany("UPDATE results SET used = ? WHERE key = ?", [(now, k) for k in used])
        except sqlite3.Error as exc:
            self._failed("write", exc)

    def close(self) -> None:
        """Flush, evict the least recently used entries past the limit, and close."""
        if self._db is None:
            return
        self.flush()
        self._close_reader()  # its snapshot would keep the checkpoint from trimming the log
        try:
            self._evict()
        except sqlite3.Error as exc:
            self._failed("trim", exc)
        self._close_db()

    def _evict(self) -> None:
        assert self._db is not None
        total = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()[0]
        if total <= self.limit:
            return
        goal, freed, doomed = total - self.limit * 8 // 10, 0, []  # down to 80 %: not every run
        for key, size in self._db.execute("SELECT key, size FROM results ORDER BY used"):
            if freed >= goal:
                break
            doomed.append((key,))
            freed += size
        with _transaction(self._db):
            self._db.executemany("DELETE FROM results WHERE key = ?", doomed)
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _failed(self, what: str, exc: sqlite3.Error) -> None:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            if not any("busy" in n for n in self.notes):
                self.notes.append(f"cache: {self.folder / FILE} was busy (another run?); some results not stored")
            return
        self._close_db()
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            if self._set_aside(exc):  # malformed: the next run starts a fresh one
                self.notes[-1] = f"cache: {self.folder / FILE} is corrupt ({exc}); moved aside, rebuilt next run"
            self._db = None
            return
        self._disable(f"cannot {what} it ({exc})")

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): takes the write lock up front, so two runs
    wait for each other (busy timeout) instead of failing half-way."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")


#: The only globals an entry may name: tokenlint's result types and the enums inside them.
_ALLOWED_MODULES = ("tokenlint.model", "tokenlint.facts", "tokenlint.scanner")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if module in _ALLOWED_MODULES and not name.startswith("_"):
            found = getattr(__import__(module, fromlist=[name]), name, None)
            if isinstance(found, type) and found.__module__ == module:  # defined there, not imported
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a result type")


def _load(value: bytes, path: str) -> FileResult | None:
    from tokenlint.scanner import FileResult

    if value[:1] == b"e" and value[1:].isdigit():
        return FileResult(path, size=int(value[1:]), scanned=True)
    if value[:1] != b"z":
        return None
    try:
        loaded = _Unpickler(io.BytesIO(zlib.decompress(value[1:]))).load()
    except Exception:  # a bad entry of any kind is a miss, never a crash
        return None
    return loaded if isinstance(loaded, FileResult) else None
