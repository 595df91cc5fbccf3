"""A stale proposal is not a dead end: the next review proposes the same remedy as a new action
bound to today's state; the stale one stays stale, in the store and in the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MakeRepo, commit, git
from tests.faces.pushing import cli

SCHEMA = """{
  "type": "record",
  "name": "Order",
  "namespace": "com.acme.avro",
  "fields": [
    {"name": "order_id", "type": "string"},
    {"name": "amount_cents", "type": "long"}
  ]
}
"""
WITH_CURRENCY = SCHEMA.replace(
    '{"name": "amount_cents", "type": "long"}',
    '{"name": "amount_cents", "type": "long"},\n    {"name": "currency", "type": "string"}',
)


def _actions(repo: Path) -> dict[str, dict]:
    listed = cli("actions", "list", "--format", "json", cwd=repo)
    assert listed.returncode == 0, listed.stderr
    return {a["id"]: a for a in json.loads(listed.stdout)["actions"]}


def _review(repo: Path) -> dict:
    done = cli("review", "--base", "HEAD~1", "--llm", "off", "--format", "json", "--fail-on", "never", cwd=repo)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_stale_remedy_is_proposed_again_as_a_new_action(make_repo: MakeRepo) -> None:
    repo = make_repo({"schemas/order.avsc": SCHEMA})
    commit(repo, {"schemas/order.avsc": WITH_CURRENCY}, "add a required currency")
    first = _review(repo)
    assert [(a["id"], a["status"]) for a in first["actions"]] == [("A1", "proposed")]

    # the work tree moves on (a temporary edit), and approving finds A1 stale
    schema = repo / "schemas" / "order.avsc"
    schema.write_text(WITH_CURRENCY.replace("currency", "currency_code"))
    refused = cli("approve", "A1", "--yes", "--reason", "fix it", cwd=repo)
    assert refused.returncode == 2 and "A1 is stale" in refused.stderr
    git(repo, "checkout", "--", "schemas/order.avsc")  # back to exactly the state A1 was made for

    again = _review(repo)
    assert [(a["id"], a["status"]) for a in again["actions"]] == [("A2", "proposed")]
    actions = _actions(repo)
    assert actions["A1"]["status"] == "stale" and actions["A2"]["status"] == "proposed"
    assert actions["A2"]["supersedes"] == "A1" and actions["A2"]["digest"] != actions["A1"]["digest"]
    assert actions["A2"]["patch"] == actions["A1"]["patch"]  # the same remedy
    shown = cli("actions", "show", "A2", cwd=repo)
    assert "supersedes: A1" in shown.stdout

    assert cli("approve", "A2", "--yes", "--reason", "currency optional", cwd=repo).returncode == 0
    applied = cli("apply", "A2", cwd=repo)
    assert applied.returncode == 0, applied.stderr
    assert '"default": null' in schema.read_text()
    assert _review(repo)["actions"] == []  # fixed: nothing more to propose

    log = json.loads(cli("audit", "log", "--format", "json", cwd=repo).stdout)["entries"]
    events = [(e["event"], e["action_id"]) for e in log]
    assert events == [("proposed", "A1"), ("stale", "A1"), ("proposed", "A2"), ("approved", "A2"), ("applied", "A2")]
    assert cli("audit", "verify", cwd=repo).returncode == 0


def test_reviewing_again_without_a_change_keeps_the_same_action(make_repo: MakeRepo) -> None:
    repo = make_repo({"schemas/order.avsc": SCHEMA})
    commit(repo, {"schemas/order.avsc": WITH_CURRENCY}, "add a required currency")
    assert [a["id"] for a in _review(repo)["actions"]] == ["A1"]
    assert [a["id"] for a in _review(repo)["actions"]] == ["A1"]  # idempotent while it is still live
    assert list(_actions(repo)) == ["A1"]
