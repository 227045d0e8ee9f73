"""Operations on the case store, shared by the CLI, the importer, scoring and (later) the TUI.

Every human change (judgement, decision on a finding, evidence span) is
written together with an audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select, update

from casereview.catalogue import Catalogue
from casereview.errors import CasereviewError
from casereview.storage.models import (
    Case,
    Document,
    Finding,
    Municipality,
    Round,
    RuleSetRecord,
    utcnow,
)
from casereview.storage.review_models import AuditEvent, EvidenceSpan, FindingDecision, Judgement
from casereview.values import DECISIONS, JUDGEMENT_VALUES, ROUND_KINDS


class NotFoundError(CasereviewError):
    """A municipality, round or case named by the user does not exist."""


def _get_or_create(session: Session, model, keys: dict, **extra):
    """The row with these key values, created (with ``extra``) and flushed when it does not exist."""
    found = session.exec(select(model).filter_by(**keys)).first()
    if found:
        return found
    row = model(**keys, **extra)
    try:
        with session.begin_nested():  # a savepoint: losing a race must not end the transaction
            session.add(row)
            session.flush()
    except IntegrityError:
        # Another process created the same row between our select and insert (two imports
        # creating one municipality on PostgreSQL): theirs is committed now, so use it.
        found = session.exec(select(model).filter_by(**keys)).first()
        if found is None:
            raise
        return found
    return row


def get_or_create_municipality(
    session: Session, name: str, kommunekode: str | None = None
) -> Municipality:
    name = name.strip()
    if not name:
        raise CasereviewError("kommunens navn må ikke være tomt")
    # "vejle" joins the existing "Vejle" rather than starting a second municipality.
    name = _same_name(session, name) or name
    return _get_or_create(session, Municipality, {"name": name}, kommunekode=kommunekode)


def _same_name(session: Session, name: str) -> str | None:
    """The stored municipality name equal to ``name`` ignoring case, if any."""
    names = list(session.exec(select(Municipality.name)).all())
    if name in names:
        return name
    return next((n for n in names if n.casefold() == name.casefold()), None)


def suggestion(given: str, known: Iterable[str]) -> str:
    """`` mente du X?`` for the closest known name ignoring case, or nothing."""
    import difflib

    by_fold = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(given.casefold(), list(by_fold), n=1, cutoff=0.6)
    return f" Mente du {by_fold[close[0]]}?" if close else ""


def resolve_municipality(session: Session, name: str) -> str:
    """The stored name of the municipality the user meant (case-insensitive).

    Refused with the closest name and every stored name when none matches, so
    a misspelling is never answered with an empty result.
    """
    found = _same_name(session, name.strip())
    if found is not None:
        return found
    names = sorted(session.exec(select(Municipality.name)).all())
    listed = ", ".join(names) if names else "ingen endnu; importér sager først"
    raise NotFoundError(
        f"kommunen '{name}' findes ikke i databasen.{suggestion(name, names)} "
        f"Kommuner i databasen: {listed} (se casereview status)."
    )


def get_or_create_round(
    session: Session, municipality: Municipality, kind: str, label: str = ""
) -> Round:
    if kind not in ROUND_KINDS:
        raise CasereviewError(f"ukendt runde '{kind}' (brug {', '.join(ROUND_KINDS)})")
    return _get_or_create(
        session, Round, {"municipality_id": municipality.id, "kind": kind, "label": label}
    )


def find_rounds(
    session: Session, municipality: str | None, kind: str | None
) -> list[tuple[Municipality, Round]]:
    """Rounds by municipality name and kind (both optional: all rounds)."""
    query = select(Municipality, Round).join(Round, col(Round.municipality_id) == Municipality.id)
    if municipality is not None:
        municipality = resolve_municipality(session, municipality)
        query = query.where(Municipality.name == municipality)
    if kind is not None:
        kind = kind.strip().lower()
        query = query.where(Round.kind == kind)
    rows = list(session.exec(query.order_by(Municipality.name, Round.kind, Round.label)).all())
    if not rows and municipality is not None and kind is not None:
        existing = find_rounds(session, municipality, None)
        kinds = sorted({r.kind for _, r in existing})
        raise NotFoundError(
            f"{municipality} har ingen runde '{kind}'. "
            f"Runder for {municipality}: {', '.join(kinds)}."
        )
    if not rows:
        what = " ".join(
            x
            for x in (
                f"kommunen '{municipality}'" if municipality else "",
                f"runden '{kind}'" if kind else "",
            )
            if x
        )
        raise NotFoundError(f"ingen runder fundet for {what or 'databasen'}; importér sager først")
    return rows


def get_or_create_case(session: Session, review_round: Round, ref: str, position: int) -> Case:
    return _get_or_create(
        session, Case, {"round_id": review_round.id, "ref": ref}, position=position
    )


def cases_of(session: Session, round_id: int) -> list[Case]:
    return list(
        session.exec(
            select(Case).where(Case.round_id == round_id).order_by(Case.position, Case.ref)
        ).all()
    )


def documents_of(session: Session, case_id: int) -> list[Document]:
    return list(
        session.exec(
            select(Document).where(Document.case_id == case_id).order_by(Document.id)
        ).all()
    )


def replace_findings(
    session: Session,
    document_id: int,
    findings: Iterable[dict],
    flags: dict,
    score_key: str,
    ruleset_hash: str,
    engine_version: str,
) -> None:
    """Replace a document's engine findings as a whole (the caller's transaction makes it atomic)."""
    session.exec(delete(Finding).where(col(Finding.document_id) == document_id))
    rows = [
        {
            **f,
            "document_id": document_id,
            "ruleset_hash": ruleset_hash,
            "engine_version": engine_version,
        }
        for f in findings
    ]
    if rows:  # one executemany: the single writer must keep up with the scoring workers
        session.execute(insert(Finding), rows)
    session.exec(
        update(Document)
        .where(col(Document.id) == document_id)
        .values(score_key=score_key, flags=flags, engine_version=engine_version, scored_at=utcnow())
    )


def audit(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict | None,
    after: dict | None,
) -> None:
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
    )


def set_judgement(
    session: Session, case_id: int, indicator: str, reviewer: str, value: str, note: str = ""
) -> Judgement:
    """Set (or change) a reviewer's judgement of one indicator of one case, with an audit event."""
    if value not in JUDGEMENT_VALUES:
        raise CasereviewError(f"ugyldig vurdering '{value}' (brug {', '.join(JUDGEMENT_VALUES)})")
    if not reviewer.strip():
        raise CasereviewError("bedømmerens navn må ikke være tomt")
    current = session.exec(
        select(Judgement).where(
            Judgement.case_id == case_id,
            Judgement.indicator == indicator,
            Judgement.reviewer == reviewer,
        )
    ).first()
    before = {"value": current.value, "note": current.note} if current else None
    if current is None:
        current = Judgement(
            case_id=case_id, indicator=indicator, reviewer=reviewer, value=value, note=note
        )
    else:
        current.value, current.note, current.updated_at = value, note, utcnow()
    session.add(current)
    session.flush()
    audit(
        session,
        reviewer,
        "judgement",
        "case",
        case_id,
        before,
        {"indicator": indicator, "value": value, "note": note},
    )
    return current


def decide_finding(
    session: Session,
    document_id: int,
    indicator: str,
    start: int,
    end: int,
    rule: str,
    reviewer: str,
    decision: str,
) -> FindingDecision:
    if decision not in DECISIONS:
        raise CasereviewError(f"ugyldig beslutning '{decision}' (brug accept eller reject)")
    current = session.exec(
        select(FindingDecision).where(
            FindingDecision.document_id == document_id,
            FindingDecision.indicator == indicator,
            FindingDecision.start == start,
            FindingDecision.end == end,
            FindingDecision.rule == rule,
            FindingDecision.reviewer == reviewer,
        )
    ).first()
    before = {"decision": current.decision} if current else None
    if current is None:
        current = FindingDecision(
            document_id=document_id,
            indicator=indicator,
            start=start,
            end=end,
            rule=rule,
            reviewer=reviewer,
            decision=decision,
        )
    else:
        current.decision, current.updated_at = decision, utcnow()
    session.add(current)
    session.flush()
    audit(
        session,
        reviewer,
        "finding_decision",
        "document",
        document_id,
        before,
        {"indicator": indicator, "start": start, "end": end, "rule": rule, "decision": decision},
    )
    return current


def add_evidence(
    session: Session,
    document_id: int,
    reviewer: str,
    indicator: str,
    start: int,
    end: int,
    note: str = "",
) -> EvidenceSpan:
    document = session.get(Document, document_id)
    if document is None or document.text is None:
        raise NotFoundError("dokumentet findes ikke eller er slettet")
    if not 0 <= start < end <= len(document.text):
        raise CasereviewError("markeringen ligger uden for teksten")
    span = EvidenceSpan(
        document_id=document_id,
        reviewer=reviewer,
        indicator=indicator,
        start=start,
        end=end,
        text=document.text[start:end],
        note=note,
    )
    session.add(span)
    session.flush()
    audit(
        session,
        reviewer,
        "evidence_span",
        "document",
        document_id,
        None,
        {"indicator": indicator, "start": start, "end": end},
    )
    return span


def judgements_of(session: Session, case_id: int) -> list[Judgement]:
    return list(
        session.exec(
            select(Judgement)
            .where(Judgement.case_id == case_id)
            .order_by(Judgement.indicator, Judgement.reviewer)
        ).all()
    )


def record_ruleset(session: Session, catalogue: Catalogue, engine_version: str) -> None:
    """Keep a rule set's catalogue under its hash (once; the hash says the files are the same)."""
    if session.get(RuleSetRecord, catalogue.ruleset_hash) is None:
        session.add(
            RuleSetRecord(
                hash=catalogue.ruleset_hash,
                engine_version=engine_version,
                catalogue=catalogue.to_json(),
            )
        )
        session.flush()


def mark_rounds_scored(session: Session, round_ids: list[int], ruleset_hash: str) -> None:
    """Say which rule set the rounds were scored with; their views show its indicators."""
    session.exec(
        update(Round).where(col(Round.id).in_(round_ids)).values(ruleset_hash=ruleset_hash)
    )


def catalogue_of_rounds(session: Session, round_ids: Iterable[int]) -> Catalogue | None:
    """The indicators the rounds were scored with (merged over rule sets); None: none scored."""
    records = session.exec(
        select(RuleSetRecord)
        .join(Round, col(Round.ruleset_hash) == RuleSetRecord.hash)
        .where(col(Round.id).in_(list(round_ids)))
        .order_by(RuleSetRecord.created_at)
    ).all()
    found: Catalogue | None = None
    for record in {r.hash: r for r in records}.values():
        catalogue = Catalogue.from_json(record.catalogue)
        found = catalogue if found is None else found.merged(catalogue)
    return found


def round_ids(
    session: Session, municipality: str | None = None, kind: str | None = None
) -> list[int]:
    """The ids of the rounds of a municipality and/or kind (none given: every round)."""
    query = select(Round.id).join(Municipality, col(Municipality.id) == Round.municipality_id)
    if municipality is not None:
        query = query.where(Municipality.name == municipality)
    if kind is not None:
        query = query.where(Round.kind == kind)
    return [i for i in session.exec(query).all() if i is not None]


def round_overview(session: Session) -> list[tuple[str, str, str, int, int, int]]:
    """Per round: municipality, kind, label, cases, documents, scored documents."""
    rows = session.execute(
        sa_select(
            col(Municipality.name),
            col(Round.kind),
            col(Round.label),
            func.count(func.distinct(Case.id)),
            func.count(col(Document.id)),
            func.count(col(Document.score_key)),
        )
        .join(Round, col(Round.municipality_id) == Municipality.id)
        .outerjoin(Case, col(Case.round_id) == Round.id)
        .outerjoin(Document, col(Document.case_id) == Case.id)
        .group_by(Municipality.name, Round.kind, Round.label)
        .order_by(Municipality.name, Round.kind)
    ).all()
    return [tuple(row) for row in rows]
