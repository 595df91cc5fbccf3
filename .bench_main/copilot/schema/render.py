"""The report of ``pipeline-copilot schema check``: text (rich) and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.text import Text

from copilot.sanitize import one_line, terminal
from copilot.schema.compatibility import CheckResult, Problem
from copilot.schema.diff import Change

_ORDER = {
    "consumers-first": "upgrade consumers first",
    "producers-first": "upgrade producers first",
    "any-order": "any order",
    "coordinate": "no guarantee: coordinate",
}


@dataclass
class Report:
    result: CheckResult
    changes: list[Change]
    new_label: str
    previous: list[
        dict[str, Any]
    ]  # one per previous version: {"index", "label", "source", "sha", "date", ...}
    warnings: list[str] = field(default_factory=list)

    def label(self, index: int | None) -> str:
        if index is None or not 0 <= index < len(self.previous):
            return "?"
        return f"version {index} ({one_line(self.previous[index]['label'])})"


def to_json(report: Report) -> dict[str, Any]:
    result = report.result
    return {
        "version": 1,
        "compatible": result.compatible,
        "mode": result.mode,
        "schema": {
            "source": report.new_label,
            "name": result.new.name,
            "fingerprint": result.new.fingerprint,
        },
        "previous": report.previous,
        "checked": result.checked,
        "failed_version": result.failed_version,
        "problems": [p.to_json() for p in result.problems],
        "changes": [c.to_json() for c in report.changes],
        "rollout": result.rollout.to_json(),
        "warnings": report.warnings,
    }


def print_text(report: Report, console: Console) -> None:
    result = report.result
    _verdict(report, console)
    if result.problems:
        console.print()
        console.print(Text("Problems", style="bold"))
        for number, problem in enumerate(result.problems, 1):
            _problem(report, number, problem, console)
    console.print()
    if report.previous:
        console.print(Text(f"Changes since {report.label(len(report.previous) - 1)}", style="bold"))
        if not report.changes:
            console.print("  none")
        for change in report.changes:
            console.print(Text(f"  - {terminal(change.message)}"))
    else:
        console.print(Text("No earlier version to compare with.", style="bold"))
    console.print()
    rollout = result.rollout
    if result.compatible:
        console.print(
            Text.assemble(("Rollout: ", "bold"), f"{_ORDER.get(rollout.key, rollout.key)} ({rollout.key})")
        )
        console.print(Text(f"  {rollout.sentence}"))
    else:
        console.print(
            Text.assemble(
                ("Rollout: ", "bold"),
                f"no deploy order is safe while the schema is incompatible; once it is fixed, "
                f"{result.mode} means: {_ORDER.get(rollout.key, rollout.key)}",
            )
        )
    for warning in report.warnings:
        console.print(Text(f"warning: {terminal(warning)}", style="yellow"))


def _verdict(report: Report, console: Console) -> None:
    result = report.result
    if result.mode == "NONE":
        head = Text.assemble(
            ("COMPATIBLE", "bold green"), f" (mode NONE: nothing is checked) {one_line(report.new_label)}"
        )
    elif result.compatible:
        scope = (
            "no earlier version"
            if not report.previous
            else (f"{len(result.checked)} earlier version" + ("s" if len(result.checked) != 1 else ""))
        )
        head = Text.assemble(
            ("COMPATIBLE", "bold green"), f" under {result.mode}: {one_line(report.new_label)} against {scope}"
        )
    else:
        head = Text.assemble(
            ("INCOMPATIBLE", "bold red"),
            f" under {result.mode}: {one_line(report.new_label)} fails against {report.label(result.failed_version)}",
        )
    console.print(head)
    if result.checked:
        order = ", ".join(str(i) for i in result.checked)
        console.print(Text(f"  checked version(s) {order} (newest first, as the registry does)", style="dim"))


def _problem(report: Report, number: int, problem: Problem, console: Console) -> None:
    where = one_line(f"{problem.location}; {problem.direction}, {report.label(problem.version)}")
    console.print(
        Text.assemble(
            f"  {number}. ",
            (problem.kind, "bold red"),
            "  ",
            (one_line(problem.field or "(top level)"), "bold"),
            f"  ({where})",
        )
    )
    console.print(Text(f"     why:    {terminal(problem.message)}"))
    if problem.impact:
        console.print(Text(f"     breaks: {terminal(problem.impact)}"))
    console.print(Text(f"     fix:    {terminal(problem.remedy)}", style="green"))
    if problem.detail:
        console.print(Text(f"     the registry's own message: {terminal(problem.detail)}", style="dim"))
