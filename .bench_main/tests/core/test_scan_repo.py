"""Scanning whole repositories: cache, bad input, the graph command."""

from __future__ import annotations

import json
import os

from copilot.cli import main
from copilot.git import common_dir
from copilot.scan.repo import scan
from tests.conftest import commit, git

PRODUCER = 'from confluent_kafka import Producer\n\np = Producer({"acks": "all"})\np.produce("orders", value=b"x")\n'
CONSUMER = 'from kafka import KafkaConsumer\n\nc = KafkaConsumer("orders", group_id="fraud")\nfor m in c:\n    print(m)\n'


def test_graph_of_a_two_service_repo_with_exact_evidence(make_repo, capsys):
    repo = make_repo({"checkout/pyproject.toml": "", "checkout/app.py": PRODUCER, "fraud/setup.py": "", "fraud/w.py": CONSUMER})
    assert main(["graph", str(repo), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["edges"] == [
        {"source": "service:checkout", "target": "topic:orders", "kind": "produces", "evidence": [{"path": "checkout/app.py", "line": 4}]},
        {"source": "topic:orders", "target": "service:fraud", "kind": "consumes", "evidence": [{"path": "fraud/w.py", "line": 3}]},
    ]
    assert main(["graph", str(repo), "--format", "mermaid"]) == 0
    assert "flowchart LR" in capsys.readouterr().out
    assert main(["graph", str(repo)]) == 0
    table = capsys.readouterr().out
    assert "orders" in table and "checkout" in table and "fraud" in table


def test_unresolved_topic_is_a_node_showing_the_expression(make_repo, capsys):
    src = "import sys\nfrom confluent_kafka import Producer\n\np = Producer({})\np.produce(sys.argv[1], value=b'x')\n"
    repo = make_repo({"tool/app.py": src})
    main(["graph", str(repo), "--format", "json"])
    nodes = json.loads(capsys.readouterr().out)["nodes"]
    topic = next(n for n in nodes if n["kind"] == "topic")
    assert topic == {"id": "topic:<sys.argv[1]>", "kind": "topic", "name": "<sys.argv[1]>",
                     "evidence": [{"path": "tool/app.py", "line": 5}], "unresolved": True,
                     "reason": "`sys.argv[1]` is known only at run time"}


def test_cache_makes_a_rescan_parse_only_changed_files(make_repo):
    repo = make_repo({"a/app.py": PRODUCER, "b/w.py": CONSUMER})
    first = scan(repo)
    assert first.stats.parsed == 2
    second = scan(repo)
    assert second.stats.parsed == 0 and second.stats.cache_hits >= 2
    commit(repo, {"b/w.py": CONSUMER.replace("fraud", "fraud2")})
    third = scan(repo)
    assert third.stats.parsed == 1
    assert (common_dir(repo) / "pipeline-copilot" / "scan-cache.pickle").is_file()


def test_bad_input_is_skipped_with_counted_warnings_and_nothing_is_written(make_repo, tmp_path, capsys):
    files = {
        "svc/app.py": PRODUCER,
        "svc/broken.py": "from kafka import KafkaProducer\ndef (:\n",
        "svc/latin1.py": "# kafka topic caf\xe9\n".encode("latin-1"),
        "svc/blob.bin": b"\x00kafka\x00" * 100,
        "svc/huge.py": "# kafka\n" + "x = 1\n" * 400_000,
    }
    repo = make_repo(files)
    os.symlink("loop", repo / "loop")
    os.symlink(repo / "svc", repo / "svc" / "self")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    result = scan(repo)
    assert [e.topic_name for e in result.endpoints] == ["orders"]
    assert any(w.startswith("svc/broken.py:2") for w in result.warnings)
    assert any("svc/huge.py: skipped, larger than 2 MiB" in w for w in result.warnings)
    assert any("symbolic link" in w for w in result.warnings)
    assert git(repo, "status", "--porcelain") == ""
    # the CLI's one-line errors
    assert main(["graph", str(tmp_path / "nope")]) == 2
    assert "no such directory" in capsys.readouterr().err
    plain = tmp_path / "plain"
    plain.mkdir()
    assert main(["graph", str(plain)]) == 2
    assert "not a git repository" in capsys.readouterr().err


def test_empty_repository_has_an_empty_graph(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    assert main(["graph", str(empty), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": 1, "nodes": [], "edges": []}


def test_topic_from_a_settings_object_field_default(make_repo):
    settings = (
        "from dataclasses import dataclass\n\n\n@dataclass\nclass KafkaSettings:\n"
        '    orders_topic: str = "orders.completed"\n    group_id: str = "ledger"\n'
    )
    consumer = (
        "from aiokafka import AIOKafkaConsumer\n\nfrom ledger.config import KafkaSettings\n\n\n"
        "async def run(cfg: KafkaSettings) -> None:\n"
        "    consumer = AIOKafkaConsumer(cfg.orders_topic, group_id=cfg.group_id)\n"
        "    async for msg in consumer:\n        print(msg)\n"
    )
    repo = make_repo({"ledger/pyproject.toml": "", "ledger/ledger/config.py": settings, "ledger/ledger/worker.py": consumer})
    (ep,) = scan(repo).endpoints
    assert (ep.topic_name, ep.topic.origin) == ("orders.completed", "settings-default")
    assert ep.topic.via[-1].path == "ledger/ledger/config.py" and ep.topic.via[-1].line == 6
    assert ep.settings["group.id"].value == "ledger"


def test_ambiguous_settings_fields_stay_unresolved(make_repo):
    two = 'class A:\n    topic = "a"\n\n\nclass B:\n    topic = "b"\n'
    consumer = "from kafka import KafkaConsumer\n\n\ndef run(cfg):\n    c = KafkaConsumer(cfg.topic)\n    for m in c:\n        print(m)\n"
    repo = make_repo({"svc/pyproject.toml": "", "svc/cfg.py": two, "svc/w.py": consumer})
    (ep,) = scan(repo).endpoints
    assert ep.topic.name is None and ep.topic_name == "<cfg.topic>"


def test_settings_fields_filled_by_a_factory_with_env_defaults(make_repo):
    settings_kt = (
        "package com.acme\n\ndata class Settings(val topic: String, val brokers: String) {\n    companion object {\n"
        "        fun fromEnv() = Settings(\n"
        '            topic = System.getenv("WALLET_TOPIC") ?: "wallet.transactions",\n'
        '            brokers = System.getenv("BROKERS") ?: "kafka:9092",\n        )\n    }\n}\n'
    )
    consumer_kt = (
        "package com.acme\n\nimport org.apache.kafka.clients.consumer.KafkaConsumer\n\n"
        "class Projector(private val settings: Settings) {\n    fun run(consumer: KafkaConsumer<String, String>) {\n"
        "        consumer.subscribe(listOf(settings.topic))\n    }\n}\n"
    )
    config_go = (
        'package config\n\nimport "os"\n\ntype Config struct {\n\tAdjustmentsTopic string\n}\n\n'
        'func getenv(k, d string) string {\n\tif v := os.Getenv(k); v != "" {\n\t\treturn v\n\t}\n\treturn d\n}\n\n'
        'func Load() Config {\n\treturn Config{\n\t\tAdjustmentsTopic: getenv("ADJ_TOPIC", "inventory.adjustments"),\n\t}\n}\n'
    )
    publisher_go = (
        'package events\n\nimport (\n\t"context"\n\n\t"github.com/segmentio/kafka-go"\n\t"acme/inventory/internal/config"\n)\n\n'
        "func NewWriter(cfg config.Config) *kafka.Writer {\n\treturn &kafka.Writer{Topic: cfg.AdjustmentsTopic}\n}\n"
        # the send goes through the writer the factory made (the writer holds the topic)
        "\nfunc Publish(ctx context.Context, cfg config.Config, b []byte) error {\n"
        "\treturn NewWriter(cfg).WriteMessages(ctx, kafka.Message{Value: b})\n}\n"
    )
    compose = "services:\n  inventory:\n    environment:\n      ADJ_TOPIC: inventory.adjustments.v2\n"
    repo = make_repo({
        "wallet/build.gradle.kts": "", "wallet/src/main/kotlin/com/acme/Settings.kt": settings_kt,
        "wallet/src/main/kotlin/com/acme/Projector.kt": consumer_kt,
        "inventory/go.mod": "module acme/inventory\n", "inventory/internal/config/config.go": config_go,
        "inventory/internal/events/publisher.go": publisher_go, "docker-compose.yml": compose,
    })
    names = {e.service: (e.topic_name, e.topic.origin) for e in scan(repo).endpoints}
    assert names["wallet"] == ("wallet.transactions", "settings-default")
    assert names["inventory"] == ("inventory.adjustments.v2", "settings-default")  # the deployment's env wins
