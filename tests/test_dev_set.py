"""The dev set of the guidelines, evaluated end to end."""

from __future__ import annotations

from tests.conftest import DATA


def test_dev_set_f1(engine):
    from casereview.evaluation import evaluate, read_gold

    evaluation = evaluate(engine, read_gold(DATA / "dev.jsonl"))
    assert evaluation.documents == 70
    for indicator in ("hwd", "resources"):
        score = evaluation.scores[indicator]
        assert score.f1 >= 0.95, (indicator, score.to_json(), [e.id for e in evaluation.errors])
