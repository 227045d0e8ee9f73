"""A multi-line editor for the consultant's conclusions: ctrl+s saves, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea


class TextEditor(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Gem", id="save"),
        Binding("escape", "cancel", "Annullér", id="cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Label(self.title_text, id="dialog-title")
            yield TextArea(self.text, id="editor-text", soft_wrap=True)
            yield Static("Ctrl+S: gem   Esc: annullér", classes="hint")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
