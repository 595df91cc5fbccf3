"""The labelled corpus through the real engine: the targets of issue 4 hold."""

from __future__ import annotations

from evals.runner import discover_cases, run_cases


def test_the_engine_meets_the_targets_on_the_labelled_corpus():
    report = run_cases(discover_cases())
    totals = report.to_json()["totals"]
    assert totals["errors"] == 0
    assert totals["recall"] >= 0.95, report.to_json()["misses"]
    assert totals["fp_rate_safe"] <= 0.05, report.to_json()["false_positives"]
    assert totals["citation_validity"] == 1.0, report.to_json()["invalid_citations"]
