"""The loopback server itself speaks the Chat Completions API the way the real client expects."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.llm.loopback import LoopbackServer, answer, content, tool_call


def chat(server: LoopbackServer, **kwargs):
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model="m",
        base_url=server.base_url,
        api_key="k",
        timeout=5,
        max_retries=0,
        use_responses_api=False,
        **kwargs,
    )


def test_streaming_content_arrives_as_sse_chunks(loopback: LoopbackServer) -> None:
    loopback.script(content("a streamed answer that spans several chunks"))
    message = chat(loopback, streaming=True, stream_usage=True).invoke("hi")
    assert message.content == "a streamed answer that spans several chunks"
    assert loopback.requests[0].body["stream"] is True
    assert message.usage_metadata["input_tokens"] == 321


def test_streaming_tool_call(loopback: LoopbackServer) -> None:
    loopback.script(tool_call({"findings": []}))
    llm = chat(loopback, streaming=True).bind_tools(
        [
            {
                "type": "function",
                "function": {"name": "pipeline_review", "parameters": {"type": "object", "properties": {}}},
            }
        ]
    )
    message = llm.invoke("hi")
    assert message.tool_calls[0]["name"] == "pipeline_review"
    assert message.tool_calls[0]["args"] == {"findings": []}


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
