"""Details of the program rewrites the golden cases do not spell out: where `import os` goes, and
the parse check of rewritten JavaScript."""

from __future__ import annotations

import ast
import shutil

import pytest

from tokenlint.fixes.model import Refused
from tokenlint.fixes.plan import apply
from tokenlint.fixes.rewrites import python_auth
from tokenlint.fixes.verify import parses
from tokenlint.parsers.kinds import FileKind


def _with_os(text: str) -> str:
    edits = python_auth._import_os(ast.parse(text), python_auth._Source(text))
    assert not isinstance(edits, Refused), edits
    return apply(text, edits)


@pytest.mark.parametrize(("before", "after"), [
    # already imported: nothing
    ("import os\nimport requests\n", "import os\nimport requests\n"),
    # with the standard library, in order
    ("import json\nimport sys\n\nimport requests\n", "import json\nimport os\nimport sys\n\nimport requests\n"),
    ("import json\n\nimport requests\n", "import json\nimport os\n\nimport requests\n"),
    ("import json\nfrom pathlib import Path\n", "import json\nimport os\nfrom pathlib import Path\n"),
    # third-party imports only: a section of its own above them
    ("import requests\n", "import os\n\nimport requests\n"),
    # after the docstring and __future__, never above them
    ('"""Doc."""\nfrom __future__ import annotations\n\nimport requests\n',
     '"""Doc."""\nfrom __future__ import annotations\n\nimport os\n\nimport requests\n'),
    ('#!/usr/bin/env python3\n"""Doc."""\nx = 1\n', '#!/usr/bin/env python3\n"""Doc."""\nimport os\nx = 1\n'),
])
def test_import_os_goes_with_the_standard_library(before: str, after: str) -> None:
    assert _with_os(before) == after
    compile(after, "x.py", "exec")


def test_import_os_refused_when_os_names_another_module() -> None:
    text = "import posixpath as os\nimport requests\n"
    assert isinstance(python_auth._import_os(ast.parse(text), python_auth._Source(text)), Refused)


def test_javascript_that_no_longer_parses_is_refused() -> None:
    before = 'fetch(u, { headers: { Authorization: "Basic " + btoa(x) } });\n'
    broken = "fetch(u, { headers: { Authorization: `Bearer ${process.env.T} } });\n"
    assert parses("client.js", FileKind.JAVASCRIPT, before, broken) == "the rewritten file would not parse (javascript syntax)"
    assert parses("client.ts", FileKind.JAVASCRIPT, before, broken) == "the rewritten file would not parse (typescript syntax)"
    good = "fetch(u, { headers: { Authorization: `Bearer ${process.env.T}` } });\n"
    assert parses("client.js", FileKind.JAVASCRIPT, before, good) == ""


def test_node_check_catches_what_the_grammar_lets_through() -> None:
    """A second `let` of one name is syntax tree-sitter reads, and an early error node rejects."""
    before = "let token = 1;\n"
    after = "let token = 1;\nlet token = 2;\n"
    expected = "" if shutil.which("node") is None else "the rewritten file would not parse (node --check)"
    assert parses("client.js", FileKind.JAVASCRIPT, before, after) == expected
    assert parses("client.ts", FileKind.JAVASCRIPT, before, after) == ""  # node reads no TypeScript: the grammar decides
