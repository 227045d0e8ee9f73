"""Shared fixtures: one engine for the session (building it takes about a second)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engine():
    from casereview.engine import Engine

    return Engine()


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process through its real entry point; return (exit code, stdout, stderr)."""
    from casereview.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def python() -> str:
    return sys.executable
