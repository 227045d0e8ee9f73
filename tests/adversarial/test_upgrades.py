"""Corrupt version tables and concurrent first opens of an old SQLite file are handled."""

from __future__ import annotations

import multiprocessing

import pytest
import sqlalchemy as sa

from casereview.storage.database import (
    DatabaseError,
    backup_sqlite,
    create_db_engine,
    migrate,
    open_store,
)


def test_two_version_rows_are_a_danish_error(tmp_path, run_cli):
    url = f"sqlite:///{tmp_path / 's.db'}"
    open_store(url).close()
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('0001_cases')"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="alembic_version"):
        open_store(url)
    code, _, err = run_cli("status", "--db", url)
    assert code != 0 and "2 rækker" in err and "Traceback" not in err


def test_backups_in_the_same_second_get_their_own_names(tmp_path):
    path = tmp_path / "gammel.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine, "0001_cases")
    engine.dispose()
    names = {backup_sqlite(path, "0001_cases").name for _ in range(3)}
    assert len(names) == 3


def _open(url: str) -> str:
    try:
        open_store(url).close()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - the test reports what happened
        return f"{exc.__class__.__name__}: {exc}"


def test_two_processes_opening_an_old_file_at_once(tmp_path):
    path = tmp_path / "gammel.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine, "0001_cases")
    engine.dispose()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_open, [f"sqlite:///{path}"] * 2)
    assert results == ["ok", "ok"]


def test_postgres_two_imports_create_one_municipality(pg_url):
    """B's select misses A's uncommitted row; B's insert waits, fails, and finds A's row."""
    import threading

    from sqlmodel import Session, select

    from casereview.storage.models import Municipality
    from casereview.storage.repository import get_or_create_municipality

    store = open_store(pg_url)
    created = threading.Event()
    ids: dict[str, int] = {}
    errors: list[BaseException] = []

    def first() -> None:
        with Session(store.engine) as session:
            ids["a"] = get_or_create_municipality(session, "Samtidig").id
            created.set()
            threading.Event().wait(0.5)
            session.commit()

    def second() -> None:
        created.wait(5)
        try:
            with Session(store.engine) as session:
                ids["b"] = get_or_create_municipality(session, "Samtidig").id
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == [] and ids["a"] == ids["b"]
    with Session(store.engine) as session:
        assert len(session.exec(select(Municipality)).all()) == 1
    store.close()
