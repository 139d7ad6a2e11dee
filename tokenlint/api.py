"""The library surface: what the CLI (and anyone embedding tokenlint) calls."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from tokenlint import checks, confine, flows
from tokenlint import config as config_mod
from tokenlint.engine import baseline as baseline_mod
from tokenlint.engine.policy import Policy, load_all
from tokenlint.errors import ConfigError
from tokenlint.excludes import Excludes
from tokenlint.model import Confidence, Finding, Severity
from tokenlint.redact import show_value
from tokenlint.scanner import FileResult, scan_target
from tokenlint.sources.tree import STDIN, Problem, Target, collect

PARALLEL_MIN_FILES = 200
CHUNK = 64


@dataclass
class Settings:
    paths: list[str]
    policies: list[Policy]
    config: config_mod.Config
    fail_on: Severity = Severity.INFO
    min_confidence: Confidence = Confidence.MEDIUM
    max_file_size: int = config_mod.DEFAULT_MAX_FILE_SIZE
    use_gitignore: bool = True
    jobs: int = 0
    inline_ignores: bool = True  # False for auditors: report what `tokenlint: ignore` comments hide
    baseline: baseline_mod.Baseline | None = None
    excludes: Excludes | None = None  # default: the config's `exclude:` alone

    def __post_init__(self) -> None:
        if self.excludes is None:
            self.excludes = Excludes.build(self.config.exclude, self.config.folder, origin=str(self.config.path))


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    suppressed: dict[str, int] = field(default_factory=dict)
    usage: list[tuple[str, object]] = field(default_factory=list)  # (path, ApiCall | GitRemote)
    stale_baseline: list[baseline_mod.Entry] | None = None  # None: no baseline was used

    @property
    def inventory(self) -> list[tuple[str, object]]:
        """The calls and remotes users see (script runs only link files for the checks)."""
        return [(path, fact) for path, fact in self.usage if fact.fact != "script-run"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def exit_code(self, fail_on: Severity) -> int:
        """3 when something asked for was not scanned, 1 on findings at or above fail_on, else 0."""
        if self.errors:
            return 3
        return 1 if any(f.severity >= fail_on for f in self.findings) else 0


def _level(value: str | None, kind, default):
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
) -> Settings:
    """Merge CLI choices over the config file over the defaults; validate rule names.

    `baseline` overrides the config's; `use_baseline=False` ignores both (to write a new one).
    `config` is a config already loaded and vetted (the CI gate reads its own from the base commit).
    `exclude` adds .gitignore-style patterns relative to the current directory (`--exclude`);
    the config's `exclude:` patterns are relative to the config file's folder.
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
        fail_on=_level(fail_on or cfg.fail_on, Severity, Severity.INFO),
        min_confidence=_level(min_confidence or cfg.min_confidence, Confidence, Confidence.MEDIUM),
        max_file_size=max_file_size or cfg.max_file_size or config_mod.DEFAULT_MAX_FILE_SIZE,
        use_gitignore=use_gitignore,
        jobs=jobs or os.cpu_count() or 1,
        inline_ignores=inline_ignores,
        baseline=baseline_mod.load(baseline_path) if use_baseline and baseline_path else None,
        excludes=Excludes.build(cfg.exclude, cfg.folder, list(exclude), Path.cwd(), origin=str(cfg.path)),
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
    selected = []
    for p in policies:
        if p.code in disabled or not (p.enabled or p.code in enabled):
            continue
        remap = cfg.severity.get(p.code) or cfg.severity.get(p.slug)
        selected.append(replace(p, severity=Severity.parse(remap)) if remap else p)
    return selected


_worker_state: tuple[list[Policy], int, bool] | None = None


def _init_worker(policies: list[Policy], max_size: int, inline_ignores: bool) -> None:
    global _worker_state
    _worker_state = (policies, max_size, inline_ignores)


def _scan_chunk(chunk: list[Target]) -> list[FileResult]:
    policies, max_size, inline_ignores = _worker_state
    return [scan_target(t, policies, max_size, inline_ignores) for t in chunk]


def scan_targets(targets: list[Target], settings: Settings) -> Iterable[FileResult]:
    """Scan files, across processes when there are enough of them to pay for the pool."""
    if settings.jobs > 1 and len(targets) >= PARALLEL_MIN_FILES:
        from concurrent.futures import ProcessPoolExecutor  # not on the pre-commit path

        chunks = [targets[i:i + CHUNK] for i in range(0, len(targets), CHUNK)]
        workers = min(settings.jobs, len(chunks))  # `-j 100000` starts no more processes than there is work
        with ProcessPoolExecutor(workers, initializer=_init_worker,
                                 initargs=(settings.policies, settings.max_file_size, settings.inline_ignores)) as pool:
            for results in pool.map(_scan_chunk, chunks):
                yield from results
    else:
        for target in targets:
            yield scan_target(target, settings.policies, settings.max_file_size, settings.inline_ignores)


def cross_file_findings(out: ScanResult, settings: Settings) -> list[Finding]:
    """The cross-file checks over one snapshot: every usage fact the scan gathered."""
    flows.link(out.usage)
    return checks.run(settings.policies, out.usage, settings.config)


def collect_results(results: Iterable[FileResult], settings: Settings, problems: list[Problem] = (),
                    cross_file: Callable[[ScanResult], list[Finding]] | None = None) -> ScanResult:
    """Fold per-file results into one, applying the baseline and the confidence floor (in that
    order) and counting what inline ignores, the baseline and the floor hid.

    `cross_file` computes the cross-file findings once the per-file results are in (default:
    the checks over the scan's usage facts, one snapshot). A history scan passes its own: it
    checks the snapshots that matter, never every version at once, and fills `out.usage`.
    """
    out = ScanResult(problems=list(problems))
    accepted: set[baseline_mod.Entry] = set()
    raw: list[Finding] = []
    for r in results:
        out.problems.extend(r.problems)
        out.notes.extend(r.notes)
        out.usage.extend((r.path, fact) for fact in r.usage)
        if r.scanned:
            out.files_scanned += 1
            out.bytes_scanned += r.size
        if r.ignored:
            out.suppressed["inline-ignore"] = out.suppressed.get("inline-ignore", 0) + r.ignored
        raw.extend(r.findings)
    raw.extend(cross_file(out) if cross_file is not None else cross_file_findings(out, settings))
    for f in raw:
        entry = settings.baseline.match(f) if settings.baseline is not None else None
        if entry is not None:
            accepted.add(entry)
            out.suppressed["baseline"] = out.suppressed.get("baseline", 0) + 1
        elif f.confidence < settings.min_confidence:
            out.suppressed["below-confidence"] = out.suppressed.get("below-confidence", 0) + 1
        else:
            out.findings.append(f)
    out.findings.sort(key=Finding.sort_key)
    if settings.baseline is not None:
        out.stale_baseline = settings.baseline.stale(accepted)
    return out


def scan(settings: Settings) -> ScanResult:
    targets, problems = collect(settings.paths, use_gitignore=settings.use_gitignore,
                                excludes=settings.excludes)
    return collect_results(scan_targets(targets, settings), settings, problems)


def scan_staged(settings: Settings, paths: Iterable[str] = (), *, all_lines: bool = False) -> ScanResult:
    """What the next commit records, read from the git index (see tokenlint.sources.staged);
    `paths` narrows it to those staged files, `all_lines` also reports findings on unchanged lines."""
    from tokenlint.sources import staged

    return staged.scan(settings, list(paths), all_lines=all_lines)
