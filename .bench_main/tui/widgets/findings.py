"""The findings list: grouped by severity (high first), one badge + id + rule + title per finding."""

from __future__ import annotations

from collections.abc import Callable, Collection

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from copilot.model.findings import SEVERITIES, Finding, Review
from tui import render

SELECT = Binding.Group("Select")


class FindingsList(OptionList):
    """An OptionList whose options are findings (id = finding id); group headings are disabled."""

    BINDINGS = [
        Binding("up", "cursor_up", "Select", group=SELECT, key_display="↑/k"),
        Binding("down", "cursor_down", "Select", group=SELECT, key_display="↓/j"),
        Binding("k", "cursor_up", "Select", show=False),
        Binding("j", "cursor_down", "Select", show=False),
        Binding("enter", "select", "Detail"),
    ]

    DEFAULT_CSS = """
    FindingsList {
        width: 46;
        height: 1fr;
        border: round $primary 50%;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    FindingsList:focus {
        border: round $primary;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="findings")
        self.border_title = "Findings"
        self.findings: dict[str, Finding] = {}

    def show_review(
        self,
        review: Review,
        keep: str | None = None,
        actions_of: Callable[[Finding], list[str]] | None = None,
        acknowledged: Collection[str] = (),
    ) -> None:
        """Fill the list; highlight the finding with fingerprint `keep` if it is still there.
        Findings whose fingerprint is in `acknowledged` are marked."""
        self.clear_options()
        self.findings = {f.id: f for f in review.findings}
        options: list[Option | None] = []
        for severity in SEVERITIES:
            group = [f for f in review.findings if f.severity == severity]
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(render.group_header(severity, len(group)), disabled=True))
            options += [
                Option(
                    render.option_prompt(
                        f, len(actions_of(f) if actions_of else f.actions), f.fingerprint in acknowledged
                    ),
                    id=f.id,
                )
                for f in group
            ]
        if not options:
            options.append(Option(Text(render.empty_message(review)), disabled=True))
        self.add_options(options)
        self.border_subtitle = render.plural(len(review.findings), "finding")
        target = next((f.id for f in review.findings if keep and f.fingerprint == keep), None)
        if target is None and review.findings:
            target = review.findings[0].id
        if target is not None:
            self.highlighted = self.get_option_index(target)

    @property
    def selected(self) -> Finding | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.findings.get(option.id or "")
