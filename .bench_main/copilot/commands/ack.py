"""`pipeline-copilot ack FINGERPRINT --range BASE..HEAD` / `ack list`: accept a finding for that code.

An acknowledgement is bound to the finding's fingerprint and the head commit of the range (both
shas are stored): the pre-push hook lets that finding pass for exactly that head commit, and any
new commit needs a new acknowledgement.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

FINGERPRINT = re.compile(r"^[A-Za-z0-9._:-]{4,128}$")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ack",
        help="acknowledge a review finding for a commit range (or `ack list`)",
        description="Acknowledge a finding (by fingerprint) for BASE..HEAD, so the pre-push hook lets it pass "
        "for that head commit. `ack list` shows the acknowledgements.",
    )
    parser.add_argument(
        "fingerprint", metavar="FINGERPRINT|list", help="the finding's fingerprint, or `list`"
    )
    parser.add_argument(
        "--range", dest="range", default=None, metavar="BASE..HEAD", help="the reviewed range"
    )
    parser.add_argument(
        "--reason", default=None, help="why the finding is acceptable (kept in the audit log)"
    )
    from copilot.actions.cliutil import add_format, add_repo

    add_format(parser)
    add_repo(parser)
    parser.set_defaults(func=run)


def _list(args: argparse.Namespace) -> int:
    from copilot.actions.cliutil import open_store, print_json
    from copilot.actions.render import sanitize

    with open_store(args) as store:
        acks = store.acknowledgements()
    if args.format == "json":
        print_json({"version": 1, "acknowledgements": [a.to_json() for a in acks]})
        return 0
    if not acks:
        print("no acknowledgements")
    for a in acks:
        reason = f"  {sanitize(a.reason)}" if a.reason else ""
        print(
            f"{a.fingerprint}  {a.base[:12]}..{a.head[:12]}  {a.created_at}  {sanitize(a.actor.display())}{reason}"
        )
    return 0


def run(args: argparse.Namespace) -> int:
    from copilot import git
    from copilot.actions.cliutil import open_store, stdin_is_tty
    from copilot.errors import UsageError

    if args.fingerprint == "list":
        return _list(args)
    fingerprint = args.fingerprint.strip()
    if not FINGERPRINT.match(fingerprint):
        raise UsageError(f"not a finding fingerprint: {args.fingerprint!r}")
    if not args.range or ".." not in args.range or "..." in args.range:
        raise UsageError("ack needs --range BASE..HEAD (the range that was reviewed)")
    base_rev, head_rev = args.range.split("..", 1)
    with open_store(args) as store:
        base = git.resolve_commit(store.root, base_rev)
        head = git.resolve_commit(store.root, head_rev or "HEAD")
        ack, created = store.acknowledge(
            fingerprint, base, head, reason=args.reason, interactive=stdin_is_tty()
        )
    verb = "acknowledged" if created else "already acknowledged"
    print(f"{verb} {ack.fingerprint} for {ack.base[:12]}..{ack.head[:12]}")
    return 0
