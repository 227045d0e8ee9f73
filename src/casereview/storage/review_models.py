"""The reviewers' tables: judgements, decisions on findings, manual evidence, audit.

Kept apart from the case tables because they arrived in the second schema
revision (``0002_review``), and because nothing the engine does may touch them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from casereview.storage.models import utcnow


class Judgement(SQLModel, table=True):
    """A reviewer's current answer for one indicator of one case (history is in the audit log)."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("case_id", "indicator", "reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="citizen_case.id", ondelete="CASCADE", index=True)
    indicator: str
    reviewer: str
    value: str
    note: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class FindingDecision(SQLModel, table=True):
    """Accept or reject of an engine finding, keyed by span and rule so it survives re-scoring."""

    __tablename__ = "finding_decision"
    __table_args__ = (
        UniqueConstraint("document_id", "indicator", "start", "end", "rule", "reviewer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    indicator: str
    start: int
    end: int
    rule: str
    reviewer: str
    decision: str
    updated_at: datetime = Field(default_factory=utcnow)


class EvidenceSpan(SQLModel, table=True):
    """Evidence the engine missed, marked by a reviewer."""

    __tablename__ = "evidence_span"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    reviewer: str
    indicator: str
    start: int
    end: int
    text: str | None = None
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, from what to what: every human change is logged."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    entity: str
    entity_id: int | None = None
    before: dict | None = Field(default=None, sa_type=JSON)
    after: dict | None = Field(default=None, sa_type=JSON)
