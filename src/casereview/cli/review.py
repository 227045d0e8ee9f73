"""``casereview review``: the Textual TUI for reviewers."""

from __future__ import annotations

import typer

from casereview.cli import app
from casereview.errors import CasereviewError
from casereview.values import RoundKind


@app.command()
def review(
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Kommunens navn (ellers vælges runden på første skærm)."
    ),
    round_kind: RoundKind = typer.Option(
        None, "--round", "-r", help="baseline, endline eller other."
    ),
    reviewer: str = typer.Option(
        None, "--reviewer", help="Dit navn som bedømmer (huskes til næste gang)."
    ),
    blind: bool = typer.Option(
        None,
        "--blind/--no-blind",
        help="Blind dobbeltkodning: se andres vurdering først efter din egen (huskes).",
    ),
    db: str = typer.Option(
        None, "--db", help="Database (standard: CASEREVIEW_DB eller brugerens datamappe)."
    ),
) -> None:
    """Gennemgå en rundes sager: læs, vurder hver indikator, acceptér eller afvis fund."""
    from casereview.cli.store import open_db
    from casereview.settings import load_settings, save_settings
    from casereview.storage.repository import find_rounds

    settings = load_settings()
    if reviewer:
        settings.reviewer = reviewer.strip()
    if blind is not None:
        settings.blind = blind
    if not settings.reviewer:
        settings.reviewer = typer.prompt("Dit navn som bedømmer").strip()
        if not settings.reviewer:
            raise CasereviewError("bedømmerens navn må ikke være tomt")
    save_settings(settings)
    store = open_db(db)
    try:
        round_id = None
        if municipality or round_kind:
            if not (municipality and round_kind):
                raise CasereviewError("angiv både --municipality og --round, eller ingen af dem")
            with store.session() as session:
                (_, found), *_ = find_rounds(session, municipality, round_kind.value)
            round_id = found.id
        from casereview.tui.app import build_app

        build_app(store, settings.reviewer, round_id, settings.blind).run()
    finally:
        store.close()
