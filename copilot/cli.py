"""`pipeline-copilot`: one parser, one module per command, one top-level error handler.

Each module in ``copilot.commands`` exposes ``register(subparsers)``, which adds its parser and
sets ``func`` to a ``run(args) -> int``.  Modules keep heavy imports inside ``run`` so that
start-up (and the pre-push hook) stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from copilot import __version__
from copilot.errors import CopilotError
from copilot.sanitize import one_line

# The order here is the order of `--help`.
COMMANDS = ("review", "graph", "schema", "demo", "actions", "approve", "reject", "apply", "ack", "audit", "hook")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline-copilot",
        description="Review changes to streaming data pipelines in the context of the whole data flow.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline-copilot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"copilot.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"copilot.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    from copilot.registry import plugin_commands

    for spec in plugin_commands():  # commands that plugins (and `tui`) register
        importlib.import_module(spec.module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except CopilotError as exc:
        print(f"pipeline-copilot: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pipeline-copilot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
