"""The verdict tables: adjudicated final values and the consultant's conclusions.

They arrived in schema revision ``0004_adjudication``. An adjudication never
changes a reviewer's judgement: it sits beside the judgements of a case and
indicator, and the analysis uses it as the final value when it exists. Both
tables are written only together with an audit event (see
:mod:`casereview.storage.verdicts`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from casereview.storage.models import utcnow

# The topic of the overall recommendations; per-indicator observations use the indicator id.
OVERALL = "anbefalinger"


class Adjudication(SQLModel, table=True):
    """The final value of one indicator of one case, settled by an adjudicator with a reason."""

    __tablename__ = "adjudication"
    __table_args__ = (UniqueConstraint("case_id", "indicator"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="citizen_case.id", ondelete="CASCADE", index=True)
    indicator: str
    value: str
    reason: str = ""
    adjudicator: str
    decided_at: datetime = Field(default_factory=utcnow)


class Conclusion(SQLModel, table=True):
    """The consultant's text for a round: an observation per indicator, or the overall recommendations."""

    __tablename__ = "conclusion"
    __table_args__ = (UniqueConstraint("round_id", "topic"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="review_round.id", ondelete="CASCADE", index=True)
    topic: str  # an indicator id, or OVERALL
    text: str
    author: str
    written_at: datetime = Field(default_factory=utcnow)
