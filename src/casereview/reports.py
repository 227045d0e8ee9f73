"""Writing comparisons and case tables for people: CSV, Excel, a self-contained HTML report.

Excel files have a bold header row, fitted widths, frozen panes and Danish
headers, one sheet per view. The HTML report needs no network: charts are
inline SVG from matplotlib, styles are inline, and case text appears only
when asked for.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from casereview.analysis import (
    DISAGREE,
    MISSING,
    VALUE_DA,
    VALUES,
    CaseIndicator,
    Comparison,
    small_numbers_note,
)
from casereview.evidence import (
    DETAIL_HEADER,
    SOURCE_DA,
    EvidenceItem,
    summary_columns,
    summary_header,
)
from casereview.report_info import ReportInfo
from casereview.values import ROUND_KIND_DA as ROUND_DA
from casereview.wording import decimal, plural, signed


def _engine_text(flag: bool | None) -> str:
    return "Ikke scoret" if flag is None else ("Fundet" if flag else "Intet fundet")


def case_rows(
    rows: list[CaseIndicator],
    labels: dict[str, str],
    evidence: dict[tuple[int, str], list[EvidenceItem]] | None = None,
) -> tuple[list[str], list[list]]:
    """Header and rows of the case x indicator table, one column pair per reviewer.

    With ``evidence`` (see :func:`casereview.evidence.load_evidence`), each row
    also names the findings, each reviewer's accepts and rejects and the spans
    they marked: as places, or with their words when the evidence carries text.
    """
    reviewers = sorted({r for row in rows for r in row.judgements})
    if evidence is not None:
        reviewers = sorted(
            set(reviewers)
            | {r for items in evidence.values() for i in items for r in i.decisions}
            | {i.reviewer for items in evidence.values() for i in items if i.reviewer}
        )
    header = [
        "Kommune",
        "Runde",
        "Sag",
        "Indikator",
        "Automatisk forslag",
        "Antal fund",
        "Samlet vurdering",
    ]
    for reviewer in reviewers:
        header += [f"Vurdering ({reviewer})", f"Note ({reviewer})"]
    if evidence is not None:
        header += summary_header(reviewers)
    adjudicated = any(row.adjudicated for row in rows)
    if adjudicated:  # the final value above is then the adjudicated one where there is one
        header += ["Afgjort af", "Begrundelse for afgørelsen"]
    out = []
    for row in rows:
        line = [
            row.municipality,
            _round_name(row),
            row.case_ref,
            labels.get(row.indicator, row.indicator),
            _engine_text(row.engine),
            row.evidence,
            VALUE_DA[row.final],
        ]
        for reviewer in reviewers:
            value, note = row.judgements.get(reviewer, (None, ""))
            line += [VALUE_DA[value] if value else VALUE_DA[MISSING], note]
        if evidence is not None:
            line += summary_columns(evidence.get((row.case_id, row.indicator), []), reviewers)
        if adjudicated:
            line += [row.adjudication[2], row.adjudication[1]] if row.adjudication else ["", ""]
        out.append(line)
    return header, out


def _round_name(row: CaseIndicator) -> str:
    return ROUND_DA.get(row.round_kind, row.round_kind) + (
        f" ({row.round_label})" if row.round_label else ""
    )


def evidence_rows(
    rows: list[CaseIndicator],
    labels: dict[str, str],
    evidence: dict[tuple[int, str], list[EvidenceItem]],
) -> tuple[list[str], list[list]]:
    """One row per finding and marked span: the Excel sheet a reviewer filters."""
    out = []
    for row in rows:
        for item in evidence.get((row.case_id, row.indicator), []):
            out.append(
                [
                    row.municipality,
                    _round_name(row),
                    row.case_ref,
                    labels.get(row.indicator, row.indicator),
                    item.document,
                    item.start,
                    item.end,
                    SOURCE_DA[item.source],
                    item.rule,
                    item.reviewer,
                    item.decision_text(),
                    item.text or "",
                ]
            )
    return DETAIL_HEADER, out


def comparison_rows(
    comparisons: list[Comparison], labels: dict[str, str]
) -> tuple[list[str], list[list]]:
    header = [
        "Indikator",
        "Runde",
        "Sager",
        "Ja",
        "Delvist",
        "Nej",
        "Ikke relevant",
        "Mangler vurdering",
        "Uenige bedømmere",
        "Andel Ja (%)",
        "Automatisk forslag fundet",
        "Sager med Ja",
    ]
    out = []
    for c in comparisons:
        for kind, counts in (("baseline", c.baseline), ("endline", c.endline)):
            share = counts.share("ja")
            out.append(
                [
                    labels.get(c.indicator, c.indicator),
                    ROUND_DA[kind],
                    counts.cases,
                    *(counts.counts[v] for v in (*VALUES, MISSING, DISAGREE)),
                    None if share is None else round(share * 100, 1),
                    f"{counts.engine_yes} af {counts.engine_scored}",
                    ", ".join(counts.refs["ja"]),
                ]
            )
        change = c.change_pp("ja")
        out.append(
            [
                labels.get(c.indicator, c.indicator),
                "Ændring",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None if change is None else round(change, 1),
                None,
                c.test.text if c.test else c.test_note,
            ]
        )
    return header, out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?(?: ?%| pp)?")


def neutral_cell(value):
    """A cell value a spreadsheet cannot run: text starting with = + - @, tab or CR gets a '.

    Case text, notes, names and case references reach every export, and Excel
    runs ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` typed into any of them
    (CSV injection). A plain signed number (``-12``, ``+3,5 pp``) is left alone.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        if not _PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def write_csv(header: list[str], rows: Iterable[list], stream: TextIO, sep: str = ";") -> None:
    """CSV as Danish Excel opens it: ``;`` between fields and a decimal comma, and no
    cell a spreadsheet would run as a formula.

    The byte order mark that tells Excel the file is UTF-8 is written by the
    caller's ``utf-8-sig`` stream.
    """
    writer = csv.writer(stream, delimiter=sep)
    writer.writerow([neutral_cell(v) for v in header])
    for row in rows:
        writer.writerow([neutral_cell(_csv_value(v)) for v in row])


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return decimal(value, 1)
    return value


def write_xlsx(path: Path, sheets: list[tuple[str, list[str], list[list]]]) -> None:
    """An Excel workbook for people: one sheet per view, bold frozen header, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":  # openpyxl reads any text starting with = as a formula
                    cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F0")
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, width + 2), 60)
    book.save(path)


# -- HTML ----------------------------------------------------------------------
def _chart(comparison: Comparison, label: str) -> str:
    """Grouped bars, baseline against endline, as inline SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    categories = [*VALUES, MISSING, DISAGREE]
    names = [VALUE_DA[v].replace(" vurdering", "").replace(" bedømmere", "") for v in categories]
    base = [comparison.baseline.counts[v] for v in categories]
    end = [comparison.endline.counts[v] for v in categories]
    fig, ax = plt.subplots(figsize=(6.4, 2.6), dpi=100)
    x = range(len(categories))
    ax.bar([i - 0.2 for i in x], base, width=0.4, label="Baseline", color="#9bb7d4")
    ax.bar([i + 0.2 for i in x], end, width=0.4, label="Endline", color="#2f6f9f")
    ax.set_xticks(list(x), names, fontsize=8)
    ax.set_ylabel("Sager", fontsize=8)
    ax.set_title(label, fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _pp(value: float | None) -> str:
    return "–" if value is None else f"{signed(value)} procentpoint"


def _share(counts) -> str:
    """``40 % (2 af 5)``: a share always with the numbers behind it."""
    if not counts.judged:
        return "ikke vurderet"
    return f"{_pct(counts.share('ja'))} ({counts.counts['ja']} af {counts.judged})"


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2730}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:2px solid #2f6f9f;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em} th,td{border:1px solid #c9d4de;padding:.3em .6em;text-align:left}
th{background:#dde7f0} td.n{text-align:right;white-space:nowrap} .note{color:#50606e;font-size:.92em} .cases{font-size:.85em;color:#50606e}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:1em 0} dl.meta dt{font-weight:600}
dl.definitions dt{font-weight:600;margin-top:.6em} dl.definitions dd{margin-left:0}
table.summary td.up{color:#1a6b2f;font-weight:600} table.summary td.down{color:#a33a1d;font-weight:600}
mark{background:#ffe08a} mark.own{background:#bcdcf5} blockquote{margin:.4em 0 .4em 1em;padding-left:.6em;border-left:3px solid #9bb7d4;font-size:.9em}
.who{font-size:.8em;color:#50606e}
svg{max-width:100%;height:auto}
@page{size:A4;margin:16mm 15mm}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10pt}
 section.front{break-after:page}
 section.indicator{break-before:page}
 h2{break-after:avoid} table,blockquote,svg{break-inside:avoid}
 a{color:inherit;text-decoration:none}
}
"""


def html_report(
    title: str,
    comparisons: list[Comparison],
    labels: dict[str, str],
    rows: list[CaseIndicator],
    include_text: bool = False,
    per_municipality: dict[str, list[Comparison]] | None = None,
    info: ReportInfo | None = None,
    evidence: dict[tuple[int, str], list[EvidenceItem]] | None = None,
    sections: list[str] | None = None,
) -> str:
    """A self-contained report to hand over: a first page, definitions, one section per indicator.

    Built from section functions so further sections slot in between; printed,
    the first page stands alone on A4 and every indicator starts a new page.
    ``sections`` (HTML, see :mod:`casereview.report_sections`) follow the numbers.
    """
    e = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'><title>{e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        _front_page(title, comparisons, labels, rows, info),
    ]
    if info is not None and info.definitions:
        parts.append(_definitions(labels, info.definitions))
    for c in comparisons:
        parts.append(_indicator_section(c, labels, rows, include_text, evidence))
    if per_municipality:
        parts.append(_per_municipality(per_municipality, labels))
    parts.extend(sections or [])
    parts.append(
        "<p class='note'>Lavet med casereview. Rapporten indeholder "
        + (
            "uddrag af sagstekster (følsomme personoplysninger)."
            if include_text
            else "ingen sagstekst."
        )
        + "</p></body></html>"
    )
    return "\n".join(parts)


def _front_page(
    title: str,
    comparisons: list[Comparison],
    labels: dict[str, str],
    rows: list[CaseIndicator],
    info: ReportInfo | None,
) -> str:
    """Who, when, with which rules, and all indicators baseline against endline at one glance."""
    e = html.escape
    out = ["<section class='front'>", f"<h1>{e(title)}</h1>"]
    if info is not None:
        cases = {
            kind: len({r.case_id for r in rows if r.round_kind == kind})
            for kind in ("baseline", "endline")
        }
        meta = [
            ("Kommune", info.place),
            ("Dato", info.date_text),
            ("Bedømmere", ", ".join(info.reviewers) or "ingen vurderinger endnu"),
            ("Regelversion", info.rule_version),
            (
                "Sager",
                f"{plural(cases['baseline'], 'sag')} ved baseline, "
                f"{plural(cases['endline'], 'sag')} ved endline",
            ),
        ]
        out.append(
            "<dl class='meta'>"
            + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta)
            + "</dl>"
        )
    out.append(
        "<table class='summary'><tr><th>Indikator</th><th>Ja ved baseline</th>"
        "<th>Ja ved endline</th><th>Ændring i andel Ja</th><th>Ændring i Ja eller Delvist</th></tr>"
    )
    for c in comparisons:
        change = c.change_pp("ja")
        direction = "n" if not change else ("n up" if change > 0 else "n down")
        out.append(
            f"<tr><td>{e(labels.get(c.indicator, c.indicator))}</td>"
            f"<td class='n'>{_share(c.baseline)}</td><td class='n'>{_share(c.endline)}</td>"
            f"<td class='{direction}'>{_pp(change)}</td>"
            f"<td class='n'>{_pp(c.change_pp('ja', 'delvist'))}</td></tr>"
        )
    out.append("</table>")
    out.append(
        f"<p class='note'>Andelene er af de vurderede sager; tallene i parentes er sagerne bag. "
        f"{e(small_numbers_note(comparisons))} Sager uden vurdering tælles ikke som Nej; "
        "de står for sig, ligesom sager hvor bedømmerne er uenige. "
        "<i>Automatisk forslag</i> er det, casereview selv fandt i teksten; "
        "vurderingerne er bedømmernes.</p>"
    )
    out.append("</section>")
    return "\n".join(out)


def _definitions(labels: dict[str, str], definitions: dict[str, str]) -> str:
    e = html.escape
    items = "".join(
        f"<dt>{e(labels.get(k, k))}</dt><dd>{e(v)}</dd>" for k, v in definitions.items()
    )
    return (
        "<section class='definitions'><h2>Indikatorerne</h2>"
        "<p>En sag vurderes Ja for en indikator, når mindst ét sted i sagens dokumenter "
        f"opfylder definitionen.</p><dl class='definitions'>{items}</dl></section>"
    )


def _indicator_section(
    c: Comparison,
    labels: dict[str, str],
    rows: list[CaseIndicator],
    include_text: bool,
    evidence: dict[tuple[int, str], list[EvidenceItem]] | None,
) -> str:
    """The chart, the counts, the change and the cases behind every number of one indicator."""
    from casereview.report_sections import adjudicated_note

    e = html.escape
    label = labels.get(c.indicator, c.indicator)
    parts = [f"<section class='indicator'><h2>{e(label)}</h2>", _chart(c, label)]
    parts.append(
        "<table><tr><th>Runde</th><th>Sager</th>"
        + "".join(f"<th>{e(VALUE_DA[v])}</th>" for v in (*VALUES, MISSING, DISAGREE))
        + "<th>Andel Ja</th><th>Automatisk forslag fundet</th></tr>"
    )
    for kind, counts in (("baseline", c.baseline), ("endline", c.endline)):
        cells = "".join(
            f"<td class='n'>{counts.counts[v]}</td>" for v in (*VALUES, MISSING, DISAGREE)
        )
        parts.append(
            f"<tr><td>{ROUND_DA[kind]}</td><td class='n'>{counts.cases}</td>{cells}"
            f"<td class='n'>{_pct(counts.share('ja'))}</td>"
            f"<td class='n'>{counts.engine_yes} af {counts.engine_scored}</td></tr>"
        )
    parts.append("</table>")
    parts.append(
        f"<p>Ændring i andelen Ja: <b>{_pp(c.change_pp('ja'))}</b>; Ja eller Delvist: "
        f"<b>{_pp(c.change_pp('ja', 'delvist'))}</b>.</p>"
    )
    parts.append(f"<p class='note'>{e(c.test.text if c.test else c.test_note)}</p>")
    parts.append(adjudicated_note(c))
    for kind, counts in (("baseline", c.baseline), ("endline", c.endline)):
        listed = "; ".join(
            f"{VALUE_DA[v]}: {', '.join(counts.refs[v])}"
            for v in (*VALUES, MISSING, DISAGREE)
            if counts.refs[v]
        )
        parts.append(f"<p class='cases'>{ROUND_DA[kind]}: {e(listed) or 'ingen sager'}</p>")
    if include_text:
        parts.append(_excerpts(rows, c.indicator, evidence))
    parts.append("</section>")
    return "\n".join(parts)


def _per_municipality(per_municipality: dict[str, list[Comparison]], labels: dict[str, str]) -> str:
    e = html.escape
    parts = [
        "<section class='municipalities'><h2>Pr. kommune</h2><table><tr><th>Kommune</th>"
        "<th>Indikator</th><th>Ja baseline</th><th>Ja endline</th><th>Ændring</th>"
        "<th>Vurderet (baseline + endline)</th></tr>"
    ]
    for name, items in per_municipality.items():
        for c in items:
            parts.append(
                f"<tr><td>{e(name)}</td><td>{e(labels.get(c.indicator, c.indicator))}</td>"
                f"<td class='n'>{_pct(c.baseline.share('ja'))}</td><td class='n'>{_pct(c.endline.share('ja'))}</td>"
                f"<td class='n'>{_pp(c.change_pp('ja'))}</td>"
                f"<td class='n'>{c.baseline.judged} + {c.endline.judged}</td></tr>"
            )
    parts.append("</table></section>")
    return "\n".join(parts)


def _excerpts(
    rows: list[CaseIndicator],
    indicator: str,
    evidence: dict[tuple[int, str], list[EvidenceItem]] | None,
) -> str:
    """The deciding text per case: automatic suggestions nobody rejected, and reviewers' own marks."""
    e = html.escape
    out = ["<h3>Afgørende tekststeder</h3>"]
    for row in rows:
        if row.indicator != indicator:
            continue
        items = [
            i
            for i in (evidence or {}).get((row.case_id, indicator), [])
            if i.context and "reject" not in i.decisions.values()
        ]
        if not items:
            continue
        out.append(
            f"<p><b>{e(ROUND_DA.get(row.round_kind, row.round_kind))}, {e(row.case_ref)}</b>: "
            f"{e(VALUE_DA[row.final])}</p>"
        )
        for item in items[:4]:
            text, start, end = item.context  # type: ignore[misc]
            own = item.source == "marked"
            mark = "<mark class='own'>" if own else "<mark>"
            who = (
                f"markeret af {item.reviewer}"
                if own
                else "automatisk forslag" + (f", {item.decision_text()}" if item.decisions else "")
            )
            out.append(
                f"<blockquote>…{e(text[:start])}{mark}"
                f"{e(text[start:end])}</mark>{e(text[end:])}… "
                f"<span class='who'>({e(item.document)}, {e(who)})</span></blockquote>"
            )
    if len(out) == 1:
        out.append("<p class='note'>Ingen tekststeder.</p>")
    return "\n".join(out)
