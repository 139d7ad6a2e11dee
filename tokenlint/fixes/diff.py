"""The unified diff `fix` prints: what `--write` would change, with no secret in it.

The removed lines are the old code, which may hold the literal secret being replaced; every
line goes through the redaction step, which knows the file's secrets by value as well as by
shape, so the diff shows `-u "jdoe:[redacted…]"`, never the password.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from tokenlint import redact
from tokenlint.fixes.model import FileFix

CONTEXT = 3


def unified(fix: FileFix, secrets: Iterable[str] = ()) -> Iterator[str]:
    """The diff of one file, line by line (each ending in a newline), `secrets` hidden."""
    known = [s for s in secrets if s]
    redactor = redact.Redactor(known) if known else redact.shapes()
    lines = difflib.unified_diff(fix.before.splitlines(keepends=True), fix.after.splitlines(keepends=True),
                                 f"a/{fix.path}", f"b/{fix.path}", n=CONTEXT)
    for line in lines:
        text = redactor.text(line)
        yield text if text.endswith("\n") else text + "\n\\ No newline at end of file\n"
