"""Hostile inputs for the bounds tests and `benchmarks/hostile_bench.py` (generated, not stored)."""

from __future__ import annotations

import json
from typing import Any


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The classic "billion laughs": `levels` anchors, each a list of `width` aliases of the last.

    The default is 15 lines and expands to 9**9 (387 million) scalars.
    """
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    lines += [
        "spring:",
        "  kafka:",
        "    consumer:",
        "      group-id: orders",
        f"    bomb: *a{levels - 1}",
    ]
    return "\n".join(lines) + "\n"


def alias_cycle() -> str:
    return "spring:\n  kafka:\n    loop: &loop [1, *loop]\n"


def deep_yaml(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}leaf: 1\n"


def many_producers(n: int) -> str:
    """One module with `n` produce calls at module level (4 lines each), a flush at the end."""
    lines = [
        "from confluent_kafka import Producer",
        "",
        'producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})',
        "",
    ]
    for i in range(n):
        lines += [
            f"order_{i} = {{'id': {i}}}",
            f'producer.produce("orders-{i % 50}", value=str(order_{i}))',
            f"fut_{i} = producer.produce('audit', value=b'x')",
            "",
        ]
    lines.append("producer.flush()")
    return "\n".join(lines) + "\n"


def many_java_sends(n: int) -> str:
    """One Java method with `2n` sends: `n` statements and `n` futures kept in variables, one flush."""
    body = "\n".join(
        f'        producer.send(new ProducerRecord<>("orders", "k{i}", "v"));\n'
        f'        Future<RecordMetadata> f{i} = producer.send(new ProducerRecord<>("audit", "k", "v"));'
        for i in range(n)
    )
    return (
        "package acme;\n\nimport java.util.concurrent.Future;\nimport org.apache.kafka.clients.producer.*;\n\n"
        "public class Sender {\n"
        "    private final KafkaProducer<String, String> producer = new KafkaProducer<>(new java.util.Properties());\n\n"
        f"    public void run() {{\n{body}\n        producer.flush();\n    }}\n}}\n"
    )


def many_go_sends(n: int) -> str:
    """One Go function with `n` sarama ProducerMessage literals, each sent synchronously."""
    body = "\n".join(
        f'\tmsg{i} := &sarama.ProducerMessage{{Topic: "orders", Value: sarama.StringEncoder("v{i}")}}\n'
        f"\tp.SendMessage(msg{i})"
        for i in range(n)
    )
    return (
        f'package main\n\nimport "github.com/IBM/sarama"\n\nfunc run(p sarama.SyncProducer) {{\n{body}\n}}\n'
    )


def wide_record(fields: int, changed: bool = False) -> dict[str, Any]:
    """A record with `fields` fields; `changed`: every other long narrowed to int, the last replaced."""
    out = [
        {
            "name": f"f{i}",
            "type": "int" if changed and i % 2 == 0 else "long",
            **({"default": 0} if i % 3 == 0 else {}),
        }
        for i in range(fields)
    ]
    if changed:
        out = out[:-1] + [{"name": "extra", "type": ["null", "string"], "default": None}]
    return {"type": "record", "name": "Wide", "namespace": "com.acme", "fields": out}


def wide_record_text(fields: int, changed: bool = False) -> str:
    return json.dumps(wide_record(fields, changed), indent=1)
