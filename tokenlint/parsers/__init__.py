"""Documents with positions: shell, pipeline YAML and other CI files."""
