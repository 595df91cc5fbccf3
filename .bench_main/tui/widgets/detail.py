"""The right-hand pane: the selected finding in full (or the graph view, or the empty message)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from copilot.model.findings import Finding, Review
from tui import render
from tui.settings import TuiSettings


class Pane(VerticalScroll, can_focus=True):
    """A focusable scrolling pane holding one rich renderable."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll", show=False),
        Binding("k", "scroll_up", "Scroll", show=False),
        Binding("escape", "app.focus('findings')", "Back to list"),
    ]

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
        border: round $primary 50%;
        padding: 0 1;
    }
    Pane:focus {
        border: round $primary;
    }
    Pane > Static {
        width: 1fr;
    }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(classes="content")

    renderable: RenderableType = ""

    def show(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self.query_one(Static).update(renderable)
        self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (for tests and screen readers)."""
        return render.plain(self.renderable)


class FindingDetail(Pane):
    """Title, reasoning, data flow, impacted services, evidence, alternatives, actions, provenance."""

    def __init__(self, settings: TuiSettings) -> None:
        super().__init__(id="detail")
        self.settings = settings
        self.border_title = "Detail"
        self.finding: Finding | None = None

    def show_finding(
        self, finding: Finding | None, review: Review, action_ids: list[str] | None = None,
        acknowledged: bool = False,
    ) -> None:
        self.finding = finding
        if finding is None:
            self.border_title = "Detail"
            self.show(render.empty(review) if not review.findings else Text("Select a finding.", style="dim"))
            return
        self.border_title = f"{finding.id} · {finding.rule}" + (
            " · ✓ acknowledged for this range" if acknowledged else ""
        )
        self.show(
            render.detail(
                finding, review, action_ids=action_ids, syntax_theme=self.settings.syntax_theme,
                max_citations=self.settings.max_citations,
            )
        )  # fmt: skip

    def show_message(self, message: RenderableType) -> None:
        self.finding = None
        self.show(message)


class GraphView(Pane):
    """The impacted subgraph's edges as text; the selected finding's edges are marked."""

    def __init__(self) -> None:
        super().__init__(id="graph")
        self.border_title = "Impacted subgraph"

    def show_graph(self, review: Review, selected: Finding | None) -> None:
        self.show(render.graph(review, selected))
