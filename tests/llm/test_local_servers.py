"""The AI reviewer against servers that behave like the local ones (llama-cpp-python, llama.cpp,
vLLM): a 500 to an unsupported `response_format`, streaming, a model that never stops by itself,
a context window reported by the server.  Time is a fake clock unless a real hang is the point;
nothing asserts wall-clock time."""

from __future__ import annotations

import _thread
import threading
from pathlib import Path

import pytest

from copilot.config import Config, LLMSettings
from copilot.errors import CopilotError
from copilot.review.llm import configured_context_tokens, review_with_llm
from copilot.review.llm_call import MAX_ANSWER_BYTES, MIN_ATTEMPT_SECONDS, resolve_endpoint
from copilot.review.llm_context import estimate_tokens
from copilot.review.llm_schema import MAX_FINDINGS
from copilot.review.llm_window import prompt_budget
from tests.llm.conftest import FakeClock, PipelineChange, llm_finding, make_change
from tests.llm.loopback import LoopbackServer, answer, error, rate_limited, runaway


def review(change: PipelineChange, clock: FakeClock | None = None, **kwargs):
    r = change.review()
    before = [f.to_json() for f in r.findings if f.source == "rule"]
    if clock is not None:
        kwargs.update(clock=clock, sleep=clock.sleep)
    review_with_llm(r, change.inputs, "auto", change.cache_dir, **kwargs)
    assert [f.to_json() for f in r.findings if f.source == "rule"] == before
    return r


def grounded(change: PipelineChange) -> dict:
    return {
        "findings": [
            llm_finding(
                "other",
                "low",
                "publish() no longer flushes",
                "orders may sit in the client buffer when checkout exits",
                [change.cite("head", "checkout/app.py", "producer.produce(ORDERS_TOPIC")],
            )
        ]
    }


# -- structured output negotiation ----------------------------------------------------------


def test_a_500_to_json_schema_moves_on_to_json_mode_and_is_remembered(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    """llama-cpp-python answers `response_format: json_schema` with HTTP 500: the review must still
    reach the model, with no hand edits, and the next review starts with what worked."""
    loopback.reject_formats = {"json_schema"}
    loopback.script(answer(grounded(pipeline)))
    r = review(pipeline)
    assert r.warnings == []
    assert [q.mode for q in loopback.requests] == ["json_schema", "json_mode"]
    body = loopback.requests[1].body
    assert body["response_format"]["type"] == "json_object"
    assert body["response_format"]["schema"]["required"] == ["findings"]  # llama.cpp turns it into a grammar
    assert "Answer with exactly one JSON object" in loopback.requests[1].messages[-1]["content"]
    assert "AI review (json_mode)" in r.llm.note
    assert any(f.source == "llm" and f.verified for f in r.findings)

    loopback.script(answer({"findings": []}))
    other = pipeline.review()
    other.findings = other.findings[:1]  # another prompt: no cache hit
    review_with_llm(other, pipeline.inputs, "auto", pipeline.cache_dir)
    assert loopback.requests[2].mode == "json_mode"


def test_every_method_rejected_with_500_says_so(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    loopback.reject_formats = {"json_schema", "json_mode", "tools"}
    loopback.script(error(500, "Unsupported: this server has no chat template", "server_error"))
    r = review(pipeline, FakeClock())
    assert [q.mode for q in loopback.requests] == ["json_schema", "json_mode", "tools", "plain"]
    assert len(r.warnings) == 1 and "no chat template" in r.warnings[0]


def test_a_500_that_is_not_about_the_format_is_retried_not_negotiated(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    loopback.script(error(500, "CUDA out of memory", "server_error"), answer({"findings": []}))
    r = review(pipeline, FakeClock())
    assert r.warnings == [] and [q.mode for q in loopback.requests] == ["json_schema", "json_schema"]


@pytest.mark.parametrize("status", [401, 429])
def test_auth_and_rate_limit_do_not_move_on(pipeline: PipelineChange, loopback: LoopbackServer, status: int) -> None:
    reply = rate_limited(60) if status == 429 else error(401, "bad key")
    loopback.script(reply)
    r = review(pipeline, FakeClock())
    assert len(loopback.requests) == 1 and len(r.warnings) == 1


@pytest.mark.parametrize(
    ("pin", "mode"), [("tools", "tools"), ("plain", "plain"), ("json_mode", "json_mode"), ("json-object", "json_mode")]
)
def test_the_method_can_be_pinned_by_env(
    pipeline: PipelineChange, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch, pin: str, mode: str
) -> None:
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT", pin)
    loopback.script(answer({"findings": []}))
    r = review(pipeline)
    assert r.warnings == [] and [q.mode for q in loopback.requests] == [mode]


def test_a_pinned_method_is_the_only_one_tried(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(structured_output="tools")))
    loopback.reject_formats = {"tools"}
    r = review(change, FakeClock())
    assert [q.mode for q in loopback.requests] == ["tools"] and len(r.warnings) == 1


def test_bad_settings_are_one_line_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1")
    for name, value, words in (
        ("PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT", "xml", "unknown structured output method"),
        ("PIPELINE_COPILOT_LLM_TIMEOUT", "soon", "not a number"),
        ("PIPELINE_COPILOT_LLM_MAX_TOKENS", "-5", "greater than 0"),
    ):
        with pytest.raises(CopilotError) as info:
            resolve_endpoint(settings, {name: value})
        assert name in str(info.value) and words in str(info.value) and "\n" not in str(info.value)


# -- max_tokens, runaway generation, streaming ---------------------------------------------


def test_max_tokens_is_always_sent_and_stops_a_runaway_model(
    make_repo, tmp_path: Path, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A base model that never stops: `max_tokens` ends it at the server, and the answer is
    reported as truncated instead of generating until the context is full."""
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(max_tokens=300)))
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_MAX_TOKENS", "64")  # env beats the file
    loopback.script(runaway())
    r = review(change, FakeClock())
    (req,) = loopback.requests
    assert req.body["max_tokens"] == 64 and req.body["stream"] is True
    assert loopback.runaway_tokens == 64
    assert len(r.warnings) == 1 and "truncated" in r.warnings[0] and "64 tokens" in r.warnings[0]
    assert r.llm.completion_tokens == 64


def test_streaming_reports_progress(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    seen: list[tuple[int, float]] = []
    loopback.script(answer(grounded(pipeline), usage=(700, 88)))
    r = review(pipeline, progress=lambda tokens, seconds: seen.append((tokens, seconds)))
    assert r.warnings == []
    counts = [t for t, _ in seen]
    assert len(counts) > 3 and counts == sorted(counts) and counts[0] == 1
    assert (r.llm.prompt_tokens, r.llm.completion_tokens) == (700, 88)  # exact usage from the stream


def test_a_stream_past_the_budget_is_closed(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    """The real clock here: a model streaming forever is stopped at the time budget, and the
    connection is closed so the server stops generating."""
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=1.0, max_tokens=10**9, max_context_tokens=8000)))
    loopback.script(runaway())
    r = review(change)
    assert len(r.warnings) == 1 and "did not answer within 1s" in r.warnings[0]
    assert loopback.hung_up.wait(10), "the client must hang up on the runaway stream"


def test_ctrl_c_stops_the_stream_cleanly(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=30, max_tokens=10**9, max_context_tokens=8000)))
    loopback.script(runaway())
    pressed = threading.Event()

    def ctrl_c_after_some_tokens(tokens: int, _seconds: float) -> None:
        if tokens >= 20 and not pressed.is_set():
            pressed.set()
            _thread.interrupt_main()  # what Ctrl-C does to the main thread

    r = review(change, progress=ctrl_c_after_some_tokens)
    assert pressed.is_set()
    assert len(r.warnings) == 1 and "interrupted (Ctrl-C)" in r.warnings[0]
    assert loopback.hung_up.wait(10)


def test_an_oversized_answer_is_cut_off(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(max_tokens=10**9, max_context_tokens=8000)))
    loopback.script(runaway("x" * 4096))
    r = review(change, FakeClock())
    assert len(r.warnings) == 1 and f"{MAX_ANSWER_BYTES // 1024} KiB" in r.warnings[0]
    assert loopback.hung_up.wait(10)


def test_ten_thousand_findings_are_cut_off_by_size(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    cite = pipeline.cite("head", "checkout/app.py", "producer.produce(ORDERS_TOPIC")
    many = [llm_finding("other", "low", f"claim {i}", "r", [cite]) for i in range(10_000)]
    loopback.script(answer({"findings": many}))
    r = review(pipeline, FakeClock())
    assert len(r.warnings) == 1 and "KiB and was cut off" in r.warnings[0]
    assert not any(f.source == "llm" for f in r.findings)


def test_findings_past_the_cap_are_not_read(pipeline: PipelineChange, loopback: LoopbackServer) -> None:
    cite = pipeline.cite("head", "checkout/app.py", "producer.produce(ORDERS_TOPIC")
    many = [llm_finding("other", "low", f"claim {i}", "r", [cite]) for i in range(300)]
    loopback.script(answer({"findings": many}))
    r = review(pipeline, FakeClock())
    assert r.warnings == []
    assert len([f for f in r.findings if f.source == "llm"]) == MAX_FINDINGS
    assert f"{300 - MAX_FINDINGS} findings past the cap of {MAX_FINDINGS} ignored" in r.llm.note


# -- one time budget for the whole step ---------------------------------------------------------


def test_the_whole_step_shares_one_budget(make_repo, tmp_path: Path, loopback: LoopbackServer) -> None:
    """Retries, waits and negotiation all come out of `timeout`: with Retry-After 3 s and a 10 s
    budget, the fourth attempt is the last one that can start (fake time)."""
    clock = FakeClock()
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=10, max_retries=50)))
    loopback.script(*[rate_limited(3)] * 10)
    r = review(change, clock)
    assert len(loopback.requests) == 4 and clock.slept == [3.0, 3.0, 3.0]
    assert clock.now - 1000.0 <= 10
    assert len(r.warnings) == 1 and "rate limited" in r.warnings[0]


def test_slow_requests_use_up_the_budget_across_methods(
    make_repo, tmp_path: Path, loopback: LoopbackServer
) -> None:
    """Three rejections that each take the server a third of the budget leave too little for a
    fourth method.  The clock stays short of the deadline while a request is in flight: past it,
    the client's watchdog and the server's answer would race (a timeout or a rejection, by luck);
    here the budget runs out between attempts, whatever the machine's load."""
    clock = FakeClock()
    change = make_change(make_repo, tmp_path, config=Config(llm=LLMSettings(timeout=25)))
    loopback.reject_formats = {"json_schema", "json_mode", "tools"}
    cost = (25 - MIN_ATTEMPT_SECONDS / 2) / 3  # three leave less than an attempt's minimum
    loopback.on_request = lambda _req: clock.advance(cost)
    r = review(change, clock)
    assert [q.mode for q in loopback.requests] == ["json_schema", "json_mode", "tools"]
    assert len(r.warnings) == 1 and "time budget spent" in r.warnings[0]


# -- the context budget -------------------------------------------------------------------------


def test_the_context_budget_follows_the_servers_window(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    loopback.context_window = 6000
    loopback.script(answer({"findings": []}))
    r = review(pipeline)
    (req,) = loopback.requests
    sent = sum(estimate_tokens(m["content"]) for m in req.messages)
    assert r.warnings == [] and sent <= prompt_budget(6000, 1024)
    assert f"/{prompt_budget(6000, 1024)} tokens" in r.llm.note


def test_llama_cpp_props_and_a_small_window_that_does_not_fit(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    loopback.props_window = 1024  # llama.cpp's /props; /v1/models says nothing
    r = review(pipeline)
    assert loopback.requests == []  # nothing sent that would not fit
    assert len(r.warnings) == 1 and "budget" in r.warnings[0]


def test_the_context_budget_from_env_beats_the_server(
    pipeline: PipelineChange, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    loopback.context_window = 2048
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_CONTEXT_TOKENS", "9000")
    loopback.script(answer({"findings": []}))
    r = review(pipeline)
    assert r.warnings == [] and "/9000 tokens" in r.llm.note


# -- the cache ------------------------------------------------------------------------------------


def test_the_cache_key_includes_the_endpoint(
    pipeline: PipelineChange, loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    loopback.script(answer(grounded(pipeline)))
    first = review(pipeline)
    assert first.llm.cached is False
    other = LoopbackServer().start()
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", other.base_url)
        other.script(answer({"findings": []}))
        second = review(pipeline)
        assert len(other.requests) == 1 and second.llm.cached is False  # another server is asked
        assert not any(f.source == "llm" for f in second.findings)
        monkeypatch.setenv("OPENAI_BASE_URL", loopback.base_url)
        third = review(pipeline)
        assert third.llm.cached is True and len(loopback.requests) == 1
    finally:
        other.stop()


def test_the_new_llm_keys_are_read_from_the_file() -> None:
    from copilot.config import parse_config

    cfg = parse_config(
        {"llm": {"max_tokens": 300, "structured_output": "tools", "timeout": 240, "max_context_tokens": 6000}},
        ".pipeline-copilot.toml",
    )
    assert (cfg.llm.max_tokens, cfg.llm.structured_output, cfg.llm.timeout, cfg.llm.max_context_tokens) == (
        300,
        "tools",
        240.0,
        6000,
    )
    endpoint = resolve_endpoint(cfg.llm, {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert endpoint is not None and (endpoint.max_tokens, endpoint.structured_output, endpoint.timeout) == (
        300,
        "tools",
        240.0,
    )
    with pytest.raises(CopilotError):
        resolve_endpoint(LLMSettings(base_url="http://x/v1", structured_output="yaml"), {})


def test_cli_flags_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import os

    from copilot.config import build
    from copilot.config_sources import Layer
    from copilot.review.llm_flags import add_llm_arguments, llm_flag_settings

    for name, value in (("TIMEOUT", "30"), ("MAX_TOKENS", "64"), ("STRUCTURED_OUTPUT", "tools"), ("CONTEXT_TOKENS", "5000")):
        monkeypatch.setenv(f"PIPELINE_COPILOT_LLM_{name}", value)
    before = dict(os.environ)
    parser = argparse.ArgumentParser()
    add_llm_arguments(parser)
    args = parser.parse_args(
        ["--llm-timeout", "420", "--llm-max-tokens", "200", "--llm-structured-output", "plain", "--llm-context-tokens", "7000"]
    )
    file = Layer({"llm": {"base_url": "http://x/v1", "timeout": 10}}, "config.toml")
    config = build([file], {"llm": llm_flag_settings(args)})
    endpoint = resolve_endpoint(config.llm)
    assert endpoint is not None
    assert (endpoint.timeout, endpoint.max_tokens, endpoint.structured_output) == (420.0, 200, "plain")
    assert configured_context_tokens(config.llm) == 7000
    assert dict(os.environ) == before  # the flags reach the reviewer through its settings, not the environment
    with pytest.raises(SystemExit):
        parser.parse_args(["--llm-max-tokens", "0"])
