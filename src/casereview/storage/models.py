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

from casereview.values import DECISIONS, DOCUMENT_KINDS, JUDGEMENT_VALUES, ROUND_KINDS

__all__ = ["DECISIONS", "DOCUMENT_KINDS", "JUDGEMENT_VALUES", "ROUND_KINDS"]


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
    # The rule set the round was last scored with (a ``ruleset`` row); its catalogue names
    # the indicators shown. No foreign key: SQLite could only add one by copying the table.
    ruleset_hash: str | None = None


class RuleSetRecord(SQLModel, table=True):
    """A rule set that scored something: its hash and the indicator catalogue it defined.

    Kept so that every view of a round shows the indicators it was scored with,
    also when that was with custom rules (``--rules``) no longer at hand.
    """

    __tablename__ = "ruleset"

    hash: str = Field(primary_key=True)
    engine_version: str
    catalogue: dict = Field(default_factory=dict, sa_type=JSON)
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
    cues: list = Field(default_factory=list, sa_type=JSON)  # cue ids
    source: str = "term"
    reason: str = "counts"
    # Everything the explanation needs, so the TUI explains exactly as ``explain`` does:
    # the deciding detail (a pseudo phrase's reason, a placeholder, whose it is) and the
    # cues with their category and words ([{id, category, text, start, end}]).
    detail: str | None = None
    cue_details: list | None = Field(default=None, sa_type=JSON)
    ruleset_hash: str
    engine_version: str
