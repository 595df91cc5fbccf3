"""End to end: Python services in a real git repository scanned into the graph JSON contract."""

from __future__ import annotations

from copilot.scan.repo import scan
from tests.conftest import commit

TOPICS = 'ORDERS_TOPIC = "orders"\nPREFIX = "prod"\n'

PUBLISHER = """\
import argparse
import json

from confluent_kafka import Producer

from common.topics import ORDERS_TOPIC, PREFIX

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def publish(order):
    producer.produce(ORDERS_TOPIC, key=order["id"], value=json.dumps(order).encode())
    producer.produce(f"{PREFIX}.audit", value=json.dumps(order).encode())
    producer.flush()


def replay():
    args = argparse.ArgumentParser().parse_args()
    producer.produce(args.topic, b"{}")
"""

WORKER = """\
import os

from confluent_kafka import Consumer, Producer

VERDICTS = os.getenv("VERDICTS_TOPIC", "fraud-verdicts")

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud"})
producer = Producer({"bootstrap.servers": "kafka:9092"})
consumer.subscribe(["orders"])
while True:
    msg = consumer.poll(1.0)
    producer.produce(VERDICTS, msg.value())
"""

ANALYTICS = """\
from kafka import KafkaConsumer

consumer = KafkaConsumer("prod.audit", "fraud-verdicts", group_id="analytics")
for record in consumer:
    print(record.value)
"""

FILES = {
    "common/topics.py": TOPICS,
    "checkout/pyproject.toml": '[project]\nname = "checkout"\n',
    "checkout/checkout/publisher.py": PUBLISHER,
    "fraud/Dockerfile": "FROM python:3.11\n",
    "fraud/worker.py": WORKER,
    "analytics/consumer.py": ANALYTICS,
}


def ev(path: str, line: int) -> dict:
    return {"path": path, "line": line}


def by_id(items: list[dict], key: str = "id") -> dict:
    return {item[key]: item for item in items}


def edges(graph_json: dict) -> dict[tuple[str, str, str], list[dict]]:
    return {(e["source"], e["target"], e["kind"]): e["evidence"] for e in graph_json["edges"]}


def test_python_services_graph(make_repo):
    repo = make_repo(FILES)
    data = scan(repo).graph.to_json()
    pub, worker, analytics = "checkout/checkout/publisher.py", "fraud/worker.py", "analytics/consumer.py"
    assert data["version"] == 1
    nodes = by_id(data["nodes"])
    assert sorted(nodes) == [
        "service:analytics",
        "service:checkout",
        "service:fraud",
        "topic:<args.topic>",
        "topic:fraud-verdicts",
        "topic:orders",
        "topic:prod.audit",
    ]
    assert nodes["topic:<args.topic>"] == {
        "id": "topic:<args.topic>",
        "kind": "topic",
        "name": "<args.topic>",
        "evidence": [ev(pub, 19)],
        "unresolved": True,
        # which hop could not be followed
        "reason": "`args.topic` is an attribute with no value in the code (set from a parameter or at run time)",
    }
    assert nodes["topic:orders"]["evidence"] == [ev(pub, 12), ev(worker, 9)]
    assert nodes["topic:prod.audit"]["evidence"] == [ev(analytics, 3), ev(pub, 13)]
    assert edges(data) == {
        ("service:checkout", "topic:orders", "produces"): [ev(pub, 12)],
        ("service:checkout", "topic:prod.audit", "produces"): [ev(pub, 13)],
        ("service:checkout", "topic:<args.topic>", "produces"): [ev(pub, 19)],
        ("topic:orders", "service:fraud", "consumes"): [ev(worker, 9)],
        ("service:fraud", "topic:fraud-verdicts", "produces"): [ev(worker, 12)],
        ("topic:prod.audit", "service:analytics", "consumes"): [ev(analytics, 3)],
        ("topic:fraud-verdicts", "service:analytics", "consumes"): [ev(analytics, 3)],
    }


def test_renamed_imported_constant_and_env_override_change_the_graph(make_repo):
    repo = make_repo(FILES)
    commit(
        repo,
        {
            "common/topics.py": 'ORDERS_TOPIC = "orders.v2"\nPREFIX = "prod"\n',
            "fraud/.env": "VERDICTS_TOPIC=fraud.verdicts.v2\n",
        },
        "rename the orders topic; override the verdicts topic",
    )
    data = scan(repo).graph.to_json()
    flows = edges(data)
    assert ("service:checkout", "topic:orders.v2", "produces") in flows
    assert ("service:checkout", "topic:orders", "produces") not in flows
    # the consumer still reads the old name: the orphan the review must catch
    assert flows[("topic:orders", "service:fraud", "consumes")] == [ev("fraud/worker.py", 9)]
    assert flows[("service:fraud", "topic:fraud.verdicts.v2", "produces")] == [ev("fraud/worker.py", 12)]
    assert ("service:fraud", "topic:fraud-verdicts", "produces") not in flows
