"""An incremental scan (the head on top of the base) re-resolves values across files: a constant
changed in one file moves the topic of an unchanged file's producer."""

from __future__ import annotations

import pytest

from copilot.scan.repo import scan
from tests.conftest import commit

CASES = {
    "python": (
        {
            "svc/topics.py": 'ORDERS = "orders"\n',
            "svc/app.py": "from confluent_kafka import Producer\nfrom svc.topics import ORDERS\n\np = Producer({'bootstrap.servers': 'k:9092'})\np.produce(ORDERS, b'x')\n",
        },
        "svc/topics.py",
        'ORDERS = "orders.v2"\n',
    ),
    "typescript": (
        {
            "web/package.json": "{}\n",
            "web/src/topics.ts": "export const ORDERS = 'orders';\n",
            "web/src/pub.ts": "import { Kafka } from 'kafkajs';\nimport { ORDERS } from './topics';\nconst p = new Kafka({ brokers: ['k'] }).producer();\nawait p.send({ topic: ORDERS, messages: [] });\n",
        },
        "web/src/topics.ts",
        "export const ORDERS = 'orders.v2';\n",
    ),
    "go": (
        {
            "svc/go.mod": "module example.com/svc\n",
            "svc/topics/topics.go": 'package topics\n\nconst Orders = "orders"\n',
            "svc/main.go": 'package main\n\nimport (\n\t"github.com/segmentio/kafka-go"\n\t"example.com/svc/topics"\n)\n\nfunc main() {\n\tw := &kafka.Writer{Addr: kafka.TCP("k:9092"), Topic: topics.Orders}\n\t_ = w.WriteMessages(nil, kafka.Message{Value: nil})\n}\n',
        },
        "svc/topics/topics.go",
        'package topics\n\nconst Orders = "orders.v2"\n',
    ),
    "java": (
        {
            "svc/src/main/java/acme/Topics.java": 'package acme;\n\npublic final class Topics {\n    public static final String ORDERS = "orders";\n}\n',
            "svc/src/main/java/acme/Pub.java": 'package acme;\n\nimport org.apache.kafka.clients.producer.KafkaProducer;\nimport org.apache.kafka.clients.producer.ProducerRecord;\n\nclass Pub {\n    void send(KafkaProducer<String, String> p) {\n        p.send(new ProducerRecord<>(Topics.ORDERS, "k", "v"));\n    }\n}\n',
        },
        "svc/src/main/java/acme/Topics.java",
        'package acme;\n\npublic final class Topics {\n    public static final String ORDERS = "orders.v2";\n}\n',
    ),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_constant_changed_elsewhere_moves_an_unchanged_files_topic(make_repo, language):
    files, changed, text = CASES[language]
    repo = make_repo(files)
    base = scan(repo, "HEAD")
    assert {ep.topic.name for ep in base.endpoints} == {"orders"}
    commit(repo, {changed: text})
    head = scan(repo, "HEAD", since=base)
    assert head.stats.incremental
    assert {ep.topic.name for ep in head.endpoints} == {"orders.v2"}
