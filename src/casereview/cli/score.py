"""``casereview score PATH...``: flags and deciding evidence per document."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.markup import escape

from casereview.cli import app
from casereview.cli.common import LexiconsOption, ModelOption, RulesOption, load_engine
from casereview.cli.output import FLAG_TEXT, atomic_output, console
from casereview.engine.findings import DocumentResult, explain_finding
from casereview.textio import iter_documents


class ScoreFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


def result_json(result: DocumentResult) -> dict:
    """The JSON Lines record of one document (the format named in the README)."""
    return {
        "id": result.id,
        "flags": result.flags,
        "findings": [
            {
                "indicator": f.indicator, "start": f.start, "end": f.end, "text": f.text, "counts": f.counts,
                "negated": f.negated, "experiencer": f.experiencer, "temporality": f.temporality,
                "section": f.section, "rule": f.rule, "cues": [c.id for c in f.cues],
                "source": f.source, "reason": f.reason, "explanation": explain_finding(f),
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
            evidence = "afvist: " + "; ".join(f"«{escape(f.text.strip()[:40])}» ({f.reason})" for f in deciding[:2])
        else:
            evidence = "[dim]intet fundet[/dim]"
        out.print(f"  {labels[indicator]:<26} {FLAG_TEXT[flag]}  {evidence}")


@app.command()
def score(
    paths: list[Path] = typer.Argument(..., help=".txt/.md-filer, mapper med sådanne, eller .jsonl med {\"id\", \"text\"} pr. linje."),
    format: ScoreFormat = typer.Option(ScoreFormat.table, "--format", "-f", help="table (læsbar) eller jsonl (én linje pr. dokument)."),
    output: Path = typer.Option(None, "--output", "-o", help="Skriv til denne fil (skrives først, når alt er lykkedes).", dir_okay=False),
    rules: Path = RulesOption,
    lexicons: Path = LexiconsOption,
    model: str = ModelOption,
) -> None:
    """Scor dokumenter og vis indikatorer med de fund, der afgjorde dem."""
    # Check every input before writing anything: a bad file late in a folder must not
    # leave half a result behind. Texts are read again while scoring, one at a time.
    for _ in iter_documents(paths):
        pass
    engine = load_engine(rules, lexicons, model)
    labels = {r.id: r.label for r in engine.ruleset.rules}
    items = ((d.id, d.text) for d in iter_documents(paths))
    with atomic_output(output) as stream:
        if format == ScoreFormat.jsonl:
            for result in engine.score_many(items):
                stream.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
        else:
            out = console(stream)
            for result in engine.score_many(items):
                _print_table_row(out, result, labels)
