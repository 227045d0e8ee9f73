"""``casereview rules check``: validate rule and lexicon files and report every problem at once."""

from __future__ import annotations

from pathlib import Path

import typer

from casereview.cli import rules_app
from casereview.cli.output import console


@rules_app.command("check")
def check(
    rules: Path = typer.Option(None, "--rules", help="Mappe med regelfiler (standard: de medfølgende).", file_okay=False),
    lexicons: Path = typer.Option(None, "--lexicons", help="Mappe med leksikonfiler (standard: de medfølgende).", file_okay=False),
) -> None:
    """Kontrollér regel- og leksikonfiler; alle fejl vises på én gang."""
    from casereview.engine.loader import load_ruleset

    ruleset = load_ruleset(rules, lexicons)  # raises RuleProblems listing every problem
    terms = sum(len(g.terms) for g in ruleset.term_groups.values())
    console().print(
        f"[green]OK:[/green] {len(ruleset.rules)} indikatorer, {terms} termer, {len(ruleset.cues)} kontekstord, "
        f"{len(ruleset.sections)} sektionstyper (regelsæt {ruleset.hash})."
    )
