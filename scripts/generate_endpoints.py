"""Generate ``endpoints.json`` from the Bitbucket Cloud OpenAPI document.

Usage: ``python scripts/generate_endpoints.py [--spec PATH] [--check]``

Why a generated table: the spec (``bitbucket-openapi.json`` beside this script) is the single
source of truth for which scopes each endpoint needs; hand-typed tables drift. Everything
scope-related that the linter knows by name (per-operation requirements, the classic and
granular scope vocabularies, what each access-token type may carry) is extracted here, and
``--check`` (run by the test suite) fails when the committed file no longer matches the spec.

Output layout: JSON with sorted keys, one top-level key per line and one operation per line,
operations ordered by (template, method), so regenerating after a spec update gives a
readable diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

FORMAT = 1
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "tokenlint" / "data" / "endpoints.json"
DEFAULT_SPEC = HERE / "bitbucket-openapi.json"
COMMAND = "python scripts/generate_endpoints.py"

_BULLET = re.compile(r"^\s*[-*] \[`?([a-z][a-z0-9:-]*)`?\]\(#", re.M)
_HEADING = re.compile(r"^(#+) (.+?)\s*$", re.M)


def _requirement_sets(lists: list[list[str]]) -> list[list[str]]:
    """Alternatives as sorted, de-duplicated lists; ``[]`` when any alternative is empty.

    An empty alternative means the operation can be called without any scope of that
    system, so the other alternatives are irrelevant.
    """
    alts = {tuple(sorted(set(scopes))) for scopes in lists}
    if not alts or () in alts:
        return []
    return [list(a) for a in sorted(alts)]


# The notice the spec gives an endpoint that another one replaced ("This endpoint is deprecated.
# Please use the workspace scoped alternative", "This endpoint has been deprecated, and you
# should use the new workspaces endpoint"). The issue tracker's operations (issues, components,
# milestones, versions) are flagged `deprecated` with no notice and no successor: the feature is
# on its way out, but the calls still answer on repositories whose tracker is enabled.
_REPLACED = re.compile(r"endpoint (?:is|has been) deprecated", re.IGNORECASE)


def _operation(method: str, template: str, op: dict, default_security: list) -> dict:
    security = op.get("security", default_security) or []
    classic = _requirement_sets([req["oauth2"] for req in security if "oauth2" in req])
    granular = _requirement_sets(
        [entry.get("scopes") or [] for entry in op.get("x-atlassian-oauth2-scopes") or []]
    )
    deprecated = bool(op.get("deprecated", False))
    out = {
        "auth_types": sorted(set(op.get("x-atlassian-auth-types") or [])),
        "classic": classic,
        "deprecated": deprecated,
        "granular": granular,
        "method": method.upper(),
        "operation_id": op.get("operationId"),
        "template": template,
    }
    if deprecated:  # only there, so that the table's other lines stay as they were
        text = f"{op.get('summary') or ''} {op.get('description') or ''}"
        out["replaced"] = _REPLACED.search(text) is not None
    return out


def _auth_narrative(spec: dict) -> str:
    for doc in spec.get("x-atlassian-narrative", {}).get("documents", []):
        if doc.get("anchor") == "authentication":
            return doc.get("body", "")
    raise ValueError("spec has no x-atlassian-narrative document with anchor 'authentication'")


def _sections(body: str) -> dict[str, str]:
    """Markdown heading text -> the text up to the next heading of any level."""
    heads = list(_HEADING.finditer(body))
    return {
        m.group(2): body[m.end() : heads[i + 1].start() if i + 1 < len(heads) else len(body)]
        for i, m in enumerate(heads)
    }


def _bullets(text: str) -> list[str]:
    names = _BULLET.findall(text)
    return list(dict.fromkeys(names))


def _vocabulary(spec: dict) -> dict[str, Any]:
    """Scope names from the spec's "Authentication methods" narrative.

    The per-operation data alone is not enough: one of the 35 granular scopes
    (``read:permission:bitbucket``) is used by no operation, and the classic list must drop
    ``project:write``, which the narrative marks deprecated.
    """
    sections = _sections(_auth_narrative(spec))
    classic_listed = _bullets(sections.get("Bitbucket OAuth 2.0 scopes", ""))
    granular = _bullets(sections.get("Forge app and API token scopes", ""))
    if not classic_listed or not granular:
        raise ValueError("could not find the classic/granular scope lists in the narrative")
    deprecated = {n for n in classic_listed if "deprecated" in sections.get(n, "").lower()}
    classic = sorted(set(classic_listed) - deprecated)
    flows = spec.get("components", {}).get("securitySchemes", {}).get("oauth2", {}).get("flows", {})
    declared = {name for flow in flows.values() for name in flow.get("scopes", {})}
    tokens: dict[str, list[str]] = {}
    for heading, text in sections.items():
        m = re.fullmatch(r"(\w+) access tokens", heading)
        if m and _bullets(text):
            tokens[f"{m.group(1).lower()}-access-token"] = sorted(_bullets(text))
    if not tokens:
        raise ValueError("could not find the access-token scope lists in the narrative")
    return {
        "access_token_scopes": tokens,
        "classic_legacy_scopes": sorted((declared | deprecated) - set(classic)),
        "classic_scopes": classic,
        "granular_scopes": sorted(set(granular)),
    }


def build_table(spec: dict, spec_sha256: str) -> dict:
    """The whole ``endpoints.json`` document for ``spec`` (a parsed OpenAPI dict).

    Raises ``ValueError`` when an operation names a scope missing from the narrative's
    vocabulary: that means the spec changed shape and the linter's assumptions need review.
    """
    default_security = spec.get("security", [])
    operations = [
        _operation(method, template, op, default_security)
        for template, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]
    operations.sort(key=lambda o: (o["template"], HTTP_METHODS.index(o["method"].lower())))
    vocab = _vocabulary(spec)
    known = {
        "classic": set(vocab["classic_scopes"]) | set(vocab["classic_legacy_scopes"]),
        "granular": set(vocab["granular_scopes"]),
    }
    for op in operations:
        for system, names in known.items():
            stray = {s for alt in op[system] for s in alt} - names
            if stray:
                raise ValueError(
                    f"{op['method']} {op['template']}: {system} scopes {sorted(stray)} "
                    "are not in the spec's scope list"
                )
    return {
        "format": FORMAT,
        "operations": operations,
        "spec": {
            "openapi": spec.get("openapi"),
            "sha256": spec_sha256,
            "version": spec.get("info", {}).get("version"),
            "x-revision": spec.get("x-revision"),
        },
        **vocab,
    }


def render(table: dict) -> str:
    """Deterministic text: sorted keys, one top-level key and one operation per line."""

    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))

    keys = sorted(table)
    lines = ["{"]
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if key == "operations":
            ops = table[key]
            lines.append(f"{dump(key)}:[")
            lines += [dump(op) + ("," if j < len(ops) - 1 else "") for j, op in enumerate(ops)]
            lines.append("]" + comma)
        else:
            lines.append(f"{dump(key)}:{dump(table[key])}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(spec_path: Path) -> str:
    """Render the table for the spec file at ``spec_path``."""
    raw = spec_path.read_bytes()
    return render(build_table(json.loads(raw), hashlib.sha256(raw).hexdigest()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=COMMAND, description="Regenerate endpoints.json."
    )
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI JSON file")
    parser.add_argument("--check", action="store_true", help="exit 1 if endpoints.json is stale")
    args = parser.parse_args(argv)
    spec_path: Path = args.spec.resolve()
    if not spec_path.is_file():
        print(f"error: spec not found: {spec_path}", file=sys.stderr)
        return 2
    text = generate(spec_path)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
        if current != text:
            state = "missing" if current is None else "stale"
            print(
                f"error: {OUTPUT} is {state} for spec {spec_path}; "
                f"regenerate with: {COMMAND}",
                file=sys.stderr,
            )
            return 1
        print(f"{OUTPUT.name} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
