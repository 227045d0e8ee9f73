"""The reviewing session, independent of any UI: what a reviewer sees and changes.

The TUI is a thin layer over :class:`ReviewService`; tests drive the service
directly as well. Every change is written at once, in its own transaction,
before the UI shows it as done, and can be undone (newest first) for the
rest of the session. With blind double coding, a reviewer sees another
reviewer's judgement of an indicator only after setting their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from casereview.catalogue import Catalogue
from casereview.engine.findings import Cue, explain_finding
from casereview.engine.findings import Finding as EngineFinding
from casereview.engine.loader import shipped_catalogue
from casereview.errors import CasereviewError
from casereview.ingest.masking import mask_text
from casereview.scoring import ScoreReport, score_rounds
from casereview.storage.database import Store, busy_message
from casereview.storage.models import Case, Finding
from casereview.storage.queries import (
    decision_on,
    decisions_of,
    delete_decision,
    delete_evidence,
    delete_judgement,
    document_flags,
    evidence_of,
    findings_of,
    judgement_of,
    judgements_of_cases,
    rounds_with_places,
    row_id,
)
from casereview.storage.repository import (
    add_evidence,
    audit,
    cases_of,
    catalogue_of_rounds,
    decide_finding,
    documents_of,
    set_judgement,
)
from casereview.values import JUDGEMENT_DA as VALUE_LABELS
from casereview.values import JUDGEMENT_SYMBOLS as VALUE_SYMBOLS


@dataclass(frozen=True)
class RoundInfo:
    id: int
    municipality: str
    kind: str
    label: str
    cases: int

    @property
    def title(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{self.municipality} – {self.kind}{label}"


@dataclass
class CaseSummary:
    id: int
    ref: str
    position: int
    suggestions: dict[str, bool | None]  # the engine's flag per indicator (None: not scored)
    mine: dict[str, str | None]  # this reviewer's judgement per indicator
    notes: dict[str, str]
    others: dict[str, list[tuple[str, str]]]  # visible judgements of other reviewers

    @property
    def reviewed(self) -> bool:
        return all(v is not None for v in self.mine.values())


@dataclass
class FindingRow:
    id: int
    document_id: int
    indicator: str
    start: int
    end: int
    text: str
    counts: bool
    reason: str
    rule: str
    explanation: str  # the same Danish sentence ``casereview explain`` prints
    decision: str | None = None
    section: str | None = None


@dataclass
class EvidenceRow:
    id: int
    indicator: str
    start: int
    end: int
    text: str


@dataclass
class DocumentData:
    id: int
    kind: str
    source_name: str
    text: str
    scored: bool
    findings: list[FindingRow] = field(default_factory=list)
    evidence: list[EvidenceRow] = field(default_factory=list)


@dataclass
class _Undo:
    description: str
    kind: str
    key: tuple
    before: dict | None


def round_catalogue(store: Store, round_id: int | None) -> Catalogue:
    """The indicators a round was scored with (the shipped ones if it has not been scored)."""
    if round_id is not None:
        with store.session() as session:
            stored = catalogue_of_rounds(session, [round_id])
        if stored is not None:
            return stored
    return shipped_catalogue()


class ReviewService:
    """One reviewer's work on the store."""

    def __init__(
        self,
        store: Store,
        reviewer: str,
        indicators: list[str] | None = None,
        blind: bool = True,
    ) -> None:
        self.store = store
        self.reviewer = reviewer
        # None: each round's own indicators, those it was scored with (see :meth:`catalogue`).
        self.indicators = indicators
        self.blind = blind
        self._undo: list[_Undo] = []

    def catalogue(self, round_id: int | None = None) -> Catalogue:
        """The indicators of a round as it was scored (the shipped ones if not scored yet)."""
        return round_catalogue(self.store, round_id)

    def _indicators(self, round_id: int) -> list[str]:
        return self.indicators if self.indicators is not None else self.catalogue(round_id).ids

    def score_round(self, round_id: int) -> ScoreReport:
        """Score what needs it in this round with the shipped rules; say how much was done."""
        return score_rounds(self.store, [round_id])

    # -- reading ------------------------------------------------------------
    def rounds(self) -> list[RoundInfo]:
        with self.store.session() as session:
            rows = rounds_with_places(session)
        return [RoundInfo(row_id(r.id), m.name, r.kind, r.label, n) for r, m, n in rows]

    def round_info(self, round_id: int) -> RoundInfo:
        return next(r for r in self.rounds() if r.id == round_id)

    def cases(self, round_id: int) -> list[CaseSummary]:
        indicators = self._indicators(round_id)
        with self.store.session() as session:
            cases = cases_of(session, round_id)
            ids = [row_id(c.id) for c in cases]
            judgements = judgements_of_cases(session, ids)
            docs = document_flags(session, ids)
        out = []
        for case in cases:
            suggestions: dict[str, bool | None] = {}
            for indicator in indicators:
                flags = [f.get(indicator) for c, f, key in docs if c == case.id and key is not None]
                suggestions[indicator] = any(flags) if flags else None
            own = {
                j.indicator: j
                for j in judgements
                if j.case_id == case.id and j.reviewer == self.reviewer
            }
            others: dict[str, list[tuple[str, str]]] = {}
            for j in judgements:
                if (
                    j.case_id == case.id
                    and j.reviewer != self.reviewer
                    and (not self.blind or j.indicator in own)
                ):
                    others.setdefault(j.indicator, []).append((j.reviewer, j.value))
            out.append(
                CaseSummary(
                    row_id(case.id),
                    case.ref,
                    case.position,
                    suggestions,
                    {i: own[i].value if i in own else None for i in indicators},
                    {i: own[i].note for i in own},
                    others,
                )
            )
        return out

    def documents(self, case_id: int) -> list[DocumentData]:
        """The case's documents with findings explained by the catalogue the round was scored with."""
        with self.store.session() as session:
            case = session.get(Case, case_id)
            round_id = case.round_id if case is not None else None
        catalogue = self.catalogue(round_id)
        with self.store.session() as session:
            out = []
            for document in documents_of(session, case_id):
                findings = findings_of(session, document.id)
                decisions = decisions_of(session, document.id, self.reviewer)
                spans = evidence_of(session, document.id, self.reviewer)
                out.append(
                    DocumentData(
                        row_id(document.id),
                        document.kind,
                        document.source_name,
                        document.text or "",
                        document.score_key is not None,
                        [
                            FindingRow(
                                row_id(f.id),
                                row_id(document.id),
                                f.indicator,
                                f.start,
                                f.end,
                                f.text or "",
                                f.counts,
                                f.reason,
                                f.rule,
                                explain_finding(stored_finding(f), catalogue[f.indicator]),
                                decisions.get((f.indicator, f.start, f.end, f.rule)),
                                f.section,
                            )
                            for f in findings
                        ],
                        [
                            EvidenceRow(row_id(s.id), s.indicator, s.start, s.end, s.text or "")
                            for s in spans
                        ],
                    )
                )
        return out

    # -- changing -----------------------------------------------------------
    def judge(self, case_id: int, indicator: str, value: str, note: str | None = None) -> None:
        """Set this reviewer's judgement (keeping the note unless a new one is given)."""
        with self.store.session() as session:
            current = judgement_of(session, case_id, indicator, self.reviewer)
            before = {"value": current.value, "note": current.note} if current else None
            # A note is masked like case text: a CPR typed into it is never stored.
            keep = mask_text(note) if note is not None else (current.note if current else "")
            set_judgement(session, case_id, indicator, self.reviewer, value, keep)
        self._undo.append(
            _Undo(
                f"vurdering af {self.catalogue().label(indicator)}",
                "judgement",
                (case_id, indicator),
                before,
            )
        )

    def set_note(self, case_id: int, indicator: str, note: str) -> None:
        with self.store.session() as session:
            current = judgement_of(session, case_id, indicator, self.reviewer)
        if current is None:
            raise ValueError("sæt en vurdering (1, 2, 3 eller 0), før du skriver en note")
        self.judge(case_id, indicator, current.value, note)

    def decide(self, finding: FindingRow, decision: str | None) -> None:
        """Accept or reject a finding (None: take the decision back)."""
        key = (finding.document_id, finding.indicator, finding.start, finding.end, finding.rule)
        with self.store.session() as session:
            found = decision_on(session, key, self.reviewer)
            before = {"decision": found} if found else None
            if decision is None:
                delete_decision(session, key, self.reviewer)
            else:
                decide_finding(session, *key, self.reviewer, decision)
        self._undo.append(_Undo("beslutning om fund", "decision", key, before))

    def add_evidence(self, document_id: int, indicator: str, start: int, end: int) -> int:
        with self.store.session() as session:
            span = add_evidence(session, document_id, self.reviewer, indicator, start, end)
            span_id = row_id(span.id)
        self._undo.append(_Undo("markeret evidens", "evidence", (span_id,), None))
        return span_id

    def undo(self) -> str | None:
        """Undo the newest change of this session; return what was undone (None: nothing to undo)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        with self.store.session() as session:
            if step.kind == "judgement":
                case_id, indicator = step.key
                if step.before is None:
                    delete_judgement(session, case_id, indicator, self.reviewer)
                else:
                    set_judgement(
                        session,
                        case_id,
                        indicator,
                        self.reviewer,
                        step.before["value"],
                        step.before["note"],
                    )
            elif step.kind == "decision":
                if step.before is None:
                    delete_decision(session, step.key, self.reviewer)
                else:
                    document_id, indicator, start, end, rule = step.key
                    decide_finding(
                        session,
                        document_id,
                        indicator,
                        start,
                        end,
                        rule,
                        self.reviewer,
                        step.before["decision"],
                    )
            else:
                delete_evidence(session, step.key[0])
            audit(
                session, self.reviewer, "undo", step.kind, None, None, {"undone": step.description}
            )
        return step.description


def stored_finding(f: Finding) -> EngineFinding:
    """The engine's finding again, from its stored row, with everything the explanation needs."""
    return EngineFinding(
        f.indicator,
        f.start,
        f.end,
        f.text or "",
        f.counts,
        f.negated,
        f.experiencer,
        f.temporality,
        f.section,
        f.rule,
        [Cue(**c) for c in f.cue_details or []],
        f.source,
        f.reason,
        f.detail,
    )


def danish_message(exc: BaseException) -> str:
    """What to tell a user about any error, in Danish, without a traceback.

    Shared by the interfaces: a known error gives its own message, a database
    error says the current change was not saved, anything else is named.
    """
    if isinstance(exc, CasereviewError):
        return exc.render()
    if isinstance(exc, SQLAlchemyError):
        busy = busy_message(exc)
        if busy:
            return busy[0].upper() + busy[1:] + "."
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return f"databasefejl: {detail}. Den igangværende handling er ikke gemt."
    return f"uventet fejl ({type(exc).__name__}): {exc}"


__all__ = [
    "CaseSummary",
    "DocumentData",
    "FindingRow",
    "ReviewService",
    "RoundInfo",
    "VALUE_LABELS",
    "VALUE_SYMBOLS",
    "busy_message",
    "danish_message",
]
