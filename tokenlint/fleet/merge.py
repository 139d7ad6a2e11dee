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

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tokenlint.fleet.model import Record
from tokenlint.fleet.run import RESULTS, read_records


@dataclass
class Merged:
    """The records to summarize (one per repository) and what the reader should be told."""

    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0


def merge(folders: Iterable[Path]) -> Merged:
    """Every record of every folder's results.jsonl, one per repository (the later one wins)."""
    merged = Merged()
    kept: dict[str, tuple[Record, Path]] = {}
    for folder in folders:
        path = folder / RESULTS
        merged.files += 1
        for record in read_records(path, warn=merged.warnings.append):
            name = record["repo"]
            if name in kept and kept[name][1] != path:
                merged.warnings.append(f"{name}: in {kept[name][1]} and {path}: the later ({path}) is kept")
            kept.pop(name, None)  # re-inserted: the record's place is where it was last written
            kept[name] = (record, path)
    merged.records = [record for record, _ in kept.values()]
    return merged
