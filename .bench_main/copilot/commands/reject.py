"""`pipeline-copilot reject ID --reason TEXT`: a person turns an action down (or withdraws an approval)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reject",
        help="reject a proposed action, with a reason",
        description="Reject a proposed (or withdraw an approved) action; the reason is kept in the audit log.",
    )
    parser.add_argument("id", metavar="ID", help="the action to reject (e.g. A1)")
    parser.add_argument("--reason", required=True, help="why (kept in the audit log)")
    from copilot.actions.cliutil import add_repo

    add_repo(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot.actions.cliutil import open_store, stdin_is_tty
    from copilot.errors import UsageError

    if not args.reason.strip():
        raise UsageError("reject needs a non-empty --reason")
    from copilot.actions.decisions import REJECTABLE

    with open_store(args) as store:
        record = store.decide(
            args.id, "rejected", allowed_from=REJECTABLE, verb="reject", reason=args.reason,
            interactive=stdin_is_tty(),
        )  # fmt: skip
        print(f"rejected {record.id} {record.digest}")
    return 0
