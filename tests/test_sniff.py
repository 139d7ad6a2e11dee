"""Text in any encoding people write is scanned with its real line numbers; binary is judged on
more than one NUL; a file over the size limit is judged on its head before the size."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tokenlint import scanner
from tokenlint.sniff import sniff
from tokenlint.sources import blobs
from tokenlint.sources.tree import Target

from test_cli import report, rows
from test_history import Repo, cfg, cli_json, json_rows
from tokengen import make

TOKEN = make("app-password", seed=21)
LINES = f"# deploy script\r\nset -e\r\nBB_APP_PASSWORD={TOKEN}\r\n"


@pytest.mark.parametrize("name, data", [
    ("utf16le-bom.ps1", codecs.BOM_UTF16_LE + LINES.encode("utf-16-le")),
    ("utf16be-bom.ps1", codecs.BOM_UTF16_BE + LINES.encode("utf-16-be")),
    ("utf32le-bom.txt", codecs.BOM_UTF32_LE + LINES.encode("utf-32-le")),
    ("utf32be-bom.txt", codecs.BOM_UTF32_BE + LINES.encode("utf-32-be")),
    ("utf16le-nobom.txt", LINES.encode("utf-16-le")),
    ("utf16be-nobom.txt", LINES.encode("utf-16-be")),
    ("utf8-bom.txt", codecs.BOM_UTF8 + LINES.encode()),
])
def test_unicode_encodings_are_scanned_with_their_lines(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    found, proc = report(tmp_path, ".")
    assert proc.returncode == 1, proc.stderr
    assert rows(found) == {("app-password", name, 3)}
    assert found["problems"] == [] and found["notes"] == []
    (finding,) = found["findings"]
    assert finding["column"] == LINES.splitlines()[2].index(TOKEN) + 1


def test_a_utf8_byte_order_mark_is_not_a_character_of_the_first_line(tmp_path: Path):
    (tmp_path / "first.env").write_bytes(codecs.BOM_UTF8 + f"BB_APP_PASSWORD={TOKEN}\n".encode())
    found, _ = report(tmp_path, ".")
    assert [(f["path"], f["line"], f["column"]) for f in found["findings"]] == [("first.env", 1, 17)]


def test_utf16_with_a_broken_tail_is_still_scanned_and_noted(tmp_path: Path):
    (tmp_path / "w.ps1").write_bytes(codecs.BOM_UTF16_LE + LINES.encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    found, _proc = report(tmp_path, ".")
    assert rows(found) == {("app-password", "w.ps1", 3)}
    at = 2 + 2 * len(LINES)
    assert found["notes"] == [f"w.ps1: not valid UTF-16 LE (at byte {at}); undecodable bytes replaced"]


def test_a_few_nul_bytes_do_not_hide_a_text_file(tmp_path: Path):
    text = "x = 1\n" * 400 + f"password: {TOKEN}\n"
    (tmp_path / "one.cfg").write_bytes(b"\0" + text.encode())
    (tmp_path / "three.cfg").write_bytes(b"a\0b\0c\0\n" + text.encode())
    found, _proc = report(tmp_path, ".")
    assert rows(found) == {("app-password", "one.cfg", 401), ("app-password", "three.cfg", 402)}
    assert found["problems"] == []


def test_binary_is_judged_on_signatures_and_control_bytes(tmp_path: Path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + TOKEN.encode())
    (tmp_path / "b.dat").write_bytes(bytes(range(32)) * 4 + TOKEN.encode())
    (tmp_path / "c.zip").write_bytes(b"PK\x03\x04" + TOKEN.encode())
    found, proc = report(tmp_path, ".")
    assert proc.returncode == 0 and found["findings"] == []
    assert sorted((p["path"], p["reason"], p["error"]) for p in found["problems"]) == [
        ("a.png", "binary (PNG image)", False),
        ("b.dat", f"binary (104 control bytes in the first {128 + len(TOKEN)}, the first NUL at offset 0)", False),
        ("c.zip", "binary (ZIP archive)", False),
    ]
    assert found["summary"]["skipped"] == {"binary": 3}


def test_sniff_units():
    assert sniff(b"").codec == "" and sniff(b"plain text\n").codec == ""
    assert sniff(b"ab\0cd").codec == ""  # one NUL
    assert sniff(b"\0\0\0\0" * 10).binary  # all NUL: neither text nor UTF-16
    assert sniff("hello world".encode("utf-16-le")).codec == "utf-16-le"
    assert sniff("hello world".encode("utf-32-le")).binary  # UTF-32 is recognised by its mark only
    assert sniff(b"\x1b[31mred\x1b[0m\n" * 50).codec == ""  # ANSI colours are text


def test_oversized_binary_is_skipped_and_oversized_text_is_an_error(tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(12_000))
    (tmp_path / "ok.cfg").write_text(f"password: {TOKEN}\n")
    found, proc = report(tmp_path, "--max-file-size", "4KB", ".")
    assert proc.returncode == 1  # the finding, not an incomplete scan
    assert found["problems"] == [{"path": "photo.png", "reason": "binary (PNG image)", "error": False}]
    (tmp_path / "log.txt").write_text("x" * 5000)
    found, proc = report(tmp_path, "--max-file-size", "4KB", ".")
    assert proc.returncode == 3
    assert {(p["path"], p["error"]) for p in found["problems"]} == {("photo.png", False), ("log.txt", True)}


def test_a_huge_file_is_judged_on_its_head_without_reading_it(tmp_path: Path, monkeypatch):
    huge = tmp_path / "disk.img"
    with open(huge, "wb") as fh:  # sparse: 3 GB that take no room
        fh.write(b"\0\0\0\0")
        fh.truncate(3 << 30)
    asked = []
    real_read = scanner._read

    def spying_read(fd, n):
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(scanner, "_read", spying_read)
    data, problem = scanner.read_target(Target("disk.img", str(huge)), 10 << 20)
    assert data is None and problem.error is False and problem.reason.startswith("binary (8192 control bytes")
    assert asked == [8192]


@pytest.mark.parametrize("drain_max", [blobs.DRAIN_MAX, 100])  # 100: cat-file restarted after each big blob
def test_history_judges_oversized_blobs_on_their_head_and_reads_utf16(tmp_path: Path, monkeypatch, drain_max: int):
    monkeypatch.setattr(blobs, "DRAIN_MAX", drain_max)
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({
        "logo.png": b"\x89PNG\r\n\x1a\n" + os.urandom(20_000),
        "big.log": "x" * 20_000 + "\n",
        "deploy.ps1": codecs.BOM_UTF16_LE + LINES.encode("utf-16-le"),
        "a.cfg": cfg(make("app-password", seed=22)),
    })
    c2 = repo.commit({"z.cfg": cfg(make("app-password", seed=23))})  # read after the big blobs
    data, res = cli_json(str(repo.root), "--max-file-size", "4KB")
    assert res.exit_code == 3
    assert json_rows(data) == {("app-password", "a.cfg", 2, c1), ("app-password", "deploy.ps1", 3, c1),
                               ("app-password", "z.cfg", 2, c2)}
    assert sorted((p["path"], p["reason"], p["error"]) for p in data["problems"]) == [
        (f"{c1[:12]}:big.log", "larger than the size limit (20001 > 4096 bytes; raise --max-file-size or exclude it)", True),
        (f"{c1[:12]}:logo.png", "binary (PNG image)", False),
    ]
