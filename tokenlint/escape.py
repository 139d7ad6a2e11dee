"""Make names and text from a scanned repository safe to print.

File names, commit authors and file content are chosen by whoever wrote the repository. A
newline in a file name forges a report line, an ESC sequence rewrites the terminal or a CI log,
and a name that is not UTF-8 (Python hands it over as lone surrogates, `os.fsdecode`) makes
writing the report fail. So before text output, control characters and undecodable bytes are
written as escapes, the way git quotes such names (`"a\\nb"`, `\\x80`); JSON keeps control
characters (its own escaping is safe) but writes undecodable bytes as `\\xNN` text, so the
report stays valid UTF-8.
"""

from __future__ import annotations

import re
from typing import Any

_NAMED = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e"}
# C0 and C1 controls, DEL, lone surrogates (undecodable bytes), and the bidirectional controls
# that reorder what a terminal shows ("trojan source").
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the raw byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def text(s: str) -> str:
    """Free text (a message, a note, a URL) on one line, with every unsafe character escaped."""
    return _UNSAFE.sub(lambda m: _escape_char(m.group(0)), s) if _UNSAFE.search(s) else s


def path(s: str) -> str:
    """A file name for text output: as is when harmless, else in double quotes with C escapes
    (backslash and quote escaped too), so that an escaped name cannot pass for a plain one."""
    if not _UNSAFE.search(s):
        return s
    quoted = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _UNSAFE.sub(lambda m: _escape_char(m.group(0)), quoted) + '"'


def json_safe(value: Any) -> Any:
    """A JSON-like structure whose strings hold no lone surrogate: undecodable bytes become `\\xNN`."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda m: _escape_char(m.group(0)), value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def encodable(s: str) -> str:
    """Last resort before bytes: a lone surrogate anywhere becomes U+FFFD instead of an exception
    (valid in every format, JSON included)."""
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s
