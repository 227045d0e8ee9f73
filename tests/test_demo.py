"""The demo: fictitious texts that pass masking unchanged, a database built once, a comparison, a TUI."""

from __future__ import annotations

import re
import shutil

import pytest

from casereview.demo.texts import NAMES, demo_documents
from casereview.ingest.masking import mask

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def test_demo_texts_are_fictitious_and_pass_masking_unchanged():
    documents = demo_documents("baseline") + demo_documents("endline")
    cases = {(kind, d.case) for kind in ("baseline", "endline") for d in demo_documents(kind)}
    assert len(cases) == 20
    for document in documents:
        assert mask(document.text).text == document.text
        assert "(fiktiv)" in document.text
        assert not re.search(r"\d{6}[-\s]?\d{4}|\d{8}|@", document.text)
    # Only invented first names, never a surname after them.
    for name in NAMES:
        for document in documents:
            assert not re.search(rf"\b{name} [A-ZÆØÅ][a-zæøå]+sen\b", document.text)


def test_demo_round_counts_and_progress(tmp_path, run_cli):
    db = str(tmp_path / "demo.db")
    code, out, err = run_cli("demo", "--no-tui", "--db", db)
    assert code == 0, err
    assert "Bygger demoen" in out and "Demokommune: baseline og endline" in out
    share = re.findall(r"Håb\s*│\s*Baseline.*?(\d+) %.*?Endline.*?(\d+) %", out, re.S)
    before, after = map(int, share[0])
    assert after > before  # the endline shows the course's progress
    code, out, _ = run_cli("demo", "--no-tui", "--db", db)
    assert code == 0 and "Bygger demoen" not in out  # reused


async def test_demo_opens_the_review_on_baseline(tmp_path, run_cli):
    from textual.widgets import DataTable

    from casereview.cli.store import open_db
    from casereview.demo.build import DEMO_REVIEWER
    from casereview.tui.app import build_app

    db = str(tmp_path / "demo.db")
    assert run_cli("demo", "--no-tui", "--db", db)[0] == 0
    store = open_db(db)
    app = build_app(store, "Ny", 1)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert app.screen.query_one(DataTable).row_count == 10
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        panel = str(app.screen.query_one("#indicators").render())
        assert DEMO_REVIEWER not in panel  # blind: the consultant's answer shows after one's own
        await pilot.press("1")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert DEMO_REVIEWER in str(app.screen.query_one("#indicators").render())
    store.close()


def test_rules_test_shows_newly_right_and_wrong(tmp_path, run_cli):
    from casereview.paths import default_lexicons_dir

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "text": "Hun higer efter at komme i job.", "labels": {"hwd": true, "resources": false}}\n'
        '{"id": "b", "text": "Han håber at flytte.", "labels": {"hwd": true, "resources": false}}\n',
        encoding="utf-8",
    )
    lexicons = tmp_path / "lexicons"
    shutil.copytree(default_lexicons_dir(), lexicons)
    path = lexicons / "hwd.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '["håber", "håber *0..2 på"]', '["higer *0..2 efter"]'
        ),
        encoding="utf-8",
    )
    code, out, err = run_cli("rules", "test", str(gold), "--lexicons", str(lexicons))
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("│ hwd"))
    assert "│ a " in row.replace("  ", " ") or " a " in row
    assert " b " in row  # 'håber' no longer matches: newly wrong
    assert "gør mindst ét dokument forkert" in out
    code, _, err = run_cli("rules", "test", str(gold))
    assert code == 2 and "--lexicons" in err
