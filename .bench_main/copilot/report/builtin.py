"""The built-in output formats, registered through the plugin hook like any third-party format."""

from __future__ import annotations

import json
from typing import IO

from copilot.model.findings import Review
from copilot.plugins import hookimpl
from copilot.registry import FormatOptions, FormatSpec


def _text(review: Review, out: IO[str], options: FormatOptions) -> None:
    from rich.console import Console

    from copilot.report.text import render

    console = None if options.terminal else Console(file=out, width=120, no_color=True)
    render(review, console, show_unverified=options.show_unverified)


def _json(review: Review, out: IO[str], options: FormatOptions) -> None:
    out.write(json.dumps(review.to_json(), indent=2) + "\n")


def _markdown(review: Review, out: IO[str], options: FormatOptions) -> None:
    from copilot.report.markdown import render

    out.write(render(review, show_unverified=options.show_unverified))


def _sarif(review: Review, out: IO[str], options: FormatOptions) -> None:
    from copilot.report.sarif import render

    out.write(render(review))


@hookimpl
def pipeline_copilot_formats() -> list[FormatSpec]:
    return [
        FormatSpec("text", "the review for a terminal (default)", _text),
        FormatSpec("json", "the review JSON contract (docs/contracts.md)", _json),
        FormatSpec("markdown", "a pull-request comment", _markdown),
        FormatSpec("sarif", "SARIF 2.1.0 for code-scanning upload", _sarif),
    ]
