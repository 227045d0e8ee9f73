"""``casereview export-review`` and ``casereview merge``: reviews done on separate machines, combined."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from casereview.cli import app
from casereview.cli.output import console, warn
from casereview.cli.store import DbOption, RoundKind, open_db
from casereview.errors import CasereviewError
from casereview.wording import plural


def _summary(report) -> str:
    if not report.added and not report.resolved:
        return "Intet nyt: alt i filen fandtes allerede."
    added = ", ".join(plural(n, what) for what, n in sorted(report.added.items()))
    return f"Tilføjet: {added or 'intet'}."


@app.command("export-review")
def export_review(
    output: Path = typer.Option(
        ..., "--output", "-o", help="Ny fil (.db) med bedømmelserne.", dir_okay=False
    ),
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Kommunens navn (standard: alle)."
    ),
    round_kind: RoundKind = typer.Option(
        None, "--round", "-r", help="baseline, endline eller other (standard: alle)."
    ),
    include_text: bool = typer.Option(
        False, "--include-text", help="Medtag sagsteksten (følsomme personoplysninger)."
    ),
    db: str = DbOption,
) -> None:
    """Skriv dine bedømmelser til en fil, som en anden kan flette ind med 'casereview merge'."""
    from casereview.storage.merge import export_review as run_export

    store = open_db(db)
    try:
        report = run_export(
            store, output, municipality, round_kind.value if round_kind else None, include_text
        )
    finally:
        store.close()
    text = "med sagstekst" if include_text else "uden sagstekst"
    console().print(
        f"Skrevet til {escape(str(output))} ({text}). {_summary(report)}", soft_wrap=True
    )


def _choices(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, choice = value.rpartition("=")
        if not sep or not key:
            raise CasereviewError(
                f"--choose skal have formen NØGLE=ours eller NØGLE=theirs, ikke '{value}'"
            )
        out[key] = choice
    return out


@app.command()
def merge(
    other: Path = typer.Argument(..., help="En andens database eller en fil fra 'export-review'."),
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Kun denne kommune (standard: alle i filen)."
    ),
    round_kind: RoundKind = typer.Option(None, "--round", "-r", help="Kun denne runde."),
    prefer: str = typer.Option(
        None,
        "--prefer",
        help="Ved konflikter: ours (behold denne databases værdi), theirs (filens) eller newest.",
    ),
    choose: list[str] = typer.Option(
        [], "--choose", help="Valg for én konflikt: NØGLE=ours eller NØGLE=theirs (kan gentages)."
    ),
    include_text: bool = typer.Option(
        False, "--include-text", help="Medtag sagstekst fra filen for dokumenter, der mangler her."
    ),
    db: str = DbOption,
) -> None:
    """Flet en anden bedømmers arbejde ind: intet dobbelt, intet tabt, konflikter vises."""
    from casereview.storage.merge import merge_stores, open_source

    source = open_source(other)
    store = open_db(db)

    def progress(done: int, total: int) -> None:
        print(f"Fletter sag {done} af {total}", file=sys.stderr, flush=True)

    try:
        report = merge_stores(
            source,
            store,
            municipality,
            round_kind.value if round_kind else None,
            include_text,
            prefer,
            _choices(choose),
            progress,
            origin=str(other),
        )
    finally:
        source.close()
        store.close()
    out = console()
    out.print(f"Flettet fra {escape(str(other))}. {_summary(report)}", soft_wrap=True)
    for conflict, side in report.resolved:
        kept = "filens værdi" if side == "theirs" else "denne databases værdi"
        out.print(f"  Konflikt løst ({kept}): {escape(conflict.describe())}", soft_wrap=True)
    for name in report.not_carried:
        warn(f"{name}: teksten er ikke den samme her og i filen; markeringer i den er ikke flettet")
