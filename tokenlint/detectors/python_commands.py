"""Shell commands a Python program builds and runs: `subprocess.call(cmd, shell=True)`,
`subprocess.run(["git", "clone", url])`, `os.system(cmd)`, `os.popen(cmd)`,
`commands.getoutput(cmd)`, and GitPython's clones and remotes (`Repo.clone_from(url, path)`,
`repo.create_remote(name, url)`), which run git the same way.

The Python evaluator resolves the command (%-formatting, f-strings, `.format`, `+`); its text is
then read by the shell front end, so a `git clone https://user:$password@bitbucket.org/…` built
in Python is the same git remote, with the same credential, as in a shell script — reported at
the Python line. A string that is a command on its own (`cmd = "git clone https://…"`) is read
where it is built, whichever branch later runs it.
"""

from __future__ import annotations

import re

from tokenlint.detectors import shell_calls
from tokenlint.facts import ApiCall, GitRemote
from tokenlint.parsers.shell import analyze
from tokenlint.parsers.values import Value

#: Functions that run their first argument (`args=`, `cmd=`, `command=`) as a command: a string
#: (through a shell) or a list of words.
RUNNERS = frozenset((
    "subprocess.call", "subprocess.run", "subprocess.Popen", "subprocess.check_call", "subprocess.check_output",
    "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen", "os.popen2", "os.popen3",
    "os.popen4", "commands.getoutput", "commands.getstatusoutput", "popen2.popen2", "popen2.popen3",
    "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec", "pexpect.spawn", "pexpect.run",
))
#: Runners that take the words as separate arguments (`create_subprocess_exec("git", "clone", url)`).
SPREAD = frozenset(("asyncio.create_subprocess_exec",))
#: The keyword the command may be given under.
COMMAND_KEYWORDS = ("args", "cmd", "command")
#: GitPython methods that run git with a URL: method -> (git words before the URL, URL position, URL keyword).
GITPYTHON = {"clone_from": (("git", "clone"), 0, "url"), "create_remote": (("git", "remote", "add", "${name}"), 1,
                                                                            "url"),
             "set_url": (("git", "remote", "set-url", "${remote}"), 0, "new_url")}
#: A string that is a command on its own: a tool that reaches a remote with a URL after it.
_COMMAND = re.compile(r"(?:git|hg|curl|wget|https?)\s+(?:[^\s]+\s+)*?[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_REF = re.compile(r"\$\{\w+\}")


def is_command(text: str) -> bool:
    """Whether a string built by the program is a command that reaches a URL (`git clone https://…`)."""
    return bool(_COMMAND.match(text.lstrip()))


def shell_text(value: object) -> str | None:
    """A command as the shell reads it: a string as written, a list of words quoted one by one
    (an unresolved part stays a reference, `${password}`); None when neither is resolved."""
    if isinstance(value, Value):
        return value.text
    if isinstance(value, tuple) and value and all(isinstance(v, Value) for v in value):
        return " ".join(_quoted(v.text) for v in value if isinstance(v, Value))
    return None


def _quoted(word: str) -> str:
    """One word in double quotes, its references left to expand and every other `$` escaped."""
    out: list[str] = []
    at = 0
    for m in _REF.finditer(word):
        out.append(_escape(word[at:m.start()]))
        out.append(m.group())
        at = m.end()
    out.append(_escape(word[at:]))
    return '"' + "".join(out) + '"'


def _escape(text: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", text)


def facts(text: str, line: int, column: int, commented: bool = False) -> list[ApiCall | GitRemote]:
    """The API calls and git remotes of a command's text, placed at (line, column) of the program."""
    if "://" not in text:
        return []
    script = analyze(text)
    out: list[ApiCall | GitRemote] = []
    for fact in shell_calls.detect(script, 0, commented):
        if isinstance(fact, (ApiCall, GitRemote)):
            fact.line, fact.column = line, column
            out.append(fact)
    return out
