"""Import and bulk scoring through the case store.

    python benchmarks/bench_store.py [--docs 2000] [--small 1000] [--large 10000]

Prints, from one run on SQLite files in a temporary folder:

* import + score of ``--docs`` documents: documents/s with 1 and 2 jobs, and
  the 2-job/1-job ratio (target >= 1.6);
* peak memory (max RSS of the scoring process) for ``--small`` and
  ``--large`` documents, and their ratio (target: flat, < 1.3).

Each measurement runs the real CLI in a fresh process, so start-up is
included and memory is the whole process's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import document  # noqa: E402


def write_cases(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            row = {"case": f"sag-{i // 3:05d}", "kind": "handleplan", "text": document(rng)}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one CLI run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casereview", *args], check=True, stdout=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def peak_rss(args: list[str]) -> int:
    """Peak RSS of one run measured on its own (ru_maxrss of children is a running maximum)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "casereview", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


def import_and_score(tmp: Path, cases: Path, jobs: int) -> tuple[float, float]:
    db = tmp / f"bench-{jobs}.db"
    t_import, _ = run(
        ["import", str(cases), "-m", "Benchkommune", "-r", "baseline", "--db", str(db)]
    )
    t_score, _ = run(["score", "-m", "Benchkommune", "--db", str(db), "--jobs", str(jobs)])
    return t_import, t_score


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = tmp / "cases.jsonl"
        write_cases(cases, args.docs)
        print(f"Import + score of {args.docs} documents (SQLite, start-up included):")
        rates = {}
        for jobs in (1, 2):
            t_import, t_score = import_and_score(tmp, cases, jobs)
            rates[jobs] = args.docs / t_score
            print(
                f"  {jobs} job(s): import {args.docs / t_import:,.0f} docs/s, score {rates[jobs]:,.0f} docs/s "
                f"({t_import:.1f} s + {t_score:.1f} s)"
            )
        print(f"  scoring speed-up with 2 jobs: {rates[2] / rates[1]:.2f}x   (target >= 1.6)")

        print("Peak memory of bulk scoring (max RSS of the process):")
        peaks = {}
        for count in (args.small, args.large):
            rows = tmp / f"cases-{count}.jsonl"
            write_cases(rows, count, seed=count)
            db = tmp / f"mem-{count}.db"
            run(["import", str(rows), "-m", "M", "-r", "baseline", "--db", str(db)])
            peaks[count] = peak_rss(["score", "-m", "M", "--db", str(db)])
            print(f"  {count:>6} documents: {peaks[count] / 1024:,.0f} MiB")
        print(
            f"  ratio {args.large}/{args.small}: {peaks[args.large] / peaks[args.small]:.2f}   (target < 1.3)"
        )


if __name__ == "__main__":
    main()
