"""What a file's first bytes say it is: text in some encoding, or binary.

Only the first WINDOW bytes are looked at, so a file over the size limit can be judged from
its head alone (a 12 MB image is a skipped binary, not a size error) and a 2 GB file is never
read to find a NUL at offset 0.

Text is what people and tools write: UTF-8 (with or without a byte order mark), Latin-1 and
friends, and UTF-16/UTF-32, which PowerShell and many Windows tools write with a byte order
mark. UTF-16 without one is recognised when its NUL pattern is unmistakable (ASCII text in
UTF-16 has a NUL in every other byte). Binary is judged on more than one NUL: a known
signature (PNG, ZIP, ELF ...), or at least two NUL bytes among a share of control bytes that
text does not have. One stray NUL, or a few in a long text, does not hide a file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

WINDOW = 8192

# (byte order mark, codec that strips it, name). UTF-32 LE's mark starts with UTF-16 LE's,
# so the longer marks are tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)

# Signatures that no text file starts with (each holds a byte that is not printable ASCII).
_SIGNATURES = (
    (b"\x89PNG", "PNG image"),  # the first half of its 8-byte signature: 0x89 starts no UTF-8 text
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

# Bytes text does not hold: C0 controls except tab, line feed, vertical tab, form feed,
# carriage return and escape (ANSI colours in logs), plus DEL.
_CONTROL = bytes(b for b in [*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
CONTROL_SHARE = 0.05  # at least this share of control bytes (with two NULs or more) is binary


@dataclass(frozen=True)
class Sniff:
    """`codec` decodes the file (None: binary, `reason` says why; "" with no codec: 8-bit text
    decoded as UTF-8, else Latin-1); `label` names a non-UTF-8 encoding for notes."""

    codec: str | None
    reason: str = ""
    label: str = ""

    @property
    def binary(self) -> bool:
        return self.codec is None


TEXT = Sniff("")


_LEADS = frozenset(mark[:1] for mark, *_ in (*_BOMS, *_SIGNATURES))


def sniff(head: bytes) -> Sniff:
    """Judge a file by its first WINDOW bytes (more are ignored). This runs on every file, so
    the common case (no mark, no NUL) costs one set lookup and one search."""
    if head[:1] in _LEADS:
        for bom, codec, label in _BOMS:
            if head.startswith(bom):
                return Sniff(codec, label=label)
        for signature, name in _SIGNATURES:
            if head.startswith(signature):
                return Sniff(None, f"binary ({name})")
    first = head.find(0, 0, WINDOW)
    if first == -1 or head.find(0, first + 1, WINDOW) == -1:  # no NUL, or only one
        return TEXT
    head = head[:WINDOW]
    wide = _utf16_without_bom(head)
    if wide is not None:
        return wide
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls >= CONTROL_SHARE * len(head):
        return Sniff(None, f"binary ({controls} control bytes in the first {len(head)}, "
                           f"the first NUL at offset {first})")
    return TEXT


def _utf16_without_bom(head: bytes) -> Sniff | None:
    """UTF-16 whose NULs sit in every other byte, as ASCII text in UTF-16 has them."""
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    for zeros, other, codec, label in ((odd, even, "utf-16-le", "UTF-16 LE"), (even, odd, "utf-16-be", "UTF-16 BE")):
        if zeros >= 0.9 * pairs and other <= 0.02 * pairs:
            try:
                head[:pairs * 2].decode(codec)
            except UnicodeDecodeError:
                # a surrogate pair cut by the window's end is still UTF-16; anything else is not
                try:
                    head[:pairs * 2 - 2].decode(codec)
                except UnicodeDecodeError:
                    return None
            return Sniff(codec, label=f"{label} (no byte order mark)")
    return None


def decode(data: bytes, kind: Sniff) -> tuple[str, str | None]:
    """The text of `data`, and a note when some of it could not be decoded as `kind` says."""
    if kind.codec:
        try:
            return data.decode(kind.codec), None
        except UnicodeDecodeError as exc:
            return (data.decode(kind.codec, "replace"),
                    f"not valid {kind.label} (at byte {exc.start}); undecodable bytes replaced")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; scanned as Latin-1"
