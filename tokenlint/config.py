"""Find, read and validate `.tokenlint.yml` (or `[tool.tokenlint]` in pyproject.toml)."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from tokenlint import validation
from tokenlint.errors import ConfigError

if TYPE_CHECKING:
    from tokenlint.declarations import TokenDeclaration

CONFIG_NAMES = (".tokenlint.yml", ".tokenlint.yaml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


@dataclass
class Config:
    path: Path | None = None
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    policies: list[Path] = field(default_factory=list)
    fail_on: str | None = None
    min_confidence: str | None = None
    max_file_size: int | None = None
    baseline: Path | None = None
    tokens: list[TokenDeclaration] = field(default_factory=list)


class _TextDatesLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written, so `expires: 2027-02-30` becomes a config error
    naming its key instead of a crash inside the YAML library."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _dates_as_text(value):
    """TOML reads `expires = 2027-03-01` as a date; the schema, like YAML above, sees the text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else value


def _tokens(entries: list, path: Path) -> list[TokenDeclaration]:
    """`tokens:` as typed declarations; the scope tables load only for a config that has some."""
    if not entries:
        return []
    from tokenlint import declarations

    return declarations.parse(entries, path)


def parse_size(value: int | str) -> int:
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmMgG]?)i?[bB]?\s*", value)
    if not m:
        from tokenlint.redact import show_value

        raise ValueError(f"not a size: {show_value(value)} (expected a number with an optional unit, e.g. 10MB)")
    return int(float(m.group(1)) * 1024 ** " KMG".index(m.group(2).upper() or " "))


def discover(start: Path) -> Path | None:
    """The nearest config file from `start` upward (a pyproject.toml counts only with [tool.tokenlint])."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.tokenlint]" in pyproject.read_bytes():
            return pyproject
    return None


def load(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    return build(read_data(text, path), path)


def read_data(text: str, path: Path) -> dict:
    """The config's settings as written (pyproject.toml: its [tool.tokenlint] table), not yet validated."""
    try:
        if path.name == "pyproject.toml":
            data = _dates_as_text(tomllib.loads(text).get("tool", {}).get("tokenlint", {}))
        else:
            data = yaml.load(text, Loader=_TextDatesLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', None) or 'unreadable'}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return data  # not always a dict: validation names what is wrong


def build(data: dict, path: Path) -> Config:
    """Validate settings read by `read_data` from `path` (relative paths in them are relative to its folder)."""
    error = validation.problem_unless_known_valid("config", data)
    if error is not None:
        raise ConfigError(f"{path}: invalid config {error}")
    return Config(
        path=path,
        disable=data.get("disable", []),
        enable=data.get("enable", []),
        severity=data.get("severity", {}),
        exclude=data.get("exclude", []),
        policies=[(path.parent / p) for p in data.get("policies", [])],
        fail_on=data.get("fail-on"),
        min_confidence=data.get("min-confidence"),
        max_file_size=parse_size(data["max-file-size"]) if "max-file-size" in data else None,
        baseline=path.parent / data["baseline"] if "baseline" in data else None,
        tokens=_tokens(data.get("tokens", []), path),
    )
