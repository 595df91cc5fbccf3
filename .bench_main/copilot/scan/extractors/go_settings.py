"""Client settings of the Go Kafka libraries, mapped to normalised Kafka property names.

Each table maps a field (kafka-go ``WriterConfig``/``ReaderConfig``) or a config path (sarama
``config.Producer.RequiredAcks`` -> ``Producer.RequiredAcks``) to (Kafka property, value kind).
`normalise` turns the Go expression into the property's usual value text (``acks`` -> ``all``/
``1``/``0``, durations -> milliseconds, enums -> lower-case names); what it can't read stays as
written.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_values import Resolver

KAFKAGO_WRITER = {
    "RequiredAcks": ("acks", "acks"),
    "MaxAttempts": ("retries", "attempts"),
    "BatchBytes": ("batch.size", "int"),
    "BatchTimeout": ("linger.ms", "duration"),
    "WriteTimeout": ("request.timeout.ms", "duration"),
    "Compression": ("compression.type", "compression"),
    "Balancer": ("partitioner", "balancer"),
}

KAFKAGO_READER = {
    "GroupID": ("group.id", "string"),
    "StartOffset": ("auto.offset.reset", "offset"),
    "MinBytes": ("fetch.min.bytes", "int"),
    "MaxBytes": ("fetch.max.bytes", "int"),
    "MaxWait": ("fetch.max.wait.ms", "duration"),
    "CommitInterval": ("auto.commit.interval.ms", "duration"),
    "SessionTimeout": ("session.timeout.ms", "duration"),
    "HeartbeatInterval": ("heartbeat.interval.ms", "duration"),
    "IsolationLevel": ("isolation.level", "isolation"),
}

SARAMA = {
    "Producer.RequiredAcks": ("acks", "acks"),
    "Producer.Idempotent": ("enable.idempotence", "bool"),
    "Producer.Retry.Max": ("retries", "int"),
    "Producer.Retry.Backoff": ("retry.backoff.ms", "duration"),
    "Producer.Compression": ("compression.type", "compression"),
    "Producer.Partitioner": ("partitioner", "partitioner"),
    "Producer.Flush.Frequency": ("linger.ms", "duration"),
    "Producer.Flush.Bytes": ("batch.size", "int"),
    "Producer.MaxMessageBytes": ("max.request.size", "int"),
    "Producer.Timeout": ("request.timeout.ms", "duration"),
    "Producer.Transaction.ID": ("transactional.id", "string"),
    "Net.MaxOpenRequests": ("max.in.flight.requests.per.connection", "int"),
    "ClientID": ("client.id", "string"),
    "Consumer.Offsets.Initial": ("auto.offset.reset", "offset"),
    "Consumer.Offsets.AutoCommit.Enable": ("enable.auto.commit", "bool"),
    "Consumer.Offsets.AutoCommit.Interval": ("auto.commit.interval.ms", "duration"),
    "Consumer.Offsets.CommitInterval": ("auto.commit.interval.ms", "duration"),
    "Consumer.Group.Rebalance.Strategy": ("partition.assignment.strategy", "strategy"),
    "Consumer.Group.Rebalance.GroupStrategies": ("partition.assignment.strategy", "strategy"),
    "Consumer.Group.Session.Timeout": ("session.timeout.ms", "duration"),
    "Consumer.Group.Heartbeat.Interval": ("heartbeat.interval.ms", "duration"),
    "Consumer.Group.InstanceId": ("group.instance.id", "string"),
    "Consumer.Fetch.Min": ("fetch.min.bytes", "int"),
    "Consumer.Fetch.Default": ("max.partition.fetch.bytes", "int"),
    "Consumer.Fetch.Max": ("fetch.max.bytes", "int"),
    "Consumer.MaxWaitTime": ("fetch.max.wait.ms", "duration"),
    "Consumer.IsolationLevel": ("isolation.level", "isolation"),
}

_ENUMS: dict[str, dict[str, str]] = {
    "acks": {
        "RequireAll": "all",
        "RequireOne": "1",
        "RequireNone": "0",
        "WaitForAll": "all",
        "WaitForLocal": "1",
        "NoResponse": "0",
        "-1": "all",
        "1": "1",
        "0": "0",
    },
    "offset": {
        "FirstOffset": "earliest",
        "LastOffset": "latest",
        "OffsetOldest": "earliest",
        "OffsetNewest": "latest",
        "-2": "earliest",
        "-1": "latest",
    },
    "isolation": {"ReadCommitted": "read_committed", "ReadUncommitted": "read_uncommitted"},
    "balancer": {
        "Hash": "hash",
        "ReferenceHash": "hash",
        "LeastBytes": "least-bytes",
        "RoundRobin": "round-robin",
        "CRC32Balancer": "crc32",
        "Murmur2Balancer": "murmur2",
    },
    "partitioner": {
        "NewHashPartitioner": "hash",
        "NewReferenceHashPartitioner": "hash",
        "NewRandomPartitioner": "random",
        "NewRoundRobinPartitioner": "round-robin",
        "NewManualPartitioner": "manual",
        "NewConsistentCRCHashPartitioner": "crc32",
    },
    "strategy": {
        "BalanceStrategyRange": "range",
        "BalanceStrategyRoundRobin": "roundrobin",
        "BalanceStrategySticky": "sticky",
        "NewBalanceStrategyRange": "range",
        "NewBalanceStrategyRoundRobin": "roundrobin",
        "NewBalanceStrategySticky": "sticky",
    },
}

_DURATION_MS = {
    "Nanosecond": 1e-6,
    "Microsecond": 1e-3,
    "Millisecond": 1,
    "Second": 1000,
    "Minute": 60_000,
    "Hour": 3_600_000,
}


def symbol(node: Node | None) -> str:
    """The name an enum-like expression selects: ``sarama.WaitForAll`` -> ``WaitForAll``,
    ``&kafka.Hash{}`` -> ``Hash``, ``sarama.NewHashPartitioner`` -> ``NewHashPartitioner``."""
    node = ga.unwrap_ref(node)
    if node is None:
        return ""
    if node.type == "composite_literal":
        name = ga.literal_type(node)
        return name.rsplit(".", 1)[-1]
    if node.type == "call_expression":
        return ga.callee(node)[1]
    if node.type == "selector_expression":
        return ga.text(node.child_by_field_name("field"))
    value = ga.int_value(node)
    if value is not None:
        return str(value)
    return ga.text(node)


def duration_ms(node: Node | None) -> str | None:
    """``500 * time.Millisecond`` -> "500", ``time.Second`` -> "1000", ``2*time.Minute`` -> "120000"."""
    node = ga.unwrap(node)
    if node is None:
        return None
    if node.type == "selector_expression" and ga.text(node.child_by_field_name("operand")) == "time":
        unit = _DURATION_MS.get(ga.text(node.child_by_field_name("field")))
        return _ms(unit) if unit is not None else None
    if node.type == "binary_expression" and ga.text(node.child_by_field_name("operator")) == "*":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for count_node, unit_node in ((left, right), (right, left)):
            count = _number(count_node)
            unit = duration_ms(unit_node)
            if count is not None and unit is not None:
                return _ms(count * float(unit))
    return None


def _number(node: Node | None) -> float | None:
    node = ga.unwrap(node)
    if node is None:
        return None
    if node.type == "call_expression" and ga.callee(node)[1] == "Duration" and ga.args(node):
        return _number(ga.args(node)[0])
    value = ga.int_value(node)
    if value is not None:
        return float(value)
    if node.type == "float_literal":
        try:
            return float(ga.text(node))
        except ValueError:
            return None
    return None


def _ms(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def normalise(kind: str, node: Node | None, values: Resolver) -> str:
    """The Kafka-style value text of a setting expression of the given kind."""
    node = ga.unwrap(node)
    raw = ga.text(node)
    if node is None:
        return raw
    if kind in _ENUMS:
        name = symbol(node)
        return _ENUMS[kind].get(name, raw)
    if kind == "compression":
        name = symbol(node)
        name = re.sub(r"^Compression", "", name)
        return name.lower() if name else raw
    if kind == "int":
        value = ga.int_value(node)
        return str(value) if value is not None else (values.string(node) or raw)
    if kind == "attempts":
        value = ga.int_value(node)
        return str(max(value - 1, 0)) if value is not None else raw
    if kind == "duration":
        return duration_ms(node) or raw
    if kind == "string":
        return values.name_or_text(node)
    return raw


def literal_text(node: Node | None, values: Resolver) -> str:
    """A ConfigMap value as Kafka would read it: strings unquoted, bools/numbers as written."""
    node = ga.unwrap(node)
    if node is None:
        return ""
    if node.type in ("true", "false", "int_literal", "float_literal"):
        return ga.text(node)
    return values.name_or_text(node)
