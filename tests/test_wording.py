"""Danish throughout: plural forms, one number format, the words consultants use."""

from __future__ import annotations

import re

from casereview.review import ReviewService
from casereview.storage.database import open_store
from casereview.wording import decimal, plural, signed
from tests.test_reports import INDICATORS, _seed


def test_plural_and_decimal_comma():
    assert [plural(n, "sag") for n in (0, 1, 2)] == ["0 sager", "1 sag", "2 sager"]
    assert plural(1, "telefonnummer") == "1 telefonnummer"
    assert plural(3, "telefonnummer") == "3 telefonnumre"
    assert plural(1, "dokument") == "1 dokument"
    assert decimal(0.8889, 3) == "0,889" and decimal(None) == "–"
    assert signed(12.0, unit="pp") == "+12 pp" and signed(-0.5, 1) == "-0,5"


def test_import_of_one_document_speaks_in_the_singular(tmp_path, run_cli):
    doc = tmp_path / "plan.txt"
    doc.write_text("Borgeren ønsker et job. Tlf. 22 33 44 55.", encoding="utf-8")
    code, out, err = run_cli(
        "import", str(doc), "-m", "Vejle", "-r", "baseline", "--db", str(tmp_path / "s.db")
    )
    assert code == 0, err
    text = " ".join(out.split())
    assert "Importeret: 1 dokument til Vejle" in text and "(1 sag i runden)" in text
    assert "1 telefonnummer" in text and "0 CPR-numre" in text
    assert "runden har 1 sag;" in " ".join(err.split())


def test_evaluate_prints_decimal_commas(run_cli):
    code, out, err = run_cli("evaluate", "tests/data/dev.jsonl")
    assert code == 0, err
    assert re.search(r"\d,\d{3}", out) and not re.search(r"\d\.\d{3}", out)


def test_agreement_prints_decimal_commas_and_no_engine_jargon(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    db = str(tmp_path / "r.db")
    _seed(db, tmp_path)
    store = open_store(db)
    bo = ReviewService(store, "bo", INDICATORS)
    for case in bo.cases(1)[:4]:
        bo.judge(case.id, "hwd", "ja")
    store.close()
    code, out, err = run_cli("agreement", "-m", "Vejle", "-r", "baseline", "--db", db)
    assert code == 0, err
    assert re.search(r"Krippendorffs alfa .*: -?\d,\d\d", out)
    assert not re.search(r"\d\.\d\d", out)
    assert "motor" not in out.lower() and "Automatisk forslag" in out


def test_small_numbers_note_counts_the_judged_cases():
    from casereview.analysis import Comparison, RoundCounts, small_numbers_note

    def counts(cases: int, judged: int) -> RoundCounts:
        c = RoundCounts(cases=cases)
        c.counts["ja"] = judged
        c.counts["mangler"] = cases - judged
        return c

    comparison = Comparison("hwd", counts(10, 9), counts(10, 10))
    note = small_numbers_note([comparison])
    assert "op til 11 procentpoint" in note and "ned til 9" in note


def test_explain_marks_hope_and_resources_by_more_than_colour(engine):
    from casereview.cli.explain import highlighted

    result = engine.score(
        "Borgerens ønsker og mål:\nAt få sin egen lejlighed.\nRessourcer: Er god til at lave mad.\n",
        "a",
    )
    styles = {str(s.style) for s in highlighted(result, engine.catalogue).spans}
    assert any("underline" in s for s in styles) and any("italic" in s for s in styles)
