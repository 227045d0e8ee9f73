"""Commands on the case store: import, status, db upgrade, export, purge."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from casereview.cli import app, db_app
from casereview.cli.output import atomic_output, console, warn
from casereview.values import DocumentKind as DocKind
from casereview.values import RoundKind
from casereview.wording import plural

DbOption = typer.Option(
    None,
    "--db",
    help="Database: en SQLAlchemy-URL eller en fil (standard: CASEREVIEW_DB eller brugerens datamappe).",
)


def open_db(db: str | None, upgrade: bool = False):
    from casereview.storage.database import open_store

    store = open_store(db, upgrade=upgrade)
    if store.backup is not None:
        warn(f"databasen er opgraderet; en sikkerhedskopi af den gamle ligger i {store.backup}")
    return store


@app.command("import")
def import_(
    path: Path = typer.Argument(
        ...,
        help="Mappe med én undermappe pr. sag, en enkelt fil, eller en .csv/.jsonl med case, kind, text.",
    ),
    municipality: str = typer.Option(..., "--municipality", "-m", help="Kommunens navn."),
    round_kind: RoundKind = typer.Option(
        ..., "--round", "-r", case_sensitive=False, help="baseline, endline eller other."
    ),
    label: str = typer.Option(
        "", "--label", help="Rundens betegnelse, hvis der er flere af samme slags."
    ),
    kind: DocKind = typer.Option(
        None, "--kind", help="Dokumenttype for alle filer (ellers gættes den ud fra filnavnet)."
    ),
    case: str = typer.Option(
        None, "--case", help="Sagsnavn ved import af en enkelt fil (standard: filnavnet)."
    ),
    skip_bad: bool = typer.Option(
        False,
        "--skip-bad",
        help="Importér resten, hvis en fil ikke kan læses, og vis hvilke der blev sprunget over.",
    ),
    db: str = DbOption,
) -> None:
    """Importér sagsdokumenter (maskeret) til en runde i databasen."""
    from casereview.errors import CasereviewError
    from casereview.ingest.importer import import_round
    from casereview.ingest.layout import NestedRoundError

    store = open_db(db)
    try:
        report = import_round(
            store,
            path,
            municipality,
            round_kind.value,
            label,
            kind.value if kind else None,
            skip_bad,
            case,
        )
    except NestedRoundError as exc:
        instead = "\n  ".join(exc.commands(municipality, round_kind.value))
        raise CasereviewError(f"{exc.message}. Kør i stedet:\n  {instead}", exc.path) from None
    finally:
        store.close()
    out = console()
    masked = report.masked_total
    masked_text = ", ".join(
        plural(masked.get(key, 0), what)
        for key, what in (
            ("cpr", "CPR-nummer"),
            ("phone", "telefonnummer"),
            ("email", "e-mailadresse"),
        )
    )
    out.print(
        f"Importeret: {plural(len(report.imported), 'dokument')} til "
        f"{escape(report.municipality)} / {round_kind.value} "
        f"({plural(report.cases_in_round, 'sag')} i runden). Maskeret: {masked_text}."
    )
    if (
        path.is_file()
        and path.suffix.lower() not in {".jsonl", ".csv"}
        and not case
        and report.imported
    ):
        # one loose file: say which case it went into, so a wrong guess is seen at once
        warn(
            f"filen er lagt i sagen '{escape(report.imported[0][0])}' (efter filnavnet); "
            "brug --case SAGSNAVN for at vælge sagen"
        )
    if report.duplicates:
        out.print(f"Allerede importeret (sprunget over): {len(report.duplicates)}")
    for name, reason in report.skipped:
        warn(f"sprunget over: {escape(name)}: {reason}")
    for reference, reason in report.renamed.items():
        warn(f"sagen hedder nu {escape(reference)}: {reason}")
    for message in report.warnings:
        warn(message)


@app.command()
def status(db: str = DbOption) -> None:
    """Vis databasen, dens skemarevision og runderne i den."""
    from casereview.storage.database import current_revision, display_url
    from casereview.storage.repository import round_overview

    store = open_db(db)
    out = console()
    try:
        out.print(f"Database: {escape(display_url(store.url))}")
        out.print(f"Skemarevision: {current_revision(store.engine)}")
        table = Table("Kommune", "Runde", "Sager", "Dokumenter", "Scoret")
        with store.session() as session:
            rows = round_overview(session)
        for name, kind, label, cases, docs, scored in rows:
            table.add_row(
                escape(name),
                kind + (f" ({escape(label)})" if label else ""),
                str(cases),
                str(docs),
                str(scored),
            )
        out.print(table if rows else "Ingen runder endnu.")
    finally:
        store.close()


@db_app.command("upgrade")
def db_upgrade(db: str = DbOption) -> None:
    """Opgradér databasens skema til denne versions (tag en sikkerhedskopi først ved PostgreSQL)."""
    from casereview.storage.database import current_revision

    store = open_db(db, upgrade=True)
    try:
        console().print(f"Databasen er på skemarevision {current_revision(store.engine)}.")
    finally:
        store.close()


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


@app.command()
def export(
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Kommunens navn (standard: alle)."
    ),
    round_kind: RoundKind = typer.Option(
        None,
        "--round",
        "-r",
        case_sensitive=False,
        help="baseline, endline eller other (standard: alle).",
    ),
    format: ExportFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="jsonl (pr. dokument), csv eller xlsx (pr. sag og indikator); "
        "standard: efter filendelsen i --output, ellers jsonl.",
    ),
    include_text: bool = typer.Option(
        False,
        "--include-text",
        help="Medtag tekst: sagsteksten (jsonl) og ordene i fund og markeringer "
        "(alle formater). Følsomme personoplysninger.",
    ),
    sep: str = typer.Option(
        ";",
        "--sep",
        help="Skilletegn i CSV: ';' (dansk Excel), ',' eller 'tab'.",
    ),
    spans: bool = typer.Option(
        False,
        "--spans",
        help="Med jsonl og --include-text: {text, spans} som spaCy og Prodigy læser.",
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Skriv til denne fil (først når alt er lykkedes).",
        dir_okay=False,
    ),
    db: str = DbOption,
) -> None:
    """Eksportér runder: pr. dokument (jsonl) eller pr. sag og indikator med alle vurderinger (csv, xlsx)."""
    from casereview.errors import CasereviewError
    from casereview.export import export_records, span_records, write_jsonl

    format = _format_for(format, output)
    if spans and (format != ExportFormat.jsonl or not include_text):
        raise CasereviewError("--spans kræver --format jsonl og --include-text")
    if format == ExportFormat.xlsx and output is None:
        raise CasereviewError("Excel-eksport kræver --output FIL.xlsx")
    delimiter = _separator(sep, format)
    kind = round_kind.value if round_kind else None
    store = open_db(db)
    try:
        if municipality is not None:
            with store.session() as session:
                from casereview.storage.repository import resolve_municipality

                municipality = resolve_municipality(session, municipality)
        if format == ExportFormat.jsonl:
            records = (
                span_records(store, municipality, kind)
                if spans
                else export_records(store, municipality, kind, include_text)
            )
            with atomic_output(output) as stream:
                write_jsonl(records, stream)
            return
        _export_table(store, municipality, kind, format, include_text, delimiter, output)
    finally:
        store.close()


SUFFIX_FORMATS = {
    ".jsonl": ExportFormat.jsonl,
    ".json": ExportFormat.jsonl,
    ".csv": ExportFormat.csv,
    ".xlsx": ExportFormat.xlsx,
}


def _format_for(format: ExportFormat | None, output: Path | None) -> ExportFormat:
    """The format asked for, else the output file's ending; a mismatch is refused, so an
    .xlsx file never holds JSON."""
    from casereview.errors import CasereviewError

    suffix = output.suffix.lower() if output is not None else ""
    by_suffix = SUFFIX_FORMATS.get(suffix)
    if format is None:
        return by_suffix or ExportFormat.jsonl
    if by_suffix is not None and by_suffix != format:
        raise CasereviewError(
            f"--format {format.value} passer ikke til filendelsen '{suffix}' i --output"
        )
    return format


SEPARATORS = {";": ";", ",": ",", "tab": "\t", "\t": "\t"}


def _separator(sep: str, format: ExportFormat) -> str:
    """The CSV delimiter asked for; --sep with another format is refused, never ignored."""
    from casereview.errors import CasereviewError

    if sep not in SEPARATORS:
        raise CasereviewError(f"ukendt skilletegn '{sep}' til --sep (brug ';', ',' eller 'tab')")
    if sep != ";" and format != ExportFormat.csv:
        raise CasereviewError("--sep gælder kun for --format csv")
    return SEPARATORS[sep]


def _export_table(store, municipality, kind, format, include_text, delimiter, output) -> None:
    """One row per case and indicator with its evidence (csv), plus overview and evidence sheets (xlsx)."""
    from casereview.analysis import compare, indicator_catalogue, load_table
    from casereview.cli.output import write_via_temporary
    from casereview.errors import CasereviewError
    from casereview.evidence import load_evidence
    from casereview.reports import (
        case_rows,
        comparison_rows,
        evidence_rows,
        write_csv,
        write_xlsx,
    )

    rows = load_table(store, municipality, kind)
    if not rows:
        raise CasereviewError("ingen sager fundet at eksportere")
    labels = indicator_catalogue(store, municipality, kind).labels
    evidence = load_evidence(store, sorted({r.case_id for r in rows}), include_text)
    header, table = case_rows(rows, labels, evidence)
    if format == ExportFormat.csv:
        with atomic_output(output, encoding="utf-8-sig") as stream:
            write_csv(header, table, stream, delimiter)
        return
    sheets = [
        ("Sager og indikatorer", header, table),
        ("Oversigt", *comparison_rows(compare(rows, list(labels)), labels)),
        ("Fund og markeringer", *evidence_rows(rows, labels, evidence)),
    ]
    write_via_temporary(output, lambda tmp: write_xlsx(tmp, sheets))


@app.command()
def purge(
    municipality: str = typer.Option(..., "--municipality", "-m", help="Kommunens navn."),
    round_kind: RoundKind = typer.Option(
        None,
        "--round",
        "-r",
        case_sensitive=False,
        help="Kun denne runde (standard: alle kommunens runder).",
    ),
    keep_scores: bool = typer.Option(
        False,
        "--keep-scores",
        help="Behold indikatorer, fundenes egenskaber og vurderinger; slet kun tekst.",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Spørg ikke om bekræftelse."),
    db: str = DbOption,
) -> None:
    """Slet sagstekster for en kommune (eller én runde) og komprimér databasen, så teksten er væk fra filen."""
    from casereview.errors import CasereviewError
    from casereview.storage.retention import purge as run_purge

    what = f"{municipality}" + (f" / {round_kind.value}" if round_kind else " (alle runder)")
    if not yes and not typer.confirm(
        f"Slet sagstekster for {what}? Det kan ikke fortrydes.", default=False
    ):
        raise typer.Exit(1)
    store = open_db(db)
    try:
        report = run_purge(
            store, municipality, round_kind.value if round_kind else None, keep_scores
        )
    finally:
        store.close()
    kept = " Indikatorer og vurderinger er bevaret." if keep_scores else ""
    out = console()
    out.print(
        f"Slettet tekst fra {plural(report.documents, 'dokument')} i {plural(report.cases, 'sag')} "
        f"({plural(report.rounds, 'runde')}) og {plural(report.audit_events, 'logpost')}. "
        f"Databasen er komprimeret.{kept}"
    )
    for name in report.backups_removed:
        out.print(f"Sikkerhedskopi med den gamle tekst slettet: {escape(name)}")
    out.print(
        f"Kontrol: {report.samples} stykker af den slettede tekst søgt i {report.scanned}; "
        f"fundet: {report.residue}."
    )
    if report.residue:
        raise CasereviewError(
            f"{report.residue} stykker af den slettede tekst findes stadig i databasen"
        )
