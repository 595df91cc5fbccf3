"""What the action commands share: ``--repo``, ``--format``, opening the store, printing."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console

from copilot.actions.recovery import recover
from copilot.actions.store import ActionStore


def add_repo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo", default=".", metavar="PATH", help="the git repository (default: current directory)"
    )


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def open_store(args: argparse.Namespace) -> ActionStore:
    """The repository's store, after finishing any apply a dead process left half-done."""
    store = ActionStore(args.repo)
    for message in recover(store):
        print(message, file=sys.stderr)
    return store


def console() -> Console:
    return Console(file=sys.stdout, highlight=False)


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def stdin_is_tty() -> bool:
    return bool(sys.stdin is not None and sys.stdin.isatty())
