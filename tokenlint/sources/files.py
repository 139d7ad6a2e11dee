"""The tree source's scan: the files under the named paths (tokenlint.sources.tree lists
them), read from disk through the engine's scan loop."""

from __future__ import annotations

from tokenlint.engine import scan as engine
from tokenlint.engine.settings import Settings
from tokenlint.model import Problem
from tokenlint.results import ScanResult
from tokenlint.sources.tree import listing


def scan(settings: Settings) -> ScanResult:
    problems: list[Problem] = []
    targets = listing(settings.paths, problems, use_gitignore=settings.use_gitignore,
                      excludes=settings.excludes, force_exclude=settings.force_exclude, strict=settings.strict)
    return engine.run_listed(targets, settings, problems)  # the scan starts while the walk goes on
