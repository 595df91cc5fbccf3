"""`pipeline-copilot review`: review a change in the context of the whole data flow."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from copilot.errors import UsageError


def add_review_arguments(p: argparse.ArgumentParser) -> None:
    rng = p.add_argument_group("what to review (default: merge-base with the upstream or default branch..HEAD)")
    rng.add_argument("--base", help="base revision")
    rng.add_argument("--head", help="head revision (default HEAD)")
    rng.add_argument("--staged", action="store_true", help="review the staged changes against HEAD")
    rng.add_argument("--worktree", action="store_true", help="review all uncommitted changes against HEAD")
    p.add_argument("--repo", default=".", help="path inside the repository (default: .)")
    p.add_argument("--format", default="text", metavar="NAME",
                   help="text (default), json, markdown, sarif, or a format a plugin adds")
    p.add_argument("--fail-on", choices=("high", "medium", "low", "info", "never"), default=None,
                   help="exit 1 when a finding is at or above this severity (default: high, or [review].fail_on)")
    p.add_argument("--llm", choices=("off", "auto", "openai"), default="auto",
                   help="auto: use the configured endpoint if there is one (default); off: rules only")
    p.add_argument("--show-unverified", action="store_true",
                   help="list the AI reviewer's unverified claims (text/markdown show only their count)")
    from copilot.review.llm_flags import add_llm_arguments

    add_llm_arguments(p)
    p.add_argument("--no-cache", action="store_true", help="ignore the scan cache")
    p.add_argument("--output", "-o", help="write the report to this file instead of stdout")


def check_output(path: str | None) -> None:
    """Refuse an --output that cannot be written before spending time on the review."""
    if not path:
        return
    from pathlib import Path

    out = Path(path)
    if out.is_dir():
        raise UsageError(f"--output {path}: is a directory")
    if not out.parent.is_dir():
        raise UsageError(f"--output {path}: directory {out.parent} does not exist")


def write_output(path: str, text: str) -> None:
    """Write the report; an OSError (permission, disk full) becomes a one-line error naming the file."""
    from pathlib import Path

    from copilot.errors import CopilotError

    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CopilotError(f"--output {path}: cannot write: {exc.strerror or exc}") from None


def check_range_arguments(args: argparse.Namespace) -> None:
    """--staged, --worktree and --head name different things to review: at most one."""
    if args.staged and args.worktree:
        raise UsageError("--staged and --worktree cannot be combined")
    if (args.staged or args.worktree) and args.head:
        raise UsageError("--head cannot be combined with --staged or --worktree")


def register(sub: Any) -> None:
    p = sub.add_parser("review", help="review a change for pipeline risk")
    add_review_arguments(p)
    p.set_defaults(func=run)


def output_format(name: str) -> Any:
    """The registered format called `name`, or a usage error listing the ones there are."""
    from copilot.registry import formats

    known = formats()
    if name not in known:
        raise UsageError(f"--format: unknown format {name!r} (one of {', '.join(sorted(known))})")
    return known[name]


def format_options(args: argparse.Namespace, terminal: bool = False) -> Any:
    """The format options the command line asks for."""
    from copilot.registry import FormatOptions

    return FormatOptions(terminal=terminal, show_unverified=bool(getattr(args, "show_unverified", False)))


def render(review: Any, fmt: str, options: Any = None) -> str:
    """The review in format `fmt`, as text (the text format without colour)."""
    import io

    from copilot.registry import FormatOptions

    buf = io.StringIO()
    output_format(fmt).write(review, buf, options or FormatOptions())
    return buf.getvalue()


def trusted_config(root: Any, base: str, args: argparse.Namespace) -> Any:
    """The settings of this review: the repository's config at the review's base (never the change's),
    the user's config, the environment and the flags (``--fail-on`` wins over every file)."""
    from copilot.config import load_config
    from copilot.review.llm_flags import llm_flag_settings

    flags: dict[str, Any] = {"review": {"fail_on": args.fail_on}} if args.fail_on else {}
    if llm := llm_flag_settings(args):
        flags["llm"] = llm
    config = load_config(root, base, flags=flags or None)
    if getattr(args, "llm", None) == "openai" and not config.llm.configured():
        raise UsageError(
            "--llm openai, but no LLM endpoint is configured: set OPENAI_API_KEY (or the variable named by "
            "[llm].api_key_env) or OPENAI_BASE_URL, or [llm] base_url in your user config "
            "(~/.config/pipeline-copilot/config.toml, or the file PIPELINE_COPILOT_CONFIG names)"
        )
    return config


def run(args: argparse.Namespace) -> int:
    from copilot.actions.proposals import propose_actions
    from copilot.changes import EMPTY_TREE, resolve_base
    from copilot.git import toplevel
    from copilot.review.engine import review_change

    check_range_arguments(args)
    fmt = output_format(args.format)
    check_output(args.output)
    root = toplevel(args.repo)
    base = resolve_base(root, args.base, args.head, args.staged, args.worktree)
    config = trusted_config(root, base, args)
    fail_on = config.fail_on
    review = review_change(
        root,
        base=None if base == EMPTY_TREE else base,  # a root commit: changeset finds the empty tree again
        head=args.head,
        staged=args.staged,
        worktree=args.worktree,
        llm=args.llm,
        use_cache=not args.no_cache,
        config=config,
        propose=propose_actions,
    )
    if args.output:
        write_output(args.output, render(review, args.format, format_options(args)))
    else:
        fmt.write(review, sys.stdout, format_options(args, terminal=True))
    return 1 if review.worst_at_or_above(fail_on, bool(getattr(config, "llm_blocks", False))) else 0
