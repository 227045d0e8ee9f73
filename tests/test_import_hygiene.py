"""The domain core never imports the UI, and the fast paths never import spaCy (as harlequin proves it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "casereview.engine",
    "casereview.engine.engine",
    "casereview.engine.indicators",
    "casereview.evaluation",
    "casereview.textio",
    "casereview.errors",
    "casereview.paths",
    "casereview.storage.database",
    "casereview.storage.repository",
    "casereview.storage.retention",
    "casereview.ingest.importer",
    "casereview.scoring",
    "casereview.export",
    "casereview.merge",
    "casereview.adjudication",
    "casereview.reliability",
    "casereview.conclusions",
    "casereview.report_sections",
    "casereview.storage.verdicts",
    "casereview.review",
    "casereview.analysis",
    "casereview.reports",
    "casereview.storage.models",
    "casereview.catalogue",
    "casereview.values",
]


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("module", CORE)
def test_core_does_not_import_ui(module):
    loaded = _loaded(f"import {module}")
    # spaCy itself imports typer and rich for its own CLI; what must never load is our UI.
    assert not any(
        m == "textual" or m.startswith(("textual.", "casereview.cli", "casereview.tui"))
        for m in loaded
    )


def test_engine_scoring_does_not_import_ui():
    loaded = _loaded("from casereview.engine import Engine\nEngine().score('Hun ønsker en hund.')")
    assert "spacy" in loaded
    assert not any(m.startswith(("textual", "casereview.cli", "casereview.tui")) for m in loaded)


def test_cli_help_does_not_load_spacy():
    loaded = _loaded("from casereview.cli import app, _register\n_register()")
    assert "spacy" not in loaded


def test_tui_starts_without_spacy():
    loaded = _loaded(
        "from casereview.tui.app import build_app\nfrom casereview.review import ReviewService"
    )
    assert "textual" in loaded
    assert not any(m == "spacy" or m.startswith("spacy.") for m in loaded)
