"""`pipeline-copilot actions [list|show ID]`: the proposed actions and their status."""

from __future__ import annotations

import argparse
from typing import Any

from copilot.errors import UsageError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "actions",
        help="list proposed actions (patches, schema registrations, deploy steps) or show one",
        description="List the actions the copilot proposed, or show one in full (the exact patch or command).",
    )
    parser.add_argument("verb", nargs="?", choices=("list", "show"), default="list")
    parser.add_argument("id", nargs="?", metavar="ID", help="the action to show (e.g. A1)")
    from copilot.actions.cliutil import add_format, add_repo

    add_format(parser)
    add_repo(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot.actions import render
    from copilot.actions.cliutil import console, open_store, print_json

    if args.verb == "show" and not args.id:
        raise UsageError("actions show needs an action id, e.g. `pipeline-copilot actions show A1`")
    if args.verb == "list" and args.id:
        raise UsageError(f"actions list takes no id (did you mean `actions show {args.id}`?)")
    with open_store(args) as store:
        if args.verb == "show":
            action = store.get(args.id)
            if args.format == "json":
                print_json(render.action_json(action))
            else:
                render.show(console(), action)
            return 0
        actions = store.list()
        if args.format == "json":
            print_json({"version": 1, "actions": [render.action_json(a) for a in actions]})
        else:
            print(render.list_text(actions))
    return 0
