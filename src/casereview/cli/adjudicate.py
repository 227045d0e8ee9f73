"""``casereview adjudicate`` (the TUI that settles disagreements) and ``casereview conclude``."""

from __future__ import annotations

from pathlib import Path

import typer

from casereview.cli import app
from casereview.cli.output import console
from casereview.cli.store import DbOption, RoundKind, open_db
from casereview.errors import CasereviewError


def _name(given: str | None, what: str) -> str:
    """The given name, else the remembered reviewer name, else asked once and remembered."""
    from casereview.settings import load_settings, save_settings

    settings = load_settings()
    if given:
        return given.strip()
    if not settings.reviewer:
        settings.reviewer = typer.prompt(what).strip()
        if not settings.reviewer:
            raise CasereviewError("navnet må ikke være tomt")
        save_settings(settings)
    return settings.reviewer


def _round(store, municipality: str, kind: str):
    from casereview.storage.repository import find_rounds

    with store.session() as session:
        (_, found), *_ = find_rounds(session, municipality, kind)
    return found


@app.command()
def adjudicate(
    municipality: str = typer.Option(..., "--municipality", "-m", help="Kommunens navn."),
    round_kind: RoundKind = typer.Option(
        ..., "--round", "-r", help="baseline, endline eller other."
    ),
    missing: bool = typer.Option(
        False, "--missing", help="Vis også par, hvor en bedømmers vurdering mangler."
    ),
    adjudicator: str = typer.Option(
        None, "--adjudicator", help="Dit navn (standard: dit navn som bedømmer)."
    ),
    db: str = DbOption,
) -> None:
    """Afgør uenigheder: kun de sager og indikatorer, hvor bedømmerne er uenige, side om side."""
    name = _name(adjudicator, "Dit navn")
    store = open_db(db)
    try:
        found = _round(store, municipality, round_kind.value)
        from casereview.tui.adjudication_app import build_adjudication_app

        title = f"{municipality} – {round_kind.value}"
        build_adjudication_app(store, name, found.id, title, missing).run()
    finally:
        store.close()


@app.command()
def conclude(
    file: Path = typer.Argument(
        ..., help="Markdown-fil: én overskrift pr. indikator og 'Anbefalinger'.", dir_okay=False
    ),
    municipality: str = typer.Option(..., "--municipality", "-m", help="Kommunens navn."),
    round_kind: RoundKind = typer.Option(
        ..., "--round", "-r", help="baseline, endline eller other."
    ),
    author: str = typer.Option(
        None, "--author", help="Forfatter (standard: dit navn som bedømmer)."
    ),
    db: str = DbOption,
) -> None:
    """Gem konsulentens iagttagelser pr. indikator og anbefalinger for en runde fra en Markdown-fil."""
    from casereview.analysis import indicator_catalogue
    from casereview.conclusions import import_conclusions

    name = _name(author, "Dit navn")
    store = open_db(db)
    try:
        stored = import_conclusions(
            store,
            municipality,
            round_kind.value,
            file,
            name,
            indicator_catalogue(store, municipality, round_kind.value).labels,
        )
    finally:
        store.close()
    console().print(f"Gemt: {len(stored)} afsnit for {municipality} / {round_kind.value}.")
