"""From stored rounds to the answers consultants hand over: comparisons and agreement.

The unit is one case and one indicator. Its *final* human judgement is the
adjudicated value where an adjudicator settled it, else the reviewers'
common answer; when reviewers disagree (and nobody has settled it) it is
``uenig`` and when nobody has judged it is ``mangler``. Neither is ever counted as Nej: every
output shows them apart. Shares are of the cases with a final judgement, and
the number behind each share is always shown.

Statistics come from scipy (Fisher's exact test), scikit-learn (Cohen's
kappa) and krippendorff (Krippendorff's alpha); nothing is hand-rolled.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import select

from casereview.catalogue import Catalogue
from casereview.engine.loader import shipped_catalogue
from casereview.storage.database import Store
from casereview.storage.models import Case, Document, Finding, Municipality, Round
from casereview.storage.repository import catalogue_of_rounds, round_ids
from casereview.storage.review_models import EvidenceSpan, FindingDecision, Judgement
from casereview.storage.verdicts import adjudications_for
from casereview.values import DISAGREE, MISSING
from casereview.values import FINAL_DA as VALUE_DA
from casereview.values import JUDGEMENT_VALUES as VALUES

MIN_JUDGED_FOR_TEST = 5


@dataclass
class CaseIndicator:
    """One case, one indicator: every reviewer's answer, the engine's flag and the evidence."""

    municipality: str
    round_kind: str
    round_label: str
    case_id: int
    case_ref: str
    position: int
    indicator: str
    judgements: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # reviewer -> (value, note)
    engine: bool | None = None  # None: no document scored
    evidence: int = 0  # counting findings not rejected, plus reviewers' evidence spans
    excerpts: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # (context, mark start, mark end)
    adjudication: tuple[str, str, str] | None = None  # (value, reason, adjudicator)

    @property
    def adjudicated(self) -> bool:
        return self.adjudication is not None

    @property
    def agreed(self) -> str:
        """The reviewers' own common answer, before any adjudication."""
        values = {value for value, _ in self.judgements.values()}
        if not values:
            return MISSING
        return values.pop() if len(values) == 1 else DISAGREE

    @property
    def final(self) -> str:
        """The adjudicated value where there is one, else the reviewers' common answer."""
        return self.adjudication[0] if self.adjudication else self.agreed


def indicator_catalogue(
    store: Store, municipality: str | None = None, kind: str | None = None
) -> Catalogue:
    """The indicators the chosen rounds were scored with (the shipped ones if none was scored)."""
    with store.session() as session:
        stored = catalogue_of_rounds(session, round_ids(session, municipality, kind))
    return stored if stored is not None else shipped_catalogue()


def load_table(
    store: Store, municipality: str | None = None, kind: str | None = None, excerpts: bool = False
) -> list[CaseIndicator]:
    """The case x indicator table of the chosen rounds (excerpts of deciding text only when asked)."""
    indicators = indicator_catalogue(store, municipality, kind).ids
    with store.session() as session:
        query = (
            select(Municipality, Round, Case)
            .join(Round, Round.municipality_id == Municipality.id)
            .join(Case, Case.round_id == Round.id)
        )
        if municipality is not None:
            from casereview.storage.repository import resolve_municipality

            municipality = resolve_municipality(session, municipality)
            query = query.where(Municipality.name == municipality)
        if kind is not None:
            query = query.where(Round.kind == kind)
        cases = session.exec(
            query.order_by(Municipality.name, Round.kind, Case.position, Case.ref)
        ).all()
        case_ids = [c.id for _, _, c in cases]
        if not case_ids:
            return []
        judgements = session.exec(select(Judgement).where(Judgement.case_id.in_(case_ids))).all()
        verdicts = adjudications_for(session, case_ids)
        documents = session.exec(select(Document).where(Document.case_id.in_(case_ids))).all()
        doc_ids = [d.id for d in documents]
        findings = (
            session.exec(
                select(Finding).where(Finding.document_id.in_(doc_ids), Finding.counts == True)  # noqa: E712
            ).all()
            if doc_ids
            else []
        )
        rejected = (
            {
                (d.document_id, d.indicator, d.start, d.end, d.rule)
                for d in session.exec(
                    select(FindingDecision).where(
                        FindingDecision.document_id.in_(doc_ids),
                        FindingDecision.decision == "reject",
                    )
                ).all()
            }
            if doc_ids
            else set()
        )
        spans = (
            session.exec(select(EvidenceSpan).where(EvidenceSpan.document_id.in_(doc_ids))).all()
            if doc_ids
            else []
        )
    rows: dict[tuple[int, str], CaseIndicator] = {}
    for place, review_round, case in cases:
        for indicator in indicators:
            rows[(case.id, indicator)] = CaseIndicator(
                place.name,
                review_round.kind,
                review_round.label,
                case.id,
                case.ref,
                case.position,
                indicator,
            )
    for j in judgements:
        if (j.case_id, j.indicator) in rows:
            rows[(j.case_id, j.indicator)].judgements[j.reviewer] = (j.value, j.note)
    for v in verdicts:
        if (v.case_id, v.indicator) in rows:
            rows[(v.case_id, v.indicator)].adjudication = (v.value, v.reason, v.adjudicator)
    doc_case = {d.id: d.case_id for d in documents}
    texts = {d.id: d.text for d in documents} if excerpts else {}
    for d in documents:
        if d.score_key is None:
            continue
        for indicator in indicators:
            row = rows[(d.case_id, indicator)]
            row.engine = bool(row.engine) or bool(d.flags.get(indicator))
    for f in findings:
        if (f.document_id, f.indicator, f.start, f.end, f.rule) in rejected:
            continue
        row = rows.get((doc_case[f.document_id], f.indicator))
        if row is None:
            continue
        row.evidence += 1
        text = texts.get(f.document_id)
        if text:
            lo, hi = max(0, f.start - 80), min(len(text), f.end + 80)
            row.excerpts.append((text[lo:hi], f.start - lo, f.end - lo))
    for s in spans:
        row = rows.get((doc_case[s.document_id], s.indicator))
        if row is not None:
            row.evidence += 1
            text = texts.get(s.document_id)
            if text:
                row.excerpts.append((text[s.start : s.end], 0, s.end - s.start))
    return list(rows.values())


# -- comparison ----------------------------------------------------------------
@dataclass
class RoundCounts:
    """How the cases of one round (or several) were judged for one indicator."""

    cases: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {v: 0 for v in (*VALUES, MISSING, DISAGREE)}
    )
    refs: dict[str, list[str]] = field(
        default_factory=lambda: {v: [] for v in (*VALUES, MISSING, DISAGREE)}
    )
    engine_yes: int = 0
    engine_scored: int = 0
    adjudicated: int = 0  # cases whose final value an adjudicator settled

    @property
    def judged(self) -> int:
        return sum(self.counts[v] for v in VALUES)

    def share(self, *values: str) -> float | None:
        return sum(self.counts[v] for v in values) / self.judged if self.judged else None

    def add(self, row: CaseIndicator, label: str) -> None:
        self.cases += 1
        self.counts[row.final] += 1
        self.refs[row.final].append(label + (" (afgjort)" if row.adjudicated else ""))
        self.adjudicated += row.adjudicated
        if row.engine is not None:
            self.engine_scored += 1
            self.engine_yes += row.engine


@dataclass
class ChangeTest:
    p_value: float
    odds_ratio: float
    text: str


@dataclass
class Comparison:
    """Baseline against endline for one indicator (of one municipality, or all)."""

    indicator: str
    baseline: RoundCounts
    endline: RoundCounts
    test: ChangeTest | None = None
    test_note: str = ""

    def change_pp(self, *values: str) -> float | None:
        before, after = self.baseline.share(*values), self.endline.share(*values)
        return None if before is None or after is None else (after - before) * 100


def _counts(
    rows: Iterable[CaseIndicator], indicator: str, kind: str, with_municipality: bool
) -> RoundCounts:
    counts = RoundCounts()
    for row in rows:
        if row.indicator == indicator and row.round_kind == kind:
            counts.add(
                row, f"{row.municipality}: {row.case_ref}" if with_municipality else row.case_ref
            )
    return counts


def fisher_test(baseline: RoundCounts, endline: RoundCounts) -> tuple[ChangeTest | None, str]:
    """Fisher's exact test of Ja against the other answers, where the counts allow one."""
    if min(baseline.judged, endline.judged) < MIN_JUDGED_FOR_TEST:
        return None, (
            f"Ingen test: der skal være mindst {MIN_JUDGED_FOR_TEST} vurderede sager i hver runde "
            f"(her {baseline.judged} og {endline.judged})."
        )
    from scipy.stats import fisher_exact

    table = [
        [endline.counts["ja"], endline.judged - endline.counts["ja"]],
        [baseline.counts["ja"], baseline.judged - baseline.counts["ja"]],
    ]
    if (table[0][0] + table[1][0]) in (0, baseline.judged + endline.judged):
        return None, "Ingen test: alle vurderinger er ens i begge runder."
    result = fisher_exact(table)
    p = float(result.pvalue)
    shown = f"{p:.2f}".replace(".", ",")  # Danish decimal comma
    n = f"n = {baseline.judged} + {endline.judged}"
    if p < 0.05:
        text = (
            f"Ændringen i andelen Ja er næppe tilfældig (p = {shown}, Fishers eksakte test, {n}); "
            "med så få sager er usikkerheden om ændringens størrelse stadig stor."
        )
    else:
        text = (
            f"Ændringen i andelen Ja kan skyldes tilfældigheder (p = {shown}, Fishers eksakte test, {n}); "
            "med få sager skal en ændring være stor for at kunne skelnes fra tilfældighed."
        )
    return ChangeTest(p, float(result.statistic), text), ""


def compare(
    rows: list[CaseIndicator], indicators: list[str], across: bool = False
) -> list[Comparison]:
    """Baseline against endline per indicator, for the rows given (one municipality, or all)."""
    out = []
    for indicator in indicators:
        comparison = Comparison(
            indicator,
            _counts(rows, indicator, "baseline", across),
            _counts(rows, indicator, "endline", across),
        )
        comparison.test, comparison.test_note = fisher_test(comparison.baseline, comparison.endline)
        out.append(comparison)
    return out


def small_numbers_note(comparisons: list[Comparison]) -> str:
    """A sentence about what the numbers can bear."""
    sizes = sorted({c.baseline.cases for c in comparisons} | {c.endline.cases for c in comparisons})
    biggest = max(sizes) if sizes else 0
    if biggest == 0:
        return "Der er ingen sager at sammenligne."
    # Shares are of the judged cases, so the smallest judged count decides how far one case moves one.
    judged = [n for c in comparisons for n in (c.baseline.judged, c.endline.judged) if n]
    fewest = min(judged) if judged else biggest
    step = round(100 / fewest)
    return (
        f"Hver runde har højst {biggest} sager, og andelene er af de vurderede (ned til {fewest}), "
        f"så én sag flytter en andel med op til {step} procentpoint. "
        "Små ændringer bør læses som tendenser, ikke som resultater."
    )


# -- agreement -------------------------------------------------------------------
@dataclass
class PairAgreement:
    a: str
    b: str
    items: int
    percent: float
    kappa: float | None


@dataclass
class EngineAgreement:
    indicator: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    excluded: int = 0  # no final judgement (missing or disagreeing) or not scored
    disagreeing: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return (
            2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        )


@dataclass
class Agreement:
    reviewers: list[str]
    pairs: list[PairAgreement]
    alpha: float | None
    disagreements: list[tuple[str, str, dict[str, str]]]  # case, indicator, reviewer -> value
    engine: list[EngineAgreement]


def reviewer_agreement(
    rows: list[CaseIndicator],
) -> tuple[list[str], list[PairAgreement], float | None, list]:
    reviewers = sorted({r for row in rows for r in row.judgements})
    pairs = []
    for a, b in itertools.combinations(reviewers, 2):
        both = [
            (row.judgements[a][0], row.judgements[b][0])
            for row in rows
            if a in row.judgements and b in row.judgements
        ]
        if not both:
            pairs.append(PairAgreement(a, b, 0, math.nan, None))
            continue
        percent = sum(x == y for x, y in both) / len(both) * 100
        kappa = None
        if len({v for pair in both for v in pair}) > 1:
            from sklearn.metrics import cohen_kappa_score

            kappa = float(
                cohen_kappa_score([x for x, _ in both], [y for _, y in both], labels=list(VALUES))
            )
        pairs.append(PairAgreement(a, b, len(both), percent, kappa))
    alpha = None
    pairable = [row for row in rows if len(row.judgements) >= 2]
    if (
        len(reviewers) >= 2
        and pairable
        and len({v for row in pairable for v, _ in row.judgements.values()}) > 1
    ):
        import krippendorff
        import numpy

        data = numpy.array(
            [
                [
                    VALUES.index(row.judgements[r][0]) if r in row.judgements else numpy.nan
                    for row in rows
                ]
                for r in reviewers
            ],
            dtype=float,
        )
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    disagreements = [
        (row.case_ref, row.indicator, {r: v for r, (v, _) in row.judgements.items()})
        for row in rows
        if row.agreed == DISAGREE
    ]
    return reviewers, pairs, alpha, disagreements


def engine_agreement(rows: list[CaseIndicator], indicators: list[str]) -> list[EngineAgreement]:
    """The engine's flag against the final human judgement Ja (Delvist, Nej, Ikke relevant: not Ja)."""
    out = []
    for indicator in indicators:
        result = EngineAgreement(indicator)
        for row in rows:
            if row.indicator != indicator:
                continue
            if row.engine is None or row.final in (MISSING, DISAGREE):
                result.excluded += 1
                continue
            human = row.final == "ja"
            if row.engine and human:
                result.tp += 1
            elif row.engine:
                result.fp += 1
                result.disagreeing.append(
                    f"{row.case_ref} (automatisk forslag: fundet, bedømmere: {VALUE_DA[row.final]})"
                )
            elif human:
                result.fn += 1
                result.disagreeing.append(
                    f"{row.case_ref} (automatisk forslag: intet, bedømmere: Ja)"
                )
            else:
                result.tn += 1
        out.append(result)
    return out


def agreement(rows: list[CaseIndicator], indicators: list[str]) -> Agreement:
    reviewers, pairs, alpha, disagreements = reviewer_agreement(rows)
    return Agreement(reviewers, pairs, alpha, disagreements, engine_agreement(rows, indicators))
