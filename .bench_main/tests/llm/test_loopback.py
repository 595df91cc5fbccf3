"""The loopback server itself speaks the Chat Completions API the way the real client expects."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.llm.loopback import LoopbackServer, answer, content, tool_call


def client(server: LoopbackServer):
    import openai

    return openai.OpenAI(base_url=server.base_url, api_key="k", timeout=5, max_retries=0)


def test_streaming_content_arrives_as_sse_chunks(loopback: LoopbackServer) -> None:
    loopback.script(content("a streamed answer that spans several chunks"))
    stream = client(loopback).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "a streamed answer that spans several chunks"
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1
    assert loopback.requests[0].body["stream"] is True
    assert chunks[-1].usage.prompt_tokens == 321


def test_streaming_tool_call(loopback: LoopbackServer) -> None:
    loopback.script(tool_call({"findings": []}))
    tools = [{"type": "function", "function": {"name": "pipeline_review", "parameters": {"type": "object"}}}]
    stream = client(loopback).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True, tools=tools
    )
    calls = [tc for c in stream if c.choices for tc in (c.choices[0].delta.tool_calls or [])]
    assert calls[0].function.name == "pipeline_review"
    assert json.loads("".join(tc.function.arguments or "" for tc in calls)) == {"findings": []}


def test_a_rejected_format_and_the_reported_window(loopback: LoopbackServer) -> None:
    loopback.reject_formats = {"json_schema"}
    loopback.context_window = 8192
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": "x"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
    }
    status, out = fetch(loopback.base_url + "/chat/completions", body)
    assert status == 500 and "not supported" in out["error"]["message"]
    assert fetch(loopback.base_url + "/models")[1]["data"][0]["meta"]["n_ctx_train"] == 8192


def fetch(url: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Authorization": "Bearer t", "Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_plain_path_without_v1_and_recording(loopback: LoopbackServer) -> None:
    loopback.script(answer({"findings": []}))
    url = loopback.base_url.removesuffix("/v1") + "/chat/completions"
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}]}
    status, out = fetch(url, body)
    assert status == 200
    assert json.loads(out["choices"][0]["message"]["content"]) == {"findings": []}
    assert loopback.requests[0].path == "/chat/completions"
    assert loopback.requests[0].headers["authorization"] == "Bearer t"
    status, out = fetch(url, body)  # nothing scripted: a loud 500
    assert status == 500 and "no scripted answer" in out["error"]["message"]
    assert fetch(loopback.base_url + "/models")[1]["data"][0]["id"] == "loopback-model"
