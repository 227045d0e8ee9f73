"""Agreement that holds up: Gwet's AC1 against the handbook, kappa's paradox, pairs per indicator."""

from __future__ import annotations

import numpy as np
import pytest

from casereview.agreement_stats import _kappa_from_codes, cohen_kappa, gwet_ac1
from casereview.analysis import CaseIndicator
from casereview.reliability import ALL, ENGINE, FINAL, format_estimate, pair_agreement


def test_ac1_matches_gwets_worked_example():
    """Gwet (2014), Handbook of Inter-Rater Reliability, 4 raters x 12 subjects with missing ratings."""
    n = None
    raters = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, n],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    subjects = [[None if v is None else str(v) for v in row] for row in zip(*raters, strict=True)]
    result = gwet_ac1(subjects, ["1", "2", "3", "4", "5"])
    assert result is not None
    assert result.value == pytest.approx(0.77544, abs=5e-6)
    assert result.se == pytest.approx(0.14295, abs=5e-6)
    assert result.low == pytest.approx(0.46081, abs=5e-6)
    assert result.high == 1.0


def test_vectorised_kappa_equals_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(7)
    for _ in range(50):
        a = rng.integers(0, 4, size=12)
        b = np.where(rng.random(12) < 0.7, a, rng.integers(0, 4, size=12))
        if len(set(a) | set(b)) < 2:
            continue
        ours = _kappa_from_codes(a[None, :], b[None, :], 4)[0]
        assert ours == pytest.approx(cohen_kappa_score(a, b, labels=[0, 1, 2, 3]))


def test_kappa_misleads_when_one_answer_dominates_and_ac1_does_not():
    """Nine of ten cases Ja from both, one disagreement: kappa near zero, AC1 high."""
    a = ["ja"] * 9 + ["nej"]
    b = ["ja"] * 8 + ["nej", "ja"]
    kappa = cohen_kappa(a, b, ["ja", "delvist", "nej", "ikke_relevant"])
    ac1 = gwet_ac1(list(zip(a, b, strict=True)), ["ja", "delvist", "nej", "ikke_relevant"])
    assert kappa is not None and kappa.value < 0
    assert kappa.low is not None and kappa.low < kappa.value <= kappa.high
    assert ac1 is not None and ac1.value > 0.75


def test_kappa_is_undefined_when_everyone_says_ja():
    a = ["ja"] * 10
    assert cohen_kappa(a, a, ["ja", "nej"]) is None
    assert gwet_ac1(list(zip(a, a, strict=True)), ["ja", "nej"]).value == 1.0


def _row(case: int, indicator: str, anne: str, bo: str, engine: bool, verdict=None):
    row = CaseIndicator("K", "endline", "", case, f"sag-{case:02d}", case, indicator)
    row.judgements = {"anne": (anne, ""), "bo": (bo, "")}
    row.engine = engine
    row.adjudication = (verdict, "fordi", "lead") if verdict else None
    return row


def test_pairs_per_indicator_engine_against_each_reviewer_and_final():
    rows = [_row(i, "hwd", "ja", "ja", True) for i in range(1, 9)]
    rows.append(_row(9, "hwd", "ja", "nej", True, verdict="ja"))
    rows.append(_row(10, "hwd", "nej", "nej", False))
    result = pair_agreement(rows, ["hwd"])
    by = {(p.scope, p.a, p.b): p for p in result}
    reviewers = by[("hwd", "anne", "bo")]
    assert reviewers.items == 10 and reviewers.percent == 90.0
    assert by[("hwd", ENGINE, "anne")].percent == 100.0
    assert by[("hwd", ENGINE, "bo")].percent == 90.0
    final = by[("hwd", ENGINE, FINAL)]
    assert final.items == 10 and final.percent == 100.0  # the adjudicated Ja counts
    assert (ALL, "anne", "bo") in by
    assert format_estimate(reviewers.ac1).count(",") == 3  # value and interval, Danish commas
