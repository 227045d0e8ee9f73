"""The first screen without arguments: choose the municipality and round to review."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from casereview.review import RoundInfo
from casereview.tui.markup import escape
from casereview.tui.screens.base import ReviewScreen
from casereview.wording import plural


class RoundPicker(ReviewScreen):
    BINDINGS = [Binding("enter", "open", "Åbn runden", id="open", show=True)]

    def __init__(self, rounds: list[RoundInfo]) -> None:
        super().__init__()
        self.rounds = rounds

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Vælg kommune og runde", id="picker-title")
        if not self.rounds:
            yield Static(
                "Der er ingen runder i databasen endnu. Importér sager med "
                "'casereview import MAPPE -m KOMMUNE -r baseline'.",
                id="empty",
            )
        yield OptionList(
            *[
                Option(f"{escape(r.title)}  [dim]({plural(r.cases, 'sag')})[/dim]", id=str(r.id))
                for r in self.rounds
            ],
            id="rounds",
        )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.host.open_round(int(event.option.id or 0))

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.host.open_round(int(options.get_option_at_index(options.highlighted).id or 0))
