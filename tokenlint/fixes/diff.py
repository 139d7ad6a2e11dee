"""The unified diff `fix` prints: what `--write` would change, with no secret in it.

The removed lines are the old code, which may hold the literal secret being replaced; every
line goes through the redaction step, which knows the file's secrets by value as well as by
shape, so the diff shows `-u "jdoe:[redacted…]"`, never the password.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator

from tokenlint import redact
from tokenlint.fixes.model import FileFix

CONTEXT = 3


def shown(path: str) -> str:
    """The path as the diff names it: relative to the current folder when it lies inside it (as
    `git diff` does, so `git apply` takes the patch), else without its leading `/`
    (`patch -p1` from the root takes it), never `a//tmp/…`."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else path.lstrip("/")


def unified(fix: FileFix, secrets: Iterable[str] = ()) -> Iterator[str]:
    """The diff of one file, line by line (each ending in a newline), `secrets` hidden."""
    known = [s for s in secrets if s]
    redactor = redact.Redactor(known) if known else redact.shapes()
    lines = difflib.unified_diff(fix.before.splitlines(keepends=True), fix.after.splitlines(keepends=True),
                                 f"a/{shown(fix.path)}", f"b/{shown(fix.path)}", n=CONTEXT)
    for line in lines:
        text = redactor.text(line)
        yield text if text.endswith("\n") else text + "\n\\ No newline at end of file\n"
