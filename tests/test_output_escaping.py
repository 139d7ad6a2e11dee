"""File names chosen by an attacker: a newline, an ANSI escape, a carriage return, a tab, bytes
that are not UTF-8. Text output escapes them (no forged lines, nothing sent to the terminal), JSON
stays valid UTF-8, `-o` writes the report; in a plain folder, in a git work tree, in the index and
in history. Real files, real git, the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tokenlint.resources import schema

from tokengen import make

# raw name -> how text output shows it (git's quoting) / how JSON holds it
NAMES = {
    b"new\nline.sh": ('"new\\nline.sh"', "new\nline.sh"),
    b"esc\x1b[31mred.sh": ('"esc\\e[31mred.sh"', "esc\x1b[31mred.sh"),
    b"cr\rx.sh": ('"cr\\rx.sh"', "cr\rx.sh"),
    b"tab\tx.sh": ('"tab\\tx.sh"', "tab\tx.sh"),
    b"bad\xff\xfename.sh": ('"bad\\xff\\xfename.sh"', "bad\\xff\\xfename.sh"),
}


def git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, env=env, timeout=120)


def populate(folder: Path) -> None:
    folder.mkdir()
    for i, raw in enumerate(NAMES):
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(f"export BB_APP_PASSWORD={make('app-password', 40 + i)}\n".encode())


@pytest.fixture(params=["plain", "repo"])
def tree(request, tmp_path: Path) -> Path:
    folder = tmp_path / "t"
    populate(folder)
    if request.param == "repo":
        git(folder, "init", "-q", "-b", "main")
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", "c")
    return folder


def assert_text_is_safe(out: bytes) -> str:
    text = out.decode("utf-8")  # strict: valid UTF-8
    assert "\x1b" not in text and "\r" not in text and "\t" not in text
    for shown, _ in NAMES.values():
        assert f"\n{shown}\n" in text, shown  # each name on its own line, quoted and escaped
    return text


def test_text_output_escapes_names(tree: Path):
    proc = run(tree, "scan", "--color", "never", ".")
    assert proc.returncode == 1, proc.stderr
    text = assert_text_is_safe(b"\n" + proc.stdout)
    assert text.count("TL001 app-password") == len(NAMES)


def test_json_output_is_valid_utf8_with_escaped_names(tree: Path):
    proc = run(tree, "scan", "--format", "json", ".")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout.decode("utf-8"))
    jsonschema.validate(data, schema("report"))
    assert sorted(f["path"] for f in data["findings"]) == sorted(j for _, j in NAMES.values())


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_file_is_written(tree: Path, fmt: str):
    proc = run(tree, "scan", "--format", fmt, "-o", str(tree.parent / "report"), ".")
    assert proc.returncode == 1, proc.stderr
    content = (tree.parent / "report").read_bytes()
    if fmt == "json":
        assert len(json.loads(content.decode("utf-8"))["findings"]) == len(NAMES)
    else:
        assert_text_is_safe(b"\n" + content)


def test_index_history_and_ci_escape_names_too(tmp_path: Path):
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    populate(repo / "sub")
    git(repo, "add", "-A")
    staged = run(repo, "scan", "--staged", "--color", "never")
    git(repo, "commit", "-q", "-m", "names")
    history = run(repo, "history", "--color", "never", ".")
    ci = run(repo, "ci", "--base", "HEAD~1", "--no-fetch", "--color", "never", ".")
    history_json = run(repo, "history", "--format", "json", ".")
    for proc in (staged, history, ci):
        assert proc.returncode == 1, proc.stderr
        text = proc.stdout.decode("utf-8")
        assert "\x1b" not in text and "\r" not in text and "\t" not in text
        assert '\n"sub/new\\nline.sh"\n' in "\n" + text and '"sub/bad\\xff\\xfename.sh"' in text
    data = json.loads(history_json.stdout.decode("utf-8"))
    assert sorted(f["path"] for f in data["findings"]) == sorted("sub/" + j for _, j in NAMES.values())


def test_an_error_about_a_hostile_name_is_one_escaped_line(tmp_path: Path):
    missing = "gone\n\x1b[2Jfake.sh"
    proc = run(tmp_path, "suggest", missing)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 3
    assert "\x1b" not in err and err.splitlines()[0] == "tokenlint: error: gone\\n\\e[2Jfake.sh: cannot scan: No such file or directory"
