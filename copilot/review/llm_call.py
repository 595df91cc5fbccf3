"""One structured call to an OpenAI-compatible chat endpoint, bounded in time, never hanging.

- Structured output, in order: JSON-schema response format, tool calling, then a plain
  completion whose first JSON object is extracted (also from ```json fences).  A 400/422 that
  is not about the prompt's length moves to the next method; the method that worked is
  remembered per endpoint by the caller.
- Retries (tenacity): 429 (honouring ``Retry-After``/``retry-after-ms``), 5xx and refused
  connections, at most ``max_retries`` more attempts, and never past the deadline: the whole
  call, fallbacks and waits included, ends within ``timeout`` seconds.  Each attempt gets the
  time that is left as its own timeout.  Timeouts, 401/403 and 404 are not retried.
- Every failure becomes `LLMFailure` with a one-line reason.

`langchain_openai` (slow to import) is imported only when a call is made.
"""

from __future__ import annotations

import json
import os
import re
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tenacity import RetryCallState, Retrying, retry_if_exception

from copilot.config import LLMSettings
from copilot.review.llm_schema import json_schema_format, tool_schema

METHODS = ("json_schema", "function_calling", "plain")
DEFAULT_MODEL = "gpt-4o-mini"
NO_KEY = "not-needed"  # local servers (Ollama, vLLM, llama.cpp) accept any key
MIN_ATTEMPT_SECONDS = 0.25  # not worth starting an attempt with less time than this left
MAX_BACKOFF = 4.0
_CONTEXT_LENGTH = re.compile(r"context[_ ]length|maximum context|too many tokens|prompt is too long", re.I)
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON|jsonc)?[ \t]*\n(.*?)```", re.S)


class LLMFailure(Exception):
    """The call failed; `reason` is one line for the review's warnings."""

    def __init__(self, reason: str, prompt_tokens: int = 0, completion_tokens: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


@dataclass
class Endpoint:
    model: str
    base_url: str | None
    api_key: str
    timeout: float
    max_retries: int

    @property
    def key(self) -> str:
        return f"{self.base_url or 'default'}|{self.model}"


def resolve_endpoint(settings: LLMSettings, environ: Mapping[str, str] | None = None) -> Endpoint | None:
    """The endpoint from settings and environment, or None when nothing is configured.

    Environment wins over the file: OPENAI_BASE_URL, the key from `api_key_env` (else
    OPENAI_API_KEY), PIPELINE_COPILOT_MODEL.  Configured = a base URL or an API key.
    """
    env = os.environ if environ is None else environ
    if (settings.provider or "").lower() in ("off", "none", "offline"):
        return None
    base_url = (env.get("OPENAI_BASE_URL") or settings.base_url or "").strip() or None
    api_key = (env.get(settings.api_key_env) or env.get("OPENAI_API_KEY") or "").strip() or None
    if not base_url and not api_key:
        return None
    model = (env.get("PIPELINE_COPILOT_MODEL") or settings.model or DEFAULT_MODEL).strip()
    timeout = settings.timeout if settings.timeout and settings.timeout > 0 else 60.0
    return Endpoint(model, base_url, api_key or NO_KEY, float(timeout), max(0, int(settings.max_retries)))


@dataclass
class Attempt:
    method: str
    duration_ms: int
    response: str | None = None
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass
class CallResult:
    data: Any
    method: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    attempts: list[Attempt] = field(default_factory=list)


# -- answer extraction ----------------------------------------------------------------------


def extract_json(text: str) -> Any:
    """The first JSON object in a model's text (whole text, ```json fences, or embedded)."""
    text = _THINK.sub("", text).strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    for match in _FENCE.finditer(text):
        try:
            return json.loads(match.group(1))
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    tries = 0
    for i, ch in enumerate(text):
        if ch != "{":
            continue
        tries += 1
        if tries > 200:
            break
        try:
            obj, _ = decoder.raw_decode(text, i)
            return obj
        except json.JSONDecodeError:
            continue
    if "{" in text:
        raise LLMFailure("malformed JSON in the answer (truncated or invalid)")
    raise LLMFailure("the answer contains no JSON object (the model ignored the output format)")


def _text_of(message: Any) -> str:
    content = message.content
    if isinstance(content, list):
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return content or ""


def _usage(message: Any) -> tuple[int, int]:
    usage = getattr(message, "usage_metadata", None) or {}
    if usage:
        return int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0)
    token_usage = (getattr(message, "response_metadata", None) or {}).get("token_usage") or {}
    return int(token_usage.get("prompt_tokens") or 0), int(token_usage.get("completion_tokens") or 0)


def _answer_data(message: Any, method: str) -> Any:
    prompt, completion = _usage(message)
    try:
        if method == "function_calling":
            for call in getattr(message, "tool_calls", None) or []:
                if isinstance(call.get("args"), dict):
                    return call["args"]
            if getattr(message, "invalid_tool_calls", None):
                raise LLMFailure("malformed tool-call arguments in the answer (truncated or invalid JSON)")
        finish = (getattr(message, "response_metadata", None) or {}).get("finish_reason")
        text = _text_of(message)
        if finish == "length":
            raise LLMFailure("the answer was truncated (the model hit its output token limit)")
        if not _THINK.sub("", text).strip():
            raise LLMFailure("empty answer from the model")
        return extract_json(text)
    except LLMFailure as exc:
        exc.prompt_tokens, exc.completion_tokens = prompt, completion
        raise


# -- errors ---------------------------------------------------------------------------------


def _status(exc: BaseException) -> int | None:
    return getattr(exc, "status_code", None)


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value:
            try:
                return max(0.0, float(value) / scale)
            except ValueError:
                continue  # an HTTP date: fall back to backoff
    return None


def _retryable(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return False  # the attempt already used the time that was left
    if isinstance(exc, (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError)):
        return True
    status = _status(exc)
    return status is not None and status >= 500


def _message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        text = error.get("message") if isinstance(error, dict) else body.get("message")
        if text:
            return " ".join(str(text).split())[:160]
    return " ".join(str(exc).split())[:160]


def describe_error(exc: BaseException, timeout: float) -> str:
    """One line saying what went wrong, for the review's warnings."""
    import openai

    if isinstance(exc, LLMFailure):
        return exc.reason
    if isinstance(exc, openai.APITimeoutError):
        return f"the endpoint did not answer within {timeout:g}s (timeout)"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot connect to the endpoint ({_message(exc.__cause__ or exc)})"
    status = _status(exc)
    if status == 401:
        return "authentication failed (401): check the API key (OPENAI_API_KEY or [llm].api_key_env)"
    if status == 403:
        return f"access denied (403): {_message(exc)}"
    if status == 404:
        return f"model or endpoint not found (404): check the model name and base URL ({_message(exc)})"
    if status == 429:
        wait = retry_after(exc)
        after = f", Retry-After {wait:g}s" if wait is not None else ""
        return f"rate limited (429{after}) and the retries or the {timeout:g}s time budget ran out"
    if status is not None and status >= 500:
        return f"the endpoint failed ({status}) after retries: {_message(exc)}"
    if status is not None:
        return f"request rejected ({status}): {_message(exc)}"
    if isinstance(exc, json.JSONDecodeError):
        return "malformed response body from the endpoint (truncated or invalid JSON)"
    name = type(exc).__name__
    if "LengthFinishReason" in name:
        return "the answer was truncated (the model hit its output token limit)"
    if "ContentFilter" in name:
        return "the answer was blocked by the endpoint's content filter"
    if "Refusal" in name:
        return f"the model refused to answer: {_message(exc)}"
    return f"unexpected error from the endpoint ({name}: {_message(exc)})"


# -- the call -------------------------------------------------------------------------------


class _Call:
    def __init__(
        self,
        endpoint: Endpoint,
        messages: Callable[[bool], list[tuple[str, str]]],
        on_attempt: Callable[[Attempt, list[tuple[str, str]]], None] | None,
    ) -> None:
        self.endpoint = endpoint
        self.messages = messages
        self.on_attempt = on_attempt
        self.start = time.monotonic()
        self.deadline = self.start + endpoint.timeout
        self.attempts: list[Attempt] = []

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _client(self, method: str) -> Any:
        from langchain_openai import ChatOpenAI  # slow import: only when a model is called

        llm = ChatOpenAI(
            model=self.endpoint.model,
            base_url=self.endpoint.base_url,
            api_key=self.endpoint.api_key,
            timeout=max(0.05, self.remaining()),
            max_retries=0,
            use_responses_api=False,
        )
        if method == "json_schema":
            return llm.with_structured_output(json_schema_format(), method="json_schema", include_raw=True)
        if method == "function_calling":
            return llm.with_structured_output(
                tool_schema(), method="function_calling", include_raw=True, strict=True
            )
        return llm

    def _once(self, method: str) -> Any:
        if self.remaining() < MIN_ATTEMPT_SECONDS:
            raise LLMFailure(
                f"the endpoint did not answer within {self.endpoint.timeout:g}s (time budget spent)"
            )
        messages = self.messages(method == "plain")
        began = time.monotonic()
        attempt = Attempt(method, 0)
        self.attempts.append(attempt)
        try:
            with warnings.catch_warnings():  # we handle the fallback ourselves, with a one-line reason
                warnings.filterwarnings("ignore", message=".*structured output.*", category=UserWarning)
                out = self._client(method).invoke(messages)
        except Exception as exc:  # the endpoint's failure, whatever its type, is classified by run()
            attempt.error = f"{type(exc).__name__}: {_message(exc)}"
            attempt.duration_ms = int((time.monotonic() - began) * 1000)
            self._record(attempt, messages)
            raise
        attempt.duration_ms = int((time.monotonic() - began) * 1000)
        message = out["raw"] if isinstance(out, dict) else out
        attempt.prompt_tokens, attempt.completion_tokens = _usage(message)
        attempt.response = _response_text(message)
        self._record(attempt, messages)
        return message

    def _record(self, attempt: Attempt, messages: list[tuple[str, str]]) -> None:
        if self.on_attempt:
            self.on_attempt(attempt, messages)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc) if exc else None
        if asked is not None:
            return asked
        return min(MAX_BACKOFF, 0.5 * 2 ** (state.attempt_number - 1))

    def _stop(self, state: RetryCallState) -> bool:
        if state.attempt_number > self.endpoint.max_retries:
            return True
        return self.remaining() - state.upcoming_sleep < MIN_ATTEMPT_SECONDS

    def _with_retries(self, method: str) -> Any:
        retrying = Retrying(
            retry=retry_if_exception(_retryable),
            wait=self._wait,
            stop=self._stop,
            reraise=True,
        )
        return retrying(self._once, method)

    def run(self, first: str | None) -> CallResult:
        import openai

        order = list(METHODS)
        if first in order:
            order = order[order.index(first) :]
        last_rejection = ""
        for method in order:
            try:
                message = self._with_retries(method)
            except LLMFailure:
                raise
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if method != "plain" and not _CONTEXT_LENGTH.search(_message(exc)):
                    last_rejection = _message(exc)
                    continue  # this server does not support the method: try the next one
                raise LLMFailure(describe_error(exc, self.endpoint.timeout)) from None
            except Exception as exc:  # noqa: BLE001 - every endpoint failure degrades to one line
                raise LLMFailure(describe_error(exc, self.endpoint.timeout)) from None
            data = _answer_data(message, method)
            prompt, completion = _usage(message)
            return CallResult(
                data, method, prompt, completion, int((time.monotonic() - self.start) * 1000), self.attempts
            )
        raise LLMFailure(f"the endpoint rejected every structured-output method: {last_rejection}")


def _response_text(message: Any) -> str:
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return json.dumps([{"name": c.get("name"), "args": c.get("args")} for c in calls])
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid:
        return json.dumps([{"name": c.get("name"), "args": c.get("args")} for c in invalid])
    return _text_of(message)


def call_model(
    endpoint: Endpoint,
    messages: Callable[[bool], list[tuple[str, str]]],
    first_method: str | None = None,
    on_attempt: Callable[[Attempt, list[tuple[str, str]]], None] | None = None,
) -> CallResult:
    """Ask the model; `messages(plain)` gives the messages (with the schema text when plain).

    Raises LLMFailure (one-line reason) on any failure; returns within `endpoint.timeout`.
    """
    return _Call(endpoint, messages, on_attempt).run(first_method)
