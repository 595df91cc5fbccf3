"""The AI reviewer: a grounded, cited LLM review over any OpenAI-compatible endpoint.

`review_with_llm` is what the review engine calls, after the rules ran.  It:

1. resolves the endpoint (``[tool.pipeline-copilot.llm]`` and the environment: OPENAI_API_KEY or
   the variable named by ``api_key_env``, OPENAI_BASE_URL, PIPELINE_COPILOT_MODEL);
2. builds the context (`llm_context`): rule findings, the impacted subgraph, every changed
   pipeline-relevant hunk and excerpts, redacted (`redact`) and fitted to the context budget
   (``max_context_tokens``, else the server's context window: `llm_window`);
3. answers from the local cache when the same endpoint was asked the same prompt before
   (`llm_cache`), else calls the model (`llm_call`: negotiated structured output, streamed with
   a progress line, ``max_tokens`` always sent);
4. validates the answer (`llm_schema`), checks every citation against the real files
   (`llm_verify`) and merges the findings into the review (`llm_merge`): the LLM can add
   findings and explanations, never remove or downgrade one, never approve or run anything;
5. fills ``review.llm`` and, on any failure, leaves the rule-based review as it was with a
   one-line ``"LLM review skipped: <reason>"`` warning.

The whole step — probing the server, every attempt, retry and negotiation — runs within one
time budget (``[llm].timeout``), measured by an injectable clock.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from copilot.errors import CopilotError
from copilot.model.findings import LLMReport, Review
from copilot.review.inputs import ReviewInputs
from copilot.review.llm_cache import AnswerCache, CachedAnswer, CallLog, LogEntry, cache_key
from copilot.review.llm_call import (
    Attempt,
    Budget,
    Clock,
    Endpoint,
    Interrupted,
    LLMFailure,
    Progress,
    call_model,
    resolve_endpoint,
)
from copilot.review.llm_context import (
    ContextStats,
    ContextTooLarge,
    build_context,
    estimate_tokens,
    full_diff_tokens,
    prepare,
)
from copilot.review.llm_flags import ENV_CONTEXT_TOKENS, OFF_NOTE
from copilot.review.llm_merge import Merger
from copilot.review.llm_schema import MAX_FINDINGS, AnswerError, parse_answer
from copilot.review.llm_verify import CitationChecker
from copilot.review.llm_window import DEFAULT_CONTEXT_WINDOW, probe_context_window, prompt_budget

__all__ = [
    "ContextStats",
    "build_context",
    "estimate_tokens",
    "full_diff_tokens",
    "review_with_llm",
    "MODES",
]

log = logging.getLogger("copilot.review.llm")

MODES = ("off", "auto", "openai")
NOT_CONFIGURED = (
    "offline review: no LLM endpoint configured (set OPENAI_API_KEY or [tool.pipeline-copilot.llm])"
)
SKIPPED = "LLM review skipped: "
T = TypeVar("T")


def tty_progress() -> Progress | None:
    """A progress line on stderr (tokens so far, tokens/s), only when stderr is a terminal."""
    stream = sys.stderr
    if not stream.isatty():
        return None

    def show(tokens: int, seconds: float) -> None:
        rate = f", {tokens / seconds:.1f} tokens/s" if seconds > 0.2 else ""
        stream.write(f"\r\x1b[2KAI reviewer: {tokens} tokens{rate}")
        stream.flush()

    return show


def _clear_progress(progress: Progress | None) -> None:
    if progress is not None and getattr(progress, "__name__", "") == "show":
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


def configured_context_tokens(settings: object, environ: dict[str, str] | None = None) -> int | None:
    """``PIPELINE_COPILOT_LLM_CONTEXT_TOKENS`` or ``[llm].max_context_tokens``, if either is set."""
    env = os.environ if environ is None else environ
    pinned = "max_context_tokens" in getattr(settings, "pinned", ())  # set by a flag: beats the environment
    raw = "" if pinned else (env.get(ENV_CONTEXT_TOKENS) or "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            raise CopilotError(f"{ENV_CONTEXT_TOKENS}: not a whole number: {raw[:40]!r}") from None
        if value <= 0:
            raise CopilotError(f"{ENV_CONTEXT_TOKENS}: must be greater than 0 (got {raw[:40]})")
        return value
    value = getattr(settings, "max_context_tokens", None)
    return int(value) if value else None


def review_with_llm(
    review: Review,
    inputs: ReviewInputs,
    mode: str,
    cache_dir: Path,
    *,
    clock: Clock | None = None,
    sleep: Callable[[float], None] | None = None,
    progress: Progress | None = None,
) -> None:
    """Add the AI reviewer's findings to `review` (see the module doc).  Never raises for the
    endpoint's or the answer's faults; only a wrong `mode` (a programming error) or a bad
    setting (CopilotError) raises.  `clock`/`sleep` measure and spend the time budget (tests
    inject fake ones); `progress` receives (tokens so far, seconds) while the answer streams —
    by default a line on stderr when it is a terminal."""
    if mode not in MODES:
        raise ValueError(f"unknown LLM mode {mode!r} (one of {', '.join(MODES)})")
    if mode == "off":
        review.llm = LLMReport(provider="offline", note=OFF_NOTE)
        return
    endpoint = resolve_endpoint(inputs.config.llm)
    if endpoint is None:
        review.llm = LLMReport(provider="offline", note=NOT_CONFIGURED)
        if mode == "openai":
            review.warnings.append(
                f"{SKIPPED}--llm openai, but no LLM endpoint is configured"
                " (set OPENAI_API_KEY or [tool.pipeline-copilot.llm])"
            )
        return
    review.llm = LLMReport(provider="openai", model=endpoint.model)
    context_tokens = configured_context_tokens(inputs.config.llm)
    budget = Budget(endpoint.timeout, clock or time.monotonic, sleep or time.sleep)
    show = progress if progress is not None else tty_progress()
    try:
        _Run(review, inputs, endpoint, Path(cache_dir), budget, show, context_tokens).run()
    except (LLMFailure, ContextTooLarge, AnswerError) as exc:
        _clear_progress(show)
        reason = exc.reason if isinstance(exc, LLMFailure) else str(exc)
        reason = " ".join(reason.split())
        if isinstance(exc, AnswerError):
            reason = f"the answer did not match the schema ({reason})"
        review.llm.note = SKIPPED + reason
        review.warnings.append(SKIPPED + reason)
        log.warning("%s%s", SKIPPED, reason)
        if isinstance(exc, Interrupted):
            log.info("the AI review was interrupted; the rule review goes on")
    else:
        _clear_progress(show)


class _Run:
    def __init__(
        self,
        review: Review,
        inputs: ReviewInputs,
        endpoint: Endpoint,
        cache_dir: Path,
        budget: Budget,
        progress: Progress | None = None,
        context_tokens: int | None = None,
    ) -> None:
        self.budget = budget
        self.progress = progress
        self.context_tokens = context_tokens
        self.review = review
        self.inputs = inputs
        self.endpoint = endpoint
        self.cache_dir = cache_dir
        self.report = review.llm
        self.notes: list[str] = []
        self.cache: AnswerCache | None = self._open(AnswerCache, "answer cache")
        self.calls: CallLog | None = self._open(CallLog, "audit log")

    def _open(self, cls: Callable[[Path], T], what: str) -> T | None:
        try:
            return cls(self.cache_dir)
        except (sqlite3.Error, OSError) as exc:
            log.warning("LLM %s unavailable in %s: %s", what, self.cache_dir, exc)
            self.notes.append(f"{what} unavailable ({type(exc).__name__})")
            return None

    def context_budget(self) -> tuple[int, str]:
        """Prompt tokens we may send, and where that number came from."""
        if self.context_tokens:
            return self.context_tokens, "configured"
        cache = self.cache
        window = self._safe(lambda: cache.window_for(self.endpoint.key)) if cache else None
        source = "reported by the server"
        if window is None:
            window = probe_context_window(
                self.endpoint.base_url, self.endpoint.model, self.endpoint.api_key, self.budget.remaining() / 4
            )
            if window and cache:
                found = window
                self._safe(lambda: cache.remember_window(self.endpoint.key, found))
        if window is None:
            window, source = DEFAULT_CONTEXT_WINDOW, "default window"
        return prompt_budget(window, self.endpoint.max_tokens), f"{source}: {window}"

    def run(self) -> None:
        settings = self.inputs.config.llm
        tokens, origin = self.context_budget()
        ctx = prepare(self.review, self.inputs, tokens)
        self.ctx = ctx
        self.report.prompt_version = ctx.prompt_version
        self.report.redactions = ctx.stats.redactions
        log.debug("LLM context (%s): %s", origin, ctx.stats.note())
        key = cache_key(self.endpoint.model, ctx.prompt_version, ctx.messages(), self.endpoint.base_url)
        self.key = key

        began = self.budget.clock()
        hit = self._cached(key)
        if hit is not None:
            data, method = hit.answer, hit.method
            self.report.cached = True
            self.report.prompt_tokens, self.report.completion_tokens = (
                hit.prompt_tokens,
                hit.completion_tokens,
            )
            self.report.latency_ms = int((self.budget.clock() - began) * 1000)
            self._log(
                LogEntry(
                    **self._entry_base(method),
                    response=None,
                    cached=True,
                    input_tokens=hit.prompt_tokens,
                    output_tokens=hit.completion_tokens,
                    duration_ms=self.report.latency_ms,
                )
            )
        else:
            data, method = self._call()

        answer, malformed, capped = parse_answer(data)
        if hit is None:
            self._store(key, method, data)
        checker = CitationChecker(self.inputs.changeset)
        merger = Merger(self.review, checker, ctx.refs, self.inputs.head_graph, settings.unverified)
        stats = merger.merge(answer)
        self.report.dropped_citations = stats.dropped_citations
        parts = [
            f"AI review ({method}{', cached' if hit else ''}): {len(answer.findings)} findings, {stats.note()}"
        ]
        if malformed:
            parts.append(f"{malformed} malformed findings ignored")
        if capped:
            parts.append(f"{capped} findings past the cap of {MAX_FINDINGS} ignored")
        parts.append(ctx.stats.note())
        self.report.note = "; ".join(parts + self.notes)

    # -- the model call ------------------------------------------------------------------
    def _call(self) -> tuple[Any, str]:
        cache = self.cache
        first = self._safe(lambda: cache.method_for(self.endpoint.key)) if cache else None
        began = self.budget.clock()
        try:
            result = call_model(
                self.endpoint,
                lambda plain: self.ctx.messages(plain),
                first,
                self._on_attempt,
                self.budget,
                self.progress,
            )
        except LLMFailure as exc:
            self.report.prompt_tokens, self.report.completion_tokens = (
                exc.prompt_tokens,
                exc.completion_tokens,
            )
            self.report.latency_ms = int((self.budget.clock() - began) * 1000)
            raise
        self.report.prompt_tokens = result.prompt_tokens
        self.report.completion_tokens = result.completion_tokens
        self.report.latency_ms = result.latency_ms
        if not result.prompt_tokens:  # the server streamed no usage (llama-cpp-python): say so
            self.report.prompt_tokens = self.ctx.stats.tokens
            self.notes.append("token counts estimated: the server reported no usage")
        if cache and result.method != first:
            self._safe(lambda: cache.remember_method(self.endpoint.key, result.method))
        return result.data, result.method

    def _on_attempt(self, attempt: Attempt, messages: list[tuple[str, str]]) -> None:
        entry = self._entry_base(attempt.method)
        entry["prompt"] = messages[-1][1]
        self._log(
            LogEntry(
                **entry,
                response=attempt.response,
                error=attempt.error,
                input_tokens=attempt.prompt_tokens,
                output_tokens=attempt.completion_tokens,
                duration_ms=attempt.duration_ms,
            )
        )

    # -- cache and log -------------------------------------------------------------------
    def _entry_base(self, method: str) -> dict[str, Any]:
        return {
            "provider": "openai",
            "base_url": self.endpoint.base_url,
            "model": self.endpoint.model,
            "prompt_version": self.ctx.prompt_version,
            "method": method,
            "system": self.ctx.system,
            "prompt": self.ctx.user,
            "cache_key": self.key,
            "review_range": self.inputs.changeset.describe(),
        }

    def _cached(self, key: str) -> CachedAnswer | None:
        cache = self.cache
        return self._safe(lambda: cache.get(key)) if cache else None

    def _store(self, key: str, method: str, data: Any) -> None:
        cache = self.cache
        if cache and isinstance(data, dict):
            self._safe(
                lambda: cache.put(
                    key,
                    self.endpoint.model,
                    self.ctx.prompt_version,
                    method,
                    data,
                    self.report.prompt_tokens,
                    self.report.completion_tokens,
                )
            )

    def _log(self, entry: LogEntry) -> None:
        calls = self.calls
        if calls:
            self._safe(lambda: calls.record(entry))

    def _safe(self, fn: Callable[[], T]) -> T | None:
        """Run a cache/log operation; its failure never fails the review."""
        try:
            return fn()
        except (sqlite3.Error, OSError) as exc:
            log.warning("LLM cache/log error in %s: %s", self.cache_dir, exc)
            if "cache/log error" not in " ".join(self.notes):
                self.notes.append(f"cache/log error ({type(exc).__name__})")
            return None
