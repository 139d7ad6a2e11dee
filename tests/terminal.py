"""Reading what a child process writes to a pseudo-terminal, for the tests of terminal-only output
(the progress bar on stderr, colour on stdout)."""

from __future__ import annotations

import os
import select
import subprocess
import time


def drain(master: int, proc: subprocess.Popen[bytes], seconds: float) -> bytes:
    """Everything the terminal's other side receives until the process closes it or exits
    (at most `seconds`); closes `master`. The caller has closed its copy of the slave side."""
    seen = bytearray()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other side closed (Linux: EIO)
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return bytes(seen)
