"""`tokenlint fleet merge`: the records of several runs (the shards of `--shard I/N`, run by a
batch system on other machines) read back and joined into one list for the summary.

Each folder's `results.jsonl` holds one record per line, written and flushed as each repository
finished. A run killed mid-write leaves its last line cut short: that line is skipped with a
warning (the repository was not finished; a resumed run scans it again). Anything else that is
not a record is an error, since a summary quietly missing repositories would look complete. A
repository found in several folders (a shard retried, overlapping shards) is kept once: the
later folder on the command line wins, and the warning says which.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tokenlint.errors import TokenlintError
from tokenlint.fleet.model import RECORD_VERSION, Record

RESULTS = "results.jsonl"


class MergeError(TokenlintError):
    """Results that cannot be read, or hold something that is no record (exit 2)."""


@dataclass
class Merged:
    """The records to summarize (one per repository) and what the reader should be told."""

    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0


def _is_record(value: object) -> bool:
    return isinstance(value, dict) and value.get("version") == RECORD_VERSION and isinstance(value.get("repo"), str)


def read_results(path: Path, warn: Callable[[str], None]) -> list[Record]:
    """The records of one results file, in the order written; a cut-short last line is skipped
    (`warn` says so), anything else unreadable raises MergeError with a one-line message."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MergeError(f"{path}: cannot read results: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    complete = data.endswith(b"\n")
    records: list[Record] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        last = number == len(lines) and not complete
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            if last:  # the line a killed run was writing
                warn(f"{path}: line {number} is cut short (an interrupted run?): skipped")
                continue
            raise MergeError(f"{path}: line {number} is not a fleet record (write it with `tokenlint fleet`)") from None
        if not _is_record(value):
            raise MergeError(f"{path}: line {number} is not a fleet record (write it with `tokenlint fleet`)")
        records.append(value)
    return records


def merge(folders: Iterable[Path]) -> Merged:
    """Every record of every folder's results.jsonl, one per repository (the later one wins)."""
    merged = Merged()
    kept: dict[str, tuple[Record, Path]] = {}
    for folder in folders:
        path = folder / RESULTS
        merged.files += 1
        for record in read_results(path, merged.warnings.append):
            name = record["repo"]
            if name in kept and kept[name][1] != path:
                merged.warnings.append(f"{name}: in {kept[name][1]} and {path}: the later ({path}) is kept")
            kept.pop(name, None)  # re-inserted: the record's place is where it was last written
            kept[name] = (record, path)
    merged.records = [record for record, _ in kept.values()]
    return merged
