"""Credentials exposed by the file around the shell rather than by a command: a CI template
engine pasting a secret into a script's text (GitHub `${{ secrets.X }}` in `run:`, Jenkins
`sh "…${PASS}…"`), a Dockerfile baking one into an image (`ARG`/`ENV`).

These are facts (`LogExposure` with the `how` that says which); the rules judge them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from tokenlint import tokens
from tokenlint.detectors.calls import credential_of
from tokenlint.detectors.registry import Reading
from tokenlint.detectors.secret_names import is_secret_name, secret_refs
from tokenlint.facts import Exposure, LogExposure
from tokenlint.parsers.regions import Region, jenkins_sh_strings
from tokenlint.parsers.values import Value

_SECRETS_CONTEXT = re.compile(r"\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
_GITHUB_TOKEN = re.compile(r"\bgithub\s*\.\s*token\b")
# Contexts whose values the workflow's author or the event's sender chooses: a secret only by name.
_NAMED_CONTEXT = re.compile(r"\b(?:inputs|env|vars|github\.event\.inputs|(?:steps|needs|jobs)\.[\w-]+\.outputs)"
                            r"\s*\.\s*([A-Za-z_][\w-]*)")
_BOUND = re.compile(r"\b(?:variable|passwordVariable|tokenVariable|keyFileVariable|passphraseVariable)\s*:\s*"
                    r"['\"]([A-Za-z_]\w*)['\"]")
_JENKINS_CREDENTIALS = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*credentials\s*\(")
_GROOVY_REF = re.compile(r"\$(?:\{\s*(?:env\s*\.\s*)?([A-Za-z_]\w*)\s*\}|(?:env\.)?([A-Za-z_]\w*))")
_BITBUCKET_NAME = re.compile(r"bitbucket|^bb_|_bb_|atlassian", re.IGNORECASE)


def credentials_in_scope(text: str) -> list[str]:
    """The credential names a document puts in its scripts' environment (any it references,
    the secrets of a workflow, the bindings of Jenkins `withCredentials`), Bitbucket's first."""
    names = dict.fromkeys(secret_refs(text))
    for m in _SECRETS_CONTEXT.finditer(text):
        if (name := m.group(1) or m.group(2)) != "GITHUB_TOKEN":
            names.setdefault(name)
    for m in _BOUND.finditer(text):
        names.setdefault(m.group(1))
    return sorted(names, key=lambda n: not _BITBUCKET_NAME.search(n))


def template_expressions(region: Region) -> list[LogExposure]:
    """`${{ secrets.X }}` (or an input, env or output named like a credential) in a `run:` or
    `script:`: the CI system pastes the value into the script before the shell reads it."""
    out = []
    for expression, line, column in region.expressions:
        inner = expression[3:-2]
        secret = _SECRETS_CONTEXT.search(inner)
        named = next((m for m in _NAMED_CONTEXT.finditer(inner) if is_secret_name(m.group(1))), None)
        if secret:
            shown = f"secrets.{secret.group(1) or secret.group(2)}"
        elif _GITHUB_TOKEN.search(inner):
            shown = "github.token"
        elif named:
            shown = named.group(0).replace(" ", "")
        else:
            continue
        out.append(LogExposure(Exposure.TEMPLATE_EXPRESSION, shown, line, column, target=expression))
    return out


def groovy_interpolation(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    """Jenkins `sh "curl -u $USER:${PASS} …"`: Groovy interpolates the secret into the command
    text before the shell runs (Jenkins itself warns "A secret was passed to sh using Groovy
    String interpolation"); single quotes leave it to the shell."""
    doc = reading.doc
    text = doc.text
    bound = {m.group(1) for m in _BOUND.finditer(text)}
    for m in _JENKINS_CREDENTIALS.finditer(text):  # `X = credentials('id')` also binds X_PSW (and X_USR, no secret)
        bound |= {m.group(1), m.group(1) + "_PSW"}
    out: list[LogExposure] = []
    for quote, start, end in jenkins_sh_strings(text):
        if quote.startswith("'"):
            continue
        for at, written, name in _interpolated(text, start, end):
            if name in bound or is_secret_name(name):
                line, column = doc.line_col(at)
                out.append(LogExposure(Exposure.GROOVY_INTERPOLATION, f"${name}", line, column,
                                       target=f'sh "…{written}…"'))
    return out, []


def _interpolated(text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """Offsets and names of the `$name`/`${name}` a Groovy GString interpolates (a `\\$` escapes)."""
    for m in _GROOVY_REF.finditer(text, start, end):
        backslashes = len(text[start:m.start()]) - len(text[start:m.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            yield m.start(), m.group(0), m.group(1) or m.group(2)


_INSTRUCTION = re.compile(r"^[ \t]*(ARG|ENV)[ \t]+(.*)$", re.IGNORECASE)


def dockerfile(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    """`ARG BITBUCKET_APP_PASSWORD` and `ENV TOKEN=$TOKEN`: build arguments show in `docker
    history`, environment variables in every layer and container of the image."""
    doc = reading.doc
    out: list[LogExposure] = []
    lines = doc.text.split("\n")
    args: set[str] = set()
    i = 0
    while i < len(lines):
        first = i
        parts = [lines[i]]
        while parts[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            parts[-1] = parts[-1].rstrip()[:-1]
            i += 1
            parts.append(lines[i])
        i += 1
        if not _INSTRUCTION.match(parts[0]):
            continue
        body = " ".join(parts)
        m = _INSTRUCTION.match(body)
        if not m:
            continue
        try:
            words = shlex.split(m.group(2), comments=True)
        except ValueError:
            words = m.group(2).split()
        instruction = m.group(1).upper()
        pairs = [(w.partition("=")[0], w.partition("=")[2]) for w in words] if instruction == "ARG" or (
            words and "=" in words[0]) else ([(words[0], " ".join(words[1:]))] if words else [])
        for name, value in pairs:
            fact = _baked(instruction, name, value, args, first + 1)
            if fact is not None:
                fact.target = f"{instruction} {name}"
                out.append(fact)
            if instruction == "ARG" and is_secret_name(name):
                args.add(name)
    return out, []


def _baked(instruction: str, name: str, value: str, args: set[str], line: int) -> LogExposure | None:
    how = Exposure.DOCKERFILE_ARG if instruction == "ARG" else Exposure.DOCKERFILE_ENV
    literal = bool(value) and "$" not in value
    if literal and tokens.classify(value):
        return LogExposure(how, credential_of(Value(value))[0] or name, line)
    if not is_secret_name(name) and not any(ref in args or is_secret_name(ref) for ref in _refs(value)):
        return None
    if instruction == "ENV" and (not value or literal):
        return None  # a literal that is no token is a default for `docker run -e` to override
    if literal:
        return LogExposure(how, credential_of(Value(value))[0] or name, line)
    refs = _refs(value)
    return LogExposure(how, f"${refs[0]}" if refs else f"${name}", line)


def _refs(value: str) -> list[str]:
    return re.findall(r"\$\{?([A-Za-z_]\w*)", value)
