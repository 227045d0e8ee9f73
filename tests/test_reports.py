"""Comparisons, exports and agreement on a database seeded through the public API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casereview.ingest.importer import import_round
from casereview.review import ReviewService
from casereview.scoring import score_rounds
from casereview.storage.database import open_store

INDICATORS = ["hwd", "resources", "network", "own_words", "follow_up"]
WISH = "Borgeren ønsker at få en hund. Hun er god til at lave mad."
NOTHING = "Der er holdt møde om økonomien."

# hwd judgements per case: baseline 2 Ja, 2 Nej, 1 Delvist, 1 missing; endline 5 Ja, 1 Nej.
BASELINE = {"b1": "ja", "b2": "ja", "b3": "nej", "b4": "nej", "b5": "delvist", "b6": None}
ENDLINE = {"e1": "ja", "e2": "ja", "e3": "ja", "e4": "ja", "e5": "ja", "e6": "nej"}


def _seed(db: str, tmp: Path, municipality: str = "Vejle") -> None:
    store = open_store(db)
    for kind, plan in (("baseline", BASELINE), ("endline", ENDLINE)):
        folder = tmp / municipality / kind
        for ref, value in plan.items():
            (folder / ref).mkdir(parents=True)
            (folder / ref / "handleplan.txt").write_text(
                WISH if value == "ja" else NOTHING, encoding="utf-8"
            )
        import_round(store, folder, municipality, kind)
    with store.session() as session:
        from casereview.storage.repository import find_rounds

        round_ids = [r.id for _, r in find_rounds(session, municipality, None)]
    score_rounds(store, round_ids)
    anne = ReviewService(store, "anne", INDICATORS)
    for round_id in round_ids:
        for case in anne.cases(round_id):
            value = {**BASELINE, **ENDLINE}[case.ref]
            if value:
                anne.judge(case.id, "hwd", value, note=f"note {case.ref}")
    store.close()


@pytest.fixture
def seeded(tmp_path) -> str:
    db = str(tmp_path / "r.db")
    _seed(db, tmp_path)
    return db


def test_terminal_xlsx_and_html_agree(seeded, tmp_path, run_cli):
    from openpyxl import load_workbook

    xlsx, page = tmp_path / "v.xlsx", tmp_path / "v.html"
    code, out, err = run_cli(
        "compare", "-m", "Vejle", "--db", seeded, "--xlsx", str(xlsx), "--html", str(page)
    )
    assert code == 0, err
    # Terminal: Håb row for baseline and endline (J, D, N, IR, Mgl, Uen, share).
    base = re.search(
        r"Håb\s*│\s*Baseline\s*│\s*6\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d+) %",
        out,
    )
    end = re.search(
        r"Endline\s*│\s*6\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d)\s*│\s*(\d+) %",
        out,
    )
    assert base.groups() == (
        "2",
        "1",
        "2",
        "0",
        "1",
        "0",
        "40",
    )  # missing is not Nej: 2 of 5 judged
    assert end.groups() == ("5", "0", "1", "0", "0", "0", "83")
    assert "+43 pp" in out
    # Excel: the same numbers.
    sheet = load_workbook(xlsx)["Sammenligning"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    hwd = {
        r[1]: dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == "Håb, ønsker og drømme"
    }
    assert (
        hwd["Baseline"]["Ja"],
        hwd["Baseline"]["Delvist"],
        hwd["Baseline"]["Nej"],
        hwd["Baseline"]["Mangler vurdering"],
    ) == (2, 1, 2, 1)
    assert (hwd["Endline"]["Ja"], hwd["Endline"]["Nej"]) == (5, 1)
    assert hwd["Baseline"]["Andel Ja (%)"] == 40.0 and hwd["Endline"]["Andel Ja (%)"] == 83.3
    assert hwd["Ændring"]["Andel Ja (%)"] == 43.3
    assert hwd["Baseline"]["Sager med Ja"] == "b1, b2"
    # HTML: the same numbers in the table, a chart per indicator, and no network.
    text = page.read_text(encoding="utf-8")
    assert re.search(
        r"<td>Baseline</td><td class='n'>6</td><td class='n'>2</td><td class='n'>1</td>"
        r"<td class='n'>2</td><td class='n'>0</td><td class='n'>1</td>",
        text,
    )
    assert "+43 procentpoint" in text
    assert text.count("<svg") == len(INDICATORS)
    assert not re.search(r"<script|<link|src=['\"]http|url\(http", text)
    assert "ønsker at få en hund" not in text  # no case text unless asked


def test_html_excerpts_only_with_include_text(seeded, tmp_path, run_cli):
    page = tmp_path / "t.html"
    code, _, _ = run_cli(
        "compare", "-m", "Vejle", "--db", seeded, "--html", str(page), "--include-text"
    )
    assert code == 0
    text = page.read_text(encoding="utf-8")
    assert "<mark>ønsker</mark>" in text and "følsomme personoplysninger" in text


def test_fisher_test_only_where_counts_allow(seeded, tmp_path, run_cli):
    from scipy.stats import fisher_exact

    from casereview.analysis import compare, load_table

    store = open_store(seeded)
    rows = load_table(store, "Vejle")
    store.close()
    (hwd, resources, *_) = compare(rows, INDICATORS)
    assert hwd.test is not None  # 5 and 6 judged cases
    assert hwd.test.p_value == pytest.approx(fisher_exact([[5, 1], [2, 3]]).pvalue)
    assert "kan skyldes tilfældigheder" in hwd.test.text and "n = 5 + 6" in hwd.test.text
    assert resources.test is None and "mindst 5 vurderede" in resources.test_note


def test_compare_all_has_rows_per_municipality_and_totals(seeded, tmp_path, run_cli):
    _seed(seeded, tmp_path / "second", municipality="Aarhus")
    xlsx = tmp_path / "alle.xlsx"
    code, out, err = run_cli("compare", "--all", "--db", seeded, "--xlsx", str(xlsx))
    assert code == 0, err
    assert "Alle kommuner (2)" in out and "Pr. kommune" in out
    assert re.search(
        r"Håb\s*│\s*Baseline\s*│\s*12\s*│\s*4\s*│\s*2\s*│\s*4", out
    )  # totals over both
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert {"Sammenligning", "Vejle", "Aarhus", "Sager"} <= set(book.sheetnames)


def test_agreement_matches_hand_computed_values(tmp_path):
    from casereview.analysis import CaseIndicator, reviewer_agreement

    pairs = [
        ("ja", "ja"),
        ("ja", "nej"),
        ("nej", "nej"),
        ("delvist", "delvist"),
        ("ja", "ja"),
        ("nej", "delvist"),
    ]
    rows = [
        CaseIndicator("K", "baseline", "", n, f"s{n}", n, "hwd", {"anne": (a, ""), "bo": (b, "")})
        for n, (a, b) in enumerate(pairs)
    ]
    reviewers, (pair,), alpha, disagreements = reviewer_agreement(rows)
    # Observed agreement 4/6. Marginals anne (ja 3, nej 2, delvist 1), bo (2, 2, 2):
    # p_e = (3*2 + 2*2 + 1*2) / 36 = 1/3, so kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5.
    assert pair.items == 6 and pair.percent == pytest.approx(400 / 6)
    assert pair.kappa == pytest.approx(0.5)
    # Krippendorff (nominal): n = 12 values (ja 5, nej 4, delvist 3); D_o = 4/12;
    # D_e = (144 - 25 - 16 - 9) / (12 * 11) = 94/132; alpha = 1 - D_o / D_e = 25/47.
    assert alpha == pytest.approx(25 / 47)
    assert [(case, values) for case, _, values in disagreements] == [
        ("s1", {"anne": "ja", "bo": "nej"}),
        ("s5", {"anne": "nej", "bo": "delvist"}),
    ]


def test_engine_against_final_judgement(seeded, run_cli):
    code, out, err = run_cli(
        "agreement", "-m", "Vejle", "-r", "endline", "--db", seeded, "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    hwd = next(e for e in data["engine"] if e["indicator"] == "hwd")
    # Endline: e1-e5 have the wish text and Ja; e6 has plain text and Nej.
    assert (hwd["tp"], hwd["fp"], hwd["fn"], hwd["tn"], hwd["excluded"]) == (5, 0, 0, 1, 0)
    assert hwd["precision"] == 1.0 and hwd["recall"] == 1.0
    code, out, _ = run_cli("agreement", "-m", "Vejle", "-r", "baseline", "--db", seeded)
    assert "Kun 1 bedømmer" in out
    baseline = json.loads(
        run_cli("agreement", "-m", "Vejle", "-r", "baseline", "--db", seeded, "-f", "json")[1]
    )
    hwd = next(e for e in baseline["engine"] if e["indicator"] == "hwd")
    # b1, b2 Ja with the wish (TP); b3, b4 Nej and b5 Delvist without (TN); b6 missing: excluded, not Nej.
    assert (hwd["tp"], hwd["fp"], hwd["fn"], hwd["tn"], hwd["excluded"]) == (2, 0, 0, 3, 1)


def test_export_csv_and_xlsx_have_every_reviewer(seeded, tmp_path, run_cli):
    from openpyxl import load_workbook

    store = open_store(seeded)
    bo = ReviewService(store, "bo", INDICATORS)
    bo.judge(bo.cases(1)[0].id, "hwd", "delvist", note="tvivl")
    store.close()
    target = tmp_path / "v.csv"
    code, _, err = run_cli(
        "export", "-m", "Vejle", "-r", "baseline", "-f", "csv", "-o", str(target), "--db", seeded
    )
    assert code == 0, err
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(";")[:11] == [
        "Kommune",
        "Runde",
        "Sag",
        "Indikator",
        "Automatisk forslag",
        "Antal fund",
        "Samlet vurdering",
        "Vurdering (anne)",
        "Note (anne)",
        "Vurdering (bo)",
        "Note (bo)",
    ]
    first = lines[1].split(";")
    assert first[2:4] == ["b1", "Håb, ønsker og drømme"] and first[4] == "Fundet"
    assert first[6:11] == ["Uenige bedømmere", "Ja", "note b1", "Delvist", "tvivl"]
    missing = next(line for line in lines if line.startswith("Vejle;Baseline;b6;Håb"))
    assert "Mangler vurdering" in missing and ";Nej;" not in missing
    book = tmp_path / "v.xlsx"
    code, _, _ = run_cli("export", "-m", "Vejle", "-f", "xlsx", "-o", str(book), "--db", seeded)
    workbook = load_workbook(book)
    sheet = workbook["Sager og indikatorer"]
    assert workbook.sheetnames == ["Sager og indikatorer", "Oversigt", "Fund og markeringer"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet["A1"].value == "Kommune"
    assert sheet.column_dimensions["D"].width >= len("Håb, ønsker og drømme")


def test_export_spans_for_training(seeded, tmp_path, run_cli):
    store = open_store(seeded)
    service = ReviewService(store, "anne", INDICATORS)
    case = service.cases(1)[0]
    (document,) = service.documents(case.id)
    wish = next(f for f in document.findings if f.indicator == "hwd" and f.counts)
    service.decide(wish, "reject")
    service.add_evidence(document.id, "hwd", 0, 8)
    store.close()
    code, _, err = run_cli("export", "-m", "Vejle", "-r", "baseline", "--spans", "--db", seeded)
    assert code == 2 and "--include-text" in err
    code, out, _ = run_cli(
        "export", "-m", "Vejle", "-r", "baseline", "--include-text", "--spans", "--db", seeded
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert set(records[0]) == {"text", "spans", "meta"} and records[0]["meta"]["case"] == "b1"
    spans = records[0]["spans"]
    labels = {(s["label"], records[0]["text"][s["start"] : s["end"]]) for s in spans}
    assert ("hwd", "Borgeren") in labels  # the reviewer's own evidence
    assert ("hwd", wish.text) not in labels  # the rejected finding is left out
    assert ("resources", "god til") in labels


def test_compare_unknown_municipality(seeded, run_cli):
    code, _, err = run_cli("compare", "-m", "Ukendt", "--db", seeded)
    assert code == 2 and "kommunen 'Ukendt' findes ikke" in err and "Vejle" in err
    code, _, err = run_cli("compare", "--db", seeded)
    assert code == 2 and "--municipality" in err
