"""How a scan is set up: the rules, the config, the levels and the limits, merged from the
command line over the config file over the defaults. Every source and the scan loop read the
same `Settings`; the API builds them (`load_settings`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from tokenlint import config as config_mod
from tokenlint import confine
from tokenlint.engine import baseline as baseline_mod
from tokenlint.engine.policy import Policy, load_all
from tokenlint.errors import ConfigError
from tokenlint.excludes import Excludes
from tokenlint.model import STDIN, Confidence, Severity
from tokenlint.redact import show_value

# Settings' default `excludes`, replaced by the config's own patterns once the config is known.
_FROM_CONFIG = Excludes()


@dataclass
class Settings:
    paths: list[str]
    policies: list[Policy]
    config: config_mod.Config
    fail_on: Severity = Severity.LOW  # info findings are shown, never fail, unless `--fail-on info`
    min_confidence: Confidence = Confidence.MEDIUM
    max_file_size: int = config_mod.DEFAULT_MAX_FILE_SIZE
    use_gitignore: bool = True
    jobs: int = 0
    inline_ignores: bool = True  # False for auditors: report what `tokenlint: ignore` comments hide
    baseline: baseline_mod.Baseline | None = None
    inventory: bool = True  # gather usage facts for the report even when no enabled rule needs them
    force_exclude: bool = False  # excludes hide files named one by one too (pre-commit passes every file by name)
    excludes: Excludes = field(default=_FROM_CONFIG)  # default: the config's `exclude:` alone
    cache: bool = True  # keep and reuse per-blob results on disk (tokenlint.cache); False: --no-cache
    progress: bool = False  # a progress bar on stderr for long scans, if a person watches (tokenlint.progress)
    strict: bool = False  # a tracked file missing from the work tree is an error, not a warning (--strict)

    def __post_init__(self) -> None:
        if self.excludes is _FROM_CONFIG or self.excludes is None:  # None: what callers passed before
            self.excludes = Excludes.build(self.config.exclude, self.config.folder, origin=str(self.config.path))


_Level = TypeVar("_Level", Severity, Confidence)


def _level(value: str | None, kind: type[_Level], default: _Level) -> _Level:
    return kind.parse(value) if value else default


def load_settings(
    paths: Iterable[str] = (".",),
    *,
    config_path: str | Path | None = None,
    policy_dirs: Iterable[str | Path] = (),
    fail_on: str | None = None,
    min_confidence: str | None = None,
    max_file_size: int | None = None,
    use_gitignore: bool = True,
    jobs: int = 0,
    inline_ignores: bool = True,
    baseline: str | Path | None = None,
    use_baseline: bool = True,
    config: config_mod.Config | None = None,
    exclude: Iterable[str] = (),
    inventory: bool = True,
    force_exclude: bool = False,
    cache: bool = True,
    progress: bool = False,
    strict: bool = False,
) -> Settings:
    """Merge CLI choices over the config file over the defaults; validate rule names.

    `baseline` overrides the config's; `use_baseline=False` ignores both (to write a new one).
    `config` is a config already loaded and vetted (the CI gate reads its own from the base commit).
    `exclude` adds .gitignore-style patterns relative to the current directory (`--exclude`);
    the config's `exclude:` patterns are relative to the config file's folder.
    `progress` asks for a progress bar on long scans (shown only when stderr is a terminal).
    `strict` makes a file git tracks but the work tree lacks an error (exit 3) instead of a warning.
    """
    paths = list(paths) or ["."]
    if max_file_size is not None:  # callers of the library, too, get the CLI's bounds (never a silent 0)
        try:
            config_mod.parse_size(max_file_size)
        except ValueError as exc:
            raise ConfigError(f"max_file_size: {exc}") from None
    if config is not None:
        cfg = config
    elif config_path is not None:
        cfg = config_mod.load(Path(config_path))
    else:
        start = Path(paths[0]) if paths[0] != STDIN else Path.cwd()
        found = config_mod.discover(start if start.exists() else Path.cwd())
        cfg = config_mod.load(found) if found else config_mod.Config()
    named = tuple(map(Path, policy_dirs))
    if config is None:  # a scanned repository's config names rules and a baseline inside its folder only
        for folder in cfg.policies:
            confine.check(cfg.path, folder, "policies", allowed=named)
        if baseline is None and use_baseline and cfg.baseline is not None:
            confine.check(cfg.path, cfg.baseline, "baseline")
    policies = select_policies(load_all([*cfg.policies, *named]), cfg)
    baseline_path = Path(baseline) if baseline is not None else cfg.baseline
    return Settings(
        paths=paths,
        policies=policies,
        config=cfg,
        fail_on=_level(fail_on or cfg.fail_on, Severity, Severity.LOW),
        min_confidence=_level(min_confidence or cfg.min_confidence, Confidence, Confidence.MEDIUM),
        max_file_size=max_file_size or cfg.max_file_size or config_mod.DEFAULT_MAX_FILE_SIZE,
        use_gitignore=use_gitignore,
        jobs=jobs or os.cpu_count() or 1,
        inline_ignores=inline_ignores,
        baseline=baseline_mod.load(baseline_path) if use_baseline and baseline_path else None,
        excludes=Excludes.build(cfg.exclude, cfg.folder, list(exclude), Path.cwd(), origin=str(cfg.path)),
        inventory=inventory,
        force_exclude=force_exclude,
        cache=cache,
        progress=progress,
        strict=strict,
    )


def select_policies(policies: list[Policy], cfg: config_mod.Config) -> list[Policy]:
    """Apply enable/disable and severity remaps; a name that matches no rule is a config error."""
    index = {key: p for p in policies for key in (p.code, p.slug)}
    where = cfg.path or "config"
    for section, names in (("disable", cfg.disable), ("enable", cfg.enable), ("severity", list(cfg.severity))):
        for name in names:
            if name not in index:
                raise ConfigError(f"{where}: at {section}: no rule named {show_value(name)} (see `tokenlint rules`)")
    enabled = {index[n].code for n in cfg.enable}
    disabled = {index[n].code for n in cfg.disable}
    selected: list[Policy] = []
    for p in policies:
        if p.code in disabled or not (p.enabled or p.code in enabled):
            continue
        remap = cfg.severity.get(p.code) or cfg.severity.get(p.slug)
        selected.append(replace(p, severity=Severity.parse(remap)) if remap else p)
    return selected
