"""A JavaScript/TypeScript token stream: the front end's parser.

No JavaScript parser is among the dependencies, so this is a linear tokenizer (strings,
template literals, comments, regex literals, identifiers, punctuation) that knows nothing of
HTTP libraries or Bitbucket; tokenlint.detectors.js_calls reads its tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

MAX_TEMPLATE_NESTING = 32

_TOKEN = re.compile(  # blanks (noting a line break), then one token; `other` skips a stray character
    r"""[ \t\r\f\v\u00a0\ufeff]*(?P<nl>\n\s*)?(?:
    (?P<lc>//[^\n]*)
    |(?P<bc>/\*(?:[^*]|\*(?!/))*(?:\*/)?)
    |(?P<str>"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)
    |(?P<tick>`)
    |(?P<num>\.?\d[\w.]*)
    |(?P<id>[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*)
    |(?P<p>\.\.\.|\?\?=?|\?\.|===|!==|=>|&&=?|\|\|=?|\*\*=?|<<=?|>>>?=?|\+\+|--|[-+*/%&|^!<>=]=?|[{}()\[\];,.:?~@\#\\])
    |(?P<other>\S))""",
    re.VERBOSE | re.DOTALL,
)
_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*", re.DOTALL)
_REGEX_LITERAL = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[A-Za-z]*")
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": "", "\r\n": ""}
_BEFORE_REGEX = frozenset(("return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                           "instanceof", "yield", "await"))

@dataclass(slots=True)
class Tok:
    kind: str  # id | str | tpl | num | re | p (punctuation)
    text: str | list[TemplatePart]  # the decoded string; for tpl its parts (text, and the tokens of a `${…}`)
    start: int
    nl: bool  # a line break comes before it

    @property
    def word(self) -> str:
        """The text of any token but a template literal ("" for one)."""
        return self.text if isinstance(self.text, str) else ""

    @property
    def parts(self) -> list[TemplatePart]:
        """A template literal's parts ([] for any other token)."""
        return self.text if isinstance(self.text, list) else []


#: A part of a template literal: its text, or the tokens of one `${…}`.
TemplatePart: TypeAlias = str | list[Tok]


@dataclass
class _Frame:
    """An open template literal: its parts so far, the token list it sits in, and `{` depth inside `${…}`."""

    parts: list[TemplatePart]
    outer: list[Tok]
    start: int
    nl: bool
    braces: int = 0


def windows(text: str, lower: str, word: str, limit: int, width: int) -> list[tuple[int, int]]:
    """Spans around the first mentions of `word` (`limit` characters in all, `width` either side),
    each starting at a line start or after a `;` so that tokens line up."""
    spans: list[tuple[int, int]] = []
    covered = 0
    at = lower.find(word)
    while at != -1 and covered < limit:
        start, end = max(0, at - width), min(len(text), at + width)
        boundary = text.find("\n", start, at)
        boundary = boundary if boundary != -1 else text.find(";", start, at)
        start = boundary + 1 if boundary != -1 and start > 0 else start
        if spans and start <= spans[-1][1]:
            covered += end - spans[-1][1]
            spans[-1] = (spans[-1][0], end)
        else:
            covered += end - start
            spans.append((start, end))
        at = lower.find(word, end)
    return spans


def tokenize(text: str, pos: int, end: int, comment_hint: str) -> tuple[list[Tok], list[tuple[int, int]], bool]:
    """Tokens of text[pos:end], the spans of comments that hold `comment_hint` (lower case), and whether all was read.

    Linear: one regex match per token; template literals keep an explicit stack, no recursion.
    """
    out: list[Tok] = []
    frames: list[_Frame] = []
    comments: list[tuple[int, int]] = []
    nl = False
    match, template_text = _TOKEN.match, _TEMPLATE_TEXT.match
    while pos < end:
        m = match(text, pos, end)
        if m is None:  # only blanks remain
            break
        kind = m.lastgroup or "other"  # every alternative is a named group
        start, pos = m.start(kind), m.end()
        nl = nl or m.start("nl") != -1
        if kind == "p":
            value = m.group(kind)
            if value == "}" and frames and frames[-1].braces == 0:  # the end of a template's `${…}`
                frames[-1].parts.append(out)
                out = frames[-1].outer
            elif value[0] == "/" and _regex_allowed(out) and (r := _REGEX_LITERAL.match(text, start, end)):
                out.append(Tok("re", r.group(0), start, nl))
                nl, pos = False, r.end()
                continue
            else:
                if frames and (value == "{" or value == "}"):
                    frames[-1].braces += 1 if value == "{" else -1
                out.append(Tok("p", value, start, nl))
                nl = False
                continue
        elif kind == "tick":
            if len(frames) >= MAX_TEMPLATE_NESTING:
                return (frames[0].outer if frames else out), comments, False
            frames.append(_Frame([], out, start, nl))
        elif kind == "lc" or kind == "bc":
            value = m.group(kind)
            nl = nl or "\n" in value
            if comment_hint in value.lower():
                comments.append((start, pos))
            continue
        elif kind == "str":
            value = m.group(kind)
            value = _unescape(value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:])
            out.append(Tok("str", value, start, nl))
            nl = False
            continue
        elif kind != "other":
            out.append(Tok(kind, m.group(kind), start, nl))
            nl = False
            continue
        else:
            continue
        # inside a template literal's text, after "`" or after the "}" closing a `${…}`
        t = template_text(text, pos, end)
        assert t is not None  # the pattern matches the empty string
        frames[-1].parts.append(_unescape(t.group(0)))
        pos = t.end()
        if pos < end and text.startswith("${", pos):
            frames[-1].braces, out, pos = 0, [], pos + 2
            continue
        frame = frames.pop()
        frame.outer.append(Tok("tpl", frame.parts, frame.start, frame.nl))
        out, nl, pos = frame.outer, False, pos + 1
    while frames:  # unterminated template literals at the end of the text
        frame = frames.pop()
        frame.parts.append(out)
        frame.outer.append(Tok("tpl", frame.parts, frame.start, frame.nl))
        out = frame.outer
    return out, comments, True


def _regex_allowed(out: list[Tok]) -> bool:
    if not out:
        return True
    prev = out[-1]
    if prev.kind == "p":
        return prev.text not in (")", "]", "}")
    return prev.kind == "id" and prev.text in _BEFORE_REGEX


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s

    def one(m: re.Match[str]) -> str:
        e: str = m.group(1)
        if e[0] in "ux" and len(e) > 1:
            return chr(min(int(e.strip("ux{}"), 16), 0x10FFFF))
        return _ESCAPES.get(e, e)

    return _ESCAPE.sub(one, s)


def is_punct(tok: Tok | None, *texts: str) -> bool:
    return tok is not None and tok.kind == "p" and tok.text in texts


def ends_operand(tok: Tok) -> bool:
    return tok.kind in ("id", "str", "tpl", "num", "re") or is_punct(tok, ")", "]", "}")
