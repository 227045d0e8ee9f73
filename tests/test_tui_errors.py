"""A database that fails under the TUI: a Danish message, the app stays open, nothing half-done.

The review database loses its judgement table while a case is open (as when
a shared database is restored or migrated under a running session). Judging
then fails inside a worker; the reviewer must see a Danish message and keep
working, not lose the app.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_tui import db, make_app, open_first_case, seeded_db, settle  # noqa: F401

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def _notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_database_failure_in_a_worker_is_shown_and_the_app_lives(db):  # noqa: F811
    app, store = make_app(db)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await open_first_case(app, pilot)
            screen = app.screen
            assert screen.__class__.__name__ == "CaseScreen"
            with sqlite3.connect(db) as connection:
                connection.execute("DROP TABLE judgement")
            await pilot.press("1")
            await settle(app, pilot)
            messages = _notifications(app)
            assert any(m.startswith("Fejl: databasefejl:") and "ikke gemt" in m for m in messages)
            assert app.is_running and app.screen is screen
            assert screen.case.mine["hwd"] is None  # not shown as done: it was never saved
            await pilot.press("escape")  # the case list reloads: fails again, still alive
            await settle(app, pilot)
            assert app.is_running
            assert app.screen.__class__.__name__ == "CaseList"
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.is_running
    finally:
        store.close()
