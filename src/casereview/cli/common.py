"""Options shared by the commands that run the engine."""

from __future__ import annotations

from pathlib import Path

import typer

RulesOption = typer.Option(
    None, "--rules", help="Mappe med egne regelfiler (standard: de medfølgende).", file_okay=False
)
LexiconsOption = typer.Option(
    None,
    "--lexicons",
    help="Mappe med egne leksikonfiler (standard: de medfølgende).",
    file_okay=False,
)
ModelOption = typer.Option(
    None, "--model", help="Brug en installeret, trænet dansk spaCy-model (fx da_core_news_sm)."
)


def load_engine(rules: Path | None, lexicons: Path | None, model: str | None):
    """Build the engine; rule files are validated before spaCy is loaded."""
    from casereview.engine import Engine

    return Engine(rules_dir=rules, lexicons_dir=lexicons, model=model)
