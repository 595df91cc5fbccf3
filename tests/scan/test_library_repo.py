"""A client library's own repository: its examples call the library, whose source is right there.
The calls are still the library's API (the catalogue's), not code to follow into."""

from __future__ import annotations

from copilot.scan.repo import scan

LIBRARY_GO = """package kafka

type ReaderConfig struct {
	Brokers []string
	Topic   string
}

type Reader struct{ config ReaderConfig }

func NewReader(config ReaderConfig) *Reader { return &Reader{config: config} }
"""

EXAMPLE_GO = """package main

import (
	"context"

	kafka "github.com/segmentio/kafka-go"
)

func reader(topic string) *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"k:9092"}, Topic: topic})
}

func main() {
	r := reader("clicks")
	for {
		m, _ := r.ReadMessage(context.Background())
		_ = m
	}
}
"""

LIBRARY_PY = "class Producer:\n    def __init__(self, conf):\n        self.conf = conf\n\n    def produce(self, topic, value=None):\n        pass\n"
EXAMPLE_PY = "from confluent_kafka import Producer\n\np = Producer({'bootstrap.servers': 'k:9092', 'acks': 'all'})\np.produce('payments', b'x')\n"


def test_go_examples_in_the_librarys_repository(make_repo) -> None:
    repo = make_repo({
        "go.mod": "module github.com/segmentio/kafka-go\n",
        "reader.go": LIBRARY_GO,
        "examples/consumer/go.mod": "module example.com/consumer\n",
        "examples/consumer/main.go": EXAMPLE_GO,
    })
    [ep] = scan(repo, "HEAD", use_cache=False).endpoints
    assert (ep.role, ep.topic.name, ep.loc.path, ep.ep.library) == ("consume", "clicks", "examples/consumer/main.go", "kafka-go")


def test_python_examples_in_the_librarys_repository(make_repo) -> None:
    repo = make_repo({
        "src/confluent_kafka/__init__.py": "from .producer import Producer\n",
        "src/confluent_kafka/producer.py": LIBRARY_PY,
        "examples/produce.py": EXAMPLE_PY,
    })
    eps = [ep for ep in scan(repo, "HEAD", use_cache=False).endpoints if ep.loc.path == "examples/produce.py"]
    assert [(ep.role, ep.topic.name, ep.setting("acks")) for ep in eps] == [("produce", "payments", "all")]
