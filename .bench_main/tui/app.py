"""The app and its factory: `make_app(review_loader, store_factory, settings)`.

The review (which scans the repository) runs in a worker thread with a loading indicator; every
decision goes through `tui.decisions` to the same ActionStore the CLI uses.  Errors are shown
with `notify`, one line each, like the CLI's.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from copilot.errors import CopilotError
from copilot.model.findings import Finding, Review
from tui.decisions import UNCOMMITTED
from tui.screens.review import ReviewScreen
from tui.session import ReviewLoader, StoreFactory
from tui.settings import TuiSettings
from tui.widgets.detail import FindingDetail
from tui.widgets.header import ReviewHeader


class ReviewApp(App[None]):
    """The interactive review session. It never applies an action."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self, review_loader: ReviewLoader, store_factory: StoreFactory, settings: TuiSettings
    ) -> None:
        super().__init__()
        self.review_loader = review_loader
        self.store_factory = store_factory
        self.settings = settings
        self.review: Review | None = None
        self.linked_actions: dict[str, list[str]] = {}  # finding fingerprint -> action ids naming it
        self.acknowledged: set[str] = set()  # fingerprints acknowledged for the reviewed range
        self.crash: Exception | None = None  # what stopped the session, for the CLI's error handler
        self.title = settings.title

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications are plain text, always: messages quote repository text and config keys."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an unhandled exception (the app exits): keep it for the CLI, which
        reports it in one line and logs the traceback, like every other command."""
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Exit without printing Textual's full-screen traceback (with local variables) on the terminal."""
        try:
            self.bell()
            self._close_messages_no_wait()
        except AttributeError:  # a Textual without these internals: its own report, then
            super()._fatal_error()

    def actions_of(self, finding: Finding) -> list[str]:
        """The finding's own proposals, then those that answer it without being attached to it
        (e.g. the deploy steps of a schema rollout name the schema findings they answer)."""
        extra = [a for a in self.linked_actions.get(finding.fingerprint, []) if a not in finding.actions]
        return [*finding.actions, *extra]

    def get_default_screen(self) -> ReviewScreen:
        return ReviewScreen()

    @property
    def review_screen(self) -> ReviewScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReviewScreen)
        return screen

    def load_review(self) -> None:
        """(Re-)run the review in a worker; a newer run replaces one still running."""
        self.review_screen.set_loading(True)
        self._review_worker()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _review_worker(self) -> None:
        worker = get_current_worker()
        try:
            review = self.review_loader()
            links = self._action_links(review)
            acknowledged = self._acknowledged(review)
        except CopilotError as exc:
            message = str(exc)
        except Exception as exc:  # the session stays up; the message says what broke
            message = f"internal error: {type(exc).__name__}: {exc}"
        else:
            if not worker.is_cancelled:
                try:
                    self.call_from_thread(self._review_loaded, review, links, acknowledged)
                except Exception as exc:  # showing it broke: a crash of the session, not a review error
                    self.call_from_thread(self._handle_exception, exc)
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._review_failed, message)

    def _action_links(self, review: Review) -> dict[str, list[str]]:
        """Which findings each proposed action answers, as the store records it."""
        links: dict[str, list[str]] = {}
        if not review.actions:
            return links
        try:
            with self.store_factory() as store:
                for summary in review.actions:
                    for fingerprint in store.get(summary.id).proposal.findings:
                        links.setdefault(fingerprint, []).append(summary.id)
        except CopilotError:
            return {}  # the findings' own action lists still work; opening one reports the problem
        return links

    def _acknowledged(self, review: Review) -> set[str]:
        """Fingerprints of the findings already acknowledged for exactly this range (as the hook sees it)."""
        if not review.findings or review.head in UNCOMMITTED:
            return set()
        try:
            with self.store_factory() as store:
                return {
                    f.fingerprint for f in review.findings
                    if store.is_acknowledged(f.fingerprint, review.base, review.head)
                }  # fmt: skip
        except CopilotError:
            return set()  # no marks; acknowledging reports the store's problem

    def _review_loaded(self, review: Review, links: dict[str, list[str]], acknowledged: set[str]) -> None:
        self.review = review
        self.linked_actions = links
        self.acknowledged = acknowledged
        screen = self.review_screen
        screen.set_loading(False)
        screen.show_review(review)
        for warning in review.warnings[:3]:
            self.notify(warning, title="Warning", severity="warning")

    def _review_failed(self, message: str) -> None:
        screen = self.review_screen
        screen.set_loading(False)
        if self.review is not None:
            screen.show_review(self.review)  # keep showing the last good review
        else:
            screen.query_one(ReviewHeader).show_failed()
            screen.query_one(FindingDetail).show_message(
                Text(f"The review failed: {message}\nFix it and press r to run it again.", style="bold red")
            )
        self.notify(message, title="Review failed", severity="error", timeout=10)


def make_app(
    review_loader: ReviewLoader, store_factory: StoreFactory, settings: TuiSettings | None = None
) -> ReviewApp:
    """Build the session: `review_loader()` runs the review, `store_factory()` opens the action store."""
    return ReviewApp(review_loader, store_factory, settings or TuiSettings())
