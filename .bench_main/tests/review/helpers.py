"""Build a base repo, commit a change, review it."""

from __future__ import annotations

from pathlib import Path

from copilot.actions.proposals import propose_actions
from copilot.model.findings import Finding, Review
from copilot.review.engine import review_change
from tests.conftest import commit

PRODUCER = '''from confluent_kafka import Producer

TOPIC = "orders"


def build() -> Producer:
    return Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def publish(producer: Producer, order: dict) -> None:
    order_id = order["id"]
    producer.produce(TOPIC, key=order_id, value=encode(order), on_delivery=report)
    producer.flush()


def report(err, msg):
    if err:
        raise RuntimeError(err)


def encode(order: dict) -> bytes:
    return repr(order).encode()
'''

CONSUMER = '''import json

from confluent_kafka import Consumer


def score(order: dict) -> float:
    return order["amount_cents"] / 100


def run() -> None:
    consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud", "auto.offset.reset": "latest", "enable.auto.commit": False})
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        order = json.loads(msg.value())
        score(order)
        consumer.commit(msg)
'''

BASE = {
    "checkout/pyproject.toml": "[project]\nname = 'checkout'\n",
    "checkout/app.py": PRODUCER,
    "fraud/pyproject.toml": "[project]\nname = 'fraud'\n",
    "fraud/worker.py": CONSUMER,
    "README.md": "# shop\n",
}


def review_of(make_repo, change: dict[str, str | None], base: dict[str, str] | None = None) -> tuple[Review, Path]:
    repo = make_repo(base or BASE)
    commit(repo, change, "the change")
    return review_change(repo, base="HEAD~1", head="HEAD", llm="off", propose=propose_actions), repo


def only(review: Review, rule: str) -> Finding:
    hits = [f for f in review.findings if f.rule == rule]
    assert len(hits) == 1, [(f.rule, f.title) for f in review.findings]
    return hits[0]


def above_info(review: Review) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity, f.title) for f in review.findings if f.severity != "info"]
