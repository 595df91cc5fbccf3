"""`pipeline-copilot graph [PATH] [--format table|json|mermaid|dot]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from copilot.sanitize import terminal


def register(sub: Any) -> None:
    p = sub.add_parser("graph", help="scan a repository and show its producers, consumers, topics and schemas")
    p.add_argument("path", nargs="?", default=".", help="a path inside the git repository (default: .)")
    p.add_argument("--format", choices=("table", "json", "mermaid", "dot"), default="table")
    p.add_argument("--rev", default=None, help="scan a commit instead of the work tree")
    p.add_argument("--no-cache", action="store_true", help="ignore the scan cache")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot import git
    from copilot.changes import WORKTREE
    from copilot.config import load_config
    from copilot.scan.repo import scan

    root = git.toplevel(args.path)
    config = load_config(root)
    rev = WORKTREE
    if args.rev:
        rev = git.resolve_commit(root, args.rev)
    progress, finish = _progress(args.format == "table")
    try:
        result = scan(root, rev, use_cache=not args.no_cache, ignore=config.ignore, progress=progress)
    finally:
        finish()
    if args.format == "json":
        data = result.graph.to_json()
        if result.blind_spots:  # additive: files using a client the scan cannot read
            data["blind_spots"] = [b.to_json() for b in result.blind_spots]
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "mermaid":
        sys.stdout.write(terminal(result.graph.to_mermaid()))  # names are repository text
    elif args.format == "dot":
        sys.stdout.write(terminal(result.graph.to_dot()))
    else:
        from copilot.report.graph_table import print_graph

        print_graph(result)
    return 0


def _progress(enabled: bool) -> tuple[Any, Any]:
    """A rich progress bar that only appears when there are many files to parse."""
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if not enabled or total < 200 or not sys.stderr.isatty():
            return
        if "bar" not in state:
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("scanning", total=total)
        state["bar"].update(state["task"], completed=done)

    def finish() -> None:
        if "bar" in state:
            state["bar"].stop()

    return update, finish
