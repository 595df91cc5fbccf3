"""``python -m evals``: review every labelled case and print quality metrics.

    python -m evals [--cases GLOB] [--dir PATH] [--llm ENDPOINT_URL] [--format table|json]
                    [--verbose] [--strict] [--keep-repos DIR] [--list]

Exit code 0 always, unless ``--strict`` is given: then 1 when a target is missed
(recall >= 95%, false positives on safe cases <= 5%, citation validity 100%, no errored case).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from evals.runner import (
    CASES_DIR,
    CORPORA_DIR,
    TARGET_CITATION_VALIDITY,
    TARGET_FP_RATE,
    TARGET_RECALL,
    CaseFormatError,
    CaseScore,
    EvalCase,
    Report,
    above_info,
    discover_cases,
    run_cases,
)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _styled(value: float | None, ok: bool) -> str:
    text = _pct(value)
    if value is None:
        return f"[dim]{text}[/]"
    return f"[green]{text}[/]" if ok else f"[red]{text}[/]"


def render_table(report: Report, console: Console, verbose: bool = False) -> None:
    rules = Table(title="Per-rule quality", title_justify="left")
    rules.add_column("rule")
    rules.add_column("expected", justify="right")
    rules.add_column("hit", justify="right")
    rules.add_column("recall", justify="right")
    rules.add_column("findings>info", justify="right")
    rules.add_column("of which expected", justify="right")
    rules.add_column("precision", justify="right")
    for st in report.per_rule.values():
        recall_ok = st.recall is None or st.recall >= TARGET_RECALL
        rules.add_row(
            st.rule,
            str(st.expected),
            str(st.hit),
            _styled(st.recall, recall_ok),
            str(st.findings),
            str(st.expected_findings),
            _styled(st.precision, st.precision is None or st.precision >= 0.9),
        )
    rules.add_section()
    rules.add_row(
        "[bold]total[/]",
        str(report.expected),
        str(report.hits),
        _styled(report.recall, report.recall is None or report.recall >= TARGET_RECALL),
        str(report.findings_above_info),
        str(report.expected_findings),
        _styled(report.precision, report.precision is None or report.precision >= 0.9),
    )
    console.print(rules)

    totals = Table(title="Targets", title_justify="left")
    totals.add_column("metric")
    totals.add_column("value", justify="right")
    totals.add_column("target", justify="right")
    totals.add_column("detail")
    safe_cases = sum(1 for s in report.scores if s.case.safe)
    totals.add_row(
        "recall",
        _styled(report.recall, report.recall is None or report.recall >= TARGET_RECALL),
        f">= {TARGET_RECALL:.0%}",
        f"{report.hits}/{report.expected} expectations met",
    )
    totals.add_row(
        "false positives on safe cases",
        _styled(report.fp_rate, report.fp_rate is None or report.fp_rate <= TARGET_FP_RATE),
        f"<= {TARGET_FP_RATE:.0%}",
        f"{report.safe_with_fp}/{report.safe_judged} judged safe cases ({safe_cases} in corpus)",
    )
    validity = report.citation_validity
    totals.add_row(
        "citation validity",
        _styled(validity, validity is None or validity >= TARGET_CITATION_VALIDITY),
        f"{TARGET_CITATION_VALIDITY:.0%}",
        f"{report.citations_valid}/{report.citations_total} citations check out",
    )
    totals.add_row(
        "precision (all rules)",
        _styled(report.precision, report.precision is None or report.precision >= 0.9),
        "-",
        f"{report.expected_findings}/{report.findings_above_info} findings above info were expected",
    )
    errors = len(report.errors)
    totals.add_row(
        "errored cases",
        f"[red]{errors}[/]" if errors else "[green]0[/]",
        "0",
        f"of {len(report.scores)} cases",
    )
    totals.add_row("wall time", f"{report.seconds:.1f}s", "-", "")
    console.print(totals)

    misses = report.misses()
    if misses:
        table = Table(title=f"Misses ({len(misses)})", title_justify="left")
        table.add_column("case", overflow="fold")
        table.add_column("rule")
        table.add_column("expected", overflow="fold")
        table.add_column("nearest finding (severity, title)", overflow="fold")
        table.add_column("why", overflow="fold")
        for score, result in misses:
            nearest = result.nearest
            table.add_row(
                score.case.id,
                result.expectation.rule,
                escape(result.expectation.describe()),
                escape(f"{nearest.severity}: {nearest.title}") if nearest else "-",
                escape(f"error: {score.error}" if score.error else result.why_missed()),
            )
        console.print(table)

    fps = report.false_positives()
    if fps:
        table = Table(title=f"False positives ({len(fps)})", title_justify="left")
        table.add_column("case", overflow="fold")
        table.add_column("rule")
        table.add_column("severity")
        table.add_column("title", overflow="fold")
        for score, finding in fps:
            case_label = score.case.id + (" [dim](safe)[/]" if score.case.safe else "")
            table.add_row(case_label, finding.rule, finding.severity, escape(finding.title))
        console.print(table)

    invalid = [(s, ic) for s in report.scores for ic in s.invalid_citations]
    if invalid:
        table = Table(title=f"Invalid citations ({len(invalid)})", title_justify="left")
        table.add_column("case", overflow="fold")
        table.add_column("rule")
        table.add_column("citation", overflow="fold")
        table.add_column("reason", overflow="fold")
        for score, ic in invalid:
            c = ic.citation
            table.add_row(
                score.case.id,
                ic.finding.rule,
                escape(f"{c.side}:{c.path}:{c.start_line}-{c.end_line}"),
                escape(ic.reason),
            )
        console.print(table)

    if report.errors:
        table = Table(title=f"Errors ({len(report.errors)})", title_justify="left")
        table.add_column("case", overflow="fold")
        table.add_column("error", overflow="fold")
        for score in report.errors:
            table.add_row(score.case.id, escape(score.error or ""))
        console.print(table)
        if verbose:
            for score in report.errors:
                if score.error_detail:
                    console.rule(f"{score.case.id}: traceback")
                    console.print(escape(score.error_detail), highlight=False)

    if report.llm_ran:
        table = Table(title="LLM usage per case", title_justify="left")
        table.add_column("case", overflow="fold")
        table.add_column("provider")
        table.add_column("model")
        table.add_column("prompt tokens", justify="right")
        table.add_column("completion tokens", justify="right")
        for score in report.scores:
            table.add_row(
                score.case.id,
                score.llm_provider or "-",
                score.llm_model or "-",
                str(score.prompt_tokens),
                str(score.completion_tokens),
            )
        judged = [s for s in report.scores if s.judged]
        if judged:
            total = sum(s.prompt_tokens for s in judged)
            table.add_section()
            table.add_row(
                "[bold]total / mean[/]",
                "",
                "",
                f"{total} / {total // len(judged)}",
                str(sum(s.completion_tokens for s in judged)),
            )
        console.print(table)

    if verbose:
        for score in report.scores:
            render_case(score, console)

    failures = report.target_failures()
    if failures:
        console.print("[red]targets missed:[/] " + escape("; ".join(failures)))
    else:
        console.print("[green]all targets met[/]")


def render_case(score: CaseScore, console: Console) -> None:
    case = score.case
    label = "safe" if case.safe else ", ".join(e.rule for e in case.expectations)
    console.rule(f"{case.id} [dim]({label}; {score.seconds:.2f}s)[/]")
    console.print(escape(case.description), style="dim")
    if score.error:
        console.print(f"[red]error:[/] {escape(score.error)}")
        return
    for result in score.results:
        mark = "[green]hit [/]" if result.hit else "[red]miss[/]"
        why = "" if result.hit else f" - {escape(result.why_missed())}"
        console.print(f"  {mark} {escape(result.expectation.describe())}{why}")
    if not score.findings:
        console.print("  (no findings)")
    for f in score.findings:
        colour = "red" if f in score.unexpected else ("default" if above_info(f) else "dim")
        console.print(
            f"  [{colour}]{f.severity:<6} {f.rule:<22}[/] {escape(f.title)}"
            + (f" [dim]impacted={','.join(f.impacted)}[/]" if f.impacted else "")
        )
        for c in f.citations:
            bad = next((ic.reason for ic in score.invalid_citations if ic.citation is c), None)
            note = f" [red]INVALID: {escape(bad)}[/]" if bad else ""
            console.print(f"      {c.side}:{escape(c.path)}:{c.start_line}-{c.end_line}{note}")


def list_cases(cases: Sequence[EvalCase], console: Console) -> None:
    table = Table(title=f"{len(cases)} cases", title_justify="left")
    table.add_column("case", overflow="fold")
    table.add_column("languages")
    table.add_column("expected", overflow="fold")
    for case in cases:
        expected = (
            "[dim]safe (nothing above info)[/]"
            if case.safe
            else escape("; ".join(e.describe() for e in case.expectations))
        )
        table.add_row(case.id, ", ".join(case.languages), expected)
    console.print(table)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evals",
        description="Review the labelled change cases and print recall, precision, false-positive rate "
        "and citation validity.",
    )
    parser.add_argument(
        "--cases",
        default="*",
        metavar="GLOB",
        help="only cases whose id matches this glob (comma-separated globs allowed)",
    )
    parser.add_argument(
        "--llm",
        metavar="ENDPOINT_URL",
        default=None,
        help="also run the LLM reviewer against this OpenAI-compatible endpoint "
        "(sets OPENAI_BASE_URL; model from PIPELINE_COPILOT_MODEL)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="show every case's findings and tracebacks"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a target is missed (recall, safe-case FP rate, citation validity, errors)",
    )
    parser.add_argument(
        "--keep-repos",
        metavar="DIR",
        type=Path,
        default=None,
        help="build the case repositories under DIR and keep them (DIR/<case-id>)",
    )
    parser.add_argument("--list", action="store_true", help="list the matching cases and exit")
    parser.add_argument(
        "--dir",
        "--cases-dir",
        dest="cases_dir",
        metavar="PATH",
        type=Path,
        default=CASES_DIR,
        help="a corpus folder of case files (default: evals/corpora/labelled)",
    )
    parser.add_argument(
        "--corpus",
        metavar="NAME",
        default=None,
        help="a corpus of evals/corpora by name: labelled (default), holdout, holdout2, holdout3, ...",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.corpus:
        args.cases_dir = CORPORA_DIR / args.corpus
    if not args.cases_dir.is_dir():
        parser.error(f"--dir {args.cases_dir}: not a directory")
    console = Console()
    err = Console(stderr=True)
    try:
        cases = discover_cases(args.cases, args.cases_dir)
    except CaseFormatError as exc:
        err.print(f"[red]malformed case:[/] {escape(str(exc))}")
        return 1 if args.strict else 0
    if args.list:
        list_cases(cases, console)
        return 0
    if not cases:
        err.print(f"[yellow]no case matches {escape(args.cases)!r} in {args.cases_dir}[/]")
        return 1 if args.strict else 0
    if args.llm and not os.environ.get("PIPELINE_COPILOT_MODEL"):
        err.print(
            "[yellow]PIPELINE_COPILOT_MODEL is not set: the engine's configured default model is used[/]"
        )

    show_progress = args.format == "table" and err.is_terminal

    def progress(score: CaseScore) -> None:
        if show_progress:
            status = "[red]error[/]" if score.error else "[green]ok[/]"
            err.print(f"  {score.case.id}: {status} ({score.seconds:.2f}s)")

    report = run_cases(cases, llm_endpoint=args.llm, keep_dir=args.keep_repos, progress=progress)
    from evals import llm_report

    over_rules = llm_report.corpus_llm(report, args.cases_dir.name) if args.llm else None
    if args.format == "json":
        data = report.to_json()
        if over_rules:
            data["llm_over_rules"] = over_rules.to_json()
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        render_table(report, console, verbose=args.verbose)
        if over_rules:
            llm_report.render(over_rules, console)
    if args.strict and report.target_failures():
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
