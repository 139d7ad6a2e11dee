"""Find, read and validate `.tokenlint.yml` (or `[tool.tokenlint]` in pyproject.toml)."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tokenlint import validation
from tokenlint.errors import ConfigError

if TYPE_CHECKING:
    from tokenlint.declarations import TokenDeclaration

CONFIG_NAMES = (".tokenlint.yml", ".tokenlint.yaml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILE_SIZE = 4 * 1024 ** 3  # the largest --max-file-size accepted
MAX_CONFIG_BYTES = 4 * 1024 ** 2


@dataclass
class Config:
    path: Path | None = None
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    folder: Path | None = None  # where `exclude:` patterns are anchored: the config file's folder
    policies: list[Path] = field(default_factory=list)
    fail_on: str | None = None
    min_confidence: str | None = None
    max_file_size: int | None = None
    baseline: Path | None = None
    tokens: list[TokenDeclaration] = field(default_factory=list)
    # The live checks' opt-in (README: Verifying credentials); None: the config does not say (off).
    verify: bool | None = None
    inspect_env: list[str] = field(default_factory=list)
    verify_email_env: str | None = None


if TYPE_CHECKING:  # one loader type for the checker; at run time libyaml's when it is installed
    _SAFE_LOADER = yaml.SafeLoader
else:
    _SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_SAFE_LOADER):
    """Safe YAML that keeps dates as written, so `expires: 2027-02-30` becomes a config error
    naming its key instead of a crash inside the YAML library. libyaml when present: the pure
    Python scanner takes seconds on a few thousand nested brackets, libyaml refuses them."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SAFE_LOADER.yaml_implicit_resolvers.items()
}


def _dates_as_text(value: object) -> object:
    """TOML reads `expires = 2027-03-01` as a date; the schema, like YAML above, sees the text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, (datetime.date, datetime.time)) else value


def _tokens(entries: list[dict[str, Any]], path: Path, text: str | None) -> list[TokenDeclaration]:
    """`tokens:` as typed declarations; the scope tables load only for a config that has some."""
    if not entries:
        return []
    from dataclasses import replace

    from tokenlint import declarations

    parsed = declarations.parse(entries, path)
    lines = token_lines(text, path) if text is not None else []
    return [replace(d, line=lines[i]) if i < len(lines) else d for i, d in enumerate(parsed)]


def token_lines(text: str, path: Path) -> list[int]:
    """The line where each `tokens:` entry starts, in order (1-based; empty when not found). YAML:
    from the composed nodes' marks; pyproject.toml: each `[[tool.tokenlint.tokens]]` header, or
    each inline table's line inside `tokens = [...]`."""
    if path.name == "pyproject.toml":
        headers = [n for n, line in enumerate(text.splitlines(), 1)
                   if re.fullmatch(r"\s*\[\[\s*tool\.tokenlint\.tokens\s*\]\]\s*(#.*)?", line)]
        if headers:
            return headers
        out: list[int] = []
        inside = False
        for n, line in enumerate(text.splitlines(), 1):
            if not inside and re.match(r"\s*tokens\s*=\s*\[", line):
                inside, line = True, line.split("[", 1)[1]
            if inside:
                out.extend([n] * line.count("{"))
                if line.strip().startswith("]") or line.rstrip().endswith("]"):
                    break
        return out
    try:
        root = yaml.compose(text, Loader=_TextDatesLoader)
    except (yaml.YAMLError, RecursionError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "tokens" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def parse_size(value: int | str) -> int:
    """Bytes from `10MB`, `512 KiB`, `1.5G` or a number; between 1 byte and MAX_FILE_SIZE.

    Exact arithmetic (no float): `99999999999999999999GB` is refused as too large, never an
    OverflowError deep in a read. 0 is refused too: it would skip every file.
    """
    if isinstance(value, int):
        size = value
    else:
        from tokenlint.redact import show_value

        if value.strip().startswith("-"):
            raise ValueError("a size cannot be negative")
        m = re.fullmatch(r"\s*([0-9]+)(\.[0-9]+)?\s*([kKmMgG]?)i?[bB]?\s*", value)
        if not m:
            raise ValueError(f"not a size: {show_value(value)} (expected e.g. 10MB, 512KB or a number of bytes)")
        whole, fraction, unit = m.group(1).lstrip("0"), m.group(2) or "", m.group(3).upper()
        if len(whole) > 12:  # beyond any limit, and too long to compute with
            size = MAX_FILE_SIZE + 1
        else:
            from decimal import Decimal  # start-up: only a size with a fraction or unit needs it

            size = int(Decimal((whole or "0") + fraction[:13]) * 1024 ** " KMG".index(unit or " "))
    if size < 1:
        raise ValueError(f"must be at least 1 byte, not {size}")
    if size > MAX_FILE_SIZE:
        raise ValueError(f"at most {MAX_FILE_SIZE // 1024 ** 3}GB (files are read into memory whole)")
    return size


def discover(start: Path) -> Path | None:
    """The nearest config file from `start` upward (a pyproject.toml counts only with [tool.tokenlint]).

    A config found this way came with the scanned tree: one that is a symlink to a file outside
    its folder (`.tokenlint.yml -> ~/.git-credentials`) is refused, or its text could end up in
    an error message in a CI log. `--config` may name any file.
    """
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return _own(folder / name)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.tokenlint]" in _own(pyproject).read_bytes():
            return pyproject
    return None


def _own(path: Path) -> Path:
    from tokenlint import confine

    if path.is_symlink() and not confine.inside(path, path.parent):
        raise ConfigError(f"{path}: config is a symbolic link to {path.resolve()}, outside its folder; not read "
                          "(name the file with --config to use it)")
    return path


def load(path: Path) -> Config:
    if path.exists() and not path.is_file():  # `--config /dev/zero` or a FIFO would never end
        raise ConfigError(f"{path}: cannot read config: not a regular file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: cannot read config: larger than {MAX_CONFIG_BYTES // 1024 ** 2} MB")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    return build(read_data(text, path), path, text)


def read_data(text: str, path: Path) -> object:
    """The config's settings as written (pyproject.toml: its [tool.tokenlint] table), not yet validated:
    not always a mapping, `build` names what is wrong."""
    try:
        return _parse(path, text)
    except RecursionError:  # in the YAML composer, tomllib or jsonschema: no config is this deep
        raise ConfigError(f"{path}: invalid config: nested too deeply") from None


def _parse(path: Path, text: str) -> object:
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


def build(data: object, path: Path, text: str | None = None) -> Config:
    """Validate settings read by `read_data` from `path` (relative paths in them are relative to its folder).
    With the file's `text`, each `tokens:` entry knows its line (a finding can point at it)."""
    if validation.too_large(data):
        raise ConfigError(f"{path}: invalid config: more than {validation.MAX_NODES} values (counting YAML aliases)")
    try:
        error = validation.problem_unless_known_valid("config", data)
    except RecursionError:  # jsonschema walks the document recursively
        raise ConfigError(f"{path}: invalid config: nested too deeply") from None
    if error is not None:
        raise ConfigError(f"{path}: invalid config {error}")
    if not isinstance(data, dict):  # the schema asks for a mapping: never true past it
        raise ConfigError(f"{path}: invalid config: expected a mapping")
    try:
        max_file_size = parse_size(data["max-file-size"]) if "max-file-size" in data else None
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid config at max-file-size: {exc}") from None
    return Config(
        path=path,
        disable=data.get("disable", []),
        enable=data.get("enable", []),
        severity=data.get("severity", {}),
        exclude=data.get("exclude", []),
        folder=path.parent,
        policies=[(path.parent / p) for p in data.get("policies", [])],
        fail_on=data.get("fail-on"),
        min_confidence=data.get("min-confidence"),
        max_file_size=max_file_size,
        baseline=path.parent / data["baseline"] if "baseline" in data else None,
        tokens=_tokens(data.get("tokens", []), path, text),
        verify=data.get("verify"),
        inspect_env=[v.removeprefix("$") for v in data.get("inspect-env", [])],
        verify_email_env=data.get("verify-email-env"),
    )
