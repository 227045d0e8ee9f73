"""The report's sections after the numbers: agreement, the consultant's conclusions, the spread.

Kept apart from :mod:`casereview.reports` so that each section is one
function returning HTML (or rows), usable in any report layout.
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass

from casereview.analysis import CaseIndicator, Comparison
from casereview.conclusions import ConclusionText
from casereview.reliability import (
    ALL,
    EXPLANATIONS,
    format_estimate,
    pair_agreement,
    reviewers_alpha,
)
from casereview.values import OVERALL
from casereview.values import ROUND_KIND_DA as ROUND_DA
from casereview.wording import decimal, plural, signed


def adjudicated_note(comparison: Comparison) -> str:
    """One line saying how many of the counted answers an adjudicator settled (empty if none)."""
    base, end = comparison.baseline.adjudicated, comparison.endline.adjudicated
    if not base and not end:
        return ""
    return (
        f"<p class='note'>Afgjort efter uenighed: {plural(base, 'sag')} ved baseline og {end} ved endline; "
        "de tæller med den afgjorte værdi og er mærket (afgjort) i sagslisten.</p>"
    )


def agreement_section(rows: list[CaseIndicator], labels: dict[str, str]) -> str:
    """Per round: every pair's agreement per indicator, alpha over all reviewers, what it means."""
    e = html.escape
    parts = ["<h2>Enighed mellem bedømmere og det automatiske forslag</h2>"]
    kinds = sorted({r.round_kind for r in rows}, key=list(ROUND_DA).index)
    for kind in kinds:
        chosen = [r for r in rows if r.round_kind == kind]
        result = pair_agreement(chosen, list(labels))
        if not any(p.items for p in result):
            continue
        parts.append(f"<h3>{ROUND_DA.get(kind, kind)}</h3>")
        parts.append(
            "<table><tr><th>Indikator</th><th>Par</th><th>Fælles</th><th>Enighed</th>"
            "<th>Cohens kappa</th><th>Gwets AC1</th><th>Krippendorffs alfa</th></tr>"
        )
        for p in result:
            if not p.items:
                continue
            scope = "Alle indikatorer" if p.scope == ALL else labels.get(p.scope, p.scope)
            flag = " <b>(kappa vildleder her)</b>" if p.kappa_misleads else ""
            binary = " (Ja mod ikke Ja)" if p.binary else ""
            parts.append(
                f"<tr><td>{e(scope)}</td><td>{e(p.a)} og {e(p.b)}{binary}</td>"
                f"<td class='n'>{p.items}</td><td class='n'>{p.percent:.0f} %</td>"
                f"<td class='n'>{format_estimate(p.kappa)}{flag}</td>"
                f"<td class='n'>{format_estimate(p.ac1)}</td>"
                f"<td class='n'>{decimal(p.alpha)}</td></tr>"
            )
        parts.append("</table>")
        parts.append(
            f"<p>Krippendorffs alfa for alle bedømmere på én gang: "
            f"<b>{decimal(reviewers_alpha(chosen))}</b>.</p>"
        )
    if len(parts) == 1:
        parts.append("<p class='note'>Ingen sager er vurderet af to bedømmere endnu.</p>")
    parts.append("<ul class='note'>" + "".join(f"<li>{e(s)}</li>" for s in EXPLANATIONS) + "</ul>")
    return "\n".join(parts)


def conclusions_section(
    conclusions: dict[str, dict[str, ConclusionText]],
    labels: dict[str, str],
    title: str = "Konsulentens konklusioner",
) -> str:
    """The consultant's observations per indicator and recommendations, per round."""
    e = html.escape
    parts = [f"<h2>{e(title)}</h2>"]
    if not any(conclusions.values()):
        parts.append("<p class='note'>Der er ikke skrevet konklusioner for runderne endnu.</p>")
        return "\n".join(parts)
    for kind in sorted(conclusions, key=list(ROUND_DA).index):
        topics = conclusions[kind]
        if not topics:
            continue
        parts.append(f"<h3>{ROUND_DA.get(kind, kind)}</h3>")
        order = [t for t in labels if t in topics] + ([OVERALL] if OVERALL in topics else [])
        for topic in order:
            c = topics[topic]
            title = "Anbefalinger" if topic == OVERALL else labels.get(topic, topic)
            paragraphs = "".join(
                f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in c.text.split("\n\n") if p.strip()
            )
            parts.append(
                f"<h4>{e(title)}</h4>{paragraphs}"
                f"<p class='note'>{e(c.author)}, {c.written_at:%d.%m.%Y}</p>"
            )
    return "\n".join(parts)


@dataclass
class Spread:
    indicator: str
    changes: dict[str, float]  # municipality -> change in Ja, percentage points

    @property
    def low(self) -> float | None:
        return min(self.changes.values()) if self.changes else None

    @property
    def high(self) -> float | None:
        return max(self.changes.values()) if self.changes else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.changes.values()) if self.changes else None


def spreads(per_municipality: dict[str, list[Comparison]], indicators: list[str]) -> list[Spread]:
    """Per indicator, each municipality's change in Ja (where both rounds have judged cases)."""
    out = []
    for indicator in indicators:
        changes = {}
        for name, items in per_municipality.items():
            for c in items:
                change = c.change_pp("ja")
                if c.indicator == indicator and change is not None:
                    changes[name] = change
        out.append(Spread(indicator, changes))
    return out


def spread_rows(
    per_municipality: dict[str, list[Comparison]], labels: dict[str, str]
) -> tuple[list[str], list[list]]:
    """The spread as a sheet: one row per indicator, one column per municipality (numbers)."""
    names = list(per_municipality)
    header = ["Indikator", *names, "Laveste", "Median", "Højeste", "Spredning"]
    rows = []
    for s in spreads(per_municipality, list(labels)):
        width = None if s.low is None or s.high is None else s.high - s.low
        values = [*(s.changes.get(n) for n in names), s.low, s.median, s.high, width]
        rows.append(
            [labels.get(s.indicator, s.indicator)]
            + [None if v is None else round(v, 1) for v in values]
        )
    return header, rows


def _pp(value: float | None) -> str:
    return signed(value)


def spread_section(per_municipality: dict[str, list[Comparison]], labels: dict[str, str]) -> str:
    """Each municipality's change per indicator side by side, with lowest, median and highest."""
    e = html.escape
    names = list(per_municipality)
    parts = [
        "<h2>Ændring pr. kommune og spredning</h2>",
        "<p class='note'>Ændring i andelen Ja fra baseline til endline i procentpoint; "
        "spredningen er forskellen mellem den laveste og den højeste kommune.</p>",
        "<table><tr><th>Indikator</th>"
        + "".join(f"<th>{e(n)}</th>" for n in names)
        + "<th>Laveste</th><th>Median</th><th>Højeste</th><th>Spredning</th></tr>",
    ]
    for s in spreads(per_municipality, list(labels)):
        cells = "".join(f"<td class='n'>{_pp(s.changes.get(n))}</td>" for n in names)
        width = None if s.low is None or s.high is None else s.high - s.low
        parts.append(
            f"<tr><td>{e(labels.get(s.indicator, s.indicator))}</td>{cells}"
            f"<td class='n'>{_pp(s.low)}</td><td class='n'>{_pp(s.median)}</td>"
            f"<td class='n'>{_pp(s.high)}</td>"
            f"<td class='n'>{decimal(width, 0)}</td></tr>"
        )
    parts.append("</table>")
    return "\n".join(parts)
