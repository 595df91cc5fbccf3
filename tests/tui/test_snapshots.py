"""Snapshots (pytest-textual-snapshot) of the session on fixed sample data, 120x40, grouped by feature.

Update after an intended change with `pytest tests/tui --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

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
