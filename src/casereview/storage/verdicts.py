"""Writing adjudications and conclusions, each change together with its audit event.

An adjudication sets the final value of one case and indicator beside the
reviewers' judgements, which stay as they were. Removing or replacing one
keeps the previous value in the audit trail, so a verdict can always be
traced and undone.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from casereview.errors import CasereviewError
from casereview.storage.models import JUDGEMENT_VALUES, Case, utcnow
from casereview.storage.repository import _audit
from casereview.storage.verdict_models import OVERALL, Adjudication, Conclusion


def _adjudication(session: Session, case_id: int, indicator: str) -> Adjudication | None:
    return session.exec(
        select(Adjudication).where(
            Adjudication.case_id == case_id, Adjudication.indicator == indicator
        )
    ).first()


def adjudication_state(session: Session, case_id: int, indicator: str) -> dict | None:
    """The stored verdict as a plain dict (what undo restores), or None."""
    found = _adjudication(session, case_id, indicator)
    if found is None:
        return None
    return {"value": found.value, "reason": found.reason, "adjudicator": found.adjudicator}


def set_adjudication(
    session: Session, case_id: int, indicator: str, value: str, reason: str, adjudicator: str
) -> Adjudication:
    """Record (or replace) the final value of one case and indicator; audited."""
    if value not in JUDGEMENT_VALUES:
        raise CasereviewError(f"ugyldig afgørelse '{value}' (brug {', '.join(JUDGEMENT_VALUES)})")
    if not adjudicator.strip():
        raise CasereviewError("den der afgør, skal have et navn")
    if session.get(Case, case_id) is None:
        raise CasereviewError(f"sagen med id {case_id} findes ikke")
    current = _adjudication(session, case_id, indicator)
    before = adjudication_state(session, case_id, indicator)
    if current is None:
        current = Adjudication(
            case_id=case_id,
            indicator=indicator,
            value=value,
            reason=reason,
            adjudicator=adjudicator,
        )
    else:
        current.value, current.reason, current.adjudicator = value, reason, adjudicator
        current.decided_at = utcnow()
    session.add(current)
    session.flush()
    _audit(
        session,
        adjudicator,
        "adjudication",
        "case",
        case_id,
        before,
        {"indicator": indicator, "value": value, "reason": reason},
    )
    return current


def remove_adjudication(session: Session, case_id: int, indicator: str, actor: str) -> None:
    """Take a verdict back (the judgements decide again); audited with the value it had."""
    current = _adjudication(session, case_id, indicator)
    if current is None:
        return
    before = adjudication_state(session, case_id, indicator)
    session.delete(current)
    session.flush()
    _audit(
        session, actor, "adjudication_removed", "case", case_id, before, {"indicator": indicator}
    )


def adjudications_for(session: Session, case_ids: list[int]) -> list[Adjudication]:
    if not case_ids:
        return []
    return list(session.exec(select(Adjudication).where(col(Adjudication.case_id).in_(case_ids))))


# -- conclusions -------------------------------------------------------------------
def check_topic(topic: str, indicators: list[str]) -> None:
    if topic != OVERALL and topic not in indicators:
        raise CasereviewError(f"ukendt emne '{topic}' (brug {', '.join([*indicators, OVERALL])})")


def set_conclusion(
    session: Session, round_id: int, topic: str, text: str, author: str
) -> Conclusion | None:
    """Write the consultant's text for a round and topic; an empty text removes it. Audited."""
    if not author.strip():
        raise CasereviewError("konklusionens forfatter skal have et navn")
    current = session.exec(
        select(Conclusion).where(Conclusion.round_id == round_id, Conclusion.topic == topic)
    ).first()
    before = {"text": current.text, "author": current.author} if current else None
    text = text.strip()
    if before and before["text"] == text:
        return current
    if not text:
        if current is not None:
            session.delete(current)
            session.flush()
            _audit(
                session, author, "conclusion_removed", "round", round_id, before, {"topic": topic}
            )
        return None
    if current is None:
        current = Conclusion(round_id=round_id, topic=topic, text=text, author=author)
    else:
        current.text, current.author, current.written_at = text, author, utcnow()
    session.add(current)
    session.flush()
    _audit(session, author, "conclusion", "round", round_id, before, {"topic": topic, "text": text})
    return current


def conclusions_of(session: Session, round_id: int) -> dict[str, Conclusion]:
    rows = session.exec(select(Conclusion).where(Conclusion.round_id == round_id)).all()
    return {c.topic: c for c in rows}
