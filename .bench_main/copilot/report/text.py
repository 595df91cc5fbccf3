"""The terminal view of a review (rich): grouped by severity, each finding with its evidence.

Repository and model text is built as `Text` (never markup) after `copilot.sanitize`,
so escape sequences and bidi controls in it are shown as escapes, never interpreted.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.text import Text

from copilot.model.findings import SEVERITIES, Review
from copilot.model.languages import language_of
from copilot.report.labels import claim_note, hidden_note, shown_paths
from copilot.sanitize import markup, one_line, terminal

STYLE = {"high": "bold red", "medium": "bold yellow", "low": "cyan", "info": "dim"}


def render(review: Review, console: Console | None = None, verbose: bool = True, show_unverified: bool = False) -> None:
    console = console or Console()
    hidden = [] if show_unverified else review.unverified
    findings = [f for f in review.findings if f.verified or show_unverified]
    s = review.summary()
    head = {"INDEX": "staged changes", "WORKTREE": "uncommitted changes"}.get(review.head, one_line(review.head[:10]))
    console.print(Text.assemble(("Pipeline Copilot review ", "bold"), (f"{one_line(review.base[:10])}..{head}", "dim")))
    if not findings:
        console.print(f"[green]No pipeline risk found[/] in {len(review.changed_files)} changed file(s).")
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        console.rule(Text(f"{severity.upper()} ({len(group)})", style=STYLE[severity]))
        for f in group:
            parts: list = [Text(one_line(f.title), style="bold"), Text(terminal(f.reasoning))]
            if f.model_claim:
                parts.insert(0, Text(claim_note(f), style="italic #f39c12"))
            for path in shown_paths(f.graph_paths):
                parts.append(Text("flow: " + " → ".join(one_line(n) for n in path), style="magenta"))
            if f.impacted:
                parts.append(Text("impacted: " + ", ".join(one_line(i) for i in f.impacted), style="bold"))
            if verbose:
                for c in f.citations[:4]:
                    label = "now" if c.side == "head" else "before"
                    parts.append(Text(f"{one_line(c.path)}:{c.start_line} ({label})", style="dim"))
                    parts.append(
                        Syntax(terminal(c.snippet), language_of(c.path) or "text", line_numbers=True, start_line=c.start_line, word_wrap=True)
                    )
                for a in f.alternatives:
                    parts.append(Text(f"• alternative: {one_line(a.title)} — {terminal(a.tradeoff)}", style="green"))
            if f.recommendation:
                parts.append(Text(f"recommended: {terminal(f.recommendation)}", style="bold green"))
            if f.actions:
                parts.append(Text("proposed: " + ", ".join(one_line(a) for a in f.actions) + "  (pipeline-copilot actions show ID)", style="cyan"))
            title = f"{markup(f.id)} [{STYLE[f.severity]}]{markup(f.rule)}[/]" + ("" if f.verified else " [italic](unverified)[/]")
            sub = f"{markup(f.source)} · confidence {f.confidence:.2f} · {markup(f.fingerprint)}"
            if f.model_claim:
                title += " [italic](AI claim)[/]"
            console.print(Panel(Group(*parts), title=title, title_align="left", subtitle=sub, subtitle_align="right"))
    if review.rollout:
        console.rule("rollout order")
        for step in review.rollout:
            console.print(
                f"  {markup(step['step'])}. {markup(step['service'])} — {markup(step['why'])}"
                f" [dim]({markup(step['schema'])}, {markup(step['mode'])})[/]"
            )
    if review.actions:
        console.rule("proposed actions (nothing is applied without your approval)")
        for a in review.actions:
            console.print(f"  {markup(a.id)} {markup(a.kind)}: {markup(a.title)} [dim]{markup(a.digest[:19])} {markup(a.status)}[/]")
        console.print("  [dim]inspect: pipeline-copilot actions show ID · approve: pipeline-copilot approve ID[/]")
    if hidden:
        console.print(Text(hidden_note(len(hidden)), style="italic #f39c12"))
    for w in review.warnings:
        console.print(f"[yellow]warning:[/] {markup(w)}")
    llm = review.llm
    line = f"LLM: {one_line(llm.provider)}" + (f" {one_line(llm.model)}" if llm.model else "")
    if llm.prompt_tokens or llm.completion_tokens:
        line += f" · {llm.prompt_tokens} prompt + {llm.completion_tokens} completion tokens"
    if llm.dropped_citations:
        line += f" · {llm.dropped_citations} unverifiable citation(s) dropped"
    if llm.note:
        line += f" · {one_line(llm.note)}"
    console.print(Text(line, style="dim"))
    counts = ", ".join(f"{s[k]} {k}" for k in SEVERITIES if s[k]) or "nothing to report"
    console.print(f"[bold]summary:[/] {counts}")
