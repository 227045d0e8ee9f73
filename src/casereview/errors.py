"""Errors that reach the user.

Every error a user can cause (a bad file, a broken rule, a missing model)
is raised as :class:`CasereviewError` with a Danish message that names the
file and what is wrong. The CLI prints the message and exits non-zero; it
never shows a traceback for these.
"""

from __future__ import annotations

import re
from pathlib import Path

# Control characters and escape sequences in a file name must not reach the terminal raw.
_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def printable(text: str) -> str:
    """``text`` without control characters or terminal escape sequences."""
    return _CONTROL.sub("", text)


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
            return printable(f"{self.path}: {self.message}")
        return printable(self.message)


class RuleFileError(CasereviewError):
    """A rule or lexicon file is missing, unreadable or invalid."""


class InputFileError(CasereviewError):
    """A document given to the CLI cannot be read as text."""


class ModelNotFoundError(CasereviewError):
    """A trained spaCy pipeline was asked for but is not installed."""
