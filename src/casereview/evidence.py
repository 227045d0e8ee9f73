"""The evidence behind each case and indicator, for exports people open in Excel.

One :class:`EvidenceItem` per engine finding that counts (with every
reviewer's accept or reject) and per span a reviewer marked. Offsets always
go out; the words themselves only with ``include_text``, because they are
case text (sensitive personal data).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from casereview.storage.database import Store
from casereview.storage.models import Document
from casereview.storage.queries import cases_evidence
from casereview.values import DECISION_DA

SOURCE_DA = {"finding": "Automatisk forslag", "marked": "Markeret af bedømmer"}


@dataclass
class EvidenceItem:
    """A finding that counts, or a span a reviewer marked, in one document of one case."""

    case_id: int
    document: str
    indicator: str
    start: int
    end: int
    source: str  # "finding" or "marked"
    rule: str = ""
    decisions: dict[str, str] = field(default_factory=dict)  # reviewer -> accept/reject
    reviewer: str = ""  # who marked it (marked spans)
    text: str | None = None  # only with include_text
    context: tuple[str, int, int] | None = None  # (text around it, mark start, mark end)

    @property
    def place(self) -> str:
        """Where it is, without case text: ``handleplan.txt 113-119``."""
        return f"{self.document} {self.start}-{self.end}"

    def phrase(self) -> str:
        """The words in guillemets with where they are, or only where without text."""
        return f"«{self.text.strip()}» ({self.place})" if self.text else self.place

    def decision_text(self) -> str:
        return ", ".join(f"{r}: {DECISION_DA[d]}" for r, d in sorted(self.decisions.items()))


def load_evidence(
    store: Store, case_ids: list[int], include_text: bool = False
) -> dict[tuple[int, str], list[EvidenceItem]]:
    """Evidence per (case id, indicator), findings first, in text order."""
    out: dict[tuple[int, str], list[EvidenceItem]] = defaultdict(list)
    if not case_ids:
        return out
    with store.session() as session:
        found = cases_evidence(session, case_ids)
    documents, decisions = found.documents, found.decisions
    findings, spans = found.findings, found.spans
    for f in findings:
        doc = documents[f.document_id]
        out[(doc.case_id, f.indicator)].append(
            EvidenceItem(
                doc.case_id,
                doc.source_name,
                f.indicator,
                f.start,
                f.end,
                "finding",
                rule=f.rule,
                decisions=decisions.get((f.document_id, f.indicator, f.start, f.end, f.rule), {}),
                text=_slice(doc, f.start, f.end) if include_text else None,
                context=_context(doc, f.start, f.end) if include_text else None,
            )
        )
    for s in spans:
        doc = documents[s.document_id]
        out[(doc.case_id, s.indicator)].append(
            EvidenceItem(
                doc.case_id,
                doc.source_name,
                s.indicator,
                s.start,
                s.end,
                "marked",
                reviewer=s.reviewer,
                text=_slice(doc, s.start, s.end) if include_text else None,
                context=_context(doc, s.start, s.end) if include_text else None,
            )
        )
    return out


def _slice(document: Document, start: int, end: int) -> str | None:
    return document.text[start:end] if document.text is not None else None


def _context(
    document: Document, start: int, end: int, width: int = 80
) -> tuple[str, int, int] | None:
    """The words around a span, to quote it in a report."""
    if document.text is None:
        return None
    lo, hi = max(0, start - width), min(len(document.text), end + width)
    return document.text[lo:hi], start - lo, end - lo


def summary_columns(items: list[EvidenceItem], reviewers: list[str]) -> list:
    """The evidence columns of one case x indicator row (see :data:`SUMMARY_HEADER`)."""
    findings = [i for i in items if i.source == "finding"]
    marked = [i for i in items if i.source == "marked"]
    columns: list = [
        "; ".join(i.phrase() for i in findings),
    ]
    for reviewer in reviewers:
        accepted = sum(1 for i in findings if i.decisions.get(reviewer) == "accept")
        rejected = [i for i in findings if i.decisions.get(reviewer) == "reject"]
        own = [i for i in marked if i.reviewer == reviewer]
        columns += [
            accepted,
            len(rejected),
            "; ".join(i.phrase() for i in rejected),
            "; ".join(i.phrase() for i in own),
        ]
    return columns


def summary_header(reviewers: list[str]) -> list[str]:
    header = ["Fundne tekststeder (automatisk forslag)"]
    for reviewer in reviewers:
        header += [
            f"Accepterede fund ({reviewer})",
            f"Afviste fund ({reviewer})",
            f"Afviste tekststeder ({reviewer})",
            f"Markerede tekststeder ({reviewer})",
        ]
    return header


DETAIL_HEADER = [
    "Kommune",
    "Runde",
    "Sag",
    "Indikator",
    "Dokument",
    "Start",
    "Slut",
    "Kilde",
    "Regel",
    "Markeret af",
    "Bedømmernes afgørelse",
    "Tekst",
]
