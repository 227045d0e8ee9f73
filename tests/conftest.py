"""Shared fixtures: one engine for the session (building it takes about a second)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engine():
    from casereview.engine import Engine

    return Engine()


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process through its real entry point; return (exit code, stdout, stderr)."""
    from casereview.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def python() -> str:
    return sys.executable


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'sager.db'}"


@pytest.fixture
def pg_url() -> str:
    """A clean PostgreSQL database; skipped locally without a server, required in CI."""
    import os

    url = os.environ.get("CASEREVIEW_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                "CASEREVIEW_TEST_PG is not set: .ci/run must start PostgreSQL for the storage tests"
            )
        pytest.skip('no PostgreSQL server: set CASEREVIEW_TEST_PG (eval "$(bash .ci/postgres.sh)")')
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sager.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def case_folder(tmp_path) -> Path:
    """A round of three cases in the formats case systems print, with identifiers to mask."""
    from tests.files import make_docx, make_pdf

    root = tmp_path / "runde"
    for name in ("sag-01", "sag-02", "sag-03"):
        (root / name).mkdir(parents=True)
    (root / "sag-01" / "handleplan.txt").write_bytes(
        "Borger: Anne, CPR 010190-1234, tlf. 22 33 44 55\nBorgerens ønsker og mål:\nAt få sin egen lejlighed.\n"
        "Ressourcer: Anne er god til at strikke.\n".encode("cp1252")
    )
    make_docx(
        root / "sag-02" / "udredning.docx",
        ["UDREDNING", 'Bo siger: "Jeg vil gerne arbejde med dyr." Mail: bo@eksempel.dk'],
        table=[["Ressourcer", "Kan selv handle ind"], ["Netværk", "God kontakt til sin bror"]],
    )
    make_pdf(
        root / "sag-03" / "statusnotat.pdf",
        ["Statusnotat", "Carina drømmer om at få en hund.", "CPR 2412851234 er registreret."],
    )
    return root


ROUND_PLANS = {
    "sag-01": "HANDLEPLAN\nBorgerens ønsker og mål:\nMikkel ønsker at få et fritidsjob.\n"
    "Ressourcer:\nMikkel er god til at reparere cykler.\nOpfølgning:\nEvalueres i september.\n",
    "sag-02": "UDREDNING\nBORGERENS ØNSKER\nUdfyldes senere.\nRESSOURCER\nHun kan selv handle ind.\n",
    "sag-03": "Statusnotat\nHan drømmer om at få en hund. Han har god kontakt til sin søster.\n",
    "sag-04": "Statusnotat\nSamtale om bolig. Kommunen ønsker en vurdering.\n",
}


@pytest.fixture(scope="session")
def scored_round(tmp_path_factory) -> Path:
    """A scored baseline round of four cases in a SQLite file, built once; copy it before use."""
    from casereview.ingest.importer import import_round
    from casereview.scoring import score_rounds
    from casereview.storage.database import open_store

    root = tmp_path_factory.mktemp("round")
    folder = root / "runde"
    for case, text in ROUND_PLANS.items():
        (folder / case).mkdir(parents=True)
        (folder / case / "notat.txt").write_text(text, encoding="utf-8")
    db = root / "round.db"
    store = open_store(str(db))
    import_round(store, folder, "Testkommune", "baseline")
    score_rounds(store, [1])
    store.close()
    return db
