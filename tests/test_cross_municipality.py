"""compare --all: each municipality's change per indicator and the spread across municipalities."""

from __future__ import annotations

import re

from casereview.review import ReviewService
from casereview.storage.database import open_store
from tests.test_reports import INDICATORS, _seed


def test_compare_all_shows_each_change_and_the_spread(tmp_path, run_cli):
    db = str(tmp_path / "r.db")
    _seed(db, tmp_path, "Vejle")  # hwd Ja: baseline 2 of 5, endline 5 of 6: +43 pp
    _seed(db, tmp_path, "Odder")
    store = open_store(db)
    anne = ReviewService(store, "anne", INDICATORS)
    odder_endline = next(
        r for r in anne.rounds() if r.municipality == "Odder" and r.kind == "endline"
    )
    e1 = next(c for c in anne.cases(odder_endline.id) if c.ref == "e1")
    anne.judge(e1.id, "hwd", "nej")  # Odder endline: 4 of 6: +27 pp
    store.close()
    notes = tmp_path / "odder.md"
    notes.write_text("# Anbefalinger\nFasthold borgerens egne ord.\n", encoding="utf-8")
    code, _, err = run_cli(
        "conclude", str(notes), "-m", "Odder", "-r", "endline", "--author", "k", "--db", db
    )
    assert code == 0, err
    page = tmp_path / "alle.html"
    book = tmp_path / "alle.xlsx"
    code, out, err = run_cli(
        "compare", "--all", "--html", str(page), "--xlsx", str(book), "--db", db
    )
    assert code == 0, err
    row = re.search(
        r"Håb, ønsker og drømme\s*│\s*([+-]\d+)\s*│\s*([+-]\d+)\s*│\s*([+-]\d+)\s*│\s*([+-]\d+)\s*│\s*([+-]\d+)",
        out,
    )
    assert row is not None, out
    assert row.groups() == (
        "+27",
        "+43",
        "+27",
        "+35",
        "+43",
    )  # Odder, Vejle, lowest, median, highest
    html = page.read_text(encoding="utf-8")
    assert "Ændring pr. kommune og spredning" in html
    cells = re.search(
        r"<tr><td>Håb, ønsker og drømme</td>(.*?)</tr>", html.split("<th>Spredning</th></tr>")[1]
    ).group(1)
    assert re.findall(r"<td class='n'>([^<]*)</td>", cells) == [
        "+27",
        "+43",
        "+27",
        "+35",
        "+43",
        "17",
    ]
    assert "<th>Odder</th><th>Vejle</th>" in html
    assert "Odder: konklusioner" in html and "Fasthold borgerens egne ord." in html
    assert "Vejle: konklusioner" not in html  # none written
    from openpyxl import load_workbook

    sheet = load_workbook(book)["Spredning"]
    assert [c.value for c in sheet[1]] == [
        "Indikator",
        "Odder",
        "Vejle",
        "Laveste",
        "Median",
        "Højeste",
        "Spredning",
    ]
    assert [c.value for c in sheet[2]] == [
        "Håb, ønsker og drømme",
        26.7,
        43.3,
        26.7,
        35.0,
        43.3,
        16.7,
    ]
