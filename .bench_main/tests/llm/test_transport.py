"""The transport: langchain-openai's ChatOpenAI carries every request, and is loaded only when a
model is actually called.  Import checks look at `sys.modules` in a fresh interpreter, never at
time; the requests are real HTTP to the loopback server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from copilot.review.llm import review_with_llm
from copilot.review.llm_call import Budget, Endpoint, call_model
from copilot.review.llm_transport import Request, Stream
from tests.conftest import commit, git
from tests.llm.conftest import FakeClock, PipelineChange
from tests.llm.loopback import LoopbackServer, answer, error, runaway, tool_call

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL_LIBRARIES = ("langchain_openai", "langchain_core", "langchain", "langsmith", "openai", "httpx2")


def python(code: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,  # no controlling terminal: the hook cannot ask on /dev/tty
        timeout=90,
    )


LOADED = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({MODEL_LIBRARIES!r}))"


def test_langchain_openai_loads_when_a_model_is_called_and_not_before() -> None:
    """Everything up to the call (the reviewer, the endpoint, the transport module) leaves the
    model libraries unloaded; the call loads langchain-openai and goes through ChatOpenAI.  The
    server refuses json_schema, which makes langchain-openai warn: nothing reaches stderr."""
    proc = python(
        f"""
        import json, sys
        from tests.llm.loopback import LoopbackServer, answer
        import copilot.review.llm, copilot.review.llm_transport
        from copilot.config import LLMSettings
        from copilot.review.llm_call import call_model, resolve_endpoint

        server = LoopbackServer().start()
        server.reject_formats = {{"json_schema"}}
        server.script(answer({{"findings": []}}))
        endpoint = resolve_endpoint(LLMSettings(base_url=server.base_url), {{}})
        before = {LOADED}
        result = call_model(endpoint, lambda plain: [("system", "s"), ("human", "review {{this}}")])
        after = {LOADED}
        from langchain_openai import ChatOpenAI
        from copilot.review.llm_transport import _chat_class
        print(json.dumps({{
            "before": before, "after": after, "method": result.method, "data": result.data,
            "chat_openai": issubclass(_chat_class(), ChatOpenAI),
            "sent": [r.body["messages"] for r in server.requests],
        }}))
        server.stop()
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    assert out["before"] == []
    assert {"langchain_openai", "langchain_core", "openai"} <= set(out["after"])
    assert out["chat_openai"] is True
    assert (out["method"], out["data"]) == ("json_mode", {"findings": []})
    assert out["sent"][0] == [{"role": "system", "content": "s"}, {"role": "user", "content": "review {this}"}]


def test_help_review_llm_off_and_the_offline_hook_load_no_model_library(make_repo) -> None:
    repo = make_repo(
        {
            "checkout/pyproject.toml": '[project]\nname = "checkout"\n',
            "checkout/app.py": 'from confluent_kafka import Producer\np = Producer({"acks": "all"})\np.produce("orders", b"x")\n',
        }
    )
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(
        repo,
        {"checkout/app.py": 'from confluent_kafka import Producer\np = Producer({"acks": "0"})\np.produce("orders", b"x")\n'},
    )
    configured = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "k"}  # an endpoint is set
    runs = {
        "help": ("main(['--help'])", None),
        "review --llm off": (
            f"main(['review', '--repo', {str(repo)!r}, '--base', {base!r}, '--head', {head!r}, '--llm', 'off'])",
            None,
        ),
        "hook": (
            f"main(['hook', 'run', 'pre-push', 'origin', '--repo', {str(repo)!r}])",
            f"refs/heads/main {head} refs/heads/main {base}\n",
        ),
    }
    for name, (statement, stdin) in runs.items():
        proc = python(
            f"""
            import contextlib, io, sys
            from copilot.cli import main
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                code = {statement}
            print({LOADED}, file=sys.stdout)
            """,
            env=configured,
            stdin=stdin,
        )
        assert proc.returncode == 0, (name, proc.stderr)
        assert proc.stdout.strip().splitlines()[-1] == "[]", (name, proc.stdout, proc.stderr)


def test_max_tokens_is_sent_as_max_tokens_then_as_the_server_asks(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    """ChatOpenAI would call it max_completion_tokens, which local servers ignore; newer OpenAI
    models refuse max_tokens and say so, and then the same limit goes out under the new name."""
    loopback.script(
        error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
        answer({"findings": []}),
    )
    review = pipeline.review()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir)
    assert review.warnings == []
    first, second = (r.body for r in loopback.requests)
    assert first["max_tokens"] == 1024 and "max_completion_tokens" not in first
    assert second["max_completion_tokens"] == 1024 and "max_tokens" not in second
    assert loopback.requests[0].mode == loopback.requests[1].mode == "json_schema"


def test_each_method_goes_out_as_the_server_expects(loopback: LoopbackServer) -> None:
    """The structured-output request is bound to the chat model: the wire shape per method, with
    streaming, usage, temperature 0, and no Responses-API fields."""
    for method in ("json_schema", "json_mode", "tools", "plain"):
        loopback.script(answer({"findings": []}))
        endpoint = Endpoint("m", loopback.base_url, "k", 10, 0, 77, method)
        result = call_model(endpoint, lambda plain: [("human", "x")], budget=Budget(10, FakeClock()))
        assert result.data == {"findings": []} and result.method == method
        assert (result.prompt_tokens, result.completion_tokens) == (321, 54)
    modes = [r.mode for r in loopback.requests]
    assert modes == ["json_schema", "json_mode", "tools", "plain"]
    for r in loopback.requests:
        assert r.path == "/v1/chat/completions"
        assert r.body["stream"] is True and r.body["stream_options"] == {"include_usage": True}
        assert r.body["max_tokens"] == 77 and r.body["temperature"] == 0
        assert "input" not in r.body and "max_completion_tokens" not in r.body
    tools = loopback.requests[2].body
    assert tools["tool_choice"] == {"type": "function", "function": {"name": tools["tools"][0]["function"]["name"]}}


def test_tool_call_pieces_and_finish_reason_come_through_the_stream(loopback: LoopbackServer) -> None:
    loopback.script(tool_call({"findings": [{"rule": "x"}]}))
    formats = {"tools": [{"type": "function", "function": {"name": "pipeline_review", "parameters": {"type": "object"}}}]}
    stream = Stream(Request("m", loopback.base_url, "k", 10, 50, [("human", "x")], formats))
    try:
        deltas = list(stream)
    finally:
        stream.close()
    assert all(d.tool_called for d in deltas if d.tool_args)
    assert json.loads("".join(d.tool_args for d in deltas)) == {"findings": [{"rule": "x"}]}
    assert [d.finish_reason for d in deltas if d.finish_reason] == ["tool_calls"]
    assert [(d.prompt_tokens, d.completion_tokens) for d in deltas if d.prompt_tokens is not None] == [(321, 54)]


def test_closing_a_stream_hangs_up_on_the_server(loopback: LoopbackServer) -> None:
    """A model that never stops (no max_tokens reaches it here): closing the stream after a few
    tokens drops the connection, which is what stops a real server generating."""
    loopback.script(runaway())
    stream = Stream(Request("m", loopback.base_url, "k", 30, 10**9, [("human", "x")]))
    try:
        for n, delta in enumerate(stream):
            if n >= 5:
                break
            assert delta.text in ("", "la ")
    finally:
        stream.close()
    assert loopback.hung_up.wait(10)


@pytest.mark.parametrize("param", ["max_tokens", "max_completion_tokens"])
def test_the_token_limit_name_is_checked(param: str) -> None:
    Request("m", None, "k", 1, 1, [], token_param=param)  # a valid name builds
    with pytest.raises(ValueError):
        Stream(Request("m", "http://127.0.0.1:9/v1", "k", 1, 1, [("human", "x")], token_param="max_new_tokens"))


def test_langsmith_tracing_in_the_environment_sends_nothing_there() -> None:
    """A developer's LANGSMITH_TRACING (set for other work) must not ship the redacted code to a
    tracing service: the prompt goes to the configured endpoint only.  A recording server plays
    LangSmith; a tracing client, had the call made one, is flushed before the requests are counted."""
    proc = python(
        """
        import json, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from tests.llm.loopback import LoopbackServer, answer
        from copilot.review.llm_call import Endpoint, call_model

        seen = []

        class Recorder(BaseHTTPRequestHandler):
            def _any(self):
                seen.append(self.command + " " + self.path)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")
            do_GET = do_POST = do_PATCH = _any
            def log_message(self, *args):
                pass

        tracing = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=tracing.serve_forever, daemon=True).start()
        import os
        os.environ["LANGSMITH_ENDPOINT"] = f"http://127.0.0.1:{tracing.server_address[1]}"
        server = LoopbackServer().start()
        server.script(answer({"findings": []}))
        result = call_model(Endpoint("m", server.base_url, "k", 20, 0), lambda plain: [("human", "secret diff")])
        from langchain_core.tracers.langchain import wait_for_all_tracers
        wait_for_all_tracers()  # flushes the tracing client, if a trace made one
        print(json.dumps({"data": result.data, "tracing_requests": seen}))
        server.stop()
        tracing.shutdown()
        """,
        env={"LANGSMITH_TRACING": "true", "LANGCHAIN_TRACING_V2": "true", "LANGSMITH_API_KEY": "lsv2-test"},
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"data": {"findings": []}, "tracing_requests": []}


def test_a_context_overflow_keeps_its_status_through_langchain(
    pipeline: PipelineChange, loopback: LoopbackServer
) -> None:
    """langchain-openai re-raises "exceeds the context window" as its own error without the HTTP
    response; the status still decides: not retried, not another method, said in one line."""
    loopback.script(error(500, "The input (9000 tokens) exceeds the context window of this model", "server_error"))
    review = pipeline.review()
    clock = FakeClock()
    review_with_llm(review, pipeline.inputs, "auto", pipeline.cache_dir, clock=clock, sleep=clock.sleep)
    assert len(loopback.requests) == 1 and clock.slept == []
    (warning,) = review.warnings
    assert "failed (500)" in warning and "exceeds the context window" in warning and "\n" not in warning


def test_openai_proxy_in_the_environment_does_not_break_the_call(
    loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ChatOpenAI reads OPENAI_PROXY and refuses it next to an HTTP client of the caller's own (each
    attempt has one, to hang up with); the call goes out as before, through the standard proxy
    variables only (none here)."""
    monkeypatch.setenv("OPENAI_PROXY", "http://127.0.0.1:9")
    loopback.script(answer({"findings": []}))
    result = call_model(Endpoint("m", loopback.base_url, "k", 10, 0), lambda plain: [("human", "x")])
    assert result.data == {"findings": []} and len(loopback.requests) == 1


def test_no_base_url_means_the_sdk_default_not_langchains_own_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The endpoint is what `resolve_endpoint` decided (and what the log and cache name): with no
    base URL that is the SDK's default, never ChatOpenAI's OPENAI_API_BASE.  Nothing is sent."""
    from copilot.review.llm_transport import DEFAULT_BASE_URL

    monkeypatch.setenv("OPENAI_API_BASE", "http://127.0.0.1:9/v1")
    stream = Stream(Request("m", None, "k", 1, 1, [("human", "x")]))
    try:
        assert stream.model.openai_api_base == DEFAULT_BASE_URL
    finally:
        stream.close()
