"""Paths named by a configuration file stay inside the folder that holds it.

tokenlint runs on repositories it does not trust, and their `.tokenlint.yml` comes with them.
A `baseline: ../../.bashrc` there must not make `baseline create` overwrite a file outside the
repository, nor `policies: [/somewhere]` load rules from elsewhere. So a path read from a
config file must resolve, after every symlink, inside the config's own folder; a path the user
names on the command line (`-o`, `--baseline`, `--policies`, a FILE argument) is their choice
and may be anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from tokenlint.errors import ConfigError


def inside(path: Path, root: Path) -> bool:
    """Whether `path` resolves (symlinks followed, as far as they exist) to `root` or below it."""
    resolved, top = Path(path).resolve(), Path(root).resolve()
    return resolved == top or top in resolved.parents


def check(config_file: Path | None, path: Path, key: str, *, allowed: tuple[Path, ...] = ()) -> Path:
    """`path`, read at `key` of `config_file`, if it stays inside the config's folder or is one
    of `allowed` (the same path named on the command line); else a ConfigError naming both."""
    if config_file is None:
        return path
    root = Path(config_file).parent
    where = Path(path).resolve()
    if inside(where, root) or any(where == Path(a).resolve() for a in allowed):
        return path
    shown = os.path.relpath(path, root) if Path(path).is_absolute() == root.is_absolute() else str(path)
    raise ConfigError(f"{config_file}: at {key}: {shown!r} resolves to {where}, outside {root.resolve()}; "
                      "a config file may only name paths inside its own folder (name it on the command line instead)")
