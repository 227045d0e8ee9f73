"""The adjudication app: one round's disagreements, settled with a value and a reason.

Built by :func:`build_adjudication_app`, shared by ``casereview adjudicate``
and the tests.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from casereview.adjudication import AdjudicationService
from casereview.catalogue import Catalogue
from casereview.tui.screens.adjudication_screen import AdjudicationScreen
from casereview.tui.screens.dialogs import HelpScreen


class AdjudicationApp(App):
    """casereview's adjudication mode, in Danish."""

    CSS_PATH = "app.tcss"
    TITLE = "casereview"
    BINDINGS = [
        Binding("question_mark", "help", "Hjælp", id="help"),
        Binding("q", "quit", "Afslut", id="quit"),
    ]

    def __init__(
        self,
        service: AdjudicationService,
        catalogue: Catalogue,
        title: str,
        include_missing: bool = False,
    ) -> None:
        super().__init__()
        self.service = service
        self.catalogue = catalogue
        self.labels = catalogue.labels
        self.title_text = title
        self.include_missing = include_missing

    def on_mount(self) -> None:
        self.sub_title = f"afgør: {self.service.adjudicator}"
        self.push_screen(AdjudicationScreen(self.title_text, self.include_missing))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows = [
            (b.key.replace("question_mark", "?"), b.description)
            for bindings in (self.screen.BINDINGS, self.BINDINGS)
            for b in bindings
            if isinstance(b, Binding) and b.description
        ]
        rows.append(("↑ ↓", "Vælg par"))
        self.push_screen(HelpScreen(rows))


def build_adjudication_app(
    store, adjudicator: str, round_id: int, title: str, include_missing: bool = False
) -> AdjudicationApp:
    """The one factory for the adjudication app: the indicators the round was scored with."""
    from casereview.storage.repository import catalogue_of_rounds

    with store.session() as session:
        catalogue = catalogue_of_rounds(session, [round_id])
    if catalogue is None:
        from casereview.engine.loader import shipped_catalogue

        catalogue = shipped_catalogue()
    service = AdjudicationService(store, adjudicator, catalogue.ids, round_id)
    return AdjudicationApp(service, catalogue, title, include_missing)
