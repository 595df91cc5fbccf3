"""Command-line flags of the AI reviewer.  A flag is a setting of the command's configuration (the
flags layer of ``copilot.config.load_config``) and is pinned there, so the order is the same
everywhere: flag, then environment, then the configuration file."""

from __future__ import annotations

import argparse

from copilot.config_sources import ENV_KEYS

METHODS = ("json_schema", "json_mode", "tools", "plain")  # structured output, in the order tried
_ENV = {key: var for var, (table, key) in ENV_KEYS.items() if table == "llm"}  # [llm] key -> its variable
ENV_TIMEOUT = _ENV["timeout"]
ENV_MAX_TOKENS = _ENV["max_tokens"]
ENV_STRUCTURED = _ENV["structured_output"]
ENV_CONTEXT_TOKENS = _ENV["max_context_tokens"]
OFF_NOTE = "LLM review off (--llm off)"  # what a review says when the AI reviewer was not asked
FLAGS = (  # (argument, [llm] key)
    ("llm_timeout", "timeout"),
    ("llm_max_tokens", "max_tokens"),
    ("llm_context_tokens", "max_context_tokens"),
    ("llm_structured_output", "structured_output"),
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


def llm_flag_settings(args: argparse.Namespace) -> dict[str, object]:
    """The ``[llm]`` settings the command line gives (for ``load_config(flags={"llm": ...})``)."""
    return {key: value for attr, key in FLAGS if (value := getattr(args, attr, None)) is not None}
