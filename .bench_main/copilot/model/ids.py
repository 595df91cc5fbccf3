"""Node ids of the pipeline graph, built and read in one place.

``service:<name>``, ``schema:<avro full name>``, ``topic:<name>`` for a Kafka topic and
``topic:<broker>:<name>`` for any other broker (``topic:rabbitmq:orders``,
``topic:pulsar:persistent://t/ns/orders``). Kafka topic names cannot contain ``:``, so a topic id
with a word before a second ``:`` names its broker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KAFKA = "kafka"
UNKNOWN_BROKER = "unknown"  # several connectors/binders and no choice in config: never a guess
_BROKER = re.compile(r"[a-z][a-z0-9_-]*")


@dataclass(frozen=True)
class NodeRef:
    kind: str  # service, topic or schema
    name: str  # the plain name (a topic's destination name without its broker)
    broker: str | None = None  # topics only: "kafka" or the other broker


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def service_id(name: str) -> str:
    return f"service:{name}"


def schema_id(full_name: str) -> str:
    return f"schema:{full_name}"


def topic_id(name: str, broker: str | None = KAFKA) -> str:
    """The node id of a topic: Kafka topics keep ``topic:<name>``, others are ``topic:<broker>:<name>``."""
    return f"topic:{name}" if broker in (None, KAFKA) else f"topic:{broker}:{name}"


def split_id(nid: str) -> tuple[str, str]:
    """(kind, the rest): the rest of a non-Kafka topic id keeps its ``<broker>:`` prefix."""
    kind, _, rest = nid.partition(":")
    return kind, rest


def kind_of(nid: str) -> str:
    return nid.partition(":")[0]


def display_name(nid: str) -> str:
    """The id without its kind, as reports show it (``orders``, ``rabbitmq:orders``); a bare name stays."""
    _, sep, rest = nid.partition(":")
    return rest if sep else nid


def parse(nid: str) -> NodeRef:
    kind, rest = split_id(nid)
    if kind != "topic":
        return NodeRef(kind, rest)
    broker, sep, name = rest.partition(":")
    if sep and _BROKER.fullmatch(broker):
        return NodeRef(kind, name, broker)
    return NodeRef(kind, rest, KAFKA)
