"""Remove secrets from text before it reaches the LLM: `copilot.secrets` is the one mechanism."""

from __future__ import annotations

from copilot.secrets import MARK, redact

__all__ = ["MARK", "redact"]
