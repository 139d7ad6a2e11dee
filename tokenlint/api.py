"""The library surface: every operation the CLI (and anyone embedding tokenlint) calls.

Each function takes plain values or `Settings` and returns data (a `ScanResult`, rules, a
baseline outcome); none prints. Sources (tree, index, history, CI range) and the engine's scan
loop sit below this module and never import it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tokenlint import config as config_mod
from tokenlint import confine, flows, gitutil, safewrite
from tokenlint.effective import EffectiveConfig
from tokenlint.engine.baseline import Baseline
from tokenlint.engine.baseline import load as load_baseline
from tokenlint.engine.policy import Policy, load_all
from tokenlint.engine.scan import collect_results, cross_file_findings, scan_targets
from tokenlint.engine.settings import Settings, effective, load_settings, select_policies
from tokenlint.errors import TokenlintError
from tokenlint.facts import GitRemote
from tokenlint.model import STDIN, Finding, Problem, Verification
from tokenlint.model import fingerprint as fingerprint_of
from tokenlint.results import Entry, ScanResult
from tokenlint.sources import files
from tokenlint.sources import staged as staged_mod
from tokenlint.tokens import classify, find_tokens

if TYPE_CHECKING:  # start-up: the scope tables behind declarations load only for a config or --inspect-env
    from tokenlint.declarations import TokenDeclaration
    from tokenlint.insights import Destination, Posted
    from tokenlint.recommend import CredentialUsage

__all__ = [  # collect_results, cross_file_findings, scan_targets: the engine's scan loop, for embedders
    "BaselineUpdated",
    "BaselineWritten",
    "EffectiveConfig",
    "Inspected",
    "Policy",
    "Problem",
    "ScanResult",
    "Settings",
    "Suggestion",
    "baseline_create",
    "baseline_update",
    "ci_gate",
    "collect_results",
    "cross_file_findings",
    "described",
    "effective_config",
    "inspect",
    "load_settings",
    "parse_size",
    "post_code_insights",
    "read_code_insights",
    "rule",
    "rules",
    "scan",
    "scan_history",
    "scan_staged",
    "scan_targets",
    "select_policies",
    "suggest",
    "verify",
    "verify_email",
]


def parse_size(value: str | int) -> int:
    """A size as the CLI and config take it (`10MB`, `512k`, bytes); ValueError when not one."""
    return config_mod.parse_size(value)


def scan(settings: Settings) -> ScanResult:
    """The files under `settings.paths` (a `-` reads standard input)."""
    return described(files.scan(settings), settings)


def described(result: ScanResult, settings: Settings) -> ScanResult:
    """The result with the rules that judged it and the gate's threshold, for the reports that
    describe them and mark what fails."""
    result.rules = [p.info() for p in settings.policies]
    result.fail_on = settings.fail_on
    return result


def scan_staged(settings: Settings, paths: Iterable[str] = (), *, all_lines: bool = False,
                environ: Mapping[str, str] = os.environ) -> ScanResult:
    """What the next commit records, read from the git index (see tokenlint.sources.staged);
    `paths` narrows it to those staged files, `all_lines` also reports findings on unchanged lines."""
    return described(staged_mod.scan(settings, list(paths), all_lines=all_lines, environ=environ), settings)


def scan_history(path: str | Path, settings: Settings, *, revs: list[str] | None = None,
                 exclude: Iterable[str] = (), max_count: int | None = None) -> ScanResult:
    """Every blob the selected commits introduced (default: every ref); see tokenlint.sources.history."""
    from tokenlint.sources import history  # start-up: the history walk and its snapshots load only for `history`

    return described(history.scan_history(path, settings, revs=revs, exclude=list(exclude), max_count=max_count),
                     settings)


def ci_gate(path: str | Path, environ: Mapping[str, str], *, config_path: str | None = None,
            policy_dirs: Iterable[str | Path] = (), fail_on: str | None = None, min_confidence: str | None = None,
            max_file_size: int | None = None, fetch: bool = True, base: str | None = None,
            all_lines: bool = False, strict_config: bool = False, exclude: Iterable[str] = (),
            jobs: int = 0, progress: bool = False, cache: bool = True,
            strict: bool = False, inspect_env: Iterable[str] = (), say: Callable[[str], None] = lambda _: None,
            api_url: str | None = None, email: str | None = None,
            verify: bool | None = None) -> tuple[Settings, ScanResult]:
    """The CI gate (see tokenlint.ci): the settings it judged with (read from the base commit's
    config when there is a base) and the result. The options are the command line's.
    `inspect_env` (`--inspect-env`): variables whose tokens are asked about (see `inspect`) before
    the scan; what Bitbucket says replaces the config's `tokens:` entry for that variable, so the
    scope rules judge real types and scopes. Without `inspect_env`, the gate's config may name the
    variables (`inspect-env:` with `verify: true`), unless `verify` is False (`--no-verify`)."""
    from tokenlint import ci  # start-up: the gate's modules load only for `tokenlint ci`, never in pre-commit

    plain = partial(load_settings, [str(path)], policy_dirs=policy_dirs, fail_on=fail_on,
                    min_confidence=min_confidence, max_file_size=max_file_size, exclude=exclude, jobs=jobs,
                    progress=progress, cache=cache, strict=strict)
    variables = list(inspect_env)
    real: list[Inspected] | None = None

    def load(**kwargs: object) -> Settings:
        nonlocal real
        settings = plain(**kwargs)  # type: ignore[arg-type]
        names = variables or (settings.config.inspect_env if verify is not False and settings.config.verify else [])
        if not names:
            return settings
        if real is None:
            real = inspect(names, environ, say, declared=settings.config.tokens, api_url=api_url,
                           email=verify_email(email, settings, environ), cache=cache)
            for item in real:
                if item.disagrees:
                    say(f"tokenlint: inspect: ${item.variable}: {item.disagrees}")
        return _learnt(settings, real)

    settings, result = ci.run(path, environ, load, fetch=fetch, base=base, all_lines=all_lines,
                              strict_config=strict_config, config_path=config_path)
    return settings, described(result, settings)


@dataclass
class Suggestion:
    """What `suggest` found: per credential its use and the least-privilege token, and the
    paths that could not be read (the recipes may then miss calls)."""

    credentials: list[CredentialUsage] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def suggest(settings: Settings, *, inspect_env: Iterable[str] = (), environ: Mapping[str, str] = os.environ,
            say: Callable[[str], None] = lambda _: None, api_url: str | None = None,
            email: str | None = None) -> Suggestion:
    """The least-privilege recipe per credential of a scan. No rule runs (the recipe needs the
    usage facts, not findings); the caller's settings are left as they are. `inspect_env`: variables
    whose tokens are asked about (see `inspect`) first, so the recipes' notes compare what each
    token really is and has with what its calls need."""
    variables = list(inspect_env)
    if variables:  # the e-mail from the command line only: the scanned folder's config is not the user's
        settings = _learnt(settings, inspect(variables, environ, say, declared=settings.config.tokens,
                                             api_url=api_url, email=email))
    result = scan(replace(settings, policies=[]))
    return Suggestion(credentials(result, settings), result.errors)


def _learnt(settings: Settings, real: list[Inspected]) -> Settings:
    """`settings` with what Bitbucket said of each inspected variable standing in for its `tokens:` entry."""
    from tokenlint import declarations  # start-up: the scope tables load only with --inspect-env

    tokens = declarations.learn(settings.config.tokens, [i.declaration for i in real if i.declaration])
    return replace(settings, config=replace(settings.config, tokens=tokens))


def credentials(result: ScanResult, settings: Settings) -> list[CredentialUsage]:
    """Per credential of a scan's usage facts, its uses and the least-privilege token (the
    recipes of `suggest`, and the checklist of `fix`)."""
    from tokenlint import recommend  # start-up: the recipes' analysis loads only when asked for, never in pre-commit
    from tokenlint.sources.origin import remotes, this_repository  # start-up: as above

    here = this_repository(settings.paths[0]) if settings.paths[0] != STDIN else None
    if settings.paths[0] != STDIN and any(isinstance(f, GitRemote) and f.remote and f.url == f.remote
                                          for _, f in result.usage):
        flows.resolve_remotes(result.usage, remotes(settings.paths[0]))
    return recommend.analyze(result.usage, settings.config.tokens, this_repository=here)


def effective_config(settings: Settings) -> EffectiveConfig:
    """The configuration `settings` hold (as `load_settings` merged it), each value with where it
    came from: the default, the config file, or the command line; and the rules it enables."""
    return effective(settings)


def rules(policy_dirs: Iterable[str | Path] = ()) -> list[Policy]:
    """Every rule, built-in and from `policy_dirs`, enabled or not."""
    return load_all([Path(d) for d in policy_dirs])


def rule(name: str, policy_dirs: Iterable[str | Path] = ()) -> Policy:
    """One rule by code or slug; TokenlintError when none has that name."""
    match = next((p for p in rules(policy_dirs) if name in (p.code, p.slug)), None)
    if match is None:
        raise TokenlintError(f"no rule named {name!r} (see `tokenlint rules`)")
    return match


@dataclass
class BaselineWritten:
    """`baseline create`: where it went and what it holds; with `errors`, nothing was written."""

    path: Path | None
    baseline: Baseline | None
    errors: list[Problem] = field(default_factory=list)


@dataclass
class BaselineUpdated:
    """`baseline update`: the entries kept, added and removed; with `errors`, nothing was written."""

    path: Path
    kept: int = 0
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def _baseline_of(settings: Settings) -> tuple[Baseline | None, list[Problem]]:
    """Scan as `scan` would, minus any baseline; an incomplete scan makes no baseline."""
    result = scan(replace(settings, baseline=None))
    if result.errors:
        return None, result.errors
    return Baseline.of(result.findings), []


def baseline_create(settings: Settings, output: str | Path | None = None) -> BaselineWritten:
    """Write a baseline of every finding. A `baseline:` of the config must lie inside the
    config's folder; `output` may name any file. A symlink is never written through."""
    target = Path(output) if output else settings.config.baseline
    if target is None:
        raise TokenlintError("no baseline file named: pass -o FILE or set `baseline:` in .tokenlint.yml")
    if not output:
        confine.check(settings.config.path, target, "baseline")
    safewrite.check(target, "baseline")
    new, errors = _baseline_of(settings)
    if new is None:
        return BaselineWritten(target, None, errors)
    new.write(target)
    return BaselineWritten(target, new)


def baseline_update(settings: Settings, file: str | Path) -> BaselineUpdated:
    """Rescan and rewrite `file`: entries that match nothing are dropped, new findings added."""
    path = Path(file)
    safewrite.check(path, "baseline")
    old = load_baseline(path)
    new, errors = _baseline_of(settings)
    if new is None:
        return BaselineUpdated(path, errors=errors)
    new.write(path)
    removed, added = sorted(old.entries - new.entries), sorted(new.entries - old.entries)
    return BaselineUpdated(path, len(new.entries) - len(added), added, removed)


def _texts_with_secrets(result: ScanResult, roots: Iterable[str | Path]) -> Iterator[str]:
    """The text of each file a finding with a secret names (for `verify`): from the blob or commit
    it came from (history), else from disk under the current folder or a root."""
    roots = list(roots)
    places = {(_blob_of(f.origin, f.location.path), f.location.path) for f in result.findings if f.secret is not None}
    for rev, display in sorted(places, key=lambda p: (p[0] or "", p[1])):
        if rev:
            for root in roots:
                shown = gitutil.run_git(root, "cat-file", "blob", rev, check=False)
                if shown.returncode == 0:
                    yield shown.stdout.decode("utf-8", "surrogateescape")
                    break
            continue
        for folder in (Path("."), *(Path(r) for r in roots)):
            candidate = folder / display if folder.is_dir() else folder
            try:
                yield candidate.read_text(encoding="utf-8", errors="surrogateescape")
                break
            except OSError:
                continue


def _blob_of(origin: dict[str, object] | None, display: str) -> str | None:
    if not origin or "commit" not in origin:
        return None
    return str(origin.get("blob") or f"{origin['commit']}:{display}")


def verify_email(email: str | None, settings: Settings, environ: Mapping[str, str]) -> str | None:
    """The account e-mail API tokens are verified with: `--verify-email`, else the variable the
    config's `verify-email-env:` names."""
    name = settings.config.verify_email_env
    return email or (environ.get(name) or None if name else None)


def verify(result: ScanResult, roots: Iterable[str | Path], say: Callable[[str], None], *,
           api_url: str | None = None, email: str | None = None, timeout: float = 10.0,
           cache: bool = True, settings: Settings | None = None) -> int:
    """`--verify`: ask Bitbucket about each distinct secret of `result`'s findings (see
    tokenlint.probe) and set each finding's `verification`. Findings hold no value, only a
    fingerprint, so the values are read again here from the files the findings name (under the
    current folder or one of `roots`), kept in memory for the probe and dropped; a secret not found
    again is "unknown". With `settings`, a `tokens:` entry declared by fingerprint that Bitbucket
    contradicts becomes a declaration-disagrees finding (when that rule is enabled). Returns how
    many findings turned out live. ProbeError on a bad `api_url`."""
    from tokenlint import probe as probe_mod  # start-up: the HTTP client loads only with --verify

    prober = probe_mod.Prober(api_url or probe_mod.DEFAULT_API_URL, say=say, timeout=timeout, use_cache=cache)
    wanted = {f.secret.fingerprint for f in result.findings if f.secret is not None}
    values: dict[str, tuple[str, str]] = {}
    for text in _texts_with_secrets(result, roots):
        for match in find_tokens(text):
            key = fingerprint_of(match.value)
            if key in wanted:
                values.setdefault(key, (str(match.kind), match.value))
    verdicts: dict[str, Verification] = {}
    learnt = []
    for key in sorted(wanted):
        if key in values:
            kind, value = values[key]
            v = prober.probe(kind, value, email)
            verdicts[key] = Verification(v.state, v.credential_type, v.scopes)
            made = probe_mod.declaration(key, v)
            if made is not None:
                learnt.append(replace(made, variable=None, fingerprint=key))
        else:
            verdicts[key] = Verification(probe_mod.UNKNOWN)
    values.clear()
    if settings is not None and learnt:
        result.findings.extend(_contradicted(settings, learnt))
    live = 0
    for f in result.findings:
        if f.secret is not None:
            f.verification = verdicts[f.secret.fingerprint]
            live += f.verification.state == probe_mod.LIVE
    return live


def _contradicted(settings: Settings, learnt: list[TokenDeclaration]) -> list[Finding]:
    """declaration-disagrees findings for the fingerprint declarations `learnt` (from --verify)
    contradicts, made by the rule's own check, as `--inspect-env` has it make them for variables."""
    from tokenlint import checks  # start-up: only with --verify

    rules = [p for p in settings.policies if p.check == "declaration_disagrees"]
    declared = {d.fingerprint: d for d in settings.config.tokens if d.fingerprint}
    mine = [replace(d, replaces=declared[d.fingerprint]) for d in learnt if d.fingerprint in declared]
    if not rules or not mine:
        return []
    config = replace(settings.config, tokens=mine)
    return checks.run(rules, [], config)


@dataclass
class Inspected:
    """`inspect`: one variable, what Bitbucket said of it, the declaration that follows (None when
    it cannot be made), and how the config's own declaration of it disagrees ("" when not)."""

    variable: str
    state: str
    credential_type: str | None = None
    declaration: TokenDeclaration | None = None
    disagrees: str = ""


def inspect(variables: Iterable[str], environ: Mapping[str, str], say: Callable[[str], None], *,
            declared: Iterable[TokenDeclaration] = (), api_url: str | None = None, email: str | None = None,
            timeout: float = 10.0, cache: bool = True) -> list[Inspected]:
    """Ask Bitbucket about the credential in each environment variable (the value is read, probed
    and dropped; never printed) and turn the answer into a `tokens:` declaration; compare it with
    the config's declaration of the same variable (`declared`). A live access token costs a second
    request, the repositories it sees, which says what it is bound to (its resource)."""
    from tokenlint import probe as probe_mod  # start-up: the HTTP client loads only when asked
    from tokenlint.declarations import disagreement  # start-up: as above, the scope tables

    prober = probe_mod.Prober(api_url or probe_mod.DEFAULT_API_URL, say=say, timeout=timeout, use_cache=cache)
    by_variable = {d.variable: d for d in declared if d.variable}
    out: list[Inspected] = []
    for name in variables:
        variable = name.removeprefix("$")
        value = environ.get(variable, "")
        if not value:
            out.append(Inspected(variable, "unset"))
            continue
        kind = classify(value.strip())
        if kind is None:  # a password or something without a token's shape: never sent
            out.append(Inspected(variable, probe_mod.UNKNOWN))
            continue
        verdict = prober.probe(str(kind), value.strip(), email)
        made = probe_mod.declaration(variable, verdict, prober.resource(value.strip(), verdict))
        out.append(Inspected(variable, verdict.state, verdict.credential_type, made,
                             disagreement(by_variable.get(variable), made)))
    return out


def read_code_insights(file: str) -> dict[str, object]:
    """A document the `code-insights` format wrote (`-`: standard input), checked for its shape;
    TokenlintError (exit 2) when it cannot be read or is no such document."""
    from tokenlint import insights  # start-up: the HTTP client loads only when posting

    try:
        text = sys.stdin.read() if file == STDIN else Path(file).read_text(encoding="utf-8")
        document = json.loads(text)
    except OSError as exc:
        raise TokenlintError(f"cannot read {file}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError):
        raise TokenlintError(f"{file} is not JSON: write it with --format code-insights") from None
    insights.check_document(document)
    return dict(document)


def post_code_insights(document: Mapping[str, object], path: str | Path = ".", environ: Mapping[str, str] = os.environ,
                       *, repo: str | None = None, commit: str | None = None, report_id: str | None = None,
                       api_url: str | None = None, proxy: str | None = None, token_env: str | None = None,
                       timeout: float = 10.0, send: bool = True) -> tuple[Destination, Posted]:
    """Post a `code-insights` document (the format's `payload`) to Bitbucket: inside Pipelines
    through its proxy, elsewhere with the token in `$token_env` (see tokenlint.insights). The
    commit is `commit`, else $BITBUCKET_COMMIT, else HEAD of the repository holding `path`.
    With `send` False nothing is sent: the destination and the counts only (a dry run).
    InsightsError when it fails; the network is reached here only, and only with `send`."""
    from tokenlint import insights as client  # start-up: the HTTP client loads only when posting

    def head() -> str | None:
        top = Path(path) if Path(path).is_dir() else Path(path).parent
        try:
            return gitutil.commit_id(top, "HEAD") if top.is_dir() else None
        except OSError:  # no git at all
            return None

    dest = client.destination(environ, repo=repo, commit=commit, head=head, api_url=api_url, proxy=proxy,
                              token_env=token_env, report_id=report_id)
    if not send:
        _, annotations = client.check_document(document)
        kept = min(len(annotations), client.MAX_ANNOTATIONS)
        batches = -(-kept // client.BATCH)
        return dest, client.Posted(kept, 1 + batches, len(annotations) - kept)
    return dest, client.post(document, dest, timeout=timeout)
