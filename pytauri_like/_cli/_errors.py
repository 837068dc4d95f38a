"""The one error the command line reports: a one-line message and exit status 2."""

from __future__ import annotations

__all__ = ("CliError",)


class CliError(Exception):
    """A user error: printed as `pytauri-like: error: MESSAGE` on stderr; exit status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
