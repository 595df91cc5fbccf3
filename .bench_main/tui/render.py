"""Rich renderables for the session: pure functions of a Review/Finding/action, no Textual.

Everything shown here comes from repository text or a model, so it goes through `sanitize`
(control and bidi characters become visible escapes) and is built as `Text`, never as markup.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

from rich.console import Console, Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text

from copilot.actions import render as action_render
from copilot.actions.store import StoredAction
from copilot.model.findings import SEVERITIES, Finding, Review
from copilot.model.graph import flow_kind
from copilot.model.ids import kind_of
from copilot.model.ids import parse as parse_id
from copilot.model.languages import language_of
from copilot.report.labels import claim_note
from copilot.sanitize import terminal as sanitize

BADGE = {
    "high": "bold white on #c0392b",
    "medium": "bold black on #f1c40f",
    "low": "bold black on #48c9b0",
    "info": "bold white on #5d6d7e",
}
SEVERITY_TEXT = {"high": "bold #e74c3c", "medium": "bold #f1c40f", "low": "bold #48c9b0", "info": "#95a5a6"}
NODE_STYLE = {"service": "bold #5dade2", "topic": "#c39bd3", "schema": "#82e0aa"}
EDGE_KIND = {
    ("topic", "schema"): "carries",
    ("service", "schema"): "uses-schema",
}
SECTION = "bold underline"
UNCOMMITTED = {"INDEX": "staged changes", "WORKTREE": "uncommitted changes"}


def plain(renderable: RenderableType, width: int = 200) -> str:
    """A renderable as plain text (what tests and screen readers check)."""
    console = Console(width=width, color_system=None, file=io.StringIO(), legacy_windows=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def badge(severity: str) -> Text:
    return Text(f" {severity.upper():<6} ", style=BADGE.get(severity, "reverse"))


def range_label(review: Review) -> str:
    head = UNCOMMITTED.get(review.head, review.head[:10])
    return f"{review.base[:10]}..{head}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def empty_message(review: Review) -> str:
    return f"No pipeline risk found in {plural(len(review.changed_files), 'changed file')}."


def summary(review: Review) -> Text:
    """`1 high  1 medium  0 low  1 info · 2 actions · 4 changed files`"""
    counts = review.summary()
    out = Text()
    for severity in SEVERITIES:
        style = SEVERITY_TEXT[severity] if counts[severity] else "dim"
        out.append(f"{counts[severity]} {severity}", style=style)
        out.append("  ")
    out.append(f"· {plural(len(review.actions), 'proposed action')} ", style="dim")
    out.append(f"· {plural(len(review.changed_files), 'changed file')}", style="dim")
    return out


def finding_title(finding: Finding) -> Text:
    text = Text(sanitize(finding.title))
    if not finding.verified:
        text.append(" (unverified)", style="italic #f39c12")
    if finding.model_claim:
        text.append(" (AI claim)", style="italic #f39c12")
    return text


ACKNOWLEDGED = "✓ ack"


def option_prompt(finding: Finding, n_actions: int = 0, acknowledged: bool = False) -> Text:
    """A row of the findings list: badge, id, rule id (a flag per proposed action, a mark when it is
    acknowledged for the reviewed range), then the title."""
    first = Text.assemble(badge(finding.severity), " ", (finding.id, "bold"), " ", (finding.rule, "bold"))
    if not finding.verified:
        first.append(" (unverified)", style="italic #f39c12")
    if finding.model_claim:
        first.append(" (AI claim)", style="italic #f39c12")
    if n_actions:
        first.append(f"  ⚑{n_actions}", style="#5dade2")
    if acknowledged:
        first.append(f"  {ACKNOWLEDGED}", style="bold #2ecc71")
    title = Text(sanitize(finding.title))
    title.truncate(200)
    second = Text("  ").append_text(title)
    second.no_wrap = True
    second.overflow = "ellipsis"
    return Text("\n").join([first, second])


def group_header(severity: str, count: int) -> Text:
    return Text(f"{severity.upper()} · {count}", style=SEVERITY_TEXT.get(severity, "bold"))


def node(node_id: str) -> Text:
    kind = kind_of(node_id)
    return Text(sanitize(node_id), style=NODE_STYLE.get(kind, ""))


def flow(path: list[str]) -> Text:
    return Text(" → ", style="dim").join(node(n) for n in path)


def lexer_for(path: str) -> str:
    return language_of(path) or "text"


def detail(
    finding: Finding,
    review: Review,
    *,
    action_ids: list[str] | None = None,
    syntax_theme: str = "monokai",
    max_citations: int = 8,
) -> Group:
    """Everything about one finding: what, why, where in the data flow, the evidence, the options."""
    parts: list[RenderableType] = []
    head = Text.assemble(badge(finding.severity), " ", (finding.id, "bold"), " ", (finding.rule, "bold"))
    parts.append(head)
    title = finding_title(finding)
    title.stylize("bold")
    parts.append(title)
    parts.append(Text())
    parts.append(Text(sanitize(finding.reasoning)))
    if finding.recommendation:
        parts.append(Text.assemble(("recommendation: ", "bold"), sanitize(finding.recommendation)))
    if finding.graph_paths:
        parts += [Text(), Text("Data flow", style=SECTION)]
        parts += [Text("  ").append_text(flow(p)) for p in finding.graph_paths]
    if finding.impacted:
        parts += [Text(), Text("Impacted services", style=SECTION)]
        parts.append(Text("  ").append_text(Text(", ").join(node(n) for n in finding.impacted)))
    if finding.citations:
        parts += [Text(), Text("Evidence", style=SECTION)]
        for c in finding.citations[:max_citations]:
            where = f"{c.path}:{c.start_line}" + (f"-{c.end_line}" if c.end_line > c.start_line else "")
            side = "now" if c.side == "head" else "before"
            parts.append(Text.assemble(("  " + sanitize(where), "bold"), (f"  ({side})", "italic dim")))
            snippet = sanitize(c.snippet.rstrip("\n")) or " "
            parts.append(
                Syntax(
                    snippet, lexer_for(c.path), theme=syntax_theme, line_numbers=True,
                    start_line=max(c.start_line, 1), word_wrap=True, indent_guides=False,
                )
            )  # fmt: skip
        hidden = len(finding.citations) - max_citations
        if hidden > 0:
            parts.append(Text(f"  … and {plural(hidden, 'more citation')}", style="dim"))
    if finding.alternatives:
        parts += [Text(), Text("Alternatives", style=SECTION)]
        for a in finding.alternatives:
            parts.append(Text.assemble("  • ", (sanitize(a.title), "bold #82e0aa")))
            parts.append(Text("    " + sanitize(a.tradeoff), style="#aab7b8"))
    action_ids = finding.actions if action_ids is None else action_ids
    if action_ids:
        parts += [Text(), Text("Proposed actions", style=SECTION)]
        known = {a.id: a for a in review.actions}
        for action_id in action_ids:
            a = known.get(action_id)
            line = Text.assemble("  ", (action_id, "bold #5dade2"))
            if a is not None:
                line.append(f" {a.kind} [{a.status}] ", style="dim")
                line.append(sanitize(a.title))
            parts.append(line)
        parts.append(
            Text("  p: see the exact change and approve or reject it (nothing is applied here)", style="dim")
        )
    parts += [Text()]
    source = finding.source + ("" if finding.verified else ", unverified")
    if finding.model_claim:
        parts.append(Text(claim_note(finding), style="italic #f39c12"))
    parts.append(
        Text(
            f"source {source} · confidence {finding.confidence:.2f} · fingerprint {finding.fingerprint}",
            style="dim",
        )
    )
    return Group(*parts)


def empty(review: Review) -> Group:
    parts: list[RenderableType] = [
        Text("✓ " + empty_message(review), style="bold #58d68d"),
        Text(),
        Text(f"Reviewed {range_label(review)}: no finding from the rules"
             + ("" if review.llm.provider == "offline" else " or the AI reviewer") + ".", style="dim"),
    ]  # fmt: skip
    for path in review.changed_files[:20]:
        parts.append(Text("  " + sanitize(path), style="dim"))
    if len(review.changed_files) > 20:
        parts.append(Text(f"  … and {len(review.changed_files) - 20} more", style="dim"))
    return Group(*parts)


# -- the graph view -----------------------------------------------------------------------------


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    findings: list[str] = field(default_factory=list)


def _edge_kind(source: str, target: str) -> str:
    kinds = (kind_of(source), kind_of(target))
    if kinds == ("service", "topic"):
        return flow_kind("produce", parse_id(target).broker)
    if kinds == ("topic", "service"):
        return flow_kind("consume", parse_id(source).broker)
    return EDGE_KIND.get(kinds, "flows")


def edges(review: Review) -> list[Edge]:
    """The impacted subgraph as the findings' data-flow paths describe it, one edge per pair."""
    found: dict[tuple[str, str], Edge] = {}
    for f in review.findings:
        for path in f.graph_paths:
            for source, target in itertools.pairwise(path):
                edge = found.setdefault((source, target), Edge(source, target, _edge_kind(source, target)))
                if f.id not in edge.findings:
                    edge.findings.append(f.id)
    return list(found.values())


def graph(review: Review, selected: Finding | None = None) -> Group:
    all_edges = edges(review)
    if not all_edges:
        return Group(Text("No data-flow paths in this review: no finding crosses a topic.", style="dim"))
    mine = set()
    if selected is not None:
        mine = {(s, t) for p in selected.graph_paths for s, t in itertools.pairwise(p)}
    nodes = {n for e in all_edges for n in (e.source, e.target)}
    parts: list[RenderableType] = [
        Text(f"{plural(len(all_edges), 'edge')} between {plural(len(nodes), 'node')}, from the findings' data-flow paths",
             style="bold"),
        Text(),
    ]  # fmt: skip
    width = max(len(e.source) for e in all_edges)
    for e in all_edges:
        on = (e.source, e.target) in mine
        line = Text("● " if on else "○ ", style="bold #f5b041" if on else "dim")
        line.append_text(node(e.source))
        line.append(" " * (width - len(e.source)))
        line.append(f" ─{e.kind}─▶ ", style="bold" if on else "dim")
        line.append_text(node(e.target))
        line.append("   " + " ".join(e.findings), style="dim")
        parts.append(line)
    impacted: dict[str, list[str]] = {}
    for f in review.findings:
        for service in f.impacted:
            impacted.setdefault(service, []).append(f.id)
    if impacted:
        parts += [Text(), Text("Impacted services", style=SECTION)]
        for service, ids in sorted(impacted.items()):
            parts.append(Text("  ").append_text(node(service)).append("  " + " ".join(ids), style="dim"))
    if selected is not None:
        parts += [Text(), Text(f"● on the paths of {selected.id} (the selected finding)", style="dim")]
    return Group(*parts)


# -- actions ------------------------------------------------------------------------------------


def action_header(action: StoredAction) -> Text:
    """The same header `pipeline-copilot actions show` / `approve` print."""
    return Text("\n".join(action_render._header(action)))


def action_body(action: StoredAction, syntax_theme: str = "monokai") -> tuple[str, Syntax]:
    """(label, the exact patch/command/schema as stored, highlighted; escapes for control chars)."""
    label, text, lexer = action_render._body(action)
    return label, Syntax(sanitize(text), lexer, theme=syntax_theme, word_wrap=True)
