"""``casereview evaluate GOLD.jsonl``: precision, recall and F1 against a gold file."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from casereview.cli import app
from casereview.cli.common import LexiconsOption, ModelOption, RulesOption, load_engine
from casereview.cli.output import console
from casereview.evaluation import Evaluation, IndicatorScore, read_gold
from casereview.evaluation import evaluate as run_evaluation
from casereview.wording import decimal, plural


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def _score_table(
    title: str, rows: list[tuple[str, IndicatorScore]], labels: dict[str, str]
) -> Table:
    table = Table(title=title)
    for column in (
        "Skribent",
        "Indikator",
        "Præcision",
        "Genkaldelse",
        "F1",
        "SP",
        "FP",
        "FN",
        "SN",
    ):
        table.add_column(column, justify="left" if column in ("Skribent", "Indikator") else "right")
    for prefix, s in rows:
        table.add_row(
            prefix,
            labels.get(s.indicator, s.indicator),
            decimal(s.precision, 3),
            decimal(s.recall, 3),
            decimal(s.f1, 3),
            str(s.tp),
            str(s.fp),
            str(s.fn),
            str(s.tn),
        )
    return table


def print_evaluation(evaluation: Evaluation, labels: dict[str, str], by_prefix: bool) -> None:
    out = console()
    rows = [("alle", s) for s in evaluation.scores.values()]
    if by_prefix:
        rows += [
            (prefix, s)
            for prefix, scores in sorted(evaluation.by_prefix.items())
            for s in scores.values()
        ]
    out.print(
        _score_table(f"Evaluering på {plural(evaluation.documents, 'dokument')}", rows, labels)
    )
    out.print("[dim]SP/FP/FN/SN: sand positiv, falsk positiv, falsk negativ, sand negativ.[/dim]")
    if not evaluation.errors:
        out.print("[green]Ingen fejlklassificerede dokumenter.[/green]")
        return
    out.print(f"\n[bold]Fejlklassificerede ({len(evaluation.errors)}):[/bold]")
    for err in evaluation.errors:
        kind = "falsk positiv" if err.predicted else "falsk negativ"
        out.print(
            f"  [bold]{escape(err.id)}[/bold] {labels.get(err.indicator, err.indicator)}: {kind}"
        )
        if not err.findings:
            out.print("      [dim]intet fund i teksten[/dim]")
        for f in err.findings[:4]:
            out.print(
                f"      «{escape(f.text.strip()[:70])}» → {f.reason} [dim]({escape(f.rule)})[/dim]"
            )


@app.command()
def evaluate(
    gold: list[Path] = typer.Argument(
        ...,
        help='Guldfil(er) i JSON Lines: {"id", "text", "labels": {...}} pr. linje.',
        dir_okay=False,
    ),
    format: EvalFormat = typer.Option(EvalFormat.table, "--format", "-f", help="table eller json."),
    by_prefix: bool = typer.Option(
        False,
        "--by-prefix",
        help="Også F1 pr. id-præfiks (én skribent pr. præfiks: dev, t, w1, ...).",
    ),
    rules: Path = RulesOption,
    lexicons: Path = LexiconsOption,
    model: str = ModelOption,
) -> None:
    """Mål de automatiske forslag mod en guldfil: præcision, genkaldelse og F1 pr. indikator."""
    # validate every file before loading the engine
    documents = [doc for path in gold for doc in read_gold(path)]
    engine = load_engine(rules, lexicons, model)
    evaluation = run_evaluation(engine, documents)
    if format == EvalFormat.json:
        typer.echo(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2))
    else:
        print_evaluation(evaluation, {r.id: r.label for r in engine.ruleset.rules}, by_prefix)
