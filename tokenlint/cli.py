"""Thin command line: options -> one API call -> one reporter -> exit code.

It imports only `tokenlint.api`, `tokenlint.reporters` and `tokenlint.errors` (plus click and
the standard library), and `tokenlint.fleet` for `tokenlint fleet` (the layer that runs many
scans through the API): what to scan and how lives in the API, how it is printed (redaction,
escaping, safe writes included) in the reporters.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import IO, Any, NoReturn, ParamSpec, TypeVar

import click

from tokenlint import __version__, api, reporters
from tokenlint.errors import TokenlintError
from tokenlint.fixes import model as fixes_model
from tokenlint.reporters.output import check_writable, clean, emit, emit_stderr, out, out_patch_line, say

SEVERITIES = click.Choice(["info", "low", "medium", "high", "critical"], case_sensitive=False)
CONFIDENCES = click.Choice(["low", "medium", "high"], case_sensitive=False)


_P = ParamSpec("_P")
_R = TypeVar("_R")
_F = TypeVar("_F", bound=Callable[..., Any])


def friendly(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn user errors into one line and exit 2; anything unexpected into one line and exit 3."""

    @wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return func(*args, **kwargs)
        except TokenlintError as exc:
            say(f"tokenlint: error: {exc}")
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("tokenlint: interrupted", err=True)
            sys.exit(3)
        except BrokenPipeError:  # `tokenlint scan | head`: the reader left; say nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:  # the promise is: never a traceback
            if os.environ.get("TOKENLINT_DEBUG"):
                raise
            say(f"tokenlint: internal error: {type(exc).__name__}: {exc} (set TOKENLINT_DEBUG=1 for details)")
            sys.exit(3)

    return wrapper


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return api.parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


class _UsageError(click.UsageError):
    """A usage error as one line, like every other error of ours (click's own shows the usage
    block around it): what was wrong, and where to read more."""

    def show(self, file: IO[Any] | None = None) -> None:
        where = f" (see '{self.ctx.command_path} --help')" if self.ctx is not None else ""
        click.echo(f"tokenlint: error: {self.format_message().rstrip('.')}{where}", file=file or sys.stderr)


# click >= 8.2 shows a group's help, as a usage error, when it is run with no command: kept as is
_HELP = getattr(click.exceptions, "NoArgsIsHelpError", _UsageError)


def _one_line(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, (_UsageError, _HELP)):
        return exc
    return _UsageError(exc.format_message(), exc.ctx)


class _Group(click.Group):
    """Our command group: usage errors of any command (bad options, bad values) are one line,
    and since click's messages quote the offending value (`--fail-on`, a path), they go through
    the same redaction and escaping as every other message."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if not isinstance(exc, _HELP):  # `tokenlint` alone: the help text, ours
                exc.message = clean(exc.message)  # type: ignore[misc]  # click's Final; redacted before shown
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tokenlint")
def main() -> None:
    """Find Bitbucket credentials and judge how they are used."""


def _options(*decorators: Callable[[_F], _F]) -> Callable[[_F], _F]:
    """Apply click options in the order listed (each option is defined once, below)."""
    def apply(func: _F) -> _F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func
    return apply


PATHS = click.argument("paths", nargs=-1, type=click.Path())
FORMAT = click.option("--format", "fmt", type=click.Choice(list(reporters.FORMATS)), default="text", show_default=True)
OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                      help="Write the report to this file, not standard output (with several --format: the one "
                           "without a FILE).")
FAIL_ON = click.option("--fail-on", type=SEVERITIES,
                       help="Lowest severity that fails the run [default: low; info findings are shown but fail "
                            "only with --fail-on info]. Low-confidence findings never fail it.")
MIN_CONFIDENCE = click.option("--min-confidence", type=CONFIDENCES,
                              help="Hide findings below this confidence [default: medium]; 'low' shows placeholders.")
POLICIES = click.option("--policies", "policy_dirs", multiple=True, type=click.Path(file_okay=False),
                        help="Extra folder of policy YAML files (repeatable).")
CONFIG = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                      help="Config file (default: nearest .tokenlint.yml or pyproject.toml upward).")
MAX_FILE_SIZE = click.option("--max-file-size", callback=_size, help="Largest file to scan, e.g. 10MB [default: 10MB].")
COLOR = click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     help="Colour the text report on standard output; auto: only on a terminal, and not with "
                          "NO_COLOR set or TERM=dumb. Files are never coloured.")
NO_IGNORE = click.option("--no-ignore", is_flag=True, help="Scan files that .gitignore excludes too.")
EXCLUDE = click.option("--exclude", "exclude", multiple=True, metavar="PATTERN",
                       help="Skip paths matching this .gitignore-style pattern, relative to the current directory "
                            "(repeatable).")
NO_CACHE = click.option("--no-cache", is_flag=True,
                        help="Neither reuse nor store per-blob results (~/.cache/tokenlint, or $TOKENLINT_CACHE_DIR).")
JOBS = click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: number of cores].")
QUIET = click.option("-q", "--quiet", is_flag=True,
                     help="Print only the findings and the summary line: no skipped files, notes or progress bar "
                          "(errors still go to stderr, one line each).")
VERBOSE = click.option("-v", "--verbose", is_flag=True,
                       help="List every skipped file with its reason (by default the summary counts them by reason).")
STRICT = click.option("--strict", is_flag=True,
                      help="A file git tracks but the work tree lacks (deleted, not committed) is an error "
                           "(exit 3), not a warning.")
REPORT_FORMATS = click.option(
    "--format", "formats", multiple=True, metavar="NAME[:FILE]", callback=lambda ctx, param, v: _formats(v),
    help=f"Report format, and the file to write it to (repeatable: several reports from one scan, e.g. "
         f"--format text --format sarif:a.sarif). NAME: {', '.join(reporters.FORMATS)}. At most one without "
         "a FILE: it goes to standard output, or to -o FILE [default: text]. FILE is everything after the "
         "first ':', so it may hold ':' itself.")

# Bitbucket Code Insights: where a report goes (`report code-insights`, and `--post-insights` on
# `scan`, `ci` and `history`); the commands collect them as `**insights` for `_post_insights`.
_DESTINATION = _options(
    click.option("--repo", metavar="WORKSPACE/REPO",
                 help="Repository the report belongs to [default: $BITBUCKET_REPO_FULL_NAME]."),
    click.option("--commit", metavar="SHA", help="Commit the report belongs to [default: $BITBUCKET_COMMIT, "
                                                 "else HEAD of the scanned repository]."),
    click.option("--report-id", metavar="ID", help="The report's id on the commit [default: tokenlint]."),
    click.option("--token-env", metavar="NAME",
                 help="Environment variable holding the access token, sent as Bearer outside Pipelines "
                      "[default: BITBUCKET_ACCESS_TOKEN]. The token itself is never an option."),
    click.option("--api-url", metavar="URL", help="Bitbucket API base URL (tests, mirrors) [default: "
                                                  "https://api.bitbucket.org/2.0; in Pipelines, through its proxy]."),
    click.option("--proxy", "insights_proxy", metavar="URL",
                 help="HTTP proxy that authenticates, as Pipelines' [default in Pipelines: http://localhost:29418]."),
    click.option("--timeout", "insights_timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
                 show_default=True, help="Seconds to wait for Bitbucket to connect and answer."),
)
POST_INSIGHTS = _options(
    click.option("--post-insights", is_flag=True,
                 help="Post this run's Code Insights report to Bitbucket after the outputs are written."),
    click.option("--post-required", is_flag=True,
                 help="With --post-insights (implied): a failed post exits 3 [default: one line on stderr, "
                      "exit code unchanged]."),
    _DESTINATION,
)


VERIFY = _options(
    click.option("--verify/--no-verify", "verify", default=None,
                 help="Ask Bitbucket whether each token found is live: one GET /2.0/user per token, announced on "
                      "stderr (opt-in; `ci` also honours `verify: true` in the base commit's config; see README, "
                      "'Verifying credentials'). --no-verify overrides the config."),
    click.option("--fail-on-live", is_flag=True,
                 help="With --verify (implied): exit 1 when a token found is live, whatever --fail-on says."),
    click.option("--verify-api-url", metavar="URL",
                 help="Bitbucket API base URL for --verify (tests, mirrors) [default: https://api.bitbucket.org/2.0]."),
    click.option("--verify-email", metavar="EMAIL",
                 help="The Atlassian account e-mail an API token is verified with; without it (or "
                      "`verify-email-env:` in the base commit's config, for `ci`) API tokens are not sent "
                      "(state unknown)."),
)


def _wants_verify(options: dict[str, Any], settings: api.Settings, gate: bool) -> bool:
    """--verify, --fail-on-live, or, for the CI gate only, the config's `verify: true`; --no-verify
    wins over the config. The gate reads its config from the base commit, the team's own; `scan`
    and `history` read the config of what they scan, which may be anyone's repository, and a
    repository must not be able to send tokenlint to the network."""
    flag = options.get("verify")
    if flag is not None:
        return bool(flag) or bool(options.get("fail_on_live"))
    if settings.config.verify and not gate and not options.get("fail_on_live"):
        say("tokenlint: note: the config's `verify: true` applies to `tokenlint ci` only (its config comes from the "
            "base commit); pass --verify to verify here")
    return bool(options.get("fail_on_live")) or (gate and bool(settings.config.verify))


def _verified(result: api.ScanResult, roots: Sequence[str], options: dict[str, Any], settings: api.Settings,
              gate: bool = False) -> int:
    """`--verify`: ask Bitbucket about the tokens of `result` before it is reported (each request
    one line on stderr); the exit code, 1 with `--fail-on-live` and a live token. `gate`: the
    config (from the base commit) may opt in and name the e-mail's variable."""
    wanted = _wants_verify(options, settings, gate)
    fail_on_live = options.pop("fail_on_live", False)
    api_url, email = options.pop("verify_api_url", None), options.pop("verify_email", None)
    options.pop("verify", None)
    if not wanted:
        return result.exit_code(settings.fail_on)  # no network unless asked
    live = api.verify(result, roots, say, api_url=api_url,
                      email=api.verify_email(email, settings, os.environ) if gate else email, settings=settings)
    code = result.exit_code(settings.fail_on)  # after: a declaration Bitbucket contradicts is a finding
    if fail_on_live and live and code == 0:
        return 1
    return code


# The options every reporting command shares (`scan`, `history`, `ci`).
_report_options = _options(REPORT_FORMATS, OUTPUT, FAIL_ON, MIN_CONFIDENCE, POLICIES, CONFIG, MAX_FILE_SIZE, COLOR,
                           EXCLUDE, QUIET, VERBOSE)

#: A report to write: its format's name, and its file (None: standard output).
Output = tuple[str, str | None]


def _formats(values: tuple[str, ...]) -> list[Output]:
    """`--format` values as (name, file): NAME or NAME:FILE, split at the first ':' (a format's
    name never holds one, a file name may: `sarif:build:1.sarif` writes `build:1.sarif`)."""
    parsed: list[Output] = []
    for value in values:
        name, colon, path = value.partition(":")
        if name not in reporters.FORMATS:
            known = ", ".join(reporters.FORMATS)
            raise click.BadParameter(f"unknown format {name!r} in {value!r} (choose from {known})")
        if colon and not path:
            raise click.BadParameter(f"{value!r} names no file after ':' (NAME alone writes to standard output)")
        parsed.append((name, path or None))
    return parsed


def _outputs(formats: list[Output], output: str | None) -> list[Output]:
    """Where each report goes: the one format without a file (text unless named) to `output` or
    standard output; a usage error for two formats without a file or two reports into one file.
    Files come first, so a reader leaving standard output early (`| head`) loses no file."""
    unnamed = [name for name, path in formats if path is None]
    if len(unnamed) > 1:
        raise TokenlintError(f"--format {' and --format '.join(unnamed)}: at most one format may go to standard output "
                             "(give the others a file: --format NAME:FILE)")
    outputs: list[Output] = [(name, path) for name, path in formats if path is not None]
    outputs.append((unnamed[0] if unnamed else "text", output))
    seen: dict[str, str] = {}
    for _, path in outputs:
        if path is None:
            continue
        key = os.path.realpath(path)
        if key in seen:
            raise TokenlintError(f"two reports would be written to one file: {seen[key]} and {path}")
        seen[key] = path
    return outputs


@main.command()
@PATHS
@_report_options
@NO_IGNORE
@JOBS
@click.option("--show-usage", is_flag=True,
              help="Also print the inventory of Bitbucket calls and git remotes (always in JSON).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not in this baseline (default: `baseline:` of the config).")
@click.option("--no-inline-ignores", is_flag=True, help="Honour no `tokenlint: ignore` comment (for audits).")
@click.option("--staged", is_flag=True,
              help="Scan what the next commit records (the git index), only the named files if any; for pre-commit.")
@click.option("--all-lines", is_flag=True, help="With --staged: report findings on unchanged lines too.")
@click.option("--force-exclude", is_flag=True,
              help="Apply the excludes to files named on the command line too (the pre-commit hooks pass this).")
@STRICT
@VERIFY
@POST_INSIGHTS
@friendly
def scan(paths: tuple[str, ...], formats: list[Output], output: str | None, fail_on: str | None,
         min_confidence: str | None, policy_dirs: tuple[str, ...], config_path: str | None, no_ignore: bool,
         max_file_size: int | None, jobs: int | None, color: str, show_usage: bool, baseline_path: str | None,
         no_inline_ignores: bool, staged: bool, all_lines: bool, force_exclude: bool, exclude: tuple[str, ...],
         quiet: bool, verbose: bool, strict: bool, **insights: Any) -> None:
    """Scan files and folders (default: .); '-' reads standard input."""
    if os.environ.get("PRE_COMMIT") == "1":  # pre-commit passes file names, never standard input
        paths = tuple(os.path.join(os.curdir, p) if p == "-" else p for p in paths)
    outputs = _outputs(formats, output)
    _preflight(paths, *(path for _, path in outputs))
    settings = api.load_settings(
        paths or ["."], config_path=config_path, policy_dirs=policy_dirs, fail_on=fail_on,
        min_confidence=min_confidence, max_file_size=max_file_size, use_gitignore=not no_ignore, jobs=jobs or 0,
        inline_ignores=not no_inline_ignores, baseline=baseline_path, exclude=exclude,
        inventory=show_usage or any(name != "text" for name, _ in outputs),  # text shows it only when asked
        force_exclude=force_exclude, progress=not quiet, strict=strict,
    )
    if all_lines and not staged:
        raise TokenlintError("--all-lines only applies with --staged")
    result = api.scan_staged(settings, list(paths), all_lines=all_lines) if staged else api.scan(settings)
    code = _verified(result, paths or ["."], insights, settings)
    _report(result, outputs, color, quiet=quiet, verbose=verbose, show_usage=show_usage)
    sys.exit(_post_insights(result, paths[0] if paths else ".", insights, code))


def _report(result: api.ScanResult, outputs: list[Output], color: str, *, quiet: bool, verbose: bool,
            show_usage: bool = False) -> None:
    """Every report from the one result. Colour only ever reaches text on standard output (emit
    decides whether that is a terminal); a quiet run still says on stderr why it could not scan."""
    for name, path in outputs:
        emit(reporters.get(name, show_usage=show_usage, quiet=quiet, verbose=verbose), result, path,
             color if name == "text" else "never")
    if quiet:
        for p in result.errors:
            say(f"tokenlint: error: {p.path}: {p.reason}")


def _preflight(paths: Sequence[str] = (), *outputs: str | None) -> None:
    """Usage problems that must stop a run before it scans anything: `-` with standard input
    closed (`<&-`), an output file that could not be written at the end."""
    if "-" in paths and sys.stdin is None:
        raise TokenlintError("'-' reads standard input, but standard input is closed")
    for output in outputs:
        if output:
            check_writable(output, "report")


@main.command("ci")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@_report_options
@click.option("--base", metavar="REV", help="Compare with this commit or ref instead of what the CI system says.")
@click.option("--no-fetch", is_flag=True,
              help="Never fetch missing history; a base not in the clone is then an error (exit 3).")
@click.option("--all-lines", is_flag=True, help="Report findings on unchanged lines of the changed files too.")
@click.option("--strict-config", is_flag=True,
              help="Fail (exit 3) when the change edits the gate's own config, baseline or policies.")
@STRICT
@JOBS
@NO_CACHE
@VERIFY
@click.option("--inspect-env", "inspect_env", multiple=True, metavar="VAR",
              help="Ask Bitbucket what the token in this environment variable is (type, scopes) and judge the scope "
                   "rules on that instead of its tokens: declaration (repeatable; one request each, on stderr).")
@POST_INSIGHTS
@friendly
def ci_command(path: str, formats: list[Output], output: str | None, fail_on: str | None, min_confidence: str | None,
               policy_dirs: tuple[str, ...], config_path: str | None, max_file_size: int | None, color: str,
               base: str | None, no_fetch: bool, all_lines: bool, strict_config: bool,
               exclude: tuple[str, ...], quiet: bool, verbose: bool, strict: bool, jobs: int | None,
               no_cache: bool, inspect_env: tuple[str, ...], **insights: Any) -> None:
    """CI gate: scan the lines the pull request or push adds (Bitbucket Pipelines, GitHub Actions, GitLab CI).

    The gate's config (and the baseline and policies it names) is read from the base commit, so
    a change cannot loosen the gate that judges it."""
    outputs = _outputs(formats, output)
    _preflight((), *(out_path for _, out_path in outputs))
    settings, result = api.ci_gate(path, os.environ, config_path=config_path, policy_dirs=policy_dirs,
                                   fail_on=fail_on, min_confidence=min_confidence, max_file_size=max_file_size,
                                   fetch=not no_fetch, base=base, all_lines=all_lines, strict_config=strict_config,
                                   exclude=exclude, jobs=jobs or 0, progress=not quiet,
                                   cache=not no_cache, strict=strict, inspect_env=inspect_env, say=say,
                                   api_url=insights.get("verify_api_url"), email=insights.get("verify_email"),
                                   verify=insights.get("verify"))
    code = _verified(result, [path], insights, settings, gate=True)
    _report(result, outputs, color, quiet=quiet, verbose=verbose)
    sys.exit(_post_insights(result, path, insights, code))


@main.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--branch", "branches", multiple=True, metavar="NAME",
              help="Scan only commits reachable from NAME (repeatable) [default: all refs].")
@click.option("--range", "rev_range", metavar="A..B", help="Scan only the commits of a git range.")
@click.option("--since-commit", metavar="REF", help="Leave out REF and every commit before it.")
@click.option("--max-count", type=click.IntRange(min=1), help="Scan only the newest N commits.")
@_report_options
@JOBS
@NO_CACHE
@VERIFY
@POST_INSIGHTS
@friendly
def history(path: str, branches: tuple[str, ...], rev_range: str | None, since_commit: str | None,
            max_count: int | None, formats: list[Output], output: str | None, fail_on: str | None,
            min_confidence: str | None, policy_dirs: tuple[str, ...], config_path: str | None,
            max_file_size: int | None, color: str, exclude: tuple[str, ...], quiet: bool, verbose: bool,
            jobs: int | None, no_cache: bool, **insights: Any) -> None:
    """Scan every blob in a repository's git history (a work tree or a bare repository; default: .)."""
    if rev_range and branches:
        raise TokenlintError("--range and --branch cannot be combined: put both ends in the range")
    outputs = _outputs(formats, output)
    _preflight((), *(out_path for _, out_path in outputs))
    settings = api.load_settings([path], config_path=config_path, policy_dirs=policy_dirs, fail_on=fail_on,
                                 min_confidence=min_confidence, max_file_size=max_file_size, exclude=exclude,
                                 jobs=jobs or 0, progress=not quiet, cache=not no_cache)
    revs = [rev_range] if rev_range else list(branches) or None
    result = api.scan_history(path, settings, revs=revs, exclude=[since_commit] if since_commit else [],
                              max_count=max_count)
    code = _verified(result, [path], insights, settings)
    _report(result, outputs, color, quiet=quiet, verbose=verbose)
    sys.exit(_post_insights(result, path, insights, code))


@main.command()
@click.argument("variables", nargs=-1, required=True, metavar="VAR...")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--verify-api-url", metavar="URL",
              help="Bitbucket API base URL (tests, mirrors) [default: https://api.bitbucket.org/2.0].")
@click.option("--verify-email", metavar="EMAIL", help="The account e-mail an API token is sent with (Basic).")
@CONFIG
@friendly
def inspect(variables: tuple[str, ...], fmt: str, verify_api_url: str | None, verify_email: str | None,
            config_path: str | None) -> None:
    """Ask Bitbucket what the tokens in these environment variables are (one GET /2.0/user each,
    and for an access token one GET of the repositories it sees, which names its resource; each
    announced on stderr; the values are never printed) and print them as `tokens:` declarations.
    Exit 1 when the config declares one of them otherwise than Bitbucket says."""
    settings = api.load_settings(["."], config_path=config_path)
    found = api.inspect(variables, os.environ, say, declared=settings.config.tokens, api_url=verify_api_url,
                        email=verify_email)
    entries: list[dict[str, object]] = []
    for item in found:
        if item.declaration is None:
            say(f"tokenlint: inspect: ${item.variable}: {item.state}; no declaration made")
            continue
        entry: dict[str, object] = {"variable": item.variable, "type": item.declaration.type}
        if item.declaration.resource is not None:
            entry["resource"] = str(item.declaration.resource)
        if item.declaration.scopes is not None:
            entry["scopes"] = sorted(item.declaration.scopes)
        entries.append(entry)
        if item.disagrees:
            say(f"tokenlint: inspect: ${item.variable}: {item.disagrees}")
    if fmt == "json":
        for line in json.dumps({"tokens": entries}, indent=2).splitlines():
            out(line)
    else:
        lines = ["tokens:"] if entries else ["tokens: []"]
        for entry in entries:
            lines.append(f"  - variable: {entry['variable']}")
            lines.append(f"    type: {entry['type']}")
            if "resource" in entry:
                lines.append(f"    resource: {entry['resource']}")
            if "scopes" in entry:
                lines.append(f"    scopes: [{', '.join(str(x) for x in entry['scopes'])}]")  # type: ignore[attr-defined]
        for line in lines:
            out(line)
    sys.exit(1 if any(item.disagrees for item in found) else 0)


@main.command()
@_options(PATHS, CONFIG, POLICIES, NO_IGNORE, MAX_FILE_SIZE, EXCLUDE)
@click.option("--write/--diff", "write", default=False,
              help="--diff [default]: print the rewrites as a unified diff and change nothing. --write: rewrite "
                   "the files in place.")
@click.option("--token-var", metavar="NAME",
              help=f"The variable the rewritten code reads an access token from [default: "
                   f"{fixes_model.DEFAULT_TOKEN_VAR}; when the credentials need different access tokens, the "
                   "others are named after their repository, project or workspace: WEBSITE_MIRROR_ACCESS_TOKEN].")
@click.option("--api-token-var", default=fixes_model.DEFAULT_API_TOKEN_VAR, show_default=True, metavar="NAME",
              help="The variable the rewritten code reads a person's API token from (user endpoints).")
@click.option("--email-var", default=fixes_model.DEFAULT_EMAIL_VAR, show_default=True, metavar="NAME",
              help="The variable holding the Atlassian account e-mail an API token is sent with.")
@click.option("--rule", "rules", multiple=True, metavar="CODE",
              help="Fix only this rule's findings (code or slug; repeatable) [default: every rule with a fix].")
@click.option("--checklist", "checklist", is_flag=False, flag_value="text", default=None, metavar="[text|json]",
              help="Also print the migration checklist: per new credential, the token to create, "
                                 "the secured variable to add and where, the files that read it, what to revoke. "
                                 "On stdout with --write; on stderr with --diff (stdout is the diff) unless "
                                 "--checklist-output names a file. [default: text; a word after it that is "
                                 "neither is a path]")
@click.option("--checklist-output", metavar="FILE", help="Write the checklist to FILE (implies --checklist).")
@friendly
def fix(paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...], no_ignore: bool,
        max_file_size: int | None, exclude: tuple[str, ...], write: bool, token_var: str | None, api_token_var: str,
        email_var: str, rules: tuple[str, ...], checklist: str | None, checklist_output: str | None) -> None:
    """Rewrite what the rules find into what Bitbucket takes today (app passwords to tokens, ...):
    a diff by default, the files with --write. A finding whose rewrite is not safe stays, with why
    (`not fixed:` on stderr). No secret value is ever printed or written.

    \b
    Exit codes:
      --diff   0 nothing to change; 1 a diff was printed, or a finding with a fix was left
      --write  0 every finding with a fix was rewritten; 1 something was left
      2        usage or config error
      3        a path could not be read, or a file changed between the scan and the write
               (nothing is written to it); 3 wins over 1
    """
    from tokenlint.fixes import checklist as fix_checklist  # start-up: the fixes load only for `fix`
    from tokenlint.fixes import diff as fix_diff  # start-up: as above
    from tokenlint.fixes import plan as fix_plan  # start-up: as above
    from tokenlint.fixes import write as fix_write  # start-up: as above
    from tokenlint.reporters import checklist as checklist_report  # start-up: as above

    if checklist not in (None, "text", "json"):  # `fix --checklist examples/`: the flag, then a path
        paths, checklist = (checklist, *paths), "text"
    if "-" in paths:
        raise TokenlintError("`tokenlint fix` rewrites files, and standard input ('-') is no file: "
                             "name the files or folders to fix")
    _preflight(paths)
    if checklist_output:
        check_writable(checklist_output, "checklist")
    for name in (token_var or fixes_model.DEFAULT_TOKEN_VAR, api_token_var, email_var):
        if not _VARIABLE.fullmatch(name):
            raise click.BadParameter(f"{name!r} is not a variable name",
                                     param_hint="--token-var/--api-token-var/--email-var")
    settings = api.load_settings(paths or ["."], config_path=config_path, policy_dirs=policy_dirs,
                                 use_gitignore=not no_ignore, max_file_size=max_file_size, exclude=exclude,
                                 progress=False)
    options = fixes_model.FixOptions(token_var or fixes_model.DEFAULT_TOKEN_VAR, api_token_var, email_var,
                                     frozenset(rules), derive_token_var=token_var is None)
    planned = fix_plan.plan(settings, options)
    failed = list(planned.errors)
    for fixed in planned.files:
        if write:
            try:
                fix_write.write(fixed)
            except fix_write.WriteError as exc:
                failed.append(str(exc))
                continue
            say(f"tokenlint: fixed {fixed.path} ({len(fixed.fixed)} finding(s))")
        else:
            for line in fix_diff.unified(fixed, fixed.secrets):
                out_patch_line(line.removesuffix("\n"))
    for left in planned.left:
        loc = left.finding.location
        say(f"tokenlint: not fixed: {loc.path}:{loc.line}: {left.finding.code} {left.finding.rule}: {left.reason}")
    for error in failed:
        say(f"tokenlint: error: {error}")
    if checklist or checklist_output:
        listed = fix_checklist.build(planned, written=write)
        report = checklist_report.get(checklist or "text")
        if checklist_output or write:
            emit(report, listed, checklist_output, "never")
        else:
            emit_stderr(report, listed)
    if failed:
        sys.exit(3)
    sys.exit(1 if planned.left or (planned.files and not write) else 0)


_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@main.command()
@_options(PATHS, FORMAT, OUTPUT, CONFIG, NO_IGNORE, MAX_FILE_SIZE, COLOR, EXCLUDE)
@click.option("--inspect-env", "inspect_env", multiple=True, metavar="VAR",
              help="Ask Bitbucket what the token in this environment variable is (type, resource, scopes) and "
                   "compare it with the recipe (repeatable; each request on stderr).")
@click.option("--verify-api-url", metavar="URL",
              help="Bitbucket API base URL for --inspect-env (tests, mirrors) [default: https://api.bitbucket.org/2.0].")
@click.option("--verify-email", metavar="EMAIL", help="The account e-mail an API token is sent with (Basic).")
@friendly
def suggest(paths: tuple[str, ...], fmt: str, output: str | None, config_path: str | None, no_ignore: bool,
            max_file_size: int | None, color: str, exclude: tuple[str, ...], inspect_env: tuple[str, ...],
            verify_api_url: str | None, verify_email: str | None) -> None:
    """Print the least-privilege token per credential: type, resource, scopes, and the calls behind each scope.
    With --inspect-env, what Bitbucket says each named token is, against the recipe."""
    from tokenlint.reporters import suggest as recipes  # start-up: the recipes load only for `suggest`

    _preflight(paths, output)
    settings = api.load_settings(paths or ["."], config_path=config_path, use_gitignore=not no_ignore,
                                 max_file_size=max_file_size, use_baseline=False, exclude=exclude)
    found = api.suggest(settings, inspect_env=inspect_env, environ=os.environ, say=say, api_url=verify_api_url,
                        email=verify_email)
    emit(recipes.get(fmt), recipes.Suggestion(found.credentials), output, color)
    for p in found.errors:
        say(f"tokenlint: error: {p.path}: {p.reason}")
    if found.errors:
        say(f"tokenlint: error: {len(found.errors)} path(s) could not be read: the recipes may miss calls")
        sys.exit(3)


@main.command()
@click.argument("rule", required=False)
@POLICIES
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: the rule's page, or the index of every rule.")
@click.option("--output", "output_dir", type=click.Path(file_okay=False),
              help="With --format markdown: write every rule's page and the index (README.md) into this folder.")
@friendly
def rules(rule: str | None, policy_dirs: tuple[str, ...], fmt: str, output_dir: str | None) -> None:
    """List all rules, or print one rule's documentation."""
    from tokenlint.reporters import rule_pages  # start-up: rule docs load only for `rules`
    from tokenlint.reporters import rules as rule_docs  # start-up: as above

    if output_dir is not None:
        if fmt != "markdown":
            raise TokenlintError("--output writes Markdown pages: add --format markdown")
        if rule is not None:
            raise TokenlintError("--output writes every rule's page: leave out the rule name")
        written = rule_pages.write(api.rules(policy_dirs), Path(output_dir))
        out(f"{output_dir}: {len(written)} files written (rule pages and {rule_pages.INDEX})")
    elif fmt == "markdown":
        page = (rule_pages.index(api.rules(policy_dirs)) if rule is None
                else rule_pages.page(api.rule(rule, policy_dirs)))
        emit(rule_pages.report, page, None, "never")
    elif rule is None:
        rule_docs.listing(api.rules(policy_dirs))
    else:
        rule_docs.document(api.rule(rule, policy_dirs))


@main.group("config")
def config_group() -> None:
    """The configuration a scan would use."""


@config_group.command("show")
@click.argument("path", default=".", type=click.Path())
@_options(CONFIG, FAIL_ON, MIN_CONFIDENCE, MAX_FILE_SIZE, EXCLUDE, POLICIES)
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Baseline file, as `scan --baseline` takes it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@friendly
def config_show(path: str, config_path: str | None, fail_on: str | None, min_confidence: str | None,
                max_file_size: int | None, exclude: tuple[str, ...], policy_dirs: tuple[str, ...],
                baseline_path: str | None, fmt: str) -> None:
    """Print the effective configuration for PATH (default: .) and where each value came from:
    the default, the config file (.tokenlint.yml or pyproject.toml [tool.tokenlint]) or the
    command line (the options `scan` takes); then the rules it enables."""
    from tokenlint.reporters import effective  # start-up: loads only for `config show`

    settings = api.load_settings([path], config_path=config_path, policy_dirs=policy_dirs, fail_on=fail_on,
                                 min_confidence=min_confidence, max_file_size=max_file_size, exclude=exclude,
                                 baseline=baseline_path)
    emit(effective.get(fmt), api.effective_config(settings), None, "never")


_baseline_scan_options = _options(PATHS, CONFIG, POLICIES, NO_IGNORE, JOBS, EXCLUDE)


def _baseline_settings(paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...],
                       no_ignore: bool, jobs: int | None, exclude: tuple[str, ...] = ()) -> api.Settings:
    _preflight(paths)
    return api.load_settings(paths or ["."], config_path=config_path, policy_dirs=policy_dirs,
                             use_gitignore=not no_ignore, jobs=jobs or 0, use_baseline=False, exclude=exclude)


def _refuse_incomplete(errors: list[api.Problem]) -> NoReturn:
    """A baseline of an incomplete scan would accept less than there is: say why none was written."""
    for p in errors:
        say(f"tokenlint: error: {p.path}: {p.reason}")
    say(f"tokenlint: error: baseline not written: {len(errors)} path(s) could not be scanned")
    sys.exit(3)


@main.group()
def baseline() -> None:
    """Accept today's findings, so that scans report only new ones."""


@baseline.command("create")
@_baseline_scan_options
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Baseline file to write [default: `baseline:` of the config].")
@friendly
def baseline_create(paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...], no_ignore: bool,
                    jobs: int | None, exclude: tuple[str, ...], output: str | None) -> None:
    """Write a baseline of every finding in PATHS (default: .). A `baseline:` of the config must
    lie inside the config's folder; -o may name any file. A symlink is never written through."""
    written = api.baseline_create(_baseline_settings(paths, config_path, policy_dirs, no_ignore, jobs, exclude),
                                  output)
    if written.baseline is None:  # the scan was incomplete: nothing was written
        _refuse_incomplete(written.errors)
    count = len(written.baseline.entries)
    out(f"{written.path}: {count} entr{'y' if count == 1 else 'ies'} written")


@baseline.command("update")
@click.argument("file", type=click.Path(dir_okay=False))
@_baseline_scan_options
@friendly
def baseline_update(file: str, paths: tuple[str, ...], config_path: str | None, policy_dirs: tuple[str, ...],
                    no_ignore: bool, jobs: int | None, exclude: tuple[str, ...]) -> None:
    """Rescan PATHS (default: .) and rewrite FILE: entries that match nothing are dropped, new
    findings are added (each is listed)."""
    updated = api.baseline_update(_baseline_settings(paths, config_path, policy_dirs, no_ignore, jobs, exclude), file)
    if updated.errors:
        _refuse_incomplete(updated.errors)
    for label, entries in (("removed", updated.removed), ("added", updated.added)):
        for entry in entries:
            out(f"{label}: {entry.describe()}")
    out(f"{file}: {updated.kept} kept, {len(updated.added)} added, {len(updated.removed)} removed")


class _DefaultScan(_Group):
    """`tokenlint fleet`: a group whose default command is `scan`, so `tokenlint fleet ~/src` is
    `tokenlint fleet scan ~/src`. A first argument that names a subcommand runs it (a folder named
    like one is written `./merge`); anything else, options included, goes to `scan`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["scan", *args]
        elif not args:
            args = ["scan"]
        return super().parse_args(ctx, args)


@main.group("fleet", cls=_DefaultScan)
def fleet_group() -> None:
    """Scan many repositories at once and summarise them (default command: scan)."""


@fleet_group.command("scan")
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--list", "lists", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="File naming repositories, one a line: local paths (relative to the file's folder) or clone "
                   "URLs; blank lines and # comments allowed (repeatable).")
@click.option("--workspace", metavar="WS", help="Every repository of this Bitbucket workspace (listed through the "
                                               "API with the token in --token-env, cloned into --cache-dir).")
@click.option("--api-url", metavar="URL", help="Bitbucket API base URL (tests, mirrors) [default: "
                                              "https://api.bitbucket.org/2.0].")
@click.option("--token-env", metavar="NAME", default="BITBUCKET_ACCESS_TOKEN", show_default=True,
              help="Environment variable holding the access token for the workspace API and its clones.")
@click.option("--history", "with_history", is_flag=True,
              help="Also scan every commit of every ref (as `tokenlint history`), not only the default branch.")
@click.option("--out", "out_dir", default="tokenlint-fleet", show_default=True, type=click.Path(file_okay=False),
              help="Output folder: results.jsonl (a record per repository, written as each finishes), "
                   "summary.json, report.html.")
@click.option("--resume", is_flag=True, help="Go on with the run recorded in --out: skip the repositories it holds.")
@click.option("--force", is_flag=True, help="Start over in an --out that holds an earlier run's records.")
@click.option("--shard", metavar="I/N", help="Scan only the I-th of N shards (by name); merge the shards' folders "
                                             "with `tokenlint fleet merge`.")
@JOBS
@click.option("--dask", "dask_address", metavar="SCHEDULER_ADDRESS",
              help="Scan on a Dask cluster (tcp://host:8786) instead of local processes (needs tokenlint[dask]).")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Where URLs are cloned and fetched [default: $XDG_CACHE_HOME/tokenlint/fleet].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=600.0, show_default=True,
              help="Seconds a repository's clone or fetch, and its scan, may take.")
@FAIL_ON
@MIN_CONFIDENCE
@POLICIES
@MAX_FILE_SIZE
@NO_CACHE
@QUIET
@COLOR
@friendly
def fleet_scan(sources: tuple[str, ...], lists: tuple[str, ...], workspace: str | None, api_url: str | None,
               token_env: str, with_history: bool, out_dir: str, resume: bool, force: bool, shard: str | None,
               jobs: int | None, dask_address: str | None, cache_dir: str | None, timeout: float,
               fail_on: str | None, min_confidence: str | None, policy_dirs: tuple[str, ...],
               max_file_size: int | None, no_cache: bool, quiet: bool, color: str) -> None:
    """Scan every repository below SOURCES (folders; work trees and bare repositories), in --list
    files and in a --workspace: each default branch's tree (and with --history every commit),
    on every core, into one summary. Exit 3 when a repository could not be scanned, else 1 when
    a finding fails the gate, else 0."""
    from tokenlint.fleet import model, run  # start-up: the fleet loads only for `fleet`

    if resume and force:
        raise TokenlintError("--resume goes on with the recorded run and --force starts over: choose one")
    where = run.RunOptions(Path(out_dir), resume=resume, force=force, shard=run.parse_shard(shard) if shard else None,
                           progress=not quiet, color=color, quiet=quiet)
    api.load_settings(["."], policy_dirs=policy_dirs, fail_on=fail_on, min_confidence=min_confidence,
                      max_file_size=max_file_size)  # bad policies or values: one line, before any work
    found = run.gather(sources, lists, workspace, api_url=api_url, token_env=token_env)
    for warning in found.warnings:
        say(f"tokenlint: warning: {warning}")
    options = model.FleetOptions(history=with_history, cache_dir=cache_dir or "", timeout=timeout, fail_on=fail_on,
                           min_confidence=min_confidence, policy_dirs=tuple(policy_dirs),
                           max_file_size=max_file_size, result_cache=not no_cache)
    sys.exit(run.execute(found.specs, options, run.backend(jobs, dask_address), where))


def _destination(options: dict[str, Any]) -> dict[str, Any]:
    """The API's keywords for where a Code Insights report goes, from the `_DESTINATION` options."""
    return {"repo": options.get("repo"), "commit": options.get("commit"), "report_id": options.get("report_id"),
            "api_url": options.get("api_url"), "proxy": options.get("insights_proxy"),
            "token_env": options.get("token_env"), "timeout": options.get("insights_timeout") or 10.0}


def _posted(dest: Any, posted: Any, sent: bool = True) -> str:
    verb = "posted" if sent else "would post (--post sends it)"
    via = f"through the proxy {dest.proxy}" if dest.proxy else dest.base_url
    line = (f"tokenlint: Code Insights report {dest.report_id!r} {verb} to {dest.workspace}/{dest.repo} at "
            f"{dest.commit[:12]} ({via}): {posted.annotations} annotation(s), {posted.requests} request(s)")
    return line + (f"; {posted.left_out} annotation(s) left out (at most 1000 per report)" if posted.left_out else "")


def _post_insights(result: api.ScanResult, path: str, options: dict[str, Any], code: int) -> int:
    """After the outputs are written: post this run's Code Insights report when asked
    (`--post-insights`, or `--post-required`), and the exit code to end with. A failed post is one
    line on stderr and leaves the gate's code as it was, unless `--post-required` (then 3).
    Whatever shape `--format` takes, a command calls this once, last."""
    if not (options.get("post_insights") or options.get("post_required")):
        return code  # no network unless asked
    from tokenlint.reporters import code_insights  # start-up: loads only when posting

    try:
        dest, posted = api.post_code_insights(code_insights.payload(result), path, os.environ,
                                              **_destination(options))
    except TokenlintError as exc:
        say(f"tokenlint: error: {exc}")
        return 3 if options.get("post_required") else code
    say(_posted(dest, posted))
    return code


@main.group("report")
def report_group() -> None:
    """Send a report written earlier to where users read it."""


@report_group.command("code-insights")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--post", is_flag=True, help="Send it; without this, say where it would go and send nothing.")
@_DESTINATION
@friendly
def report_code_insights(file: str, post: bool, **options: Any) -> None:
    """Post FILE, written by `--format code-insights` ('-' reads standard input), to Bitbucket Code
    Insights: inside Pipelines through its proxy with no credential, elsewhere with the token in
    $BITBUCKET_ACCESS_TOKEN (see --token-env). Exit 2 when the setup is wrong (repository, commit,
    token, scope), 3 when Bitbucket could not be reached or kept failing."""
    document = api.read_code_insights(file)
    dest, posted = api.post_code_insights(document, ".", os.environ, send=post, **_destination(options))
    say(_posted(dest, posted, sent=post))


@fleet_group.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--out", "out_dir", default="tokenlint-fleet", show_default=True, type=click.Path(file_okay=False),
              help="Folder for summary.json and report.html.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="What goes to standard output (summary.json and report.html are always written).")
@COLOR
@friendly
def fleet_merge(folders: tuple[str, ...], out_dir: str, fmt: str, color: str) -> None:
    """Merge the results.jsonl of several fleet runs (the shards of `--shard I/N`, run anywhere)
    into one summary: a repository in several folders counts once, the later folder winning.
    Exits as `tokenlint fleet` would: 3 if a repository could not be scanned, 1 on findings
    that fail the gate, else 0."""
    from tokenlint.fleet import merge, summary  # start-up: loads only for `fleet merge`

    for name in ("summary.json", "report.html"):
        check_writable(str(Path(out_dir) / name), "fleet summary")
    merged = merge.merge(Path(folder) for folder in folders)
    for warning in merged.warnings:
        say(f"tokenlint: warning: {warning}")
    say(f"tokenlint: merged {len(merged.records)} records from {len(folders)} folder{'s' if len(folders) != 1 else ''}")
    done = summary.finish(merged.records, Path(out_dir), color, fmt=fmt)
    sys.exit(done["exit_code"])
