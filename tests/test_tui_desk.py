# ruff: noqa: F811  (pytest fixtures imported from test_tui)
"""The review screen at a consultant's desk: what was observed going wrong, through the pilot."""

from __future__ import annotations

import pytest

from casereview.storage.review_models import EvidenceSpan
from tests.test_tui import (  # noqa: F401  (fixtures)
    anyio_backend,
    db,
    make_app,
    open_first_case,
    seeded_db,
    settle,
    stored,
)

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


def _text(app, selector: str) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())


async def test_explanation_never_shows_the_previous_finding(db):
    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        for key in ("n", "t", "i"):
            await pilot.press("f")
            await pilot.pause()
            shown = _text(app, "#explanation")
            assert "regel" in shown
            await pilot.press(key)
            await settle(app, pilot)
            assert "regel" not in _text(app, "#explanation"), key
            if key == "n":
                await pilot.press("p")
                await settle(app, pilot)
    store.close()


async def test_indicator_navigation_wraps_on_every_case(db):
    from casereview.tui.widgets.indicator_panel import IndicatorPanel

    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        for _ in range(2):
            panel = app.screen.query_one(IndicatorPanel)
            assert panel.indicator == "hwd"
            await pilot.press("I")
            assert panel.indicator == "follow_up"
            await pilot.press("i")
            assert panel.indicator == "hwd"
            await pilot.press("i", "i", "i", "i", "i")
            assert panel.indicator == "hwd"
            await pilot.press("n")
            await settle(app, pilot)
    store.close()


async def test_escape_puts_the_list_cursor_on_the_case_left(db):
    from textual.widgets import DataTable

    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).cursor_row == 2
    store.close()


async def test_home_and_end_in_the_case_list(db):
    from textual.widgets import DataTable

    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        assert table.cursor_row == 2
        await pilot.press("home")
        assert table.cursor_row == 0
    store.close()


@pytest.mark.parametrize("screen", ["CaseList", "CaseScreen"])
async def test_footer_fits_80x24_with_help_reachable(db, screen):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app, store = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        if screen == "CaseScreen":
            await open_first_case(app, pilot)
        else:
            await settle(app, pilot)
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        assert keys and all(k.region.right <= 80 and k.region.width > 0 for k in keys)
        assert any(k.key == "question_mark" for k in keys)
    store.close()


async def test_each_judgement_is_confirmed_in_one_line(db):
    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        await pilot.press("n", "n")
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        assert _text(app, "#saved").strip() == "sag-03 · Håb: Ja gemt"
        await pilot.press("i", "0")
        await settle(app, pilot)
        assert _text(app, "#saved").strip() == "sag-03 · Ress.: Ikke relevant gemt"
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert "Fortrudt: vurdering af Ressourcer." in messages  # the label, not "resources"
    store.close()


async def test_symbols_mean_one_thing_and_the_help_explains_them(db):
    from textual.widgets import DataTable

    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        assert "ikke vurderet" in _text(app, "#indicators") and "–" not in _text(app, "#indicators")
        await pilot.press("0")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        body = _text(app, "#help-body")
        for symbol, meaning in (
            ("✓", "fundet"),
            ("✗", "intet fundet"),
            ("+", "tæller"),
            ("÷", "tæller ikke"),
            ("E", "din markering"),
            ("IR", "Ikke relevant"),
            ("·", "ikke vurderet"),
        ):
            assert any(symbol in line and meaning in line for line in body.splitlines()), symbol
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).get_row_at(0)[2] == "✓ IR"
    store.close()


def _lab(hex_colour: str, matrix=None) -> tuple[float, float, float]:
    """CIELAB of an sRGB colour, optionally as seen with a colour vision deficiency (Machado 2009)."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    if matrix:
        lin = [min(1, max(0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in matrix]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


DEUTAN = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
]
PROTAN = [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
]


def test_hope_and_resources_differ_for_colour_blind_eyes_and_not_by_colour_alone():
    from casereview.engine.loader import shipped_catalogue
    from casereview.tui.screens.case_screen import indicator_style

    catalogue = shipped_catalogue()
    hwd, res = indicator_style(catalogue["hwd"]), indicator_style(catalogue["resources"])
    for matrix in (None, DEUTAN, PROTAN):
        a = _lab(hwd.bgcolor.triplet.hex, matrix)
        b = _lab(res.bgcolor.triplet.hex, matrix)
        # CIE76 ΔE: the old pale green and blue were 50-53 apart; Okabe-Ito orange and sky blue 101-113.
        assert sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5 > 80
    # A second signal besides colour: the two indicators are drawn in different text styles.
    assert (hwd.underline, hwd.italic) != (res.underline, res.italic)


async def test_evidence_by_sentence_extended_and_shrunk_by_word(db):
    from casereview.tui.widgets.document_view import DocumentView

    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        view = app.screen.query_one(DocumentView)
        view.focus()
        await pilot.press("home", "down", "down", "down", "down", "v")
        start, end = view.mark
        assert view.text[start:end] == "Mikkel ønsker at få et fritidsjob."
        await pilot.press("left")
        assert view.text[slice(*view.mark)] == "Mikkel ønsker at få et"
        await pilot.press("shift+right")
        assert view.text[slice(*view.mark)] == "ønsker at få et"
        await pilot.press("right", "right")
        assert view.text[slice(*view.mark)] == "ønsker at få et fritidsjob. Kommunen"
        await pilot.press("left", "shift+left")
        marked = view.mark
        assert view.text[slice(*marked)] == "Mikkel ønsker at få et fritidsjob."
        await pilot.press("e")
        await settle(app, pilot)
        (span,) = stored(db, EvidenceSpan)
        assert (span.start, span.end) == marked and span.text == view.text[slice(*marked)]
        assert view.mark is None
    store.close()


async def test_a_purged_document_says_its_text_is_gone(db):
    from casereview.storage.database import open_store
    from casereview.storage.retention import purge
    from casereview.tui.widgets.document_view import DocumentView

    store = open_store(db)
    purge(store, "Testkommune", keep_scores=True)
    store.close()
    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        await settle(app, pilot)
        assert "tekst er slettet" in app.screen.query_one(DocumentView).text
    store.close()
