"""STUB of the fleet summary (slice F3 owns the real one; the lead keeps F3's at the merge).

It has exactly the contract's two functions, so that the run and its tests work in this branch:
counts only, `summary.json` written, a few lines printed, and no `report.html`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tokenlint import safewrite
from tokenlint.fleet.model import Record
from tokenlint.reporters import Writer
from tokenlint.reporters.json import dumps
from tokenlint.reporters.output import emit


def summarize(records: Iterable[Record]) -> dict[str, Any]:
    records = list(records)
    rules = Counter(f["rule"] for r in records for f in r["findings"])
    return {"version": 1, "repositories": len(records),
            "failed": sorted(r["repo"] for r in records if r["status"] == "failed"),
            "findings": sum(rules.values()), "by_rule": dict(sorted(rules.items()))}


def finish(records: list[Record], out_dir: Path, color: str) -> dict[str, Any]:
    summary = summarize(records)
    safewrite.write_text(out_dir / "summary.json", dumps(summary), "summary")
    emit(_text, summary, None, color)
    return summary


def _text(summary: dict[str, Any], out: Writer, color: bool = False) -> None:
    out.write(f"{summary['repositories']} repositories, {len(summary['failed'])} failed, "
              f"{summary['findings']} findings\n")
