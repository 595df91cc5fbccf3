"""Python topics from an Enum member through an overrides map, and from a dict indexed at run time."""

from __future__ import annotations

from copilot.scan.repo import scan

TOPICS = """\
from enum import Enum


class Topic(Enum):
    AUDIT = "audit-log"
    CLEANUP_USERS = "cleanup-users"
    CLEANUP_ORDERS = "cleanup-orders"
"""

SETTINGS = """\
TOPIC_OVERRIDES: dict[str, str] = {}
"""

APP = """\
from confluent_kafka import Producer

from warehouse import settings
from warehouse.topics import Topic

CLEANUP_TOPIC = {
    "users": Topic.CLEANUP_USERS,
    "orders": Topic.CLEANUP_ORDERS,
}


def audit(producer: Producer, payload: bytes) -> None:
    producer.produce(settings.TOPIC_OVERRIDES.get(Topic.AUDIT.value, Topic.AUDIT.value), payload)


def cleanup(producer: Producer, table: str, payload: bytes) -> None:
    topic = CLEANUP_TOPIC.get(table)
    producer.produce(topic.value, payload)


def unknown(producer: Producer, table: str, payload: bytes, routes: dict) -> None:
    producer.produce(routes.get(table), payload)
"""


def test_enum_members_through_maps(make_repo) -> None:
    repo = make_repo(
        {
            "pyproject.toml": "[project]\nname = 'warehouse'\n",
            "warehouse/__init__.py": "",
            "warehouse/topics.py": TOPICS,
            "warehouse/settings.py": SETTINGS,
            "warehouse/app.py": APP,
        }
    )
    result = scan(repo, use_cache=False)
    got = sorted((e.loc.line, e.topic_name) for e in result.endpoints)
    assert got == [
        (13, "audit-log"),  # the overrides map is empty in code: the default, the enum member's value
        (18, "cleanup-orders"),  # a dict indexed at run time: one edge per value
        (18, "cleanup-users"),
        (22, "<routes.get(table)>"),  # a parameter map: not guessed
    ]
    audit = next(e for e in result.endpoints if e.loc.line == 13)
    assert ("warehouse/topics.py", 5) in [(v.path, v.line) for v in audit.topic.via]


def test_produce_calls_inside_comprehensions_and_lambdas() -> None:
    from copilot.scan.extractors.python import extract

    src = (
        "from confluent_kafka import Producer\n"
        'p = Producer({"bootstrap.servers": "k"})\n'
        "def send(values):\n"
        '    [p.produce("events", v) for v in values]\n'
        '    futures = {p.produce("audit", v) for v in values}\n'
        '    list(map(lambda v: p.produce("lambda-topic", v), values))\n'
    )
    facts = extract("svc/app.py", src.encode())
    assert [(e.role, e.topic.name, e.loc.line) for e in facts.endpoints] == [
        ("produce", "events", 4),
        ("produce", "audit", 5),
        ("produce", "lambda-topic", 6),
    ]
