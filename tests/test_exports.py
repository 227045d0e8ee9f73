"""Exports a Danish consultant opens in Excel: BOM, ';', decimal comma, and the whole review."""

from __future__ import annotations

import csv
import io
import json

import pytest

from casereview.review import ReviewService
from casereview.storage.database import open_store
from tests.test_reports import INDICATORS, _seed


@pytest.fixture
def reviewed(tmp_path) -> str:
    """The seeded round with anne accepting a finding and marking a span, bo rejecting one."""
    db = str(tmp_path / "r.db")
    _seed(db, tmp_path)
    store = open_store(db)
    anne = ReviewService(store, "anne", INDICATORS)
    bo = ReviewService(store, "bo", INDICATORS)
    case = anne.cases(1)[0]
    (document,) = anne.documents(case.id)
    wish = next(f for f in document.findings if f.indicator == "hwd" and f.counts)
    anne.decide(wish, "accept")
    bo.decide(wish, "reject")
    anne.add_evidence(document.id, "hwd", 0, 8)  # "Borgeren"
    store.close()
    return db


def _csv_rows(path, sep=";") -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Danish Excel needs for UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=sep))


def test_csv_has_bom_semicolons_and_every_decision_without_text(reviewed, tmp_path, run_cli):
    target = tmp_path / "v.csv"
    code, _, err = run_cli(
        "export", "-m", "Vejle", "-r", "baseline", "-f", "csv", "-o", str(target), "--db", reviewed
    )
    assert code == 0, err
    rows = _csv_rows(target)
    hwd = next(r for r in rows if r["Sag"] == "b1" and r["Indikator"].startswith("Håb"))
    assert hwd["Automatisk forslag"] == "Fundet"
    assert hwd["Accepterede fund (anne)"] == "1" and hwd["Afviste fund (anne)"] == "0"
    assert hwd["Accepterede fund (bo)"] == "0" and hwd["Afviste fund (bo)"] == "1"
    assert hwd["Markerede tekststeder (anne)"] == "handleplan.txt 0-8"
    assert hwd["Fundne tekststeder (automatisk forslag)"].startswith("handleplan.txt ")
    assert "hund" not in target.read_text(encoding="utf-8-sig")  # no case words without asking


def test_csv_with_include_text_has_the_words(reviewed, tmp_path, run_cli):
    target = tmp_path / "v.csv"
    code, _, err = run_cli(
        "export", "-m", "Vejle", "-r", "baseline", "-f", "csv", "--include-text",
        "-o", str(target), "--db", reviewed,
    )  # fmt: skip
    assert code == 0, err
    hwd = next(
        r for r in _csv_rows(target) if r["Sag"] == "b1" and r["Indikator"].startswith("Håb")
    )
    assert hwd["Markerede tekststeder (anne)"] == "«Borgeren» (handleplan.txt 0-8)"
    assert "«ønsker" in hwd["Fundne tekststeder (automatisk forslag)"]
    assert "«ønsker" in hwd["Afviste tekststeder (bo)"]


@pytest.mark.parametrize(("sep", "char"), [(",", ","), ("tab", "\t"), (";", ";")])
def test_separator_can_be_changed(reviewed, tmp_path, run_cli, sep, char):
    target = tmp_path / "v.csv"
    code, _, err = run_cli(
        "export", "-m", "Vejle", "-f", "csv", "--sep", sep, "-o", str(target), "--db", reviewed
    )
    assert code == 0, err
    rows = _csv_rows(target, char)
    assert rows[0]["Kommune"] == "Vejle" and rows[0]["Sag"] == "b1"


def test_bad_separator_or_separator_without_csv_is_refused(reviewed, tmp_path, run_cli):
    target = tmp_path / "v.csv"
    code, _, err = run_cli("export", "-f", "csv", "--sep", "|", "-o", str(target), "--db", reviewed)
    assert code == 2 and "--sep" in err and not target.exists()
    code, _, err = run_cli("export", "--sep", ",", "--db", reviewed)
    assert code == 2 and "kun for --format csv" in err


def test_xlsx_has_a_sheet_of_findings_and_marked_spans(reviewed, tmp_path, run_cli):
    from openpyxl import load_workbook

    book = tmp_path / "v.xlsx"
    code, _, err = run_cli(
        "export", "-m", "Vejle", "-f", "xlsx", "--include-text", "-o", str(book), "--db", reviewed
    )
    assert code == 0, err
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Sager og indikatorer", "Oversigt", "Fund og markeringer"]
    sheet = workbook["Fund og markeringer"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    marked = next(r for r in rows if r["Kilde"] == "Markeret af bedømmer")
    assert (marked["Sag"], marked["Start"], marked["Slut"], marked["Markeret af"]) == (
        "b1", 0, 8, "anne"
    )  # fmt: skip
    assert marked["Tekst"] == "Borgeren"
    decided = next(r for r in rows if r["Bedømmernes afgørelse"])
    assert decided["Bedømmernes afgørelse"] == "anne: accepteret, bo: afvist"


def test_jsonl_carries_decisions_and_marked_spans(reviewed, run_cli):
    code, out, err = run_cli("export", "-m", "Vejle", "-r", "baseline", "--db", reviewed)
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    decided = [f for f in first["findings"] if f["decisions"]]
    assert decided and decided[0]["decisions"] == {"anne": "accept", "bo": "reject"}
    assert first["evidence"] == [
        {"indicator": "hwd", "start": 0, "end": 8, "reviewer": "anne", "note": ""}
    ]
    code, out, _ = run_cli(
        "export", "-m", "Vejle", "-r", "baseline", "--include-text", "--db", reviewed
    )
    assert json.loads(out.splitlines()[0])["evidence"][0]["text"] == "Borgeren"


def test_csv_numbers_have_a_decimal_comma():
    from casereview.reports import write_csv

    stream = io.StringIO()
    write_csv(
        ["Indikator", "Andel Ja (%)", "Sager"], [["Håb", 58.3, 6], ["Ress.", None, 0]], stream
    )
    assert stream.getvalue().splitlines() == [
        "Indikator;Andel Ja (%);Sager",
        "Håb;58,3;6",
        "Ress.;;0",
    ]


def test_include_text_without_a_report_is_refused_not_ignored(reviewed, run_cli):
    code, out, err = run_cli("compare", "-m", "Vejle", "--include-text", "--db", reviewed)
    assert code == 2 and "--include-text" in err and "--html" in err and out == ""


def test_a_rejected_finding_that_did_not_count_is_exported_too(tmp_path, run_cli):
    from casereview.ingest.importer import import_round
    from casereview.scoring import score_rounds

    folder = tmp_path / "runde" / "sag-01"
    folder.mkdir(parents=True)
    (folder / "plan.txt").write_text("Kommunen ønsker et møde om økonomien.", encoding="utf-8")
    db = str(tmp_path / "r.db")
    store = open_store(db)
    import_round(store, folder.parent, "Vejle", "baseline")
    score_rounds(store, [1])
    karen = ReviewService(store, "karen", INDICATORS)
    (case,) = karen.cases(1)
    (document,) = karen.documents(case.id)
    silent = next(f for f in document.findings if f.indicator == "hwd" and not f.counts)
    karen.decide(silent, "reject")
    store.close()
    target = tmp_path / "v.csv"
    code, _, err = run_cli("export", "-m", "Vejle", "-f", "csv", "-o", str(target), "--db", db)
    assert code == 0, err
    row = next(r for r in _csv_rows(target) if r["Indikator"].startswith("Håb"))
    assert row["Afviste fund (karen)"] == "1"
