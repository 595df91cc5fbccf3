"""A real OpenAI-compatible Chat Completions server on 127.0.0.1, for tests.

The `openai` SDK (3.x, over `httpx2`) talks to it over a real socket, so the whole
client code path runs.  Each test scripts the answers it wants, in order::

    server.script(answer({"findings": []}), rate_limited(retry_after=1), ...)

and asserts on ``server.requests`` (path, headers, JSON body of every request received).

Replies:
  - ``answer(obj)``      the model's structured answer, shaped like the request asks for it:
                         a tool call when the request offers tools, else JSON text content
  - ``content(text)``    plain assistant text (``finish_reason`` selectable, e.g. "length")
  - ``tool_call(obj)``   a tool call whose ``function.arguments`` is ``obj`` (a str is sent as is)
  - ``error(status, message)``  an OpenAI-style error body (401, 400, 500, ...)
  - ``rate_limited(retry_after)``  429 with a ``Retry-After`` header
  - ``hang(seconds)``    answer only after `seconds` (past the client's timeout)
  - ``truncated_body()`` a 200 whose JSON body is cut in the middle
  - ``empty()``          a 200 with empty assistant content
  - ``runaway(token)``   a model that never stops: streams `token` until ``max_tokens`` (then
                         ``finish_reason: length``), or — when the request has no ``max_tokens`` —
                         until the client hangs up (``server.runaway_tokens`` counts what it sent)
  - ``slow_stream(obj, per_chunk)``  a streamed answer with a pause before every chunk
  - ``cut_stream()``     a stream that stops mid-answer without [DONE]
A request with ``"stream": true`` gets Server-Sent Events (``data: {...}`` chunks, then
``data: [DONE]``).  When the script is empty the server answers 500 "no scripted answer", so a
test that sends more requests than it expected fails loudly.

Server behaviours seen in real local servers, switched on per test:
  - ``server.reject_formats = {"json_schema"}``: a request asking for that structured-output
    method (json_schema, json_mode, tools) gets ``server.reject_status`` (500 by default, as
    llama-cpp-python answers) with a body saying the format is unsupported, and consumes no
    scripted reply;
  - ``server.context_window = 2048``: ``GET /v1/models`` reports it as ``meta.n_ctx_train``
    (llama-cpp-python / llama.cpp style); ``server.props_window`` answers llama.cpp's ``/props``;
  - ``server.on_request``: called with each chat request as it arrives (tests advance a fake clock).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])

    def text(self) -> str:
        """Everything the messages carry, as one string."""
        parts = []
        for m in self.messages:
            content = m.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(c.get("text", "")) for c in content if isinstance(c, dict))
        return "\n".join(parts)

    @property
    def mode(self) -> str:
        """How the request asks for structured output: json_schema, tools or plain."""
        fmt = self.body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            return "json_schema"
        if fmt.get("type") == "json_object":
            return "json_mode"
        if self.body.get("tools"):
            return "tools"
        return "plain"


@dataclass
class Reply:
    kind: str  # answer | content | tool_call | error | truncated | raw
    payload: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    finish_reason: str = "stop"
    usage: tuple[int, int] = (321, 54)
    chunk_delay: float = 0.0


def answer(obj: Any, usage: tuple[int, int] = (321, 54)) -> Reply:
    return Reply("answer", obj, usage=usage)


def content(text: str, finish_reason: str = "stop", usage: tuple[int, int] = (321, 54)) -> Reply:
    return Reply("content", text, finish_reason=finish_reason, usage=usage)


def tool_call(obj: Any, usage: tuple[int, int] = (321, 54)) -> Reply:
    return Reply("tool_call", obj, usage=usage)


def error(
    status: int, message: str, type_: str = "invalid_request_error", headers: dict | None = None
) -> Reply:
    body = {"error": {"message": message, "type": type_, "param": None, "code": None}}
    return Reply("error", body, status=status, headers=dict(headers or {}))


def rate_limited(retry_after: float = 1) -> Reply:
    return error(
        429, "Rate limit reached, retry later", "rate_limit_error", {"Retry-After": f"{retry_after:g}"}
    )


def hang(seconds: float, then: Reply | None = None) -> Reply:
    reply = then or answer({"findings": []})
    reply.delay = seconds
    return reply


def truncated_body() -> Reply:
    return Reply("truncated")


def runaway(token: str = "la ") -> Reply:
    return Reply("runaway", token)


def slow_stream(obj: Any, per_chunk: float) -> Reply:
    reply = answer(obj)
    reply.chunk_delay = per_chunk
    return reply


def cut_stream() -> Reply:
    return Reply("cut")


def empty() -> Reply:
    return content("")


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.reject_formats: set[str] = set()
        self.reject_status = 500
        self.context_window: int | None = None
        self.props_window: int | None = None
        self.on_request: Callable[[Recorded], None] | None = None
        self.runaway_tokens = 0
        self.hung_up = threading.Event()  # a client closed a stream before its end

    # -- test API --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def script(self, *replies: Reply) -> None:
        with self.lock:
            self.replies.extend(replies)

    @property
    def pending(self) -> int:
        return len(self.replies)

    def start(self) -> LoopbackServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers that are "hanging"
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def next_reply(self) -> Reply | None:
        with self.lock:
            return self.replies.popleft() if self.replies else None


def _completion(body: dict[str, Any], reply: Reply) -> tuple[dict[str, Any], dict[str, Any]]:
    """The assistant message for `reply`, and the finish reason: (message, extra)."""
    kind, payload = reply.kind, reply.payload
    if kind == "answer":
        kind = "tool_call" if body.get("tools") else "content"
        if kind == "content":
            payload = json.dumps(payload)
    if kind == "tool_call":
        tools = body.get("tools") or [{"function": {"name": "answer"}}]
        name = tools[0]["function"]["name"]
        args = payload if isinstance(payload, str) else json.dumps(payload)
        call = {"id": "call_loopback_1", "type": "function", "function": {"name": name, "arguments": args}}
        return {"role": "assistant", "content": None, "tool_calls": [call]}, {"finish_reason": "tool_calls"}
    return {"role": "assistant", "content": payload}, {"finish_reason": reply.finish_reason}


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            entry: dict[str, Any] = {"id": "loopback-model", "object": "model"}
            if self.server.context_window:
                entry["meta"] = {"n_ctx_train": self.server.context_window, "n_vocab": 49152}
            self._json(200, {"object": "list", "data": [entry]})
        elif self.path.rstrip("/") == "/props" and self.server.props_window:
            self._json(200, {"default_generation_settings": {"n_ctx": self.server.props_window}})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        path = self.path.split("?", 1)[0]
        if path not in CHAT_PATHS:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        recorded = Recorded(path, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.lock:
            self.server.requests.append(recorded)
        if self.server.on_request:
            self.server.on_request(recorded)
        if recorded.mode in self.server.reject_formats:
            self._json(
                self.server.reject_status,
                {
                    "error": {
                        "message": f"Unsupported response format: {recorded.mode} is not supported by this server",
                        "type": "server_error",
                    }
                },
            )
            return
        reply = self.server.next_reply()
        if reply is None:
            self._json(
                500, {"error": {"message": "loopback: no scripted answer left", "type": "server_error"}}
            )
            return
        if reply.delay and self.server.stopping.wait(reply.delay):
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self._send(body, reply)

    # -- responses -------------------------------------------------------------------------
    def _send(self, body: dict[str, Any], reply: Reply) -> None:
        if reply.kind == "error":
            self._json(reply.status, reply.payload, reply.headers)
            return
        if reply.kind == "truncated":
            full = json.dumps(self._envelope(body, answer({"findings": []}))).encode()
            cut = full[: len(full) // 2]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(cut)))
            self.end_headers()
            self.wfile.write(cut)
            return
        if reply.kind == "runaway":
            self._runaway(body, reply)
            return
        if body.get("stream"):
            self._stream(body, reply)
            return
        self._json(200, self._envelope(body, reply), reply.headers)

    def _envelope(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        message, extra = _completion(body, reply)
        prompt, completion = reply.usage
        return {
            "id": "chatcmpl-loopback",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "loopback-model"),
            "choices": [{"index": 0, "message": message, "logprobs": None, **extra}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }

    def _sse(self, chunk: dict[str, Any] | str) -> None:
        data = chunk if isinstance(chunk, str) else json.dumps(chunk)
        self.wfile.write(b"data: " + data.encode() + b"\n\n")
        self.wfile.flush()

    def _sse_headers(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

    def _runaway(self, body: dict[str, Any], reply: Reply) -> None:
        """A model that does not stop by itself: only `max_tokens` or a hang-up ends it."""
        limit = body.get("max_tokens") or body.get("max_completion_tokens")
        base = {"id": "chatcmpl-runaway", "object": "chat.completion.chunk", "created": 0, "model": body.get("model")}
        sent = 0
        self._sse_headers()
        try:
            while not self.server.stopping.is_set() and (limit is None or sent < limit):
                delta = {"content": reply.payload}
                self._sse({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                sent += 1
                with self.server.lock:
                    self.server.runaway_tokens += 1
                if limit is None:
                    time.sleep(0.002)
            if limit is not None:
                self._sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]})
                usage = {"prompt_tokens": 100, "completion_tokens": sent, "total_tokens": 100 + sent}
                self._sse({**base, "choices": [], "usage": usage})
                self._sse("[DONE]")
        except (BrokenPipeError, ConnectionResetError):
            self.server.hung_up.set()
        self.close_connection = True

    def _stream(self, body: dict[str, Any], reply: Reply) -> None:
        if reply.kind == "cut":
            self._sse_headers()
            base = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body.get("model")}
            self._sse({**base, "choices": [{"index": 0, "delta": {"content": '{"findings": [{"ru'}}]})
            self.close_connection = True
            return
        message, extra = _completion(body, reply)
        base = {
            "id": "chatcmpl-loopback",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "loopback-model"),
        }
        chunks: list[dict[str, Any]] = [
            {
                **base,
                "choices": [
                    {"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}
                ],
            }
        ]
        if message.get("tool_calls"):
            call = message["tool_calls"][0]
            args = call["function"]["arguments"]
            first = {
                "index": 0,
                "id": call["id"],
                "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""},
            }
            chunks.append(
                {**base, "choices": [{"index": 0, "delta": {"tool_calls": [first]}, "finish_reason": None}]}
            )
            for i in range(0, len(args), 16):
                delta = {"tool_calls": [{"index": 0, "function": {"arguments": args[i : i + 16]}}]}
                chunks.append({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        else:
            text = message.get("content") or ""
            for i in range(0, len(text), 16):
                chunks.append(
                    {
                        **base,
                        "choices": [
                            {"index": 0, "delta": {"content": text[i : i + 16]}, "finish_reason": None}
                        ],
                    }
                )
        chunks.append(
            {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": extra["finish_reason"]}]}
        )
        if (body.get("stream_options") or {}).get("include_usage"):
            prompt, completion = reply.usage
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
            chunks.append({**base, "choices": [], "usage": usage})
        self._sse_headers()
        try:
            for chunk in chunks:
                if reply.chunk_delay and self.server.stopping.wait(reply.chunk_delay):
                    return
                self._sse(chunk)
            self._sse("[DONE]")
        except (BrokenPipeError, ConnectionResetError):
            self.server.hung_up.set()
        self.close_connection = True

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def served_through_env(monkeypatch: Any) -> Iterator[LoopbackServer]:
    """A started server that the CLI reaches through the (trusted) environment, stopped afterwards:
    ``yield from`` it in a fixture."""
    server = LoopbackServer().start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "loopback-test-key")
    try:
        yield server
    finally:
        server.stop()
