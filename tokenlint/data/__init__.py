"""Data files generated from the Bitbucket Cloud OpenAPI spec (see ``scripts/generate_endpoints.py``).

``endpoints.json`` is produced by ``python scripts/generate_endpoints.py`` and committed, so the
linter never needs the 1.5 MB spec at run time; ``tests/test_endpoints.py`` fails when it is
stale.
"""
