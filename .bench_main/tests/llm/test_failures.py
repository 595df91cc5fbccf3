"""Every way the endpoint can fail degrades to the rule-based review with one warning line.

Time is a `FakeClock`: retry waits advance it instead of sleeping, and the assertions are about
what the time budget allowed (requests sent, fake seconds spent), never about wall-clock time.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from copilot.config import Config, LLMSettings
from copilot.review.llm import review_with_llm
from tests.llm.conftest import FakeClock, PipelineChange, make_change
from tests.llm.loopback import (
    LoopbackServer,
    Reply,
    answer,
    content,
    cut_stream,
    empty,
    error,
    hang,
    rate_limited,
    tool_call,
    truncated_body,
)


@pytest.fixture
def fast(make_repo, tmp_path: Path) -> PipelineChange:
    """The realistic change, with a short time budget (2 s) and the default 2 retries."""
    return make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=2.0, max_retries=2)))


def run(change: PipelineChange, clock: FakeClock | None = None) -> tuple[object, float]:
    """Review with the LLM on a fake clock; returns the review and the fake seconds spent."""
    clock = clock or FakeClock()
    review = change.review()
    before = [f.to_json() for f in review.findings]
    began = clock.now
    review_with_llm(review, change.inputs, "auto", change.cache_dir, clock=clock, sleep=clock.sleep)
    assert [f.to_json() for f in review.findings] == before, "the rule findings must survive unchanged"
    return review, clock.now - began


def assert_skipped(review, *words: str) -> str:
    assert len(review.warnings) == 1
    warning = review.warnings[0]
    assert warning.startswith("LLM review skipped: ") and "\n" not in warning
    assert review.llm.note == warning and review.llm.provider == "openai"
    for word in words:
        assert word in warning
    return warning


FAILURES: list[tuple[str, list[Reply], tuple[str, ...], int]] = [
    (
        "401",
        [error(401, "Incorrect API key provided", "invalid_request_error")],
        ("authentication failed (401)",),
        1,
    ),
    ("403", [error(403, "model access denied", "permission_error")], ("access denied (403)",), 1),
    ("404", [error(404, "The model `nope` does not exist", "not_found_error")], ("not found (404)",), 1),
    ("500 every time", [error(500, "boom", "server_error")] * 3, ("failed (500) after retries",), 3),
    ("truncated body", [truncated_body()], ("malformed response body",), 1),
    ("stream cut mid-answer", [cut_stream()], ("the stream ended mid-answer",), 1),
    (
        "output cut at the token limit",
        [content('{"findings": [{"rule": "lag-', finish_reason="length")],
        ("truncated",),
        1,
    ),
    (
        "truncated JSON content",
        [content('{"findings": [{"rule": "lag-risk", "severity": ')],
        ("malformed JSON",),
        1,
    ),
    ("empty answer", [empty()], ("empty answer",), 1),
    ("prose, no JSON", [content("Looks good to me, approved!")], ("no JSON object",), 1),
    (
        "answer ignoring the schema",
        [answer({"verdict": "approve", "comment": "LGTM"})],
        ("did not match the schema", "verdict"),
        1,
    ),
    (
        "findings of the wrong shape",
        [answer({"findings": [{"note": "x"}, "y"]})],
        ("did not match the schema",),
        1,
    ),
    ("findings not a list", [answer({"findings": "none"})], ("did not match the schema",), 1),
    (
        "400 on every method",
        [error(400, "unsupported")] * 4,
        ("rejected every structured-output method: unsupported",),
        4,
    ),
    (
        "context too long",
        [error(400, "This model's maximum context length is 8192 tokens")],
        ("request rejected (400)", "maximum context length"),
        1,
    ),
]


@pytest.mark.parametrize(
    ("replies", "words", "requests"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES]
)
def test_failure_degrades_to_rule_review(
    fast: PipelineChange,
    loopback: LoopbackServer,
    replies: list[Reply],
    words: tuple[str, ...],
    requests: int,
) -> None:
    loopback.script(*replies)
    review, fake_seconds = run(fast)
    assert_skipped(review, *words)
    assert len(loopback.requests) == requests
    assert fake_seconds <= 2.0  # the waits between retries stayed within the time budget
    assert all(r.body.get("max_tokens") == 1024 for r in loopback.requests)


def test_timeout_is_bounded_and_not_retried(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=1.5, max_retries=2)))
    loopback.script(hang(30))
    review = change.review()
    review_with_llm(review, change.inputs, "auto", change.cache_dir)  # the real clock: a real hang
    assert_skipped(review, "did not answer within 1.5s")
    assert len(loopback.requests) == 1


def test_connection_refused(fast: PipelineChange, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    review, fake_seconds = run(fast)
    assert_skipped(review, "cannot connect")
    assert fake_seconds <= 2.0


def test_429_waits_for_retry_after_then_succeeds(fast: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(rate_limited(retry_after=1), answer({"findings": []}))
    clock = FakeClock()
    review, fake_seconds = run(fast, clock)
    assert review.warnings == [] and review.llm.note.startswith("AI review")
    assert len(loopback.requests) == 2
    assert clock.slept == [1.0]  # it honoured Retry-After: 1


def test_429_past_the_time_budget_gives_up_at_once(fast: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(rate_limited(retry_after=30))
    clock = FakeClock()
    review, fake_seconds = run(fast, clock)
    assert_skipped(review, "rate limited (429, Retry-After 30s)")
    assert clock.slept == [] and len(loopback.requests) == 1


def test_429_every_time_stops_after_max_retries(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=10, max_retries=1)))
    loopback.script(rate_limited(0.2), rate_limited(0.2), rate_limited(0.2))
    review, fake_seconds = run(change)
    assert_skipped(review, "rate limited (429")
    assert len(loopback.requests) == 2  # one try + max_retries=1
    assert fake_seconds == pytest.approx(0.2)


def test_500_then_success_is_retried(fast: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(error(502, "bad gateway", "server_error"), answer({"findings": []}))
    review, _ = run(fast)
    assert review.warnings == [] and len(loopback.requests) == 2


def test_malformed_tool_call_arguments(fast: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.reject_formats = {"json_schema", "json_mode"}
    loopback.script(tool_call('{"findings": [{"rule": '))
    review, _ = run(fast)
    assert_skipped(review, "malformed tool-call arguments")


def test_failed_answers_are_not_cached(fast: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.script(empty())
    review, _ = run(fast)
    assert_skipped(review, "empty answer")
    loopback.script(answer({"findings": []}))
    review, _ = run(fast)
    assert review.warnings == [] and review.llm.cached is False
    assert len(loopback.requests) == 2


def test_unwritable_cache_dir_does_not_fail_the_review(
    fast: PipelineChange, loopback: LoopbackServer
) -> None:
    fast.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    fast.cache_dir.write_text("a file where the cache directory should be")
    loopback.script(answer({"findings": []}))
    review, _ = run(fast)
    assert review.warnings == []
    assert "unavailable" in review.llm.note
