"""How a scan is set up: the rules, the config, the levels and the limits, merged from the
command line over the config file over the defaults. Every source and the scan loop read the
same `Settings`; the API builds them (`load_settings`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tokenlint import config as config_mod
from tokenlint import confine
from tokenlint import effective as eff
from tokenlint.engine import baseline as baseline_mod
from tokenlint.engine.policy import Policy, load_all
from tokenlint.errors import ConfigError
from tokenlint.excludes import Excludes
from tokenlint.model import STDIN, Confidence, Severity
from tokenlint.redact import show_value

if TYPE_CHECKING:
    from tokenlint.declarations import TokenDeclaration

# Settings' default `excludes`, replaced by the config's own patterns once the config is known.
_FROM_CONFIG = Excludes()

#: The levels used when neither the command line nor the config sets them: named once, so the
#: dataclass, `load_settings` and `config show` cannot disagree.
DEFAULT_FAIL_ON = Severity.LOW  # info findings are shown, never fail, unless `--fail-on info`
DEFAULT_MIN_CONFIDENCE = Confidence.MEDIUM


@dataclass
class Settings:
    paths: list[str]
    policies: list[Policy]
    config: config_mod.Config
    fail_on: Severity = DEFAULT_FAIL_ON
    min_confidence: Confidence = DEFAULT_MIN_CONFIDENCE
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
    # Where each setting came from (`config show`): its name as the config spells it -> eff.DEFAULT,
    # eff.CONFIG or eff.COMMAND_LINE; "exclude" and "policies" may take both config and command line.
    sources: dict[str, str] = field(default_factory=dict)
    # What the command line named for the settings it can extend or override: exclude, policies, baseline.
    command_line: dict[str, list[str]] = field(default_factory=dict)
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
    exclude = list(exclude)
    sources = {
        "fail-on": _source(fail_on, cfg.fail_on),
        "min-confidence": _source(min_confidence, cfg.min_confidence),
        "max-file-size": _source(max_file_size, cfg.max_file_size),
        **{key: _source(None, getattr(cfg, key)) for key in ("disable", "enable", "severity", "tokens")},
        **{key: _source(None, getattr(cfg, key.replace("-", "_")))
           for key in ("inspect-env", "verify-email-env")},
        "verify": eff.CONFIG if cfg.verify is not None else eff.DEFAULT,
        "exclude": _sources(cfg.exclude, exclude),
        "policies": _sources(cfg.policies, named),
        "baseline": _source(baseline, cfg.baseline) if use_baseline else eff.DEFAULT,
    }
    command_line = {"exclude": exclude, "policies": [str(d) for d in named],
                    "baseline": [str(baseline)] if baseline is not None and use_baseline else []}
    return Settings(
        paths=paths,
        policies=policies,
        config=cfg,
        fail_on=_level(fail_on or cfg.fail_on, Severity, DEFAULT_FAIL_ON),
        min_confidence=_level(min_confidence or cfg.min_confidence, Confidence, DEFAULT_MIN_CONFIDENCE),
        max_file_size=max_file_size or cfg.max_file_size or config_mod.DEFAULT_MAX_FILE_SIZE,
        use_gitignore=use_gitignore,
        jobs=jobs or os.cpu_count() or 1,
        inline_ignores=inline_ignores,
        baseline=baseline_mod.load(baseline_path) if use_baseline and baseline_path else None,
        excludes=Excludes.build(cfg.exclude, cfg.folder, exclude, Path.cwd(), origin=str(cfg.path)),
        inventory=inventory,
        force_exclude=force_exclude,
        cache=cache,
        progress=progress,
        sources=sources,
        command_line=command_line,
        strict=strict,
    )


def _source(command_line: object, config: object) -> str:
    """Where a value that the command line overrides came from (as `load_settings` chooses it:
    the command line when given, else the config when it sets it, else the default)."""
    if command_line is not None and command_line != "":
        return eff.COMMAND_LINE
    return eff.CONFIG if config else eff.DEFAULT


def _sources(config: Iterable[object], command_line: Iterable[object]) -> str:
    """Where a list that both extend came from: `config`, `command line`, both, or the default (empty)."""
    both = [name for name, given in ((eff.CONFIG, config), (eff.COMMAND_LINE, command_line)) if list(given)]
    return " and ".join(both) or eff.DEFAULT


def effective(settings: Settings) -> eff.EffectiveConfig:
    """The settings as `config show` prints them: every value with its source, and the enabled
    rules with their levels after the remaps. No secret: a token declaration shows what it is,
    never a value."""
    cfg, src = settings.config, settings.sources
    where = None
    if cfg.path is not None:
        where = f"{cfg.path} [tool.tokenlint]" if cfg.path.name == "pyproject.toml" else str(cfg.path)

    def origin(name: str) -> str:
        return src.get(name, eff.DEFAULT)

    out = [
        eff.Setting("fail-on", str(settings.fail_on), origin("fail-on")),
        eff.Setting("min-confidence", str(settings.min_confidence), origin("min-confidence")),
        eff.Setting("max-file-size", settings.max_file_size, origin("max-file-size")),
    ]
    named = settings.command_line
    for key, from_config in (("exclude", list(cfg.exclude)), ("policies", [str(p) for p in cfg.policies])):
        parts = [(eff.CONFIG, from_config), (eff.COMMAND_LINE, named.get(key, []))]
        out += [eff.Setting(key, values, source) for source, values in parts if values] or [
            eff.Setting(key, [], eff.DEFAULT)]
    out += [
        eff.Setting("disable", list(cfg.disable), origin("disable")),
        eff.Setting("enable", list(cfg.enable), origin("enable")),
        eff.Setting("severity", dict(cfg.severity), origin("severity")),
    ]
    baseline: str | None = None
    if origin("baseline") == eff.COMMAND_LINE:
        baseline = named["baseline"][0]
    elif origin("baseline") == eff.CONFIG and cfg.baseline is not None:
        baseline = str(cfg.baseline)
    out.append(eff.Setting("baseline", baseline, origin("baseline") if baseline else eff.DEFAULT))
    tokens = [_declared(t) for t in cfg.tokens]
    out += [eff.Setting("tokens", t, eff.CONFIG) for t in tokens] or [eff.Setting("tokens", [], eff.DEFAULT)]
    out += [
        eff.Setting("verify", "true" if cfg.verify else "false", origin("verify")),
        eff.Setting("inspect-env", list(cfg.inspect_env), origin("inspect-env")),
        eff.Setting("verify-email-env", cfg.verify_email_env, origin("verify-email-env")),
    ]
    rules = [eff.RuleState(p.code, p.slug, str(p.severity), str(p.confidence),
                           eff.CONFIG if p.code in cfg.severity or p.slug in cfg.severity else eff.DEFAULT)
             for p in settings.policies]
    return eff.EffectiveConfig(where, out, rules)


def _declared(token: TokenDeclaration) -> dict[str, str | list[str] | None]:
    """A `tokens:` entry as shown: what identifies it, its type, resource, scopes and expiry."""
    return {
        "variable" if token.variable else "fingerprint": token.variable or token.fingerprint,
        "type": token.type,
        "resource": str(token.resource) if token.resource else None,
        "scopes": sorted(token.scopes) if token.scopes is not None else None,
        "expires": token.expires.isoformat() if token.expires else None,
    }


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
