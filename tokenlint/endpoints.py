"""Which Bitbucket Cloud REST operation a URL hits, and what that operation requires.

The data comes from ``tokenlint/data/endpoints.json``, generated from the OpenAPI spec by
``python scripts/generate_endpoints.py``; nothing here is typed by hand. It is read through
``importlib.resources`` so it also works from an installed wheel or zip.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

#: What callers pass for a path segment they could not resolve (e.g. an unknown variable).
UNRESOLVED = "{?}"

Requirement = tuple[frozenset[str], ...]

# Rank of a template segment when several templates match: lower wins, compared left to
# right, so a literal segment beats a parameter at the first place where templates differ.
_LITERAL, _MIXED, _PARAM, _GREEDY = range(4)
_PARAM_RE = re.compile(r"\{([^{}/]+)\}")
_SCHEME_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*")
_API_PREFIX = re.compile(r"^(?:/!?api)?/2\.0(?=/|$)")
MAX_OPEN_PARTS = 4  # parts that may span several segments, at most, before matching gives up (it is exponential)


@dataclass(frozen=True)
class Operation:
    """One REST operation and the credentials it accepts.

    ``classic`` / ``granular`` are alternatives (any one suffices); each alternative is a set
    of scopes that are all required. An empty tuple means the spec names no scope of that
    system: for ``granular`` together with empty ``auth_types`` that means API tokens and
    Forge apps are not offered the operation at all, not that it is free.
    ``operation_id`` is ``None`` for most operations (the spec gives only 100 of 331 an id).
    """

    method: str
    template: str
    operation_id: str | None
    classic: Requirement
    granular: Requirement
    auth_types: frozenset[str]
    deprecated: bool
    # deprecated with a notice that another endpoint replaces it (/teams, /users, the global
    # listings); False for a deprecated feature with no successor (the issue tracker's calls)
    replaced: bool = False


@dataclass(frozen=True)
class _Segment:
    rank: int
    text: str  # literal text, or the parameter name for _PARAM/_GREEDY
    regex: re.Pattern[str] | None = None  # _MIXED only, groups in order of ``names``
    names: tuple[str, ...] = ()


def _compile(template: str) -> tuple[_Segment, ...]:
    parts = template.strip("/").split("/")
    segments = []
    for i, part in enumerate(parts):
        names = tuple(_PARAM_RE.findall(part))
        if not names:
            segments.append(_Segment(_LITERAL, part))
        elif _PARAM_RE.fullmatch(part):
            # A trailing {path} is a file path (src/{commit}/{path}, .../files/{path}) and
            # spans several URL segments, so it alone may swallow the rest of the URL.
            greedy = i == len(parts) - 1 and names[0] == "path"
            segments.append(_Segment(_GREEDY if greedy else _PARAM, names[0]))
        else:  # e.g. "{repo_name}-issues-{task_id}.zip"
            pattern = "".join(
                "([^/]+?)" if j % 2 else re.escape(chunk)
                for j, chunk in enumerate(_PARAM_RE.split(part))
            )
            segments.append(_Segment(_MIXED, part, re.compile(pattern), names))
    return tuple(segments)


def _unresolved(segment: str) -> bool:
    return segment == UNRESOLVED or "$" in segment or "{" in segment


def normalize_path(url_or_path: str) -> str:
    """``https://api.bitbucket.org/2.0/x/y/?q=1#f`` -> ``/x/y``.

    Accepts any scheme and host (deciding whether the host is Bitbucket is the caller's
    job), a bare ``/2.0/...`` or ``/api/2.0/...`` path, or an API-relative path. Percent
    escapes are kept as written. ``{?}`` is protected before the query is cut off, since its
    ``?`` would otherwise start one.
    """
    text = url_or_path.strip().replace(UNRESOLVED, "\0")
    text = text.split("#", 1)[0].split("?", 1)[0]
    text = _SCHEME_HOST.sub("", text)
    if not text.startswith("/"):
        text = "/" + text
    text = _API_PREFIX.sub("", text).rstrip("/")
    return (text or "/").replace("\0", UNRESOLVED)


def _bind(segments: tuple[_Segment, ...], parts: list[str]) -> dict[str, str] | None:
    """Parameter values if ``parts`` fits the template, else ``None``."""
    greedy = bool(segments) and segments[-1].rank == _GREEDY
    if len(parts) != len(segments) and not (greedy and len(parts) > len(segments)):
        return None
    bound: dict[str, str] = {}
    for i, seg in enumerate(segments):
        part = parts[i]
        if seg.rank == _GREEDY:
            bound[seg.text] = "/".join(parts[i:])
        elif seg.rank == _PARAM:
            if not part:
                return None
            bound[seg.text] = part
        elif _unresolved(part):  # an unknown value only fits a whole-segment parameter
            return None
        elif seg.rank == _LITERAL:
            if part != seg.text:
                return None
        else:
            m = seg.regex.fullmatch(part) if seg.regex else None
            if not m:
                return None
            bound.update(zip(seg.names, m.groups(), strict=True))
    return bound


def _fits(segments: tuple[_Segment, ...], parts: list[str], flags: tuple[bool, ...]) -> bool:
    """`_bind` where an open part may cover zero or more segments (depth-first, bounded by
    MAX_OPEN_PARTS open parts and the template's length)."""
    def walk(i: int, j: int) -> bool:
        if i == len(parts):
            return j == len(segments) or (j == len(segments) - 1 and segments[j].rank == _GREEDY)
        if flags[i]:
            return any(walk(i + 1, k) for k in range(j, len(segments) + 1))
        if j >= len(segments):
            return False
        if segments[j].rank == _GREEDY:
            return True
        return _bind(segments[j:j + 1], [parts[i]]) is not None and walk(i + 1, j + 1)

    return walk(0, 0)


class Table:
    """All operations of the spec, with URL matching."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.spec: dict[str, Any] = dict(data["spec"])
        self.operations: tuple[Operation, ...] = tuple(
            Operation(
                method=o["method"],
                template=o["template"],
                operation_id=o["operation_id"],
                classic=tuple(frozenset(a) for a in o["classic"]),
                granular=tuple(frozenset(a) for a in o["granular"]),
                auth_types=frozenset(o["auth_types"]),
                deprecated=o["deprecated"],
                replaced=o.get("replaced", False),
            )
            for o in data["operations"]
        )
        self._segments = {op: _compile(op.template) for op in self.operations}
        self._by_method: dict[str, list[Operation]] = {}
        self._matched: dict[tuple[str, str], Operation | None] = {}
        for op in self.operations:
            self._by_method.setdefault(op.method, []).append(op)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)

    def __len__(self) -> int:
        return len(self.operations)

    def get(self, method: str, template: str) -> Operation | None:
        """Exact lookup by method and spec template."""
        for op in self._by_method.get(method.upper(), ()):
            if op.template == template:
                return op
        return None

    def match(self, method: str, url_or_path: str) -> Operation | None:
        """The operation a request goes to, or ``None`` if no template fits.

        Segments are compared one by one; ``{param}`` fits any one non-empty segment. When
        several templates fit, the one with a literal segment at the first differing place
        wins (``.../pullrequests/activity`` over ``.../pullrequests/{pull_request_id}``).
        Unresolved segments (``{?}``, or text with ``$`` / ``{``) fit parameters only.
        """
        key = (method.upper(), normalize_path(url_or_path))
        if key not in self._matched:  # scripts call the same few endpoints again and again
            self._matched[key] = self._match(*key)
        return self._matched[key]

    def _match(self, method: str, path: str) -> Operation | None:
        parts = path.strip("/").split("/")
        best: tuple[tuple[int, ...], Operation] | None = None
        for op in self._by_method.get(method, ()):
            segments = self._segments[op]
            if _bind(segments, parts) is not None:
                key = tuple(s.rank for s in segments)
                if best is None or key < best[0]:
                    best = (key, op)
        return best[1] if best else None

    def could_match(self, method: str, url_or_path: str, is_open: Callable[[str], bool]) -> bool:
        """Whether some operation fits when each part `is_open` names (an unresolved value that may
        hold a path: `$PATH_PART`, `$1`, `$(…)`) stands for any number of segments, none included.

        This is what keeps "unknown endpoint" for paths that no operation can be: `$API_BASE/$1`
        is some call, which one nobody can say statically.
        """
        parts = normalize_path(url_or_path).strip("/").split("/")
        flags = tuple(is_open(p) for p in parts)
        if not any(flags) or sum(flags) > MAX_OPEN_PARTS:
            return False
        return any(_fits(self._segments[op], parts, flags) for op in self._by_method.get(method.upper(), ()))

    def params(self, op: Operation, url_or_path: str) -> dict[str, str]:
        """Parameter values of ``url_or_path`` under ``op``'s template.

        Values are raw (not percent-decoded); a trailing ``{path}`` keeps its slashes.
        Raises ``ValueError`` if the path does not fit the template.
        """
        parts = normalize_path(url_or_path).strip("/").split("/")
        bound = _bind(self._segments[op], parts)
        if bound is None:
            raise ValueError(f"{url_or_path!r} does not match {op.template}")
        return bound


def requires_only_api_token(op: Operation) -> bool:
    """True when the spec offers the operation to Atlassian API tokens only.

    ``x-atlassian-auth-types`` uses just two values, ``api-token`` and ``forge-oauth2``: it
    describes only the granular-scope credentials. Access tokens and OAuth consumers
    (Bearer, classic scopes) never appear in it, so "no access-token-compatible type" cannot
    be read literally (it would hold for every operation). What the spec does mark with
    ``[api-token]`` alone is what the facts doc (section 3) calls API-token-only: deploy
    keys, permission changes, webhooks, ``GET /user``, user SSH/GPG keys. The same marker
    also sits on issue and snippet operations, which access tokens cannot reach anyway
    (they cannot carry ``issue`` / ``snippet`` scopes), so the rule gives no false alarm
    there. Operations without the extension (Connect app properties, ``/hook_events``, OIDC
    discovery, the deprecated ``/teams`` and ``/users`` pipeline variables) give False: the
    spec says nothing about them, and a guess would be worse than no rule.
    """
    return op.auth_types == frozenset({"api-token"})


@functools.cache
def read_data() -> dict[str, Any]:
    """The parsed ``endpoints.json`` (shared with :mod:`tokenlint.scopes`; do not mutate)."""
    text = resources.files("tokenlint.data").joinpath("endpoints.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def load() -> Table:
    """The operation table, built once per process."""
    return Table(read_data())
