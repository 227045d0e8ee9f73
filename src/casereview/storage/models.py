"""The case store's tables (SQLModel).

One database holds every municipality's rounds so that baseline and endline
can be compared 1.5 years apart; the schema only changes through Alembic
migrations (``storage/migrations``).

Human work never hangs on engine output that re-scoring replaces: a
reviewer's accept/reject decision is keyed by the finding's document, span,
indicator and rule, not by the finding row, so it survives when new rules
re-create the findings.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timezone

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

ROUND_KINDS = ("baseline", "endline", "other")
DOCUMENT_KINDS = ("handleplan", "udredning", "statusnotat", "andet")
JUDGEMENT_VALUES = ("ja", "delvist", "nej", "ikke_relevant")
DECISIONS = ("accept", "reject")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Municipality(SQLModel, table=True):
    __tablename__ = "municipality"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    kommunekode: str | None = None


class Round(SQLModel, table=True):
    """A review round: the ten cases of a municipality at baseline or endline."""

    __tablename__ = "review_round"
    __table_args__ = (UniqueConstraint("municipality_id", "kind", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", ondelete="CASCADE", index=True)
    kind: str
    label: str = ""
    date: dt.date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Case(SQLModel, table=True):
    __tablename__ = "citizen_case"
    __table_args__ = (UniqueConstraint("round_id", "ref"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="review_round.id", ondelete="CASCADE", index=True)
    ref: str  # pseudonymous reference, e.g. the folder name
    position: int = 0


class Document(SQLModel, table=True):
    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("case_id", "source_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="citizen_case.id", ondelete="CASCADE", index=True)
    kind: str
    source_name: str
    source_sha256: str
    # The text after masking; None once purged.
    text: str | None = None
    text_sha256: str | None = None
    masked: dict = Field(default_factory=dict, sa_type=JSON)
    imported_at: datetime = Field(default_factory=utcnow)
    # What the stored findings were made from: "<text_sha256>:<ruleset hash>".
    score_key: str | None = None
    flags: dict = Field(default_factory=dict, sa_type=JSON)
    engine_version: str | None = None
    scored_at: datetime | None = None


class Finding(SQLModel, table=True):
    """One engine finding; replaced as a whole when the document is re-scored."""

    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    indicator: str = Field(index=True)
    start: int
    end: int
    text: str | None = None
    counts: bool
    negated: bool
    experiencer: str
    temporality: str
    section: str | None = None
    rule: str
    cues: list = Field(default_factory=list, sa_type=JSON)
    source: str = "term"
    reason: str = "counts"
    ruleset_hash: str
    engine_version: str
