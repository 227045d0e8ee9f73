"""What the review, the analysis and the exports read from the store, and the undo deletes.

Every SQL statement of casereview lives in ``storage/``: :mod:`repository`
holds the writes with their audit events, this module the reads the
layers above need (typed, so that they never build a query themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from casereview.storage.models import Case, Document, Finding, Municipality, Round
from casereview.storage.review_models import EvidenceSpan, FindingDecision, Judgement

# The session type the layers above pass back in (they never build a query with it).
StoreSession = Session

# (document, indicator, start, end, rule): how a reviewer's decision names a finding.
FindingKey = tuple[int, str, int, int, str]


def _documents_of(session: Session, case_ids: Sequence[int]) -> list[Document]:
    """Every document of these cases (the reports, exports and evidence all start here)."""
    return list(session.exec(select(Document).where(col(Document.case_id).in_(case_ids))).all())


def _counting_findings(session: Session, doc_ids: Sequence[int]) -> list[Finding]:
    return list(
        session.exec(
            select(Finding).where(col(Finding.document_id).in_(doc_ids), col(Finding.counts))
        ).all()
    )


def row_id(value: int | None) -> int:
    """A stored row's id: set once the row has been read from (or flushed to) the store."""
    if value is None:
        raise ValueError("rækken er ikke gemt endnu")
    return value


def rounds_with_places(session: Session) -> list[tuple[Round, Municipality, int]]:
    """Every round with its municipality and number of cases, in display order."""
    rows = session.exec(
        select(Round, Municipality)
        .join(Municipality, col(Municipality.id) == Round.municipality_id)
        .order_by(Municipality.name, Round.kind, Round.label)
    ).all()
    counts: dict[int, int] = {
        round_id: n
        for round_id, n in session.exec(
            select(col(Case.round_id), func.count(col(Case.id))).group_by(col(Case.round_id))
        ).all()
    }
    return [(r, m, counts.get(r.id or 0, 0)) for r, m in rows]


def judgements_of_cases(session: Session, case_ids: Sequence[int]) -> list[Judgement]:
    if not case_ids:
        return []
    return list(session.exec(select(Judgement).where(col(Judgement.case_id).in_(case_ids))).all())


def document_flags(session: Session, case_ids: Sequence[int]) -> list[tuple[int, dict, str | None]]:
    """(case id, flags, score key) of every document of these cases."""
    if not case_ids:
        return []
    rows = session.exec(
        select(Document.case_id, Document.flags, Document.score_key).where(
            col(Document.case_id).in_(case_ids)
        )
    ).all()
    return [(case_id, flags, key) for case_id, flags, key in rows]


def findings_of(session: Session, document_id: int | None) -> list[Finding]:
    """A document's findings in text order."""
    return list(
        session.exec(
            select(Finding)
            .where(col(Finding.document_id) == document_id)
            .order_by(col(Finding.start), col(Finding.indicator))
        ).all()
    )


def judgement_of(session: Session, case_id: int, indicator: str, reviewer: str) -> Judgement | None:
    return session.exec(
        select(Judgement).where(
            col(Judgement.case_id) == case_id,
            col(Judgement.indicator) == indicator,
            col(Judgement.reviewer) == reviewer,
        )
    ).first()


def delete_judgement(session: Session, case_id: int, indicator: str, reviewer: str) -> None:
    session.exec(
        delete(Judgement).where(
            col(Judgement.case_id) == case_id,
            col(Judgement.indicator) == indicator,
            col(Judgement.reviewer) == reviewer,
        )
    )


def decisions_of(session: Session, document_id: int | None, reviewer: str) -> dict[tuple, str]:
    """(indicator, start, end, rule) -> this reviewer's decision, for one document."""
    return {
        (d.indicator, d.start, d.end, d.rule): d.decision
        for d in session.exec(
            select(FindingDecision).where(
                col(FindingDecision.document_id) == document_id,
                col(FindingDecision.reviewer) == reviewer,
            )
        ).all()
    }


def _decision_where(key: FindingKey, reviewer: str):
    document_id, indicator, start, end, rule = key
    return (
        col(FindingDecision.document_id) == document_id,
        col(FindingDecision.indicator) == indicator,
        col(FindingDecision.start) == start,
        col(FindingDecision.end) == end,
        col(FindingDecision.rule) == rule,
        col(FindingDecision.reviewer) == reviewer,
    )


def decision_on(session: Session, key: FindingKey, reviewer: str) -> str | None:
    found = session.exec(select(FindingDecision).where(*_decision_where(key, reviewer))).first()
    return found.decision if found else None


def delete_decision(session: Session, key: FindingKey, reviewer: str) -> None:
    session.exec(delete(FindingDecision).where(*_decision_where(key, reviewer)))


def rejected_by_anyone(session: Session, document_id: int | None) -> set[tuple]:
    """(indicator, start, end, rule) of the document's findings some reviewer rejected."""
    return {
        (d.indicator, d.start, d.end, d.rule)
        for d in session.exec(
            select(FindingDecision).where(
                col(FindingDecision.document_id) == document_id,
                col(FindingDecision.decision) == "reject",
            )
        ).all()
    }


def evidence_of(
    session: Session, document_id: int | None, reviewer: str | None
) -> list[EvidenceSpan]:
    """The evidence reviewers marked in a document (one reviewer's, or everyone's: None)."""
    query = select(EvidenceSpan).where(col(EvidenceSpan.document_id) == document_id)
    if reviewer is not None:
        query = query.where(col(EvidenceSpan.reviewer) == reviewer)
    else:
        query = query.order_by(col(EvidenceSpan.start))
    return list(session.exec(query).all())


def decisions_by_reviewer(session: Session, document_id: int | None) -> dict[tuple, dict[str, str]]:
    """(indicator, start, end, rule) -> {reviewer: "accept" | "reject"} for one document."""
    out: dict[tuple, dict[str, str]] = {}
    for d in session.exec(
        select(FindingDecision).where(col(FindingDecision.document_id) == document_id)
    ).all():
        out.setdefault((d.indicator, d.start, d.end, d.rule), {})[d.reviewer] = d.decision
    return out


def delete_evidence(session: Session, span_id: int) -> None:
    session.exec(delete(EvidenceSpan).where(col(EvidenceSpan.id) == span_id))


@dataclass
class RoundsContent:
    """Everything the case x indicator table of some rounds is made from."""

    cases: list[tuple[Municipality, Round, Case]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    counting_findings: list[Finding] = field(default_factory=list)
    rejected: set[tuple] = field(default_factory=set)  # FindingKey of rejected findings
    evidence: list[EvidenceSpan] = field(default_factory=list)


def rounds_content(
    session: Session, municipality: str | None = None, kind: str | None = None
) -> RoundsContent:
    """The cases of the chosen rounds with judgements, documents, counting findings,
    rejected findings and reviewers' evidence (empty when there are no cases)."""
    query = (
        select(Municipality, Round, Case)
        .join(Round, col(Round.municipality_id) == Municipality.id)
        .join(Case, col(Case.round_id) == Round.id)
    )
    if municipality is not None:
        query = query.where(col(Municipality.name) == municipality)
    if kind is not None:
        query = query.where(col(Round.kind) == kind)
    content = RoundsContent(
        cases=list(
            session.exec(
                query.order_by(
                    col(Municipality.name), col(Round.kind), col(Case.position), col(Case.ref)
                )
            ).all()
        )
    )
    case_ids = [c.id for _, _, c in content.cases if c.id is not None]
    if not case_ids:
        return content
    content.judgements = judgements_of_cases(session, case_ids)
    content.documents = _documents_of(session, case_ids)
    doc_ids = [d.id for d in content.documents if d.id is not None]
    if not doc_ids:
        return content
    content.counting_findings = _counting_findings(session, doc_ids)
    content.rejected = {
        (d.document_id, d.indicator, d.start, d.end, d.rule)
        for d in session.exec(
            select(FindingDecision).where(
                col(FindingDecision.document_id).in_(doc_ids),
                col(FindingDecision.decision) == "reject",
            )
        ).all()
    }
    content.evidence = list(
        session.exec(select(EvidenceSpan).where(col(EvidenceSpan.document_id).in_(doc_ids))).all()
    )
    return content


def has_document(session: Session, case_id: int | None, source_sha256: str) -> bool:
    """Whether this file (by the hash of its bytes) is already in the case."""
    return (
        session.exec(
            select(Document.id).where(
                col(Document.case_id) == case_id, col(Document.source_sha256) == source_sha256
            )
        ).first()
        is not None
    )


def add_document(session: Session, document: Document) -> None:
    """Write one imported document now, and let go of it (memory stays flat on large imports)."""
    session.add(document)
    session.flush()
    session.expunge(document)


def municipality_named(session: Session, name: str) -> Municipality | None:
    return session.exec(select(Municipality).where(col(Municipality.name) == name)).first()


def documents_to_score(
    session: Session, round_ids: Sequence[int]
) -> list[tuple[int, str | None, str | None]]:
    """(id, text hash, score key) of every document with text in these rounds, by id."""
    rows = session.exec(
        select(Document.id, Document.text_sha256, Document.score_key)
        .join(Case, col(Case.id) == Document.case_id)
        .where(col(Case.round_id).in_(round_ids), col(Document.text).is_not(None))
        .order_by(col(Document.id))
    ).all()
    return [(row_id(i), digest, key) for i, digest, key in rows]


def document_texts(session: Session, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, text) of these documents that still have their text."""
    rows = session.exec(select(Document.id, Document.text).where(col(Document.id).in_(ids))).all()
    return [(row_id(i), text) for i, text in rows if text is not None]


def text_hashes(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Document id -> hash of its text, read in chunks the databases accept."""
    hashes: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for doc_id, digest in session.exec(
            select(Document.id, Document.text_sha256).where(col(Document.id).in_(chunk))
        ).all():
            if doc_id is not None and digest is not None:
                hashes[doc_id] = digest
    return hashes


@dataclass
class CasesEvidence:
    """The evidence material of some cases: documents, counting findings, decisions, spans."""

    documents: dict[int, Document] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # counting, by document and start
    decisions: dict[tuple, dict[str, str]] = field(
        default_factory=dict
    )  # FindingKey -> by reviewer
    spans: list[EvidenceSpan] = field(default_factory=list)  # by document and start


def cases_evidence(session: Session, case_ids: Sequence[int]) -> CasesEvidence:
    """Everything the evidence of these cases is made from (empty without documents)."""
    found = CasesEvidence()
    if not case_ids:
        return found
    found.documents = {row_id(d.id): d for d in _documents_of(session, case_ids)}
    doc_ids = list(found.documents)
    if not doc_ids:
        return found
    for d in session.exec(
        select(FindingDecision).where(col(FindingDecision.document_id).in_(doc_ids))
    ).all():
        key = (d.document_id, d.indicator, d.start, d.end, d.rule)
        found.decisions.setdefault(key, {})[d.reviewer] = d.decision
    # The findings that count, and any other a reviewer accepted or rejected: a
    # decision is evidence of the review even on a finding that did not count.
    found.findings = [
        f
        for f in session.exec(
            select(Finding)
            .where(col(Finding.document_id).in_(doc_ids))
            .order_by(col(Finding.document_id), col(Finding.start))
        ).all()
        if f.counts or (f.document_id, f.indicator, f.start, f.end, f.rule) in found.decisions
    ]
    found.spans = list(
        session.exec(
            select(EvidenceSpan)
            .where(col(EvidenceSpan.document_id).in_(doc_ids))
            .order_by(col(EvidenceSpan.document_id), col(EvidenceSpan.start))
        ).all()
    )
    return found


def engine_versions(session: Session, case_ids: Sequence[int]) -> list[tuple[str, str]]:
    """The distinct (engine version, rule-set hash) the findings of these cases were made with."""
    rows = session.exec(
        select(Finding.engine_version, Finding.ruleset_hash)
        .join(Document, col(Document.id) == Finding.document_id)
        .where(col(Document.case_id).in_(case_ids))
        .distinct()
    ).all()
    return [(version, digest) for version, digest in rows]


@dataclass
class CaseMaterial:
    """What a case's judgements can be checked against: every reviewer's judgements, the
    documents, the counting findings, every decision on them and the marked evidence."""

    judgements: list[Judgement] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    counting_findings: list[Finding] = field(default_factory=list)
    decisions: list[FindingDecision] = field(default_factory=list)
    evidence: list[EvidenceSpan] = field(default_factory=list)


def case_material(session: Session, case_ids: Sequence[int]) -> CaseMaterial:
    material = CaseMaterial()
    if not case_ids:
        return material
    material.judgements = judgements_of_cases(session, case_ids)
    material.documents = _documents_of(session, case_ids)
    doc_ids = [d.id for d in material.documents if d.id is not None]
    if not doc_ids:
        return material
    material.counting_findings = _counting_findings(session, doc_ids)
    material.decisions = list(
        session.exec(
            select(FindingDecision).where(col(FindingDecision.document_id).in_(doc_ids))
        ).all()
    )
    material.evidence = list(
        session.exec(select(EvidenceSpan).where(col(EvidenceSpan.document_id).in_(doc_ids))).all()
    )
    return material


def round_by_id(session: Session, round_id: int) -> Round:
    """A round known to exist (created earlier in the same operation)."""
    found = session.get(Round, round_id)
    if found is None:
        raise ValueError(f"runde {round_id} findes ikke")
    return found
