"""`pipeline-copilot apply ID`: carry out an approved action, if it is still exactly what was approved.

Exit codes: 0 applied, 1 it ran and failed (recorded as failed), 2 refused (nothing done).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "apply",
        help="apply an approved action (patch, schema registration or deploy step)",
        description="Apply an approved action. Refuses unless it is approved, its content still has the "
        "approved digest and the repository is in the state it expects.",
    )
    parser.add_argument("id", metavar="ID", help="the action to apply (e.g. A1)")
    parser.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS",
        help="limit for a deploy command or registry call (default: [actions].deploy_timeout or 600)",
    )  # fmt: skip
    parser.add_argument(
        "--out-of-order", action="store_true",
        help="deploy this rollout step although an earlier step is not applied (needs --reason; audit-logged)",
    )  # fmt: skip
    parser.add_argument("--reason", default=None, help="why, with --out-of-order (kept in the audit log)")
    from copilot.actions.cliutil import add_repo

    add_repo(parser)
    parser.set_defaults(func=run)


def _show_output(detail: dict[str, Any]) -> None:
    from copilot.actions.render import sanitize

    for stream in ("stdout", "stderr"):
        text = detail.get(stream)
        if text:
            print(f"--- {stream} ---")
            print(sanitize(text).rstrip("\n"))


def run(args: argparse.Namespace) -> int:
    from copilot.actions.cliutil import open_store, stdin_is_tty
    from copilot.actions.runner import apply_action
    from copilot.errors import UsageError

    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    reason = (args.reason or "").strip()
    if args.out_of_order and not reason:
        raise UsageError("--out-of-order needs --reason: why this step cannot wait (kept in the audit log)")
    if reason and not args.out_of_order:
        raise UsageError("--reason goes with --out-of-order (approve records the reason for an approval)")
    with open_store(args) as store:
        outcome = apply_action(
            store, args.id, timeout=args.timeout, interactive=stdin_is_tty(),
            out_of_order=reason if args.out_of_order else None,
        )  # fmt: skip
    _show_output(outcome.detail)
    if outcome.ok:
        print(f"applied {outcome.action.id}: {outcome.summary}")
        return 0
    print(f"pipeline-copilot: {outcome.action.id} failed: {outcome.summary}", file=sys.stderr)
    return 1
