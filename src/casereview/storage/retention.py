"""Deleting case text when a course ends, so that it is gone from the database file too.

``purge`` removes the case texts of a municipality (or one of its rounds):
by default the cases with everything about them, their audit events
included; with ``keep_scores`` the cases, flags, findings' attributes and
human judgements stay, while every piece of case text (document text,
finding text, evidence text) and every reviewer note, also in the audit
events, is removed. The pre-upgrade backup copies of a SQLite file hold the
old text and are deleted.

Afterwards the database is compacted: SQLite checkpoints its WAL, VACUUMs
and checkpoints again, and refuses to call the file clean while another
process holds a read transaction (a checkpoint cannot reach past a reader);
PostgreSQL runs VACUUM FULL on every table that held text, so no dead tuple
keeps it. Then the purge verifies: samples of the purged text are searched
for in the database's bytes (the SQLite file and its WAL), or in every live
row on PostgreSQL, and the report says how many were found.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import text as sql
from sqlmodel import Session, col, delete, or_, select, update

from casereview.errors import CasereviewError
from casereview.storage.database import Store
from casereview.storage.models import Case, Document, Finding
from casereview.storage.repository import find_rounds
from casereview.storage.review_models import AuditEvent, EvidenceSpan, Judgement

SAMPLE_CHARS = 32
MAX_SAMPLES = 40
PG_TABLES = (
    "document",
    "finding",
    "evidence_span",
    "citizen_case",
    "judgement",
    "finding_decision",
    "audit_event",
)


class PurgeNotCompacted(CasereviewError):
    """The text is deleted, but another process keeps the old pages alive."""


@dataclass
class PurgeReport:
    rounds: int = 0
    cases: int = 0
    documents: int = 0
    audit_events: int = 0
    backups_removed: list[str] = field(default_factory=list)
    samples: int = 0  # pieces of purged text searched for afterwards
    residue: int = 0  # of those, still found
    scanned: str = ""  # what was searched


def purge(
    store: Store,
    municipality: str,
    kind: str | None = None,
    keep_scores: bool = False,
    actor: str = "casereview",
    wait_seconds: float = 10.0,
) -> PurgeReport:
    report = PurgeReport()
    with store.session() as session:
        rounds = find_rounds(session, municipality, kind)
        round_ids = [r.id for _, r in rounds]
        case_ids = [
            i
            for i in session.exec(select(Case.id).where(col(Case.round_id).in_(round_ids))).all()
            if i is not None
        ]
        doc_ids = [
            i
            for i in session.exec(
                select(Document.id).where(col(Document.case_id).in_(case_ids))
            ).all()
            if i is not None
        ]
        report.rounds, report.cases, report.documents = len(round_ids), len(case_ids), len(doc_ids)
        samples = _samples(session, case_ids, doc_ids)
        report.audit_events = _purge_audit(session, case_ids, doc_ids, keep_scores)
        if keep_scores:
            session.exec(update(Document).where(col(Document.id).in_(doc_ids)).values(text=None))
            session.exec(
                update(Finding).where(col(Finding.document_id).in_(doc_ids)).values(text=None)
            )
            session.exec(
                update(EvidenceSpan)
                .where(col(EvidenceSpan.document_id).in_(doc_ids))
                .values(text=None, note="")
            )
            session.exec(
                update(Judgement).where(col(Judgement.case_id).in_(case_ids)).values(note="")
            )
        else:
            session.exec(
                delete(Case).where(col(Case.id).in_(case_ids))
            )  # cascades to documents and below
        session.add(
            AuditEvent(
                actor=actor,
                action="purge",
                entity="municipality",
                entity_id=None,
                before=None,
                after={
                    "municipality": municipality,
                    "round": kind,
                    "keep_scores": keep_scores,
                    "cases": len(case_ids),
                    "documents": len(doc_ids),
                },
            )
        )
    report.backups_removed = _remove_backups(store)
    compact(store, wait_seconds)
    report.samples = len(samples)
    report.residue, report.scanned = verify(store, samples)
    return report


def _samples(session: Session, case_ids: list[int], doc_ids: list[int]) -> list[str]:
    """Pieces of the text about to be purged, distinctive enough to search the bytes for."""
    found: list[str] = []
    texts = session.exec(
        select(Document.text).where(col(Document.id).in_(doc_ids), col(Document.text).is_not(None))
    ).all()
    notes = session.exec(
        select(Judgement.note).where(col(Judgement.case_id).in_(case_ids), Judgement.note != "")
    ).all()
    for text in list(texts) + list(notes):
        for line in (text or "").splitlines():
            line = line.strip()
            if len(line) >= SAMPLE_CHARS:
                middle = (len(line) - SAMPLE_CHARS) // 2
                found.append(line[middle : middle + SAMPLE_CHARS])
                break
        else:
            if text and len(text.strip()) >= 12:
                found.append(text.strip())
        if len(found) >= MAX_SAMPLES:
            break
    return [s for s in dict.fromkeys(found) if not _kept_elsewhere(session, s, case_ids, doc_ids)]


def _kept_elsewhere(session: Session, sample: str, case_ids: list[int], doc_ids: list[int]) -> bool:
    """True when text that stays (another municipality's copy) holds the sample too."""
    find = func.instr if session.get_bind().dialect.name == "sqlite" else func.strpos
    in_text = session.exec(
        select(Document.id).where(col(Document.id).not_in(doc_ids), find(Document.text, sample) > 0)
    ).first()
    in_note = session.exec(
        select(Judgement.id).where(
            col(Judgement.case_id).not_in(case_ids), find(Judgement.note, sample) > 0
        )
    ).first()
    return in_text is not None or in_note is not None


def _purge_audit(
    session: Session, case_ids: list[int], doc_ids: list[int], keep_scores: bool
) -> int:
    """Delete (or, keeping scores, strip the notes from) the audit events of the purged cases."""
    about = or_(
        (col(AuditEvent.entity) == "case") & col(AuditEvent.entity_id).in_(case_ids),
        (col(AuditEvent.entity) == "document") & col(AuditEvent.entity_id).in_(doc_ids),
    )
    events = session.exec(select(AuditEvent).where(about)).all()
    for event in events:
        if not keep_scores:
            session.delete(event)
            continue
        for side in ("before", "after"):
            value = getattr(event, side)
            if isinstance(value, dict) and value.get("note"):
                setattr(event, side, {**value, "note": ""})
        session.add(event)
    return len(events)


def _remove_backups(store: Store) -> list[str]:
    """Pre-upgrade copies of a SQLite file hold the purged text as it was: delete them."""
    path = store.sqlite_path
    if path is None:
        return []
    removed = []
    for backup in sorted(path.parent.glob(f"{path.name}.backup-*")):
        backup.unlink(missing_ok=True)
        removed.append(backup.name)
    return removed


def compact(store: Store, wait_seconds: float = 10.0) -> None:
    """Rewrite the database so deleted rows leave no trace in free pages or the WAL."""
    if store.is_sqlite:
        with store.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None  # an open connection has its DB-API connection
            raw.execute(f"PRAGMA busy_timeout={int(wait_seconds * 1000)}")
            _checkpoint(raw, wait_seconds)
            raw.execute("VACUUM")
            _checkpoint(raw, wait_seconds)
    else:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in PG_TABLES:
                connection.execute(sql(f"VACUUM FULL {table}"))


def _checkpoint(raw, wait_seconds: float) -> None:
    """A complete WAL checkpoint, or an error: a reader's snapshot keeps old pages alive."""
    deadline = time.monotonic() + wait_seconds
    while True:
        busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return
        if time.monotonic() >= deadline:
            raise PurgeNotCompacted(
                "teksten er slettet, men en anden proces (fx casereview review) læser databasen, "
                "så de gamle sider kan ikke fjernes fra filen endnu; luk den anden proces og kør "
                "purge igen"
            )
        time.sleep(0.2)


def verify(store: Store, samples: list[str]) -> tuple[int, str]:
    """How many samples are still in the database, and what was searched."""
    if not samples:
        return 0, "intet at søge efter"
    if store.is_sqlite:
        path = store.sqlite_path
        assert path is not None  # a SQLite store has a file
        files = [p for p in (path, Path(f"{path}-wal")) if p.exists()]
        data = b"".join(p.read_bytes() for p in files)
        hits = sum(1 for s in samples if s.encode("utf-8") in data)
        return hits, "databasefilens bytes" + (" og WAL" if len(files) > 1 else "")
    hits = 0
    with store.engine.connect() as connection:
        for sample in samples:
            for table in PG_TABLES:
                found = connection.execute(
                    sql(f"SELECT 1 FROM {table} t WHERE strpos(t::text, :s) > 0 LIMIT 1"),
                    {"s": sample},
                ).first()
                if found:
                    hits += 1
                    break
    return hits, "alle rækker i PostgreSQL efter VACUUM FULL"
