"""Issue 9 item 6 in the TUI: a review of hostile repository text, through the real Textual app."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import commit, git
from tests.review.helpers import BASE
from tests.security.test_harden_output import CONTROL, RISKY
from tui import render
from tui.app import make_app
from tui.session import review_loader, store_factory
from tui.settings import TuiSettings
from tui.widgets.detail import FindingDetail
from tui.widgets.findings import FindingsList

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_tui_shows_escapes_never_sequences(make_repo: Any) -> None:
    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, RISKY, "move to a new topic")
    app = make_app(review_loader(repo, base=base, head="HEAD", llm="off"), store_factory(repo), TuiSettings())
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.review is not None and any(f.rule == "topic-orphaned" for f in app.review.findings)
        assert set(app.screen.query_one(FindingsList).findings) == {f.id for f in app.review.findings}
        detail = app.screen.query_one(FindingDetail)
        orphan = next(f for f in app.review.findings if f.rule == "topic-orphaned")
        detail.show_finding(orphan, app.review)
        await pilot.pause()
        shown = detail.text + "".join(render.plain(render.option_prompt(f)) for f in app.review.findings)
        assert "\\x1b" in shown and "<U+202E>" in shown
        assert CONTROL.search(shown.replace("\n", "").replace("\t", "")) is None
        screen = app.export_screenshot()  # what the terminal was sent, as an SVG of the screen
        assert CONTROL.search(screen.replace("\n", "").replace("\t", "")) is None
