"""Generate git repositories with long histories, through one `git fast-import` stream.

Two shapes:
- "secrets": thousands of small commits over a few hundred files; credentials of every kind
  are added in one commit and removed again later (so only history holds them), and `.netrc`
  files come and go. The manifest records each one's introducing commit, path and line.
- "churn": stands in for a real public repository (none is reachable offline): thousands of
  files, large files edited over and over (the case that makes naive history scanners
  re-read the same megabytes), files added and deleted, and a few credentials.

fast-import builds thousands of commits in seconds, where one `git commit` per commit would
take minutes and measure git rather than the scanners.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import content
import plants

FORMAT = 2
TEXT_EXTS = ("py", "js", "go", "md", "json", "yml", "txt")
LARGE_EXTS = ("log", "csv", "json", "min.js")
AUTHORS = ("Ada Lovelace <ada@example.test>", "Grace Hopper <grace@example.test>",
           "Linus Benedict <linus@example.test>", "Margaret Hamilton <mh@example.test>")
GIT_ENV_CONFIG = ("-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0", "-c", "init.defaultBranch=main")


@dataclass(frozen=True)
class RepoSpec:
    shape: str  # "secrets" or "churn"
    commits: int
    files: int
    mean_file_bytes: int
    large_files: int
    large_bytes: int
    large_edit_share: float  # share of commits that also edit one large file
    plants: int
    seed: int = 1

    @property
    def key(self) -> str:
        return (f"repo-{self.shape}-c{self.commits}-f{self.files}-m{self.mean_file_bytes}-l{self.large_files}x"
                f"{self.large_bytes}-p{self.plants}-s{self.seed}-v{FORMAT}")


class _Stream:
    """Writes a fast-import stream; counts blob bytes (what a history scanner must read)."""

    def __init__(self, sink) -> None:
        self.sink = sink
        self.blob_bytes = 0

    def data(self, payload: bytes) -> None:
        self.sink.write(b"data %d\n" % len(payload))
        self.sink.write(payload)
        self.sink.write(b"\n")

    def commit(self, mark: int, author: str, when: int, message: str,
               changes: dict[str, bytes | None]) -> None:
        w = self.sink.write
        w(b"commit refs/heads/main\nmark :%d\n" % mark)
        stamp = f"{author} {when} +0000\n".encode()
        w(b"author " + stamp + b"committer " + stamp)
        self.data(message.encode())
        for path, blob in sorted(changes.items()):
            if blob is None:
                w(b"D " + path.encode() + b"\n")
            else:
                w(b"M 100644 inline " + path.encode() + b"\n")
                self.data(blob)
                self.blob_bytes += len(blob)
        w(b"\n")


def _encode(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def generate(spec: RepoSpec, root: Path) -> dict:
    root = root.resolve()
    rng = random.Random(spec.seed)
    pools = content.LinePools(random.Random(spec.seed + 1))
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    subprocess.run(["git", *GIT_ENV_CONFIG, "init", "-q", "-b", "main", str(root)], check=True)
    marks = root / ".git" / "bench-marks"
    proc = subprocess.Popen(["git", *GIT_ENV_CONFIG, "-C", str(root), "fast-import", "--quiet",
                             f"--export-marks={marks}"], stdin=subprocess.PIPE)
    stream = _Stream(proc.stdin)

    files: dict[str, list[str]] = {}
    large = [f"data/large/{LARGE_EXTS[j % len(LARGE_EXTS)].replace('.', '_')}_{j}.{LARGE_EXTS[j % len(LARGE_EXTS)]}"
             for j in range(spec.large_files)]
    counter = [0]

    def new_path() -> str:
        counter[0] += 1
        ext = rng.choice(TEXT_EXTS)
        return f"{rng.choice(('src', 'lib', 'docs', 'scripts', 'config'))}/m{counter[0] % 97:02d}/f{counter[0]}.{ext}"

    def new_file(path: str) -> list[str]:
        size = int(rng.lognormvariate(0, 1.0) * spec.mean_file_bytes / 1.65)
        return pools.lines(path.rsplit(".", 1)[-1], max(200, size))

    initial = {}
    for _ in range(int(spec.files * 0.8)):
        path = new_path()
        files[path] = new_file(path)
        initial[path] = _encode(files[path])
    for path in large:
        files[path] = pools.lines(path.rsplit(".", 1)[-1] if not path.endswith(".min.js") else "min.js",
                                  spec.large_bytes)
        initial[path] = _encode(files[path])

    # Plant schedule: introduction commit -> kinds; removal 10..400 commits later.
    kinds = [plants.KINDS[i % len(plants.KINDS)] for i in range(spec.plants)]
    intro_at = sorted(rng.sample(range(2, max(3, spec.commits - 20)), spec.plants))
    schedule: dict[int, list[str]] = {}
    for at, kind in zip(intro_at, kinds, strict=True):
        schedule.setdefault(at, []).append(kind)
    removals: dict[int, list[tuple[str, tuple[str, ...], bool]]] = {}
    protected: set[str] = set(large)
    expected = []

    when = 1_700_000_000
    stream.commit(1, AUTHORS[0], when, "Initial import\n", initial)
    for mark in range(2, spec.commits + 1):
        when += rng.randint(60, 20000)
        changes: dict[str, bytes | None] = {}
        touched: set[str] = set()
        editable = [p for p in files if p not in large]
        for path in rng.sample(editable, min(len(editable), rng.randint(1, 3 if spec.shape == "secrets" else 8))):
            _edit(rng, pools, files[path], path)
            touched.add(path)
        if large and rng.random() < spec.large_edit_share:
            path = rng.choice(large)
            for _ in range(rng.randint(1, 5)):
                _edit(rng, pools, files[path], path)
            touched.add(path)
        for path, planted, own_file in removals.pop(mark, ()):
            if path not in files:  # a short history's later plant replaced its file: nothing to remove
                continue
            if own_file:
                del files[path]
                changes[path] = None
                touched.discard(path)
            else:
                lines = files[path]
                i = lines.index(planted[0])
                del lines[i:i + len(planted)]
                touched.add(path)
            if path not in large:
                protected.discard(path)
        for kind in schedule.get(mark, ()):
            path, plant, own_file = _plant(rng, kind, files, large, [p for p in files if p not in large])
            lines = files[path]
            at = rng.randrange(len(lines) + 1) if not own_file else len(lines)
            lines[at:at] = plant.lines
            touched.add(path)
            protected.add(path)
            changes.pop(path, None)
            expected.append({"path": path, "line": at + 1 + plant.secret_line, "kind": kind, "mark": mark})
            removals.setdefault(min(spec.commits, mark + rng.randint(10, 400)), []).append((path, plant.lines, own_file))
        if rng.random() < 0.05:
            path = new_path()
            files[path] = new_file(path)
            touched.add(path)
        if rng.random() < 0.03:
            victim = rng.choice(editable)
            if victim in files and victim not in protected and victim not in touched:
                del files[victim]
                changes[victim] = None
        for path in touched:
            changes[path] = _encode(files[path])
        stream.commit(mark, rng.choice(AUTHORS), when, content._sentence(rng, 3, 9) + "\n", changes)
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import failed for {root}")
    shas = dict(line.split() for line in marks.read_text().splitlines())
    for e in expected:
        e["commit"] = shas[f":{e.pop('mark')}"]
    subprocess.run(["git", *GIT_ENV_CONFIG, "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    return {"spec": asdict(spec), "key": spec.key, "commits": spec.commits, "blob_bytes": stream.blob_bytes,
            "files_at_head": len(files), "expected": expected}


def _edit(rng: random.Random, pools: content.LinePools, lines: list[str], path: str) -> None:
    """Replace, insert or delete a few lines: the churn of everyday commits."""
    ext = path.rsplit(".", 1)[-1] if not path.endswith(".min.js") else "min.js"
    pool = pools.pools.get(ext, pools.pools["txt"])
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines) + 1)
        op = rng.random()
        if op < 0.5 and i < len(lines) and not _is_planted(lines[i]):
            lines[i] = rng.choice(pool)
        elif op < 0.85:
            lines.insert(i, rng.choice(pool))
        elif i < len(lines) and len(lines) > 5 and not _is_planted(lines[i]):
            del lines[i]


def _is_planted(line: str) -> bool:
    """Edits never touch planted lines, so a removal finds exactly what was planted."""
    return any(marker in line for marker in ("ATBB", "ATATT3", "ATCTT3", "BBDC-", "BITBUCKET_", "bitbucket.org",
                                             "machine ", "  login ", "  password "))


def _plant(rng: random.Random, kind: str, files: dict[str, list[str]], large: list[str],
           editable: list[str]) -> tuple[str, plants.Plant, bool]:
    """Where to put a credential: a `.netrc` of its own, or an existing text file."""
    if kind == "netrc":
        path = f"ops/{rng.choice(plants.USERS)}-{rng.randint(0, 10**6)}/.netrc"
        files[path] = ["machine github.com login octo password " + plants.password(rng)]
        return path, plants.netrc(rng), True
    target = rng.choice(large) if large and rng.random() < 0.2 else rng.choice(editable)
    return target, plants.IN_TEXT[kind](rng), False


def ensure(spec: RepoSpec, workdir: Path, regen: bool = False) -> tuple[Path, dict]:
    root = workdir / spec.key
    manifest_path = workdir / f"{spec.key}.manifest.json"
    if not regen and (root / ".git").is_dir() and manifest_path.is_file():
        return root, json.loads(manifest_path.read_text())
    manifest = generate(spec, root)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return root, manifest
