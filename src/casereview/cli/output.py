"""Shared terminal output: consoles, colours per indicator, atomic file output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rich.console import Console

from casereview.errors import CasereviewError

# Each indicator's style is in its rule file (the catalogue); findings that do not
# count are shown dim and struck through.
NOT_COUNTING_STYLE = "dim strike"
FLAG_TEXT = {True: "[green]✓ Ja[/green]", False: "[red]✗ Nej[/red]"}

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def console(file: IO[str] | None = None) -> Console:
    return Console(file=file or sys.stdout, highlight=False, soft_wrap=False)


def error(message: str) -> None:
    """Print a user-facing error in Danish to standard error."""
    _err.print(f"[bold red]Fejl:[/bold red] {message}", markup=True, highlight=False)


def warn(message: str) -> None:
    _err.print(f"[yellow]Advarsel:[/yellow] {message}")


@contextmanager
def atomic_output(path: Path | None, encoding: str = "utf-8"):
    """Yield a text stream; for a file, write a temporary file and rename it only on success.

    ``encoding="utf-8-sig"`` starts the file with the byte order mark Excel
    needs to read UTF-8 (otherwise *Håb* shows as *HÃ¥b*).
    """
    if path is None:
        if encoding == "utf-8-sig":
            sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CasereviewError("mappen til outputfilen findes ikke", path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_via_temporary(path: Path, write: Callable[[Path], None]) -> None:
    """Have ``write`` fill a temporary file in the same folder; rename it only on success.

    For binary formats (Excel) written by a library to a path, as
    :func:`atomic_output` does for text streams.
    """
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CasereviewError("mappen til outputfilen findes ikke", path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=directory)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
