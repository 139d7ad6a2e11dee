"""The tree source's scan: the files under the named paths (tokenlint.sources.tree lists
them), read from disk through the engine's scan loop."""

from __future__ import annotations

from tokenlint.engine import scan as engine
from tokenlint.engine.settings import Settings
from tokenlint.results import ScanResult
from tokenlint.sources.tree import collect


def scan(settings: Settings) -> ScanResult:
    targets, problems = collect(settings.paths, use_gitignore=settings.use_gitignore,
                                excludes=settings.excludes, force_exclude=settings.force_exclude)
    return engine.run(targets, settings, problems)
