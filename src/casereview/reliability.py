"""How far the judgements can be trusted: agreement per indicator and per pair of raters.

Every reviewer pair, the engine against each reviewer, and the engine against
the final value (adjudicated where settled) get percent agreement, Cohen's
kappa, Gwet's AC1 and Krippendorff's alpha, with intervals where they can be
computed. The engine only says found or not found, so comparisons with it
are of Ja against the other answers. The explanations are the sentences the
report prints beside the numbers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from casereview.agreement_stats import Estimate, cohen_kappa, gwet_ac1, krippendorff_alpha
from casereview.analysis import VALUES, CaseIndicator
from casereview.wording import decimal

ALL = "alle"
ENGINE = "automatisk forslag"
FINAL = "endelig vurdering"
BINARY = ("ja", "ikke_ja")

EXPLANATIONS = [
    "Enighed er andelen af fælles vurderinger, hvor to bedømmere gav samme svar; den tager ikke "
    "højde for, at de også ville være enige ved et tilfælde.",
    "Cohens kappa er enigheden ud over den, man ville vente ved tilfældighed ud fra hver bedømmers "
    "egen fordeling af svar: 1 er fuld enighed, 0 er ikke bedre end tilfældet.",
    "Kappa vildleder, når ét svar dominerer (som ved endline, hvor de fleste sager siger Ja): så er "
    "den ventede tilfældige enighed næsten lige så høj som den faktiske, og kappa falder mod 0, "
    "selv om bedømmerne er enige om næsten alle sager.",
    "Gwets AC1 regner kun med tilfældig enighed om de sager, der er svære at placere, og holder sig "
    "derfor stabil, når ét svar dominerer; læs den ved siden af kappa.",
    "Krippendorffs alfa måler enigheden for alle bedømmere på én gang og tåler, at nogle "
    "vurderinger mangler.",
    "Tallene i parentes er 95 %-konfidensintervaller; med ti sager er de brede, og et interval, "
    "der går under 0,6, betyder, at god enighed ikke er godtgjort.",
    "Det automatiske forslag siger kun fundet eller ikke fundet, så det sammenlignes med Ja mod "
    "alle andre svar; "
    "den endelige vurdering er den afgjorte værdi, hvor uenighed er afgjort.",
]


@dataclass
class PairAgreement:
    """Agreement of two raters (reviewers, the engine, the final value) on one indicator or all."""

    scope: str  # an indicator id, or ALL
    a: str
    b: str
    items: int
    percent: float | None
    kappa: Estimate | None
    ac1: Estimate | None
    alpha: float | None
    binary: bool = False

    @property
    def kappa_misleads(self) -> bool:
        """High raw agreement with a low or undefined kappa: one answer dominates."""
        return (
            self.percent is not None
            and self.percent >= 80
            and (self.kappa is None or self.kappa.value < 0.4)
            and self.ac1 is not None
            and self.ac1.value >= 0.6
        )


def _pair(scope: str, a: str, b: str, values: list[tuple[str, str]], binary: bool) -> PairAgreement:
    categories = BINARY if binary else VALUES
    if not values:
        return PairAgreement(scope, a, b, 0, None, None, None, None, binary)
    first, second = [x for x, _ in values], [y for _, y in values]
    return PairAgreement(
        scope,
        a,
        b,
        len(values),
        sum(x == y for x, y in values) / len(values) * 100,
        cohen_kappa(first, second, categories),
        gwet_ac1(values, categories),
        krippendorff_alpha(values, categories),
        binary,
    )


def _yes(value: str) -> str:
    return "ja" if value == "ja" else "ikke_ja"


def _engine(flag: bool | None) -> str:
    return "ja" if flag else "ikke_ja"


def pair_agreement(rows: list[CaseIndicator], indicators: list[str]) -> list[PairAgreement]:
    """All indicators together, then each indicator: reviewer pairs, engine against each, engine against final."""
    reviewers = sorted({r for row in rows for r in row.judgements})
    out = []
    for scope in (ALL, *indicators):
        chosen = [r for r in rows if scope == ALL or r.indicator == scope]
        for a, b in itertools.combinations(reviewers, 2):
            both = [
                (row.judgements[a][0], row.judgements[b][0])
                for row in chosen
                if a in row.judgements and b in row.judgements
            ]
            out.append(_pair(scope, a, b, both, False))
        scored = [row for row in chosen if row.engine is not None]
        for reviewer in reviewers:
            both = [
                (_engine(row.engine), _yes(row.judgements[reviewer][0]))
                for row in scored
                if reviewer in row.judgements
            ]
            out.append(_pair(scope, ENGINE, reviewer, both, True))
        final = [(_engine(row.engine), _yes(row.final)) for row in scored if row.final in VALUES]
        out.append(_pair(scope, ENGINE, FINAL, final, True))
    return out


def reviewers_alpha(rows: list[CaseIndicator], scope: str = ALL) -> float | None:
    """Krippendorff's alpha over every reviewer at once (missing judgements allowed)."""
    reviewers = sorted({r for row in rows for r in row.judgements})
    chosen = [r for r in rows if scope == ALL or r.indicator == scope]
    data = [
        [row.judgements[r][0] if r in row.judgements else None for r in reviewers] for row in chosen
    ]
    return krippendorff_alpha(data, VALUES) if len(reviewers) >= 2 else None


def format_estimate(estimate: Estimate | None, digits: int = 2) -> str:
    """``0,78 (0,46–1,00)`` with Danish decimal commas; ``–`` when undefined."""
    if estimate is None:
        return "–"
    text = decimal(estimate.value, digits)
    if estimate.low is not None and estimate.high is not None:
        text += f" ({decimal(estimate.low, digits)}–{decimal(estimate.high, digits)})"
    return text
