"""Exports never carry a live formula: CSV cells are neutralised, XLSX strings stay strings."""

from __future__ import annotations

import csv
import zipfile

from casereview.reports import neutral_cell

HOSTILE = ['=HYPERLINK("http://x","klik")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)"]


def _store_with_hostile_names(tmp_path, run_cli):
    folder = tmp_path / "runde"
    for index, name in enumerate(["=1+2 sag", "@sag", "+sag", "-sag", "\tsag"]):
        case = folder / name
        case.mkdir(parents=True)
        (case / "plan.txt").write_text(
            f'=HYPERLINK("http://x") Borgeren ønsker at male {index}.', encoding="utf-8"
        )
    db = tmp_path / "s.db"
    municipality = "=cmd|' /C calc'!A0"
    code, _, err = run_cli(
        "import", str(folder), "-m", municipality, "-r", "baseline", "--db", str(db)
    )
    assert code == 0, err
    code, _, err = run_cli("score", "--all", "--db", str(db))
    assert code == 0, err
    from casereview.review import ReviewService
    from casereview.storage.database import open_store

    store = open_store(f"sqlite:///{db}")
    service = ReviewService(store, "=Anne", ["hwd"])
    for case in service.cases(service.rounds()[0].id):
        service.judge(case.id, "hwd", "ja", "=1+2")
    store.close()
    return db, municipality


def test_csv_and_xlsx_have_no_formula(tmp_path, run_cli):
    db, municipality = _store_with_hostile_names(tmp_path, run_cli)
    target = tmp_path / "sager.csv"
    code, _, err = run_cli("export", "-f", "csv", "-o", str(target), "--db", str(db))
    assert code == 0, err
    with target.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=cmd|' /C calc'!A0" in cells and "'=1+2" in cells
    book_path = tmp_path / "sager.xlsx"
    code, _, err = run_cli("export", "-f", "xlsx", "-o", str(book_path), "--db", str(db))
    assert code == 0, err
    code, _, err = run_cli(
        "compare", "-m", municipality, "--xlsx", str(tmp_path / "c.xlsx"), "--db", str(db)
    )
    assert code == 0, err
    for path in (book_path, tmp_path / "c.xlsx"):
        with zipfile.ZipFile(path) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            assert sheets and not any(b"<f>" in book.read(n) for n in sheets), path
        from openpyxl import load_workbook

        values = [c.value for s in load_workbook(path) for r in s.iter_rows() for c in r]
        assert municipality in values or "=1+2" in values


def test_neutral_cell_keeps_plain_numbers_and_text():
    assert [neutral_cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutral_cell("-12") == "-12" and neutral_cell("+3,5 pp") == "+3,5 pp"
    assert neutral_cell(-5) == -5 and neutral_cell("Ja") == "Ja" and neutral_cell(None) is None
    assert neutral_cell("\rx") == "'\rx"
