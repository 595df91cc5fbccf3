"""`pipeline-copilot review` output formats and exit codes, on a real repository."""

from __future__ import annotations

import json

import jsonschema
import pytest
import sarif_pydantic

from copilot.cli import main
from tests.conftest import commit
from tests.review.helpers import BASE, CONSUMER, PRODUCER

CITATION = {
    "type": "object",
    "required": ["path", "start_line", "end_line", "side", "snippet"],
    "properties": {
        "path": {"type": "string"},
        "start_line": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1},
        "side": {"enum": ["base", "head"]},
        "snippet": {"type": "string"},
    },
}
REVIEW_CONTRACT = {
    "type": "object",
    "required": ["version", "base", "head", "summary", "findings", "actions", "llm"],
    "properties": {
        "version": {"const": 1},
        "summary": {"type": "object", "required": ["high", "medium", "low", "info"]},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "fingerprint", "rule", "severity", "title", "reasoning", "citations", "graph_paths",
                             "impacted", "alternatives", "source", "confidence", "actions"],
                "properties": {
                    "id": {"type": "string", "pattern": "^F[0-9]+$"},
                    "severity": {"enum": ["high", "medium", "low", "info"]},
                    "source": {"enum": ["rule", "llm", "rule+llm"]},
                    "citations": {"type": "array", "items": CITATION},
                    "graph_paths": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                    "alternatives": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["title", "tradeoff"]}},
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                },
            },
        },
        "actions": {"type": "array", "items": {"type": "object", "required": ["id", "kind", "title", "digest", "status"]}},
        "llm": {"type": "object", "required": ["provider", "model", "prompt_tokens", "completion_tokens", "dropped_citations"]},
    },
}


@pytest.fixture
def risky_repo(make_repo):
    repo = make_repo(BASE)
    new_consumer = CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')
    commit(repo, {"fraud/worker.py": new_consumer, "checkout/app.py": PRODUCER.replace('"acks": "all"', '"acks": "1"')})
    return repo


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_follows_the_contract_and_exit_code_follows_fail_on(risky_repo, capsys):
    code, out, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "json", "--llm", "off")
    data = json.loads(out)
    jsonschema.validate(data, REVIEW_CONTRACT)
    assert code == 1
    assert data["summary"] == {"high": 1, "medium": 1, "low": 0, "info": 0}
    assert [f["rule"] for f in data["findings"]] == ["consumer-group-change", "delivery-weakened"]
    assert data["llm"]["provider"] == "offline"
    code, _, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "json", "--llm", "off", "--fail-on", "never")
    assert code == 0
    # fingerprints are stable across runs
    _, again, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "json", "--llm", "off")
    assert [f["fingerprint"] for f in json.loads(again)["findings"]] == [f["fingerprint"] for f in data["findings"]]


def test_fingerprints_survive_unrelated_edits(risky_repo, capsys):
    _, out, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "json", "--llm", "off")
    before = {f["rule"]: f["fingerprint"] for f in json.loads(out)["findings"]}
    commit(risky_repo, {"fraud/worker.py": "# scoring worker\n\n" + (risky_repo / "fraud/worker.py").read_text()}, "comment")
    _, out, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~2", "--format", "json", "--llm", "off")
    after = {f["rule"]: f["fingerprint"] for f in json.loads(out)["findings"]}
    assert after == before


def test_sarif_is_valid_2_1_0_with_rules_locations_and_fingerprints(risky_repo, capsys):
    _, out, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "sarif", "--llm", "off")
    data = json.loads(out)
    sarif_pydantic.Sarif.model_validate(data)
    assert data["version"] == "2.1.0"
    run0 = data["runs"][0]
    rule_ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert "consumer-group-change" in rule_ids and "delivery-weakened" in rule_ids
    result = next(r for r in run0["results"] if r["ruleId"] == "consumer-group-change")
    assert result["level"] == "error"
    assert rule_ids[result["ruleIndex"]] == "consumer-group-change"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "fraud/worker.py"
    assert loc["region"]["startLine"] >= 1
    assert len(result["partialFingerprints"]["pipelineCopilot/v1"]) == 16


def test_markdown_and_text(risky_repo, capsys):
    _, md, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--format", "markdown", "--llm", "off")
    assert md.startswith("## Pipeline Copilot review")
    assert "`consumer-group-change`" in md and "```python" in md and "Alternatives considered" in md
    code, text, _ = run(capsys, "review", "--repo", str(risky_repo), "--base", "HEAD~1", "--llm", "off")
    assert code == 1
    assert "HIGH (1)" in text and "MEDIUM (1)" in text and "fraud-v2" in text
    assert "summary: 1 high, 1 medium" in text


def test_staged_and_usage_errors(risky_repo, capsys):
    (risky_repo / "fraud/worker.py").write_text(CONSUMER.replace('"latest"', '"earliest"'))
    code, out, _ = run(capsys, "review", "--repo", str(risky_repo), "--worktree", "--format", "json", "--llm", "off")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["consumer-group-change", "offset-reset-change"]
    code, _, err = run(capsys, "review", "--repo", str(risky_repo), "--staged", "--worktree")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run(capsys, "review", "--repo", str(risky_repo), "--base", "no-such-ref")
    assert code == 2 and "unknown revision 'no-such-ref'" in err and "Traceback" not in err
