"""`pipeline-copilot hook install|uninstall|run`: the git pre-push hook."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

# What the pre-commit framework tells a pre-push hook (it passes no stdin lines).
PRE_COMMIT_ENV = ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF")


def register(sub: Any) -> None:
    p = sub.add_parser("hook", help="install, remove or run the git pre-push hook")
    hs = p.add_subparsers(dest="hook_command", metavar="ACTION", required=True)
    i = hs.add_parser(
        "install",
        help="install the pre-push hook in this repository",
        description="Write .git/hooks/pre-push. A pre-push hook already there is kept as pre-push.local "
        "and runs first, with the same input; if it fails, the push stops.",
    )
    i.add_argument("--repo", default=".")
    u = hs.add_parser("uninstall", help="remove the pre-push hook (and put back the one it chained)")
    u.add_argument("--repo", default=".")
    r = hs.add_parser("run", help="what the installed hook runs (reads git's pre-push input on stdin)")
    r.add_argument("hook_type", choices=("pre-push",))
    r.add_argument("remote", nargs="?", default="origin")
    r.add_argument("url", nargs="?", default="")
    r.add_argument("--repo", default=".")
    r.add_argument("--chain", metavar="HOOK", help="run this earlier pre-push hook first (install sets it)")
    r.add_argument(
        "--pre-commit", action="store_true",
        help="run by the pre-commit framework: the range comes from PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF",
    )  # fmt: skip
    p.set_defaults(func=run)


def pre_commit_lines(root: Path) -> tuple[str, list[str]]:
    """(remote, pre-push input lines) from the pre-commit framework's environment."""
    from copilot import git
    from copilot.errors import UsageError

    missing = [name for name in PRE_COMMIT_ENV if not os.environ.get(name)]
    if missing:
        raise UsageError(f"--pre-commit: {', '.join(missing)} not set (run it as a pre-push stage hook)")

    def sha(ref: str) -> str:
        commit = git.commit_of(root, ref)
        if commit is None:
            raise UsageError(f"--pre-commit: {ref!r} is not a commit in {root}")
        return commit

    local = os.environ.get("PRE_COMMIT_LOCAL_BRANCH", "HEAD")
    remote_branch = os.environ.get("PRE_COMMIT_REMOTE_BRANCH", local)
    line = f"{local} {sha(os.environ['PRE_COMMIT_TO_REF'])} {remote_branch} {sha(os.environ['PRE_COMMIT_FROM_REF'])}\n"
    return os.environ.get("PRE_COMMIT_REMOTE_NAME", "origin"), [line]


def run(args: argparse.Namespace) -> int:
    from copilot import hook
    from copilot.git import toplevel

    root = toplevel(args.repo)
    if args.hook_command == "install":
        target, chained = hook.install(root)
        print(f"installed {target}" + (f" (runs {chained} first)" if chained else ""))
        return 0
    if args.hook_command == "uninstall":
        removed = hook.uninstall(root)
        print(f"removed {removed}" if removed else "no pipeline-copilot pre-push hook installed")
        return 0
    remote = args.remote
    if args.pre_commit:
        remote, lines = pre_commit_lines(root)
    else:
        lines = list(sys.stdin)
    if args.chain:
        code = hook.run_chained(Path(args.chain), root, [args.remote, args.url], lines, sys.stderr)
        if code != 0:
            return code
    return hook.run_pre_push(root, remote, lines)
