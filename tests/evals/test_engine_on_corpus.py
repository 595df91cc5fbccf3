"""Every labelled case of every corpus through the real engine, one test per case.

A regression names its case.  Known misses are listed in KNOWN_MISSES and marked strict xfail:
when a fix makes one pass, the test fails until the entry is removed — the list only shrinks on
purpose.  (The real-history corpus needs mirrors and is a hand-run benchmark: evals/history.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.runner import CASES_DIR, EvalCase, discover_cases, load_review_fn, run_case

CORPORA = ("cases", "holdout", "holdout2", "holdout3", "holdout4")
# corpus/case-id -> why the engine misses it today
KNOWN_MISSES = {
    key: "missed on main before issue 15's work as well; not investigated yet"
    for key in (
        "holdout2/delivery-weakened-py-settings-dataclass-acks",
        "holdout2/schema-unmanaged-go-goavro-inline",
        "holdout3/error-handling-removed-scs-enable-dlq-dropped",
        "holdout3/serialization-change-confluent-go-json-to-avro",
    )
}


def _cases() -> list[tuple[str, EvalCase]]:
    out = []
    for corpus in CORPORA:
        folder = CASES_DIR.parent / corpus
        if corpus != "cases" and not folder.is_dir():
            continue
        for case in discover_cases(cases_dir=folder):
            out.append((f"{corpus}/{case.id}", case))
    return out


CASES = _cases()


def _param(key: str, case: EvalCase):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(reason=KNOWN_MISSES[key], strict=True)] if key in KNOWN_MISSES else []
    return pytest.param(case, id=key, marks=marks)


def test_every_known_miss_names_a_case():
    assert set(KNOWN_MISSES) <= {k for k, _ in CASES}


@pytest.mark.parametrize("case", [_param(k, c) for k, c in CASES])
def test_case(case: EvalCase, tmp_path: Path):
    review_fn, import_error = load_review_fn()
    score = run_case(case, tmp_path, review_fn, import_error)
    assert score.error is None, score.error_detail or score.error
    missed = [r.expectation.describe() + ": " + r.why_missed() for r in score.results if not r.hit]
    assert not missed, missed
    if case.safe:
        assert not score.safe_violated, [(f.rule, f.severity, f.title) for f in score.findings if f.severity != "info"]
    assert not score.invalid_citations, [ic.reason for ic in score.invalid_citations]
