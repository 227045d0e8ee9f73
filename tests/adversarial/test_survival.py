"""No identifier survives an import: not in the stored text, the database bytes, the WAL or any export.

Every form of tests/adversarial/test_masking_forms.py goes in through a real
.txt, .docx and .pdf file in a case folder whose name and file names hold a
CPR number; a reviewer's note with a CPR is saved. Then the database file,
its WAL and every export (jsonl with text, spans, CSV, XLSX, HTML) are
scanned for the identifiers' digits.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from casereview.storage.database import open_store
from tests.adversarial.test_masking_forms import CPR_FORMS, EMAIL_FORMS, PHONE_FORMS
from tests.files import make_docx, make_pdf

# A serial on its own: not inside a longer run of hex digits, where hashes and
# timestamps hold "1234" by chance (a CPR written whole is caught by its date).
SERIALS = re.compile(
    rb"(?<![0-9a-fA-F])(?:1234|730[678]|7406|731[4-8]|732[2-5]|1111)(?![0-9a-fA-F])"
)
SECRETS = ["010190", "lise hansen", "anne.b-hansen", "per@localhost", "22334455", "71-82-93"]


def _needles(data: bytes) -> list[str]:
    """Identifier fragments found in ``data`` (as UTF-8 text, and raw for the serials)."""
    text = data.decode("utf-8", "replace").lower()
    found = [s for s in SECRETS if s in text]
    found += [m.group().decode() for m in SERIALS.finditer(data)]
    return found


@pytest.fixture
def imported(tmp_path, run_cli):
    folder = tmp_path / "runde"
    case = folder / "Jens Hansen 010190-1234"
    case.mkdir(parents=True)
    body = ["Borgeren ønsker at male."] + [
        f"Oplysning {i}: {form} er noteret." for i, form in enumerate(CPR_FORMS)
    ]
    (case / "handleplan 010190-1234.txt").write_text("\n".join(body), encoding="utf-8")
    make_docx(
        case / "udredning.docx",
        [f"Kontakt: {form} i dagtimerne." for form in PHONE_FORMS],
        table=[["CPR", "060572"], ["7406", "Skriv til lise (at) kommune.dk"]],
    )
    make_pdf(
        case / "statusnotat.pdf",
        [f"Mail: {form} svarer." for form in EMAIL_FORMS if form.isascii()] + ["010190-1234"],
    )
    db = tmp_path / "sager.db"
    code, _, err = run_cli("import", str(folder), "-m", "Vejle", "-r", "baseline", "--db", str(db))
    assert code == 0, err
    from casereview.review import ReviewService

    store = open_store(f"sqlite:///{db}")
    service = ReviewService(store, "Anne", ["hwd"])
    case_id = service.cases(service.rounds()[0].id)[0].id
    service.judge(case_id, "hwd", "ja", "Ring til borgeren på 22 33 44 55, cpr 010190-1234")
    store.close()
    return tmp_path, db


def test_database_and_wal_hold_no_identifier(imported):
    _, db = imported
    for path in [db, Path(f"{db}-wal")]:
        if path.exists():
            assert _needles(path.read_bytes()) == [], path


def test_exports_hold_no_identifier(imported, run_cli):
    tmp_path, db = imported
    outputs = {
        "text.jsonl": ["export", "--include-text"],
        "spans.jsonl": ["export", "--include-text", "--spans"],
        "cases.csv": ["export", "-f", "csv"],
        "cases.xlsx": ["export", "-f", "xlsx"],
        "report.html": ["compare", "-m", "Vejle", "--include-text", "--html"],
    }
    for name, args in outputs.items():
        target = tmp_path / name
        if name == "report.html":
            code, _, err = run_cli(*args, str(target), "--db", str(db))
        else:
            code, _, err = run_cli(*args, "-o", str(target), "--db", str(db))
        assert code == 0, (name, err)
        data = target.read_bytes()
        if name.endswith(".html"):  # chart paths are digits too: scan the text, not the SVG
            data = re.sub(rb"<svg.*?</svg>", b"", data, flags=re.S)
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(target) as book:
                data = b"".join(book.read(n) for n in book.namelist())
        assert _needles(data) == [], name
    text = (tmp_path / "text.jsonl").read_text(encoding="utf-8")
    assert "Borgeren ønsker at male" in text and "[CPR]" in text and "sag-" in text
