"""`pipeline-copilot tui`: review a change interactively (Textual), then acknowledge, approve, reject.

Textual and the `tui` package are imported inside `run` only: `copilot` never depends on them at
import time, and `--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "tui",
        help="review a change interactively: findings, evidence, acknowledge, approve or reject actions",
        description="Open an interactive review of a change. Keys: up/down or j/k select, enter detail, "
        "a acknowledge, p the proposed action (approve/reject; nothing is applied here), r re-run, "
        "g graph view, q quit.",
    )
    rng = parser.add_argument_group(
        "what to review (default: merge-base with the upstream or default branch..HEAD)"
    )
    rng.add_argument("--base", help="base revision")
    rng.add_argument("--head", help="head revision (default HEAD)")
    rng.add_argument("--staged", action="store_true", help="review the staged changes against HEAD")
    rng.add_argument("--worktree", action="store_true", help="review all uncommitted changes against HEAD")
    parser.add_argument("--repo", default=".", metavar="PATH", help="path inside the repository (default: .)")
    parser.add_argument(
        "--llm", choices=("off", "auto", "openai"), default="auto",
        help="auto: use the configured endpoint if there is one (default); off: rules only",
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot.commands.review import check_range_arguments
    from copilot.errors import UsageError
    from copilot.git import toplevel

    check_range_arguments(args)
    root = toplevel(args.repo)
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        raise UsageError("tui needs a terminal; use `pipeline-copilot review` for a report")

    from copilot.actions.cliutil import open_store

    with open_store(argparse.Namespace(repo=str(root))):
        pass  # finishes any apply a dead process left half-done, as every action command does

    from tui.app import make_app
    from tui.session import requested_range, review_loader, store_factory
    from tui.settings import TuiSettings

    settings = TuiSettings(requested=requested_range(args.base, args.head, args.staged, args.worktree))
    loader = review_loader(
        root, base=args.base, head=args.head, staged=args.staged, worktree=args.worktree, llm=args.llm
    )
    app = make_app(loader, store_factory(root), settings)
    app.run()
    if app.crash is not None:
        raise app.crash  # one line and a logged traceback, from the CLI's error handler
    return 0
