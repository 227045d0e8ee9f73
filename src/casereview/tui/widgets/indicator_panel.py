"""The indicators of the open case: the automatic suggestion, this reviewer's judgement, note, others."""

from __future__ import annotations

from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from casereview.review import VALUE_LABELS, CaseSummary
from casereview.tui.markup import escape
from casereview.tui.symbols import SUGGESTION_SYMBOL


class IndicatorPanel(Static):
    """One row per indicator; the selected one takes the judgement keys."""

    selected: reactive[int] = reactive(0)
    """Index of the indicator the keys 1, 2, 3 and 0 judge."""

    class Selected(Message):
        def __init__(self, indicator: str) -> None:
            self.indicator = indicator
            super().__init__()

    def __init__(self, indicators: list[str], labels: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.indicators = indicators
        self.labels = labels
        self.case: CaseSummary | None = None

    @property
    def indicator(self) -> str:
        return self.indicators[self.selected]

    def show_case(self, case: CaseSummary) -> None:
        self.case = case
        self.refresh_content()

    def watch_selected(self) -> None:
        self.refresh_content()
        self.post_message(self.Selected(self.indicator))

    def refresh_content(self) -> None:
        if self.case is None:
            self.update("")
            return
        rows = []
        for n, indicator in enumerate(self.indicators):
            pointer = "▶" if n == self.selected else " "
            mine = self.case.mine.get(indicator)
            answer = f"[b]{VALUE_LABELS[mine]}[/b]" if mine else "[dim]· ikke vurderet[/dim]"
            rows.append(f"{pointer} [b]{escape(self.labels[indicator])}[/b]")
            rows.append(
                f"   forslag {SUGGESTION_SYMBOL[self.case.suggestions.get(indicator)]}  din: {answer}"
            )
            note = self.case.notes.get(indicator)
            if note:
                rows.append(f"    [i]Note: {escape(note)}[/i]")
            for reviewer, value in self.case.others.get(indicator, []):
                rows.append(f"    [dim]{escape(reviewer)}: {VALUE_LABELS[value]}[/dim]")
        self.update("\n".join(rows))

    def on_click(self, event) -> None:
        line = event.y
        # Each indicator takes two lines plus optional note/other lines: find by walking the rows.
        y = 0
        for n, indicator in enumerate(self.indicators):
            height = (
                2
                + bool(self.case and self.case.notes.get(indicator))
                + len(self.case.others.get(indicator, []) if self.case else [])
            )
            if y <= line < y + height:
                self.selected = n
                return
            y += height
