"""Small modal screens: the reviewer's name, a note, the help overlay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from casereview.tui.markup import escape


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Annullér", id="cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="dialog-input")
            yield Static("Enter: gem   Esc: annullér", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every binding of the screen below, with its key and what it does."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Luk", id="close")]

    def __init__(
        self, rows: list[tuple[str, str]], legend: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        self.rows = rows
        self.legend = legend or []

    def compose(self) -> ComposeResult:
        def table(rows: list[tuple[str, str]]) -> str:
            return "\n".join(f"[b]{escape(key):>16}[/b]  {escape(text)}" for key, text in rows)

        lines = table(self.rows)
        if self.legend:
            lines += "\n\n[b]Symboler[/b]\n" + table(self.legend)
        with Vertical(id="help"):
            yield Label("Taster", id="dialog-title")
            yield Static(lines, id="help-body")
            yield Static("Esc eller ?: luk", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
