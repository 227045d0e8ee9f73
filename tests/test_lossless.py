"""From engine to screen nothing is lost: the TUI explains a finding exactly as ``explain`` does.

The document below has findings whose explanations need the cue words
(negated, historical, sleep) and the detail (whose wish, a fixed phrase, a
placeholder). They are scored into a store, read back through the review
service and shown in the TUI; each explanation must be the engine's own.
"""

from __future__ import annotations

import pytest

from casereview.engine.findings import explain_finding

TEXT = (
    "Borgerens ønsker:\nHan har ingen ønsker for fremtiden lige nu. Kommunen ønsker en vurdering. "
    "Han kom efter eget ønske. Som ung drømte han om at blive pilot. "
    "Han har mareridt og dårlige drømme om natten.\n\nRessourcer:\nUdfyldes senere.\n"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def scored(tmp_path):
    """The document imported and scored; the database path and the plan file."""
    from casereview.ingest.importer import import_round
    from casereview.scoring import score_rounds
    from casereview.storage.database import open_store

    folder = tmp_path / "runde" / "sag-01"
    folder.mkdir(parents=True)
    plan = folder / "handleplan.txt"
    plan.write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "fund.db")
    store = open_store(db)
    import_round(store, tmp_path / "runde", "Fundby", "baseline")
    score_rounds(store, [1])
    store.close()
    return db, plan


@pytest.fixture
def expected(engine) -> dict[tuple, str]:
    """The engine's explanation per finding, keyed as the store keys decisions."""
    result = engine.score(TEXT)
    explained = {(f.indicator, f.start, f.end, f.rule): explain_finding(f) for f in result.findings}
    # The document must exercise what used to be lost: cue words and details.
    assert any("('ingen')" in e for e in explained.values())
    assert any("(Kommunen)" in e for e in explained.values())
    assert any("('Udfyldes senere.')" in e for e in explained.values())
    return explained


def test_stored_findings_explain_as_the_engine(scored, expected):
    from casereview.review import ReviewService
    from casereview.storage.database import open_store

    store = open_store(scored[0])
    try:
        (document,) = ReviewService(store, "anne").documents(1)
    finally:
        store.close()
    shown = {(f.indicator, f.start, f.end, f.rule): f.explanation for f in document.findings}
    assert shown == expected


def test_cli_explain_prints_the_same_sentences(scored, expected, run_cli):
    code, out, err = run_cli("explain", str(scored[1]))
    assert code == 0, err
    for sentence in expected.values():
        assert _flat(sentence) in _flat(out)


@pytest.mark.anyio
async def test_tui_shows_the_same_explanation_for_each_finding(scored, expected):
    from textual.widgets import Static

    from casereview.storage.database import open_store
    from casereview.tui.app import build_app
    from casereview.tui.widgets.indicator_panel import IndicatorPanel

    store = open_store(scored[0])
    app = build_app(store, "anne", 1)
    seen: dict[tuple, str] = {}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for indicator in app.indicators:
                if app.screen.query_one(IndicatorPanel).indicator != indicator:
                    await pilot.press("i")
                    await pilot.pause()
                for _ in range(len(app.screen._visible_findings())):
                    await pilot.press("f")
                    await pilot.pause()
                    finding = app.screen._current_finding()
                    panel = str(app.screen.query_one("#explanation", Static).render())
                    seen[(finding.indicator, finding.start, finding.end, finding.rule)] = panel
    finally:
        store.close()
    assert set(seen) == set(expected)
    for key, sentence in expected.items():
        assert _flat(sentence) in _flat(seen[key]), (key, seen[key])


@pytest.fixture
def anyio_backend():
    return "asyncio"
