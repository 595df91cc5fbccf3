"""`pipeline-copilot audit verify|log`: check the hash chain, or read the decisions it holds."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="verify or show the audit log of approvals, rejections, applies and acknowledgements",
        description="`audit verify` walks the hash chain and reports the first broken entry (exit 1); "
        "`audit log` prints every entry.",
    )
    parser.add_argument("verb", choices=("verify", "log"))
    from copilot.actions.cliutil import add_format, add_repo

    add_format(parser)
    add_repo(parser)
    parser.set_defaults(func=run)


def _line(entry: Any) -> str:
    from copilot.actions.render import sanitize

    parts = [f"#{entry.seq}", entry.ts, entry.event]
    if entry.action_id:
        parts.append(entry.action_id)
    if entry.digest:
        parts.append(entry.digest[:19])
    if entry.subject:
        parts.append(repr(entry.subject))
    parts.append(f"by {entry.actor.display()}")
    parts.append({True: "interactive", False: "non-interactive", None: "-"}[entry.interactive])
    if entry.reason:
        parts.append(f"reason: {entry.reason!r}")
    if entry.result:
        lines = entry.result.splitlines() or [""]
        more = "..." if len(lines[0]) > 200 or len(lines) > 1 else ""
        parts.append(f"result: {lines[0][:200]}{more}")
    return sanitize(" ".join(parts))


def run(args: argparse.Namespace) -> int:
    from copilot.actions.cliutil import open_store, print_json

    with open_store(args) as store:
        if args.verb == "verify":
            verdict = store.verify_audit()
            if args.format == "json":
                print_json(verdict.to_json())
            else:
                print(verdict.message())
            return 0 if verdict.ok else 1
        entries = store.audit_entries()
    if args.format == "json":
        print_json({"version": 1, "entries": [e.to_json() for e in entries]})
    else:
        for entry in entries:
            print(_line(entry))
        if not entries:
            print("the audit log is empty")
    return 0
