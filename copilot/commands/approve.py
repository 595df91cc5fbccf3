"""`pipeline-copilot approve ID`: a person approves that exact action (bound to its digest)."""

from __future__ import annotations

import argparse
from typing import Any

APPROVABLE = ("proposed", "rejected", "failed")


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
    from copilot.actions import confirm, render, state
    from copilot.actions.cliutil import console, open_store
    from copilot.actions.errors import ActionRefused
    from copilot.actions.store import refusal
    from copilot.config import load_config

    with open_store(args) as store:
        action = store.get(args.id)
        if action.status not in APPROVABLE:
            raise ActionRefused(refusal(action.id, action.status, "approve"))
        if not action.intact:
            raise ActionRefused(
                f"cannot approve: {action.id}'s stored content no longer matches its digest (changed in the store)"
            )
        unsafe = state.safety_problem(store.root, action.proposal)
        if unsafe:
            raise ActionRefused(f"cannot approve {action.id}: {unsafe}")
        stale = state.stale_reason(store.root, action.proposal, load_config(store.root))
        if stale:
            store.decide(action.id, "stale", allowed_from=APPROVABLE, verb="approve", result=stale)
            raise ActionRefused(f"cannot approve: {action.id} is stale: {stale}")
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
        record = store.decide(
            action.id, "approved", allowed_from=APPROVABLE, verb="approve", reason=args.reason,
            interactive=terminal is not None, expect_digest=action.digest,
        )  # fmt: skip
        print(f"approved {record.id} {record.digest}; apply it with `pipeline-copilot apply {record.id}`")
    return 0
