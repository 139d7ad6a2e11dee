"""Hostile source in every language a tree-sitter front end reads: the scan finishes, says what it
could not read, and still finds the literal credential planted beside the junk.

One real command-line run over a folder of such files (a subprocess, with a timeout).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from tokengen import make

TOKEN = make("app-password", seed=77)
#: suffix -> a line that makes the file worth reading as a program that talks to Bitbucket
HINTS = {
    ".js": "fetch('https://api.bitbucket.org/2.0/user')", ".ts": "axios.get('https://api.bitbucket.org/2.0')",
    ".java": "HttpClient c; // https://api.bitbucket.org", ".go": "http.NewRequest(\"GET\", \"https://api.bitbucket.org\", nil)",
    ".php": "<?php curl_init('https://api.bitbucket.org/1.0');", ".rb": "Net::HTTP.get(URI('https://api.bitbucket.org'))",
    ".cs": "new HttpClient(); // https://api.bitbucket.org", ".groovy": "httpRequest url: 'https://api.bitbucket.org'",
    ".tf": "provider \"bitbucket\" {}", ".py": "requests.get('https://api.bitbucket.org/1.0/user')",
}


def _files(root: Path) -> list[str]:
    rng = random.Random(5)
    names = []
    for suffix, hint in HINTS.items():
        cases = {
            "deep": hint + "\nx = " + "(" * 5_000 + "1" + ")" * 5_000 + "\n",
            "braces": hint + "\n" + "{[" * 5_000 + "\n",
            "strings": hint + "\n" + "\"${" * 5_000 + "\n",
            "junk": hint + "\n" + "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(20_000)),
            "long": hint + "\n" + ("a = b + c.d(e, 'bitbucket.org/2.0/' + f)\n" * 1_000),
        }
        for case, text in cases.items():
            name = f"{case}{suffix}"
            (root / name).write_text(f"{text}\npassword = \"{TOKEN}\"\n")
            names.append(name)
    return names


def test_hostile_program_files_end_in_notes_never_a_traceback(tmp_path: Path):
    names = _files(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--format", "json", "--min-confidence", "low",
                           "."], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    flagged = {f["path"] for f in report["findings"] if f["rule"] == "app-password"}
    assert flagged == set(names)  # the planted credential is found in every file, junk or not
    assert TOKEN not in proc.stdout and TOKEN not in proc.stderr
