"""The context budget: configured, else the model's context window as the server reports it.

Servers say it in different places; we ask, in order, with a short timeout inside the LLM step's
budget:

- ``GET <base>/models``: the entry of our model (or the only one) — ``context_length``
  (OpenRouter, LM Studio), ``max_model_len`` (vLLM), ``context_window``, ``n_ctx``, or llama.cpp's
  ``meta.n_ctx_train`` / ``meta.n_ctx``;
- ``GET <base without /v1>/props`` (llama.cpp's server): ``default_generation_settings.n_ctx``.

When nothing says it, `DEFAULT_CONTEXT_WINDOW` (4096 tokens) is assumed: small enough for most
local models.  The prompt budget is what the window leaves after the answer's ``max_tokens``,
times `SAFETY` because our token estimate (4 characters a token) is rough.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

DEFAULT_CONTEXT_WINDOW = 4096
SAFETY = 0.85
PROBE_SECONDS = 3.0
MIN_PROMPT_BUDGET = 512
_KEYS = ("context_length", "max_model_len", "context_window", "max_context_length", "n_ctx", "n_ctx_train")


def _get(url: str, api_key: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the configured endpoint
        return json.loads(response.read(1_000_000))


def _window_of(entry: Any) -> int | None:
    if not isinstance(entry, dict):
        return None
    for where in (entry, entry.get("meta"), entry.get("metadata"), entry.get("default_generation_settings")):
        if not isinstance(where, dict):
            continue
        for key in _KEYS:
            value = where.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
    return None


def probe_context_window(base_url: str | None, model: str, api_key: str, timeout: float) -> int | None:
    """The model's context window as the server reports it, or None (never raises)."""
    if not base_url or timeout <= 0.05:
        return None
    base = base_url.rstrip("/")
    timeout = min(PROBE_SECONDS, timeout)
    try:
        listing = _get(f"{base}/models", api_key, timeout)
        entries = listing.get("data") if isinstance(listing, dict) else None
        if isinstance(entries, list) and entries:
            mine = [e for e in entries if isinstance(e, dict) and e.get("id") == model]
            entry = mine[0] if mine else (entries[0] if len(entries) == 1 else None)
            found = _window_of(entry)
            if found:
                return found
    except (OSError, ValueError, urllib.error.URLError):
        pass
    root = base[: -len("/v1")] if base.endswith("/v1") else base
    try:
        return _window_of(_get(f"{root}/props", api_key, timeout))
    except (OSError, ValueError, urllib.error.URLError):
        return None


def prompt_budget(window: int, max_tokens: int) -> int:
    """Estimated prompt tokens that fit a window next to an answer of `max_tokens` (at most half
    the window is kept for the answer)."""
    return max(MIN_PROMPT_BUDGET, int((window - min(max_tokens, window // 2)) * SAFETY))
