"""``casereview demo``: a fictitious municipality to try everything on."""

from __future__ import annotations

import typer

from casereview.cli import app


@app.command()
def demo(
    no_tui: bool = typer.Option(
        False,
        "--no-tui",
        help="Vis sammenligningen af baseline og endline i stedet for at åbne gennemgangen.",
    ),
    reset: bool = typer.Option(False, "--reset", help="Byg demodatabasen forfra."),
    db: str = typer.Option(
        None, "--db", help="Demodatabasen (standard: demo.db i brugerens datamappe)."
    ),
) -> None:
    """Byg (eller genbrug) en demo med Demokommune, ti sager ved baseline og ti ved endline, og åbn gennemgangen."""
    from casereview.cli.compare import _print_comparisons
    from casereview.cli.output import console
    from casereview.cli.store import open_db
    from casereview.demo.build import build_demo, demo_db_path, has_demo
    from casereview.demo.texts import MUNICIPALITY
    from casereview.engine.loader import shipped_catalogue

    path = db or str(demo_db_path())
    if reset and "://" not in path:
        from pathlib import Path

        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    catalogue = shipped_catalogue()
    store = open_db(path)
    out = console()
    try:
        if not has_demo(store):
            out.print(
                f"Bygger demoen: {MUNICIPALITY} med fiktive sager (importeres, maskeres og scores) …"
            )
            build_demo(store, catalogue.ids)
        out.print(f"Demodatabase: {path}")
        if no_tui:
            from casereview.analysis import compare, indicator_catalogue, load_table

            rows = load_table(store, MUNICIPALITY)
            catalogue = indicator_catalogue(store, MUNICIPALITY)
            _print_comparisons(
                f"{MUNICIPALITY}: baseline og endline (fiktive sager)",
                compare(rows, catalogue.ids),
                catalogue,
            )
            return
        from casereview.settings import load_settings
        from casereview.storage.repository import find_rounds
        from casereview.tui.app import build_app

        with store.session() as session:
            (_, baseline), *_ = find_rounds(session, MUNICIPALITY, "baseline")
        reviewer = load_settings().reviewer or "Demo-bruger"
        build_app(store, reviewer, baseline.id).run()
    finally:
        store.close()
