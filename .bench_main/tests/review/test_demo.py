"""The README's main command and its worked approval example, end to end."""

from __future__ import annotations

import json

from copilot.cli import main
from tests.conftest import git


def test_demo_reviews_the_bundled_change_and_the_approval_workflow_fixes_it(tmp_path, capsys):
    repo = tmp_path / "shop"
    assert main(["demo", "--dir", str(repo), "--llm", "off", "--format", "json"]) == 0
    review = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["severity"]) for f in review["findings"]] == [
        ("schema-breaking", "high"),
        ("delivery-weakened", "medium"),
    ]
    schema = review["findings"][0]
    assert {"service:fraud-scorer", "service:payments", "service:notifications"} <= set(schema["impacted"])
    assert any(c["path"].endswith("FraudScorer.java") and "getAmountCents" in c["snippet"] for c in schema["citations"])
    assert schema["actions"] == ["A1"] and review["actions"][0]["kind"] == "patch"
    assert git(repo, "status", "--porcelain") == ""  # the review wrote nothing into the repository

    # nothing is applied without approval; approval without a terminal needs --yes
    assert main(["apply", "A1", "--repo", str(repo)]) == 2
    assert main(["approve", "A1", "--repo", str(repo)]) == 2
    assert git(repo, "status", "--porcelain") == ""
    assert main(["approve", "A1", "--yes", "--reason", "restore amount_cents", "--repo", str(repo)]) == 0
    assert main(["apply", "A1", "--repo", str(repo)]) == 0
    assert git(repo, "status", "--porcelain").strip() == "M schemas/order.avsc"
    capsys.readouterr()

    assert main(["review", "--repo", str(repo), "--base", "HEAD~1", "--worktree", "--llm", "off", "--format", "json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in after["findings"]] == ["delivery-weakened"]
    deploys = [a for a in after["actions"] if a["kind"] == "deploy"]
    assert [a["title"] for a in deploys] == [
        "Deploy fraud-scorer (step 1 of the com.acme.avro.Order rollout)",
        "Deploy checkout (step 2 of the com.acme.avro.Order rollout)",
    ]
    assert main(["audit", "verify", "--repo", str(repo)]) == 0
