"""The built wheel carries policies/ and schemas/: installed into a fresh venv, it works
from outside the source tree."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import tokenlint

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # builds a wheel and a venv: tens of seconds
def test_installed_wheel_finds_its_policies_and_schemas(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("tokenlint-*.whl")
    assert wheel.name.startswith(f"tokenlint-{tokenlint.__version__}-")  # one source: tokenlint/__init__.py
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    # The dependencies come from this interpreter (no network in tests); tokenlint only from the wheel.
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(purelib, "deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.sh").write_text('curl --digest -u "$U:$P" https://api.bitbucket.org/2.0/user\n')
    rules = subprocess.run([str(venv / "bin" / "tokenlint"), "rules"], cwd=outside, capture_output=True, text=True, timeout=60)
    assert rules.returncode == 0, rules.stderr
    version = subprocess.run([str(venv / "bin" / "tokenlint"), "--version"], cwd=outside, capture_output=True,
                             text=True, timeout=60)
    assert version.stdout == f"tokenlint, version {tokenlint.__version__}\n"
    assert rules.stdout.splitlines()[0].split()[:2] == ["TL001", "app-password"]
    where = subprocess.run([str(py), "-c", "import tokenlint.resources as r; print(r.builtin_dir('policies'))"],
                           cwd=outside, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(purelib) and where.endswith("tokenlint/_builtin/policies")
    scan = subprocess.run([str(venv / "bin" / "tokenlint"), "scan", "--format", "json", "x.sh"], cwd=outside,
                          capture_output=True, text=True, timeout=60)
    assert scan.returncode == 1 and '"rule": "digest-auth"' in scan.stdout
    # the pipes table is package data: a known pipe's variable is read from it
    (outside / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - pipe: aligent/renovate-pipe:1.3.0\n"
        "            variables:\n              RENOVATE_USERNAME: $U\n              RENOVATE_PASSWORD: $P\n")
    pipe = subprocess.run([str(venv / "bin" / "tokenlint"), "scan", "--format", "json", "bitbucket-pipelines.yml"],
                          cwd=outside, capture_output=True, text=True, timeout=60)
    found = {(f["rule"], f["line"]) for f in json.loads(pipe.stdout)["findings"]}
    assert ("app-password-in-use", 8) in found and ("pipe-cannot-take-token", 5) in found, pipe.stdout


def test_the_version_has_one_source():
    """pyproject reads the version from tokenlint/__init__.py (hatch's dynamic version); the
    installed (here editable) distribution and `tokenlint --version` report that one."""
    from importlib.metadata import version

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject
    assert version("tokenlint") == tokenlint.__version__
    out = subprocess.run([sys.executable, "-m", "tokenlint", "--version"], capture_output=True, text=True, timeout=60)
    assert out.stdout == f"tokenlint, version {tokenlint.__version__}\n"
