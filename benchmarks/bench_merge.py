"""Merging a reviewer's file into the team's database, in process, on SQLite.

    python benchmarks/bench_merge.py [--cases 10 100 1000]

For each size: a review file with that many cases (one document each, five
judgements, one evidence span) is merged into an empty database, then merged
again. Prints the seconds of the first merge, cases per second, and the
second merge's time as a ratio of the first (the idempotent merge reads
everything and writes nothing, so the ratio shows what the writing costs).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from casereview.merge import merge_stores  # noqa: E402
from casereview.storage.database import open_store  # noqa: E402

INDICATORS = ("hwd", "resources", "network", "own_words", "follow_up")


def review_file(path: Path, cases: int) -> None:
    open_store(str(path)).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO municipality (id, name) VALUES (1, 'Benchby')")
        con.execute(
            "INSERT INTO review_round (id, municipality_id, kind, label, created_at) "
            "VALUES (1, 1, 'baseline', '', CURRENT_TIMESTAMP)"
        )
        for i in range(1, cases + 1):
            con.execute(
                "INSERT INTO citizen_case (id, round_id, ref, position) VALUES (?, 1, ?, ?)",
                (i, f"sag-{i:05d}", i),
            )
            con.execute(
                "INSERT INTO document (id, case_id, kind, source_name, source_sha256, text_sha256, "
                "masked, imported_at, flags) VALUES (?, ?, 'handleplan', 'hp.txt', ?, ?, '{}', "
                "CURRENT_TIMESTAMP, '{}')",
                (i, i, f"s{i}", f"t{i}"),
            )
            con.executemany(
                "INSERT INTO judgement (case_id, indicator, reviewer, value, note, updated_at) "
                "VALUES (?, ?, 'bo', 'ja', '', CURRENT_TIMESTAMP)",
                [(i, ind) for ind in INDICATORS],
            )
            con.execute(
                'INSERT INTO evidence_span (document_id, reviewer, indicator, start, "end", note, '
                "created_at) VALUES (?, 'bo', 'hwd', 0, 5, '', CURRENT_TIMESTAMP)",
                (i,),
            )
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    print(f"{'cases':>6} {'first merge s':>14} {'cases/s':>8} {'again / first':>14}")
    for cases in args.cases:
        with tempfile.TemporaryDirectory() as tmp:
            source_path, target_path = Path(tmp) / "bo.db", Path(tmp) / "team.db"
            review_file(source_path, cases)
            source, target = open_store(str(source_path)), open_store(str(target_path))
            start = time.perf_counter()
            merge_stores(source, target)
            first = time.perf_counter() - start
            start = time.perf_counter()
            report = merge_stores(source, target)
            again = time.perf_counter() - start
            assert not report.changed
            source.close()
            target.close()
        print(f"{cases:>6} {first:>14.2f} {cases / first:>8.0f} {again / first:>14.2f}")


if __name__ == "__main__":
    main()
