"""``casereview rules check``: validate rule and lexicon files and report every problem at once."""

from __future__ import annotations

from pathlib import Path

import typer

from casereview.cli import rules_app
from casereview.cli.output import console
from casereview.wording import decimal, plural


@rules_app.command("check")
def check(
    folder: Path = typer.Argument(
        None,
        help="En mappe med undermapperne rules/ og lexicons/ (fx en redigeret kopi).",
        file_okay=False,
    ),
    rules: Path | None = typer.Option(
        None, "--rules", help="Mappe med regelfiler (standard: de medfølgende).", file_okay=False
    ),
    lexicons: Path | None = typer.Option(
        None,
        "--lexicons",
        help="Mappe med leksikonfiler (standard: de medfølgende).",
        file_okay=False,
    ),
) -> None:
    """Kontrollér regel- og leksikonfiler; alle fejl vises på én gang."""
    from casereview.engine.loader import load_ruleset
    from casereview.errors import CasereviewError

    if folder is not None:
        if not folder.is_dir():
            raise CasereviewError("mappen findes ikke", folder)
        rules = rules or (folder / "rules" if (folder / "rules").is_dir() else None)
        lexicons = lexicons or (folder / "lexicons" if (folder / "lexicons").is_dir() else None)
        if rules is None and lexicons is None:
            raise CasereviewError(
                "mappen har hverken en rules/- eller en lexicons/-undermappe", folder
            )

    ruleset = load_ruleset(rules, lexicons)  # raises RuleProblems listing every problem
    terms = sum(len(g.terms) for g in ruleset.term_groups.values())
    console().print(
        f"[green]OK:[/green] {len(ruleset.rules)} indikatorer, {terms} termer, {len(ruleset.cues)} kontekstord, "
        f"{len(ruleset.sections)} sektionstyper (regelsæt {ruleset.hash})."
    )


@rules_app.command("test")
def test(
    gold: Path = typer.Argument(
        ..., help="Guldfil i JSON Lines (som ved evaluate).", dir_okay=False
    ),
    rules: Path = typer.Option(
        None, "--rules", help="Mappe med de ændrede regelfiler.", file_okay=False
    ),
    lexicons: Path = typer.Option(
        None, "--lexicons", help="Mappe med de ændrede leksikonfiler.", file_okay=False
    ),
) -> None:
    """Vis hvad en ændring af regler eller leksikoner ændrer mod en guldfil: nyligt rigtige og nyligt forkerte."""
    from rich.markup import escape
    from rich.table import Table

    from casereview.engine import Engine
    from casereview.errors import CasereviewError
    from casereview.evaluation import evaluate, read_gold

    if rules is None and lexicons is None:
        raise CasereviewError(
            "angiv --rules og/eller --lexicons med de ændrede filer; de sammenlignes med de medfølgende"
        )
    documents = list(read_gold(gold))
    changed = Engine(
        rules_dir=rules, lexicons_dir=lexicons
    )  # a broken edit is reported before anything runs
    shipped = Engine()
    before, after = evaluate(shipped, documents), evaluate(changed, documents)
    wrong_before = {(e.id, e.indicator) for e in before.errors}
    wrong_after = {(e.id, e.indicator) for e in after.errors}
    out = console()
    table = Table(title=f"Ændringens virkning på {plural(len(documents), 'dokument')}")
    for column in ("Indikator", "F1 før", "F1 efter", "Nyligt rigtige", "Nyligt forkerte"):
        table.add_column(column)
    for indicator, score in after.scores.items():
        fixed = sorted(i for i, ind in wrong_before - wrong_after if ind == indicator)
        broken = sorted(i for i, ind in wrong_after - wrong_before if ind == indicator)
        table.add_row(
            indicator,
            decimal(before.scores[indicator].f1, 3),
            decimal(score.f1, 3),
            escape(", ".join(fixed)) or "–",
            escape(", ".join(broken)) or "–",
        )
    out.print(table)
    if wrong_after - wrong_before:
        out.print("[yellow]Ændringen gør mindst ét dokument forkert, som var rigtigt før.[/yellow]")
    elif wrong_before - wrong_after:
        out.print("[green]Ændringen retter fejl uden at lave nye.[/green]")
    else:
        out.print("Ændringen ændrer intet på denne guldfil.")
