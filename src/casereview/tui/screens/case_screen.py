"""One case: its documents as tabs, the text with findings highlighted, findings, indicators.

The keys that judge, decide and navigate belong to this screen, because they
work wherever the focus is; scrolling and marking lines belong to the text
view. Every change goes through the review service in a worker and is shown
as done only when it is in the database.
"""

from __future__ import annotations

import time

from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from casereview.catalogue import Indicator
from casereview.review import VALUE_LABELS, CaseSummary, DocumentData, FindingRow
from casereview.tui.markup import escape
from casereview.tui.screens.base import ReviewScreen
from casereview.tui.screens.dialogs import TextPrompt
from casereview.tui.symbols import COUNTS_SIGN
from casereview.tui.widgets.document_view import DocumentView
from casereview.tui.widgets.indicator_panel import IndicatorPanel
from casereview.values import DECISION_SYMBOLS, REASON_SHORT_DA

# Each indicator's colour is in its rule file (the catalogue): Okabe-Ito colours, which people
# with red-green colour blindness tell apart, and never colour alone: the catalogue's mark
# (Håb underlined, Ressourcer italic). Not-counting findings are dim and struck through; a
# reviewer's own evidence is overlined.
NOT_COUNTING = Style(dim=True, strike=True)
EVIDENCE = Style(overline=True, bold=True)
PURGED_TEXT = (
    "Dokumentets tekst er slettet (casereview purge --keep-scores). Fundene og "
    "vurderingerne er bevaret, men ordene kan ikke vises."
)
EXPLANATION_HINT = "[dim]f: næste fund og begrundelsen for det.[/dim]"


def indicator_style(info: Indicator) -> Style:
    """How a counting finding of ``info`` is highlighted: its colour, bold and its mark."""
    return Style(
        color="black",
        bgcolor=info.colour,
        bold=info.emphasis,
        underline=info.mark == "underline",
        italic=info.mark == "italic",
    )


class CaseScreen(ReviewScreen):
    BINDINGS = [
        Binding("1", "judge('ja')", "Ja", id="judge_ja"),
        Binding("2", "judge('delvist')", "Delvist", id="judge_delvist"),
        Binding("3", "judge('nej')", "Nej", id="judge_nej"),
        Binding("0", "judge('ikke_relevant')", "Ikke relevant", id="judge_ikke_relevant"),
        Binding("i", "indicator(1)", "Indikator", id="next_indicator"),
        Binding("I", "indicator(-1)", "Forrige indikator", id="previous_indicator", show=False),
        Binding("m", "note", "Note", id="note", show=False),
        Binding("a", "decide('accept')", "Acceptér fund", id="accept", show=False),
        Binding("r", "decide('reject')", "Afvis fund", id="reject", show=False),
        Binding("f", "finding(1)", "Næste fund", id="next_finding", show=False),
        Binding("F", "finding(-1)", "Forrige fund", id="previous_finding", show=False),
        Binding("e", "evidence", "Markér evidens", id="evidence", show=False),
        Binding("t", "document(1)", "Næste dokument", id="next_document", show=False),
        Binding("n", "case(1)", "Næste sag", id="next_case"),
        Binding("p", "case(-1)", "Forrige sag", id="previous_case", show=False),
        Binding("slash", "search", "Søg", id="search", show=False),
        Binding("ctrl+z", "undo", "Fortryd", id="undo", show=False),
        Binding("escape", "back", "Sagsliste", id="back", show=False),
    ]

    def __init__(self, cases: list[CaseSummary], index: int) -> None:
        super().__init__()
        self.cases = cases
        self.index = index
        self.documents: list[DocumentData] = []
        self.document_index = 0
        self.findings: list[FindingRow] = []
        self._load_count = 0
        self.shown_at = (
            0.0  # perf_counter when the current case was last shown (benchmarks read it)
        )

    @property
    def case(self) -> CaseSummary:
        return self.cases[self.index]

    @property
    def document(self) -> DocumentData | None:
        return self.documents[self.document_index] if self.documents else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with Vertical(id="text-pane"):
                yield Tabs(id="documents")
                yield DocumentView(id="text")
                yield Input(placeholder="Søg i teksten (Enter: næste, Esc: luk)", id="search")
            with Vertical(id="side-pane"):
                yield IndicatorPanel(self.catalogue.ids, self.catalogue.labels, id="indicators")
                yield OptionList(id="findings")
                yield Static(EXPLANATION_HINT, id="explanation")
        yield Static("", id="saved")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.load_case()

    # -- loading --------------------------------------------------------------
    @work(thread=True, exit_on_error=False, exclusive=True, group="case")
    def load_case(self) -> None:
        documents = self.review.documents(self.case.id)
        self.app.call_from_thread(self.show_case, documents)

    def show_case(self, documents: list[DocumentData]) -> None:
        self.documents = documents
        self.document_index = min(self.document_index, max(0, len(documents) - 1))
        self.title = f"Sag {self.case.position} af {len(self.cases)}: {self.case.ref}"
        self.query_one(IndicatorPanel).show_case(self.case)
        tabs = self.query_one(Tabs)
        tabs.clear()  # removal is asynchronous: every load gets tab ids of its own
        self._load_count += 1
        for n, document in enumerate(documents):
            tabs.add_tab(Tab(f"{document.kind}: {document.source_name}", id=self._tab_id(n)))
        if documents:
            tabs.active = self._tab_id(self.document_index)
        self.show_document()
        self.shown_at = time.perf_counter()

    def _tab_id(self, index: int) -> str:
        return f"doc-{self._load_count}-{index}"

    def show_document(self) -> None:
        view = self.query_one(DocumentView)
        document = self.document
        if document is None:
            view.set_document("Sagen har ingen dokumenter.", [])
            self.findings = []
            self._fill_findings(keep=False)
            return
        if not document.text:
            # purged with --keep-scores: findings and judgements stay, the words are gone
            view.set_document(PURGED_TEXT, [])
        else:
            view.set_document(document.text, self._highlights(document))
        self.findings = document.findings
        self._fill_findings(keep=False)
        if not document.scored:
            self.query_one("#explanation", Static).update(
                "[yellow]Dokumentet er ikke scoret: tryk s i sagslisten.[/yellow]"
            )

    def _style(self, indicator: str) -> Style:
        return indicator_style(self.catalogue[indicator])

    def _highlights(self, document: DocumentData) -> list[tuple[int, int, Style]]:
        spans = [
            (f.start, f.end, self._style(f.indicator) if f.counts else NOT_COUNTING)
            for f in document.findings
        ]
        spans += [(e.start, e.end, EVIDENCE + self._style(e.indicator)) for e in document.evidence]
        return spans

    def _fill_findings(self, keep: bool = True) -> None:
        """List the selected indicator's findings; ``keep`` the highlight only when the list is the same.

        Another case, document or indicator starts with nothing highlighted and the
        explanation box emptied, so it never shows the reason of a finding no longer listed.
        """
        options = self.query_one("#findings", OptionList)
        highlighted = options.highlighted if keep else None
        options.clear_options()
        if not keep:
            self.query_one("#explanation", Static).update(EXPLANATION_HINT)
        indicator = self.query_one(IndicatorPanel).indicator
        rows = []
        for finding in self.findings:
            if finding.indicator != indicator:
                continue
            sign = (
                f"[green]{COUNTS_SIGN[True]}[/green]"
                if finding.counts
                else f"[red]{COUNTS_SIGN[False]}[/red]"
            )
            text = escape(finding.text.strip().replace("\n", " ")[:40])
            why = REASON_SHORT_DA.get(finding.reason, finding.reason)
            why = f" [dim]{why}[/dim]" if why else ""
            rows.append(
                Option(
                    f"{DECISION_SYMBOLS[finding.decision]} {sign} «{text}»{why}", id=str(finding.id)
                )
            )
        if self.document:
            for span in self.document.evidence:
                if span.indicator == indicator:
                    rows.append(
                        Option(
                            f"  [b]E[/b] «{escape(span.text[:40])}» [dim](din markering)[/dim]",
                            id=f"e{span.id}",
                        )
                    )
        if not rows:
            rows.append(
                Option(
                    "[dim]Ingen fund for denne indikator i dokumentet.[/dim]",
                    id="none",
                    disabled=True,
                )
            )
        options.add_options(rows)
        if highlighted is not None and highlighted < len(rows) and not rows[highlighted].disabled:
            options.highlighted = highlighted

    def _visible_findings(self) -> list[FindingRow]:
        indicator = self.query_one(IndicatorPanel).indicator
        return [f for f in self.findings if f.indicator == indicator]

    def _current_finding(self) -> FindingRow | None:
        options = self.query_one("#findings", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((f for f in self.findings if str(f.id) == option.id), None)

    # -- events ---------------------------------------------------------------
    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        load, index = (int(x) for x in event.tab.id.removeprefix("doc-").split("-"))
        if load == self._load_count and index != self.document_index:
            self.document_index = index
            self.show_document()

    def on_indicator_panel_selected(self, event: IndicatorPanel.Selected) -> None:
        self._fill_findings(keep=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        finding = self._current_finding()
        explanation = self.query_one("#explanation", Static)
        if finding is None:
            explanation.update(EXPLANATION_HINT)
            return
        self.query_one(DocumentView).scroll_to_offset(finding.start)
        # As ``casereview explain`` shows it: the words, where, why, and the rule.
        where = f" [dim](under '{escape(finding.section)}')[/dim]" if finding.section else ""
        explanation.update(
            f"«{escape(finding.text.strip())}»{where}\n"
            f"{escape(finding.explanation)} [dim]regel {escape(finding.rule)}[/dim]"
        )

    # -- actions --------------------------------------------------------------
    def action_judge(self, value: str) -> None:
        self.write_judgement(self.case.id, self.query_one(IndicatorPanel).indicator, value)

    @work(thread=True, exit_on_error=False, group="write")
    def write_judgement(
        self, case_id: int, indicator: str, value: str, note: str | None = None
    ) -> None:
        self.review.judge(case_id, indicator, value, note)
        self.app.call_from_thread(self._after_judgement, case_id, indicator, value, note)

    def _after_judgement(self, case_id: int, indicator: str, value: str, note: str | None) -> None:
        for case in self.cases:
            if case.id == case_id:
                case.mine[indicator] = value
                if note is not None:
                    case.notes[indicator] = note
                # Every key saves at once: say which case, indicator and value went in.
                what = "Note" if note is not None else VALUE_LABELS[value]
                self.query_one("#saved", Static).update(
                    f"[b]{escape(case.ref)} · {self.catalogue.short(indicator)}: {what}[/b] gemt"
                )
        self.query_one(IndicatorPanel).refresh_content()
        self.refresh_others()

    @work(thread=True, exit_on_error=False, exclusive=True, group="others")
    def refresh_others(self) -> None:
        summaries = {c.id: c for c in self.review.cases(self.round_id)}
        self.app.call_from_thread(self._update_summaries, summaries)

    def _update_summaries(self, summaries: dict[int, CaseSummary]) -> None:
        self.cases = [summaries.get(c.id, c) for c in self.cases]
        self.query_one(IndicatorPanel).show_case(self.case)

    def action_indicator(self, step: int) -> None:
        panel = self.query_one(IndicatorPanel)
        panel.selected = (panel.selected + step) % len(panel.indicators)

    def action_note(self) -> None:
        indicator = self.query_one(IndicatorPanel).indicator
        if self.case.mine.get(indicator) is None:
            self.notify(
                "Sæt først en vurdering (1, 2, 3 eller 0), så kan du skrive en note.",
                severity="warning",
            )
            return
        label = self.catalogue.labels[indicator]

        def save(note: str | None) -> None:
            if note is not None:
                self.write_judgement(self.case.id, indicator, self.case.mine[indicator], note)

        self.app.push_screen(
            TextPrompt(f"Note til {label}", self.case.notes.get(indicator, "")), save
        )

    def action_decide(self, decision: str) -> None:
        finding = self._current_finding()
        if finding is None:
            self.notify("Vælg et fund i listen først (f: næste fund).", severity="warning")
            return
        new = None if finding.decision == decision else decision
        self.write_decision(finding, new)

    @work(thread=True, exit_on_error=False, group="write")
    def write_decision(self, finding: FindingRow, decision: str | None) -> None:
        self.review.decide(finding, decision)
        self.app.call_from_thread(self._after_decision, finding, decision)

    def _after_decision(self, finding: FindingRow, decision: str | None) -> None:
        finding.decision = decision
        self._fill_findings()

    def action_finding(self, step: int) -> None:
        options = self.query_one("#findings", OptionList)
        count = options.option_count
        if not count or options.get_option_at_index(0).disabled:
            self.notify("Ingen fund for denne indikator i dokumentet.")
            return
        current = (
            options.highlighted if options.highlighted is not None else (-1 if step > 0 else count)
        )
        options.highlighted = (current + step) % count

    def action_evidence(self) -> None:
        document = self.document
        view = self.query_one(DocumentView)
        span = view.selected_range()
        if document is None or span is None:
            self.notify(
                "Markér tekst med musen eller med v (sætning) og ← → (ord) først.",
                severity="warning",
            )
            return
        indicator = self.query_one(IndicatorPanel).indicator
        view.clear_mark()
        self.write_evidence(document.id, indicator, *span)

    @work(thread=True, exit_on_error=False, group="write")
    def write_evidence(self, document_id: int, indicator: str, start: int, end: int) -> None:
        self.review.add_evidence(document_id, indicator, start, end)
        self.app.call_from_thread(
            self.notify, f"Evidens markeret for {self.catalogue.labels[indicator]}."
        )
        self.load_case()

    def action_document(self, step: int) -> None:
        if len(self.documents) > 1:
            self.query_one(Tabs).active = self._tab_id(
                (self.document_index + step) % len(self.documents)
            )

    def action_case(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.cases):
            self.notify("Der er ikke flere sager i den retning.")
            return
        self.index = target
        self.document_index = 0
        self.query_one("#saved", Static).update("")
        self.load_case()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        view = self.query_one(DocumentView)
        hit = view.find(event.value, view.cursor_offset + 1 if view.search_hit else 0)
        if hit is None:
            self.notify(f"«{event.value}» findes ikke i dokumentet.", severity="warning")

    def on_key(self, event) -> None:
        search = self.query_one("#search", Input)
        if event.key == "escape" and search.has_focus:
            search.display = False
            self.query_one(DocumentView).focus()
            event.stop()

    def action_undo(self) -> None:
        self.run_undo()

    @work(thread=True, exit_on_error=False, group="write")
    def run_undo(self) -> None:
        undone = self.review.undo()
        self.app.call_from_thread(
            self.notify, f"Fortrudt: {undone}." if undone else "Intet at fortryde."
        )
        if undone:
            summaries = {c.id: c for c in self.review.cases(self.round_id)}
            self.app.call_from_thread(self._update_summaries, summaries)
            self.load_case()

    def action_back(self) -> None:
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if below is not None and hasattr(below, "select_case_id"):
            below.select_case_id = self.case.id  # the list's cursor follows n/p
        self.app.pop_screen()
