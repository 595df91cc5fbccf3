"""The acknowledge modal: asks why the finding is acceptable for this range."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from copilot.model.findings import Finding
from tui import render


class AckScreen(ModalScreen[str | None]):
    """Dismisses with the reason typed (stripped, non-empty), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    AckScreen {
        align: center middle;
    }
    AckScreen > Vertical {
        width: 90;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    AckScreen Input {
        margin: 1 0;
    }
    AckScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    AckScreen Button {
        margin-left: 2;
    }
    """

    def __init__(self, finding: Finding, range_label: str) -> None:
        super().__init__()
        self.finding = finding
        self.range_label = range_label

    def compose(self) -> ComposeResult:
        f = self.finding
        intro = Text.assemble(
            ("Acknowledge ", "bold"), render.badge(f.severity), " ", (f"{f.id} {f.rule}", "bold"), "\n",
            render.finding_title(f), "\n\n",
            f"for {self.range_label} (fingerprint {f.fingerprint}). The pre-push hook lets this finding "
            "pass for exactly this head commit; a new commit needs a new acknowledgement. "
            "The reason is kept in the audit log.",
        )  # fmt: skip
        with Vertical():
            yield Static(intro)
            yield Input(placeholder="why is this acceptable? (required)", id="reason")
            with Horizontal():
                yield Button("Acknowledge", variant="primary", id="ack")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def _submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.notify("Write a reason: it is kept in the audit log.", severity="error")
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ack":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
