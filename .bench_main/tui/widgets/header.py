"""The top bar: which range was reviewed and how many findings of each severity."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from copilot.model.findings import Review
from tui import render


class ReviewHeader(Static):
    """Two lines: title and range (and the LLM used), then the summary counts."""

    DEFAULT_CSS = """
    ReviewHeader {
        dock: top;
        height: 2;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, title: str, requested: str) -> None:
        super().__init__()
        self.app_title = title
        self.requested = requested

    def on_mount(self) -> None:
        self.show_loading()

    def show_loading(self) -> None:
        what = self.requested or "the change"
        self.update(
            Text.assemble((self.app_title, "bold"), "  ", (f"reviewing {what} …", "italic dim"), "\n ")
        )

    def show_failed(self) -> None:
        what = self.requested or "the change"
        self.update(
            Text.assemble(
                (self.app_title, "bold"), "  ", (f"the review of {what} failed", "bold #e74c3c"),
                ("  ·  r runs it again", "dim"), "\n ",
            )  # fmt: skip
        )

    def show_review(self, review: Review) -> None:
        llm = review.llm
        engine = (
            "rules"
            if llm.provider == "offline"
            else f"rules + {llm.provider}" + (f" {llm.model}" if llm.model else "")
        )
        line = Text.assemble(
            (self.app_title, "bold"), "  review ", (render.range_label(review), "bold #5dade2"),
            ("  ·  " + engine, "dim"),
        )  # fmt: skip
        self.update(Text("\n").join([line, render.summary(review)]))
