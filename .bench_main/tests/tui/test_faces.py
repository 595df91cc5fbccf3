"""What a person meets in the session: the approve dialog's field order, and acknowledged findings
marked in the list for as long as the acknowledgement holds (after its toast, after `r`, next session)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from copilot.actions.store import ActionStore
from tests.tui.conftest import SIZE, Shop, record_notifications, settle
from tui.render import ACKNOWLEDGED, plain
from tui.screens.ack import AckScreen
from tui.screens.action import ActionScreen
from tui.widgets.detail import FindingDetail
from tui.widgets.findings import FindingsList

pytestmark = pytest.mark.anyio


def _row(app, finding_id: str) -> str:  # type: ignore[no-untyped-def]
    findings = app.screen.query_one(FindingsList)
    return plain(findings.get_option(finding_id).prompt)


async def test_the_approve_dialog_asks_the_reason_first_then_the_confirmation(shop: Shop) -> None:
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ActionScreen)
        assert modal.focused is modal.query_one("#reason", Input)
        await pilot.press(*"keeps old records readable", "enter")  # Enter in the reason moves on
        assert modal.focused is modal.query_one("#confirm", Input)
        await pilot.press("shift+tab")
        assert modal.focused is modal.query_one("#reason", Input)
        await pilot.press("tab")
        assert modal.focused is modal.query_one("#confirm", Input)
        seen = record_notifications(app)
        await pilot.press("A", "1", "enter")
        assert seen.pop()[0].startswith("approved A1 ")
    with ActionStore(shop.repo) as store:
        last = store.audit_entries()[-1]
    assert (last.event, last.reason, last.interactive) == ("approved", "keeps old records readable", True)


async def test_an_acknowledged_finding_stays_marked(shop: Shop) -> None:
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ACKNOWLEDGED not in _row(app, "F1")
        seen = record_notifications(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AckScreen)
        await pilot.press(*"planned migration", "enter")
        await pilot.pause()
        assert seen[-1][0].startswith("Acknowledged F1 ")
        app.clear_notifications()  # the toast is gone ...
        await pilot.pause()
        assert ACKNOWLEDGED in _row(app, "F1")  # ... the mark is not
        assert ACKNOWLEDGED not in _row(app, "F2")
        assert "acknowledged for this range" in str(app.screen.query_one(FindingDetail).border_title)
        await pilot.press("r")  # a new review of the same range
        await settle(pilot)
        assert ACKNOWLEDGED in _row(app, "F1") and ACKNOWLEDGED not in _row(app, "F2")
        await pilot.press("down")
        assert "acknowledged" not in str(app.screen.query_one(FindingDetail).border_title)
    again = shop.app()  # a new session reads the acknowledgement from the store
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ACKNOWLEDGED in _row(again, "F1") and ACKNOWLEDGED not in _row(again, "F3")
    with ActionStore(shop.repo) as store:
        acks = store.acknowledgements()
    assert [(a.fingerprint, a.reason) for a in acks] == [(shop.review.findings[0].fingerprint, "planned migration")]


async def test_an_acknowledgement_of_another_range_is_not_a_mark(shop: Shop) -> None:
    finding = shop.review.findings[0]
    with ActionStore(shop.repo) as store:
        store.acknowledge(finding.fingerprint, shop.review.base, "3" * 40, reason="another head", interactive=False)
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ACKNOWLEDGED not in _row(app, "F1")
