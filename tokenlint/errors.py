"""Errors that end a run with a clear one-line message and a fixed exit code."""

from __future__ import annotations


class TokenlintError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""

    exit_code = 2


class ConfigError(TokenlintError):
    pass


class PolicyError(TokenlintError):
    pass
