"""Opt-in: the AI reviewer against a real OpenAI-compatible endpoint.

Runs only with ``PIPELINE_COPILOT_REAL_LLM=1`` (plus OPENAI_API_KEY and/or OPENAI_BASE_URL, and
optionally PIPELINE_COPILOT_MODEL), e.g. against a local Ollama::

    PIPELINE_COPILOT_REAL_LLM=1 OPENAI_BASE_URL=http://localhost:11434/v1 \\
    PIPELINE_COPILOT_MODEL=qwen2.5-coder:7b pytest -m real_llm tests/llm/test_real_endpoint.py

Every other test uses the loopback server and never needs a key.
"""

from __future__ import annotations

import pytest

from copilot.config import Config, LLMSettings
from copilot.model.findings import SEVERITY_RANK
from copilot.review.llm import review_with_llm
from tests.llm.conftest import REAL_ENV, make_change

# deselected (not skipped) unless PIPELINE_COPILOT_REAL_LLM=1: see tests/llm/conftest.py
pytestmark = [pytest.mark.real_llm]


def test_real_endpoint_review(make_repo, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in REAL_ENV.items():  # the autouse fixture unset them
        monkeypatch.setenv(key, value)
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=120)))
    review = change.review()
    rules = {f.rule: f.severity for f in review.findings}
    review_with_llm(review, change.inputs, "openai", change.cache_dir)

    assert review.llm.provider == "openai", review.llm.note
    assert review.warnings == [], review.warnings
    assert review.llm.prompt_tokens > 0 and review.llm.prompt_version
    kept = {f.rule: f.severity for f in review.findings if f.source in ("rule", "rule+llm")}
    assert set(kept) == set(rules)  # nothing removed ...
    assert all(SEVERITY_RANK[kept[r]] >= SEVERITY_RANK[s] for r, s in rules.items())  # ... or downgraded
    for finding in review.findings:
        if finding.source == "llm":
            assert finding.verified == bool(finding.citations)
    print(review.llm.note)
    for finding in review.findings:
        print(finding.source, finding.rule, finding.severity, finding.title)
