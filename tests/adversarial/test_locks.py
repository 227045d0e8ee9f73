"""A busy database is a Danish message, in the CLI and in the TUI, never a crash; imports commit per case."""

from __future__ import annotations

import sqlite3

import pytest

from casereview.storage.database import open_store
from tests.test_tui import SIZE, make_app, open_first_case, seeded_db, settle  # noqa: F401

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def db(seeded_db, tmp_path) -> str:  # noqa: F811
    import shutil

    target = tmp_path / "review.db"
    shutil.copy(seeded_db, target)
    return str(target)


@pytest.fixture
def locked(db, monkeypatch):
    """Another process holding the write lock, and a short busy timeout."""
    monkeypatch.setenv("CASEREVIEW_BUSY_TIMEOUT", "0.3")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.rollback()
    holder.close()


async def test_tui_stays_alive_when_the_database_is_busy(db, monkeypatch):
    monkeypatch.setenv("CASEREVIEW_BUSY_TIMEOUT", "0.3")
    app, store = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(app, pilot)
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("1")
            for _ in range(5):
                await pilot.pause(0.2)  # the failed worker's error is handled by the app
            assert app.is_running and app.return_code in (None, 0)
            notices = [n.message for n in app._notifications]
            assert any("optaget af en anden proces" in m for m in notices), notices
        finally:
            holder.rollback()
            holder.close()
        await pilot.press("1")  # the retry works once the other process is done
        for _ in range(5):
            await pilot.pause(0.1)
    store.close()
    check = open_store(db)
    from sqlmodel import select

    from casereview.storage.review_models import Judgement

    with check.session() as session:
        assert [j.value for j in session.exec(select(Judgement))] == ["ja"]
    check.close()


def test_cli_gives_a_danish_message_not_a_traceback(db, locked, run_cli, tmp_path):
    case = tmp_path / "runde" / "sag-9"
    case.mkdir(parents=True)
    (case / "plan.txt").write_text("Hun vil gerne male.", encoding="utf-8")
    for args in (
        ["import", str(tmp_path / "runde"), "-m", "Testkommune", "-r", "baseline"],
        ["export", "-o", str(tmp_path / "ud.jsonl")],
    ):
        code, _, err = run_cli(*args, "--db", db)
        assert code != 0, err
        assert "optaget af en anden proces" in err and "Traceback" not in err
        assert "locked" not in err


def test_import_commits_per_case(tmp_path, run_cli, monkeypatch):
    """Between two cases another connection gets the lock: the import never holds it throughout."""
    from casereview.ingest import importer

    folder = tmp_path / "runde"
    for index in range(3):
        (folder / f"sag-{index}").mkdir(parents=True)
        (folder / f"sag-{index}" / "plan.txt").write_text(f"Tekst {index}.", encoding="utf-8")
    db = tmp_path / "s.db"
    store = open_store(str(db))
    seen: list[int] = []
    original = importer._write_case

    def spy(session, round_id, reference, *rest):
        other = sqlite3.connect(db, timeout=0.2)
        seen.append(other.execute("SELECT count(*) FROM citizen_case").fetchone()[0])
        other.close()
        return original(session, round_id, reference, *rest)

    monkeypatch.setattr(importer, "_write_case", spy)
    importer.import_round(store, folder, "K", "baseline")
    store.close()
    assert seen == [0, 1, 2]  # each case visible to others as soon as it is written


def test_bad_file_still_writes_nothing(tmp_path):
    from casereview.errors import InputFileError
    from casereview.ingest.importer import import_round

    folder = tmp_path / "runde"
    for index in range(3):
        (folder / f"sag-{index}").mkdir(parents=True)
        (folder / f"sag-{index}" / "plan.txt").write_text(f"Tekst {index}.", encoding="utf-8")
    (folder / "sag-2" / "tom.txt").write_bytes(b"")
    store = open_store(str(tmp_path / "s.db"))
    with pytest.raises(InputFileError, match="tom"):
        import_round(store, folder, "K", "baseline")
    from sqlmodel import select

    from casereview.storage.models import Case, Municipality

    with store.session() as session:
        assert list(session.exec(select(Case))) == []
        assert list(session.exec(select(Municipality))) == []
    store.close()
