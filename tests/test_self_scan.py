"""tokenlint passes its own scan, and no file of the repository holds a token-shaped string."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tokenlint import api, config
from tokenlint.engine.policy import load_all
from tokenlint.model import Confidence

ROOT = Path(__file__).resolve().parents[1]
PREFIXED = {"app-password", "api-token", "access-token", "datacenter-token"}


def test_no_token_shaped_string_anywhere_not_even_a_placeholder():
    policies = [p for p in load_all() if p.slug in PREFIXED]
    settings = api.Settings(paths=[str(ROOT)], policies=policies, config=config.Config(),
                            min_confidence=Confidence.LOW, jobs=1)
    result = api.scan(settings)
    assert [(f.rule, f.location.path, f.location.line) for f in result.findings] == []
    assert result.errors == []


def test_tokenlint_scan_of_its_own_repository_is_clean():
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "."], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
