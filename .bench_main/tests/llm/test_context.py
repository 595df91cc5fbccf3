"""The context the reviewer is shown: relevant, numbered, redacted, within the budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.model.graph import PipelineGraph
from copilot.review.llm import build_context, estimate_tokens, full_diff_tokens
from copilot.review.llm_context import (
    CUT_ORDER,
    ContextTooLarge,
    impacted_nodes,
    is_config_file,
    is_schema_file,
    prepare,
)
from tests.llm.conftest import (
    BASE_FILES,
    CHECKOUT_BASE,
    CHECKOUT_HEAD,
    HEAD_FILES,
    PipelineChange,
    make_change,
)


def test_estimate_tokens_is_chars_over_four_rounded_up() -> None:
    assert [estimate_tokens(t) for t in ("", "a", "abcd", "abcde", "x" * 400)] == [0, 1, 1, 2, 100]


def test_impacted_nodes_follow_the_flow(pipeline: PipelineChange) -> None:
    dist = impacted_nodes(pipeline.inputs.head_graph, ["service:checkout"])
    assert dist == {
        "service:checkout": 0,
        "topic:orders": 1,
        "service:fraud": 2,
        "topic:fraud-alerts": 3,
        "service:alerts": 4,
        "schema:com.acme.Order": 2,
    }
    # a changed schema starts at the topics carrying it; one hop upstream brings its producer
    dist = impacted_nodes(pipeline.inputs.head_graph, ["schema:com.acme.Order"])
    assert dist["topic:orders"] == 0 and dist["service:checkout"] == 1 and dist["service:fraud"] == 1
    assert not any(n in dist for n in ("service:billing", "service:invoicer", "topic:invoices"))


def test_consumer_change_brings_its_producer_one_hop_up() -> None:
    g = PipelineGraph()
    for nid in ("service:a", "service:b", "service:z", "topic:t", "topic:u"):
        kind, name = nid.split(":")
        g.add_node(kind, name)
    g.add_edge("service:a", "topic:t", "produces")
    g.add_edge("topic:t", "service:b", "consumes")
    g.add_edge("service:z", "topic:u", "produces")
    g.add_edge("topic:u", "service:a", "consumes")
    dist = impacted_nodes(g, ["service:b"])
    assert dist == {"service:b": 0, "topic:t": 1, "service:a": 2}


def test_relevant_files_only(pipeline: PipelineChange) -> None:
    ctx = prepare(pipeline.review(), pipeline.inputs, 12000)
    assert ctx.stats.files_skipped == ["README.md", "tools/lint.py"]
    assert ctx.stats.files_sent == [
        "alerts/consumer.py",
        "checkout/app.py",
        "checkout/client.properties",
        "fraud/scorer.py",
        "schemas/order.avsc",
    ]
    assert "billing" not in ctx.user and "invoices" not in ctx.user
    assert set(ctx.refs) == {"R1", "R2"}


@pytest.mark.parametrize(
    ("path", "schema", "config"),
    [
        ("schemas/order.avsc", True, False),
        ("proto/order.proto", True, False),
        ("schema/user.json", True, True),
        ("svc/application.yml", False, True),
        ("svc/client.properties", False, True),
        (".env.production", False, True),
        ("docker-compose.yaml", False, True),
        (".github/workflows/ci.yml", False, False),
        ("docs/conf.yaml", False, False),
        ("package-lock.json", False, False),
        ("svc/app.py", False, False),
        ("README.md", False, False),
    ],
)
def test_file_kinds(path: str, schema: bool, config: bool) -> None:
    assert (is_schema_file(path), is_config_file(path)) == (schema, config)


def test_hunks_carry_line_numbers_of_their_side(pipeline: PipelineChange) -> None:
    (system, user), stats = build_context(pipeline.review(), pipeline.inputs, 12000)
    assert system.startswith("You are the AI reviewer") and "version:" not in system
    assert "### checkout/app.py (modified)\n@@ -5,16 +5,16 @@" in user
    assert '-   13 |         "acks": "all",' in user  # base numbering
    assert '+   14 |         "acks": "0",' in user  # head numbering
    assert "    20 |     producer.produce(ORDERS_TOPIC" in user  # context: head numbering
    assert "-   20 |     producer.flush()" in user
    assert stats.hunks == 3 and stats.tokens <= 12000


def test_excerpts_show_consumer_code_not_already_in_hunks(pipeline: PipelineChange) -> None:
    ctx = prepare(pipeline.review(), pipeline.inputs, 12000)
    assert "### fraud/scorer.py lines 3-19 (head) — service:fraud consumes topic:orders" in ctx.user
    assert '    17 |         score = order["amount_cents"] / 100' in ctx.user
    excerpt = ctx.user.split("## CODE EXCERPTS", 1)[1]
    assert '"acks": "0"' not in excerpt  # already shown by the hunk


def test_secrets_are_redacted_and_counted(pipeline: PipelineChange) -> None:
    ctx = prepare(pipeline.review(), pipeline.inputs, 12000)
    for secret in ("n3w-Pa55-456", "old-pass-123", "keystore-pass", "db-pa55word", "sk-proj-"):
        assert secret not in ctx.user
    assert 'API_TOKEN = "[REDACTED]"' in ctx.user
    assert "database.url=postgres://orders:[REDACTED]@db:5432/orders" in ctx.user
    # API token, sasl.jaas.config and ssl.key.password on both sides, the URL; sasl.mechanism is no secret
    assert "sasl.mechanism=PLAIN" in ctx.user
    assert ctx.stats.redactions == 6


def test_rule_finding_snippets_are_redacted(pipeline: PipelineChange) -> None:
    review = pipeline.review()
    review.findings[0].citations[0].snippet = "ssl.key.password=keystore-pass-2"
    ctx = prepare(review, pipeline.inputs, 12000)
    assert "keystore-pass-2" not in ctx.user and "ssl.key.password=[REDACTED]" in ctx.user


def test_cuts_follow_the_documented_order_and_keep_the_budget(pipeline: PipelineChange) -> None:
    full = prepare(pipeline.review(), pipeline.inputs, 100_000)
    assert full.stats.cuts == []
    seen_order: list[int] = []
    budget = full.stats.tokens
    while True:
        budget -= 40
        try:
            ctx = prepare(pipeline.review(), pipeline.inputs, budget)
        except ContextTooLarge as exc:
            assert "too small" in str(exc)
            break
        assert ctx.stats.tokens <= budget
        sent = estimate_tokens(ctx.system) + estimate_tokens(ctx.user + "\n\n" + ctx.plain_suffix)
        assert sent <= budget
        assert '"ref":"R1"' in ctx.user and '"ref":"R2"' in ctx.user  # rule findings always kept
        steps = [next(i for i, name in enumerate(CUT_ORDER) if name in cut) for cut in ctx.stats.cuts]
        assert steps == sorted(steps), ctx.stats.cuts
        seen_order = steps
    assert seen_order[:3] == [0, 1, 2]  # far excerpts, far lines, hunk context: first


def test_huge_touched_file_costs_far_fewer_tokens_than_the_naive_prompt(make_repo, tmp_path: Path) -> None:
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(2000))
    base = CHECKOUT_BASE + filler
    head = CHECKOUT_HEAD + filler
    change = make_change(
        make_repo,
        tmp_path,
        base_files={**BASE_FILES, "checkout/app.py": base},
        head_files={**HEAD_FILES, "checkout/app.py": head},
    )
    ctx = prepare(change.review(), change.inputs, 12000)
    naive = full_diff_tokens(change.inputs)
    assert naive > 12000 > ctx.stats.tokens
    assert ctx.stats.tokens - ctx.stats.fixed_tokens < naive / 5


def test_full_diff_tokens_counts_diff_and_whole_files(pipeline: PipelineChange) -> None:
    cs = pipeline.cs
    expected = 0
    for change in cs.files:
        expected += estimate_tokens("".join(h.text for h in change.hunks))
        expected += estimate_tokens(cs.read("head", change.new_path) or "")
    assert full_diff_tokens(pipeline.inputs) == expected > 0


def test_deleted_and_renamed_files(make_repo, tmp_path: Path) -> None:
    head = {
        **HEAD_FILES,
        "schemas/order.avsc": None,
        "schemas/order-v2.avsc": HEAD_FILES["schemas/order.avsc"],
        "checkout/client.properties": None,
    }
    change = make_change(make_repo, tmp_path, head_files=head)
    ctx = prepare(change.review(), change.inputs, 12000)
    assert "### checkout/client.properties (deleted)" in ctx.user
    assert "-    4 | sasl.jaas.config=[REDACTED]" in ctx.user
    assert "schemas/order-v2.avsc" in ctx.user
    assert full_diff_tokens(change.inputs) > 0
