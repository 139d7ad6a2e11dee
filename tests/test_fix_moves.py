"""The API 1.0 → 2.0 table of the removed-api rewrite (tokenlint/data/api-1.0-moves.yml): every
row documented, only same-answer moves carry a target, and paths fall under the row they should."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from tokenlint.fixes.rewrites import removed_api


def _rows() -> list[dict[str, object]]:
    text = resources.files("tokenlint.data").joinpath("api-1.0-moves.yml").read_text("utf-8")
    rows: list[dict[str, object]] = yaml.safe_load(text)["moves"]
    return rows


def test_every_row_says_why_and_where_from() -> None:
    for row in _rows():
        assert set(row) <= {"from", "to", "methods", "prefix", "reason", "source"}, row
        assert str(row["reason"]).strip() and str(row["source"]).strip(), row
        assert not str(row["from"]).startswith("/"), row


def test_a_target_reuses_only_what_its_source_captures() -> None:
    for row in _rows():
        if row.get("to"):
            captured = set(re.findall(r"\{[^}]+\}", str(row["from"])))
            assert set(re.findall(r"\{[^}]+\}", str(row["to"]))) <= captured, row
            assert row.get("methods"), "a move names the methods whose answer is the same"


def test_only_raw_moves_today() -> None:
    """Every other 1.0 resource answers differently in 2.0 (paging, field names): left by hand."""
    assert [row["from"] for row in _rows() if row.get("to")] == [
        "repositories/{workspace}/{repo_slug}/raw/{node}/{path...}"]


@pytest.mark.parametrize(("path", "method", "expected"), [
    ("repositories/acme/app/raw/main/README.md", "GET", "repositories/acme/app/src/main/README.md"),
    ("repositories/${WS}/${REPO}/raw/${REF}/docs/a b/index.md", "GET",
     "repositories/${WS}/${REPO}/src/${REF}/docs/a b/index.md"),
    ("repositories/acme/app/raw/main", "GET", None),  # no file path: not the raw resource
    ("repositories/acme/app/raw/main/README.md", "POST", None),  # 1.0 raw was read only
    ("repositories/acme/app/changesets", "GET", None),
    ("repositories/acme/app/changesets/abc123/diffstat", "GET", None),
    ("repositories/acme/app/services", "GET", None),
])
def test_find(path: str, method: str, expected: str | None) -> None:
    found = removed_api.find(path, method)
    if expected is None:
        assert found is None or found[0].target is None
        return
    assert found is not None and found[0].target is not None
    move, captures = found
    assert "/".join(captures.get(part, part) for part in move.target) == expected


def test_a_left_row_gives_its_reason() -> None:
    found = removed_api.find("repositories/acme/app/changesets", "GET")
    assert found is not None and found[0].target is None
    assert "commits" in found[0].reason
    assert removed_api.find("repositories/acme/app/services", "GET") is None
