"""Rewrites by name: what a policy's `fix:` list refers to.

The rewrite modules (tokenlint/fixes/rewrites/) register themselves on import; they load only
when `fix` runs, never on a scan's path.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from functools import cache

from tokenlint.fixes.model import Refused, Rewrite, Site

RewriteFunction = Callable[[Site], Rewrite | Refused]

# name -> file kind -> the function rewriting that kind of file ("*": any kind)
_REWRITES: dict[str, dict[str, RewriteFunction]] = {}


def rewrite(name: str, kinds: Iterable[str] = ("*",)) -> Callable[[RewriteFunction], RewriteFunction]:
    """Register a rewrite under `name`, the word policies use in `fix:`, for files of `kinds`
    (tokenlint.parsers.kinds.FileKind values): one name may have a function per language."""
    def register(func: RewriteFunction) -> RewriteFunction:
        table = _REWRITES.setdefault(name, {})
        for kind in kinds:
            if kind in table:
                raise RuntimeError(f"rewrite {name!r} is registered twice for {kind}")
            table[kind] = func
        return func
    return register


REWRITES_PACKAGE = "tokenlint.fixes.rewrites"  # by name: its modules import this one, never the reverse


@cache
def _load() -> None:
    package = importlib.import_module(REWRITES_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{REWRITES_PACKAGE}.{module.name}")


def get(name: str, kind: str) -> RewriteFunction | None:
    """The rewrite `name` for a file of `kind`; None when it has none for that kind."""
    _load()
    table = _REWRITES.get(name, {})
    return table.get(kind) or table.get("*")


def exists(name: str) -> bool:
    _load()
    return name in _REWRITES


def names() -> list[str]:
    _load()
    return sorted(_REWRITES)
