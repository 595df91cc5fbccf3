"""One streamed attempt at an OpenAI-compatible endpoint, through langchain-openai's `ChatOpenAI`.

`llm_call` decides what to ask (the structured-output method, the token limit, the time left) and
owns retries, negotiation and the budget; this module only carries one request and turns what
streams back into plain `Delta`s, so nothing else in the reviewer knows langchain's types.

- One `ChatOpenAI` per attempt on the Chat Completions API (``use_responses_api=False``: local
  servers have no Responses API), with its own retries off (``max_retries=0``) and ``timeout`` set
  to what is left of the budget; ``stream_usage=True`` asks the server for token counts.
- The structured-output method is bound to the model: ``.bind(response_format=...)`` or
  ``.bind(tools=..., tool_choice=...)``.
- ``max_tokens`` goes out under the name `llm_call` chose.  `ChatOpenAI` always renames it to
  ``max_completion_tokens``, which llama-cpp-python, Ollama and older vLLM ignore (a model that
  never stops would then run until its context is full), so `_CompatChat` puts the name back.
- `Stream.close` closes the langchain generator (and so the response) and the attempt's own HTTP
  client: the connection drops and the server stops generating.
- The stream is read as the server sends it, whatever the method.  Given ``response_format``,
  langchain-openai reads the answer through openai's stream helper, which parses the final answer
  on the client and fails (an assertion, a validation error, `LengthFinishReasonError`) on exactly
  the answers `llm_call` must report in its own words: cut mid-answer, not a stream at all, stopped
  at the token limit.  So `_CompatChat` hands ``response_format`` to the request as ``extra_body``:
  the same JSON on the wire, the plain streaming path in langchain.
- langchain-openai raises subclasses of `openai`'s exceptions (status, headers and body kept), so
  `llm_call` classifies them as before.
- LangSmith tracing is off for these calls whatever ``LANGSMITH_TRACING`` says: the prompt goes to
  the configured endpoint and nowhere else.

``langchain_openai`` takes over a second to import, so it is imported only when a stream opens.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

TOKEN_PARAMS = ("max_tokens", "max_completion_tokens")
# Where the openai SDK sends a request that names no base URL.  Always passed, because ChatOpenAI
# would otherwise look for one of its own (OPENAI_API_BASE, a LangSmith gateway) and the request
# could leave for somewhere other than the endpoint the review logs and caches under.
DEFAULT_BASE_URL = "https://api.openai.com/v1"
_NO_CHUNKS = re.compile(r"no generation chunks", re.I)


@dataclass
class Delta:
    """What one streamed chunk added."""

    text: str = ""
    tool_args: str = ""
    tool_called: bool = False
    finish_reason: str | None = None
    prompt_tokens: int | None = None  # set by the chunk that carries the usage
    completion_tokens: int | None = None


@dataclass
class Request:
    model: str
    base_url: str | None
    api_key: str
    timeout: float
    max_tokens: int
    messages: list[tuple[str, str]]  # (role, text); roles as langchain names them: system, human
    formats: dict[str, Any] = field(default_factory=dict)  # response_format, or tools and tool_choice
    token_param: str = "max_tokens"  # or max_completion_tokens (newer OpenAI models insist on it)


@functools.cache
def _chat_class() -> type:
    """`ChatOpenAI` that sends the token limit under the name the request chose, and
    ``response_format`` past openai's stream helper (see the module's docstring)."""
    from langchain_openai import ChatOpenAI

    class _CompatChat(ChatOpenAI):
        token_param: str = "max_tokens"

        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if self.token_param == "max_tokens" and "max_completion_tokens" in payload:
                payload["max_tokens"] = payload.pop("max_completion_tokens")
            if "response_format" in payload:
                extra = dict(payload.get("extra_body") or {})
                extra["response_format"] = payload.pop("response_format")
                payload["extra_body"] = extra
            return payload

    return _CompatChat


@functools.cache
def _async_client() -> Any:
    """One async HTTP client for every model, never used (the calls are synchronous): without it
    `ChatOpenAI` builds and keeps one per (base URL, timeout), and every attempt's timeout differs."""
    import openai

    return openai.DefaultAsyncHttpxClient()


def _usage(usage: Any) -> tuple[int | None, int | None]:
    if not usage:
        return None, None
    get = usage.get if isinstance(usage, dict) else lambda name: getattr(usage, name, None)
    prompt = get("input_tokens") if get("input_tokens") is not None else get("prompt_tokens")
    completion = get("output_tokens") if get("output_tokens") is not None else get("completion_tokens")
    return int(prompt or 0), int(completion or 0)


def delta_of(chunk: Any) -> Delta:
    """The `Delta` of one `AIMessageChunk`: content, tool-call argument pieces, finish, usage."""
    delta = Delta()
    content = chunk.content
    if isinstance(content, str):
        delta.text = content
    elif isinstance(content, list):  # content blocks
        delta.text = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    for piece in getattr(chunk, "tool_call_chunks", None) or []:
        delta.tool_called = True
        delta.tool_args += piece.get("args") or ""
    delta.finish_reason = (getattr(chunk, "response_metadata", None) or {}).get("finish_reason")
    delta.prompt_tokens, delta.completion_tokens = _usage(getattr(chunk, "usage_metadata", None))
    return delta


class Stream:
    """One attempt: iterate for `Delta`s; `close()` hangs up (call it from the iterating thread)."""

    def __init__(self, request: Request) -> None:
        import openai

        if request.token_param not in TOKEN_PARAMS:
            raise ValueError(f"unknown token parameter {request.token_param!r}")
        # langchain-openai warns (several lines, on stderr) when a server refuses `json_schema`;
        # `llm_call` moves on to the next method and says what happened in one line itself.  Set
        # for each attempt: an identical filter replaces the earlier one.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"langchain_openai\.")
        self._http = openai.DefaultHttpxClient()  # this attempt's own: closing it drops the connection
        self.model = _chat_class()(
            model=request.model,
            base_url=request.base_url or DEFAULT_BASE_URL,
            api_key=request.api_key,
            timeout=request.timeout,
            max_retries=0,
            max_tokens=request.max_tokens,
            temperature=0,
            stream_usage=True,
            use_responses_api=False,
            http_client=self._http,
            http_async_client=_async_client(),
            openai_proxy=None,  # ChatOpenAI refuses OPENAI_PROXY next to a client of our own; HTTPS_PROXY applies
            token_param=request.token_param,
        )
        runnable = self.model.bind(**request.formats) if request.formats else self.model
        self._deltas = self._read(runnable, request.messages)

    def __iter__(self) -> Iterator[Delta]:
        return self._deltas

    def _read(self, runnable: Any, messages: list[tuple[str, str]]) -> Iterator[Delta]:
        from langsmith.run_helpers import tracing_context

        any_chunk = False
        with tracing_context(enabled=False):
            chunks = runnable.stream(messages)
            try:
                for chunk in chunks:
                    any_chunk = True
                    yield delta_of(chunk)
            except ValueError as exc:
                if any_chunk or not _NO_CHUNKS.search(str(exc)):
                    raise
                # langchain-core's word for a response that streamed nothing (a body that is not
                # a stream at all): an empty stream here, which `llm_call` names
            finally:
                chunks.close()  # langchain's generator leaves its `with response:`: the response closes

    def close(self) -> None:
        try:
            self._deltas.close()
        finally:
            self._http.close()
