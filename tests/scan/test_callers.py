"""A function whose parameters feed an endpoint: its callers are found wherever they are (a
caller need not mention Kafka, so it is no scan candidate), and each caller's arguments stay
together: its topic with its group id, one edge per caller."""

from __future__ import annotations

import pytest

from copilot.scan.relevance import MENTION, needs_scan
from copilot.scan.repo import scan
from tests.conftest import commit

CONSUME_TS = (
    "import { Kafka } from 'kafkajs';\n"                              # 1
    "const kafka = new Kafka({ brokers: ['k:9092'] });\n"              # 2
    "export async function start(topic: string, group: string) {\n"    # 3
    "  const consumer = kafka.consumer({ groupId: group });\n"         # 4
    "  await consumer.subscribe({ topic: topic });\n"                  # 5
    "}\n"
)
MAIN_TS = "import { start } from './consume';\n\nstart('orders', 'billing');\nstart('payments', 'ledger');\n"

CONSUME_CS = (
    "using Confluent.Kafka;\n"                                                                   # 1
    "namespace Shop;\n"                                                                          # 2
    "public static class Listener {\n"                                                           # 3
    "    public static void Start(string topic, string group) {\n"                              # 4
    "        var config = new ConsumerConfig { BootstrapServers = \"k:9092\", GroupId = group };\n"  # 5
    "        using var consumer = new ConsumerBuilder<string, string>(config).Build();\n"         # 6
    "        consumer.Subscribe(topic);\n"                                                       # 7
    "    }\n"
    "}\n"
)
MAIN_CS = "namespace Shop;\npublic static class Program {\n    public static void Main() {\n        Listener.Start(\"orders\", \"billing\");\n        Listener.Start(\"payments\", \"ledger\");\n    }\n}\n"

CONSUME_GO = (
    "package consume\n"                                                                 # 1
    "\n"                                                                                # 2
    "import \"github.com/IBM/sarama\"\n"                                                # 3
    "\n"                                                                                # 4
    "func Start(topic string, group string) {\n"                                        # 5
    "\tcfg := sarama.NewConfig()\n"                                                     # 6
    "\tg, _ := sarama.NewConsumerGroup([]string{\"k:9092\"}, group, cfg)\n"             # 7
    "\t_ = g.Consume(nil, []string{topic}, nil)\n"                                      # 8
    "}\n"
)
MAIN_GO = "package main\n\nimport \"example.com/svc/consume\"\n\nfunc main() {\n\tconsume.Start(\"orders\", \"billing\")\n\tconsume.Start(\"payments\", \"ledger\")\n}\n"

CASES = {
    "typescript": ({"web/package.json": "{}\n", "web/src/consume.ts": CONSUME_TS, "web/src/main.ts": MAIN_TS}, "web/src/main.ts", 3),
    "go": ({"svc/go.mod": "module example.com/svc\n", "svc/consume/consume.go": CONSUME_GO, "svc/main.go": MAIN_GO}, "svc/main.go", 6),
    "csharp": ({"svc/Svc.csproj": "<Project/>\n", "svc/Listener.cs": CONSUME_CS, "svc/Program.cs": MAIN_CS}, "svc/Program.cs", 4),
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_each_caller_gives_one_consumer_with_its_own_topic_and_group(make_repo, language) -> None:
    files, main, first = CASES[language]
    res = scan(make_repo(files), "HEAD", use_cache=False)
    got = sorted((ep.topic.name, ep.setting("group.id"), ep.loc.path, ep.loc.line) for ep in res.endpoints)
    assert got == [("orders", "billing", main, first), ("payments", "ledger", main, first + 1)]
    assert main not in res.candidates  # found by the word `start`, not by a Kafka marker


def test_one_caller_resolves_the_topic_of_a_helper_in_a_file_without_kafka(make_repo) -> None:
    repo = make_repo({
        "svc/consume.py": (
            "from confluent_kafka import Consumer\n\n"
            "def start(topic):\n"
            "    c = Consumer({'bootstrap.servers': 'k:9092', 'group.id': 'billing'})\n"
            "    c.subscribe([topic])\n"
        ),
        "svc/main.py": "from svc.consume import start\n\nstart('invoices')\n",
    })
    [ep] = scan(repo, "HEAD", use_cache=False).endpoints
    assert (ep.topic.name, ep.setting("group.id")) == ("invoices", "billing")
    assert ("svc/main.py", 3) in {(loc.path, loc.line) for loc in [ep.loc, *ep.topic.via]}


def test_callers_in_test_files_are_not_the_pipeline(make_repo) -> None:
    files = dict(CASES["typescript"][0])
    files["web/src/consume.test.ts"] = "import { start } from './consume';\nstart('fixture-topic', 'fixture-group');\n"
    res = scan(make_repo(files), "HEAD", use_cache=False)
    assert "fixture-topic" not in {ep.topic.name for ep in res.endpoints}


def test_a_new_caller_in_a_file_the_scan_did_not_read_makes_the_change_relevant(make_repo) -> None:
    """The scan remembers the words it searched for; a change that adds a caller in a file it did
    not read is re-scanned (the hook's fast path would otherwise call it unrelated)."""
    repo = make_repo(CASES["typescript"][0])
    base = scan(repo, "HEAD")
    assert MENTION + "start" in base.read
    read = frozenset({MENTION + "start", "web/src/consume.ts", "web/src/main.ts"})  # as in a large repository
    change = [("web/src/other.ts", "web/src/other.ts")]
    calls = {"head": b"import { start } from './consume';\nstart('refunds', 'ledger');\n", "base": b"export const n = 1;\n"}
    assert needs_scan(change, lambda side, _p: calls[side], base_read=read)
    assert not needs_scan(change, lambda side, _p: b"export const n = 2; // restart later\n", base_read=read)
    commit(repo, {"web/src/other.ts": calls["head"].decode()})
    head = scan(repo, "HEAD", since=base)
    assert "refunds" in {ep.topic.name for ep in head.endpoints}
