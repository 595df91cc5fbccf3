"""Command-line flags of the AI reviewer.  A flag is its environment variable for this run, so the
order is the same everywhere: flag, then environment, then the configuration file."""

from __future__ import annotations

import argparse
import os

METHODS = ("json_schema", "json_mode", "tools", "plain")  # structured output, in the order tried
ENV_TIMEOUT = "PIPELINE_COPILOT_LLM_TIMEOUT"
ENV_MAX_TOKENS = "PIPELINE_COPILOT_LLM_MAX_TOKENS"
ENV_STRUCTURED = "PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT"
ENV_CONTEXT_TOKENS = "PIPELINE_COPILOT_LLM_CONTEXT_TOKENS"
OFF_NOTE = "LLM review off (--llm off)"  # what a review says when the AI reviewer was not asked
ENV_SHOW_UNVERIFIED = "PIPELINE_COPILOT_SHOW_UNVERIFIED"  # "1": text/markdown list unverified AI claims
FLAGS = (
    ("llm_timeout", ENV_TIMEOUT),
    ("llm_max_tokens", ENV_MAX_TOKENS),
    ("llm_context_tokens", ENV_CONTEXT_TOKENS),
    ("llm_structured_output", ENV_STRUCTURED),
)


def _positive(kind: type) -> object:
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
        return value

    return parse


def add_llm_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("AI reviewer (each overrides its environment variable and [llm] key)")
    g.add_argument("--llm-timeout", type=_positive(float), metavar="SECONDS",
                   help=f"time budget of the whole AI review step ({ENV_TIMEOUT}, [llm].timeout; default 60)")
    g.add_argument("--llm-max-tokens", type=_positive(int), metavar="N",
                   help=f"longest answer, always sent to the server ({ENV_MAX_TOKENS}, [llm].max_tokens; default 1024)")
    g.add_argument("--llm-context-tokens", type=_positive(int), metavar="N",
                   help=f"prompt budget ({ENV_CONTEXT_TOKENS}, [llm].max_context_tokens; default: the server's"
                        " context window, else 4096)")
    g.add_argument("--llm-structured-output", choices=("auto", *METHODS),
                   help=f"pin the structured-output method ({ENV_STRUCTURED}, [llm].structured_output; default auto)")  # fmt: skip


def apply_llm_arguments(args: argparse.Namespace) -> None:
    for attr, env in FLAGS:
        value = getattr(args, attr, None)
        if value is not None:
            os.environ[env] = str(value)
    if getattr(args, "show_unverified", False):
        os.environ[ENV_SHOW_UNVERIFIED] = "1"


def show_unverified() -> bool:
    """Whether text and Markdown list the unverified AI claims (else one line counts them)."""
    return os.environ.get(ENV_SHOW_UNVERIFIED, "").strip().lower() in ("1", "true", "yes")
