"""Engine throughput, measured side by side with spaCy's bare Danish tokenizer.

    python benchmarks/bench_engine.py [--words 1000000] [--rounds 3]

Prints, from one run on one deterministic synthetic corpus (benchmarks/corpus.py):

* words/s of the bare ``spacy.blank("da")`` tokenizer, a plain regex keyword
  scan, the full engine, and the engine with the lookup lemmatizer added;
* the engine/tokenizer ratio (target: >= 0.5);
* whole-corpus wall time with 1 and 2 processes.

Tokenizer and engine runs are interleaved and the median of ``--rounds`` is
reported, so that drift on a shared machine hits both alike. A second, much
denser text (the dev set's hard cases, repeated) is measured the same way and
reported beside it: real notes sit between the two.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus  # noqa: E402

KEYWORDS = re.compile(
    r"\b(ønsk\w*|drøm\w*|håb\w*|længes|glæder sig|ser frem til|vil gerne|lyst til|ressourc\w*|god til|kan selv|"
    r"interesse\w*|uddannet|netværk)\b",
    re.IGNORECASE,
)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _tokenize(nlp, docs):
    for _ in nlp.pipe(docs, batch_size=64):
        pass


def _engine(engine, docs):
    for _ in engine.score_many(((str(i), d) for i, d in enumerate(docs)), batch_size=64):
        pass


def _regex(docs):
    for d in docs:
        KEYWORDS.findall(d)


def _worker(docs: list[str]) -> int:
    from casereview.engine import Engine

    engine = Engine()
    flagged = 0
    for result in engine.score_many(((str(i), d) for i, d in enumerate(docs))):
        flagged += result.flags["hwd"]
    return flagged


def _processes(docs: list[str], jobs: int) -> float:
    """Wall time to score the corpus with ``jobs`` processes, start-up included."""
    start = time.perf_counter()
    if jobs == 1:
        _worker(docs)
    else:
        chunks = [docs[i::jobs] for i in range(jobs)]
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            pool.map(_worker, chunks)
    return time.perf_counter() - start


def side_by_side(label: str, docs: list[str], rounds: int) -> dict[str, float]:
    import spacy

    from casereview.engine import Engine

    words = sum(len(d.split()) for d in docs)
    nlp = spacy.blank("da")
    engine = Engine()
    lemmatizing = Engine(lemmatize=True)
    warm = docs[: max(1, len(docs) // 50)]
    _tokenize(nlp, warm)
    _engine(engine, warm)
    _engine(lemmatizing, warm)
    times: dict[str, list[float]] = {
        "tokenizer": [],
        "regex": [],
        "engine": [],
        "engine+lemmas": [],
    }
    for _ in range(rounds):
        times["tokenizer"].append(_timed(lambda: _tokenize(nlp, docs)))
        times["engine"].append(_timed(lambda: _engine(engine, docs)))
        times["regex"].append(_timed(lambda: _regex(docs)))
    times["engine+lemmas"].append(_timed(lambda: _engine(lemmatizing, docs)))
    rates = {k: words / statistics.median(v) for k, v in times.items()}
    print(f"\n{label}: {len(docs)} documents, {words:,} words, median of {rounds} rounds")
    print(f"  bare tokenizer (spacy.blank('da')) {rates['tokenizer']:>12,.0f} words/s")
    print(f"  regex keyword scan                 {rates['regex']:>12,.0f} words/s")
    print(f"  engine (expanded surface forms)    {rates['engine']:>12,.0f} words/s")
    print(f"  engine + lookup lemmatizer         {rates['engine+lemmas']:>12,.0f} words/s")
    ratio = rates["engine"] / rates["tokenizer"]
    print(f"  engine / tokenizer ratio           {ratio:>12.2f}   (target >= 0.50)")
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-processes", action="store_true")
    args = parser.parse_args()

    docs = corpus(args.words)
    side_by_side("Synthetic corpus (realistic mix)", docs, args.rounds)

    gold = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev.jsonl"
    if gold.exists():
        dense = [
            json.loads(line)["text"]
            for line in gold.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        dense = dense * max(1, args.words // 10 // sum(len(d.split()) for d in dense))
        side_by_side("Dev-set hard cases (dense, ~1 match per 7 words)", dense, args.rounds)

    if not args.skip_processes:
        one = _processes(docs, 1)
        two = _processes(docs, 2)
        words = sum(len(d.split()) for d in docs)
        print(
            f"\nWhole corpus, start-up included: 1 process {one:.1f} s ({words / one:,.0f} words/s), "
            f"2 processes {two:.1f} s ({words / two:,.0f} words/s), speed-up {one / two:.2f}x"
        )


if __name__ == "__main__":
    main()
