"""`pipeline-copilot demo`: review a realistic risky change on the bundled example pipeline.

Copies ``examples/shop`` into a fresh git repository, commits it, lays ``examples/demo-change``
on top as a second commit and reviews that commit — offline unless an LLM is configured.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from copilot import git
from copilot.errors import CopilotError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO_ENV = {
    "GIT_AUTHOR_NAME": "Demo Developer",
    "GIT_AUTHOR_EMAIL": "dev@shop.example",
    "GIT_COMMITTER_NAME": "Demo Developer",
    "GIT_COMMITTER_EMAIL": "dev@shop.example",
}


def register(sub: Any) -> None:
    from copilot.commands.review import add_review_arguments

    p = sub.add_parser("demo", help="build the bundled example into a git repo with a risky change and review it")
    p.add_argument("--dir", help="create the demo repository here (must not exist; default: a new temp dir)")
    add_review_arguments(p)
    for action in p._actions:
        if action.dest in ("base", "head", "staged", "worktree", "repo"):
            action.help = argparse.SUPPRESS
    # the demo shows a review; it is not a gate, so its findings do not fail the command
    p.set_defaults(func=run, llm="auto", fail_on="never")


def build_demo_repo(target: Path) -> Path:
    shop, change = EXAMPLES / "shop", EXAMPLES / "demo-change"
    if not shop.is_dir() or not change.is_dir():
        raise CopilotError(f"{EXAMPLES}: the bundled example is missing (install from a checkout: pip install -e .)")
    if target.exists() and any(target.iterdir()):
        raise CopilotError(f"{target}: already exists and is not empty; choose another --dir")
    shutil.copytree(shop, target, dirs_exist_ok=True)
    git.run(target, "init", "-q", "-b", "main")
    git.run(target, "config", "user.name", DEMO_ENV["GIT_AUTHOR_NAME"])
    git.run(target, "config", "user.email", DEMO_ENV["GIT_AUTHOR_EMAIL"])
    git.run(target, "add", "-A")
    git.run(target, "commit", "-q", "-m", "shop: checkout, fraud scoring, payments, notifications")
    message = (change / "COMMIT_MSG").read_text(encoding="utf-8").strip()
    for src in change.rglob("*"):
        if src.is_file() and src.name != "COMMIT_MSG":
            dest = target / src.relative_to(change)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    git.run(target, "add", "-A")
    git.run(target, "commit", "-q", "-m", message)
    return target


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from copilot.commands import review as review_cmd

    target = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="pipeline-copilot-demo-")) / "shop"
    repo = build_demo_repo(target)
    err = Console(stderr=True)
    err.print(f"[dim]demo repository: {repo} (commit 2 of 2 is the change under review)[/]")
    args.repo, args.base, args.head, args.staged, args.worktree = str(repo), "HEAD~1", "HEAD", False, False
    code = review_cmd.run(args)
    err.print(
        f"[dim]next: pipeline-copilot graph {repo} · "
        f"pipeline-copilot actions list --repo {repo} · pipeline-copilot approve A1 --repo {repo}[/]"
    )
    return code
