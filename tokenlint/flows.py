"""Carry credential names across files: a pipeline step that runs `./scripts/release.sh` passes
its environment on, so `$TOKEN` inside the script may be `$RELEASE_TOKEN` of the pipeline."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from tokenlint.facts import ApiCall, Fact, GitRemote, ScriptRun


def _resolve(runner_path: str, script: str) -> list[str]:
    """Candidate repository paths of a script named in a step or another script."""
    script = script.removeprefix("./")
    base = posixpath.dirname(runner_path)
    out = [posixpath.normpath(posixpath.join(base, script)), posixpath.normpath(script)]
    return list(dict.fromkeys(out))


def link(usage: Sequence[tuple[str, Fact]]) -> None:
    """Rename credentials in scripts to the names their callers use, and record `via`. Idempotent."""
    by_path: dict[str, list[Fact]] = {}
    for path, fact in usage:
        by_path.setdefault(path, []).append(fact)
    for path, fact in usage:
        if not isinstance(fact, ScriptRun):
            continue
        for candidate in _resolve(path, fact.script):
            for called in by_path.get(candidate, []):
                if isinstance(called, ApiCall):
                    if called.via:
                        continue  # linked already
                    called.via = f"{path}:{fact.line}"
                elif not isinstance(called, GitRemote):
                    continue
                name = (called.credential or "").removeprefix("$")
                if name in fact.renames:
                    called.credential = "$" + fact.renames[name]
