"""`pipeline-copilot hook install|uninstall|run`: the git pre-push hook."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("hook", help="install, remove or run the git pre-push hook")
    hs = p.add_subparsers(dest="hook_command", metavar="ACTION", required=True)
    i = hs.add_parser("install", help="install the pre-push hook in this repository")
    i.add_argument("--repo", default=".")
    i.add_argument("--force", action="store_true", help="replace an existing hook (kept as pre-push.local)")
    u = hs.add_parser("uninstall", help="remove the pre-push hook")
    u.add_argument("--repo", default=".")
    r = hs.add_parser("run", help="what the installed hook runs (reads git's pre-push input on stdin)")
    r.add_argument("hook_type", choices=("pre-push",))
    r.add_argument("remote", nargs="?", default="origin")
    r.add_argument("url", nargs="?", default="")
    r.add_argument("--repo", default=".")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot import hook
    from copilot.scan.gitfiles import repo_root

    root = repo_root(args.repo)
    if args.hook_command == "install":
        target = hook.install(root, force=args.force)
        print(f"installed {target}")
        return 0
    if args.hook_command == "uninstall":
        removed = hook.uninstall(root)
        print(f"removed {removed}" if removed else "no pipeline-copilot pre-push hook installed")
        return 0
    return hook.run_pre_push(root, args.remote, sys.stdin)
