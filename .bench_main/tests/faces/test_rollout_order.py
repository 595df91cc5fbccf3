"""The deploy steps of one rollout apply in order; out of order needs --out-of-order and a reason,
and that is in the audit log."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MakeRepo, commit
from tests.faces.pushing import cli
from tests.review.test_rules_schema_e2e import ORDER, SCHEMA_BASE, schema_text

CONFIG = '[deploy]\nfraud = "echo fraud >> deploys.log"\ncheckout = "echo checkout >> deploys.log"\n'
COUPON = {**ORDER, "fields": [*ORDER["fields"], {"name": "coupon", "type": ["null", "string"], "default": None}]}


def _rollout(make_repo: MakeRepo) -> tuple[Path, str, str]:
    """A BACKWARD-compatible schema change: deploy fraud (reader) first, then checkout (writer)."""
    repo = make_repo({**SCHEMA_BASE, ".pipeline-copilot.toml": CONFIG})
    commit(repo, {"schemas/order.avsc": schema_text(COUPON)}, "an optional coupon")
    done = cli("review", "--base", "HEAD~1", "--llm", "off", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    deploys = {a["title"]: a["id"] for a in json.loads(done.stdout)["actions"] if a["kind"] == "deploy"}
    first = deploys["Deploy fraud (step 1 of the com.shop.Order rollout)"]
    second = deploys["Deploy checkout (step 2 of the com.shop.Order rollout)"]
    for action_id in (first, second):
        assert cli("approve", action_id, "--yes", "--reason", "release", cwd=repo).returncode == 0
    return repo, first, second


def _audit(repo: Path) -> list[dict]:
    return json.loads(cli("audit", "log", "--format", "json", cwd=repo).stdout)["entries"]


def test_step_two_waits_for_step_one(make_repo: MakeRepo) -> None:
    repo, first, second = _rollout(make_repo)
    shown = cli("actions", "show", second, cwd=repo)
    assert "rollout: com.shop.Order; deployed after: fraud" in shown.stdout

    refused = cli("apply", second, cwd=repo)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"pipeline-copilot: error: cannot apply: {second} is step 2 of the com.shop.Order rollout and step 1 "
        f"({first}, deploy fraud, approved) is not applied yet; apply that first, or pass --out-of-order --reason '...'"
    ]
    assert not (repo / "deploys.log").exists()

    assert cli("apply", first, cwd=repo).returncode == 0
    assert cli("apply", second, cwd=repo).returncode == 0
    assert (repo / "deploys.log").read_text() == "fraud\ncheckout\n"
    applied = [e for e in _audit(repo) if e["event"] == "applied"]
    assert [(e["action_id"], e["reason"]) for e in applied] == [(first, None), (second, None)]


def test_out_of_order_needs_a_reason_and_is_audit_logged(make_repo: MakeRepo) -> None:
    repo, first, second = _rollout(make_repo)
    no_reason = cli("apply", second, "--out-of-order", cwd=repo)
    assert no_reason.returncode == 2 and "--out-of-order needs --reason" in no_reason.stderr

    forced = cli("apply", second, "--out-of-order", "--reason", "fraud is already on the new schema", cwd=repo)
    assert forced.returncode == 0, forced.stderr
    assert (repo / "deploys.log").read_text() == "checkout\n"
    entry = _audit(repo)[-1]
    assert (entry["event"], entry["action_id"]) == ("applied", second)
    assert entry["reason"] == (
        f"out of order: {second} is step 2 of the com.shop.Order rollout and step 1 ({first}, deploy fraud, "
        "approved) is not applied yet; fraud is already on the new schema"
    )
    assert json.loads(entry["result"])["out_of_order"] == [first]
    assert cli("audit", "verify", cwd=repo).returncode == 0

    # step 1 never needed anything before it
    assert cli("apply", first, cwd=repo).returncode == 0
    assert (repo / "deploys.log").read_text() == "checkout\nfraud\n"
