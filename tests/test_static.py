"""Static checks run with the suite, so the README's test command (and .ci/run) enforces them:
mypy (strict on tokenlint/, exceptions listed in pyproject.toml) and ruff (tokenlint, tests,
bench, scripts). Both read their settings from pyproject.toml at the repository root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_mypy_passes():
    proc = _run("mypy")  # files, strictness and exceptions: [tool.mypy] in pyproject.toml
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_ruff_passes():
    proc = _run("ruff", "check", "--no-cache", "tokenlint", "tests", "bench", "scripts")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
