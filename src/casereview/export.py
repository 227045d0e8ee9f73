"""Exporting stored rounds: one JSON line per document.

Case text is exported only when asked (``include_text``): findings carry
only offsets, flags and attributes otherwise, never the words themselves.
Each finding carries every reviewer's accept or reject, and each document
the evidence spans reviewers marked, so the export holds the whole review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from sqlmodel import select

from casereview.storage.database import Store
from casereview.storage.models import Finding
from casereview.storage.repository import cases_of, documents_of, find_rounds, judgements_of
from casereview.storage.review_models import EvidenceSpan
from casereview.storage.verdicts import adjudications_for


def _cases(store: Store, municipality: str | None, kind: str | None) -> Iterator[tuple]:
    """(municipality, round, case) of the chosen rounds, read lazily, one case at a time."""
    with store.session() as session:
        rounds = find_rounds(session, municipality, kind)
    for place, review_round in rounds:
        with store.session() as session:
            cases = cases_of(session, review_round.id)
        for case in cases:
            yield place, review_round, case


def export_records(
    store: Store, municipality: str | None, kind: str | None, include_text: bool = False
) -> Iterator[dict]:
    """One record per document of the chosen rounds, read case by case."""
    for place, review_round, case in _cases(store, municipality, kind):
        with store.session() as session:
            judgements = [
                {"indicator": j.indicator, "reviewer": j.reviewer, "value": j.value, "note": j.note}
                for j in judgements_of(session, case.id)
            ]
            adjudications = [
                {
                    "indicator": a.indicator,
                    "value": a.value,
                    "reason": a.reason,
                    "adjudicator": a.adjudicator,
                    "decided_at": a.decided_at.isoformat(),
                }
                for a in adjudications_for(session, [case.id])
            ]
            for document in documents_of(session, case.id):
                findings = session.exec(
                    select(Finding)
                    .where(Finding.document_id == document.id)
                    .order_by(Finding.start, Finding.indicator)
                ).all()
                decisions = _decisions(session, document.id)
                marked = session.exec(
                    select(EvidenceSpan)
                    .where(EvidenceSpan.document_id == document.id)
                    .order_by(EvidenceSpan.start)
                ).all()
                record = {
                    "municipality": place.name,
                    "round": review_round.kind,
                    "round_label": review_round.label,
                    "case": case.ref,
                    "document": document.source_name,
                    "kind": document.kind,
                    "flags": document.flags,
                    "scored": document.score_key is not None,
                    "masked": document.masked,
                    "findings": [
                        {
                            **_finding(f, include_text),
                            "decisions": decisions.get((f.indicator, f.start, f.end, f.rule), {}),
                        }
                        for f in findings
                    ],
                    "evidence": [_marked(m, include_text) for m in marked],
                    "judgements": judgements,
                    "adjudications": adjudications,
                }
                if include_text:
                    record["text"] = document.text
                yield record


def _finding(f: Finding, include_text: bool) -> dict:
    data = {
        "indicator": f.indicator,
        "start": f.start,
        "end": f.end,
        "counts": f.counts,
        "negated": f.negated,
        "experiencer": f.experiencer,
        "temporality": f.temporality,
        "section": f.section,
        "rule": f.rule,
        "cues": f.cues,
        "source": f.source,
        "reason": f.reason,
    }
    if include_text:
        data["text"] = f.text
    return data


def _decisions(session, document_id: int) -> dict[tuple, dict[str, str]]:
    """(indicator, start, end, rule) -> {reviewer: "accept" | "reject"} for one document."""
    from casereview.storage.review_models import FindingDecision

    out: dict[tuple, dict[str, str]] = {}
    for d in session.exec(
        select(FindingDecision).where(FindingDecision.document_id == document_id)
    ):
        out.setdefault((d.indicator, d.start, d.end, d.rule), {})[d.reviewer] = d.decision
    return out


def _marked(span, include_text: bool) -> dict:
    data = {
        "indicator": span.indicator,
        "start": span.start,
        "end": span.end,
        "reviewer": span.reviewer,
        "note": span.note,
    }
    if include_text:
        data["text"] = span.text
    return data


def write_jsonl(records: Iterator[dict], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def span_records(store: Store, municipality: str | None, kind: str | None) -> Iterator[dict]:
    """``{"text", "spans": [{"start", "end", "label"}], "meta"}`` per document, as spaCy and Prodigy read it.

    Spans are the findings that count and that no reviewer rejected, plus the
    evidence reviewers marked themselves; labels are indicator ids.
    """
    from casereview.storage.review_models import FindingDecision

    for place, review_round, case in _cases(store, municipality, kind):
        with store.session() as session:
            for document in documents_of(session, case.id):
                if document.text is None:
                    continue
                rejected = {
                    (d.indicator, d.start, d.end, d.rule)
                    for d in session.exec(
                        select(FindingDecision).where(
                            FindingDecision.document_id == document.id,
                            FindingDecision.decision == "reject",
                        )
                    )
                }
                spans = {
                    (f.start, f.end, f.indicator)
                    for f in session.exec(
                        select(Finding).where(
                            Finding.document_id == document.id,
                            Finding.counts.is_(True),  # type: ignore[attr-defined]
                        )
                    )
                    if (f.indicator, f.start, f.end, f.rule) not in rejected
                }
                spans |= {
                    (s.start, s.end, s.indicator)
                    for s in session.exec(
                        select(EvidenceSpan).where(EvidenceSpan.document_id == document.id)
                    )
                }
                yield {
                    "text": document.text,
                    "spans": [
                        {"start": s, "end": e, "label": label} for s, e, label in sorted(spans)
                    ],
                    "meta": {
                        "municipality": place.name,
                        "round": review_round.kind,
                        "case": case.ref,
                        "document": document.source_name,
                        "kind": document.kind,
                    },
                }
