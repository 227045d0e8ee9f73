"""Settling disagreements, independent of any UI: what the adjudicator sees and decides.

The adjudicator sees only the case x indicator pairs where the reviewers
disagree (optionally also those where a reviewer's judgement is missing),
with every reviewer's value, note and marked evidence side by side and the
engine's suggestion with its counting findings. A verdict is a final value
and a reason; the reviewers' judgements are never changed. Every verdict is
audited and can be undone, newest first, for the rest of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select

from casereview.analysis import DISAGREE, MISSING
from casereview.storage.database import Store
from casereview.storage.models import Document, Finding
from casereview.storage.repository import cases_of
from casereview.storage.review_models import EvidenceSpan, FindingDecision, Judgement
from casereview.storage.verdicts import (
    adjudication_state,
    adjudications_for,
    conclusions_of,
    remove_adjudication,
    set_adjudication,
    set_conclusion,
)

CONTEXT = 60


@dataclass
class ReviewerView:
    """One reviewer's side of a pair: answer, note, and the evidence they marked or decided."""

    reviewer: str
    value: str | None
    note: str = ""
    evidence: list[str] = field(default_factory=list)  # spans they marked themselves
    accepted: list[str] = field(default_factory=list)  # engine findings they accepted
    rejected: list[str] = field(default_factory=list)  # engine findings they rejected


@dataclass
class Pair:
    """One case and one indicator that needs a verdict."""

    case_id: int
    case_ref: str
    indicator: str
    status: str  # DISAGREE or MISSING
    views: list[ReviewerView]
    engine: bool | None
    engine_evidence: list[str]
    verdict: dict | None  # {"value", "reason", "adjudicator"}


def _excerpt(text: str | None, start: int, end: int) -> str:
    """The marked words with a little context, on one line; offsets only when the text is purged."""
    if not text:
        return f"[tegn {start}–{end}; teksten findes ikke i denne database]"
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    before, marked, after = text[lo:start], text[start:end], text[end:hi]
    line = f"{'…' if lo else ''}{before}»{marked}«{after}{'…' if hi < len(text) else ''}"
    return " ".join(line.split())


@dataclass
class _Undo:
    case_id: int
    indicator: str
    before: dict | None


class AdjudicationService:
    """One adjudicator's work on one round."""

    def __init__(
        self, store: Store, adjudicator: str, indicators: list[str], round_id: int
    ) -> None:
        self.store = store
        self.adjudicator = adjudicator
        self.indicators = indicators
        self.round_id = round_id
        self._undo: list[_Undo] = []

    # -- reading ---------------------------------------------------------------
    def pairs(self, include_missing: bool = False) -> list[Pair]:
        """The pairs to settle, in case order: disagreements, and (when asked) missing judgements."""
        with self.store.session() as session:
            cases = cases_of(session, self.round_id)
            ids = [c.id for c in cases]
            if not ids:
                return []
            judgements = session.exec(
                select(Judgement).where(col(Judgement.case_id).in_(ids))
            ).all()
            documents = session.exec(select(Document).where(col(Document.case_id).in_(ids))).all()
            doc_ids = [d.id for d in documents]
            findings = session.exec(
                select(Finding).where(col(Finding.document_id).in_(doc_ids), Finding.counts == True)  # noqa: E712
            ).all()
            decisions = session.exec(
                select(FindingDecision).where(col(FindingDecision.document_id).in_(doc_ids))
            ).all()
            spans = session.exec(
                select(EvidenceSpan).where(col(EvidenceSpan.document_id).in_(doc_ids))
            ).all()
            verdicts = {(v.case_id, v.indicator): v for v in adjudications_for(session, ids)}
        reviewers = sorted({j.reviewer for j in judgements})
        texts = {d.id: d.text for d in documents}
        doc_case = {d.id: d.case_id for d in documents}
        out = []
        for case in cases:
            for indicator in self.indicators:
                given = {
                    j.reviewer: j
                    for j in judgements
                    if j.case_id == case.id and j.indicator == indicator
                }
                values = {j.value for j in given.values()}
                if len(values) > 1:
                    status = DISAGREE
                elif include_missing and given and len(given) < len(reviewers):
                    status = MISSING
                else:
                    continue
                views = []
                for reviewer in reviewers:
                    j = given.get(reviewer)
                    view = ReviewerView(reviewer, j.value if j else None, j.note if j else "")
                    for s in spans:
                        if (
                            doc_case[s.document_id] == case.id
                            and s.indicator == indicator
                            and s.reviewer == reviewer
                        ):
                            view.evidence.append(_excerpt(texts[s.document_id], s.start, s.end))
                    for d in decisions:
                        if (
                            doc_case[d.document_id] == case.id
                            and d.indicator == indicator
                            and d.reviewer == reviewer
                        ):
                            target = view.accepted if d.decision == "accept" else view.rejected
                            target.append(_excerpt(texts[d.document_id], d.start, d.end))
                    views.append(view)
                scored = [d for d in documents if d.case_id == case.id and d.score_key is not None]
                engine = any(d.flags.get(indicator) for d in scored) if scored else None
                evidence = [
                    _excerpt(texts[f.document_id], f.start, f.end)
                    for f in findings
                    if doc_case[f.document_id] == case.id and f.indicator == indicator
                ]
                verdict = verdicts.get((case.id, indicator))
                out.append(
                    Pair(
                        case.id,
                        case.ref,
                        indicator,
                        status,
                        views,
                        engine,
                        evidence,
                        None
                        if verdict is None
                        else {
                            "value": verdict.value,
                            "reason": verdict.reason,
                            "adjudicator": verdict.adjudicator,
                        },
                    )
                )
        return out

    def conclusions(self) -> dict[str, str]:
        with self.store.session() as session:
            return {topic: c.text for topic, c in conclusions_of(session, self.round_id).items()}

    # -- changing ----------------------------------------------------------------
    def decide(self, case_id: int, indicator: str, value: str, reason: str) -> None:
        """Record the final value and the reason; the reviewers' judgements stay as they are."""
        with self.store.session() as session:
            before = adjudication_state(session, case_id, indicator)
            set_adjudication(session, case_id, indicator, value, reason, self.adjudicator)
        self._undo.append(_Undo(case_id, indicator, before))

    def clear(self, case_id: int, indicator: str) -> None:
        """Take a verdict back: the pair is open again."""
        with self.store.session() as session:
            before = adjudication_state(session, case_id, indicator)
            if before is None:
                return
            remove_adjudication(session, case_id, indicator, self.adjudicator)
        self._undo.append(_Undo(case_id, indicator, before))

    def undo(self) -> bool:
        """Undo the newest verdict of this session (False: nothing to undo). Audited too."""
        if not self._undo:
            return False
        step = self._undo.pop()
        with self.store.session() as session:
            if step.before is None:
                remove_adjudication(session, step.case_id, step.indicator, self.adjudicator)
            else:
                set_adjudication(
                    session,
                    step.case_id,
                    step.indicator,
                    step.before["value"],
                    step.before["reason"],
                    step.before["adjudicator"],
                )
        return True

    def write_conclusion(self, topic: str, text: str) -> None:
        with self.store.session() as session:
            set_conclusion(session, self.round_id, topic, text, self.adjudicator)
