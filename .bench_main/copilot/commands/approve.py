"""`pipeline-copilot approve ID`: a person approves that exact action (bound to its digest)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "approve",
        help="approve one proposed action after seeing its exact patch or command",
        description="Show the exact patch, schema or command of an action and record your approval of that "
        "exact content (its digest). Asks on the terminal; without one, pass --yes.",
    )
    parser.add_argument("id", metavar="ID", help="the action to approve (e.g. A1)")
    parser.add_argument(
        "--yes", action="store_true", help="approve without asking (recorded as non-interactive)"
    )
    parser.add_argument("--reason", default=None, help="why you approve it (kept in the audit log)")
    from copilot.actions.cliutil import add_repo

    add_repo(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot.actions import confirm, render
    from copilot.actions.cliutil import console, open_store
    from copilot.actions.decisions import approvable, record_approval
    from copilot.actions.errors import ActionRefused

    with open_store(args) as store:
        action = approvable(store, args.id)
        terminal = None if args.yes else confirm.find_terminal()
        if terminal is None and not args.yes:
            raise ActionRefused(
                f"cannot approve {action.id}: no terminal to ask on; re-run with --yes to approve it non-interactively"
            )
        render.show(console(), action)
        if terminal is not None:
            try:
                agreed = terminal.ask(f"Approve {action.id} ({action.digest})? [y/N] ")
            finally:
                terminal.close()
            if not agreed:
                print(f"{action.id} not approved")
                return 1
        record = record_approval(store, action, action.digest, interactive=terminal is not None, reason=args.reason)
        print(f"approved {record.id} {record.digest}; apply it with `pipeline-copilot apply {record.id}`")
    return 0
