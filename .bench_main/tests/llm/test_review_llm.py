"""review_with_llm end to end, over a real socket to the loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from copilot.config import Config, LLMSettings
from copilot.review.llm import NOT_CONFIGURED, OFF_NOTE, estimate_tokens, review_with_llm
from copilot.review.llm_cache import CACHE_FILE, LOG_FILE
from copilot.review.llm_window import DEFAULT_CONTEXT_WINDOW, prompt_budget
from tests.conftest import git
from tests.llm.conftest import FakeClock, PipelineChange, llm_finding, make_change
from tests.llm.loopback import LoopbackServer, answer, content, error

SECRETS = (
    "n3w-Pa55-456",
    "old-pass-123",
    "keystore-pass-1",
    "keystore-pass-2",
    "db-pa55word",
    "sk-proj-abcdefghijklmnopqrstuvwxyz0123",
)


def explain_schema_break(p: PipelineChange) -> dict:
    """A grounded answer: explains R2 with a real citation, plus a fabricated claim."""
    return {
        "findings": [
            llm_finding(
                "schema-breaking",
                "high",
                "fraud-scorer divides a field that no longer exists",
                "fraud/scorer.py reads order['amount_cents'] for every order; after the change it is missing, "
                "so checkout -> orders -> fraud raises KeyError and fraud-alerts stop.",
                [p.cite("head", "fraud/scorer.py", 'score = order["amount_cents"] / 100')],
                alternatives=[
                    {"title": "deprecate the field first", "tradeoff": "two releases instead of one"},
                    {"title": "default in the reader schema", "tradeoff": "scores become 0"},
                ],
                recommendation="deprecate first: no consumer breaks",
                confidence=0.85,
                related_finding="R2",
            ),
            llm_finding(
                "lag-risk",
                "high",
                "sleep in the poll loop",
                "the scorer sleeps per message",
                [
                    {
                        "path": "fraud/scorer.py",
                        "start_line": 12,
                        "end_line": 13,
                        "side": "head",
                        "snippet": "time.sleep(5)",
                    }
                ],
                confidence=0.4,
            ),
        ]
    }


def rules_json(review) -> list[dict]:
    return [f.to_json() for f in review.findings if f.source == "rule"]


def test_off_mode_sends_nothing(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    review = pipeline.review()
    before = review.to_json()
    review_with_llm(review, pipeline.inputs, "off", pipeline.cache_dir)
    assert review.llm.provider == "offline" and review.llm.note == OFF_NOTE
    assert review.to_json()["findings"] == before["findings"] and not review.warnings
    assert loopback.requests == []


def test_auto_without_endpoint_is_offline_quietly(pipeline: PipelineChange) -> None:
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    assert review.llm.provider == "offline"
    assert review.llm.note == NOT_CONFIGURED
    assert review.warnings == []


def test_openai_without_endpoint_warns(pipeline: PipelineChange) -> None:
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "openai", pipeline.cache_dir)
    assert review.llm.provider == "offline" and review.llm.note == NOT_CONFIGURED
    assert len(review.warnings) == 1 and review.warnings[0].startswith("LLM review skipped: ")
    assert "OPENAI_API_KEY" in review.warnings[0]


def test_unknown_mode_is_a_programming_error(pipeline: PipelineChange) -> None:
    with pytest.raises(ValueError):
        review_with_llm(pipeline.review(), pipeline.inputs, "gpt", pipeline.cache_dir)


def test_grounded_answer_merges_verifies_and_drops(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    loopback.script(answer(explain_schema_break(pipeline), usage=(1234, 210)))
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "openai", pipeline.cache_dir)

    assert review.warnings == []
    by_rule = {f.rule: f for f in review.findings}
    merged = by_rule["schema-breaking"]
    assert merged.source == "rule+llm"
    assert merged.severity == "high"
    assert "AI reviewer: fraud/scorer.py reads order['amount_cents']" in merged.reasoning
    assert [a.title for a in merged.alternatives] == [
        "deprecate the field first",
        "default in the reader schema",
    ]
    added = [c for c in merged.citations if c.path == "fraud/scorer.py"]
    assert len(added) == 1 and added[0].side == "head" and 'order["amount_cents"]' in added[0].snippet
    assert merged.recommendation == "deprecate first: no consumer breaks"

    made_up = by_rule["lag-risk"]
    assert made_up.source == "llm" and made_up.verified is False and made_up.citations == []
    assert made_up.severity == "info" and made_up.extra["claimed_severity"] == "high"
    assert made_up.subject == "llm|fraud/scorer.py|lag-risk|sleep-in-the-poll-loop"
    assert made_up.to_json()["verified"] is False

    assert by_rule["delivery-weakened"].source == "rule"  # untouched
    llm = review.llm
    assert (llm.provider, llm.model, llm.prompt_tokens, llm.completion_tokens) == (
        "openai",
        "gpt-4o-mini",
        1234,
        210,
    )
    assert llm.dropped_citations == 1 and llm.prompt_version.startswith("review-")
    assert llm.cached is False and llm.latency_ms >= 0 and llm.redactions >= 5
    assert "1 merged" in llm.note and "1 new" in llm.note

    (req,) = loopback.requests
    assert req.path == "/v1/chat/completions" and req.mode == "json_schema"
    assert req.headers["authorization"] == "Bearer loopback-test-key"
    schema = req.body["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["schema"]["required"] == ["findings"]
    assert req.body["model"] == "gpt-4o-mini"
    assert [m["role"] for m in req.messages] == ["system", "user"]


def test_context_sent_is_relevant_redacted_and_in_budget(
    make_repo, tmp_path: Path, loopback: LoopbackServer
) -> None:
    pipeline = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(max_context_tokens=12000)))
    loopback.script(answer({"findings": []}))
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    (req,) = loopback.requests
    text = req.text()
    # the relevant hunks, with line numbers on the right side
    assert '+   14 |         "acks": "0",' in text
    assert '-   13 |         "acks": "all",' in text
    assert '-    7 |     {"name": "amount_cents", "type": "long"},' in text
    # consumer code around the evidence lines, and the rule findings with refs
    assert 'score = order["amount_cents"] / 100' in text
    assert '"ref":"R1"' in text and '"ref":"R2"' in text
    # not the unrelated files, not the unrelated services
    for absent in (
        "UNRELATED-README-EDIT",
        "UNRELATED-TOOL-EDIT",
        "billing-consumer-code-that-must-not-be-sent",
        'p.produce("invoices"',
    ):
        assert absent not in text
    # no secret left the machine
    for secret in SECRETS:
        assert secret not in json.dumps(req.body)
    assert "[REDACTED]" in text and review.llm.redactions >= 5
    # the budget
    sent = sum(estimate_tokens(m["content"]) for m in req.messages)
    assert sent <= 12000
    assert req.body["max_tokens"] == 1024


def test_tight_budget_cuts_far_context_first(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(max_context_tokens=2800)))
    loopback.script(answer({"findings": []}))
    review = change.review()
    review_with_llm(review, change.inputs, "auto", change.cache_dir)
    assert review.warnings == []
    (req,) = loopback.requests
    text = req.text()
    assert sum(estimate_tokens(m["content"]) for m in req.messages) <= 2800
    assert "excerpts of services beyond one hop" in review.llm.note
    assert "### alerts/consumer.py" not in text  # two hops from checkout: its excerpt is cut first
    assert "### fraud/scorer.py" in text
    assert '"acks": "0"' in text and '"ref":"R2"' in text  # changed lines and rule findings kept


def test_budget_too_small_for_the_rule_findings_skips(
    make_repo, tmp_path: Path, loopback: LoopbackServer
) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(max_context_tokens=600)))
    review = change.review()
    before = rules_json(review)
    review_with_llm(review, change.inputs, "auto", change.cache_dir)
    assert loopback.requests == []
    assert len(review.warnings) == 1 and "budget" in review.warnings[0]
    assert rules_json(review) == before


def test_falls_back_to_tools_then_remembers(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(
        error(
            400,
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        ),
        error(422, "Input should be 'text' or 'json_object' with no 'schema' key"),
        answer(explain_schema_break(pipeline)),
    )
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    assert [r.mode for r in loopback.requests] == ["json_schema", "json_mode", "tools"]
    tool = loopback.requests[2].body["tools"][0]["function"]
    assert tool["name"] == "pipeline_review" and tool["parameters"]["required"] == ["findings"]
    assert loopback.requests[2].body["tool_choice"]["function"]["name"] == "pipeline_review"
    assert review.warnings == [] and "AI review (tools)" in review.llm.note
    assert any(f.source == "rule+llm" for f in review.findings)

    # the next review (another prompt) starts with the method that worked
    loopback.script(answer({"findings": []}))
    other = pipeline.review()
    other.findings = other.findings[:1]
    review_with_llm(other, pipeline.inputs, "auto", pipeline.cache_dir)
    assert loopback.requests[3].mode == "tools"


def test_falls_back_to_plain_and_parses_fenced_json(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    body = json.dumps(explain_schema_break(pipeline), indent=2)
    loopback.script(
        error(400, "response_format is not supported"),
        error(400, "response_format is not supported"),
        error(400, "tools are not supported by this server"),
        content(f"<think>let me look</think>Sure! Here is the review:\n```json\n{body}\n```\nAnything else?"),
    )
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    assert [r.mode for r in loopback.requests] == ["json_schema", "json_mode", "tools", "plain"]
    plain = loopback.requests[3]
    assert "response_format" not in plain.body and "tools" not in plain.body
    assert "Answer with exactly one JSON object" in plain.messages[-1]["content"]
    assert '"pipeline_review"' not in plain.messages[-1]["content"]  # the schema itself, not its wrapper
    assert sum(estimate_tokens(m["content"]) for m in plain.messages) <= prompt_budget(DEFAULT_CONTEXT_WINDOW, 1024)
    assert review.warnings == [] and "plain" in review.llm.note
    assert any(f.source == "rule+llm" for f in review.findings)


def test_same_prompt_is_answered_from_the_cache(
    pipeline: PipelineChange, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    loopback.script(answer(explain_schema_break(pipeline), usage=(900, 120)))
    first = pipeline.review()
    review_with_llm(first, pipeline.inputs, "auto", pipeline.cache_dir)
    assert (pipeline.cache_dir / CACHE_FILE).is_file()

    second = pipeline.review()
    clock = FakeClock()
    review_with_llm(second, pipeline.inputs, "auto", pipeline.cache_dir, clock=clock, sleep=clock.sleep)
    assert len(loopback.requests) == 1  # no tokens spent
    assert second.llm.cached is True
    assert (second.llm.prompt_tokens, second.llm.completion_tokens) == (900, 120)
    assert second.llm.latency_ms == 0  # no request: no time spent (on the fake clock)
    assert [f.to_json() for f in second.findings] == [f.to_json() for f in first.findings]

    monkeypatch.setenv("PIPELINE_COPILOT_MODEL", "another-model")  # another model: another prompt key
    loopback.script(answer({"findings": []}))
    third = pipeline.review()
    review_with_llm(third, pipeline.inputs, "auto", pipeline.cache_dir)
    assert len(loopback.requests) == 2 and third.llm.cached is False
    assert loopback.requests[1].body["model"] == "another-model"


def test_every_prompt_and_response_is_logged(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(error(500, "overloaded"), answer({"findings": []}))
    review_with_llm(pipeline.review(), pipeline.inputs, "auto", pipeline.cache_dir)
    review_with_llm(pipeline.review(), pipeline.inputs, "auto", pipeline.cache_dir)  # a cache hit
    conn = sqlite3.connect(pipeline.cache_dir / LOG_FILE)
    migrations = [r[0] for r in conn.execute("SELECT name FROM _llm_migrations ORDER BY name")]
    assert migrations == ["m001_initial", "m002_indexes", "m003_review_range"]
    rows = conn.execute(
        "SELECT method, error, response, cached, prompt, system, model, input_tokens "
        "FROM responses ORDER BY id"
    ).fetchall()
    assert [(r[0], bool(r[1]), r[3]) for r in rows] == [
        ("json_schema", True, 0),
        ("json_schema", False, 0),
        ("json_schema", False, 1),
    ]
    assert "overloaded" in rows[0][1]
    assert rows[1][2] == '{"findings": []}' and rows[1][7] == 321
    assert "## CHANGED HUNKS" in rows[1][4] and "UNTRUSTED" in rows[1][5]
    dump = json.dumps(rows)
    assert "loopback-test-key" not in dump
    assert not any(secret in dump for secret in SECRETS)


def test_environment_and_settings_choose_the_endpoint(
    make_repo, tmp_path: Path, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    settings = LLMSettings(base_url=loopback.base_url, model="qwen2.5-coder", timeout=10)
    change = make_change(make_repo, tmp_path, config=Config(llm=settings))
    loopback.script(answer({"findings": []}), answer({"findings": []}))
    review = change.review()
    review_with_llm(review, change.inputs, "auto", change.cache_dir)
    assert review.llm.provider == "openai" and review.llm.model == "qwen2.5-coder"
    assert loopback.requests[0].headers["authorization"] == "Bearer not-needed"  # a local server: any key
    assert loopback.requests[0].body["model"] == "qwen2.5-coder"

    settings.api_key_env = "SHOP_LLM_KEY"
    monkeypatch.setenv("SHOP_LLM_KEY", "key-from-api-key-env")
    monkeypatch.setenv("PIPELINE_COPILOT_MODEL", "env-model")
    review = change.review()
    review_with_llm(review, change.inputs, "auto", change.cache_dir)
    assert loopback.requests[1].headers["authorization"] == "Bearer key-from-api-key-env"
    assert loopback.requests[1].body["model"] == "env-model" and review.llm.model == "env-model"


def test_unverified_findings_can_be_dropped(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(unverified="drop")))
    loopback.script(answer(explain_schema_break(change)))
    review = change.review()
    review_with_llm(review, change.inputs, "auto", change.cache_dir)
    assert [f.rule for f in review.findings if f.source == "llm"] == []
    assert review.llm.dropped_citations == 1 and "1 unverified dropped" in review.llm.note


def test_the_model_never_changes_a_rule_findings_severity(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    verified = llm_finding(
        "delivery-weakened",
        "high",
        "orders lost on broker failover",
        "acks=0 and no idempotence: a leader change loses orders for fraud",
        [
            {
                "path": "checkout/app.py",
                "start_line": 14,
                "end_line": 15,
                "side": "head",
                "snippet": '"acks": "0",\n        "enable.idempotence": False,',
            }
        ],
    )
    loopback.script(answer({"findings": [verified]}))
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    finding = next(f for f in review.findings if f.rule == "delivery-weakened")
    # overlapping evidence → merged, but the severity stays the rule's; the model's claim is said
    assert finding.source == "rule+llm" and finding.severity == "medium"
    assert finding.extra["llm_claimed_severity"] == "high"
    assert "AI reviewer, claims high: acks=0 and no idempotence" in finding.reasoning

    unverified = llm_finding(
        "delivery-weakened",
        "high",
        "x",
        "y",
        [{"path": "checkout/app.py", "start_line": 14, "end_line": 14, "side": "head", "snippet": "acks=-1"}],
        related_finding="R1",
    )
    loopback.script(answer({"findings": [unverified]}))
    review = pipeline.review()
    review.findings[1].reasoning += " "  # another prompt, so no cache hit
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    finding = next(f for f in review.findings if f.rule == "delivery-weakened")
    assert finding.source == "rule+llm" and finding.severity == "medium"
    assert "AI reviewer (unverified), claims high: y" in finding.reasoning
    assert "llm_claimed_severity" not in finding.extra


def test_new_finding_gets_graph_impact_and_stable_subject(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    item = llm_finding(
        "other",
        "low",
        "Flush removed after produce",
        "publish() no longer flushes",
        [pipeline.cite("head", "checkout/app.py", "producer.produce(ORDERS_TOPIC")],
        confidence=3.0,
    )
    loopback.script(answer({"findings": [item, item]}))  # the same claim twice is one finding
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    (new,) = [f for f in review.findings if f.source == "llm"]
    assert new.subject == "llm|checkout/app.py|other|flush-removed-after-produce"
    assert new.verified is True and new.confidence == 1.0
    assert set(new.impacted) == {"service:fraud", "service:alerts"}
    assert ["service:checkout", "topic:orders", "service:fraud"] in new.graph_paths


def test_proposed_patch_is_text_only(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    patch = (
        "--- a/checkout/app.py\n+++ b/checkout/app.py\n@@ -14 +14 @@\n"
        '-        "acks": "0",\n+        "acks": "all",\n'
    )
    item = llm_finding(
        "delivery-weakened",
        "medium",
        "restore acks",
        "acks=0 loses data",
        [pipeline.cite("head", "checkout/app.py", '"acks": "0"')],
        patch=patch,
        related_finding="R1",
    )
    head_before = git(pipeline.repo, "rev-parse", "HEAD")
    loopback.script(answer({"findings": [item]}))
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    finding = next(f for f in review.findings if f.rule == "delivery-weakened")
    assert finding.extra["proposed_patch"] == patch
    assert finding.to_json()["proposed_patch"] == patch
    assert review.actions == []
    assert git(pipeline.repo, "status", "--porcelain") == ""
    assert git(pipeline.repo, "rev-parse", "HEAD") == head_before


def test_importing_the_reviewer_does_not_import_the_openai_client() -> None:
    code = (
        "import sys, copilot.review.llm, copilot.review.llm_call; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openai', 'httpx2')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"
