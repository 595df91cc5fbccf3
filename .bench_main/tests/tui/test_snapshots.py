"""Snapshots (pytest-textual-snapshot) of the session on fixed sample data, 120x40, grouped by feature.

Update after an intended change with `pytest tests/tui --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from copilot.errors import CopilotError
from copilot.model.findings import LLMReport, Review
from tests.tui.conftest import SIZE, Shop, settle
from tui.app import make_app
from tui.session import store_factory


class TestReviewScreen:
    def test_initial_screen(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """Header with range and counts, findings grouped by severity, F1's detail, the footer."""
        assert snap_compare(shop.app(), terminal_size=SIZE, run_before=settle)

    def test_detail_of_second_finding(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(shop.app(), press=["down"], terminal_size=SIZE, run_before=settle)


class TestActionModal:
    def test_action_modal(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The exact patch from the store, approve/reject/close, and how to apply (no apply button)."""
        assert snap_compare(shop.app(), press=["p"], terminal_size=SIZE, run_before=settle)


class TestEmptyReview:
    def test_empty_review(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        review = Review(
            base="1" * 40, head="2" * 40, llm=LLMReport(provider="offline"),
            changed_files=["README.md", "docs/index.md", "checkout/tests/test_app.py"],
        )  # fmt: skip
        app = make_app(lambda: review, store_factory(shop.repo))
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


class TestAcknowledge:
    def test_ack_modal(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The finding, the range and fingerprint it binds to, the reason field focused."""
        assert snap_compare(shop.app(), press=["a", *"planned migration"], terminal_size=SIZE, run_before=settle)

    def test_acknowledged_finding_is_marked(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        async def acknowledged(pilot) -> None:  # type: ignore[no-untyped-def]
            await settle(pilot)
            await pilot.press("a", *"planned migration", "enter")
            await pilot.pause()
            pilot.app.clear_notifications()

        assert snap_compare(shop.app(), terminal_size=SIZE, run_before=acknowledged)


class TestGraphView:
    def test_graph_view(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """The impacted subgraph, the selected finding's edges marked."""
        assert snap_compare(shop.app(), press=["g"], terminal_size=SIZE, run_before=settle)


class TestUnverifiedFinding:
    def test_llm_finding_without_verified_evidence(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """An LLM finding whose citations could not be checked: marked (unverified) in the list and detail."""
        assert snap_compare(shop.app(), press=["down", "down"], terminal_size=SIZE, run_before=settle)


class TestErrorState:
    def test_review_failed(self, shop: Shop, snap_compare) -> None:  # type: ignore[no-untyped-def]
        """A review that fails: the one-line reason in the detail and a toast; the session stays up."""

        def broken() -> Review:
            raise CopilotError("schemas/order.avsc:3: not valid JSON: Expecting ',' delimiter")

        app = make_app(broken, store_factory(shop.repo))
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)
