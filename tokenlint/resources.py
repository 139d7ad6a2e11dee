"""Where the built-in policies and schemas live: in the wheel, or beside the source tree."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """`policies` or `schemas`: shipped inside the wheel, at the repository root in a checkout."""
    installed = _PACKAGE / "_builtin" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((builtin_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded
