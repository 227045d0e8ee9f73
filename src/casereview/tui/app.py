"""The review app: picks a round, lists its cases, opens a case.

Built by :func:`build_app`, shared by ``casereview review`` and the tests.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from casereview.catalogue import Catalogue
from casereview.review import CaseSummary, ReviewService, busy_message, danish_message
from casereview.tui.screens.case_list import CaseList
from casereview.tui.screens.case_screen import CaseScreen
from casereview.tui.screens.dialogs import HelpScreen
from casereview.tui.screens.round_picker import RoundPicker
from casereview.tui.symbols import LEGEND, key_name
from casereview.tui.widgets.document_view import DocumentView


class ReviewApp(App):
    """casereview's TUI, in Danish."""

    CSS_PATH = "app.tcss"
    TITLE = "casereview"
    # Textual's command palette is English and takes footer space an 80x24 terminal lacks.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("question_mark", "help", "Hjælp", id="help"),
        Binding("q", "quit", "Afslut", id="quit", show=False),
    ]

    def __init__(self, service: ReviewService, round_id: int | None = None) -> None:
        super().__init__()
        self.service = service
        self.round_id = round_id
        # The open round's indicators, as it was scored; set when a round is opened.
        self.catalogue: Catalogue = service.catalogue(round_id)

    @property
    def indicators(self) -> list[str]:
        return self.catalogue.ids

    @property
    def labels(self) -> dict[str, str]:
        return self.catalogue.labels

    def _handle_exception(self, error: Exception) -> None:
        """A busy database is a message and the app lives on; anything else exits without locals.

        Textual's default prints a traceback with every local variable, and
        here those hold case text and notes: the traceback is kept, the
        locals are not.
        """
        message = busy_message(error)
        if message:
            self.bell()
            self.notify(message[0].upper() + message[1:] + ".", severity="error", timeout=8)
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        self.sub_title = f"bedømmer: {self.service.reviewer}"
        if self.round_id is not None:
            self.open_round(self.round_id)
        else:
            self.show_round_picker()

    def show_round_picker(self) -> None:
        try:
            rounds = self.service.rounds()
        except Exception as exc:  # the app stays open; the reviewer sees why
            self.show_error(exc)
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(RoundPicker(rounds))

    def open_round(self, round_id: int) -> None:
        try:
            info = self.service.round_info(round_id)
            catalogue = self.service.catalogue(round_id)
        except Exception as exc:
            self.show_error(exc)
            return
        self.round_id, self.catalogue = round_id, catalogue
        self.push_screen(CaseList(info))

    def show_error(self, exc: BaseException) -> None:
        """Tell the reviewer in Danish what failed; nothing else changes."""
        self.notify(
            f"Fejl: {danish_message(exc)}", title="Noget gik galt", severity="error", timeout=10
        )

    def open_case(self, cases: list[CaseSummary], index: int) -> None:
        self.push_screen(CaseScreen(cases, index))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows: list[tuple[str, str]] = []
        sources = [self.screen.BINDINGS]
        if isinstance(self.screen, CaseScreen):
            sources.append(DocumentView.BINDINGS)
        sources.append(self.BINDINGS)
        for bindings in sources:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    rows.append((key_name(binding.key), binding.description))
        rows += [
            ("↑ ↓ PgUp PgDn", "Flyt i teksten"),
            ("Mus", "Klik og markér tekst; klik på indikator og fund"),
        ]
        self.push_screen(HelpScreen(rows, LEGEND))

    def get_key_display(self, binding: Binding) -> str:
        """Danish key names in the footer too (Esc, not escape)."""
        if binding.key_display:
            return binding.key_display
        return key_name(binding.key)


def build_app(store, reviewer: str, round_id: int | None = None, blind: bool = True) -> ReviewApp:
    """The one factory for the review app, shared by the CLI, the demo, the tests and the benchmarks.

    Each round shows the indicators it was scored with (from the store; no spaCy needed).
    """
    return ReviewApp(ReviewService(store, reviewer, blind=blind), round_id)
