"""TUI speed: first screen, case switching, a 50,000-word document.

    python benchmarks/bench_tui.py

Prints, from one run against a throwaway SQLite database:

* seconds from process start to the case list on screen (target < 1 s);
* milliseconds to switch to the next case, text and findings shown (target < 100 ms);
* for a 50,000-word document: layout, rendering a 30-line page, and 50 page-downs.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = r"""
import asyncio, sys, time
start = float(sys.argv[2])
from casereview.storage.database import open_store
from casereview.tui.app import build_app
from casereview.tui.screens.case_list import CaseList

async def main():
    store = open_store(sys.argv[1])
    app = build_app(store, "bench", 1)
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, CaseList) and app.screen.cases):
            await asyncio.sleep(0.005)
        print(time.time() - start, flush=True)
asyncio.run(main())
"""


def build_db(folder: Path, cases: int = 10) -> Path:
    import random

    from corpus import document

    from casereview.ingest.importer import import_round
    from casereview.scoring import score_rounds
    from casereview.storage.database import open_store

    rng = random.Random(3)
    rows = folder / "cases.jsonl"
    with rows.open("w", encoding="utf-8") as handle:
        for i in range(cases * 3):
            handle.write(
                json.dumps(
                    {"case": f"sag-{i // 3:02d}", "kind": "handleplan", "text": document(rng)},
                    ensure_ascii=False,
                )
                + "\n"
            )
    db = folder / "tui.db"
    store = open_store(str(db))
    import_round(store, rows, "Benchkommune", "baseline")
    score_rounds(store, [1])
    store.close()
    return db


def first_screen(db: Path) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), repr(start)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


async def switching(db: Path) -> list[float]:
    from casereview.storage.database import open_store
    from casereview.tui.app import build_app

    store = open_store(str(db))
    app = build_app(store, "bench", 1)
    times = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(9):
            screen = app.screen
            start = time.perf_counter()
            screen.action_case(1)  # what the key "n" runs
            while (
                screen.shown_at < start
            ):  # until the next case's text and findings are on the view
                await asyncio.sleep(0.001)
            times.append(screen.shown_at - start)
            await pilot.pause()
    store.close()
    return times


async def large_document() -> tuple[float, float, float]:
    from textual.app import App, ComposeResult

    from casereview.engine.findings import Finding  # noqa: F401  (no engine run: highlights are given)
    from casereview.tui.widgets.document_view import DocumentView

    paragraph = (
        "Borgeren ønsker at få sin egen lejlighed og er god til at lave mad, men har svært ved at "
        "overskue post og regninger. "
    )
    text = "\n".join(paragraph * 4 for _ in range(50_000 // 70))
    highlights = []
    from rich.style import Style

    pos = 0
    while (pos := text.find("ønsker", pos + 1)) >= 0:
        highlights.append((pos, pos + 6, Style(bgcolor="green")))

    class Viewer(App):
        def compose(self) -> ComposeResult:
            yield DocumentView(id="v")

    app = Viewer()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        start = time.perf_counter()
        view.set_document(text, highlights)
        await pilot.pause()
        layout = time.perf_counter() - start
        start = time.perf_counter()
        for y in range(30):
            view.render_line(y)
        page = time.perf_counter() - start
        view.focus()
        await pilot.pause()
        start = time.perf_counter()
        for _ in range(
            50
        ):  # the widget's own work per page-down: move, then draw every visible line
            view.action_cursor_page(1)
            for y in range(view.size.height):
                view.render_line(y)
        scroll = (time.perf_counter() - start) / 50
        start = time.perf_counter()
        for _ in range(5):
            await pilot.press("x")  # an unbound key: the test pilot's own overhead, for comparison
        pilot_key = (time.perf_counter() - start) / 5
        words = len(text.split())
    print(
        f"  50,000-word document ({words:,} words, {len(highlights):,} highlights): layout {layout * 1000:.0f} ms, "
        f"a 30-line page {page * 1000:.1f} ms, page-down with redraw {scroll * 1000:.1f} ms "
        f"(target < 16 ms, one frame; ratio {scroll * 1000 / 16:.2f}); a pilot key press alone {pilot_key * 1000:.0f} ms"
    )
    return layout, page, scroll


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = build_db(Path(folder))
        seconds = min(first_screen(db) for _ in range(3))
        print(
            f"  first screen after process start: {seconds:.2f} s   (target < 1 s; ratio {seconds / 1.0:.2f})"
        )
        times = asyncio.run(switching(db))
        median = statistics.median(times) * 1000
        print(
            f"  next case, text and findings shown: median {median:.0f} ms, max {max(times) * 1000:.0f} ms   "
            f"(target < 100 ms; ratio {median / 100:.2f})"
        )
    asyncio.run(large_document())


if __name__ == "__main__":
    main()
