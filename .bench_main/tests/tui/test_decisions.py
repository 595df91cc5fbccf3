"""Decisions made in the session land in the real ActionStore (and audit log) of a real repository,
exactly as the CLI records them, and the session never applies anything."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from copilot.actions.propose import deploy_proposal
from copilot.actions.store import ActionStore
from copilot.config import load_config
from tests.actions.conftest import tree_state
from tests.conftest import commit, git
from tests.tui.conftest import SIZE, Shop, record_notifications, settle
from tui.screens.ack import AckScreen
from tui.screens.action import ActionScreen
from tui.widgets.detail import FindingDetail

pytestmark = pytest.mark.anyio


def stripped(text: str) -> str:
    """Text without trailing blanks (a highlighted block is padded to the width of the screen)."""
    return "\n".join(line.rstrip() for line in text.splitlines())


async def test_acknowledge_records_the_finding_for_this_range(shop: Shop) -> None:
    app = shop.app()
    finding = shop.review.findings[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AckScreen)
        await pilot.press("enter")  # no reason yet: refused, the modal stays
        assert isinstance(app.screen, AckScreen)
        await pilot.press(*"replay is intended")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AckScreen)
        await pilot.press("a", "escape")  # cancelled: nothing more recorded
    with ActionStore(shop.repo) as store:
        [ack] = store.acknowledgements()
        entries = store.audit_entries()
        assert store.verify_audit().ok
        assert store.is_acknowledged(finding.fingerprint, shop.review.base, shop.review.head)
    assert (ack.fingerprint, ack.base, ack.head) == (finding.fingerprint, shop.review.base, shop.review.head)
    assert ack.reason == "replay is intended"
    assert entries[-1].event == "acknowledged" and entries[-1].interactive is True
    assert entries[-1].reason == "replay is intended"


async def test_approve_needs_the_exact_id_and_never_applies(shop: Shop) -> None:
    before = tree_state(shop.repo)
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ActionScreen)
        assert {b.id for b in modal.query(Button)} == {"approve", "reject", "close"}  # no apply button
        text = modal.text
        assert stripped(shop.action.proposal.content) in stripped(text)  # the exact patch, from the store
        assert shop.action.digest in text and "pipeline-copilot apply A1" in text
        seen = record_notifications(app)
        await pilot.click("#approve")  # nothing typed
        assert seen.pop() == ("not approved: type A1 exactly to approve A1", "error")
        for wrong in ("a1", "A2", "A1 please"):
            modal.query_one("#confirm", Input).value = wrong
            modal.query_one("#confirm", Input).focus()
            await pilot.press("enter")
            assert seen.pop() == ("not approved: type A1 exactly to approve A1", "error")
            with ActionStore(shop.repo) as store:
                assert store.get("A1").status == "proposed", wrong
        modal.query_one("#reason", Input).value = "restores amount_cents for fraud-scorer"
        modal.query_one("#confirm", Input).focus()
        await pilot.press("A", "1", "enter")
        await pilot.pause()
        assert seen.pop()[0].startswith(
            f"approved A1 {shop.action.digest}; apply it with `pipeline-copilot apply A1`"
        )
        assert modal.query_one("#approve", Button).disabled  # approved: nothing more to approve
        await pilot.press("escape")
        assert "A1 patch [approved]" in app.screen.query_one(FindingDetail).text
    with ActionStore(shop.repo) as store:
        action = store.get("A1")
        last = store.audit_entries()[-1]
        assert store.verify_audit().ok
    assert action.status == "approved" and action.approved_digest == shop.action.digest
    assert (last.event, last.action_id, last.digest) == ("approved", "A1", shop.action.digest)
    assert last.interactive is True and last.reason == "restores amount_cents for fraud-scorer"
    assert tree_state(shop.repo) == before  # approving changes no file
    assert git(shop.repo, "status", "--porcelain") == ""


async def test_reject_needs_a_reason(shop: Shop) -> None:
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        seen = record_notifications(app)
        await pilot.click("#reject")
        assert seen.pop() == ("not rejected: write why you reject A1 in the reason field", "error")
        with ActionStore(shop.repo) as store:
            assert store.get("A1").status == "proposed"
        app.screen.query_one("#reason", Input).value = "we key by customer instead"
        await pilot.pause(0.3)  # a button ignores clicks while it shows the previous press
        await pilot.click("#reject")
        assert seen.pop()[0].startswith("rejected A1 sha256:")
        await pilot.press("escape")
    with ActionStore(shop.repo) as store:
        action = store.get("A1")
        last = store.audit_entries()[-1]
    assert action.status == "rejected"
    assert (last.event, last.reason, last.interactive) == ("rejected", "we key by customer instead", True)


async def test_deploy_steps_answering_a_finding_open_with_it(shop: Shop) -> None:
    """A rollout's deploy step is not attached to a finding but names the findings it answers."""
    commit(shop.repo, {".pipeline-copilot.toml": '[deploy]\nfraud-scorer = "make -C fraud-scorer deploy"\n'})
    finding = shop.review.findings[0]
    step = deploy_proposal(
        shop.repo, load_config(shop.repo), "fraud-scorer", "Deploy fraud-scorer (step 1 of the rollout)",
        "BACKWARD: upgrade readers first", [finding.fingerprint], 1,
    )  # fmt: skip
    assert step is not None
    with ActionStore(shop.repo) as store:
        stored = store.save(step)
    shop.review.actions.append(stored.summary())
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "A2 deploy [proposed] Deploy fraud-scorer" in app.screen.query_one(FindingDetail).text
        await pilot.press("p")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ActionScreen) and modal.current == "A1"
        await pilot.click("#tab-A2")
        assert modal.current == "A2"
        assert "make -C fraud-scorer deploy" in modal.text and "schemas/order.avsc" not in modal.text
        assert "Type A2 to approve:" in str(modal.query_one("#confirm-label").render())
        seen = record_notifications(app)
        modal.query_one("#confirm", Input).focus()
        await pilot.press("A", "2", "enter")
        assert seen.pop()[0].startswith("approved A2 ")
    with ActionStore(shop.repo) as store:
        assert [(a.id, a.status) for a in store.list()] == [("A1", "proposed"), ("A2", "approved")]
