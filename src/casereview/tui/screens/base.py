"""What every review screen shares: typed access to the review service, and worker errors.

Screens reach the store only through :class:`~casereview.review.ReviewService`,
typed here rather than through an untyped ``self.app.service``. Slow work runs
in thread workers started with ``exit_on_error=False``; when one fails, the
screen shows the Danish message and the app stays open, so a database that
goes away mid-review costs the change at hand, not the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from casereview.catalogue import Catalogue
    from casereview.review import CaseSummary, ReviewService


class ReviewHost(Protocol):
    """What the screens need from the app (implemented by ``ReviewApp``)."""

    service: ReviewService
    catalogue: Catalogue
    round_id: int | None

    def open_round(self, round_id: int) -> None: ...

    def open_case(self, cases: list[CaseSummary], index: int) -> None: ...

    def show_round_picker(self) -> None: ...

    def show_error(self, exc: BaseException) -> None: ...


class ReviewScreen(Screen):
    """A screen of the review app."""

    @property
    def host(self) -> ReviewHost:
        return cast("ReviewHost", self.app)

    @property
    def review(self) -> ReviewService:
        """The reviewer's service: the only way to the store."""
        return self.host.service

    @property
    def catalogue(self) -> Catalogue:
        """The open round's indicators, as it was scored."""
        return self.host.catalogue

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.host.show_error(event.worker.error)
