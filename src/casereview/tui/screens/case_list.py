"""The ten cases of a round: engine suggestion and this reviewer's judgement per indicator."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from casereview.review import VALUE_SYMBOLS, CaseSummary, RoundInfo
from casereview.tui.markup import escape
from casereview.tui.screens.base import ReviewScreen
from casereview.tui.symbols import SUGGESTION_SYMBOL
from casereview.tui.widgets.case_table import CaseTable
from casereview.wording import plural


class CaseList(ReviewScreen):
    BINDINGS = [
        Binding("enter", "open_case", "Åbn sag", id="open_case"),
        Binding("s", "score", "Lav automatiske forslag", id="score"),
        Binding("escape", "back", "Runder", id="back"),
    ]

    def __init__(self, round_info: RoundInfo) -> None:
        super().__init__()
        self.round_info = round_info
        self.cases: list[CaseSummary] = []
        self.select_case_id: int | None = None  # set by the case screen when the reviewer leaves it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"[b]{escape(self.round_info.title)}[/b]", id="round-title")
        yield Static("", id="progress")
        yield CaseTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Forslag: ✓ fundet ✗ intet ? ikke scoret · Dig: J D N IR, · ikke vurderet",
            id="legend",
        )
        yield Footer()

    def on_mount(self) -> None:
        # Fixed widths: the layout does not jump while cases load, and every render is the same.
        table = self.query_one(DataTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Sag", key="ref", width=16)
        for indicator in self.catalogue.ids:
            table.add_column(self.catalogue.short(indicator), key=indicator, width=5)

    def on_screen_resume(self) -> None:
        """Also sent when the screen is first shown: one place loads the cases."""
        self.reload()

    @work(thread=True, exit_on_error=False, exclusive=True, group="case-list")
    def reload(self) -> None:
        cases = self.review.cases(self.round_info.id)
        self.app.call_from_thread(self.show_cases, cases)

    def show_cases(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for case in cases:
            cells = [str(case.position), case.ref]
            for indicator in self.catalogue.ids:
                cells.append(
                    f"{SUGGESTION_SYMBOL[case.suggestions[indicator]]} {VALUE_SYMBOLS[case.mine[indicator]]}"
                )
            table.add_row(*cells, key=str(case.id))
        ids = [c.id for c in cases]
        if self.select_case_id in ids:
            row = ids.index(self.select_case_id)
            self.select_case_id = None
        if cases:
            table.move_cursor(row=min(row, len(cases) - 1))
        done = sum(c.reviewed for c in cases)
        unscored = sum(any(v is None for v in c.suggestions.values()) for c in cases)
        hint = (
            f"   [yellow]{plural(unscored, 'sag')} uden automatisk forslag: tryk s[/yellow]"
            if unscored
            else ""
        )
        self.query_one("#progress", Static).update(f"{done} af {len(cases)} gennemgået{hint}")

    def action_open_case(self) -> None:
        table = self.query_one(DataTable)
        if self.cases:
            self.host.open_case(self.cases, table.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.host.open_case(self.cases, event.cursor_row)

    def action_back(self) -> None:
        self.host.show_round_picker()

    def action_score(self) -> None:
        self.notify("Laver automatiske forslag …")
        self.score_round()

    @work(thread=True, exit_on_error=False, exclusive=True, group="score")
    def score_round(self) -> None:
        report = self.review.score_round(self.round_info.id)
        self.app.call_from_thread(
            self.notify, f"Automatiske forslag lavet for {plural(report.scored, 'dokument')}."
        )
        self.reload()
