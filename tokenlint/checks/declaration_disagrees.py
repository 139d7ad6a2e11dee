"""A `tokens:` declaration that disagrees with what Bitbucket says of the token (its type, scopes
or resource), learnt by `--inspect-env`: reported at the declaration's line in the config file,
since that line is what misleads every reader and every scope rule run without the live check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tokenlint.checks import Context
from tokenlint.declarations import disagreement
from tokenlint.model import Finding


def check(ctx: Context) -> Iterator[Finding]:
    shown = _shown(ctx)
    for real in ctx.config.tokens:
        declared = real.replaces
        how = disagreement(declared, real)
        if declared is None or not how:
            continue
        yield ctx.finding(shown, declared.line or 1, 1, name=real.key, where=declared.where, how=how,
                          type=real.type, scopes=", ".join(sorted(real.scopes or ())) or "none said",
                          resource=str(real.resource or "not learnt"))


def _shown(ctx: Context) -> str:
    """The config file as the scan shows paths: relative to the current folder when under it. A
    gate's config read from the base commit is named `COMMIT:path`; its work-tree copy is shown."""
    config = ctx.config
    if config.path is None:
        return ".tokenlint.yml"
    path = (config.folder or config.path.parent) / config.path.name.rpartition(":")[2]
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
        return rel.as_posix()
    except ValueError:
        return path.as_posix()
