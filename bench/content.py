"""Realistic filler for generated trees and repositories: code, prose, logs, data and binaries.

Scanners are fast on trivial input (one repeated line compresses into the page cache and the
branch predictor alike), so filler varies per line: a pool of lines per language is built once
from templates with random identifiers, and each file draws its lines from that pool. Most of
it holds nothing Bitbucket-related, which is what a real repository looks like to a scanner;
a small share (`decoy`) mentions Bitbucket harmlessly, as READMEs and manifests do.
"""

from __future__ import annotations

import random
import string

WORDS = (
    "the of and to in is that for it as with was on be by this are from at or an have not which "
    "but all were when we there can been has more if will one their so about would them some "
    "into only other time could these two may then do first any like now its over also after new "
    "used most such where through between must before being under while should because each "
    "those both same during without again against value buffer request response handler config "
    "cache worker queue session account order invoice customer report metric event payload user "
    "record stream index table column schema migration release build deploy service module client"
).split()
IDENT = ("data item node key val count total result index offset size name path conf opts ctx "
         "req resp user order row col buf msg err acc tmp cur prev next head tail").split()
TYPES = ("int str float bool bytes list dict None").split()


def _ident(rng: random.Random) -> str:
    parts = rng.sample(IDENT, rng.randint(1, 3))
    return "_".join(parts)


def _camel(rng: random.Random) -> str:
    parts = rng.sample(IDENT, rng.randint(1, 3))
    return parts[0] + "".join(p.title() for p in parts[1:])


def _sentence(rng: random.Random, lo: int = 5, hi: int = 16) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return " ".join(words).capitalize() + "."


def _python_line(rng: random.Random) -> str:
    ind = "    " * rng.randint(0, 3)
    a, b, c = _ident(rng), _ident(rng), _ident(rng)
    forms = (
        f"{ind}{a} = {b}.get({c!r}, {rng.randint(0, 999)})",
        f"{ind}def {a}(self, {b}: {rng.choice(TYPES)}, {c}=None) -> {rng.choice(TYPES)}:",
        f"{ind}if {a} is not None and len({b}) > {rng.randint(1, 64)}:",
        f"{ind}for {a} in {b}.{c}():",
        f"{ind}return {{{a!r}: {b}, {c!r}: {rng.random():.4f}}}",
        f"{ind}# {_sentence(rng)}",
        f"{ind}logger.debug(\"{_sentence(rng, 3, 8)} %s\", {a})",
        f"{ind}{a}.append(({b}, {c}[{rng.randint(0, 9)}]))",
        f"{ind}raise ValueError(f\"bad {a}: {{{b}!r}}\")",
        f"{ind}with open({a}, \"rb\") as fh:",
        f"from {a.split('_')[0]}.{b.split('_')[0]} import {_camel(rng)}",
        "",
    )
    return rng.choice(forms)


def _js_line(rng: random.Random) -> str:
    ind = "  " * rng.randint(0, 3)
    a, b, c = _camel(rng), _camel(rng), _camel(rng)
    forms = (
        f"{ind}const {a} = await {b}.{c}({rng.randint(0, 99)});",
        f"{ind}export function {a}({b}, {c}) {{",
        f"{ind}if ({a} && {b}.length > {rng.randint(0, 50)}) {{ return {c}; }}",
        f"{ind}{a}.forEach(({b}) => {c}.push({b}));",
        f"{ind}// {_sentence(rng)}",
        f"{ind}}});",
        f"{ind}let {a} = {{ {b}: '{rng.choice(WORDS)}', {c}: {rng.randint(0, 9999)} }};",
        f"import {{ {a}, {b} }} from './{c}';",
        "",
    )
    return rng.choice(forms)


def _go_line(rng: random.Random) -> str:
    ind = "\t" * rng.randint(0, 3)
    a, b, c = _camel(rng), _camel(rng), _camel(rng)
    forms = (
        f"{ind}{a}, err := {b}.{c.title()}(ctx, {rng.randint(0, 99)})",
        f"{ind}if err != nil {{ return nil, fmt.Errorf(\"{a}: %w\", err) }}",
        f"func ({a[0]} *{b.title()}) {c.title()}({a} string) error {{",
        f"{ind}// {_sentence(rng)}",
        f"{ind}for _, {a} := range {b} {{",
        f"{ind}}}",
        "",
    )
    return rng.choice(forms)


def _prose_line(rng: random.Random) -> str:
    forms = (
        " ".join(_sentence(rng) for _ in range(rng.randint(1, 4))),
        f"## {_sentence(rng, 2, 5)[:-1]}",
        f"- {_sentence(rng, 3, 10)}",
        f"    {_python_line(rng).strip()}",
        "",
    )
    return rng.choice(forms)


def _log_line(rng: random.Random) -> str:
    level = rng.choice(("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"))
    ts = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z"
    req = "".join(rng.choices(string.hexdigits.lower(), k=16))
    return f"{ts} {level:5} [{_camel(rng)}] req={req} {_sentence(rng, 3, 9)} took={rng.randint(1, 4000)}ms"


def _csv_line(rng: random.Random) -> str:
    return ",".join((str(rng.randint(1, 10**7)), rng.choice(WORDS), f"{rng.random() * 1000:.3f}",
                     f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}", rng.choice(WORDS).upper(),
                     "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12)))))


def _json_line(rng: random.Random) -> str:
    ind = "  " * rng.randint(1, 4)
    val = rng.choice((f"\"{rng.choice(WORDS)}-{rng.randint(0, 999)}\"", str(rng.randint(0, 10**6)),
                      "true", "false", "null", f"{rng.random():.6f}"))
    return f"{ind}\"{_camel(rng)}\": {val},"


def _yaml_line(rng: random.Random) -> str:
    ind = "  " * rng.randint(0, 4)
    forms = (f"{ind}{_ident(rng)}: {rng.choice(WORDS)}-{rng.randint(0, 99)}",
             f"{ind}- {_ident(rng)}", f"{ind}# {_sentence(rng, 3, 8)}",
             f"{ind}{_ident(rng)}: {rng.randint(0, 9999)}")
    return rng.choice(forms)


def _minified_line(rng: random.Random) -> str:
    return ";".join(f"var {_camel(rng)}=function({_camel(rng)}){{return {_camel(rng)}+{rng.randint(0, 99)}}}"
                    for _ in range(rng.randint(20, 80)))


LINE_MAKERS = {
    "py": _python_line, "js": _js_line, "ts": _js_line, "go": _go_line, "java": _go_line,
    "md": _prose_line, "txt": _prose_line, "rst": _prose_line, "log": _log_line, "csv": _csv_line,
    "json": _json_line, "yml": _yaml_line, "yaml": _yaml_line, "min.js": _minified_line,
}

# Harmless Bitbucket mentions: they pass tokenlint's literal prefilter (so the detectors run)
# but hold no credential. Real repositories hosted on Bitbucket are full of these.
DECOYS = (
    "See https://bitbucket.org/acme/{w}/src/main/README.md for the {w} setup guide.",
    "    \"url\": \"git+https://bitbucket.org/acme/{w}.git\"",
    "git clone git@bitbucket.org:acme/{w}.git",
    "export BITBUCKET_REPO_SLUG=${{BITBUCKET_REPO_SLUG:-{w}}}",
    "curl -s -H \"Authorization: Bearer $BB_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/{w}",
    "bitbucket_token = os.environ[\"BITBUCKET_TOKEN\"]",
    "# HTTP Basic auth: send 'Authorization: Basic ' followed by base64(user:password)",
    "  - pipe: atlassian/bitbucket-upload-file:0.7.1",
)


class LinePools:
    """Pre-built pools of lines per file type; drawing from them is what keeps generation fast."""

    def __init__(self, rng: random.Random, size: int = 4000) -> None:
        self.pools = {ext: [make(rng) for _ in range(size if ext != "min.js" else 200)]
                      for ext, make in LINE_MAKERS.items()}
        self.rng = rng

    def lines(self, ext: str, nbytes: int) -> list[str]:
        """About `nbytes` of lines of type `ext` (without newlines)."""
        pool = self.pools.get(ext, self.pools["txt"])
        avg = max(8, sum(len(x) + 1 for x in pool[:200]) // 200)
        count = max(1, nbytes // avg)
        return self.rng.choices(pool, k=count)

    def decoy(self) -> str:
        return self.rng.choice(DECOYS).format(w=self.rng.choice(WORDS))


def binary_blob(rng: random.Random, nbytes: int) -> bytes:
    """A binary file as a scanner sees one: a header with NUL bytes, then noise."""
    head = rng.choice((b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
                       b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", b"\xca\xfe\xba\xbe\x00\x00\x00\x34"))
    return head + rng.randbytes(max(0, nbytes - len(head)))
