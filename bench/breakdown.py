"""Where tokenlint's time goes on a tree, phase by phase, in one process (run by run.py --profile).

Run in tokenlint's own interpreter: `python bench/breakdown.py DIR`. Prints one JSON object.
It calls tokenlint's internals (sources.tree.collect, scanner.read_target, the prefilter,
scanner.scan_bytes) one phase at a time, single-threaded, so each number is that phase's own
cost; the CLI runs the same phases across a process pool.
"""

from __future__ import annotations

import json
import sys
import time


def prefilter_of(scanner):
    """The scanner's literal prefilter as `(data, file name) -> bool`."""
    return lambda data, name: scanner.prefilter(data, name)[0]


def main(root: str) -> dict:
    t0 = time.perf_counter()
    from tokenlint import api, scanner
    from tokenlint.sniff import sniff
    from tokenlint.sources.tree import collect

    out: dict = {"import_s": time.perf_counter() - t0}
    t = time.perf_counter()
    settings = api.load_settings([root], use_gitignore=False)
    out["load_policies_s"] = time.perf_counter() - t

    t = time.perf_counter()
    targets, _ = collect([root], use_gitignore=False)
    out["walk_s"] = time.perf_counter() - t
    out["files"] = len(targets)

    t = time.perf_counter()
    blobs = []
    for target in targets:
        data, _problem = scanner.read_target(target, settings.max_file_size)
        if data is not None:
            blobs.append((target.display, data))
    out["read_s"] = time.perf_counter() - t
    out["bytes"] = sum(len(d) for _, d in blobs)

    t = time.perf_counter()
    text = [(p, d) for p, d in blobs if not sniff(d).binary]
    out["binary_sniff_s"] = time.perf_counter() - t

    t = time.perf_counter()
    worth = prefilter_of(scanner)
    passed = [(p, d) for p, d in text if worth(d, p.rsplit("/", 1)[-1].lower())]
    out["prefilter_s"] = time.perf_counter() - t
    out["prefilter_passed_files"] = len(passed)
    out["prefilter_passed_bytes"] = sum(len(d) for _, d in passed)

    t = time.perf_counter()
    per_file = []
    for path, data in passed:
        start = time.perf_counter()
        scanner.scan_bytes(path, data, settings.policies)
        per_file.append((time.perf_counter() - start, len(data), path))
    out["detect_passed_s"] = time.perf_counter() - t
    per_file.sort(reverse=True)
    out["slowest_files"] = [{"path": p, "bytes": n, "s": round(s, 4)} for s, n, p in per_file[:8]]

    literals = getattr(scanner, "PREFILTER", ())
    hits = {}
    for literal in literals:
        hits[literal.decode("latin-1")] = sum(1 for _, d in text if literal in d)
    out["prefilter_literal_hits"] = hits
    return out


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout, indent=1)
    print()
