"""Time budgets for the inputs that once took seconds: each must stay under its budget.

These were wall-clock assertions in the test suite, where a loaded machine made them flaky;
the tests still check the behaviour (the note, the cut-off, the one call found), and this
script checks the time, on a quiet machine, with the best of several runs:

    python bench/budgets.py            # exit 1 when a case is over its budget
    python bench/budgets.py --repeat 5

The inputs are the same as those of the tests named beside each case.
"""

from __future__ import annotations

import argparse
import base64
import sys
import time
from collections.abc import Callable

from tokenlint.detectors import credentials, program_calls, usage
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers.kinds import FileKind


def javascript_calls(doc: Document) -> object:
    """JavaScript's calls as the registry reads them (tree-sitter front end, the one evaluator)."""
    return program_calls.detect_reading(Reading(doc, FileKind.JAVASCRIPT))


def minified_bundle() -> Document:
    """tests/test_js_calls.py::test_minified_5mb_one_liner_is_read_up_to_its_limit"""
    chunk = ('var a{i}=function(e,t){{return e+t*2/3}},b{i}={{x:"q\\"s",y:[1,2],z:`t${{a{i}}}`}};'
             'if(/[/]x/g.test(c{i}))d{i}(b{i});')
    filler = "".join(chunk.format(i=i) for i in range(20_000))
    call = ('fetch("https://api.bitbucket.org/2.0/repositories/acme/widgets",'
            '{headers:{Authorization:"Bearer "+process.env.BB_TOKEN}});')
    return Document("dist/app.min.js", filler * 3 + call + filler * 3)


def runaway_nesting() -> Document:
    """tests/test_js_calls.py::test_runaway_nesting_is_cut_off_with_a_note"""
    return Document("nested.js", "const u = 'https://api.bitbucket.org/2.0/user';" + "fetch(u, " * 20_000 + ")" * 20_000)


def yaml_alias_bomb() -> Document:
    """tests/test_usage.py::test_bad_input_gives_notes_not_exceptions"""
    bomb = "a: &a [bitbucket, bitbucket]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    return Document("bitbucket-pipelines.yml", bomb)


def encoded_megabytes() -> Document:
    """tests/test_credentials.py::test_on_a_megabyte_line_what_sits_next_to_a_bitbucket_key_is_still_found"""
    blob = base64.b64encode(b"u:" + b"x" * 3_000_000).decode()
    return Document("config.yml", f"bitbucket_password: {blob}\n")


# (name, input, detector, budget in seconds)
CASES: list[tuple[str, Callable[[], Document], Callable, float]] = [
    ("5 MB minified JavaScript, one line", minified_bundle, javascript_calls, 2.0),
    ("20,000 nested calls in JavaScript", runaway_nesting, javascript_calls, 2.0),
    ("YAML alias bomb in a pipeline", yaml_alias_bomb, usage.detect, 1.0),
    ("4 MB base64 value under a Bitbucket key", encoded_megabytes, credentials.detect, 3.0),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts [default: 3]")
    args = parser.parse_args(argv)
    over = 0
    for name, make, detect, budget in CASES:
        document = make()
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            detect(document)
            best = min(best, time.perf_counter() - started)
        verdict = "ok" if best < budget else "OVER BUDGET"
        over += best >= budget
        print(f"{name:40} {best:7.3f} s  (budget {budget:.1f} s)  {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
