"""Building (or reusing) the demo database: import, score, and a fictitious first reviewer.

The demo goes through the same import path as real cases (files on disk,
masking, one transaction) and the same bulk scoring. A fictitious consultant
has judged both rounds, so the comparison has numbers from the start and a
new reviewer sees blind double coding at work.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from casereview.demo.texts import MUNICIPALITY, demo_documents
from casereview.storage.database import Store
from casereview.storage.queries import municipality_named, row_id

DEMO_REVIEWER = "Demo-konsulent"


def demo_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("casereview", appauthor=False)) / "demo.db"


def has_demo(store: Store) -> bool:
    with store.session() as session:
        return municipality_named(session, MUNICIPALITY) is not None


def build_demo(store: Store, indicators: list[str]) -> dict[str, int]:
    """Import and score both demo rounds and add the demo consultant's judgements; return round ids."""
    from casereview.ingest.importer import import_round
    from casereview.review import ReviewService
    from casereview.scoring import score_rounds
    from casereview.storage.repository import find_rounds

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for kind in ("baseline", "endline"):
            for document in demo_documents(kind):
                path = root / kind / document.case / document.name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(document.text, encoding="utf-8")
            import_round(store, root / kind, MUNICIPALITY, kind)
    with store.session() as session:
        rounds = {r.kind: row_id(r.id) for _, r in find_rounds(session, MUNICIPALITY, None)}
    score_rounds(store, list(rounds.values()))
    consultant = ReviewService(store, DEMO_REVIEWER, indicators)
    for round_id in rounds.values():
        for n, case in enumerate(consultant.cases(round_id)):
            if n == 9:
                continue  # one case per round still waits for review
            for indicator in ("hwd", "resources"):
                found = case.suggestions.get(indicator)
                value = "ja" if found else "nej"
                if found and n % 4 == 3:
                    value = "delvist"  # the consultant is stricter than the engine here and there
                consultant.judge(case.id, indicator, value)
    return rounds
