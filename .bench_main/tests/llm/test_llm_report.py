"""`python -m evals --llm URL`: what the model added over the rules, its false alarms, citation
validity, tokens and latency — from scores built by hand, and end to end against the loopback."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.model.findings import Citation, Finding, LLMReport
from evals import __main__ as evals_main
from evals.llm_report import case_llm, corpus_llm
from evals.runner import (
    CaseScore,
    EvalCase,
    Expectation,
    InvalidCitation,
    Report,
    match_expectations,
    unexpected_findings,
)
from tests.llm.loopback import LoopbackServer, answer

CASE_ID = "commit-semantics-java-commit-before-processing"  # a case of the labelled corpus


def score_of(case: EvalCase, findings: list[Finding], llm: LLMReport) -> CaseScore:
    score = CaseScore(case=case, findings=findings, prompt_tokens=llm.prompt_tokens,
                      completion_tokens=llm.completion_tokens, llm_report=llm)  # fmt: skip
    score.results = match_expectations(case, findings)
    score.unexpected = unexpected_findings(case, findings)
    return score


def test_added_false_alarms_and_citation_validity() -> None:
    lag = Expectation("lag-risk", "medium", ("service:fraud",))
    case = EvalCase(id="c1", world="w", patch=Path("c1.patch"), description="a sleep in the loop",
                    languages=["python"], expectations=[lag])  # fmt: skip
    good = Citation("fraud/worker.py", 12, 12, "head", "time.sleep(1)")
    stale = Citation("fraud/worker.py", 40, 40, "head", "gone")
    model_hit = Finding("lag-risk", "medium", "sleep per record", "r", [good], impacted=["service:fraud"], source="llm")
    model_fa = Finding("other", "medium", "made-up risk", "r", [stale], source="llm")
    ghost = Finding("lag-risk", "info", "unverified", "r", [], impacted=["service:fraud"], source="llm", verified=False)
    rule = Finding("delivery-weakened", "info", "acks", "r", [good])
    llm = LLMReport(provider="openai", model="m", prompt_tokens=900, completion_tokens=80, latency_ms=4200,
                    dropped_citations=2)  # fmt: skip
    score = score_of(case, [rule, model_hit, model_fa, ghost], llm)
    score.invalid_citations.append(InvalidCitation(model_fa, stale, "past the end"))

    one = case_llm(score)
    assert one.added == ["lag-risk >= medium; impacted service:fraud"]
    assert one.false_alarms == ["made-up risk"]
    assert (one.model_findings, one.unverified) == (3, 1)

    summary = corpus_llm(Report([score], {}, "http://x/v1"), "cases")
    data = summary.to_json()
    assert data["added_over_rules"] == 1 and data["false_alarms"] == 1
    assert data["citations_given"] == 4 and data["citation_validity"] == 0.25  # 1 valid of 2 kept + 2 dropped
    assert (data["prompt_tokens"], data["completion_tokens"], data["latency"]["max_s"]) == (900, 80, 4.2)

    # an expectation the rules already meet is not the model's
    rule_hit = Finding("lag-risk", "medium", "rule", "r", [good], impacted=["service:fraud"])
    assert case_llm(score_of(case, [rule_hit, model_hit], llm)).added == []


def test_evals_llm_against_the_loopback_reports_per_corpus(loopback: LoopbackServer, capsys, monkeypatch) -> None:
    case_id = CASE_ID
    monkeypatch.setenv("PIPELINE_COPILOT_MODEL", "loopback-model")
    loopback.script(answer({"findings": []}, usage=(1500, 12)))
    code = evals_main.main(["--cases", case_id, "--llm", loopback.base_url, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    over = data["llm_over_rules"]
    assert over["corpus"] == "labelled" and over["endpoint"] == loopback.base_url and over["cases"] == 1
    assert (over["prompt_tokens"], over["completion_tokens"]) == (1500, 12)
    assert over["llm_failures"] == 0 and over["added_over_rules"] == 0
    assert len(loopback.requests) == 1 and loopback.requests[0].body["max_tokens"] > 0
