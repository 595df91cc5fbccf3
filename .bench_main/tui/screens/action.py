"""The action modal: the EXACT patch, schema or command of a proposed action; approve or reject it.

Approving needs the action id typed in (a person approves that exact action, bound to the digest on
screen).  There is no apply button: applying is `pipeline-copilot apply ID`, which checks the
digest and the repository state again.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, Tab, Tabs

from copilot.actions.decisions import APPROVABLE, REJECTABLE
from copilot.actions.store import StoredAction
from copilot.errors import CopilotError
from tui import decisions, render
from tui.session import StoreFactory
from tui.settings import TuiSettings


class ActionScreen(ModalScreen[dict[str, str]]):
    """Shows one or more actions (tabs); dismisses with {action id: status} of what was decided."""

    BINDINGS = [Binding("escape", "close", "Close")]

    DEFAULT_CSS = """
    ActionScreen {
        align: center middle;
    }
    ActionScreen > #dialog {
        width: 94%;
        height: 94%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ActionScreen #action-content {
        height: 1fr;
        border: round $primary 50%;
        padding: 0 1;
    }
    ActionScreen #apply-note {
        height: auto;
        margin: 0 1;
        color: $text-muted;
    }
    ActionScreen .row {
        height: 3;
    }
    ActionScreen .row Label {
        width: 24;
        padding: 1 1 0 1;
    }
    ActionScreen .row Input {
        width: 1fr;
    }
    ActionScreen #buttons {
        height: 3;
        padding-left: 24;  /* under the inputs, clear of the notifications at the bottom right */
    }
    ActionScreen Button {
        margin-right: 2;
    }
    """

    def __init__(
        self, actions: list[StoredAction], store_factory: StoreFactory, settings: TuiSettings
    ) -> None:
        super().__init__()
        self.actions = {a.id: a for a in actions}
        self.current = actions[0].id
        self.store_factory = store_factory
        self.settings = settings
        self.decided: dict[str, str] = {}

    @property
    def action(self) -> StoredAction:
        return self.actions[self.current]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if len(self.actions) > 1:
                yield Tabs(*[Tab(a, id=f"tab-{a}") for a in self.actions])
            with VerticalScroll(id="action-content"):
                yield Static(id="action-text")
            yield Static(id="apply-note")
            with Horizontal(classes="row"):
                yield Label("Reason:")
                yield Input(placeholder="kept in the audit log (required to reject)", id="reason")
            with Horizontal(classes="row"):
                yield Label("", id="confirm-label")
                yield Input(id="confirm")
            with Horizontal(id="buttons"):
                yield Button("Approve", variant="success", id="approve")
                yield Button("Reject", variant="error", id="reject")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        """The cursor starts in the reason (the first field); Enter or Tab moves on to the confirmation."""
        self.refresh_action()
        self.query_one("#reason", Input).focus()

    @property
    def text(self) -> str:
        """What the modal shows about the current action, as plain text."""
        return render.plain(Group(self._content, self._note))

    def refresh_action(self) -> None:
        a = self.action
        label, body = render.action_body(a, self.settings.syntax_theme)
        self._content = Group(render.action_header(a), Text(f"--- {label} ---", style="bold"), body)
        self._note = Text.assemble(
            "Nothing is applied from here. Once approved, apply it with ",
            (f"pipeline-copilot apply {a.id}", "bold"),
            " (it checks the digest and the repository again).",
        )
        self.query_one("#dialog").border_title = f"Proposed action {a.id} · {a.kind} · {a.status}"
        self.query_one("#action-text", Static).update(self._content)
        self.query_one("#action-content", VerticalScroll).scroll_home(animate=False)
        self.query_one("#apply-note", Static).update(self._note)
        self.query_one("#confirm-label", Label).update(f"Type {a.id} to approve:")
        confirm = self.query_one("#confirm", Input)
        confirm.placeholder = f"{a.id}  (approves digest {a.digest[:19]}…)"
        confirm.value = ""
        self.query_one("#approve", Button).disabled = a.status not in APPROVABLE
        self.query_one("#reject", Button).disabled = a.status not in REJECTABLE

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id and event.tab.id.removeprefix("tab-") in self.actions:
            self.current = event.tab.id.removeprefix("tab-")
            self.refresh_action()

    def _reload(self) -> None:
        try:
            with self.store_factory() as store:
                self.actions[self.current] = store.get(self.current)
        except CopilotError as exc:
            self.notify(str(exc), severity="error")
        self.refresh_action()

    def _approve(self) -> None:
        shown = self.action
        typed = self.query_one("#confirm", Input).value
        reason = self.query_one("#reason", Input).value
        try:
            with self.store_factory() as store:
                record = decisions.approve(store, shown, typed, reason)
        except CopilotError as exc:
            self.notify(str(exc), title="Not approved", severity="error")
            if typed.strip() == shown.id:
                self._reload()  # e.g. it was marked stale
            confirm = self.query_one("#confirm", Input)
            confirm.value = ""
            confirm.focus()
            return
        self.decided[record.id] = record.status
        self.notify(
            f"approved {record.id} {record.digest}; apply it with `pipeline-copilot apply {record.id}`",
            title="Approved",
        )
        self._reload()

    def _reject(self) -> None:
        shown = self.action
        try:
            with self.store_factory() as store:
                record = decisions.reject(store, shown, self.query_one("#reason", Input).value)
        except CopilotError as exc:
            self.notify(str(exc), title="Not rejected", severity="error")
            self.query_one("#reason", Input).focus()
            return
        self.decided[record.id] = record.status
        self.notify(f"rejected {record.id} {record.digest}", title="Rejected")
        self._reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "confirm":
            self._approve()
        else:
            self.query_one("#confirm", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "approve":
            self._approve()
        elif event.button.id == "reject":
            self._reject()
        else:
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(self.decided)
