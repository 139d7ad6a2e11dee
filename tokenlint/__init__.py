"""tokenlint: finds Bitbucket credentials and Bitbucket API usage, and judges them by policy."""

__version__ = "0.1.0"
