"""What the first page of a report says about itself: where, when, who, with which rules.

A municipality receives the report without casereview at hand, so the page
names the municipality, the date, the reviewers, the rule version the
automatic suggestions came from, and defines each indicator in Danish from
the rule files themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from casereview.analysis import CaseIndicator
from casereview.catalogue import Catalogue
from casereview.storage.database import Store
from casereview.storage.queries import engine_versions

MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()


@dataclass
class ReportInfo:
    place: str
    made: dt.date
    reviewers: list[str]
    rule_version: str
    definitions: dict[str, str] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        """``7. december 2026``."""
        return f"{self.made.day}. {MONTHS[self.made.month - 1]} {self.made.year}"


def definition(description: str) -> str:
    """The Danish definition in a rule's description, with its principle when it names one.

    Rule descriptions start with the Danish definition and may add
    ``(principle N: text)`` and notes for rule writers; the report keeps the
    definition and the principle.
    """
    text = " ".join(description.split())
    match = re.search(r"\(principle (\d+)(?::\s*([^)]*))?\)", text)
    head = (text[: match.start()] if match else text).strip().rstrip(".")
    if match is None:
        return head + "."
    principle = f"Princip {match.group(1)}" + (
        f": {match.group(2).strip()}" if match.group(2) else ""
    )
    return f"{head}. ({principle}.)"


def rule_definitions(catalogue: Catalogue | None = None) -> dict[str, str]:
    """The Danish definition per indicator, from the catalogue the rounds were scored with."""
    if catalogue is None:
        from casereview.engine.loader import shipped_catalogue

        catalogue = shipped_catalogue()
    return {i.id: definition(i.description) for i in catalogue if i.description}


def rule_version(store: Store, case_ids: list[int]) -> str:
    """The casereview version and rule set hash the stored suggestions were made with."""
    if not case_ids:
        return "ikke scoret"
    with store.session() as session:
        versions = engine_versions(session, case_ids)
    if not versions:
        return "ikke scoret"
    # engine_version may carry the rules hash itself (0.1.0+rules.<hash>): show it once.
    shown = sorted({f"casereview {v.split('+rules.')[0]}, regelsæt {h[:8]}" for v, h in versions})
    return shown[0] if len(shown) == 1 else "blandet: " + "; ".join(shown)


def report_info(
    store: Store,
    place: str,
    rows: list[CaseIndicator],
    today: dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> ReportInfo:
    return ReportInfo(
        place=place,
        made=today or dt.date.today(),
        reviewers=sorted({r for row in rows for r in row.judgements}),
        rule_version=rule_version(store, sorted({row.case_id for row in rows})),
        definitions=rule_definitions(catalogue),
    )
