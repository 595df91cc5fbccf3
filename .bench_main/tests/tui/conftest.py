"""Fixed sample data for the TUI tests: a hand-built Review on a real repository with a real store.

The repository and the proposal are built from fixed contents, so the action's id (A1), digest and
patch text are the same on every run, and snapshots are stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from copilot.actions.propose import patch_proposal
from copilot.actions.store import ActionStore, StoredAction
from copilot.model.findings import Alternative, Citation, Finding, LLMReport, Review
from tests.conftest import MakeRepo, commit, git
from tui.app import ReviewApp, make_app
from tui.session import store_factory
from tui.settings import TuiSettings

SIZE = (120, 40)

OLD_SCHEMA = """{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme.avro",
  "fields": [
    {"name": "order_id", "type": "string"},
    {"name": "customer_id", "type": "string"},
    {"name": "amount_cents", "type": "long"}
  ]
}
"""
NEW_SCHEMA = OLD_SCHEMA.replace(
    '{"name": "amount_cents", "type": "long"}', '{"name": "amount", "type": "string"}'
)
FIXED_SCHEMA = OLD_SCHEMA.replace(
    '{"name": "amount_cents", "type": "long"}',
    '{"name": "amount_cents", "type": "long"},\n    {"name": "amount", "type": ["null", "string"], "default": null}',
)
FILES = {"schemas/order.avsc": OLD_SCHEMA, "README.md": "# shop\n"}


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots render monochrome when NO_COLOR is set; make sure it is not."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Fixed commit dates: the same commits (and shas in the header) on every run.
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2024-05-01T12:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2024-05-01T12:00:00+00:00")


def sample_findings(action_ids: list[str]) -> list[Finding]:
    high = Finding(
        rule="schema-breaking",
        severity="high",
        title="Schema `com.acme.avro.Order` on `orders` breaks fraud-scorer",
        reasoning=(
            "`com.acme.avro.Order` is not BACKWARD compatible with its earlier version: the new schema adds "
            "`amount` (string) with no default. fraud-scorer reads `amount_cents`, which this change removed."
        ),
        citations=[
            Citation("schemas/order.avsc", 8, 8, "head", '    {"name": "amount", "type": "string"}'),
            Citation("schemas/order.avsc", 8, 8, "base", '    {"name": "amount_cents", "type": "long"}'),
            Citation(
                "fraud-scorer/src/main/java/com/acme/fraud/FraudScorer.java",
                26,
                27,
                "head",
                "long amount = order.getAmountCents();\nreturn amount > LIMIT;",
            ),  # fmt: skip
        ],
        graph_paths=[
            [
                "service:checkout",
                "topic:orders",
                "service:fraud-scorer",
                "topic:orders.scored",
                "service:payments",
            ]
        ],  # fmt: skip
        impacted=["service:fraud-scorer", "service:payments"],
        alternatives=[
            Alternative(
                "Make `amount` optional", '["null", "string"] with "default": null; readers keep working'
            ),
            Alternative(
                "Publish orders.v2 and dual-write", "no break, but two topics to run until readers move"
            ),
        ],
        actions=list(action_ids),
        subject="topic:orders|field:amount_cents",
    )
    medium = Finding(
        rule="delivery-weakened",
        severity="medium",
        title="checkout: acks for `orders` weakened from all to 1",
        reasoning="With acks=1 a record acknowledged by the leader is lost if the leader fails before "
        "replicating it; checkout's orders can disappear silently.",
        citations=[
            Citation("checkout/app.py", 7, 7, "head", 'producer = Producer({"acks": "1"})'),
            Citation("checkout/app.py", 7, 7, "base", 'producer = Producer({"acks": "all"})'),
        ],
        graph_paths=[["service:checkout", "topic:orders"]],
        impacted=["service:fraud-scorer"],
        alternatives=[Alternative("Keep acks=all", "slightly higher produce latency, no silent loss")],
        confidence=0.8,
        subject="service:checkout|topic:orders|acks",
    )
    info = Finding(
        rule="lag-risk",
        severity="info",
        title="payments may fall behind: a retry sleep was added to the poll loop",
        reasoning="The model says a sleep in the poll loop delays every record after a failure; "
        "the cited line could not be found in the files.",
        graph_paths=[["topic:orders.scored", "service:payments"]],
        impacted=["service:payments"],
        source="llm",
        confidence=0.4,
        verified=False,
        subject="service:payments|sleep",
    )
    return [high, medium, info]


def sample_review(action: StoredAction | None, base: str = "1" * 40, head: str = "2" * 40) -> Review:
    review = Review(
        base=base,
        head=head,
        findings=sample_findings([action.id] if action else []),
        actions=[action.summary()] if action else [],
        llm=LLMReport(provider="offline"),
        changed_files=["checkout/app.py", "schemas/order.avsc"],
    )
    review.number()
    return review


@dataclass
class Shop:
    repo: Path
    action: StoredAction
    review: Review

    def app(self, settings: TuiSettings | None = None) -> ReviewApp:
        review = self.review
        return make_app(lambda: review, store_factory(self.repo), settings)


@pytest.fixture
def shop(make_repo: MakeRepo) -> Shop:
    """A repository whose head commit breaks the Order schema, a stored fix (A1) and the review."""
    repo = make_repo(FILES, name="shop")
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(repo, {"schemas/order.avsc": NEW_SCHEMA}, "use a decimal amount")
    proposal = patch_proposal(
        repo, "schemas/order.avsc: restore `amount_cents`; make `amount` optional",
        "fraud-scorer still reads amount_cents; an optional amount keeps old records readable.",
        {"schemas/order.avsc": FIXED_SCHEMA}, ["905738a860510f88"],
        [("Publish orders.v2", "two topics until readers move")],
    )  # fmt: skip
    with ActionStore(repo) as store:
        action = store.save(proposal)
    return Shop(repo, action, sample_review(action, base, head))


def record_notifications(app: ReviewApp) -> list[tuple[str, str]]:
    """(message, severity) of every `notify` from now on (the toasts are still shown)."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message: str, **kwargs: Any) -> None:
        seen.append((message, kwargs.get("severity", "information")))
        notify(message, **kwargs)

    app.notify = spy  # type: ignore[method-assign]
    return seen


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the review worker and the screen updates it causes."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked `anyio`) run on asyncio, as Textual does."""
    return "asyncio"
