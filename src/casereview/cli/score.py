"""``casereview score PATH...``: flags and deciding evidence per document."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.markup import escape

from casereview.catalogue import Catalogue
from casereview.cli import app
from casereview.cli.common import LexiconsOption, ModelOption, RulesOption, load_engine
from casereview.cli.output import FLAG_TEXT, atomic_output, console, warn
from casereview.engine.findings import DocumentResult, explain_finding
from casereview.errors import CasereviewError, printable
from casereview.ingest.documents import iter_documents
from casereview.ingest.walk import Skipped
from casereview.values import RoundKind
from casereview.wording import decimal, plural


class ScoreFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


def result_json(result: DocumentResult, catalogue: Catalogue) -> dict:
    """The JSON Lines record of one document (the format named in the README)."""
    return {
        "id": result.id,
        "flags": result.flags,
        "findings": [
            {
                "indicator": f.indicator,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "counts": f.counts,
                "negated": f.negated,
                "experiencer": f.experiencer,
                "temporality": f.temporality,
                "section": f.section,
                "rule": f.rule,
                "cues": [c.id for c in f.cues],
                "source": f.source,
                "reason": f.reason,
                "explanation": explain_finding(f, catalogue[f.indicator]),
            }
            for f in result.findings
        ],
    }


def _print_table_row(out, result: DocumentResult, labels: dict[str, str]) -> None:
    out.print(f"[bold]{escape(result.id)}[/bold]")
    for indicator, flag in result.flags.items():
        deciding = result.deciding(indicator)
        if flag:
            evidence = "; ".join(f"«{escape(f.text.strip()[:60])}»" for f in deciding[:3])
        elif deciding:
            evidence = "afvist: " + "; ".join(
                f"«{escape(f.text.strip()[:40])}» ({f.reason})" for f in deciding[:2]
            )
        else:
            evidence = "[dim]intet fundet[/dim]"
        out.print(f"  {labels[indicator]:<26} {FLAG_TEXT[flag]}  {evidence}")


@app.command()
def score(
    paths: list[Path] = typer.Argument(
        None,
        help='.txt/.md/.docx/.pdf-filer, mapper med sådanne, eller .jsonl med {"id", "text"} pr. linje.',
    ),
    format: ScoreFormat = typer.Option(
        ScoreFormat.table,
        "--format",
        "-f",
        help="table (læsbar) eller jsonl (én linje pr. dokument).",
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Skriv til denne fil (skrives først, når alt er lykkedes).",
        dir_okay=False,
    ),
    municipality: str = typer.Option(
        None, "--municipality", "-m", help="Lav forslag for denne kommunes gemte dokumenter."
    ),
    round_kind: RoundKind = typer.Option(
        None, "--round", "-r", help="Kun denne runde (baseline, endline, other)."
    ),
    all_rounds: bool = typer.Option(False, "--all", help="Lav forslag for alle gemte runder."),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, max=64, help="Antal processer ved scoring af gemte dokumenter."
    ),
    force: bool = typer.Option(
        False, "--force", help="Lav forslag igen, også for dokumenter der er uændrede siden sidst."
    ),
    db: str = typer.Option(
        None, "--db", help="Database (standard: CASEREVIEW_DB eller brugerens datamappe)."
    ),
    rules: Path = RulesOption,
    lexicons: Path = LexiconsOption,
    model: str = ModelOption,
) -> None:
    """Lav automatiske forslag for dokumenter (filer eller gemte runder): indikatorerne og de fund, der afgjorde dem."""
    if municipality or all_rounds or round_kind:
        if paths:
            raise CasereviewError("angiv enten filer eller --municipality/--all, ikke begge")
        kind = round_kind.value if round_kind else None
        _score_store(db, municipality, kind, all_rounds, jobs, force, rules, lexicons, model)
        return
    if not paths:
        raise CasereviewError(
            "angiv filer eller mapper at score, eller --municipality/--all for gemte runder"
        )

    if output is not None and output.suffix.lower() in {".xlsx", ".xls", ".csv", ".docx", ".pdf"}:
        raise CasereviewError(
            f"score skriver en tabel (tekst) eller jsonl, ikke '{output.suffix}'; brug "
            "'casereview import' og 'casereview export -f csv|xlsx' til regneark"
        )

    # Check every input before writing anything: a bad file late in a folder must not
    # leave half a result behind. Texts are read again while scoring, one at a time.
    def skipped(item: Skipped) -> None:
        warn(f"sprunget over: {escape(printable(str(item.path)))}: {item.reason}")

    for _ in iter_documents(paths, on_skip=skipped):
        pass
    engine = load_engine(rules, lexicons, model)
    labels = engine.catalogue.labels
    items = ((d.id, d.text) for d in iter_documents(paths))
    with atomic_output(output) as stream:
        if format == ScoreFormat.jsonl:
            for result in engine.score_many(items):
                stream.write(
                    json.dumps(result_json(result, engine.catalogue), ensure_ascii=False) + "\n"
                )
        else:
            out = console(stream)
            for result in engine.score_many(items):
                _print_table_row(out, result, labels)


def _score_store(
    db, municipality, round_kind, all_rounds, jobs, force, rules, lexicons, model
) -> None:
    """Bulk-score stored documents with a progress bar (documents/s and time left)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from casereview.cli.store import open_db
    from casereview.scoring import default_spec, score_rounds
    from casereview.storage.repository import find_rounds

    if all_rounds and municipality:
        raise CasereviewError("angiv enten --all eller --municipality")
    store = open_db(db)
    try:
        with store.session() as session:
            rounds = find_rounds(session, None if all_rounds else municipality, round_kind)
        columns = (
            TextColumn("Scorer"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} dok/s"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console(), transient=False) as progress:
            task = progress.add_task("score", total=None, rate="–")

            def started(count: int) -> None:
                progress.update(task, total=count)

            def advanced(count: int) -> None:
                progress.advance(task, count)
                elapsed = progress.tasks[0].elapsed or 0
                done = progress.tasks[0].completed
                progress.update(task, rate=f"{done / elapsed:.0f}" if elapsed else "–")

            report = score_rounds(
                store,
                [r.id for _, r in rounds if r.id is not None],
                default_spec(rules, lexicons, model),
                jobs,
                force,
                on_start=started,
                on_progress=advanced,
            )
    finally:
        store.close()
    out = console()
    out.print(
        f"Scoret {plural(report.scored, 'dokument')} på {decimal(report.seconds, 1)} s; "
        f"{report.up_to_date} var uændrede siden sidst ({report.total} i alt)."
    )
    _print_case_flags(out, db, [(place.name, r.kind) for place, r in rounds])
    for doc_id, error in report.failed:
        warn(f"dokument {doc_id} kunne ikke scores ({error}); det prøves igen ved næste kørsel")
    if report.failed:
        raise typer.Exit(1)


def _print_case_flags(out, db, rounds: list[tuple[str, str]]) -> None:
    """Per round, one line per case: the automatic suggestion per indicator (✓, ✗, ? not scored)."""
    from rich.table import Table

    from casereview.analysis import indicator_catalogue, load_table
    from casereview.cli.store import open_db

    store = open_db(db)
    try:
        for municipality, kind in dict.fromkeys(rounds):
            catalogue = indicator_catalogue(store, municipality, kind)
            labels = catalogue.ids
            rows = load_table(store, municipality, kind)
            table = Table(
                title=f"{municipality} / {kind}",
                caption="Automatisk forslag pr. sag: ✓ fundet · ✗ intet fundet · ? ikke scoret",
            )
            table.add_column("Sag")
            for indicator in labels:
                table.add_column(catalogue.short(indicator), justify="center")
            cases: dict[str, dict[str, bool | None]] = {}
            for row in rows:
                cases.setdefault(row.case_ref, {})[row.indicator] = row.engine
            for ref, flags in cases.items():
                table.add_row(escape(ref), *(_FLAG_MARK[flags.get(i)] for i in labels))
            out.print(table)
    finally:
        store.close()


_FLAG_MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[dim]?[/dim]"}
