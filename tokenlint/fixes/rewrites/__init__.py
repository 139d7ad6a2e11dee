"""The rewrites, one module per family of call shapes; each registers its names on import."""
