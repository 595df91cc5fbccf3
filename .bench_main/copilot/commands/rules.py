"""`pipeline-copilot rules`: the registered rules and output formats, built-in and from plugins."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the review rules and output formats (built-in and from plugins)",
        description="List every registered rule (id, where it comes from, what it catches) and output format.",
    )
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from copilot.registry import formats, rule_help, rules

    origin: dict[str, str] = {}
    for spec in rules():
        origin.setdefault(spec.id, spec.plugin)
    helps = {r: h for r, h in rule_help().items() if r in origin}
    if args.format == "json":
        data = {
            "rules": [{"id": r, "plugin": origin[r], "summary": h} for r, h in helps.items()],
            "formats": [{"name": f.name, "plugin": f.plugin, "description": f.description} for f in formats().values()],
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif args.format == "markdown":  # the README's rule table is this output
        sys.stdout.write("| rule | catches |\n| --- | --- |\n")
        sys.stdout.writelines(f"| `{r}` | {h} |\n" for r, h in helps.items())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("rule", "from", "catches", title="rules")
        for r, h in helps.items():
            table.add_row(r, origin[r], h)
        fmts = Table("format", "from", "what", title="output formats")
        for f in formats().values():
            fmts.add_row(f.name, f.plugin, f.description)
        console = Console()
        console.print(table)
        console.print(fmts)
    return 0
