"""Data files generated from the Bitbucket Cloud OpenAPI spec (see ``generate.py``).

``endpoints.json`` is produced by ``python -m tokenlint.data.generate`` and committed, so the
linter never needs the 1.5 MB spec at run time; ``tests/test_endpoints.py`` fails when it is
stale.
"""
