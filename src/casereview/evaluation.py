"""Measuring the engine against a gold file in the guidelines' format.

A gold file has one JSON object a line: ``{"id", "text", "labels": {indicator:
bool}, ...}``. For each indicator present in the labels we count true and
false positives and negatives, compute precision, recall and F1, and keep
the misclassified documents with the finding (or the rejected findings)
that decided, so that a rule author sees *why* the engine was wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from casereview.engine.findings import DocumentResult, Finding
from casereview.errors import InputFileError
from casereview.textio import iter_jsonl_objects


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    labels: dict[str, bool]
    kind: str | None = None
    why: str | None = None


@dataclass(slots=True)
class Error:
    """One misclassified document for one indicator."""

    id: str
    indicator: str
    expected: bool
    predicted: bool
    findings: list[Finding]
    why: str | None


@dataclass(slots=True)
class IndicatorScore:
    indicator: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def count(self, expected: bool, predicted: bool) -> None:
        if predicted and expected:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif expected:
            self.fn += 1
        else:
            self.tn += 1

    def to_json(self) -> dict:
        return {
            "indicator": self.indicator,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def id_prefix(doc_id: str) -> str:
    """The writer's prefix of a gold id: everything before the last ``-``.

    Every id prefix in the gold files is one writer (``dev-012`` → ``dev``,
    ``w2-07`` → ``w2``), so scores per prefix are scores per writer: the way to
    see whether a rule written for one writer holds for the others.
    """
    head, sep, _ = doc_id.rpartition("-")
    return head if sep else doc_id


@dataclass(slots=True)
class Evaluation:
    scores: dict[str, IndicatorScore] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)
    documents: int = 0
    predictions: dict[str, dict[str, bool]] = field(default_factory=dict)
    by_prefix: dict[str, dict[str, IndicatorScore]] = field(default_factory=dict)

    def add(self, gold: GoldDocument, result: DocumentResult) -> None:
        self.documents += 1
        self.predictions[gold.id] = dict(result.flags)
        prefix_scores = self.by_prefix.setdefault(id_prefix(gold.id), {})
        for indicator, expected in gold.labels.items():
            if indicator not in result.flags:
                continue
            predicted = result.flags[indicator]
            for scores in (self.scores, prefix_scores):
                scores.setdefault(indicator, IndicatorScore(indicator)).count(expected, predicted)
            if predicted != expected:
                self.errors.append(
                    Error(
                        gold.id,
                        indicator,
                        expected,
                        predicted,
                        result.deciding(indicator),
                        gold.why,
                    )
                )

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "scores": [s.to_json() for s in self.scores.values()],
            "by_prefix": {
                prefix: [s.to_json() for s in scores.values()]
                for prefix, scores in self.by_prefix.items()
            },
            "errors": [
                {
                    "id": e.id,
                    "indicator": e.indicator,
                    "expected": e.expected,
                    "predicted": e.predicted,
                    "findings": [f.to_json() for f in e.findings],
                    "why": e.why,
                }
                for e in self.errors
            ],
        }


def read_gold(path: Path) -> Iterator[GoldDocument]:
    """Read a gold file, with a Danish error naming the line of any malformed entry."""
    for number, obj in iter_jsonl_objects(path, "guldfilen"):
        if not isinstance(obj.get("text"), str):
            raise InputFileError(f'linje {number} mangler feltet "text"', path)
        labels = obj.get("labels")
        if not isinstance(labels, dict) or not all(isinstance(v, bool) for v in labels.values()):
            raise InputFileError(
                f'linje {number}: "labels" skal være en tabel med true/false pr. indikator', path
            )
        yield GoldDocument(
            str(obj.get("id", number)), obj["text"], labels, obj.get("kind"), obj.get("why")
        )


def evaluate(engine, gold: Iterable[GoldDocument]) -> Evaluation:
    """Score every gold document with ``engine`` and compare."""
    evaluation = Evaluation()
    for doc in gold:
        evaluation.add(doc, engine.score(doc.text, doc.id))
    return evaluation
