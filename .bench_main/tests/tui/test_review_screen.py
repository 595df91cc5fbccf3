"""The review screen's behaviour: selection, focus, graph view, the review worker on a real repository."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from copilot.errors import CopilotError
from copilot.model.findings import LLMReport, Review
from tests.conftest import MakeRepo, commit
from tests.tui.conftest import SIZE, Shop, record_notifications, settle
from tui.app import make_app
from tui.session import review_loader, store_factory
from tui.settings import TuiSettings
from tui.widgets.detail import FindingDetail, GraphView
from tui.widgets.findings import FindingsList
from tui.widgets.header import ReviewHeader

pytestmark = pytest.mark.anyio


async def test_selection_changes_the_detail(shop: Shop) -> None:
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(FindingDetail)
        assert detail.finding is not None and detail.finding.id == "F1"
        assert "Schema `com.acme.avro.Order` on `orders` breaks fraud-scorer" in detail.text
        assert "service:checkout → topic:orders → service:fraud-scorer" in detail.text
        assert "schemas/order.avsc:8  (before)" in detail.text and "A1 patch [proposed]" in detail.text
        await pilot.press("down")
        assert detail.finding.id == "F2"
        assert "acks for `orders` weakened from all to 1" in detail.text
        assert "checkout/app.py:7  (now)" in detail.text
        await pilot.press("j")  # skips the disabled group heading
        assert detail.finding.id == "F3"
        assert "(unverified)" in detail.text and "source llm, unverified" in detail.text
        await pilot.press("k", "up")
        assert detail.finding.id == "F1"


async def test_enter_focuses_the_detail_and_g_toggles_the_graph(shop: Shop) -> None:
    app = shop.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, FindingsList)
        await pilot.press("enter")
        assert isinstance(app.focused, FindingDetail)
        await pilot.press("escape")
        assert isinstance(app.focused, FindingsList)
        graph = app.screen.query_one(GraphView)
        assert not graph.display
        await pilot.press("g")
        assert graph.display and not app.screen.query_one(FindingDetail).display
        text = graph.text
        assert "● service:checkout     ─produces─▶ topic:orders" in text
        assert "topic:orders.scored  ─consumes─▶ service:payments" in text
        assert "4 edges between 5 nodes" in text
        await pilot.press("down")  # F2's only edge stays marked, the others not
        assert "● service:checkout" in graph.text and "○ topic:orders.scored" in graph.text
        await pilot.press("g")
        assert not graph.display and app.screen.query_one(FindingDetail).display


async def test_empty_review_says_so(shop: Shop) -> None:
    review = Review(base="1" * 40, head="2" * 40, llm=LLMReport(), changed_files=["README.md"])
    app = make_app(lambda: review, store_factory(shop.repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No pipeline risk found in 1 changed file." in app.screen.query_one(FindingDetail).text
        seen = record_notifications(app)
        await pilot.press("a", "p")
        assert seen == [
            ("No finding selected to acknowledge.", "warning"),
            ("No finding selected to open.", "warning"),
        ]


PRODUCER = """from confluent_kafka import Producer

TOPIC = "orders"


def build() -> Producer:
    return Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def publish(producer: Producer, order: dict) -> None:
    producer.produce(TOPIC, key=order["id"], value=repr(order).encode())
    producer.flush()
"""
CONSUMER = """import json

from confluent_kafka import Consumer


def run() -> None:
    consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud", "enable.auto.commit": False})
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        print(json.loads(msg.value())["amount_cents"])
        consumer.commit(msg)
"""


def shop_repo(make_repo: MakeRepo) -> Path:
    repo = make_repo(
        {
            "checkout/pyproject.toml": "[project]\nname = 'checkout'\n",
            "checkout/app.py": PRODUCER,
            "fraud/pyproject.toml": "[project]\nname = 'fraud'\n",
            "fraud/worker.py": CONSUMER,
        }
    )
    commit(repo, {"checkout/app.py": PRODUCER.replace('"acks": "all"', '"acks": "1"')}, "faster sends")
    return repo


async def test_review_worker_on_a_real_repository(make_repo: MakeRepo) -> None:
    repo = shop_repo(make_repo)
    loader = review_loader(repo, base="HEAD~1", head="HEAD", llm="off")
    app = make_app(loader, store_factory(repo), TuiSettings(requested="HEAD~1..HEAD"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review is not None
        rules = [f.rule for f in app.review.findings]
        assert "delivery-weakened" in rules
        listing = app.screen.query_one(FindingsList)
        assert set(listing.findings) == {f.id for f in app.review.findings}
        detail = app.screen.query_one(FindingDetail)
        assert detail.finding is app.review.findings[0]
        shown = detail.finding
        await pilot.press("r")  # re-run: same findings, same one still selected
        await settle(pilot)
        assert [f.rule for f in app.review.findings] == rules
        assert detail.finding is not None and detail.finding.fingerprint == shown.fingerprint


async def test_loading_indicator_while_the_review_runs_and_errors_are_notified(shop: Shop) -> None:
    release = threading.Event()
    runs = {"n": 0}

    def loader() -> Review:
        runs["n"] += 1
        release.wait(10)
        if runs["n"] == 2:
            raise CopilotError("config: [deploy].x is not a string")
        return shop.review

    app = make_app(loader, store_factory(shop.repo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#body")
        assert body.loading  # Textual covers the findings and the detail with a LoadingIndicator
        assert "reviewing" in str(app.screen.query_one(ReviewHeader).render())
        release.set()
        await settle(pilot)
        assert not body.loading and app.review is shop.review
        seen = record_notifications(app)
        await pilot.press("r")
        await settle(pilot)
        assert seen == [("config: [deploy].x is not a string", "error")]
        assert app.review is shop.review  # the last good review stays on screen
        assert app.screen.query_one(FindingDetail).finding is not None
