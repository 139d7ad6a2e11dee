"""Generate ``tokenlint/data/pipes.json`` from ``pipes.yaml`` (the pipes table).

Usage: ``python scripts/generate_pipes.py [--source PATH] [--check]``

Why a generated file: ``pipes.yaml`` beside this script is the table as it was gathered (which
Bitbucket Pipelines pipes take Bitbucket credentials, through which ``variables:``, which API
operations they make and the scopes those need, from which version they accept a token), with
its sources and per-row confidence. tokenlint ships it as JSON, which the standard library reads
in a fraction of the time YAML takes (pre-commit start-up), and keeps every row whole: sources,
notes and confidence travel with the facts. ``--check`` (run by the test suite) fails when the
committed JSON no longer matches the YAML.

One thing is added, and marked as such: ``observed_token_versions``, the versions each row's free
text ``version_notes`` says were seen taking a token. A version seen taking a token bounds from
above the version that first accepted one, so a pin older than it *may* take none; the rows call
these facts low confidence, and tokenlint reports what it derives from them at that confidence.
The script checks that each transcribed version is still written in that row's notes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

FORMAT = 1
HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "tokenlint" / "data" / "pipes.json"
DEFAULT_SOURCE = HERE / "pipes.yaml"
COMMAND = "python scripts/generate_pipes.py"

#: Versions seen taking each kind of token, transcribed from the rows' `version_notes`.
OBSERVED_TOKEN_VERSIONS: dict[str, dict[str, str]] = {
    # "BITBUCKET_ACCESS_TOKEN documented by 2023-09-14 (5.2.0-era); ATLASSIAN_* listed for 5.10.1"
    "atlassian/trigger-pipeline": {"access-token": "5.2.0", "api-token": "5.10.1"},
    # "access token used with 0.7.1 and 0.7.4; listed as an option by 2023-09-14 (0.5.0 example)"
    "atlassian/bitbucket-upload-file": {"access-token": "0.5.0"},
    # "access token used with 1.5.3"
    "atlassian/bitbucket-build-statistics": {"access-token": "1.5.3"},
}
_VERSION_KEYS = ("access_token_since", "api_token_since")


def _version(value: Any) -> str | None:
    """YAML reads `5.2` as a float and `1` as an int: a version is text."""
    return None if value is None else str(value)


def build(data: dict[str, Any], source_sha256: str) -> dict[str, Any]:
    """The JSON document: the YAML's content, versions as text, plus the transcribed observations."""
    if data.get("schema") != "bitbucket-pipe-credentials/v1":
        raise ValueError(f"unexpected schema {data.get('schema')!r} (expected bitbucket-pipe-credentials/v1)")
    pipes: dict[str, Any] = {}
    for name, row in data["pipes"].items():
        row = dict(row)
        for key in _VERSION_KEYS:
            row[key] = _version(row.get(key))
        observed = OBSERVED_TOKEN_VERSIONS.get(name, {})
        for version in observed.values():
            if version not in (row.get("version_notes") or ""):
                raise ValueError(f"{name}: version {version} is no longer in its version_notes; update "
                                 "OBSERVED_TOKEN_VERSIONS in scripts/generate_pipes.py")
        if observed:
            row["observed_token_versions"] = {"versions": observed, "from": "version_notes"}
        pipes[name] = row
    unknown = set(OBSERVED_TOKEN_VERSIONS) - set(pipes)
    if unknown:
        raise ValueError(f"OBSERVED_TOKEN_VERSIONS names pipes the table lacks: {', '.join(sorted(unknown))}")
    return {
        "format": FORMAT,
        "schema": data["schema"],
        "generated": str(data.get("generated")),
        "source_sha256": source_sha256,
        "toolkit_resolver": {str(k): v for k, v in data.get("toolkit_resolver", {}).items()},
        "pipes": pipes,
    }


def render(table: dict[str, Any]) -> str:
    """Pipes sorted, one per line, each row in the table's own order (variables in the order a pipe
    reads them): regenerating after an update gives a readable diff."""
    head = {k: v for k, v in table.items() if k != "pipes"}
    lines = ["{"]
    for key in sorted(head):
        lines.append(f"{json.dumps(key)}: {json.dumps(head[key], sort_keys=True, ensure_ascii=False)},")
    lines.append('"pipes": {')
    rows = sorted(table["pipes"].items())
    for i, (name, row) in enumerate(rows):
        comma = "," if i < len(rows) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(row, ensure_ascii=False)}{comma}")  # the table's order
    lines.append("}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(source: Path) -> str:
    raw = source.read_bytes()
    return render(build(yaml.safe_load(raw), hashlib.sha256(raw).hexdigest()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Regenerate pipes.json.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the pipes table (YAML)")
    parser.add_argument("--check", action="store_true", help="exit 1 if pipes.json is stale")
    args = parser.parse_args(argv)
    source: Path = args.source.resolve()
    if not source.is_file():
        print(f"error: pipes table not found: {source}", file=sys.stderr)
        return 2
    try:
        text = generate(source)
    except (ValueError, KeyError, yaml.YAMLError) as exc:
        print(f"error: {source}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
        if current != text:
            state = "missing" if current is None else "stale"
            print(f"{OUTPUT} is {state}: run {COMMAND}", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
