"""Make the TUI screenshots in docs/ from the fictitious documents in examples/.

    python docs/screenshots.py

Builds a throwaway database, imports examples/ as one case, scores it, and
saves SVG screenshots of the case list and the case screen at 100x30. Then
builds the demo (Demokommune, both rounds judged), writes its HTML report
and saves the report's first page as Chromium shows it at A4 width
(docs/report.png; needs Debian's chromium).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
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


def report_png(docs: Path) -> None:
    """The first page of the demo's HTML report, rendered by headless Chromium."""
    from casereview.cli import main as cli

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db, page = str(tmp / "demo.db"), tmp / "rapport.html"
        cli(["demo", "--no-tui", "--db", db])
        cli(["compare", "-m", "Demokommune", "--db", db, "--html", str(page)])
        subprocess.run(
            [
                shutil.which("chromium") or "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=794,1123",  # A4 at 96 dpi
                f"--screenshot={docs / 'report.png'}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


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
    report_png(ROOT / "docs")


if __name__ == "__main__":
    main()
