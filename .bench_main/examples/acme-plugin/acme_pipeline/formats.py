"""The `acme-tsv` output format: one tab-separated line per finding."""

from __future__ import annotations

from typing import IO

from copilot.model.findings import Review
from copilot.registry import FormatOptions


def _cell(text: str) -> str:
    return " ".join(str(text).split())


def write_tsv(review: Review, out: IO[str], options: FormatOptions) -> None:
    """Verified findings only, unless `--show-unverified` asks for the AI reviewer's unverified claims too."""
    out.write("id\tseverity\trule\tpath\tline\ttitle\n")
    for f in review.findings:
        if not f.verified and not options.show_unverified:
            continue
        where = f.citations[0] if f.citations else None
        out.write("\t".join([f.id, f.severity, f.rule, where.path if where else "", str(where.start_line) if where else "",
                             _cell(f.title)]) + "\n")
