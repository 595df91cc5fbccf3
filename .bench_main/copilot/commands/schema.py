"""``pipeline-copilot schema check``: would Schema Registry accept this schema, and if not, why and what to do.

    pipeline-copilot schema check NEW.avsc (--against OLD.avsc ... | --history) [--mode MODE]
                                  [--repo PATH] [--rev REV] [--type NAME] [--format text|json]

Exit code: 0 compatible, 1 incompatible, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from copilot.config import MODES

MODE_CHOICES = MODES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="check Avro schema evolution the way Schema Registry does",
        description="Avro schema tools.",
    )
    sub = parser.add_subparsers(dest="schema_command", metavar="SUBCOMMAND")
    check = sub.add_parser(
        "check",
        help="is a new schema compatible with earlier versions?",
        description="Give Schema Registry's verdict on NEW against earlier versions, explain every problem, "
        "list what changed and the rollout order the mode implies. Exit 0 compatible, 1 incompatible, 2 bad input.",
    )
    check.add_argument("new", metavar="NEW.avsc", help="the new schema (.avsc; .avpr with --type)")
    source = check.add_mutually_exclusive_group(required=True)
    source.add_argument("--against", nargs="+", metavar="OLD.avsc", help="earlier versions, oldest first")
    source.add_argument(
        "--history",
        action="store_true",
        help="earlier versions from the git history of NEW (git log --follow)",
    )
    check.add_argument(
        "--mode", type=str.upper, choices=MODE_CHOICES, help="default: the project's configured mode"
    )
    check.add_argument("--repo", metavar="PATH", help="repository root (default: the one holding NEW)")
    check.add_argument(
        "--rev", default="HEAD", help="with --history: the revision to read history from (default HEAD)"
    )
    check.add_argument(
        "--type", dest="type_name", metavar="NAME", help="the type to check in an .avpr protocol"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=run)
    parser.set_defaults(func=run, schema_help=parser.print_help)


def _repo_root(args: argparse.Namespace, new_path: Path) -> Path:
    if args.repo:
        return Path(args.repo)
    from copilot import git

    found = git.probe(new_path.resolve().parent, "rev-parse", "--show-toplevel")
    return Path(found) if found else Path.cwd()


def run(args: argparse.Namespace) -> int:
    if getattr(args, "schema_command", None) != "check":
        args.schema_help()
        return 2
    import json
    import sys

    from rich.console import Console

    from copilot.config import load_config
    from copilot.schema.compatibility import check, normalize_mode
    from copilot.schema.diff import diff_schemas
    from copilot.schema.history import same_schema, schema_history
    from copilot.schema.parse import load_schema_file
    from copilot.schema.render import Report, print_text, to_json

    new_path = Path(args.new)
    new = load_schema_file(new_path, source=args.new, type_name=args.type_name)
    root = _repo_root(args, new_path)
    warnings: list[str] = list(new.warnings)
    if args.history:
        history = schema_history(root, new_path.resolve(), rev=args.rev)
        warnings += history.warnings
        versions = list(history)
        if versions and same_schema(versions[-1].schema, new):
            versions.pop()  # NEW is the latest commit itself: check it against what came before
        previous = [v.schema for v in versions]
        meta = [
            {
                "index": i,
                "label": v.label,
                "source": v.path,
                "sha": v.sha,
                "date": v.date,
                "fingerprint": v.schema.fingerprint,
            }
            for i, v in enumerate(versions)
        ]
    else:
        previous = [load_schema_file(p, source=p, type_name=args.type_name) for p in args.against]
        meta = [
            {"index": i, "label": p, "source": p, "sha": None, "date": None, "fingerprint": s.fingerprint}
            for i, (p, s) in enumerate(zip(args.against, previous, strict=True))
        ]
    mode = normalize_mode(args.mode) if args.mode else load_config(root).mode_for(topic=None)
    result = check(new, previous, mode)
    changes = diff_schemas(previous[-1], new) if previous else []
    report = Report(result=result, changes=changes, new_label=args.new, previous=meta, warnings=warnings)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(report), indent=2) + "\n")
    else:
        print_text(report, Console(soft_wrap=True, highlight=False))
    return 0 if result.compatible else 1
