"""Generate a source tree with known credentials at recorded (path, line).

The tree looks like a monorepo to a scanner: mostly code, docs, data and logs with no
Bitbucket content, lognormal file sizes, a few multi-megabyte files, ~5% binaries, some CRLF
and some Latin-1 files, and a small share of harmless Bitbucket mentions. Credentials of every
kind in `plants.KINDS` are inserted at random lines of random text files (large ones
included) and into `.netrc` files. The manifest (written beside the tree, never inside it,
and holding no secret) lists where each one is.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import content
import plants

TEXT_TYPES = (("py", 20), ("js", 12), ("ts", 6), ("go", 8), ("java", 5), ("md", 8), ("txt", 4),
              ("json", 10), ("yml", 6), ("log", 3), ("csv", 3))
BINARY_TYPES = ("png", "jar", "so", "class")
LARGE_TYPES = ("log", "csv", "json", "min.js")
TOP = ("services", "libs", "web", "tools", "docs", "data", "infra", "vendor")
MAX_LARGE = 8 * 1024 * 1024  # below tokenlint's default --max-file-size (10 MB)
FORMAT = 2  # bump when the generator changes, so cached trees are rebuilt


@dataclass(frozen=True)
class TreeSpec:
    files: int
    total_bytes: int
    plants_per_kind: int
    seed: int = 1

    @property
    def key(self) -> str:
        return f"tree-f{self.files}-b{self.total_bytes}-p{self.plants_per_kind}-s{self.seed}-v{FORMAT}"


@dataclass
class _File:
    path: str
    ext: str
    lines: list  # str lines, or (Plant,) markers resolved to line numbers on write
    crlf: bool = False
    latin1: bool = False


def _sizes(rng: random.Random, count: int, budget: int) -> list[int]:
    raw = [min(1 << 20, int(rng.lognormvariate(math.log(3500), 1.2))) for _ in range(count)]
    scale = budget / max(1, sum(raw))
    return [max(40, int(s * scale)) for s in raw]


def _path(rng: random.Random, i: int, ext: str) -> str:
    top = TOP[i % len(TOP)]
    stem = f"{rng.choice(content.IDENT)}_{rng.choice(content.IDENT)}_{i}"
    return f"{top}/pkg{(i // 37) % 60:02d}/{('src', 'lib', 'test', 'util', 'gen')[(i // 7) % 5]}/{stem}.{ext}"


def generate(spec: TreeSpec, root: Path) -> dict:
    """Write the tree into `root` (replacing it) and return the manifest."""
    rng = random.Random(spec.seed)
    pools = content.LinePools(random.Random(spec.seed + 1))
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    n_large = max(2, spec.files // 1500)
    large_budget = int(spec.total_bytes * 0.3)
    large_sizes = [min(MAX_LARGE, large_budget // n_large + rng.randint(-1, 1) * (large_budget // n_large // 3))
                   for _ in range(n_large)]
    n_netrc = max(1, spec.plants_per_kind // 2)
    n_small = spec.files - n_large - n_netrc
    sizes = _sizes(rng, n_small, spec.total_bytes - sum(large_sizes))
    ext_names = [e for e, _ in TEXT_TYPES]
    ext_weights = [w for _, w in TEXT_TYPES]

    texts: list[_File] = []
    binaries: list[tuple[str, int]] = []
    for i, size in enumerate(sizes):
        if rng.random() < 0.05:
            binaries.append((_path(rng, i, rng.choice(BINARY_TYPES)), size))
            continue
        ext = rng.choices(ext_names, ext_weights)[0]
        f = _File(_path(rng, i, ext), ext, pools.lines(ext, size), crlf=rng.random() < 0.02,
                  latin1=ext in ("txt", "md") and rng.random() < 0.05)
        if f.latin1:
            f.lines.insert(0, "Résumé: café, naïve, façade.")  # makes the file invalid UTF-8
        if rng.random() < 0.03:
            for _ in range(rng.randint(1, 3)):
                f.lines.insert(rng.randrange(len(f.lines) + 1), pools.decoy())
        texts.append(f)
    large = []
    for j, size in enumerate(large_sizes):
        ext = LARGE_TYPES[j % len(LARGE_TYPES)]
        large.append(_File(f"data/large/{ext.replace('.', '_')}_{j}.{ext}", ext, pools.lines(ext, size)))
    netrcs = [_File(f"home/{plants.USERS[k % len(plants.USERS)]}{k}/.netrc", "netrc",
                    [f"machine {h} login {u} password {plants.password(rng)}"
                     for h, u in (("github.com", "octo"), ("pypi.org", "__token__"))])
              for k in range(n_netrc)]

    # Carriers: any text file, but every kind also lands in at least one large file.
    for make in plants.IN_TEXT.values():
        for n in range(spec.plants_per_kind):
            carrier = large[n % len(large)] if n == 0 else rng.choice(texts)
            carrier.lines.insert(rng.randrange(len(carrier.lines) + 1), make(rng))
    for n in range(spec.plants_per_kind):
        carrier = netrcs[n % len(netrcs)]
        carrier.lines.insert(rng.randrange(len(carrier.lines) + 1), plants.netrc(rng))

    expected = []
    total = 0
    for f in (*texts, *large, *netrcs):
        out_lines = []
        for item in f.lines:
            if isinstance(item, plants.Plant):
                expected.append({"path": f.path, "line": len(out_lines) + 1 + item.secret_line, "kind": item.kind})
                out_lines.extend(item.lines)
            else:
                out_lines.append(item)
        text = ("\r\n" if f.crlf else "\n").join(out_lines) + "\n"
        data = text.encode("latin-1" if f.latin1 else "utf-8")
        total += _write(root, f.path, data)
    for path, size in binaries:
        total += _write(root, path, content.binary_blob(rng, size))
    expected.sort(key=lambda e: (e["path"], e["line"]))
    return {"spec": spec.__dict__, "key": spec.key, "files": len(texts) + len(large) + len(netrcs) + len(binaries),
            "bytes": total, "binaries": len(binaries), "large_files": len(large), "expected": expected}


def _write(root: Path, rel: str, data: bytes) -> int:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def ensure(spec: TreeSpec, workdir: Path, regen: bool = False) -> tuple[Path, dict]:
    """The tree for `spec` under `workdir`, generated once and reused while its manifest matches."""
    root = workdir / spec.key
    manifest_path = workdir / f"{spec.key}.manifest.json"
    if not regen and root.is_dir() and manifest_path.is_file():
        return root, json.loads(manifest_path.read_text())
    manifest = generate(spec, root)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return root, manifest
