"""What the parts of a fleet scan hand each other: a repository to scan, the options every
worker gets, and the record each scanned repository becomes.

Everything here is plain data that pickles (a local process pool and a Dask cluster both ship
`RepoSpec` and `FleetOptions` to workers) and every record is a JSON object, one line of
`results.jsonl`, so that a run can resume from what it wrote, shards made on other machines can
be merged, and the summary never needs the repositories again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

#: The version of a record's shape (`version` in every line of results.jsonl).
RECORD_VERSION = 1

#: A record: one JSON object per repository (see `record` in tokenlint/fleet/worker.py for its keys).
Record = dict[str, Any]


@dataclass(frozen=True)
class RepoSpec:
    """One repository to scan.

    `name` is how reports name it (`workspace/slug` for a Bitbucket repository, the path as
    found for a local one, a clone URL without its credentials otherwise) and the key a run
    resumes and merges on. `location` is a local path (a work tree or a bare repository) or a
    clone URL (`kind` "url"); a URL is cloned or fetched into the fleet's cache folder first.
    `token_env` names the environment variable whose token authenticates that clone (Bearer,
    for the URL's host only, never on a command line); None: no credential is sent.
    """

    name: str
    location: str
    kind: str = "path"  # "path" | "url"
    token_env: str | None = None


@dataclass(frozen=True)
class FleetOptions:
    """How every repository is scanned; the same for all, shipped to each worker."""

    history: bool = False  # also scan every commit (`tokenlint history`), not only the default branch's tree
    cache_dir: str = ""  # where URLs are cloned and fetched (reused next time); "" = the default
    timeout: float = 600.0  # seconds a clone, fetch or scan of one repository may take
    fail_on: str | None = None
    min_confidence: str | None = None
    policy_dirs: tuple[str, ...] = ()
    max_file_size: int | None = None
    result_cache: bool = True  # the per-blob result cache of `history` (tokenlint.cache)
    extra: dict[str, Any] = field(default_factory=dict)  # room for options added later, still picklable


#: The work done for one repository, in whatever process runs it: top-level and picklable.
Task = Callable[[RepoSpec, FleetOptions], Record]


class Backend(Protocol):
    """Runs `task` on every spec and yields the records as they finish, in any order. The local
    pool, the sequential loop and the Dask cluster are backends; a failing repository is a record
    with status "failed", never an exception out of the backend."""

    def __call__(self, task: Task, specs: list[RepoSpec], options: FleetOptions) -> Iterator[Record]: ...
