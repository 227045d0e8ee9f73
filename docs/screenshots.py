"""Make the TUI screenshots in docs/ from the fictitious documents in examples/.

    python docs/screenshots.py

Builds a throwaway database, imports examples/ as one case, scores it, and
saves SVG screenshots of the case list and the case screen at 100x30.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from casereview.ingest.importer import import_round
from casereview.scoring import score_rounds
from casereview.storage.database import open_store
from casereview.tui.app import build_app

ROOT = Path(__file__).resolve().parent.parent


async def shoot(app, docs: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        app.save_screenshot(str(docs / "case-list.svg"))
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("1", "f")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        app.save_screenshot(str(docs / "case-screen.svg"))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        case = tmp / "runde" / "sag-01 (fiktiv)"
        case.mkdir(parents=True)
        for file in sorted((ROOT / "examples").glob("*.txt")):
            shutil.copy(file, case / file.name)
        store = open_store(str(tmp / "demo.db"))
        import_round(store, tmp / "runde", "Eksempelkommune", "baseline")
        score_rounds(store, [1])
        asyncio.run(shoot(build_app(store, "Trine", 1), ROOT / "docs"))
        store.close()


if __name__ == "__main__":
    main()
