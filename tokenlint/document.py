"""A decoded file with the offset → line/column mapping that every detector needs."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from tokenlint.sniff import TEXT, Sniff, decode

COMMENT_LEADERS = ("#", "//", "/*", "*", "--", ";", "<!--", "REM ", "rem ")


@dataclass
class Document:
    path: str
    text: str
    _starts: list[int] | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, path: str, data: bytes, kind: Sniff = TEXT) -> tuple[Document, str | None]:
        """Decode as `kind` says (UTF-8, else Latin-1, which keeps every byte scannable; or the
        UTF-16/32 a byte order mark names); the second value notes what did not decode."""
        text, note = decode(data, kind)
        return cls(path, text), note

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end]

    def is_commented(self, offset: int) -> bool:
        """Whether the line holding `offset` is a comment line (a heuristic good for any syntax)."""
        line, _ = self.line_col(offset)
        return self.line_text(line).lstrip().startswith(COMMENT_LEADERS)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]
