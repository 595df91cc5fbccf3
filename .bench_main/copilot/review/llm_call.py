"""One structured call to an OpenAI-compatible chat endpoint, within one time budget, never hanging.

- **Negotiated structured output**, in order: JSON schema (``response_format: json_schema``), JSON
  mode (``json_object``, with the schema in the prompt and in the request for llama.cpp's grammar),
  tool calling, then a plain completion read by a strict parser (the first JSON object, also from
  ```json fences).  A method the server rejects moves on to the next one — a 4xx other than
  auth/rate-limit/context-length, or a 5xx whose body says the format is unsupported (llama-cpp-python
  answers 500 to ``json_schema``).  The method that worked is remembered per endpoint and model by
  the caller; ``[llm] structured_output`` / ``PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT`` pins one.
- **Always ``max_tokens``**, so a model never generates until its context is full.
- **Streaming** with a progress callback (tokens so far, elapsed seconds); the stream is closed when
  the budget runs out, the answer grows past `MAX_ANSWER_BYTES`, or the user presses Ctrl-C, so the
  server stops generating.
- **One budget for the whole call**: retries (429 honouring ``Retry-After``, other 5xx, refused
  connections; at most ``max_retries`` in all), method negotiation and waits all happen before one
  deadline, measured by an injectable clock.  Each attempt runs in a worker thread that the caller
  stops waiting for at the deadline, whatever the server does.
- Every failure becomes `LLMFailure` with a one-line reason.

The request travels through langchain-openai's ``ChatOpenAI`` (`llm_transport`); it and `openai`
(both slow to import) are imported only when a call is made.  langchain-openai raises subclasses of
`openai`'s exceptions, which is what the errors are classified by here.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from copilot.config import LLMSettings
from copilot.errors import CopilotError
from copilot.review.llm_flags import ENV_MAX_TOKENS, ENV_STRUCTURED, ENV_TIMEOUT, METHODS
from copilot.review.llm_schema import SCHEMA_DESCRIPTION, SCHEMA_NAME, answer_schema, json_schema_format
from copilot.review.llm_transport import Delta, Request, Stream

LEGACY_METHODS = {"function_calling": "tools"}
PLAIN_PROMPT_METHODS = ("json_mode", "plain")  # the schema goes into the prompt text
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_TOKENS = 1024
NO_KEY = "not-needed"  # local servers (Ollama, vLLM, llama.cpp) accept any key
MIN_ATTEMPT_SECONDS = 0.25  # not worth starting an attempt with less time than this left
MAX_BACKOFF = 4.0
MAX_ANSWER_BYTES = 256 * 1024  # an answer larger than this is cut off and refused
_CONTEXT_LENGTH = re.compile(
    r"context[_ ]length|context window|maximum context|too many tokens|prompt is too long|exceeds the context", re.I
)
_FORMAT_REJECTED = re.compile(
    r"response[_ ]format|json[_ ]schema|json[_ ]object|tool|function|grammar|unsupported|not supported|"
    r"not implemented|unknown (?:field|parameter)|unrecognized|extra (?:fields|inputs)",
    re.I,
)
_MAX_COMPLETION_TOKENS = re.compile(r"max_completion_tokens", re.I)
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```[ \t]*(?:json|JSON|jsonc)?[ \t]*\n(.*?)```", re.S)

Clock = Callable[[], float]
Progress = Callable[[int, float], None]  # (tokens so far, seconds since the attempt began)


class LLMFailure(Exception):
    """The call failed; `reason` is one line for the review's warnings."""

    def __init__(self, reason: str, prompt_tokens: int = 0, completion_tokens: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


class Interrupted(LLMFailure):
    """The user pressed Ctrl-C during the call; the stream was closed."""


@dataclass
class Endpoint:
    model: str
    base_url: str | None
    api_key: str
    timeout: float
    max_retries: int
    max_tokens: int = DEFAULT_MAX_TOKENS
    structured_output: str = "auto"  # or one of METHODS: the only method tried

    @property
    def key(self) -> str:
        """Where answers and negotiated methods are remembered: the endpoint and the model."""
        return f"{self.base_url or 'default'}|{self.model}"


def _number(env: Mapping[str, str], name: str, value: Any, kind: type, where: str) -> Any:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return value
    try:
        number = kind(raw.strip())
    except ValueError:
        raise CopilotError(f"{name}: not a number: {raw.strip()[:40]!r}") from None
    if number <= 0:
        raise CopilotError(f"{name}: must be greater than 0 (got {raw.strip()[:40]})")
    return number


def structured_output_choice(value: str, where: str) -> str:
    choice = (value or "auto").strip().lower().replace("-", "_")
    choice = {"tool_calls": "tools", "function_calling": "tools", "json_object": "json_mode"}.get(choice, choice)
    if choice != "auto" and choice not in METHODS:
        raise CopilotError(f"{where}: unknown structured output method {value!r} (auto, {', '.join(METHODS)})")
    return choice


def resolve_endpoint(settings: LLMSettings, environ: Mapping[str, str] | None = None) -> Endpoint | None:
    """The endpoint from settings and environment, or None when nothing is configured.

    Environment wins over the file: OPENAI_BASE_URL, the key from `api_key_env` (else
    OPENAI_API_KEY), PIPELINE_COPILOT_MODEL, PIPELINE_COPILOT_LLM_TIMEOUT / _MAX_TOKENS /
    _STRUCTURED_OUTPUT.  Configured = a base URL or an API key.  A bad value is a CopilotError.
    """
    env = os.environ if environ is None else environ
    if (settings.provider or "").lower() in ("off", "none", "offline"):
        return None
    base_url = (env.get("OPENAI_BASE_URL") or settings.base_url or "").strip() or None
    api_key = (env.get(settings.api_key_env) or env.get("OPENAI_API_KEY") or "").strip() or None
    if not base_url and not api_key:
        return None
    model = (env.get("PIPELINE_COPILOT_MODEL") or settings.model or DEFAULT_MODEL).strip()
    timeout = settings.timeout if settings.timeout and settings.timeout > 0 else DEFAULT_TIMEOUT
    pinned = set(getattr(settings, "pinned", ()))  # set by a flag: the environment does not override it
    if "timeout" not in pinned:
        timeout = _number(env, ENV_TIMEOUT, float(timeout), float, "[llm].timeout")
    max_tokens = getattr(settings, "max_tokens", None) or DEFAULT_MAX_TOKENS
    if "max_tokens" not in pinned:
        max_tokens = _number(env, ENV_MAX_TOKENS, int(max_tokens), int, "[llm].max_tokens")
    if "structured_output" not in pinned and env.get(ENV_STRUCTURED, "").strip():
        structured = structured_output_choice(env[ENV_STRUCTURED], ENV_STRUCTURED)
    else:
        structured = structured_output_choice(getattr(settings, "structured_output", "auto"), "[llm].structured_output")
    return Endpoint(
        model,
        base_url,
        api_key or NO_KEY,
        float(timeout),
        max(0, int(settings.max_retries)),
        int(max_tokens),
        structured,
    )


class Budget:
    """The one deadline of the LLM step, on an injectable clock (tests use a fake one)."""

    def __init__(self, seconds: float, clock: Clock = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.seconds = seconds
        self.clock = clock
        self.sleep = sleep
        self.start = clock()
        self.deadline = self.start + seconds

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def elapsed_ms(self) -> int:
        return int((self.clock() - self.start) * 1000)

    def spent(self) -> LLMFailure:
        return LLMFailure(f"the endpoint did not answer within {self.seconds:g}s (time budget spent)")


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


@dataclass
class Streamed:
    """What a streamed answer added up to."""

    text: str = ""
    tool_args: str = ""
    tool_called: bool = False
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    chunks: int = 0

    def response_text(self) -> str:
        return self.tool_args if self.tool_called else self.text

    def data(self, method: str) -> Any:
        if self.finish_reason == "length":
            raise LLMFailure(
                f"the answer was truncated (the model hit its output token limit, {self.completion_tokens or self.chunks}"
                " tokens;"
                " raise [llm].max_tokens)"
            )
        if method == "tools" and self.tool_called:
            try:
                return json.loads(self.tool_args)
            except json.JSONDecodeError:
                raise LLMFailure("malformed tool-call arguments in the answer (truncated or invalid JSON)") from None
        text = self.tool_args if self.tool_called else self.text
        if not _THINK.sub("", text).strip():
            if self.finish_reason is None and not self.completion_tokens:
                raise LLMFailure("malformed response body from the endpoint (the stream ended without an answer)")
            raise LLMFailure("empty answer from the model")
        try:
            return extract_json(text)
        except LLMFailure:
            if self.finish_reason is None:
                raise LLMFailure("the stream ended mid-answer (the connection was closed)") from None
            raise


# -- errors ---------------------------------------------------------------------------------


def _status(exc: BaseException) -> int | None:
    """The HTTP status, also when langchain-openai re-raised the error without its response."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        status = getattr(current, "status_code", None)
        if status is not None:
            return status
        seen.add(id(current))
        current = current.__cause__
    return None


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


def _message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        text = error.get("message") if isinstance(error, dict) else (error or body.get("message") or body.get("detail"))
        if text:
            return " ".join(str(text).split())[:160]
    return " ".join(str(exc).split())[:160]


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost cause: the socket error under openai's error under langchain-openai's."""
    seen = {id(exc)}
    while exc.__cause__ is not None and id(exc.__cause__) not in seen:
        exc = exc.__cause__
        seen.add(id(exc))
    return exc


def describe_error(exc: BaseException, timeout: float) -> str:
    """One line saying what went wrong, for the review's warnings."""
    import openai

    if isinstance(exc, LLMFailure):
        return exc.reason
    if isinstance(exc, openai.APITimeoutError):
        return f"the endpoint did not answer within {timeout:g}s (timeout)"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot connect to the endpoint ({_message(_root_cause(exc))})"
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
    return f"unexpected error from the endpoint ({type(exc).__name__}: {_message(exc)})"


def _kind(exc: BaseException) -> str:
    """fatal | retry | next (this method is rejected: try the next one)."""
    import openai

    if isinstance(exc, LLMFailure):
        return "fatal"
    if isinstance(exc, openai.APITimeoutError):
        return "fatal"  # the attempt already used the time that was left
    if isinstance(exc, openai.APIConnectionError):
        return "retry"
    status = _status(exc)
    message = _message(exc)
    if status in (401, 403, 407):
        return "fatal"  # auth: the same for every method
    if status in (408, 429):
        return "retry"
    if _CONTEXT_LENGTH.search(message):
        return "fatal"  # the prompt is too long whatever the method
    if status is not None and status >= 500:
        return "next" if _FORMAT_REJECTED.search(message) else "retry"
    if status == 404 and "model" in message.lower():
        return "fatal"
    if status is not None:
        return "next"  # 400/404/405/413/415/422...: this server does not take this request shape
    return "fatal"


# -- the call -------------------------------------------------------------------------------


class _Call:
    def __init__(
        self,
        endpoint: Endpoint,
        messages: Callable[[bool], list[tuple[str, str]]],
        on_attempt: Callable[[Attempt, list[tuple[str, str]]], None] | None,
        budget: Budget,
        progress: Progress | None,
    ) -> None:
        self.endpoint = endpoint
        self.messages = messages
        self.on_attempt = on_attempt
        self.budget = budget
        self.progress = progress
        self.attempts: list[Attempt] = []
        self.retries = 0
        self.token_param = "max_tokens"
        self.cancel = threading.Event()

    # -- one request ---------------------------------------------------------------------
    def request(self, method: str, messages: list[tuple[str, str]]) -> Request:
        """What one attempt sends: the messages, ``max_tokens`` always, and the method's format."""
        formats: dict[str, Any] = {}
        if method == "json_schema":
            formats["response_format"] = {"type": "json_schema", "json_schema": json_schema_format()}
        elif method == "json_mode":
            formats["response_format"] = {"type": "json_object", "schema": answer_schema()}
        elif method == "tools":
            formats["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": SCHEMA_NAME,
                        "description": SCHEMA_DESCRIPTION,
                        "parameters": answer_schema(),
                    },
                }
            ]
            formats["tool_choice"] = {"type": "function", "function": {"name": SCHEMA_NAME}}
        return Request(
            model=self.endpoint.model,
            base_url=self.endpoint.base_url,
            api_key=self.endpoint.api_key,
            timeout=max(0.05, self.budget.remaining()),
            max_tokens=self.endpoint.max_tokens,
            messages=messages,
            formats=formats,
            token_param=self.token_param,
        )

    def _stream(self, request: Request, out: Streamed, began: float) -> None:
        """Runs in the worker thread: read the stream into `out` until done, cancelled or too big."""
        stream = Stream(request)
        try:
            for delta in stream:
                if self.cancel.is_set():
                    return
                self._add(delta, out)
                if len(out.text) + len(out.tool_args) > MAX_ANSWER_BYTES:
                    raise LLMFailure(
                        f"the answer grew past {MAX_ANSWER_BYTES // 1024} KiB and was cut off"
                        " (a runaway generation?)"
                    )
                if self.progress and out.chunks:
                    self.progress(out.chunks, max(0.0, self.budget.clock() - began))
        finally:
            stream.close()  # closes the connection: the server stops generating

    @staticmethod
    def _add(delta: Delta, out: Streamed) -> None:
        if delta.prompt_tokens is not None:
            out.prompt_tokens = delta.prompt_tokens
        if delta.completion_tokens is not None:
            out.completion_tokens = delta.completion_tokens
        if delta.text:
            out.text += delta.text
            out.chunks += 1
        if delta.tool_called:
            out.tool_called = True
            if delta.tool_args:
                out.tool_args += delta.tool_args
                out.chunks += 1
        if delta.finish_reason:
            out.finish_reason = delta.finish_reason

    def _once(self, method: str) -> Streamed:
        if self.budget.remaining() < MIN_ATTEMPT_SECONDS:
            raise self.budget.spent()
        messages = self.messages(method in PLAIN_PROMPT_METHODS)
        request = self.request(method, messages)
        began = self.budget.clock()
        attempt = Attempt(method, 0)
        self.attempts.append(attempt)
        out = Streamed()
        outcome: dict[str, BaseException] = {}

        def work() -> None:
            try:
                self._stream(request, out, began)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="llm-call", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                left = self.budget.remaining()
                if left <= 0:
                    break
                worker.join(min(0.1, left))  # short slices: Ctrl-C is raised between them
        except KeyboardInterrupt:
            self.cancel.set()
            attempt.error = "interrupted (Ctrl-C)"
            self._finish(attempt, began, out, messages)
            raise Interrupted(
                "interrupted (Ctrl-C): the stream was closed", out.prompt_tokens, out.completion_tokens or out.chunks
            ) from None
        if worker.is_alive():
            self.cancel.set()  # the worker closes the stream at its next chunk
            attempt.error = "time budget spent"
            self._finish(attempt, began, out, messages)
            raise LLMFailure(
                f"the endpoint did not answer within {self.endpoint.timeout:g}s (timeout; {out.chunks} tokens"
                " streamed, stopped)",
                out.prompt_tokens,
                out.completion_tokens or out.chunks,
            )
        error = outcome.get("error")
        if error is not None:
            attempt.error = f"{type(error).__name__}: {_message(error)}"
            self._finish(attempt, began, out, messages)
            if isinstance(error, LLMFailure):
                error.prompt_tokens, error.completion_tokens = out.prompt_tokens, out.completion_tokens or out.chunks
            raise error
        self._finish(attempt, began, out, messages)
        return out

    def _finish(self, attempt: Attempt, began: float, out: Streamed, messages: list[tuple[str, str]]) -> None:
        attempt.duration_ms = int(max(0.0, self.budget.clock() - began) * 1000)
        attempt.prompt_tokens = out.prompt_tokens or None
        attempt.completion_tokens = out.completion_tokens or (out.chunks or None)
        attempt.response = out.response_text() if (out.text or out.tool_args) else None
        if self.on_attempt:
            self.on_attempt(attempt, messages)

    # -- retries and negotiation ---------------------------------------------------------
    def _wait(self, exc: BaseException) -> float:
        asked = retry_after(exc)
        if asked is not None:
            return asked
        return min(MAX_BACKOFF, 0.5 * 2**self.retries)

    def _with_retries(self, method: str) -> Streamed:
        while True:
            try:
                return self._once(method)
            except Exception as exc:  # classified below; never escapes unclassified
                if _status(exc) == 400 and self.token_param == "max_tokens" and _MAX_COMPLETION_TOKENS.search(
                    _message(exc)
                ):
                    self.token_param = "max_completion_tokens"  # newer OpenAI models
                    continue
                if _kind(exc) != "retry":
                    raise
                wait = self._wait(exc)
                if self.retries >= self.endpoint.max_retries or self.budget.remaining() - wait < MIN_ATTEMPT_SECONDS:
                    raise
                self.retries += 1
                self.budget.sleep(wait)

    def order(self, first: str | None) -> list[str]:
        if self.endpoint.structured_output in METHODS:
            return [self.endpoint.structured_output]
        first = LEGACY_METHODS.get(first or "", first)
        order = list(METHODS)
        if first in order:
            order = order[order.index(first) :]
        return order

    def run(self, first: str | None) -> CallResult:
        last_rejection = ""
        order = self.order(first)
        for i, method in enumerate(order):
            try:
                out = self._with_retries(method)
            except Exception as exc:  # noqa: BLE001 - every endpoint failure degrades to one line
                if _kind(exc) == "next" and i < len(order) - 1:
                    last_rejection = _message(exc)
                    continue  # this server does not take this method: try the next one
                if isinstance(exc, LLMFailure):
                    raise
                if _kind(exc) == "next" and len(order) > 1:
                    raise LLMFailure(f"the endpoint rejected every structured-output method: {_message(exc)}") from None
                raise LLMFailure(describe_error(exc, self.endpoint.timeout)) from None
            try:
                data = out.data(method)
            except LLMFailure as exc:
                exc.prompt_tokens, exc.completion_tokens = out.prompt_tokens, out.completion_tokens or out.chunks
                raise
            return CallResult(
                data,
                method,
                out.prompt_tokens,
                out.completion_tokens or out.chunks,
                self.budget.elapsed_ms(),
                self.attempts,
            )
        raise LLMFailure(f"the endpoint rejected every structured-output method: {last_rejection}")


def call_model(
    endpoint: Endpoint,
    messages: Callable[[bool], list[tuple[str, str]]],
    first_method: str | None = None,
    on_attempt: Callable[[Attempt, list[tuple[str, str]]], None] | None = None,
    budget: Budget | None = None,
    progress: Progress | None = None,
) -> CallResult:
    """Ask the model; `messages(plain)` gives the messages (with the schema text when plain).

    Raises LLMFailure (one-line reason) on any failure, `Interrupted` on Ctrl-C; returns within
    the budget (by default `endpoint.timeout` from now).
    """
    budget = budget or Budget(endpoint.timeout)
    return _Call(endpoint, messages, on_attempt, budget, progress).run(first_method)
