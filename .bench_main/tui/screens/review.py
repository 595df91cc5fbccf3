"""The review screen: header, findings list | detail (or graph), footer; the session's keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from copilot.errors import CopilotError
from copilot.model.findings import Finding, Review
from tui import decisions, render
from tui.screens.ack import AckScreen
from tui.screens.action import ActionScreen
from tui.widgets.detail import FindingDetail, GraphView
from tui.widgets.findings import FindingsList
from tui.widgets.header import ReviewHeader

if TYPE_CHECKING:
    from tui.app import ReviewApp


class ReviewScreen(Screen[None]):
    """Header, findings | detail or graph, footer. Its keys are inactive while a modal is open."""

    BINDINGS = [
        Binding("a", "acknowledge", "Acknowledge"),
        Binding("p", "proposed", "Proposed action"),
        Binding("r", "rerun", "Re-run"),
        Binding("g", "toggle_graph", "Graph"),
        Binding("q", "app.quit", "Quit"),
    ]

    DEFAULT_CSS = """
    ReviewScreen #body {
        height: 1fr;
    }
    ReviewScreen #right {
        width: 1fr;
    }
    """

    app: ReviewApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield ReviewHeader(settings.title, settings.requested)
        with Horizontal(id="body"):
            yield FindingsList()
            with Vertical(id="right"):
                yield FindingDetail(settings)
                yield GraphView()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(GraphView).display = self.app.settings.show_graph
        self.query_one(FindingDetail).display = not self.app.settings.show_graph
        self.query_one(FindingsList).focus()
        self.app.load_review()

    # -- state ------------------------------------------------------------------------------------

    @property
    def review(self) -> Review | None:
        return self.app.review

    @property
    def selected(self) -> Finding | None:
        return self.query_one(FindingsList).selected

    def set_loading(self, loading: bool) -> None:
        self.query_one("#body").loading = loading
        if loading:
            self.query_one(ReviewHeader).show_loading()

    def show_review(self, review: Review) -> None:
        previous = self.selected
        self.query_one(ReviewHeader).show_review(review)
        self.query_one(FindingsList).show_review(
            review, keep=previous.fingerprint if previous else None, actions_of=self.app.actions_of,
            acknowledged=self.app.acknowledged,
        )  # fmt: skip
        self.show_selected()

    def show_selected(self) -> None:
        if self.review is None:
            return
        finding = self.selected
        action_ids = self.app.actions_of(finding) if finding else None
        acknowledged = finding is not None and finding.fingerprint in self.app.acknowledged
        self.query_one(FindingDetail).show_finding(finding, self.review, action_ids, acknowledged)
        self.query_one(GraphView).show_graph(self.review, finding)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_selected()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_focus_detail()

    # -- keys -------------------------------------------------------------------------------------

    def action_focus_detail(self) -> None:
        pane = (
            self.query_one(GraphView) if self.query_one(GraphView).display else self.query_one(FindingDetail)
        )
        pane.focus()

    def action_toggle_graph(self) -> None:
        graph, detail = self.query_one(GraphView), self.query_one(FindingDetail)
        had_focus = self.focused in (graph, detail)
        graph.display = not graph.display
        detail.display = not graph.display
        if had_focus:
            self.action_focus_detail()

    def action_rerun(self) -> None:
        self.app.load_review()

    def _target(self, verb: str) -> Finding | None:
        if self.review is None or self.query_one("#body").loading:
            self.notify(f"Nothing to {verb} yet: the review is still running.", severity="warning")
            return None
        finding = self.selected
        if finding is None:
            self.notify(f"No finding selected to {verb}.", severity="warning")
        return finding

    def action_acknowledge(self) -> None:
        finding = self._target("acknowledge")
        if finding is None or self.review is None:
            return
        review = self.review
        if review.head in decisions.UNCOMMITTED:
            self.notify(
                "An acknowledgement is bound to a commit: commit first, then review the range.",
                title="Cannot acknowledge uncommitted changes", severity="error",
            )  # fmt: skip
            return

        def done(reason: str | None) -> None:
            if reason is None:
                return
            try:
                with self.app.store_factory() as store:
                    ack, created = decisions.acknowledge(store, review, finding, reason)
            except CopilotError as exc:
                self.notify(str(exc), title="Not acknowledged", severity="error")
                return
            verb = "Acknowledged" if created else "Already acknowledged"
            if review is self.review:  # the list keeps the mark after the toast is gone
                self.app.acknowledged.add(ack.fingerprint)
                self.show_review(review)
            self.notify(
                f"{verb} {finding.id} ({ack.fingerprint}) for {ack.base[:12]}..{ack.head[:12]}",
                title=verb,
            )

        self.app.push_screen(AckScreen(finding, render.range_label(review)), done)

    def action_proposed(self) -> None:
        finding = self._target("open")
        if finding is None:
            return
        action_ids = self.app.actions_of(finding)
        if not action_ids:
            self.notify(f"{finding.id} has no proposed action.", severity="warning")
            return
        try:
            with self.app.store_factory() as store:
                actions = [store.get(action_id) for action_id in action_ids]
        except CopilotError as exc:
            self.notify(str(exc), title="Cannot open the action", severity="error")
            return

        def done(decided: dict[str, str] | None) -> None:
            if not decided or self.review is None:
                return
            for summary in self.review.actions:
                if summary.id in decided:
                    summary.status = decided[summary.id]
            self.show_selected()

        self.app.push_screen(ActionScreen(actions, self.app.store_factory, self.app.settings), done)
