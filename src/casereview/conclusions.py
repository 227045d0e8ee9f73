"""The consultant's conclusions from a Markdown file: one heading per topic.

A heading (``#`` to ``###``) names an indicator, by id or Danish label, or
the overall recommendations (*Anbefalinger*); the text under it, up to the
next heading, is the conclusion. Every problem is reported at once, naming
the file and the line, before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from casereview.errors import InputFileError
from casereview.storage.database import Store
from casereview.storage.repository import find_rounds
from casereview.storage.verdict_models import OVERALL
from casereview.storage.verdicts import set_conclusion


@dataclass
class ConclusionText:
    """A stored conclusion as the report shows it."""

    text: str
    author: str
    written_at: datetime


_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*#*\s*$")


def _topic(title: str, labels: dict[str, str]) -> str | None:
    wanted = title.strip().casefold()
    if wanted in ("anbefalinger", "samlede anbefalinger", "overall", OVERALL):
        return OVERALL
    for indicator, label in labels.items():
        if wanted in (indicator.casefold(), label.casefold()):
            return indicator
    return None


def parse_conclusions(text: str, labels: dict[str, str], path: Path) -> dict[str, str]:
    """Topic -> text; raises one error naming every bad line."""
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            current = _topic(heading.group(1), labels)
            if current is None:
                names = ", ".join([*labels.values(), "Anbefalinger"])
                problems.append(
                    f"linje {number}: ukendt overskrift '{heading.group(1)}' (brug {names})"
                )
            elif current in found:
                problems.append(f"linje {number}: '{heading.group(1)}' står der to gange")
            else:
                found[current] = []
            continue
        if current is None and line.strip() and not problems:
            problems.append(f"linje {number}: tekst før den første overskrift")
        elif current is not None and current in found:
            found[current].append(line)
    if problems:
        raise InputFileError("konklusionerne kan ikke læses: " + "; ".join(problems), path)
    result = {topic: "\n".join(lines).strip() for topic, lines in found.items()}
    if not any(result.values()):
        raise InputFileError("filen har ingen konklusioner under overskrifterne", path)
    return result


def import_conclusions(
    store: Store, municipality: str, kind: str, path: Path, author: str, labels: dict[str, str]
) -> dict[str, str]:
    """Read the file and store every topic for the round, in one transaction."""
    from casereview.ingest.readers import read_document

    _, text = read_document(path)  # .md or .txt, any encoding a case file may have; size-limited
    conclusions = parse_conclusions(text, labels, path)
    with store.session() as session:
        (_, review_round), *_ = find_rounds(session, municipality, kind)
        for topic, text in conclusions.items():
            set_conclusion(session, review_round.id, topic, text, author)
    return conclusions


def load_conclusions(store: Store, municipality: str) -> dict[str, dict[str, ConclusionText]]:
    """Round kind -> topic -> the stored conclusion, for one municipality."""
    from sqlmodel import select

    from casereview.storage.models import Municipality, Round
    from casereview.storage.verdict_models import Conclusion

    out: dict[str, dict[str, ConclusionText]] = {}
    with store.session() as session:
        rows = session.exec(
            select(Round.kind, Conclusion)
            .join(Round, Round.id == Conclusion.round_id)
            .join(Municipality, Municipality.id == Round.municipality_id)
            .where(Municipality.name == municipality)
        ).all()
    for kind, c in rows:
        out.setdefault(kind, {})[c.topic] = ConclusionText(c.text, c.author, c.written_at)
    return out
