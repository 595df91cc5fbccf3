"""Citation checks against the real files, the answer schema, and merging into the review."""

from __future__ import annotations

import pytest

from copilot.registry import rule_ids
from copilot.review.llm_merge import Merger, clean
from copilot.review.llm_schema import AnswerError, LLMAnswer, LLMCitation, answer_schema, parse_answer
from copilot.review.llm_verify import CitationChecker
from tests.llm.conftest import PipelineChange, llm_finding


def cit(path: str, start: int, end: int, snippet: str, side: str = "head") -> LLMCitation:
    return LLMCitation(path=path, start_line=start, end_line=end, side=side, snippet=snippet)


# checkout/app.py head: line 14 is `        "acks": "0",`, line 15 `        "enable.idempotence": False,`
KEPT = [
    ("exact", cit("checkout/app.py", 14, 14, '"acks": "0",'), (14, 14, "head")),
    (
        "whitespace differs",
        cit(
            "checkout/app.py",
            14,
            15,
            '"acks":   "0",\n "enable.idempotence":False,'.replace("False", " False"),
        ),
        (14, 15, "head"),
    ),
    (
        "copied our line prefixes",
        cit(
            "checkout/app.py",
            14,
            15,
            '+   14 |         "acks": "0",\n+   15 |         "enable.idempotence": False,',
        ),
        (14, 15, "head"),
    ),
    ("wide range is narrowed", cit("checkout/app.py", 10, 18, '"acks": "0"'), (14, 14, "head")),
    ("off by two lines", cit("checkout/app.py", 12, 12, '"acks": "0"'), (14, 14, "head")),
    ("redacted part", cit("checkout/app.py", 8, 8, 'API_TOKEN = "[REDACTED]"'), (8, 8, "head")),
    ("wrong side corrected", cit("checkout/app.py", 13, 13, '"acks": "all"', side="head"), (13, 13, "base")),
    (
        "base side",
        cit("schemas/order.avsc", 7, 7, '{"name": "amount_cents", "type": "long"}', "base"),
        (7, 7, "base"),
    ),
    ("path with ./", cit("./checkout/app.py", 14, 14, '"acks": "0"'), (14, 14, "head")),
    ("fenced snippet", cit("checkout/app.py", 14, 14, '```python\n"acks": "0",\n```'), (14, 14, "head")),
]
DROPPED = [
    ("fabricated text", cit("checkout/app.py", 14, 14, "time.sleep(5)")),
    ("missing path", cit("checkout/nope.py", 1, 1, "import json")),
    ("line past the end", cit("checkout/app.py", 400, 401, "import json")),
    ("line zero", cit("checkout/app.py", 0, 0, "import json")),
    ("too far off", cit("checkout/app.py", 30, 30, '"acks": "0"')),
    ("empty snippet", cit("checkout/app.py", 14, 14, "  ")),
    ("only a redaction", cit("checkout/app.py", 8, 8, "[REDACTED]")),
    ("quote of a line far away", cit("checkout/app.py", 1, 1, '"acks": "0"')),
    ("half fabricated", cit("checkout/app.py", 14, 15, '"acks": "0",\n"retries": 0,')),
    ("text on neither side", cit("schemas/order.avsc", 7, 7, "amount_dollars", "head")),
    # issue 9: paths that are not a regular file of the reviewed tree, and [REDACTED] as a wildcard
    ("dot-dot segment", cit("checkout/../checkout/app.py", 14, 14, '"acks": "0"')),
    ("git's own files", cit(".git/HEAD", 1, 1, "ref: refs/heads/main")),
    ("redaction as a wildcard", cit("checkout/app.py", 14, 14, '"acks": "[REDACTED]"')),
]


@pytest.mark.parametrize(("raw", "expected"), [k[1:] for k in KEPT], ids=[k[0] for k in KEPT])
def test_verifiable_citations_are_kept(pipeline: PipelineChange, raw: LLMCitation, expected: tuple) -> None:
    checker = CitationChecker(pipeline.cs)
    got = checker.check(raw)
    assert got is not None
    assert (got.start_line, got.end_line, got.side) == expected
    real = (pipeline.cs.read(got.side, got.path) or "").splitlines()[got.start_line - 1 : got.end_line]
    assert (
        got.snippet.split()
        == " ".join(real).replace("sk-proj-abcdefghijklmnopqrstuvwxyz0123", "[REDACTED]").split()
    )
    assert checker.dropped == 0


@pytest.mark.parametrize("raw", [d[1] for d in DROPPED], ids=[d[0] for d in DROPPED])
def test_unverifiable_citations_are_dropped(pipeline: PipelineChange, raw: LLMCitation) -> None:
    checker = CitationChecker(pipeline.cs)
    assert checker.check(raw) is None
    assert checker.dropped == 1


def test_schema_is_strict_everywhere() -> None:
    schema = answer_schema()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            assert "$ref" not in node and "default" not in node
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert node["required"] == list(node["properties"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    finding = schema["properties"]["findings"]["items"]
    assert finding["properties"]["rule"]["enum"] == [*rule_ids(), "other"]
    assert finding["properties"]["severity"]["enum"] == ["high", "medium", "low", "info"]
    assert set(finding["properties"]["citations"]["items"]["properties"]) == {
        "path",
        "start_line",
        "end_line",
        "side",
        "snippet",
    }


def test_parse_answer_is_lenient_per_finding_strict_per_answer() -> None:
    answer, dropped, _ = parse_answer(
        {
            "findings": [
                llm_finding("Lag Risk", "Critical", confidence=7),
                llm_finding("made-up-rule", "warning", confidence=-1),
                {"title": "no rule, no severity"},
            ]
        }
    )
    assert [(f.rule, f.severity, f.confidence) for f in answer.findings] == [
        ("lag-risk", "high", 1.0),
        ("other", "medium", 0.0),
    ]
    assert dropped == 1
    assert parse_answer({"findings": []}) == (LLMAnswer(findings=[]), 0, 0)
    for bad in ([], {"review": "ok"}, {"findings": {}}, {"findings": [{"x": 1}]}):
        with pytest.raises(AnswerError):
            parse_answer(bad)


def merger(pipeline: PipelineChange, review, unverified: str = "show") -> Merger:
    refs = {f"R{i}": f for i, f in enumerate(review.findings, 1)}
    return Merger(review, CitationChecker(pipeline.cs), refs, pipeline.inputs.head_graph, unverified)


def test_other_rule_never_merges_and_related_needs_same_rule(pipeline: PipelineChange) -> None:
    review = pipeline.review()
    acks = {
        "path": "checkout/app.py",
        "start_line": 14,
        "end_line": 14,
        "side": "head",
        "snippet": '"acks": "0"',
    }
    answer, _, _ = parse_answer(
        {
            "findings": [
                llm_finding("other", "low", "about acks", citations=[acks], related_finding="R1"),
                llm_finding("lag-risk", "low", "wrong rule for R1", citations=[acks], related_finding="R1"),
            ]
        }
    )
    stats = merger(pipeline, review).merge(answer)
    assert (stats.merged, stats.added) == (0, 2)
    assert review.findings[0].source == "rule"


def test_merge_never_lowers_or_removes(pipeline: PipelineChange) -> None:
    review = pipeline.review()
    acks = {
        "path": "checkout/app.py",
        "start_line": 14,
        "end_line": 14,
        "side": "head",
        "snippet": '"acks": "0"',
    }
    answer, _, _ = parse_answer(
        {
            "findings": [
                llm_finding(
                    "delivery-weakened",
                    "info",
                    "not a problem",
                    "fine",
                    [acks],
                    alternatives=[
                        {"title": "keep acks=all", "tradeoff": "dup"},
                        {"title": "acks=1", "tradeoff": "t"},
                    ],
                ),
            ]
        }
    )
    stats = merger(pipeline, review).merge(answer)
    target = review.findings[0]
    assert stats.merged == 1 and target.source == "rule+llm" and target.severity == "medium"
    assert [a.title for a in target.alternatives] == ["keep acks=all", "acks=1"]
    assert len(review.findings) == 2 and target.confidence == 0.9


def test_clean_strips_control_characters_and_caps_length() -> None:
    assert clean("a\x1b[31mb\x1b[0m\tc\nd\x00") == "ab\tc\nd"
    assert len(clean("x" * 10_000)) == 4000
