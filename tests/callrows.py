"""The rows the Python and JavaScript detector tests compare: one tuple per ApiCall."""

from __future__ import annotations

import textwrap

from tokenlint.document import Document

PRS = "/repositories/{workspace}/{repo_slug}/pullrequests"
REPO = "/repositories/{workspace}/{repo_slug}"


def run(detector, source: str, path: str):
    return detector.detect(Document(path, textwrap.dedent(source).lstrip("\n")))


def rows(detector, source: str, path: str) -> list[tuple]:
    calls, notes = run(detector, source, path)
    assert notes == []
    return [(c.line, c.tool, c.method, c.template, c.auth, c.credential, c.credential_kind, c.username_kind,
             c.workspace, c.repo, c.insecure) for c in calls]
