"""The credential detectors try their regexes only where a match can start (a token prefix,
`basic`, `-u`, `://`) or on lines a cheaper pattern picks: what they find must be exactly what
`finditer` over the whole text finds. Exact cases at the edges of each anchor, then the
anchored searches against `finditer` on generated text."""

from __future__ import annotations

import base64
import random
import re

import pytest

from tokenlint import tokens
from tokenlint.detectors import credentials
from tokenlint.document import Document
from tokenlint.engine.policy import load_all
from tokenlint.scanner import scan_bytes

from tokengen import fill

POLICIES = load_all()


def findings(path: str, content: str) -> set[tuple[str, int]]:
    return {(f.rule, f.location.line) for f in scan_bytes(path, content.encode(), POLICIES).findings}


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


EDGES = [
    ("token as a shell default: the boundary before the prefix", "env.sh",
     "X=1\nexport APP=${APP:-TOKEN(app-password)}\n", {("app-password", 2)}),
    ("token glued to a word is no token", "a.txt", "see xTOKEN(app-password) here bitbucket\n", set()),
    ("two tokens back to back on a line", "a.sh",
     "A=TOKEN(api-token) B=TOKEN(access-token)\n", {("api-token", 1), ("access-token", 1)}),
    ("curl -u at the start of a continued line", "status.sh",
     "curl \\\n-u ci-bot:Wq7rT2pLm4Kx https://api.bitbucket.org/2.0/user\n",
     {("hardcoded-authorization-header", 2), ("account-password-in-use", 1)}),  # the call starts on line 1
    ("curl --user= form", "status.sh", "curl --user=ci-bot:Wq7rT2pLm4Kx https://api.bitbucket.org/2.0/user\n",
     {("hardcoded-authorization-header", 1), ("account-password-in-use", 1)}),
    ("basic glued to a word is no header", "call.sh",
     f"curl -H 'X: xbasic {b64('jdoe:Zq8vPm2Lk9Tr')}' https://api.bitbucket.org/2.0/user\n", set()),
    ("basic in capitals", "call.sh",
     f"curl -H 'Authorization: BASIC {b64('jdoe:Zq8vPm2Lk9Tr')}' https://api.bitbucket.org/2.0/user\n",
     {("hardcoded-authorization-header", 1), ("account-password-in-use", 1)}),
    ("upper-case scheme of a clone URL", "push.sh", "\ngit push HTTPS://deploy:Zq8vPm2Lk9Tr@bitbucket.org/acme/app.git\n",
     {("credential-in-url", 2)}),
    ("base64 of a token far down a config that names Bitbucket on line 1", "config.json",
     '{"bitbucket": {\n  "a": 1,\n  "b": 2,\n  "x": "BASE64(TOKEN(app-password))"\n}}\n', {("app-password", 4)}),
    ("keyed base64 of user:secret on a line without Bitbucket", "settings.yml",
     "bitbucket:\n  url: https://api.bitbucket.org\n  bb_auth: BASE64(jdoe:Zq8vPm2Lk9Tr)\n",
     {("hardcoded-bitbucket-secret", 3)}),
]


@pytest.mark.parametrize("name,path,content,expected", EDGES, ids=[c[0] for c in EDGES])
def test_anchor_edges(name, path, content, expected):
    assert findings(path, fill(content)) == expected


def test_a_case_fold_outside_ascii_still_reads_as_basic():
    """re.IGNORECASE matches U+017F (long s) to `s`, which `str.lower` keeps: the search by the
    lower-case literal is not used on such a text, so the header is found as before."""
    header = f"curl -H 'Authorization: Ba\u017fic {b64('jdoe:Zq8vPm2Lk9Tr')}' https://bitbucket.org\n"
    doc = Document("call.sh", "# basic auth\n" + header)
    found = [(c.context, c.line) for c in credentials.detect(doc)]
    assert found == [("authorization-basic", 2)]


_PIECES = ["ATBB", "ATATT3xFfGF0", "ATCTT3xFfGN0", "BBDC-", "QVRCQ", "QkJEQy", "://", "https", "HTTP", "ssh", "git",
           "basic", "Basic ", "BASIC", "-u", "--user", "=", ":", ":-", "${", " ", "\t", "\n", "'", '"', "/", "+", "_", "-",
           "@", "bitbucket", "auth", "bb_", "token", "jdoe", "x", "Zq8vPm2Lk9Tr", "\u017f", "\u0130"]


def _texts(count: int) -> list[str]:
    rng = random.Random(12)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(1, 60)):
            roll = rng.random()
            if roll < 0.08:
                kind = rng.choice(["app-password", "api-token", "access-token", "datacenter-token"])
                parts.append(tokens.synthesize(kind, rng, valid=rng.random() < 0.7))
            elif roll < 0.12:
                parts.append(b64(rng.choice(["jdoe:Zq8vPm2Lk9Tr", tokens.synthesize("app-password", rng)])))
            elif roll < 0.2:
                parts.append("".join(rng.choice("AQVRCabc019+/=") for _ in range(rng.randrange(4, 40))))
            else:
                parts.append(rng.choice(_PIECES))
        out.append("".join(parts))
    return out


TEXTS = _texts(300)


def _spans(matches):
    return [(m.start(), m.end(), m.groups()) for m in matches]


def test_tokens_tried_at_their_prefixes_match_finditer():
    for text in TEXTS:
        assert _spans(tokens._matches(text)) == _spans(tokens.TOKEN_RE.finditer(text)), text


@pytest.mark.parametrize("pattern,starts", [
    (credentials._BASIC, lambda d: tokens.occurrences(d.lower, ("basic",))),
    (credentials._CURL_USER, lambda d: tokens.occurrences(d.text, ("-u", "--user"))),
    (credentials._URL, lambda d: credentials._schemes(d.text)),
])
def test_anchored_contexts_match_finditer(pattern: re.Pattern[str], starts):
    for text in TEXTS:
        doc = Document("a.txt", text)
        if pattern is credentials._BASIC and not credentials._plain(doc):
            continue  # searched whole, as before
        assert _spans(credentials._anchored(pattern, text, starts(doc))) == _spans(pattern.finditer(text)), text


PREFIXES = credentials.B64_TOKEN_PREFIXES


@pytest.mark.parametrize("long_lines", [False, True])
def test_lines_narrowed_by_anchor_or_guard_match_the_lines_searched_whole(long_lines: bool):
    needles = ("bitbucket", "bb", "auth", "token", "qvrcq", "qkjdq")
    for text in TEXTS[:40] if long_lines else TEXTS:
        if long_lines:
            text = text.replace("\n", " ") * 25  # past LONG_LINE: windows around each needle
        doc = Document("a.json", text)
        whole = _spans(credentials._on_lines_with(doc, credentials._B64_KEYED, needles))
        guarded = _spans(credentials._on_lines_with(doc, credentials._B64_KEYED, needles, guard=credentials._B64_KEYED_TAIL))
        assert guarded == whole, text
        whole = [s for s in _spans(credentials._on_lines_with(doc, credentials._B64, needles)) if text[s[0]:].startswith(PREFIXES)]
        anchored = _spans(credentials._on_lines_with(doc, credentials._B64, needles,
                                                     starts=lambda t: tokens.occurrences(t, PREFIXES)))
        assert anchored == whole, text
        whole = _spans(credentials._on_lines_with(doc, credentials._URL, needles))
        assert _spans(credentials._on_lines_with(doc, credentials._URL, needles, starts=credentials._schemes)) == whole
