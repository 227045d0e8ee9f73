"""Leave one writer out: does a rule written for one writer hold for the others?

    python benchmarks/generalisation.py [GOLD.jsonl ...] [--rules DIR] [--lexicons DIR]

With no files, reads the project's gold sets in ``tests/data/``. Every id
prefix is one writer (``dev`` = A, ``t`` = B, ``w1`` = C, ``w2`` = D,
``w3`` = E, ``f1``-``f4``, ``f6`` = F-I, K; further files bring their own prefixes). For each writer it prints
the F1 of the current rules on that writer's documents (held out) beside the
F1 on all the other writers' documents, per indicator, and the gap between the
two: a rule tuned to one writer shows up as a high "others" and a low
"held out" when that writer is someone else.

The rules are hand-written, not trained, so "held out" means: judge a rule
change by the writers it was not written for. Before a change, note which
writer it is for; after it, this table must not drop for the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.engine import Engine
from casereview.evaluation import Evaluation, IndicatorScore, id_prefix, read_gold

ROOT = Path(__file__).resolve().parent.parent
WRITERS = {
    "dev": "A",
    "t": "B",
    "w1": "C",
    "w2": "D",
    "w3": "E",
    "f1": "F",
    "f2": "G",
    "f3": "H",
    "f4": "I",
    "f6": "K",
    "f7": "L",
    "f8": "M",
    "f9": "N",
    "f10": "O",
}
INDICATORS = ("hwd", "resources")


def _merge(scores: list[IndicatorScore], indicator: str) -> IndicatorScore:
    total = IndicatorScore(indicator)
    for s in scores:
        total.tp, total.fp, total.fn, total.tn = (
            total.tp + s.tp,
            total.fp + s.fp,
            total.fn + s.fn,
            total.tn + s.tn,
        )
    return total


def table(evaluation: Evaluation) -> list[str]:
    """One line per writer: held-out F1 and others' F1 per indicator."""
    head = f"{'writer':<10}{'docs':>5}"
    for ind in INDICATORS:
        head += f"  {ind + ' held out':>18}{'others':>8}{'gap':>7}"
    lines = [head]
    docs = {p: 0 for p in evaluation.by_prefix}
    for doc_id in evaluation.predictions:
        docs[id_prefix(doc_id)] += 1
    worst = {ind: 1.0 for ind in INDICATORS}
    for prefix in sorted(evaluation.by_prefix, key=lambda p: (p not in WRITERS, p)):
        name = f"{prefix} ({WRITERS[prefix]})" if prefix in WRITERS else prefix
        line = f"{name:<10}{docs[prefix]:>5}"
        for ind in INDICATORS:
            held = evaluation.by_prefix[prefix].get(ind)
            others = _merge(
                [s[ind] for p, s in evaluation.by_prefix.items() if p != prefix and ind in s], ind
            )
            if held is None:
                line += f"  {'-':>18}{'-':>8}{'':>7}"
                continue
            worst[ind] = min(worst[ind], held.f1)
            line += f"  {held.f1:>18.3f}{others.f1:>8.3f}{held.f1 - others.f1:>+7.3f}"
        lines.append(line)
    total = f"{'all':<10}{evaluation.documents:>5}"
    for ind in INDICATORS:
        total += f"  {evaluation.scores[ind].f1:>18.3f}{'':>8}{'':>7}"
    lines.append(total)
    lines.append("worst held-out F1: " + ", ".join(f"{i} {worst[i]:.3f}" for i in INDICATORS))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--rules", type=Path)
    parser.add_argument("--lexicons", type=Path)
    args = parser.parse_args(argv)
    files = args.gold or sorted((ROOT / "tests" / "data").glob("*.jsonl"))
    engine = Engine(rules_dir=args.rules, lexicons_dir=args.lexicons)
    evaluation = Evaluation()
    for path in files:
        for doc in read_gold(path):
            evaluation.add(doc, engine.score(doc.text, doc.id))
    print("\n".join(table(evaluation)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
