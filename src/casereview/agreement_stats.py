"""Chance-corrected agreement with confidence intervals: Gwet's AC1 and Cohen's kappa.

Why AC1 is computed here: Gwet's own package exists in Python as irrCAC
(0.4.4), but it pins ``scipy==1.12.0`` and needs pandas and coverage at run
time, which would downgrade this project's scipy; the other candidate on PyPI
(``agreement``) is GPL-licensed and gives no variance. So AC1 and its
variance follow the published formulas, and a test checks them against the
handbook's worked example:

* Gwet, K. L. (2008). Computing inter-rater reliability and its variance in
  the presence of high agreement. *British Journal of Mathematical and
  Statistical Psychology* 61, 29-48 (AC1, eqs. 14-15; its variance, eq. 21).
* Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability*, 4th ed., ch. 5:
  several raters, missing ratings; the 4-rater, 12-subject example gives
  AC1 = 0.7754, standard error 0.1430, 95 % interval 0.4608 to 1.

Cohen's kappa itself comes from scikit-learn; only its bootstrap interval
resamples the cases here, with the same formula vectorised (a test holds it
equal to scikit-learn's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95
RESAMPLES = 1000


@dataclass(frozen=True)
class Estimate:
    """A coefficient with its 95 % confidence interval (None where it cannot be computed)."""

    value: float
    low: float | None = None
    high: float | None = None
    se: float | None = None


def _category_counts(
    ratings: Sequence[Sequence[str | None]], categories: Sequence[str]
) -> np.ndarray:
    """r_ik: how many raters put subject i in category k (None: a missing rating)."""
    index = {c: k for k, c in enumerate(categories)}
    counts = np.zeros((len(ratings), len(categories)))
    for i, subject in enumerate(ratings):
        for value in subject:
            if value is not None:
                counts[i, index[value]] += 1
    return counts


def gwet_ac1(ratings: Sequence[Sequence[str | None]], categories: Sequence[str]) -> Estimate | None:
    """Gwet's AC1 for any number of raters (None for a missing rating), with its t-interval.

    ``ratings`` has one row per subject and one column per rater; ``categories``
    is the whole scale (q in Gwet's formulas), also the values nobody used.
    None when fewer than two subjects were rated by two raters or more.
    """
    from scipy import stats

    counts = _category_counts(ratings, categories)
    counts = counts[counts.sum(axis=1) > 0]  # subjects nobody rated do not exist
    n, q = counts.shape
    r_i = counts.sum(axis=1)
    paired = r_i >= 2
    n2 = int(paired.sum())
    if n2 < 2 or q < 2:
        return None
    # Observed agreement, over subjects with two ratings or more (Gwet 2014, eq. 5.1).
    agree_i = np.zeros(n)
    agree_i[paired] = (counts[paired] * (counts[paired] - 1)).sum(axis=1) / (
        r_i[paired] * (r_i[paired] - 1)
    )
    pa = agree_i[paired].mean()
    # Chance agreement: pi_k is the mean share of category k over every rated subject.
    pi = (counts / r_i[:, None]).mean(axis=0)
    pe = float((pi * (1 - pi)).sum() / (q - 1))
    ac1 = (pa - pe) / (1 - pe)
    # Variance (Gwet 2008, eq. 21, generalised to missing ratings in Gwet 2014, ch. 5).
    ac1_i = (n / n2) * (agree_i - pe * paired) / (1 - pe)
    pe_i = (counts @ (1 - pi)) / (r_i * (q - 1))
    ac1_i_star = ac1_i - 2 * (1 - ac1) * (pe_i - pe) / (1 - pe)
    variance = ((ac1_i_star - ac1) ** 2).sum() / (n * (n - 1))
    se = float(np.sqrt(variance))
    if se == 0:
        return Estimate(float(ac1), float(ac1), float(ac1), 0.0)
    low, high = stats.t.interval(CONFIDENCE, df=n - 1, loc=ac1, scale=se)
    return Estimate(float(ac1), max(-1.0, float(low)), min(1.0, float(high)), se)


def _kappa_from_codes(a: np.ndarray, b: np.ndarray, q: int) -> np.ndarray:
    """Cohen's kappa of each row pair of coded ratings (rows: bootstrap resamples)."""
    n = a.shape[1]
    observed = (a == b).mean(axis=1)
    expected = np.zeros(a.shape[0])
    for k in range(q):
        expected += (a == k).sum(axis=1) * (b == k).sum(axis=1) / (n * n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (observed - expected) / (1 - expected)


def cohen_kappa(a: Sequence[str], b: Sequence[str], categories: Sequence[str]) -> Estimate | None:
    """Cohen's kappa (scikit-learn) with a percentile bootstrap interval over the items.

    None when both raters used one and the same category throughout: then
    chance agreement is 1 and kappa is undefined, however well they agreed.
    """
    if len(a) < 2 or len(set(a) | set(b)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score

    value = float(cohen_kappa_score(list(a), list(b), labels=list(categories)))
    if np.isnan(value):
        return None
    code = {c: k for k, c in enumerate(categories)}
    codes_a = np.array([code[x] for x in a])
    codes_b = np.array([code[x] for x in b])
    rng = np.random.default_rng(0)  # the same report twice gives the same interval
    picks = rng.integers(0, len(a), size=(RESAMPLES, len(a)))
    kappas = _kappa_from_codes(codes_a[picks], codes_b[picks], len(categories))
    kappas = kappas[np.isfinite(kappas)]
    if len(kappas) < RESAMPLES // 2:
        return Estimate(value)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(kappas, [tail, 100 - tail])
    return Estimate(value, float(low), float(high))


def krippendorff_alpha(
    ratings: Sequence[Sequence[str | None]], categories: Sequence[str]
) -> float | None:
    """Krippendorff's alpha, nominal (the krippendorff package); rows are subjects, None missing."""
    values = {v for row in ratings for v in row if v is not None}
    pairable = [row for row in ratings if sum(v is not None for v in row) >= 2]
    if len(values) < 2 or not pairable:
        return None
    import krippendorff

    code = {c: k for k, c in enumerate(categories)}
    data = np.array(
        [[np.nan if v is None else code[v] for v in row] for row in ratings], dtype=float
    ).T
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    # one pairable unit with disagreement leaves no expected disagreement to divide by:
    # alpha is undefined there ("–"), not 0 and not a warning on the terminal
    return alpha if np.isfinite(alpha) else None
