"""The Dask backend of `tokenlint fleet --dask SCHEDULER_ADDRESS`: the repositories are scanned
on an existing `dask.distributed` cluster instead of the local process pool.

Dask, not a home-made protocol: the scheduler already places tasks on workers, re-runs a task
whose worker died, and gives up on one that kills worker after worker (`KilledWorker`); the
cluster can be started by hand (`dask scheduler`, `dask worker tcp://…`), by dask-kubernetes,
dask-jobqueue (Slurm, PBS …) or a cloud service, and tokenlint never needs to know which. Each
repository is one task, `task(spec, options)` (both plain picklable data, see model.py), whose
result is the repository's record; the records come back as they finish, in any order, exactly
as from the local pool, so the run writes, resumes and summarises them the same way.

Like every backend it never raises once the run has started: a task that raised, a worker that
died under it, a task the scheduler cancelled and a cluster that went away mid-run each become a
record with status "failed" and a one-line reason for the repository concerned. What can fail
before anything is submitted is said in one line: Dask not installed (exit 2, with the command
that installs it: Dask is an optional extra) and a scheduler that cannot be reached (exit 3).

The scan's own time limit (`FleetOptions.timeout`) is kept by the worker with SIGALRM, which only
a process's main thread receives; Dask runs tasks in a worker's thread pool, so on a cluster the
clone and fetch keep their limits (git runs as a subprocess with a timeout) but a scan does not.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tokenlint import redact
from tokenlint.errors import TokenlintError
from tokenlint.fleet.model import FleetOptions, Record, RepoSpec, Task
from tokenlint.fleet.worker import failed

if TYPE_CHECKING:
    from distributed import Client, Future

INSTALL = "pip install 'tokenlint[dask]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler before the run is given up

# tcp://host:8786, tls://[::1]:8786, ucx://…, or host:port (Dask then assumes tcp)
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[A-Za-z0-9._~%\[\]:-]+:[0-9]{1,5}/?")


class DaskError(TokenlintError):
    """The Dask backend cannot start. `exit_code`: 2 when Dask is missing or the address is no
    address, 3 when the scheduler cannot be reached."""

    def __init__(self, message: str, exit_code: int = 3):
        super().__init__(message)
        self.exit_code = exit_code


def backend(address: str, *, connect_timeout: float = CONNECT_TIMEOUT) -> DaskBackend:
    """A Backend that runs the fleet on the Dask scheduler at `address`. It connects now, so a
    scheduler that is not there is said before the run starts (DaskError, exit 3)."""
    try:  # an optional extra: imported only when --dask is asked for
        from distributed import Client
    except ImportError:
        raise DaskError(f"--dask needs Dask, an optional extra; install it with: {INSTALL}", 2) from None
    if not _ADDRESS.fullmatch(address):
        raise DaskError(f"--dask takes a Dask scheduler address such as tcp://scheduler:8786, got "
                        f"{redact.show_value(address, 60)}", 2)
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise DaskError(f"--dask: cannot reach the Dask scheduler at {redact.text(address)} within "
                        f"{connect_timeout:g} s ({_one_line(exc)})", 3) from None
    except ValueError as exc:  # an address Dask cannot parse (an unknown protocol)
        raise DaskError(f"--dask: {redact.text(address)} is no Dask scheduler address ({_one_line(exc)})", 2) from None
    return DaskBackend(client)


class DaskBackend:
    """One connected client, used for one run and closed at its end."""

    def __init__(self, client: Client):
        self.client = client

    def close(self) -> None:
        """Disconnect (the cluster itself stays up). Also done when a run's records are all read."""
        try:
            self.client.close()
        except Exception:  # already gone: nothing left to release
            pass

    def __call__(self, task: Task, specs: list[RepoSpec], options: FleetOptions) -> Iterator[Record]:
        from distributed import as_completed

        pending: dict[Future, RepoSpec] = {}
        left = list(specs)
        run = uuid.uuid4().hex[:12]
        try:
            for number, spec in enumerate(specs):
                # pure=False and a key of this run's own: the same repository scanned twice is two
                # tasks, never a result the scheduler kept from an earlier run
                pending[self.client.submit(task, spec, options, pure=False, key=f"tokenlint-{run}-{number}")] = spec
            left = []
            for future in as_completed(list(pending), loop=self.client.loop):
                spec = pending.pop(future)
                yield _record(future, spec, options)
        except Exception as exc:  # the scheduler went away mid-run, or a submit failed: the rest fail
            reason = f"the Dask cluster failed during the run: {_one_line(exc)}"
            for spec in [*pending.values(), *left]:
                yield failed(spec, reason)
        finally:
            self.close()


def _record(future: Future, spec: RepoSpec, options: FleetOptions) -> Record:
    """The task's record, or a failed record saying why there is none."""
    try:
        if future.status == "cancelled":
            return failed(spec, "cancelled by the Dask scheduler")
        if future.status == "error":
            return failed(spec, _why(future.exception()))
        record = future.result()
    except Exception as exc:  # the result could not be fetched (a lost worker, a connection drop)
        return failed(spec, _why(exc))
    if not isinstance(record, dict):
        return failed(spec, f"the task returned {type(record).__name__}, not a record")
    return record


def _why(exc: BaseException | None) -> str:
    if exc is None:
        return "failed on the Dask cluster"
    if type(exc).__name__ == "KilledWorker":  # distributed.scheduler.KilledWorker, without importing the scheduler
        return "the Dask worker scanning it died (out of memory or a crash), on every try"
    return f"failed on the Dask cluster: {_one_line(exc)}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {redact.text(text)[:300]}"
