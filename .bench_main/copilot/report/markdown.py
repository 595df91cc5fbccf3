"""Markdown fit for a pull-request comment.

Every piece of repository or model text goes through `copilot.sanitize` (`md_text`,
`md_code`, `md_fence`): the comment's structure is ours, its text can never add HTML, links,
images or headings, or break out of a code block.
"""

from __future__ import annotations

from copilot.model.findings import SEVERITIES, Review
from copilot.model.languages import language_of
from copilot.report.labels import claim_note, hidden_note, shown_paths
from copilot.sanitize import md_code, md_fence, md_text

ICON = {"high": "🔴", "medium": "🟠", "low": "🟡", "info": "🔵"}
def render(review: Review, show_unverified: bool = False) -> str:
    hidden = [] if show_unverified else review.unverified
    s = review.summary()
    out = ["## Pipeline Copilot review", ""]
    counts = ", ".join(f"{s[k]} {k}" for k in SEVERITIES if s[k])
    out.append(md_code(f"{review.base[:10]}..{review.head[:10]}") + " — " + (counts or "no pipeline risk found") + ".")
    out.append("")
    for f in review.findings:
        if not f.verified and not show_unverified:
            continue
        badge = f"{ICON[f.severity]} **{f.severity.upper()}**"
        tag = ("" if f.verified else " _(unverified)_") + (" _(AI claim)_" if f.model_claim else "")
        out.append(f"### {md_text(f.id)} {badge} {md_code(f.rule)} — {md_text(f.title)}{tag}")
        out.append("")
        if f.model_claim:
            out.append(f"> _{md_text(claim_note(f))}_")
            out.append("")
        out.append(md_text(f.reasoning, inline=False))
        out.append("")
        for path in shown_paths(f.graph_paths):
            out.append("Data flow: " + " → ".join(md_code(n) for n in path))
        if f.graph_paths:
            out.append("")
        if f.impacted:
            out.append("Impacted: " + ", ".join(md_code(i) for i in f.impacted))
            out.append("")
        for c in f.citations:
            side = "after" if c.side == "head" else "before"
            out.append(f"{md_code(f'{c.path}:{c.start_line}-{c.end_line}')} ({side}):")
            out.append(md_fence(c.snippet, language_of(c.path)))
        if f.alternatives:
            out.append("<details><summary>Alternatives considered</summary>\n")
            for a in f.alternatives:
                out.append(f"- **{md_text(a.title)}** — {md_text(a.tradeoff)}")
            out.append("\n</details>")
        if f.recommendation:
            out.append(f"**Recommended:** {md_text(f.recommendation)}")
        if f.actions:
            out.append("Proposed actions: " + ", ".join(md_code(a) for a in f.actions) + " (run `pipeline-copilot actions show ID`)")
        out.append(f"<sub>fingerprint {md_code(f.fingerprint)} · source {md_text(f.source)} · confidence {f.confidence:.2f}</sub>")
        out.append("")
    if hidden:
        out.append(f"_{hidden_note(len(hidden))}_")
        out.append("")
    if review.rollout:
        out.append("### Rollout order")
        for step in review.rollout:
            out.append(
                f"{md_text(step['step'])}. {md_code(step['service'])} — {md_text(step['why'])}"
                f" ({md_text(step['schema'])}, {md_text(step['mode'])})"
            )
        out.append("")
    if review.actions:
        out.append("### Proposed actions (nothing is applied without approval)")
        for a in review.actions:
            out.append(f"- {md_code(a.id)} {md_text(a.kind)}: {md_text(a.title)} — {md_code(a.digest[:19])} ({md_text(a.status)})")
        out.append("")
    if review.warnings:
        out.append("### Warnings")
        out.extend(f"- ⚠️ {w}" for w in review.warnings)
        out.append("")
    llm = review.llm
    out.append(
        f"<sub>LLM: {md_text(llm.provider)}{' ' + md_text(llm.model) if llm.model else ''}"
        + (f", {llm.prompt_tokens}+{llm.completion_tokens} tokens" if llm.prompt_tokens else "")
        + (f", {llm.dropped_citations} unverifiable citation(s) dropped" if llm.dropped_citations else "")
        + (f" — {md_text(llm.note)}" if llm.note else "")
        + "</sub>"
    )
    return "\n".join(out) + "\n"
