"""`--write`: each rewritten file replaced in one step, keeping its mode, never through a link."""

from __future__ import annotations

from pathlib import Path

from tokenlint import safewrite
from tokenlint.fixes.model import FileFix

WriteError = safewrite.WriteError  # what write() raises: the file is left as it was


class Changed(WriteError):
    """The file changed on disk between the scan and the write."""


def write(fix: FileFix) -> None:
    """Replace `fix.path` with the rewritten text, unless it no longer holds the text the rewrite
    was made from (an editor saved it meanwhile): then Changed, and nothing is written."""
    path = Path(fix.path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            now = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise safewrite.WriteError(f"{path}: cannot read it again: {getattr(exc, 'strerror', None) or exc}") from None
    if now != fix.before:
        raise Changed(f"{path}: changed since it was scanned; not rewritten (run `tokenlint fix` again)")
    with safewrite.open_text(path, "fix") as handle:
        handle.write(fix.after)
