"""C# and Go: a credential written to the console, the debug output or a log, and a password
read from a console that echoes it.

Read as text, the way tokenlint.detectors.js_leaks reads `console.log(…)`: a print or log call's
arguments name a secret (`Debug.WriteLine(_oauthToken + "\n" + _tokenSecret)`,
`fmt.Printf("token %s\n", token)`, an interpolation hole `$"…{token}"`), and a console read
(`var password = Console.ReadLine();`, `fmt.Scanln(&password)`) is stored under a secret's name
or follows a prompt that asks for one (`Console.WriteLine("Password : ")`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tokenlint.detectors.js_leaks import _arguments, _secret_in
from tokenlint.detectors.secret_names import is_secret_name
from tokenlint.facts import Exposure, LogExposure
from tokenlint.parsers.kinds import FileKind

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

_LOGGER = r"\b\w*(?:[Ll]og|LOG)(?:ger)?\s*\.\s*"
#: print and log calls, by kind: (pattern, how)
_PRINTS: dict[FileKind, tuple[tuple[re.Pattern[str], Exposure], ...]] = {
    FileKind.CSHARP: (
        (re.compile(r"\b(?:Console|Debug|Trace)\s*\.\s*(?:Write|WriteLine|Print|TraceInformation|TraceWarning|"
                    r"TraceError)\s*\("), Exposure.PRINT),
        (re.compile(_LOGGER + r"(?:Log\w*|Info\w*|Debug\w*|Warn\w*|Error\w*|Trace\w*|Fatal\w*|Verbose\w*|"
                    r"Critical\w*)\s*\("), Exposure.LOGGING),
    ),
    FileKind.GO: (
        (re.compile(r"\bfmt\s*\.\s*(?:Print|Println|Printf)\s*\("), Exposure.PRINT),
        (re.compile(_LOGGER + r"(?:Print|Println|Printf|Fatal|Fatalf|Fatalln|Panic|Panicf|"
                    r"Info|Infof|Debug|Debugf|Warn|Warnf|Error|Errorf|Trace|Tracef)\s*\("), Exposure.LOGGING),
    ),
}
_HOLES = re.compile(r"\$@?\"((?:[^\"\\\n]|\\.)*)\"")  # C#'s `$"…{x}…"`: what its holes hold
_HOLE = re.compile(r"\{([^{}:,]+)")
_SIZE = re.compile(r"\blen\s*\([^()]*\)|[\w.]+\s*\.\s*(?:Length|Count)\b")  # `len(token)`: not the token
#: a console read into a name: C#'s `x = Console.ReadLine()`, Go's `x, _ := reader.ReadString('\n')`
_READ = {
    FileKind.CSHARP: re.compile(r"\b(?P<name>[A-Za-z_]\w*)\s*=\s*Console\s*\.\s*ReadLine\s*\(\s*\)"),
    FileKind.GO: re.compile(r"(?:\b(?P<name>[A-Za-z_]\w*)\s*(?:,\s*\w+\s*)?:?=\s*\w+\s*\.\s*ReadString\s*\("
                            r"|\bfmt\s*\.\s*Scan(?:ln|f)?\s*\((?:\"[^\"\n]*\"\s*,\s*)?&(?P<scanned>[A-Za-z_]\w*))"),
}
_ASKS = ("password", "passphrase", "token", "secret", "api key", "app pass")
_NOT_SECRET = ("user", "login", "email", "name")
_PROMPT_BACK = 300  # characters before a read searched for the prompt that asks for it


def detect_reading(reading: Reading) -> tuple[list[LogExposure], list[str]]:
    doc = reading.doc
    text = doc.text
    out: list[LogExposure] = []
    for pattern, how in _PRINTS.get(reading.kind, ()):
        read_up_to = 0
        for m in pattern.finditer(text):
            if m.start() < read_up_to or _commented(text, m.start()):
                continue
            args = _arguments(text, m.end())
            read_up_to = m.end() + len(args)
            args = _SIZE.sub("0", _HOLES.sub(lambda h: " , ".join(_HOLE.findall(h.group(1))), args))
            secret = _secret_in(args)
            if secret:
                line, column = doc.line_col(m.start())
                out.append(LogExposure(how, secret, line, column, target=m.group(0).rstrip("( \t")))
    read = _READ.get(reading.kind)
    for m in read.finditer(text) if read is not None else ():
        if _commented(text, m.start()):
            continue
        name = m.group("name") or m.groupdict().get("scanned") or ""
        if not is_secret_name(name) and not _asks_for_secret(text[max(0, m.start() - _PROMPT_BACK):m.start()]):
            continue
        line, column = doc.line_col(m.start())
        out.append(LogExposure(Exposure.INPUT, name or "the console", line, column,
                               target="Console.ReadLine()" if reading.kind is FileKind.CSHARP else "the console"))
    return out, []


def _asks_for_secret(before: str) -> bool:
    """Whether the last string literal before a read is a prompt asking for a password or token."""
    quoted = re.findall(r"\"([^\"\n]*)\"", before)
    if not quoted:
        return False
    prompt = quoted[-1].lower()
    return any(w in prompt for w in _ASKS) and not any(w in prompt for w in _NOT_SECRET)


def _commented(text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    return text[start:at].lstrip().startswith(("//", "/*", "*"))
