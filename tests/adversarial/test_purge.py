"""Purge means gone: text, notes, audit events and backups, on SQLite and PostgreSQL, verified."""

from __future__ import annotations

import sqlite3

import pytest

from casereview.storage.database import open_store

SECRET_TEXT = "Borgeren Jens fortæller om sin hemmelige drøm om at sejle jorden rundt alene."
SECRET_NOTE = "Noten nævner jordomsejlingen og morens sygdom udførligt her"


def _import(tmp_path, run_cli, db: str, municipality: str = "Vejle") -> None:
    folder = tmp_path / f"runde-{municipality}"
    for index in range(2):
        case = folder / f"sag-{index}"
        case.mkdir(parents=True)
        (case / "plan.txt").write_text(f"{SECRET_TEXT} {municipality}\n", encoding="utf-8")
    code, _, err = run_cli("import", str(folder), "-m", municipality, "-r", "baseline", "--db", db)
    assert code == 0, err


def _note(db: str, municipality: str) -> None:
    from casereview.review import ReviewService

    store = open_store(db)
    service = ReviewService(store, "Anne", ["hwd"])
    round_id = next(r.id for r in service.rounds() if r.municipality == municipality)
    for case in service.cases(round_id):
        service.judge(case.id, "hwd", "ja", f"{SECRET_NOTE} 010190-1234")
        service.judge(case.id, "hwd", "nej", SECRET_NOTE + " igen")
    store.close()


@pytest.mark.parametrize("keep_scores", [False, True])
def test_sqlite_purge_leaves_no_text_note_or_audit_trace(tmp_path, run_cli, keep_scores):
    db = tmp_path / "sager.db"
    _import(tmp_path, run_cli, str(db))
    _import(tmp_path, run_cli, str(db), "Odder")
    _note(str(db), "Vejle")
    backup = tmp_path / "sager.db.backup-0001-20240101-000000"
    backup.write_bytes(db.read_bytes() + SECRET_TEXT.encode())
    args = ["purge", "-m", "Vejle", "--yes", "--db", str(db)]
    code, out, err = run_cli(*args + (["--keep-scores"] if keep_scores else []))
    assert code == 0, err
    assert "fundet: 0" in out and backup.name in out and not backup.exists()
    wal = tmp_path / "sager.db-wal"
    data = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert f"{SECRET_TEXT} Vejle".encode() not in data
    assert SECRET_NOTE.encode() not in data and b"jordomsejlingen" not in data
    assert f"{SECRET_TEXT} Odder".encode() in data  # the other municipality is untouched
    with sqlite3.connect(db) as connection:
        notes = connection.execute("SELECT before, after FROM audit_event").fetchall()
    assert not any("jordomsejlingen" in str(row) for row in notes)


def test_sqlite_purge_with_a_reader_open_refuses_to_call_it_clean(tmp_path, run_cli, monkeypatch):
    db = tmp_path / "sager.db"
    _import(tmp_path, run_cli, str(db))
    reader = sqlite3.connect(db)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM document").fetchone()  # holds a read snapshot
    import casereview.storage.retention as retention

    original = retention.purge
    monkeypatch.setattr(
        retention, "purge", lambda *a, **k: original(*a, **{**k, "wait_seconds": 0.5})
    )
    try:
        code, out, err = run_cli("purge", "-m", "Vejle", "--yes", "--db", str(db))
    finally:
        reader.rollback()
        reader.close()
    assert code != 0 and "anden proces" in err and "komprimeret" not in out
    code, out, err = run_cli("purge", "-m", "Vejle", "--yes", "--db", str(db))
    assert code == 0 and "fundet: 0" in out, err
    assert SECRET_TEXT.encode() not in db.read_bytes()


def test_postgresql_purge_vacuums_text_notes_and_audit(tmp_path, run_cli, pg_url):
    _import(tmp_path, run_cli, pg_url)
    _note(pg_url, "Vejle")
    code, out, err = run_cli("purge", "-m", "Vejle", "--yes", "--db", pg_url)
    assert code == 0, err
    assert "PostgreSQL" in out and "fundet: 0" in out
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT t::text FROM audit_event t")).all()
    engine.dispose()
    assert not any("jordomsejlingen" in r[0] for r in rows)
