"""Errors that reach the user.

Every error a user can cause (a bad file, a broken rule, a missing model)
is raised as :class:`CasereviewError` with a Danish message that names the
file and what is wrong. The CLI prints the message and exits non-zero; it
never shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class CasereviewError(Exception):
    """A user-facing error with a Danish message."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        super().__init__(self.render())

    def render(self) -> str:
        """The message as shown to the user, prefixed by the file when known."""
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class RuleFileError(CasereviewError):
    """A rule or lexicon file is missing, unreadable or invalid."""


class InputFileError(CasereviewError):
    """A document given to the CLI cannot be read as text."""


class ModelNotFoundError(CasereviewError):
    """A trained spaCy pipeline was asked for but is not installed."""
