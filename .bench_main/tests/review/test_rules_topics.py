"""Topic renames on both sides, removed consumers, and one observability card per new service."""

from __future__ import annotations

from tests.review.helpers import BASE, CONSUMER, PRODUCER, above_info, only, review_of


def test_a_topic_renamed_on_both_sides_is_one_finding_naming_both_topics_and_sides(make_repo):
    change = {
        "checkout/app.py": PRODUCER.replace('TOPIC = "orders"', 'TOPIC = "orders.v2"'),
        "fraud/worker.py": CONSUMER.replace('consumer.subscribe(["orders"])', 'consumer.subscribe(["orders.v2"])'),
    }
    review, _ = review_of(make_repo, change)
    f = only(review, "topic-orphaned")
    assert f.severity == "medium"
    assert "`orders`" in f.title and "`orders.v2`" in f.title and "checkout" in f.title and "fraud" in f.title
    assert "starts empty" in f.reasoning and "stranded" in f.reasoning and "auto.offset.reset=latest" in f.reasoning
    assert f.impacted == ["service:fraud"]
    sides = {(c.path, c.side) for c in f.citations}
    assert {("checkout/app.py", "head"), ("fraud/worker.py", "head"), ("checkout/app.py", "base"), ("fraud/worker.py", "base")} <= sides
    # not also "a new consumer/producer without observability"
    assert [r for r, _, _ in above_info(review)] == ["topic-orphaned"]


def test_a_topic_renamed_on_the_producer_only_is_not_a_both_sides_rename(make_repo):
    review, _ = review_of(make_repo, {"checkout/app.py": PRODUCER.replace('TOPIC = "orders"', 'TOPIC = "orders.v2"')})
    titles = [t for r, _, t in above_info(review) if r == "topic-orphaned"]
    assert titles and not any("on both sides" in t for t in titles)


def test_a_removed_consumer_leaves_a_produced_topic_unread(make_repo):
    review, _ = review_of(make_repo, {"fraud/worker.py": None})
    f = only(review, "topic-orphaned")
    assert f.severity == "medium" and "loses its only consumer" in f.title
    assert f.impacted == ["service:fraud"]
    assert ("fraud/worker.py", "base") in {(c.path, c.side) for c in f.citations}


def test_removing_producer_and_consumer_together_retires_the_topic_quietly(make_repo):
    review, _ = review_of(make_repo, {"fraud/worker.py": None, "checkout/app.py": "print('no more orders')\n"})
    assert "topic-orphaned" not in [r for r, _, _ in above_info(review)]


def test_a_second_consumer_removed_while_another_remains_is_quiet(make_repo):
    base = {**BASE, "risk/pyproject.toml": "[project]\nname = 'risk'\n", "risk/worker.py": CONSUMER.replace('"fraud"', '"risk"')}
    review, _ = review_of(make_repo, {"fraud/worker.py": None}, base)
    assert "topic-orphaned" not in [r for r, _, _ in above_info(review)]


NEW_SERVICE = '''import json

from confluent_kafka import Consumer, Producer

c = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "alerts"})
c.subscribe(["orders", "refunds"])
p = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def run() -> None:
    while True:
        msg = c.poll(1.0)
        if msg is None:
            continue
        p.produce("alerts", key=msg.key(), value=msg.value())
'''


def test_a_new_service_with_several_endpoints_gets_one_observability_card(make_repo):
    review, _ = review_of(make_repo, {"alerts/pyproject.toml": "[project]\nname = 'alerts'\n", "alerts/main.py": NEW_SERVICE})
    f = only(review, "observability-gap")
    assert f.impacted == ["service:alerts"]
    assert "`orders`" in f.title and "`refunds`" in f.title and "`alerts`" in f.title
    assert len(f.citations) >= 2 and all(c.path == "alerts/main.py" and c.side == "head" for c in f.citations)


MEASURED = '''import json

from confluent_kafka import Consumer
from prometheus_client import Counter

HANDLED = Counter("orders_handled_total", "orders handled")


def run() -> None:
    consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud"})
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        json.loads(msg.value())
        HANDLED.inc()
'''
UNMEASURED = '''from confluent_kafka import Consumer


def run() -> None:
    consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud-refunds"})
    consumer.subscribe(["refunds"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        print(msg.value())
'''


def test_a_new_consumer_unmeasured_beside_measured_siblings_is_a_gap(make_repo):
    base = {**BASE, "fraud/worker.py": MEASURED}
    review, _ = review_of(make_repo, {"fraud/refunds.py": UNMEASURED}, base)
    f = only(review, "observability-gap")
    assert "`refunds`" in f.title and "fraud/worker.py" in f.reasoning
    measured_too = UNMEASURED.replace("from confluent_kafka import Consumer\n", "from confluent_kafka import Consumer\nfrom prometheus_client import Counter\n\nSEEN = Counter('refunds_total', 'refunds')\n")
    review, _ = review_of(make_repo, {"fraud/refunds.py": measured_too}, base)
    assert "observability-gap" not in [r for r, _, _ in above_info(review)]
