"""Base and head endpoints are paired call site by call site, following the diff's line shifts, so
several sends to one topic in one file are never crossed (a waited-for send paired with a
fire-and-forget one that did not change)."""

from __future__ import annotations

import json

from copilot.cli import main
from tests.conftest import commit

BASE = '''\
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


def fire(item):
    producer.produce("items", item)


def careful(item):
    producer.produce("items", item, on_delivery=ack)
    producer.flush()
'''

# a comment added at the top shifts every line; nothing about the sends changes
HEAD = "# shipping items\n# (no behaviour change)\n" + BASE


def test_an_unchanged_file_with_two_sends_to_one_topic_is_silent(make_repo, capsys) -> None:
    repo = make_repo({"svc/requirements.txt": "confluent-kafka\n", "svc/app.py": BASE})
    commit(repo, {"svc/app.py": HEAD}, "comment")
    assert main(["review", "--repo", str(repo), "--base", "HEAD~1", "--llm", "off", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_removing_the_wait_of_the_careful_send_is_still_found(make_repo, capsys) -> None:
    repo = make_repo({"svc/requirements.txt": "confluent-kafka\n", "svc/app.py": BASE})
    commit(repo, {"svc/app.py": HEAD.replace('    producer.produce("items", item, on_delivery=ack)\n    producer.flush()\n', '    producer.produce("items", item)\n')}, "no wait")
    main(["review", "--repo", str(repo), "--base", "HEAD~1", "--llm", "off", "--format", "json"])
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "delivery-weakened" in rules


def test_reordered_functions_keep_each_send_with_its_own_wait(make_repo, capsys) -> None:
    fire = 'def fire(item):\n    producer.produce("items", item)\n'
    careful = 'def careful(item):\n    producer.produce("items", item, on_delivery=ack)\n    producer.flush()\n'
    head = BASE.replace(fire, "@@").replace(careful, fire).replace("@@", careful)
    assert head != BASE and head.index("careful") < head.index("def fire")
    repo = make_repo({"svc/requirements.txt": "confluent-kafka\n", "svc/app.py": BASE})
    commit(repo, {"svc/app.py": head}, "reorder")
    assert main(["review", "--repo", str(repo), "--base", "HEAD~1", "--llm", "off", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
