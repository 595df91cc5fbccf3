"""Blind spots said out loud: files using a streaming client the scan does not read are listed by
`graph` (table and JSON) and named by `review` in every format, as an info finding."""

from __future__ import annotations

import json

import sarif_pydantic

from copilot.cli import main
from copilot.scan.repo import scan
from tests.conftest import commit

RUST_CONSUMER = """use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::config::ClientConfig;

fn main() {
    let consumer: StreamConsumer = ClientConfig::new().set("group.id", "ledger").create().unwrap();
    consumer.subscribe(&["orders"]).unwrap();
}
"""

RUBY_PRODUCER = """require "kafka"

kafka = Kafka.new(["kafka:9092"])
kafka.deliver_message("hello", topic: "greetings")
"""

PY_PRODUCER = """from confluent_kafka import Producer

p = Producer({"bootstrap.servers": "k:9092"})
p.produce("orders", b"x")
"""

JAVA_REACTOR = """package feed;

import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;

class Feed {
    void run(ReceiverOptions<String, String> options) {
        KafkaReceiver.create(options.subscription(java.util.List.of("orders"))).receive().subscribe();
    }
}
"""


def _repo(make_repo):
    return make_repo({
        "ledger/Cargo.toml": "[package]\nname = \"ledger\"\n",
        "ledger/src/main.rs": RUST_CONSUMER,
        "greeter/Gemfile": "gem 'ruby-kafka'\n",
        "greeter/app.rb": RUBY_PRODUCER,
        "checkout/pyproject.toml": "[project]\nname='checkout'\n",
        "checkout/app.py": PY_PRODUCER,
        "ledger/src/docs.rs": "// this crate talks to kafka through another module\n",
        "vendor/lib/kafka.rb": RUBY_PRODUCER,
    })


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_scan_lists_blind_spots_per_service(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"feed/pom.xml": "<project/>\n", "feed/src/main/java/feed/Feed.java": JAVA_REACTOR})
    result = scan(repo, "HEAD", use_cache=False)
    spots = {(b.service, b.path, b.line, b.library) for b in result.blind_spots}
    assert ("ledger", "ledger/src/main.rs", 1, "rust-rdkafka") in spots
    assert ("greeter", "greeter/app.rb", 1, "ruby-kafka") in spots
    # a supported language, a library no extractor reads
    assert ("feed", "feed/src/main/java/feed/Feed.java", 3, "reactor-kafka") in spots
    assert not any(p in ("checkout/app.py", "ledger/src/docs.rs", "vendor/lib/kafka.rb") for _s, p, _l, _b in spots)
    assert any(e.loc.path == "checkout/app.py" for e in result.endpoints)  # what is read is still read


def test_graph_json_and_table_show_blind_spots(make_repo, capsys):
    repo = _repo(make_repo)
    code, out = run(capsys, "graph", str(repo), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"nodes", "edges", "blind_spots"} <= set(data)
    rust = next(b for b in data["blind_spots"] if b["path"] == "ledger/src/main.rs")
    assert rust == {
        "path": "ledger/src/main.rs",
        "line": 1,
        "service": "ledger",
        "library": "rust-rdkafka",
        "language": "rust",
        "reason": "`ledger/src/main.rs` uses rust-rdkafka (rust), which is not analysed: check it by hand",
    }
    code, table = run(capsys, "graph", str(repo))
    assert code == 0 and "Not analysed" in table and "greeter/app.rb:1" in table and "ruby-kafka" in table


def _changed(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"ledger/src/main.rs": RUST_CONSUMER.replace('"ledger"', '"ledger-v2"')})
    return repo


MESSAGE = "`ledger/src/main.rs` uses rust-rdkafka (rust), which is not analysed: check it by hand"


def test_review_says_it_in_text(make_repo, capsys):
    code, out = run(capsys, "review", "--repo", str(_changed(make_repo)), "--base", "HEAD~1", "--llm", "off")
    assert code == 0  # info never fails the default gate
    flat = " ".join(out.split())
    assert "unanalysed-code" in flat and "ledger/src/main.rs" in flat and "not analysed" in flat
    assert "No pipeline risk found" not in out
    assert "1 info" in flat


def test_review_says_it_in_json(make_repo, capsys):
    _, out = run(capsys, "review", "--repo", str(_changed(make_repo)), "--base", "HEAD~1", "--llm", "off", "--format", "json")
    data = json.loads(out)
    [f] = [f for f in data["findings"] if f["rule"] == "unanalysed-code"]
    assert f["severity"] == "info" and f["title"] == MESSAGE
    assert f["citations"][0]["path"] == "ledger/src/main.rs" and f["citations"][0]["start_line"] == 1
    assert f["impacted"] == ["service:ledger"]
    assert data["summary"]["info"] >= 1


def test_review_says_it_in_markdown(make_repo, capsys):
    _, out = run(capsys, "review", "--repo", str(_changed(make_repo)), "--base", "HEAD~1", "--llm", "off", "--format", "markdown")
    assert "`unanalysed-code`" in out and "ledger/src/main.rs" in out and "not analysed" in out
    assert "no pipeline risk found" not in out.lower()


def test_review_says_it_in_sarif(make_repo, capsys):
    _, out = run(capsys, "review", "--repo", str(_changed(make_repo)), "--base", "HEAD~1", "--llm", "off", "--format", "sarif")
    data = json.loads(out)
    sarif_pydantic.Sarif.model_validate(data)
    run0 = data["runs"][0]
    assert "unanalysed-code" in {r["id"] for r in run0["tool"]["driver"]["rules"]}
    [res] = [r for r in run0["results"] if r["ruleId"] == "unanalysed-code"]
    assert res["level"] == "note"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ledger/src/main.rs"
    assert "not analysed" in res["message"]["text"]


def test_no_risk_is_said_only_when_everything_changed_was_read(make_repo, capsys):
    repo = _repo(make_repo)
    commit(repo, {"checkout/README.md": "docs\n"})
    _, out = run(capsys, "review", "--repo", str(repo), "--base", "HEAD~1", "--llm", "off")
    assert "No pipeline risk found" in out  # the blind spots exist, but this change does not touch them


def test_disabling_the_rule_does_not_hide_it(make_repo):
    from copilot.review.engine import review_change

    repo = _repo(make_repo)
    commit(repo, {".pipeline-copilot.toml": "[rules.unanalysed-code]\nenabled = false\n"})
    commit(repo, {"ledger/src/main.rs": RUST_CONSUMER.replace('"ledger"', '"ledger-v2"')})
    review = review_change(repo, "HEAD~1", "HEAD")
    assert [f.title for f in review.findings if f.rule == "unanalysed-code"] == [MESSAGE]
