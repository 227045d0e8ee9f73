"""Settling disagreements: the pairs to decide on the left, both sides and the engine on the right.

The keys that decide belong to this screen because they work wherever the
focus is. A verdict asks for its reason first and is written before the list
shows it; ctrl+z takes the newest verdict back.
"""

from __future__ import annotations

from typing import Protocol, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from casereview.adjudication import AdjudicationService, Pair
from casereview.catalogue import Catalogue
from casereview.review import VALUE_LABELS, VALUE_SYMBOLS, danish_message
from casereview.tui.markup import escape
from casereview.tui.screens.dialogs import TextPrompt
from casereview.tui.screens.text_editor import TextEditor
from casereview.values import OVERALL


class AdjudicationHost(Protocol):
    """What this screen needs from its app (implemented by ``AdjudicationApp``)."""

    service: AdjudicationService
    catalogue: Catalogue


ENGINE_TEXT = {True: "fundet", False: "intet fundet", None: "ikke scoret"}


def _value(value: str | None) -> str:
    return VALUE_LABELS.get(value, "mangler") if value else "mangler"


class AdjudicationScreen(Screen):
    BINDINGS = [
        Binding("1", "decide('ja')", "Ja", id="decide_ja"),
        Binding("2", "decide('delvist')", "Delvist", id="decide_delvist"),
        Binding("3", "decide('nej')", "Nej", id="decide_nej"),
        Binding("0", "decide('ikke_relevant')", "Ikke relevant", id="decide_ikke_relevant"),
        Binding("x", "clear", "Fjern afgørelse", id="clear"),
        Binding("ctrl+z", "undo", "Fortryd", id="undo"),
        Binding("v", "toggle_missing", "Vis manglende", id="missing"),
        Binding("k", "conclusion", "Konklusion (indikator)", id="conclusion"),
        Binding("a", "recommendations", "Anbefalinger", id="recommendations"),
    ]

    def __init__(self, title: str, include_missing: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.include_missing = include_missing
        self.pairs: list[Pair] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"[b]Afgørelser: {escape(self.title_text)}[/b]", id="adj-title")
        yield Static("", id="adj-progress")
        with Horizontal(id="adj-body"):
            yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="adj-detail"):
                yield Static("", id="pair-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Sag", key="ref", width=12)
        table.add_column("Ind.", key="indicator", width=5)
        table.add_column("Svar", key="answers", width=9)
        table.add_column("Afgjort", key="verdict", width=7)
        self.reload()

    @property
    def host(self) -> AdjudicationHost:
        return cast("AdjudicationHost", self.app)

    @property
    def service(self) -> AdjudicationService:
        """The adjudicator's service: the only way to the store."""
        return self.host.service

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed worker: say why in Danish and keep the app open."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(
                f"Fejl: {danish_message(event.worker.error)}",
                title="Noget gik galt",
                severity="error",
                timeout=10,
            )

    @work(thread=True, exit_on_error=False, exclusive=True, group="pairs")
    def reload(self) -> None:
        """Read the pairs off the UI thread; a verdict is shown only once it is stored."""
        pairs = self.service.pairs(self.include_missing)
        self.app.call_from_thread(self.show_pairs, pairs)

    def show_pairs(self, pairs: list[Pair]) -> None:
        self.pairs = pairs
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for pair in self.pairs:
            answers = "/".join(VALUE_SYMBOLS[v.value] for v in pair.views)
            verdict = VALUE_SYMBOLS[pair.verdict["value"]] if pair.verdict else ""
            table.add_row(
                pair.case_ref,
                self.host.catalogue.short(pair.indicator),
                answers,
                verdict,
                key=f"{pair.case_id}:{pair.indicator}",
            )
        if self.pairs:
            table.move_cursor(row=min(row, len(self.pairs) - 1))
        done = sum(p.verdict is not None for p in self.pairs)
        what = "uenige eller manglende" if self.include_missing else "uenige"
        order = "/".join(v.reviewer for v in self.pairs[0].views) if self.pairs else ""
        self.query_one("#adj-progress", Static).update(
            f"{done} af {len(self.pairs)} {what} par er afgjort · svar: {escape(order)}"
            if self.pairs
            else "Ingen uenigheder at afgøre i runden."
        )
        self.show_detail()

    def current(self) -> Pair | None:
        if not self.pairs:
            return None
        return self.pairs[min(self.query_one(DataTable).cursor_row, len(self.pairs) - 1)]

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        pair = self.current()
        detail = self.query_one("#pair-detail", Static)
        if pair is None:
            detail.update("")
            return
        label = self.host.catalogue.labels.get(pair.indicator, pair.indicator)
        lines = [f"[b]{escape(pair.case_ref)} · {escape(label)}[/b]", ""]
        for view in pair.views:
            lines.append(f"[b]{escape(view.reviewer)}:[/b] {_value(view.value)}")
            if view.note:
                lines.append(f"  Note: {escape(view.note)}")
            for title, items in (
                ("Markeret", view.evidence),
                ("Accepteret fund", view.accepted),
                ("Afvist fund", view.rejected),
            ):
                lines += [f"  {title}: {escape(item)}" for item in items]
            lines.append("")
        lines.append(f"[b]Automatisk forslag:[/b] {ENGINE_TEXT[pair.engine]}")
        lines += [f"  {escape(item)}" for item in pair.engine_evidence[:5]]
        lines.append("")
        if pair.verdict:
            v = pair.verdict
            lines.append(
                f"[b]Afgjort:[/b] {_value(v['value'])} af {escape(v['adjudicator'])}"
                f" – {escape(v['reason'])}"
            )
        else:
            lines.append("[b]Afgjort:[/b] endnu ikke (1 2 3 0 afgør)")
        detail.update("\n".join(lines))

    # -- actions -------------------------------------------------------------
    def action_decide(self, value: str) -> None:
        pair = self.current()
        if pair is None:
            return
        reason = pair.verdict["reason"] if pair.verdict else ""

        def save(text: str | None) -> None:
            if text is None:
                return
            if not text:
                self.notify("Skriv en begrundelse for afgørelsen.", severity="warning")
                return
            self.service.decide(pair.case_id, pair.indicator, value, text)
            self.reload()
            self.notify(f"{pair.case_ref}: afgjort som {VALUE_LABELS[value]}")

        self.app.push_screen(
            TextPrompt(
                f"Begrundelse for {VALUE_LABELS[value]}", reason, "fx hvad der afgjorde det"
            ),
            save,
        )

    def action_clear(self) -> None:
        pair = self.current()
        if pair is not None and pair.verdict:
            self.service.clear(pair.case_id, pair.indicator)
            self.reload()

    def action_undo(self) -> None:
        if self.service.undo():
            self.reload()
            self.notify("Seneste afgørelse er fortrudt.")
        else:
            self.notify("Intet at fortryde.")

    def action_toggle_missing(self) -> None:
        self.include_missing = not self.include_missing
        self.reload()

    def _edit(self, topic: str, title: str) -> None:
        def save(text: str | None) -> None:
            if text is not None:
                self.service.write_conclusion(topic, text)
                self.notify("Gemt.")

        self.app.push_screen(TextEditor(title, self.service.conclusions().get(topic, "")), save)

    def action_conclusion(self) -> None:
        pair = self.current()
        indicator = pair.indicator if pair else self.service.indicators[0]
        label = self.host.catalogue.labels.get(indicator, indicator)
        self._edit(indicator, f"Iagttagelser: {label}")

    def action_recommendations(self) -> None:
        self._edit(OVERALL, "Anbefalinger for runden")
