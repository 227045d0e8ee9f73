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
from casereview.values import ROUND_KIND_DA as ROUND_DA


def _engine_text(flag: bool | None) -> str:
    return "Ikke scoret" if flag is None else ("Fundet" if flag else "Intet fundet")


def case_rows(rows: list[CaseIndicator], labels: dict[str, str]) -> tuple[list[str], list[list]]:
    """Header and rows of the case x indicator table, one column pair per reviewer."""
    reviewers = sorted({r for row in rows for r in row.judgements})
    header = [
        "Kommune",
        "Runde",
        "Sag",
        "Indikator",
        "Motorens forslag",
        "Antal fund",
        "Samlet vurdering",
    ]
    for reviewer in reviewers:
        header += [f"Vurdering ({reviewer})", f"Note ({reviewer})"]
    out = []
    for row in rows:
        line = [
            row.municipality,
            ROUND_DA.get(row.round_kind, row.round_kind)
            + (f" ({row.round_label})" if row.round_label else ""),
            row.case_ref,
            labels.get(row.indicator, row.indicator),
            _engine_text(row.engine),
            row.evidence,
            VALUE_DA[row.final],
        ]
        for reviewer in reviewers:
            value, note = row.judgements.get(reviewer, (None, ""))
            line += [VALUE_DA[value] if value else VALUE_DA[MISSING], note]
        out.append(line)
    return header, out


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
        "Motoren fandt",
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


def write_csv(header: list[str], rows: Iterable[list], stream: TextIO) -> None:
    writer = csv.writer(stream, delimiter=";")  # Danish Excel opens ';' files directly
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


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
    return "–" if value is None else f"{value:+.0f} procentpoint"


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2730}
h1{font-size:1.6em} h2{margin-top:2em;border-bottom:2px solid #2f6f9f;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em} th,td{border:1px solid #c9d4de;padding:.3em .6em;text-align:left}
th{background:#dde7f0} td.n{text-align:right} .note{color:#50606e;font-size:.92em} .cases{font-size:.85em;color:#50606e}
mark{background:#bfe6b8} blockquote{margin:.4em 0 .4em 1em;padding-left:.6em;border-left:3px solid #9bb7d4;font-size:.9em}
"""


def html_report(
    title: str,
    comparisons: list[Comparison],
    labels: dict[str, str],
    rows: list[CaseIndicator],
    include_text: bool = False,
    per_municipality: dict[str, list[Comparison]] | None = None,
) -> str:
    """A self-contained report: numbers, charts, the cases behind each number."""
    e = html.escape
    parts = [
        f"<!DOCTYPE html><html lang='da'><head><meta charset='utf-8'><title>{e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p class='note'>{e(small_numbers_note(comparisons))} Sager uden vurdering tælles ikke som Nej; "
        "de står for sig, ligesom sager hvor bedømmerne er uenige.</p>",
    ]
    for c in comparisons:
        label = labels.get(c.indicator, c.indicator)
        parts.append(f"<h2>{e(label)}</h2>")
        parts.append(_chart(c, label))
        parts.append(
            "<table><tr><th>Runde</th><th>Sager</th>"
            + "".join(f"<th>{e(VALUE_DA[v])}</th>" for v in (*VALUES, MISSING, DISAGREE))
            + "<th>Andel Ja</th><th>Motoren fandt</th></tr>"
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
        for kind, counts in (("baseline", c.baseline), ("endline", c.endline)):
            listed = "; ".join(
                f"{VALUE_DA[v]}: {', '.join(counts.refs[v])}"
                for v in (*VALUES, MISSING, DISAGREE)
                if counts.refs[v]
            )
            parts.append(f"<p class='cases'>{ROUND_DA[kind]}: {e(listed) or 'ingen sager'}</p>")
        if include_text:
            parts.append(_excerpts(rows, c.indicator))
    if per_municipality:
        parts.append(
            "<h2>Pr. kommune</h2><table><tr><th>Kommune</th><th>Indikator</th><th>Ja baseline</th>"
            "<th>Ja endline</th><th>Ændring</th><th>Vurderet (baseline + endline)</th></tr>"
        )
        for name, items in per_municipality.items():
            for c in items:
                parts.append(
                    f"<tr><td>{e(name)}</td><td>{e(labels.get(c.indicator, c.indicator))}</td>"
                    f"<td class='n'>{_pct(c.baseline.share('ja'))}</td><td class='n'>{_pct(c.endline.share('ja'))}</td>"
                    f"<td class='n'>{_pp(c.change_pp('ja'))}</td>"
                    f"<td class='n'>{c.baseline.judged} + {c.endline.judged}</td></tr>"
                )
        parts.append("</table>")
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


def _excerpts(rows: list[CaseIndicator], indicator: str) -> str:
    e = html.escape
    out = ["<details><summary>Afgørende tekststeder</summary>"]
    for row in rows:
        if row.indicator != indicator or not row.excerpts:
            continue
        out.append(
            f"<p><b>{e(ROUND_DA.get(row.round_kind, row.round_kind))}, {e(row.case_ref)}</b></p>"
        )
        for text, start, end in row.excerpts[:3]:
            out.append(
                f"<blockquote>…{e(text[:start])}<mark>{e(text[start:end])}</mark>{e(text[end:])}…</blockquote>"
            )
    out.append("</details>")
    return "\n".join(out)
