"""Deleting case text when a course ends, so that it is gone from the database file too.

``purge`` removes the case texts of a municipality (or one of its rounds):
by default the cases with everything about them; with ``keep_scores`` the
cases, flags, findings' attributes and human judgements stay, while every
piece of case text (document text, finding text, evidence text) is removed.
Afterwards the database is compacted (SQLite: WAL checkpoint and VACUUM;
PostgreSQL: VACUUM FULL) so the deleted text no longer sits in free pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlmodel import col, delete, select, update

from casereview.storage.database import Store
from casereview.storage.models import Case, Document, Finding
from casereview.storage.repository import find_rounds
from casereview.storage.review_models import AuditEvent, EvidenceSpan


@dataclass
class PurgeReport:
    rounds: int = 0
    cases: int = 0
    documents: int = 0


def purge(
    store: Store,
    municipality: str,
    kind: str | None = None,
    keep_scores: bool = False,
    actor: str = "casereview",
) -> PurgeReport:
    report = PurgeReport()
    with store.session() as session:
        rounds = find_rounds(session, municipality, kind)
        round_ids = [r.id for _, r in rounds]
        case_ids = list(
            session.exec(select(Case.id).where(col(Case.round_id).in_(round_ids))).all()
        )
        doc_ids = list(
            session.exec(select(Document.id).where(col(Document.case_id).in_(case_ids))).all()
        )
        report.rounds, report.cases, report.documents = len(round_ids), len(case_ids), len(doc_ids)
        if keep_scores:
            session.exec(update(Document).where(col(Document.id).in_(doc_ids)).values(text=None))
            session.exec(
                update(Finding).where(col(Finding.document_id).in_(doc_ids)).values(text=None)
            )
            session.exec(
                update(EvidenceSpan)
                .where(col(EvidenceSpan.document_id).in_(doc_ids))
                .values(text=None)
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
    compact(store)
    return report


def compact(store: Store) -> None:
    """Rewrite the database so deleted rows leave no trace in free pages or the WAL."""
    if store.is_sqlite:
        with store.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None, "an open connection has its DBAPI connection"
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("document", "finding", "evidence_span", "citizen_case"):
                connection.execute(sql(f"VACUUM FULL {table}"))
