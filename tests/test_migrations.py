"""Schema revisions: old databases upgrade and keep every row; newer ones are refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from casereview.storage.database import (
    DatabaseError,
    create_db_engine,
    current_revision,
    head_revision,
    migrate,
    open_store,
)
from casereview.storage.models import Case, Document, Finding, Municipality, Round
from casereview.storage.repository import set_judgement

FIRST = "0001_cases"


def _fill_first_revision(url: str) -> None:
    """A database as the first release made it, with rows in every table it had."""
    engine = create_db_engine(url)
    migrate(engine, FIRST)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO municipality (id, name) VALUES (1, 'Gammelby')"))
        c.execute(
            sa.text(
                "INSERT INTO review_round (id, municipality_id, kind, label, created_at) "
                "VALUES (1, 1, 'baseline', '', CURRENT_TIMESTAMP)"
            )
        )
        c.execute(
            sa.text(
                "INSERT INTO citizen_case (id, round_id, ref, position) VALUES (1, 1, 'sag-1', 1)"
            )
        )
        c.execute(
            sa.text(
                "INSERT INTO document (id, case_id, kind, source_name, source_sha256, text, text_sha256, "
                "masked, imported_at, flags) VALUES (1, 1, 'handleplan', 'hp.txt', 'abc', "
                "'Hun ønsker en hund.', 'def', '{}', CURRENT_TIMESTAMP, '{\"hwd\": true}')"
            )
        )
        c.execute(
            sa.text(
                'INSERT INTO finding (id, document_id, indicator, start, "end", text, counts, negated, '
                "experiencer, temporality, rule, cues, source, reason, ruleset_hash, engine_version) "
                "VALUES (1, 1, 'hwd', 4, 10, 'ønsker', true, false, 'citizen', 'current', 'r', '[]', "
                "'term', 'counts', 'h', 'v')"
            )
        )
    assert current_revision(engine) == FIRST
    engine.dispose()


def _assert_rows_survived(store) -> None:
    with store.session() as session:
        assert session.exec(select(Municipality.name)).all() == ["Gammelby"]
        assert [r.kind for r in session.exec(select(Round)).all()] == ["baseline"]
        assert [c.ref for c in session.exec(select(Case)).all()] == ["sag-1"]
        (document,) = session.exec(select(Document)).all()
        assert document.text == "Hun ønsker en hund." and document.flags == {"hwd": True}
        assert [f.text for f in session.exec(select(Finding)).all()] == ["ønsker"]
        set_judgement(session, 1, "hwd", "anne", "ja")  # the new revision's tables work


def test_sqlite_upgrade_keeps_rows_and_writes_a_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'gammel.db'}"
    _fill_first_revision(url)
    store = open_store(url)
    assert current_revision(store.engine) == head_revision()
    assert store.backup is not None and store.backup.exists()
    assert store.backup.stat().st_mode & 0o077 == 0
    _assert_rows_survived(store)
    store.close()


def test_postgres_waits_for_explicit_upgrade(pg_url, run_cli):
    _fill_first_revision(pg_url)
    with pytest.raises(DatabaseError, match="casereview db upgrade"):
        open_store(pg_url)
    code, out, err = run_cli("db", "upgrade", "--db", pg_url)
    assert code == 0, err
    store = open_store(pg_url)
    _assert_rows_survived(store)
    store.close()


def test_newer_database_is_refused(db_url, run_cli):
    open_store(db_url).close()
    engine = create_db_engine(db_url)
    with engine.begin() as c:
        c.execute(sa.text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="nyere version af casereview"):
        open_store(db_url)
    code, _, err = run_cli("status", "--db", db_url)
    assert code == 2 and "nyere version" in err and "Traceback" not in err


def test_foreign_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'fremmed.db'}"
    engine = create_db_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("CREATE TABLE noget (id integer)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="ikke en casereview-database"):
        open_store(url)


def test_unreachable_server_is_a_danish_error(run_cli):
    code, _, err = run_cli("status", "--db", "postgresql+psycopg://x@127.0.0.1:1/none")
    assert code == 2 and "kan ikke åbnes" in err and "Traceback" not in err


def test_head_constant_matches_alembic():
    from casereview.storage.database import HEAD_REVISION

    assert HEAD_REVISION == head_revision()
