"""Generate a fleet of repositories for the fleet benchmark (issue 14): 200 by default, a few
hundred commits each, every `dense_every`-th one Bitbucket-dense (densegen), the others ordinary
histories with a few planted credentials (historygen "secrets" shape). Each repository has its own
seed, so no two share blobs (the per-blob result cache cannot turn the fleet into one repository).

Generated once into `<workdir>/fleet-<key>/` (two processes at a time) and reused while the
generator version and sizes match; `manifest.json` there lists the repositories and what was
planted where (never a value).
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import densegen
import historygen

FORMAT = 1


@dataclass(frozen=True)
class FleetSpec:
    repos: int = 200
    commits: int = 250
    files: int = 40
    dense_every: int = 40  # every Nth repository is Bitbucket-dense
    seed: int = 11

    @property
    def key(self) -> str:
        return f"fleet-r{self.repos}-c{self.commits}-f{self.files}-d{self.dense_every}-s{self.seed}-v{FORMAT}"


def _one(args: tuple[FleetSpec, int, str]) -> dict:
    spec, i, folder = args
    seed = spec.seed * 1000 + i
    if spec.dense_every and i % spec.dense_every == spec.dense_every - 1:
        dense = densegen.DenseSpec(spec.commits, max(10, spec.files // 2), 3, seed=seed)
        made = densegen.generate(dense, Path(folder) / f"repo{i:03d}")
        kind = "dense"
    else:
        plain = historygen.RepoSpec("secrets", spec.commits, spec.files, 1_500, 0, 0, 0.0, 3, seed=seed)
        made = historygen.generate(plain, Path(folder) / f"repo{i:03d}")
        kind = "ordinary"
    return {"name": f"repo{i:03d}", "kind": kind, "plants": made.get("plants", [])}


def ensure(spec: FleetSpec, workdir: Path, regen: bool = False, jobs: int = 2) -> tuple[Path, dict]:
    """The fleet's folder (one repository per subfolder) and its manifest."""
    root = workdir / spec.key
    manifest_path = root / "manifest.json"
    if not regen and manifest_path.is_file():
        return root, json.loads(manifest_path.read_text())
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    with ProcessPoolExecutor(jobs) as pool:
        repos = list(pool.map(_one, [(spec, i, str(root)) for i in range(spec.repos)]))
    manifest = {"spec": spec.key, "repos": repos}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return root, manifest


if __name__ == "__main__":
    import sys
    import time

    start = time.perf_counter()
    where, made = ensure(FleetSpec(), Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out"))
    print(f"{where}: {len(made['repos'])} repositories in {time.perf_counter() - start:.0f} s")
