"""``python -m evals.history --mirrors DIR``: review the labelled real commits and print the figures.

    python -m evals.history --mirrors /work/.mirror [--commits GLOB] [--format text|json]
                            [--keep-repos DIR] [--verbose]

Prints recall over pipeline commits (every expectation of the commit met), recall over single
expectations, the share of silent commits that stayed silent, citation validity and each miss.
Always exits 0 unless the labels are malformed or no mirror directory is given (exit 2).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from evals.history import CommitResult, HistoryReport, LabelError, load_labels, run_history


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def render(report: HistoryReport, verbose: bool) -> str:
    valid, total = report.citations
    lines = [
        f"commits {len(report.results)}: {len(report.pipeline)} pipeline, {len(report.silent)} silent"
        f" ({len(report.errors)} errored) in {report.seconds:.1f}s",
        f"recall over pipeline commits   {_pct(report.recall)}"
        f"  ({sum(r.caught for r in report.pipeline)}/{len(report.pipeline)})",
        f"recall over expectations       {_pct(report.expectation_recall)}",
        f"silent commits left silent     {_pct(report.silent_rate)}"
        f"  ({sum(r.quiet for r in report.silent)}/{len(report.silent)})",
        f"citation validity              {_pct(valid / total if total else None)}  ({valid}/{total})",
    ]
    bad = [r for r in report.results if not (r.quiet if r.commit.silent else r.caught)]
    if bad:
        lines.append("")
        lines.append("misses and noise:")
    for r in bad:
        lines.append(f"  {r.commit.id}  ({r.commit.repo} {r.commit.sha[:10]})")
        if r.score.error:
            lines.append(f"    error: {r.score.error}")
            continue
        for x in r.score.results:
            if not x.hit:
                lines.append(f"    MISS {x.expectation.describe()}: {x.why_missed()}")
        if r.commit.silent:
            for f in r.score.findings:
                if f.severity != "info":
                    lines.append(f"    NOISE {f.rule} {f.severity}: {f.title}")
    for r in report.results:
        for ic in r.score.invalid_citations:
            lines.append(f"  INVALID CITATION {r.commit.id}: {ic.reason}")
    if verbose:
        lines.append("")
        for r in report.results:
            status = "ok " if (r.quiet if r.commit.silent else r.caught) else "BAD"
            lines.append(f"{status} {r.commit.id}: {r.commit.why}")
            for f in r.score.findings:
                lines.append(f"      {f.severity:<6} {f.rule}: {f.title}  impacted={list(f.impacted)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.history", description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="folder of <owner>+<name>/repo bare mirrors")
    parser.add_argument("--commits", default="*", help="comma-separated globs of commit ids")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--keep-repos", type=Path, help="keep the exported repos here")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    try:
        commits = load_labels()
    except LabelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.mirrors.is_dir():
        print(f"error: --mirrors {args.mirrors} is not a directory", file=sys.stderr)
        return 2
    globs = [g.strip() for g in args.commits.split(",") if g.strip()] or ["*"]
    chosen = [c for c in commits if any(fnmatch.fnmatchcase(c.id, g) for g in globs)]

    def progress(result: CommitResult) -> None:
        if args.format == "text":
            ok = result.quiet if result.commit.silent else result.caught
            print(f"  {'.' if ok else 'x'} {result.commit.id}", file=sys.stderr, flush=True)

    report = run_history(chosen, args.mirrors, keep_dir=args.keep_repos, progress=progress)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(render(report, args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
