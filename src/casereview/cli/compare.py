"""``casereview compare`` and ``casereview agreement``: baseline against endline, and reviewer agreement."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from casereview.catalogue import Catalogue
from casereview.cli import app
from casereview.cli.output import atomic_output, console, write_via_temporary
from casereview.cli.store import DbOption, RoundKind, open_db
from casereview.errors import CasereviewError
from casereview.values import JUDGEMENT_VALUES
from casereview.wording import decimal, plural


def _catalogue(store, municipality: str | None = None, kind: str | None = None) -> Catalogue:
    """The indicators the rounds shown were scored with (from the store)."""
    from casereview.analysis import indicator_catalogue

    return indicator_catalogue(store, municipality, kind)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _print_comparisons(title: str, comparisons, catalogue: Catalogue) -> None:
    from casereview.analysis import DISAGREE, MISSING, VALUE_DA, small_numbers_note

    out = console()
    table = Table(
        title=title,
        caption="J/D/N/IR: Ja, Delvist, Nej, Ikke relevant · Mgl: mangler vurdering · "
        "Uen: uenige bedømmere · Forslag: sager med automatisk forslag om indikatoren",
    )
    for column in (
        "Indikator",
        "Runde",
        "Sager",
        "J",
        "D",
        "N",
        "IR",
        "Mgl",
        "Uen",
        "Andel Ja",
        "Forslag",
    ):
        table.add_column(
            column, justify="left" if column in {"Indikator", "Runde"} else "right", no_wrap=True
        )
    for c in comparisons:
        for kind, counts in (("Baseline", c.baseline), ("Endline", c.endline)):
            table.add_row(
                catalogue.short(c.indicator) if kind == "Baseline" else "",
                kind,
                str(counts.cases),
                *(str(counts.counts[v]) for v in (*JUDGEMENT_VALUES, MISSING, DISAGREE)),
                _pct(counts.share("ja")),
                f"{counts.engine_yes}/{counts.engine_scored}",
            )
        change = c.change_pp("ja")
        table.add_row(
            "",
            "[b]Ændring[/b]",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "–" if change is None else f"[b]{change:+.0f} pp[/b]",
            "",
            end_section=True,
        )
    labels = {i.id: f"{i.label} ({i.short})" for i in catalogue}
    out.print(table)
    for c in comparisons:
        note = c.test.text if c.test else c.test_note
        out.print(f"[b]{escape(labels.get(c.indicator, c.indicator))}:[/b] {escape(note)}")
        for kind, counts in (("Baseline", c.baseline), ("Endline", c.endline)):
            listed = "; ".join(
                f"{VALUE_DA[v]}: {', '.join(refs)}" for v, refs in counts.refs.items() if refs
            )
            out.print(f"  [dim]{kind}: {escape(listed) or 'ingen sager'}[/dim]")
    out.print(
        f"[dim]{escape(small_numbers_note(comparisons))} Manglende vurderinger tælles ikke som Nej.[/dim]"
    )


@app.command()
def compare(
    municipality: str = typer.Option(None, "--municipality", "-m", help="Kommunens navn."),
    all_municipalities: bool = typer.Option(
        False, "--all", help="Sammenfatning på tværs af alle kommuner."
    ),
    xlsx: Path = typer.Option(None, "--xlsx", help="Skriv også en Excel-fil.", dir_okay=False),
    html_path: Path = typer.Option(
        None, "--html", help="Skriv også en selvstændig HTML-rapport.", dir_okay=False
    ),
    include_text: bool = typer.Option(
        False,
        "--include-text",
        help="Vis afgørende tekststeder i HTML-rapporten (følsomme oplysninger).",
    ),
    db: str = DbOption,
) -> None:
    """Sammenlign baseline og endline pr. indikator: antal Ja/Delvist/Nej, ændring og sagerne bag tallene."""
    from casereview.analysis import compare as run_compare
    from casereview.analysis import load_table
    from casereview.reports import comparison_rows, html_report, write_xlsx

    if bool(municipality) == bool(all_municipalities):
        raise CasereviewError("angiv enten --municipality NAVN eller --all")
    if include_text and not html_path:
        raise CasereviewError("--include-text gælder kun HTML-rapporten; angiv også --html FIL")
    store = open_db(db)
    try:
        place = None if all_municipalities else municipality
        catalogue = _catalogue(store, place)
        rows = load_table(store, place, excerpts=include_text)
        report = (
            _report_parts(store, rows, all_municipalities, include_text, catalogue)
            if html_path
            else None
        )
    finally:
        store.close()
    if not rows:
        raise CasereviewError(
            f"ingen sager fundet for {'databasen' if all_municipalities else repr(municipality)}"
        )
    labels, indicators = catalogue.labels, catalogue.ids
    comparisons = run_compare(rows, indicators, across=all_municipalities)
    per_municipality = None
    if all_municipalities:
        names = sorted({r.municipality for r in rows})
        per_municipality = {
            n: run_compare([r for r in rows if r.municipality == n], indicators) for n in names
        }
        title = f"Alle kommuner ({len(names)}): baseline og endline"
    else:
        title = f"{rows[0].municipality}: baseline og endline"
    _print_comparisons(title, comparisons, catalogue)
    if per_municipality:
        _print_per_municipality(per_municipality, labels)
        _print_spread(per_municipality, labels)
    if xlsx:
        header, table_rows = comparison_rows(comparisons, labels)
        sheets = [("Sammenligning", header, table_rows)]
        if per_municipality:
            for name, items in per_municipality.items():
                sheets.append((name, *comparison_rows(items, labels)))
            from casereview.report_sections import spread_rows

            sheets.append(("Spredning", *spread_rows(per_municipality, labels)))
        from casereview.reports import case_rows

        sheets.append(("Sager", *case_rows(rows, labels)))
        write_via_temporary(xlsx, lambda tmp: write_xlsx(tmp, sheets))
    if html_path:
        info, evidence, conclusions = report or (None, None, {})
        page = html_report(
            title,
            comparisons,
            labels,
            rows,
            include_text,
            per_municipality,
            info,
            evidence,
            _sections(rows, labels, per_municipality, conclusions),
        )
        with atomic_output(html_path) as stream:
            stream.write(page)


def _sections(rows, labels, per_municipality, conclusions) -> list[str]:
    """The report's sections after the numbers: spread, agreement, conclusions."""
    from casereview.report_sections import agreement_section, conclusions_section, spread_section

    if per_municipality:
        sections = [spread_section(per_municipality, labels), agreement_section(rows, labels)]
        for name, found in conclusions.items():
            if found:
                sections.append(conclusions_section(found, labels, f"{name}: konklusioner"))
        return sections
    (found,) = conclusions.values()
    return [agreement_section(rows, labels), conclusions_section(found, labels)]


def _print_spread(per_municipality, labels) -> None:
    from casereview.report_sections import spreads

    table = Table(title="Ændring i andelen Ja pr. kommune (procentpoint) og spredning")
    names = list(per_municipality)
    for column in ("Indikator", *names, "Laveste", "Median", "Højeste"):
        table.add_column(escape(column), justify="left" if column == "Indikator" else "right")
    fmt = lambda v: "–" if v is None else f"{v:+.0f}"  # noqa: E731
    for s in spreads(per_municipality, list(labels)):
        table.add_row(
            labels.get(s.indicator, s.indicator),
            *(fmt(s.changes.get(n)) for n in names),
            fmt(s.low),
            fmt(s.median),
            fmt(s.high),
        )
    console().print(table)


def _report_parts(store, rows, all_municipalities: bool, include_text: bool, catalogue: Catalogue):
    """The report's first-page facts and, with --include-text, the evidence to quote."""
    from casereview.evidence import load_evidence
    from casereview.report_info import report_info

    if not rows:
        return None
    names = sorted({r.municipality for r in rows})
    place = ", ".join(names) if all_municipalities else names[0]
    info = report_info(store, place, rows, catalogue=catalogue)
    evidence = (
        load_evidence(store, sorted({r.case_id for r in rows}), include_text=True)
        if include_text
        else None
    )
    from casereview.conclusions import load_conclusions

    conclusions = {name: load_conclusions(store, name) for name in names}
    return info, evidence, conclusions


def _print_per_municipality(per_municipality, labels) -> None:
    table = Table(title="Pr. kommune: andel Ja")
    for column in ("Kommune", "Indikator", "Baseline", "Endline", "Ændring", "Vurderet"):
        table.add_column(column)
    for name, items in per_municipality.items():
        for c in items:
            change = c.change_pp("ja")
            table.add_row(
                escape(name),
                labels.get(c.indicator, c.indicator),
                _pct(c.baseline.share("ja")),
                _pct(c.endline.share("ja")),
                "–" if change is None else f"{change:+.0f} pp",
                f"{c.baseline.judged} + {c.endline.judged}",
            )
    console().print(table)


class AgreementFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def agreement(
    municipality: str = typer.Option(..., "--municipality", "-m", help="Kommunens navn."),
    round_kind: RoundKind = typer.Option(
        ..., "--round", "-r", case_sensitive=False, help="baseline, endline eller other."
    ),
    format: AgreementFormat = typer.Option(
        AgreementFormat.table, "--format", "-f", help="table (læsbar) eller json."
    ),
    db: str = DbOption,
) -> None:
    """Enighed mellem bedømmere (procent, Cohens kappa, Krippendorffs alfa) og mellem automatisk forslag og bedømmere."""
    from casereview.analysis import agreement as run_agreement
    from casereview.analysis import load_table

    store = open_db(db)
    try:
        catalogue = _catalogue(store, municipality, round_kind.value)
        labels = catalogue.labels
        rows = load_table(store, municipality, round_kind.value)
    finally:
        store.close()
    if not rows:
        raise CasereviewError(f"ingen sager fundet for {municipality!r} / {round_kind.value}")
    result = run_agreement(rows, list(labels))
    from casereview.reliability import pair_agreement

    pairs = pair_agreement(rows, list(labels))
    if format == AgreementFormat.json:
        data = _agreement_json(result)
        data["pairs_per_indicator"] = [_pair_json(p) for p in pairs]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out = console()
    _print_pairs(pairs, catalogue.shorts)
    if len(result.reviewers) < 2:
        out.print(
            f"Kun {plural(len(result.reviewers), 'bedømmer')} har vurderet runden; "
            "enighed mellem bedømmere kræver mindst to."
        )
    else:
        table = Table(title="Enighed mellem bedømmere")
        for column in ("Bedømmere", "Fælles vurderinger", "Enighed", "Cohens kappa"):
            table.add_column(column)
        for p in result.pairs:
            table.add_row(
                f"{escape(p.a)} og {escape(p.b)}",
                str(p.items),
                "–" if p.items == 0 else f"{p.percent:.0f} %",
                decimal(p.kappa),
            )
        out.print(table)
        out.print(f"Krippendorffs alfa (nominal, alle bedømmere): {decimal(result.alpha)}")
        for case, indicator, values in result.disagreements:
            answers = ", ".join(f"{r}: {v}" for r, v in values.items())
            out.print(
                f"  [yellow]Uenige[/yellow]: {escape(case)} / {labels.get(indicator, indicator)}: {escape(answers)}"
            )
    table = Table(title="Automatisk forslag mod bedømmernes samlede vurdering (Ja = positiv)")
    for column in (
        "Indikator",
        "Præcision",
        "Genkaldelse",
        "F1",
        "SP",
        "FP",
        "FN",
        "SN",
        "Udeladt",
    ):
        table.add_column(column)
    for e in result.engine:
        fmt = decimal
        table.add_row(
            labels.get(e.indicator, e.indicator),
            fmt(e.precision),
            fmt(e.recall),
            fmt(e.f1),
            str(e.tp),
            str(e.fp),
            str(e.fn),
            str(e.tn),
            str(e.excluded),
        )
    out.print(table)
    for e in result.engine:
        for line in e.disagreeing:
            out.print(f"  [dim]{labels.get(e.indicator, e.indicator)}: {escape(line)}[/dim]")
    out.print(
        "[dim]Udeladt: sager uden samlet vurdering (mangler eller uenige bedømmere) eller uden scoring.[/dim]"
    )


def _print_pairs(pairs, shorts: dict[str, str]) -> None:
    """Agreement per indicator and pair, with intervals, and what the numbers mean."""
    from casereview.reliability import ALL, EXPLANATIONS, format_estimate

    table = Table(title="Enighed pr. indikator og par (95 %-konfidensinterval)")
    for column in ("Indikator", "Par", "Fælles", "Enighed", "Kappa", "AC1", "Alfa"):
        table.add_column(column)
    for p in pairs:
        if not p.items:
            continue
        table.add_row(
            "Alle" if p.scope == ALL else shorts.get(p.scope, p.scope),
            escape(f"{p.a} / {p.b}") + (" (J/ikke J)" if p.binary else ""),
            str(p.items),
            f"{p.percent:.0f} %",
            format_estimate(p.kappa) + (" !" if p.kappa_misleads else ""),
            format_estimate(p.ac1),
            decimal(p.alpha),
        )
    out = console()
    out.print(table)
    out.print("[dim]!: høj enighed, men lav kappa, fordi ét svar dominerer; se AC1.[/dim]")
    for sentence in EXPLANATIONS:
        out.print(f"[dim]· {escape(sentence)}[/dim]", soft_wrap=True)


def _estimate_json(estimate) -> dict | None:
    if estimate is None:
        return None
    return {"value": estimate.value, "low": estimate.low, "high": estimate.high}


def _pair_json(p) -> dict:
    return {
        "scope": p.scope,
        "a": p.a,
        "b": p.b,
        "items": p.items,
        "percent": p.percent,
        "kappa": _estimate_json(p.kappa),
        "ac1": _estimate_json(p.ac1),
        "alpha": p.alpha,
        "binary": p.binary,
        "kappa_misleads": p.kappa_misleads,
    }


def _agreement_json(result) -> dict:
    return {
        "reviewers": result.reviewers,
        "pairs": [
            {
                "a": p.a,
                "b": p.b,
                "items": p.items,
                "percent": None if p.items == 0 else p.percent,
                "kappa": p.kappa,
            }
            for p in result.pairs
        ],
        "krippendorff_alpha": result.alpha,
        "disagreements": [
            {"case": c, "indicator": i, "values": v} for c, i, v in result.disagreements
        ],
        "engine": [
            {
                "indicator": e.indicator,
                "tp": e.tp,
                "fp": e.fp,
                "fn": e.fn,
                "tn": e.tn,
                "excluded": e.excluded,
                "precision": e.precision,
                "recall": e.recall,
                "f1": e.f1,
                "disagreeing": e.disagreeing,
            }
            for e in result.engine
        ],
    }
