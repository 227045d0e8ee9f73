"""The case list's table: Home and End move the cursor to the first and last case."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class CaseTable(DataTable):
    """DataTable whose Home/End select a case instead of scrolling sideways."""

    BINDINGS = [
        Binding("home", "first_case", "Første sag", show=False),
        Binding("end", "last_case", "Sidste sag", show=False),
    ]

    def action_first_case(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_case(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
