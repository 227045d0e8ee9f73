"""Two reviewers, one verdict: blind in two files, merged, adjudicated in the TUI, reported."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import select

from casereview.adjudication import AdjudicationService
from casereview.review import ReviewService
from casereview.storage.database import open_store
from casereview.storage.review_models import AuditEvent, Judgement
from casereview.storage.verdict_models import Adjudication, Conclusion

INDICATORS = ["hwd", "resources", "network", "own_words", "follow_up"]
SIZE = (110, 34)


@pytest.fixture
def anyio_backend():
    return "asyncio"


def _review(db: str, reviewer: str, answers: dict[tuple[str, str], str], notes=None) -> None:
    """One reviewer's blind work in their own file, through the same service the review TUI uses."""
    store = open_store(db)
    service = ReviewService(store, reviewer, INDICATORS, blind=True)
    cases = {c.ref: c.id for c in service.cases(1)}
    for (ref, indicator), value in answers.items():
        service.judge(cases[ref], indicator, value, (notes or {}).get((ref, indicator)))
    if reviewer == "anne":
        document = service.documents(cases["sag-03"])[0]
        start = document.text.index("drømmer om at få en hund")
        service.add_evidence(document.id, "hwd", start, start + len("drømmer om at få en hund"))
    store.close()


def _rows(db: str, model) -> list:
    store = open_store(db)
    with store.session() as session:
        rows = list(session.exec(select(model)))
    store.close()
    return rows


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.anyio
async def test_two_blind_reviewers_merged_adjudicated_and_reported(scored_round, tmp_path, run_cli):
    from textual.widgets import DataTable, Static, TextArea

    from casereview.tui.adjudication_app import build_adjudication_app

    lead, anne, bo = (str(tmp_path / f"{n}.db") for n in ("lead", "anne", "bo"))
    for path in (lead, anne, bo):
        shutil.copy(scored_round, path)
    both = {("sag-01", "hwd"): "ja", ("sag-02", "hwd"): "nej", ("sag-01", "resources"): "ja"}
    _review(
        anne,
        "anne",
        {**both, ("sag-03", "hwd"): "ja", ("sag-04", "hwd"): "nej"},
        notes={("sag-03", "hwd"): "han drømmer om en hund"},
    )
    _review(bo, "bo", {**both, ("sag-03", "hwd"): "nej", ("sag-04", "hwd"): "ja"})
    for name, path in (("anne", anne), ("bo", bo)):
        out_file = tmp_path / f"{name}-review.db"
        code, _, err = run_cli(
            "export-review",
            "-m",
            "Testkommune",
            "-r",
            "baseline",
            "-o",
            str(out_file),
            "--db",
            path,
        )
        assert code == 0, err
        assert "drømmer om at få".encode() not in out_file.read_bytes()  # marked words stay behind
        code, _, err = run_cli("merge", str(out_file), "--db", lead)
        assert code == 0, err
    originals = sorted(
        (j.case_id, j.indicator, j.reviewer, j.value) for j in _rows(lead, Judgement)
    )
    assert len(originals) == 10

    store = open_store(lead)
    app = build_adjudication_app(store, "lead", 1, "Testkommune – baseline")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#pairs", DataTable)
        assert table.row_count == 2  # only the disagreements
        assert [table.get_row_at(i)[:3] for i in range(2)] == [
            ["sag-03", "Håb", "J/N"],
            ["sag-04", "Håb", "N/J"],
        ]
        detail = str(app.screen.query_one("#pair-detail", Static).render())
        assert "anne: Ja" in detail and "bo: Nej" in detail
        assert "Note: han drømmer om en hund" in detail
        assert "Markeret: " in detail and "»drømmer om at få en hund«" in detail
        assert "Automatisk forslag: fundet" in detail
        await pilot.press("1")
        await pilot.pause()
        await pilot.press(*"ønsket er hans eget", "enter")
        await _settle(app, pilot)
        await pilot.press("down", "1")
        await pilot.pause()
        await pilot.press(*"forkert", "enter")
        await _settle(app, pilot)
        await pilot.press("ctrl+z")  # the second verdict was a mistake
        await _settle(app, pilot)
        assert table.get_row_at(1)[3] == ""
        await pilot.press("3")
        await pilot.pause()
        await pilot.press(*"kommunens ønske, ikke hans", "enter")
        await _settle(app, pilot)
        assert "2 af 2 uenige par er afgjort" in str(
            app.screen.query_one("#adj-progress", Static).render()
        )
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Skriv borgerens egne ord ind i handleplanen.")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        await pilot.press("k")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Håb står oftest i udredningen, sjældent i planen.")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
    store.close()

    verdicts = {(a.case_id, a.value, a.reason, a.adjudicator) for a in _rows(lead, Adjudication)}
    assert verdicts == {
        (3, "ja", "ønsket er hans eget", "lead"),
        (4, "nej", "kommunens ønske, ikke hans", "lead"),
    }
    after = sorted((j.case_id, j.indicator, j.reviewer, j.value) for j in _rows(lead, Judgement))
    assert after == originals  # the reviewers' answers are never changed
    actions = [e.action for e in _rows(lead, AuditEvent) if e.actor == "lead"]
    assert actions.count("adjudication") == 3 and "adjudication_removed" in actions
    assert {c.topic for c in _rows(lead, Conclusion)} == {"anbefalinger", "hwd"}

    report = tmp_path / "rapport.html"
    code, out, err = run_cli("compare", "-m", "Testkommune", "--html", str(report), "--db", lead)
    assert code == 0, err
    page = report.read_text(encoding="utf-8")
    assert "sag-03 (afgjort)" in page and "sag-04 (afgjort)" in page
    assert "Afgjort efter uenighed: 2 sager ved baseline" in page
    for name in ("Cohens kappa", "Gwets AC1", "Krippendorffs alfa", "Kappa vildleder"):
        assert name in page
    assert "anne og bo" in page and "automatisk forslag og endelig vurdering" in page
    assert "Skriv borgerens egne ord ind i handleplanen." in page
    assert page.index("Konsulentens konklusioner") > page.index("Enighed mellem bedømmere")
    assert "Uenige bedømmere: sag" not in page  # both disagreements settled


def test_missing_judgements_are_shown_when_asked(scored_round, tmp_path):
    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    _review(db, "anne", {("sag-01", "hwd"): "ja", ("sag-02", "hwd"): "ja"})
    _review(db, "bo", {("sag-01", "hwd"): "nej"})
    store = open_store(db)
    service = AdjudicationService(store, "lead", INDICATORS, 1)
    assert [(p.case_ref, p.status) for p in service.pairs()] == [("sag-01", "uenig")]
    assert [(p.case_ref, p.status) for p in service.pairs(include_missing=True)] == [
        ("sag-01", "uenig"),
        ("sag-02", "mangler"),
    ]
    service.decide(1, "hwd", "ja", "første")
    service.decide(1, "hwd", "nej", "anden")
    assert service.undo() and service.pairs()[0].verdict["reason"] == "første"
    assert service.undo() and service.pairs()[0].verdict is None
    assert not service.undo()
    store.close()


def test_conclusions_from_markdown(scored_round, tmp_path, run_cli):
    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    notes = tmp_path / "konklusion.md"
    notes.write_text(
        "# Håb, ønsker og drømme\nBorgernes ønsker står i udredningen.\n\n"
        "## Anbefalinger\n- Brug borgerens egne ord.\n- Følg op hver tredje måned.\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "conclude",
        str(notes),
        "-m",
        "Testkommune",
        "-r",
        "baseline",
        "--author",
        "kons",
        "--db",
        db,
    )
    assert code == 0, err
    assert "Gemt: 2 afsnit" in out
    stored = {c.topic: (c.text, c.author) for c in _rows(db, Conclusion)}
    assert stored["anbefalinger"] == (
        "- Brug borgerens egne ord.\n- Følg op hver tredje måned.",
        "kons",
    )
    bad = tmp_path / "forkert.md"
    bad.write_text("Indledning\n# Økonomi\nnoget\n", encoding="utf-8")
    code, _, err = run_cli(
        "conclude", str(bad), "-m", "Testkommune", "-r", "baseline", "--author", "kons", "--db", db
    )
    assert code == 2 and "forkert.md: konklusionerne kan ikke læses" in err
    assert (
        "linje 1: tekst før den første overskrift" in err
        and "linje 2: ukendt overskrift 'Økonomi'" in err
    )
    assert len(_rows(db, Conclusion)) == 2  # nothing of the bad file written


def test_engine_vs_adjudicated_in_agreement_json(scored_round, tmp_path, run_cli):
    import json

    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    _review(db, "anne", {("sag-01", "hwd"): "ja", ("sag-03", "hwd"): "ja"})
    _review(db, "bo", {("sag-01", "hwd"): "ja", ("sag-03", "hwd"): "nej"})
    store = open_store(db)
    AdjudicationService(store, "lead", INDICATORS, 1).decide(3, "hwd", "ja", "hans eget ønske")
    store.close()
    code, out, err = run_cli(
        "agreement", "-m", "Testkommune", "-r", "baseline", "-f", "json", "--db", db
    )
    assert code == 0, err
    data = json.loads(out)
    final = next(
        p
        for p in data["pairs_per_indicator"]
        if p["scope"] == "hwd" and p["b"] == "endelig vurdering"
    )
    assert final["items"] == 2 and final["percent"] == 100.0
    anne_bo = next(
        p for p in data["pairs_per_indicator"] if p["scope"] == "hwd" and p["a"] == "anne"
    )
    assert anne_bo["ac1"]["value"] is not None and "low" in anne_bo["ac1"]


def test_exports_use_and_mark_the_adjudicated_value(scored_round, tmp_path, run_cli):
    import json

    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    _review(db, "anne", {("sag-01", "hwd"): "ja"})
    _review(db, "bo", {("sag-01", "hwd"): "nej"})
    store = open_store(db)
    AdjudicationService(store, "lead", INDICATORS, 1).decide(1, "hwd", "delvist", "begge har ret")
    store.close()
    target = tmp_path / "sager.csv"
    code, _, err = run_cli(
        "export", "-m", "Testkommune", "-f", "csv", "-o", str(target), "--db", db
    )
    assert code == 0, err
    header, *lines = target.read_text(encoding="utf-8").splitlines()
    assert header.split(";")[-2:] == ["Afgjort af", "Begrundelse for afgørelsen"]
    first = lines[0].split(";")
    assert (
        first[2] == "sag-01" and first[6] == "Delvist" and first[-2:] == ["lead", "begge har ret"]
    )
    code, out, _ = run_cli("export", "-m", "Testkommune", "--db", db)
    record = json.loads(out.splitlines()[0])
    assert record["adjudications"][0]["value"] == "delvist"
    assert {j["value"] for j in record["judgements"]} == {"ja", "nej"}  # originals kept


def test_adjudicate_unknown_round_is_a_danish_error(scored_round, tmp_path, run_cli):
    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    code, _, err = run_cli(
        "adjudicate", "-m", "Ukendt", "-r", "baseline", "--adjudicator", "lead", "--db", db
    )
    assert (
        code == 2 and "kommunen 'Ukendt' findes ikke i databasen" in err and "Traceback" not in err
    )


def test_verdicts_and_conclusions_on_both_databases(db_url, case_folder):
    from casereview.ingest.importer import import_round
    from casereview.storage.verdicts import conclusions_of, set_conclusion

    store = open_store(db_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    service = AdjudicationService(store, "lead", INDICATORS, 1)
    service.decide(1, "hwd", "ja", "eget ønske")
    service.decide(1, "hwd", "nej", "alligevel ikke")
    service.undo()
    with store.session() as session:
        (verdict,) = session.exec(select(Adjudication)).all()
        assert (verdict.value, verdict.reason) == ("ja", "eget ønske")
        set_conclusion(session, 1, "anbefalinger", "Mere af borgerens stemme.", "lead")
        set_conclusion(session, 1, "anbefalinger", "Mere af borgerens stemme.", "lead")  # no change
        assert conclusions_of(session, 1)["anbefalinger"].author == "lead"
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    assert actions == ["adjudication", "adjudication", "adjudication", "conclusion"]
    assert events[2].before["value"] == "nej" and events[2].after["value"] == "ja"  # the undo
    store.close()


@pytest.mark.anyio
async def test_help_lists_the_keys_and_v_shows_missing_pairs(scored_round, tmp_path):
    from textual.widgets import DataTable, Static

    from casereview.tui.adjudication_app import build_adjudication_app
    from casereview.tui.screens.dialogs import HelpScreen

    db = str(tmp_path / "r.db")
    shutil.copy(scored_round, db)
    _review(db, "anne", {("sag-01", "hwd"): "ja", ("sag-02", "hwd"): "ja"})
    _review(db, "bo", {("sag-01", "hwd"): "nej"})
    store = open_store(db)
    app = build_adjudication_app(store, "lead", 1, "Testkommune – baseline")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#pairs", DataTable)
        assert table.row_count == 1
        await pilot.press("v")
        await _settle(app, pilot)
        assert table.row_count == 2 and table.get_row_at(1)[:3] == ["sag-02", "Håb", "J/·"]
        progress = str(app.screen.query_one("#adj-progress", Static).render())
        assert "0 af 2 uenige eller manglende par er afgjort · svar: anne/bo" in progress
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("#help-body", Static).render())
        for text in ("Fjern afgørelse", "Fortryd", "Anbefalinger", "Vis manglende"):
            assert text in body
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")  # a verdict without a reason is refused
        await pilot.pause()
        await pilot.press("enter")
        await _settle(app, pilot)
        assert table.get_row_at(0)[3] == ""
    store.close()
    assert _rows(db, Adjudication) == []
