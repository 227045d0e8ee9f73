"""The HTML report as a consultant prints it: rendered by headless Chromium to A4 PDF, read back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from casereview.review import ReviewService
from casereview.storage.database import open_store
from tests.test_reports import INDICATORS, _seed

LABELS = [
    "Håb, ønsker og drømme",
    "Ressourcer",
    "Netværk og lokalsamfund",
    "Borgerens egne ord",
    "Opfølgning",
]


def chromium() -> str:
    """Debian's chromium (installed by .ci/run); skipped locally without it, required in CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run must install it for the report test")
    pytest.skip("no chromium: apt-get install chromium")


def print_to_pdf(page: Path, pdf: Path) -> None:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[str]:
    """The report of a seeded round with a reviewer's own evidence, printed; text per page."""
    from pypdf import PdfReader

    from casereview.cli import main

    tmp = tmp_path_factory.mktemp("report")
    db = str(tmp / "r.db")
    _seed(db, tmp)
    store = open_store(db)
    anne = ReviewService(store, "anne", INDICATORS)
    case = anne.cases(1)[0]
    (document,) = anne.documents(case.id)
    anne.add_evidence(document.id, "hwd", 0, 8)  # "Borgeren", her own mark
    store.close()
    page = tmp / "vejle.html"
    main(["compare", "-m", "vejle", "--db", db, "--html", str(page), "--include-text"])
    pdf = tmp / "vejle.pdf"
    print_to_pdf(page, pdf)
    reader = PdfReader(pdf)
    first = reader.pages[0].mediabox
    assert abs(float(first.width) - 595.3) < 2 and abs(float(first.height) - 841.9) < 2  # A4
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def test_first_page_says_where_when_who_and_which_rules(printed):
    from casereview.report_info import MONTHS

    first = printed[0]
    assert first.startswith("Vejle: baseline og endline")
    assert "Kommune Vejle" in first and "Bedømmere anne" in first
    assert any(f". {month} 20" in first for month in MONTHS) and "Dato" in first
    assert "Regelversion casereview" in first and "regelsæt" in first


def test_first_page_has_every_indicator_baseline_against_endline(printed):
    first = printed[0]
    for label in LABELS:
        assert label.split()[0] in first
    # hwd: baseline 2 of 5 judged Ja, endline 5 of 6: +43 points.
    assert "40 % (2 af 5)" in first and "83 % (5 af 6)" in first and "+43 procentpoint" in first
    assert "op til 20 procentpoint" in first  # the smallest judged count is 5, not 10
    assert "Indikatorerne" not in first  # the first page stands alone when printed


def test_definitions_and_one_page_per_indicator(printed):
    definitions = next(p for p in printed if p.startswith("Indikatorerne"))
    assert "Princip 1" in definitions and "Borgerens egne håb" in definitions
    starts = [p for p in printed if any(p.startswith(label) for label in LABELS)]
    assert len(starts) >= len(LABELS)  # every indicator begins a new page


def test_deciding_excerpts_include_the_reviewers_own_evidence(printed):
    hope = next(p for p in printed if p.startswith("Håb, ønsker og drømme"))
    assert "Afgørende tekststeder" in hope
    assert "markeret af anne" in hope and "automatisk forslag" in hope
    assert "Borgeren ønsker at få en hund" in hope
