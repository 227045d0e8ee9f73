"""``casereview explain FILE``: the text with its findings highlighted, and why each counts or not."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.text import Text

from casereview.catalogue import Catalogue
from casereview.cli import app
from casereview.cli.common import LexiconsOption, ModelOption, RulesOption, load_engine
from casereview.cli.output import FLAG_TEXT, NOT_COUNTING_STYLE, console
from casereview.engine.findings import DocumentResult, explain_finding
from casereview.ingest.documents import read_masked


def highlighted(result: DocumentResult, catalogue: Catalogue) -> Text:
    """The document text with every finding styled by indicator (not counting: dim, struck)."""
    text = Text(result.text)
    # Not-counting findings first, so a counting one over the same words wins.
    for finding in sorted(result.findings, key=lambda f: f.counts):
        info = catalogue[finding.indicator]
        # The catalogue's mark (Håb underlined, Ressourcer italic): more than colour tells them apart.
        mark = f" {info.mark}" if info.mark != "none" else ""
        style = info.terminal_style + mark if finding.counts else NOT_COUNTING_STYLE
        text.stylize(style, finding.start, finding.end)
    return text


@app.command()
def explain(
    file: Path = typer.Argument(..., help="En .txt-, .md-, .docx- eller .pdf-fil.", dir_okay=False),
    rules: Path = RulesOption,
    lexicons: Path = LexiconsOption,
    model: str = ModelOption,
) -> None:
    """Vis teksten med fund fremhævet og en forklaring på dansk for hvert fund."""
    text = read_masked(file)  # read and masked exactly as an import would
    engine = load_engine(rules, lexicons, model)
    result = engine.score(text, file.name)
    out = console()
    out.rule(f"[bold]{escape(file.name)}[/bold]")
    catalogue = engine.catalogue
    out.print(highlighted(result, catalogue))
    out.rule("Fund")
    for info in catalogue:
        own = [f for f in result.findings if f.indicator == info.id]
        out.print(f"\n[{info.terminal_style}]{info.label}[/]: {FLAG_TEXT[result.flags[info.id]]}")
        if not own:
            out.print("  [dim]Ingen fund.[/dim]")
        for f in own:
            mark = "[green]+[/green]" if f.counts else "[red]÷[/red]"
            where = f" [dim](under '{escape(f.section)}')[/dim]" if f.section else ""
            out.print(f"  {mark} «{escape(f.text.strip())}»{where}")
            out.print(f"      {escape(explain_finding(f, info))} [dim]regel {escape(f.rule)}[/dim]")
