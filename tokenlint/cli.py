"""Thin command line: options -> Settings -> api -> reporter -> exit code."""

from __future__ import annotations

import os
import sys
from functools import partial, wraps

import click

from tokenlint import __version__
from tokenlint.errors import TokenlintError

SEVERITIES = click.Choice(["info", "low", "medium", "high", "critical"], case_sensitive=False)
CONFIDENCES = click.Choice(["low", "medium", "high"], case_sensitive=False)


def friendly(func):
    """Turn user errors into one line and exit 2; anything unexpected into one line and exit 3."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TokenlintError as exc:
            click.echo(f"tokenlint: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("tokenlint: interrupted", err=True)
            sys.exit(3)
        except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
            if os.environ.get("TOKENLINT_DEBUG"):
                raise
            click.echo(f"tokenlint: internal error: {type(exc).__name__}: {exc} (set TOKENLINT_DEBUG=1 for details)", err=True)
            sys.exit(3)

    return wrapper


def _size(ctx, param, value):
    if value is None:
        return None
    from tokenlint.config import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tokenlint")
def main() -> None:
    """Find Bitbucket credentials and judge how they are used."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to a file.")
@click.option("--fail-on", type=SEVERITIES, help="Lowest severity that fails the run [default: info, i.e. any].")
@click.option("--min-confidence", type=CONFIDENCES, help="Hide findings below this confidence [default: medium]; 'low' shows placeholders.")
@click.option("--policies", "policy_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of policy YAML files (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: nearest .tokenlint.yml or pyproject.toml upward).")
@click.option("--no-ignore", is_flag=True, help="Scan files that .gitignore excludes too.")
@click.option("--max-file-size", callback=_size, help="Largest file to scan, e.g. 10MB [default: 10MB].")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: number of cores].")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--show-usage", is_flag=True, help="Also print the inventory of Bitbucket calls and git remotes (always in JSON).")
@friendly
def scan(paths, fmt, output, fail_on, min_confidence, policy_dirs, config_path, no_ignore, max_file_size, jobs, color, show_usage):
    """Scan files and folders (default: .); '-' reads standard input."""
    from tokenlint import api, reporters

    settings = api.load_settings(
        paths or ["."], config_path=config_path, policy_dirs=policy_dirs, fail_on=fail_on,
        min_confidence=min_confidence, max_file_size=max_file_size, use_gitignore=not no_ignore, jobs=jobs or 0,
    )
    result = api.scan(settings)
    report = reporters.get(fmt)
    if show_usage and fmt == "text":
        report = partial(report, show_usage=True)
    _emit(report, result, output, color)
    sys.exit(result.exit_code(settings.fail_on))


def _emit(report, result, output: str | None, color: str) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            report(result, fh, False)
        return
    use_color = color == "always" or (color == "auto" and sys.stdout.isatty())
    report(result, sys.stdout, use_color)


@main.command()
@click.argument("rule", required=False)
@click.option("--policies", "policy_dirs", multiple=True, type=click.Path(file_okay=False), help="Extra folder of policy YAML files.")
@friendly
def rules(rule, policy_dirs):
    """List all rules, or print one rule's documentation."""
    from pathlib import Path

    from tokenlint.engine.policy import load_all
    from tokenlint.errors import TokenlintError

    policies = load_all([Path(d) for d in policy_dirs])
    if rule is None:
        for p in policies:
            state = "" if p.enabled else "  (off by default)"
            click.echo(f"{p.code}  {p.slug:34} {str(p.severity):8} {p.summary}{state}")
        return
    match = next((p for p in policies if rule in (p.code, p.slug)), None)
    if match is None:
        raise TokenlintError(f"no rule named {rule!r} (see `tokenlint rules`)")
    docs = match.docs
    click.echo(f"{match.code} {match.slug} — {match.summary}")
    click.echo(f"severity: {match.severity}   confidence: {match.confidence}   source: {match.source.name}\n")
    for title, key in (("What it finds", "what"), ("Why it matters", "why"), ("How to fix", "fix")):
        click.echo(f"{title}\n  {docs[key].strip()}\n")
    click.echo("Before\n" + _indent(docs["before"]) + "\nAfter\n" + _indent(docs["after"]))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").splitlines())
